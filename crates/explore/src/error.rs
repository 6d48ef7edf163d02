//! Why a sweep, a grid or a lane set was refused: one typed error the CLI prints in
//! English (`Display`) and the lab translates (`src/explore/errors.rs`), each variant
//! carrying the input it is about.

use std::fmt;

/// Why the explorer refused its input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExploreError {
    /// `--grid NAME=…` with a NAME the grid does not vary.
    UnknownParam {
        /// The name given.
        name: String,
        /// The names the grid knows, in order.
        known: Vec<&'static str>,
    },
    /// A grid value that must be a whole number is not.
    NotWholeNumber {
        /// The parameter (`min.insync.replicas`, ...).
        param: &'static str,
        /// The value given.
        value: String,
    },
    /// An `acks` value other than 0, 1 or all.
    BadAcks {
        /// The value given.
        value: String,
    },
    /// A replication factor beyond what a topic can have.
    ReplicationFactorTooLarge,
    /// A grid axis not written `NAME=V1,V2,...`.
    GridSyntax {
        /// The axis as given.
        spec: String,
    },
    /// The same parameter on two axes.
    GridTwice {
        /// The parameter.
        name: String,
    },
    /// An axis with an empty value (`acks=0,,1`).
    GridEmptyValue {
        /// The axis as given.
        spec: String,
    },
    /// More grid points than [`crate::grid::MAX_POINTS`].
    GridTooBig {
        /// The limit.
        max: usize,
    },
    /// A grid point's scenario refused by the scenario check or the core.
    PointRefused {
        /// The point, as `acks=1 min.insync.replicas=2` (`base` for none).
        point: String,
        /// What the core said (its own message).
        reason: String,
    },
    /// A fault model matching none of the known shapes.
    FaultSyntax {
        /// The model as given.
        text: String,
    },
    /// `power-loss N`: N is not a whole number ≥ 1.
    FaultBrokers {
        /// The model as given.
        text: String,
    },
    /// `random-crashes R/s`: R is not a rate the model takes.
    FaultRate {
        /// The model as given.
        text: String,
    },
    /// A window not written `A..Bms`.
    FaultWindowSyntax {
        /// The model as given.
        text: String,
        /// The window as given.
        window: String,
    },
    /// A window with A > B or B past [`crate::fault_model::MAX_WINDOW_MS`].
    FaultWindowRange {
        /// The model as given.
        text: String,
        /// The window as given.
        window: String,
        /// The longest window, in ms.
        max_ms: u64,
    },
    /// A power loss of more brokers than the cluster has.
    PowerLossTooMany {
        /// Brokers the model would take down.
        brokers: u32,
        /// Brokers in the cluster.
        cluster: usize,
    },
    /// Runs per point outside 1..=[`crate::sweep::MAX_RUNS`].
    Runs {
        /// The runs given.
        runs: u64,
        /// The limit.
        max: u64,
    },
    /// Points × runs beyond [`crate::sweep::MAX_TOTAL_RUNS`].
    TooManyRuns {
        /// Runs in all.
        total: u64,
        /// The limit.
        max: u64,
    },
    /// The scenario itself refused by the scenario check or the core.
    ScenarioRefused {
        /// What the core said (its own message).
        reason: String,
    },
    /// A lane whose setting does not fit the scenario.
    Lane {
        /// The setting's key.
        key: &'static str,
        /// The lane's value.
        value: String,
        /// Why.
        cause: Box<ExploreError>,
    },
}

impl fmt::Display for ExploreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ExploreError::*;
        match self {
            UnknownParam { name, known } => write!(
                f,
                "unknown grid parameter \"{name}\" (known: {})",
                known.join(", ")
            ),
            NotWholeNumber { param, value } => {
                write!(f, "{param}: \"{value}\" is not a whole number")
            }
            BadAcks { value } => write!(f, "acks: \"{value}\" is not 0, 1 or all"),
            ReplicationFactorTooLarge => write!(f, "replication.factor: too large"),
            GridSyntax { spec } => write!(f, "grid \"{spec}\": expected NAME=V1,V2,..."),
            GridTwice { name } => write!(f, "grid parameter {name} given twice"),
            GridEmptyValue { spec } => write!(f, "grid \"{spec}\": empty value"),
            GridTooBig { max } => write!(f, "the grid has more than {max} points"),
            PointRefused { point, reason } => write!(f, "grid point {point}: {reason}"),
            FaultSyntax { text } => write!(
                f,
                "fault \"{text}\": expected one of \"crash-leader uniform A..Bms\", \
                 \"pause-leader uniform A..Bms\", \"power-loss N uniform A..Bms\", \
                 \"random-crashes R/s A..Bms\""
            ),
            FaultBrokers { text } => write!(
                f,
                "fault \"{text}\": the number of brokers must be a whole number ≥ 1"
            ),
            FaultRate { text } => write!(
                f,
                "fault \"{text}\": the rate must look like 0.5/s (at most 100/s, 3 decimals)"
            ),
            FaultWindowSyntax { text, window } => write!(
                f,
                "fault \"{text}\": \"{window}\": expected a window like 0..2000ms"
            ),
            FaultWindowRange {
                text,
                window,
                max_ms,
            } => write!(
                f,
                "fault \"{text}\": \"{window}\": the window must satisfy A ≤ B ≤ {max_ms} ms"
            ),
            PowerLossTooMany { brokers, cluster } => write!(
                f,
                "fault: power loss of {brokers} brokers, but the cluster has {cluster}"
            ),
            Runs { runs, max } => {
                write!(f, "runs must be between 1 and {max} per point, not {runs}")
            }
            TooManyRuns { total, max } => {
                write!(f, "{total} runs in all is more than the limit of {max}")
            }
            ScenarioRefused { reason } => write!(f, "the scenario: {reason}"),
            Lane { key, value, cause } => write!(f, "{key}={value}: {cause}"),
        }
    }
}

impl std::error::Error for ExploreError {}
