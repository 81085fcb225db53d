//! "Produce a record": key, value and an optional explicit partition, sent to the selected
//! topic. Enter in any field sends. The status line says where the record landed and why.
//! Below it: the producer's counters, a load generator and the producer's settings
//! (`acks`, `retries`, `enable.idempotence`, the partitioner).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::load::LoadGenerator;
use super::state::{show_error, use_playground, Produced, TopicOptions};
use crate::engine::{
    Acks, Command, PartitionerKind, ProducerConfig, ProducerView, DEFAULT_PRODUCER,
};

/// The `<select>` value meaning "let the partitioner choose".
const AUTO: &str = "auto";

#[component]
pub fn Producer() -> impl IntoView {
    let pg = use_playground();
    let key = RwSignal::new("user-42".to_string());
    let value = RwSignal::new(r#"{"amount":3}"#.to_string());
    let partition = RwSignal::new(AUTO.to_string());
    let error = RwSignal::new(None::<String>);

    let partition_count = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| w.partition_count(&topic)).unwrap_or(0)
    });
    // A partition picked for another topic may not exist here: fall back to the partitioner.
    Effect::new(move |_| {
        let n = partition_count.get();
        let keep = partition.with_untracked(|p| p == AUTO || p.parse::<u32>().is_ok_and(|p| p < n));
        if !keep {
            partition.set(AUTO.to_string());
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let key_text = key.get_untracked();
        // An empty field means "no key" (null); Kafka would hash an empty key, a null key it does not.
        let key_opt = (!key_text.is_empty()).then_some(key_text);
        let explicit = partition.with_untracked(|p| p.parse::<u32>().ok());
        show_error(error, pg.produce(key_opt, value.get_untracked(), explicit));
    };

    view! {
        <section class="panel" aria-labelledby="producer-title">
            <h2 id="producer-title" class="panel__title">"Produce"</h2>
            <p class="panel__hint" id="produce-key-hint">
                "The key picks the partition: the same key always lands in the same partition. "
                "Leave the key empty to send a record without a key."
            </p>
            <form class="form" on:submit=on_submit>
                <div class="field field--grow">
                    <label for="produce-topic">"Topic"</label>
                    <select
                        id="produce-topic"
                        data-testid="produce-topic"
                        prop:value=move || pg.topic.get()
                        on:change=move |ev| pg.topic.set(event_target_value(&ev))
                    >
                        <TopicOptions selected=pg.topic />
                    </select>
                </div>
                <div class="field field--narrow">
                    <label for="produce-partition">"Partition"</label>
                    <select
                        id="produce-partition"
                        data-testid="produce-partition"
                        prop:value=move || partition.get()
                        on:change=move |ev| partition.set(event_target_value(&ev))
                    >
                        <option value=AUTO>"Auto"</option>
                        {move || {
                            (0..partition_count.get())
                                .map(|p| view! { <option value=p.to_string()>{p}</option> })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field field--grow">
                    <label for="produce-key">"Key"</label>
                    <input
                        id="produce-key"
                        data-testid="produce-key"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="produce-key-hint"
                        bind:value=key
                    />
                </div>
                <div class="field field--wide">
                    <label for="produce-value">"Value"</label>
                    <input
                        id="produce-value"
                        data-testid="produce-value"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        bind:value=value
                    />
                </div>
                <button type="submit" class="button button--primary" data-testid="produce">
                    "Produce"
                </button>
            </form>
            <p class="message message--error" role="alert" data-testid="produce-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <LastProduced />
            <ProducerCounters />
            <LoadGenerator />
            <ProducerSettings />
        </section>
    }
}

/// "Record key=user-42 → partition 3, offset 7", and why it went there.
#[component]
pub fn LastProduced() -> impl IntoView {
    let pg = use_playground();
    let line = move || pg.last.with(|l| l.as_ref().map(status_line));
    let why = move || pg.last.with(|l| l.as_ref().map(explanation));
    view! {
        <div class="last" role="status" aria-live="polite">
            <p class="last__line" data-testid="last-produced">
                {move || line().unwrap_or_else(|| "Nothing produced yet: press Produce or Enter.".into())}
            </p>
            <p class="last__why" data-testid="last-why" hidden=move || why().is_none()>
                {move || why().unwrap_or_default()}
            </p>
        </div>
    }
}

fn status_line(p: &Produced) -> String {
    match &p.key {
        Some(k) => format!(
            "Record key={k} → partition {}, offset {}",
            p.partition, p.offset
        ),
        None => format!(
            "Record without key → partition {}, offset {}",
            p.partition, p.offset
        ),
    }
}

fn explanation(p: &Produced) -> String {
    match (&p.key, p.explicit_partition) {
        (_, true) => "You chose the partition, so the partitioner was not asked.".into(),
        (Some(k), false) => format!(
            "toPositive(murmur2(\"{k}\")) % {} = {}: Kafka's default partitioner hashes the key.",
            p.partitions, p.partition
        ),
        (None, false) => {
            "No key: the sticky partitioner fills one partition's batch before moving on.".into()
        }
    }
}

/// One counter of `producer_view`: its name, how to read it, what it counts.
type Counter = (&'static str, fn(&ProducerView) -> u64, &'static str);

const COUNTERS: [Counter; 7] = [
    ("sent", |v| v.sent, "records the producer wrote"),
    (
        "acknowledged",
        |v| v.acknowledged,
        "sends the broker confirmed",
    ),
    (
        "failed",
        |v| v.failed,
        "sends given up on, as far as the producer knows",
    ),
    (
        "duplicated",
        |v| v.duplicated,
        "extra copies written by retries",
    ),
    (
        "retried",
        |v| v.retried,
        "sends tried again after a lost acknowledgement",
    ),
    (
        "awaiting",
        |v| v.awaiting,
        "acks=all records on the leader, waiting for every in-sync replica",
    ),
    (
        "lost",
        |v| v.lost,
        "acknowledged records later cut off by a leader change",
    ),
];

/// What the page's producer has done so far (records and loads alike).
#[component]
pub fn ProducerCounters() -> impl IntoView {
    let pg = use_playground();
    let counters = Memo::new(move |_| pg.world.with(|w| w.producer_view(DEFAULT_PRODUCER)));
    view! {
        <div class="counters" data-testid="producer-counters">
            <h3 class="controls__title">"Counters of " <code>{DEFAULT_PRODUCER}</code></h3>
            <dl class="counters__list">
                {COUNTERS
                    .into_iter()
                    .map(|(name, read, meaning)| view! {
                        <div class="counters__item" title=meaning>
                            <dt>{name}</dt>
                            <dd data-testid=format!("producer-{name}")>{move || counters.with(read)}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
            <p class="field__hint">
                {COUNTERS.iter().map(|(name, _, meaning)| format!("{name}: {meaning}")).collect::<Vec<_>>().join(" · ")}
                "."
            </p>
            <LoseAck />
        </div>
    }
}

/// "Lose next acknowledgement" (`LoseAcks`, as `sim lose-acks`): the broker writes the next
/// record but its reply never reaches the producer, which retries. With idempotence the broker
/// drops the copy by producer id and sequence number; without it, the record is written twice.
#[component]
fn LoseAck() -> impl IntoView {
    let pg = use_playground();
    let pending = Memo::new(move |_| {
        pg.world
            .with(|w| w.producer_view(DEFAULT_PRODUCER).pending_lost_acks)
    });
    let idempotent = Memo::new(move |_| {
        pg.world
            .with(|w| w.producer_config(DEFAULT_PRODUCER).idempotent())
    });
    let error = RwSignal::new(None::<String>);
    let lose = move |_| {
        let cmd = Command::LoseAcks {
            producer: DEFAULT_PRODUCER.into(),
            count: 1,
        };
        pg.apply_or_show(cmd, error);
    };
    let status = move || {
        match pending.get() {
        0 => String::new(),
        1 => format!("The next acknowledgement to {DEFAULT_PRODUCER} will be lost. Produce a record to see the retry."),
        n => format!("The next {n} acknowledgements to {DEFAULT_PRODUCER} will be lost. Produce records to see the retries."),
    }
    };
    view! {
        <div class="lose-ack">
            <button
                type="button"
                class="button"
                data-testid="lose-ack"
                aria-describedby="lose-ack-hint"
                on:click=lose
            >
                "Lose next acknowledgement"
            </button>
            <p class="field__hint" id="lose-ack-hint">
                "The broker writes the next record, but its reply is lost, so the producer sends it again. "
                {move || {
                    if idempotent.get() {
                        "Idempotence is on now: the broker recognises the retry and keeps one copy. Turn it off (e.g. acks=1) to see the duplicate."
                    } else {
                        "Idempotence is off now: the retry writes the record a second time (a duplicate)."
                    }
                }}
            </p>
            <p class="message message--ok" role="status" data-testid="lose-ack-status">{status}</p>
            <p class="message message--error" role="alert" data-testid="lose-ack-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}

/// The partitioner choices `ProducerConfig` offers: `partitioner.class` and `partitioner.ignore.keys`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PartitionerChoice {
    BuiltIn,
    IgnoreKeys,
    RoundRobin,
}

impl PartitionerChoice {
    const ALL: [PartitionerChoice; 3] = [
        PartitionerChoice::BuiltIn,
        PartitionerChoice::IgnoreKeys,
        PartitionerChoice::RoundRobin,
    ];

    fn of(c: &ProducerConfig) -> Self {
        match (c.partitioner, c.ignore_keys) {
            (PartitionerKind::RoundRobin, _) => PartitionerChoice::RoundRobin,
            (PartitionerKind::BuiltIn, true) => PartitionerChoice::IgnoreKeys,
            (PartitionerKind::BuiltIn, false) => PartitionerChoice::BuiltIn,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            PartitionerChoice::BuiltIn => "built-in",
            PartitionerChoice::IgnoreKeys => "ignore-keys",
            PartitionerChoice::RoundRobin => "round-robin",
        }
    }

    fn label(self) -> &'static str {
        match self {
            PartitionerChoice::BuiltIn => "built-in (default)",
            PartitionerChoice::IgnoreKeys => "built-in, partitioner.ignore.keys=true",
            PartitionerChoice::RoundRobin => "RoundRobinPartitioner",
        }
    }

    fn explain(self) -> &'static str {
        match self {
            PartitionerChoice::BuiltIn => "A key goes to toPositive(murmur2(key)) % partitions; a record without a key sticks to one partition for a batch.",
            PartitionerChoice::IgnoreKeys => "Keys are not hashed: every record is placed as if it had no key (sticky), so one key spreads over partitions.",
            PartitionerChoice::RoundRobin => "partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner: each record goes to the next partition, key or not.",
        }
    }

    fn apply(self, c: &mut ProducerConfig) {
        (c.partitioner, c.ignore_keys) = match self {
            PartitionerChoice::BuiltIn => (PartitionerKind::BuiltIn, false),
            PartitionerChoice::IgnoreKeys => (PartitionerKind::BuiltIn, true),
            PartitionerChoice::RoundRobin => (PartitionerKind::RoundRobin, false),
        };
    }
}

/// `enable.idempotence` as the form holds it: `None` leaves Kafka's default.
fn idempotence_str(v: Option<bool>) -> &'static str {
    match v {
        None => "default",
        Some(true) => "true",
        Some(false) => "false",
    }
}

/// The settings the form describes, on top of the producer's other settings (`batch.size`…).
/// Values go through `ProducerConfig::set`, so a bad one is refused in Kafka's words.
fn draft(
    mut c: ProducerConfig,
    acks: Acks,
    retries: &str,
    idempotence: Option<bool>,
    partitioner: PartitionerChoice,
) -> Result<ProducerConfig, String> {
    c.acks = acks;
    c.set("retries", retries)
        .map_err(|e| format!("{e}. Enter a whole number from 0 to 2147483647."))?;
    c.enable_idempotence = idempotence;
    partitioner.apply(&mut c);
    Ok(c)
}

/// Why idempotence is on or off with these settings, or Kafka's refusal.
fn idempotence_note(c: &ProducerConfig) -> String {
    if let Err(e) = c.validate() {
        return format!("Kafka refuses this: {e}");
    }
    match (c.enable_idempotence, c.idempotent()) {
        (_, true) => "Idempotence on: a retried send is written once; the broker drops the copy by producer id and sequence number.".into(),
        (None, false) => format!(
            "Idempotence off: left at its default, enable.idempotence turns itself off with {}. A retry can write a duplicate.",
            conflict(c)
        ),
        (Some(_), false) => "Idempotence off: a retry after a lost acknowledgement writes the record again (a duplicate).".into(),
    }
}

/// The setting that keeps the default idempotence off (`postProcessAndValidateIdempotenceConfigs`).
fn conflict(c: &ProducerConfig) -> String {
    if c.acks != Acks::All {
        format!("acks={}", c.acks.as_str())
    } else {
        "retries=0".into()
    }
}

/// The producer's settings now, as `name=value` pairs.
fn current_settings(c: &ProducerConfig) -> String {
    let idempotence = match c.enable_idempotence {
        Some(v) => format!("enable.idempotence={v}"),
        None if c.idempotent() => "enable.idempotence=true (default)".into(),
        None => format!(
            "enable.idempotence=false (default, off because of {})",
            conflict(c)
        ),
    };
    let mut parts = vec![
        format!("acks={}", c.acks.as_str()),
        format!("retries={}", c.retries),
        idempotence,
        format!("partitioner.class={}", c.partitioner.class_name()),
    ];
    if c.ignore_keys {
        parts.push("partitioner.ignore.keys=true".into());
    }
    parts.join(" · ")
}

/// The page producer's settings (`SetProducerConfig`), named as Kafka's `ProducerConfig` names them.
#[component]
pub fn ProducerSettings() -> impl IntoView {
    let pg = use_playground();
    let config = Memo::new(move |_| pg.world.with(|w| w.producer_config(DEFAULT_PRODUCER)));
    let initial = config.get_untracked();
    let acks = RwSignal::new(initial.acks);
    let retries = RwSignal::new(initial.retries.to_string());
    let idempotence = RwSignal::new(initial.enable_idempotence);
    let partitioner = RwSignal::new(PartitionerChoice::of(&initial));
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    // The fields follow the producer when something else (a lesson, the console) changes it.
    Effect::watch(
        move || config.get(),
        move |c, _, _| {
            acks.set(c.acks);
            retries.set(c.retries.to_string());
            idempotence.set(c.enable_idempotence);
            partitioner.set(PartitionerChoice::of(c));
        },
        false,
    );
    let note = move || {
        draft(
            config.get(),
            acks.get(),
            &retries.get(),
            idempotence.get(),
            partitioner.get(),
        )
        .map(|c| idempotence_note(&c))
        .unwrap_or_default()
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        status.set(None);
        let result = draft(
            config.get_untracked(),
            acks.get_untracked(),
            &retries.get_untracked(),
            idempotence.get_untracked(),
            partitioner.get_untracked(),
        )
        .and_then(|config| {
            pg.apply(Command::SetProducerConfig {
                producer: DEFAULT_PRODUCER.into(),
                config,
            })
        });
        if show_error(error, result).is_some() {
            status.set(Some(format!(
                "{DEFAULT_PRODUCER} sends with these settings from now on."
            )));
        }
    };

    view! {
        <details class="controls" data-testid="producer-settings">
            <summary class="controls__summary">"Producer settings"</summary>
            <div class="controls__body">
                <p class="panel__hint">
                    "Settings of " <code>{DEFAULT_PRODUCER}</code>
                    ", which sends this page's records and loads. Kafka's rule (ProducerConfig): "
                    <code>"enable.idempotence=true"</code> " needs " <code>"acks=all"</code> " and "
                    <code>"retries"</code> " above 0."
                </p>
                <p class="controls__now" data-testid="producer-current">
                    "Now: " {move || config.with(current_settings)}
                </p>
                <form class="form" on:submit=on_submit novalidate>
                    <fieldset class="controls__group">
                        <legend>"acks"</legend>
                        <div class="choices">
                            {[Acks::Zero, Acks::One, Acks::All]
                                .into_iter()
                                .map(|a| view! {
                                    <label class="choice">
                                        <input
                                            type="radio"
                                            name="producer-acks"
                                            value=a.as_str()
                                            data-testid=format!("acks-{}", a.as_str())
                                            prop:checked=move || acks.get() == a
                                            on:change=move |_| acks.set(a)
                                        />
                                        <code>{format!("acks={}", a.as_str())}</code>
                                    </label>
                                })
                                .collect_view()}
                        </div>
                        <p class="field__hint">
                            "0: never waits for the broker and never retries. 1: the leader wrote it. all: every in-sync replica has it."
                        </p>
                    </fieldset>
                    <div class="field field--narrow">
                        <label for="producer-retries">"retries"</label>
                        <input id="producer-retries" data-testid="producer-retries" type="text"
                            inputmode="numeric" autocomplete="off" aria-describedby="producer-settings-error"
                            bind:value=retries />
                    </div>
                    <div class="field">
                        <label for="producer-idempotence">"enable.idempotence"</label>
                        <select
                            id="producer-idempotence"
                            data-testid="producer-idempotence"
                            prop:value=move || idempotence_str(idempotence.get())
                            on:change=move |ev| {
                                idempotence.set(match event_target_value(&ev).as_str() {
                                    "true" => Some(true),
                                    "false" => Some(false),
                                    _ => None,
                                })
                            }
                        >
                            {[None, Some(true), Some(false)]
                                .into_iter()
                                .map(|v| {
                                    let label = match v {
                                        None => "default",
                                        Some(true) => "true",
                                        Some(false) => "false",
                                    };
                                    view! {
                                        <option value=idempotence_str(v) selected=move || idempotence.get() == v>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field field--wide">
                        <label for="producer-partitioner">"Partitioner"</label>
                        <select
                            id="producer-partitioner"
                            data-testid="producer-partitioner"
                            aria-describedby="producer-partitioner-hint"
                            prop:value=move || partitioner.get().as_str()
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(p) = PartitionerChoice::ALL.into_iter().find(|p| p.as_str() == v) {
                                    partitioner.set(p);
                                }
                            }
                        >
                            {PartitionerChoice::ALL
                                .into_iter()
                                .map(|p| view! {
                                    <option value=p.as_str() selected=move || partitioner.get() == p>{p.label()}</option>
                                })
                                .collect_view()}
                        </select>
                        <span class="field__hint" id="producer-partitioner-hint">
                            {move || partitioner.get().explain()}
                        </span>
                    </div>
                    <p class="controls__rule field--wide" data-testid="idempotence-note" hidden=move || note().is_empty()>
                        {note}
                    </p>
                    <button type="submit" class="button" data-testid="producer-apply">"Apply settings"</button>
                </form>
                <p id="producer-settings-error" class="message message--error" role="alert"
                    data-testid="producer-settings-error" hidden=move || error.with(|e| e.is_none())>
                    {move || error.get().unwrap_or_default()}
                </p>
                <p class="message message--ok" role="status" data-testid="producer-settings-status"
                    hidden=move || status.with(|s| s.is_none())>
                    {move || status.get().unwrap_or_default()}
                </p>
            </div>
        </details>
    }
}
