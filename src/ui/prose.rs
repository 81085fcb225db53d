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
        Block::Code { lang, text } => {
            let text = text.trim_end().to_string();
            let label = if lang.is_empty() {
                "Code".to_string()
            } else {
                format!("Code ({lang})")
            };
            view! {
                <pre class="prose__code" tabindex="0" aria-label=label><code>{text}</code></pre>
            }
            .into_any()
        }
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
