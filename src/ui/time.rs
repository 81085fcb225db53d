//! Time controls: play, pause, one step, speed, reset, and a scrubber that goes back to any
//! earlier moment by replaying the engine from its seed and journal.

use leptos::prelude::*;

use super::state::{show_error, use_playground, SPEEDS, STEP_MS};

/// `mm:ss.t` (or `h:mm:ss.t` past an hour) of simulated time.
pub fn clock_text(ms: u64) -> String {
    let tenths = (ms % 1000) / 100;
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{tenths}")
    } else {
        format!("{m:02}:{s:02}.{tenths}")
    }
}

fn speed_text(speed: f64) -> String {
    if speed < 1.0 {
        format!("{speed}×")
    } else {
        format!("{}×", speed as u32)
    }
}

#[component]
pub fn TimeControls() -> impl IntoView {
    let pg = use_playground();
    let error = RwSignal::new(None::<String>);
    let now = Memo::new(move |_| pg.world.with(|w| w.elapsed_ms()));
    let start = Memo::new(move |_| {
        pg.world.track();
        pg.timeline_start()
    });
    let end = Memo::new(move |_| pg.timeline_end());
    let in_past = Memo::new(move |_| pg.future.with(Option::is_some));

    let toggle = move |_| pg.playing.update(|p| *p = !*p);
    let step = move |_| {
        pg.playing.set(false);
        pg.advance(STEP_MS);
    };
    let reset = move |_| {
        error.set(None);
        pg.reset();
    };
    let scrub = move |ev: leptos::ev::Event| {
        if let Ok(at) = event_target_value(&ev).parse::<u64>() {
            show_error(error, pg.go_to(at));
        }
    };
    let back_to_end = move |_| {
        let _ = pg.go_to(end.get_untracked());
    };

    view! {
        <section class="panel time" aria-labelledby="time-title">
            <h2 id="time-title" class="visually-hidden">"Time controls"</h2>
            <div class="time__buttons">
                <button
                    type="button"
                    class="button button--primary time__play"
                    data-testid="time-play"
                    aria-pressed=move || pg.playing.get().to_string()
                    on:click=toggle
                >
                    {move || if pg.playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                </button>
                <button type="button" class="button" data-testid="time-step" on:click=step
                    title="Pause and move simulated time forward by one second">
                    "Step +1 s"
                </button>
                <label class="time__speed">
                    <span>"Speed"</span>
                    <select
                        data-testid="time-speed"
                        prop:value=move || pg.speed.get().to_string()
                        on:change=move |ev| {
                            if let Ok(s) = event_target_value(&ev).parse::<f64>() {
                                if SPEEDS.contains(&s) {
                                    pg.speed.set(s);
                                }
                            }
                        }
                    >
                        {SPEEDS
                            .iter()
                            .map(|s| view! { <option value=s.to_string()>{speed_text(*s)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" class="button" data-testid="time-reset" on:click=reset
                    title="Go back to the scenario's start and drop everything since">
                    "Reset"
                </button>
                <p class="time__now" data-testid="time-now" aria-live="off">
                    <span class="time__label">"Simulated time "</span>
                    <output>{move || clock_text(now.get())}</output>
                </p>
            </div>
            <div class="time__scrub">
                <label for="time-scrubber" class="time__label">"Go back in time"</label>
                <input
                    id="time-scrubber"
                    class="time__scrubber"
                    type="range"
                    data-testid="time-scrubber"
                    min=move || start.get().to_string()
                    max=move || end.get().max(start.get()).to_string()
                    step="100"
                    prop:value=move || now.get().to_string()
                    aria-valuetext=move || format!("{} of {}", clock_text(now.get()), clock_text(end.get()))
                    on:change=scrub
                />
                <span class="time__end">{move || clock_text(end.get())}</span>
            </div>
            <Show when=move || in_past.get()>
                <p class="time__past" data-testid="time-past" role="status">
                    {move || format!(
                        "You are looking at {} of {}. Play or act to continue from here: the later part of the timeline will be dropped.",
                        clock_text(now.get()),
                        clock_text(end.get()),
                    )}
                    " "
                    <button type="button" class="button button--link" data-testid="time-to-end" on:click=back_to_end>
                        "Back to the latest moment"
                    </button>
                </p>
            </Show>
            <Show when=move || error.with(Option::is_some)>
                <p class="form__error" role="alert">{move || error.get()}</p>
            </Show>
        </section>
    }
}
