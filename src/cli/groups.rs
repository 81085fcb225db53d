//! `kafka-consumer-groups.sh`, following `tools/…/consumer/group/ConsumerGroupCommand.java` and
//! `ConsumerGroupCommandOptions.java` (column widths, the blank line each table starts with,
//! messages on stdout/stderr as there).

use super::client::parse_or_usage;
use super::opts::{self, Spec};
use super::output::Output;
use crate::engine::{Command, GroupState, MemberStatusView, ResetTarget, World};

pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("command-config", true),
    ("list", false),
    ("describe", false),
    ("delete", false),
    ("reset-offsets", false),
    ("delete-offsets", false),
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

pub(crate) const HELP: &str = "kafka-consumer-groups.sh --bootstrap-server localhost:9092 ACTION …   (ConsumerGroupCommand)
  --list
  --describe --group G [--members [--verbose] | --state | --offsets]   (or --all-groups)
  --reset-offsets --group G --topic T[:P,P] (--to-earliest | --to-latest | --to-offset N | --shift-by N
                  | --to-datetime YYYY-MM-DDTHH:mm:SS.sss | --to-current) (--dry-run | --execute)
  --delete --group G";

const MISSING: &str = "-";

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// `printError`: a blank line, then "Error: …", on standard output.
fn print_error(out: &mut Output, msg: &str) {
    out.out("");
    out.out(format!("Error: {msg}"));
}

pub(crate) fn run(world: &mut World, args: &[String], out: &mut Output) {
    let tool = "kafka-consumer-groups";
    let Some(p) = parse_or_usage(args, FLAGS, tool, out) else {
        return;
    };
    if p.has("help") {
        out.out(HELP);
        return;
    }
    let actions = [
        "list",
        "describe",
        "delete",
        "reset-offsets",
        "delete-offsets",
    ]
    .into_iter()
    .filter(|a| p.has(a))
    .count();
    if actions != 1 {
        return out.usage("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets", tool);
    }
    let scope = "[all-groups], [group]";
    if (p.has("describe") || p.has("delete") || p.has("reset-offsets"))
        && !p.has("group")
        && !p.has("all-groups")
    {
        let which = if p.has("describe") {
            "describe"
        } else if p.has("delete") {
            "delete"
        } else {
            "reset-offsets"
        };
        return out.usage(
            &format!("Option [{which}] takes one of these options: {scope}"),
            tool,
        );
    }
    if p.has("describe")
        && [p.has("members"), p.has("offsets"), p.has("state")]
            .iter()
            .filter(|b| **b)
            .count()
            > 1
    {
        return out.usage(
            "Option [describe] takes at most one of these options: [members], [offsets], [state]",
            tool,
        );
    }
    if p.has("delete-offsets") {
        return out.usage(
            "--delete-offsets is not supported by this playground yet.",
            tool,
        );
    }
    let groups: Vec<String> = if p.has("all-groups") {
        world.group_names()
    } else {
        p.values("group").iter().map(|s| s.to_string()).collect()
    };
    if p.has("list") {
        for g in world.group_names() {
            out.out(g);
        }
    } else if p.has("describe") {
        for g in &groups {
            if p.has("members") {
                describe_members(world, g, p.has("verbose"), out);
            } else if p.has("state") {
                describe_state(world, g, out);
            } else {
                describe_offsets(world, g, out);
            }
        }
    } else if p.has("delete") {
        delete(world, &groups, out);
    } else if p.has("reset-offsets") {
        reset(world, &p, &groups, out);
    }
}

/// `shouldPrintMemberState`: false when nothing more is to be printed.
fn state_preamble(world: &World, group: &str, rows: usize, out: &mut Output) -> bool {
    let Some(v) = world.group_view(group) else {
        // An unknown group is described as Dead.
        print_error(out, &format!("Consumer group '{group}' does not exist."));
        return false;
    };
    match v.state {
        GroupState::Dead => {
            print_error(out, &format!("Consumer group '{group}' does not exist."));
            return false;
        }
        GroupState::Empty => {
            out.err("");
            out.err(format!("Consumer group '{group}' has no active members."));
        }
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => {
            out.err("");
            out.err(format!("Warning: Consumer group '{group}' is rebalancing."));
        }
        GroupState::Stable => {}
    }
    rows > 0
}

fn describe_offsets(world: &World, group: &str, out: &mut Output) {
    let Some(v) = world.group_view(group) else {
        state_preamble(world, group, 0, out);
        return;
    };
    // collectGroupsOffsets: members with partitions, most partitions first; then committed
    // partitions nobody owns.
    let mut members: Vec<&crate::engine::MemberView> = v
        .members
        .iter()
        .filter(|m| !m.manual && !m.assignment.is_empty())
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let mut rows: Vec<[String; 9]> = Vec::new();
    let mut assigned = Vec::new();
    for m in &members {
        let mut parts = m.assignment.clone();
        parts.sort();
        for tp in parts {
            let lagv = v.partitions.iter().find(|x| x.partition == tp);
            let end = lagv.map(|x| x.log_end_offset);
            let cur = lagv.and_then(|x| x.committed);
            rows.push([
                group.to_string(),
                tp.topic.clone(),
                tp.partition.to_string(),
                cur.map_or(MISSING.into(), |c| c.to_string()),
                end.map_or(MISSING.into(), |e| e.to_string()),
                match (cur, end) {
                    (Some(c), Some(e)) => e.saturating_sub(c).to_string(),
                    _ => MISSING.into(),
                },
                m.member_id.clone(),
                m.host.clone(),
                m.client_id.clone(),
            ]);
            assigned.push(tp);
        }
    }
    for x in &v.partitions {
        if assigned.contains(&x.partition) {
            continue;
        }
        let Some(c) = x.committed else { continue };
        rows.push([
            group.to_string(),
            x.partition.topic.clone(),
            x.partition.partition.to_string(),
            c.to_string(),
            x.log_end_offset.to_string(),
            x.log_end_offset.saturating_sub(c).to_string(),
            MISSING.into(),
            MISSING.into(),
            MISSING.into(),
        ]);
    }
    if !state_preamble(world, group, rows.len(), out) {
        return;
    }
    // printOffsetFormat
    let w = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
            .max(15)
    };
    let (wg, wt, wc, wh) = (w(0), w(1), w(6), w(7));
    let line = |r: [&str; 9]| {
        format!(
            "{} {} {} {} {} {} {} {} {}",
            pad(r[0], wg),
            pad(r[1], wt),
            pad(r[2], 10),
            pad(r[3], 15),
            pad(r[4], 15),
            pad(r[5], 15),
            pad(r[6], wc),
            pad(r[7], wh),
            r[8]
        )
    };
    out.out("");
    out.out(line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]));
    for r in &rows {
        out.out(line([
            &r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7], &r[8],
        ]));
    }
}

fn describe_members(world: &World, group: &str, verbose: bool, out: &mut Output) {
    let view = world.group_view(group);
    let members: Vec<&crate::engine::MemberView> = view
        .as_ref()
        .map(|v| v.members.iter().filter(|m| !m.manual).collect())
        .unwrap_or_default();
    if !state_preamble(world, group, members.len(), out) {
        // printMembers prints the header even when there is nothing (or no group) to show.
        out.out("");
        let header = format!(
            "{} {} {} {} {} ",
            pad("GROUP", 15),
            pad("CONSUMER-ID", 15),
            pad("HOST", 15),
            pad("CLIENT-ID", 15),
            pad("#PARTITIONS", 15)
        );
        out.out(if verbose {
            format!("{header}ASSIGNMENT")
        } else {
            header
        });
        return;
    }
    let with_instance = members.iter().any(|m| {
        m.group_instance_id
            .as_deref()
            .is_some_and(|s| !s.is_empty())
    });
    let wg = members
        .iter()
        .map(|_| group.chars().count())
        .max()
        .unwrap_or(0)
        .max(15);
    let wc = members
        .iter()
        .map(|m| m.member_id.chars().count())
        .max()
        .unwrap_or(0)
        .max(15);
    let wi = members
        .iter()
        .map(|m| m.group_instance_id.as_deref().unwrap_or("").chars().count())
        .max()
        .unwrap_or(0)
        .max(17);
    let wh = members
        .iter()
        .map(|m| m.host.chars().count())
        .max()
        .unwrap_or(0)
        .max(15);
    let wl = members
        .iter()
        .map(|m| m.client_id.chars().count())
        .max()
        .unwrap_or(0)
        .max(15);
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
        header.push_str("ASSIGNMENT");
    }
    out.out(header);
    for m in members {
        let n = if m.status == MemberStatusView::Active {
            m.assignment.len()
        } else {
            0
        };
        let mut line = row(
            group,
            &m.member_id,
            m.group_instance_id.as_deref().unwrap_or(""),
            &m.host,
            &m.client_id,
            &n.to_string(),
        );
        if verbose {
            // Topic names as the Scala tool (≤ 3.7) printed them: `t1(0,1), t2(2)`.
            let mut by_topic: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
            if m.status == MemberStatusView::Active {
                for tp in &m.assignment {
                    by_topic
                        .entry(tp.topic.as_str())
                        .or_default()
                        .push(tp.partition);
                }
            }
            if by_topic.is_empty() {
                line.push_str(MISSING);
            } else {
                let mut parts: Vec<String> = by_topic
                    .into_iter()
                    .map(|(t, mut ps)| {
                        ps.sort();
                        format!(
                            "{t}({})",
                            ps.iter()
                                .map(|p| p.to_string())
                                .collect::<Vec<_>>()
                                .join(",")
                        )
                    })
                    .collect();
                parts.sort();
                line.push_str(&parts.join(", "));
            }
        }
        out.out(line);
    }
}

/// The coordinator of a group: the leader of its `__consumer_offsets` partition
/// (`Utils.abs(groupId.hashCode) % 50`), spread over the brokers.
fn coordinator(world: &World, group: &str) -> (u32, String) {
    let mut h: i32 = 0;
    for u in group.encode_utf16() {
        h = h.wrapping_mul(31).wrapping_add(i32::from(u));
    }
    let part = (h & 0x7fff_ffff) % 50;
    let brokers = world.brokers();
    let n = brokers.len().max(1);
    let id = brokers.get(part as usize % n).copied().unwrap_or(1);
    (id, format!("localhost:{}", 9091 + id))
}

fn describe_state(world: &World, group: &str, out: &mut Output) {
    let Some(v) = world.group_view(group) else {
        state_preamble(world, group, 1, out);
        return;
    };
    if !state_preamble(world, group, 1, out) {
        return;
    }
    let (id, host) = coordinator(world, group);
    let coord = format!("{host}  ({id})");
    let w = coord.chars().count().max(25);
    let members = v.members.iter().filter(|m| !m.manual).count();
    let strategy = if v.state == GroupState::Empty {
        String::new()
    } else {
        v.assignor.map(|a| a.name().to_string()).unwrap_or_default()
    };
    let line = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        format!(
            "{} {} {} {} {e}",
            pad(a, w),
            pad(b, 25),
            pad(c, 20),
            pad(d, 15)
        )
    };
    out.out("");
    out.out(line(
        "GROUP",
        "COORDINATOR (ID)",
        "ASSIGNMENT-STRATEGY",
        "STATE",
        "#MEMBERS",
    ));
    out.out(line(
        group,
        &coord,
        &strategy,
        v.state.as_str(),
        &members.to_string(),
    ));
}

fn delete(world: &mut World, groups: &[String], out: &mut Output) {
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for g in groups {
        match world.apply(Command::DeleteGroup { group: g.clone() }) {
            Ok(_) => ok.push(g.clone()),
            Err(crate::engine::EngineError::UnknownGroup(_)) => failed.push((g.clone(), "org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.".to_string())),
            Err(crate::engine::EngineError::GroupNotEmpty(_)) => failed.push((g.clone(), "org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.".to_string())),
            Err(e) => failed.push((g.clone(), format!("org.apache.kafka.common.KafkaException: {e}"))),
        }
    }
    if failed.is_empty() {
        out.out(format!(
            "Deletion of requested consumer groups ('{}') was successful.",
            ok.join(", ")
        ));
    } else {
        print_error(out, "Deletion of some consumer groups failed:");
        for (g, e) in &failed {
            out.out(format!("* Group '{g}' could not be deleted due to: java.util.concurrent.ExecutionException: {e}"));
        }
        if !ok.is_empty() {
            out.out("");
            out.out(format!(
                "These consumer groups were deleted successfully: '{}', '",
                ok.join("'")
            ));
        }
    }
}

fn reset(world: &mut World, p: &opts::Parsed, groups: &[String], out: &mut Output) {
    let tool = "kafka-consumer-groups";
    if p.has("dry-run") && p.has("execute") {
        return out.usage(
            "Option [reset-offsets] only accepts one of [execute] and [dry-run]",
            tool,
        );
    }
    let scenarios = [
        "to-offset",
        "to-datetime",
        "by-duration",
        "to-earliest",
        "to-latest",
        "to-current",
        "shift-by",
        "from-file",
    ];
    let given: Vec<&str> = scenarios.iter().copied().filter(|s| p.has(s)).collect();
    if given.len() > 1 {
        return out.usage(
            &format!(
                "Option \"[{}]\" can't be used with option \"[{}]\"",
                given[0], given[1]
            ),
            tool,
        );
    }
    if !p.has("dry-run") && !p.has("execute") {
        out.err("WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.");
    }
    let Some(scenario) = given.first().copied() else {
        return out.usage("Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [to-datetime], [by-duration], [to-earliest], [to-latest], [to-current], [shift-by], [from-file]]", tool);
    };
    let target = match scenario {
        "to-earliest" => ResetTarget::Earliest,
        "to-latest" => ResetTarget::Latest,
        "to-current" => ResetTarget::ShiftBy(0),
        "to-offset" => match p
            .value("to-offset")
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            Some(n) => ResetTarget::Offset(n.max(0) as u64),
            None => {
                return out.usage(
                    &format!(
                        "Cannot parse argument '{}' of option to-offset",
                        p.value("to-offset").unwrap_or("")
                    ),
                    tool,
                )
            }
        },
        "shift-by" => match p
            .value("shift-by")
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            Some(n) => ResetTarget::ShiftBy(n),
            None => {
                return out.usage(
                    &format!(
                        "Cannot parse argument '{}' of option shift-by",
                        p.value("shift-by").unwrap_or("")
                    ),
                    tool,
                )
            }
        },
        "to-datetime" => match p
            .value("to-datetime")
            .and_then(crate::engine::time::parse_datetime)
        {
            Some(ts) => ResetTarget::Datetime(ts),
            None => {
                print_error(out, &format!("Executing consumer group command failed due to Error parsing timestamp. It does not contain a 'T' according to ISO8601 format: {}", p.value("to-datetime").unwrap_or("")));
                out.code = 1;
                return;
            }
        },
        other => {
            return out.usage(
                &format!("--{other} is not supported by this playground yet."),
                tool,
            )
        }
    };
    let mut topics: Vec<(String, Option<Vec<u32>>)> = Vec::new();
    for t in p.values("topic") {
        match t.split_once(':') {
            Some((name, parts)) => {
                let mut ps = Vec::new();
                for x in parts.split(',') {
                    match x.trim().parse::<u32>() {
                        Ok(n) => ps.push(n),
                        Err(_) => {
                            return out
                                .usage(&format!("Invalid partition '{x}' in --topic {t}"), tool)
                        }
                    }
                }
                topics.push((name.to_string(), Some(ps)));
            }
            None => topics.push((t.to_string(), None)),
        }
    }
    if p.has("all-topics") {
        for g in groups {
            if let Some(v) = world.group_view(g) {
                let mut names: Vec<String> = v
                    .partitions
                    .iter()
                    .map(|x| x.partition.topic.clone())
                    .collect();
                names.dedup();
                for n in names {
                    if !topics.iter().any(|(t, _)| *t == n) {
                        topics.push((n, None));
                    }
                }
            }
        }
    }
    if topics.is_empty() {
        return out.usage(
            "Option [reset-offsets] takes one of these options: [all-topics], [topic]",
            tool,
        );
    }
    let execute = p.has("execute");
    let mut table: Vec<(String, String, u32, u64)> = Vec::new();
    let mut any_group = false;
    for g in groups {
        any_group = true;
        let mut plan_all = Vec::new();
        let mut refused = false;
        for (t, parts) in &topics {
            match world.plan_reset(g, t, parts.as_deref(), &target) {
                Ok(plan) => plan_all.push((t.clone(), parts.clone(), plan)),
                Err(crate::engine::EngineError::GroupActive { group, state }) => {
                    print_error(out, &format!("Assignments can only be reset if the group '{group}' is inactive, but the current state is {}.", state.as_str()));
                    refused = true;
                    break;
                }
                Err(e) => {
                    print_error(
                        out,
                        &format!("Executing consumer group command failed due to {e}"),
                    );
                    out.code = 1;
                    return;
                }
            }
        }
        if refused {
            continue;
        }
        for (t, parts, plan) in plan_all {
            if execute {
                if let Err(e) = world.apply(Command::ResetOffsets {
                    group: g.clone(),
                    topic: t.clone(),
                    partitions: parts,
                    to: target.clone(),
                }) {
                    print_error(
                        out,
                        &format!("Executing consumer group command failed due to {e}"),
                    );
                    out.code = 1;
                    return;
                }
            }
            for (tp, o) in plan {
                table.push((g.clone(), tp.topic, tp.partition, o));
            }
        }
    }
    // printOffsetsToReset: "%n%-30s %-30s %-10s %-15s" per row, then a newline.
    if any_group {
        out.out("");
        out.out(format!(
            "{} {} {} {}",
            pad("GROUP", 30),
            pad("TOPIC", 30),
            pad("PARTITION", 10),
            pad("NEW-OFFSET", 15)
        ));
        for (g, t, part, o) in table {
            out.out(format!(
                "{} {} {} {}",
                pad(&g, 30),
                pad(&t, 30),
                pad(&part.to_string(), 10),
                pad(&o.to_string(), 15)
            ));
        }
    }
}
