//! The dock under the cluster map: the console and the other views (records, groups, brokers,
//! lag, timeline, forms) as tabs, one shown at a time, so a page fits one screen. Which tabs a
//! page offers follows its `Views` (a lesson step's `views` block). The dock's height can be
//! dragged (or set with the arrow keys on its handle).

use leptos::prelude::*;

use super::brokers::BrokersPanel;
use super::console::ConsolePane;
use super::groups::GroupsPanel;
use super::lag::LagPanel;
use super::lanes::Lanes;
use super::producer::Producer;
use super::state::{use_playground, Views};
use super::timeline::Timeline;
use super::topic_form::TopicForm;

/// One tab of the dock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Console,
    Produce,
    Topics,
    Records,
    Groups,
    Brokers,
    Lag,
    Timeline,
}

impl Tab {
    /// In the order the tab list shows them.
    pub const ALL: [Tab; 8] = [
        Tab::Console,
        Tab::Produce,
        Tab::Topics,
        Tab::Records,
        Tab::Groups,
        Tab::Brokers,
        Tab::Lag,
        Tab::Timeline,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Tab::Console => "Console",
            Tab::Produce => "Produce",
            Tab::Topics => "Topics",
            Tab::Records => "Records",
            Tab::Groups => "Groups",
            Tab::Brokers => "Brokers",
            Tab::Lag => "Lag chart",
            Tab::Timeline => "Events",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Console => "console",
            Tab::Produce => "produce",
            Tab::Topics => "topics",
            Tab::Records => "records",
            Tab::Groups => "groups",
            Tab::Brokers => "brokers",
            Tab::Lag => "lag",
            Tab::Timeline => "timeline",
        }
    }

    /// Whether the page's views offer this tab.
    pub fn offered(self, v: &Views) -> bool {
        match self {
            Tab::Console => v.console,
            Tab::Produce => v.producer,
            Tab::Topics => v.topics,
            Tab::Records => v.lanes,
            Tab::Groups => v.groups,
            Tab::Brokers => v.brokers,
            Tab::Lag => v.lag,
            Tab::Timeline => v.timeline,
        }
    }
}

/// The tabs a page's views offer, in order.
pub fn offered_tabs(v: &Views) -> Vec<Tab> {
    Tab::ALL.into_iter().filter(|t| t.offered(v)).collect()
}

/// The tab to show: the chosen one while it is offered, else the first offered one.
pub fn shown_tab(chosen: Tab, v: &Views) -> Option<Tab> {
    if chosen.offered(v) {
        Some(chosen)
    } else {
        offered_tabs(v).into_iter().next()
    }
}

/// Smallest and largest dock heights, in CSS pixels.
pub const DOCK_MIN: f64 = 120.0;
pub const DOCK_MAX: f64 = 900.0;
/// What one arrow key press on the handle moves the dock by.
const DOCK_KEY_STEP: f64 = 24.0;

/// The dock's state, shared by the page (a lesson's "Run in console" opens the console tab).
#[derive(Clone, Copy)]
pub struct Dock {
    pub tab: RwSignal<Tab>,
    /// Height in CSS pixels; `None` leaves it to the stylesheet.
    pub height: RwSignal<Option<f64>>,
}

impl Dock {
    pub fn new() -> Self {
        Dock {
            tab: RwSignal::new(Tab::Console),
            height: RwSignal::new(None),
        }
    }
}

impl Default for Dock {
    fn default() -> Self {
        Self::new()
    }
}

/// The dock provided by `App`, or a new one (a test that mounts a view on its own).
pub fn use_dock() -> Dock {
    use_context::<Dock>().unwrap_or_else(|| {
        let d = Dock::new();
        provide_context(d);
        d
    })
}

fn tab_view(t: Tab) -> AnyView {
    match t {
        Tab::Console => view! { <ConsolePane /> }.into_any(),
        Tab::Produce => view! { <Producer /> }.into_any(),
        Tab::Topics => view! { <TopicForm /> }.into_any(),
        Tab::Records => view! { <Lanes /> }.into_any(),
        Tab::Groups => view! { <GroupsPanel /> }.into_any(),
        Tab::Brokers => view! { <BrokersPanel /> }.into_any(),
        Tab::Lag => view! { <LagPanel /> }.into_any(),
        Tab::Timeline => view! { <Timeline /> }.into_any(),
    }
}

/// The dock: a tab list and the shown tab's view. Nothing when the page offers no tab.
#[component]
pub fn DockPanel() -> impl IntoView {
    let pg = use_playground();
    let dock = use_dock();
    let tabs = Memo::new(move |_| pg.views.with(offered_tabs));
    let shown = Memo::new(move |_| pg.views.with(|v| shown_tab(dock.tab.get(), v)));
    let drag = StoredValue::new(None::<(f64, f64)>);

    let height_style = move || {
        dock.height
            .get()
            .map(|h| format!("height: {h:.0}px"))
            .unwrap_or_default()
    };
    let current_height = move || -> f64 {
        dock.height
            .get_untracked()
            .unwrap_or_else(|| measured_height().unwrap_or(260.0))
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        ev.prevent_default();
        drag.set_value(Some((f64::from(ev.client_y()), current_height())));
        capture_pointer(&ev);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((y0, h0)) = drag.get_value() {
            let h = (h0 + y0 - f64::from(ev.client_y())).clamp(DOCK_MIN, DOCK_MAX);
            dock.height.set(Some(h));
        }
    };
    let on_up = move |_ev: leptos::ev::PointerEvent| drag.set_value(None);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let delta = match ev.key().as_str() {
            "ArrowUp" => DOCK_KEY_STEP,
            "ArrowDown" => -DOCK_KEY_STEP,
            _ => return,
        };
        ev.prevent_default();
        let h = (current_height() + delta).clamp(DOCK_MIN, DOCK_MAX);
        dock.height.set(Some(h));
    };
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        // The WAI-ARIA tabs pattern: arrows move between tabs.
        let step: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        ev.prevent_default();
        let list = tabs.get_untracked();
        let Some(cur) = shown.get_untracked() else {
            return;
        };
        let at = list.iter().position(|t| *t == cur).unwrap_or(0) as isize;
        let len = list.len() as isize;
        if len == 0 {
            return;
        }
        let next = list[((at + step).rem_euclid(len)) as usize];
        dock.tab.set(next);
        focus_tab(next);
    };

    view! {
        <Show when=move || tabs.with(|t| !t.is_empty())>
            <section class="dock" data-testid="dock" style=height_style aria-label="Console and views">
                <div
                    class="dock__handle"
                    role="separator"
                    aria-orientation="horizontal"
                    aria-label="Resize the console and views (arrow keys)"
                    aria-valuemin=DOCK_MIN.to_string()
                    aria-valuemax=DOCK_MAX.to_string()
                    aria-valuenow=move || format!("{:.0}", dock.height.get().unwrap_or(260.0))
                    tabindex="0"
                    data-testid="dock-handle"
                    on:pointerdown=on_down
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:pointercancel=on_up
                    on:keydown=on_key
                ></div>
                <div class="dock__tabs" role="tablist" aria-label="Views" on:keydown=on_tab_key>
                    <For
                        each=move || tabs.get()
                        key=|t| *t
                        children=move |t| {
                            let selected = move || shown.get() == Some(t);
                            view! {
                                <button
                                    type="button"
                                    role="tab"
                                    id=format!("dock-tab-{}", t.as_str())
                                    class="dock__tab"
                                    aria-selected=move || selected().to_string()
                                    aria-controls="dock-panel"
                                    tabindex=move || if selected() { "0" } else { "-1" }
                                    data-testid=format!("tab-{}", t.as_str())
                                    on:click=move |_| dock.tab.set(t)
                                >
                                    {t.label()}
                                </button>
                            }
                        }
                    />
                </div>
                <div
                    id="dock-panel"
                    class="dock__panel"
                    role="tabpanel"
                    aria-labelledby=move || shown.get().map(|t| format!("dock-tab-{}", t.as_str()))
                    data-testid="dock-panel"
                >
                    {move || shown.get().map(tab_view)}
                </div>
            </section>
        </Show>
    }
}

#[cfg(target_arch = "wasm32")]
fn measured_height() -> Option<f64> {
    let el = web_sys::window()?
        .document()?
        .query_selector("[data-testid=dock]")
        .ok()??;
    Some(el.get_bounding_client_rect().height())
}

#[cfg(not(target_arch = "wasm32"))]
fn measured_height() -> Option<f64> {
    None
}

#[cfg(target_arch = "wasm32")]
fn capture_pointer(ev: &leptos::ev::PointerEvent) {
    use wasm_bindgen::JsCast;
    if let Some(el) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    {
        let _ = el.set_pointer_capture(ev.pointer_id());
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn capture_pointer(_: &leptos::ev::PointerEvent) {}

#[cfg(target_arch = "wasm32")]
fn focus_tab(t: Tab) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("dock-tab-{}", t.as_str())))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn focus_tab(_: Tab) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::Panels;

    #[test]
    fn tabs_follow_the_views() {
        let v = Panels::parse("lanes, console").unwrap();
        assert_eq!(offered_tabs(&v), vec![Tab::Console, Tab::Records]);
        assert_eq!(shown_tab(Tab::Groups, &v), Some(Tab::Console));
        assert_eq!(shown_tab(Tab::Records, &v), Some(Tab::Records));
        let none = Panels::parse("time").unwrap();
        assert_eq!(shown_tab(Tab::Console, &none), None);
        assert_eq!(offered_tabs(&Panels::ALL).len(), Tab::ALL.len());
    }
}
