//! ISR Lab's web front-end.
use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    html! { <main><h1>{ "ISR Lab" }</h1></main> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
