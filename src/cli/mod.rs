//! Kafka command-line emulation over the engine (parse + format).
//!
//! A [`Console`] owns a [`World`] and runs the real tools' command lines against it
//! (`kafka-topics.sh`, `kafka-console-producer.sh`, `kafka-console-consumer.sh`,
//! `kafka-consumer-groups.sh`, `kafka-configs.sh`, `kafka-producer-perf-test.sh`) plus the
//! playground-only `sim …` commands. Output follows the tools' source in apache/kafka (each
//! tool module cites its classes). [`run_script`] runs a small subset of `sh` (see [`shell`]).
//!
//! Conventions:
//! * Every command line accepts `--bootstrap-server HOST:PORT` and ignores its value. Like the
//!   real tools, the Kafka commands refuse to run without it (set
//!   [`Console::require_bootstrap_server`] to `false` to relax this for a lesson).
//! * In a script, a foreground `kafka-console-consumer` runs until `--max-messages` or
//!   `--timeout-ms` stops it; with neither it stops (as if Ctrl-C was pressed) once
//!   [`IDLE_STOP_MS`] of simulated time pass without a new record, or after [`MAX_FOREGROUND_MS`].
//!   In the page ([`Console::new`], interactive) it keeps running while the page calls
//!   [`Console::tick`], until Ctrl-C ([`Console::interrupt`]).
//! * No input panics: every index is checked.

mod groups;
pub mod opts;
pub mod shell;
mod sim;
mod tools;

use crate::engine::{TopicPartition, World};

pub use shell::Cmd;

/// Simulated time a script's consumer may be idle before it stops (as if Ctrl-C).
pub const IDLE_STOP_MS: u64 = 10_000;
/// The longest a script's foreground consumer runs.
pub const MAX_FOREGROUND_MS: u64 = 300_000;
/// Time step while consumers run.
pub const STEP_MS: u64 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutLine {
    pub stream: Stream,
    pub text: String,
}

/// What a command printed, line by line in order, and its exit code.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Output {
    pub lines: Vec<OutLine>,
    pub code: i32,
}

impl Output {
    pub fn out(&mut self, s: impl AsRef<str>) {
        for l in s.as_ref().split('\n') {
            self.lines.push(OutLine {
                stream: Stream::Out,
                text: l.to_string(),
            });
        }
    }
    pub fn err(&mut self, s: impl AsRef<str>) {
        for l in s.as_ref().split('\n') {
            self.lines.push(OutLine {
                stream: Stream::Err,
                text: l.to_string(),
            });
        }
    }
    /// A usage error: the message, a playground hint, exit code 1.
    pub fn usage(&mut self, msg: &str, tool: &str) {
        self.err(msg);
        self.err(format!(
            "(the real tool prints its option list here: try `help {tool}`)"
        ));
        self.code = 1;
    }
    fn append(&mut self, other: Output) {
        self.lines.extend(other.lines);
        if other.code != 0 {
            self.code = other.code;
        }
    }
    pub fn stdout(&self) -> String {
        self.stream_text(Stream::Out)
    }
    pub fn stderr(&self) -> String {
        self.stream_text(Stream::Err)
    }
    fn stream_text(&self, s: Stream) -> String {
        let mut t = String::new();
        for l in self.lines.iter().filter(|l| l.stream == s) {
            t.push_str(&l.text);
            t.push('\n');
        }
        t
    }
    /// Both streams in order; standard-error lines are marked `2> `.
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        for l in &self.lines {
            if l.stream == Stream::Err {
                t.push_str("2> ");
            }
            t.push_str(&l.text);
            t.push('\n');
        }
        t
    }
}

/// How a console consumer prints a record (`DefaultMessageFormatter`).
#[derive(Clone, Debug)]
pub(crate) struct Formatter {
    pub timestamp: bool,
    pub partition: bool,
    pub offset: bool,
    pub headers: bool,
    pub key: bool,
    pub value: bool,
    pub key_separator: String,
    pub headers_separator: String,
    pub null_literal: String,
}

impl Default for Formatter {
    fn default() -> Self {
        Formatter {
            timestamp: false,
            partition: false,
            offset: false,
            headers: false,
            key: false,
            value: true,
            key_separator: "\t".into(),
            headers_separator: ",".into(),
            null_literal: "null".into(),
        }
    }
}

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
    /// Subscribed to a pattern that matches no topic yet.
    Nothing,
}

/// A running `kafka-console-consumer` (foreground or `&`).
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

/// The console: a world and the tools' state around it.
pub struct Console {
    pub(crate) world: World,
    pub(crate) rng: u64,
    pub(crate) interactive: bool,
    /// Refuse Kafka commands without `--bootstrap-server`, as the real tools do (default true).
    pub require_bootstrap_server: bool,
    pub(crate) session: Option<Session>,
    pub(crate) jobs: Vec<Job>,
    pub(crate) next_job: u32,
    /// Members started with `sim consumer start`: member id → group.
    pub(crate) sim_members: std::collections::BTreeMap<String, String>,
}

/// What `run_script` returns: each command with what it printed, and the exit code.
#[derive(Clone, Debug, Default)]
pub struct ScriptResult {
    pub steps: Vec<(Cmd, Output)>,
    /// A script-level error (syntax), reported before anything ran.
    pub error: Option<String>,
    pub code: i32,
}

impl ScriptResult {
    /// Everything printed, in order; standard-error lines marked `2> `.
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        if let Some(e) = &self.error {
            t.push_str("2> ");
            t.push_str(e);
            t.push('\n');
        }
        for (_, o) in &self.steps {
            t.push_str(&o.transcript());
        }
        t
    }
    /// The same, with each command echoed as `$ command` before its output.
    pub fn transcript_with_commands(&self) -> String {
        let mut t = String::new();
        if let Some(e) = &self.error {
            t.push_str("2> ");
            t.push_str(e);
            t.push('\n');
        }
        for (c, o) in &self.steps {
            for (i, l) in c.text.lines().enumerate() {
                t.push_str(if i == 0 { "$ " } else { "  " });
                t.push_str(l);
                t.push('\n');
            }
            t.push_str(&o.transcript());
        }
        t
    }
}

/// Runs a script (see [`shell`]) in a fresh world. Same script and seed ⇒ same output.
/// Like `sh`, a failing command does not stop the script; the script's exit code is that of
/// the first command that failed (0 if none did), so runners see every error.
pub fn run_script(seed: u64, text: &str) -> ScriptResult {
    let mut console = Console::new(seed);
    run_script_in(&mut console, text)
}

/// Builds a world by running a setup script (scenarios, lesson steps). The first failing
/// command's error comes back with its line, so a broken scenario is reported, never half-built.
pub fn script_world(seed: u64, text: &str) -> Result<World, String> {
    let mut console = Console::new(seed);
    let res = run_script_in(&mut console, text);
    if let Some(e) = res.error {
        return Err(e);
    }
    if let Some((cmd, out)) = res.steps.iter().find(|(_, o)| o.code != 0) {
        let why = out.stderr();
        return Err(format!(
            "line {}: {}: {}",
            cmd.line,
            cmd.text.lines().next().unwrap_or_default(),
            why.lines().next().unwrap_or("failed")
        ));
    }
    Ok(console.world)
}

/// Runs a script on a console, non-interactively (consumers run to completion).
pub fn run_script_in(console: &mut Console, text: &str) -> ScriptResult {
    console.interactive = false;
    let mut res = ScriptResult::default();
    let cmds = match shell::parse_script(text) {
        Ok(c) => c,
        Err(e) => {
            res.error = Some(e);
            res.code = 2;
            return res;
        }
    };
    for cmd in cmds {
        let out = console.run_cmd(&cmd);
        let code = out.code;
        res.steps.push((cmd, out));
        if code != 0 && res.code == 0 {
            res.code = code;
        }
    }
    res
}

/// Commands the console knows (without `.sh`).
pub const KAFKA_COMMANDS: &[&str] = &[
    "kafka-topics",
    "kafka-console-producer",
    "kafka-console-consumer",
    "kafka-consumer-groups",
    "kafka-configs",
    "kafka-producer-perf-test",
];
pub const OTHER_COMMANDS: &[&str] = &["sim", "help", "sleep", "echo", "jobs", "kill"];

impl Console {
    /// A console for the page: consumers keep running while the page calls [`Console::tick`].
    pub fn new(seed: u64) -> Console {
        Console {
            world: World::new(seed),
            rng: seed ^ 0x9E37_79B9_7F4A_7C15,
            interactive: true,
            require_bootstrap_server: true,
            session: None,
            jobs: Vec::new(),
            next_job: 1,
            sim_members: Default::default(),
        }
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    /// The world the tools act on. The page lends its own world here for each command.
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Replaces the world the tools act on (the page travelled in time or loaded a scenario).
    /// Running tools are dropped without touching either world: their processes belong to the
    /// timeline that was left. Returns how many tools were stopped.
    pub fn replace_world(&mut self, world: World) -> usize {
        let stopped = self.jobs.len() + usize::from(self.session.is_some());
        self.jobs.clear();
        self.session = None;
        self.world = world;
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

    /// A deterministic random number (splitmix64) for generated names.
    pub(crate) fn next_random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Runs one line typed at the prompt. While a producer session is open, the line is a record.
    pub fn run_line(&mut self, line: &str) -> Output {
        if matches!(self.session, Some(Session::Producer(_))) {
            return self.feed_line(line);
        }
        let words = match shell::split_words(line) {
            Ok(w) => w,
            Err(e) => {
                let mut o = Output::default();
                o.err(format!("sh: {e}"));
                o.code = 2;
                return o;
            }
        };
        let built = shell::build_cmd(words, |_, _| {
            Err("here-documents need more lines: use them in a script (kafka-sim) or type the records at the > prompt".into())
        });
        match built {
            Ok(Some(mut cmd)) => {
                cmd.text = line.to_string();
                self.run_cmd(&cmd)
            }
            Ok(None) => Output::default(),
            Err(e) => {
                let mut o = Output::default();
                o.err(format!("sh: {e}"));
                o.code = 2;
                o
            }
        }
    }

    /// Runs a parsed command (with its standard input, if any).
    pub fn run_cmd(&mut self, cmd: &Cmd) -> Output {
        let Some(first) = cmd.words.first() else {
            return Output::default();
        };
        let name = first.rsplit('/').next().unwrap_or(first);
        let name = name.strip_suffix(".sh").unwrap_or(name).to_string();
        let args: Vec<String> = cmd.words.get(1..).unwrap_or(&[]).to_vec();
        let mut out = Output::default();
        if self.session.is_some() {
            out.err("A tool is already running in the foreground: end it first (Ctrl-D for the producer, Ctrl-C for a consumer).");
            out.code = 1;
            return out;
        }
        if cmd.background && name != "kafka-console-consumer" {
            out.err(format!("{name}: only kafka-console-consumer.sh can run in the background (&) in this console"));
            out.code = 1;
            return out;
        }
        if KAFKA_COMMANDS.contains(&name.as_str())
            && !matches!(args.first().map(String::as_str), Some("--help" | "-h"))
        {
            if let Some(msg) = self.check_bootstrap(&name, &args) {
                out.append(msg);
                return out;
            }
        }
        match name.as_str() {
            "kafka-topics" => tools::topics(self, &args, &mut out),
            "kafka-configs" => tools::configs(self, &args, &mut out),
            "kafka-console-producer" => {
                tools::console_producer(self, &args, cmd.stdin.as_deref(), &mut out)
            }
            "kafka-console-consumer" => tools::console_consumer(self, &args, cmd, &mut out),
            "kafka-consumer-groups" => groups::consumer_groups(self, &args, &mut out),
            "kafka-producer-perf-test" => tools::perf_test(self, &args, &mut out),
            "sim" => sim::sim(self, &args, &mut out),
            // Real tools the playground does not model: say what they do instead of "not found",
            // because course material (our seed included) sometimes misuses them.
            "kafka-reassign-partitions" => {
                out.err("kafka-reassign-partitions.sh moves partition replicas between brokers; it does not assign partitions to consumers.");
                out.err("Consumers get partitions from their group's assignor: adding partitions (kafka-topics.sh --alter --partitions N) or consumers triggers a rebalance by itself.");
                out.err("(playground: replica reassignment is not modelled yet)");
                out.code = 1;
            }
            "help" => help(&args, &mut out),
            "echo" => out.out(args.join(" ")),
            "sleep" => match args.first().and_then(|a| parse_duration(a, 1000)) {
                Some(ms) if args.len() == 1 => self.advance(ms, &mut out),
                _ => {
                    out.err("sleep: usage: sleep SECONDS (advances simulated time; 0.5, 30, 2m also work)");
                    out.code = 1;
                }
            },
            "jobs" => {
                for j in &self.jobs {
                    out.out(format!(
                        "[{}]  Running                 {} &",
                        j.id, j.command
                    ));
                }
            }
            "kill" => {
                let id = args
                    .first()
                    .and_then(|a| a.strip_prefix('%'))
                    .and_then(|n| n.parse::<u32>().ok());
                match id.and_then(|id| self.jobs.iter().position(|j| j.id == id)) {
                    Some(p) => {
                        let job = self.jobs.remove(p);
                        self.finish_job(job, &mut out);
                    }
                    None => {
                        out.err(format!(
                            "kill: {}: no such job (see `jobs`)",
                            args.first().map(String::as_str).unwrap_or("")
                        ));
                        out.code = 1;
                    }
                }
            }
            _ => {
                let mut all: Vec<&str> = KAFKA_COMMANDS.to_vec();
                all.extend(OTHER_COMMANDS);
                out.err(format!("{first}: command not found"));
                if let Some(m) = opts::did_you_mean(&name, all.iter().copied()) {
                    let shown = if KAFKA_COMMANDS.contains(&m) {
                        format!("{m}.sh")
                    } else {
                        m.to_string()
                    };
                    out.err(format!("Did you mean {shown}?"));
                }
                out.err("Type `help` for the commands this console knows.");
                out.code = 127;
            }
        }
        out
    }

    fn check_bootstrap(&self, name: &str, args: &[String]) -> Option<Output> {
        if !self.require_bootstrap_server {
            return None;
        }
        let given = args.iter().any(|a| {
            a == "--bootstrap-server"
                || a.starts_with("--bootstrap-server=")
                || a == "--broker-list"
                || a == "--bootstrap-servers"
                || (name == "kafka-producer-perf-test" && a.starts_with("bootstrap.servers="))
        });
        if given {
            return None;
        }
        let mut o = Output::default();
        match name {
            // TopicCommandOptions.checkRequiredArgs throws; TopicCommand.mainNoExit prints the message.
            "kafka-topics" => o.err("--bootstrap-server must be specified"),
            "kafka-configs" => o.err("One of the required bootstrap-server or bootstrap-controller arguments must be specified"),
            "kafka-producer-perf-test" => return None,
            // CommandLineUtils.checkRequiredArgs.
            _ => o.err("Missing required argument \"[bootstrap-server]\""),
        }
        o.err("(playground: add --bootstrap-server localhost:9092; any HOST:PORT is accepted and ignored)");
        o.code = 1;
        Some(o)
    }

    /// Moves simulated time; background consumers print what they receive.
    pub fn tick(&mut self, ms: u64) -> Output {
        let mut out = Output::default();
        self.advance(ms, &mut out);
        out
    }

    /// Advances time in steps, draining every running consumer after each step.
    pub(crate) fn advance(&mut self, ms: u64, out: &mut Output) {
        let mut left = ms;
        let has_consumers =
            !self.jobs.is_empty() || matches!(self.session, Some(Session::Consumer(_)));
        if !has_consumers {
            while left > 0 {
                let step = left.min(crate::engine::MAX_ADVANCE_MS);
                self.world.advance(step);
                left -= step;
            }
            return;
        }
        while left > 0 {
            let step = left.min(STEP_MS);
            self.world.advance(step);
            left -= step;
            self.drain_jobs(step, out);
        }
    }

    /// Reads what each running consumer received in the last `step` ms and prints it.
    pub(crate) fn drain_jobs(&mut self, step: u64, out: &mut Output) {
        let mut jobs = std::mem::take(&mut self.jobs);
        let mut still = Vec::new();
        for mut job in jobs.drain(..) {
            if self.pump(&mut job, step, out) {
                self.finish_job(job, out);
            } else {
                still.push(job);
            }
        }
        // Jobs started while draining (none today) are kept too.
        still.extend(std::mem::take(&mut self.jobs));
        self.jobs = still;
        if let Some(Session::Consumer(mut job)) = self.session.take() {
            if self.pump(&mut job, step, out) {
                self.finish_job(job, out);
            } else {
                self.session = Some(Session::Consumer(job));
            }
        }
    }

    /// Prints a job's new records; returns true when it must stop (max messages or timeout).
    pub(crate) fn pump(&mut self, job: &mut Job, step: u64, out: &mut Output) -> bool {
        job.ran_ms += step;
        let records = match &mut job.source {
            Source::Member {
                group, member_id, ..
            } => self.world.take_delivered(group, member_id),
            Source::Direct { tp, position } => {
                let recs = self.world.records(&tp.topic, tp.partition, *position, 500);
                if let Some(last) = recs.last() {
                    *position = last.offset + 1;
                }
                recs
            }
            Source::Nothing => Vec::new(),
        };
        let got = !records.is_empty();
        for r in records {
            if job.max_messages.is_some_and(|m| job.count >= m) {
                break;
            }
            job.count += 1;
            out.out(tools::format_record(&job.fmt, &r));
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
                    log_time(self.world.epoch_ms())
                ));
                out.err("org.apache.kafka.common.errors.TimeoutException");
                return true;
            }
        }
        false
    }

    /// Stops a consumer: leave the group (committing, as `KafkaConsumer.close` does with
    /// auto-commit) and print the count (`ConsoleConsumer.reportRecordCount`).
    pub(crate) fn finish_job(&mut self, job: Job, out: &mut Output) {
        if let Source::Member {
            group,
            member_id,
            generated,
        } = &job.source
        {
            let _ = self.world.apply(crate::engine::Command::LeaveGroup {
                group: group.clone(),
                member_id: member_id.clone(),
            });
            if *generated {
                // The generated group never commits (enable.auto.commit=false) and is not meant to
                // be used again: the coordinator forgets it once empty.
                let _ = self.world.apply(crate::engine::Command::DeleteGroup {
                    group: group.clone(),
                });
            }
        }
        out.err(format!("Processed a total of {} messages", job.count));
    }

    /// A line typed at the producer's `>` prompt.
    pub fn feed_line(&mut self, line: &str) -> Output {
        let mut out = Output::default();
        let Some(Session::Producer(mut s)) = self.session.take() else {
            out.err("No console producer is reading input.");
            out.code = 1;
            return out;
        };
        let ok = tools::produce_line(self, &mut s, line, &mut out);
        if ok {
            self.session = Some(Session::Producer(s));
        } else {
            out.code = 1;
        }
        out
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
    pub fn interrupt(&mut self) -> Output {
        let mut out = Output::default();
        match self.session.take() {
            Some(Session::Consumer(job)) => {
                self.finish_job(job, &mut out);
                out.code = 130;
            }
            Some(Session::Producer(_)) => out.code = 130,
            None => {}
        }
        out
    }

    /// Tab completion: candidates for the last word of `partial` (commands, flags, topic and
    /// group names).
    pub fn complete(&self, partial: &str) -> Vec<String> {
        let words: Vec<&str> = partial.split_whitespace().collect();
        let ends_with_space = partial.ends_with(' ') || partial.is_empty();
        let last = if ends_with_space {
            ""
        } else {
            words.last().copied().unwrap_or("")
        };
        let done: Vec<&str> = if ends_with_space {
            words.clone()
        } else {
            words
                .get(..words.len().saturating_sub(1))
                .unwrap_or(&[])
                .to_vec()
        };
        let mut cands: Vec<String> = Vec::new();
        if done.is_empty() {
            for c in KAFKA_COMMANDS {
                cands.push(format!("{c}.sh"));
            }
            for c in OTHER_COMMANDS {
                cands.push(c.to_string());
            }
        } else {
            let cmd = done.first().copied().unwrap_or("");
            let cmd = cmd.strip_suffix(".sh").unwrap_or(cmd);
            let prev = done.last().copied().unwrap_or("");
            match prev {
                "--topic" | "--entity-name" => cands = self.world.topic_names(),
                "--group" => cands = self.world.group_names(),
                _ if cmd == "sim" && done.len() == 1 => {
                    cands = ["time", "consumer", "load", "lose-acks", "seed", "reset"]
                        .iter()
                        .map(|s| s.to_string())
                        .collect()
                }
                _ => {
                    cands = tools::flags_of(cmd)
                        .iter()
                        .map(|f| format!("--{f}"))
                        .collect();
                }
            }
        }
        cands.retain(|c| c.starts_with(last));
        cands.sort();
        cands.dedup();
        cands
    }
}

/// `30s`, `500ms`, `2m`, `1h`; a bare number is in `unit_ms`.
pub fn parse_duration(s: &str, unit_ms: u64) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3_600_000.0)
    } else {
        (s, unit_ms as f64)
    };
    let v: f64 = num.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    let ms = v * mult;
    if ms > 24.0 * 3_600_000.0 {
        return None;
    }
    Some(ms.round() as u64)
}

/// `[2026-01-01 00:00:05,000]` as log4j's `%d` prints it in the tools' log lines.
pub(crate) fn log_time(epoch_ms: u64) -> String {
    crate::engine::time::format_datetime(epoch_ms)
        .replace('T', " ")
        .replace('.', ",")
}

const HELP: &str = "\
Kafka tools (type them as on a real machine; `.sh` is optional; --bootstrap-server is required and ignored):
  kafka-topics.sh            --create | --list | --describe | --alter | --delete  (topics)
  kafka-configs.sh           --alter/--describe --entity-type topics --entity-name T  (topic configs)
  kafka-console-producer.sh  --topic T   (one record per input line; Ctrl-D ends)
  kafka-console-consumer.sh  --topic T | --include REGEX  (prints records; Ctrl-C stops; & runs it in the background)
  kafka-consumer-groups.sh   --list | --describe | --reset-offsets | --delete  (consumer groups)
  kafka-producer-perf-test.sh --topic T --num-records N --record-size S --throughput R --producer-props k=v…

Playground only (not Kafka commands):
  sim time advance 30s       move simulated time (ms, s, m, h); `sleep N` = N seconds
  sim consumer start --group G --member-id ID --topics a,b [--group-instance-id I] [--client-id C]
                     [--assignor range|roundrobin|sticky|cooperative-sticky] [--processing-ms N] [--commit auto|after|before|never]
                     [--fail-key K] [--fail-percent N]   records this consumer's listener fails on
                     [--max-attempts N|unlimited] [--backoff-ms N]   retries as Spring's DefaultErrorHandler (10, 0 ms)
                     [--dlt | --dlt-topic T]   then send to a dead-letter topic (--dlt: <topic>-dlt, created if missing)
  sim consumer stop ID [--group G]     clean shutdown (commit, leave)
  sim consumer crash ID [--group G]    the process dies: no commit, no LeaveGroup
  sim load start --id L --topic T --rate N [--value-size S] [--producer P] [--acks 0|1|all]
                 [--keys none|one:KEY|uniform:N|hot:KEY:PCT|channel-minute:web,app,store:PCT|channel-user:web,app:PCT:USERS]
  sim load stop L
  sim lose-acks --count N [--producer P]   the next N sends lose their acknowledgement
  sim broker kill ID | start ID   stop a broker process / bring it back with its log
  sim broker slow ID [--rate N]   its followers copy N records/s per partition (0: none)
  sim broker normal ID | add | list   followers keep up again / a new broker / status
  sim lost                                 records lost to leader changes (the loss ledger)
  sim seed N | sim reset                   start over (with another seed)
  jobs, kill %N                            background consumers
Type `help COMMAND` for one command's options.";

fn help(args: &[String], out: &mut Output) {
    match args.first().map(|a| a.strip_suffix(".sh").unwrap_or(a)) {
        None => out.out(HELP),
        Some(c) => match tools::help_of(c) {
            Some(t) => out.out(t),
            None => {
                out.err(format!(
                    "help: no help for '{c}'. Type `help` for the list."
                ));
                out.code = 1;
            }
        },
    }
}
