//! Whether the run still follows its scenario's script. A guide narrates the scenario
//! as written; once the user applies a configuration or acts on the cluster, the
//! narration no longer describes the screen, so the guide pauses and offers to go back
//! to the scenario's own run (at the same time) or to restart it.

use crate::lab::Lab;
use crate::run::Run;

/// How the run relates to the scenario its guide narrates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Script {
    /// The scenario's own run: the narration describes it.
    #[default]
    Following,
    /// The user applied actions of their own.
    Acted,
    /// The user applied a different configuration.
    Reconfigured,
}

impl Script {
    /// Where `lab` stands.
    pub fn of(lab: &Lab) -> Script {
        if lab.run.scenario() != lab.script().as_ref() {
            Script::Reconfigured
        } else if lab.user_actions() > 0 {
            Script::Acted
        } else {
            Script::Following
        }
    }

    /// Whether the narration describes the run.
    pub fn followed(self) -> bool {
        self == Script::Following
    }
}

/// The scenario's own run at the time `lab` is at (a configuration or the user's
/// actions dropped).
pub fn resume(lab: &Lab) -> Result<Lab, String> {
    let mut own = restart(lab)?;
    own.travel_to(lab.run.now());
    Ok(own)
}

/// The scenario's own run from its opening point.
pub fn restart(lab: &Lab) -> Result<Lab, String> {
    Run::new(lab.script().as_ref().clone()).map(Lab::open)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::config_form::ConfigForm;
    use crate::scenarios;
    use isrlab_sim::Action;
    use std::rc::Rc;

    fn default_lab() -> Lab {
        Lab::open(Run::from_json(&scenarios::by_id("default").unwrap()).unwrap())
    }

    #[test]
    fn an_action_of_the_users_own_leaves_the_script_and_undoing_it_returns() {
        let mut lab = default_lab();
        assert_eq!(Script::of(&lab), Script::Following);
        lab.apply(Action::Crash { broker: 1 }).unwrap();
        assert_eq!(Script::of(&lab), Script::Acted);
        lab.step_back();
        assert_eq!(Script::of(&lab), Script::Following);
    }

    /// Apply a configuration mid-guide: the guide knows, and resuming gives the
    /// scenario's own run at the same time, restarting its opening point.
    #[test]
    fn a_new_configuration_leaves_the_script_and_resume_or_restart_return_to_it() {
        let mut lab = default_lab();
        lab.travel_to(1_500);
        let mut form = ConfigForm::of(lab.run.scenario());
        form.brokers = 5;
        form.partitions = 4;
        let changed = form.apply(lab.run.scenario()).unwrap();
        let script = lab.script().clone();
        let mut changed = Lab::open(Run::new(changed).unwrap()).following(script.clone());
        assert_eq!(Script::of(&changed), Script::Reconfigured);
        changed.travel_to(2_200);
        let resumed = resume(&changed).unwrap();
        assert_eq!(Script::of(&resumed), Script::Following);
        assert_eq!(resumed.run.now(), 2_200);
        assert_eq!(resumed.run.view().brokers.len(), 3);
        let mut own = default_lab();
        own.travel_to(2_200);
        assert_eq!(resumed.run.view(), own.run.view());
        let restarted = restart(&changed).unwrap();
        assert_eq!(restarted.run.now(), default_lab().run.now());
        assert!(Rc::ptr_eq(changed.script(), &script));
    }
}
