//! What a link carries ([`LinkState`]) and how it is captured from the lab.

use crate::i18n::Lang;
use crate::lab::{Lab, Recorded};
use crate::state::UiState;
use isrlab_sim::{Scenario, TimeMs};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The link format's version (`v`): links made today keep working after the format
/// grows; a link of a later version is refused with [`super::LinkError::FutureVersion`].
pub const LINK_VERSION: u32 = 1;

/// The scenario a link opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkScenario {
    /// A built-in scenario of `scenarios/`, by id.
    Builtin(String),
    /// A whole scenario (edited beyond the preset overrides, or imported).
    Custom(Box<Scenario>),
}

/// Preset overrides written into a built-in scenario's cluster (the config panel's
/// protocol preset and broker config keys), which the core validates again on opening.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    /// The protocol preset (`cluster.protocol`).
    pub protocol: String,
    /// The whole `cluster.config` map, by Kafka key.
    pub config: BTreeMap<String, serde_json::Value>,
}

/// Everything a link needs to replay the lab to the same trace hash and screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkState {
    /// Format version, [`LINK_VERSION`] when written.
    pub v: u32,
    /// The scenario.
    pub scenario: LinkScenario,
    /// Replaces the scenario's own seed (a built-in scenario only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Preset overrides of a built-in scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Overrides>,
    /// The user's actions, each with the events processed and the time it was applied at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Recorded>,
    /// The virtual time shown.
    #[serde(default)]
    pub t: TimeMs,
    /// Events processed at that time (events of one millisecond can be stepped one by one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// Index of the selected partition.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub partition: usize,
    /// Id of the open tabbed pane (`docs/ui.md`, "Panes").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pane: Option<String>,
    /// Language code (`en`, `zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Index into the speed control's speeds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<usize>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl LinkState {
    /// A link to built-in scenario `id` at its opening, nothing else set.
    pub fn builtin(id: &str) -> LinkState {
        LinkState {
            v: LINK_VERSION,
            scenario: LinkScenario::Builtin(id.to_string()),
            seed: None,
            overrides: None,
            actions: Vec::new(),
            t: 0,
            steps: None,
            partition: 0,
            pane: None,
            lang: None,
            speed: None,
        }
    }

    /// The lab's current state as a link: `id` is the built-in scenario the lab was
    /// opened from and `base` its file as written. The run's scenario is named by id
    /// when it is `base` with another seed or other preset overrides, and carried whole
    /// otherwise.
    pub fn of(lab: &Lab, id: &str, base: &Scenario, ui: &UiState) -> LinkState {
        let current = lab.run.scenario();
        let mut same = base.clone();
        same.seed = current.seed;
        let seed = (current.seed != base.seed).then_some(current.seed);
        let (scenario, seed, overrides) = if *current == same {
            (LinkScenario::Builtin(id.to_string()), seed, None)
        } else {
            same.cluster.protocol = current.cluster.protocol.clone();
            same.cluster.config = current.cluster.config.clone();
            if *current == same {
                let overrides = Overrides {
                    protocol: current.cluster.protocol.clone(),
                    config: current.cluster.config.clone(),
                };
                (LinkScenario::Builtin(id.to_string()), seed, Some(overrides))
            } else {
                (LinkScenario::Custom(Box::new(current.clone())), None, None)
            }
        };
        LinkState {
            scenario,
            seed,
            overrides,
            actions: lab.recorded().to_vec(),
            t: lab.run.now(),
            steps: Some(lab.run.steps()),
            partition: ui.selected,
            pane: Some(ui.pane.to_string()),
            lang: Some(ui.lang.code().to_string()),
            speed: Some(ui.speed),
            ..LinkState::builtin(id)
        }
    }

    /// The language the link asks for, if it names a known one.
    pub fn language(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }
}
