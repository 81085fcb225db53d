//! The lesson file parser: front matter, `## ` steps, and the fenced blocks that make a step's
//! parts (`setup`, `views`, `hint`, `question`, `goal`, `solution`). Every problem is reported
//! with the file and line; nothing here panics on any input.

use super::markdown::{self, Inline};
use super::{
    Check, Choice, Condition, Goal, Lesson, LessonError, Panels, Question, QuestionKind, Script,
    Step, DEFAULT_SEED,
};

/// The fenced-block names that are parts of a step, not code shown to the learner.
const PARTS: [&str; 7] = [
    "setup",
    "views",
    "hint",
    "question",
    "goal",
    "solution",
    "near-miss",
];

/// Parses one lesson file. `file` is its name in `lessons/`, used in error messages.
pub fn parse_lesson(file: &str, text: &str) -> Result<Lesson, LessonError> {
    let err = |line: usize, message: String| LessonError {
        file: file.to_string(),
        line,
        message,
    };
    let lines: Vec<&str> = text.lines().collect();
    // ---- front matter
    if lines.first().map(|l| l.trim_end()) != Some("---") {
        return Err(err(
            1,
            "a lesson starts with front matter: a line '---', then id, title, summary and minutes, then '---'".into(),
        ));
    }
    let Some(fm_end) = lines.iter().skip(1).position(|l| l.trim_end() == "---") else {
        return Err(err(
            1,
            "the front matter is not closed by a line '---'".into(),
        ));
    };
    let fm_end = fm_end + 1;
    let (mut id, mut title, mut summary, mut minutes) = (None, None, None, None);
    let mut seed = DEFAULT_SEED;
    let mut views = Panels::ALL;
    for (i, l) in lines[1..fm_end].iter().enumerate() {
        let n = i + 2;
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let Some((k, v)) = l.split_once(':') else {
            return Err(err(
                n,
                format!("expected 'key: value', found '{}'", l.trim()),
            ));
        };
        let v = v.trim();
        match k.trim() {
            "id" => {
                if v.is_empty()
                    || v.len() > 64
                    || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    return Err(err(n, format!("the id '{v}' must be 1 to 64 letters, digits or '-'")));
                }
                id = Some(v.to_string());
            }
            "title" => title = Some(v.to_string()),
            "summary" => summary = Some(v.to_string()),
            "minutes" => {
                minutes = Some(v.parse::<u32>().map_err(|_| {
                    err(n, format!("minutes must be a whole number, not '{v}'"))
                })?)
            }
            "seed" => {
                seed = v
                    .parse::<u64>()
                    .map_err(|_| err(n, format!("seed must be a whole number, not '{v}'")))?
            }
            "views" => views = Panels::parse(v).map_err(|m| err(n, m))?,
            other => {
                return Err(err(
                    n,
                    format!("unknown front matter key '{other}' (keys: id, title, summary, minutes, views, seed)"),
                ))
            }
        }
    }
    let need = |v: Option<String>, name: &str| {
        v.filter(|s| !s.is_empty())
            .ok_or_else(|| err(1, format!("the front matter has no {name}")))
    };
    let id = need(id, "id")?;
    let title = need(title, "title")?;
    let summary = need(summary, "summary")?;
    let minutes = minutes.ok_or_else(|| err(1, "the front matter has no minutes".into()))?;

    // ---- steps
    let mut steps: Vec<StepBuilder> = Vec::new();
    let mut i = fm_end + 1;
    while i < lines.len() {
        let line = lines[i];
        let n = i + 1;
        if let Some(fence) = fence_open(line) {
            // A fenced block: find its end first, so nothing inside is read as a step heading.
            let close = lines[i + 1..]
                .iter()
                .position(|l| fence_closes(l, &fence))
                .map(|p| i + 1 + p);
            let Some(close) = close else {
                return Err(err(
                    n,
                    format!(
                        "this ``` block is never closed (a line '{}' is missing)",
                        fence.marker
                    ),
                ));
            };
            let body = lines[i + 1..close].join("\n");
            let name = fence.info.split_whitespace().next().unwrap_or("");
            let Some(step) = steps.last_mut() else {
                if !body.trim().is_empty() || PARTS.contains(&name) {
                    return Err(err(
                        n,
                        "text before the first step: start each step with a '## ' heading".into(),
                    ));
                }
                i = close + 1;
                continue;
            };
            if PARTS.contains(&name) {
                step.part(name, &body, n + 1)
                    .map_err(|(line, m)| err(line, m))?;
            } else {
                if let Some(near) = near_part(name) {
                    return Err(err(
                        n,
                        format!("unknown block '{name}': did you mean '{near}'?"),
                    ));
                }
                for l in &lines[i..=close] {
                    step.prose.push_str(l);
                    step.prose.push('\n');
                }
            }
            i = close + 1;
            continue;
        }
        if let Some(t) = line.strip_prefix("## ") {
            let t = t.trim().trim_end_matches('#').trim();
            if t.is_empty() {
                return Err(err(n, "a step heading needs a title after '## '".into()));
            }
            steps.push(StepBuilder::new(t, n));
        } else if let Some(step) = steps.last_mut() {
            step.prose.push_str(line);
            step.prose.push('\n');
        } else if !line.trim().is_empty() {
            return Err(err(
                n,
                "text before the first step: start each step with a '## ' heading".into(),
            ));
        } else if line.starts_with("# ") {
            return Err(err(
                n,
                "use '## ' for steps (the title comes from the front matter)".into(),
            ));
        }
        i += 1;
    }
    if steps.is_empty() {
        return Err(err(
            fm_end + 1,
            "the lesson has no steps: start each with a '## ' heading".into(),
        ));
    }
    let mut out = Vec::new();
    for (index, s) in steps.into_iter().enumerate() {
        out.push(s.finish(index, views).map_err(|(line, m)| err(line, m))?);
    }
    Ok(Lesson {
        id,
        title,
        summary,
        minutes,
        seed,
        file: file.to_string(),
        steps: out,
    })
}

struct Fence {
    marker: String,
    info: String,
}

/// A fence opening (up to three spaces, then three or more backticks or tildes).
fn fence_open(line: &str) -> Option<Fence> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.chars().take_while(|c| *c == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        marker: ch.to_string().repeat(len),
        info: info.to_string(),
    })
}

fn fence_closes(line: &str, fence: &Fence) -> bool {
    let t = line.trim();
    let ch = fence.marker.chars().next().unwrap_or('`');
    line.len() - line.trim_start_matches(' ').len() <= 3
        && t.len() >= fence.marker.len()
        && t.chars().all(|c| c == ch)
}

/// A block name close to a part's name (`hints`, `goals`, `view`, `Setup`…): surely meant as one.
fn near_part(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    PARTS.iter().copied().find(|p| {
        name != *p
            && (lower == *p
                || lower.strip_suffix('s') == Some(p)
                || (lower.len() > 3 && close(p, &lower)))
    })
}

type PartError = (usize, String);

struct StepBuilder {
    title: String,
    line: usize,
    prose: String,
    setup: Option<Script>,
    views: Option<Panels>,
    hints: Vec<String>,
    checks: Vec<Check>,
    /// Goals waiting for their `solution` block: (index in `checks`, line).
    open_goal: Option<(usize, usize)>,
    /// The goal whose solution was the block just read (a `near-miss` may follow it).
    solved_goal: Option<usize>,
}

impl StepBuilder {
    fn new(title: &str, line: usize) -> Self {
        StepBuilder {
            title: title.to_string(),
            line,
            prose: String::new(),
            setup: None,
            views: None,
            hints: Vec::new(),
            checks: Vec::new(),
            open_goal: None,
            solved_goal: None,
        }
    }

    /// One fenced part; `line` is the file line of the block's first content line.
    fn part(&mut self, name: &str, body: &str, line: usize) -> Result<(), PartError> {
        let solved = self.solved_goal.take();
        if name != "solution" {
            if let Some((_, gl)) = self.open_goal {
                return Err((
                    gl,
                    "this goal has no solution: put a ```solution block right after it".into(),
                ));
            }
        }
        match name {
            "setup" => {
                if self.setup.is_some() {
                    return Err((line - 1, "a step has at most one setup block".into()));
                }
                if body.trim().is_empty() {
                    return Err((line - 1, "the setup block is empty".into()));
                }
                self.setup = Some(Script {
                    text: body.to_string(),
                    line,
                });
            }
            "views" => {
                if self.views.is_some() {
                    return Err((line - 1, "a step has at most one views block".into()));
                }
                self.views = Some(Panels::parse(body).map_err(|m| (line, m))?);
            }
            "hint" => {
                if body.trim().is_empty() {
                    return Err((line - 1, "the hint is empty".into()));
                }
                self.hints.push(body.to_string());
            }
            "question" => {
                let q = question(body, line)?;
                self.checks.push(Check::Question(q));
            }
            "goal" => {
                let g = goal(body, line)?;
                self.open_goal = Some((self.checks.len(), line - 1));
                self.checks.push(Check::Goal(g));
            }
            "solution" => {
                let Some((at, _)) = self.open_goal.take() else {
                    return Err((
                        line - 1,
                        "a solution block must come right after the goal it solves".into(),
                    ));
                };
                if body.trim().is_empty() {
                    return Err((line - 1, "the solution block is empty".into()));
                }
                if let Some(Check::Goal(g)) = self.checks.get_mut(at) {
                    g.solution = Script {
                        text: body.to_string(),
                        line,
                    };
                }
                self.solved_goal = Some(at);
            }
            "near-miss" => {
                let Some(at) = solved else {
                    return Err((
                        line - 1,
                        "a near-miss block must come right after the solution of its goal".into(),
                    ));
                };
                if body.trim().is_empty() {
                    return Err((line - 1, "the near-miss block is empty".into()));
                }
                if let Some(Check::Goal(g)) = self.checks.get_mut(at) {
                    g.near_miss = Some(Script {
                        text: body.to_string(),
                        line,
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self, index: usize, default_views: Panels) -> Result<Step, PartError> {
        if let Some((_, gl)) = self.open_goal {
            return Err((
                gl,
                "this goal has no solution: put a ```solution block right after it".into(),
            ));
        }
        let mut checks = self.checks;
        let (mut q, mut g) = (0, 0);
        for c in &mut checks {
            match c {
                Check::Question(x) => {
                    q += 1;
                    if x.id.is_empty() {
                        x.id = format!("s{}-q{q}", index + 1);
                    }
                }
                Check::Goal(x) => {
                    g += 1;
                    if x.id.is_empty() {
                        x.id = format!("s{}-g{g}", index + 1);
                    }
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in &checks {
            if !seen.insert(c.id().to_string()) {
                return Err((
                    self.line,
                    format!("two checks in this step have the id '{}'", c.id()),
                ));
            }
        }
        Ok(Step {
            title: self.title,
            line: self.line,
            prose: markdown::parse(&self.prose),
            setup: self.setup,
            views: self.views.unwrap_or(default_views),
            hints: self.hints.iter().map(|h| markdown::parse(h)).collect(),
            checks,
        })
    }
}

/// Splits a question or goal block into fields. A field runs on over the following lines until
/// the next `key:` line or option; `keys` are the fields this block knows.
fn fields(
    body: &str,
    line: usize,
    keys: &[&str],
    block: &str,
) -> Result<Vec<(String, String, usize)>, PartError> {
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for (i, l) in body.lines().enumerate() {
        let n = line + i;
        let t = l.trim_end();
        let option = ["- [x]", "- [X]", "- [ ]", "* [x]", "* [X]", "* [ ]"]
            .iter()
            .find(|p| t.starts_with(**p));
        if let Some(p) = option {
            let right = p.contains('x') || p.contains('X');
            out.push((
                if right { "right" } else { "wrong" }.into(),
                t[p.len()..].trim().to_string(),
                n,
            ));
            continue;
        }
        let key = t.split_once(':').filter(|(k, _)| {
            !k.is_empty()
                && !l.starts_with(' ')
                && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        });
        match key {
            Some((k, v)) if keys.contains(&k) => out.push((k.to_string(), v.trim().to_string(), n)),
            Some((k, _)) if keys.iter().any(|x| close(x, k)) => {
                return Err((
                    n,
                    format!(
                        "unknown field '{k}' in a {block} (fields: {})",
                        keys.join(", ")
                    ),
                ))
            }
            _ => match out.last_mut() {
                Some((_, v, _)) => {
                    v.push('\n');
                    v.push_str(t);
                }
                None if t.trim().is_empty() => {}
                None => {
                    return Err((
                        n,
                        format!("a {block} starts with a field, e.g. '{}: …'", keys[0]),
                    ))
                }
            },
        }
    }
    Ok(out)
}

/// Two names a typo apart (`explian` for `explain`): one edit for short names, two for longer.
fn close(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()] <= if a.len().min(b.len()) <= 4 { 1 } else { 2 }
}

fn question(body: &str, line: usize) -> Result<Question, PartError> {
    let fs = fields(
        body,
        line,
        &["ask", "kind", "accept", "explain", "id"],
        "question",
    )?;
    let mut q = Question {
        id: String::new(),
        line: line - 1,
        kind: QuestionKind::Single,
        ask: Vec::new(),
        options: Vec::new(),
        accept: Vec::new(),
        explain: Vec::new(),
    };
    let mut kind = None;
    for (k, v, n) in fs {
        match k.as_str() {
            "ask" => q.ask = markdown::parse(&v),
            "explain" => q.explain = markdown::parse(&v),
            "id" => q.id = v.trim().to_string(),
            "kind" => {
                kind = Some(match v.trim() {
                    "single" => QuestionKind::Single,
                    "multiple" => QuestionKind::Multiple,
                    "short" => QuestionKind::Short,
                    other => {
                        return Err((
                            n,
                            format!("kind '{other}' is not single, multiple or short"),
                        ))
                    }
                })
            }
            "accept" => {
                q.accept = v
                    .split('|')
                    .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|a| !a.is_empty())
                    .collect()
            }
            "right" | "wrong" => q.options.push(Choice {
                text: option_text(&v),
                right: k == "right",
            }),
            _ => {}
        }
    }
    let at = line - 1;
    if q.ask.is_empty() {
        return Err((at, "the question has no 'ask:' line".into()));
    }
    if q.explain.is_empty() {
        return Err((
            at,
            "the question has no 'explain:' (shown after every answer)".into(),
        ));
    }
    q.kind = match kind {
        Some(k) => k,
        None if !q.accept.is_empty() && q.options.is_empty() => QuestionKind::Short,
        None => QuestionKind::Single,
    };
    let right = q.options.iter().filter(|o| o.right).count();
    match q.kind {
        QuestionKind::Short => {
            if q.accept.is_empty() {
                return Err((
                    at,
                    "a short-answer question needs 'accept: answer | other form'".into(),
                ));
            }
            if !q.options.is_empty() {
                return Err((
                    at,
                    "a short-answer question has no options (use kind: single or multiple)".into(),
                ));
            }
        }
        QuestionKind::Single | QuestionKind::Multiple => {
            if q.options.len() < 2 {
                return Err((
                    at,
                    "a choice question needs at least two options ('- [x] …' and '- [ ] …')".into(),
                ));
            }
            if q.kind == QuestionKind::Single && right != 1 {
                return Err((
                    at,
                    format!("a single-choice question needs exactly one right option '- [x]', this one has {right} (for several, add 'kind: multiple')"),
                ));
            }
            if q.kind == QuestionKind::Multiple && right == 0 {
                return Err((
                    at,
                    "a multiple-choice question needs at least one right option '- [x]'".into(),
                ));
            }
            if !q.accept.is_empty() {
                return Err((at, "'accept:' is for short-answer questions".into()));
            }
        }
    }
    Ok(q)
}

fn option_text(v: &str) -> Vec<Inline> {
    markdown::parse_inline(&v.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn goal(body: &str, line: usize) -> Result<Goal, PartError> {
    let fs = fields(body, line, &["goal", "check", "id"], "goal")?;
    let mut g = Goal {
        id: String::new(),
        line: line - 1,
        text: Vec::new(),
        conditions: Vec::new(),
        solution: Script {
            text: String::new(),
            line: 0,
        },
        near_miss: None,
    };
    for (k, v, n) in fs {
        match k.as_str() {
            "goal" => g.text = markdown::parse(&v),
            "id" => g.id = v.trim().to_string(),
            "check" => {
                let c = Condition::parse(v.trim()).map_err(|m| (n, m))?;
                g.conditions.push(c);
            }
            _ => {
                return Err((
                    n,
                    "a goal has no options; options belong to questions".into(),
                ))
            }
        }
    }
    if g.text.is_empty() {
        return Err((
            line - 1,
            "the goal has no 'goal:' line saying what to achieve".into(),
        ));
    }
    if g.conditions.is_empty() {
        return Err((line - 1, "the goal has no 'check:' line".into()));
    }
    Ok(g)
}
