//! Browser component tests (wasm-bindgen-test in headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test web_first_page` (see the Makefile).
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::partitioner::partition_for_key;
use kafka_playground::engine::{Command, TopicSpec, World};
use kafka_playground::ui::{Lanes, Playground, Producer, TopicForm};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod web_common;
use web_common::{click, container, find, type_into};

wasm_bindgen_test_configure!(run_in_browser);

fn chips(root: &Element, partition: u32) -> Vec<(String, String)> {
    let list = find(root, &format!("[data-testid=lane-{partition}]"))
        .query_selector_all("[data-testid=record]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| {
            let e: Element = n.unchecked_into();
            (
                e.get_attribute("data-offset").unwrap_or_default(),
                e.get_attribute("data-key").unwrap_or_default(),
            )
        })
        .collect()
}

#[wasm_bindgen_test]
async fn a_keyed_record_lands_in_its_partition_lane_at_offset_0() {
    const PARTITIONS: u32 = 4;
    let mut world = World::new(7);
    world
        .apply(Command::CreateTopic(TopicSpec::new("clicks", PARTITIONS)))
        .unwrap();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Playground::new(world));
        view! { <Producer /> <Lanes /> }
    });
    let root: Element = root.into();
    assert_eq!(
        root.query_selector_all("[data-testid=record]")
            .unwrap()
            .length(),
        0
    );

    type_into(&root, "produce-key", "user-42");
    type_into(&root, "produce-value", "{\"amount\":3}");
    click(&root, "produce");
    leptos::task::tick().await;

    let expected = partition_for_key(b"user-42", PARTITIONS);
    assert_eq!(chips(&root, expected), vec![("0".into(), "user-42".into())]);
    for p in (0..PARTITIONS).filter(|p| *p != expected) {
        assert!(chips(&root, p).is_empty(), "partition {p} should be empty");
    }
    assert_eq!(
        find(&root, "[data-testid=last-produced]")
            .text_content()
            .unwrap_or_default(),
        format!("Record key=user-42 → partition {expected}, offset 0")
    );
    assert!(find(&root, &format!("[data-testid=leo-{expected}]"))
        .text_content()
        .unwrap_or_default()
        .contains("log-end offset 1"));

    // The same key again: same lane, next offset.
    click(&root, "produce");
    leptos::task::tick().await;
    assert_eq!(
        chips(&root, expected),
        vec![
            ("0".into(), "user-42".into()),
            ("1".into(), "user-42".into())
        ]
    );
}

#[wasm_bindgen_test]
async fn a_refused_topic_name_is_explained_inline() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Playground::new(World::new(1)));
        view! { <TopicForm /> <Lanes /> }
    });
    let root: Element = root.into();
    let error = find(&root, "[data-testid=topic-error]");
    assert!(error.has_attribute("hidden"));

    type_into(&root, "topic-name", "bad name!");
    click(&root, "create-topic");
    leptos::task::tick().await;
    assert!(!error.has_attribute("hidden"));
    let text = error.text_content().unwrap_or_default();
    assert!(text.starts_with("Topic name is invalid"), "{text}");

    type_into(&root, "topic-name", "payments");
    type_into(&root, "topic-partitions", "2");
    click(&root, "create-topic");
    leptos::task::tick().await;
    assert!(error.has_attribute("hidden"));
    assert_eq!(
        root.query_selector_all(".lane").unwrap().length(),
        2,
        "one lane per partition"
    );
}

#[wasm_bindgen_test]
async fn the_topic_form_sets_the_replication_factor() {
    let pg = Playground::new(World::new(1)); // three brokers
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        view! { <TopicForm /> }
    });
    let root: Element = root.into();
    let error = find(&root, "[data-testid=topic-error]");

    // More replicas than brokers: Kafka's refusal, and no topic.
    type_into(&root, "topic-name", "replicated");
    type_into(&root, "topic-replicas", "4");
    click(&root, "create-topic");
    leptos::task::tick().await;
    assert!(!error.has_attribute("hidden"));
    let text = error.text_content().unwrap_or_default();
    assert!(
        text.contains("The target replication factor of 4 cannot be reached because only 3 broker(s) are registered"),
        "{text}"
    );
    assert!(pg
        .world
        .with_untracked(|w| w.topic_view("replicated").is_none()));

    type_into(&root, "topic-replicas", "3");
    click(&root, "create-topic");
    leptos::task::tick().await;
    assert!(error.has_attribute("hidden"));
    let replicas = pg.world.with_untracked(|w| {
        w.partition_view("replicated", 0)
            .map(|p| p.replicas.len())
            .unwrap_or(0)
    });
    assert_eq!(replicas, 3, "every partition has three replicas");
    let created = find(&root, "[data-testid=topic-created]")
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        created,
        "Created topic replicated with 3 partitions, 3 replicas per partition."
    );
}
