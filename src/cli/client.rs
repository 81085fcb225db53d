//! What the Kafka tools share through the Java client and `CommandLineUtils`: option parsing
//! with a usage message, `key=value` properties, topic patterns (`IncludeList`), and the topic
//! a metadata request for an unknown name auto-creates.

use super::opts::{self, Spec};
use super::output::{log_time, Output};
use crate::engine::{validate_topic_name, Command, TopicSpec, World};

/// Parses a Kafka tool's options; on a refused option prints jopt-simple's message (with the
/// closest known option when the word looks like a typo) and the usage hint, exit code 1.
/// `renamed`: the tool's options KIP-1147 renamed, `(old, new)`.
pub(crate) fn parse_or_usage(
    args: &[String],
    specs: &[Spec],
    renamed: &[(&'static str, &'static str)],
    tool: &str,
    out: &mut Output,
) -> Option<opts::Parsed> {
    match opts::parse_suggesting(args, specs) {
        Ok(p) => Some(p),
        Err(e) => {
            let mut msg = e.message;
            // A typo of an old (KIP-1147) name is shown the new one.
            let suggestion = e.suggestion.map(|m| {
                renamed
                    .iter()
                    .find(|(old, _)| *old == m)
                    .map_or(m, |(_, new)| *new)
            });
            if let Some(m) = suggestion {
                msg.push_str(&format!("\n(did you mean --{m}?)"));
            }
            out.usage(&msg, tool);
            None
        }
    }
}

/// jopt-simple's exception for a refused command line, for tools that let it escape `main`
/// (the JVM prints `Exception in thread "main"` and the stack trace, whose frames are left out
/// here), with the closest known option as a playground hint. `optional`: options taking an
/// optional argument.
pub(crate) fn parse_or_throw(
    args: &[String],
    specs: &[Spec],
    optional: &[&str],
    out: &mut Output,
) -> Option<opts::Parsed> {
    match opts::parse_suggesting_with(args, specs, optional) {
        Ok(p) => Some(p),
        Err(e) => {
            out.err(format!(
                "Exception in thread \"main\" {}: {}",
                jopt_exception(&e.message),
                e.message
            ));
            if let Some(m) = e.suggestion {
                out.err(format!("(did you mean --{m}?)"));
            }
            out.code = 1;
            None
        }
    }
}

/// For tools that catch jopt-simple's exception and print its message on stderr, exit code 1,
/// without the usage: kafka-configs (`ConfigCommand.main`), and with `trace` kafka-topics, whose
/// `mainNoExit` also prints `Utils.stackTrace(e)` (frames left out here).
pub(crate) fn parse_or_message(
    args: &[String],
    specs: &[Spec],
    trace: bool,
    out: &mut Output,
) -> Option<opts::Parsed> {
    match opts::parse_suggesting(args, specs) {
        Ok(p) => Some(p),
        Err(e) => {
            out.err(&e.message);
            if trace {
                out.err(format!("{}: {}", jopt_exception(&e.message), e.message));
            }
            if let Some(m) = e.suggestion {
                out.err(format!("(did you mean --{m}?)"));
            }
            out.code = 1;
            None
        }
    }
}

/// The jopt-simple exception class behind a parse error's message.
fn jopt_exception(message: &str) -> &'static str {
    if message.ends_with("is not a recognized option") {
        "joptsimple.UnrecognizedOptionException"
    } else if message.ends_with("requires an argument") {
        "joptsimple.OptionMissingRequiredArgumentException"
    } else {
        "joptsimple.OptionException"
    }
}

pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok()
}

/// `CommandLineUtils.parseKeyValueArgs`: split on the first '='; a key without one gets an
/// empty value (`acceptMissingValue` is true for the tools).
pub(crate) fn props(values: Vec<&str>) -> Result<Vec<(String, String)>, String> {
    Ok(values
        .into_iter()
        .map(|a| match a.split_once('=') {
            Some((k, val)) => (k.to_string(), val.to_string()),
            None => (a.to_string(), String::new()),
        })
        .collect())
}

/// The value given for `key` in parsed properties; the last one wins, as in a `Properties`.
pub(crate) fn prop(props: &[(String, String)], key: &str) -> Option<String> {
    props
        .iter()
        .rev()
        .find(|(n, _)| n == key)
        .map(|(_, v)| v.clone())
}

/// A topic pattern as Kafka's `IncludeList` uses it: `Pattern.matcher(name).matches()`, so the
/// whole name must match. `regex-lite` runs in linear time: a hostile pattern cannot hang the page.
pub(crate) fn whole_name_regex(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::Regex::new(&format!("^(?:{pattern})$")).map_err(|e| e.to_string())
}

/// Topics whose name matches `pattern` as Kafka's `IncludeList` does (a Java regex, whole name).
pub(crate) fn matching_topics(world: &World, pattern: &str) -> Result<Vec<String>, String> {
    let names = world.topic_names();
    if names.iter().any(|n| n == pattern) {
        return Ok(vec![pattern.to_string()]);
    }
    let re = whole_name_regex(pattern)?;
    Ok(names.into_iter().filter(|n| re.is_match(n)).collect())
}

/// `auto.create.topics.enable=true` (the broker default): the first metadata request for an
/// unknown topic creates it with `num.partitions=1`, and the client logs a warning.
pub(crate) fn auto_create(
    world: &mut World,
    topic: &str,
    client: &str,
    out: &mut Output,
) -> Result<(), String> {
    validate_topic_name(topic).map_err(|e| e.to_string())?;
    world
        .apply(Command::CreateTopic(TopicSpec::new(topic, 1)))
        .map_err(|e| e.to_string())?;
    // NetworkClient.handleCompletedMetadataResponse
    out.err(format!(
        "[{}] WARN [{client}] The metadata response from the cluster reported a recoverable issue with correlation id 4 : {{{topic}=UNKNOWN_TOPIC_OR_PARTITION}} (org.apache.kafka.clients.NetworkClient)",
        log_time(world.epoch_ms())
    ));
    Ok(())
}
