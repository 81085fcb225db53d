//! The console pane: the real Kafka tools' syntax, typed in the page.
//!
//! The console (`cli::Console`) keeps the tools' state (producer prompt, running consumers,
//! history of generated names); the world is the page's own. For each command the page's
//! world is lent to the console and handed back, so every view sees the effect at once.

use leptos::prelude::*;

use super::state::use_playground;
use crate::cli::{Console, Output, Stream};

/// Lines kept in the scrollback; older ones scroll away.
const SCROLLBACK: usize = 2_000;
/// How often (real milliseconds) running consumers are given simulated time.
const STREAM_TICK_MS: u64 = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Command,
    Stdout,
    Stderr,
}

impl LineKind {
    fn class(self) -> &'static str {
        match self {
            LineKind::Command => "console__line console__line--cmd",
            LineKind::Stdout => "console__line",
            LineKind::Stderr => "console__line console__line--err",
        }
    }
}

/// The console pane with its scrollback, prompt, history and Tab completion.
#[component]
pub fn ConsolePane() -> impl IntoView {
    let pg = use_playground();
    let console = StoredValue::new(Console::new(pg.world.with_untracked(|w| w.seed())));
    let lines: RwSignal<Vec<(u64, LineKind, String)>> = RwSignal::new(vec![(
        0,
        LineKind::Stdout,
        "Type Kafka commands as you would at work, e.g. kafka-topics.sh --bootstrap-server localhost:9092 --list. Type help for the list.".into(),
    )]);
    let next_id = StoredValue::new(1u64);
    let input = RwSignal::new(String::new());
    let history: StoredValue<Vec<String>> = StoredValue::new(Vec::new());
    let history_pos = StoredValue::new(0usize);
    // The prompt the console shows: `$` at the shell, `>` while the producer reads records,
    // nothing while a consumer streams in the foreground.
    let prompt = RwSignal::new(String::from("$"));
    let busy = RwSignal::new(false);

    let push = move |kind: LineKind, text: String| {
        lines.update(|ls| {
            for part in text.split('\n') {
                let id = next_id.get_value();
                next_id.set_value(id + 1);
                ls.push((id, kind, part.to_string()));
            }
            let extra = ls.len().saturating_sub(SCROLLBACK);
            ls.drain(..extra);
        });
    };
    let show = move |out: Output| {
        for l in out.lines {
            let kind = match l.stream {
                Stream::Out => LineKind::Stdout,
                Stream::Err => LineKind::Stderr,
            };
            push(kind, l.text);
        }
    };
    // Lends the page's world to the console for one call.
    let with_console = move |f: &dyn Fn(&mut Console) -> Output| -> Output {
        let out = pg
            .world
            .try_update(|w| {
                console.try_update_value(|c| {
                    std::mem::swap(c.world_mut(), w);
                    let out = f(c);
                    std::mem::swap(c.world_mut(), w);
                    out
                })
            })
            .flatten()
            .unwrap_or_default();
        console.with_value(|c| {
            prompt.set(c.prompt().unwrap_or("$").to_string());
            busy.set(c.prompt().is_some());
        });
        out
    };

    let run = move |line: String| {
        let shown_prompt = prompt.get_untracked();
        push(
            LineKind::Command,
            format!("{shown_prompt} {line}").trim_start().to_string(),
        );
        if !line.trim().is_empty() && shown_prompt == "$" {
            history.update_value(|h| {
                if h.last() != Some(&line) {
                    h.push(line.clone());
                }
            });
        }
        history_pos.set_value(history.with_value(Vec::len));
        if shown_prompt == "$" && line.trim() == "clear" {
            lines.set(Vec::new());
            return;
        }
        let out = with_console(&|c: &mut Console| c.run_line(&line));
        show(out);
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let line = input.get_untracked();
        input.set(String::new());
        run(line);
    };

    let interrupt = move || {
        push(LineKind::Command, "^C".into());
        show(with_console(&|c: &mut Console| c.interrupt()));
    };
    let end_input = move || {
        push(LineKind::Command, "^D".into());
        show(with_console(&|c: &mut Console| c.end_input()));
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
            let candidates = console.with_value(|c| c.complete(&current));
            match candidates.as_slice() {
                [] => {}
                [one] => {
                    let head = current.rsplit_once(' ').map_or("", |(h, _)| h);
                    let sep = if head.is_empty() { "" } else { " " };
                    input.set(format!("{head}{sep}{one} "));
                }
                many => {
                    push(LineKind::Command, format!("$ {current}"));
                    push(LineKind::Stdout, many.join("  "));
                }
            }
        }
    };

    // Running consumers (foreground or `&`) get simulated time in real time.
    let handle = set_interval_with_handle(
        move || {
            let running = console.with_value(|c| c.has_running_consumers());
            if running {
                let out = with_console(&|c: &mut Console| c.tick(STREAM_TICK_MS));
                show(out);
            }
        },
        std::time::Duration::from_millis(STREAM_TICK_MS),
    );
    if let Ok(h) = handle {
        on_cleanup(move || h.clear());
    }

    view! {
        <section class="panel console" aria-labelledby="console-title">
            <h2 id="console-title" class="panel__title">"4. Console"</h2>
            <p class="panel__hint">
                "The real tools' syntax: " <code>"kafka-topics"</code> ", " <code>"kafka-console-producer"</code> ", "
                <code>"kafka-console-consumer"</code> ", " <code>"kafka-consumer-groups"</code>
                ". Playground-only commands start with " <code>"sim"</code> ". Tab completes, ↑/↓ recall, Ctrl-C stops, Ctrl-D ends input."
            </p>
            <div class="console__screen" role="log" aria-live="polite" aria-label="Console output" data-testid="console-output">
                <For
                    each=move || lines.get()
                    key=|(id, _, _)| *id
                    children=move |(_, kind, text)| view! { <div class=kind.class()>{text}</div> }
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
