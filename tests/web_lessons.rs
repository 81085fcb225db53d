//! Browser tests of the lesson pages, in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web_lessons` (see the Makefile).
//! The lesson list, a step's prose and views, a question answered wrong then right, a goal
//! reached by its solution, and the progress written to `localStorage`.
#![cfg(target_arch = "wasm32")]

use kafka_playground::lesson::{catalog, Check, QuestionKind};
use kafka_playground::ui::{
    LessonList, LessonPage, Playground, Route, Router, Saved, PROGRESS_KEY,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

mod web_common;
use web_common::{container, find, texts};

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Mounts the lesson list, or a lesson page following the router (as `App` does).
fn mount(lesson: Option<&'static str>) -> (Element, Playground, Router, impl Drop) {
    storage().remove_item(PROGRESS_KEY).unwrap();
    let pg = Playground::new(kafka_playground::engine::World::new(1));
    let router = Router::new();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        provide_context(router);
        provide_context(Saved::load());
        match lesson {
            None => view! { <LessonList /> }.into_any(),
            Some(id) => {
                router.replace(Route::Lesson {
                    id: id.into(),
                    step: 0,
                });
                let step = Signal::derive(move || match router.route.get() {
                    Route::Lesson { step, .. } => step,
                    _ => 0,
                });
                view! { <LessonPage id=id step=step /> }.into_any()
            }
        }
    });
    (root.into(), pg, router, handle)
}

fn click_el(el: &Element) {
    el.clone().unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_list_shows_every_lesson_with_its_progress() {
    let (root, _pg, _router, _h) = mount(None);
    leptos::task::tick().await;
    let titles = texts(&root, ".lesson-card__title");
    assert_eq!(
        titles,
        catalog()
            .lessons
            .iter()
            .map(|l| l.title.clone())
            .collect::<Vec<_>>()
    );
    for (i, p) in texts(&root, "[data-testid=lesson-card-progress]")
        .iter()
        .enumerate()
    {
        let n = catalog().lessons[i].steps.len();
        assert_eq!(p, &format!("0 of {n} steps done"));
    }
    let starts = texts(&root, "[data-testid=lesson-start]");
    assert!(starts[0].starts_with("Start"), "{starts:?}");
    let href = find(&root, "[data-testid=lesson-start]")
        .get_attribute("href")
        .unwrap();
    assert_eq!(href, "?lesson=first-producer-consumer&step=1");
}

#[wasm_bindgen_test]
async fn a_step_shows_its_prose_and_only_its_views() {
    let (root, pg, _router, _h) = mount(Some("hot-partition"));
    leptos::task::tick().await;
    let lesson = catalog().get("hot-partition").unwrap();
    let step = &lesson.steps[0];
    assert_eq!(texts(&root, "#step-title"), vec![step.title.clone()]);
    assert_eq!(
        texts(&root, ".lesson__count"),
        vec![format!("Step 1 of {}", lesson.steps.len())]
    );
    // The step's setup built its world, and its views are the ones the page shows.
    assert_eq!(
        pg.world.with_untracked(|w| w.partition_count("orders")),
        Some(6)
    );
    let v = pg.views.get_untracked();
    assert_eq!(
        (v.lanes, v.producer, v.groups),
        (step.views.lanes, step.views.producer, step.views.groups)
    );
    // Step dots: one per step, the first current.
    assert_eq!(
        root.query_selector_all(".lesson__dot").unwrap().length() as usize,
        lesson.steps.len()
    );
    assert!(find(&root, ".lesson__dot--current a")
        .get_attribute("aria-current")
        .is_some());
}

#[wasm_bindgen_test]
async fn a_question_explains_a_wrong_answer_and_saves_a_right_one() {
    let (root, _pg, _router, _h) = mount(Some("first-producer-consumer"));
    leptos::task::tick().await;
    let lesson = catalog().get("first-producer-consumer").unwrap();
    let (qi, q) = lesson.steps[0]
        .checks
        .iter()
        .filter_map(|c| match c {
            Check::Question(q) if q.kind == QuestionKind::Single => Some(q),
            _ => None,
        })
        .enumerate()
        .next()
        .expect("step 1 has a single-choice question");
    let form = root
        .query_selector_all("[data-testid=question]")
        .unwrap()
        .item(qi as u32)
        .unwrap();
    let form: Element = form.unchecked_into();
    let inputs = form.query_selector_all("input").unwrap();
    let wrong = q.options.iter().position(|o| !o.right).unwrap();
    let right = q.options.iter().position(|o| o.right).unwrap();
    let pick = |i: usize| {
        let input: HtmlInputElement = inputs.item(i as u32).unwrap().unchecked_into();
        input.click();
    };
    pick(wrong);
    click_el(&find(&form, "[data-testid=question-check]"));
    leptos::task::tick().await;
    let result = texts(&form, "[data-testid=question-result]").join(" ");
    assert!(result.starts_with("Not quite."), "{result}");
    let explain = kafka_playground::lesson::markdown::plain_text(&q.explain);
    let head = &explain[..20.min(explain.len())];
    // The first wrong try does not give the answer away.
    assert!(!result.contains(head), "no explanation yet: {result}");
    click_el(&find(&form, "[data-testid=question-check]"));
    leptos::task::tick().await;
    let result = texts(&form, "[data-testid=question-result]").join(" ");
    assert!(
        result.contains(head),
        "the explanation shows after a second wrong try: {result}"
    );
    pick(right);
    click_el(&find(&form, "[data-testid=question-check]"));
    leptos::task::tick().await;
    let result = texts(&form, "[data-testid=question-result]").join(" ");
    assert!(result.starts_with("Right."), "{result}");
    let saved = storage()
        .get_item(PROGRESS_KEY)
        .unwrap()
        .expect("progress saved");
    assert!(saved.contains(&format!("\"{}\"", q.id)), "{saved}");
}

#[wasm_bindgen_test]
async fn a_goal_is_met_by_its_solution_and_the_step_is_done() {
    let (root, pg, router, _h) = mount(Some("first-producer-consumer"));
    leptos::task::tick().await;
    let lesson = catalog().get("first-producer-consumer").unwrap();
    let goal = find(&root, "[data-testid=goal]");
    assert!(texts(&goal, "[data-testid=goal-status]")[0].starts_with("Not met yet"));
    click_el(&find(&goal, "[data-testid=goal-solve]"));
    leptos::task::tick().await;
    // Goals are checked on every change of the world: one tick of time is enough.
    pg.world.update(|w| {
        w.advance(100);
    });
    leptos::task::tick().await;
    assert_eq!(
        texts(&goal, "[data-testid=goal-status]"),
        vec!["Met. Well done."]
    );
    // Answer the step's questions right: the step is done.
    for (i, c) in lesson.steps[0]
        .checks
        .iter()
        .filter(|c| matches!(c, Check::Question(_)))
        .enumerate()
    {
        let Check::Question(q) = c else { continue };
        let form: Element = root
            .query_selector_all("[data-testid=question]")
            .unwrap()
            .item(i as u32)
            .unwrap()
            .unchecked_into();
        match q.kind {
            QuestionKind::Short => {
                let input: HtmlInputElement = find(&form, "input").unchecked_into();
                input.set_value(&q.accept[0]);
                input
                    .dispatch_event(&web_sys::Event::new("input").unwrap())
                    .unwrap();
            }
            _ => {
                let inputs = form.query_selector_all("input").unwrap();
                for (k, o) in q.options.iter().enumerate() {
                    if o.right {
                        inputs
                            .item(k as u32)
                            .unwrap()
                            .unchecked_into::<HtmlInputElement>()
                            .click();
                    }
                }
            }
        }
        click_el(&find(&form, "[data-testid=question-check]"));
        leptos::task::tick().await;
    }
    assert_eq!(texts(&root, "[data-testid=step-done]").len(), 1);
    assert_eq!(
        texts(&root, "[data-testid=lesson-progress]"),
        vec![format!("1 of {} steps done", lesson.steps.len())]
    );
    // Next step: the address follows.
    click_el(&find(&root, "[data-testid=lesson-next]"));
    leptos::task::tick().await;
    assert_eq!(
        router.route.get_untracked(),
        Route::Lesson {
            id: lesson.id.clone(),
            step: 1
        }
    );
    assert_eq!(
        texts(&root, ".lesson__count"),
        vec![format!("Step 2 of {}", lesson.steps.len())]
    );
}

// ---------------------------------------------------------------- a lesson file of one's own

/// A small lesson, as an author would drop it.
const OWN: &str = "---\nid: drop-demo\ntitle: My own lesson\nsummary: Dropped.\nminutes: 5\n---\n\n## Make a topic\n\nCreate **orders**.\n\n```setup\nkafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2\n```\n\n```goal\ngoal: Make four partitions.\ncheck: partitions(orders) >= 4\n```\n\n```solution\nkafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 4\n```\n";

/// Mounts the lesson list and the lesson page following the router, as `App` does.
fn mount_app() -> (Element, Playground, Router, impl Drop) {
    storage().remove_item(PROGRESS_KEY).unwrap();
    let pg = Playground::new(kafka_playground::engine::World::new(1));
    let router = Router::new();
    router.replace(Route::Lessons);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        provide_context(router);
        provide_context(Saved::load());
        move || match router.route.get() {
            Route::Lesson { id, .. } => {
                let step = Signal::derive(move || match router.route.get() {
                    Route::Lesson { step, .. } => step,
                    _ => 0,
                });
                view! { <LessonPage id=id step=step /> }.into_any()
            }
            _ => view! { <LessonList /> }.into_any(),
        }
    });
    (root.into(), pg, router, handle)
}

/// Chooses a file in the lesson list's file picker, as a learner does.
fn choose_file(root: &Element, name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let file = web_sys::File::new_with_str_sequence(&parts, name).unwrap();
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = find(root, "[data-testid=lesson-file]").unchecked_into();
    input.set_files(transfer.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// Waits (up to 2 s) until `done` holds: reading a file is asynchronous.
async fn until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if done() {
            return true;
        }
        gloo_timers::future::TimeoutFuture::new(20).await;
        leptos::task::tick().await;
    }
    done()
}

#[wasm_bindgen_test]
async fn a_lesson_file_chosen_on_the_list_plays_at_once_under_a_local_id() {
    let (root, pg, router, _h) = mount_app();
    leptos::task::tick().await;
    assert_eq!(
        texts(&root, "#lesson-drop-title"),
        vec!["Try your own lesson file"]
    );
    choose_file(&root, "my-lesson.md", OWN);
    let local = Route::Lesson {
        id: "local:drop-demo".into(),
        step: 0,
    };
    assert!(
        until(|| router.route.get_untracked() == local).await,
        "the lesson opened: {:?}",
        router.route.get_untracked()
    );
    leptos::task::tick().await;
    assert_eq!(texts(&root, "#lesson-title"), vec!["My own lesson"]);
    assert_eq!(texts(&root, "#step-title"), vec!["Make a topic"]);
    // Its setup ran in the model.
    assert_eq!(
        pg.world.with_untracked(|w| w.partition_count("orders")),
        Some(2)
    );
    // Progress is kept under the local id, never under a shipped lesson's.
    let saved = storage()
        .get_item(PROGRESS_KEY)
        .unwrap()
        .unwrap_or_default();
    assert!(saved.contains("\"local:drop-demo\""), "{saved}");
    assert!(!saved.contains("\"drop-demo\""), "{saved}");
    // Back on the list, it is listed with the file it came from.
    router.go(Route::Lessons);
    leptos::task::tick().await;
    assert_eq!(
        texts(&root, "[data-testid=local-lesson-card] .lesson-card__title"),
        vec!["My own lesson"]
    );
}

#[wasm_bindgen_test]
async fn a_bad_lesson_file_lists_its_error_by_file_and_line() {
    let (root, _pg, router, _h) = mount_app();
    leptos::task::tick().await;
    let bad = OWN.replace("minutes: 5", "minutes: soon");
    choose_file(&root, "broken.md", &bad);
    let errors = || texts(&root, "[data-testid=lesson-drop-errors] li");
    assert!(until(|| !errors().is_empty()).await, "an error is shown");
    assert_eq!(
        errors(),
        vec!["broken.md, line 5: minutes must be a whole number, not 'soon'"]
    );
    assert_eq!(
        router.route.get_untracked(),
        Route::Lessons,
        "nothing opened"
    );
    // The same function, called directly: one error per bad file, good files kept.
    let opened = kafka_playground::ui::open_lesson_texts(vec![
        ("good.md".into(), Ok(OWN.replace("drop-demo", "drop-two"))),
        ("nothing.md".into(), Ok(String::new())),
        (
            "unread.md".into(),
            Err("the browser could not read this file".into()),
        ),
    ]);
    assert_eq!(
        opened
            .lessons
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>(),
        vec!["local:drop-two"]
    );
    assert_eq!(opened.errors.len(), 2, "{:?}", opened.errors);
    assert!(opened.errors[0].starts_with("nothing.md, line 1: a lesson starts with front matter"));
    assert_eq!(
        opened.errors[1],
        "unread.md: the browser could not read this file"
    );
    assert!(kafka_playground::ui::find_lesson("local:drop-two").is_some());
    assert!(kafka_playground::ui::find_lesson("drop-two").is_none());
}
