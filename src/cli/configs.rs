//! `kafka-configs.sh` for topics, following `core/…/admin/ConfigCommand.scala`
//! (`describeResourceConfig`, `alterConfig`, the error it prints with the arguments).

use super::client::parse_or_usage;
use super::opts::Spec;
use super::output::Output;
use crate::engine::{Command, World};

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
    "kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics --entity-name T
  --alter --add-config k=v[,k=v]… | --delete-config k[,k]…
  --describe";

pub(crate) fn run(world: &mut World, args: &[String], out: &mut Output) {
    let tool = "kafka-configs";
    let Some(p) = parse_or_usage(args, FLAGS, tool, out) else {
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
        let Some(v) = world.topic_view(&topic) else {
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
    match world.apply(Command::AlterTopicConfig {
        topic: topic.clone(),
        set,
        delete,
    }) {
        Ok(_) => out.out(format!("Completed updating config for topic {topic}.")),
        Err(e) => fail(out, e.to_string()),
    }
}
