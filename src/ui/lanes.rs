//! One lane per partition of the selected topic: records as chips at their offsets, coloured
//! by key, with the partition's log-end offset (the offset the next record will get).

use leptos::prelude::*;

use super::state::use_playground;
use crate::engine::RecordView;

/// Chips shown per lane; older records are summarised as a count.
pub const CHIPS_PER_LANE: usize = 60;

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

#[component]
pub fn Lanes() -> impl IntoView {
    let pg = use_playground();
    let summary = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            w.topic_view(&topic)
                .map(|v| (v.name.clone(), v.partitions.len() as u32, v.total_written()))
        })
    });
    let lanes = move || {
        summary
            .get()
            .map(|(topic, n, _)| (0..n).map(|p| (topic.clone(), p)).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let heading = move || match summary.get() {
        Some((topic, n, written)) => format!(
            "{topic}: {n} partition{}, {written} record{}",
            if n == 1 { "" } else { "s" },
            if written == 1 { "" } else { "s" }
        ),
        None => "No topic yet".into(),
    };

    view! {
        <section class="panel panel--lanes" aria-labelledby="lanes-title">
            <h2 id="lanes-title" class="panel__title">"3. Partitions"</h2>
            <p class="lanes__summary" data-testid="lanes-summary">{heading}</p>
            <p class="panel__hint">
                "Each record gets the next offset of its partition. Offsets start at 0 in every partition and only grow."
            </p>
            <div class="lanes" data-testid="lanes">
                <For
                    each=lanes
                    key=|lane| lane.clone()
                    children=move |(topic, partition)| view! { <Lane topic partition /> }
                />
            </div>
        </section>
    }
}

/// One partition's log.
#[component]
pub fn Lane(topic: String, partition: u32) -> impl IntoView {
    let pg = use_playground();
    let t = topic.clone();
    let offsets = Memo::new(move |_| {
        pg.world.with(|w| {
            w.topic_view(&t)
                .and_then(|v| {
                    v.partitions
                        .get(partition as usize)
                        .map(|p| (p.log_start_offset, p.log_end_offset, p.stored_records))
                })
                .unwrap_or((0, 0, 0))
        })
    });
    let t = topic.clone();
    let records = Memo::new(move |_| pg.world.with(|w| w.tail(&t, partition, CHIPS_PER_LANE)));
    let hidden_before = move || {
        let (_, _, stored) = offsets.get();
        stored.saturating_sub(records.with(|r| r.len() as u64))
    };
    let newest = Memo::new(move |_| {
        pg.last.with(|l| {
            l.as_ref()
                .filter(|l| l.topic == topic && l.partition == partition)
                .map(|l| l.offset)
        })
    });

    view! {
        <div class="lane" data-testid=format!("lane-{partition}") data-partition=partition>
            <div class="lane__head">
                <h3 class="lane__title">"Partition " {partition}</h3>
                <span class="lane__leo" data-testid=format!("leo-{partition}")
                    title="Log-end offset: the offset the next record in this partition will get">
                    <Show when=move || { offsets.get().0 > 0 }>
                        "log-start " <strong>{move || offsets.get().0}</strong> " · "
                    </Show>
                    "log-end offset " <strong>{move || offsets.get().1}</strong>
                </span>
            </div>
            <ol class="lane__records" aria-label=format!("Records in partition {partition}")>
                <Show when=move || { hidden_before() > 0 }>
                    <li class="chip chip--more">{move || format!("+{} earlier", hidden_before())}</li>
                </Show>
                <For
                    each=move || records.get()
                    key=|r| r.offset
                    children=move |r| {
                        let offset = r.offset;
                        let is_new = move || newest.get() == Some(offset);
                        view! { <Chip record=r is_new=Signal::derive(is_new) /> }
                    }
                />
                <Show when=move || records.with(|r| r.is_empty()) && hidden_before() == 0>
                    <li class="lane__empty">"empty"</li>
                </Show>
            </ol>
        </div>
    }
}

#[component]
fn Chip(record: RecordView, is_new: Signal<bool>) -> impl IntoView {
    let RecordView {
        offset, key, value, ..
    } = record;
    let style = match &key {
        Some(k) => format!("--hue: {}", key_hue(k)),
        None => String::new(),
    };
    let label = format!(
        "Offset {offset}, {}, value {}",
        key.as_deref()
            .map_or("no key".to_string(), |k| format!("key {k}")),
        value.as_deref().unwrap_or("null (tombstone)")
    );
    let key_is_none = key.is_none();
    let data_key = key.clone().unwrap_or_default();
    let key_text = key.unwrap_or_else(|| "no key".into());
    let class = move || {
        let mut c = String::from("chip");
        if key_is_none {
            c.push_str(" chip--nokey");
        }
        if is_new.get() {
            c.push_str(" chip--new");
        }
        c
    };
    view! {
        <li
            class=class
            style=style
            title=label.clone()
            aria-label=label
            data-testid="record"
            data-offset=offset
            data-key=data_key
        >
            <span class="chip__offset">{offset}</span>
            <span class="chip__key">{key_text}</span>
        </li>
    }
}
