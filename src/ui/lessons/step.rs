//! One step: its prose, hints, questions (tried again before the answer shows) and goals
//! (checked live, with their solution); and the embed-code box.

use super::*;

#[component]
pub(super) fn StepView(
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
pub(super) fn QuestionView(
    lesson: &'static Lesson,
    index: usize,
    q: &'static Question,
) -> impl IntoView {
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
pub(super) fn GoalView(lesson: &'static Lesson, index: usize, g: &'static Goal) -> impl IntoView {
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
pub(super) fn EmbedCode(lesson: &'static Lesson) -> impl IntoView {
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
