//! The guided scenarios of `scenarios/`. Their files are not compiled into the app:
//! trunk copies the folder into `dist/scenarios/`, and the app fetches a file the
//! first time it opens that scenario (relative to the page, so any subpath works),
//! then keeps its text. Only the index (ids and titles, written by `build.rs`) is
//! built in, for the scenario picker. Native builds (tests, tools) read the files
//! from the repository instead of fetching them.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// One scenario in the picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The file name without `.json`, and the scenario's `id`.
    pub id: &'static str,
    /// Its English title.
    pub title_en: &'static str,
    /// Its Simplified Chinese title.
    pub title_zh: &'static str,
}

/// Every scenario of `scenarios/`, default first, then by id.
pub const INDEX: &[Entry] = include!(concat!(env!("OUT_DIR"), "/scenario_index.rs"));

/// The id of the scenario the lab opens when the address names none.
pub const DEFAULT_ID: &str = "default";

/// The scenario's address, relative to the page.
pub fn url(id: &str) -> String {
    format!("scenarios/{id}.json")
}

thread_local! {
    /// Texts fetched (or preloaded) so far, by id.
    static TEXTS: RefCell<BTreeMap<String, Rc<str>>> = const { RefCell::new(BTreeMap::new()) };
}

/// Keeps `text` as the file of scenario `id` (what a fetch stores; tests use it to
/// serve a scenario without a web server).
pub fn preload(id: &str, text: &str) {
    TEXTS.with(|t| t.borrow_mut().insert(id.to_string(), Rc::from(text)));
}

/// The file of scenario `id` if it is already at hand: fetched or preloaded before
/// (and, in native builds, read from `scenarios/`).
pub fn cached(id: &str) -> Option<Rc<str>> {
    if let Some(text) = TEXTS.with(|t| t.borrow().get(id).cloned()) {
        return Some(text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(text) = by_id(id) {
        preload(id, &text);
        return cached(id);
    }
    None
}

/// Calls `then` with the file of scenario `id`: at once when it is at hand, otherwise
/// once a fetch of [`url`] has answered (with the reason when it failed).
pub fn when_loaded(id: &str, then: impl FnOnce(Result<Rc<str>, String>) + 'static) {
    if let Some(text) = cached(id) {
        then(Ok(text));
        return;
    }
    #[cfg(target_arch = "wasm32")]
    {
        let id = id.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let fetched = crate::page::fetch_text(&url(&id)).await;
            if let Ok(text) = &fetched {
                preload(&id, text);
            }
            then(fetched.map(|_| cached(&id).expect("just stored")));
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    then(Err(format!("no scenario `{id}`")));
}

/// The file of scenario `id`, read from the repository's `scenarios/` (native builds:
/// tests and tools; the app fetches instead).
#[cfg(not(target_arch = "wasm32"))]
pub fn by_id(id: &str) -> Option<String> {
    INDEX.iter().find(|e| e.id == id)?;
    let path = format!("{}/scenarios/{id}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).ok()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use isrlab_sim::Scenario;

    #[test]
    fn every_file_in_the_scenarios_folder_is_listed_and_valid() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                e.unwrap()
                    .file_name()
                    .to_str()?
                    .strip_suffix(".json")
                    .map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = INDEX.iter().map(|e| e.id.to_string()).collect();
        listed.sort();
        assert_eq!(listed, on_disk);
        assert_eq!(INDEX[0].id, DEFAULT_ID);
        for entry in INDEX {
            let text = by_id(entry.id).unwrap();
            let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", entry.id));
            assert_eq!(s.id, entry.id, "file name and id differ");
            assert_eq!(s.title.en, entry.title_en, "{}: English title", entry.id);
            assert_eq!(s.title.zh, entry.title_zh, "{}: Chinese title", entry.id);
        }
    }

    #[test]
    fn a_scenario_is_read_once_then_kept_and_an_unknown_id_is_refused() {
        assert!(cached("no-such-scenario").is_none());
        let refused = Rc::new(std::cell::Cell::new(false));
        let seen = refused.clone();
        when_loaded("no-such-scenario", move |r| seen.set(r.is_err()));
        assert!(refused.get());
        preload("default", "{}");
        assert_eq!(cached("default").as_deref(), Some("{}"), "a kept text wins");
        assert!(
            by_id("../Cargo").is_none(),
            "only ids of the index are read"
        );
    }
}
