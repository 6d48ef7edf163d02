//! The cluster view and the log rulers as pictures for slides: the rendered element,
//! copied with its computed styles written inline so the file stands alone, as an SVG
//! document (an HTML element rides in a `<foreignObject>`), and that SVG drawn through a
//! canvas as a PNG at twice the screen's size.

/// The computed style properties copied inline: what the drawing and the rulers' layout
/// read (colours, strokes, text, boxes).
#[cfg(target_arch = "wasm32")]
const PROPERTIES: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-opacity",
    "opacity",
    "visibility",
    "display",
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
    "line-height",
    "text-align",
    "white-space",
    "text-decoration",
    "box-sizing",
    "width",
    "height",
    "min-width",
    "min-height",
    "padding",
    "margin",
    "border",
    "border-radius",
    "flex-direction",
    "flex-wrap",
    "flex",
    "gap",
    "align-items",
    "justify-content",
    "grid-template-columns",
    "grid-template-rows",
    "grid-column",
    "grid-row",
    "position",
    "top",
    "left",
    "right",
    "bottom",
    "overflow",
    "vertical-align",
    "transform",
];

/// PNG pixels per CSS pixel, so the picture stays sharp on a projector.
#[cfg(target_arch = "wasm32")]
const PNG_SCALE: f64 = 2.0;

/// The element `selector` matches as a standalone SVG document with its size, or `None`
/// when nothing matches.
pub fn svg_of(selector: &str) -> Option<(String, f64, f64)> {
    #[cfg(target_arch = "wasm32")]
    {
        web::svg_of(selector)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = selector;
        None
    }
}

/// Draws an SVG document of `width`×`height` through a canvas and downloads it as a PNG
/// named `name`.
pub fn download_png(svg: &str, width: f64, height: f64, name: &str) {
    #[cfg(target_arch = "wasm32")]
    web::download_png(svg, width, height, name);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (svg, width, height, name);
}

/// An SVG document as a `data:` address (for an `<img>` or a canvas).
pub fn svg_data_url(svg: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(svg.as_bytes()).collect();
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        encoded.replace('+', "%20")
    )
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::{PNG_SCALE, PROPERTIES};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlCanvasElement, HtmlImageElement};

    const SVG_NS: &str = "http://www.w3.org/2000/svg";

    /// Writes `from`'s computed style onto `to` (its copy).
    fn inline_style(from: &Element, to: &Element) {
        let Ok(Some(style)) = gloo_utils::window().get_computed_style(from) else {
            return;
        };
        let decls: Vec<String> = PROPERTIES
            .iter()
            .filter_map(|p| {
                let v = style.get_property_value(p).ok()?;
                (!v.is_empty()).then(|| format!("{p}:{v}"))
            })
            .collect();
        let _ = to.set_attribute("style", &decls.join(";"));
    }

    pub(super) fn svg_of(selector: &str) -> Option<(String, f64, f64)> {
        let doc = gloo_utils::document();
        let el = doc.query_selector(selector).ok()??;
        let rect = el.get_bounding_client_rect();
        let (w, h) = (rect.width().ceil(), rect.height().ceil());
        let copy: Element = el.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
        inline_style(&el, &copy);
        let (from, to) = (
            el.query_selector_all("*").ok()?,
            copy.query_selector_all("*").ok()?,
        );
        for i in 0..from.length().min(to.length()) {
            let pair = (from.item(i)?.dyn_into::<Element>(), to.item(i)?.dyn_into());
            if let (Ok(a), Ok(b)) = pair {
                inline_style(&a, &b);
            }
        }
        let body_bg = gloo_utils::window()
            .get_computed_style(&doc.body()?.into())
            .ok()??
            .get_property_value("background-color")
            .ok()?;
        let serializer = web_sys::XmlSerializer::new().ok()?;
        let svg = if el.namespace_uri().as_deref() == Some(SVG_NS) {
            let _ = copy.set_attribute("xmlns", SVG_NS);
            let _ = copy.set_attribute("width", &w.to_string());
            let _ = copy.set_attribute("height", &h.to_string());
            let style = copy.get_attribute("style").unwrap_or_default();
            let _ = copy.set_attribute("style", &format!("{style};background-color:{body_bg}"));
            serializer.serialize_to_string(&copy).ok()?
        } else {
            let inner = serializer.serialize_to_string(&copy).ok()?;
            format!(
                "<svg xmlns=\"{SVG_NS}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" style=\"background-color:{body_bg}\"><foreignObject x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\">{inner}</foreignObject></svg>"
            )
        };
        Some((svg, w, h))
    }

    pub(super) fn download_png(svg: &str, width: f64, height: f64, name: &str) {
        let Ok(img) = HtmlImageElement::new() else {
            return;
        };
        let url = super::svg_data_url(svg);
        let (image, name) = (img.clone(), name.to_string());
        let onload = Closure::once_into_js(move || {
            let canvas = gloo_utils::document()
                .create_element("canvas")
                .ok()
                .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok());
            let Some(canvas) = canvas else { return };
            canvas.set_width((width * PNG_SCALE) as u32);
            canvas.set_height((height * PNG_SCALE) as u32);
            let ctx = canvas
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
            let Some(ctx) = ctx else { return };
            let _ = ctx.scale(PNG_SCALE, PNG_SCALE);
            let _ = ctx.draw_image_with_html_image_element(&image, 0.0, 0.0);
            if let Ok(png) = canvas.to_data_url_with_type("image/png") {
                crate::exports::download_url(&name, &png);
            }
        });
        img.set_onload(Some(onload.unchecked_ref()));
        img.set_src(&url);
    }
}
