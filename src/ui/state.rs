//! The page's state: the engine `World` wrapped in a signal, plus what the page selects.
//! Every change goes through `World::apply`; views read the world's snapshots.

use leptos::prelude::*;

use crate::cli::{Console, Output, Stream};
use crate::engine::{
    Command, EngineError, Event, EventKind, Input, ProduceRequest, TopicSpec, World,
};

/// The topic the page opens with, so it is alive on first load.
pub const EXAMPLE_TOPIC: &str = "orders";

/// A record the learner just produced, as the engine reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Produced {
    pub topic: String,
    pub key: Option<String>,
    pub partition: u32,
    pub offset: u64,
    /// The learner picked the partition; the partitioner was not asked.
    pub explicit_partition: bool,
    /// Partitions of the topic when the record was sent (for the explanation).
    pub partitions: u32,
}

/// Which views and controls the page shows: the lesson module's `Panels`, so a lesson step's
/// `views` block and the page mean the same set.
pub type Views = crate::lesson::Panels;

/// Simulation speeds the time controls offer (simulated seconds per real second).
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];
/// What "step" moves time by, in simulated milliseconds.
pub const STEP_MS: u64 = 1_000;
/// The console keeps this many lines; older ones scroll away.
pub const SCROLLBACK: usize = 2_000;

/// Where a console line came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Command,
    Stdout,
    Stderr,
}

/// One line of the console's scrollback, with a stable id for keyed lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleLine {
    pub id: u64,
    pub kind: LineKind,
    pub text: String,
}

/// The later part of the timeline, kept while the learner looks at an earlier moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Future {
    pub journal: Vec<Input>,
    /// Simulated milliseconds at its end (the scrubber's right edge).
    pub end_ms: u64,
}

/// Handles to the page state. `Copy`, so closures and components share it freely.
#[derive(Clone, Copy)]
pub struct Playground {
    pub world: RwSignal<World>,
    /// The topic the producer writes to and the lanes show.
    pub topic: RwSignal<String>,
    /// The last record produced through the page.
    pub last: RwSignal<Option<Produced>>,
    /// The console's tools (producer prompt, running consumers); they act on `world`.
    pub console: StoredValue<Console>,
    pub console_lines: RwSignal<Vec<ConsoleLine>>,
    next_line: StoredValue<u64>,
    /// Time runs (play) or stands still (pause).
    pub playing: RwSignal<bool>,
    /// Simulated seconds per real second.
    pub speed: RwSignal<f64>,
    /// The world as the scenario started, for "reset".
    start: StoredValue<World>,
    /// Set while the learner looks at an earlier moment: acting from there drops it.
    pub future: RwSignal<Option<Future>>,
    pub views: RwSignal<Views>,
}

impl Playground {
    /// Wraps a world; the first topic (if any) is selected. Time starts playing at 1×.
    pub fn new(world: World) -> Self {
        let first = world.topic_names().into_iter().next().unwrap_or_default();
        Playground {
            start: StoredValue::new(world.clone()),
            world: RwSignal::new(world),
            topic: RwSignal::new(first),
            last: RwSignal::new(None),
            console: StoredValue::new(Console::new()),
            console_lines: RwSignal::new(Vec::new()),
            next_line: StoredValue::new(0),
            playing: RwSignal::new(true),
            speed: RwSignal::new(1.0),
            future: RwSignal::new(None),
            views: RwSignal::new(Views::ALL),
        }
    }

    /// Applies one engine command to the page's world: the one door every control goes through.
    /// Acting from an earlier moment starts a new branch there. On refusal the world is
    /// unchanged and the error is Kafka's own wording, ready to show beside the control.
    pub fn apply(&self, cmd: Command) -> Result<Vec<Event>, String> {
        let result = self
            .world
            .try_update_untracked(|w| w.apply(cmd))
            .unwrap_or_else(|| Err(EngineError::InvalidRequest("The page was closed.".into())));
        match result {
            Ok(events) => {
                self.branch();
                self.world.notify();
                Ok(events)
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// [`apply`](Self::apply), with the refusal shown in (or cleared from) a control's `error`.
    pub fn apply_or_show(
        &self,
        cmd: Command,
        error: RwSignal<Option<String>>,
    ) -> Option<Vec<Event>> {
        show_error(error, self.apply(cmd))
    }

    /// Runs `f` on the console and the page's world, then shows what it printed.
    pub fn with_console(&self, f: impl FnOnce(&mut Console, &mut World) -> Output) -> Output {
        let out = self
            .world
            .try_update(|w| self.console.try_update_value(|c| f(c, w)))
            .flatten()
            .unwrap_or_default();
        self.print(&out);
        out
    }

    /// A line typed at the console prompt, echoed with the prompt shown.
    pub fn run_console_line(&self, prompt: &str, line: &str) -> Output {
        self.push_line(LineKind::Command, format!("{prompt} {line}").trim_start());
        self.branch();
        self.with_console(|c, w| c.run_line(w, line))
    }

    /// Runs a console script (a lesson's solution) as if typed: each command is echoed, then
    /// its output. A tool running in the foreground is stopped first. Stops at the first
    /// command that fails and says which.
    pub fn run_script(&self, text: &str) -> Result<(), String> {
        let cmds = crate::cli::shell::parse_script(text)?;
        self.branch();
        let busy = self
            .console
            .try_with_value(|c| c.session.is_some())
            .unwrap_or(false);
        if busy {
            self.with_console(|c, w| c.interrupt(w));
        }
        for cmd in cmds {
            self.push_line(LineKind::Command, &format!("$ {}", cmd.text));
            let out = self.with_console(|c, w| c.run_cmd(w, &cmd));
            if out.code != 0 {
                return Err(format!(
                    "'{}' failed: {}",
                    cmd.text.lines().next().unwrap_or_default(),
                    out.stderr().lines().next().unwrap_or("see the console")
                ));
            }
        }
        Ok(())
    }

    /// Adds output to the console's scrollback.
    pub fn print(&self, out: &Output) {
        for l in &out.lines {
            let kind = match l.stream {
                Stream::Out => LineKind::Stdout,
                Stream::Err => LineKind::Stderr,
            };
            self.push_line(kind, &l.text);
        }
    }

    pub fn push_line(&self, kind: LineKind, text: &str) {
        // try_update: nothing to do once the page is gone (no clone of the scrollback).
        self.console_lines.try_update(|ls| {
            for part in text.split('\n') {
                let id = self.next_line.get_value();
                self.next_line.set_value(id + 1);
                ls.push(ConsoleLine {
                    id,
                    kind,
                    text: part.to_string(),
                });
            }
            let extra = ls.len().saturating_sub(SCROLLBACK);
            ls.drain(..extra);
        });
    }

    /// Moves simulated time forward by `ms`. Running console consumers print what they get.
    pub fn advance(&self, ms: u64) {
        if ms == 0 {
            return;
        }
        self.branch();
        let streaming = self
            .console
            .try_with_value(|c| c.has_running_consumers())
            .unwrap_or(false);
        if streaming {
            self.with_console(|c, w| c.tick(w, ms));
        } else {
            self.world.update(|w| {
                w.advance(ms);
            });
        }
    }

    /// The clock: `real_ms` of real time passed; moves the world if playing.
    pub fn tick(&self, real_ms: f64) {
        if !self.playing.get_untracked() {
            return;
        }
        let ms = (real_ms * self.speed.get_untracked()).round();
        if ms >= 1.0 {
            self.advance(ms as u64);
        }
    }

    /// Acting from an earlier moment: the later part of the old timeline is dropped.
    fn branch(&self) {
        if self.future.with_untracked(Option::is_some) {
            self.future.set(None);
        }
    }

    /// Simulated milliseconds at the right edge of the scrubber.
    pub fn timeline_end(&self) -> u64 {
        self.future
            .with(|f| f.as_ref().map(|f| f.end_ms))
            .unwrap_or_else(|| self.world.with(World::elapsed_ms))
    }

    /// Simulated milliseconds where the scenario started (the scrubber's left edge).
    pub fn timeline_start(&self) -> u64 {
        self.start.with_value(World::elapsed_ms)
    }

    /// Shows the world as it was (or will be again) at `at` simulated ms, by replaying the
    /// journal from the seed. Time pauses there; acting or playing continues from that moment.
    pub fn go_to(&self, at: u64) -> Result<(), String> {
        let (seed, complete) = self
            .world
            .with_untracked(|w| (w.seed(), w.journal_complete()));
        if !complete {
            return Err(
                "This session is too long to rewind. Reset to start a new timeline.".into(),
            );
        }
        let future = self.future.get_untracked().unwrap_or_else(|| {
            self.world.with_untracked(|w| Future {
                journal: w.journal().to_vec(),
                end_ms: w.elapsed_ms(),
            })
        });
        let at = at.clamp(self.timeline_start(), future.end_ms);
        let world = World::replay(seed, &future.journal, Some(at));
        let at_end = at == future.end_ms;
        self.playing.set(false);
        self.replace_world(world);
        // Back at the end, nothing is left to drop: the timeline is whole again.
        self.future.set((!at_end).then_some(future));
        Ok(())
    }

    /// Back to the scenario's start, with a fresh console.
    pub fn reset(&self) {
        let world = self.start.get_value();
        self.future.set(None);
        self.replace_world(world);
        self.push_line(LineKind::Stdout, "The playground was reset to its start.");
    }

    /// Starts a new scenario from `world` (presets, lessons). Reset comes back here.
    pub fn load(&self, world: World) {
        self.start.set_value(world.clone());
        let first = world.topic_names().into_iter().next().unwrap_or_default();
        self.future.set(None);
        self.replace_world(world);
        self.topic.set(first);
        self.last.set(None);
    }

    fn replace_world(&self, world: World) {
        let stopped = self
            .console
            .try_update_value(|c| c.drop_running_tools())
            .unwrap_or(0);
        if stopped > 0 {
            self.push_line(
                LineKind::Stderr,
                "The console's running tools were stopped: they belonged to the timeline you left.",
            );
        }
        let topic = self.topic.get_untracked();
        if !world.topic_names().contains(&topic) {
            self.topic
                .set(world.topic_names().into_iter().next().unwrap_or_default());
        }
        self.last.set(None);
        self.world.set(world);
    }

    /// `kafka-topics --create`: on success the new topic is selected, and Kafka's warning about
    /// names with `.` or `_` (which may collide in metric names) is returned if it applies.
    pub fn create_topic(
        &self,
        name: &str,
        partitions: u32,
        replication_factor: u32,
    ) -> Result<Option<String>, String> {
        let spec = TopicSpec::new(name, partitions).with_replication_factor(replication_factor);
        match self.apply(Command::CreateTopic(spec)) {
            Ok(events) => {
                self.topic.set(name.to_string());
                Ok(events.into_iter().find_map(|e| match e.kind {
                    crate::engine::EventKind::TopicCreated { warning, .. } => warning,
                    _ => None,
                }))
            }
            Err(e) => Err(e),
        }
    }

    /// Sends one record to the selected topic and reports where it landed.
    pub fn produce(
        &self,
        key: Option<String>,
        value: String,
        partition: Option<u32>,
    ) -> Result<Produced, String> {
        let topic = self.topic.get_untracked();
        if topic.is_empty() {
            return Err("Create a topic first.".into());
        }
        let partitions = self
            .world
            .with_untracked(|w| w.partition_count(&topic))
            .unwrap_or(0);
        let request = ProduceRequest {
            key: key.clone(),
            partition,
            ..ProduceRequest::keyed(&topic, "", &value)
        };
        // A stale "landed at" line must not sit under a failure.
        self.last.set(None);
        let events = self.apply(Command::Produce(request))?;
        let landed = events.iter().find_map(|e| match &e.kind {
            EventKind::RecordAppended {
                topic: t,
                partition,
                offset,
                ..
            } if *t == topic => Some((*partition, *offset)),
            _ => None,
        });
        let Some((partition_landed, offset)) = landed else {
            // Say why, in the producer's own words (e.g. NotEnoughReplicasException).
            let why = events.iter().find_map(|e| match &e.kind {
                EventKind::SendFailed { reason, .. } => Some(reason.clone()),
                _ => None,
            });
            return Err(match why {
                Some(r) => format!("The record was not written: {r}"),
                None => {
                    "The record was not written. The Events tab says what happened to it.".into()
                }
            });
        };
        let produced = Produced {
            topic,
            key,
            partition: partition_landed,
            offset,
            explicit_partition: partition.is_some(),
            partitions,
        };
        self.last.set(Some(produced.clone()));
        Ok(produced)
    }
}

/// Puts a control's result where the learner sees it: clears `error` and hands back the value
/// on success, or shows the error (Kafka's wording) beside the control.
pub fn show_error<T>(error: RwSignal<Option<String>>, result: Result<T, String>) -> Option<T> {
    match result {
        Ok(v) => {
            error.set(None);
            Some(v)
        }
        Err(e) => {
            error.set(Some(e));
            None
        }
    }
}

/// The `Playground` provided by an ancestor (`App`, or a test's mount closure).
pub fn use_playground() -> Playground {
    expect_context::<Playground>()
}

/// The `<option>`s of a topic `<select>`: every topic, the `selected` one marked, and a
/// placeholder while there is none. Shared by every panel that picks a topic.
#[component]
pub fn TopicOptions(#[prop(into)] selected: Signal<String>) -> impl IntoView {
    let pg = use_playground();
    let topics = Memo::new(move |_| pg.world.with(|w| w.topic_names()));
    view! {
        <Show when=move || topics.with(Vec::is_empty)>
            <option value="" selected>"No topics yet: create one first"</option>
        </Show>
        <For
            each=move || topics.get()
            key=|t| t.clone()
            children=move |t| {
                let label = t.clone();
                let value = t.clone();
                view! {
                    <option value=value selected=move || selected.with(|s| *s == t)>
                        {label}
                    </option>
                }
            }
        />
    }
}

/// The compact "Topic" picker in a panel's head, bound to the page's selected topic (lanes,
/// broker view): changing it in one panel changes it in all.
#[component]
pub fn PageTopicSelect(testid: &'static str) -> impl IntoView {
    let pg = use_playground();
    view! {
        <label class="lanes__topic">
            <span>"Topic"</span>
            <select
                data-testid=testid
                prop:value=move || pg.topic.get()
                on:change=move |ev| pg.topic.set(event_target_value(&ev))
            >
                <TopicOptions selected=pg.topic />
            </select>
        </label>
    }
}
