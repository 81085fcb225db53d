//! The site: a header with the two places (lessons, playground), then the page the address
//! names (see `route`): the sandbox playground, the lesson list, or a lesson beside the
//! playground. One `Playground` serves every page, so the clock and console live on.

use leptos::prelude::*;

use super::clock::start_clock;
use super::lessons::{LessonList, LessonPage, Saved};
use super::route::{follow_history, Route, RouteLink, Router};
use super::scenarios::ScenarioPicker;
use super::state::{example_world, Playground, Views};
use super::theme::ThemeToggle;
use super::workspace::PlaygroundViews;

#[component]
pub fn App() -> impl IntoView {
    let pg = Playground::new(example_world());
    provide_context(pg);
    let router = Router::new();
    provide_context(router);
    follow_history(router);
    provide_context(Saved::load());
    start_clock(pg);
    let route = router.route;
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
        <main id="main" class="page" tabindex="-1">
            {move || match route.get() {
                Route::Sandbox => view! { <Sandbox /> }.into_any(),
                Route::Lessons => view! { <LessonList /> }.into_any(),
                Route::Lesson { id, .. } => {
                    let step = Signal::derive(move || match route.get() {
                        Route::Lesson { step, .. } => step,
                        _ => 0,
                    });
                    view! { <LessonPage id=id step=step /> }.into_any()
                }
            }}
        </main>
        <footer class="site-footer">
            <p>"Partitioning is murmur2 of the key, bit for bit as in the Java client. No data leaves your browser."</p>
        </footer>
    }
}

/// The sandbox: every view, starting from the example scenario (or where the learner left it).
#[component]
fn Sandbox() -> impl IntoView {
    let pg = super::state::use_playground();
    pg.views.set(Views::ALL);
    view! {
        <h1 class="page__title">"Kafka playground"</h1>
        <p class="page__lead">
            "Create topics, produce records, start and crash consumers, kill brokers, and watch partitions, assignments, replicas and lag move. "
            "Everything runs here, in a model of Kafka compiled to WebAssembly. New to Kafka? "
            <RouteLink to=Route::Lesson { id: "first-producer-consumer".into(), step: 0 } testid="start-first-lesson">
                "Start with the first lesson"
            </RouteLink>
            "."
        </p>
        <PlaygroundViews />
    }
}
