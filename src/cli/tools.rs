//! kafka-topics, kafka-configs, kafka-console-producer, kafka-console-consumer and
//! kafka-producer-perf-test, following their classes in apache/kafka (`tools/src/main/java/
//! org/apache/kafka/tools/`): `TopicCommand`, `ConsoleProducer` + `LineMessageReader`,
//! `consumer/ConsoleConsumer` + `ConsoleConsumerOptions` + `DefaultMessageFormatter`,
//! `ProducerPerformance`, and `core/…/admin/ConfigCommand.scala`.

use super::opts::{self, Spec};
use super::{log_time, Cmd, Console, Formatter, Job, Output, ProducerSession, Session, Source};
use crate::engine::{
    validate_topic_name, AssignorKind, Command, CommitMode, ConsumerConfig, EventKind, KeyStrategy,
    LoadSpec, MemberSpec, OffsetReset, ProduceRequest, ProducerConfig, RecordView, TopicPartition,
    TopicSpec,
};

const TOPICS_FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("command-config", true),
    ("create", false),
    ("list", false),
    ("describe", false),
    ("alter", false),
    ("delete", false),
    ("topic", true),
    ("topic-id", true),
    ("partitions", true),
    ("replication-factor", true),
    ("config", true),
    ("delete-config", true),
    ("replica-assignment", true),
    ("if-exists", false),
    ("if-not-exists", false),
    ("exclude-internal", false),
    ("under-replicated-partitions", false),
    ("under-min-isr-partitions", false),
    ("at-min-isr-partitions", false),
    ("unavailable-partitions", false),
    ("topics-with-overrides", false),
    ("help", false),
    ("version", false),
];

const PRODUCER_FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("broker-list", true),
    ("topic", true),
    ("property", true),
    ("reader-property", true),
    ("producer-property", true),
    ("producer.config", true),
    ("sync", false),
    ("compression-codec", true),
    ("batch-size", true),
    ("message-send-max-retries", true),
    ("retry-backoff-ms", true),
    ("timeout", true),
    ("request-required-acks", true),
    ("request-timeout-ms", true),
    ("line-reader", true),
    ("reader-config", true),
    ("help", false),
    ("version", false),
];

const CONSUMER_FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("topic", true),
    ("include", true),
    ("partition", true),
    ("offset", true),
    ("group", true),
    ("from-beginning", false),
    ("max-messages", true),
    ("timeout-ms", true),
    ("property", true),
    ("formatter-property", true),
    ("consumer-property", true),
    ("consumer.config", true),
    ("formatter", true),
    ("formatter-config", true),
    ("skip-message-on-error", false),
    ("isolation-level", true),
    ("key-deserializer", true),
    ("value-deserializer", true),
    ("enable-systest-events", false),
    ("help", false),
    ("version", false),
];

const CONFIGS_FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("bootstrap-controller", true),
    ("command-config", true),
    ("alter", false),
    ("describe", false),
    ("entity-type", true),
    ("entity-name", true),
    ("topic", true),
    ("add-config", true),
    ("delete-config", true),
    ("all", false),
    ("help", false),
    ("version", false),
];

const PERF_FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("topic", true),
    ("num-records", true),
    ("record-size", true),
    ("throughput", true),
    ("producer-props", true),
    ("producer.config", true),
    ("payload-file", true),
    ("print-metrics", false),
    ("transactional-id", true),
    ("help", false),
];

pub(crate) fn flags_of(cmd: &str) -> Vec<&'static str> {
    let specs: &[Spec] = match cmd {
        "kafka-topics" => TOPICS_FLAGS,
        "kafka-console-producer" => PRODUCER_FLAGS,
        "kafka-console-consumer" => CONSUMER_FLAGS,
        "kafka-configs" => CONFIGS_FLAGS,
        "kafka-producer-perf-test" => PERF_FLAGS,
        "kafka-consumer-groups" => super::groups::GROUP_FLAGS,
        _ => &[],
    };
    specs.iter().map(|(n, _)| *n).collect()
}

pub(crate) fn help_of(cmd: &str) -> Option<String> {
    let text = match cmd {
        "kafka-topics" => "kafka-topics.sh --bootstrap-server localhost:9092 ACTION …   (TopicCommand)
  --create --topic T [--partitions N] [--replication-factor R] [--config k=v]… [--if-not-exists]
  --list
  --describe [--topic T]          (T is a regular expression, as in Kafka)
  --alter --topic T --partitions N   (partitions can only be increased)
  --delete --topic T [--if-exists]",
        "kafka-configs" => "kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name T
  --alter --add-config k=v[,k=v]… | --delete-config k[,k]…
  --describe",
        "kafka-console-producer" => "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic T   (ConsoleProducer)
  --property parse.key=true --property key.separator=:   (key:value lines; default separator is a tab)
  --property parse.headers=true | null.marker=X | ignore.error=true
  --producer-property k=v   (acks, enable.idempotence, retries, partitioner.class, batch.size, linger.ms, client.id …)
  --request-required-acks A  --sync
One record per input line: type lines at the > prompt (Ctrl-D ends), or feed a here-document or echo/printf pipe.",
        "kafka-console-consumer" => "kafka-console-consumer.sh --bootstrap-server localhost:9092 (--topic T | --include REGEX)   (ConsoleConsumer)
  --group G   (without it: a generated group console-consumer-NNNNN that never commits)
  --from-beginning   (auto.offset.reset=earliest when the group has no committed offset)
  --partition P [--offset O|earliest|latest]   (assign() + seek(): no group)
  --max-messages N  --timeout-ms MS
  --property print.key=true print.partition=true print.offset=true print.timestamp=true print.headers=true
             key.separator=S print.value=false null.literal=X
  --consumer-property k=v   (group.instance.id, client.id, partition.assignment.strategy, enable.auto.commit,
                             auto.commit.interval.ms, auto.offset.reset, session.timeout.ms, max.poll.records)
Ends the line with & to run it in the background. In a script it stops after --max-messages, --timeout-ms,
or 10 s of simulated time without a new record.",
        "kafka-consumer-groups" => "kafka-consumer-groups.sh --bootstrap-server localhost:9092 ACTION …   (ConsumerGroupCommand)
  --list
  --describe --group G [--members [--verbose] | --state | --offsets]   (or --all-groups)
  --reset-offsets --group G --topic T[:P,P] (--to-earliest | --to-latest | --to-offset N | --shift-by N
                  | --to-datetime YYYY-MM-DDTHH:mm:SS.sss | --to-current) (--dry-run | --execute)
  --delete --group G",
        "kafka-producer-perf-test" => "kafka-producer-perf-test.sh --topic T --num-records N --record-size S --throughput R
      --producer-props bootstrap.servers=localhost:9092 [acks=1 …]   (ProducerPerformance)
Runs in simulated time: the numbers are deterministic; latency is modelled, not measured.",
        "sim" => "sim: playground-only commands. Type `help` to see them all.",
        "help" | "sleep" | "echo" | "jobs" | "kill" => "Type `help` for the list of commands.",
        _ => return None,
    };
    Some(text.to_string())
}

fn parse_or_usage(
    args: &[String],
    specs: &[Spec],
    tool: &str,
    out: &mut Output,
) -> Option<opts::Parsed> {
    match opts::parse(args, specs) {
        Ok(p) => Some(p),
        Err(e) => {
            let mut msg = e.clone();
            if let Some(name) = e.strip_suffix(" is not a recognized option") {
                if let Some(m) = opts::did_you_mean(name, specs.iter().map(|(n, _)| *n)) {
                    msg.push_str(&format!("\n(did you mean --{m}?)"));
                }
            }
            out.usage(&msg, tool);
            None
        }
    }
}

fn parse_u32(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok()
}

/// jopt-simple's message for a value that is not an Integer (`ValueConversionException`).
fn not_int(v: &str) -> String {
    format!("Cannot parse argument '{v}' of option partitions")
}

/// A topic pattern as Kafka's `IncludeList` uses it: `Pattern.matcher(name).matches()`, so the
/// whole name must match. `regex-lite` runs in linear time: a hostile pattern cannot hang the page.
fn whole_name_regex(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| e.to_string())
}

/// Topics whose name matches `pattern` as Kafka's `IncludeList` does (a Java regex, whole name).
fn matching_topics(console: &Console, pattern: &str) -> Result<Vec<String>, String> {
    let names = console.world.topic_names();
    if names.iter().any(|n| n == pattern) {
        return Ok(vec![pattern.to_string()]);
    }
    let re = whole_name_regex(pattern)?;
    Ok(names.into_iter().filter(|n| re.is_match(n)).collect())
}

// ---------------------------------------------------------------- kafka-topics

pub(crate) fn topics(console: &mut Console, args: &[String], out: &mut Output) {
    let tool = "kafka-topics";
    if args.is_empty() {
        out.usage("Create, delete, describe, or change a topic.", tool);
        return;
    }
    let Some(p) = parse_or_usage(args, TOPICS_FLAGS, tool, out) else {
        return;
    };
    if p.has("help") {
        out.out(help_of(tool).unwrap_or_default());
        return;
    }
    // TopicCommandOptions.checkArgs
    let actions: Vec<&str> = ["create", "list", "alter", "describe", "delete"]
        .into_iter()
        .filter(|a| p.has(a))
        .collect();
    if actions.len() != 1 {
        out.usage("Command must include exactly one action: --list, --describe, --create, --alter or --delete", tool);
        return;
    }
    let action = actions[0];
    if !matches!(action, "list" | "describe") && !p.has("topic") {
        out.usage("Missing required argument \"[topic]\"", tool);
        return;
    }
    if action == "alter" && p.has("config") {
        out.usage("Option \"[config]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)", tool);
        return;
    }
    if action == "alter" && !p.has("partitions") {
        out.usage("Missing required argument \"[partitions]\"", tool);
        return;
    }
    for (opt, allowed) in [
        ("config", &["create"][..]),
        ("partitions", &["alter", "create"][..]),
        ("replication-factor", &["create"][..]),
        ("if-exists", &["alter", "delete", "describe"][..]),
        ("if-not-exists", &["create"][..]),
    ] {
        if p.has(opt) && !allowed.contains(&action) {
            out.usage(
                &format!("Option \"[{opt}]\" can't be used with option \"[{action}]\""),
                tool,
            );
            return;
        }
    }
    let fail = |out: &mut Output, msg: String| {
        // TopicCommand.printException
        out.out(format!("Error while executing topic command : {msg}"));
        out.code = 1;
    };
    match action {
        "create" => {
            let name = p.value("topic").unwrap_or("").to_string();
            let partitions = match p.value("partitions") {
                None => 1, // broker default num.partitions=1
                Some(v) => match v.trim().parse::<i64>() {
                    Ok(n) if n < 1 => {
                        return fail(out, "The partitions must be greater than 0".into())
                    }
                    Ok(n) => u32::try_from(n).unwrap_or(u32::MAX),
                    Err(_) => return out.usage(&not_int(v), tool),
                },
            };
            let rf = match p.value("replication-factor") {
                None => 1, // broker default default.replication.factor=1
                Some(v) => match v.trim().parse::<i64>() {
                    Ok(n) if !(1..=32767).contains(&n) => {
                        return fail(
                            out,
                            "The replication factor must be between 1 and 32767 inclusive".into(),
                        )
                    }
                    Ok(n) => n as u32,
                    Err(_) => {
                        return out.usage(
                            &format!("Cannot parse argument '{v}' of option replication-factor"),
                            tool,
                        )
                    }
                },
            };
            let mut spec = TopicSpec::new(&name, partitions).with_replication_factor(rf);
            for c in p.values("config") {
                match c.split_once('=') {
                    Some((k, v)) => spec = spec.with_config(k.trim(), v.trim()),
                    None => {
                        return fail(out, "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".".into())
                    }
                }
            }
            if let Ok(Some(_)) = validate_topic_name(&name) {
                // TopicService.createTopic (Topic.hasCollisionChars)
                out.out("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.");
            }
            match console.world.apply(Command::CreateTopic(spec)) {
                Ok(_) => out.out(format!("Created topic {name}.")),
                Err(crate::engine::EngineError::TopicExists(_)) if p.has("if-not-exists") => {}
                Err(e) => fail(out, e.to_string()),
            }
        }
        "list" => {
            let names = match p.value("topic") {
                Some(t) => match matching_topics(console, t) {
                    Ok(n) => n,
                    Err(e) => return fail(out, e),
                },
                None => console.world.topic_names(),
            };
            // listTopics: println(names joined by "\n") — an empty line when there are none.
            out.out(names.join("\n"));
        }
        "describe" => {
            let names = match p.value("topic") {
                Some(t) => match matching_topics(console, t) {
                    Ok(n) => n,
                    Err(e) => return fail(out, e),
                },
                None => console.world.topic_names(),
            };
            if names.is_empty() {
                if let Some(t) = p.value("topic") {
                    if !t.is_empty() && !p.has("if-exists") {
                        // ensureTopicExists formats an Optional<String>, hence "Optional[…]".
                        return fail(
                            out,
                            format!("Topic 'Optional[{t}]' does not exist as expected"),
                        );
                    }
                }
            }
            for n in names {
                let Some(v) = console.world.topic_view(&n) else {
                    continue;
                };
                let configs: Vec<String> =
                    v.configs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                if !p.has("under-replicated-partitions")
                    && !p.has("under-min-isr-partitions")
                    && !p.has("at-min-isr-partitions")
                    && !p.has("unavailable-partitions")
                {
                    if p.has("topics-with-overrides") && configs.is_empty() {
                        continue;
                    }
                    out.out(format!(
                        "Topic: {}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}",
                        v.name,
                        topic_id_string(&v.topic_id),
                        v.partitions.len(),
                        v.replication_factor,
                        configs.join(",")
                    ));
                }
                if p.has("topics-with-overrides") {
                    continue;
                }
                let min_isr = console
                    .world
                    .topic_config(&n)
                    .map(|c| c.min_insync_replicas as usize)
                    .unwrap_or(1);
                for part in &v.partitions {
                    let rf = part.replicas.len();
                    let show = if p.has("under-replicated-partitions") {
                        part.isr.len() < rf
                    } else if p.has("under-min-isr-partitions") {
                        part.leader.is_none() || part.isr.len() < min_isr
                    } else if p.has("at-min-isr-partitions") {
                        part.isr.len() == min_isr
                    } else if p.has("unavailable-partitions") {
                        part.leader.is_none()
                    } else {
                        true
                    };
                    if !show {
                        continue;
                    }
                    let join = |v: &[u32]| {
                        v.iter()
                            .map(|b| b.to_string())
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    // PartitionDescription.printDescription; ELR lists are empty without KIP-966 enabled.
                    out.out(format!(
                        "\tTopic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\tElr: \tLastKnownElr: ",
                        v.name,
                        part.partition,
                        part.leader.map(|l| l.to_string()).unwrap_or_else(|| "none".into()),
                        join(&part.replicas),
                        join(&part.isr)
                    ));
                }
            }
        }
        "alter" | "delete" => {
            let t = p.value("topic").unwrap_or("");
            let names = match matching_topics(console, t) {
                Ok(n) => n,
                Err(e) => return fail(out, e),
            };
            if names.is_empty() && !t.is_empty() && !p.has("if-exists") {
                return fail(
                    out,
                    format!("Topic 'Optional[{t}]' does not exist as expected"),
                );
            }
            for n in names {
                let cmd = if action == "delete" {
                    Command::DeleteTopic { topic: n.clone() }
                } else {
                    let v = p.value("partitions").unwrap_or("");
                    let Some(parts) = parse_u32(v) else {
                        if v.trim().parse::<i64>().is_ok() {
                            return fail(
                                out,
                                "Number of partitions was set to an invalid non-positive value."
                                    .into(),
                            );
                        }
                        return out.usage(&not_int(v), tool);
                    };
                    Command::AlterPartitions {
                        topic: n.clone(),
                        partitions: parts,
                    }
                };
                // alterTopic / deleteTopic print nothing on success.
                if let Err(e) = console.world.apply(cmd) {
                    return fail(out, e.to_string());
                }
            }
        }
        _ => {}
    }
}

/// `Uuid.toString()`: the 16 bytes in URL-safe base64 without padding (22 characters).
fn topic_id_string(id: &str) -> String {
    let hex: Vec<u8> = id.bytes().filter(u8::is_ascii_hexdigit).collect();
    if hex.len() != 32 {
        return id.to_string();
    }
    let val = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let bytes: Vec<u8> = hex
        .chunks(2)
        .map(|p| val(p[0]) << 4 | val(p.get(1).copied().unwrap_or(b'0')))
        .collect();
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

// ---------------------------------------------------------------- kafka-configs

pub(crate) fn configs(console: &mut Console, args: &[String], out: &mut Output) {
    let tool = "kafka-configs";
    let Some(p) = parse_or_usage(args, CONFIGS_FLAGS, tool, out) else {
        return;
    };
    if p.has("help") {
        out.out(help_of(tool).unwrap_or_default());
        return;
    }
    let topic = match (
        p.value("entity-type"),
        p.value("entity-name"),
        p.value("topic"),
    ) {
        (_, _, Some(t)) => t.to_string(),
        (Some("topics"), Some(n), None) => n.to_string(),
        (Some(t), _, None) if t != "topics" => {
            out.usage(
                &format!(
                    "This playground's kafka-configs handles --entity-type topics only (not {t})."
                ),
                tool,
            );
            return;
        }
        (None, _, _) => {
            out.usage(
                "an entity type must be specified with --alter of topics",
                tool,
            );
            return;
        }
        _ => {
            out.usage(
                "an entity name must be specified with --alter of topics",
                tool,
            );
            return;
        }
    };
    let fail = |out: &mut Output, msg: String| {
        // ConfigCommand.main: the message, then the args.
        out.err(msg);
        out.err(format!(
            "Error while executing config command with args '{}'",
            args.join(" ")
        ));
        out.code = 1;
    };
    if p.has("describe") {
        let Some(v) = console.world.topic_view(&topic) else {
            return fail(out, format!("The topic '{topic}' does not exist."));
        };
        // ConfigCommand.describeResourceConfig
        out.out(format!("Dynamic configs for topic {topic} are:"));
        for (k, val) in &v.configs {
            out.out(format!(
                "  {k}={val} sensitive=false synonyms={{DYNAMIC_TOPIC_CONFIG:{k}={val}}}"
            ));
        }
        return;
    }
    if !p.has("alter") {
        out.usage(
            "Command must include exactly one action: --describe, --alter",
            tool,
        );
        return;
    }
    let mut set = Vec::new();
    for a in p.values("add-config") {
        for kv in a.split(',').filter(|s| !s.is_empty()) {
            match kv.split_once('=') {
                Some((k, v)) => set.push((k.trim().to_string(), v.trim().to_string())),
                None => return fail(out, "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\".".to_string()),
            }
        }
    }
    let delete: Vec<String> = p
        .values("delete-config")
        .iter()
        .flat_map(|d| d.split(','))
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().to_string())
        .collect();
    if set.is_empty() && delete.is_empty() {
        out.usage("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter", tool);
        return;
    }
    match console.world.apply(Command::AlterTopicConfig {
        topic: topic.clone(),
        set,
        delete,
    }) {
        Ok(_) => out.out(format!("Completed updating config for topic {topic}.")),
        Err(e) => fail(out, e.to_string()),
    }
}

// ---------------------------------------------------------------- kafka-console-producer

fn props(values: Vec<&str>) -> Result<Vec<(String, String)>, String> {
    // CommandLineUtils.parseKeyValueArgs: split on the first '='.
    let mut v = Vec::new();
    for a in values {
        match a.split_once('=') {
            Some((k, val)) => v.push((k.to_string(), val.to_string())),
            None => return Err(format!("Invalid command line properties: {a}")),
        }
    }
    Ok(v)
}

pub(crate) fn console_producer(
    console: &mut Console,
    args: &[String],
    stdin: Option<&[String]>,
    out: &mut Output,
) {
    let tool = "kafka-console-producer";
    let Some(p) = parse_or_usage(args, PRODUCER_FLAGS, tool, out) else {
        return;
    };
    if p.has("help") {
        out.out(help_of(tool).unwrap_or_default());
        return;
    }
    let Some(topic) = p.value("topic").map(str::to_string) else {
        out.usage("Missing required argument \"[topic]\"", tool);
        return;
    };
    let reader = match props(
        p.values("property")
            .into_iter()
            .chain(p.values("reader-property"))
            .collect(),
    ) {
        Ok(r) => r,
        Err(e) => return out.usage(&e, tool),
    };
    let producer_props = match props(p.values("producer-property")) {
        Ok(r) => r,
        Err(e) => return out.usage(&e, tool),
    };
    let mut config = ProducerConfig::default();
    let mut producer = "console-producer".to_string();
    if let Some(a) = p.value("request-required-acks") {
        if let Err(e) = config.set("acks", a) {
            out.err(format!(
                "org.apache.kafka.common.config.ConfigException: {e}"
            ));
            out.code = 1;
            return;
        }
    }
    for (k, v) in &producer_props {
        if k == "client.id" {
            producer = v.clone();
        }
        if let Err(e) = config.set(k, v) {
            // KafkaProducer's constructor throws; ConsoleProducer.start prints the stack trace.
            out.err(format!(
                "org.apache.kafka.common.config.ConfigException: {e}"
            ));
            out.code = 1;
            return;
        }
    }
    if let Err(e) = console.world.apply(Command::SetProducerConfig {
        producer: producer.clone(),
        config,
    }) {
        out.err(format!(
            "org.apache.kafka.common.config.ConfigException: {e}"
        ));
        out.code = 1;
        return;
    }
    let get = |k: &str| {
        reader
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let is_true = |k: &str| get(k).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let s = ProducerSession {
        producer,
        topic,
        parse_key: is_true("parse.key"),
        key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
        parse_headers: is_true("parse.headers"),
        headers_delimiter: get("headers.delimiter").unwrap_or_else(|| "\t".into()),
        headers_separator: get("headers.separator").unwrap_or_else(|| ",".into()),
        headers_key_separator: get("headers.key.separator").unwrap_or_else(|| ":".into()),
        null_marker: get("null.marker"),
        ignore_error: is_true("ignore.error"),
        line_number: 0,
        warned_topic: false,
    };
    if s.key_separator.is_empty() {
        out.err("org.apache.kafka.common.KafkaException: key.separator may not be empty");
        out.code = 1;
        return;
    }
    if s.null_marker.as_deref() == Some(s.key_separator.as_str()) {
        out.err("org.apache.kafka.common.KafkaException: null.marker and key.separator may not be equal");
        out.code = 1;
        return;
    }
    match stdin {
        Some(lines) => {
            let mut s = s;
            for l in lines {
                if !produce_line(console, &mut s, l, out) {
                    out.code = 1;
                    return;
                }
            }
        }
        None if console.interactive => console.session = Some(Session::Producer(s)),
        None => {
            // A script gave no input: the tool reads an empty stdin and exits.
        }
    }
}

/// Sends one input line as a record (`LineMessageReader`). Returns false when the tool dies.
pub(crate) fn produce_line(
    console: &mut Console,
    s: &mut ProducerSession,
    line: &str,
    out: &mut Output,
) -> bool {
    s.line_number += 1;
    let find =
        |enabled: bool, start: usize, sep: &str, what: &str| -> Result<Option<String>, String> {
            if !enabled {
                return Ok(None);
            }
            match line.get(start..).and_then(|rest| rest.find(sep)) {
                Some(i) => Ok(line.get(start..start + i).map(str::to_string)),
                None if s.ignore_error => Ok(None),
                None => Err(format!(
                    "No {what} found on line number {}: '{line}'",
                    s.line_number
                )),
            }
        };
    let parsed = (|| {
        let headers = find(
            s.parse_headers,
            0,
            &s.headers_delimiter,
            "headers delimiter",
        )?;
        let hoff = headers
            .as_ref()
            .map_or(0, |h| h.len() + s.headers_delimiter.len());
        let key = find(s.parse_key, hoff, &s.key_separator, "key separator")?;
        let koff = key.as_ref().map_or(0, |k| k.len() + s.key_separator.len());
        let value = line.get(hoff + koff..).unwrap_or("").to_string();
        let mut hs = Vec::new();
        if let Some(h) = &headers {
            if Some(h) != s.null_marker.as_ref() {
                for pair in h.split(s.headers_separator.as_str()) {
                    match pair.find(s.headers_key_separator.as_str()) {
                        Some(i) => hs.push((
                            pair.get(..i).unwrap_or("").to_string(),
                            pair.get(i + s.headers_key_separator.len()..)
                                .unwrap_or("")
                                .to_string(),
                        )),
                        None if s.ignore_error => hs.push((pair.to_string(), String::new())),
                        None => {
                            return Err(format!(
                                "No header key separator found in pair '{pair}' on line number {}",
                                s.line_number
                            ))
                        }
                    }
                }
            }
        }
        Ok::<_, String>((key, value, hs))
    })();
    let (key, value, headers) = match parsed {
        Ok(v) => v,
        Err(e) => {
            // The reader throws a KafkaException; ConsoleProducer.start prints its stack trace.
            out.err(format!("org.apache.kafka.common.KafkaException: {e}"));
            out.err(
                "\tat org.apache.kafka.tools.LineMessageReader$1.parse(LineMessageReader.java)",
            );
            return false;
        }
    };
    let nm = s.null_marker.clone();
    let key = key.filter(|k| Some(k) != nm.as_ref());
    let value = Some(value).filter(|v| Some(v) != nm.as_ref());
    if console.world.topic_view(&s.topic).is_none() {
        if let Err(e) = auto_create(
            console,
            &s.topic,
            &format!("Producer clientId={}", s.producer),
            out,
        ) {
            out.err(format!(
                "[{}] ERROR Error when sending message to topic {} with key: {}, value: {} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
                log_time(console.world.epoch_ms()), s.topic, key.as_ref().map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.as_ref().map_or(0, |v| v.len())
            ));
            out.err(format!(
                "org.apache.kafka.common.errors.InvalidTopicException: {e}"
            ));
            return true;
        }
        s.warned_topic = true;
    }
    let req = ProduceRequest {
        producer: s.producer.clone(),
        topic: s.topic.clone(),
        key: key.clone(),
        value: value.clone(),
        partition: None,
        headers,
    };
    match console.world.apply(Command::Produce(req)) {
        Ok(events) => {
            for e in events {
                if let EventKind::SendFailed { topic, reason, .. } = &e.kind {
                    out.err(format!(
                        "[{}] ERROR Error when sending message to topic {topic} with key: {}, value: {} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
                        log_time(console.world.epoch_ms()), key.as_ref().map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.as_ref().map_or(0, |v| v.len())
                    ));
                    out.err(exception_line(reason));
                }
            }
            true
        }
        Err(e) => {
            // The send's callback (ErrorLoggingCallback) logs the failure; the tool goes on.
            out.err(format!(
                "[{}] ERROR Error when sending message to topic {} with key: {}, value: {} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
                log_time(console.world.epoch_ms()), s.topic, key.as_ref().map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.as_ref().map_or(0, |v| v.len())
            ));
            out.err(format!(
                "org.apache.kafka.common.InvalidRecordException: {e}"
            ));
            true
        }
    }
}

/// The stack trace's first line for a failed send: the engine's reasons start with the simple
/// name of the exception class when Kafka has one (`org.apache.kafka.common.errors`).
fn exception_line(reason: &str) -> String {
    let class = reason.split(':').next().unwrap_or("");
    if class.ends_with("Exception") && !class.contains(' ') {
        format!("org.apache.kafka.common.errors.{reason}")
    } else {
        format!("org.apache.kafka.common.KafkaException: {reason}")
    }
}

/// `auto.create.topics.enable=true` (the broker default): the first metadata request for an
/// unknown topic creates it with `num.partitions=1`, and the client logs a warning.
fn auto_create(
    console: &mut Console,
    topic: &str,
    client: &str,
    out: &mut Output,
) -> Result<(), String> {
    validate_topic_name(topic).map_err(|e| e.to_string())?;
    console
        .world
        .apply(Command::CreateTopic(TopicSpec::new(topic, 1)))
        .map_err(|e| e.to_string())?;
    // NetworkClient.handleCompletedMetadataResponse
    out.err(format!(
        "[{}] WARN [{client}] The metadata response from the cluster reported a recoverable issue with correlation id 4 : {{{topic}=UNKNOWN_TOPIC_OR_PARTITION}} (org.apache.kafka.clients.NetworkClient)",
        log_time(console.world.epoch_ms())
    ));
    Ok(())
}

// ---------------------------------------------------------------- kafka-console-consumer

/// `DefaultMessageFormatter.writeTo`.
pub(crate) fn format_record(f: &Formatter, r: &RecordView) -> String {
    let mut parts: Vec<String> = Vec::new();
    if f.timestamp {
        parts.push(format!("CreateTime:{}", r.timestamp));
    }
    if f.partition {
        parts.push(format!("Partition:{}", r.partition));
    }
    if f.offset {
        parts.push(format!("Offset:{}", r.offset));
    }
    if f.headers {
        if r.headers.is_empty() {
            parts.push("NO_HEADERS".into());
        } else {
            let hs: Vec<String> = r.headers.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            parts.push(hs.join(&f.headers_separator));
        }
    }
    if f.key {
        parts.push(r.key.clone().unwrap_or_else(|| f.null_literal.clone()));
    }
    let mut s = parts.join(&f.key_separator);
    if f.value {
        if !parts.is_empty() {
            s.push_str(&f.key_separator);
        }
        s.push_str(r.value.as_deref().unwrap_or(&f.null_literal));
    }
    s
}

pub(crate) fn console_consumer(
    console: &mut Console,
    args: &[String],
    cmd: &Cmd,
    out: &mut Output,
) {
    let tool = "kafka-console-consumer";
    let Some(p) = parse_or_usage(args, CONSUMER_FLAGS, tool, out) else {
        return;
    };
    if p.has("help") {
        out.out(help_of(tool).unwrap_or_default());
        return;
    }
    // ConsoleConsumerOptions.checkRequiredArgs
    if usize::from(p.has("topic")) + usize::from(p.has("include")) != 1 {
        return out.usage("Exactly one of --include/--topic is required. ", tool);
    }
    if p.has("partition") {
        if !p.has("topic") {
            return out.usage("The topic is required when partition is specified.", tool);
        }
        if p.has("from-beginning") && p.has("offset") {
            return out.usage(
                "Options from-beginning and offset cannot be specified together.",
                tool,
            );
        }
    } else if p.has("offset") {
        return out.usage("The partition is required when offset is specified.", tool);
    }
    let cprops = match props(p.values("consumer-property")) {
        Ok(v) => v,
        Err(e) => return out.usage(&e, tool),
    };
    let fprops = match props(
        p.values("property")
            .into_iter()
            .chain(p.values("formatter-property"))
            .collect(),
    ) {
        Ok(v) => v,
        Err(e) => return out.usage(&e, tool),
    };
    let cget = |k: &str| {
        cprops
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    // checkConsumerGroup
    let mut groups: Vec<String> = Vec::new();
    if let Some(g) = p.value("group") {
        groups.push(g.to_string());
    }
    if let Some(g) = cget("group.id") {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    if groups.len() > 1 {
        let list: Vec<String> = groups.iter().map(|g| format!("'{g}'")).collect();
        return out.usage(&format!("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: {}", list.join(", ")), tool);
    }
    if !groups.is_empty() && p.has("partition") {
        return out.usage(
            "Options group and partition cannot be specified together.",
            tool,
        );
    }
    // setAutoOffsetResetValue
    let reset = match cget("auto.offset.reset") {
        Some(r) => {
            if p.has("from-beginning") && r != "earliest" {
                out.err(format!("Can't simultaneously specify --from-beginning and 'auto.offset.reset={r}', please remove one option"));
                out.code = 1;
                return;
            }
            match OffsetReset::parse(&r) {
                Some(x) => x,
                None => {
                    out.err(format!("org.apache.kafka.common.config.ConfigException: Invalid value {r} for configuration auto.offset.reset: Invalid value `{r}` for configuration auto.offset.reset. The value must be either 'earliest', 'latest', 'none' or of the format 'by_duration:<PnDTnHnMn.nS.>'."));
                    out.code = 1;
                    return;
                }
            }
        }
        None if p.has("from-beginning") => OffsetReset::Earliest,
        None => OffsetReset::Latest,
    };
    let num = |name: &str| -> Result<Option<i64>, String> {
        match p.value(name) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .map(Some)
                .map_err(|_| format!("Cannot parse argument '{v}' of option {name}")),
        }
    };
    let max_messages = match num("max-messages") {
        Ok(v) => v.filter(|n| *n >= 0).map(|n| n as u64),
        Err(e) => return out.usage(&e, tool),
    };
    let timeout_ms = match num("timeout-ms") {
        Ok(v) => v.filter(|n| *n >= 0).map(|n| n as u64),
        Err(e) => return out.usage(&e, tool),
    };
    // Formatter (DefaultMessageFormatter.configure)
    let mut fmt = Formatter::default();
    for (k, v) in &fprops {
        let b = v.trim().eq_ignore_ascii_case("true");
        match k.as_str() {
            "print.timestamp" => fmt.timestamp = b,
            "print.key" => fmt.key = b,
            "print.offset" => fmt.offset = b,
            "print.partition" => fmt.partition = b,
            "print.headers" => fmt.headers = b,
            "print.value" => fmt.value = b,
            "key.separator" => fmt.key_separator = v.clone(),
            "headers.separator" => fmt.headers_separator = v.clone(),
            "null.literal" => fmt.null_literal = v.clone(),
            _ => {}
        }
    }
    // Consumer config
    let mut config = ConsumerConfig {
        client_id: cget("client.id").unwrap_or_else(|| "console-consumer".into()),
        auto_offset_reset: reset,
        ..ConsumerConfig::default()
    };
    let generated = groups.is_empty();
    let mut auto_commit = cget("enable.auto.commit")
        .map(|v| v.trim().eq_ignore_ascii_case("true"))
        .unwrap_or(!generated);
    let mut interval = 5_000u64;
    for (k, v) in &cprops {
        let bad = |what: &str| {
            format!("org.apache.kafka.common.config.ConfigException: Invalid value {v} for configuration {k}: {what}")
        };
        let r: Result<(), String> = match k.as_str() {
            "group.instance.id" => {
                config.group_instance_id = Some(v.clone());
                Ok(())
            }
            "partition.assignment.strategy" => {
                match v.split(',').next().and_then(AssignorKind::from_name) {
                    Some(a) => {
                        config.assignor = a;
                        Ok(())
                    }
                    None => Err(format!(
                        "org.apache.kafka.common.KafkaException: Class {v} cannot be found"
                    )),
                }
            }
            "enable.auto.commit" => match v.trim().to_ascii_lowercase().as_str() {
                "true" => {
                    auto_commit = true;
                    Ok(())
                }
                "false" => {
                    auto_commit = false;
                    Ok(())
                }
                _ => Err(bad("Expected value to be either true or false")),
            },
            "auto.commit.interval.ms" => v
                .trim()
                .parse::<u64>()
                .map(|n| interval = n)
                .map_err(|_| bad("Not a number of type INT")),
            "session.timeout.ms" => v
                .trim()
                .parse::<u64>()
                .map(|n| config.session_timeout_ms = n)
                .map_err(|_| bad("Not a number of type INT")),
            "max.poll.records" => match v.trim().parse::<u32>() {
                Ok(n) if n >= 1 => {
                    config.max_poll_records = n;
                    Ok(())
                }
                _ => Err(bad("Value must be at least 1")),
            },
            "client.id"
            | "group.id"
            | "auto.offset.reset"
            | "key.deserializer"
            | "value.deserializer"
            | "fetch.min.bytes"
            | "fetch.max.wait.ms"
            | "heartbeat.interval.ms"
            | "max.poll.interval.ms"
            | "isolation.level"
            | "client.rack"
            | "request.timeout.ms"
            | "allow.auto.create.topics"
            | "exclude.internal.topics" => Ok(()),
            other => {
                // AbstractConfig.logUnused
                out.err(format!(
                    "[{}] WARN The configuration '{other}' was supplied but isn't a known config. (org.apache.kafka.clients.consumer.ConsumerConfig)",
                    log_time(console.world.epoch_ms())
                ));
                Ok(())
            }
        };
        if let Err(e) = r {
            out.err(e);
            out.code = 1;
            return;
        }
    }
    config.commit = if auto_commit {
        CommitMode::Auto {
            interval_ms: interval,
        }
    } else {
        // The console consumer never commits by hand: with auto-commit off nothing is committed.
        CommitMode::Never
    };
    let group = match groups.first() {
        Some(g) => g.clone(),
        // ConsoleConsumerOptions.buildConsumerProps: "console-consumer-" + RANDOM.nextInt(100000)
        None => format!("console-consumer-{}", console.next_random() % 100_000),
    };
    if let Some(o) = p.value("offset") {
        let l = o.to_ascii_lowercase();
        if l != "earliest" && l != "latest" && !o.trim().parse::<i64>().is_ok_and(|n| n >= 0) {
            return out.usage(&format!("The provided offset value '{o}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."), tool);
        }
    }
    let source = if let Some(pv) = p.value("partition") {
        let topic = p.value("topic").unwrap_or("").to_string();
        let Some(part) = parse_u32(pv) else {
            return out.usage(
                &format!("Cannot parse argument '{pv}' of option partition"),
                tool,
            );
        };
        let Some(tv) = console.world.topic_view(&topic) else {
            if let Err(e) = auto_create(
                console,
                &topic,
                &format!("Consumer clientId={}, groupId={group}", config.client_id),
                out,
            ) {
                out.err(e);
                out.code = 1;
                return;
            }
            return start_job(
                console,
                cmd,
                out,
                Source::Direct {
                    tp: TopicPartition::new(&topic, part),
                    position: 0,
                },
                fmt,
                max_messages,
                timeout_ms,
            );
        };
        let Some(pview) = tv.partitions.iter().find(|x| x.partition == part) else {
            // KafkaConsumer.seek on a partition that does not exist: the position lookup fails.
            out.err(format!("[{}] WARN [Consumer clientId={}, groupId={group}] Received unknown topic or partition error in ListOffset request for partition {topic}-{part} (org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils)", log_time(console.world.epoch_ms()), config.client_id));
            return start_job(
                console,
                cmd,
                out,
                Source::Nothing,
                fmt,
                max_messages,
                timeout_ms,
            );
        };
        let position = match p.value("offset").map(|o| o.to_ascii_lowercase()) {
            Some(o) if o == "earliest" => pview.log_start_offset,
            Some(o) if o == "latest" => pview.log_end_offset,
            Some(o) => match o.parse::<i64>() {
                Ok(n) if n >= 0 => (n as u64).clamp(pview.log_start_offset, pview.log_end_offset.max(pview.log_start_offset)),
                _ => {
                    return out.usage(&format!("The provided offset value '{}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.", p.value("offset").unwrap_or("")), tool)
                }
            },
            None if p.has("from-beginning") => pview.log_start_offset,
            None => pview.log_end_offset,
        };
        Source::Direct {
            tp: TopicPartition::new(&topic, part),
            position,
        }
    } else {
        let topics: Vec<String> = if let Some(t) = p.value("topic") {
            if console.world.topic_view(t).is_none() {
                if let Err(e) = auto_create(
                    console,
                    t,
                    &format!("Consumer clientId={}, groupId={group}", config.client_id),
                    out,
                ) {
                    out.err(e);
                    out.code = 1;
                    return;
                }
            }
            vec![t.to_string()]
        } else {
            let pat = p.value("include").unwrap_or("");
            match whole_name_regex(pat) {
                Ok(re) => console
                    .world
                    .topic_names()
                    .into_iter()
                    .filter(|n| re.is_match(n))
                    .collect(),
                Err(e) => {
                    out.err(format!("java.util.regex.PatternSyntaxException: {e}"));
                    out.code = 1;
                    return;
                }
            }
        };
        if topics.is_empty() {
            Source::Nothing
        } else {
            let spec = MemberSpec {
                group: group.clone(),
                member_id: None,
                topics: topics.clone(),
                assign: None,
                config,
                capture: true,
            };
            match console.world.apply(Command::JoinGroup(spec)) {
                Ok(events) => {
                    let id = events.iter().find_map(|e| match &e.kind {
                        EventKind::MemberJoined { member_id, .. }
                        | EventKind::StaticMemberRejoined { member_id, .. } => {
                            Some(member_id.clone())
                        }
                        _ => None,
                    });
                    match id {
                        Some(member_id) => Source::Member {
                            group,
                            member_id,
                            generated,
                        },
                        None => Source::Nothing,
                    }
                }
                Err(e) => {
                    out.err(format!("[{}] ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)", log_time(console.world.epoch_ms())));
                    out.err(format!("org.apache.kafka.common.KafkaException: {e}"));
                    out.code = 1;
                    return;
                }
            }
        }
    };
    start_job(console, cmd, out, source, fmt, max_messages, timeout_ms)
}

fn start_job(
    console: &mut Console,
    cmd: &Cmd,
    out: &mut Output,
    source: Source,
    fmt: Formatter,
    max_messages: Option<u64>,
    timeout_ms: Option<u64>,
) {
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
        console.finish_job(job, out);
        return;
    }
    if cmd.background {
        out.out(format!("[{id}] started in the background (Processed-count is printed when it stops; `jobs`, `kill %{id}`)"));
        console.jobs.push(job);
        return;
    }
    console.session = Some(Session::Consumer(job));
    if console.interactive {
        return;
    }
    // A script: run until the job ends, or idle/limit as documented in the module.
    loop {
        console.advance(super::STEP_MS, out);
        let Some(Session::Consumer(job)) = &console.session else {
            break;
        };
        let idle_stop = job.max_messages.is_none()
            && job.timeout_ms.is_none()
            && job.idle_ms >= super::IDLE_STOP_MS;
        if idle_stop || job.ran_ms >= super::MAX_FOREGROUND_MS {
            if let Some(Session::Consumer(job)) = console.session.take() {
                console.finish_job(job, out);
            }
            break;
        }
    }
}

// ---------------------------------------------------------------- kafka-producer-perf-test

pub(crate) fn perf_test(console: &mut Console, args: &[String], out: &mut Output) {
    let tool = "kafka-producer-perf-test";
    // ProducerPerformance uses argparse4j: its errors read "producer-performance: error: …".
    let argerr = |out: &mut Output, m: &str| {
        out.err("usage: producer-performance [-h] --topic TOPIC --num-records NUM-RECORDS [--payload-delimiter PAYLOAD-DELIMITER] --throughput THROUGHPUT [--producer-props PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]] [--producer.config CONFIG-FILE] [--print-metrics {true,false}] [--transactional-id TRANSACTIONAL-ID] [--transaction-duration-ms TRANSACTION-DURATION] (--record-size RECORD-SIZE | --payload-file PAYLOAD-FILE)");
        out.err(format!("producer-performance: error: {m}"));
        out.code = 1;
    };
    // --producer-props takes several values: gather them before option parsing.
    let mut rest = Vec::new();
    let mut pprops: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--producer-props" {
            i += 1;
            while i < args.len() && !args[i].starts_with("--") {
                pprops.push(args[i].clone());
                i += 1;
            }
            continue;
        }
        rest.push(args[i].clone());
        i += 1;
    }
    let p = match opts::parse(&rest, PERF_FLAGS) {
        Ok(p) => p,
        Err(e) => {
            let name = e.split(' ').next().unwrap_or("");
            return argerr(out, &format!("unrecognized arguments: '--{name}'"));
        }
    };
    if p.has("help") {
        out.out(help_of(tool).unwrap_or_default());
        return;
    }
    for req in ["topic", "num-records", "throughput"] {
        if !p.has(req) {
            return argerr(out, &format!("argument --{req} is required"));
        }
    }
    if !p.has("record-size") {
        return argerr(
            out,
            "one of the arguments --record-size --payload-file is required",
        );
    }
    let int = |n: &str| p.value(n).and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(num), Some(size), Some(tput)) =
        (int("num-records"), int("record-size"), int("throughput"))
    else {
        return argerr(
            out,
            "argument --num-records/--record-size/--throughput: could not convert to an integer",
        );
    };
    if pprops.is_empty() && !p.has("producer.config") {
        return argerr(
            out,
            "Either --producer-props or --producer.config must be specified.",
        );
    }
    let topic = p.value("topic").unwrap_or("").to_string();
    let mut config = ProducerConfig::default();
    for kv in &pprops {
        let Some((k, v)) = kv.split_once('=') else {
            return argerr(out, &format!("Invalid property: {kv}"));
        };
        if k == "bootstrap.servers" {
            continue;
        }
        if let Err(e) = config.set(k, v) {
            out.err(format!(
                "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: {e}"
            ));
            out.code = 1;
            return;
        }
    }
    let num = num.clamp(0, 1_000_000) as u64;
    let size = size.clamp(1, 1_000_000) as u32;
    if console.world.topic_view(&topic).is_none() {
        if let Err(e) = auto_create(
            console,
            &topic,
            "Producer clientId=perf-producer-client",
            out,
        ) {
            out.err(e);
            out.code = 1;
            return;
        }
    }
    let producer = "perf-producer-client".to_string();
    let acks = config.acks;
    if let Err(e) = console.world.apply(Command::SetProducerConfig {
        producer: producer.clone(),
        config,
    }) {
        out.err(format!(
            "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: {e}"
        ));
        out.code = 1;
        return;
    }
    // Simulated throughput: --throughput, or (-1) what a 100 MB/s link carries, capped by the engine.
    let max_rate = (100_000_000u64 / u64::from(size)).clamp(1, 1_000_000);
    let rate = if tput <= 0 {
        max_rate
    } else {
        (tput as u64).min(max_rate)
    } as u32;
    // Modelled latency in ms: acks=0 waits for nothing, acks=1 for the leader, all for the ISR.
    let rf = console
        .world
        .topic_view(&topic)
        .map(|t| t.replication_factor)
        .unwrap_or(1);
    let lat = match acks {
        crate::engine::Acks::Zero => 0.5,
        crate::engine::Acks::One => 2.0,
        crate::engine::Acks::All => 2.0 + f64::from(rf.saturating_sub(1)) * 1.5,
    };
    let id = format!("perf-test-{}", console.next_random() % 100_000);
    let spec = LoadSpec {
        id: id.clone(),
        producer,
        topic: topic.clone(),
        rate_per_sec: rate,
        value_size: size,
        keys: KeyStrategy::Null,
    };
    if num > 0 {
        if let Err(e) = console.world.apply(Command::StartLoad(spec)) {
            out.err(format!("org.apache.kafka.common.KafkaException: {e}"));
            out.code = 1;
            return;
        }
    }
    let produced = |c: &Console| {
        c.world
            .loads()
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.produced)
            .unwrap_or(0)
    };
    let start = console.world.now();
    let mut window_start = start;
    let mut window_count = 0u64;
    let mut sent = 0u64;
    let mb = |n: u64, ms: u64| {
        (n as f64 * f64::from(size)) / (1024.0 * 1024.0) / (ms.max(1) as f64 / 1000.0)
    };
    while sent < num {
        let mut o = Output::default();
        console.advance(super::STEP_MS, &mut o);
        out.append(o);
        let now_count = produced(console).min(num);
        window_count += now_count - sent;
        sent = now_count;
        let now = console.world.now();
        if now - window_start >= 5_000 && sent < num {
            let ms = now - window_start;
            out.out(format!(
                "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
                window_count,
                window_count as f64 * 1000.0 / ms as f64,
                mb(window_count, ms),
                lat,
                lat * 2.0
            ));
            window_start = now;
            window_count = 0;
        }
        if now - start > 3_600_000 {
            break; // storage full or paused: stop after an hour of simulated time
        }
    }
    let _ = console.world.apply(Command::StopLoad { id });
    // The engine produces in whole ticks: time the run by the rate itself (records / rate).
    let ms = if sent == 0 {
        0
    } else {
        (sent * 1000).div_ceil(u64::from(rate.max(1))).max(1)
    };
    out.out(format!(
        "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
        sent,
        if ms == 0 { 0.0 } else { sent as f64 * 1000.0 / ms as f64 },
        mb(sent, ms),
        lat,
        lat * 2.0,
        lat.floor() as u64,
        (lat * 1.5).floor() as u64,
        (lat * 1.8).floor() as u64,
        (lat * 2.0).floor() as u64
    ));
}
