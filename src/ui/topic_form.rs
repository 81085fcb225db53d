//! "Create a topic": name + partition count, as `kafka-topics --create` takes them.
//! Below it, changes to the selected topic: more partitions (`kafka-topics --alter`) and
//! retention and compaction (`kafka-configs --alter`).
//! The engine validates; its refusal is shown inline in Kafka's words.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::input::{describe_bytes, describe_ms};
use super::state::{show_error, use_playground};
use super::text::plural;
use crate::engine::{Command, EventKind, TopicConfig, MAX_PARTITIONS};

/// Moved keys listed after an increase; the rest are counted.
pub const MOVED_KEYS_SHOWN: usize = 20;

#[component]
pub fn TopicForm() -> impl IntoView {
    let pg = use_playground();
    let name = RwSignal::new(String::new());
    let partitions = RwSignal::new("3".to_string());
    // Kafka's broker default (`default.replication.factor`) when --replication-factor is left out.
    let replicas = RwSignal::new("1".to_string());
    let broker_count = Memo::new(move |_| pg.world.with(|w| w.broker_ids().len()));
    let error = RwSignal::new(None::<String>);
    let created = RwSignal::new(None::<String>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        let Ok(count) = partitions.get_untracked().trim().parse::<u32>() else {
            error.set(Some(format!(
                "The number of partitions must be a whole number from 1 to {MAX_PARTITIONS}."
            )));
            return;
        };
        let Ok(rf) = replicas.get_untracked().trim().parse::<u32>() else {
            error.set(Some(format!(
                "The replication factor must be a whole number from 1 to the number of brokers ({}).",
                broker_count.get_untracked()
            )));
            return;
        };
        // Not trimmed: Kafka does not trim either, and its refusal teaches the rule.
        let topic = name.get_untracked();
        if let Some(warning) = show_error(error, pg.create_topic(&topic, count, rf)) {
            let per = if rf > 1 {
                format!("{} per partition", plural(rf, "replica"))
            } else {
                "one replica: each partition lives on one broker only".to_string()
            };
            let mut message = format!(
                "Created topic {topic} with {}, {per}.",
                plural(count, "partition")
            );
            if let Some(w) = warning {
                message = format!("{w} {message}");
            }
            created.set(Some(message));
            name.set(String::new());
        }
    };

    view! {
        <section class="panel" aria-labelledby="topic-form-title">
            <h2 id="topic-form-title" class="panel__title">"Topics"</h2>
            <p class="panel__hint">
                "A topic is split into partitions. Each partition is an ordered log of its own."
            </p>
            <form class="form" on:submit=on_submit novalidate>
                <div class="field field--grow">
                    <label for="topic-name">"Topic name"</label>
                    <input
                        id="topic-name"
                        data-testid="topic-name"
                        type="text"
                        placeholder="payments"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="topic-error"
                        aria-invalid=move || error.with(|e| e.is_some()).to_string()
                        bind:value=name
                    />
                </div>
                <div class="field field--narrow">
                    <label for="topic-partitions">"Partitions"</label>
                    <input
                        id="topic-partitions"
                        data-testid="topic-partitions"
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max=MAX_PARTITIONS.to_string()
                        bind:value=partitions
                    />
                </div>
                <div class="field field--narrow">
                    <label for="topic-replicas">"Replicas"</label>
                    <input
                        id="topic-replicas"
                        data-testid="topic-replicas"
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max=move || broker_count.get().to_string()
                        aria-describedby="topic-replicas-hint"
                        bind:value=replicas
                    />
                </div>
                <button type="submit" class="button" data-testid="create-topic">
                    "Create topic"
                </button>
            </form>
            <p id="topic-replicas-hint" class="field__hint">
                {move || format!(
                    "Replicas: the replication factor, how many brokers keep a copy of each partition (at most {}, one per broker). With 1, a partition goes offline with its broker.",
                    broker_count.get()
                )}
            </p>
            <p id="topic-error" class="message message--error" role="alert" data-testid="topic-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <p class="message message--ok" role="status" data-testid="topic-created"
                hidden=move || created.with(|c| c.is_none())>
                {move || created.get().unwrap_or_default()}
            </p>
            <TopicPartitions />
            <TopicRetention />
        </section>
    }
}

/// Keys of a topic that map to another partition after its last increase.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Moved {
    topic: String,
    /// The engine's sentence ("Topic orders grew from 3 to 5 partitions: …").
    summary: String,
    /// (key, from, to), at most `MOVED_KEYS_SHOWN`.
    keys: Vec<(String, u32, u32)>,
    /// Moved keys not listed.
    more: usize,
}

/// The new count as typed. Zero and negatives get `TopicCommand`'s wording; numbers too large
/// for the model are passed on so the engine's limit (with its wording) answers.
fn parse_partitions(text: &str, current: Option<u32>) -> Result<u32, String> {
    let t = text.trim();
    match t.parse::<i64>() {
        Ok(n) if n <= 0 => {
            Err("Number of partitions was set to an invalid non-positive value.".into())
        }
        Ok(n) => Ok(u32::try_from(n).unwrap_or(u32::MAX)),
        Err(_) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => Ok(u32::MAX),
        Err(_) => Err(format!(
            "The new partition count must be a whole number, e.g. {}; \"{t}\" is not.",
            current.map_or(2, |n| n.saturating_add(1))
        )),
    }
}

/// More partitions for the selected topic, and which keys now land elsewhere.
#[component]
pub fn TopicPartitions() -> impl IntoView {
    let pg = use_playground();
    let count = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| w.partition_count(&topic))
    });
    let suggest = |n: Option<u32>| n.map(|n| (n + 1).to_string()).unwrap_or_default();
    let requested = RwSignal::new(suggest(count.get_untracked()));
    let error = RwSignal::new(None::<String>);
    let moved = RwSignal::new(None::<Moved>);
    Effect::watch(
        move || count.get(),
        move |n, _, _| {
            requested.set(suggest(*n));
            error.set(None);
        },
        false,
    );

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let topic = pg.topic.get_untracked();
        if topic.is_empty() {
            error.set(Some("Create a topic first.".into()));
            return;
        }
        let result = parse_partitions(&requested.get_untracked(), count.get_untracked()).and_then(
            |partitions| {
                pg.apply(Command::AlterPartitions {
                    topic: topic.clone(),
                    partitions,
                })
            },
        );
        if let Some(events) = show_error(error, result) {
            moved.set(events.iter().find_map(|e| match &e.kind {
                EventKind::PartitionsIncreased {
                    moved_keys,
                    moved_count,
                    ..
                } => {
                    let keys: Vec<(String, u32, u32)> = moved_keys
                        .iter()
                        .take(MOVED_KEYS_SHOWN)
                        .map(|m| (m.key.clone(), m.from, m.to))
                        .collect();
                    Some(Moved {
                        topic: topic.clone(),
                        summary: e.to_string(),
                        more: moved_count.saturating_sub(keys.len()),
                        keys,
                    })
                }
                _ => None,
            }));
        }
    };
    // Only the selected topic's last increase is shown.
    let shown = move || {
        moved.with(|m| {
            m.as_ref()
                .filter(|m| pg.topic.with(|t| *t == m.topic))
                .cloned()
        })
    };
    let topic_name = move || pg.topic.get();
    let hint = move || match count.get() {
        Some(n) => format!("{} has {}. ", pg.topic.get(), plural(n, "partition")),
        None => "Create a topic first. ".into(),
    };

    view! {
        <details class="controls" data-testid="partitions-section">
            <summary class="controls__summary">
                {move || if pg.topic.with(String::is_empty) { "Add partitions (create a topic first)" } else { "Add partitions to " }}
                <code>{topic_name}</code>
            </summary>
            <div class="controls__body">
                <p class="panel__hint" id="alter-partitions-hint">
                    {hint}
                    "Kafka only adds partitions, never removes them. From then on a key may map to another partition; records already written stay where they are."
                </p>
                <form class="form" on:submit=on_submit novalidate>
                    <div class="field field--narrow">
                        <label for="alter-partitions">"New partition count"</label>
                        <input
                            id="alter-partitions"
                            data-testid="alter-partitions"
                            type="text"
                            inputmode="numeric"
                            autocomplete="off"
                            aria-describedby="alter-partitions-hint alter-partitions-error"
                            aria-invalid=move || error.with(|e| e.is_some()).to_string()
                            bind:value=requested
                        />
                    </div>
                    <button type="submit" class="button" data-testid="alter-partitions-submit">
                        "Increase partitions"
                    </button>
                </form>
                <p class="controls__console">
                    "In the console: "
                    <code>
                        {move || format!(
                            "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic {} --partitions N",
                            pg.topic.get()
                        )}
                    </code>
                </p>
                <p id="alter-partitions-error" class="message message--error" role="alert"
                    data-testid="alter-partitions-error" hidden=move || error.with(|e| e.is_none())>
                    {move || error.get().unwrap_or_default()}
                </p>
                <div class="moves" role="status" data-testid="moved-keys" hidden=move || shown().is_none()>
                    <p>{move || shown().map(|m| m.summary).unwrap_or_default()}</p>
                    <ul class="moves__list" aria-label="Keys that moved"
                        hidden=move || shown().is_none_or(|m| m.keys.is_empty())>
                        {move || {
                            shown()
                                .map(|m| m.keys)
                                .unwrap_or_default()
                                .into_iter()
                                .map(|(key, from, to)| {
                                    let text = format!("{key}: partition {from} → {to}");
                                    view! { <li data-testid="moved-key" data-key=key>{text}</li> }
                                })
                                .collect_view()
                        }}
                    </ul>
                    <p data-testid="moved-more" hidden=move || shown().is_none_or(|m| m.more == 0)>
                        {move || shown().map(|m| format!("and {} more", m.more)).unwrap_or_default()}
                    </p>
                </div>
            </div>
        </details>
    }
}

/// The settings the retention form edits, as Kafka names them.
const RETENTION_CONFIGS: [&str; 3] = ["retention.ms", "retention.bytes", "cleanup.policy"];
/// `cleanup.policy` values (`TopicConfig.CLEANUP_POLICY_DOC`).
const CLEANUP_POLICIES: [&str; 3] = ["delete", "compact", "compact,delete"];

fn cleanup_policy(c: &TopicConfig) -> &'static str {
    match (c.compact, c.delete) {
        (true, true) => "compact,delete",
        (true, false) => "compact",
        (false, true) => "delete",
        (false, false) => "",
    }
}

/// The value in effect for one of `RETENTION_CONFIGS`.
fn config_value(c: &TopicConfig, name: &str) -> String {
    match name {
        "retention.ms" => c.retention_ms.to_string(),
        "retention.bytes" => c.retention_bytes.to_string(),
        _ => cleanup_policy(c).to_string(),
    }
}

/// What a value means, in words.
fn config_meaning(name: &str, value: &str) -> String {
    let number = value.trim().parse::<i64>().ok().filter(|n| *n >= -1);
    match (name, number) {
        ("retention.ms", Some(ms)) => describe_ms(ms),
        ("retention.bytes", Some(b)) if b < 0 => describe_bytes(b),
        ("retention.bytes", Some(b)) => format!("{} per partition", describe_bytes(b)),
        ("cleanup.policy", _) => match value {
            "delete" => "old records are deleted".into(),
            "compact" => "keeps the latest record of each key".into(),
            "compact,delete" => "compacted, and old records deleted".into(),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// The selected topic's settings now.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Current {
    topic: String,
    config: TopicConfig,
    /// Set with `--add-config` (the others are Kafka's defaults).
    explicit: Vec<String>,
}

/// Retention and compaction of the selected topic (`kafka-configs --alter --add-config`).
#[component]
pub fn TopicRetention() -> impl IntoView {
    let pg = use_playground();
    let current = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            let config = w.topic_config(&topic)?.clone();
            let explicit = w
                .topic_view(&topic)
                .map(|v| v.configs.into_iter().map(|(k, _)| k).collect())
                .unwrap_or_default();
            Some(Current {
                topic: topic.clone(),
                config,
                explicit,
            })
        })
    });
    let value = move |c: &Option<Current>, name: &str| {
        c.as_ref()
            .map(|c| config_value(&c.config, name))
            .unwrap_or_default()
    };
    let initial = current.get_untracked();
    let retention_ms = RwSignal::new(value(&initial, "retention.ms"));
    let retention_bytes = RwSignal::new(value(&initial, "retention.bytes"));
    let policy = RwSignal::new(value(&initial, "cleanup.policy"));
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    // The fields show the topic's values and follow them; another topic clears the messages.
    Effect::watch(
        move || current.get(),
        move |now, before, _| {
            retention_ms.set(value(now, "retention.ms"));
            retention_bytes.set(value(now, "retention.bytes"));
            policy.set(value(now, "cleanup.policy"));
            let topic =
                |c: Option<&Option<Current>>| c.and_then(|c| c.as_ref().map(|c| c.topic.clone()));
            if topic(Some(now)) != topic(before) {
                error.set(None);
                status.set(None);
            }
        },
        false,
    );

    let alter = move |set: Vec<(String, String)>, delete: Vec<String>, unchanged: &str| {
        let topic = pg.topic.get_untracked();
        if topic.is_empty() {
            error.set(Some("Create a topic first.".into()));
            status.set(None);
            return;
        }
        if set.is_empty() && delete.is_empty() {
            error.set(None);
            status.set(Some(unchanged.to_string()));
            return;
        }
        let cmd = Command::AlterTopicConfig {
            topic: topic.clone(),
            set,
            delete,
        };
        // ConfigCommand's words after --alter.
        status.set(
            pg.apply_or_show(cmd, error)
                .map(|_| format!("Completed updating config for topic {topic}.")),
        );
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let now = current.get_untracked();
        let typed = [
            ("retention.ms", retention_ms.get_untracked()),
            ("retention.bytes", retention_bytes.get_untracked()),
            ("cleanup.policy", policy.get_untracked()),
        ];
        // Only what changed becomes an explicit config, as a learner would type it.
        let set = typed
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.trim().to_string()))
            .filter(|(k, v)| value(&now, k) != *v)
            .collect();
        alter(
            set,
            Vec::new(),
            "Nothing to change: these are the topic's values already.",
        );
    };
    let use_defaults = move |_| {
        let delete = current.with_untracked(|c| {
            c.as_ref()
                .map(|c| {
                    RETENTION_CONFIGS
                        .iter()
                        .filter(|n| c.explicit.iter().any(|e| e == *n))
                        .map(|n| n.to_string())
                        .collect()
                })
                .unwrap_or_default()
        });
        alter(
            Vec::new(),
            delete,
            "retention.ms, retention.bytes and cleanup.policy are at their defaults already.",
        );
    };

    let now_list = move || {
        current.with(|c| {
            let Some(c) = c else {
                return Vec::new();
            };
            RETENTION_CONFIGS
                .iter()
                .map(|name| {
                    let v = config_value(&c.config, name);
                    let origin = if c.explicit.iter().any(|e| e == name) {
                        "set"
                    } else {
                        "default"
                    };
                    let note = format!("{origin}: {}", config_meaning(name, &v));
                    (format!("{name}={v}"), note)
                })
                .collect::<Vec<_>>()
        })
    };
    let meaning = move |name: &'static str, field: RwSignal<String>| {
        move || field.with(|v| config_meaning(name, v))
    };

    view! {
        <details class="controls" data-testid="retention-section">
            <summary class="controls__summary">
                {move || if pg.topic.with(String::is_empty) { "Retention and compaction (create a topic first)" } else { "Retention and compaction of " }}
                <code>{move || pg.topic.get()}</code>
            </summary>
            <div class="controls__body">
                <p class="panel__hint">
                    "Retention deletes the oldest records of each partition once they are older than retention.ms "
                    "or the partition is larger than retention.bytes (-1: no limit); the log-start offset moves up. "
                    "Compaction keeps only the latest record of each key."
                </p>
                <ul class="settings" data-testid="topic-config-current" aria-label="Current values">
                    {move || {
                        now_list()
                            .into_iter()
                            .map(|(pair, note)| view! {
                                <li><code>{pair}</code> " " <span class="settings__note">{note}</span></li>
                            })
                            .collect_view()
                    }}
                </ul>
                <form class="form" on:submit=on_submit novalidate>
                    <div class="field">
                        <label for="retention-ms">"retention.ms"</label>
                        <input id="retention-ms" data-testid="retention-ms" type="text" autocomplete="off"
                            aria-describedby="retention-ms-hint topic-config-error" bind:value=retention_ms />
                        <span class="field__hint" id="retention-ms-hint">{meaning("retention.ms", retention_ms)}</span>
                    </div>
                    <div class="field">
                        <label for="retention-bytes">"retention.bytes"</label>
                        <input id="retention-bytes" data-testid="retention-bytes" type="text" autocomplete="off"
                            aria-describedby="retention-bytes-hint topic-config-error" bind:value=retention_bytes />
                        <span class="field__hint" id="retention-bytes-hint">{meaning("retention.bytes", retention_bytes)}</span>
                    </div>
                    <div class="field">
                        <label for="cleanup-policy">"cleanup.policy"</label>
                        <select
                            id="cleanup-policy"
                            data-testid="cleanup-policy"
                            prop:value=move || policy.get()
                            on:change=move |ev| policy.set(event_target_value(&ev))
                        >
                            {CLEANUP_POLICIES
                                .into_iter()
                                .map(|p| view! {
                                    <option value=p selected=move || policy.with(|v| v == p)>{p}</option>
                                })
                                .collect_view()}
                        </select>
                        <span class="field__hint">{meaning("cleanup.policy", policy)}</span>
                    </div>
                    <div class="controls__actions">
                        <button type="submit" class="button" data-testid="topic-config-apply">"Apply"</button>
                        <button type="button" class="button" data-testid="topic-config-defaults" on:click=use_defaults>
                            "Back to defaults"
                        </button>
                    </div>
                </form>
                <p class="controls__console">
                    "In the console: "
                    <code>
                        {move || format!(
                            "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name {} --add-config retention.ms=60000",
                            pg.topic.get()
                        )}
                    </code>
                </p>
                <p id="topic-config-error" class="message message--error" role="alert"
                    data-testid="topic-config-error" hidden=move || error.with(|e| e.is_none())>
                    {move || error.get().unwrap_or_default()}
                </p>
                <p class="message message--ok" role="status" data-testid="topic-config-status"
                    hidden=move || status.with(|s| s.is_none())>
                    {move || status.get().unwrap_or_default()}
                </p>
            </div>
        </details>
    }
}
