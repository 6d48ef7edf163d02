//! Where in the file a parse error is: a serde error turned into a field path such as
//! `actions[3].broker` and a message saying what was expected.

use super::ScenarioError;
use crate::action::Action;
use crate::scenario::Scenario;
use serde_json::Value;

/// A file that is not JSON. Parsing into a `Value` first loses the field's path, so an
/// error such as `loss: 1e400` ("number out of range") is located by parsing the text
/// again straight into a `Scenario`, which `serde_path_to_error` can follow.
pub(super) fn syntax_error(text: &str, err: serde_json::Error) -> ScenarioError {
    if !err.is_eof() {
        let mut stream = serde_json::Deserializer::from_str(text);
        if let Err(e) = serde_path_to_error::deserialize::<_, Scenario>(&mut stream) {
            let path = e.path().to_string();
            if path != "." && e.inner().is_syntax() {
                return ScenarioError::new(path, format!("not valid JSON: {}", e.into_inner()));
            }
        }
    }
    ScenarioError::new("", format!("not valid JSON: {err}"))
}

/// Turns a serde error into a path + message, locating the field inside actions,
/// whose flattened, tagged form hides the path from serde.
pub(super) fn structural_error(
    value: &Value,
    err: serde_path_to_error::Error<serde_json::Error>,
) -> ScenarioError {
    let path = err.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let inner = err.into_inner().to_string();
    if let Some(index) = action_index(&path) {
        if let Some(action) = value.get("actions").and_then(|a| a.get(index)) {
            return action_error(index, action, &inner);
        }
    }
    let mut message = inner;
    if path.ends_with("acks") && message.starts_with("invalid type") {
        message.push_str(" (write acks as a string: \"0\", \"1\" or \"all\")");
    }
    ScenarioError::new(path, message)
}

/// `Some(i)` when a serde path points at (or into) `actions[i]`.
fn action_index(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("actions[")?;
    rest[..rest.find(']')?].parse().ok()
}

/// Finds which key of a malformed action is at fault, by checking each key alone.
fn action_error(index: usize, action: &Value, serde_message: &str) -> ScenarioError {
    let base = format!("actions[{index}]");
    let Some(object) = action.as_object() else {
        return ScenarioError::new(
            base,
            "expected an object like {\"at_ms\": 1000, \"do\": \"crash\", \"broker\": 1}",
        );
    };
    match object.get("at_ms") {
        None => return ScenarioError::new(base, "missing field `at_ms` (when the action happens, in ms)"),
        Some(v) if !v.is_u64() => {
            return ScenarioError::new(
                format!("{base}.at_ms"),
                format!("expected a time in ms >= 0 (an action cannot happen before the run starts), got {v}"),
            )
        }
        _ => {}
    }
    let Some(kind) = object.get("do") else {
        return ScenarioError::new(
            base,
            "missing field `do` (the action's name, e.g. \"produce\" or \"crash\")",
        );
    };
    let body_of = |key: Option<(&String, &Value)>| {
        let mut body = serde_json::Map::new();
        body.insert("do".to_string(), kind.clone());
        if let Some((k, v)) = key {
            body.insert(k.clone(), v.clone());
        }
        Value::Object(body)
    };
    if let Err(e) = serde_json::from_value::<Action>(body_of(None)) {
        let text = e.to_string();
        if !text.starts_with("missing field") {
            return ScenarioError::new(format!("{base}.do"), text);
        }
    }
    for (key, field) in object.iter().filter(|(k, _)| *k != "at_ms" && *k != "do") {
        if let Err(e) = serde_json::from_value::<Action>(body_of(Some((key, field)))) {
            let text = e.to_string();
            if !text.starts_with("missing field") {
                return ScenarioError::new(format!("{base}.{key}"), text);
            }
        }
    }
    ScenarioError::new(format!("{base} (do: {kind})"), serde_message.to_string())
}
