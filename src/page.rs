//! What the lab reads from the page it runs in: the address's query string and
//! the browser's language. Natively (render tests) both are empty.

/// The query string of the page address, e.g. `?lang=zh`.
pub fn query() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().location().search().unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// The browser's preferred language (`navigator.language`).
pub fn browser_language() -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().navigator().language()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Whether the user asked the system for reduced motion (`prefers-reduced-motion: reduce`).
pub fn reduced_motion() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window()
            .match_media("(prefers-reduced-motion: reduce)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}
