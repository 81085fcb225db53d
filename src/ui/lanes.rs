//! One lane per partition of the selected topic: the newest records as chips at their offsets,
//! coloured by key, with the log-start and log-end offsets, each group's committed offset
//! (records before it are drawn as consumed), the partition's share of recent traffic, the high
//! watermark when some records are not yet on every in-sync replica (hatched), what the
//! producer knows of each record, and records lost to a leader change.
//!
//! Long lanes are windowed: only the newest records are drawn, older ones are a count. Each lane
//! reads only its own partition, so a new record redraws one lane, not all of them.

use leptos::prelude::*;

use super::state::{use_playground, PageTopicSelect};
use super::text::plural;
use super::traffic::Traffic;
use crate::engine::{EventKind, LostRecord, RecordOutcome, RecordView};

/// Chips per lane.
pub const CHIPS_PER_LANE: usize = 24;
/// Above this many partitions, lanes show counts, offsets and shares instead of records: at
/// thousands of records per second, drawing records would cost per record.
pub const MANY_PARTITIONS: u32 = 12;
/// Moved keys listed under the lanes after a partition increase.
const MOVED_SHOWN: usize = 12;

/// Hues far enough apart to tell keys apart at a glance, in light and dark themes.
const KEY_HUES: [u32; 8] = [215, 30, 130, 270, 355, 185, 55, 315];

/// A stable hue for a key, so every record of a key has the same colour.
/// FNV-1a: any stable spread will do; this is presentation, not partitioning.
pub fn key_hue(key: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    KEY_HUES[(h % KEY_HUES.len() as u32) as usize]
}

/// "offsets 10–12", "offset 10".
fn offset_range(first: u64, last: u64) -> String {
    if first == last {
        format!("offset {first}")
    } else {
        format!("offsets {first}–{last}")
    }
}

/// One line per partition of `topic` that lost records to a leader change, from the world's
/// loss ledger: "3 records lost at offsets 10–12 (unclean election)". Each leader change that
/// cut the log is told apart (the newest last); offsets lost are reused by later records.
pub fn loss_lines<'a>(
    ledger: impl IntoIterator<Item = &'a LostRecord>,
    topic: &str,
) -> Vec<(u32, String)> {
    // One leader change that cut one partition's log.
    struct Episode {
        partition: u32,
        at: u64,
        unclean: bool,
        first: u64,
        last: u64,
        count: u64,
        acked: u64,
    }
    let mut episodes: Vec<Episode> = Vec::new();
    for r in ledger.into_iter().filter(|r| r.topic == topic) {
        let same =
            |e: &&mut Episode| (e.partition, e.at, e.unclean) == (r.partition, r.at, r.unclean);
        match episodes.iter_mut().find(same) {
            Some(e) => {
                e.first = e.first.min(r.offset);
                e.last = e.last.max(r.offset);
                e.count += 1;
                e.acked += u64::from(r.acknowledged);
            }
            None => episodes.push(Episode {
                partition: r.partition,
                at: r.at,
                unclean: r.unclean,
                first: r.offset,
                last: r.offset,
                count: 1,
                acked: u64::from(r.acknowledged),
            }),
        }
    }
    crate::engine::sort::sort_by_key(&mut episodes, |e| (e.partition, e.at));
    let mut lines: Vec<(u32, String)> = Vec::new();
    for Episode {
        partition,
        unclean,
        first,
        last,
        count,
        acked,
        ..
    } in episodes
    {
        let why = match (unclean, count) {
            (true, _) => "unclean election",
            (false, 1) => "the new leader never had it",
            (false, _) => "the new leader never had them",
        };
        let acked = match acked {
            0 => String::new(),
            n if n == count => ", all acknowledged".into(),
            n => format!(", {n} acknowledged"),
        };
        let text = format!(
            "{} lost at {} ({why}{acked})",
            plural(count, "record"),
            offset_range(first, last)
        );
        match lines.last_mut() {
            Some((p, line)) if *p == partition => {
                line.push_str("; ");
                line.push_str(&text);
            }
            _ => lines.push((partition, text)),
        }
    }
    for (_, line) in &mut lines {
        line.push('.');
    }
    lines
}

/// The short tag a chip carries when the producer's view of the record needs attention.
fn outcome_tag(outcome: RecordOutcome) -> Option<(&'static str, &'static str)> {
    match outcome {
        RecordOutcome::AwaitingReplicas => Some(("chip--awaiting", "waiting")),
        RecordOutcome::AckLost => Some(("chip--acklost", "ack lost")),
        RecordOutcome::ReportedFailed => Some(("chip--failed", "failed")),
        RecordOutcome::Acknowledged | RecordOutcome::NotConfirmed => None,
    }
}

/// Said of a record at or above the high watermark.
const NOT_ON_ISR: &str = "not yet on every in-sync replica";

#[component]
pub fn Lanes() -> impl IntoView {
    let pg = use_playground();
    let partitions = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| w.partition_count(&topic))
    });
    let written = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world
            .with(|w| w.topic_view(&topic).map(|v| v.total_written()))
    });
    let traffic = Memo::new(move |_| {
        let topic = pg.topic.get();
        let n = partitions.get().unwrap_or(0);
        pg.world.with(|w| Traffic::of(w, &topic, n))
    });
    let committed = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| w.committed_offsets(&topic))
    });
    // The latest partition increase of this topic, from the world's event history.
    let moved = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            w.history().rev().find_map(|e| match &e.kind {
                EventKind::PartitionsIncreased {
                    topic: t,
                    from,
                    to,
                    moved_keys,
                    moved_count,
                    ..
                } if *t == topic => Some((*from, *to, moved_keys.clone(), *moved_count)),
                _ => None,
            })
        })
    });
    // The loss ledger is read again only when it grew (or the world was replaced by another).
    let ledger_mark = Memo::new(move |_| {
        pg.world.with(|w| {
            let (recent, total, _) = w.lost_records();
            (total, recent.back().map(|r| r.at))
        })
    });
    let losses = Memo::new(move |_| {
        let _ = ledger_mark.get(); // read, not only tracked: a memo that is never read never runs
        let topic = pg.topic.get();
        pg.world
            .with_untracked(|w| loss_lines(w.lost_records().0, &topic))
    });
    let chips = move || {
        if partitions.get().unwrap_or(0) > MANY_PARTITIONS {
            0
        } else {
            CHIPS_PER_LANE
        }
    };
    let lanes = move || {
        let topic = pg.topic.get();
        (0..partitions.get().unwrap_or(0))
            .map(|p| (topic.clone(), p))
            .collect::<Vec<_>>()
    };
    let heading = move || match (partitions.get(), written.get()) {
        (Some(n), Some(total)) => {
            let hot = traffic.with(Traffic::hottest);
            let mut text = format!(
                "{}: {}, {} written",
                pg.topic.get(),
                plural(u64::from(n), "partition"),
                plural(total, "record")
            );
            if let Some((p, share)) = hot {
                text.push_str(&format!(
                    "; hot: partition {p} took {:.0}% of the records of the last {} s",
                    share * 100.0,
                    traffic.with(|t| t.window_s.max(1))
                ));
            }
            text
        }
        _ => "No topic yet: create one in the Topic panel or with kafka-topics.sh --create.".into(),
    };

    view! {
        <section class="panel panel--lanes" aria-labelledby="lanes-title">
            <div class="panel__head">
                <h2 id="lanes-title" class="panel__title">"Topic lanes"</h2>
                <PageTopicSelect testid="lanes-topic" />
            </div>
            <p class="lanes__summary" data-testid="lanes-summary">{heading}</p>
            <p class="panel__hint">
                "Each record gets the next offset of its partition; offsets start at 0 and only grow. "
                "Faded records are behind a group's committed offset. Hatched records, after the dashed high-watermark line, are not yet on every in-sync replica: consumers cannot read them yet. "
                "Hover a record, or focus a lane and use ← →, to read it."
            </p>
            <Show when=move || { partitions.get().unwrap_or(0) > MANY_PARTITIONS }>
                <p class="panel__hint" data-testid="lanes-compact">
                    {format!("With more than {MANY_PARTITIONS} partitions the lanes show counts, offsets and traffic instead of single records. Read records with kafka-console-consumer.sh in the console.")}
                </p>
            </Show>
            <Show when=move || moved.with(Option::is_some)>
                <p class="lanes__moved" data-testid="lanes-moved" role="status">
                    {move || {
                        moved
                            .get()
                            .map(|(from, to, keys, total)| {
                                let mut text = format!(
                                    "Partitions increased from {from} to {to}: {} now go to another partition, so their order across the change is lost.",
                                    plural(total as u64, "known key")
                                );
                                if !keys.is_empty() {
                                    let listed: Vec<String> = keys
                                        .iter()
                                        .take(MOVED_SHOWN)
                                        .map(|m| format!("{} {} → {}", m.key, m.from, m.to))
                                        .collect();
                                    text.push_str(&format!(" Moved: {}", listed.join(", ")));
                                    if total > MOVED_SHOWN {
                                        text.push_str(&format!(" and {} more", total - MOVED_SHOWN));
                                    }
                                    text.push('.');
                                }
                                text
                            })
                    }}
                </p>
            </Show>
            <div class="lanes" data-testid="lanes">
                <For
                    each=lanes
                    key=|lane| lane.clone()
                    children=move |(topic, partition)| {
                        let share = Signal::derive(move || traffic.with(|t| (t.share(partition), t.share_text(partition))));
                        let hot = Signal::derive(move || traffic.with(|t| t.hot_share(partition).is_some()));
                        let marks = Signal::derive(move || {
                            committed.with(|c| {
                                c.iter()
                                    .filter(|(p, _, _)| *p == partition)
                                    .map(|(_, g, o)| (g.clone(), *o))
                                    .collect::<Vec<_>>()
                            })
                        });
                        let lost = Signal::derive(move || {
                            losses.with(|l| l.iter().find(|(p, _)| *p == partition).map(|(_, t)| t.clone()))
                        });
                        view! { <Lane topic partition share hot marks lost window=Signal::derive(chips) /> }
                    }
                />
            </div>
        </section>
    }
}

/// One partition's log.
#[component]
pub fn Lane(
    topic: String,
    partition: u32,
    /// Share of recent traffic (0–1, none when nothing was written lately) and its words.
    #[prop(into)]
    share: Signal<(Option<f64>, String)>,
    /// Takes well over its fair share of enough recent records (`Traffic::hot_share`).
    #[prop(into)]
    hot: Signal<bool>,
    /// Each group's committed offset on this partition.
    #[prop(into)]
    marks: Signal<Vec<(String, u64)>>,
    /// Records this partition lost to leader changes, in words (`loss_lines`).
    #[prop(into, optional)]
    lost: Signal<Option<String>>,
    /// How many of the newest records to draw.
    #[prop(into)]
    window: Signal<usize>,
) -> impl IntoView {
    let pg = use_playground();
    let t = topic.clone();
    let offsets = Memo::new(move |_| {
        pg.world.with(|w| {
            w.partition_view(&t, partition)
                .map(|p| (p.log_start_offset, p.log_end_offset, p.stored_records))
                .unwrap_or((0, 0, 0))
        })
    });
    // Consumers read only below the high watermark; it moves apart from the log-end offset
    // when followers fall behind.
    let t = topic.clone();
    let high_watermark = Memo::new(move |_| {
        pg.world.with(|w| {
            w.partition_view(&t, partition)
                .map_or(0, |p| p.high_watermark)
        })
    });
    let hw_behind = move || high_watermark.get() < offsets.get().1;
    let t = topic.clone();
    let records = Memo::new(move |_| {
        let n = window.get();
        pg.world.with(|w| w.tail(&t, partition, n))
    });
    let hidden_before = move || {
        let (_, _, stored) = offsets.get();
        stored.saturating_sub(records.with(|r| r.len() as u64))
    };
    let t = topic.clone();
    let newest = Memo::new(move |_| {
        pg.last.with(|l| {
            l.as_ref()
                .filter(|l| l.topic == t && l.partition == partition)
                .map(|l| l.offset)
        })
    });
    // The first group's committed offset decides which chips look consumed.
    let consumed_below = Memo::new(move |_| marks.with(|m| m.first().map(|(_, o)| *o)));
    let hot = move || hot.get();
    // The record whose key and value are shown (hovered, or picked with the arrow keys).
    let selected = RwSignal::new(None::<u64>);
    let detail = move || {
        let sel = selected.get()?;
        records.with(|rs| {
            rs.iter().find(|r| r.offset == sel).map(|r| {
                format!(
                    "Offset {} · key {} · value {} · {}{}{}",
                    r.offset,
                    r.key.as_deref().unwrap_or("null"),
                    r.value.as_deref().unwrap_or("null (tombstone)"),
                    r.outcome.describe(),
                    if r.committed {
                        String::new()
                    } else {
                        format!(" · {NOT_ON_ISR}")
                    },
                    if r.duplicate {
                        " · a duplicate written by a retry"
                    } else {
                        ""
                    }
                )
            })
        })
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key != "ArrowLeft" && key != "ArrowRight" && key != "Home" && key != "End" {
            return;
        }
        ev.prevent_default();
        records.with_untracked(|rs| {
            if rs.is_empty() {
                return;
            }
            let pos = selected
                .get_untracked()
                .and_then(|o| rs.iter().position(|r| r.offset == o));
            let last = rs.len() - 1;
            let next = match (key.as_str(), pos) {
                ("Home", _) => 0,
                ("End", _) | (_, None) => last,
                ("ArrowLeft", Some(p)) => p.saturating_sub(1),
                (_, Some(p)) => (p + 1).min(last),
            };
            selected.set(Some(rs[next].offset));
        });
    };
    let lane_label = format!("Partition {partition} of {topic}");
    let active_id = move || selected.get().map(|o| format!("rec-{partition}-{o}"));

    view! {
        <div
            class=move || if hot() { "lane lane--hot" } else { "lane" }
            data-testid=format!("lane-{partition}")
            data-partition=partition
        >
            <div class="lane__head">
                <h3 class="lane__title">"Partition " {partition}</h3>
                <span class="lane__offsets" data-testid=format!("leo-{partition}")
                    title="Log-start offset: the oldest record kept. Log-end offset: the offset the next record will get.">
                    <Show when=move || { offsets.get().0 > 0 }>
                        "log-start " <strong>{move || offsets.get().0}</strong> " · "
                    </Show>
                    <Show when=hw_behind>
                        <span data-testid=format!("hw-{partition}")
                            title="High watermark: every in-sync replica has the records below it; consumers read only those.">
                            "high watermark " <strong>{move || high_watermark.get()}</strong> " · "
                        </span>
                    </Show>
                    "log-end offset " <strong>{move || offsets.get().1}</strong>
                </span>
                <span class="lane__share" data-testid=format!("share-{partition}")>
                    <span class="lane__bar" aria-hidden="true">
                        <span class="lane__fill" style=move || format!("width: {:.1}%", share.with(|s| s.0.unwrap_or(0.0)) * 100.0)></span>
                    </span>
                    {move || share.with(|s| s.1.clone())}
                    <Show when=hot>
                        <strong class="lane__hot">" hot"</strong>
                    </Show>
                </span>
            </div>
            <ol
                class="lane__records"
                tabindex="0"
                aria-label=lane_label
                aria-activedescendant=active_id
                on:keydown=on_keydown
                on:focus=move |_| {
                    if selected.get_untracked().is_none() {
                        selected.set(records.with_untracked(|r| r.last().map(|r| r.offset)));
                    }
                }
                on:mouseleave=move |_| selected.set(None)
            >
                <Show when=move || { hidden_before() > 0 }>
                    <li class="chip chip--more">
                        {move || {
                            if window.get() == 0 {
                                plural(hidden_before(), "record")
                            } else {
                                format!("+{} earlier", hidden_before())
                            }
                        }}
                    </li>
                </Show>
                // Keyed by what the chip shows: a record written again at an offset a leader change
                // freed, or whose outcome changed (acknowledged at last), is drawn anew.
                <For
                    each=move || records.get()
                    key=|r| (r.offset, r.key.clone(), r.timestamp, r.outcome as u8)
                    children=move |r| {
                        let offset = r.offset;
                        let is_new = Signal::derive(move || newest.get() == Some(offset));
                        let consumed = Signal::derive(move || consumed_below.get().is_some_and(|c| offset < c));
                        let is_selected = Signal::derive(move || selected.get() == Some(offset));
                        // Memos: the high watermark moves with every record, a chip's side of it rarely.
                        let above_hw = Memo::new(move |_| offset >= high_watermark.get());
                        let hw_first = Memo::new(move |_| offset == high_watermark.get());
                        view! {
                            <Chip
                                record=r
                                partition
                                is_new
                                consumed
                                is_selected
                                above_hw=above_hw.into()
                                hw_first=hw_first.into()
                                on_hover=Callback::new(move |_| selected.set(Some(offset)))
                            />
                        }
                    }
                />
                <Show when=move || records.with(|r| r.is_empty()) && hidden_before() == 0>
                    <li class="lane__empty">"empty"</li>
                </Show>
            </ol>
            <p class="lane__detail" aria-live="polite" data-testid=format!("detail-{partition}")>
                {detail}
            </p>
            <Show when=move || lost.with(Option::is_some)>
                <p class="lane__lost" data-testid=format!("lost-{partition}")>
                    {move || lost.get().unwrap_or_default()}
                </p>
            </Show>
            <Show when=move || marks.with(|m| !m.is_empty())>
                <p class="lane__marks" data-testid=format!("marks-{partition}")>
                    {move || {
                        let end = offsets.get().1;
                        marks
                            .get()
                            .into_iter()
                            .map(|(g, o)| format!("{g}: committed {o} (lag {})", end.saturating_sub(o)))
                            .collect::<Vec<_>>()
                            .join(" · ")
                    }}
                </p>
            </Show>
        </div>
    }
}

#[component]
fn Chip(
    record: RecordView,
    partition: u32,
    is_new: Signal<bool>,
    consumed: Signal<bool>,
    is_selected: Signal<bool>,
    /// At or above the high watermark: not yet on every in-sync replica.
    above_hw: Signal<bool>,
    /// The first record above the high watermark (the marker is drawn before it).
    hw_first: Signal<bool>,
    on_hover: Callback<()>,
) -> impl IntoView {
    let RecordView {
        offset,
        key,
        value,
        duplicate,
        outcome,
        ..
    } = record;
    let tag = outcome_tag(outcome);
    let style = match &key {
        Some(k) => format!("--hue: {}", key_hue(k)),
        None => String::new(),
    };
    let base_label = format!(
        "Offset {offset}, {}, value {}, {}",
        key.as_deref()
            .map_or("no key".to_string(), |k| format!("key {k}")),
        value.as_deref().unwrap_or("null (tombstone)"),
        outcome.describe()
    );
    let label = move || {
        if above_hw.get() {
            format!("{base_label}, {NOT_ON_ISR}")
        } else {
            base_label.clone()
        }
    };
    let key_is_none = key.is_none();
    let data_key = key.clone().unwrap_or_default();
    let key_text = key.unwrap_or_else(|| "no key".into());
    let class = move || {
        let mut c = String::from("chip");
        if key_is_none {
            c.push_str(" chip--nokey");
        }
        if duplicate {
            c.push_str(" chip--dup");
        }
        if consumed.get() {
            c.push_str(" chip--consumed");
        }
        if is_selected.get() {
            c.push_str(" chip--selected");
        }
        if is_new.get() {
            c.push_str(" chip--new");
        }
        if let Some((modifier, _)) = tag {
            c.push(' ');
            c.push_str(modifier);
        }
        if above_hw.get() {
            c.push_str(" chip--above-hw");
        }
        if hw_first.get() {
            c.push_str(" chip--hw-first");
        }
        c
    };
    view! {
        <li
            id=format!("rec-{partition}-{offset}")
            class=class
            style=style
            title=label.clone()
            aria-label=label
            data-outcome=format!("{outcome:?}")
            data-testid="record"
            data-offset=offset
            data-key=data_key
            on:mouseenter=move |_| on_hover.run(())
        >
            <span class="chip__offset">{offset}</span>
            <span class="chip__key">{key_text}</span>
            {tag.map(|(_, text)| view! { <span class="chip__tag" aria-hidden="true">{text}</span> })}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Acks;

    fn lost(partition: u32, offset: u64, at: u64, unclean: bool, acknowledged: bool) -> LostRecord {
        LostRecord {
            at,
            topic: "orders".into(),
            partition,
            offset,
            key: None,
            producer: "producer-1".into(),
            acks: Acks::One,
            acknowledged,
            unclean,
        }
    }

    #[test]
    fn losses_are_told_per_partition_and_per_leader_change() {
        let ledger = [
            lost(1, 10, 5_000, true, true),
            lost(1, 11, 5_000, true, true),
            lost(1, 12, 5_000, true, false),
            lost(0, 4, 6_000, false, true),
            lost(1, 20, 9_000, false, true),
            LostRecord {
                topic: "other".into(),
                ..lost(2, 0, 1_000, true, true)
            },
        ];
        assert_eq!(
            loss_lines(&ledger, "orders"),
            [
                (
                    0,
                    "1 record lost at offset 4 (the new leader never had it, all acknowledged)."
                        .to_string()
                ),
                (
                    1,
                    "3 records lost at offsets 10–12 (unclean election, 2 acknowledged); 1 record lost at offset 20 (the new leader never had it, all acknowledged)."
                        .to_string()
                ),
            ]
        );
        assert!(loss_lines(&ledger, "nothing").is_empty());
    }

    #[test]
    fn traffic_survives_a_log_cut_back_by_an_unclean_election() {
        use crate::engine::{Command, ProduceRequest, ProducerConfig, TopicSpec, World};
        let mut w = World::new(1);
        w.apply(Command::CreateTopic(
            TopicSpec::new("t", 1).with_replication_factor(2),
        ))
        .unwrap();
        w.apply(Command::AlterTopicConfig {
            topic: "t".into(),
            set: vec![("unclean.leader.election.enable".into(), "true".into())],
            delete: vec![],
        })
        .unwrap();
        let config = ProducerConfig {
            acks: Acks::One,
            ..w.producer_config(crate::engine::DEFAULT_PRODUCER)
        };
        w.apply(Command::SetProducerConfig {
            producer: crate::engine::DEFAULT_PRODUCER.into(),
            config,
        })
        .unwrap();
        let leader = w.partition_view("t", 0).unwrap().leader.unwrap();
        let follower = if leader == 1 { 2 } else { 1 };
        w.apply(Command::SetBrokerCopyRate {
            broker: follower,
            records_per_sec: Some(0),
        })
        .unwrap();
        w.advance(2_000);
        for _ in 0..5 {
            w.apply(Command::Produce(ProduceRequest::keyed("t", "k", "v")))
                .unwrap();
        }
        w.advance(46_000);
        w.apply(Command::StopBroker { broker: leader }).unwrap();
        w.advance(2_000);
        assert_eq!(w.partition_view("t", 0).unwrap().log_end_offset, 0);
        // Nothing written in the window any more (and no overflow where the end went down).
        let t = crate::ui::Traffic::of(&w, "t", 1);
        assert_eq!(t.written, [0]);
        assert_eq!(t.share(0), None);
    }
}
