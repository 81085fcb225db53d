//! The site: a header with the two places (lessons, playground), then the page the address
//! names (see `route`): the sandbox playground, the lesson list, or a lesson beside the
//! playground. One `Playground` serves every page, so the clock and console live on.
//! With `?embed=1` the page drops the site's header and footer to fit a course page's frame
//! (see `embed`).

use leptos::prelude::*;

use super::clock::start_clock;
use super::embed::{listen_host, EmbedOptions, HostCommand};
use super::lessons::{LessonList, LessonPage, Saved};
use super::route::{follow_history, query_pairs, Route, RouteLink, Router};
use super::scenarios::{build as build_scenario, scenario, Loaded, ScenarioPicker};
use super::share::{link_from, open_link, ShareErrorView, SharePanel};
use super::state::Playground;
use super::theme::{apply_theme, ThemeToggle};
use super::workspace::PlaygroundViews;
use crate::lesson::{example_world, Panels};

#[component]
pub fn App() -> impl IntoView {
    let pairs = query_pairs();
    let opts = EmbedOptions::from_pairs(&pairs);
    provide_context(opts);
    if let Some(theme) = opts.theme {
        apply_theme(theme);
    }
    // A share link (`#share=…`) rebuilds its world; one that cannot be opened shows why.
    // Else `?scenario=ID` starts the sandbox from that scenario (an unknown id: the example).
    let share_error = RwSignal::new(None::<String>);
    let shared = link_from(&pairs).and_then(|text| match open_link(text) {
        Ok(w) => Some(w),
        Err(e) => {
            share_error.set(Some(e));
            None
        }
    });
    provide_context(ShareState { error: share_error });
    let asked = pairs
        .iter()
        .find(|(k, _)| k == "scenario")
        .and_then(|(_, id)| scenario(id))
        .and_then(|s| build_scenario(s).ok().map(|w| (s, w)));
    let loaded = match (&shared, &asked) {
        (Some(_), _) => Loaded::new(None, "a shared playground"),
        (None, Some((s, _))) => Loaded::new(Some(s), ""),
        (None, None) => Loaded::new(scenario("example"), ""),
    };
    provide_context(loaded);
    let start = shared.unwrap_or_else(|| asked.map_or_else(example_world, |(_, w)| w));
    let from_link = shared_ok(&share_error, &pairs);
    let pg = Playground::new(start);
    // A shared world opens paused at the moment it was shared; Play continues from there.
    if from_link {
        pg.playing.set(false);
    }
    provide_context(pg);
    provide_context(super::dock::Dock::new());
    let router = Router::new();
    provide_context(router);
    follow_history(router);
    provide_context(Saved::load());
    start_clock(pg);
    // The host page may move the lesson to a step or reset the step's playground.
    listen_host(move |cmd| match cmd {
        HostCommand::GoToStep { step, .. } => {
            if let Route::Lesson { id, .. } = router.route.get_untracked() {
                router.go(Route::Lesson {
                    id,
                    step: step.saturating_sub(1),
                });
            }
        }
        HostCommand::Reset { .. } => pg.reset(),
    });
    let route = router.route;
    // The page is rebuilt when the place changes, not when a lesson moves to another step (the
    // lesson page follows its step itself, and keeps the playground when moving on).
    let place = Memo::new(move |_| match route.get() {
        Route::Lesson { id, .. } => Route::Lesson { id, step: 0 },
        other => other,
    });
    // Keyed by the place, so a new place gets new elements rather than the old ones re-used.
    let page = move || {
        view! {
            <For each=move || [place.get()] key=|p| p.clone() let:p>
                {untrack(|| show(p, route))}
            </For>
        }
    };
    // The lesson page and the playground fit one screen; the lesson list scrolls as a page.
    let fit = move || route.with(|r| !matches!(r, Route::Lessons));
    if opts.embed {
        return view! {
            <main id="main" class="page page--embed" class:page--fit=fit data-testid="embedded">
                {page}
            </main>
        }
        .into_any();
    }
    let is = move |r: fn(&Route) -> bool| move || route.with(r);
    let nav_current = move |lessons: bool| {
        move || {
            let on_lessons = route.with(|r| !matches!(r, Route::Sandbox));
            (on_lessons == lessons).then_some("page")
        }
    };
    view! {
        <a class="skip-link" href="#main">"Skip to the content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <p class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    "Kafka Playground"
                </p>
                <nav class="site-nav" aria-label="Site">
                    <RouteLink to=Route::Lessons class="site-nav__link" testid="nav-lessons">
                        <span aria-current=nav_current(true)>"Lessons"</span>
                    </RouteLink>
                    <RouteLink to=Route::Sandbox class="site-nav__link" testid="nav-playground">
                        <span aria-current=nav_current(false)>"Playground"</span>
                    </RouteLink>
                </nav>
                <div class="site-header__tools">
                    <Show when=is(|r| matches!(r, Route::Sandbox))>
                        <ScenarioPicker />
                    </Show>
                    <ThemeToggle />
                </div>
            </div>
        </header>
        <main id="main" class="page" class:page--fit=fit tabindex="-1">
            {page}
        </main>
        <footer class="site-footer">
            <p>"Modelled on Apache Kafka 4.3: the console prints what Kafka 4.3.1's tools print. Partitioning is murmur2 of the key, bit for bit as in the Java client. No data leaves your browser."</p>
        </footer>
    }
    .into_any()
}

/// The sandbox: every view (or those `views=` names), from the example scenario, the one
/// `scenario=` names, or where the learner left it.
/// Why the share link in the address could not be opened, if it could not.
#[derive(Clone, Copy)]
struct ShareState {
    error: RwSignal<Option<String>>,
}

#[component]
fn Sandbox() -> impl IntoView {
    let pg = super::state::use_playground();
    let opts = use_context::<EmbedOptions>().unwrap_or_default();
    pg.views.set(opts.narrow(Panels::ALL));
    let share = expect_context::<ShareState>();
    if share.error.with_untracked(Option::is_some) {
        return view! {
            <Show
                when=move || share.error.with(Option::is_some)
                fallback=|| view! { <Sandbox /> }
            >
                <ShareErrorView error=share.error />
            </Show>
        }
        .into_any();
    }
    if opts.embed {
        return view! {
            <h1 class="visually-hidden">"Kafka playground"</h1>
            <PlaygroundViews />
        }
        .into_any();
    }
    view! {
        <div class="sandbox">
            <div class="sandbox__top">
                <h1 class="page__title">"Kafka playground"</h1>
                <p class="page__lead">
                    "A model of Kafka running in your browser: act on the map or type in the console. New to Kafka? "
                    <RouteLink to=Route::Lesson { id: "first-producer-consumer".into(), step: 0 } testid="start-first-lesson">
                        "Start with the first lesson"
                    </RouteLink>
                    "."
                </p>
                <details class="sandbox__share" data-testid="share-details">
                    <summary>"Share"</summary>
                    <SharePanel />
                </details>
            </div>
            <PlaygroundViews />
        </div>
    }
    .into_any()
}

/// The page for a place (the lesson page follows the step inside `route` itself).
fn show(place: Route, route: RwSignal<Route>) -> AnyView {
    match place {
        Route::Sandbox => view! { <Sandbox /> }.into_any(),
        Route::Lessons => view! { <LessonList /> }.into_any(),
        Route::Lesson { id, .. } => {
            // Leaving the lesson must not read as "step 1": the page would rebuild step 1's
            // world on its way out, and the playground would open on that instead of the
            // learner's own.
            let step = Memo::new(move |prev: Option<&usize>| match route.get() {
                Route::Lesson { step, .. } => step,
                _ => prev.copied().unwrap_or(0),
            });
            let step = Signal::from(step);
            view! { <LessonPage id=id step=step /> }.into_any()
        }
    }
}

/// Whether the page opened a share link successfully.
fn shared_ok(error: &RwSignal<Option<String>>, pairs: &[(String, String)]) -> bool {
    link_from(pairs).is_some() && error.with_untracked(Option::is_none)
}
