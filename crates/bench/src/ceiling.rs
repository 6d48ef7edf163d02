//! The ceiling every figure is compared with: a bare discrete-event loop, a
//! `BinaryHeap` of `(time, seq, u32)` events in which each event does trivial work and
//! schedules one more. Nothing a simulator of real protocol state can beat.

use cpu_time::ThreadTime;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Runs `events` events of the bare loop and returns events per CPU second of the running thread.
pub fn bare_loop_events_per_second(events: u64) -> f64 {
    let started = ThreadTime::now();
    let mut heap: BinaryHeap<Reverse<(u64, u64, u32)>> = BinaryHeap::new();
    let mut seq = 0u64;
    // 64 timers in flight, like a small cluster's fetchers and heartbeats.
    for i in 0..64u32 {
        heap.push(Reverse((u64::from(i), seq, i)));
        seq += 1;
    }
    let mut work = 0u64;
    for _ in 0..events {
        let Reverse((t, _, payload)) = heap.pop().expect("the loop always reschedules");
        work = work.wrapping_mul(31).wrapping_add(u64::from(payload));
        heap.push(Reverse((t + 1 + (work & 7), seq, payload)));
        seq += 1;
    }
    std::hint::black_box(work);
    events as f64 / started.elapsed().as_secs_f64()
}
