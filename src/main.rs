//! Mounts ISR Lab on the page.

fn main() {
    yew::Renderer::<isrlab::App>::new().render();
}
