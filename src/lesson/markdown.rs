//! Lesson prose: Markdown (CommonMark with tables and strikethrough, by `pulldown-cmark`) turned
//! into a small tree of blocks and inlines. The page renders the tree as elements, so nothing
//! in a lesson is ever inserted as HTML text; raw HTML in a lesson shows as plain text.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// A block of prose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// `level` 1–6 (lesson prose uses 3 and below: `## ` starts a step).
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// `start` is the first number of an ordered list.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Code {
        lang: String,
        text: String,
    },
    Quote(Vec<Block>),
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// Text inside a block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Strike(Vec<Inline>),
    /// Only `http:`, `https:`, `mailto:`, `?…` and `#…` targets become links; anything else
    /// (`javascript:` and friends) is shown as its text.
    Link {
        href: String,
        content: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

/// Whether a link target is safe to follow from a lesson.
pub fn safe_href(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    h.starts_with("https://")
        || h.starts_with("http://")
        || h.starts_with("mailto:")
        || h.starts_with('?')
        || h.starts_with('#')
}

/// Parses Markdown into blocks. Never fails: anything CommonMark does not recognise is text.
pub fn parse(text: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut b = Builder::default();
    for event in Parser::new_ext(text, options) {
        b.event(event);
    }
    b.finish()
}

/// The inline content of one line of Markdown (question options, goal text): the first
/// paragraph's inlines, or the text as it is.
pub fn parse_inline(text: &str) -> Vec<Inline> {
    let blocks = parse(text);
    let mut out = Vec::new();
    for (i, b) in blocks.into_iter().enumerate() {
        if i > 0 {
            out.push(Inline::Break);
        }
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => out.extend(c),
            other => out.push(Inline::Text(plain_text(&[other]))),
        }
    }
    out
}

/// The text of blocks without formatting (for titles, accessible names, tests).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                inline_text(content, &mut s)
            }
            Block::List { items, .. } => {
                for i in items {
                    s.push_str(&plain_text(i));
                    s.push(' ');
                }
            }
            Block::Code { text, .. } => s.push_str(text),
            Block::Quote(inner) => s.push_str(&plain_text(inner)),
            Block::Table { head, rows, .. } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    inline_text(cell, &mut s);
                    s.push(' ');
                }
            }
            Block::Rule => {}
        }
        s.push(' ');
    }
    s.trim().to_string()
}

pub fn inline_text(content: &[Inline], s: &mut String) {
    for i in content {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Strike(c) => inline_text(c, s),
            Inline::Link { content, .. } => inline_text(content, s),
            Inline::Break => s.push(' '),
        }
    }
}

/// What is being built while the parser's events arrive.
enum Frame {
    Blocks(Vec<Block>),
    Inlines(Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Code(String, String),
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
}

struct Builder {
    stack: Vec<Frame>,
    /// Targets of the links (and images) open now, innermost last.
    hrefs: Vec<String>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            stack: vec![Frame::Blocks(Vec::new())],
            hrefs: Vec::new(),
        }
    }
}

impl Builder {
    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks(bs)) => bs.push(block),
            // A tight list item's text arrives without a paragraph: wrap it.
            Some(Frame::List(_, items)) => match items.last_mut() {
                Some(item) => item.push(block),
                None => items.push(vec![block]),
            },
            _ => self.stack.push(Frame::Blocks(vec![block])),
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines(is)) => is.push(inline),
            Some(Frame::Code(_, text)) => {
                if let Inline::Text(t) = inline {
                    text.push_str(&t)
                }
            }
            // Text straight inside a list item or a block container: open a paragraph for it.
            _ => self.stack.push(Frame::Inlines(vec![inline])),
        }
    }

    fn pop_inlines(&mut self) -> Vec<Inline> {
        match self.stack.pop() {
            Some(Frame::Inlines(is)) => is,
            Some(other) => {
                self.stack.push(other);
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Closes a loose paragraph opened for text straight inside a container.
    fn close_loose(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Inlines(_))) && self.stack.len() > 1 {
            let is = self.pop_inlines();
            self.push_block(Block::Paragraph(is));
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.push_inline(Inline::Text(t.into_string())),
            Event::Code(t) => self.push_inline(Inline::Code(t.into_string())),
            // Raw HTML is shown as text, never interpreted.
            Event::Html(t) | Event::InlineHtml(t) => {
                self.push_inline(Inline::Text(t.into_string()))
            }
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into())),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => {
                self.close_loose();
                self.push_block(Block::Rule)
            }
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "[x] " } else { "[ ] " }.into()))
            }
            Event::FootnoteReference(t) => self.push_inline(Inline::Text(t.into_string())),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_inline(Inline::Code(t.into_string()))
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::TableCell => self.stack.push(Frame::Inlines(Vec::new())),
            Tag::Link { dest_url, .. } => {
                self.hrefs.push(dest_url.into_string());
                self.stack.push(Frame::Inlines(Vec::new()))
            }
            // Images are not loaded: a lesson shows the image's description as text.
            Tag::Image { .. } => {
                self.hrefs.push(String::new());
                self.stack.push(Frame::Inlines(Vec::new()))
            }
            Tag::BlockQuote(_) | Tag::Item => {
                self.close_loose();
                self.stack.push(Frame::Blocks(Vec::new()))
            }
            Tag::List(start) => {
                self.close_loose();
                self.stack.push(Frame::List(start, Vec::new()))
            }
            Tag::CodeBlock(kind) => {
                self.close_loose();
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().unwrap_or("").into(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.stack.push(Frame::Code(lang, String::new()))
            }
            Tag::Table(align) => {
                self.close_loose();
                self.stack.push(Frame::Table {
                    align: align
                        .into_iter()
                        .map(|a| match a {
                            Alignment::None => Align::None,
                            Alignment::Left => Align::Left,
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::Right,
                        })
                        .collect(),
                    head: Vec::new(),
                    rows: Vec::new(),
                    in_head: false,
                })
            }
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
                self.stack.push(Frame::Row(Vec::new()))
            }
            Tag::TableRow => self.stack.push(Frame::Row(Vec::new())),
            // Footnotes, definition lists, metadata: kept as plain blocks.
            _ => self.stack.push(Frame::Blocks(Vec::new())),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                let is = self.pop_inlines();
                self.push_block(Block::Paragraph(is));
            }
            TagEnd::Heading(level) => {
                let is = self.pop_inlines();
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                self.push_block(Block::Heading { level, content: is });
            }
            TagEnd::Emphasis => {
                let is = self.pop_inlines();
                self.push_inline(Inline::Emphasis(is));
            }
            TagEnd::Strong => {
                let is = self.pop_inlines();
                self.push_inline(Inline::Strong(is));
            }
            TagEnd::Strikethrough => {
                let is = self.pop_inlines();
                self.push_inline(Inline::Strike(is));
            }
            TagEnd::Link | TagEnd::Image => {
                let is = self.pop_inlines();
                let href = self.hrefs.pop().unwrap_or_default();
                if safe_href(&href) {
                    self.push_inline(Inline::Link { href, content: is });
                } else {
                    for i in is {
                        self.push_inline(i);
                    }
                }
            }
            TagEnd::TableCell => {
                let is = self.pop_inlines();
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(is);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let cells = match self.stack.pop() {
                    Some(Frame::Row(c)) => c,
                    _ => Vec::new(),
                };
                if let Some(Frame::Table {
                    head,
                    rows,
                    in_head,
                    ..
                }) = self.stack.last_mut()
                {
                    if *in_head {
                        *head = cells;
                        *in_head = false;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table {
                    align, head, rows, ..
                }) = self.stack.pop()
                {
                    self.push_block(Block::Table { align, head, rows });
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Frame::Code(lang, text)) = self.stack.pop() {
                    self.push_block(Block::Code { lang, text });
                }
            }
            TagEnd::List(_) => {
                self.close_loose();
                if let Some(Frame::List(start, items)) = self.stack.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Item => {
                self.close_loose();
                let blocks = match self.stack.pop() {
                    Some(Frame::Blocks(bs)) => bs,
                    _ => Vec::new(),
                };
                if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_loose();
                if let Some(Frame::Blocks(bs)) = self.stack.pop() {
                    self.push_block(Block::Quote(bs));
                }
            }
            _ => {
                self.close_loose();
                if self.stack.len() > 1 {
                    if let Some(Frame::Blocks(bs)) = self.stack.pop() {
                        for b in bs {
                            self.push_block(b);
                        }
                    }
                }
            }
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while self.stack.len() > 1 {
            self.close_loose();
            if self.stack.len() > 1 {
                if let Some(Frame::Blocks(bs)) = self.stack.pop() {
                    for b in bs {
                        self.push_block(b);
                    }
                } else {
                    self.stack.pop();
                }
            }
        }
        match self.stack.pop() {
            Some(Frame::Blocks(bs)) => bs,
            _ => Vec::new(),
        }
    }
}
