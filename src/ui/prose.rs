//! Lesson prose on the page: the lesson module's Markdown tree rendered as elements. Text is
//! always text (never parsed as HTML); links are only the safe kinds the tree allows, and
//! links leaving the site open in a new tab.

use leptos::prelude::*;

use crate::lesson::markdown::{Align, Block, Inline};

pub fn blocks(bs: &[Block]) -> AnyView {
    bs.iter().map(block).collect_view().into_any()
}

fn block(b: &Block) -> AnyView {
    match b {
        Block::Heading { level, content } => {
            let c = inlines(content);
            match level {
                1..=3 => view! { <h3 class="prose__h">{c}</h3> }.into_any(),
                4 => view! { <h4 class="prose__h">{c}</h4> }.into_any(),
                _ => view! { <h5 class="prose__h">{c}</h5> }.into_any(),
            }
        }
        Block::Paragraph(c) => view! { <p>{inlines(c)}</p> }.into_any(),
        Block::List { start, items } => {
            let lis = items
                .iter()
                .map(|i| view! { <li>{blocks(i)}</li> })
                .collect_view();
            match start {
                Some(n) => view! { <ol start=*n>{lis}</ol> }.into_any(),
                None => view! { <ul>{lis}</ul> }.into_any(),
            }
        }
        Block::Code { lang, text } => code_block(lang, text),
        Block::Quote(inner) => view! { <blockquote>{blocks(inner)}</blockquote> }.into_any(),
        Block::Table { align, head, rows } => {
            let style = move |i: usize| match align.get(i) {
                Some(Align::Right) => "text-align:right",
                Some(Align::Center) => "text-align:center",
                _ => "",
            };
            let head = head
                .iter()
                .enumerate()
                .map(|(i, c)| view! { <th scope="col" style=style(i)>{inlines(c)}</th> })
                .collect_view();
            let rows = rows
                .iter()
                .map(|r| {
                    let cells = r
                        .iter()
                        .enumerate()
                        .map(|(i, c)| view! { <td style=style(i)>{inlines(c)}</td> })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="prose__table" tabindex="0" role="region" aria-label="Table">
                    <table>
                        <thead>
                            <tr>{head}</tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
        Block::Rule => view! { <hr /> }.into_any(),
    }
}

pub fn inlines(is: &[Inline]) -> AnyView {
    is.iter().map(inline).collect_view().into_any()
}

fn inline(i: &Inline) -> AnyView {
    match i {
        Inline::Text(t) => t.clone().into_any(),
        Inline::Code(t) => view! { <code>{t.clone()}</code> }.into_any(),
        Inline::Strong(c) => view! { <strong>{inlines(c)}</strong> }.into_any(),
        Inline::Emphasis(c) => view! { <em>{inlines(c)}</em> }.into_any(),
        Inline::Strike(c) => view! { <s>{inlines(c)}</s> }.into_any(),
        Inline::Break => view! { <br /> }.into_any(),
        Inline::Link { href, content } => {
            let external = href.starts_with("http");
            view! {
                <a
                    href=href.clone()
                    target=external.then_some("_blank")
                    rel=external.then_some("noopener noreferrer")
                >
                    {inlines(content)}
                </a>
            }
            .into_any()
        }
    }
}

/// Whether a code block holds console commands a learner can run here.
pub fn runnable(lang: &str, text: &str) -> bool {
    let first = text.trim_start();
    matches!(lang, "sh" | "bash" | "shell" | "console")
        || (lang.is_empty() && (first.starts_with("kafka-") || first.starts_with("sim ")))
}

/// A code block; console commands get "Copy" and "Run in console" (the commands are typed into
/// the console, echoed as if the learner typed them, and the console is brought into view).
fn code_block(lang: &str, text: &str) -> AnyView {
    let text = text.trim_end().to_string();
    let label = if lang.is_empty() {
        "Code".to_string()
    } else {
        format!("Code ({lang})")
    };
    let pre = view! {
        <pre class="prose__code" tabindex="0" aria-label=label><code>{text.clone()}</code></pre>
    };
    let Some(pg) = (runnable(lang, &text))
        .then(use_context::<super::state::Playground>)
        .flatten()
    else {
        return pre.into_any();
    };
    let status = RwSignal::new(String::new());
    let script = StoredValue::new(text);
    let copy = move |_| {
        super::share::copy_text(script.get_value(), status, "Copied.");
    };
    let show_console = super::focus::console_shower();
    let run = move |_| {
        show_console();
        match pg.run_script(&script.get_value()) {
            Ok(()) => status.set(String::new()),
            Err(e) => status.set(e),
        }
        pg.playing.set(true);
    };
    view! {
        <div class="prose__run">
            {pre}
            <div class="prose__run-bar">
                <button type="button" class="button button--small" data-testid="code-copy" on:click=copy>
                    "Copy"
                </button>
                <button type="button" class="button button--small button--primary" data-testid="code-run" on:click=run>
                    "Run in console"
                </button>
                <span class="prose__run-status" role="status">{move || status.get()}</span>
            </div>
        </div>
    }
    .into_any()
}
