//! Lessons a course author opens from their own computer: a lesson file dropped on the lesson
//! list (or chosen with its file picker) is parsed by the same parser as the shipped lessons and
//! plays at once in the normal lesson page, at `?lesson=local:ID`. It is kept in memory for the
//! session only; its progress is saved under its `local:` id, apart from any shipped lesson's.
//! Its text is only ever data: Markdown becomes elements (as for every lesson), scripts run in
//! the model.

use std::cell::RefCell;

use super::*;
use crate::lesson::{parse_local, LessonError, LOCAL_PREFIX, MAX_LESSON_BYTES};

/// How many lesson files one page may open (each is kept until the page closes).
const MAX_OPENED: usize = 100;

thread_local! {
    /// The lessons opened from files, newest last; a file opened again replaces its lesson.
    static OPENED: RefCell<(Vec<&'static Lesson>, usize)> = const { RefCell::new((Vec::new(), 0)) };
}

/// A shipped lesson, or one opened from a file in this session.
pub fn find_lesson(id: &str) -> Option<&'static Lesson> {
    catalog()
        .get(id)
        .or_else(|| OPENED.with(|o| o.borrow().0.iter().find(|l| l.id == id).copied()))
}

/// The lessons opened from files in this session, in the order they were first opened.
pub fn opened_lessons() -> Vec<&'static Lesson> {
    OPENED.with(|o| o.borrow().0.clone())
}

/// Keeps a parsed lesson for the session (replacing an earlier one with the same id).
fn keep(lesson: Lesson, file: &str) -> Result<&'static Lesson, LessonError> {
    OPENED.with(|o| {
        let mut o = o.borrow_mut();
        if o.1 >= MAX_OPENED {
            return Err(LessonError {
                file: file.to_string(),
                line: 0,
                message: format!(
                    "this page has opened {MAX_OPENED} lesson files already; reload it to open more"
                ),
            });
        }
        o.1 += 1;
        // Kept until the page closes: the lesson page holds `&'static Lesson`s like it does
        // for the shipped ones. Bounded by MAX_OPENED files of at most MAX_LESSON_BYTES each.
        let lesson: &'static Lesson = Box::leak(Box::new(lesson));
        match o.0.iter_mut().find(|l| l.id == lesson.id) {
            Some(slot) => *slot = lesson,
            None => o.0.push(lesson),
        }
        Ok(lesson)
    })
}

/// What came of opening some lesson files: the lessons opened and every file's error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opened {
    pub lessons: Vec<&'static Lesson>,
    pub errors: Vec<String>,
}

/// Parses lesson files as `(file name, text)` (an `Err` text: why the file could not be read)
/// and keeps the good ones for the session. Each error reads "FILE, line N: what is wrong".
pub fn open_lesson_texts(files: Vec<(String, Result<String, String>)>) -> Opened {
    let mut out = Opened::default();
    for (name, text) in files {
        let result = match text {
            Ok(text) => parse_local(&name, &text).and_then(|l| keep(l, &name)),
            Err(message) => Err(LessonError {
                file: name,
                line: 0,
                message,
            }),
        };
        match result {
            Ok(l) => out.lessons.push(l),
            Err(e) => out.errors.push(e.located()),
        }
    }
    out
}

/// The drop zone and file picker on the lesson list, and the lessons opened from files.
#[component]
pub fn LessonDrop() -> impl IntoView {
    let router = use_router();
    let saved = use_saved();
    let opened = RwSignal::new(opened_lessons());
    let errors = RwSignal::new(Vec::<String>::new());
    let reading = RwSignal::new(false);
    let over = RwSignal::new(false);
    // What the files gave: a single good file plays at once; otherwise the errors stay in view
    // and the good ones are listed below.
    let done = move |result: Opened| {
        reading.set(false);
        opened.set(opened_lessons());
        let play = match (result.errors.is_empty(), result.lessons.as_slice()) {
            (true, [one]) => Some(one.id.clone()),
            _ => None,
        };
        errors.set(result.errors);
        if let Some(id) = play {
            let step = saved.lesson(&id).step;
            router.go(Route::Lesson { id, step });
        }
    };
    let read = move |files: Option<web_sys::FileList>| {
        #[cfg(target_arch = "wasm32")]
        {
            let files: Vec<web_sys::File> = files
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            if files.is_empty() {
                return;
            }
            reading.set(true);
            leptos::task::spawn_local(async move {
                let mut texts = Vec::new();
                for file in files {
                    let name = file.name();
                    if file.size() > MAX_LESSON_BYTES as f64 {
                        texts.push((name, Err(too_large(file.size()))));
                        continue;
                    }
                    let text = wasm_bindgen_futures::JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|v| v.as_string())
                        .ok_or_else(|| {
                            "the browser could not read this file; check it is a text file \
                             you can open, then choose it again"
                                .to_string()
                        });
                    texts.push((name, text));
                }
                done(open_lesson_texts(texts));
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (files, done);
    };
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let files = input.files();
            read(files);
            // The same file chosen again (after editing it) is read again.
            input.set_value("");
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (ev, read);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        read(ev.data_transfer().and_then(|d| d.files()));
    };
    let on_over = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(true);
    };
    let cards = move || {
        opened
            .get()
            .into_iter()
            .map(|l| {
                let n = l.steps.len();
                let done = move || steps_done(&saved, l);
                let to = Route::Lesson {
                    id: l.id.clone(),
                    step: 0,
                };
                view! {
                    <li class="lesson-card panel" data-testid="local-lesson-card">
                        <h3 class="lesson-card__title">{l.title.clone()}</h3>
                        <p class="lesson-card__summary">{l.summary.clone()}</p>
                        <p class="lesson-card__meta">
                            {format!("From {} · {} steps", l.file, n)}
                        </p>
                        <span data-testid="lesson-card-progress">
                            {move || format!("{} of {n} steps done", done())}
                        </span>
                        <RouteLink to=to class="button button--primary" testid="local-lesson-start">
                            "Play"
                            <span class="visually-hidden">{format!(": {}", l.title)}</span>
                        </RouteLink>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="lesson-drop panel" aria-labelledby="lesson-drop-title" data-testid="lesson-drop">
            <h2 id="lesson-drop-title" class="panel__title">"Try your own lesson file"</h2>
            <div
                class="lesson-drop__zone"
                class:lesson-drop__zone--over=move || over.get()
                data-testid="lesson-drop-zone"
                on:dragover=on_over
                on:dragenter=on_over
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
            >
                <p>
                    "Drop a lesson file (" <code>".md"</code> ") here, or "
                    <label class="button lesson-drop__pick">
                        "choose a file"
                        <input
                            type="file"
                            accept=".md,text/markdown"
                            multiple
                            data-testid="lesson-file"
                            class="visually-hidden"
                            on:change=on_change
                        />
                    </label>
                    ". It plays at once, in this browser only, until you close the page. The format is in "
                    <code>"lessons/README.md"</code>
                    " of the playground's source."
                </p>
            </div>
            <p role="status" class="muted">{move || reading.get().then_some("Reading the file…")}</p>
            <div role="alert" data-testid="lesson-drop-errors">
                <Show when=move || !errors.with(Vec::is_empty)>
                    <div class="notice notice--error">
                        <p>"These lesson files could not be opened. Fix the line named and drop the file again:"</p>
                        <ul class="mono">
                            {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                        </ul>
                    </div>
                </Show>
            </div>
            <Show when=move || !opened.with(Vec::is_empty)>
                <ol class="lessons__list lesson-drop__list">{cards}</ol>
            </Show>
        </section>
    }
}

/// Why a file of `bytes` bytes is not read.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn too_large(bytes: f64) -> String {
    format!(
        "the file is {:.0} KB; a lesson file is at most {} KB (split it into several lessons)",
        bytes / 1024.0,
        MAX_LESSON_BYTES / 1024
    )
}

/// Whether `id` names a lesson opened from a file (it is gone once the page reloads).
pub fn is_local(id: &str) -> bool {
    id.starts_with(LOCAL_PREFIX)
}
