//! The explorer's refusals (`isrlab_explore::ExploreError`: a sweep's grid, fault model
//! or runs, a lane that does not fit) and why a browser sweep stopped (`SweepStop`), said
//! in the UI language. The core's own messages inside them (a grid point's scenario
//! refused) and the browser's (a worker that did not start) stay in their own words.

use crate::explore::sweep_job::{SweepStop, WorkerFault};
use crate::i18n::Lang;
use isrlab_explore::ExploreError;

/// `stop` in `lang`.
pub fn sweep_stop(stop: &SweepStop, lang: Lang) -> String {
    let detail = |key, detail: &str| lang.tf(key, &[("detail", &detail)]);
    match stop {
        SweepStop::Worker(WorkerFault::BadMessage(d)) => detail("sweep.err.bad_message", d),
        SweepStop::Worker(WorkerFault::PlanRefused(d)) => detail("sweep.err.plan_refused", d),
        SweepStop::Worker(WorkerFault::BlockBeforePlan) => {
            lang.t("sweep.err.block_before_plan").to_string()
        }
        SweepStop::BadReply(d) => detail("sweep.err.bad_reply", d),
        SweepStop::UnknownPoint(point) => lang.tf("sweep.err.unknown_point", &[("point", point)]),
        SweepStop::WorkerStart(d) => detail("sweep.err.worker_start", d),
        SweepStop::NoBrowser => lang.t("sweep.err.no_browser").to_string(),
    }
}

/// `e` in `lang`.
pub fn explore_error(e: &ExploreError, lang: Lang) -> String {
    use ExploreError::*;
    match e {
        UnknownParam { name, known } => lang.tf(
            "explore.err.unknown_param",
            &[("name", name), ("known", &known.join(", "))],
        ),
        NotWholeNumber { param, value } => lang.tf(
            "explore.err.not_whole",
            &[("param", param), ("value", value)],
        ),
        BadAcks { value } => lang.tf("explore.err.bad_acks", &[("value", value)]),
        ReplicationFactorTooLarge => lang.t("explore.err.rf_too_large").to_string(),
        GridSyntax { spec } => lang.tf("explore.err.grid_syntax", &[("spec", spec)]),
        GridTwice { name } => lang.tf("explore.err.grid_twice", &[("name", name)]),
        GridEmptyValue { spec } => lang.tf("explore.err.grid_empty", &[("spec", spec)]),
        GridTooBig { max } => lang.tf("explore.err.grid_too_big", &[("max", max)]),
        PointRefused { point, reason } => lang.tf(
            "explore.err.point_refused",
            &[("point", point), ("reason", reason)],
        ),
        FaultSyntax { text } => lang.tf("explore.err.fault_syntax", &[("text", text)]),
        FaultBrokers { text } => lang.tf("explore.err.fault_brokers", &[("text", text)]),
        FaultRate { text } => lang.tf("explore.err.fault_rate", &[("text", text)]),
        FaultWindowSyntax { text, window } => lang.tf(
            "explore.err.fault_window_syntax",
            &[("text", text), ("window", window)],
        ),
        FaultWindowRange {
            text,
            window,
            max_ms,
        } => lang.tf(
            "explore.err.fault_window_range",
            &[("text", text), ("window", window), ("max", max_ms)],
        ),
        PowerLossTooMany { brokers, cluster } => lang.tf(
            "explore.err.power_loss_too_many",
            &[("brokers", brokers), ("cluster", cluster)],
        ),
        Runs { runs, max } => lang.tf("explore.err.runs", &[("runs", runs), ("max", max)]),
        TooManyRuns { total, max } => lang.tf(
            "explore.err.too_many_runs",
            &[("total", total), ("max", max)],
        ),
        ScenarioRefused { reason } => {
            lang.tf("explore.err.scenario_refused", &[("reason", reason)])
        }
        Lane { key, value, cause } => lang.tf(
            "explore.err.lane",
            &[
                ("key", key),
                ("value", value),
                ("cause", &explore_error(cause, lang)),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        x.to_string()
    }

    /// One of each variant.
    fn every_error() -> Vec<ExploreError> {
        use ExploreError::*;
        let text = s("crash-leader uniform 5..1ms");
        vec![
            UnknownParam {
                name: s("lag"),
                known: vec!["acks", "protocol"],
            },
            NotWholeNumber {
                param: "latency.ms",
                value: s("x"),
            },
            BadAcks { value: s("2") },
            ReplicationFactorTooLarge,
            GridSyntax { spec: s("acks") },
            GridTwice { name: s("acks") },
            GridEmptyValue {
                spec: s("acks=0,,1"),
            },
            GridTooBig { max: 1000 },
            PointRefused {
                point: s("acks=1"),
                reason: s("the core said no"),
            },
            FaultSyntax { text: text.clone() },
            FaultBrokers { text: text.clone() },
            FaultRate { text: text.clone() },
            FaultWindowSyntax {
                text: text.clone(),
                window: s("5..1"),
            },
            FaultWindowRange {
                text,
                window: s("5..1ms"),
                max_ms: 3_600_000,
            },
            PowerLossTooMany {
                brokers: 4,
                cluster: 3,
            },
            Runs {
                runs: 0,
                max: 100_000,
            },
            TooManyRuns {
                total: 20_000_000,
                max: 10_000_000,
            },
            ScenarioRefused {
                reason: s("the core said no"),
            },
            Lane {
                key: "min.insync.replicas",
                value: s("2"),
                cause: Box::new(GridTooBig { max: 1000 }),
            },
        ]
    }

    #[test]
    fn every_explorer_error_is_said_in_both_languages_with_its_holes_filled() {
        for e in every_error() {
            let (en, zh) = (explore_error(&e, Lang::En), explore_error(&e, Lang::Zh));
            for text in [&en, &zh] {
                // A missing key would be said as the key itself (`explore…`).
                assert!(
                    !text.contains('{') && !text.starts_with("explore"),
                    "{e:?}: {text}"
                );
            }
            assert_ne!(en, zh, "{e:?} is not translated");
        }
    }

    /// The lab's English is the CLI's: the same words for the same refusal.
    #[test]
    fn the_english_is_what_isrlab_sweep_prints() {
        for e in every_error() {
            assert_eq!(explore_error(&e, Lang::En), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn every_sweep_stop_is_said_in_both_languages_with_its_holes_filled() {
        let stops = [
            SweepStop::Worker(WorkerFault::BadMessage(s("expected value at line 1"))),
            SweepStop::Worker(WorkerFault::PlanRefused(s("runs must be between 1 and 9"))),
            SweepStop::Worker(WorkerFault::BlockBeforePlan),
            SweepStop::BadReply(s("expected value at line 1")),
            SweepStop::UnknownPoint(99),
            SweepStop::WorkerStart(s("SecurityError")),
            SweepStop::NoBrowser,
        ];
        for stop in stops {
            let (en, zh) = (sweep_stop(&stop, Lang::En), sweep_stop(&stop, Lang::Zh));
            for text in [&en, &zh] {
                assert!(
                    !text.contains('{') && !text.starts_with("sweep."),
                    "{stop:?}: {text}"
                );
            }
            assert_ne!(en, zh, "{stop:?} is not translated");
        }
    }
}
