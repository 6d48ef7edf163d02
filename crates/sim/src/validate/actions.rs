//! A scenario's actions: in time order, within the run, and each one accepted by the
//! core's action check in the state the earlier actions leave ([`super::ScriptState`]).

use super::cluster::config_error;
use super::{fail, Check, ScenarioError, ScriptState};
use crate::scenario::{Scenario, TimedAction};

pub(super) fn check_actions(s: &Scenario) -> Check {
    let mut script = ScriptState::new(s).map_err(|e| config_error("cluster.config", e))?;
    let mut previous = 0;
    for (i, TimedAction { at_ms, action }) in s.actions.iter().enumerate() {
        let path = format!("actions[{i}]");
        if *at_ms < previous {
            fail(
                format!("{path}.at_ms"),
                format!("actions must be in time order: {at_ms} ms comes before the previous action's {previous} ms"),
            )?;
        }
        if *at_ms > s.end_ms {
            fail(
                format!("{path}.at_ms"),
                format!(
                    "{at_ms} ms is after the scenario's end_ms ({} ms)",
                    s.end_ms
                ),
            )?;
        }
        previous = *at_ms;
        script.check(action).map_err(|r| {
            ScenarioError::new(format!("{path}.{}", r.field(action)), r.to_string())
        })?;
        script.record(action);
    }
    Ok(())
}
