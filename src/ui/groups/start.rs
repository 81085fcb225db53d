//! Starting a consumer from the page: the form, its failure fields, and what it reports.

use super::*;

/// "Start a consumer": group, topic, assignor and processing time → `JoinGroup`.
#[component]
pub(super) fn StartConsumer() -> impl IntoView {
    let pg = use_playground();
    let group = RwSignal::new(DEFAULT_GROUP.to_string());
    let chosen_topic = RwSignal::new(None::<String>);
    let strategy = RwSignal::new(Strategy::Classic(AssignorKind::Range));
    // A share group (KIP-932) instead of a consumer group.
    let share = RwSignal::new(false);
    let processing_us = RwSignal::new(0u64);
    let offset_reset = RwSignal::new(OffsetReset::Latest);
    let fail_key = RwSignal::new(String::new());
    let fail_percent = RwSignal::new(0u32);
    let max_attempts = RwSignal::new(Some(DEFAULT_MAX_ATTEMPTS));
    let backoff_ms = RwSignal::new(0u64);
    let dead_letter = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let started = RwSignal::new(None::<String>);

    let topics = Memo::new(move |_| pg.world.with(|w| w.topic_names()));
    // Follows the page's selected topic until the learner picks another one here.
    let topic = Memo::new(move |_| {
        topics.with(|ts| {
            let known = |t: &String| ts.contains(t);
            chosen_topic
                .get()
                .filter(known)
                .or_else(|| Some(pg.topic.get()).filter(known))
                .or_else(|| ts.first().cloned())
                .unwrap_or_default()
        })
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        started.set(None);
        // Not trimmed: the engine refuses a blank group id in Kafka's words.
        let group_name = group.get_untracked();
        let topic_name = topic.get_untracked();
        let key = fail_key.get_untracked();
        let mut config = ConsumerConfig {
            processing_us: processing_us.get_untracked(),
            auto_offset_reset: offset_reset.get_untracked(),
            fail_key: (!key.is_empty()).then_some(key),
            fail_percent: fail_percent.get_untracked(),
            max_attempts: max_attempts.get_untracked(),
            backoff_ms: backoff_ms.get_untracked(),
            dead_letter: dead_letter
                .get_untracked()
                .then(|| default_dead_letter_topic(&topic_name)),
            ..ConsumerConfig::default()
        };
        if share.get_untracked() {
            return start_share(pg, &group_name, &topic_name, &config, error, started);
        }
        strategy.get_untracked().apply(&mut config);
        if let Err(e) = config.validate_failures() {
            error.set(Some(e.to_string()));
            return;
        }
        // As `sim consumer start --dlt`: a missing dead-letter topic is created with as many
        // partitions as the topic, since the recoverer writes to the same partition number.
        let mut created = String::new();
        if let Some(dlt) = &config.dead_letter {
            let missing = pg.world.with_untracked(|w| {
                w.topic_view(dlt)
                    .is_none()
                    .then(|| w.partition_count(&topic_name))
                    .flatten()
            });
            if let Some(n) = missing {
                if let Err(e) = pg.apply(Command::CreateTopic(TopicSpec::new(dlt, n))) {
                    error.set(Some(e));
                    return;
                }
                created = format!("Created the dead-letter topic {dlt} ({n} partitions). ");
            }
        }
        let spec = MemberSpec {
            config,
            ..MemberSpec::new(&group_name, &[topic_name.as_str()])
        };
        if let Some(events) = pg.apply_or_show(Command::JoinGroup(spec), error) {
            started.set(Some(format!(
                "{created}{}",
                joined_message(&events, &group_name)
            )));
        }
    };
    let dlt_name = move || default_dead_letter_topic(&topic.get());

    view! {
        <form class="form groups__form" on:submit=on_submit novalidate aria-label="Start a consumer">
            <div class="field">
                <label for="groups-group">"Group name"</label>
                <input
                    id="groups-group"
                    data-testid="consumer-group"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="groups-error"
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    bind:value=group
                />
            </div>
            <div class="field">
                <label for="groups-topic">"Topic"</label>
                <select
                    id="groups-topic"
                    data-testid="consumer-topic"
                    prop:value=move || topic.get()
                    on:change=move |ev| chosen_topic.set(Some(event_target_value(&ev)))
                >
                    <TopicOptions selected=topic />
                </select>
            </div>
            <div class="field">
                <label for="groups-assignor">"Group protocol and assignor"</label>
                <select
                    id="groups-assignor"
                    data-testid="consumer-assignor"
                    aria-describedby="groups-assignor-hint"
                    prop:value=move || if share.get() { SHARE_VALUE.to_string() } else { strategy.get().value() }
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        share.set(v == SHARE_VALUE);
                        if let Some(s) = Strategy::parse(&v) {
                            strategy.set(s);
                        }
                    }
                >
                    {Strategy::all()
                        .map(|s| {
                            view! {
                                <option value=s.value() selected=move || strategy.get() == s>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                    <option value=SHARE_VALUE selected=move || share.get()>
                        "share group · simple (KIP-932): members share partitions"
                    </option>
                </select>
            </div>
            {preset_select("groups-offset-reset", "consumer-offset-reset", "Where to start (auto.offset.reset)", offset_reset, &OFFSET_RESET_PRESETS, |r| r.as_str().to_string(), offset_reset_label)}
            {preset_select("groups-processing", "consumer-processing", "Processing time per record", processing_us, &PROCESSING_PRESETS_US, |us| us.to_string(), processing_label)}
            <FailureFields fail_key fail_percent max_attempts backoff_ms dead_letter dlt_name />
            <button type="submit" class="button button--primary" data-testid="start-consumer">
                "Start consumer"
            </button>
            <p id="groups-assignor-hint" class="field__hint">
                "Classic protocol (Kafka 4.3's default, group.protocol=classic): the group leader's consumer assigns, "
                "with partition.assignment.strategy = [RangeAssignor, CooperativeStickyAssignor] by default, so range; "
                "all members must offer the same assignor. Consumer protocol (group.protocol=consumer, KIP-848): "
                "the broker assigns and members move one partition at a time while the rest keep consuming. "
                "auto.offset.reset applies only where the group has no committed offset: "
                "a group that committed before goes on from there. "
                "Share group (KIP-932): several members read one partition, each record goes to one of them "
                "and is acknowledged on its own; where to start is the group config share.auto.offset.reset, "
                "and a member that fails a record releases it for another delivery (at most 5)."
            </p>
        </form>
        <p id="groups-error" class="message message--error" role="alert" data-testid="consumer-error"
            hidden=move || error.with(|e| e.is_none())>
            {move || error.get().unwrap_or_default()}
        </p>
        <p class="message message--ok" role="status" data-testid="consumer-started"
            hidden=move || started.with(|s| s.is_none())>
            {move || started.get().unwrap_or_default()}
        </p>
    }
}

/// The "Processing failures" part of the start form: which records the consumer's listener
/// fails on, and Spring Kafka's `DefaultErrorHandler` settings.
#[component]
pub(super) fn FailureFields(
    fail_key: RwSignal<String>,
    fail_percent: RwSignal<u32>,
    max_attempts: RwSignal<Option<u32>>,
    backoff_ms: RwSignal<u64>,
    dead_letter: RwSignal<bool>,
    dlt_name: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let attempts_value = |n: Option<u32>| n.map_or("unlimited".to_string(), |n| n.to_string());
    view! {
        <details class="controls groups__failures" data-testid="consumer-failures">
            <summary class="controls__summary">"Processing failures"</summary>
            <div class="controls__body groups__failures-body">
                <p class="field__hint" id="groups-failures-hint">
                    "A failing record fails on every attempt. Spring Kafka's DefaultErrorHandler retries it "
                    "(10 attempts, no wait by default) while the consumer processes nothing else, then hands it "
                    "to a recoverer: the dead-letter topic, or else a log line, and the record is skipped. "
                    "Retrying forever stalls the consumer."
                </p>
                <div class="field">
                    <label for="groups-fail-key">"Poison key"</label>
                    <input
                        id="groups-fail-key"
                        data-testid="consumer-fail-key"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="none"
                        aria-describedby="groups-failures-hint"
                        bind:value=fail_key
                    />
                </div>
                {preset_select("groups-fail-percent", "consumer-fail-percent", "Records that fail", fail_percent, &FAIL_PERCENT_PRESETS, |p| p.to_string(), percent_label)}
                {preset_select("groups-attempts", "consumer-attempts", "Attempts per record", max_attempts, &ATTEMPT_PRESETS, attempts_value, attempts_label)}
                {preset_select("groups-backoff", "consumer-backoff", "Back-off between attempts", backoff_ms, &BACKOFF_PRESETS_MS, |ms| ms.to_string(), backoff_label)}
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="consumer-dlt"
                        prop:checked=move || dead_letter.get()
                        on:change=move |ev| dead_letter.set(event_target_checked(&ev))
                    />
                    "Then send it to the dead-letter topic "
                    <code>{dlt_name}</code>
                </label>
            </div>
        </details>
    }
}

/// The two choices a learner needs; `none` (fail without a committed offset) stays in the console.
const OFFSET_RESET_PRESETS: [OffsetReset; 2] = [OffsetReset::Latest, OffsetReset::Earliest];

fn offset_reset_label(r: OffsetReset) -> String {
    match r {
        OffsetReset::Earliest => "earliest: read what is already in the topic".into(),
        OffsetReset::Latest => "latest (Kafka's default): only records written from now on".into(),
        OffsetReset::None => "none: fail without a committed offset".into(),
    }
}

/// The select's value for a share group.
const SHARE_VALUE: &str = "share";

/// Starts a share consumer with the form's settings: a failing record is released (explicit
/// acknowledgement) so it is delivered again, up to the delivery limit; "earliest" sets the
/// group config `share.auto.offset.reset` before the first member joins.
fn start_share(
    pg: crate::ui::state::Playground,
    group: &str,
    topic: &str,
    config: &ConsumerConfig,
    error: RwSignal<Option<String>>,
    started: RwSignal<Option<String>>,
) {
    let fails = config.fails_records();
    let share_config = ShareConsumerConfig {
        processing_us: config.processing_us,
        fail_key: config.fail_key.clone(),
        fail_percent: config.fail_percent,
        ack_mode: if fails {
            AckMode::Explicit
        } else {
            AckMode::Implicit
        },
        ..ShareConsumerConfig::default()
    };
    let new_group = pg.world.with_untracked(|w| w.share_group(group).is_none());
    let earliest = config.auto_offset_reset == OffsetReset::Earliest;
    if new_group && earliest {
        let cmd = Command::AlterGroupConfig {
            group: group.to_string(),
            set: vec![("share.auto.offset.reset".into(), "earliest".into())],
            delete: vec![],
        };
        if pg.apply_or_show(cmd, error).is_none() {
            return;
        }
    }
    let spec = ShareMemberSpec {
        config: share_config,
        ..ShareMemberSpec::new(group, &[topic])
    };
    if let Some(events) = pg.apply_or_show(Command::JoinShareGroup(spec), error) {
        let client = events.iter().find_map(|e| match &e.kind {
            EventKind::MemberJoined { client_id, .. } => Some(client_id.clone()),
            _ => None,
        });
        started.set(Some(format!(
            "Started {} in share group {group}. It reads its partitions together with the other members at its next heartbeat.",
            client.unwrap_or_else(|| "a share consumer".into())
        )));
    }
}

pub(super) fn joined_message(events: &[Event], group: &str) -> String {
    let client = events.iter().find_map(|e| match &e.kind {
        EventKind::MemberJoined { client_id, .. } => Some(client_id.clone()),
        _ => None,
    });
    let consumer_protocol = events
        .iter()
        .any(|e| matches!(e.kind, EventKind::GroupEpochBumped { .. }));
    match client {
        Some(c) if consumer_protocol => format!(
            "Started {c} in group {group}. It takes partitions as the other members release them, one heartbeat at a time."
        ),
        Some(c) => format!(
            "Started {c} in group {group}. It gets partitions when the group finishes rebalancing."
        ),
        None => format!("Started a consumer in group {group}."),
    }
}
