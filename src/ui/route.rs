//! Which page the address shows, from its query string (a static site: no server routes).
//! - `?` (nothing): the sandbox playground;
//! - `?page=lessons`: the lesson list;
//! - `?lesson=ID&step=N`: step N (1-based) of a lesson.
//!
//! The browser decodes the query (`URLSearchParams`); [`Route::from_pairs`] only reads the
//! decoded pairs, so it is plain Rust and tested natively.

use leptos::prelude::*;

use super::text::percent_encode;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    Sandbox,
    Lessons,
    /// `step` is 0-based here; the address shows it 1-based.
    Lesson {
        id: String,
        step: usize,
    },
}

/// Parameters that describe how the page is shown rather than what: kept when moving.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub const KEPT_PARAMS: [&str; 3] = ["embed", "theme", "views"];

/// The page's address as a full URL (for the embed snippet), or `None` off the browser.
pub fn page_url(route: &Route, extra: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let loc = web_sys::window()?.location();
        let base = format!("{}{}", loc.origin().ok()?, loc.pathname().ok()?);
        Some(format!("{base}{}{extra}", route.href()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (route, extra);
        None
    }
}

/// Longest lesson id or parameter value read from an address (anything longer is not ours).
const MAX_PARAM: usize = 200;

impl Route {
    /// Reads decoded query pairs. Unknown parameters are ignored; a bad step number is step 1.
    pub fn from_pairs(pairs: &[(String, String)]) -> Route {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.trim())
                .filter(|v| v.len() <= MAX_PARAM)
        };
        if let Some(id) = get("lesson") {
            let step = get("step")
                .and_then(|s| s.parse::<usize>().ok())
                .unwrap_or(1)
                .max(1)
                - 1;
            return Route::Lesson {
                id: id.to_string(),
                step,
            };
        }
        if get("page") == Some("lessons") {
            return Route::Lessons;
        }
        Route::Sandbox
    }

    /// The address of this route (a query string, or `?` for the sandbox).
    pub fn href(&self) -> String {
        match self {
            Route::Sandbox => "?".into(),
            Route::Lessons => "?page=lessons".into(),
            Route::Lesson { id, step } => format!("?lesson={}&step={}", encode(id), step + 1),
        }
    }
}

/// Percent-encodes a lesson id for an address (ids are letters, digits and `-`; anything else
/// is encoded so a strange id can never break out of its parameter).
fn encode(s: &str) -> String {
    percent_encode(s, b"-_")
}

/// The page's route, provided as context by `App`.
#[derive(Clone, Copy)]
pub struct Router {
    pub route: RwSignal<Route>,
}

impl Router {
    /// Reads the current address.
    pub fn new() -> Self {
        Router {
            route: RwSignal::new(current()),
        }
    }

    /// Goes to `to`, adding a history entry (back returns here).
    pub fn go(&self, to: Route) {
        set_address(&to, false);
        self.route.set(to);
        scroll_top();
    }

    /// Replaces the address without a history entry (the step shown changed in place).
    pub fn replace(&self, to: Route) {
        set_address(&to, true);
        self.route.set(to);
    }
}

impl Default for Router {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}

/// The decoded query pairs of the page's address (empty off the browser).
pub fn query_pairs() -> Vec<(String, String)> {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
            return Vec::new();
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return Vec::new();
        };
        let mut pairs: Vec<(String, String)> = [
            "lesson", "step", "page", "embed", "views", "theme", "scenario", "share",
        ]
        .iter()
        .filter_map(|k| params.get(k).map(|v| (k.to_string(), v)))
        .collect();
        // A share link rides in the fragment (`#share=…`): never sent to a server, no length
        // limit from one.
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        if let Ok(fragment) = web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')) {
            if let Some(v) = fragment.get("share") {
                pairs.retain(|(k, _)| k != "share");
                pairs.push(("share".into(), v));
            }
        }
        pairs
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}

fn current() -> Route {
    Route::from_pairs(&query_pairs())
}

#[cfg(target_arch = "wasm32")]
fn set_address(to: &Route, replace: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    // Keep the display parameters the page was opened with (embed mode, theme, views).
    let href = match (
        web_sys::window().and_then(|w| w.location().search().ok()),
        web_sys::UrlSearchParams::new_with_str(&to.href()),
    ) {
        (Some(search), Ok(next)) => {
            if let Ok(now) = web_sys::UrlSearchParams::new_with_str(&search) {
                for k in KEPT_PARAMS {
                    if let Some(v) = now.get(k) {
                        next.append(k, &v);
                    }
                }
            }
            format!("?{}", String::from(next.to_string()))
        }
        _ => to.href(),
    };
    let _ = if replace {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
    } else {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
    };
}

#[cfg(not(target_arch = "wasm32"))]
fn set_address(_: &Route, _: bool) {}

#[cfg(target_arch = "wasm32")]
fn scroll_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn scroll_top() {}

/// Follows browser back/forward: the route is read from the address again.
pub fn follow_history(router: Router) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_pop = Closure::<dyn Fn()>::new(move || {
            router.route.set(current());
        });
        let _ =
            window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        // The page lives as long as the listener: leak it once.
        on_pop.forget();
        // A share link pasted into the address bar of an open page changes only the fragment:
        // load it as a fresh page.
        let on_hash = Closure::<dyn Fn()>::new(move || {
            let shared = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .is_some_and(|h| h.starts_with("#share="));
            if shared {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        });
        let _ =
            window.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        on_hash.forget();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = router;
}

/// A link to another page of the site: a plain `<a href>` (open in a new tab works), and a
/// plain click moves in place without reloading.
#[component]
pub fn RouteLink(
    to: Route,
    #[prop(optional, into)] class: String,
    #[prop(optional)] testid: &'static str,
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let href = to.href();
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() && !ev.alt_key()
        {
            ev.prevent_default();
            router.go(to.clone());
        }
    };
    view! {
        <a href=href class=class data-testid=testid on:click=on_click>
            {children()}
        </a>
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Decoded query pairs from string pairs (shared with the embed options' tests).
    pub(crate) fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn routes_read_from_the_query() {
        assert_eq!(Route::from_pairs(&[]), Route::Sandbox);
        assert_eq!(
            Route::from_pairs(&pairs(&[("page", "lessons")])),
            Route::Lessons
        );
        let lesson = |id: &str, step| Route::Lesson {
            id: id.into(),
            step,
        };
        assert_eq!(
            Route::from_pairs(&pairs(&[("lesson", "x"), ("step", "3")])),
            lesson("x", 2)
        );
        assert_eq!(
            Route::from_pairs(&pairs(&[("lesson", "x"), ("step", "0")])),
            lesson("x", 0)
        );
        assert_eq!(
            Route::from_pairs(&pairs(&[("lesson", "x"), ("step", "-4")])),
            lesson("x", 0)
        );
        assert_eq!(
            Route::from_pairs(&pairs(&[("lesson", "x"), ("step", "lots")])),
            lesson("x", 0)
        );
        let long = "a".repeat(500);
        assert_eq!(
            Route::from_pairs(&pairs(&[("lesson", &long)])),
            Route::Sandbox
        );
        assert_eq!(
            lesson("hot-partition", 4).href(),
            "?lesson=hot-partition&step=5"
        );
        assert_eq!(
            lesson("a&b=<c>", 0).href(),
            "?lesson=a%26b%3D%3Cc%3E&step=1"
        );
    }
}
