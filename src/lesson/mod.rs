//! Lessons: text files a course author writes (`lessons/*.md`, format in `lessons/README.md`),
//! parsed into steps of prose, setup scripts, hints and checks. Questions are graded here and
//! goals are evaluated here against the live world, so the page only shows what this module
//! decides and a native test can play every lesson without a browser.

mod check;
pub mod markdown;
mod parse;
pub mod progress;
pub mod scenario;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::cli::script_world;
use crate::engine::World;

pub use check::{Condition, Measured, Metric, Op};
pub use markdown::{Block, Inline};
pub use parse::parse_lesson;
pub use scenario::{build as build_scenario, example_world, scenario, Scenario, SCENARIOS};

/// The seed setup scripts run with unless a lesson names its own, and every scenario's seed.
pub const DEFAULT_SEED: u64 = 42;

/// A problem in a lesson file, with where it is. Shown in tests and on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonError {
    pub file: String,
    /// 1-based line in the file (0 when the problem is the file as a whole).
    pub line: usize,
    pub message: String,
}

impl LessonError {
    /// "FILE, line N: message" (or "FILE: message" for the file as a whole), naming the file as
    /// given: for a lesson opened from the learner's computer, not one in `lessons/`.
    pub fn located(&self) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.message)
        } else {
            format!("{}, line {}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "lessons/{}", self.located())
    }
}

/// Lessons opened from a file on the learner's computer have ids starting with this, so their
/// progress never lands on a shipped lesson's (shipped ids are letters, digits and `-`).
pub const LOCAL_PREFIX: &str = "local:";

/// The largest lesson file the page reads from the learner's computer (the longest shipped
/// lesson is under 60 KB).
pub const MAX_LESSON_BYTES: usize = 1024 * 1024;

/// Parses a lesson file the learner opened from their computer: `file` is its name there (used
/// in error messages as it is), and the lesson's id gets [`LOCAL_PREFIX`]. Refuses a file larger
/// than [`MAX_LESSON_BYTES`].
pub fn parse_local(file: &str, text: &str) -> Result<Lesson, LessonError> {
    // A browser gives any name; keep messages readable with a strange or very long one.
    let file: String = file.chars().filter(|c| !c.is_control()).take(120).collect();
    let file = if file.trim().is_empty() {
        "the dropped file".to_string()
    } else {
        file
    };
    if text.len() > MAX_LESSON_BYTES {
        return Err(LessonError {
            file,
            line: 0,
            message: format!(
                "the file is {} KB; a lesson file is at most {} KB (split it into several lessons)",
                text.len() / 1024,
                MAX_LESSON_BYTES / 1024
            ),
        });
    }
    let mut lesson = parse_lesson(&file, text)?;
    lesson.id = format!("{LOCAL_PREFIX}{}", lesson.id);
    Ok(lesson)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub minutes: u32,
    pub seed: u64,
    /// The file name in `lessons/`, for error messages.
    pub file: String,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    /// Line of the step's `## ` heading.
    pub line: usize,
    pub prose: Vec<Block>,
    pub setup: Option<Script>,
    pub views: Panels,
    pub hints: Vec<Vec<Block>>,
    pub checks: Vec<Check>,
}

/// A console script in a lesson, with the file line its first line is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    pub text: String,
    pub line: usize,
}

/// Which views and controls a step shows (the page maps these onto its panels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panels {
    pub time: bool,
    pub topics: bool,
    pub producer: bool,
    pub lanes: bool,
    pub brokers: bool,
    pub groups: bool,
    pub lag: bool,
    pub timeline: bool,
    pub console: bool,
}

impl Panels {
    pub const ALL: Panels = Panels {
        time: true,
        topics: true,
        producer: true,
        lanes: true,
        brokers: true,
        groups: true,
        lag: true,
        timeline: true,
        console: true,
    };
    pub const NAMES: [&'static str; 9] = [
        "time", "topics", "producer", "lanes", "brokers", "groups", "lag", "timeline", "console",
    ];

    /// Parses `lanes, producer console` (commas or spaces); `all` turns everything on.
    pub fn parse(list: &str) -> Result<Panels, String> {
        let mut p = Panels {
            time: false,
            topics: false,
            producer: false,
            lanes: false,
            brokers: false,
            groups: false,
            lag: false,
            timeline: false,
            console: false,
        };
        let mut any = false;
        for name in list.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
            any = true;
            let flag = match name {
                "all" => {
                    p = Panels::ALL;
                    continue;
                }
                "time" => &mut p.time,
                "topics" => &mut p.topics,
                "producer" => &mut p.producer,
                "lanes" => &mut p.lanes,
                "brokers" => &mut p.brokers,
                "groups" => &mut p.groups,
                "lag" => &mut p.lag,
                "timeline" => &mut p.timeline,
                "console" => &mut p.console,
                other => {
                    return Err(format!(
                        "unknown view '{other}' (views: {}, or all)",
                        Panels::NAMES.join(", ")
                    ))
                }
            };
            *flag = true;
        }
        if !any {
            return Err(format!(
                "name at least one view ({}, or all)",
                Panels::NAMES.join(", ")
            ));
        }
        Ok(p)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Question(Question),
    Goal(Goal),
}

impl Check {
    pub fn id(&self) -> &str {
        match self {
            Check::Question(q) => &q.id,
            Check::Goal(g) => &g.id,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Exactly one right option.
    Single,
    /// Tick every right option.
    Multiple,
    /// Type the answer; any accepted form is right.
    Short,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub line: usize,
    pub kind: QuestionKind,
    pub ask: Vec<Block>,
    pub options: Vec<Choice>,
    pub accept: Vec<String>,
    pub explain: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub text: Vec<Inline>,
    pub right: bool,
}

/// A learner's answer: the options ticked (by index) or the text typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Choices(Vec<usize>),
    Text(String),
}

impl Question {
    /// Whether `answer` is right: the ticked set equals the right set, or the text matches an
    /// accepted answer ignoring case, surrounding and repeated spaces and a final full stop.
    pub fn grade(&self, answer: &Answer) -> bool {
        match (self.kind, answer) {
            (QuestionKind::Short, Answer::Text(t)) => {
                let given = normalize(t);
                !given.is_empty() && self.accept.iter().any(|a| normalize(a) == given)
            }
            (QuestionKind::Single | QuestionKind::Multiple, Answer::Choices(picked)) => {
                let mut picked = picked.clone();
                crate::engine::sort::sort(&mut picked);
                picked.dedup();
                let right: Vec<usize> = self
                    .options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.right)
                    .map(|(i, _)| i)
                    .collect();
                !picked.is_empty() && picked == right
            }
            _ => false,
        }
    }

    /// A right answer (the first accepted text, or the right options).
    pub fn right_answer(&self) -> Answer {
        match self.kind {
            QuestionKind::Short => Answer::Text(self.accept.first().cloned().unwrap_or_default()),
            _ => Answer::Choices(
                self.options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.right)
                    .map(|(i, _)| i)
                    .collect(),
            ),
        }
    }
}

fn normalize(s: &str) -> String {
    let s = s.trim().trim_end_matches('.').trim();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: String,
    pub line: usize,
    pub text: Vec<Block>,
    /// Every condition must hold at once.
    pub conditions: Vec<Condition>,
    pub solution: Script,
    /// A script that comes close but must leave the goal unmet (tests check the goal's
    /// conditions are as strict as its words).
    #[serde(default)]
    pub near_miss: Option<Script>,
}

impl Goal {
    /// Whether the goal holds in `world` now (conditions with a window look back at the
    /// world's one-second samples).
    pub fn met(&self, world: &World) -> bool {
        self.conditions.iter().all(|c| c.holds(world))
    }
}

impl Lesson {
    /// The setup that builds step `index`'s world: its own, or the nearest earlier one.
    pub fn setup_for(&self, index: usize) -> Option<&Script> {
        self.steps
            .get(..=index.min(self.steps.len().saturating_sub(1)))?
            .iter()
            .rev()
            .find_map(|s| s.setup.as_ref())
    }

    /// Builds step `index`'s world from its setup (an empty cluster when no step before it
    /// has one). A failing setup names the file line of the command that failed.
    pub fn world_for(&self, index: usize) -> Result<World, LessonError> {
        match self.setup_for(index) {
            None => Ok(World::new(self.seed)),
            Some(s) => script_world(self.seed, &s.text).map_err(|e| self.script_error(s, &e)),
        }
    }

    /// Turns a console script's "line N: …" error into one naming the lesson file's line.
    pub fn script_error(&self, script: &Script, message: &str) -> LessonError {
        let (line, rest) = message
            .strip_prefix("line ")
            .and_then(|r| {
                let (n, rest) = r.split_once(':')?;
                Some((n.trim().parse::<usize>().ok()?, rest.trim()))
            })
            .map(|(n, rest)| (script.line + n - 1, rest))
            .unwrap_or((script.line, message));
        LessonError {
            file: self.file.clone(),
            line,
            message: format!("the script failed: {rest}"),
        }
    }

    /// Every check of the lesson with its step index, in order.
    pub fn checks(&self) -> impl Iterator<Item = (usize, &Check)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.checks.iter().map(move |c| (i, c)))
    }
}

/// Every lesson the site ships, in `lessons/index.txt` order, and the files that failed to parse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub lessons: Vec<Lesson>,
    pub errors: Vec<LessonError>,
}

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }
}

// `LESSON_FILES: &[(&str, &str)]`: (file name, text) of every file listed in lessons/index.txt,
// generated by build.rs so an author adds a lesson without touching Rust.
include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// Parses a set of lesson files (as `(file name, text)`): the good ones in order, an error for
/// each bad one, and an error for an id used twice.
pub fn load(files: &[(&str, &str)]) -> Catalog {
    let mut cat = Catalog::default();
    for (file, text) in files {
        match parse_lesson(file, text) {
            Ok(l) => {
                if cat.get(&l.id).is_some() {
                    cat.errors.push(LessonError {
                        file: file.to_string(),
                        line: 0,
                        message: format!("the id '{}' is used by another lesson too", l.id),
                    });
                } else {
                    cat.lessons.push(l);
                }
            }
            Err(e) => cat.errors.push(e),
        }
    }
    cat
}

/// The shipped lessons, read once: in the browser, from `lessons/parsed.json` when build.rs
/// found it made from these files (cfg `lessons_prebuilt`, so the page neither carries the
/// lesson texts nor parses them as it starts); otherwise parsed from the texts
/// ([`parse_shipped`]).
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(load_shipped)
}

#[cfg(all(target_arch = "wasm32", lessons_prebuilt))]
fn load_shipped() -> Catalog {
    read_parsed(LESSONS_PARSED).unwrap_or_else(|message| Catalog {
        lessons: Vec::new(),
        errors: vec![LessonError {
            file: "parsed.json".into(),
            line: 0,
            message,
        }],
    })
}

#[cfg(not(all(target_arch = "wasm32", lessons_prebuilt)))]
fn load_shipped() -> Catalog {
    parse_shipped()
}

/// The lesson files in `lessons/index.txt` parsed, with an error for each name that has no file.
pub fn parse_shipped() -> Catalog {
    let mut cat = load(LESSON_FILES);
    for name in LESSONS_MISSING {
        cat.errors.push(LessonError {
            file: "index.txt".into(),
            line: 0,
            message: format!("'{name}' is listed, but there is no such file in lessons/"),
        });
    }
    cat
}

/// `lessons/parsed.json`: the hash build.rs computes of the lesson files (first, so build.rs can
/// read it without parsing JSON), then what they parse to.
#[derive(Serialize, Deserialize)]
struct Parsed {
    hash: String,
    catalog: Catalog,
}

/// What `make lessons` writes to `lessons/parsed.json`: [`parse_shipped`] as JSON, one line.
pub fn parsed_json() -> String {
    let parsed = Parsed {
        hash: LESSONS_HASH.to_string(),
        catalog: parse_shipped(),
    };
    serde_json::to_string(&parsed).expect("a catalog serialises") + "\n"
}

/// Reads `lessons/parsed.json`.
pub fn read_parsed(json: &str) -> Result<Catalog, String> {
    serde_json::from_str::<Parsed>(json)
        .map(|p| p.catalog)
        .map_err(|e| format!("the parsed lessons (parsed.json) could not be read: {e}"))
}
