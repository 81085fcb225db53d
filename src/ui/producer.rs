//! "Produce a record": key, value and an optional explicit partition, sent to the selected
//! topic. Enter in any field sends. The status line says where the record landed and why.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::state::{use_playground, Produced};

/// The `<select>` value meaning "let the partitioner choose".
const AUTO: &str = "auto";

#[component]
pub fn Producer() -> impl IntoView {
    let pg = use_playground();
    let key = RwSignal::new("user-42".to_string());
    let value = RwSignal::new(r#"{"amount":3}"#.to_string());
    let partition = RwSignal::new(AUTO.to_string());
    let error = RwSignal::new(None::<String>);

    let topics = Memo::new(move |_| pg.world.with(|w| w.topic_names()));
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
        match pg.produce(key_opt, value.get_untracked(), explicit) {
            Ok(_) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
    };

    view! {
        <section class="panel" aria-labelledby="producer-title">
            <h2 id="producer-title" class="panel__title">"2. Produce a record"</h2>
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
                        <For
                            each=move || topics.get()
                            key=|t| t.clone()
                            children=move |t| {
                                let label = t.clone();
                                let value = t.clone();
                                view! {
                                    <option value=value selected=move || pg.topic.with(|s| *s == t)>
                                        {label}
                                    </option>
                                }
                            }
                        />
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
