//! A sweep split into blocks (as the browser's workers split it) gives exactly the
//! results of the sweep run whole, and the loss-against-time bins add up.

mod common;

use isrlab_explore::{run_sweep, FaultModel, Grid, Plan, SweepSpec, Tally};

fn spec(runs: u64) -> SweepSpec {
    let mut grid = Grid::default();
    grid.add("acks=0,1").unwrap();
    SweepSpec {
        scenario: common::scenario(common::SWEEP_SHAPE),
        grid,
        faults: FaultModel::parse("crash-leader uniform 0..2000ms").unwrap(),
        runs,
        seed: 11,
    }
}

#[test]
fn blocks_merged_in_any_order_equal_the_whole_sweep() {
    let spec = spec(90);
    let whole = run_sweep(&spec).unwrap();
    let plan = Plan::new(spec).unwrap();
    let merged: Vec<_> = (0..plan.point_count())
        .map(|p| {
            let mut blocks: Vec<Tally> = [0..7, 7..40, 40..41, 41..90]
                .into_iter()
                .map(|r| plan.run_block(p, r))
                .collect();
            blocks.reverse();
            let mut t = Tally::new(p);
            blocks.into_iter().for_each(|b| t.merge(b));
            plan.result(&t)
        })
        .collect();
    assert_eq!(merged, whole);
    assert!(
        whole.iter().any(|r| r.losing_run.is_some()),
        "something lost"
    );
}

#[test]
fn time_bins_cover_the_window_and_add_up_to_the_point() {
    let results = run_sweep(&spec(120)).unwrap();
    for r in &results {
        let bins = &r.by_time;
        assert_eq!(bins.first().unwrap().from_ms, 0);
        assert_eq!(bins.last().unwrap().to_ms, 2000);
        assert!(
            bins.windows(2).all(|w| w[0].to_ms + 1 == w[1].from_ms),
            "{bins:?}"
        );
        assert_eq!(bins.iter().map(|b| b.runs).sum::<u64>(), r.runs);
        assert_eq!(
            bins.iter().map(|b| b.runs_with_loss).sum::<u64>(),
            r.runs_with_loss
        );
        for b in bins {
            assert_eq!(b.losing_run.is_some(), b.runs_with_loss > 0);
            if let Some(l) = &b.losing_run {
                let t = l.faults[0].at_ms;
                assert!((b.from_ms..=b.to_ms).contains(&t), "{t} in {b:?}");
            }
        }
    }
}

#[test]
fn a_block_past_the_runs_per_point_is_clamped() {
    let plan = Plan::new(spec(10)).unwrap();
    assert_eq!(plan.run_block(0, 5..500).runs, 5);
    assert_eq!(plan.run_block(9, 0..10).runs, 0, "no such point");
}
