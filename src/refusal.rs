//! The core's refusal of an action, in the page's language. The core decides what it
//! refuses ([`isrlab_sim::ActionError`]); this only words it.

use crate::i18n::Lang;
use isrlab_sim::ActionError;

/// A sentence saying why the core refuses an action.
pub fn sentence(lang: Lang, e: &ActionError) -> String {
    match e {
        ActionError::UnknownBroker(b) => lang.tf("refusal.unknown_broker", &[("b", b)]),
        ActionError::UnknownProducer(p) => lang.tf("refusal.unknown_client", &[("name", p)]),
        ActionError::UnknownConsumer(c) => lang.tf("refusal.unknown_client", &[("name", c)]),
        ActionError::UnknownPartition(t, p) => {
            let tp = p.map_or_else(|| t.clone(), |p| format!("{t}-{p}"));
            lang.tf("refusal.unknown_partition", &[("tp", &tp)])
        }
        ActionError::UnknownMessage(m) => lang.tf("refusal.unknown_message", &[("id", m)]),
        ActionError::WrongBrokerState(b) => lang.tf("refusal.broker_state", &[("b", b)]),
        ActionError::Config(c) => lang.tf("refusal.config", &[("error", c)]),
        ActionError::Invalid(reason) => lang.tf("refusal.invalid", &[("error", reason)]),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::Run;
    use crate::scenarios;
    use isrlab_sim::Action;

    #[test]
    fn a_refusal_of_the_core_is_worded_in_both_languages() {
        let run = Run::from_json(scenarios::by_id("default").unwrap()).unwrap();
        let e = run.check(&Action::Restart { broker: 1 }).unwrap_err();
        assert_eq!(e, ActionError::WrongBrokerState(1));
        assert!(sentence(Lang::En, &e).contains("broker 1") || sentence(Lang::En, &e).contains("Broker 1"));
        assert!(sentence(Lang::Zh, &e).contains("Broker 1"));
        assert!(run.check(&Action::Crash { broker: 1 }).is_ok());
        assert_eq!(run.now(), 0, "checking does not move the run");
    }
}
