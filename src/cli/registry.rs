//! The one table of commands the console knows. Dispatch, `help`, Tab completion and
//! "command not found … Did you mean" all read [`TOOLS`], so a new tool is one entry here.

use super::console::Console;
use super::opts::{self, Spec};
use super::output::Output;
use super::shell::Cmd;
use super::{
    builtins, configs, console_consumer, console_producer, console_share_consumer, groups, help,
    perf_test, share_groups, sim, topics,
};
use crate::engine::World;

/// Runs a command: the console, the world it acts on, the command line (its words, standard
/// input, `&`), the arguments after the command's name, and where to print.
pub(crate) type Run = fn(&mut Console, &mut World, &Cmd, &[String], &mut Output);

/// Whether a Kafka tool refuses to run without `--bootstrap-server`, and what it prints then.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Bootstrap {
    /// Not a Kafka tool, or one that finds its servers elsewhere (`--producer-props`).
    NotChecked,
    /// The tool's own message when the option is missing.
    Required(&'static str),
}

/// `CommandLineUtils.checkRequiredArgs`.
const MISSING_BOOTSTRAP: &str = "Missing required argument \"[bootstrap-server]\"";

/// One command of the console.
pub(crate) struct Tool {
    /// What is typed, without `.sh`.
    pub name: &'static str,
    /// A Kafka tool (`kafka-*.sh`): completion and suggestions show it with `.sh`.
    pub kafka: bool,
    /// Shown by completion and `help`, and offered by "Did you mean".
    pub listed: bool,
    pub bootstrap: Bootstrap,
    /// May run in the background (`&`).
    pub background: bool,
    /// Its options, for parsing and completion.
    pub flags: &'static [Spec],
    /// What `help NAME` prints.
    pub help: Option<&'static str>,
    /// Options KIP-1147 (Kafka 4.2) renamed, `(old, new)`: the old name still works and the
    /// tool prints a deprecation warning. Completion offers only the new names; "did you mean"
    /// suggests the new name.
    pub renamed: &'static [(&'static str, &'static str)],
    pub run: Run,
}

/// Every command, Kafka tools first (the order "Did you mean" breaks ties in).
pub(crate) static TOOLS: &[Tool] = &[
    Tool {
        name: "kafka-topics",
        kafka: true,
        listed: true,
        // TopicCommandOptions.checkRequiredArgs throws an IllegalArgumentException;
        // TopicCommand.mainNoExit prints its message, then its stack trace (frames left out).
        bootstrap: Bootstrap::Required(
            "--bootstrap-server must be specified\njava.lang.IllegalArgumentException: --bootstrap-server must be specified",
        ),
        background: false,
        flags: topics::FLAGS,
        help: Some(topics::HELP),
        renamed: &[],
        run: |_, w, _, args, out| topics::run(w, args, out),
    },
    Tool {
        name: "kafka-console-producer",
        kafka: true,
        listed: true,
        // ConsoleProducerOptions checks the address itself (ToolsUtils.validateBootstrapServer).
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: console_producer::FLAGS,
        help: Some(console_producer::HELP),
        renamed: console_producer::RENAMED,
        run: |c, w, cmd, args, out| console_producer::run(c, w, args, cmd.stdin.as_deref(), out),
    },
    Tool {
        name: "kafka-console-consumer",
        kafka: true,
        listed: true,
        bootstrap: Bootstrap::Required(MISSING_BOOTSTRAP),
        background: true,
        flags: console_consumer::FLAGS,
        help: Some(console_consumer::HELP),
        renamed: console_consumer::RENAMED,
        run: |c, w, cmd, args, out| console_consumer::run(c, w, args, cmd, out),
    },
    Tool {
        name: "kafka-consumer-groups",
        kafka: true,
        listed: true,
        bootstrap: Bootstrap::Required(MISSING_BOOTSTRAP),
        background: false,
        flags: groups::FLAGS,
        help: Some(groups::HELP),
        renamed: &[],
        run: |_, w, _, args, out| groups::run(w, args, out),
    },
    Tool {
        name: "kafka-share-groups",
        kafka: true,
        listed: true,
        bootstrap: Bootstrap::Required(MISSING_BOOTSTRAP),
        background: false,
        flags: share_groups::FLAGS,
        help: Some(share_groups::HELP),
        renamed: &[],
        run: |_, w, _, args, out| share_groups::run(w, args, out),
    },
    Tool {
        name: "kafka-console-share-consumer",
        kafka: true,
        listed: true,
        // ConsoleShareConsumerOptions.checkRequiredArgs asks for --topic first: the tool checks.
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: console_share_consumer::FLAGS,
        help: Some(console_share_consumer::HELP),
        renamed: console_share_consumer::RENAMED,
        run: |c, w, cmd, args, out| console_share_consumer::run(c, w, args, cmd, out),
    },
    Tool {
        name: "kafka-configs",
        kafka: true,
        listed: true,
        // ConfigCommandOptions.checkArgs throws an IllegalArgumentException; main prints its message.
        bootstrap: Bootstrap::Required(
            "Either --bootstrap-server or --bootstrap-controller must be specified.",
        ),
        background: false,
        flags: configs::FLAGS,
        help: Some(configs::HELP),
        renamed: &[],
        run: |_, w, _, args, out| configs::run(w, args, out),
    },
    Tool {
        name: "kafka-producer-perf-test",
        kafka: true,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: perf_test::FLAGS,
        help: Some(perf_test::HELP),
        renamed: perf_test::RENAMED,
        run: |c, w, _, args, out| perf_test::run(c, w, args, out),
    },
    Tool {
        name: "sim",
        kafka: false,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: Some(help::SIM),
        renamed: &[],
        run: |c, w, _, args, out| sim::run(c, w, args, out),
    },
    Tool {
        name: "help",
        kafka: false,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: Some(help::BUILTIN),
        renamed: &[],
        run: |_, _, _, args, out| run_help(args, out),
    },
    Tool {
        name: "sleep",
        kafka: false,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: Some(help::BUILTIN),
        renamed: &[],
        run: |c, w, _, args, out| builtins::sleep(c, w, args, out),
    },
    Tool {
        name: "echo",
        kafka: false,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: Some(help::BUILTIN),
        renamed: &[],
        run: |_, _, _, args, out| builtins::echo(args, out),
    },
    Tool {
        name: "jobs",
        kafka: false,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: Some(help::BUILTIN),
        renamed: &[],
        run: |c, _, _, _, out| builtins::jobs(c, out),
    },
    Tool {
        name: "kill",
        kafka: false,
        listed: true,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: Some(help::BUILTIN),
        renamed: &[],
        run: |c, w, _, args, out| builtins::kill(c, w, args, out),
    },
    Tool {
        name: "kafka-reassign-partitions",
        kafka: false,
        listed: false,
        bootstrap: Bootstrap::NotChecked,
        background: false,
        flags: &[],
        help: None,
        renamed: &[],
        run: |_, _, _, _, out| builtins::reassign_partitions(out),
    },
];

/// The command typed as `name` (without `.sh`).
pub(crate) fn find(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

/// Commands shown by completion and `help`, as they are typed (`kafka-topics.sh`, `sim`).
pub(crate) fn listed() -> impl Iterator<Item = &'static Tool> {
    TOOLS.iter().filter(|t| t.listed)
}

impl Tool {
    /// The new name of an option KIP-1147 renamed.
    pub(crate) fn renamed_to(&self, old: &str) -> Option<&'static str> {
        self.renamed
            .iter()
            .find(|(o, _)| *o == old)
            .map(|(_, n)| *n)
    }

    /// The options to offer (completion): the old names of renamed options left out.
    pub(crate) fn offered_flags(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.flags
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| self.renamed_to(f).is_none())
    }

    /// The name as shown: Kafka tools with `.sh`.
    pub(crate) fn shown(&self) -> String {
        if self.kafka {
            format!("{}.sh", self.name)
        } else {
            self.name.to_string()
        }
    }
}

/// The listed command closest to `word`, if `word` looks like a typo of it.
pub(crate) fn did_you_mean(word: &str) -> Option<&'static Tool> {
    let name = opts::did_you_mean(word, listed().map(|t| t.name))?;
    find(name)
}

/// `help [COMMAND]`.
fn run_help(args: &[String], out: &mut Output) {
    match args.first().map(|a| a.strip_suffix(".sh").unwrap_or(a)) {
        None => out.out(help::OVERVIEW),
        Some(c) => match find(c).and_then(|t| t.help) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        for (i, t) in TOOLS.iter().enumerate() {
            assert!(
                TOOLS.iter().skip(i + 1).all(|o| o.name != t.name),
                "{} is listed twice",
                t.name
            );
            if t.kafka {
                assert!(t.listed && t.help.is_some(), "{} needs help", t.name);
                assert!(
                    t.flags.iter().any(|(f, _)| *f == "bootstrap-server"),
                    "{} accepts --bootstrap-server",
                    t.name
                );
                for (old, new) in t.renamed {
                    assert!(
                        t.flags.iter().any(|(f, _)| f == old)
                            && t.flags.iter().any(|(f, _)| f == new),
                        "{} accepts --{old} and --{new}",
                        t.name
                    );
                }
            }
        }
        assert_eq!(
            TOOLS.iter().filter(|t| t.background).count(),
            1,
            "only the console consumer runs with &"
        );
    }
}
