//! `kafka-console-consumer.sh`, following `tools/…/consumer/ConsoleConsumer.java` and
//! `ConsoleConsumerOptions.java`: a group member (`subscribe`), or with `--partition` a reader
//! outside any group (`assign` + `seek`); records print through [`super::formatter`].

use super::client::{auto_create, parse_or_usage, parse_u32, prop, props, whole_name_regex};
use super::console::{Console, Job, Session, Source, IDLE_STOP_MS, MAX_FOREGROUND_MS, STEP_MS};
use super::formatter::Formatter;
use super::opts::{Parsed, Spec};
use super::output::{log_time, Output};
use super::shell::Cmd;
use crate::engine::{
    AssignorKind, Command, CommitMode, ConsumerConfig, EventKind, GroupProtocol, MemberSpec,
    OffsetReset, ServerAssignor, TopicPartition, World,
};
/// Options KIP-1147 (Kafka 4.2) renamed, `(old, new)`: the old name still works, with a
/// warning (`ConsoleConsumerOptions`).
pub(crate) const RENAMED: &[(&str, &str)] = &[
    ("property", "formatter-property"),
    ("consumer-property", "command-property"),
    ("consumer.config", "command-config"),
];

/// `ConsoleConsumerOptions` of Kafka 4.3: KIP-1147 renamed `--property`, `--consumer-property`
/// and `--consumer.config` (still accepted, with a warning; see `RENAMED`).
pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("topic", true),
    ("include", true),
    ("partition", true),
    ("offset", true),
    ("group", true),
    ("from-beginning", false),
    ("max-messages", true),
    ("timeout-ms", true),
    ("formatter-property", true),
    ("property", true),
    ("command-property", true),
    ("consumer-property", true),
    ("command-config", true),
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

pub(crate) const HELP: &str = "kafka-console-consumer.sh --bootstrap-server localhost:9092 (--topic T | --include REGEX)   (ConsoleConsumer, Kafka 4.3)
  --group G   (without it: a generated group console-consumer-NNNNN that never commits)
  --from-beginning   (auto.offset.reset=earliest when the group has no committed offset)
  --partition P [--offset O|earliest|latest]   (assign() + seek(): no group)
  --max-messages N  --timeout-ms MS
  --formatter-property print.key=true print.partition=true print.offset=true print.timestamp=true
                       print.headers=true key.separator=S print.value=false null.literal=X
  --command-property k=v   (group.protocol=classic|consumer, group.remote.assignor=uniform|range, group.instance.id,
                            client.id, partition.assignment.strategy, enable.auto.commit, auto.commit.interval.ms,
                            auto.offset.reset, session.timeout.ms, max.poll.records, max.poll.interval.ms)
Old names (before Kafka 4.2, KIP-1147) still work with a warning: --property, --consumer-property, --consumer.config.
Ends the line with & to run it in the background. In a script it stops after --max-messages, --timeout-ms,
or 10 s of simulated time without a new record.";

/// What `ConsoleConsumerOptions` settles before the consumer starts.
struct Options {
    parsed: Parsed,
    fmt: Formatter,
    config: ConsumerConfig,
    group: String,
    /// No `--group`: the group is `console-consumer-NNNNN` and never commits.
    generated: bool,
    max_messages: Option<u64>,
    timeout_ms: Option<u64>,
}

/// Prints a usage error (exit code 1); the tool does not start.
fn usage<T>(out: &mut Output, msg: &str, tool: &str) -> Option<T> {
    out.usage(msg, tool);
    None
}

pub(crate) fn run(
    console: &mut Console,
    world: &mut World,
    args: &[String],
    cmd: &Cmd,
    out: &mut Output,
) {
    let Some(o) = options(world, args, out) else {
        return;
    };
    // ConsoleConsumer.maybePrintConsumerProtocolMessage (KAFKA-20282, Kafka 4.3): a subscribing
    // consumer on the classic protocol points to KIP-848, on stderr, unless INFO logging is on
    // (the tools log at WARN).
    if o.parsed.value("partition").is_none() && o.config.protocol == GroupProtocol::Classic {
        out.err("The consumer rebalance protocol (KIP-848) is production-ready! Set group.protocol=consumer to try it out. See https://kafka.apache.org/documentation/#consumer_rebalance_protocol");
    }
    let source = match o.parsed.value("partition") {
        Some(pv) => assign(world, &o, pv, out),
        None => subscribe(world, &o, out),
    };
    if let Some(source) = source {
        start_job(console, world, cmd, source, o, out);
    }
}

/// `ConsoleConsumerOptions`: checks the options and builds the formatter, the consumer's
/// config and its group. `None` when the tool stops here (help, or an error it printed).
fn options(world: &World, args: &[String], out: &mut Output) -> Option<Options> {
    let tool = "kafka-console-consumer";
    let p = parse_or_usage(args, FLAGS, RENAMED, tool, out)?;
    if p.has("help") {
        out.out(HELP);
        return None;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: no arguments print the usage with the tool's
    // description.
    if args.is_empty() {
        out.usage(
            "This tool helps to read data from Kafka topics and outputs it to standard output.",
            "kafka-console-consumer",
        );
        return None;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: AppInfoParser.getVersion().
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
        return None;
    }
    // ConsoleConsumerOptions.checkRequiredArgs: CommandLineUtils.checkOneOfArgs.
    if usize::from(p.has("topic")) + usize::from(p.has("include")) != 1 {
        return usage(
            out,
            "Exactly one of the following arguments is required: [topic], [include]",
            tool,
        );
    }
    if p.has("partition") {
        if !p.has("topic") {
            return usage(
                out,
                "The topic is required when partition is specified.",
                tool,
            );
        }
        if p.has("from-beginning") && p.has("offset") {
            return usage(
                out,
                "Options from-beginning and offset cannot be specified together.",
                tool,
            );
        }
    } else if p.has("offset") {
        return usage(
            out,
            "The partition is required when offset is specified.",
            tool,
        );
    }
    // KIP-1147: the old names, refused beside the new ones, warned about (on stdout).
    for (old, new) in [
        ("consumer-property", "command-property"),
        ("consumer.config", "command-config"),
    ] {
        if p.has(old) && p.has(new) {
            return usage(
                out,
                &format!("Options --{old} and --{new} cannot be specified together."),
                tool,
            );
        }
    }
    for (old, new) in [
        ("consumer-property", "command-property"),
        ("consumer.config", "command-config"),
    ] {
        if p.has(old) {
            out.out(format!("Option --{old} is deprecated and will be removed in a future version. Use --{new} instead."));
        }
    }
    let cprops = match props(
        p.values("command-property")
            .into_iter()
            .chain(p.values("consumer-property"))
            .collect(),
    ) {
        Ok(v) => v,
        Err(e) => return usage(out, &e, tool),
    };
    let cget = |k: &str| prop(&cprops, k);
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
        return usage(out, &format!("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: {}", list.join(", ")), tool);
    }
    if !groups.is_empty() && p.has("partition") {
        return usage(
            out,
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
                return None;
            }
            match OffsetReset::parse(&r) {
                Some(x) => x,
                None => {
                    out.err(format!("org.apache.kafka.common.config.ConfigException: Invalid value {r} for configuration auto.offset.reset: Invalid value `{r}` for configuration auto.offset.reset. The value must be either 'earliest', 'latest', 'none' or of the format 'by_duration:<PnDTnHnMn.nS.>'."));
                    out.code = 1;
                    return None;
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
        Err(e) => return usage(out, &e, tool),
    };
    let timeout_ms = match num("timeout-ms") {
        Ok(v) => v.filter(|n| *n >= 0).map(|n| n as u64),
        Err(e) => return usage(out, &e, tool),
    };
    // parseOffset
    if let Some(o) = p.value("offset") {
        let l = o.to_ascii_lowercase();
        if l != "earliest" && l != "latest" && !o.trim().parse::<i64>().is_ok_and(|n| n >= 0) {
            return usage(out, &format!("The provided offset value '{o}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."), tool);
        }
    }
    // buildFormatter: the old --property refused beside --formatter-property, warned about.
    if p.has("formatter-property") && p.has("property") {
        return usage(
            out,
            "Options --property and --formatter-property cannot be specified together.",
            tool,
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
        Err(e) => return usage(out, &e, tool),
    };
    let fmt = Formatter::configure(&fprops);
    let generated = groups.is_empty();
    let config = consumer_config(world, &cprops, reset, generated, out)?;
    let group = match groups.first() {
        Some(g) => g.clone(),
        // ConsoleConsumerOptions.buildConsumerProps: "console-consumer-" + RANDOM.nextInt(100000),
        // from the world's RNG; the JoinGroup carrying the name moves the RNG on.
        None => format!("console-consumer-{}", world.peek_random(100_000)),
    };
    Some(Options {
        parsed: p,
        fmt,
        config,
        group,
        generated,
        max_messages,
        timeout_ms,
    })
}

/// The consumer's config from `--consumer-property` (`ConsumerConfig`'s validation messages);
/// without `--group`, `enable.auto.commit` defaults to false (`buildConsumerProps`).
fn consumer_config(
    world: &World,
    cprops: &[(String, String)],
    reset: OffsetReset,
    generated: bool,
    out: &mut Output,
) -> Option<ConsumerConfig> {
    let cget = |k: &str| prop(cprops, k);
    let mut config = ConsumerConfig {
        client_id: cget("client.id").unwrap_or_else(|| "console-consumer".into()),
        auto_offset_reset: reset,
        ..ConsumerConfig::default()
    };
    let mut auto_commit = cget("enable.auto.commit")
        .map(|v| v.trim().eq_ignore_ascii_case("true"))
        .unwrap_or(!generated);
    let mut interval = 5_000u64;
    let mut remote_assignor: Option<String> = None;
    for (k, v) in cprops {
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
            // group.protocol defaults to classic in Kafka 4.3 (CaseInsensitiveValidString).
            "group.protocol" => match GroupProtocol::parse(v) {
                Some(gp) => {
                    config.protocol = gp;
                    Ok(())
                }
                None => Err(bad(
                    "String must be one of (case insensitive): CLASSIC, CONSUMER",
                )),
            },
            "group.remote.assignor" => {
                remote_assignor = Some(v.trim().to_string());
                Ok(())
            }
            "max.poll.interval.ms" => match v.trim().parse::<u64>() {
                Ok(n) if n >= 1 => {
                    config.max_poll_interval_ms = n;
                    Ok(())
                }
                Ok(_) => Err(bad("Value must be at least 1")),
                Err(_) => Err(bad("Not a number of type INT")),
            },
            "client.id"
            | "group.id"
            | "auto.offset.reset"
            | "key.deserializer"
            | "value.deserializer"
            | "fetch.min.bytes"
            | "fetch.max.wait.ms"
            | "heartbeat.interval.ms"
            | "isolation.level"
            | "client.rack"
            | "request.timeout.ms"
            | "allow.auto.create.topics"
            | "exclude.internal.topics" => Ok(()),
            other => {
                // AbstractConfig.logUnused
                out.err(format!(
                    "[{}] WARN The configuration '{other}' was supplied but isn't a known config. (org.apache.kafka.clients.consumer.ConsumerConfig)",
                    log_time(world.epoch_ms())
                ));
                Ok(())
            }
        };
        if let Err(e) = r {
            out.err(e);
            out.code = 1;
            return None;
        }
    }
    // ConsumerConfig.checkUnsupportedConfigsPostProcess: each protocol refuses the other's
    // settings.
    let unsupported: &[&str] = match config.protocol {
        GroupProtocol::Classic => &["group.remote.assignor"],
        GroupProtocol::Consumer => &[
            "partition.assignment.strategy",
            "heartbeat.interval.ms",
            "session.timeout.ms",
        ],
    };
    let invalid: Vec<&str> = unsupported
        .iter()
        .copied()
        .filter(|name| cget(name).is_some_and(|v| !v.trim().is_empty()))
        .collect();
    if !invalid.is_empty() {
        out.err(format!(
            "org.apache.kafka.common.config.ConfigException: {} cannot be set when group.protocol={}",
            invalid.join(", "),
            config.protocol.name_upper()
        ));
        out.code = 1;
        return None;
    }
    if let Some(name) = remote_assignor {
        // The coordinator refuses the first heartbeat (GroupCoordinatorService).
        match ServerAssignor::parse(&name) {
            Some(a) => config.remote_assignor = Some(a),
            None => {
                out.err(format!(
                    "org.apache.kafka.common.errors.UnsupportedAssignorException: ServerAssignor {name} is not supported. Supported assignors: {}.",
                    ServerAssignor::ALL.map(|a| a.name()).join(", ")
                ));
                out.code = 1;
                return None;
            }
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
    Some(config)
}

/// `--partition P`: `assign()` + `seek()` outside any group; reads the log directly.
fn assign(world: &mut World, o: &Options, pv: &str, out: &mut Output) -> Option<Source> {
    let Options {
        parsed: p,
        config,
        group,
        ..
    } = o;
    let tool = "kafka-console-consumer";
    let topic = p.value("topic").unwrap_or("").to_string();
    let Some(part) = parse_u32(pv) else {
        return usage(
            out,
            &format!("Cannot parse argument '{pv}' of option partition"),
            tool,
        );
    };
    let Some(tv) = world.topic_view(&topic) else {
        if let Err(e) = auto_create(
            world,
            &topic,
            &format!("Consumer clientId={}, groupId={group}", config.client_id),
            out,
        ) {
            out.err(e);
            out.code = 1;
            return None;
        }
        return Some(Source::Direct {
            tp: TopicPartition::new(&topic, part),
            position: 0,
        });
    };
    let Some(pview) = tv.partitions.iter().find(|x| x.partition == part) else {
        // KafkaConsumer.seek on a partition that does not exist: the position lookup fails.
        out.err(format!("[{}] WARN [Consumer clientId={}, groupId={group}] Received unknown topic or partition error in ListOffset request for partition {topic}-{part} (org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils)", log_time(world.epoch_ms()), config.client_id));
        return Some(Source::Nothing);
    };
    let position = match p.value("offset").map(|o| o.to_ascii_lowercase()) {
        Some(o) if o == "earliest" => pview.log_start_offset,
        Some(o) if o == "latest" => pview.log_end_offset,
        Some(o) => match o.parse::<i64>() {
            Ok(n) if n >= 0 => (n as u64).clamp(pview.log_start_offset, pview.log_end_offset.max(pview.log_start_offset)),
            _ => {
                return usage(out, &format!("The provided offset value '{}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.", p.value("offset").unwrap_or("")), tool)
            }
        },
        None if p.has("from-beginning") => pview.log_start_offset,
        None => pview.log_end_offset,
    };
    Some(Source::Direct {
        tp: TopicPartition::new(&topic, part),
        position,
    })
}

/// `subscribe()` to `--topic` (auto-created if missing) or the topics `--include` matches.
fn subscribe(world: &mut World, o: &Options, out: &mut Output) -> Option<Source> {
    let Options {
        config,
        group,
        generated,
        ..
    } = o;
    let p = &o.parsed;
    let topics: Vec<String> = if let Some(t) = p.value("topic") {
        if world.topic_view(t).is_none() {
            if let Err(e) = auto_create(
                world,
                t,
                &format!("Consumer clientId={}, groupId={group}", config.client_id),
                out,
            ) {
                out.err(e);
                out.code = 1;
                return None;
            }
        }
        vec![t.to_string()]
    } else {
        let pat = p.value("include").unwrap_or("");
        match whole_name_regex(pat) {
            Ok(re) => world
                .topic_names()
                .into_iter()
                .filter(|n| re.is_match(n))
                .collect(),
            Err(e) => {
                out.err(format!("java.util.regex.PatternSyntaxException: {e}"));
                out.code = 1;
                return None;
            }
        }
    };
    if topics.is_empty() {
        Some(Source::Nothing)
    } else {
        let spec = MemberSpec {
            group: group.clone(),
            member_id: None,
            topics: topics.clone(),
            assign: None,
            config: config.clone(),
            capture: true,
        };
        match world.apply(Command::JoinGroup(spec)) {
            Ok(events) => {
                let id = events.iter().find_map(|e| match &e.kind {
                    EventKind::MemberJoined { member_id, .. }
                    | EventKind::StaticMemberRejoined { member_id, .. } => Some(member_id.clone()),
                    _ => None,
                });
                Some(match id {
                    Some(member_id) => Source::Member {
                        group: group.clone(),
                        member_id,
                        generated: *generated,
                    },
                    None => Source::Nothing,
                })
            }
            Err(e) => {
                out.err(format!("[{}] ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)", log_time(world.epoch_ms())));
                out.err(format!("org.apache.kafka.common.KafkaException: {e}"));
                out.code = 1;
                None
            }
        }
    }
}

/// Runs the consumer: in the background (`&`), in the foreground of the page, or in a script
/// until it stops.
fn start_job(
    console: &mut Console,
    world: &mut World,
    cmd: &Cmd,
    source: Source,
    o: Options,
    out: &mut Output,
) {
    let Options {
        fmt,
        max_messages,
        timeout_ms,
        ..
    } = o;
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
