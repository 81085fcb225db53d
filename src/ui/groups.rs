//! Consumer groups: start, stop and crash consumers, switch the assignor, and watch each group
//! rebalance, share out partitions and fall behind (lag), as Kafka's group coordinator
//! (`ClassicGroup`) and consumer (`ConsumerCoordinator`) run it.
//!
//! Consumers start as `sim consumer start` starts them: no member id and the default client id,
//! so the engine names them as `KafkaConsumer` does (`consumer-<group>-<n>`, member id
//! `<client.id>-<uuid>`) and the console's `sim consumer stop|crash ID` finds the same members.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::state::{use_playground, TopicOptions};
use super::text::plural;
use crate::engine::config::{default_dead_letter_topic, DEFAULT_MAX_ATTEMPTS};
use crate::engine::{
    AssignorKind, Command, ConsumerConfig, Event, EventKind, FailureView, GroupState, GroupView,
    MemberSpec, MemberStatusView, MemberView, TopicPartition, TopicSpec,
};

/// The group name the form starts with.
pub const DEFAULT_GROUP: &str = "orders-app";

/// Processing times per record offered by the speed controls, in microseconds.
const PROCESSING_PRESETS_US: [u64; 6] = [0, 1_000, 10_000, 50_000, 100_000, 1_000_000];
/// Shares of records that fail, in percent.
const FAIL_PERCENT_PRESETS: [u32; 7] = [0, 1, 5, 10, 25, 50, 100];
/// Delivery attempts per record; `None` retries forever.
const ATTEMPT_PRESETS: [Option<u32>; 4] = [Some(1), Some(3), Some(DEFAULT_MAX_ATTEMPTS), None];
/// Back-offs between attempts, in milliseconds.
const BACKOFF_PRESETS_MS: [u64; 5] = [0, 100, 1_000, 5_000, 30_000];

/// A fresh id for `<label for>`: group names may hold any printable character, so ids are not
/// derived from them.
fn dom_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// "10 ms", "2.5 ms", "1 s", "instant".
pub fn processing_label(us: u64) -> String {
    let rate = |per_sec: u64| match per_sec {
        0 => String::new(),
        1 => " · 1 record/s".to_string(),
        r => format!(" · {r} records/s"),
    };
    match us {
        0 => "instant (no limit)".into(),
        us if us % 1_000_000 == 0 => format!("{} s{}", us / 1_000_000, rate(1_000_000 / us)),
        us if us % 1_000 == 0 => format!("{} ms{}", us / 1_000, rate(1_000_000 / us)),
        us => format!("{} ms", us as f64 / 1000.0),
    }
}

/// "10 attempts (Spring's default)", "retry forever".
fn attempts_label(n: Option<u32>) -> String {
    match n {
        None => "unlimited: retry forever".into(),
        Some(DEFAULT_MAX_ATTEMPTS) => format!("{DEFAULT_MAX_ATTEMPTS} (Spring's default)"),
        Some(1) => "1: no retry".into(),
        Some(n) => n.to_string(),
    }
}

/// "none (Spring's default)", "1 s".
fn backoff_label(ms: u64) -> String {
    match ms {
        0 => "none (Spring's default)".into(),
        ms if ms % 1_000 == 0 => format!("{} s", ms / 1_000),
        ms => format!("{ms} ms"),
    }
}

/// "none", "5%".
fn percent_label(p: u32) -> String {
    if p == 0 {
        "none".to_string()
    } else {
        format!("{p}%")
    }
}

/// A labelled `<select>` over fixed presets, bound to `signal`: `value` gives each option's
/// value attribute, `text` what it shows.
fn preset_select<T>(
    id: &'static str,
    testid: &'static str,
    label: &'static str,
    signal: RwSignal<T>,
    presets: &'static [T],
    value: fn(T) -> String,
    text: fn(T) -> String,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                data-testid=testid
                prop:value=move || value(signal.get())
                on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(&p) = presets.iter().find(|&&p| value(p) == chosen) {
                        signal.set(p);
                    }
                }
            >
                {presets
                    .iter()
                    .map(|&p| {
                        view! {
                            <option value=value(p) selected=move || signal.get() == p>
                                {text(p)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// What a member fails on and what it does about it, in a line.
fn failure_rule_text(f: &FailureView) -> String {
    let mut what = Vec::new();
    if let Some(k) = &f.fail_key {
        what.push(format!("key '{k}'"));
    }
    if f.fail_percent > 0 {
        what.push(format!("{}% of records", f.fail_percent));
    }
    let tries = match f.max_attempts {
        None => "retries forever".to_string(),
        Some(1) => "1 attempt".to_string(),
        Some(n) => format!("{n} attempts"),
    };
    let wait = match f.backoff_ms {
        0 => String::new(),
        ms => format!(", {} apart", backoff_label(ms)),
    };
    let then = match (&f.max_attempts, &f.dead_letter) {
        (None, _) => String::new(),
        (Some(_), Some(d)) => format!(", then {d}"),
        (Some(_), None) => ", then logged and skipped".to_string(),
    };
    format!("Fails on {}: {tries}{wait}{then}", what.join(" and "))
}

/// The badge of a member retrying a record: "stalled on offset 3 (orders-0)" when retrying
/// cannot get it past the record, else "retrying offset 3 (orders-0), attempt 2 of 10".
fn retry_badge(f: &FailureView) -> Option<(String, bool)> {
    let r = f.retrying.as_ref()?;
    let text = if r.stalled {
        format!("stalled on offset {} ({})", r.offset, r.partition)
    } else {
        let of = f.max_attempts.map_or(String::new(), |n| format!(" of {n}"));
        format!(
            "retrying offset {} ({}), attempt {}{of}",
            r.offset,
            r.partition,
            r.attempts + 1
        )
    };
    Some((text, r.stalled))
}

/// Kafka's state name with what it means for the learner.
fn state_text(state: GroupState) -> &'static str {
    match state {
        GroupState::Stable => "Consuming",
        GroupState::PreparingRebalance => "Rebalancing: waiting for members to rejoin",
        GroupState::CompletingRebalance => "Rebalancing: waiting for the assignment",
        GroupState::Empty => "No members; committed offsets are kept",
        GroupState::Dead => "Deleted",
    }
}

fn state_modifier(state: GroupState) -> &'static str {
    match state {
        GroupState::Stable => "groups__state groups__state--stable",
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => {
            "groups__state groups__state--rebalancing"
        }
        GroupState::Empty | GroupState::Dead => "groups__state groups__state--empty",
    }
}

/// The member the group's settings are read from: the first one in the group protocol
/// (`assign()`ed consumers share no subscription), preferring a running one.
fn first_protocol_member(g: &GroupView) -> Option<&MemberView> {
    let mut protocol = g.members.iter().filter(|m| !m.manual);
    let first = protocol.clone().next();
    protocol
        .find(|m| m.status == MemberStatusView::Active)
        .or(first)
}

/// How a member is named on buttons: its client id, unless the member id was chosen by hand
/// (then the member id, which is unique in the group).
fn member_label(m: &MemberView) -> String {
    if m.member_id.starts_with(&m.client_id) {
        m.client_id.clone()
    } else {
        m.member_id.clone()
    }
}

/// `consumer-orders-app-1-1f3a9c2e-…` → `1f3a9c2e…`: the coordinator's suffix, shortened.
fn short_member_id(m: &MemberView) -> String {
    let suffix = m
        .member_id
        .strip_prefix(&m.client_id)
        .and_then(|s| s.strip_prefix('-'))
        .unwrap_or(&m.member_id);
    let mut short: String = suffix.chars().take(8).collect();
    if short.len() < suffix.len() {
        short.push('…');
    }
    short
}

fn status_text(m: &MemberView) -> &'static str {
    match (m.status, m.manual) {
        // An idle member is in the group but reads nothing: say only that (its badge shows it).
        (MemberStatusView::Active, false) if m.idle => "in the group, no partition to read",
        (MemberStatusView::Active, false) => "active",
        (MemberStatusView::Active, true) => "active, assign(): outside the group protocol",
        (MemberStatusView::Crashed, _) => "crashed: the group waits for its session to time out",
        (MemberStatusView::Stopped, _) => "stopped static member: kept until its session times out",
    }
}

/// Lag summed over the partitions with a committed offset: what the rows of
/// `kafka-consumer-groups --describe` add up to.
fn committed_lag(g: &GroupView) -> u64 {
    g.partitions
        .iter()
        .filter(|p| p.committed.is_some())
        .map(|p| p.lag)
        .sum()
}

/// What the live region says when a group finishes a rebalance.
fn rebalance_message(g: &GroupView) -> String {
    let members = g.members.iter().filter(|m| !m.manual).count();
    if g.state == GroupState::Empty || members == 0 {
        return format!(
            "Group {} is empty: generation {}, no members.",
            g.name, g.generation
        );
    }
    let idle = g.idle_members();
    let idle = if idle > 0 {
        format!(", {idle} idle")
    } else {
        String::new()
    };
    format!(
        "Group {} rebalanced: generation {}, {}{idle}.",
        g.name,
        g.generation,
        plural(members, "member")
    )
}

/// The generations last seen, and what was announced about them.
#[derive(Clone, Debug, PartialEq, Default)]
struct Announcement {
    generations: BTreeMap<String, i32>,
    message: String,
}

/// The consumer-groups panel: a form to start consumers and one card per group.
#[component]
pub fn GroupsPanel() -> impl IntoView {
    let pg = use_playground();
    // One snapshot per group per world change; cards and rows derive from it.
    let groups = Memo::new(move |_| {
        pg.world.with(|w| {
            w.group_names()
                .iter()
                .filter_map(|n| w.group_view(n))
                .collect::<Vec<_>>()
        })
    });
    let names =
        Memo::new(move |_| groups.with(|gs| gs.iter().map(|g| g.name.clone()).collect::<Vec<_>>()));
    // A new generation means a rebalance completed (or the group emptied): say so once.
    let announcement = Memo::new(move |prev: Option<&Announcement>| {
        groups.with(|gs| {
            let generations: BTreeMap<String, i32> =
                gs.iter().map(|g| (g.name.clone(), g.generation)).collect();
            let Some(prev) = prev else {
                return Announcement {
                    generations,
                    message: String::new(),
                };
            };
            let news: Vec<String> = gs
                .iter()
                .filter(|g| match prev.generations.get(&g.name) {
                    Some(old) => *old != g.generation,
                    None => g.generation > 0,
                })
                .map(rebalance_message)
                .collect();
            let message = if news.is_empty() {
                prev.message.clone()
            } else {
                news.join(" ")
            };
            Announcement {
                generations,
                message,
            }
        })
    });

    view! {
        <section class="panel groups" aria-labelledby="groups-title" data-testid="groups-panel">
            <h2 id="groups-title" class="panel__title">"Consumer groups"</h2>
            <p class="panel__hint">
                "Consumers with the same group name share a topic's partitions: each partition is read by "
                "one member of the group at a time. A member joining, leaving or crashing makes the group "
                "rebalance, and every rebalance starts a new generation."
            </p>
            <p class="panel__hint">
                <strong>"Stop"</strong> " is a clean shutdown: the consumer commits and sends LeaveGroup, "
                "so the group rebalances at once. " <strong>"Crash"</strong> " kills the process: no commit, "
                "no goodbye; the group only notices when its session times out (session.timeout.ms, 45 s by default)."
            </p>
            <StartConsumer />
            <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"
                data-testid="groups-announcer">
                {move || announcement.with(|a| a.message.clone())}
            </p>
            <Show when=move || names.with(Vec::is_empty)>
                <p class="groups__empty" data-testid="groups-empty">
                    "No consumer groups yet. Start a consumer to create one."
                </p>
            </Show>
            <ul class="groups__list" aria-label="Consumer groups">
                <For
                    each=move || names.get()
                    key=|n| n.clone()
                    children=move |name| view! { <GroupCard name groups /> }
                />
            </ul>
        </section>
    }
}

/// "Start a consumer": group, topic, assignor and processing time → `JoinGroup`.
#[component]
fn StartConsumer() -> impl IntoView {
    let pg = use_playground();
    let group = RwSignal::new(DEFAULT_GROUP.to_string());
    let chosen_topic = RwSignal::new(None::<String>);
    let assignor = RwSignal::new(AssignorKind::Range);
    let processing_us = RwSignal::new(0u64);
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
        let config = ConsumerConfig {
            assignor: assignor.get_untracked(),
            processing_us: processing_us.get_untracked(),
            fail_key: (!key.is_empty()).then_some(key),
            fail_percent: fail_percent.get_untracked(),
            max_attempts: max_attempts.get_untracked(),
            backoff_ms: backoff_ms.get_untracked(),
            dead_letter: dead_letter
                .get_untracked()
                .then(|| default_dead_letter_topic(&topic_name)),
            ..ConsumerConfig::default()
        };
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
                <label for="groups-assignor">"Assignor"</label>
                <select
                    id="groups-assignor"
                    data-testid="consumer-assignor"
                    aria-describedby="groups-assignor-hint"
                    prop:value=move || assignor.get().name()
                    on:change=move |ev| {
                        if let Some(k) = AssignorKind::from_name(&event_target_value(&ev)) {
                            assignor.set(k);
                        }
                    }
                >
                    {AssignorKind::ALL
                        .into_iter()
                        .map(|k| {
                            view! {
                                <option value=k.name() selected=move || assignor.get() == k>
                                    {assignor_label(k)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {preset_select("groups-processing", "consumer-processing", "Processing time per record", processing_us, &PROCESSING_PRESETS_US, |us| us.to_string(), processing_label)}
            <FailureFields fail_key fail_percent max_attempts backoff_ms dead_letter dlt_name />
            <button type="submit" class="button button--primary" data-testid="start-consumer">
                "Start consumer"
            </button>
            <p id="groups-assignor-hint" class="field__hint">
                "Kafka 3.x and 4.x consumers default to partition.assignment.strategy = "
                "[RangeAssignor, CooperativeStickyAssignor], so a group of default consumers uses range. "
                "All members of a group must offer the same assignor."
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
fn FailureFields(
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

fn assignor_label(k: AssignorKind) -> String {
    let class = k.class_name().rsplit('.').next().unwrap_or(k.name());
    let default = if k == AssignorKind::Range {
        ", Kafka's default"
    } else {
        ""
    };
    format!("{} ({class}{default})", k.name())
}

fn joined_message(events: &[Event], group: &str) -> String {
    let client = events.iter().find_map(|e| match &e.kind {
        EventKind::MemberJoined { client_id, .. } => Some(client_id.clone()),
        _ => None,
    });
    match client {
        Some(c) => format!(
            "Started {c} in group {group}. It gets partitions when the group finishes rebalancing."
        ),
        None => format!("Started a consumer in group {group}."),
    }
}

/// One group: state, generation, assignor, lag, members and the per-partition lag table.
#[component]
fn GroupCard(name: String, groups: Memo<Vec<GroupView>>) -> impl IntoView {
    let pg = use_playground();
    let n = name.clone();
    let group = Memo::new(move |_| groups.with(|gs| gs.iter().find(|g| g.name == n).cloned()));
    let state =
        Memo::new(move |_| group.with(|g| g.as_ref().map_or(GroupState::Empty, |g| g.state)));
    // What the next rebalance will use: the members' configured assignor.
    let configured = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .and_then(first_protocol_member)
                .map(|m| m.assignor)
        })
    });
    let has_members = move || configured.with(Option::is_some);
    let picked = RwSignal::new(None::<AssignorKind>);
    let picked_or_configured = move || {
        picked
            .get()
            .or_else(|| configured.get())
            .unwrap_or(AssignorKind::Range)
    };
    let error = RwSignal::new(None::<String>);
    let heading = NodeRef::<leptos::html::H3>::new();
    let member_ids = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .map(|g| {
                    g.members
                        .iter()
                        .map(|m| m.member_id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let partitions = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .map(|g| {
                    g.partitions
                        .iter()
                        .map(|p| p.partition.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let blocked_by_crash = move || {
        group.with(|g| {
            g.as_ref().is_some_and(|g| {
                g.state.is_rebalancing()
                    && g.members
                        .iter()
                        .any(|m| !m.manual && m.status != MemberStatusView::Active)
            })
        })
    };

    let g = name.clone();
    let switch_assignor = move |_| {
        let cmd = Command::SetGroupAssignor {
            group: g.clone(),
            assignor: picked_or_configured(),
        };
        if pg.apply_or_show(cmd, error).is_some() {
            picked.set(None);
        }
    };
    let g = name.clone();
    let add_member = move |_| {
        // Same subscription and settings as the group's first member, with a fresh client id.
        let template = group.with_untracked(|gv| {
            gv.as_ref().and_then(first_protocol_member).map(|m| {
                (
                    m.topics.clone(),
                    m.assignor,
                    m.commit,
                    m.processing_us,
                    m.failures.clone(),
                )
            })
        });
        let Some((topics, assignor, commit, processing_us, f)) = template else {
            error.set(Some(format!(
                "Group {g} has no member to copy: start a consumer above."
            )));
            return;
        };
        let spec = MemberSpec {
            group: g.clone(),
            member_id: None,
            topics,
            assign: None,
            // The same application code: it fails on the same records, with the same handler.
            config: ConsumerConfig {
                assignor,
                commit,
                processing_us,
                fail_key: f.fail_key,
                fail_percent: f.fail_percent,
                max_attempts: f.max_attempts,
                backoff_ms: f.backoff_ms,
                dead_letter: f.dead_letter,
                ..ConsumerConfig::default()
            },
            capture: false,
        };
        pg.apply_or_show(Command::JoinGroup(spec), error);
    };
    let focus_heading = move || {
        if let Some(h) = heading.get_untracked() {
            let _ = h.focus();
        }
    };
    let assignor_id = dom_id("group-assignor");
    let assignor_label_text = format!("Assignor for the next rebalance of group {name}");
    let switch_label = format!("Switch assignor of group {name}: restarts its members");
    let add_label = format!("Add member to group {name}");
    let members_label = format!("Members of group {name}");
    let table_label = format!("Lag per partition, group {name}");

    view! {
        <li class="groups__card" data-testid=format!("group-{name}") data-group=name.clone()>
            <div class="groups__head">
                <h3 class="groups__name" tabindex="-1" node_ref=heading>
                    <span class="groups__name-kind">"Group "</span>
                    {name.clone()}
                </h3>
                <span
                    class=move || state_modifier(state.get())
                    data-testid="group-state"
                    data-state=move || state.get().as_str()
                >
                    {move || state_text(state.get())}
                    " ("
                    <code>{move || state.get().as_str()}</code>
                    ")"
                </span>
            </div>
            <dl class="groups__stats">
                <div class="groups__stat">
                    <dt>"Generation"</dt>
                    <dd data-testid="group-generation">
                        {move || group.with(|g| g.as_ref().map_or(0, |g| g.generation))}
                    </dd>
                </div>
                <div class="groups__stat">
                    <dt>"Assignor in use"</dt>
                    <dd data-testid="group-assignor">
                        {move || {
                            group.with(|g| {
                                g.as_ref()
                                    .and_then(|g| g.assignor)
                                    .map_or("none yet", AssignorKind::name)
                            })
                        }}
                    </dd>
                </div>
                <div class="groups__stat">
                    <dt>"Members"</dt>
                    <dd data-testid="group-members">{move || member_ids.with(Vec::len)}</dd>
                </div>
                <div class="groups__stat">
                    <dt>"Total lag"</dt>
                    <dd data-testid="group-lag">{move || group.with(|g| g.as_ref().map_or(0, committed_lag))}</dd>
                </div>
            </dl>
            <Show when=move || state.get().is_rebalancing()>
                <p class="groups__rebalancing" data-testid="group-rebalancing">
                    <span class="groups__spinner" aria-hidden="true"></span>
                    <strong>"Rebalancing… "</strong>
                    {move || {
                        group.with(|g| {
                            g.as_ref()
                                .and_then(|g| g.rebalance_reason.clone())
                                .map(|r| format!("Reason: {r}."))
                                .unwrap_or_default()
                        })
                    }}
                    <Show when=blocked_by_crash>
                        " It waits until every silent member's session times out (session.timeout.ms)."
                    </Show>
                </p>
            </Show>
            <Show
                when=has_members
                fallback=|| view! {
                    <p class="panel__hint">"No members: start a consumer with this group name to add one."</p>
                }
            >
                <div class="groups__actions">
                    <div class="field groups__assignor">
                        <label for=assignor_id.clone()>"Assignor for the next rebalance"</label>
                        <select
                            id=assignor_id.clone()
                            data-testid="assignor-select"
                            aria-label=assignor_label_text.clone()
                            prop:value=move || picked_or_configured().name()
                            on:change=move |ev| picked.set(AssignorKind::from_name(&event_target_value(&ev)))
                        >
                            {AssignorKind::ALL
                                .into_iter()
                                .map(|k| {
                                    view! {
                                        <option value=k.name() selected=move || picked_or_configured() == k>
                                            {k.name()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <button
                        type="button"
                        class="button"
                        data-testid="assignor-apply"
                        aria-label=switch_label.clone()
                        on:click=switch_assignor.clone()
                    >
                        "Switch assignor"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="group-add-member"
                        aria-label=add_label.clone()
                        on:click=add_member.clone()
                    >
                        "Add member"
                    </button>
                </div>
            </Show>
            <p class="message message--error" role="alert" data-testid="group-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <ol class="groups__members" aria-label=members_label>
                <For
                    each=move || member_ids.get()
                    key=|id| id.clone()
                    children=move |member_id| {
                        view! { <MemberRow group member_id error on_stopped=focus_heading /> }
                    }
                />
            </ol>
            <Show when=move || partitions.with(|p| !p.is_empty())>
                <div class="groups__table-wrap" role="region" tabindex="0"
                    aria-label=table_label.clone()>
                    <table class="groups__table" data-testid="group-lag-table">
                        <caption>"Lag per partition: log-end offset − committed offset (– until the group commits)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Partition"</th>
                                <th scope="col" class="groups__num">"Committed"</th>
                                <th scope="col" class="groups__num">"Log-end"</th>
                                <th scope="col" class="groups__num">"Lag"</th>
                                <th scope="col">"Owner"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || partitions.get()
                                key=|tp| tp.clone()
                                children=move |tp| view! { <LagRow group tp /> }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
        </li>
    }
}

/// One row of the lag table: committed, log-end, lag and the owning member.
#[component]
fn LagRow(group: Memo<Option<GroupView>>, tp: TopicPartition) -> impl IntoView {
    let label = tp.to_string();
    let data_partition = label.clone();
    let row = Memo::new(move |_| {
        group.with(|g| {
            let g = g.as_ref()?;
            let p = g.partitions.iter().find(|p| p.partition == tp)?;
            let owner = p.owner.as_ref().map(|id| {
                g.members
                    .iter()
                    .find(|m| &m.member_id == id)
                    .map_or_else(|| id.clone(), member_label)
            });
            // As `kafka-consumer-groups --describe`: no committed offset, no lag to show.
            let lag = p.committed.map(|_| p.lag);
            Some((p.committed, p.log_end_offset, lag, owner))
        })
    });
    view! {
        <tr data-testid="lag-row" data-partition=data_partition>
            <th scope="row" class="groups__mono">{label}</th>
            <td class="groups__num" data-testid="lag-committed">
                {move || row.with(|r| r.as_ref().and_then(|r| r.0).map_or("–".to_string(), |c| c.to_string()))}
            </td>
            <td class="groups__num">{move || row.with(|r| r.as_ref().map_or(0, |r| r.1))}</td>
            <td class="groups__num" data-testid="lag-lag">{move || row.with(|r| r.as_ref().and_then(|r| r.2).map_or("–".to_string(), |l| l.to_string()))}</td>
            <td class="groups__mono groups__owner" data-testid="lag-owner">
                {move || row.with(|r| r.as_ref().and_then(|r| r.3.clone()).unwrap_or_else(|| "–".into()))}
            </td>
        </tr>
    }
}

/// One member: who it is, what it owns, how fast it works, and Stop / Crash.
#[component]
fn MemberRow(
    group: Memo<Option<GroupView>>,
    member_id: String,
    error: RwSignal<Option<String>>,
    on_stopped: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let pg = use_playground();
    let id = member_id.clone();
    let member = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .and_then(|g| g.members.iter().find(|m| m.member_id == id).cloned())
        })
    });
    let rebalancing =
        Memo::new(move |_| group.with(|g| g.as_ref().is_some_and(|g| g.state.is_rebalancing())));
    let group_name =
        Memo::new(move |_| group.with(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default()));
    let with_member =
        move |f: fn(&MemberView) -> String| member.with(|m| m.as_ref().map(f).unwrap_or_default());
    let label = Memo::new(move |_| with_member(member_label));
    let active = Memo::new(move |_| {
        member.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.status == MemberStatusView::Active)
        })
    });
    let idle = Memo::new(move |_| member.with(|m| m.as_ref().is_some_and(|m| m.idle)));
    let failures = Memo::new(move |_| member.with(|m| m.as_ref().map(|m| m.failures.clone())));
    let fails = Memo::new(move |_| failures.with(|f| f.as_ref().is_some_and(FailureView::enabled)));
    let badge = Memo::new(move |_| failures.with(|f| f.as_ref().and_then(retry_badge)));
    let processing = Memo::new(move |_| member.with(|m| m.as_ref().map_or(0, |m| m.processing_us)));
    let assignment = Memo::new(move |_| {
        member.with(|m| {
            m.as_ref()
                .map(|m| {
                    m.assignment
                        .iter()
                        .map(|tp| tp.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let row = NodeRef::<leptos::html::Li>::new();

    let run = move |cmd: Command| pg.apply_or_show(cmd, error).is_some();
    let id = member_id.clone();
    let stop = move |_| {
        let cmd = Command::LeaveGroup {
            group: group_name.get_untracked(),
            member_id: id.clone(),
        };
        if run(cmd) {
            // The row is gone: keep the keyboard in the group.
            on_stopped();
        }
    };
    let id = member_id.clone();
    let crash = move |_| {
        let cmd = Command::CrashMember {
            group: group_name.get_untracked(),
            member_id: id.clone(),
        };
        if run(cmd) {
            // The buttons go away with the process: keep the keyboard on the member.
            if let Some(li) = row.get_untracked() {
                let _ = li.focus();
            }
        }
    };
    let id = member_id.clone();
    let set_processing = move |ev: leptos::ev::Event| {
        let Ok(processing_us) = event_target_value(&ev).parse::<u64>() else {
            return;
        };
        run(Command::SetProcessing {
            group: group_name.get_untracked(),
            member_id: id.clone(),
            processing_us,
        });
    };
    let speed_id = dom_id("member-speed");

    view! {
        <li
            class=move || {
                if active.get() { "groups__member" } else { "groups__member groups__member--down" }
            }
            data-testid="member"
            data-member-id=member_id.clone()
            data-client-id=move || member.with(|m| m.as_ref().map(|m| m.client_id.clone()).unwrap_or_default())
            data-status=move || member.with(|m| match m.as_ref().map(|m| m.status) {
                Some(MemberStatusView::Active) | None => "active",
                Some(MemberStatusView::Crashed) => "crashed",
                Some(MemberStatusView::Stopped) => "stopped",
            })
            tabindex="-1"
            node_ref=row
        >
            <div class="groups__member-head">
                <span class="groups__client" data-testid="member-client">{move || label.get()}</span>
                <code class="groups__member-id" title=member_id.clone()>
                    {move || with_member(short_member_id)}
                </code>
                <Show when=move || idle.get()>
                    <span class="groups__badge groups__badge--idle" data-testid="member-idle"
                        title="More members than partitions: this member has nothing to read">
                        "idle"
                    </span>
                </Show>
                <Show when=move || badge.with(Option::is_some)>
                    <span
                        class=move || {
                            if badge.with(|b| b.as_ref().is_some_and(|b| b.1)) {
                                "groups__badge groups__badge--stalled"
                            } else {
                                "groups__badge groups__badge--retrying"
                            }
                        }
                        data-testid="member-retrying"
                        data-stalled=move || badge.with(|b| b.as_ref().is_some_and(|b| b.1)).to_string()
                    >
                        {move || badge.with(|b| b.as_ref().map(|b| b.0.clone()).unwrap_or_default())}
                    </span>
                </Show>
                <span
                    class=move || {
                        if active.get() { "groups__status" } else { "groups__status groups__status--down" }
                    }
                    data-testid="member-status"
                >
                    {move || with_member(|m| status_text(m).to_string())}
                </span>
            </div>
            <div class="groups__assignment">
                <span class="groups__label">"Partitions: "</span>
                <Show
                    when=move || assignment.with(|a| !a.is_empty())
                    fallback=move || {
                        view! {
                            <span class="groups__none" data-testid="member-no-partitions">
                                {move || {
                                    if rebalancing.get() && active.get() {
                                        "none while the group rebalances"
                                    } else {
                                        "none"
                                    }
                                }}
                            </span>
                        }
                    }
                >
                    <ul class="groups__chips" aria-label=move || format!("Partitions of {}", label.get())>
                        <For
                            each=move || assignment.get()
                            key=|tp| tp.clone()
                            children=move |tp| {
                                view! { <li class="groups__chip" data-testid="member-partition">{tp}</li> }
                            }
                        />
                    </ul>
                </Show>
            </div>
            <p class="groups__processed">
                "Processed "
                <strong data-testid="member-processed">{move || member.with(|m| m.as_ref().map_or(0, |m| m.processed))}</strong>
                {move || {
                    member.with(|m| match m.as_ref().map_or(0, |m| m.in_flight) {
                        0 => String::new(),
                        n => format!(" · {n} fetched, not yet processed"),
                    })
                }}
            </p>
            <Show when=move || fails.get()>
                <p class="groups__processed" data-testid="member-failures">
                    {move || failures.with(|f| f.as_ref().map(failure_rule_text).unwrap_or_default())}
                    ". Failed attempts "
                    <strong data-testid="member-failed-attempts">
                        {move || failures.with(|f| f.as_ref().map_or(0, |f| f.failed_attempts))}
                    </strong>
                    " · dead-lettered "
                    <strong data-testid="member-dead-lettered">
                        {move || failures.with(|f| f.as_ref().map_or(0, |f| f.dead_lettered))}
                    </strong>
                    " · skipped "
                    <strong data-testid="member-skipped">
                        {move || failures.with(|f| f.as_ref().map_or(0, |f| f.skipped))}
                    </strong>
                </p>
            </Show>
            <Show when=move || active.get()>
                <div class="groups__member-actions">
                    <div class="field groups__speed">
                        <label for=speed_id.clone()>"Time per record"</label>
                        <select
                            id=speed_id.clone()
                            data-testid="member-processing"
                            aria-label=move || format!("Time per record for {}", label.get())
                            prop:value=move || processing.get().to_string()
                            on:change=set_processing.clone()
                        >
                            <Show when=move || !PROCESSING_PRESETS_US.contains(&processing.get())>
                                <option value=move || processing.get().to_string() selected>
                                    {move || processing_label(processing.get())}
                                </option>
                            </Show>
                            {PROCESSING_PRESETS_US
                                .into_iter()
                                .map(|us| {
                                    view! {
                                        <option value=us.to_string() selected=move || processing.get() == us>
                                            {processing_label(us)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <button
                        type="button"
                        class="button groups__button"
                        data-testid="member-stop"
                        aria-label=move || format!("Stop {}", label.get())
                        title="Clean shutdown: commit, then LeaveGroup, so the group rebalances at once"
                        on:click=stop.clone()
                    >
                        "Stop"
                    </button>
                    <button
                        type="button"
                        class="button groups__button groups__button--danger"
                        data-testid="member-crash"
                        aria-label=move || format!("Crash {}", label.get())
                        title="The process dies: no commit, no LeaveGroup; the group notices after session.timeout.ms"
                        on:click=crash.clone()
                    >
                        "Crash"
                    </button>
                </div>
            </Show>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn processing_labels_say_time_and_rate() {
        assert_eq!(processing_label(0), "instant (no limit)");
        assert_eq!(processing_label(10_000), "10 ms · 100 records/s");
        assert_eq!(processing_label(1_000_000), "1 s · 1 record/s");
        assert_eq!(processing_label(2_500), "2.5 ms");
    }

    #[test]
    fn failure_rules_and_retries_read_as_sentences() {
        let mut f = FailureView {
            fail_key: Some("poison".into()),
            max_attempts: Some(3),
            backoff_ms: 1_000,
            dead_letter: Some("orders-dlt".into()),
            ..FailureView::default()
        };
        assert_eq!(
            failure_rule_text(&f),
            "Fails on key 'poison': 3 attempts, 1 s apart, then orders-dlt"
        );
        assert_eq!(retry_badge(&f), None);
        f.retrying = Some(crate::engine::RetryView {
            partition: TopicPartition::new("orders", 0),
            offset: 3,
            attempts: 1,
            next_attempt_at: 0,
            stalled: false,
        });
        assert_eq!(
            retry_badge(&f),
            Some(("retrying offset 3 (orders-0), attempt 2 of 3".into(), false))
        );
        f.max_attempts = None;
        f.fail_key = None;
        f.fail_percent = 5;
        if let Some(r) = &mut f.retrying {
            r.stalled = true;
        }
        assert_eq!(
            failure_rule_text(&f),
            "Fails on 5% of records: retries forever, 1 s apart"
        );
        assert_eq!(
            retry_badge(&f),
            Some(("stalled on offset 3 (orders-0)".into(), true))
        );
        assert_eq!(attempts_label(Some(10)), "10 (Spring's default)");
        assert_eq!(backoff_label(0), "none (Spring's default)");
    }
}
