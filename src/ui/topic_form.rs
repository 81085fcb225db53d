//! "Create a topic": name + partition count, as `kafka-topics --create` takes them.
//! The engine validates; its refusal is shown inline in Kafka's words.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::state::use_playground;
use crate::engine::MAX_PARTITIONS;

#[component]
pub fn TopicForm() -> impl IntoView {
    let pg = use_playground();
    let name = RwSignal::new(String::new());
    let partitions = RwSignal::new("3".to_string());
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
        // Not trimmed: Kafka does not trim either, and its refusal teaches the rule.
        let topic = name.get_untracked();
        match pg.create_topic(&topic, count) {
            Ok(warning) => {
                error.set(None);
                let mut message = format!(
                    "Created topic {topic} with {count} partition{}.",
                    if count == 1 { "" } else { "s" }
                );
                if let Some(w) = warning {
                    message = format!("{w} {message}");
                }
                created.set(Some(message));
                name.set(String::new());
            }
            Err(e) => error.set(Some(e)),
        }
    };

    view! {
        <section class="panel" aria-labelledby="topic-form-title">
            <h2 id="topic-form-title" class="panel__title">"1. Create a topic"</h2>
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
                <button type="submit" class="button" data-testid="create-topic">
                    "Create topic"
                </button>
            </form>
            <p id="topic-error" class="message message--error" role="alert" data-testid="topic-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <p class="message message--ok" role="status" data-testid="topic-created"
                hidden=move || created.with(|c| c.is_none())>
                {move || created.get().unwrap_or_default()}
            </p>
        </section>
    }
}
