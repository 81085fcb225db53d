//! `kafka-console-share-consumer.sh`, following `tools/…/consumer/ConsoleShareConsumer.java` and
//! `ConsoleShareConsumerOptions.java`: a share consumer (KIP-932) in the group `--group`
//! (default `console-share-consumer`, the same fixed id for every run), acknowledging each
//! record explicitly after printing it: ACCEPT, or REJECT with `--reject`, RELEASE with
//! `--release`. Records print through [`super::formatter`], `print.delivery` with the record's
//! delivery count.

use super::client::{auto_create, parse_or_usage, prop, props};
use super::console::{Console, Job, Session, Source, IDLE_STOP_MS, MAX_FOREGROUND_MS, STEP_MS};
use super::formatter::Formatter;
use super::java::{hash_map_order, string_hash};
use super::opts::Spec;
use super::output::{log_time, Output};
use super::shell::Cmd;
use crate::engine::share_group::{AckMode, AckType, ShareConsumerConfig};
use crate::engine::{Command, EventKind, ShareMemberSpec, World};

/// Options Kafka 4.2 (KIP-1147) renamed, `(old, new)`.
pub(crate) const RENAMED: &[(&str, &str)] = &[
    ("property", "formatter-property"),
    ("consumer-property", "command-property"),
    ("consumer-config", "command-config"),
];

pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("topic", true),
    ("group", true),
    ("command-property", true),
    ("consumer-property", true),
    ("command-config", true),
    ("consumer-config", true),
    ("formatter", true),
    ("formatter-property", true),
    ("property", true),
    ("formatter-config", true),
    ("max-messages", true),
    ("timeout-ms", true),
    ("reject", false),
    ("release", false),
    ("reject-message-on-error", false),
    ("key-deserializer", true),
    ("value-deserializer", true),
    ("enable-systest-events", false),
    ("help", false),
    ("version", false),
];

pub(crate) const HELP: &str = "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic T   (ConsoleShareConsumer, Kafka 4.3)
  --group G   (default: console-share-consumer, the same share group for every run)
  --max-messages N  --timeout-ms MS
  --reject | --release   acknowledge each record with REJECT (archived) or RELEASE (delivered again,
                         up to share.delivery.count.limit times) instead of ACCEPT
  --formatter-property print.key=true print.partition=true print.offset=true print.delivery=true
                       print.timestamp=true print.headers=true key.separator=S print.value=false
  --command-property k=v   (client.id, max.poll.records; auto.offset.reset and the group's timings
                            are share group configs: kafka-configs.sh --entity-type groups)
A share group starts at the latest offset unless share.auto.offset.reset=earliest is set on the group.
In a script it stops after --max-messages, --timeout-ms, or 10 s of simulated time without a record.";

const TOOL: &str = "kafka-console-share-consumer";

/// `ShareConsumerConfig.SHARE_GROUP_UNSUPPORTED_CONFIGS`.
const UNSUPPORTED: &[&str] = &[
    "auto.offset.reset",
    "enable.auto.commit",
    "group.instance.id",
    "isolation.level",
    "partition.assignment.strategy",
    "interceptor.classes",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "group.protocol",
    "group.remote.assignor",
];

fn usage(out: &mut Output, msg: &str) {
    out.usage(msg, TOOL);
}

/// `main`'s `catch (Throwable t)`: the log line, then the exception (frames left out).
fn unknown_error(world: &World, out: &mut Output, exception: &str) {
    out.err(format!(
        "[{}] ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleShareConsumer)",
        log_time(world.epoch_ms())
    ));
    out.err(exception);
    out.code = 1;
}

pub(crate) fn run(
    console: &mut Console,
    world: &mut World,
    args: &[String],
    cmd: &Cmd,
    out: &mut Output,
) {
    let Some(p) = parse_or_usage(args, FLAGS, RENAMED, TOOL, out) else {
        return;
    };
    // CommandLineUtils.maybePrintHelpOrVersion.
    if p.has("help") {
        out.out(HELP);
        return;
    }
    if args.is_empty() {
        return usage(
            out,
            "This tool helps to read data from Kafka topics using share groups and outputs it to standard output.",
        );
    }
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
        return;
    }
    // checkRequiredArgs: --topic first, then --bootstrap-server.
    if !p.has("topic") {
        return usage(out, "--topic is a required argument");
    }
    if console.require_bootstrap_server && !p.has("bootstrap-server") {
        out.err("Missing required argument \"[bootstrap-server]\"");
        out.err("(playground: add --bootstrap-server localhost:9092; any HOST:PORT is accepted and ignored)");
        out.code = 1;
        return;
    }
    if p.has("reject") && p.has("release") {
        return usage(
            out,
            "At most one of --reject and --release may be specified.",
        );
    }
    for (old, new) in [
        ("consumer-property", "command-property"),
        ("consumer-config", "command-config"),
    ] {
        if p.has(old) && p.has(new) {
            return usage(
                out,
                &format!("Options --{old} and --{new} cannot be specified together."),
            );
        }
    }
    for (old, new) in [
        ("consumer-property", "command-property"),
        ("consumer-config", "command-config"),
    ] {
        if p.has(old) {
            out.out(format!("Option --{old} is deprecated and will be removed in a future version. Use --{new} instead."));
        }
    }
    if p.has("command-config") || p.has("consumer-config") {
        return usage(
            out,
            "--command-config: the playground has no files; use --command-property k=v instead.",
        );
    }
    let cprops = match props(
        p.values("command-property")
            .into_iter()
            .chain(p.values("consumer-property"))
            .collect(),
    ) {
        Ok(v) => v,
        Err(e) => return usage(out, &e),
    };
    // checkShareGroup: the ids are a HashSet.
    let mut groups: Vec<String> = Vec::new();
    for g in p
        .value("group")
        .map(str::to_string)
        .into_iter()
        .chain(prop(&cprops, "group.id"))
    {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    if groups.len() > 1 {
        let ids = hash_map_order(groups.iter().map(|g| (string_hash(g), g.clone())).collect());
        let list: Vec<String> = ids.iter().map(|g| format!("'{g}'")).collect();
        return usage(out, &format!("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer-config') do not match. Detected group ids: {}", list.join(", ")));
    }
    let group = groups
        .pop()
        .unwrap_or_else(|| "console-share-consumer".to_string());
    // buildFormatter
    if p.has("formatter-property") && p.has("property") {
        return usage(
            out,
            "Options --property and --formatter-property cannot be specified together.",
        );
    }
    if p.has("property") {
        out.out("Option --property is deprecated and will be removed in a future version. Use --formatter-property instead.");
    }
    let fprops = match props(
        p.values("formatter-property")
            .into_iter()
            .chain(p.values("property"))
            .collect(),
    ) {
        Ok(v) => v,
        Err(e) => return usage(out, &e),
    };
    let fmt = Formatter::configure(&fprops);
    // --max-messages and --timeout-ms are Integer options.
    let int = |name: &str| -> Result<Option<u64>, String> {
        match p.value(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i32>()
                .map(|n| (n >= 0).then_some(n as u64))
                .map_err(|_| format!("Cannot parse argument '{v}' of option {name}")),
        }
    };
    let (max_messages, timeout_ms) = match (int("max-messages"), int("timeout-ms")) {
        (Ok(m), Ok(t)) => (m, t),
        (Err(e), _) | (_, Err(e)) => return usage(out, &e),
    };
    // The consumer's config: the console share consumer acknowledges explicitly, each record
    // with the type the options chose.
    let mut config = ShareConsumerConfig {
        client_id: prop(&cprops, "client.id").unwrap_or_else(|| "console-share-consumer".into()),
        ack_mode: AckMode::Explicit,
        ..ShareConsumerConfig::default()
    };
    if p.has("reject") || p.has("release") {
        // Every record gets the chosen acknowledgement: the engine's "failed" path with a
        // failure rate of 100%.
        config.fail_percent = 100;
        config.on_failure = if p.has("reject") {
            AckType::Reject
        } else {
            AckType::Release
        };
    }
    if max_messages.is_some() {
        // The playground's consumers process a whole poll within one step of simulated time:
        // paced to one record per step, the tool stops right after its N-th record, and what
        // the consumer fetched but did not print is released when it closes (as
        // `KafkaShareConsumer.close` releases the records it acquired and did not acknowledge).
        config.processing_us = STEP_MS * 1000;
    }
    let mut unsupported: Vec<&str> = Vec::new();
    for (k, v) in &cprops {
        if UNSUPPORTED.contains(&k.as_str()) {
            unsupported.push(k);
            continue;
        }
        let bad = |what: &str| {
            format!("org.apache.kafka.common.config.ConfigException: Invalid value {v} for configuration {k}: {what}")
        };
        match k.as_str() {
            "max.poll.records" => match v.trim().parse::<u32>() {
                Ok(n) if n >= 1 => config.max_poll_records = n,
                _ => return unknown_error(world, out, &bad("Value must be at least 1")),
            },
            "share.acknowledgement.mode" => {
                if !matches!(
                    v.trim().to_ascii_lowercase().as_str(),
                    "implicit" | "explicit"
                ) {
                    return unknown_error(
                        world,
                        out,
                        &bad("String must be one of (case insensitive): IMPLICIT, EXPLICIT"),
                    );
                }
            }
            "client.id" | "group.id" | "share.acquire.mode" | "key.deserializer"
            | "value.deserializer" | "fetch.min.bytes" | "fetch.max.wait.ms" | "client.rack"
            | "request.timeout.ms" => {}
            other => out.err(format!(
                "[{}] WARN The configuration '{other}' was supplied but isn't a known config. (org.apache.kafka.clients.consumer.ConsumerConfig)",
                log_time(world.epoch_ms())
            )),
        }
    }
    if !unsupported.is_empty() {
        // ShareConsumerConfig: the KafkaShareConsumer constructor fails in `run`.
        return unknown_error(
            world,
            out,
            &format!(
                "org.apache.kafka.common.config.ConfigException: {} cannot be set when using a share group.",
                unsupported.join(", ")
            ),
        );
    }
    let topic = p.value("topic").unwrap_or("").to_string();
    if world.topic_view(&topic).is_none() {
        if let Err(e) = auto_create(
            world,
            &topic,
            &format!(
                "ShareConsumer clientId={}, groupId={group}",
                config.client_id
            ),
            out,
        ) {
            out.err(e);
            out.code = 1;
            return;
        }
    }
    let spec = ShareMemberSpec {
        group: group.clone(),
        member_id: None,
        topics: vec![topic],
        config,
        capture: true,
    };
    let member_id = match world.apply(Command::JoinShareGroup(spec)) {
        Ok(events) => events.iter().find_map(|e| match &e.kind {
            EventKind::MemberJoined { member_id, .. } => Some(member_id.clone()),
            _ => None,
        }),
        Err(e) => {
            let class = match e {
                crate::engine::EngineError::WrongGroupType(_) => {
                    "org.apache.kafka.common.errors.GroupIdNotFoundException"
                }
                _ => "org.apache.kafka.common.KafkaException",
            };
            return unknown_error(world, out, &format!("{class}: {e}"));
        }
    };
    let source = match member_id {
        Some(member_id) => Source::Share { group, member_id },
        None => Source::Nothing,
    };
    let id = console.next_job;
    console.next_job += 1;
    let job = Job {
        id,
        source,
        fmt,
        count: 0,
        max_messages,
        timeout_ms,
        idle_ms: 0,
        ran_ms: 0,
        command: cmd.words.join(" "),
    };
    if max_messages == Some(0) {
        Console::finish_job(world, job, out);
        return;
    }
    console.session = Some(Session::Consumer(job));
    if console.interactive {
        return;
    }
    // A script: run until the job ends, or idle/limit as the console consumer does.
    loop {
        console.advance(world, STEP_MS, out);
        let Some(Session::Consumer(job)) = &console.session else {
            break;
        };
        let idle_stop =
            job.max_messages.is_none() && job.timeout_ms.is_none() && job.idle_ms >= IDLE_STOP_MS;
        if idle_stop || job.ran_ms >= MAX_FOREGROUND_MS {
            if let Some(Session::Consumer(job)) = console.session.take() {
                Console::finish_job(world, job, out);
            }
            break;
        }
    }
}
