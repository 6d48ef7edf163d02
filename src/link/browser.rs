//! Where the browser keeps a link: the address bar (`history.replaceState`, no new
//! history entry) and `sessionStorage`, keyed by the embedding (the address the page was
//! opened at and the page that embeds it), so a reveal.js slide that reloads its iframe
//! from `data-src` comes back to the same state. A fresh seed comes from `getrandom`.
//! Natively every call does nothing.

use std::cell::OnceCell;

thread_local! {
    /// The storage key, fixed when first asked (before the address is replaced).
    static KEY: OnceCell<String> = const { OnceCell::new() };
}

/// The `sessionStorage` key of this embedding: the opening address and the referrer.
pub fn storage_key() -> String {
    KEY.with(|k| {
        k.get_or_init(|| {
            #[cfg(target_arch = "wasm32")]
            {
                let href = gloo_utils::window().location().href().unwrap_or_default();
                let referrer = gloo_utils::document().referrer();
                format!("isrlab:link:{href}|{referrer}")
            }
            #[cfg(not(target_arch = "wasm32"))]
            String::from("isrlab:link")
        })
        .clone()
    })
}

/// The link text kept for this embedding, if any.
pub fn stored() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = gloo_utils::window().session_storage().ok().flatten()?;
        storage.get_item(&storage_key()).ok().flatten()
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}

/// Keeps `link` for this embedding and shows it in the address bar (`query` is the
/// whole new query string). Storage may be full or refused: the address still follows.
pub fn keep(link: &str, query: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let window = gloo_utils::window();
        if let Some(storage) = window.session_storage().ok().flatten() {
            let _ = storage.set_item(&storage_key(), link);
        }
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (link, query);
}

/// A fresh seed drawn by the browser's random source (none natively: the core never
/// draws randomness outside its seeded RNG).
pub fn fresh_seed() -> Option<u64> {
    #[cfg(target_arch = "wasm32")]
    {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).ok()?;
        // Kept below 2^53 so that the seed survives JavaScript numbers (the API's state).
        Some(u64::from_le_bytes(bytes) >> 11)
    }
    #[cfg(not(target_arch = "wasm32"))]
    None
}
