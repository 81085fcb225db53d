//! Helpers shared by the browser tests (`tests/web_*.rs`): mount points and DOM actions done
//! the way a learner does them.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

/// Types into an input the way a user does: set the value, fire `input` (what `bind:value` hears).
pub fn type_into(root: &Element, testid: &str, text: &str) {
    let input: HtmlInputElement = find(root, &format!("[data-testid={testid}]")).unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

pub fn click(root: &Element, testid: &str) {
    find(root, &format!("[data-testid={testid}]"))
        .unchecked_into::<HtmlElement>()
        .click();
}

/// Picks an option of a `<select>` the way a user does: set the value, fire `change`.
pub fn select_value(root: &Element, testid: &str, value: &str) {
    let select: web_sys::HtmlSelectElement =
        find(root, &format!("[data-testid={testid}]")).unchecked_into();
    select.set_value(value);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// The text of every element matching `selector` under `root`, in document order.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default().trim().to_string())
        .collect()
}

/// Adds a stylesheet to the test page, so layout can be measured with the site's real CSS.
pub fn inject_css(css: &str) {
    let document = web_sys::window().unwrap().document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(css));
    document.head().unwrap().append_child(&style).unwrap();
}

/// Waits for one animation frame, then lets reactive updates run (rows that came on screen are
/// laid out one frame after; focus returns on one).
pub async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    leptos::task::tick().await;
}
