//! Brokers and replicas: one card per broker (up or down, what it leads and holds, how fast its
//! followers copy) with Kill, Start and "slow followers", and a table of the selected topic's
//! partitions: leader, leader epoch, each replica with how far it has copied, the ISR, and the
//! high watermark against the log-end offset.
//!
//! Elections and the ISR are the engine's (`engine/world/cluster.rs`, after the KRaft
//! controller's `PartitionChangeBuilder` and `Partition.maybeShrinkIsr`/`maybeExpandIsr`); this
//! view only reads `broker_views` and `partition_view` and sends `StopBroker`, `StartBroker`,
//! `AddBroker` and `SetBrokerCopyRate` through the page's one door.

use leptos::prelude::*;

use super::state::{use_playground, PageTopicSelect};
use super::text::plural;
use crate::engine::{BrokerView, Command, PartitionView, MAX_BROKERS, REPLICA_LAG_TIME_MAX_MS};

/// Partition rows drawn until the learner asks for all (the heavy sandbox has 64).
pub const PARTITIONS_SHOWN: u32 = 12;
/// Partitions named in the problem summary before "and N more".
const NAMED: usize = 8;
/// Changes of one kind spelled out by the announcer before it only counts them.
const SPELLED_OUT: usize = 3;

/// Leadership and ISR of one partition: what failures change, not every record.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Health {
    partition: u32,
    leader: Option<u32>,
    epoch: u32,
    replicas: Vec<u32>,
    isr: Vec<u32>,
}

impl Health {
    fn of(v: PartitionView) -> Self {
        Health {
            partition: v.partition,
            leader: v.leader,
            epoch: v.leader_epoch,
            replicas: v.replicas,
            isr: v.isr,
        }
    }

    fn state(&self) -> RowState {
        if self.leader.is_none() {
            RowState::Offline
        } else if self.isr.len() < self.replicas.len() {
            RowState::UnderReplicated
        } else {
            RowState::InSync
        }
    }
}

/// A partition's state as the table labels it (in words, never by colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowState {
    InSync,
    /// `kafka-topics --describe --under-replicated-partitions`.
    UnderReplicated,
    /// `--unavailable-partitions`: no leader.
    Offline,
}

impl RowState {
    fn as_str(self) -> &'static str {
        match self {
            RowState::InSync => "in-sync",
            RowState::UnderReplicated => "under-replicated",
            RowState::Offline => "offline",
        }
    }

    fn label(self) -> &'static str {
        match self {
            RowState::InSync => "in sync",
            RowState::UnderReplicated => "under-replicated",
            RowState::Offline => "offline",
        }
    }

    fn class(self) -> &'static str {
        match self {
            RowState::InSync => "brokers__row",
            RowState::UnderReplicated => "brokers__row brokers__row--under",
            RowState::Offline => "brokers__row brokers__row--offline",
        }
    }
}

fn ids(list: &[u32]) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "orders-0, orders-2 and 5 more".
fn named(topic: &str, parts: &[u32]) -> String {
    let mut text = parts
        .iter()
        .take(NAMED)
        .map(|p| format!("{topic}-{p}"))
        .collect::<Vec<_>>()
        .join(", ");
    if parts.len() > NAMED {
        text.push_str(&format!(" and {} more", parts.len() - NAMED));
    }
    text
}

/// Which partitions of the topic are in trouble, naming every one (rows may be hidden).
fn problem_summary(topic: &str, health: &[Health]) -> String {
    let of = |s: RowState| -> Vec<u32> {
        health
            .iter()
            .filter(|h| h.state() == s)
            .map(|h| h.partition)
            .collect()
    };
    let (offline, under) = (of(RowState::Offline), of(RowState::UnderReplicated));
    if offline.is_empty() && under.is_empty() {
        return match health.len() {
            0 => String::new(),
            1 => "Its partition has every replica in sync.".into(),
            n => format!("All {n} partitions have every replica in sync."),
        };
    }
    let mut parts = Vec::new();
    if !offline.is_empty() {
        parts.push(format!(
            "Offline (no leader: nobody can write or read): {}.",
            named(topic, &offline)
        ));
    }
    if !under.is_empty() {
        parts.push(format!(
            "Under-replicated (fewer in-sync replicas than replicas): {}.",
            named(topic, &under)
        ));
    }
    parts.join(" ")
}

/// What the announcer compares between two refreshes.
#[derive(Clone, Debug, PartialEq, Default)]
struct Snapshot {
    brokers: Vec<(u32, bool, Option<u32>)>,
    topic: String,
    health: Vec<Health>,
}

/// Spells out a few changes of one kind, or counts them.
fn few_or_count(items: Vec<String>, count_text: impl FnOnce(usize) -> String) -> Option<String> {
    match items.len() {
        0 => None,
        n if n <= SPELLED_OUT => Some(items.join(" ")),
        n => Some(count_text(n)),
    }
}

/// What changed between two snapshots, as sentences for the live region.
fn news(prev: &Snapshot, now: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for &(id, up, rate) in &now.brokers {
        match prev.brokers.iter().find(|b| b.0 == id) {
            None => out.push(format!("Broker {id} joined the cluster.")),
            Some(&(_, was_up, was_rate)) => {
                if was_up && !up {
                    out.push(format!("Broker {id} is down."));
                } else if !was_up && up {
                    out.push(format!("Broker {id} is up again."));
                }
                if was_rate != rate {
                    out.push(match rate {
                        None => format!("Broker {id}'s followers keep up again."),
                        Some(0) => format!("Broker {id}'s followers stopped copying."),
                        Some(r) => format!("Broker {id}'s followers copy at most {r} records/s."),
                    });
                }
            }
        }
    }
    if prev.topic != now.topic {
        return out;
    }
    let t = &now.topic;
    let (mut leaders, mut offline, mut isr) = (Vec::new(), Vec::new(), Vec::new());
    for h in &now.health {
        let Some(old) = prev.health.iter().find(|o| o.partition == h.partition) else {
            continue;
        };
        let p = h.partition;
        match (old.leader, h.leader) {
            (Some(_), None) => offline.push(format!("{t}-{p} is offline.")),
            (a, Some(b)) if a != Some(b) => leaders.push(format!(
                "{t}-{p}: broker {b} leads now (epoch {}).",
                h.epoch
            )),
            _ => {}
        }
        if old.isr != h.isr && h.leader.is_some() {
            isr.push(format!("{t}-{p}: ISR is now {}.", ids(&h.isr)));
        }
    }
    out.extend(few_or_count(offline, |n| {
        format!("{n} partitions of {t} are offline.")
    }));
    out.extend(few_or_count(leaders, |n| {
        format!("{n} partitions of {t} have a new leader.")
    }));
    out.extend(few_or_count(isr, |n| {
        format!("The ISR changed on {n} partitions of {t}.")
    }));
    out
}

fn follower_speed(up: bool, rate: Option<u32>) -> String {
    match rate {
        _ if !up => "not copying: the broker is down".into(),
        None => "keep up".into(),
        Some(0) => "stopped copying".into(),
        Some(r) => format!("at most {r} records/s per partition"),
    }
}

/// The broker view: cards, then the selected topic's partitions.
#[component]
pub fn BrokersPanel() -> impl IntoView {
    let pg = use_playground();
    let brokers = Memo::new(move |_| pg.world.with(|w| w.broker_views()));
    let broker_ids =
        Memo::new(move |_| brokers.with(|bs| bs.iter().map(|b| b.id).collect::<Vec<_>>()));
    // Leadership and ISR per partition: unchanged while records flow, so rows, summary and
    // announcer only wake on failures.
    let health = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            (0..w.partition_count(&topic).unwrap_or(0))
                .filter_map(|p| w.partition_view(&topic, p))
                .map(Health::of)
                .collect::<Vec<_>>()
        })
    });
    let error = RwSignal::new(None::<String>);
    let show_all = RwSignal::new(false);
    let announcement = Memo::new(move |prev: Option<&(Snapshot, String)>| {
        let now = Snapshot {
            brokers: brokers.with(|bs| bs.iter().map(|b| (b.id, b.up, b.copy_rate)).collect()),
            topic: pg.topic.get(),
            health: health.get(),
        };
        let Some((before, message)) = prev else {
            return (now, String::new());
        };
        let said = news(before, &now);
        let message = if said.is_empty() {
            message.clone()
        } else {
            said.join(" ")
        };
        (now, message)
    });
    let count = Memo::new(move |_| health.with(Vec::len) as u32);
    let rows = move || {
        let topic = pg.topic.get();
        let n = count.get();
        let shown = if show_all.get() {
            n
        } else {
            n.min(PARTITIONS_SHOWN)
        };
        (0..shown).map(|p| (topic.clone(), p)).collect::<Vec<_>>()
    };
    let summary = move || health.with(|h| problem_summary(&pg.topic.get(), h));
    let single_replica =
        move || health.with(|h| !h.is_empty() && h.iter().all(|h| h.replicas.len() <= 1));
    let add_broker = move |_| {
        pg.apply_or_show(Command::AddBroker, error);
    };
    let full = move || broker_ids.with(|b| b.len() as u32 >= MAX_BROKERS);

    view! {
        <section class="panel brokers" aria-labelledby="brokers-title" data-testid="brokers-panel">
            <h2 id="brokers-title" class="panel__title">"Brokers and replicas"</h2>
            <p class="panel__hint">
                "Each partition has replicas on several brokers: the leader takes writes, followers copy from it. "
                <strong>"Kill"</strong> " stops a broker: partitions it led elect a new leader from their in-sync replicas. "
                <strong>"Start"</strong> " brings it back; its replicas catch up and rejoin the ISR."
            </p>
            <p class="brokers__legend" data-testid="brokers-legend">
                <strong>"ISR"</strong>
                {format!(
                    " (in-sync replicas): the replicas that have everything the leader has, or fell behind less than {} s ago. ",
                    REPLICA_LAG_TIME_MAX_MS / 1000
                )}
                <strong>"High watermark"</strong>
                ": the offset every in-sync replica has reached; consumers read only below it, and acks=all waits for it."
            </p>
            <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"
                data-testid="brokers-announcer">
                {move || announcement.with(|a| a.1.clone())}
            </p>
            <ul class="brokers__list" aria-label="Brokers">
                <For
                    each=move || broker_ids.get()
                    key=|id| *id
                    children=move |id| view! { <BrokerCard id brokers error /> }
                />
            </ul>
            <div class="brokers__add">
                <button
                    type="button"
                    class="button"
                    data-testid="broker-add"
                    disabled=full
                    on:click=add_broker
                >
                    "Add broker"
                </button>
                <span class="field__hint">
                    {move || {
                        let n = broker_ids.with(Vec::len);
                        format!(
                            "{} of at most {MAX_BROKERS}. A new broker starts empty: only topics created later place replicas on it.",
                            plural(n, "broker")
                        )
                    }}
                </span>
            </div>
            <p class="message message--error" role="alert" data-testid="brokers-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <div class="panel__head brokers__topic-head">
                <h3 class="controls__title">"Partitions"</h3>
                <PageTopicSelect testid="brokers-topic" />
            </div>
            <Show
                when=move || { count.get() > 0 }
                fallback=|| view! { <p class="panel__hint">"No topic yet: create one to see its replicas."</p> }
            >
                <p class="brokers__summary" data-testid="partitions-summary">{summary}</p>
                <Show when=single_replica>
                    <p class="panel__hint" data-testid="brokers-rf1">
                        "This topic has one replica per partition (replication factor 1): when its broker dies, the partition goes offline. To see a failover, create a topic with 3 replicas in the Topics tab, or in the console: "
                        <code>"kafka-topics.sh --bootstrap-server localhost:9092 --create --topic replicated --partitions 3 --replication-factor 3"</code>
                    </p>
                </Show>
                <div class="brokers__table-wrap" role="region" tabindex="0"
                    aria-label=move || format!("Replicas of {}", pg.topic.get())>
                    <table class="brokers__table" data-testid="partitions-table">
                        <caption>
                            "Replicas are listed as broker:log-end offset, how far each has copied. "
                            "Records at or above the high watermark are not on every in-sync replica yet."
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"Partition"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Leader"</th>
                                <th scope="col" class="brokers__num">"Epoch"</th>
                                <th scope="col">"Replicas"</th>
                                <th scope="col">"ISR"</th>
                                <th scope="col" class="brokers__num">"High watermark"</th>
                                <th scope="col" class="brokers__num">"Log-end"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=rows
                                key=|row| row.clone()
                                children=move |(topic, partition)| view! { <PartitionRow topic partition health /> }
                            />
                        </tbody>
                    </table>
                </div>
                <Show when=move || { count.get() > PARTITIONS_SHOWN }>
                    <button
                        type="button"
                        class="button button--link"
                        data-testid="partitions-show-all"
                        aria-expanded=move || show_all.get().to_string()
                        on:click=move |_| show_all.update(|s| *s = !*s)
                    >
                        {move || {
                            if show_all.get() {
                                format!("Show the first {PARTITIONS_SHOWN} partitions only")
                            } else {
                                format!("Show all {} partitions", count.get())
                            }
                        }}
                    </button>
                </Show>
            </Show>
        </section>
    }
}

/// One broker: up or down, what it leads and holds, its followers' speed, and its controls.
#[component]
fn BrokerCard(
    id: u32,
    brokers: Memo<Vec<BrokerView>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let pg = use_playground();
    let broker = Memo::new(move |_| brokers.with(|bs| bs.iter().find(|b| b.id == id).cloned()));
    let up = Memo::new(move |_| broker.with(|b| b.as_ref().is_some_and(|b| b.up)));
    let rate = Memo::new(move |_| broker.with(|b| b.as_ref().and_then(|b| b.copy_rate)));
    let stat = move |f: fn(&BrokerView) -> u32| broker.with(|b| b.as_ref().map_or(0, f));
    let kill_ref = NodeRef::<leptos::html::Button>::new();
    let start_ref = NodeRef::<leptos::html::Button>::new();

    let run = move |cmd: Command| pg.apply_or_show(cmd, error).is_some();
    // The button pressed becomes disabled: keep the keyboard on the card, on its counterpart
    // (enabled once the view has updated, hence the next frame).
    let focus_later = move |target: NodeRef<leptos::html::Button>| {
        request_animation_frame(move || {
            // try_: the card may be gone by the next frame.
            if let Some(b) = target.try_get_untracked().flatten() {
                let _ = b.focus();
            }
        });
    };
    let kill = move |_| {
        if run(Command::StopBroker { broker: id }) {
            focus_later(start_ref);
        }
    };
    let start = move |_| {
        if run(Command::StartBroker { broker: id }) {
            focus_later(kill_ref);
        }
    };
    let toggle_slow = move |_| {
        let records_per_sec = if rate.get_untracked().is_some() {
            None
        } else {
            Some(0)
        };
        run(Command::SetBrokerCopyRate {
            broker: id,
            records_per_sec,
        });
    };

    view! {
        <li
            class=move || if up.get() { "brokers__card" } else { "brokers__card brokers__card--down" }
            data-testid=format!("broker-{id}")
            data-broker=id
            data-up=move || up.get().to_string()
        >
            <div class="brokers__head">
                <h3 class="brokers__name">"Broker " {id}</h3>
                <span
                    class=move || if up.get() { "brokers__status" } else { "brokers__status brokers__status--down" }
                    data-testid="broker-status"
                >
                    {move || if up.get() { "up" } else { "down" }}
                </span>
            </div>
            <dl class="brokers__stats">
                <div class="brokers__stat" title="Partitions (of every topic) this broker leads">
                    <dt>"Leads"</dt>
                    <dd data-testid="broker-leads">{move || stat(|b| b.leader_of)}</dd>
                </div>
                <div class="brokers__stat" title="Partitions (of every topic) with a replica on this broker">
                    <dt>"Replicas"</dt>
                    <dd data-testid="broker-replicas">{move || stat(|b| b.replica_of)}</dd>
                </div>
                <div class="brokers__stat" title="Partitions whose ISR includes this broker. A dead broker can stay in the ISR only as a partition's last member (Kafka keeps the last one)">
                    <dt>"In ISR of"</dt>
                    <dd data-testid="broker-in-sync">{move || stat(|b| b.in_sync_of)}</dd>
                </div>
            </dl>
            <p class="brokers__speed" data-testid="broker-speed">
                "Followers: " {move || follower_speed(up.get(), rate.get())}
            </p>
            <div class="brokers__actions">
                <button
                    type="button"
                    class="button brokers__button brokers__button--danger"
                    data-testid="broker-kill"
                    aria-label=format!("Kill broker {id}")
                    title="The broker process dies: its partitions elect new leaders from their in-sync replicas"
                    disabled=move || !up.get()
                    node_ref=kill_ref
                    on:click=kill
                >
                    "Kill"
                </button>
                <button
                    type="button"
                    class="button brokers__button"
                    data-testid="broker-start"
                    aria-label=format!("Start broker {id}")
                    title="The broker returns with the log it had and catches up from the leaders"
                    disabled=move || up.get()
                    node_ref=start_ref
                    on:click=start
                >
                    "Start"
                </button>
                <button
                    type="button"
                    class="button brokers__button brokers__toggle"
                    data-testid="broker-slow"
                    aria-label=format!("Slow followers on broker {id}")
                    aria-pressed=move || rate.get().is_some().to_string()
                    title="Followers on this broker stop copying: after replica.lag.time.max.ms they leave the ISR"
                    on:click=toggle_slow
                >
                    "Slow followers"
                </button>
            </div>
        </li>
    }
}

/// One partition: leader, epoch, replicas with their log-end offsets, ISR, high watermark.
#[component]
fn PartitionRow(topic: String, partition: u32, health: Memo<Vec<Health>>) -> impl IntoView {
    let pg = use_playground();
    let h =
        Memo::new(move |_| health.with(|hs| hs.iter().find(|h| h.partition == partition).cloned()));
    // Offsets move with every record: read per row, and only for the rows drawn.
    let t = topic.clone();
    let progress = Memo::new(move |_| {
        pg.world.with(|w| {
            w.partition_view(&t, partition)
                .map(|v| (v.high_watermark, v.log_end_offset, v.replica_log_end))
                .unwrap_or_default()
        })
    });
    let state = Memo::new(move |_| h.with(|h| h.as_ref().map_or(RowState::Offline, Health::state)));
    let leader = move || {
        h.with(|h| match h.as_ref().and_then(|h| h.leader) {
            Some(b) => b.to_string(),
            None => "offline".into(),
        })
    };
    let isr = Memo::new(move |_| h.with(|h| h.as_ref().map(|h| h.isr.clone()).unwrap_or_default()));
    let replica_ids =
        Memo::new(move |_| h.with(|h| h.as_ref().map(|h| h.replicas.clone()).unwrap_or_default()));
    let leo_of = move |b: u32| {
        progress.with(|(_, _, reps)| reps.iter().find(|r| r.0 == b).map_or(0, |r| r.1))
    };
    let label = format!("{topic}-{partition}");
    view! {
        <tr
            class=move || state.get().class()
            data-testid="partition-row"
            data-partition=partition
            data-state=move || state.get().as_str()
        >
            <th scope="row" class="brokers__mono">{label}</th>
            <td data-testid="partition-state">
                <span class="brokers__state">{move || state.get().label()}</span>
            </td>
            <td class="brokers__mono" data-testid="partition-leader">{leader}</td>
            <td class="brokers__num" data-testid="partition-epoch">
                {move || h.with(|h| h.as_ref().map_or(0, |h| h.epoch))}
            </td>
            <td class="brokers__mono brokers__replicas" data-testid="partition-replicas">
                <For
                    each=move || replica_ids.get()
                    key=|b| *b
                    children=move |b| {
                        let in_sync = move || isr.with(|i| i.contains(&b));
                        view! {
                            <span
                                class=move || if in_sync() { "brokers__replica" } else { "brokers__replica brokers__replica--out" }
                                title=move || {
                                    if in_sync() {
                                        format!("Broker {b}: log-end offset, how far it has copied; in the ISR")
                                    } else {
                                        format!("Broker {b}: log-end offset, how far it has copied; not in the ISR")
                                    }
                                }
                            >
                                {b} ":" {move || leo_of(b)}
                            </span>
                            " "
                        }
                    }
                />
            </td>
            <td class="brokers__mono" data-testid="partition-isr">{move || isr.with(|i| ids(i))}</td>
            <td
                class=move || {
                    if progress.with(|p| p.0 < p.1) { "brokers__num brokers__behind" } else { "brokers__num" }
                }
                data-testid="partition-hw"
            >
                {move || progress.with(|p| p.0)}
            </td>
            <td class="brokers__num" data-testid="partition-leo">{move || progress.with(|p| p.1)}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health(partition: u32, leader: Option<u32>, isr: &[u32]) -> Health {
        Health {
            partition,
            leader,
            epoch: 1,
            replicas: vec![1, 2, 3],
            isr: isr.to_vec(),
        }
    }

    #[test]
    fn the_summary_names_every_partition_in_trouble() {
        let hs = vec![
            health(0, Some(1), &[1, 2, 3]),
            health(1, None, &[2]),
            health(2, Some(3), &[3, 1]),
        ];
        assert_eq!(
            problem_summary("orders", &hs),
            "Offline (no leader: nobody can write or read): orders-1. Under-replicated (fewer in-sync replicas than replicas): orders-2."
        );
        assert_eq!(
            problem_summary("orders", &hs[..1]),
            "Its partition has every replica in sync."
        );
        let many: Vec<Health> = (0..10).map(|p| health(p, None, &[1])).collect();
        assert!(problem_summary("t", &many).ends_with("t-7 and 2 more."));
    }

    #[test]
    fn news_spells_out_a_few_changes_and_counts_many() {
        let before = Snapshot {
            brokers: vec![(1, true, None), (2, true, None)],
            topic: "orders".into(),
            health: vec![health(0, Some(1), &[1, 2, 3])],
        };
        let after = Snapshot {
            brokers: vec![(1, false, None), (2, true, Some(0)), (3, true, None)],
            topic: "orders".into(),
            health: vec![Health {
                epoch: 2,
                ..health(0, Some(2), &[2, 3])
            }],
        };
        assert_eq!(
            news(&before, &after),
            [
                "Broker 1 is down.",
                "Broker 2's followers stopped copying.",
                "Broker 3 joined the cluster.",
                "orders-0: broker 2 leads now (epoch 2).",
                "orders-0: ISR is now 2, 3."
            ]
        );
        let many_before = Snapshot {
            health: (0..5).map(|p| health(p, Some(1), &[1, 2])).collect(),
            ..before.clone()
        };
        let many_after = Snapshot {
            health: (0..5).map(|p| health(p, Some(2), &[2])).collect(),
            ..before.clone()
        };
        assert_eq!(
            news(&many_before, &many_after),
            [
                "5 partitions of orders have a new leader.",
                "The ISR changed on 5 partitions of orders."
            ]
        );
    }
}
