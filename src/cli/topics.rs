//! `kafka-topics.sh`, following `tools/…/TopicCommand.java` (`TopicCommandOptions.checkArgs`,
//! `TopicService`, `PartitionDescription.printDescription`).

use super::client::{matching_topics, parse_or_message, parse_u32};
use super::opts::Spec;
use super::output::{log_time, Output};
use crate::engine::{validate_topic_name, Command, EngineError, TopicSpec, World};

pub(crate) const FLAGS: &[Spec] = &[
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

pub(crate) const HELP: &str =
    "kafka-topics.sh --bootstrap-server localhost:9092 ACTION …   (TopicCommand, Kafka 4.3)
  --create --topic T [--partitions N] [--replication-factor R] [--config k=v]… [--if-not-exists]
  --list
  --describe [--topic T]          (T is a regular expression, as in Kafka)
  --alter --topic T --partitions N   (partitions can only be increased)
  --delete --topic T [--if-exists]";

/// jopt-simple's message for a value that is not an Integer (`ValueConversionException`).
fn not_int(v: &str) -> String {
    format!("Cannot parse argument '{v}' of option partitions")
}

pub(crate) fn run(world: &mut World, args: &[String], out: &mut Output) {
    let tool = "kafka-topics";
    if args.is_empty() {
        out.usage("Create, delete, describe, or change a topic.", tool);
        return;
    }
    let Some(p) = parse_or_message(args, FLAGS, true, out) else {
        return;
    };
    if p.has("help") {
        out.out(HELP);
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: AppInfoParser.getVersion().
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
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
    if p.has("delete-config") {
        out.err("delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.");
    }
    if action == "describe" && p.has("if-exists") && !p.has("topic") && !p.has("topic-id") {
        out.usage(
            "--topic or --topic-id is required to describe a topic",
            tool,
        );
        return;
    }
    if !matches!(action, "list" | "describe") && !p.has("topic") {
        out.usage("Missing required argument \"[topic]\"", tool);
        return;
    }
    if action == "alter" && p.has("config") {
        // checkInvalidArgsSet prints the used options as a `Set.of(bootstrapServerOpt, configOpt)`,
        // whose order changes from run to run.
        out.usage("Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)", tool);
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
    let now = log_time(world.epoch_ms());
    // TopicCommand.printException: the message on stdout, then `LOG.error(Utils.stackTrace(e))`
    // on stderr with the tools' log4j pattern `[%d] %p %m (%c)%n`. The stack trace ends with a
    // newline, so the logger's name comes on a line of its own. An exception the broker sent
    // (an ApiException) has no frames; the frames of the tool's own exceptions are left out.
    let fail = |out: &mut Output, class: &str, msg: String| {
        out.out(format!("Error while executing topic command : {msg}"));
        out.err(format!("[{now}] ERROR {class}: {msg}"));
        out.err(" (org.apache.kafka.tools.TopicCommand)");
        out.code = 1;
    };
    const ILLEGAL: &str = "java.lang.IllegalArgumentException";
    const PATTERN: &str = "java.util.regex.PatternSyntaxException";
    match action {
        "create" => {
            let name = p.value("topic").unwrap_or("").to_string();
            let partitions = match p.value("partitions") {
                None => 1, // broker default num.partitions=1
                Some(v) => match v.trim().parse::<i64>() {
                    Ok(n) if n < 1 => {
                        return fail(out, ILLEGAL, "The partitions must be greater than 0".into())
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
                            ILLEGAL,
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
                        return fail(out, ILLEGAL, "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".".into())
                    }
                }
            }
            if let Ok(Some(_)) = validate_topic_name(&name) {
                // TopicService.createTopic (Topic.hasCollisionChars)
                out.out("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.");
            }
            match world.apply(Command::CreateTopic(spec)) {
                Ok(_) => out.out(format!("Created topic {name}.")),
                Err(crate::engine::EngineError::TopicExists(_)) if p.has("if-not-exists") => {}
                Err(e) => fail(out, exception_class(&e), e.to_string()),
            }
        }
        "list" => {
            let names = match p.value("topic") {
                Some(t) => match matching_topics(world, t) {
                    Ok(n) => n,
                    Err(e) => return fail(out, PATTERN, e),
                },
                None => world.topic_names(),
            };
            // listTopics: println(names joined by "\n") — an empty line when there are none.
            out.out(names.join("\n"));
        }
        "describe" => {
            let names = match p.value("topic") {
                Some(t) => match matching_topics(world, t) {
                    Ok(n) => n,
                    Err(e) => return fail(out, PATTERN, e),
                },
                None => world.topic_names(),
            };
            if names.is_empty() {
                if let Some(t) = p.value("topic") {
                    if !t.is_empty() && !p.has("if-exists") {
                        // ensureTopicExists
                        return fail(
                            out,
                            ILLEGAL,
                            format!("Topic '{t}' does not exist as expected"),
                        );
                    }
                }
            }
            for n in names {
                let Some(v) = world.topic_view(&n) else {
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
                let min_isr = world
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
            let names = match matching_topics(world, t) {
                Ok(n) => n,
                Err(e) => return fail(out, PATTERN, e),
            };
            if names.is_empty() && !t.is_empty() && !p.has("if-exists") {
                return fail(
                    out,
                    ILLEGAL,
                    format!("Topic '{t}' does not exist as expected"),
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
                                "org.apache.kafka.common.errors.InvalidPartitionsException",
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
                if let Err(e) = world.apply(cmd) {
                    return fail(out, exception_class(&e), e.to_string());
                }
            }
        }
        _ => {}
    }
}

/// The Java exception a refused request surfaces as (`Errors` → `ApiException` subclass).
fn exception_class(e: &EngineError) -> &'static str {
    match e {
        EngineError::InvalidTopic(_) => "org.apache.kafka.common.errors.InvalidTopicException",
        EngineError::TopicExists(_) => "org.apache.kafka.common.errors.TopicExistsException",
        EngineError::UnknownTopic(_) | EngineError::UnknownPartition { .. } => {
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"
        }
        EngineError::InvalidPartitions(_) => {
            "org.apache.kafka.common.errors.InvalidPartitionsException"
        }
        EngineError::InvalidReplicationFactor(_) => {
            "org.apache.kafka.common.errors.InvalidReplicationFactorException"
        }
        EngineError::InvalidConfig(_) => {
            "org.apache.kafka.common.errors.InvalidConfigurationException"
        }
        EngineError::InvalidRequest(_) => "org.apache.kafka.common.errors.InvalidRequestException",
        _ => "org.apache.kafka.common.KafkaException",
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
