//! xAPI-shaped statements (ADL's verbs `answered` and `completed`), so an H5P, LTI or
//! Moodle wrapper can forward them as they are. The actor is the wrapper's to add.

use serde_json::{json, Value};

/// The verb IRI of ADL's `answered`.
pub const ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
/// The verb IRI of ADL's `completed`.
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";

/// The activity id of a scenario, or of one of its guide steps.
pub fn object_id(scenario: &str, step: Option<usize>) -> String {
    match step {
        Some(s) => format!("urn:isrlab:scenario:{scenario}:step:{s}"),
        None => format!("urn:isrlab:scenario:{scenario}"),
    }
}

/// `answered`: the student chose `choice` (none: skipped) at a question of `step`.
pub fn answered(scenario: &str, step: usize, choice: Option<usize>, correct: bool) -> Value {
    json!({
        "verb": { "id": ANSWERED, "display": { "en-US": "answered" } },
        "object": { "id": object_id(scenario, Some(step)), "objectType": "Activity" },
        "result": {
            "success": correct,
            "response": choice.map_or(String::new(), |c| c.to_string()),
        },
    })
}

/// `completed`: the run ended with `right` of `asked` questions answered right.
pub fn completed(scenario: &str, right: usize, asked: usize) -> Value {
    let scaled = if asked == 0 {
        1.0
    } else {
        right as f64 / asked as f64
    };
    json!({
        "verb": { "id": COMPLETED, "display": { "en-US": "completed" } },
        "object": { "id": object_id(scenario, None), "objectType": "Activity" },
        "result": {
            "completion": true,
            "score": { "raw": right, "min": 0, "max": asked, "scaled": scaled },
        },
    })
}
