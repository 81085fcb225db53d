//! A learner's progress through the lessons: the step they are on, the steps done, their
//! answers and the checks passed. Saved as JSON (the page keeps it in `localStorage` and
//! exports/imports it as a file); reading never trusts the text it is given.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Answer, Catalog, Check, Lesson};

/// The saved format's version; a file of another version is refused with a clear message.
pub const PROGRESS_VERSION: u32 = 1;
/// A progress file larger than this is refused before parsing.
pub const MAX_PROGRESS_BYTES: usize = 512 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    pub lessons: BTreeMap<String, LessonProgress>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LessonProgress {
    /// The step the learner was last on.
    pub step: usize,
    /// Steps finished (0-based).
    pub done: BTreeSet<usize>,
    /// The last answer to each question, by check id, and whether it was right.
    pub answers: BTreeMap<String, (Answer, bool)>,
    /// Checks passed (questions answered right, goals met), by id.
    pub passed: BTreeSet<String>,
}

impl LessonProgress {
    /// Where "Continue" takes the learner: the first of `steps` steps not done yet (the step
    /// they were last on may be one they only looked at), or the first step when all are done.
    pub fn first_open(&self, steps: usize) -> usize {
        (0..steps).find(|i| !self.done.contains(i)).unwrap_or(0)
    }

    /// Whether every check of step `index` has passed (a step without checks: never by itself;
    /// the learner finishes it by moving on).
    pub fn checks_passed(&self, lesson: &Lesson, index: usize) -> bool {
        lesson.steps.get(index).is_some_and(|s| {
            !s.checks.is_empty() && s.checks.iter().all(|c| self.passed.contains(c.id()))
        })
    }

    pub fn finished(&self, lesson: &Lesson) -> bool {
        !lesson.steps.is_empty() && (0..lesson.steps.len()).all(|i| self.done.contains(&i))
    }

    /// Records an answer; the question passes once it is answered right.
    pub fn answer(&mut self, lesson: &Lesson, index: usize, id: &str, answer: Answer) -> bool {
        let Some(Check::Question(q)) = lesson
            .steps
            .get(index)
            .and_then(|s| s.checks.iter().find(|c| c.id() == id))
        else {
            return false;
        };
        let right = q.grade(&answer);
        self.answers.insert(id.to_string(), (answer, right));
        if right {
            self.passed.insert(id.to_string());
        }
        self.update_done(lesson, index);
        right
    }

    /// Marks a goal met (goals stay passed once met).
    pub fn goal_met(&mut self, lesson: &Lesson, index: usize, id: &str) -> bool {
        let fresh = self.passed.insert(id.to_string());
        self.update_done(lesson, index);
        fresh
    }

    /// A step with checks is done when they all passed.
    pub fn update_done(&mut self, lesson: &Lesson, index: usize) {
        if self.checks_passed(lesson, index) {
            self.done.insert(index);
        }
    }

    /// Moving on from a step without checks finishes it.
    pub fn leave(&mut self, lesson: &Lesson, index: usize) {
        if lesson.steps.get(index).is_some_and(|s| s.checks.is_empty()) {
            self.done.insert(index);
        }
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Progress {
    pub fn new() -> Self {
        Progress {
            version: PROGRESS_VERSION,
            lessons: BTreeMap::new(),
        }
    }

    pub fn lesson(&self, id: &str) -> Option<&LessonProgress> {
        self.lessons.get(id)
    }

    pub fn lesson_mut(&mut self, id: &str) -> &mut LessonProgress {
        self.lessons.entry(id.to_string()).or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Reads saved progress. Lessons that no longer exist, steps past a lesson's end and
    /// checks it does not have are dropped, so old or edited files never break the page.
    pub fn from_json(text: &str, catalog: &Catalog) -> Result<Progress, String> {
        if text.len() > MAX_PROGRESS_BYTES {
            return Err(format!(
                "This progress file is too large ({} KB); a real one is a few KB.",
                text.len() / 1024
            ));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("This is not a progress file (not JSON: {e})."))?;
        let version = value.get("version").and_then(serde_json::Value::as_u64);
        if version != Some(PROGRESS_VERSION as u64) {
            return Err(match version {
                Some(v) => format!(
                    "This progress file has version {v}; this site reads version {PROGRESS_VERSION}."
                ),
                None => "This is not a progress file (it has no version).".into(),
            });
        }
        let mut p: Progress = serde_json::from_value(value)
            .map_err(|e| format!("This progress file is damaged: {e}."))?;
        p.lessons.retain(|id, lp| {
            let Some(lesson) = catalog.get(id) else {
                return false;
            };
            let n = lesson.steps.len();
            lp.step = lp.step.min(n.saturating_sub(1));
            lp.done.retain(|i| *i < n);
            let ids: BTreeSet<&str> =
                crate::engine::sort::btree_set(lesson.checks().map(|(_, c)| c.id()));
            lp.passed.retain(|c| ids.contains(c.as_str()));
            lp.answers.retain(|c, _| ids.contains(c.as_str()));
            true
        });
        Ok(p)
    }
}

#[cfg(test)]
mod first_open_tests {
    use super::LessonProgress;

    #[test]
    fn continue_names_the_first_step_not_done() {
        let mut lp = LessonProgress {
            step: 4,
            ..Default::default()
        };
        assert_eq!(lp.first_open(8), 0);
        lp.done.extend([0, 1, 2, 4]);
        // Four of eight done, last on step 5: continue at step 4, the first not done.
        assert_eq!(lp.first_open(8), 3);
        lp.done.extend([3, 5, 6, 7]);
        assert_eq!(lp.first_open(8), 0);
    }
}
