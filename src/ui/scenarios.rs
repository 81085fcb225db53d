//! The "Scenario" menu and what it says is loaded. The scenarios themselves (table and loader)
//! live in `lesson::scenario`, shared with `kafka-sim` and the tests.

use leptos::prelude::*;

use super::state::{show_error, use_playground};
pub use crate::lesson::scenario::{build, scenario, Scenario, SCENARIOS};

/// What the playground holds now, as the Scenario menu names it: a scenario, a lesson step's
/// world, or a shared link. Reset goes back to its start.
#[derive(Clone, Copy)]
pub struct Loaded {
    /// The scenario id when a scenario is loaded.
    pub scenario: RwSignal<Option<&'static str>>,
    /// Its name, as the learner reads it.
    pub title: RwSignal<String>,
}

impl Loaded {
    pub fn new(scenario: Option<&'static Scenario>, title: &str) -> Self {
        Loaded {
            scenario: RwSignal::new(scenario.map(|s| s.id)),
            title: RwSignal::new(
                scenario.map_or_else(|| title.to_string(), |s| s.title.to_string()),
            ),
        }
    }

    /// Names something other than a scenario (a lesson's step, a shared link).
    pub fn set_other(&self, title: String) {
        self.scenario.set(None);
        self.title.set(title);
    }
}

/// The `Loaded` provided by `App`, or a new one (a view mounted on its own).
pub fn use_loaded() -> Loaded {
    use_context::<Loaded>().unwrap_or_else(|| {
        let l = Loaded::new(SCENARIOS.first(), "");
        provide_context(l);
        l
    })
}

/// The menu that loads a scenario (replacing the current world; reset comes back to it). It
/// names what is loaded, also when that is a lesson's world rather than a scenario.
#[component]
pub fn ScenarioPicker() -> impl IntoView {
    let pg = use_playground();
    let loaded = use_loaded();
    let chosen = RwSignal::new(
        loaded
            .scenario
            .get_untracked()
            .unwrap_or_default()
            .to_string(),
    );
    // Follow what gets loaded from elsewhere (a lesson, a host page).
    Effect::new(move |_| chosen.set(loaded.scenario.get().unwrap_or_default().to_string()));
    let error = RwSignal::new(None::<String>);
    let load = move |_| {
        let id = chosen.get_untracked();
        if id.is_empty() {
            error.set(Some("Pick a scenario in the menu first.".into()));
            return;
        }
        let built = scenario(&id)
            .ok_or_else(|| format!("There is no scenario '{id}'."))
            .and_then(|s| build(s).map(|w| (s, w)));
        if let Some((s, world)) = show_error(error, built) {
            pg.load(world);
            loaded.scenario.set(Some(s.id));
            loaded.title.set(s.title.to_string());
            pg.playing.set(true);
        }
    };
    view! {
        <div class="scenario">
            <label for="scenario-select" class="scenario__label">"Scenario"</label>
            <select
                id="scenario-select"
                data-testid="scenario-select"
                prop:value=move || chosen.get()
                on:change=move |ev| chosen.set(event_target_value(&ev))
            >
                <Show when=move || loaded.scenario.with(Option::is_none)>
                    <option value="" data-testid="scenario-other">
                        {move || format!("Now: {}", loaded.title.get())}
                    </option>
                </Show>
                {SCENARIOS
                    .iter()
                    .map(|s| view! { <option value=s.id>{s.title}</option> })
                    .collect_view()}
            </select>
            <button type="button" class="button" data-testid="scenario-load" on:click=load>
                "Load"
            </button>
            <Show when=move || error.with(Option::is_some)>
                <p class="form__error" role="alert">{move || error.get()}</p>
            </Show>
        </div>
    }
}
