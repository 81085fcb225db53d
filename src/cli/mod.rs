//! Kafka command-line emulation over the engine (parse + format).
//!
//! A [`Console`] runs the real tools' command lines (`kafka-topics.sh`,
//! `kafka-console-producer.sh`, `kafka-console-consumer.sh`, `kafka-consumer-groups.sh`,
//! `kafka-configs.sh`, `kafka-producer-perf-test.sh`) plus the playground-only `sim …`
//! commands against a [`World`] it is given for each call: the page, a script runner or a test
//! owns the world, the console only keeps the tools' own state (the producer prompt, running
//! consumers). Output follows the tools' source in apache/kafka (each tool module cites its
//! classes). [`run_script`] runs a small subset of `sh` (see [`shell`]).
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
//! * Every command is one entry of `registry::TOOLS`: dispatch, `help`, completion and
//!   "Did you mean" read that table.
//! * No input panics: every index is checked.
//!
//! Modules depend one way: this file (dispatch, scripts) → `registry` → the tools (`topics`,
//! `configs`, `console_producer`, `console_consumer`, `groups`, `perf_test`, `sim`, `builtins`)
//! → `console` (the tools' state and sessions), `client`, `formatter`, `output`, `opts`, `shell`.

mod builtins;
mod client;
mod complete;
mod configs;
mod console;
mod console_consumer;
mod console_producer;
mod console_share_consumer;
mod formatter;
mod groups;
mod help;
mod java;
pub mod opts;
mod output;
mod perf_test;
mod registry;
mod share_groups;
pub mod shell;
mod sim;
mod topics;

use crate::engine::World;

/// The one Kafka version the console imitates: every tool prints what this release prints
/// (`--version` prints it, as `AppInfoParser.getVersion()` does).
pub const KAFKA_VERSION: &str = "4.3.1";

pub use complete::complete;
pub use console::{Console, IDLE_STOP_MS, MAX_FOREGROUND_MS, STEP_MS};
pub use opts::parse_duration;
pub use output::{OutLine, Output, ScriptResult, Stream};
pub use shell::Cmd;

use console::Session;
use registry::Bootstrap;

/// Runs a script (see [`shell`]) in a fresh world. Same script and seed ⇒ same output.
/// Like `sh`, a failing command does not stop the script; the script's exit code is that of
/// the first command that failed (0 if none did), so runners see every error.
pub fn run_script(seed: u64, text: &str) -> ScriptResult {
    let mut world = World::new(seed);
    run_script_in(&mut Console::new(), &mut world, text)
}

/// Builds a world by running a setup script (scenarios, lesson steps). The first failing
/// command's error comes back with its line, so a broken scenario is reported, never half-built.
pub fn script_world(seed: u64, text: &str) -> Result<World, String> {
    let mut world = World::new(seed);
    let res = run_script_in(&mut Console::new(), &mut world, text);
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
    Ok(world)
}

/// Runs a script on a console and a world, non-interactively (consumers run to completion).
pub fn run_script_in(console: &mut Console, world: &mut World, text: &str) -> ScriptResult {
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
        let out = console.run_cmd(world, &cmd);
        let code = out.code;
        res.steps.push((cmd, out));
        if code != 0 && res.code == 0 {
            res.code = code;
        }
    }
    res
}

impl Console {
    /// Runs one line typed at the prompt. While a producer session is open, the line is a record.
    pub fn run_line(&mut self, world: &mut World, line: &str) -> Output {
        if matches!(self.session, Some(Session::Producer(_))) {
            return self.feed_line(world, line);
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
                self.run_cmd(world, &cmd)
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
    pub fn run_cmd(&mut self, world: &mut World, cmd: &Cmd) -> Output {
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
        let tool = registry::find(&name);
        if cmd.background && !tool.is_some_and(|t| t.background) {
            out.err(format!("{name}: only kafka-console-consumer.sh can run in the background (&) in this console"));
            out.code = 1;
            return out;
        }
        let Some(tool) = tool else {
            out.err(format!("{first}: command not found"));
            if let Some(m) = registry::did_you_mean(&name) {
                out.err(format!("Did you mean {}?", m.shown()));
            }
            out.err("Type `help` for the commands this console knows.");
            out.code = 127;
            return out;
        };
        // CommandLineUtils.maybePrintHelpOrVersion runs before the required options are checked.
        // With no arguments at all it prints the usage (isPrintHelpNeeded).
        if !args.is_empty()
            && !args
                .iter()
                .any(|a| matches!(a.as_str(), "--help" | "-h" | "--version"))
        {
            if let Some(msg) = self.check_bootstrap(tool, &args) {
                out.append(msg);
                return out;
            }
        }
        (tool.run)(self, world, cmd, &args, &mut out);
        out
    }

    fn check_bootstrap(&self, tool: &registry::Tool, args: &[String]) -> Option<Output> {
        let Bootstrap::Required(message) = tool.bootstrap else {
            return None;
        };
        if !self.require_bootstrap_server {
            return None;
        }
        // The tools parse their options first: a refused option is reported before this.
        let Ok(parsed) = opts::parse(args, tool.flags) else {
            return None;
        };
        // ConsumerGroupCommandOptions.checkArgs: --validate-regex needs no server.
        if tool.name == "kafka-consumer-groups" && parsed.has("validate-regex") {
            return None;
        }
        if parsed.has("bootstrap-server") || parsed.has("bootstrap-controller") {
            return None;
        }
        let mut o = Output::default();
        o.err(message);
        o.err("(playground: add --bootstrap-server localhost:9092; any HOST:PORT is accepted and ignored)");
        o.code = 1;
        Some(o)
    }

    /// A line typed at the producer's `>` prompt.
    pub fn feed_line(&mut self, world: &mut World, line: &str) -> Output {
        let mut out = Output::default();
        let Some(Session::Producer(mut s)) = self.session.take() else {
            out.err("No console producer is reading input.");
            out.code = 1;
            return out;
        };
        let ok = console_producer::produce_line(world, &mut s, line, &mut out);
        if ok {
            self.session = Some(Session::Producer(s));
        } else {
            out.code = 1;
        }
        out
    }
}
