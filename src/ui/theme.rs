//! Light and dark themes: the page follows the system until the learner picks one, and the
//! choice is remembered in `localStorage`.

use leptos::prelude::*;

const KEY: &str = "kafka-playground.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "system" => Some(Theme::System),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
    fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Sets `data-theme` on `<html>` (no attribute means "follow the system").
pub fn apply_theme(theme: Theme) {
    if let Some(root) = document().document_element() {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            t => root.set_attribute("data-theme", t.as_str()),
        };
    }
}

/// The remembered theme, if any.
pub fn saved_theme() -> Theme {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|v| Theme::parse(&v))
        .unwrap_or(Theme::System)
}

/// A button that cycles system → light → dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(saved_theme());
    Effect::new(move |_| {
        let t = theme.get();
        apply_theme(t);
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, t.as_str());
        }
    });
    view! {
        <button
            type="button"
            class="button theme-toggle"
            data-testid="theme-toggle"
            title="Switch between the system's theme, light and dark"
            on:click=move |_| theme.update(|t| *t = t.next())
        >
            {move || theme.get().label()}
        </button>
    }
}
