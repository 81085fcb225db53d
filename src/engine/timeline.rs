//! What the world remembers about its own past, so views can look back and the page can travel
//! in time:
//! - the **journal**: every input that changed the world (accepted commands, time advanced,
//!   records taken by console consumers). Replaying it from the seed rebuilds the world exactly,
//!   which gives undo, a scrubber and shareable scenarios without snapshots;
//! - the **history**: the most recent events, as the timeline shows them;
//! - **samples**: once per simulated second, each partition's log-end offset and each group's
//!   lag per partition, for the lag chart and the traffic share.
//!
//! All three are part of the world's state, so replaying to an earlier moment restores them as
//! they were then.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::{Command, Event, TopicPartition};

/// One input to the world, as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Input {
    /// A command `World::apply` accepted (refused commands change nothing and are not kept).
    /// Boxed: a consumer's settings make `Command` large, and most inputs are advances.
    Apply(Box<Command>),
    /// Milliseconds passed to `World::advance`. Consecutive advances are merged: whole ticks
    /// run from a carried remainder, so `advance(a); advance(b)` equals `advance(a + b)`.
    Advance(u64),
    /// `World::take_delivered`: a console consumer took what its member processed.
    TakeDelivered { group: String, member_id: String },
}

/// The most inputs a journal keeps. Past it the world stops recording (and says so through
/// `World::journal_complete`), so a session that is very long cannot exhaust memory.
pub const MAX_JOURNAL: usize = 200_000;
/// Events kept for the timeline view.
pub const HISTORY_LIMIT: usize = 1_000;
/// How often (simulated ms) offsets and lag are sampled.
pub const SAMPLE_MS: u64 = 1_000;
/// Samples kept per series: five simulated minutes.
pub const SAMPLES_KEPT: usize = 300;

#[derive(Clone, Debug, Default)]
pub(crate) struct Journal {
    pub inputs: Vec<Input>,
    pub complete: bool,
    pub enabled: bool,
}

impl Journal {
    pub fn new() -> Self {
        Journal {
            inputs: Vec::new(),
            complete: true,
            enabled: true,
        }
    }

    pub fn push(&mut self, input: Input) {
        if !self.enabled || !self.complete {
            return;
        }
        if let (Input::Advance(ms), Some(Input::Advance(last))) = (&input, self.inputs.last_mut()) {
            *last = last.saturating_add(*ms);
            return;
        }
        if self.inputs.len() >= MAX_JOURNAL {
            self.complete = false;
            return;
        }
        self.inputs.push(input);
    }
}

/// The recent events, oldest first.
#[derive(Clone, Debug, Default)]
pub(crate) struct History {
    pub events: VecDeque<Event>,
    /// Events ever recorded (the first kept one is number `total - events.len()`).
    pub total: u64,
}

impl History {
    pub fn extend(&mut self, events: &[Event]) {
        for e in events {
            if self.events.len() == HISTORY_LIMIT {
                self.events.pop_front();
            }
            self.events.push_back(e.clone());
            self.total += 1;
        }
    }
}

/// One series of samples: `(simulated ms, value)`, oldest first, at most `SAMPLES_KEPT`.
pub type Series = VecDeque<(u64, u64)>;

#[derive(Clone, Debug, Default)]
pub(crate) struct Samples {
    pub last_at: u64,
    /// Log-end offset of every partition.
    pub log_end: BTreeMap<TopicPartition, Series>,
    /// Each group's lag on each partition it owns or committed.
    pub lag: BTreeMap<String, BTreeMap<TopicPartition, Series>>,
}

pub(crate) fn push_sample(series: &mut Series, at: u64, value: u64) {
    if series.len() == SAMPLES_KEPT {
        series.pop_front();
    }
    series.push_back((at, value));
}

/// Drops series whose newest sample is older than the window (a deleted topic or group).
pub(crate) fn prune<K: Ord>(map: &mut BTreeMap<K, Series>, now: u64) {
    let window = SAMPLE_MS * SAMPLES_KEPT as u64;
    map.retain(|_, s| s.back().is_some_and(|(at, _)| at + window > now));
}
