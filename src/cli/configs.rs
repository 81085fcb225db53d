//! `kafka-configs.sh` for topics, following Kafka 4.3's `core/…/admin/ConfigCommand.scala`
//! (`describeResourceConfig`, `alterConfig`, the error it prints with the arguments) and the
//! broker's `ConfigHelper` (synonyms).

use super::client::parse_or_message;
use super::opts::Parsed;
use super::opts::Spec;
use super::output::Output;
use crate::engine::share_group::ShareSettings;
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
  --describe   (without --entity-name: every topic)
kafka-configs.sh --bootstrap-server localhost:9092 --entity-type groups --entity-name G   (share group configs)
  --alter --add-config share.auto.offset.reset=earliest|latest,share.record.lock.duration.ms=N,
                       share.delivery.count.limit=N,share.partition.max.record.locks=N
  --alter --delete-config NAME[,NAME]…   --describe   (without --entity-name: every group)";

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
    if let Some(t) = types.iter().find(|t| **t != "topics" && **t != "groups") {
        out.usage(
            &format!(
                "This playground's kafka-configs handles --entity-type topics and groups only (not {t})."
            ),
            tool,
        );
        return;
    }
    if types.first() == Some(&"groups") {
        return groups(world, &p, args, out);
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

/// `--entity-type groups`: the share group configs (`GroupConfig`), kept by group id whether
/// or not the group exists (`ConfigCommand.alterConfig` / `describeResourceConfig`).
fn groups(world: &mut World, p: &Parsed, args: &[String], out: &mut Output) {
    let name = p.value("entity-name").map(str::to_string);
    let illegal = |out: &mut Output, msg: &str| {
        out.err(msg);
        out.code = 1;
    };
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
        let known = |g: &str| {
            world.group_view(g).is_some()
                || world.share_group(g).is_some()
                || world.configured_groups().iter().any(|c| c == g)
        };
        let groups = match &name {
            Some(n) => {
                if !known(n) {
                    out.out(format!(
                        "The group '{n}' doesn't exist and doesn't have dynamic config."
                    ));
                    return;
                }
                vec![n.clone()]
            }
            // listGroups ++ listConfigResources(GROUP): a Scala Set, in no fixed order (sorted
            // here).
            None => {
                let mut all = world.group_names();
                all.extend(world.share_group_names());
                all.extend(world.configured_groups());
                crate::engine::sort::sort(&mut all);
                all.dedup();
                all
            }
        };
        for g in groups {
            describe_group(world, &g, out);
        }
        return;
    }
    let Some(group) = name.filter(|n| !n.is_empty()) else {
        return illegal(
            out,
            "An entity name must be specified with --alter of groups",
        );
    };
    if !p.has("add-config") && !p.has("delete-config") {
        return illegal(out, "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
    }
    let mut set = Vec::new();
    for a in p.values("add-config") {
        for kv in a.split(',').filter(|s| !s.is_empty()) {
            match kv.split_once('=') {
                Some((k, v)) => set.push((k.trim().to_string(), v.trim().to_string())),
                None => return illegal(out, "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas."),
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
    match world.apply(Command::AlterGroupConfig {
        group: group.clone(),
        set,
        delete,
    }) {
        Ok(_) => out.out(format!("Completed updating config for group {group}.")),
        // GroupConfig.validate: InvalidConfigurationException (a ConfigException for a value
        // of the wrong type reaches the client as the same error).
        Err(EngineError::InvalidConfig(m)) => fail(
            out,
            format!("org.apache.kafka.common.errors.InvalidConfigurationException: {m}"),
        ),
        Err(e) => fail(
            out,
            format!("org.apache.kafka.common.errors.InvalidRequestException: {e}"),
        ),
    }
}

/// `Dynamic configs for group G are:` and the group configs set on it, sorted by name, with
/// their synonyms as `ConfigHelper.createGroupConfigEntry` lists them: the group's value, then
/// the broker config it falls back to (`GroupConfig.brokerSynonym`) at its default, or for a
/// config without one (`share.auto.offset.reset`) `GroupConfig`'s own default. The playground
/// keeps values, not which were set: a config set to its default value is not listed.
fn describe_group(world: &World, group: &str, out: &mut Output) {
    out.out(format!("Dynamic configs for group {group} are:"));
    let set = world.share_settings(group).values();
    let defaults = ShareSettings::default().values();
    for (k, v) in &set {
        let default = defaults
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, d)| d.clone())
            .unwrap_or_default();
        if *v == default {
            continue;
        }
        let fallback = match *k {
            "share.record.lock.duration.ms" => "group.share.record.lock.duration.ms",
            "share.delivery.count.limit" => "group.share.delivery.count.limit",
            "share.partition.max.record.locks" => "group.share.partition.max.record.locks",
            other => other,
        };
        out.out(format!(
            "  {k}={v} sensitive=false synonyms={{DYNAMIC_GROUP_CONFIG:{k}={v}, DEFAULT_CONFIG:{fallback}={default}}}"
        ));
    }
}
