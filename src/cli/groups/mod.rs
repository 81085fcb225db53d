//! `kafka-consumer-groups.sh` as Kafka 4.3 prints it, following
//! `tools/…/consumer/group/ConsumerGroupCommand.java`, `ConsumerGroupCommandOptions.java` and
//! `tools/…/OffsetsUtils.java` (column widths, the blank line each table starts with, messages
//! on stdout/stderr as there). The playground's groups use the classic protocol, so the admin
//! client describes them with `DescribeGroups` (`DescribeConsumerGroupsHandler`
//! `.handledClassicGroupResponse`): no member epochs, no target assignment, no group epoch.
//!
//! Where the tool prints a Java stack trace (`printError(…, Optional.of(e))`, an uncaught
//! exception), only its first lines are printed: the frames are left out.

use super::client::parse_or_throw;
use super::java::{hash_map_order, string_hash, topic_partition_hash};
use super::opts::{self, Spec};
use super::output::{log_time, Output};
use crate::engine::{
    Command, GroupProtocol, GroupState, GroupType, GroupView, MemberView, ResetTarget,
    TopicPartition, World,
};

pub(crate) mod describe;
mod reset;

use describe::describe;
use reset::reset;

pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("command-config", true),
    ("list", false),
    ("describe", false),
    ("delete", false),
    ("reset-offsets", false),
    ("delete-offsets", false),
    ("validate-regex", true),
    ("group", true),
    ("all-groups", false),
    ("topic", true),
    ("all-topics", false),
    ("members", false),
    ("verbose", false),
    ("offsets", false),
    ("state", false),
    ("type", false),
    ("dry-run", false),
    ("execute", false),
    ("export", false),
    ("to-earliest", false),
    ("to-latest", false),
    ("to-current", false),
    ("to-offset", true),
    ("shift-by", true),
    ("to-datetime", true),
    ("by-duration", true),
    ("from-file", true),
    ("timeout", true),
    ("help", false),
    ("version", false),
];

/// Options with an optional argument (`withOptionalArg`): `--list --state [stable,empty]`.
const OPTIONAL_ARG: &[&str] = &["state", "type"];

pub(crate) const HELP: &str = "kafka-consumer-groups.sh --bootstrap-server localhost:9092 ACTION …   (ConsumerGroupCommand, Kafka 4.3)
  --list [--state [S,S…]] [--type [classic,consumer]]
  --describe --group G [--offsets | --members | --state] [--verbose]   (or --all-groups)
  --reset-offsets --group G --topic T[:P,P] | --all-topics (--to-earliest | --to-latest | --to-offset N
                  | --shift-by N | --to-datetime YYYY-MM-DDTHH:mm:SS.sss | --to-current) (--dry-run | --execute)
  --delete --group G
  --validate-regex REGEX
  --command-config FILE   (accepted and ignored)";

const MISSING: &str = "-";

/// `%-Ns`: left-justified in `w` characters, never cut.
pub(crate) fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

pub(crate) fn width<'a>(min: usize, cells: impl Iterator<Item = &'a str>) -> usize {
    cells.map(|c| c.chars().count()).max().unwrap_or(0).max(min)
}

/// `printError`: a blank line, then "Error: …", on standard output.
pub(crate) fn print_error(out: &mut Output, msg: &str) {
    out.out("");
    out.out(format!("Error: {msg}"));
}

/// `CommandLineUtils.printUsageAndExit`.
fn usage(out: &mut Output, msg: &str) {
    out.usage(msg, "kafka-consumer-groups");
}

pub(crate) fn run(world: &mut World, args: &[String], out: &mut Output) {
    // ConsumerGroupCommand.main parses outside its try: a refused option escapes `main`.
    let Some(p) = parse_or_throw(args, FLAGS, OPTIONAL_ARG, out) else {
        return;
    };
    if p.has("help") {
        out.out(HELP);
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: no arguments print the usage with the tool's
    // description.
    if args.is_empty() {
        out.usage("This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.", "kafka-consumer-groups");
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: AppInfoParser.getVersion().
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
        return;
    }
    // `availableIf` (jopt-simple checks it while parsing, so this escapes `main` too).
    for (opt, needs) in [
        ("members", &["describe"][..]),
        ("verbose", &["describe"][..]),
        ("offsets", &["describe"][..]),
        ("state", &["describe", "list"][..]),
        ("type", &["list"][..]),
    ] {
        if p.has(opt) && !needs.iter().any(|n| p.has(n)) {
            out.err(format!("Exception in thread \"main\" joptsimple.UnavailableOptionException: Option(s) [{opt}] are unavailable given other options on the command line"));
            out.code = 1;
            return;
        }
    }
    if !check_args(&p, out) {
        return;
    }
    let actions = [
        "list",
        "describe",
        "delete",
        "reset-offsets",
        "delete-offsets",
        "validate-regex",
    ];
    if actions.iter().filter(|a| p.has(a)).count() != 1 {
        return usage(out, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex");
    }
    if let Some(regex) = p.value("validate-regex") {
        // ConsumerGroupCommand.validateRegex compiles with RE2/J; `regex-lite` takes the same
        // syntax. Its error description is regex-lite's, not RE2/J's.
        match regex_lite::Regex::new(regex) {
            Ok(_) => out.out(format!("The regular expression `{regex}` is valid.")),
            Err(e) => out.out(format!(
                "The regular expression `{regex}` is invalid: {}.",
                e.to_string().lines().last().unwrap_or("invalid")
            )),
        }
        return;
    }
    let groups: Vec<String> = if p.has("all-groups") {
        world.group_names()
    } else {
        p.values("group").iter().map(|s| s.to_string()).collect()
    };
    if p.has("list") {
        list(world, &p, out);
    } else if p.has("describe") {
        describe(world, &p, &groups, out);
    } else if p.has("delete") {
        delete(world, &groups, out);
    } else if p.has("reset-offsets") {
        reset(world, &p, &groups, out);
    } else if p.has("delete-offsets") {
        usage(
            out,
            "--delete-offsets is not supported by this playground yet.",
        );
    }
}

/// `ConsumerGroupCommandOptions.checkArgs`, in its order. False when it stopped the tool.
fn check_args(p: &opts::Parsed, out: &mut Output) -> bool {
    // `allGroupSelectionScopeOpts` is a `Set.of`, whose order changes from run to run.
    let scope = "[all-groups], [group]";
    let has_scope = p.has("group") || p.has("all-groups");
    if p.has("describe") {
        if !has_scope {
            usage(
                out,
                &format!("Option [describe] takes one of these options: {scope}"),
            );
            return false;
        }
        if ["members", "offsets", "state"]
            .iter()
            .filter(|o| p.has(o))
            .count()
            > 1
        {
            usage(
                out,
                "Option [describe] takes at most one of these options: [members], [offsets], [state]",
            );
            return false;
        }
        if p.value("state").is_some() {
            usage(out, "Option [describe] does not take a value for [state]");
            return false;
        }
    }
    if p.has("delete") {
        if !has_scope {
            usage(
                out,
                &format!("Option [delete] takes one of these options: {scope}"),
            );
            return false;
        }
        if p.has("topic") {
            usage(
                out,
                "The consumer does not support topic-specific offset deletion from a consumer group.",
            );
            return false;
        }
    }
    if p.has("delete-offsets") && (!p.has("group") || !p.has("topic")) {
        usage(
            out,
            "Option [delete-offsets] takes the following options: [group], [topic]",
        );
        return false;
    }
    if p.has("reset-offsets") {
        if p.has("dry-run") && p.has("execute") {
            usage(
                out,
                "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
            );
            return false;
        }
        if !p.has("dry-run") && !p.has("execute") {
            out.err("WARN: No action will be performed as the --execute option is missing. In version 5.0, this command will require either --dry-run or --execute to be specified. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.");
        }
        if !has_scope {
            usage(
                out,
                &format!("Option [reset-offsets] takes one of these options: {scope}"),
            );
            return false;
        }
        let given: Vec<&str> = SCENARIOS.iter().copied().filter(|s| p.has(s)).collect();
        if given.len() > 1 {
            usage(
                out,
                &format!(
                    "Option \"[{}]\" can't be used with option \"[{}]\"",
                    given[0], given[1]
                ),
            );
            return false;
        }
    }
    let invalid = [
        ("group", "all-groups"),
        ("group", "list"),
        ("topic", "list"),
        ("topic", "describe"),
    ];
    for (used, other) in invalid {
        if p.has(used) && p.has(other) {
            usage(
                out,
                &format!("Option \"[{used}]\" can't be used with option \"[{other}]\""),
            );
            return false;
        }
    }
    true
}

/// The reset scenarios, in the order `checkArgs` checks them.
const SCENARIOS: [&str; 8] = [
    "to-offset",
    "to-datetime",
    "by-duration",
    "to-earliest",
    "to-latest",
    "to-current",
    "shift-by",
    "from-file",
];

/// A group the coordinator knows. The group coordinator of Kafka 4.x answers `DescribeGroups`
/// for an unknown (or deleted) group with `GROUP_ID_NOT_FOUND`.
fn described(world: &World, group: &str) -> Option<GroupView> {
    world
        .group_view(group)
        .filter(|v| v.state != GroupState::Dead)
}

/// `describeConsumerGroups` failed: `run` prints the `ExecutionException` and its stack trace.
fn group_not_found(out: &mut Output, group: &str, share: bool) {
    // The message is the one `ConsumerGroupDescribe` gave (DescribeConsumerGroupsHandler keeps
    // it for the classic retry); GroupIdNotFoundException is an ApiException: no frames. For a
    // share group id, `GroupMetadataManager.consumerGroup` says it is not a consumer group, and
    // the classic `DescribeGroups` retry answers GROUP_ID_NOT_FOUND (v6+), which keeps that
    // message.
    let message = if share {
        format!("Group {group} is not a consumer group.")
    } else {
        format!("Group {group} not found.")
    };
    let cause = format!("org.apache.kafka.common.errors.GroupIdNotFoundException: {message}");
    print_error(
        out,
        &format!("Executing consumer group command failed due to {cause}"),
    );
    out.err(format!("java.util.concurrent.ExecutionException: {cause}"));
    out.err(format!("Caused by: {cause}"));
}

/// The group's members as `DescribeGroups` lists them: `ClassicGroup.members` is a `HashMap`
/// keyed by member id. Consumers that `assign()` partitions are not members.
/// A member out of the group after a poll timeout is not listed either. A consumer group's
/// members come from a `TimelineHashMap` keyed by member id: the same hash order.
fn members(v: &GroupView) -> Vec<&MemberView> {
    hash_map_order(
        v.members
            .iter()
            .filter(|m| !m.manual && !m.poll_expired)
            .map(|m| (string_hash(&m.member_id), m))
            .collect(),
    )
}

/// `listGroups`: the ids, or with `--state`/`--type` a table (`printGroupInfo`), filtered by
/// the states and types given.
fn list(world: &World, p: &opts::Parsed, out: &mut Output) {
    let with_type = p.has("type");
    let with_state = p.has("state");
    if !with_type && !with_state {
        for g in world.group_names() {
            out.out(g);
        }
        return;
    }
    const STATES: [&str; 7] = [
        "PreparingRebalance",
        "CompletingRebalance",
        "Stable",
        "Dead",
        "Empty",
        "Assigning",
        "Reconciling",
    ];
    let mut states: Vec<&str> = Vec::new();
    if let Some(input) = p.value("state").filter(|s| !s.is_empty()) {
        for s in input.split(',') {
            match STATES.iter().find(|x| x.eq_ignore_ascii_case(s.trim())) {
                Some(x) => states.push(x),
                // groupStatesFromString; the valid states are a `Set.of`, in no fixed order.
                None => {
                    return usage(
                        out,
                        &format!(
                            "Invalid state list '{input}'. Valid states are: {}",
                            STATES.join(", ")
                        ),
                    )
                }
            }
        }
    }
    let mut types: Vec<&str> = Vec::new();
    if let Some(input) = p.value("type").filter(|s| !s.is_empty()) {
        for t in input.to_lowercase().split(',') {
            match ["classic", "consumer"].iter().find(|x| **x == t.trim()) {
                Some(x) => types.push(x),
                None => {
                    // consumerGroupTypesFromString: the names joined from a HashSet.
                    let valid = hash_map_order(vec![
                        (string_hash("Classic"), "Classic"),
                        (string_hash("Consumer"), "Consumer"),
                    ]);
                    return usage(
                        out,
                        &format!(
                            "Invalid types list '{input}'. Valid types are: {}",
                            valid.join(", ")
                        ),
                    );
                }
            }
        }
    }
    let rows: Vec<(String, &str, &str)> = world
        .group_names()
        .into_iter()
        .filter_map(|g| {
            world
                .group_view(&g)
                .map(|v| (g, v.kind.as_str(), v.state.as_str()))
        })
        .filter(|(_, _, s)| states.is_empty() || states.contains(s))
        .filter(|(_, t, _)| types.is_empty() || types.iter().any(|x| x.eq_ignore_ascii_case(t)))
        .collect();
    let wg = rows
        .iter()
        .map(|(g, _, _)| g.chars().count().max(15))
        .max()
        .unwrap_or(15)
        + 10;
    let line = |g: &str, t: &str, s: &str| {
        let mut l = pad(g, wg);
        if with_type {
            l.push(' ');
            l.push_str(&pad(t, 20));
        }
        if with_state {
            l.push(' ');
            l.push_str(&pad(s, 20));
        }
        l
    };
    out.out(line("GROUP", "TYPE", "STATE"));
    for (g, t, s) in &rows {
        out.out(line(g, t, s));
    }
}

/// `deleteGroups`: the results are kept in `HashMap`s, printed in their order.
fn delete(world: &mut World, groups: &[String], out: &mut Output) {
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for g in groups {
        // DeleteGroupsResponse carries an error code only: the exceptions have the default
        // messages of `Errors`.
        let error = match world.apply(Command::DeleteGroup { group: g.clone() }) {
            Ok(_) => None,
            Err(crate::engine::EngineError::UnknownGroup(_)) => Some(
                "org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.".to_string(),
            ),
            Err(crate::engine::EngineError::GroupNotEmpty(_)) => Some(
                "org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty."
                    .to_string(),
            ),
            Err(e) => Some(format!("org.apache.kafka.common.KafkaException: {e}")),
        };
        match error {
            None => ok.push((string_hash(g), g.clone())),
            Some(e) => failed.push((string_hash(g), (g.clone(), e))),
        }
    }
    print_deletions(out, "consumer", ok, failed);
}

/// `deleteGroups`' report (`ConsumerGroupCommand`, `ShareGroupCommand`): the groups deleted and
/// the ones that failed with why, each list in the order of the `HashMap` the tool prints from
/// (`kind`: "consumer" or "share").
pub(crate) fn print_deletions(
    out: &mut Output,
    kind: &str,
    ok: Vec<(i32, String)>,
    failed: Vec<(i32, (String, String))>,
) {
    let ok = hash_map_order(ok);
    let failed = hash_map_order(failed);
    let quoted = |gs: &[String]| {
        gs.iter()
            .map(|g| format!("'{g}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if failed.is_empty() {
        out.out(format!(
            "Deletion of requested {kind} groups ({}) was successful.",
            quoted(&ok)
        ));
    } else {
        print_error(out, &format!("Deletion of some {kind} groups failed:"));
        for (g, e) in &failed {
            out.out(format!("* Group '{g}' could not be deleted due to: {e}"));
        }
        if !ok.is_empty() {
            out.out("");
            out.out(format!(
                "These {kind} groups were deleted successfully: {}",
                quoted(&ok)
            ));
        }
    }
}

/// `run`'s `catch (Throwable e)`: the message on stdout, the stack trace's first line on
/// stderr (an `ApiException` has no frames; other frames are left out).
fn failed_due_to(out: &mut Output, message: &str, throwable: &str) {
    print_error(
        out,
        &format!("Executing consumer group command failed due to {message}"),
    );
    out.err(throwable);
}
