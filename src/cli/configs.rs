//! `kafka-configs.sh` for topics, following Kafka 4.3's `core/…/admin/ConfigCommand.scala`
//! (`describeResourceConfig`, `alterConfig`, the error it prints with the arguments) and the
//! broker's `ConfigHelper` (synonyms).

use super::client::parse_or_message;
use super::opts::Spec;
use super::output::Output;
use crate::engine::{Command, EngineError, World};

pub(crate) const FLAGS: &[Spec] = &[
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

pub(crate) const HELP: &str =
    "kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name T   (ConfigCommand, Kafka 4.3)
  --alter --add-config k=v[,k=v]… | --delete-config k[,k]…
  --describe   (without --entity-name: every topic)";

pub(crate) fn run(world: &mut World, args: &[String], out: &mut Output) {
    let tool = "kafka-configs";
    let Some(p) = parse_or_message(args, FLAGS, false, out) else {
        return;
    };
    if p.has("help") {
        out.out(HELP);
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: no arguments print the usage with the tool's
    // description.
    if args.is_empty() {
        out.usage("This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group", "kafka-configs");
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: AppInfoParser.getVersion().
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
        return;
    }
    // ConfigCommandOptions.checkArgs, in its order. Its IllegalArgumentExceptions reach
    // ConfigCommand.main, which prints the message alone (exit code 1).
    let illegal = |out: &mut Output, msg: &str| {
        out.err(msg);
        out.code = 1;
    };
    if usize::from(p.has("alter")) + usize::from(p.has("describe")) != 1 {
        out.usage(
            "Command must include exactly one action: --describe, --alter",
            tool,
        );
        return;
    }
    for other in ["add-config", "delete-config"] {
        if p.has("describe") && p.has(other) {
            out.usage(
                &format!("Option \"[describe]\" can't be used with option \"[{other}]\""),
                tool,
            );
            return;
        }
    }
    let mut types: Vec<&str> = p.values("entity-type");
    if p.has("topic") {
        types.push("topics");
    }
    const TYPES: [&str; 8] = [
        "topics",
        "clients",
        "users",
        "brokers",
        "ips",
        "client-metrics",
        "groups",
        "broker-loggers",
    ];
    if !p.has("bootstrap-server") && !p.has("bootstrap-controller") {
        return illegal(
            out,
            "Either --bootstrap-server or --bootstrap-controller must be specified.",
        );
    }
    if let Some(t) = types.iter().find(|t| !TYPES.contains(t)) {
        return illegal(out, &format!("Invalid entity type {t}, the entity type must be one of {} with a --bootstrap-server or --bootstrap-controller argument", TYPES.join(", ")));
    }
    if types.is_empty() {
        return illegal(out, "At least one entity type must be specified");
    }
    if (p.has("entity-type") || p.has("entity-name")) && p.has("topic") {
        return illegal(
            out,
            "--entity-{type,name,default} should not be used in conjunction with specific entity flags",
        );
    }
    if let Some(t) = types.iter().find(|t| **t != "topics") {
        out.usage(
            &format!(
                "This playground's kafka-configs handles --entity-type topics only (not {t})."
            ),
            tool,
        );
        return;
    }
    let name = p
        .value("topic")
        .or(p.value("entity-name"))
        .map(str::to_string);
    if p.has("alter") {
        if name.as_deref().is_none_or(str::is_empty) {
            return illegal(
                out,
                "An entity name must be specified with --alter of topics",
            );
        }
        if !p.has("add-config") && !p.has("delete-config") {
            return illegal(out, "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
        }
    }
    // ConfigCommand.main's `case t: Throwable`: the args, then the stack trace of the
    // ExecutionException the admin client threw (its frames left out; the cause, an
    // ApiException, has none).
    let fail = |out: &mut Output, cause: String| {
        out.err(format!(
            "Error while executing config command with args '{}'",
            args.join(" ")
        ));
        out.err(format!("java.util.concurrent.ExecutionException: {cause}"));
        out.err(format!("Caused by: {cause}"));
        out.code = 1;
    };
    if p.has("describe") {
        // ConfigCommand.describeResourceConfig: without a name, every topic.
        let topics = match &name {
            Some(n) => {
                if world.topic_view(n).is_none() {
                    out.out(format!(
                        "The topic '{n}' doesn't exist and doesn't have dynamic config."
                    ));
                    return;
                }
                vec![n.clone()]
            }
            None => world.topic_names(),
        };
        for topic in topics {
            describe(world, &topic, out);
        }
        return;
    }
    let topic = name.unwrap_or_default();

    let mut set = Vec::new();
    for a in p.values("add-config") {
        for kv in a.split(',').filter(|s| !s.is_empty()) {
            match kv.split_once('=') {
                Some((k, v)) => set.push((k.trim().to_string(), v.trim().to_string())),
                None => return illegal(out, "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\"."),
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
    match world.apply(Command::AlterTopicConfig {
        topic: topic.clone(),
        set,
        delete,
    }) {
        Ok(_) => out.out(format!("Completed updating config for topic {topic}.")),
        // The controller's ConfigResourceExistenceChecker.
        Err(EngineError::UnknownTopic(t)) => fail(
            out,
            format!("org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The topic '{t}' does not exist."),
        ),
        Err(e) => fail(
            out,
            format!("org.apache.kafka.common.errors.InvalidConfigurationException: {e}"),
        ),
    }
}

/// `Dynamic configs for topic T are:` and the topic's overrides, sorted by name.
fn describe(world: &World, topic: &str, out: &mut Output) {
    let Some(v) = world.topic_view(topic) else {
        return;
    };
    out.out(format!("Dynamic configs for topic {topic} are:"));
    let mut configs = v.configs.clone();
    crate::engine::sort::sort(&mut configs);
    for (k, val) in &configs {
        // ConfigHelper.createTopicConfigEntry: the topic's value, then the broker's
        // synonyms that are set (`configSynonyms`). The playground's brokers set none in
        // server.properties, so only the broker defaults (DEFAULT_CONFIG) appear.
        let mut synonyms = vec![format!("DYNAMIC_TOPIC_CONFIG:{k}={val}")];
        if let Some((name, default)) = broker_default(k) {
            synonyms.push(format!("DEFAULT_CONFIG:{name}={default}"));
        }
        out.out(format!(
            "  {k}={val} sensitive=false synonyms={{{}}}",
            synonyms.join(", ")
        ));
    }
}

/// The broker config a topic config falls back to and its default
/// (`ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS`, `KafkaConfig`'s defaults). `retention.ms`
/// has none: its first synonym `log.retention.ms` has no default, and `configSynonyms` drops
/// the synonyms before it (`log.retention.hours=168` is never listed).
fn broker_default(topic_config: &str) -> Option<(&'static str, &'static str)> {
    Some(match topic_config {
        "cleanup.policy" => ("log.cleanup.policy", "delete"),
        "delete.retention.ms" => ("log.cleaner.delete.retention.ms", "86400000"),
        "max.message.bytes" => ("message.max.bytes", "1048588"),
        "min.compaction.lag.ms" => ("log.cleaner.min.compaction.lag.ms", "0"),
        "min.insync.replicas" => ("min.insync.replicas", "1"),
        "retention.bytes" => ("log.retention.bytes", "-1"),
        "unclean.leader.election.enable" => ("unclean.leader.election.enable", "false"),
        _ => return None,
    })
}
