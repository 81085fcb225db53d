//! The lesson pages: the list with each lesson's progress, and a lesson's step beside the live
//! playground (prose, hints, questions, goals checked after every change, "show solution").
//! What is right, what is met and what is done is decided by `crate::lesson`; this file shows it
//! and keeps the learner's progress in `localStorage`.

use leptos::prelude::*;

use super::dock::{use_dock, Tab};
use super::embed::{iframe_snippet, notify_host, CheckKind, EmbedOptions, HostEvent};
use super::focus::{console_shower, ShowConsole};
use super::prose::{blocks, inlines};
use super::route::{page_url, use_router, Route, RouteLink};
use super::share::CopyBox;
use super::state::{use_playground, LineKind};
use super::workspace::PlaygroundViews;
use crate::lesson::progress::{LessonProgress, Progress};
use crate::lesson::{catalog, Answer, Check, Goal, Lesson, Question, QuestionKind};

mod local;
mod page;
mod step;

pub use local::{find_lesson, open_lesson_texts, opened_lessons, LessonDrop, Opened};
pub use page::LessonPage;

/// Where progress is kept in the browser.
pub const PROGRESS_KEY: &str = "kafka-playground.progress";

/// The learner's progress, provided by `App` and saved on every change.
#[derive(Clone, Copy)]
pub struct Saved {
    pub progress: RwSignal<Progress>,
}

impl Saved {
    pub fn load() -> Self {
        let progress = read_storage()
            .and_then(|t| Progress::from_json(&t, catalog()).ok())
            .unwrap_or_default();
        Saved {
            progress: RwSignal::new(progress),
        }
    }

    /// Changes one lesson's progress and saves.
    pub fn update(&self, lesson: &str, f: impl FnOnce(&mut LessonProgress)) {
        self.progress.update(|p| f(p.lesson_mut(lesson)));
        self.save();
    }

    /// Changes one lesson's progress, saves, and tells the host page about steps completed
    /// and the lesson finished by this change.
    pub fn record(&self, lesson: &Lesson, f: impl FnOnce(&mut LessonProgress)) {
        let before = self
            .progress
            .with_untracked(|p| p.lesson(&lesson.id).cloned())
            .unwrap_or_default();
        self.update(&lesson.id, f);
        let after = self
            .progress
            .with_untracked(|p| p.lesson(&lesson.id).cloned())
            .unwrap_or_default();
        let steps = lesson.steps.len();
        for step in after.done.difference(&before.done) {
            notify_host(&HostEvent::StepCompleted {
                lesson: lesson.id.clone(),
                step: step + 1,
                done: after.done.len(),
                steps,
            });
        }
        if after.finished(lesson) && !before.finished(lesson) {
            notify_host(&HostEvent::LessonFinished {
                lesson: lesson.id.clone(),
                steps,
            });
        }
    }

    pub fn save(&self) {
        self.progress
            .with_untracked(|p| write_storage(&p.to_json()));
    }

    pub fn lesson(&self, id: &str) -> LessonProgress {
        self.progress
            .with(|p| p.lesson(id).cloned())
            .unwrap_or_default()
    }
}

pub fn use_saved() -> Saved {
    expect_context::<Saved>()
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

#[cfg(target_arch = "wasm32")]
fn read_storage() -> Option<String> {
    storage()?.get_item(PROGRESS_KEY).ok().flatten()
}

#[cfg(target_arch = "wasm32")]
fn write_storage(json: &str) {
    // A full or disabled storage only means progress is not kept; the lesson still works.
    if let Some(s) = storage() {
        let _ = s.set_item(PROGRESS_KEY, json);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn read_storage() -> Option<String> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn write_storage(_: &str) {}

fn steps_done(saved: &Saved, l: &Lesson) -> usize {
    saved.progress.with(|p| {
        p.lesson(&l.id).map_or(0, |lp| {
            lp.done.iter().filter(|i| **i < l.steps.len()).count()
        })
    })
}

// ---------------------------------------------------------------- the list

#[component]
pub fn LessonList() -> impl IntoView {
    let saved = use_saved();
    let cat = catalog();
    let errors = cat
        .errors
        .iter()
        .map(|e| view! { <li>{e.to_string()}</li> })
        .collect_view();
    let cards = cat
        .lessons
        .iter()
        .map(|l| {
            let n = l.steps.len();
            let done = move || steps_done(&saved, l);
            // The first step not done yet (the learner may have looked ahead without doing it).
            let resume = move || saved.lesson(&l.id).first_open(n);
            let label = move || match done() {
                0 => "Start".to_string(),
                d if d == n => "Review".to_string(),
                _ => format!("Continue at step {}", resume() + 1),
            };
            let to = Signal::derive(move || Route::Lesson {
                id: l.id.clone(),
                step: if done() == n { 0 } else { resume() },
            });
            view! {
                <li class="lesson-card panel" data-testid="lesson-card">
                    <h2 class="lesson-card__title">{l.title.clone()}</h2>
                    <p class="lesson-card__summary">{l.summary.clone()}</p>
                    <p class="lesson-card__meta">
                        {format!("About {} minutes · {} steps", l.minutes, n)}
                    </p>
                    <div class="lesson-card__progress">
                        <progress max=n value=done aria-label=format!("{}: steps done", l.title)></progress>
                        <span data-testid="lesson-card-progress">
                            {move || {
                                if done() == n {
                                    "Finished".to_string()
                                } else {
                                    format!("{} of {n} steps done", done())
                                }
                            }}
                        </span>
                    </div>
                    {move || {
                        view! {
                            <RouteLink to=to.get() class="button button--primary" testid="lesson-start">
                                {label()}
                                <span class="visually-hidden">{format!(": {}", l.title)}</span>
                            </RouteLink>
                        }
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        // A lesson file dropped beside the drop zone must not make the browser leave the page
        // to show the file.
        <section
            class="lessons"
            aria-labelledby="lessons-title"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=|ev: leptos::ev::DragEvent| ev.prevent_default()
        >
            <h1 id="lessons-title" class="page__title">"Lessons"</h1>
            <p class="page__lead">
                "Each lesson sits beside a live playground: read a step, try it, and the quick checks tell you whether you got it. Your progress stays in this browser."
            </p>
            <Show when=move || !cat.errors.is_empty()>
                <div class="notice notice--error" role="alert">
                    <p>"Some lesson files could not be read:"</p>
                    <ul>{errors.clone()}</ul>
                </div>
            </Show>
            <ol class="lessons__list">{cards}</ol>
            <LessonDrop />
            <ProgressTools />
        </section>
    }
}

/// Export, import and reset of the saved progress.
#[component]
fn ProgressTools() -> impl IntoView {
    let saved = use_saved();
    let message = RwSignal::new(None::<(bool, String)>);
    let confirm = RwSignal::new(false);
    let export_href = move || {
        let json = saved.progress.with(Progress::to_json);
        format!("data:application/json;charset=utf-8,{}", encode_uri(&json))
    };
    let on_import = move |ev: leptos::ev::Event| {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            if file.size() > crate::lesson::progress::MAX_PROGRESS_BYTES as f64 {
                message.set(Some((
                    false,
                    "That file is too large to be a progress file.".into(),
                )));
                return;
            }
            leptos::task::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string());
                let result = match text {
                    Some(t) => Progress::from_json(&t, catalog()),
                    None => Err("The file could not be read.".into()),
                };
                match result {
                    Ok(p) => {
                        saved.progress.set(p);
                        saved.save();
                        message.set(Some((true, "Progress imported.".into())));
                    }
                    Err(e) => message.set(Some((false, format!("Nothing was imported. {e}")))),
                }
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = ev;
    };
    let reset = move |_| {
        saved.progress.set(Progress::new());
        saved.save();
        confirm.set(false);
        message.set(Some((true, "All progress was cleared.".into())));
    };
    view! {
        <section class="progress-tools panel" aria-labelledby="progress-tools-title">
            <h2 id="progress-tools-title" class="panel__title">"Your progress"</h2>
            <p class="muted">
                "Progress is saved in this browser only. Export it to a file to keep it or move it to another browser."
            </p>
            <div class="progress-tools__row">
                <a
                    class="button"
                    data-testid="progress-export"
                    download="kafka-playground-progress.json"
                    href=export_href
                >
                    "Export progress"
                </a>
                <label class="button progress-tools__import">
                    "Import progress"
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="progress-import"
                        class="visually-hidden"
                        on:change=on_import
                    />
                </label>
                <Show
                    when=move || confirm.get()
                    fallback=move || {
                        view! {
                            <button type="button" class="button" on:click=move |_| confirm.set(true)>
                                "Reset all progress"
                            </button>
                        }
                    }
                >
                    <span class="progress-tools__confirm">
                        "Clear every lesson's progress?"
                        <button type="button" class="button button--danger" data-testid="progress-reset" on:click=reset>
                            "Yes, clear it"
                        </button>
                        <button type="button" class="button" on:click=move |_| confirm.set(false)>
                            "Cancel"
                        </button>
                    </span>
                </Show>
            </div>
            <p role="status" class=move || match message.get() {
                Some((false, _)) => "form__error",
                _ => "form__ok",
            }>{move || message.get().map(|(_, m)| m)}</p>
        </section>
    }
}

#[cfg(target_arch = "wasm32")]
fn encode_uri(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

#[cfg(not(target_arch = "wasm32"))]
fn encode_uri(s: &str) -> String {
    // What `encodeURIComponent` leaves as it is.
    super::text::percent_encode(s, b"-_.!~*'()")
}

// ---------------------------------------------------------------- a lesson
