//! The messages of API version 1. Every message, both ways, is an object with
//! `"api": "isrlab"`, `"version": 1` and a `"type"`; a command may carry an `"id"` that
//! the answer (`ack`, `state`, `error`) repeats.

use isrlab_sim::{Action, Scenario, TimeMs};
use serde::{Deserialize, Serialize};

/// The `api` field of every message.
pub const API: &str = "isrlab";
/// The API version this lab speaks.
pub const API_VERSION: u32 = 1;

/// A command from the embedding page, as decoded (`serde-wasm-bindgen` in the browser).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Envelope {
    /// Must be [`API`].
    pub api: String,
    /// Must be [`API_VERSION`].
    pub version: u32,
    /// Repeated in the answer, if given.
    #[serde(default)]
    pub id: Option<u64>,
    /// What to do.
    #[serde(flatten)]
    pub command: Command,
}

/// What the page asks the lab to do.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Command {
    /// Start playing.
    Play,
    /// Stop playing.
    Pause,
    /// One event forward.
    Step,
    /// Travel to a virtual time.
    Seek {
        /// Virtual milliseconds.
        #[serde(rename = "timeMs")]
        time_ms: TimeMs,
    },
    /// Back to the opening of the scenario.
    Reset,
    /// Open a built-in scenario by id, or a whole scenario given inline.
    LoadScenario {
        /// A built-in scenario's id (`scenarioId`: `id` is the command's own).
        #[serde(default, rename = "scenarioId")]
        id: Option<String>,
        /// A whole scenario (the format of `scenarios/`, checked by the core).
        #[serde(default)]
        scenario: Option<Box<Scenario>>,
    },
    /// Apply one of the core's actions now (checked by the core's action check).
    Apply {
        /// The action, as in a scenario file (`{"do": "crash", "broker": 1}`).
        action: Action,
    },
    /// Switch the language (`en`, `zh`).
    SetLanguage {
        /// The language code.
        lang: String,
    },
    /// Ask for the state (answered by a `state` event).
    GetState,
    /// Restore a state from a `state` event or a link's `s=` text.
    SetState {
        /// The link text.
        state: String,
    },
}

/// Why a message was ignored (worded for the console warning; the page cannot see it).
#[derive(Clone, Debug, PartialEq)]
pub enum Ignored {
    /// Not from an origin listed in `origins=`.
    Origin(String),
    /// Not an object of this API (`api` missing or other).
    NotOurs,
    /// Another version of the API.
    Version(u32),
    /// The fields do not decode (serde's reason).
    Malformed(String),
    /// Decoded, but out of range (the reason).
    Invalid(String),
}

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ignored::Origin(o) => write!(f, "origin {o} is not in origins="),
            Ignored::NotOurs => write!(f, "not an ISR Lab message (\"api\": \"isrlab\" missing)"),
            Ignored::Version(v) => write!(f, "API version {v}; this lab speaks version 1"),
            Ignored::Malformed(why) => write!(f, "malformed: {why}"),
            Ignored::Invalid(why) => write!(f, "invalid: {why}"),
        }
    }
}

/// Longest text a command may carry (an inline scenario, a state), as for links.
pub const MAX_TEXT_CHARS: usize = crate::link::MAX_LINK_CHARS;

/// Checks a decoded envelope: the API, its version, and the values' ranges.
pub fn validate(envelope: Envelope) -> Result<(Option<u64>, Command), Ignored> {
    if envelope.api != API {
        return Err(Ignored::NotOurs);
    }
    if envelope.version != API_VERSION {
        return Err(Ignored::Version(envelope.version));
    }
    match &envelope.command {
        Command::LoadScenario { id, scenario } if id.is_some() == scenario.is_some() => {
            return Err(Ignored::Invalid(
                "loadScenario takes either \"scenarioId\" or \"scenario\"".into(),
            ));
        }
        Command::LoadScenario { id: Some(id), .. }
            if !crate::scenarios::INDEX.iter().any(|e| e.id == id) =>
        {
            return Err(Ignored::Invalid(format!(
                "no built-in scenario {}",
                crate::url::shorten(id)
            )));
        }
        Command::SetLanguage { lang } if crate::i18n::Lang::parse(lang).is_none() => {
            return Err(Ignored::Invalid(format!(
                "language {} (en or zh)",
                crate::url::shorten(lang)
            )));
        }
        Command::SetState { state } if state.chars().count() > MAX_TEXT_CHARS => {
            return Err(Ignored::Invalid(format!(
                "state longer than {MAX_TEXT_CHARS} characters"
            )));
        }
        _ => {}
    }
    Ok((envelope.id, envelope.command))
}

/// Decodes and checks a message given as JSON (what the bridge does with a browser
/// value; natively, tests and tools).
pub fn parse_json(json: &serde_json::Value) -> Result<(Option<u64>, Command), Ignored> {
    if json.get("api").and_then(|a| a.as_str()) != Some(API) {
        return Err(Ignored::NotOurs);
    }
    let envelope: Envelope =
        serde_json::from_value(json.clone()).map_err(|e| Ignored::Malformed(e.to_string()))?;
    validate(envelope)
}

/// An event to the embedding page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Event {
    /// The lab has opened its scenario and obeys commands.
    Ready {
        /// The scenario's id.
        scenario: String,
        /// Virtual time now.
        #[serde(rename = "timeMs")]
        time_ms: TimeMs,
        /// The run's end.
        #[serde(rename = "endMs")]
        end_ms: TimeMs,
    },
    /// Virtual time moved (at most a few times a second while playing).
    TimeChanged {
        /// Virtual time now.
        #[serde(rename = "timeMs")]
        time_ms: TimeMs,
        /// Whether it is playing.
        playing: bool,
    },
    /// The lab's preferred height in CSS pixels changed.
    HeightChanged {
        /// Pixels.
        height: u32,
    },
    /// A producer's batch was acknowledged (the core's `ProduceAcknowledged`).
    MessageAcknowledged {
        /// Producer name.
        producer: String,
        /// Topic-partition, e.g. `orders-0`.
        partition: String,
        /// Offset of the first record.
        #[serde(rename = "baseOffset")]
        base_offset: u64,
        /// Records in the batch.
        count: u32,
        /// Virtual time.
        #[serde(rename = "timeMs")]
        time_ms: TimeMs,
    },
    /// A message was lost (the core's `MessageLost`).
    MessageLost {
        /// The message's id in the ledger.
        message: u64,
        /// Topic-partition.
        partition: String,
        /// Whether it had been acknowledged to its producer.
        acknowledged: bool,
        /// Virtual time.
        #[serde(rename = "timeMs")]
        time_ms: TimeMs,
    },
    /// The guide reached a step.
    GuideStepReached {
        /// Index of the step (0-based).
        step: usize,
        /// Its caption in the lab's language.
        caption: String,
        /// Whether it asks a question.
        #[serde(rename = "hasQuestion")]
        has_question: bool,
    },
    /// The student answered (or skipped) a prediction question.
    PredictionAnswered {
        /// Index of the guide step.
        step: usize,
        /// The chosen answer's index, none when skipped.
        choice: Option<usize>,
        /// Whether it was right.
        correct: bool,
        /// xAPI `answered` statement.
        statement: serde_json::Value,
    },
    /// The run reached its end.
    ScenarioFinished {
        /// The scenario's id.
        scenario: String,
        /// Questions answered right.
        right: usize,
        /// Questions asked.
        asked: usize,
        /// xAPI `completed` statement.
        statement: serde_json::Value,
    },
    /// A command was done.
    Ack {
        /// The command's id.
        id: Option<u64>,
        /// The command's type.
        command: String,
    },
    /// A command could not be done (a refusal of the core, a bad link).
    Error {
        /// The command's id.
        id: Option<u64>,
        /// Why, in the lab's language.
        message: String,
    },
    /// The state, as a link's `s=` text (answer to `getState`).
    State {
        /// The command's id.
        id: Option<u64>,
        /// The link text; `setState` takes it back.
        state: String,
        /// Virtual time.
        #[serde(rename = "timeMs")]
        time_ms: TimeMs,
    },
}

impl Event {
    /// The event as the JSON object posted: `api`, `version`, then its fields.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).expect("events always serialise");
        if let Some(o) = v.as_object_mut() {
            o.insert("api".into(), API.into());
            o.insert("version".into(), API_VERSION.into());
        }
        v
    }
}

impl Command {
    /// The command's `type`, for acknowledgements.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Play => "play",
            Command::Pause => "pause",
            Command::Step => "step",
            Command::Seek { .. } => "seek",
            Command::Reset => "reset",
            Command::LoadScenario { .. } => "loadScenario",
            Command::Apply { .. } => "apply",
            Command::SetLanguage { .. } => "setLanguage",
            Command::GetState => "getState",
            Command::SetState { .. } => "setState",
        }
    }
}
