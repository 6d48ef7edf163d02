//! Rebuilding the lab a link describes: the scenario resolved (a built-in file with the
//! link's seed and overrides, checked by the core again), then the recorded actions
//! replayed at the steps they were applied at, to the link's time.

use super::error::LinkError;
use super::state::{LinkScenario, LinkState};
use crate::lab::Lab;
use crate::run::Run;
use isrlab_sim::Scenario;
use std::rc::Rc;

/// The scenario to run and the one the guide narrates (the built-in file as written,
/// when the link overrides its preset), from `file(id)`, a built-in scenario's text.
pub fn resolve(
    state: &LinkState,
    file: impl Fn(&str) -> Option<Rc<str>>,
) -> Result<(Scenario, Option<Scenario>), LinkError> {
    let builtin = |id: &str| -> Result<Scenario, LinkError> {
        let text = file(id).ok_or_else(|| LinkError::UnknownScenario(id.to_string()))?;
        Scenario::from_json(&text).map_err(|e| LinkError::Scenario(e.to_string()))
    };
    let mut scenario = match &state.scenario {
        LinkScenario::Builtin(id) => builtin(id)?,
        LinkScenario::Custom(s) => Scenario::clone(s),
    };
    if let Some(seed) = state.seed {
        scenario.seed = seed;
    }
    let Some(o) = &state.overrides else {
        return Ok((scenario, None));
    };
    let script = scenario.clone();
    scenario.cluster.protocol = o.protocol.clone();
    scenario.cluster.config = o.config.clone();
    // The core checks the overridden scenario as it checks a file.
    let json = serde_json::to_string(&scenario).map_err(|e| LinkError::Scenario(e.to_string()))?;
    let checked = Scenario::from_json(&json).map_err(|e| LinkError::Scenario(e.to_string()))?;
    Ok((checked, Some(script)))
}

/// The lab `state` describes, replayed to its time.
pub fn replay(state: &LinkState, file: impl Fn(&str) -> Option<Rc<str>>) -> Result<Lab, LinkError> {
    let (scenario, script) = resolve(state, file)?;
    let run = Run::new(scenario).map_err(LinkError::Scenario)?;
    let lab = Lab::replayed(run, state.actions.clone(), state.t, state.steps)
        .map_err(|index| LinkError::Replay { index })?;
    Ok(match script {
        Some(s) => lab.following(Rc::new(s)),
        None => lab,
    })
}
