//! `--describe`: offsets, members and state, as `ConsumerGroupService.describeGroups` prints
//! them.

use super::*;

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
        GroupState::PreparingRebalance
        | GroupState::CompletingRebalance
        | GroupState::Assigning
        | GroupState::Reconciling => {
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
pub(super) fn describe(world: &World, p: &opts::Parsed, groups: &[String], out: &mut Output) {
    let mut views = Vec::new();
    for g in groups {
        match described(world, g) {
            Some(v) => views.push(v),
            None => return group_not_found(out, g, world.share_group(g).is_some()),
        }
    }
    crate::engine::sort::sort_by(&mut views, |a, b| a.name.cmp(&b.name));
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
    crate::engine::sort::sort_by_key(&mut owners, |m| {
        std::cmp::Reverse(m.described_assignment.len())
    });
    let mut rows = Vec::new();
    let mut assigned: Vec<&TopicPartition> = Vec::new();
    for m in &owners {
        let mut parts: Vec<&TopicPartition> = m.described_assignment.iter().collect();
        crate::engine::sort::sort(&mut parts);
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
            crate::engine::sort::sort(&mut ps);
            let ps: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            format!("{t}:{}", ps.join(","))
        })
        .collect();
    crate::engine::sort::sort(&mut each);
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
    // Classic members have no target assignment: "-".
    let targets: Vec<String> = shown.iter().map(|m| assignment_string(&m.target)).collect();
    let wt = width(20, targets.iter().map(String::as_str));
    // A consumer group lists its members' epochs and the target assignment's epoch.
    let epoch = |e: Option<i32>| e.map_or(MISSING.to_string(), |e| e.to_string());
    let target_epoch = epoch(v.target_assignment_epoch);
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
    // `MemberDescription.upgraded`: in a consumer group, whether the member speaks the consumer
    // protocol; classic and consumer-protocol members in one group add an UPGRADED column.
    let upgraded = |m: &MemberView| {
        (v.kind == GroupType::Consumer).then_some(m.protocol == GroupProtocol::Consumer)
    };
    let migrating = shown.iter().any(|m| upgraded(m) == Some(true))
        && shown.iter().any(|m| upgraded(m) == Some(false));
    let extra = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        if migrating {
            format!(
                "{} {} {} {} {e}",
                pad(a, 15),
                pad(b, wa),
                pad(c, 15),
                pad(d, wt)
            )
        } else {
            format!(
                "{} {} {} {}",
                pad(a, 15),
                pad(b, wa),
                pad(c, 15),
                pad(d, wt)
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
        header.push_str(&extra(
            "CURRENT-EPOCH",
            "CURRENT-ASSIGNMENT",
            "TARGET-EPOCH",
            "TARGET-ASSIGNMENT",
            "UPGRADED",
        ));
    }
    out.out(header);
    for ((m, cur), target) in shown.iter().zip(&current).zip(&targets) {
        let mut line = row(
            &v.name,
            &m.member_id,
            &instance(m),
            &m.host,
            &m.client_id,
            &m.described_assignment.len().to_string(),
        );
        if verbose {
            let upgraded = upgraded(m).map_or(MISSING.to_string(), |u| u.to_string());
            line.push_str(&extra(
                &epoch(m.epoch),
                cur,
                &target_epoch,
                target,
                &upgraded,
            ));
        }
        out.out(line);
    }
}

/// The coordinator of a group: the leader of its `__consumer_offsets` partition
/// (`Utils.abs(groupId.hashCode) % 50`), spread over the brokers.
pub(crate) fn coordinator(world: &World, group: &str) -> (u32, String) {
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
    // DescribeGroups fills protocolData (the assignor) only for a Stable group; a consumer
    // group names its server assignor (`ConsumerGroup.asDescribedGroup`).
    let strategy = match (v.server_assignor, v.state, v.assignor) {
        (Some(a), _, _) => a.name(),
        (None, GroupState::Stable, Some(a)) => a.name(),
        _ => MISSING,
    };
    let members = v
        .members
        .iter()
        .filter(|m| !m.manual && !m.poll_expired)
        .count()
        .to_string();
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
    let epoch = |e: Option<i32>| e.map_or(MISSING.to_string(), |e| e.to_string());
    out.out(line([
        &v.name,
        &coord,
        strategy,
        v.state.as_str(),
        &epoch(v.group_epoch),
        &epoch(v.target_assignment_epoch),
        &members,
    ]));
}
