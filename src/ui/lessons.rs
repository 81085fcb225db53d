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
        <section class="lessons" aria-labelledby="lessons-title">
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

#[component]
pub fn LessonPage(#[prop(into)] id: String, step: Signal<usize>) -> impl IntoView {
    let Some(lesson) = catalog().get(&id) else {
        return view! {
            <section class="notice notice--error lesson-missing" role="alert" data-testid="lesson-missing">
                <h1 class="page__title">"Lesson not found"</h1>
                <p>{format!("There is no lesson called '{id}'. It may have been renamed, or its file has a mistake.")}</p>
                {(!catalog().errors.is_empty())
                    .then(|| {
                        view! {
                            <p>"These lesson files could not be read:"</p>
                            <ul class="mono">
                                {catalog()
                                    .errors
                                    .iter()
                                    .map(|e| view! { <li>{e.to_string()}</li> })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                <p>
                    <RouteLink to=Route::Lessons class="button button--primary">"See all lessons"</RouteLink>
                </p>
            </section>
        }
        .into_any();
    };
    let pg = use_playground();
    let saved = use_saved();
    let router = use_router();
    let opts = use_context::<EmbedOptions>().unwrap_or_default();
    let n = lesson.steps.len();
    notify_host(&HostEvent::LessonStarted {
        lesson: lesson.id.clone(),
        step: step.get_untracked().min(n - 1) + 1,
        steps: n,
    });
    let index = Memo::new(move |_| step.get().min(n - 1));
    let setup_error = RwSignal::new(None::<String>);
    let loaded = super::scenarios::use_loaded();
    // The group this step's goals measure: the lag chart follows it.
    provide_context(super::lag::FocusGroup(Signal::derive(move || {
        lesson.steps[index.get()]
            .checks
            .iter()
            .find_map(|c| match c {
                Check::Goal(g) => g
                    .conditions
                    .iter()
                    .find_map(|c| c.group().map(str::to_string)),
                Check::Question(_) => None,
            })
    })));
    // The step whose world the playground holds: moving on to the next step keeps it.
    let entered = StoredValue::new(None::<usize>);

    // Entering a step: build its world (or keep the previous step's), show its views.
    Effect::new(move |_| {
        let i = index.get();
        let s = &lesson.steps[i];
        let carry_on = s.setup.is_none() && entered.get_value() == Some(i.wrapping_sub(1));
        if entered.get_value() != Some(i) && !carry_on {
            loaded.set_other(format!("{}, step {}", lesson.title, i + 1));
            match lesson.world_for(i) {
                Ok(w) => {
                    setup_error.set(None);
                    pg.load(w);
                }
                Err(e) => {
                    setup_error.set(Some(e.to_string()));
                    pg.load(crate::engine::World::new(lesson.seed));
                }
            }
            pg.playing.set(true);
            // A step's console starts clean: the previous step's output is not this step's.
            pg.console_lines.set(Vec::new());
            pg.push_line(
                LineKind::Stdout,
                &format!(
                    "Step {}: {}. The playground is ready for this step.",
                    i + 1,
                    s.title
                ),
            );
        }
        entered.set_value(Some(i));
        pg.views.set(opts.narrow(s.views));
        saved.update(&lesson.id, |lp| lp.step = i);
    });

    // Goals are checked after every change to the world; once met they stay passed.
    Effect::new(move |_| {
        let i = index.get();
        let s = &lesson.steps[i];
        let open: Vec<&Goal> = saved.progress.with_untracked(|p| {
            s.checks
                .iter()
                .filter_map(|c| match c {
                    Check::Goal(g)
                        if !p
                            .lesson(&lesson.id)
                            .is_some_and(|lp| lp.passed.contains(&g.id)) =>
                    {
                        Some(g)
                    }
                    _ => None,
                })
                .collect()
        });
        if open.is_empty() {
            return;
        }
        let met: Vec<String> = pg.world.with(|w| {
            open.iter()
                .filter(|g| g.met(w))
                .map(|g| g.id.clone())
                .collect()
        });
        if !met.is_empty() {
            saved.record(lesson, |lp| {
                for id in &met {
                    lp.goal_met(lesson, i, id);
                }
            });
            for id in met {
                notify_host(&HostEvent::CheckAnswered {
                    lesson: lesson.id.clone(),
                    step: i + 1,
                    check: id,
                    kind: CheckKind::Goal,
                    correct: true,
                });
            }
        }
    });

    let go = move |to: usize| {
        router.go(Route::Lesson {
            id: lesson.id.clone(),
            step: to,
        })
    };
    let done_count = move || steps_done(&saved, lesson);
    let step_list = (0..n)
        .map(|i| {
            let title = lesson.steps[i].title.clone();
            let done = move || saved.progress.with(|p| p.lesson(&lesson.id).is_some_and(|lp| lp.done.contains(&i)));
            let current = move || index.get() == i;
            view! {
                <li class="lesson__dot" class:lesson__dot--done=done class:lesson__dot--current=current>
                    <a
                        href=Route::Lesson { id: lesson.id.clone(), step: i }.href()
                        aria-current=move || current().then_some("step")
                        on:click=move |ev| {
                            ev.prevent_default();
                            go(i);
                        }
                    >
                        <span class="lesson__dot-n" aria-hidden="true">{i + 1}</span>
                        <span class="visually-hidden">
                            {move || format!("Step {}: {}{}", i + 1, title, if done() { " (done)" } else { "" })}
                        </span>
                    </a>
                </li>
            }
        })
        .collect_view();

    // Phone width: one part at a time (the step, the map, the console and views).
    let mtab = RwSignal::new(MobileTab::Step);
    let dock = use_dock();
    // "Run in console" and a goal's solution show the console (on a phone too).
    let show_console = move || {
        dock.tab.set(Tab::Console);
        mtab.set(MobileTab::Dock);
    };
    provide_context(ShowConsole(Callback::new(move |_: ()| show_console())));
    let column = NodeRef::<leptos::html::Article>::new();
    // A new step starts at its title, not where the previous step's column was scrolled to.
    Effect::new(move |prev: Option<usize>| {
        let i = index.get();
        if prev.is_some_and(|p| p != i) {
            if let Some(el) = column.get_untracked() {
                el.set_scroll_top(0);
            }
            mtab.set(MobileTab::Step);
        }
        i
    });
    let mtabs = MobileTab::ALL
        .into_iter()
        .map(|t| {
            view! {
                <button
                    type="button"
                    role="tab"
                    class="lesson-page__mtab"
                    aria-selected=move || (mtab.get() == t).to_string()
                    data-testid=format!("mtab-{}", t.as_str())
                    on:click=move |_| mtab.set(t)
                >
                    {t.label()}
                </button>
            }
        })
        .collect_view();

    view! {
        <div
            class="lesson-page"
            class=("lesson-page--m-step", move || mtab.get() == MobileTab::Step)
            class=("lesson-page--m-map", move || mtab.get() == MobileTab::Map)
            class=("lesson-page--m-dock", move || mtab.get() == MobileTab::Dock)
        >
            <article class="lesson" aria-labelledby="lesson-title" data-testid="lesson" node_ref=column>
                <Show when=move || !opts.embed>
                    <p class="lesson__crumbs">
                        <RouteLink to=Route::Lessons>"All lessons"</RouteLink>
                    </p>
                </Show>
                <h1 id="lesson-title" class="lesson__title">{lesson.title.clone()}</h1>
                <div class="lesson__progress">
                    <progress max=n value=done_count aria-label="Steps done"></progress>
                    <span data-testid="lesson-progress">{move || format!("{} of {n} steps done", done_count())}</span>
                </div>
                <nav aria-label="Steps">
                    <ol class="lesson__dots">{step_list}</ol>
                </nav>
                // Keyed by the step: a new step gets new elements (a re-used `<details>` would
                // stay open, a re-used answer box keep its text). Only the step number rebuilds
                // it: what it reads while being built (saved answers) must not.
                <For each=move || [index.get()] key=|i| *i let:i>
                    {untrack(|| view! { <StepView lesson=lesson index=i setup_error=setup_error go=go /> })}
                </For>
                <Show when=move || !opts.embed>
                    <EmbedCode lesson=lesson />
                </Show>
            </article>
            <div class="lesson-page__goals">
                <For each=move || [index.get()] key=|i| *i let:i>
                    {untrack(|| view! { <GoalBar lesson=lesson index=i /> })}
                </For>
            </div>
            <div class="lesson-page__mtabs" role="tablist" aria-label="Show">
                {mtabs}
            </div>
            <div class="lesson-page__playground">
                <PlaygroundViews />
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn StepView(
    lesson: &'static Lesson,
    index: usize,
    setup_error: RwSignal<Option<String>>,
    go: impl Fn(usize) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let saved = use_saved();
    let router = use_router();
    let s = &lesson.steps[index];
    let n = lesson.steps.len();
    let hints_shown = RwSignal::new(0usize);
    let hint_count = s.hints.len();
    let done = move || {
        saved.progress.with(|p| {
            p.lesson(&lesson.id)
                .is_some_and(|lp| lp.done.contains(&index))
        })
    };
    let hints = s
        .hints
        .iter()
        .enumerate()
        .map(|(i, h)| {
            view! {
                <Show when=move || { hints_shown.get() > i }>
                    <div class="lesson__hint" role="note">
                        <p class="lesson__hint-label">{format!("Hint {}", i + 1)}</p>
                        {blocks(h)}
                    </div>
                </Show>
            }
        })
        .collect_view();
    let checks = s
        .checks
        .iter()
        .map(|c| match c {
            Check::Question(q) => {
                view! { <QuestionView lesson=lesson index=index q=q /> }.into_any()
            }
            Check::Goal(g) => view! { <GoalView lesson=lesson index=index g=g /> }.into_any(),
        })
        .collect_view();
    let next = move |_| {
        saved.record(lesson, |lp| lp.leave(lesson, index));
        if index + 1 < n {
            go(index + 1);
        } else {
            router.go(Route::Lessons);
        }
    };
    view! {
        <section class="lesson__step" aria-labelledby="step-title" data-testid="lesson-step">
            <p class="lesson__count">{format!("Step {} of {n}", index + 1)}</p>
            <h2 id="step-title" class="lesson__step-title" tabindex="-1">{s.title.clone()}</h2>
            <Show when=move || setup_error.with(Option::is_some)>
                <div class="notice notice--error" role="alert">
                    <p>"This step's playground could not be set up:"</p>
                    <p class="mono">{move || setup_error.get()}</p>
                </div>
            </Show>
            <div class="prose">{blocks(&s.prose)}</div>
            {(hint_count > 0)
                .then(|| {
                    view! {
                        <div class="lesson__hints">
                            {hints}
                            <Show when=move || { hints_shown.get() < hint_count }>
                                <button
                                    type="button"
                                    class="button button--link"
                                    data-testid="lesson-hint"
                                    on:click=move |_| hints_shown.update(|h| *h += 1)
                                >
                                    {move || {
                                        if hint_count == 1 {
                                            "Show a hint".to_string()
                                        } else {
                                            format!("Show hint {} of {hint_count}", hints_shown.get() + 1)
                                        }
                                    }}
                                </button>
                            </Show>
                        </div>
                    }
                })}
            <div class="lesson__checks">{checks}</div>
            <Show when=done>
                <p class="lesson__done" role="status" data-testid="step-done">
                    {if index + 1 == n { "Step done. That was the last step." } else { "Step done. On to the next one." }}
                </p>
            </Show>
            <nav class="lesson__nav" aria-label="Step navigation">
                <button
                    type="button"
                    class="button"
                    data-testid="lesson-prev"
                    disabled=index == 0
                    on:click=move |_| go(index.saturating_sub(1))
                >
                    "Previous"
                </button>
                <button type="button" class="button button--primary" data-testid="lesson-next" on:click=next>
                    {if index + 1 < n { "Next step" } else { "Finish lesson" }}
                </button>
            </nav>
        </section>
    }
}

#[component]
fn QuestionView(lesson: &'static Lesson, index: usize, q: &'static Question) -> impl IntoView {
    let saved = use_saved();
    let previous = saved.lesson(&lesson.id).answers.get(&q.id).cloned();
    let (picked0, text0) = match previous.as_ref().map(|(a, _)| a) {
        Some(Answer::Choices(c)) => (c.clone(), String::new()),
        Some(Answer::Text(t)) => (Vec::new(), t.clone()),
        None => (Vec::new(), String::new()),
    };
    let picked = RwSignal::new(picked0);
    let text = RwSignal::new(text0);
    let wrong_tries = RwSignal::new(0u32);
    let revealed = RwSignal::new(false);
    let result = move || {
        saved.progress.with(|p| {
            p.lesson(&lesson.id)
                .and_then(|lp| lp.answers.get(&q.id))
                .map(|(_, r)| *r)
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answer = match q.kind {
            QuestionKind::Short => Answer::Text(text.get_untracked()),
            _ => Answer::Choices(picked.get_untracked()),
        };
        let mut correct = false;
        saved.record(lesson, |lp| {
            correct = lp.answer(lesson, index, &q.id, answer);
        });
        if !correct {
            wrong_tries.update(|n| *n += 1);
        }
        notify_host(&HostEvent::CheckAnswered {
            lesson: lesson.id.clone(),
            step: index + 1,
            check: q.id.clone(),
            kind: CheckKind::Question,
            correct,
        });
    };
    let name = format!("q-{}-{}", lesson.id, q.id);
    let multiple = q.kind == QuestionKind::Multiple;
    let options = q
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let name = name.clone();
            let checked = move || picked.with(|p| p.contains(&i));
            let on_change = move |_| {
                picked.update(|p| {
                    if multiple {
                        if let Some(at) = p.iter().position(|x| *x == i) {
                            p.remove(at);
                        } else {
                            p.push(i);
                        }
                    } else {
                        *p = vec![i];
                    }
                })
            };
            view! {
                <label class="question__option">
                    <input
                        type=if multiple { "checkbox" } else { "radio" }
                        name=name
                        prop:checked=checked
                        on:change=on_change
                    />
                    <span>{inlines(&o.text)}</span>
                </label>
            }
        })
        .collect_view();
    let ask_id = format!("{name}-ask");
    view! {
        <form class="question panel" data-testid="question" on:submit=submit>
            <fieldset>
                <legend id=ask_id.clone() class="question__ask">
                    <span class="question__kind">
                        {match q.kind {
                            QuestionKind::Single => "Question · pick one",
                            QuestionKind::Multiple => "Question · pick every right answer",
                            QuestionKind::Short => "Question · type the answer",
                        }}
                    </span>
                    {blocks(&q.ask)}
                </legend>
                {if q.kind == QuestionKind::Short {
                    view! {
                        <input
                            type="text"
                            class="question__text"
                            aria-labelledby=ask_id
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))
                        />
                    }
                    .into_any()
                } else {
                    view! { <div class="question__options">{options}</div> }.into_any()
                }}
            </fieldset>
            <div class="question__actions">
                <button type="submit" class="button button--primary" data-testid="question-check">
                    "Check answer"
                </button>
            </div>
            <div class="question__feedback" aria-live="polite">
                {move || {
                    result()
                        .map(|right| {
                            // A wrong answer does not give the right one away: the learner tries
                            // again, and the explanation shows after a second wrong try or on request.
                            let explained = right || wrong_tries.get() >= 2 || revealed.get();
                            view! {
                                <div
                                    class="question__result"
                                    class:question__result--right=right
                                    class:question__result--wrong=!right
                                    data-testid="question-result"
                                >
                                    <p class="question__verdict">
                                        {if right {
                                            "Right."
                                        } else if explained {
                                            "Not quite. Here is the answer and why."
                                        } else {
                                            "Not quite. Think it over and try again."
                                        }}
                                    </p>
                                    {explained.then(|| blocks(&q.explain))}
                                    {(!explained)
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button button--link"
                                                    data-testid="question-reveal"
                                                    on:click=move |_| revealed.set(true)
                                                >
                                                    "Show the answer"
                                                </button>
                                            }
                                        })}
                                </div>
                            }
                        })
                }}
            </div>
        </form>
    }
}

#[component]
fn GoalView(lesson: &'static Lesson, index: usize, g: &'static Goal) -> impl IntoView {
    let saved = use_saved();
    let pg = use_playground();
    let met = move || {
        saved.progress.with(|p| {
            p.lesson(&lesson.id)
                .is_some_and(|lp| lp.passed.contains(&g.id))
        })
    };
    let solution_error = RwSignal::new(None::<String>);
    let conditions = g
        .conditions
        .iter()
        .map(|c| {
            // Measured once per change of the world, for both the text and the mark.
            let state = Memo::new(move |_| {
                pg.world.with(|w| match c.check(w) {
                    (Some(v), holds) => (format!("now {v}"), holds),
                    (None, _) => ("not there yet".to_string(), false),
                })
            });
            let now = move || state.get();
            view! {
                <li class="goal__condition" class:goal__condition--holds=move || now().1>
                    <code>{c.source.clone()}</code>
                    <span class="goal__now">{move || now().0}</span>
                </li>
            }
        })
        .collect_view();
    let show_console = console_shower();
    let run = move |_| {
        show_console();
        solution_error.set(pg.run_script(&g.solution.text).err());
        pg.playing.set(true);
    };
    let _ = index;
    view! {
        <section class="goal panel" class:goal--met=met data-testid="goal">
            <p class="goal__label">
                {move || if met() { "Goal met" } else { "Goal · do it in the playground" }}
            </p>
            <div class="goal__text">{blocks(&g.text)}</div>
            <ul class="goal__conditions" aria-label="Checked live">{conditions}</ul>
            <p class="goal__status" role="status" data-testid="goal-status">
                {move || if met() { "Met. Well done." } else { "Not met yet. It is checked after every change." }}
            </p>
            <details class="goal__solution">
                <summary>"Show solution"</summary>
                <pre class="prose__code" tabindex="0"><code>{g.solution.text.trim_end().to_string()}</code></pre>
                <button type="button" class="button" data-testid="goal-solve" on:click=run>
                    "Run it in the playground"
                </button>
                <Show when=move || solution_error.with(Option::is_some)>
                    <p class="form__error" role="alert">{move || solution_error.get()}</p>
                </Show>
            </details>
        </section>
    }
}

/// "Embed this lesson": the `<iframe>` snippet for a course page, and a button that copies it.
#[component]
fn EmbedCode(lesson: &'static Lesson) -> impl IntoView {
    let url = page_url(
        &Route::Lesson {
            id: lesson.id.clone(),
            step: 0,
        },
        "&embed=1",
    )
    .unwrap_or_else(|| {
        format!(
            "https://YOUR-SITE/{}&embed=1",
            Route::Lesson {
                id: lesson.id.clone(),
                step: 0
            }
            .href()
        )
    });
    let snippet = iframe_snippet(&url, &format!("Kafka Playground lesson: {}", lesson.title));
    view! {
        <details class="embed-code panel">
            <summary>"Embed this lesson in your course page"</summary>
            <p class="muted">
                "Paste this into any HTML page. The page tells its host about progress with postMessage (see the README, \"Embedding\")."
            </p>
            <CopyBox
                text=snippet
                label="Embed code"
                button="Copy embed code"
                copied="Copied. Paste it into your course page."
                testid="embed-snippet"
                rows=4
            />
        </details>
    }
}

/// What a phone shows of a lesson page: one part at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MobileTab {
    Step,
    Map,
    Dock,
}

impl MobileTab {
    const ALL: [MobileTab; 3] = [MobileTab::Step, MobileTab::Map, MobileTab::Dock];
    fn label(self) -> &'static str {
        match self {
            MobileTab::Step => "Step",
            MobileTab::Map => "Map",
            MobileTab::Dock => "Console",
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            MobileTab::Step => "step",
            MobileTab::Map => "map",
            MobileTab::Dock => "console",
        }
    }
}

/// The step's goals, always in view beside the map (and above the tabs on a phone): each with
/// its mark and what its checks measure now.
#[component]
fn GoalBar(lesson: &'static Lesson, index: usize) -> impl IntoView {
    let saved = use_saved();
    let pg = use_playground();
    let goals: Vec<&'static Goal> = lesson.steps[index]
        .checks
        .iter()
        .filter_map(|c| match c {
            Check::Goal(g) => Some(g),
            Check::Question(_) => None,
        })
        .collect();
    if goals.is_empty() {
        return ().into_any();
    }
    let items = goals
        .into_iter()
        .map(|g| {
            let met = move || {
                saved.progress.with(|p| {
                    p.lesson(&lesson.id)
                        .is_some_and(|lp| lp.passed.contains(&g.id))
                })
            };
            let text = crate::lesson::markdown::plain_text(&g.text);
            let now = Memo::new(move |_| {
                pg.world.with(|w| {
                    g.conditions
                        .iter()
                        .map(|c| {
                            // The metric as written, e.g. `max-lag(order-service)`.
                            let metric = c.source.split_whitespace().next().unwrap_or_default();
                            match c.check(w) {
                                (Some(v), _) => format!("{metric} = {v}"),
                                (None, _) => format!("{metric}: not there yet"),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" · ")
                })
            });
            view! {
                <li class="goal-bar__goal" class:goal-bar__goal--met=met data-testid="goal-bar-item">
                    <span class="goal-bar__mark" aria-hidden="true">{move || if met() { "✓" } else { "○" }}</span>
                    <span class="visually-hidden">{move || if met() { "Goal met: " } else { "Goal not met yet: " }}</span>
                    <span class="goal-bar__text">{text}</span>
                    <span class="goal-bar__now">{move || now.get()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        // Focusable: at phone width the goal bar scrolls, and the keyboard must reach it.
        <section class="goal-bar" aria-label="This step's goals" data-testid="goal-bar" tabindex="0">
            <ul class="goal-bar__list">{items}</ul>
        </section>
    }
    .into_any()
}
