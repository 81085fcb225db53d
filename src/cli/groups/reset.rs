//! `--reset-offsets`: `ConsumerGroupService.resetOffsets` with `OffsetsUtils`, and `--export`.

use super::*;

/// `--reset-offsets`: `ConsumerGroupService.resetOffsets` with `OffsetsUtils`, then
/// `printOffsetsToReset`.
pub(super) fn reset(world: &mut World, p: &opts::Parsed, groups: &[String], out: &mut Output) {
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
    // Each check names every partition it refuses, as `checkAllTopicPartitionsValid` does.
    let refuse =
        |bad: &dyn Fn(&TopicPartition) -> bool, what: &str, exception: &str, out: &mut Output| {
            let names: Vec<String> = parts
                .iter()
                .filter(|tp| bad(tp))
                .map(|tp| format!("{}-{}", tp.topic, tp.partition))
                .collect();
            if names.is_empty() {
                return false;
            }
            let m = format!("The partitions \"{}\" {what}", names.join(","));
            failed_due_to(
                out,
                &m,
                &format!("org.apache.kafka.common.errors.{exception}: {m}"),
            );
            true
        };
    if refuse(
        &|tp| exists(tp).is_none(),
        "do not exist",
        "UnknownTopicOrPartitionException",
        out,
    ) || refuse(
        &|tp| exists(tp).is_some_and(|x| x.leader.is_none()),
        "have no leader",
        "LeaderNotAvailableException",
        out,
    ) {
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
    crate::engine::sort::sort(&mut topics);
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
