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

/// Sets the document's `<html lang>` and `document.title`, so screen readers, fonts
/// and the browser tab follow the language switch. Natively it does nothing.
pub fn set_document_language(html_lang: &str, title: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        let document = gloo_utils::document();
        if let Some(root) = document.document_element() {
            // Setting an attribute on <html> cannot fail for a valid name.
            let _ = root.set_attribute("lang", html_lang);
        }
        document.set_title(title);
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (html_lang, title);
    }
}
