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

/// The page's address without its query or fragment (`https://host/lab/`), which links
/// to a run start from.
pub fn base_address() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let l = gloo_utils::window().location();
        format!(
            "{}{}",
            l.origin().unwrap_or_default(),
            l.pathname().unwrap_or_default()
        )
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

/// Fetches `url` (relative to the page) and returns its body as text, or why not
/// (network failure, an HTTP status other than 2xx).
#[cfg(target_arch = "wasm32")]
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |e: wasm_bindgen::JsValue| {
        format!(
            "{url}: {}",
            e.as_string().unwrap_or_else(|| format!("{e:?}"))
        )
    };
    let answer = JsFuture::from(gloo_utils::window().fetch_with_str(url))
        .await
        .map_err(failed)?;
    let response: web_sys::Response = answer.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    body.as_string()
        .ok_or_else(|| format!("{url}: the body is not text"))
}
