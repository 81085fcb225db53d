//! `kafka-share-groups.sh` as Kafka 4.3 prints it, following
//! `tools/…/consumer/group/ShareGroupCommand.java` and `ShareGroupCommandOptions.java`
//! (`checkArgs` in its order, the `printf` formats with their leading `\n`, stdout/stderr as
//! there) and `OffsetsUtils` for `--reset-offsets`.
//!
//! Where the tool prints a Java stack trace (`printError(…, Optional.of(e))`), only its first
//! lines are printed: the frames are left out.

use super::client::parse_or_throw;
use super::groups::describe::coordinator;
use super::groups::{pad, print_deletions, print_error, width};
use super::java::{hash_map_order, string_hash, topic_partition_hash};
use super::opts::{self, Spec};
use super::output::Output;
use crate::engine::share_group::ShareGroupState;
use crate::engine::{Command, EngineError, ResetTarget, TopicPartition, World};

pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("group", true),
    ("topic", true),
    ("all-topics", false),
    ("list", false),
    ("describe", false),
    ("all-groups", false),
    ("delete", false),
    ("timeout", true),
    ("command-config", true),
    ("reset-offsets", false),
    ("delete-offsets", false),
    ("dry-run", false),
    ("execute", false),
    ("to-datetime", true),
    ("to-earliest", false),
    ("to-latest", false),
    ("members", false),
    ("offsets", false),
    ("state", false),
    ("verbose", false),
    ("help", false),
    ("version", false),
];

/// `--state` takes an optional argument (`withOptionalArg`).
const OPTIONAL_ARG: &[&str] = &["state"];

pub(crate) const HELP: &str = "kafka-share-groups.sh --bootstrap-server localhost:9092 ACTION …   (ShareGroupCommand, Kafka 4.3)
  --list [--state [Stable,Empty]]
  --describe --group G [--offsets | --members | --state] [--verbose]   (or --all-groups)
  --reset-offsets --group G --topic T[:P,P] | --all-topics (--to-earliest | --to-latest
                  | --to-datetime YYYY-MM-DDTHH:mm:SS.sss) (--dry-run | --execute)   (the group must be empty)
  --delete --group G   (or --all-groups)
  --delete-offsets --group G --topic T   (not modelled by the playground)
  --command-config FILE, --timeout MS   (accepted and ignored)";

const MISSING: &str = "-";
const TOOL: &str = "kafka-share-groups";

/// `CommandLineUtils.printUsageAndExit`.
fn usage(out: &mut Output, msg: &str) {
    out.usage(msg, TOOL);
}

/// `run`'s `catch (Throwable e)`: `printError("Executing share group command failed due to " +
/// e.getMessage(), Optional.of(e))`: the message on stdout, the stack trace's first lines on
/// stderr (frames left out).
fn failed_due_to(out: &mut Output, message: &str, trace: &[String]) {
    print_error(
        out,
        &format!("Executing share group command failed due to {message}"),
    );
    for t in trace {
        out.err(t);
    }
}

/// `describeShareGroups` failed with a `GroupIdNotFoundException` (an `ExecutionException`
/// whose message is the cause's `toString`).
fn describe_failed(out: &mut Output, message: &str) {
    let cause = format!("org.apache.kafka.common.errors.GroupIdNotFoundException: {message}");
    failed_due_to(
        out,
        &cause,
        &[
            format!("java.util.concurrent.ExecutionException: {cause}"),
            format!("Caused by: {cause}"),
        ],
    );
}

pub(crate) fn run(world: &mut World, args: &[String], out: &mut Output) {
    // ShareGroupCommandOptions parses in its constructor, outside main's try: a refused option
    // (and an `availableIf` violation) escapes `main`.
    let Some(p) = parse_or_throw(args, FLAGS, OPTIONAL_ARG, out) else {
        return;
    };
    // checkArgs starts with CommandLineUtils.maybePrintHelpOrVersion.
    if p.has("help") {
        out.out(HELP);
        return;
    }
    if args.is_empty() {
        usage(
            out,
            "This tool helps to list, describe, reset and delete share groups.",
        );
        return;
    }
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
        return;
    }
    for (opt, needs) in [
        ("members", &["describe"][..]),
        ("verbose", &["describe"][..]),
        ("offsets", &["describe"][..]),
        ("state", &["describe", "list"][..]),
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
    ];
    if actions.iter().filter(|a| p.has(a)).count() != 1 {
        return usage(out, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets.");
    }
    // ShareGroupService reads `--timeout` (a Long) when it is built, inside `run`'s try.
    if let Some(t) = p.value("timeout") {
        if t.parse::<i64>().is_err() {
            let m = format!("Cannot parse argument '{t}' of option timeout");
            return failed_due_to(
                out,
                &m,
                &[format!("joptsimple.OptionArgumentConversionException: {m}")],
            );
        }
    }
    if p.has("list") {
        list(world, &p, out);
    } else if p.has("describe") {
        describe(world, &p, out);
    } else if p.has("delete") {
        delete(world, &p, out);
    } else if p.has("reset-offsets") {
        reset(world, &p, out);
    } else {
        // deleteShareGroupOffsets (the DeleteShareGroupOffsets API) is not modelled.
        out.err("kafka-share-groups: --delete-offsets is not modelled by the playground. Use --reset-offsets on an empty group instead.");
        out.code = 1;
    }
}

/// `ShareGroupCommandOptions.checkArgs`, in its order (after the help and the required
/// `--bootstrap-server`, which the console checks). False when it stopped the tool.
fn check_args(p: &opts::Parsed, out: &mut Output) -> bool {
    let has_scope = p.has("group") || p.has("all-groups");
    let stop = |out: &mut Output, msg: &str| {
        usage(out, msg);
        false
    };
    if p.has("describe") {
        // The option sets are sorted before they are joined.
        if !has_scope {
            return stop(
                out,
                "Option [describe] takes one of these options: [all-groups], [group]",
            );
        }
        if ["members", "offsets", "state"]
            .iter()
            .filter(|o| p.has(o))
            .count()
            > 1
        {
            return stop(
                out,
                "Option [describe] takes at most one of these options: [members], [offsets], [state]",
            );
        }
        if p.value("state").is_some() {
            return stop(out, "Option [describe] does not take a value for [state]");
        }
    }
    if p.has("delete") {
        if !has_scope {
            return stop(
                out,
                "Option [delete] takes the options [group] or [all-groups]",
            );
        }
        if p.has("all-groups") && p.has("group") {
            return stop(
                out,
                "Option [delete] takes either [group] or [all-groups], not both.",
            );
        }
        if p.has("topic") {
            return stop(out, "Option [delete] does not take the option: [topic]");
        }
    }
    if p.has("delete-offsets") && (!p.has("group") || !p.has("topic")) {
        return stop(
            out,
            "Option [delete-offsets] takes the following options: [group], [topic]",
        );
    }
    if p.has("reset-offsets") {
        if p.has("dry-run") && p.has("execute") {
            return stop(
                out,
                "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
            );
        }
        if !p.has("dry-run") && !p.has("execute") {
            return stop(
                out,
                "Option [reset-offsets] takes the option: [execute] or [dry-run]",
            );
        }
        if !p.has("group") {
            return stop(out, "Option [reset-offsets] takes the option: [group]");
        }
        if !p.has("topic") && !p.has("all-topics") {
            return stop(
                out,
                "Option [reset-offsets] takes one of these options: [all-topics], [topic]",
            );
        }
        let scenarios = ["to-datetime", "to-earliest", "to-latest"];
        if !scenarios.iter().any(|s| p.has(s)) {
            return stop(
                out,
                "Option [reset-offsets] takes one of these options: [to-datetime], [to-earliest], [to-latest]",
            );
        }
        // checkInvalidArgs for each scenario against the others.
        for s in scenarios {
            if let Some(o) = scenarios.iter().find(|o| **o != s && p.has(o)) {
                if p.has(s) {
                    return stop(
                        out,
                        &format!("Option \"[{s}]\" can't be used with option \"[{o}]\""),
                    );
                }
            }
        }
    }
    // checkInvalidArgs: --group with --all-groups and --list; --topic with --list and --describe.
    for (used, other) in [
        ("group", "all-groups"),
        ("group", "list"),
        ("topic", "list"),
        ("topic", "describe"),
    ] {
        if p.has(used) && p.has(other) {
            return stop(
                out,
                &format!("Option \"[{used}]\" can't be used with option \"[{other}]\""),
            );
        }
    }
    true
}

/// `listGroups(ListGroupsOptions.forShareGroups())`: the share groups only, in the
/// coordinator's order (here: by name).
fn list(world: &World, p: &opts::Parsed, out: &mut Output) {
    let names = world.share_group_names();
    if !p.has("state") {
        for g in names {
            out.out(g);
        }
        return;
    }
    // GroupState.groupStatesForType(SHARE) is a `Set.of(STABLE, DEAD, EMPTY)`, whose
    // iteration order changes from JVM to JVM: listed here in declaration order.
    const STATES: [&str; 3] = ["Stable", "Dead", "Empty"];
    let mut states: Vec<&str> = Vec::new();
    if let Some(input) = p.value("state").filter(|s| !s.is_empty()) {
        for s in input.split(',') {
            match STATES.iter().find(|x| x.eq_ignore_ascii_case(s.trim())) {
                Some(x) => states.push(x),
                None => {
                    // groupStatesFromString: an IllegalArgumentException, printUsageAndExit.
                    return usage(
                        out,
                        &format!(
                            "Invalid state list '{input}'. Valid states are: {}",
                            STATES.join(", ")
                        ),
                    );
                }
            }
        }
    }
    let rows: Vec<(String, &str)> = names
        .into_iter()
        .filter_map(|g| {
            world
                .share_group(&g)
                .map(|sg| (g.clone(), sg.state.as_str()))
        })
        .filter(|(_, s)| states.is_empty() || states.contains(s))
        .collect();
    // printGroupInfo: "%-Ns %s\n", N = max(15, longest id).
    let w = width(15, rows.iter().map(|(g, _)| g.as_str()));
    out.out(format!("{} STATE", pad("GROUP", w)));
    for (g, s) in &rows {
        out.out(format!("{} {s}", pad(g, w)));
    }
}

/// `describeShareGroups`: the message its future fails with for a group id that is not a
/// share group (`GroupMetadataManager.shareGroup` / `group`).
fn not_described(world: &World, group: &str) -> Option<String> {
    if world.share_group(group).is_some() {
        None
    } else if world.group_view(group).is_some() {
        Some(format!("Group {group} is not a share group."))
    } else {
        Some(format!("Group {group} not found."))
    }
}

/// `describeGroups`: every group is described first (one failure stops the tool), then printed
/// in group order (a `TreeMap`).
fn describe(world: &World, p: &opts::Parsed, out: &mut Output) {
    let mut groups: Vec<String> = if p.has("all-groups") {
        world.share_group_names()
    } else {
        p.values("group").iter().map(|s| s.to_string()).collect()
    };
    for g in &groups {
        if let Some(msg) = not_described(world, g) {
            return describe_failed(out, &msg);
        }
    }
    crate::engine::sort::sort(&mut groups);
    groups.dedup();
    let verbose = p.has("verbose");
    for g in &groups {
        if p.has("members") {
            describe_members(world, g, verbose, out);
        } else if p.has("state") {
            describe_state(world, g, verbose, out);
        } else {
            describe_offsets(world, g, verbose, out);
        }
    }
}

/// `maybePrintEmptyGroupState`: an empty group gets a note on stderr. (A described share group
/// is never Dead here: the coordinator forgets a deleted group.)
fn empty_note(world: &World, group: &str, out: &mut Output) {
    if world
        .share_group(group)
        .is_some_and(|g| g.state == ShareGroupState::Empty)
    {
        out.err("");
        out.err(format!("Share group '{group}' has no active members."));
    }
}

/// `collectGroupsOffsets` + `printOffsets`: every share-partition the group has state for,
/// sorted by topic then partition. START-OFFSET is the share-partition start offset; LAG is
/// `high watermark - start - records done above the start`
/// (`GroupCoordinatorService.readShareGroupStateSummary`). No note for an empty group.
fn describe_offsets(world: &World, group: &str, verbose: bool, out: &mut Output) {
    let Some(sg) = world.share_group(group) else {
        return;
    };
    let rows: Vec<[String; 5]> = sg
        .partitions
        .iter()
        .map(|(tp, sp)| {
            let pv = world.topic_view(&tp.topic).and_then(|t| {
                t.partitions
                    .into_iter()
                    .find(|x| x.partition == tp.partition)
            });
            let lag = pv
                .as_ref()
                .and_then(|x| sg.lag(tp, x.high_watermark))
                .map_or(MISSING.to_string(), |l| l.to_string());
            // LEADER-EPOCH: the epoch the share state was written with, i.e. the partition
            // leader's (the playground does not keep an older one).
            let epoch = pv
                .as_ref()
                .map_or(MISSING.to_string(), |x| x.leader_epoch.to_string());
            [
                tp.topic.clone(),
                tp.partition.to_string(),
                epoch,
                sp.start.to_string(),
                lag,
            ]
        })
        .collect();
    if rows.is_empty() {
        out.out("");
        out.out(format!("Share group '{group}' has no offset information."));
        return;
    }
    let wg = group.chars().count().max(15);
    let wt = width(15, rows.iter().map(|r| r[0].as_str()));
    let line = |c: [&str; 6]| {
        if verbose {
            format!(
                "{} {} {} {} {} {}",
                pad(c[0], wg),
                pad(c[1], wt),
                pad(c[2], 10),
                pad(c[3], 13),
                pad(c[4], 13),
                c[5]
            )
        } else {
            format!(
                "{} {} {} {} {}",
                pad(c[0], wg),
                pad(c[1], wt),
                pad(c[2], 10),
                pad(c[4], 13),
                c[5]
            )
        }
    };
    out.out("");
    out.out(line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "START-OFFSET",
        "LAG",
    ]));
    for r in &rows {
        out.out(line([group, &r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
}

/// `getAssignmentString`: `topic:0,1;other:2`, partitions sorted numerically, topics sorted;
/// empty for no partitions.
fn assignment_string(parts: &[TopicPartition]) -> String {
    let mut by_topic: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    for tp in parts {
        by_topic.entry(&tp.topic).or_default().push(tp.partition);
    }
    let mut each: Vec<String> = by_topic
        .into_iter()
        .map(|(t, mut ps)| {
            crate::engine::sort::sort(&mut ps);
            let ps: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            format!("{t}:{}", ps.join(","))
        })
        .collect();
    crate::engine::sort::sort(&mut each);
    each.join(";")
}

/// `printMembers`: members sorted by consumer id. A member that crashed stays listed until
/// its session times out (`share.session.timeout.ms`).
fn describe_members(world: &World, group: &str, verbose: bool, out: &mut Output) {
    let Some(sg) = world.share_group(group) else {
        return;
    };
    empty_note(world, group, out);
    if sg.members.is_empty() {
        return;
    }
    // The members' host as the coordinator reports it (`clientHost`).
    let host = "/127.0.0.1";
    let members: Vec<_> = sg.members.values().collect();
    let wg = group.chars().count().max(15);
    let wc = width(15, members.iter().map(|m| m.member_id.as_str()));
    let wh = width(15, std::iter::once(host));
    let wl = width(15, members.iter().map(|m| m.config.client_id.as_str()));
    let line = |c: [&str; 7]| {
        let head = format!(
            "{} {} {} {} {} ",
            pad(c[0], wg),
            pad(c[1], wc),
            pad(c[2], wh),
            pad(c[3], wl),
            pad(c[4], 12)
        );
        if verbose {
            format!("{head}{} {}", pad(c[5], 13), c[6])
        } else {
            format!("{head}{}", c[6])
        }
    };
    out.out("");
    out.out(line([
        "GROUP",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
        "MEMBER-EPOCH",
        "ASSIGNMENT",
    ]));
    for m in members {
        out.out(line([
            group,
            &m.member_id,
            host,
            &m.config.client_id,
            &m.assignment.len().to_string(),
            &m.epoch.to_string(),
            &assignment_string(&m.assignment),
        ]));
    }
}

/// `printStates`: the note for an empty group, then the table.
fn describe_state(world: &World, group: &str, verbose: bool, out: &mut Output) {
    let Some(sg) = world.share_group(group) else {
        return;
    };
    empty_note(world, group, out);
    let (id, host) = coordinator(world, group);
    let coord = format!("{host}  ({id})");
    let wg = group.chars().count().max(15);
    let wc = coord.chars().count().max(25);
    let line = |c: [&str; 6]| {
        if verbose {
            format!(
                "{} {} {} {} {} {}",
                pad(c[0], wg),
                pad(c[1], wc),
                pad(c[2], 15),
                pad(c[3], 12),
                pad(c[4], 17),
                c[5]
            )
        } else {
            format!(
                "{} {} {} {}",
                pad(c[0], wg),
                pad(c[1], wc),
                pad(c[2], 15),
                c[5]
            )
        }
    };
    out.out("");
    out.out(line([
        "GROUP",
        "COORDINATOR (ID)",
        "STATE",
        "GROUP-EPOCH",
        "ASSIGNMENT-EPOCH",
        "#MEMBERS",
    ]));
    out.out(line([
        group,
        &coord,
        sg.state.as_str(),
        &sg.group_epoch.to_string(),
        &sg.assignment_epoch.to_string(),
        &sg.members.len().to_string(),
    ]));
}

/// `deleteShareGroups`: checked against the share groups listed first (`Group 'g' is not a
/// share group.` also for a group that does not exist), then deleted. The results are
/// `HashMap`s, printed in their order.
fn delete(world: &mut World, p: &opts::Parsed, out: &mut Output) {
    let mut groups: Vec<String> = if p.has("all-groups") {
        world.share_group_names()
    } else {
        p.values("group").iter().map(|s| s.to_string()).collect()
    };
    // A LinkedHashSet of the ids.
    let mut seen = Vec::new();
    groups.retain(|g| {
        let new = !seen.contains(g);
        seen.push(g.clone());
        new
    });
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for g in &groups {
        let error = match world.share_group(g) {
            None => Some(format!(
                "java.lang.IllegalArgumentException: Group '{g}' is not a share group."
            )),
            Some(sg) if sg.state != ShareGroupState::Empty => Some(format!(
                "org.apache.kafka.common.errors.GroupNotEmptyException: Share group '{g}' is not EMPTY."
            )),
            Some(_) => match world.apply(Command::DeleteGroup { group: g.clone() }) {
                Ok(_) => None,
                Err(EngineError::GroupNotEmpty(_)) => Some(
                    "org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty."
                        .to_string(),
                ),
                Err(e) => Some(format!("org.apache.kafka.common.KafkaException: {e}")),
            },
        };
        match error {
            None => ok.push((string_hash(g), g.clone())),
            Some(e) => failed.push((string_hash(g), (g.clone(), e))),
        }
    }
    print_deletions(out, "share", ok, failed);
}

/// `resetOffsets`: refused unless the group is empty (or unknown: the reset creates its
/// state), then `resetOffsetsForInactiveGroup` and `OffsetsUtils.printOffsetsToReset` (the same
/// table for `--dry-run` and `--execute`).
fn reset(world: &mut World, p: &opts::Parsed, out: &mut Output) {
    let group = p.value("group").unwrap_or("").to_string();
    if world
        .share_group(&group)
        .is_some_and(|g| g.state != ShareGroupState::Empty)
    {
        // CommandLineUtils.printErrorAndExit.
        out.err(format!("Share group '{group}' is not empty."));
        out.code = 1;
        return;
    }
    // getPartitionsToReset
    let mut parts: Vec<TopicPartition> = Vec::new();
    if p.has("topic") {
        let mut whole = Vec::new();
        for t in p.values("topic") {
            let Some((topic, list)) = t.split_once(':') else {
                whole.push(t);
                continue;
            };
            let list = list.trim_end_matches(':');
            if list.is_empty() || list.contains(':') {
                return usage(
                    out,
                    &format!("Invalid topic arg '{t}', expected topic name and partitions"),
                );
            }
            for x in list.split(',') {
                match x.parse::<i32>() {
                    Ok(n) if n >= 0 => parts.push(TopicPartition::new(topic, n as u32)),
                    Ok(n) => return unknown_partitions(out, &[format!("{topic}-{n}")]),
                    Err(_) => {
                        return usage(
                            out,
                            &format!("Invalid partition '{x}' specified in topic arg '{t}''"),
                        )
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
                    return failed_due_to(
                        out,
                        &m,
                        &[format!(
                            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: {m}"
                        )],
                    );
                }
            }
        }
    } else if let Some(sg) = world.share_group(&group) {
        // --all-topics: the partitions listShareGroupOffsets returns.
        parts.extend(sg.partitions.keys().cloned());
    }
    // checkAllTopicPartitionsValid
    let missing: Vec<String> = parts
        .iter()
        .filter(|tp| {
            world
                .topic_view(&tp.topic)
                .is_none_or(|t| t.partitions.iter().all(|x| x.partition != tp.partition))
        })
        .map(|tp| format!("{}-{}", tp.topic, tp.partition))
        .collect();
    if !missing.is_empty() {
        return unknown_partitions(out, &missing);
    }
    // prepareOffsetsToReset: the scenario after the partitions are checked.
    let target = if p.has("to-earliest") {
        ResetTarget::Earliest
    } else if p.has("to-latest") {
        ResetTarget::Latest
    } else {
        let v = p.value("to-datetime").unwrap_or("");
        match crate::engine::time::parse_datetime(v) {
            Some(ts) => ResetTarget::Datetime(ts),
            None => {
                // OffsetsUtils.resetToDateTime wraps Utils.getDateTime's ParseException.
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
                return failed_due_to(out, &e, &[format!("java.lang.RuntimeException: {e}")]);
            }
        }
    };
    let mut topics: Vec<&str> = parts.iter().map(|tp| tp.topic.as_str()).collect();
    crate::engine::sort::sort(&mut topics);
    topics.dedup();
    let execute = p.has("execute");
    let mut plan: Vec<(TopicPartition, u64)> = Vec::new();
    for t in &topics {
        let ps: Vec<u32> = parts
            .iter()
            .filter(|tp| tp.topic == *t)
            .map(|tp| tp.partition)
            .collect();
        // A classic or consumer group id: describeShareGroups fails with "is not a share
        // group", which resetOffsets treats as an unknown group; the admin call that plans and
        // alters the offsets then fails the same way (the playground refuses a dry run too).
        match world.plan_share_reset(&group, t, Some(&ps), &target) {
            Ok(x) => plan.extend(x),
            Err(e) => return kafka_failure(out, &e.to_string()),
        }
    }
    if execute {
        for t in &topics {
            let ps: Vec<u32> = parts
                .iter()
                .filter(|tp| tp.topic == *t)
                .map(|tp| tp.partition)
                .collect();
            if let Err(e) = world.apply(Command::ResetShareOffsets {
                group: group.clone(),
                topic: t.to_string(),
                partitions: Some(ps),
                to: target.clone(),
            }) {
                return kafka_failure(out, &e.to_string());
            }
        }
    }
    // printOffsetsToReset: the offsets are a HashMap keyed by partition;
    // "%n%-Gs %-Ts %-10s %s" per line, then a newline.
    let plan: Vec<(TopicPartition, u64)> = hash_map_order(
        plan.into_iter()
            .map(|(tp, o)| (topic_partition_hash(&tp.topic, tp.partition), (tp, o)))
            .collect(),
    );
    let wg = group.chars().count().max(15);
    let wt = width(15, plan.iter().map(|(tp, _)| tp.topic.as_str()));
    let line = |g: &str, t: &str, p: &str, o: &str| {
        format!("{} {} {} {o}", pad(g, wg), pad(t, wt), pad(p, 10))
    };
    out.out("");
    out.out(line("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
    for (tp, o) in &plan {
        out.out(line(
            &group,
            &tp.topic,
            &tp.partition.to_string(),
            &o.to_string(),
        ));
    }
}

/// `checkAllTopicPartitionsValid`: an UnknownTopicOrPartitionException reaching `run`.
fn unknown_partitions(out: &mut Output, names: &[String]) {
    let m = format!("The partitions \"{}\" do not exist", names.join(","));
    failed_due_to(
        out,
        &m,
        &[format!(
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: {m}"
        )],
    );
}

/// A `KafkaException` cause rethrown by `resetOffsetsForInactiveGroup`, reaching `run`.
fn kafka_failure(out: &mut Output, message: &str) {
    failed_due_to(
        out,
        message,
        &[format!("org.apache.kafka.common.KafkaException: {message}")],
    );
}
