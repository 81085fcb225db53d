//! The console's state around the world it is given: the foreground tool (the producer's `>`
//! prompt or a streaming consumer), background consumers (`&`), and how simulated time drains
//! them. The world itself belongs to the caller (the page, a script runner, a test): every
//! method that reads or changes it takes it as `world`.

use std::collections::BTreeMap;

use super::formatter::{format_record, format_share_record, Formatter};
use super::output::{log_time, Output};
use crate::engine::{Command, TopicPartition, World};

/// Simulated time a script's consumer may be idle before it stops (as if Ctrl-C).
pub const IDLE_STOP_MS: u64 = 10_000;
/// The longest a script's foreground consumer runs.
pub const MAX_FOREGROUND_MS: u64 = 300_000;
/// Time step while consumers run.
pub const STEP_MS: u64 = 100;
/// Where a running console consumer reads from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A group member (subscribe); `generated` for `console-consumer-NNNNN` groups.
    Member {
        group: String,
        member_id: String,
        generated: bool,
    },
    /// `--partition`: `assign()` + `seek()`, outside any group: reads the log directly.
    Direct { tp: TopicPartition, position: u64 },
    /// A share group member (`kafka-console-share-consumer`).
    Share { group: String, member_id: String },
    /// Subscribed to a pattern that matches no topic yet.
    Nothing,
}

/// A running `kafka-console-consumer` (foreground or `&`) or `kafka-console-share-consumer`.
#[derive(Clone, Debug)]
pub(crate) struct Job {
    pub id: u32,
    pub source: Source,
    pub fmt: Formatter,
    pub count: u64,
    pub max_messages: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub idle_ms: u64,
    pub ran_ms: u64,
    pub command: String,
}

#[derive(Clone, Debug)]
pub(crate) struct ProducerSession {
    pub producer: String,
    pub topic: String,
    pub parse_key: bool,
    pub key_separator: String,
    pub parse_headers: bool,
    pub headers_delimiter: String,
    pub headers_separator: String,
    pub headers_key_separator: String,
    pub null_marker: Option<String>,
    pub ignore_error: bool,
    pub line_number: u64,
    pub warned_topic: bool,
}

#[derive(Clone, Debug)]
pub(crate) enum Session {
    Producer(ProducerSession),
    Consumer(Job),
}

/// The tools' state: what runs in the foreground and in the background, and the settings the
/// tools share. It holds no world and no RNG: the caller gives the world to each call, and
/// generated names (`console-consumer-NNNNN`) come from the world's RNG.
pub struct Console {
    pub(crate) interactive: bool,
    /// Refuse Kafka commands without `--bootstrap-server`, as the real tools do (default true).
    pub require_bootstrap_server: bool,
    pub(crate) session: Option<Session>,
    pub(crate) jobs: Vec<Job>,
    pub(crate) next_job: u32,
    /// Members started with `sim consumer start`: member id → group.
    pub(crate) sim_members: BTreeMap<String, String>,
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

impl Console {
    /// A console for the page: consumers keep running while the page calls [`Console::tick`].
    pub fn new() -> Console {
        Console {
            interactive: true,
            require_bootstrap_server: true,
            session: None,
            jobs: Vec::new(),
            next_job: 1,
            sim_members: BTreeMap::new(),
        }
    }

    /// Drops the running tools without touching any world (the page travelled in time or loaded
    /// a scenario: their processes belong to the timeline that was left). Returns how many
    /// tools were stopped.
    pub fn drop_running_tools(&mut self) -> usize {
        let stopped = self.jobs.len() + usize::from(self.session.is_some());
        self.jobs.clear();
        self.session = None;
        stopped
    }

    /// A consumer is streaming in the foreground or running in the background (`&`).
    pub fn has_running_consumers(&self) -> bool {
        !self.jobs.is_empty() || matches!(self.session, Some(Session::Consumer(_)))
    }

    /// Scripts run consumers to completion; the page streams them (`true`, the default).
    pub fn set_interactive(&mut self, interactive: bool) {
        self.interactive = interactive;
    }

    /// `Some(">")` while a console producer reads lines, `Some("")` while a consumer runs in the
    /// foreground, `None` at the shell prompt.
    pub fn prompt(&self) -> Option<&'static str> {
        match self.session {
            Some(Session::Producer(_)) => Some(">"),
            Some(Session::Consumer(_)) => Some(""),
            None => None,
        }
    }

    /// Moves simulated time; background consumers print what they receive.
    pub fn tick(&mut self, world: &mut World, ms: u64) -> Output {
        let mut out = Output::default();
        self.advance(world, ms, &mut out);
        out
    }

    /// Advances time in steps, draining every running consumer after each step.
    pub(crate) fn advance(&mut self, world: &mut World, ms: u64, out: &mut Output) {
        let mut left = ms;
        let has_consumers =
            !self.jobs.is_empty() || matches!(self.session, Some(Session::Consumer(_)));
        if !has_consumers {
            while left > 0 {
                let step = left.min(crate::engine::MAX_ADVANCE_MS);
                world.advance(step);
                left -= step;
            }
            return;
        }
        while left > 0 {
            let step = left.min(STEP_MS);
            world.advance(step);
            left -= step;
            self.drain_jobs(world, step, out);
        }
    }

    /// Reads what each running consumer received in the last `step` ms and prints it.
    pub(crate) fn drain_jobs(&mut self, world: &mut World, step: u64, out: &mut Output) {
        let mut jobs = std::mem::take(&mut self.jobs);
        let mut still = Vec::new();
        for mut job in jobs.drain(..) {
            if Self::pump(world, &mut job, step, out) {
                Self::finish_job(world, job, out);
            } else {
                still.push(job);
            }
        }
        // Jobs started while draining (none today) are kept too.
        still.extend(std::mem::take(&mut self.jobs));
        self.jobs = still;
        if let Some(Session::Consumer(mut job)) = self.session.take() {
            if Self::pump(world, &mut job, step, out) {
                Self::finish_job(world, job, out);
            } else {
                self.session = Some(Session::Consumer(job));
            }
        }
    }

    /// Prints a job's new records; returns true when it must stop (max messages or timeout).
    pub(crate) fn pump(world: &mut World, job: &mut Job, step: u64, out: &mut Output) -> bool {
        job.ran_ms += step;
        if let Source::Share { group, member_id } = &job.source {
            let key = (group.clone(), member_id.clone());
            return Self::pump_share(world, key, job, step, out);
        }
        let records = match &mut job.source {
            Source::Member {
                group, member_id, ..
            } => world.take_delivered(group, member_id),
            Source::Direct { tp, position } => {
                let recs = world.records(&tp.topic, tp.partition, *position, 500);
                if let Some(last) = recs.last() {
                    *position = last.offset + 1;
                }
                recs
            }
            Source::Share { .. } | Source::Nothing => Vec::new(),
        };
        let got = !records.is_empty();
        for r in records {
            if job.max_messages.is_some_and(|m| job.count >= m) {
                break;
            }
            job.count += 1;
            out.out(format_record(&job.fmt, &r));
            if let Source::Direct { position, .. } = &mut job.source {
                *position = (*position).max(r.offset + 1);
            }
        }
        if got {
            job.idle_ms = 0;
        } else {
            job.idle_ms += step;
        }
        if job.max_messages.is_some_and(|m| job.count >= m) {
            return true;
        }
        if let Some(t) = job.timeout_ms {
            if job.idle_ms > t {
                // ConsoleConsumer.process: the TimeoutException from ConsumerWrapper.receive is logged.
                out.err(format!(
                    "[{}] ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)",
                    log_time(world.epoch_ms())
                ));
                out.err("org.apache.kafka.common.errors.TimeoutException");
                return true;
            }
        }
        false
    }

    /// [`Console::pump`] for a console share consumer: the records its member processed, each
    /// printed with its delivery count (`ConsoleShareConsumer.process`).
    fn pump_share(
        world: &mut World,
        (group, member_id): (String, String),
        job: &mut Job,
        step: u64,
        out: &mut Output,
    ) -> bool {
        let taken = world.take_share_delivered(&group, &member_id);
        let got = !taken.is_empty();
        for (tp, offset, delivery) in taken {
            if job.max_messages.is_some_and(|m| job.count >= m) {
                break;
            }
            let Some(r) = world
                .records(&tp.topic, tp.partition, offset, 1)
                .into_iter()
                .find(|r| r.offset == offset)
            else {
                continue;
            };
            job.count += 1;
            out.out(format_share_record(&job.fmt, &r, delivery));
        }
        if got {
            job.idle_ms = 0;
        } else {
            job.idle_ms += step;
        }
        if job.max_messages.is_some_and(|m| job.count >= m) {
            return true;
        }
        if let Some(t) = job.timeout_ms {
            if job.idle_ms > t {
                // ConsoleShareConsumer.process: the TimeoutException from ConsumerWrapper.receive.
                out.err(format!(
                    "[{}] ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleShareConsumer)",
                    log_time(world.epoch_ms())
                ));
                out.err("org.apache.kafka.common.errors.TimeoutException");
                return true;
            }
        }
        false
    }

    /// Stops a consumer: leave the group (committing, as `KafkaConsumer.close` does with
    /// auto-commit) and print the count (`ConsoleConsumer.reportRecordCount`).
    pub(crate) fn finish_job(world: &mut World, job: Job, out: &mut Output) {
        if let Source::Member {
            group,
            member_id,
            generated,
        } = &job.source
        {
            let _ = world.apply(Command::LeaveGroup {
                group: group.clone(),
                member_id: member_id.clone(),
            });
            if *generated {
                // The generated group never commits (enable.auto.commit=false) and is not meant to
                // be used again: the coordinator forgets it once empty.
                let _ = world.apply(Command::DeleteGroup {
                    group: group.clone(),
                });
            }
        }
        if let Source::Share { group, member_id } = &job.source {
            // KafkaShareConsumer.close: pending acknowledgements sent, the rest released, leave.
            let _ = world.apply(Command::LeaveGroup {
                group: group.clone(),
                member_id: member_id.clone(),
            });
        }
        out.err(format!("Processed a total of {} messages", job.count));
    }

    /// Ctrl-D: end of input for the producer (a foreground consumer ignores it).
    pub fn end_input(&mut self) -> Output {
        let mut out = Output::default();
        match self.session.take() {
            Some(Session::Producer(_)) => {}
            other => self.session = other,
        }
        out.code = 0;
        out
    }

    /// Ctrl-C: stops the foreground tool.
    pub fn interrupt(&mut self, world: &mut World) -> Output {
        let mut out = Output::default();
        match self.session.take() {
            Some(Session::Consumer(job)) => {
                Self::finish_job(world, job, &mut out);
                out.code = 130;
            }
            Some(Session::Producer(_)) => out.code = 130,
            None => {}
        }
        out
    }
}
