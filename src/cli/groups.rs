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
    Command, GroupState, GroupView, MemberView, ResetTarget, TopicPartition, World,
};

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
fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn width<'a>(min: usize, cells: impl Iterator<Item = &'a str>) -> usize {
    cells.map(|c| c.chars().count()).max().unwrap_or(0).max(min)
}

/// `printError`: a blank line, then "Error: …", on standard output.
fn print_error(out: &mut Output, msg: &str) {
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
fn group_not_found(out: &mut Output, group: &str) {
    // The message is the one `ConsumerGroupDescribe` gave (DescribeConsumerGroupsHandler keeps
    // it for the classic retry); GroupIdNotFoundException is an ApiException: no frames.
    let cause = format!(
        "org.apache.kafka.common.errors.GroupIdNotFoundException: Group {group} not found."
    );
    print_error(
        out,
        &format!("Executing consumer group command failed due to {cause}"),
    );
    out.err(format!("java.util.concurrent.ExecutionException: {cause}"));
    out.err(format!("Caused by: {cause}"));
}

/// The group's members as `DescribeGroups` lists them: `ClassicGroup.members` is a `HashMap`
/// keyed by member id. Consumers that `assign()` partitions are not members.
fn members(v: &GroupView) -> Vec<&MemberView> {
    hash_map_order(
        v.members
            .iter()
            .filter(|m| !m.manual)
            .map(|m| (string_hash(&m.member_id), m))
            .collect(),
    )
}

/// `shouldPrintMemberState`: the stderr notes for an empty or rebalancing group; false when
/// there are no rows to print.
fn state_preamble(v: &GroupView, rows: usize, out: &mut Output) -> bool {
    match v.state {
        GroupState::Dead => {
            print_error(out, &format!("Consumer group '{}' does not exist.", v.name));
            return false;
        }
        GroupState::Empty => {
            out.err("");
            out.err(format!(
                "Consumer group '{}' has no active members.",
                v.name
            ));
        }
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => {
            out.err("");
            out.err(format!(
                "Warning: Consumer group '{}' is rebalancing.",
                v.name
            ));
        }
        GroupState::Stable => {}
    }
    rows > 0
}

/// `describeGroups`: every group is described first (one unknown group fails them all), then
/// printed in group order (a `TreeMap`).
fn describe(world: &World, p: &opts::Parsed, groups: &[String], out: &mut Output) {
    let mut views = Vec::new();
    for g in groups {
        match described(world, g) {
            Some(v) => views.push(v),
            None => return group_not_found(out, g),
        }
    }
    views.sort_by(|a, b| a.name.cmp(&b.name));
    views.dedup_by(|a, b| a.name == b.name);
    let verbose = p.has("verbose");
    for v in &views {
        if p.has("members") {
            describe_members(v, verbose, out);
        } else if p.has("state") {
            describe_state(world, v, verbose, out);
        } else {
            describe_offsets(world, v, verbose, out);
        }
    }
}

/// One row of `--describe` (`PartitionAssignmentState`).
struct OffsetRow {
    topic: String,
    partition: u32,
    leader_epoch: Option<u32>,
    offset: Option<u64>,
    log_end: Option<u64>,
    consumer: String,
    host: String,
    client: String,
}

/// `collectGroupsOffsets` + `printOffsets`.
fn describe_offsets(world: &World, v: &GroupView, verbose: bool, out: &mut Output) {
    // describePartitions: a partition without a leader has no log-end offset.
    let leaderless = |tp: &TopicPartition| {
        world.topic_view(&tp.topic).is_some_and(|t| {
            t.partitions
                .iter()
                .any(|x| x.partition == tp.partition && x.leader.is_none())
        })
    };
    let row = |tp: &TopicPartition, consumer: &str, host: &str, client: &str| {
        let lag = v.partitions.iter().find(|x| x.partition == *tp);
        OffsetRow {
            topic: tp.topic.clone(),
            partition: tp.partition,
            leader_epoch: lag.and_then(|x| x.committed_leader_epoch),
            offset: lag.and_then(|x| x.committed),
            log_end: if leaderless(tp) {
                None
            } else {
                lag.map(|x| x.log_end_offset)
            },
            consumer: consumer.to_string(),
            host: host.to_string(),
            client: client.to_string(),
        }
    };
    // Members with partitions, most partitions first (a stable sort of the coordinator's
    // order); each member's rows by topic, then partition; then committed partitions nobody
    // owns, in the same order.
    let mut owners: Vec<&MemberView> = members(v)
        .into_iter()
        .filter(|m| !m.described_assignment.is_empty())
        .collect();
    owners.sort_by_key(|m| std::cmp::Reverse(m.described_assignment.len()));
    let mut rows = Vec::new();
    let mut assigned: Vec<&TopicPartition> = Vec::new();
    for m in &owners {
        let mut parts: Vec<&TopicPartition> = m.described_assignment.iter().collect();
        parts.sort();
        for tp in parts {
            rows.push(row(tp, &m.member_id, &m.host, &m.client_id));
            assigned.push(tp);
        }
    }
    for x in &v.partitions {
        if x.committed.is_some() && !assigned.contains(&&x.partition) {
            rows.push(row(&x.partition, MISSING, MISSING, MISSING));
        }
    }
    if !state_preamble(v, rows.len(), out) {
        return;
    }
    // printOffsetFormat
    let wg = v.name.chars().count().max(15);
    let wt = width(15, rows.iter().map(|r| r.topic.as_str()));
    let wc = width(15, rows.iter().map(|r| r.consumer.as_str()));
    let wh = width(15, rows.iter().map(|r| r.host.as_str()));
    let line = |c: [&str; 10]| {
        let mut s = format!("{} {} {} ", pad(c[0], wg), pad(c[1], wt), pad(c[2], 10));
        if verbose {
            s.push_str(&pad(c[3], 15));
            s.push(' ');
        }
        s.push_str(&format!(
            "{} {} {} {} {} {}",
            pad(c[4], 15),
            pad(c[5], 15),
            pad(c[6], 15),
            pad(c[7], wc),
            pad(c[8], wh),
            c[9]
        ));
        s
    };
    out.out("");
    out.out(line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]));
    let opt = |x: Option<u64>| x.map_or(MISSING.to_string(), |n| n.to_string());
    for r in &rows {
        // getLag: only with both offsets.
        let lag = match (r.offset, r.log_end) {
            (Some(o), Some(e)) => (e as i64 - o as i64).to_string(),
            _ => MISSING.into(),
        };
        out.out(line([
            &v.name,
            &r.topic,
            &r.partition.to_string(),
            &r.leader_epoch
                .map_or(MISSING.to_string(), |e| e.to_string()),
            &opt(r.offset),
            &opt(r.log_end),
            &lag,
            &r.consumer,
            &r.host,
            &r.client,
        ]));
    }
}

/// `getAssignmentString`: `topic:0,1;other:2`, topics sorted as strings.
fn assignment_string(parts: &[TopicPartition]) -> String {
    if parts.is_empty() {
        return MISSING.into();
    }
    let mut by_topic: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    for tp in parts {
        by_topic.entry(&tp.topic).or_default().push(tp.partition);
    }
    let mut each: Vec<String> = by_topic
        .into_iter()
        .map(|(t, mut ps)| {
            ps.sort();
            let ps: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            format!("{t}:{}", ps.join(","))
        })
        .collect();
    each.sort();
    each.join(";")
}

/// `collectGroupsMembers` + `printMembers`. A member keeps its partitions until the coordinator
/// removes it: one that crashed is listed with them until its session times out.
fn describe_members(v: &GroupView, verbose: bool, out: &mut Output) {
    let ms = members(v);
    let show = state_preamble(v, ms.len(), out);
    let shown: &[&MemberView] = if show { &ms } else { &[] };
    let instance = |m: &MemberView| m.group_instance_id.clone().unwrap_or_default();
    let wg = if shown.is_empty() {
        15
    } else {
        v.name.chars().count().max(15)
    };
    let wc = width(15, shown.iter().map(|m| m.member_id.as_str()));
    let wi = shown
        .iter()
        .map(|m| instance(m).chars().count())
        .max()
        .unwrap_or(0)
        .max(17);
    let wh = width(15, shown.iter().map(|m| m.host.as_str()));
    let wl = width(15, shown.iter().map(|m| m.client_id.as_str()));
    let with_instance = shown.iter().any(|m| !instance(m).is_empty());
    let current: Vec<String> = shown
        .iter()
        .map(|m| assignment_string(&m.described_assignment))
        .collect();
    let wa = width(20, current.iter().map(String::as_str));
    // Classic members have no target assignment: "-" (its width stays 20).
    let wt = 20;
    let row = |g: &str, c: &str, i: &str, h: &str, l: &str, n: &str| {
        if with_instance {
            format!(
                "{} {} {} {} {} {} ",
                pad(g, wg),
                pad(c, wc),
                pad(i, wi),
                pad(h, wh),
                pad(l, wl),
                pad(n, 15)
            )
        } else {
            format!(
                "{} {} {} {} {} ",
                pad(g, wg),
                pad(c, wc),
                pad(h, wh),
                pad(l, wl),
                pad(n, 15)
            )
        }
    };
    let extra = |a: &str, b: &str, c: &str, d: &str| {
        format!(
            "{} {} {} {}",
            pad(a, 15),
            pad(b, wa),
            pad(c, 15),
            pad(d, wt)
        )
    };
    out.out("");
    let mut header = row(
        "GROUP",
        "CONSUMER-ID",
        "GROUP-INSTANCE-ID",
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
    );
    if verbose {
        header.push_str(&extra(
            "CURRENT-EPOCH",
            "CURRENT-ASSIGNMENT",
            "TARGET-EPOCH",
            "TARGET-ASSIGNMENT",
        ));
    }
    out.out(header);
    for (m, cur) in shown.iter().zip(&current) {
        let mut line = row(
            &v.name,
            &m.member_id,
            &instance(m),
            &m.host,
            &m.client_id,
            &m.described_assignment.len().to_string(),
        );
        if verbose {
            line.push_str(&extra(MISSING, cur, MISSING, MISSING));
        }
        out.out(line);
    }
}

/// The coordinator of a group: the leader of its `__consumer_offsets` partition
/// (`Utils.abs(groupId.hashCode) % 50`), spread over the brokers.
fn coordinator(world: &World, group: &str) -> (u32, String) {
    let part = (string_hash(group) & 0x7fff_ffff) % 50;
    let brokers = world.brokers();
    let n = brokers.len().max(1);
    let id = brokers.get(part as usize % n).copied().unwrap_or(1);
    (id, format!("localhost:{}", 9091 + id))
}

/// `collectGroupsState` + `printStates`.
fn describe_state(world: &World, v: &GroupView, verbose: bool, out: &mut Output) {
    if !state_preamble(v, 1, out) {
        return;
    }
    let (id, host) = coordinator(world, &v.name);
    let coord = format!("{host}  ({id})");
    let wg = v.name.chars().count().max(15);
    let wc = coord.chars().count().max(25);
    // DescribeGroups fills protocolData (the assignor) only for a Stable group.
    let strategy = match (v.state, v.assignor) {
        (GroupState::Stable, Some(a)) => a.name(),
        _ => MISSING,
    };
    let members = v.members.iter().filter(|m| !m.manual).count().to_string();
    let line = |c: [&str; 7]| {
        if verbose {
            format!(
                "{} {} {} {} {} {} {}",
                pad(c[0], wg),
                pad(c[1], wc),
                pad(c[2], 20),
                pad(c[3], 20),
                pad(c[4], 15),
                pad(c[5], 25),
                c[6]
            )
        } else {
            format!(
                "{} {} {} {} {}",
                pad(c[0], wg),
                pad(c[1], wc),
                pad(c[2], 20),
                pad(c[3], 20),
                c[6]
            )
        }
    };
    out.out("");
    out.out(line([
        "GROUP",
        "COORDINATOR (ID)",
        "ASSIGNMENT-STRATEGY",
        "STATE",
        "GROUP-EPOCH",
        "TARGET-ASSIGNMENT-EPOCH",
        "#MEMBERS",
    ]));
    // A classic group has no group epoch nor target assignment epoch.
    out.out(line([
        &v.name,
        &coord,
        strategy,
        v.state.as_str(),
        MISSING,
        MISSING,
        &members,
    ]));
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
    // Every group of the playground is a classic group.
    let rows: Vec<(String, &str)> = world
        .group_names()
        .into_iter()
        .filter_map(|g| world.group_view(&g).map(|v| (g, v.state.as_str())))
        .filter(|(_, s)| states.is_empty() || states.contains(s))
        .filter(|_| types.is_empty() || types.contains(&"classic"))
        .collect();
    let wg = rows
        .iter()
        .map(|(g, _)| g.chars().count().max(15))
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
    for (g, s) in &rows {
        out.out(line(g, "Classic", s));
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
            "Deletion of requested consumer groups ({}) was successful.",
            quoted(&ok)
        ));
    } else {
        print_error(out, "Deletion of some consumer groups failed:");
        for (g, e) in &failed {
            out.out(format!("* Group '{g}' could not be deleted due to: {e}"));
        }
        if !ok.is_empty() {
            out.out("");
            out.out(format!(
                "These consumer groups were deleted successfully: {}",
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

/// `--reset-offsets`: `ConsumerGroupService.resetOffsets` with `OffsetsUtils`, then
/// `printOffsetsToReset`.
fn reset(world: &mut World, p: &opts::Parsed, groups: &[String], out: &mut Output) {
    let Some(scenario) = SCENARIOS.iter().copied().find(|s| p.has(s)) else {
        return usage(out, "Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [to-current], [shift-by], [from-file]]");
    };
    // The options are read as jopt-simple converts them (`valueOf`), inside `run`'s try.
    let long = |name: &str| -> Result<i64, String> {
        let v = p.value(name).unwrap_or("");
        v.parse::<i64>()
            .map_err(|_| format!("Cannot parse argument '{v}' of option {name}"))
    };
    let target = match scenario {
        "to-earliest" => ResetTarget::Earliest,
        "to-latest" => ResetTarget::Latest,
        "to-current" => ResetTarget::ShiftBy(0),
        "to-offset" | "shift-by" => match long(scenario) {
            Ok(n) if scenario == "to-offset" => ResetTarget::Offset(n.max(0) as u64),
            Ok(n) => ResetTarget::ShiftBy(n),
            Err(e) => {
                return failed_due_to(
                    out,
                    &e,
                    &format!("joptsimple.OptionArgumentConversionException: {e}"),
                )
            }
        },
        "to-datetime" => {
            let v = p.value("to-datetime").unwrap_or("");
            match crate::engine::time::parse_datetime(v) {
                Some(ts) => ResetTarget::Datetime(ts),
                None => {
                    // Utils.getDateTime; resetToDateTime wraps the ParseException.
                    let e = if v.split('T').filter(|s| !s.is_empty()).count() < 2 {
                        "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format".to_string()
                    } else {
                        let zoned = v.split_once('T').is_some_and(|(_, t)| {
                            t.contains('+') || t.contains('-') || t.contains('Z')
                        });
                        let full = if zoned {
                            v.to_string()
                        } else {
                            format!("{v}Z")
                        };
                        format!("java.text.ParseException: Unparseable date: \"{full}\"")
                    };
                    return failed_due_to(out, &e, &format!("java.lang.RuntimeException: {e}"));
                }
            }
        }
        other => {
            return usage(
                out,
                &format!("--{other} is not supported by this playground yet."),
            )
        }
    };
    let execute = p.has("execute");
    // The groups' results are a HashMap keyed by group id.
    let mut result: Vec<(i32, (String, Plan))> = Vec::new();
    for g in hash_map_order(groups.iter().map(|g| (string_hash(g), g.clone())).collect()) {
        if let Some(v) = described(world, &g) {
            if !matches!(v.state, GroupState::Empty | GroupState::Dead) {
                print_error(out, &format!("Assignments can only be reset if the group '{g}' is inactive, but the current state is {}.", v.state.as_str()));
                result.push((string_hash(&g), (g, Vec::new())));
                continue;
            }
        }
        match reset_inactive(world, p, &g, scenario, &target, execute, out) {
            Ok(plan) => result.push((string_hash(&g), (g, plan))),
            Err(()) => return,
        }
    }
    let result = hash_map_order(result);
    if p.has("export") {
        // exportOffsetsToCsv (Jackson's CSV writer, no header), printed with println.
        let single = p.values("group").len() == 1;
        let mut csv = String::new();
        for (g, plan) in &result {
            for (tp, o) in plan {
                if !single {
                    csv.push_str(g);
                    csv.push(',');
                }
                csv.push_str(&format!("{},{},{o}\n", tp.topic, tp.partition));
            }
        }
        out.out(csv);
        return;
    }
    // printOffsetsToReset: "%n%-Gs %-Ts %-10s %s" per line, then a newline.
    let wg = width(15, result.iter().map(|(g, _)| g.as_str()));
    let wt = width(
        15,
        result
            .iter()
            .flat_map(|(_, plan)| plan.iter().map(|(tp, _)| tp.topic.as_str())),
    );
    let line = |g: &str, t: &str, p: &str, o: &str| {
        format!("{} {} {} {o}", pad(g, wg), pad(t, wt), pad(p, 10))
    };
    out.out("");
    if result.is_empty() {
        return;
    }
    out.out(line("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    for (g, plan) in &result {
        for (tp, o) in plan {
            out.out(line(
                g,
                &tp.topic,
                &tp.partition.to_string(),
                &o.to_string(),
            ));
        }
    }
}

/// New offsets per partition.
type Plan = Vec<(TopicPartition, u64)>;

/// `resetOffsetsForInactiveGroup`: the partitions to reset, their new offsets (a HashMap keyed by
/// partition), committed with `--execute`. `Err` when the tool stopped with an error.
fn reset_inactive(
    world: &mut World,
    p: &opts::Parsed,
    group: &str,
    scenario: &str,
    target: &ResetTarget,
    execute: bool,
    out: &mut Output,
) -> Result<Vec<(TopicPartition, u64)>, ()> {
    let view = described(world, group);
    let committed = |tp: &TopicPartition| {
        view.as_ref().and_then(|v| {
            v.partitions
                .iter()
                .find(|x| x.partition == *tp)
                .and_then(|x| x.committed)
        })
    };
    // getPartitionsToReset
    let mut parts: Vec<TopicPartition> = Vec::new();
    if p.has("all-topics") {
        if let Some(v) = &view {
            parts.extend(
                v.partitions
                    .iter()
                    .filter(|x| x.committed.is_some())
                    .map(|x| x.partition.clone()),
            );
        }
    } else if p.has("topic") {
        // parseTopicPartitionsToReset: `topic:0,1` first, then whole topics.
        let mut whole = Vec::new();
        for t in p.values("topic") {
            if !t.contains(':') {
                whole.push(t);
                continue;
            }
            let arr: Vec<&str> = t.split(':').collect();
            // String.split drops trailing empty strings.
            let arr: Vec<&str> = {
                let mut a = arr;
                while a.last() == Some(&"") {
                    a.pop();
                }
                a
            };
            if arr.len() != 2 {
                usage(
                    out,
                    &format!("Invalid topic arg '{t}', expected topic name and partitions"),
                );
                return Err(());
            }
            for x in arr[1].split(',') {
                match x.parse::<i32>() {
                    Ok(n) if n >= 0 => parts.push(TopicPartition::new(arr[0], n as u32)),
                    Ok(n) => {
                        let tp = format!("{}-{n}", arr[0]);
                        failed_due_to(out, &format!("The partitions \"{tp}\" do not exist"), &format!("org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The partitions \"{tp}\" do not exist"));
                        return Err(());
                    }
                    Err(_) => {
                        usage(
                            out,
                            &format!("Invalid partition '{x}' specified in topic arg '{t}''"),
                        );
                        return Err(());
                    }
                }
            }
        }
        for t in whole {
            match world.topic_view(t) {
                Some(tv) => parts.extend(
                    tv.partitions
                        .iter()
                        .map(|x| TopicPartition::new(t, x.partition)),
                ),
                None => {
                    let m = format!("Topic {t} not found.");
                    failed_due_to(
                        out,
                        &m,
                        &format!(
                            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: {m}"
                        ),
                    );
                    return Err(());
                }
            }
        }
    } else {
        usage(
            out,
            "One of the reset scopes should be defined: --all-topics, --topic.",
        );
        return Err(());
    }
    // checkAllTopicPartitionsValid
    let exists = |tp: &TopicPartition| {
        world.topic_view(&tp.topic).and_then(|t| {
            t.partitions
                .into_iter()
                .find(|x| x.partition == tp.partition)
        })
    };
    let missing: Vec<String> = parts
        .iter()
        .filter(|tp| exists(tp).is_none())
        .map(|tp| format!("{}-{}", tp.topic, tp.partition))
        .collect();
    if !missing.is_empty() {
        let m = format!("The partitions \"{}\" do not exist", missing.join(","));
        failed_due_to(
            out,
            &m,
            &format!("org.apache.kafka.common.errors.UnknownTopicOrPartitionException: {m}"),
        );
        return Err(());
    }
    let no_leader: Vec<String> = parts
        .iter()
        .filter(|tp| exists(tp).is_some_and(|x| x.leader.is_none()))
        .map(|tp| format!("{}-{}", tp.topic, tp.partition))
        .collect();
    if !no_leader.is_empty() {
        let m = format!("The partitions \"{}\" have no leader", no_leader.join(","));
        failed_due_to(
            out,
            &m,
            &format!("org.apache.kafka.common.errors.LeaderNotAvailableException: {m}"),
        );
        return Err(());
    }
    if scenario == "shift-by" {
        if let Some(tp) = parts.iter().find(|tp| committed(tp).is_none()) {
            usage(out, &format!("Cannot shift offset for partition {}-{} since there is no current committed offset", tp.topic, tp.partition));
            return Err(());
        }
    }
    // The new offsets, as the engine plans them, one topic at a time.
    let mut plan: Vec<(TopicPartition, u64)> = Vec::new();
    let mut topics: Vec<&str> = parts.iter().map(|tp| tp.topic.as_str()).collect();
    topics.sort();
    topics.dedup();
    for t in &topics {
        let ps: Vec<u32> = parts
            .iter()
            .filter(|tp| tp.topic == *t)
            .map(|tp| tp.partition)
            .collect();
        match world.plan_reset(group, t, Some(&ps), target) {
            Ok(x) => plan.extend(x),
            Err(e) => {
                failed_due_to(
                    out,
                    &e.to_string(),
                    &format!("org.apache.kafka.common.KafkaException: {e}"),
                );
                return Err(());
            }
        }
    }
    let plan: Vec<(TopicPartition, u64)> = hash_map_order(
        parts
            .iter()
            .filter_map(|tp| plan.iter().find(|(x, _)| x == tp).cloned())
            .map(|(tp, o)| (topic_partition_hash(&tp.topic, tp.partition), (tp, o)))
            .collect(),
    );
    // What OffsetsUtils says about the new offsets: checkOffsetsRange logs a clamped offset
    // (WARN, log4j's pattern of the tools), getLogTimestampOffsets prints empty partitions.
    let now = log_time(world.epoch_ms());
    for (tp, o) in &plan {
        let Some(x) = exists(tp) else { continue };
        let (start, end) = (x.log_start_offset, x.high_watermark);
        let requested = match target {
            ResetTarget::Offset(_) => p.value("to-offset").and_then(|v| v.parse::<i64>().ok()),
            ResetTarget::ShiftBy(d) if scenario == "shift-by" => {
                committed(tp).map(|c| c as i64 + d)
            }
            _ => None,
        };
        if let Some(r) = requested {
            if r > end as i64 {
                out.err(format!("[{now}] WARN New offset ({r}) is higher than latest offset for topic partition {}-{}. Value will be set to {end} (org.apache.kafka.tools.OffsetsUtils)", tp.topic, tp.partition));
            } else if r < start as i64 {
                out.err(format!("[{now}] WARN New offset ({r}) is lower than earliest offset for topic partition {}-{}. Value will be set to {start} (org.apache.kafka.tools.OffsetsUtils)", tp.topic, tp.partition));
            }
        }
        if matches!(target, ResetTarget::Datetime(_)) && *o == end {
            out.out("");
            out.out(format!(
                "Warn: Partition {} from topic {} is empty. Falling back to latest known offset.",
                tp.partition, tp.topic
            ));
        }
    }
    if execute {
        for t in &topics {
            let ps: Vec<u32> = parts
                .iter()
                .filter(|tp| tp.topic == *t)
                .map(|tp| tp.partition)
                .collect();
            if let Err(e) = world.apply(Command::ResetOffsets {
                group: group.to_string(),
                topic: t.to_string(),
                partitions: Some(ps),
                to: target.clone(),
            }) {
                failed_due_to(
                    out,
                    &e.to_string(),
                    &format!("org.apache.kafka.common.KafkaException: {e}"),
                );
                return Err(());
            }
        }
    }
    Ok(plan)
}
