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
