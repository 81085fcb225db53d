//! The console pane: the real Kafka tools' syntax, typed in the page.
//!
//! The console (`cli::Console`) keeps the tools' state (producer prompt, running consumers,
//! history of generated names); the world is the page's own, and every console call is given
//! it (`Playground::with_console`), so every view sees the effect at once.

use leptos::prelude::*;

use super::state::{use_playground, LineKind};

fn class_of(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Command => "console__line console__line--cmd",
        LineKind::Stdout => "console__line",
        LineKind::Stderr => "console__line console__line--err",
    }
}

/// The console pane with its scrollback, prompt, history and Tab completion. Its tools and
/// scrollback live in the page state, so running consumers keep going (driven by the page's
/// clock) while a lesson hides the pane.
#[component]
pub fn ConsolePane() -> impl IntoView {
    let pg = use_playground();
    let lines = pg.console_lines;
    if lines.with_untracked(Vec::is_empty) {
        pg.push_line(
            LineKind::Stdout,
            "Type Kafka commands as you would at work, e.g. kafka-topics.sh --bootstrap-server localhost:9092 --list. Type help for the list.",
        );
    }
    let input = RwSignal::new(String::new());
    let history: StoredValue<Vec<String>> = StoredValue::new(Vec::new());
    let history_pos = StoredValue::new(0usize);
    // The prompt the console shows: `$` at the shell, `>` while the producer reads records,
    // nothing while a consumer streams in the foreground. Read after every change of the world.
    let prompt = Memo::new(move |_| {
        pg.world.track();
        pg.console
            .with_value(|c| c.prompt())
            .unwrap_or("$")
            .to_string()
    });
    let busy = Memo::new(move |_| prompt.get() != "$");

    // The screen follows new output, unless the learner scrolled up to read something.
    let screen = NodeRef::<leptos::html::Div>::new();
    let follow = StoredValue::new(true);
    let on_scroll = move |_| {
        if let Some(el) = screen.get_untracked() {
            let from_end = el.scroll_height() - el.scroll_top() - el.client_height();
            follow.set_value(from_end < 24);
        }
    };
    Effect::new(move |_| {
        lines.track();
        if follow.get_value() {
            request_animation_frame(move || {
                if let Some(el) = screen.get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });

    let run = move |line: String| {
        let shown_prompt = prompt.get_untracked();
        if !line.trim().is_empty() && shown_prompt == "$" {
            history.update_value(|h| {
                if h.last() != Some(&line) {
                    h.push(line.clone());
                }
            });
        }
        history_pos.set_value(history.with_value(Vec::len));
        follow.set_value(true);
        if shown_prompt == "$" && line.trim() == "clear" {
            lines.set(Vec::new());
            return;
        }
        pg.run_console_line(&shown_prompt, &line);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let line = input.get_untracked();
        input.set(String::new());
        run(line);
    };

    let interrupt = move || {
        pg.push_line(LineKind::Command, "^C");
        pg.with_console(|c, w| c.interrupt(w));
    };
    let end_input = move || {
        pg.push_line(LineKind::Command, "^D");
        pg.with_console(|c, _| c.end_input());
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if ev.ctrl_key() && (key == "c" || key == "C") {
            ev.prevent_default();
            interrupt();
        } else if ev.ctrl_key() && (key == "d" || key == "D") {
            ev.prevent_default();
            end_input();
        } else if key == "ArrowUp" || key == "ArrowDown" {
            ev.prevent_default();
            let len = history.with_value(Vec::len);
            let pos = history_pos.get_value();
            let pos = if key == "ArrowUp" {
                pos.saturating_sub(1)
            } else {
                (pos + 1).min(len)
            };
            history_pos.set_value(pos);
            input.set(history.with_value(|h| h.get(pos).cloned().unwrap_or_default()));
        } else if key == "Tab" && !ev.shift_key() {
            let current = input.get_untracked();
            if current.trim().is_empty() {
                return; // let Tab move focus out of an empty prompt
            }
            ev.prevent_default();
            let candidates = pg
                .world
                .try_with_untracked(|w| crate::cli::complete(w, &current))
                .unwrap_or_default();
            match candidates.as_slice() {
                [] => {}
                [one] => {
                    let head = current.rsplit_once(' ').map_or("", |(h, _)| h);
                    let sep = if head.is_empty() { "" } else { " " };
                    input.set(format!("{head}{sep}{one} "));
                }
                many => {
                    pg.push_line(LineKind::Command, &format!("$ {current}"));
                    pg.push_line(LineKind::Stdout, &many.join("  "));
                }
            }
        }
    };

    view! {
        <section class="panel console" aria-labelledby="console-title">
            <h2 id="console-title" class="panel__title">"Console"</h2>
            <p class="panel__hint">
                "The real tools' syntax: " <code>"kafka-topics"</code> ", " <code>"kafka-console-producer"</code> ", "
                <code>"kafka-console-consumer"</code> ", " <code>"kafka-consumer-groups"</code>
                ". Playground-only commands start with " <code>"sim"</code> ". Tab completes, ↑/↓ recall, Ctrl-C stops, Ctrl-D ends input."
            </p>
            <div
                class="console__screen"
                role="log"
                aria-live="polite"
                aria-label="Console output"
                tabindex="0"
                data-testid="console-output"
                node_ref=screen
                on:scroll=on_scroll
            >
                <For
                    each=move || lines.get()
                    key=|l| l.id
                    children=move |l| view! { <div class=class_of(l.kind)>{l.text}</div> }
                />
            </div>
            <form class="console__prompt" on:submit=on_submit>
                <label class="console__ps" for="console-input">{move || prompt.get()}</label>
                <input
                    id="console-input"
                    class="console__input"
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-label="Console command"
                    placeholder=move || if busy.get() { "" } else { "kafka-topics.sh --bootstrap-server localhost:9092 --list" }
                    data-testid="console-input"
                    bind:value=input
                    on:keydown=on_keydown
                />
                <button type="submit" class="button button--primary" data-testid="console-run">"Run"</button>
            </form>
            <Show when=move || busy.get()>
                <div class="console__session">
                    <button type="button" class="button" data-testid="console-eof" on:click=move |_| end_input()>
                        "End input (Ctrl-D)"
                    </button>
                    <button type="button" class="button" data-testid="console-interrupt" on:click=move |_| interrupt()>
                        "Stop (Ctrl-C)"
                    </button>
                </div>
            </Show>
        </section>
    }
}
