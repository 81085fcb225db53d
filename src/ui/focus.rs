//! Bringing the console into view, shared by the lesson page and the "Run in console" buttons
//! in a lesson's prose (kept apart from both so neither has to import the other).

use leptos::prelude::*;

use super::dock::{Dock, Tab};

/// Shows the console (its dock tab, and on a phone the console part of the page): provided by
/// the lesson page for "Run in console" buttons and solutions.
#[derive(Clone, Copy)]
pub struct ShowConsole(pub Callback<()>);

/// What brings the console into view, where the page provides a way to. Read the contexts
/// while building a view (event handlers run without them).
pub fn console_shower() -> impl Fn() + Copy + Send + Sync + 'static {
    let page = use_context::<ShowConsole>();
    let dock = use_context::<Dock>();
    move || {
        if let Some(ShowConsole(cb)) = page {
            cb.run(());
        } else if let Some(d) = dock {
            d.tab.set(Tab::Console);
        }
    }
}
