//! `kafka-console-producer.sh`, following `tools/…/ConsoleProducer.java` and
//! `LineMessageReader` (`parse.key`, `key.separator`, `parse.headers`, `null.marker`,
//! `ignore.error`), one record per input line.

use super::client::{auto_create, parse_or_usage, prop, props};
use super::console::{Console, ProducerSession, Session};
use super::opts::Spec;
use super::output::{log_time, Output};
use crate::engine::{Command, EventKind, ProduceRequest, ProducerConfig, World};
/// Options KIP-1147 (Kafka 4.2) renamed, `(old, new)`: the old name still works, with a
/// warning (`ConsoleProducerOptions`).
pub(crate) const RENAMED: &[(&str, &str)] = &[
    ("property", "reader-property"),
    ("producer-property", "command-property"),
    ("producer.config", "command-config"),
];

/// `ConsoleProducerOptions` of Kafka 4.3: `--broker-list` is gone (removed in 4.0); KIP-1147
/// renamed `--property`, `--producer-property` and `--producer.config` (still accepted, with a
/// warning; see `RENAMED`).
pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("topic", true),
    ("reader-property", true),
    ("property", true),
    ("command-property", true),
    ("producer-property", true),
    ("command-config", true),
    ("producer.config", true),
    ("sync", false),
    ("compression-codec", true),
    ("batch-size", true),
    ("message-send-max-retries", true),
    ("retry-backoff-ms", true),
    ("timeout", true),
    ("request-required-acks", true),
    ("request-timeout-ms", true),
    ("metadata-expiry-ms", true),
    ("max-block-ms", true),
    ("max-memory-bytes", true),
    ("max-partition-memory-bytes", true),
    ("socket-buffer-size", true),
    ("line-reader", true),
    ("reader-config", true),
    ("help", false),
    ("version", false),
];

pub(crate) const HELP: &str = "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic T   (ConsoleProducer, Kafka 4.3)
  --reader-property parse.key=true --reader-property key.separator=:   (key:value lines; default separator is a tab)
  --reader-property parse.headers=true | null.marker=X | ignore.error=true
  --command-property k=v   (acks, enable.idempotence, retries, partitioner.class, batch.size, linger.ms, client.id …)
  --request-required-acks A  --sync
Old names (before Kafka 4.2, KIP-1147) still work with a warning: --property, --producer-property, --producer.config.
One record per input line: type lines at the > prompt (Ctrl-D ends), or feed a here-document or echo/printf pipe.";

pub(crate) fn run(
    console: &mut Console,
    world: &mut World,
    args: &[String],
    stdin: Option<&[String]>,
    out: &mut Output,
) {
    let tool = "kafka-console-producer";
    let Some(p) = parse_or_usage(args, FLAGS, RENAMED, tool, out) else {
        return;
    };
    if p.has("help") {
        out.out(HELP);
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: no arguments print the usage with the tool's
    // description.
    if args.is_empty() {
        out.usage(
            "This tool helps to read data from standard input and publish it to Kafka.",
            "kafka-console-producer",
        );
        return;
    }
    // CommandLineUtils.maybePrintHelpOrVersion: AppInfoParser.getVersion().
    if p.has("version") {
        out.out(super::KAFKA_VERSION);
        return;
    }
    // ConsoleProducerOptions.checkArgs, in its order.
    let Some(topic) = p.value("topic").map(str::to_string) else {
        out.usage("Missing required argument \"[topic]\"", tool);
        return;
    };
    for (new, old) in [
        ("command-config", "producer.config"),
        ("command-property", "producer-property"),
        ("reader-property", "property"),
    ] {
        if p.has(new) && p.has(old) {
            return out.usage(
                &format!("Options --{new} and --{old} cannot be specified together."),
                tool,
            );
        }
    }
    for (old, new) in [
        ("producer-property", "command-property"),
        ("producer.config", "command-config"),
        ("property", "reader-property"),
    ] {
        if p.has(old) {
            out.out(format!("Warning: --{old} is deprecated and will be removed in a future version. Use --{new} instead."));
        }
    }
    if p.has("max-partition-memory-bytes") {
        out.out("Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead.");
    }
    // ToolsUtils.validateBootstrapServer: its message ends with a newline.
    if console.require_bootstrap_server {
        let valid = |hp: &str| {
            hp.rsplit_once(':').is_some_and(|(_, port)| {
                !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
            })
        };
        match p.value("bootstrap-server") {
            None => {
                out.err("Error while validating the bootstrap address\n");
                out.err("(playground: add --bootstrap-server localhost:9092; any HOST:PORT is accepted and ignored)");
                out.code = 1;
                return;
            }
            Some(v) if v.trim().is_empty() => {
                return out.usage("Error while validating the bootstrap address\n", tool)
            }
            Some(v) if !v.split(',').all(valid) => {
                return out.usage(
                    "Please provide valid host:port like host1:9091,host2:9092\n",
                    tool,
                )
            }
            Some(_) => {}
        }
    }
    let reader = match props(
        p.values("reader-property")
            .into_iter()
            .chain(p.values("property"))
            .collect(),
    ) {
        Ok(r) => r,
        Err(e) => return out.usage(&e, tool),
    };
    let producer_props = match props(
        p.values("command-property")
            .into_iter()
            .chain(p.values("producer-property"))
            .collect(),
    ) {
        Ok(r) => r,
        Err(e) => return out.usage(&e, tool),
    };
    // ConsoleProducer.start: the reader is configured (LineMessageReader.configure, whose
    // KafkaException ends the tool with its stack trace) before the producer is created.
    let producer = prop(&producer_props, "client.id").unwrap_or_else(|| "console-producer".into());
    let get = |k: &str| prop(&reader, k);
    let is_true = |k: &str| get(k).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let s = ProducerSession {
        producer: producer.clone(),
        topic,
        parse_key: is_true("parse.key"),
        key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
        parse_headers: is_true("parse.headers"),
        headers_delimiter: get("headers.delimiter").unwrap_or_else(|| "\t".into()),
        // LineMessageReader splits headers with headers.separator as a regular expression;
        // here it is taken literally.
        headers_separator: get("headers.separator").unwrap_or_else(|| ",".into()),
        headers_key_separator: get("headers.key.separator").unwrap_or_else(|| ":".into()),
        null_marker: get("null.marker"),
        ignore_error: is_true("ignore.error"),
        line_number: 0,
        warned_topic: false,
    };
    let nm = s.null_marker.as_deref();
    let refusal = [
        (
            s.headers_delimiter == s.headers_separator,
            "headers.delimiter and headers.separator may not be equal",
        ),
        (
            s.headers_delimiter == s.headers_key_separator,
            "headers.delimiter and headers.key.separator may not be equal",
        ),
        (
            s.headers_separator == s.headers_key_separator,
            "headers.separator and headers.key.separator may not be equal",
        ),
        (
            nm == Some(s.key_separator.as_str()),
            "null.marker and key.separator may not be equal",
        ),
        (
            nm == Some(s.headers_separator.as_str()),
            "null.marker and headers.separator may not be equal",
        ),
        (
            nm == Some(s.headers_delimiter.as_str()),
            "null.marker and headers.delimiter may not be equal",
        ),
        (
            nm == Some(s.headers_key_separator.as_str()),
            "null.marker and headers.key.separator may not be equal",
        ),
    ]
    .into_iter()
    .find(|(refused, _)| *refused);
    if let Some((_, why)) = refusal {
        out.err(format!("org.apache.kafka.common.KafkaException: {why}"));
        out.code = 1;
        return;
    }
    let mut config = ProducerConfig::default();
    for (k, v) in &producer_props {
        if let Err(e) = config.set(k, v) {
            // KafkaProducer's constructor throws; ConsoleProducer.start prints the stack trace.
            out.err(format!(
                "org.apache.kafka.common.config.ConfigException: {e}"
            ));
            out.code = 1;
            return;
        }
    }
    // producerProps: CommandLineUtils.maybeMergeOptions puts --request-required-acks over the
    // properties when it is given.
    if let Some(a) = p.value("request-required-acks") {
        if let Err(e) = config.set("acks", a) {
            out.err(format!(
                "org.apache.kafka.common.config.ConfigException: {e}"
            ));
            out.code = 1;
            return;
        }
    }
    if let Err(e) = world.apply(Command::SetProducerConfig { producer, config }) {
        out.err(format!(
            "org.apache.kafka.common.config.ConfigException: {e}"
        ));
        out.code = 1;
        return;
    }
    match stdin {
        Some(lines) => {
            let mut s = s;
            for l in lines {
                if !produce_line(world, &mut s, l, out) {
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
    world: &mut World,
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
    if world.topic_view(&s.topic).is_none() {
        if let Err(e) = auto_create(
            world,
            &s.topic,
            &format!("Producer clientId={}", s.producer),
            out,
        ) {
            out.err(format!(
                "[{}] ERROR Error when sending message to topic {} with key: {}, value: {} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
                log_time(world.epoch_ms()), s.topic, key.as_ref().map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.as_ref().map_or(0, |v| v.len())
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
    match world.apply(Command::Produce(req)) {
        Ok(events) => {
            for e in events {
                if let EventKind::SendFailed { topic, reason, .. } = &e.kind {
                    out.err(format!(
                        "[{}] ERROR Error when sending message to topic {topic} with key: {}, value: {} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)",
                        log_time(world.epoch_ms()), key.as_ref().map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.as_ref().map_or(0, |v| v.len())
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
                log_time(world.epoch_ms()), s.topic, key.as_ref().map_or("null".to_string(), |k| format!("{} bytes", k.len())), value.as_ref().map_or(0, |v| v.len())
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
