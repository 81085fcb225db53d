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
    AckMode, AssignorKind, Command, ConsumerConfig, Event, EventKind, FailureView, GroupState,
    GroupType, GroupView, MemberSpec, MemberState, MemberStatusView, MemberView, OffsetReset,
    ServerAssignor, ShareConsumerConfig, ShareMemberSpec, TopicPartition, TopicSpec,
};

mod card;
mod member;
mod share;
mod start;
mod strategy;
pub use strategy::Strategy;

use card::GroupCard;
use member::MemberRow;
use share::ShareGroups;
use start::StartConsumer;

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
        GroupState::Assigning => {
            "Assigning: a new target assignment is due; members keep consuming"
        }
        GroupState::Reconciling => {
            "Reconciling: members move partitions one by one; the rest keep consuming"
        }
        GroupState::Empty => "No members; committed offsets are kept",
        GroupState::Dead => "Deleted",
    }
}

fn state_modifier(state: GroupState) -> &'static str {
    match state {
        GroupState::Stable => "groups__state groups__state--stable",
        GroupState::PreparingRebalance
        | GroupState::CompletingRebalance
        | GroupState::Assigning
        | GroupState::Reconciling => "groups__state groups__state--rebalancing",
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
    m.label()
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

fn status_text(m: &MemberView) -> String {
    if m.poll_expired {
        return "left: poll timeout (max.poll.interval.ms); rejoins after its batch".into();
    }
    let epoch = m.epoch.map(|e| format!(" · epoch {e}")).unwrap_or_default();
    let text = match (m.status, m.manual) {
        (MemberStatusView::Active, false) => match m.member_state {
            Some(MemberState::UnrevokedPartitions) => "giving up partitions",
            Some(MemberState::UnreleasedPartitions) => "waiting for partitions",
            // An idle member is in the group but reads nothing: say only that (its badge shows it).
            _ if m.idle => "in the group, no partition to read",
            _ => "active",
        },
        (MemberStatusView::Active, true) => "active, assign(): outside the group protocol",
        (MemberStatusView::Crashed, _) => "crashed: the group waits for its session to time out",
        (MemberStatusView::Stopped, _) => "stopped static member: kept until its session times out",
    };
    format!("{text}{epoch}")
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
    let generation = if g.kind == GroupType::Consumer {
        "group epoch"
    } else {
        "generation"
    };
    if g.state == GroupState::Empty || members == 0 {
        return format!(
            "Group {} is empty: {generation} {}, no members.",
            g.name, g.generation
        );
    }
    if g.kind == GroupType::Consumer {
        return format!(
            "Group {} moved to group epoch {}: {}; members move to the new assignment one heartbeat at a time.",
            g.name,
            g.generation,
            plural(members, "member")
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
                "one member of the group at a time. A member joining, leaving or crashing reshuffles them: "
                "under the classic protocol every member stops and rejoins (a rebalance, a new generation); "
                "under the consumer protocol (KIP-848) the broker bumps the group epoch and only the "
                "partitions that move change hands, one heartbeat at a time."
            </p>
            <p class="panel__hint">
                <strong>"Stop"</strong> " is a clean shutdown: the consumer commits and leaves, so its "
                "partitions move at once. " <strong>"Crash"</strong> " kills the process: no commit, "
                "no goodbye; the group only notices when its session times out (45 s by default)."
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
            <ShareGroups />
        </section>
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
