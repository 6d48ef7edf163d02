//! The busy hour in the lab, natively (issue #10): `Lab` plays `scenarios/busy-hour.json`
//! the way the app's frame loop does (`advance_wall` of one 60 Hz frame at 100×, then the
//! view built once), with the live heap counted by the bench's counting allocator. Fails
//! if the heap grows with run length (minute 60 against minute 10) or passes the bound,
//! and prints the figures docs/performance.md reports: heap per minute, the time per frame
//! spent stepping and building the view, and the time of scrubs to seeded positions
//! (travel, then the view). It needs an optimised build and the allocator to itself:
//! `cargo test --profile native -p isrlab --test lab_busy_hour -- --ignored --nocapture`.

#[path = "../crates/bench/src/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

use isrlab::lab::Lab;
use isrlab::run::Run;
use isrlab::scenarios;
use isrlab_sim::view::PartitionView;
use isrlab_sim::TimeMs;
use std::time::{Duration, Instant};

const MINUTE_MS: TimeMs = 60_000;
/// One animation frame at 60 Hz, in wall ms.
const FRAME_MS: f64 = 1000.0 / 60.0;
/// The e2e test's bound on the tab's memory, which also holds the JS heap.
const BOUND_BYTES: usize = 400_000_000;
/// How much more minute 60 may hold than minute 10 (the e2e test's allowance).
const GROWTH_BYTES: usize = 64_000_000;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Plays one frame at 100× and builds its view; returns (stepping, view) wall time.
fn frame(lab: &mut Lab) -> (Duration, Duration) {
    let t0 = Instant::now();
    lab.advance_wall(FRAME_MS, 100.0, None);
    let t1 = Instant::now();
    std::hint::black_box(lab.run.view());
    (t1 - t0, t1.elapsed())
}

#[test]
#[ignore = "an hour of the busy scenario in an optimised build: see the file's doc comment"]
fn the_busy_hour_plays_in_bounded_memory_and_scrubs_from_nearby_snapshots() {
    let base = alloc::live_bytes();
    alloc::reset_peak();
    let json = scenarios::by_id("busy-hour").expect("scenarios/busy-hour.json");
    let mut lab = Lab::open(Run::from_json(&json).unwrap());
    let mut live = vec![0];
    let (mut stepping, mut viewing, mut frames) = (Duration::ZERO, Duration::ZERO, 0u32);
    while !lab.run.finished() {
        let (s, v) = frame(&mut lab);
        (stepping, viewing, frames) = (stepping + s, viewing + v, frames + 1);
        if lab.run.now() >= live.len() as TimeMs * MINUTE_MS {
            live.push(alloc::live_bytes().saturating_sub(base));
            let m = live.len() - 1;
            if m % 10 == 0 {
                eprintln!(
                    "minute {m}: live heap {}, per frame: stepping {}, view {}",
                    mb(live[m]),
                    ms(stepping / frames),
                    ms(viewing / frames)
                );
                (stepping, viewing, frames) = (Duration::ZERO, Duration::ZERO, 0);
            }
        }
    }
    let peak = alloc::peak_bytes().saturating_sub(base);
    let mut seed = 20_261_201u64;
    let mut scrubs: Vec<Duration> = (0..24)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let t = (seed >> 33) % lab.run.end_ms();
            let t0 = Instant::now();
            lab.travel_to(t);
            std::hint::black_box(lab.run.view());
            t0.elapsed()
        })
        .collect();
    scrubs.sort();
    let view = lab.run.view();
    let records = |parts: &[PartitionView]| -> usize {
        parts
            .iter()
            .flat_map(|p| &p.replica_states)
            .map(|r| r.log.len())
            .sum()
    };
    let (user, internal) = (
        records(&view.partitions),
        records(&view.internal_partitions),
    );
    eprintln!("the view at the end holds {user} log records of `orders` and {internal} of __consumer_offsets");
    let times: Vec<String> = lab.snapshots_at().map(|t| (t / 1000).to_string()).collect();
    eprintln!(
        "peak heap {}; snapshots at {} s; scrub (travel + view) p50 {}, p95 {}, max {}",
        mb(peak),
        times.join(", "),
        ms(scrubs[11]),
        ms(scrubs[22]),
        ms(scrubs[23])
    );
    assert!(
        peak <= BOUND_BYTES,
        "peak heap {} over {}",
        mb(peak),
        mb(BOUND_BYTES)
    );
    assert!(
        live[60] <= live[10] + GROWTH_BYTES,
        "the heap grows with run length: {} at minute 10, {} at minute 60",
        mb(live[10]),
        mb(live[60])
    );
}
