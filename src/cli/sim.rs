//! Playground-only commands (`sim …`): what the page's buttons do, as text.

use super::console::Console;
use super::opts::parse_duration;
use super::opts::{self, Spec};
use super::output::{log_time, Output};
use crate::engine::config::default_dead_letter_topic;
use crate::engine::share_group::{AckMode, AckType, ShareConsumerConfig};
use crate::engine::{
    AssignorKind, ChannelSuffix, Command, CommitMode, ConsumerConfig, GroupProtocol, KeyStrategy,
    LoadSpec, MemberSpec, ServerAssignor, ShareMemberSpec, TopicSpec, World,
};

const CONSUMER_FLAGS: &[Spec] = &[
    ("group", true),
    ("member-id", true),
    ("group-instance-id", true),
    ("client-id", true),
    ("topics", true),
    ("assignor", true),
    ("protocol", true),
    ("max-poll-interval-ms", true),
    ("processing-ms", true),
    ("commit", true),
    ("from-beginning", false),
    ("fail-key", true),
    ("fail-percent", true),
    ("max-attempts", true),
    ("backoff-ms", true),
    ("dlt", false),
    ("dlt-topic", true),
];
const SHARE_CONSUMER_FLAGS: &[Spec] = &[
    ("group", true),
    ("topics", true),
    ("member-id", true),
    ("client-id", true),
    ("processing-ms", true),
    ("max-poll-records", true),
    ("ack", true),
    ("on-failure", true),
    ("fail-key", true),
    ("fail-percent", true),
];
const LOAD_FLAGS: &[Spec] = &[
    ("id", true),
    ("topic", true),
    ("rate", true),
    ("value-size", true),
    ("keys", true),
    ("producer", true),
    ("acks", true),
];
const ACK_FLAGS: &[Spec] = &[("count", true), ("producer", true)];

fn fail(out: &mut Output, msg: impl AsRef<str>) {
    out.err(format!("sim: {}", msg.as_ref()));
    out.code = 1;
}

fn parse(args: &[String], specs: &[Spec], out: &mut Output) -> Option<opts::Parsed> {
    match opts::parse_suggesting(args, specs) {
        Ok(p) => Some(p),
        Err(e) => {
            let mut m = e.message;
            if let Some(s) = e.suggestion {
                m.push_str(&format!(" (did you mean --{s}?)"));
            }
            fail(out, m);
            None
        }
    }
}

pub(crate) fn run(c: &mut Console, world: &mut World, args: &[String], out: &mut Output) {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["time", "advance", d] => match parse_duration(d, 1) {
            Some(ms) => {
                c.advance(world, ms, out);
                out.out(format!(
                    "Simulated time is now {} (+{} ms).",
                    log_time(world.epoch_ms()),
                    ms
                ));
            }
            None => fail(
                out,
                format!("'{d}' is not a duration: use e.g. 500ms, 30s, 2m, 1h (at most 24h)"),
            ),
        },
        ["time"] | ["time", "now"] => out.out(format!(
            "Simulated time: {} ({} ms since start)",
            log_time(world.epoch_ms()),
            world.now()
        )),
        ["consumer", "start", rest @ ..] => consumer_start(c, world, rest, out),
        ["consumer", verb @ ("stop" | "crash"), rest @ ..] => {
            consumer_stop(c, world, verb, rest, out)
        }
        ["share-consumer", "start", rest @ ..] => share_consumer_start(c, world, rest, out),
        ["share-consumer", verb @ ("stop" | "crash"), rest @ ..] => {
            share_consumer_stop(c, world, verb, rest, out)
        }
        ["load", "start", rest @ ..] => load_start(world, rest, out),
        ["load", "stop", id] => match world.apply(Command::StopLoad { id: id.to_string() }) {
            Ok(ev) => {
                for e in ev {
                    out.out(e.to_string());
                }
            }
            Err(e) => fail(out, e.to_string()),
        },
        ["lose-acks", rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            let Some(p) = parse(&rest, ACK_FLAGS, out) else {
                return;
            };
            let Some(count) = p.value("count").and_then(|v| v.parse::<u32>().ok()) else {
                return fail(out, "lose-acks needs --count N");
            };
            let producer = p
                .value("producer")
                .unwrap_or("console-producer")
                .to_string();
            match world.apply(Command::LoseAcks {
                producer: producer.clone(),
                count,
            }) {
                Ok(_) => out.out(format!(
                    "The next {count} acknowledgement(s) to producer {producer} will be lost."
                )),
                Err(e) => fail(out, e.to_string()),
            }
        }
        ["broker", rest @ ..] => broker(world, rest, out),
        ["brokers"] => broker(world, &["list"], out),
        ["lost"] => lost(world, out),
        ["seed", n] => match n.parse::<u64>() {
            Ok(seed) => {
                reset(c, world, seed);
                out.out(format!("New world with seed {seed}."));
            }
            Err(_) => fail(out, format!("'{n}' is not a seed (a whole number)")),
        },
        ["reset"] => {
            let seed = world.seed();
            reset(c, world, seed);
            out.out(format!("New world with seed {seed}."));
        }
        [] => fail(out, "what? Try `help` for the sim commands."),
        _ => {
            let known = [
                "time",
                "consumer",
                "share-consumer",
                "load",
                "lose-acks",
                "broker",
                "brokers",
                "seed",
                "reset",
            ];
            let first = words.first().copied().unwrap_or("");
            match opts::did_you_mean(first, known) {
                Some(m) if m != first => fail(out, format!("unknown command 'sim {}'. Did you mean 'sim {m}'? Type `help` for the sim commands.", words.join(" "))),
                _ => fail(out, format!("unknown or incomplete command 'sim {}'. Type `help` for the sim commands.", words.join(" "))),
            }
        }
    }
}

/// `sim broker kill|start|add|slow|normal|list`: the playground's cluster.
fn broker(world: &mut World, rest: &[&str], out: &mut Output) {
    let id = |s: &str| {
        s.parse::<u32>()
            .map_err(|_| format!("'{s}' is not a broker id (a number such as 1)"))
    };
    let cmd = match rest {
        ["kill" | "stop", b] => id(b).map(|broker| Command::StopBroker { broker }),
        ["start", b] => id(b).map(|broker| Command::StartBroker { broker }),
        ["add"] => Ok(Command::AddBroker),
        ["normal", b] => id(b).map(|broker| Command::SetBrokerCopyRate {
            broker,
            records_per_sec: None,
        }),
        ["slow", b] => id(b).map(|broker| Command::SetBrokerCopyRate {
            broker,
            records_per_sec: Some(0),
        }),
        ["slow", b, "--rate", r] => id(b).and_then(|broker| {
            r.parse::<u32>()
                .map(|r| Command::SetBrokerCopyRate {
                    broker,
                    records_per_sec: Some(r),
                })
                .map_err(|_| format!("--rate must be a number of records per second, not '{r}'"))
        }),
        ["list"] | [] => {
            out.out(format!(
                "{:<7} {:<6} {:>7} {:>9} {:>8}  FOLLOWERS",
                "BROKER", "STATUS", "LEADER", "REPLICAS", "IN-SYNC"
            ));
            for b in world.broker_views() {
                out.out(format!(
                    "{:<7} {:<6} {:>7} {:>9} {:>8}  {}",
                    b.id,
                    if b.up { "up" } else { "down" },
                    b.leader_of,
                    b.replica_of,
                    b.in_sync_of,
                    match b.copy_rate {
                        None => "keep up".to_string(),
                        Some(0) => "stopped copying".to_string(),
                        Some(r) => format!("copy {r} records/s per partition"),
                    }
                ));
            }
            return;
        }
        _ => Err(
            "usage: sim broker kill ID | start ID | add | slow ID [--rate N] | normal ID | list"
                .to_string(),
        ),
    };
    match cmd {
        Ok(cmd) => match world.apply(cmd) {
            Ok(ev) => {
                for e in ev {
                    out.out(e.to_string());
                }
            }
            Err(e) => fail(out, e.to_string()),
        },
        Err(e) => fail(out, e),
    }
}

/// `sim lost`: the engine's ledger of records cut off by leader changes.
fn lost(world: &mut World, out: &mut Output) {
    let (recent, total, acknowledged) = world.lost_records();
    if total == 0 {
        out.out("No record has been lost.");
        return;
    }
    out.out(format!(
        "{total} record(s) lost, {acknowledged} of them acknowledged to their producer{}:",
        if recent.len() as u64 == total {
            String::new()
        } else {
            format!(" (the last {} listed)", recent.len())
        }
    ));
    out.out(format!(
        "{:<16} {:<9} {:<7} {:<12} {:<18} {:<4} {:<12} CAUSE",
        "TOPIC", "PARTITION", "OFFSET", "KEY", "PRODUCER", "ACKS", "ACKNOWLEDGED"
    ));
    for r in recent {
        out.out(format!(
            "{:<16} {:<9} {:<7} {:<12} {:<18} {:<4} {:<12} {}",
            r.topic,
            r.partition,
            r.offset,
            r.key.as_deref().unwrap_or("null"),
            r.producer,
            r.acks.as_str(),
            if r.acknowledged { "yes" } else { "no" },
            if r.unclean {
                "unclean leader election"
            } else {
                "leader change (not yet replicated)"
            }
        ));
    }
}

fn reset(c: &mut Console, world: &mut World, seed: u64) {
    let interactive = c.interactive;
    let strict = c.require_bootstrap_server;
    *c = Console::new();
    c.interactive = interactive;
    c.require_bootstrap_server = strict;
    *world = World::new(seed);
}

/// `--group G --topics a,b` of `sim consumer start` and `sim share-consumer start`; `None`
/// (with the error said) when either is missing.
fn group_and_topics(
    p: &opts::Parsed,
    what: &str,
    out: &mut Output,
) -> Option<(String, Vec<String>)> {
    let Some(group) = p.value("group").map(str::to_string) else {
        fail(out, format!("{what} start needs --group G"));
        return None;
    };
    let topics: Vec<String> = p
        .value("topics")
        .unwrap_or("")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if topics.is_empty() {
        fail(out, format!("{what} start needs --topics a,b"));
        return None;
    }
    Some((group, topics))
}

fn consumer_start(c: &mut Console, world: &mut World, rest: &[&str], out: &mut Output) {
    let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
    let Some(p) = parse(&rest, CONSUMER_FLAGS, out) else {
        return;
    };
    let Some((group, topics)) = group_and_topics(&p, "consumer", out) else {
        return;
    };
    let mut config = ConsumerConfig::default();
    if let Some(v) = p.value("protocol") {
        match GroupProtocol::parse(v) {
            Some(gp) => config.protocol = gp,
            None => return fail(out, format!("--protocol '{v}': use classic or consumer")),
        }
    }
    if let Some(a) = p.value("assignor") {
        // Classic: partition.assignment.strategy (client side). Consumer: group.remote.assignor.
        match config.protocol {
            GroupProtocol::Classic => match AssignorKind::from_name(a) {
                Some(k) => config.assignor = k,
                None if ServerAssignor::parse(a).is_some() => {
                    return fail(out, format!("--assignor {a} is a server-side assignor of the consumer protocol: add --protocol consumer, or use range, roundrobin, sticky or cooperative-sticky"))
                }
                None => {
                    return fail(
                        out,
                        format!("unknown assignor '{a}': use range, roundrobin, sticky or cooperative-sticky"),
                    )
                }
            },
            GroupProtocol::Consumer => match ServerAssignor::parse(a) {
                Some(k) => config.remote_assignor = Some(k),
                None => {
                    return fail(out, format!("--assignor '{a}': under --protocol consumer the broker assigns; use uniform or range (group.remote.assignor)"))
                }
            },
        }
    }
    if let Some(v) = p.value("max-poll-interval-ms") {
        match v.parse::<u64>() {
            Ok(n) if (1..=86_400_000).contains(&n) => config.max_poll_interval_ms = n,
            _ => {
                return fail(
                    out,
                    format!("--max-poll-interval-ms '{v}' must be a whole number of milliseconds from 1 to 86400000"),
                )
            }
        }
    }
    if let Some(cid) = p.value("client-id") {
        config.client_id = cid.to_string();
    }
    config.group_instance_id = p.value("group-instance-id").map(str::to_string);
    if let Some(ms) = p.value("processing-ms") {
        match ms.parse::<f64>() {
            Ok(v) if (0.0..=60_000.0).contains(&v) => {
                config.processing_us = (v * 1000.0).round() as u64
            }
            _ => {
                return fail(
                    out,
                    format!("--processing-ms '{ms}' must be a number of milliseconds (0–60000)"),
                )
            }
        }
    }
    if let Some(m) = p.value("commit") {
        config.commit = match m {
            "auto" => CommitMode::default(),
            "after" => CommitMode::AfterProcessing,
            "before" => CommitMode::BeforeProcessing,
            "never" => CommitMode::Never,
            _ => {
                return fail(
                    out,
                    format!("--commit '{m}': use auto, after, before or never"),
                )
            }
        };
    }
    if p.has("from-beginning") {
        config.auto_offset_reset = crate::engine::OffsetReset::Earliest;
    }
    if let Err(e) = failure_flags(&p, &topics, &mut config) {
        return fail(out, e);
    }
    // --dlt: `<topic>-dlt`, created with the topic's partition count when missing.
    if p.has("dlt") {
        if let Err(e) = config.validate_failures() {
            return fail(out, e.to_string());
        }
        let (Some(dlt), Some(topic)) = (config.dead_letter.clone(), topics.first()) else {
            return;
        };
        if world.topic_view(&dlt).is_none() {
            let Some(n) = world.partition_count(topic) else {
                return fail(out, format!("--dlt: topic {topic} does not exist, so {dlt} cannot be given as many partitions; create {topic} first"));
            };
            if let Err(e) = world.apply(Command::CreateTopic(TopicSpec::new(&dlt, n))) {
                return fail(out, e.to_string());
            }
            out.out(format!(
                "Created topic {dlt} with {n} partition(s), as many as {topic}: DeadLetterPublishingRecoverer writes each failed record to the same partition number."
            ));
        }
    }
    let spec = MemberSpec {
        group: group.clone(),
        member_id: p.value("member-id").map(str::to_string),
        topics,
        assign: None,
        config,
        capture: false,
    };
    match world.apply(Command::JoinGroup(spec)) {
        Ok(ev) => {
            for e in &ev {
                if let crate::engine::EventKind::MemberJoined { member_id, .. }
                | crate::engine::EventKind::StaticMemberRejoined { member_id, .. } = &e.kind
                {
                    c.sim_members.insert(member_id.clone(), group.clone());
                }
                out.out(e.to_string());
            }
        }
        Err(e) => fail(out, e.to_string()),
    }
}

/// `--fail-key K --fail-percent N --max-attempts N|unlimited --backoff-ms N --dlt | --dlt-topic T`.
fn failure_flags(
    p: &opts::Parsed,
    topics: &[String],
    config: &mut ConsumerConfig,
) -> Result<(), String> {
    config.fail_key = p.value("fail-key").map(str::to_string);
    if let Some(v) = p.value("fail-percent") {
        config.fail_percent = v
            .trim_end_matches('%')
            .parse()
            .map_err(|_| format!("--fail-percent '{v}' must be a whole number from 0 to 100"))?;
    }
    if let Some(v) = p.value("max-attempts") {
        config.max_attempts = match v {
            "unlimited" => None,
            _ => Some(v.parse().map_err(|_| {
                format!("--max-attempts '{v}' must be a whole number from 1 to 1000, or unlimited")
            })?),
        };
    }
    if let Some(v) = p.value("backoff-ms") {
        config.backoff_ms = v
            .parse()
            .map_err(|_| format!("--backoff-ms '{v}' must be a whole number of milliseconds"))?;
    }
    config.dead_letter = match (p.has("dlt"), p.value("dlt-topic")) {
        (true, Some(_)) => return Err("use either --dlt or --dlt-topic NAME, not both".into()),
        (false, t) => t.map(str::to_string),
        (true, None) => match topics {
            [t] => Some(default_dead_letter_topic(t)),
            _ => {
                return Err(
                    "--dlt names the dead-letter topic after the one topic read (<topic>-dlt); with several topics use --dlt-topic NAME"
                        .into(),
                )
            }
        },
    };
    Ok(())
}

fn consumer_stop(c: &mut Console, world: &mut World, verb: &str, rest: &[&str], out: &mut Output) {
    let (id, group) = match rest {
        [id] => (id.to_string(), None),
        [id, "--group", g] | ["--group", g, id] => (id.to_string(), Some(g.to_string())),
        _ => {
            return fail(
                out,
                format!("usage: sim consumer {verb} MEMBER-ID [--group G]"),
            )
        }
    };
    let group = match group.or_else(|| c.sim_members.get(&id).cloned()) {
        Some(g) => g,
        None => {
            // Look the member up in every group.
            let found = world.group_names().into_iter().find(|g| {
                world
                    .group_view(g)
                    .is_some_and(|v| v.members.iter().any(|m| m.member_id == id))
            });
            match found {
                Some(g) => g,
                None => return fail(out, format!("no consumer '{id}' in any group (see kafka-consumer-groups.sh --describe --group G --members)")),
            }
        }
    };
    let cmd = if verb == "stop" {
        Command::LeaveGroup {
            group: group.clone(),
            member_id: id.clone(),
        }
    } else {
        Command::CrashMember {
            group: group.clone(),
            member_id: id.clone(),
        }
    };
    match world.apply(cmd) {
        Ok(ev) => {
            for e in ev {
                out.out(e.to_string());
            }
        }
        Err(e) => fail(out, e.to_string()),
    }
}

fn load_start(world: &mut World, rest: &[&str], out: &mut Output) {
    let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
    let Some(p) = parse(&rest, LOAD_FLAGS, out) else {
        return;
    };
    let (Some(id), Some(topic)) = (p.value("id"), p.value("topic")) else {
        return fail(out, "load start needs --id L --topic T --rate N");
    };
    let Some(rate) = p.value("rate").and_then(|r| r.parse::<u32>().ok()) else {
        return fail(out, "load start needs --rate N (records per second)");
    };
    let value_size = match p.value("value-size").map(|v| v.parse::<u32>()) {
        None => 100,
        Some(Ok(v)) => v,
        Some(Err(_)) => return fail(out, "--value-size must be a number of bytes"),
    };
    let keys = match parse_keys(p.value("keys").unwrap_or("none")) {
        Ok(k) => k,
        Err(e) => return fail(out, e),
    };
    let producer = p.value("producer").unwrap_or("load-producer").to_string();
    if let Some(acks) = p.value("acks") {
        // The generator's producer gets this `acks` (its other settings stay).
        let mut config = world.producer_config(&producer);
        if let Err(e) = config.set("acks", acks) {
            return fail(out, e.to_string());
        }
        if let Err(e) = world.apply(Command::SetProducerConfig {
            producer: producer.clone(),
            config,
        }) {
            return fail(out, e.to_string());
        }
    }
    let spec = LoadSpec {
        id: id.to_string(),
        producer,
        topic: topic.to_string(),
        rate_per_sec: rate,
        value_size,
        keys,
        limit: None,
    };
    match world.apply(Command::StartLoad(spec)) {
        Ok(ev) => {
            for e in ev {
                out.out(e.to_string());
            }
        }
        Err(e) => fail(out, e.to_string()),
    }
}

fn pct(s: &str) -> Result<u32, String> {
    s.trim_end_matches('%')
        .parse::<u32>()
        .map_err(|_| format!("'{s}' is not a percentage"))
}

/// `none | one:KEY | uniform:N | hot:KEY:PCT | channel-minute:web,app,store:PCT |
/// channel-user:web,app:PCT:USERS`
pub(crate) fn parse_keys(s: &str) -> Result<KeyStrategy, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let usage = "--keys: use none, one:KEY, uniform:N, hot:KEY:PCT, channel:web,app:PCT, channel-minute:web,app,store:PCT or channel-user:web,app:PCT:USERS";
    match parts.as_slice() {
        ["none"] => Ok(KeyStrategy::Null),
        ["one", key @ ..] if !key.is_empty() => Ok(KeyStrategy::Fixed { key: key.join(":") }),
        ["uniform", n] => Ok(KeyStrategy::Uniform {
            prefix: "key-".into(),
            count: n.parse().map_err(|_| usage.to_string())?,
        }),
        ["hot", key, p] => Ok(KeyStrategy::Hot {
            key: key.to_string(),
            share_percent: pct(p)?,
            prefix: "key-".into(),
            others: 100,
        }),
        [kind @ ("channel" | "channel-minute" | "channel-user"), chans, p, more @ ..] => {
            let channels: Vec<String> = chans
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            let suffix = match (*kind, more) {
                ("channel", []) => ChannelSuffix::None,
                ("channel-minute", []) => ChannelSuffix::Minute,
                ("channel-user", [u]) => ChannelSuffix::User {
                    users: u.parse().map_err(|_| usage.to_string())?,
                },
                _ => return Err(usage.into()),
            };
            Ok(KeyStrategy::Channels {
                channels,
                hot_share_percent: pct(p)?,
                suffix,
            })
        }
        _ => Err(usage.into()),
    }
}

/// `sim share-consumer start`: a `KafkaShareConsumer` (KIP-932) joins a share group.
fn share_consumer_start(c: &mut Console, world: &mut World, rest: &[&str], out: &mut Output) {
    let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
    let Some(p) = parse(&rest, SHARE_CONSUMER_FLAGS, out) else {
        return;
    };
    let Some((group, topics)) = group_and_topics(&p, "share-consumer", out) else {
        return;
    };
    let mut config = ShareConsumerConfig::default();
    if let Some(cid) = p.value("client-id") {
        config.client_id = cid.to_string();
    }
    if let Some(ms) = p.value("processing-ms") {
        match ms.parse::<f64>() {
            Ok(v) if (0.0..=60_000.0).contains(&v) => {
                config.processing_us = (v * 1000.0).round() as u64
            }
            _ => {
                return fail(
                    out,
                    format!("--processing-ms '{ms}' must be a number of milliseconds (0–60000)"),
                )
            }
        }
    }
    if let Some(v) = p.value("max-poll-records") {
        match v.parse::<u32>() {
            Ok(n) if (1..=100_000).contains(&n) => config.max_poll_records = n,
            _ => {
                return fail(
                    out,
                    format!("--max-poll-records '{v}' must be a whole number from 1 to 100000"),
                )
            }
        }
    }
    if let Some(v) = p.value("ack") {
        config.ack_mode = match v.to_ascii_lowercase().as_str() {
            "implicit" => AckMode::Implicit,
            "explicit" => AckMode::Explicit,
            _ => {
                return fail(
                    out,
                    format!("--ack '{v}': use implicit or explicit (share.acknowledgement.mode)"),
                )
            }
        };
    }
    if let Some(v) = p.value("on-failure") {
        config.on_failure = match v.to_ascii_lowercase().as_str() {
            "release" => AckType::Release,
            "reject" => AckType::Reject,
            _ => return fail(out, format!("--on-failure '{v}': use release or reject")),
        };
        if config.ack_mode == AckMode::Implicit {
            return fail(out, "--on-failure needs --ack explicit: an implicit share consumer accepts every record it polled");
        }
    }
    config.fail_key = p.value("fail-key").map(str::to_string);
    if let Some(v) = p.value("fail-percent") {
        match v.trim_end_matches('%').parse::<u32>() {
            Ok(n) if n <= 100 => config.fail_percent = n,
            _ => {
                return fail(
                    out,
                    format!("--fail-percent '{v}' must be a whole number from 0 to 100"),
                )
            }
        }
    }
    let spec = ShareMemberSpec {
        group: group.clone(),
        member_id: p.value("member-id").map(str::to_string),
        topics,
        config,
        capture: false,
    };
    match world.apply(Command::JoinShareGroup(spec)) {
        Ok(ev) => {
            for e in &ev {
                if let crate::engine::EventKind::MemberJoined { member_id, .. } = &e.kind {
                    c.sim_members.insert(member_id.clone(), group.clone());
                }
                out.out(e.to_string());
            }
        }
        Err(e) => fail(out, e.to_string()),
    }
}

/// `sim share-consumer stop|crash ID [--group G]`: `close()`, or the process dies.
fn share_consumer_stop(
    c: &mut Console,
    world: &mut World,
    verb: &str,
    rest: &[&str],
    out: &mut Output,
) {
    let (id, group) = match rest {
        [id] => (id.to_string(), None),
        [id, "--group", g] | ["--group", g, id] => (id.to_string(), Some(g.to_string())),
        _ => {
            return fail(
                out,
                format!("usage: sim share-consumer {verb} MEMBER-ID [--group G]"),
            )
        }
    };
    let known = |g: &str| {
        world
            .share_group(g)
            .is_some_and(|sg| sg.members.contains_key(&id))
    };
    let group = match group {
        Some(g) => g,
        None => match c.sim_members.get(&id).filter(|g| known(g)).cloned() {
            Some(g) => g,
            None => match world.share_group_names().into_iter().find(|g| known(g)) {
                Some(g) => g,
                None => {
                    return fail(out, format!("no share consumer '{id}' in any share group (see kafka-share-groups.sh --describe --group G --members)"))
                }
            },
        },
    };
    if world.share_group(&group).is_none() {
        return fail(
            out,
            format!("'{group}' is not a share group (see kafka-share-groups.sh --list)"),
        );
    }
    let cmd = if verb == "stop" {
        Command::LeaveGroup {
            group: group.clone(),
            member_id: id.clone(),
        }
    } else {
        Command::CrashMember {
            group: group.clone(),
            member_id: id.clone(),
        }
    };
    match world.apply(cmd) {
        Ok(ev) => {
            for e in ev {
                out.out(e.to_string());
            }
        }
        Err(e) => fail(out, e.to_string()),
    }
}
