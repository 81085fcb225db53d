//! A small backtracking regular-expression matcher for topic include lists
//! (`kafka-console-consumer --include`, `kafka-topics --topic`), which Kafka compiles with
//! `java.util.regex.Pattern` and matches against the whole topic name (`IncludeList`).
//!
//! Supported: literals, `.`, escapes (`\.`, `\d`, `\w`, `\s`, …), classes `[a-z0-9_]` and `[^…]`,
//! groups `( … )` with alternation `|`, and the quantifiers `*`, `+`, `?` (greedy). Anything else
//! is reported as a syntax error. Matching is bounded so a hostile pattern cannot hang the page.

use std::cell::Cell;

#[derive(Clone, Debug)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, usize, usize),
}

pub struct Regex {
    alts: Vec<Vec<Node>>,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    _src: &'a str,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn alts(&mut self, depth: usize) -> Result<Vec<Vec<Node>>, String> {
        if depth > 20 {
            return Err("groups nested too deeply".into());
        }
        let mut alts = vec![Vec::new()];
        while let Some(c) = self.peek() {
            match c {
                '|' => {
                    self.pos += 1;
                    alts.push(Vec::new());
                }
                ')' => break,
                _ => {
                    let atom = self.atom(depth)?;
                    let atom = self.quant(atom)?;
                    if let Some(last) = alts.last_mut() {
                        last.push(atom);
                    }
                }
            }
        }
        Ok(alts)
    }
    fn quant(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('?') => (0, 1),
            _ => return Ok(atom),
        };
        self.pos += 1;
        if matches!(self.peek(), Some('*') | Some('+') | Some('?')) {
            return Err(format!("Dangling meta character near index {}", self.pos));
        }
        Ok(Node::Repeat(Box::new(atom), min, max))
    }
    fn escape(&mut self) -> Result<Node, String> {
        let c = self
            .peek()
            .ok_or_else(|| "Unexpected internal error: trailing backslash".to_string())?;
        self.pos += 1;
        Ok(match c {
            'd' => Node::Class(vec![('0', '9')], false),
            'D' => Node::Class(vec![('0', '9')], true),
            'w' => Node::Class(vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')], false),
            'W' => Node::Class(vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')], true),
            's' => Node::Class(vec![(' ', ' '), ('\t', '\r')], false),
            'S' => Node::Class(vec![(' ', ' '), ('\t', '\r')], true),
            't' => Node::Char('\t'),
            'n' => Node::Char('\n'),
            c if c.is_ascii_alphanumeric() => {
                return Err(format!("Illegal/unsupported escape sequence \\{c}"))
            }
            c => Node::Char(c),
        })
    }
    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let c = self.peek().ok_or("unexpected end")?;
        self.pos += 1;
        match c {
            '.' => Ok(Node::Any),
            '\\' => self.escape(),
            '(' => {
                if self.peek() == Some('?') {
                    // (?: … ) non-capturing group
                    if self.chars.get(self.pos + 1) == Some(&':') {
                        self.pos += 2;
                    } else {
                        return Err("Unsupported group construct (?".into());
                    }
                }
                let alts = self.alts(depth + 1)?;
                if self.peek() != Some(')') {
                    return Err(format!("Unclosed group near index {}", self.chars.len()));
                }
                self.pos += 1;
                Ok(Node::Group(alts))
            }
            '[' => {
                let mut neg = false;
                if self.peek() == Some('^') {
                    neg = true;
                    self.pos += 1;
                }
                let mut ranges = Vec::new();
                let mut first = true;
                loop {
                    let c = self.peek().ok_or_else(|| {
                        format!(
                            "Unclosed character class near index {}",
                            self.chars.len().saturating_sub(1)
                        )
                    })?;
                    self.pos += 1;
                    if c == ']' && !first {
                        break;
                    }
                    first = false;
                    let lo = if c == '\\' {
                        let e = self.peek().ok_or("Unclosed character class")?;
                        self.pos += 1;
                        match e {
                            'd' => {
                                ranges.push(('0', '9'));
                                continue;
                            }
                            'w' => {
                                ranges.extend([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                                continue;
                            }
                            e => e,
                        }
                    } else {
                        c
                    };
                    if self.peek() == Some('-')
                        && self.chars.get(self.pos + 1).is_some_and(|&n| n != ']')
                    {
                        let hi = self.chars.get(self.pos + 1).copied().unwrap_or(lo);
                        self.pos += 2;
                        if hi < lo {
                            return Err(format!("Illegal character range near index {}", self.pos));
                        }
                        ranges.push((lo, hi));
                    } else {
                        ranges.push((lo, lo));
                    }
                }
                Ok(Node::Class(ranges, neg))
            }
            '*' | '+' | '?' => Err(format!(
                "Dangling meta character '{c}' near index {}",
                self.pos - 1
            )),
            '{' => Err("Counted repetition {n,m} is not supported here".into()),
            '^' | '$' => Ok(Node::Group(vec![vec![]])),
            c => Ok(Node::Char(c)),
        }
    }
}

impl Regex {
    pub fn new(src: &str) -> Result<Regex, String> {
        if src.chars().count() > 500 {
            return Err("pattern too long".into());
        }
        let mut p = Parser {
            chars: src.chars().collect(),
            pos: 0,
            _src: src,
        };
        let alts = p.alts(0)?;
        if p.pos < p.chars.len() {
            return Err(format!("Unmatched closing ')' near index {}", p.pos));
        }
        Ok(Regex { alts })
    }

    /// Whole-string match, as `Pattern.matcher(s).matches()`.
    pub fn is_full_match(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let budget = Cell::new(200_000u32);
        let seq = vec![Node::Group(self.alts.clone())];
        m_seq(&seq, 0, &chars, 0, &budget, &mut |p| p == chars.len())
    }
}

fn class_has(ranges: &[(char, char)], neg: bool, c: char) -> bool {
    ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != neg
}

fn spend(b: &Cell<u32>) -> bool {
    let v = b.get();
    if v == 0 {
        return false;
    }
    b.set(v - 1);
    true
}

/// Matches `seq[i..]` at `pos`, calling `k` with each end position (continuation style).
fn m_seq(
    seq: &[Node],
    i: usize,
    s: &[char],
    pos: usize,
    b: &Cell<u32>,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if !spend(b) {
        return false;
    }
    let Some(node) = seq.get(i) else {
        return k(pos);
    };
    m_node(node, s, pos, b, &mut |p| m_seq(seq, i + 1, s, p, b, k))
}

fn m_node(
    node: &Node,
    s: &[char],
    pos: usize,
    b: &Cell<u32>,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    match node {
        Node::Char(c) => s.get(pos) == Some(c) && k(pos + 1),
        Node::Any => s.get(pos).is_some_and(|&c| c != '\n') && k(pos + 1),
        Node::Class(r, neg) => s.get(pos).is_some_and(|&c| class_has(r, *neg, c)) && k(pos + 1),
        Node::Group(alts) => alts.iter().any(|alt| m_seq(alt, 0, s, pos, b, k)),
        Node::Repeat(inner, min, max) => m_rep(inner, *min, *max, 0, s, pos, b, k),
    }
}

#[allow(clippy::too_many_arguments)]
fn m_rep(
    inner: &Node,
    min: usize,
    max: usize,
    count: usize,
    s: &[char],
    pos: usize,
    b: &Cell<u32>,
    k: &mut dyn FnMut(usize) -> bool,
) -> bool {
    if !spend(b) || count > s.len() + 1 {
        return false;
    }
    if count < max
        && m_node(inner, s, pos, b, &mut |p| {
            p != pos && m_rep(inner, min, max, count + 1, s, p, b, k)
        })
    {
        return true;
    }
    count >= min && k(pos)
}

#[cfg(test)]
mod tests {
    use super::Regex;
    #[test]
    fn java_like_full_matches() {
        let r = Regex::new("orders.*").unwrap();
        assert!(
            r.is_full_match("orders")
                && r.is_full_match("orders-eu")
                && !r.is_full_match("my-orders")
        );
        let r = Regex::new("a|b(c|d)+").unwrap();
        assert!(r.is_full_match("a") && r.is_full_match("bcdc") && !r.is_full_match("b"));
        let r = Regex::new("[a-c]x?\\.log").unwrap();
        assert!(r.is_full_match("b.log") && r.is_full_match("cx.log") && !r.is_full_match("d.log"));
        assert!(Regex::new("(a").is_err() && Regex::new("*a").is_err());
        let r = Regex::new("(a*)*b").unwrap();
        assert!(!r.is_full_match(&"a".repeat(40)));
    }
}
