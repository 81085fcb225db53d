//! A lesson's page: the step column, the goal bar, the stage (map and dock), and at phone width
//! the Step · Map · Console tabs; entering a step builds its world and checks its goals.

use super::local;
use super::step::{EmbedCode, StepView};
use super::*;

#[component]
pub fn LessonPage(#[prop(into)] id: String, step: Signal<usize>) -> impl IntoView {
    let Some(lesson) = local::find_lesson(&id) else {
        let why = if local::is_local(&id) {
            format!("The lesson '{id}' was opened from a file on your computer, and such a lesson is kept only while the page is open. Open its file again on the lesson list.")
        } else {
            format!("There is no lesson called '{id}'. It may have been renamed, or its file has a mistake.")
        };
        return view! {
            <section class="notice notice--error lesson-missing" role="alert" data-testid="lesson-missing">
                <h1 class="page__title">"Lesson not found"</h1>
                <p>{why}</p>
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
    let loaded = crate::ui::use_loaded();
    // The group this step's goals measure: the lag chart follows it.
    provide_context(super::super::lag::FocusGroup(Signal::derive(move || {
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
                            // The metric as written, e.g. `max-lag(order-service)` or
                            // `key-records(user-events, user-1)`.
                            let metric = metric_text(&c.source);
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

/// The metric part of a goal condition as written: up to its closing parenthesis, or its first
/// word when it takes no arguments (`brokers-up >= 3`).
fn metric_text(source: &str) -> &str {
    match (source.find('('), source.find(')')) {
        (Some(open), Some(close)) if open < close => &source[..=close],
        _ => source.split_whitespace().next().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::metric_text;

    #[test]
    fn a_goal_bar_names_the_whole_metric() {
        assert_eq!(
            metric_text("key-records(user-events, user-1) >= 2"),
            "key-records(user-events, user-1)"
        );
        assert_eq!(
            metric_text("max-lag(order-service) < 100 for 30s"),
            "max-lag(order-service)"
        );
        assert_eq!(metric_text("brokers-up >= 3"), "brokers-up");
        assert_eq!(metric_text(""), "");
    }
}
