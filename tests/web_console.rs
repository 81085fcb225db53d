//! Browser test of the console pane (wasm-bindgen-test in headless Chromium): typing the real
//! tools' commands changes the page's world, and the other views show it at once.
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::partitioner::partition_for_key;
use kafka_playground::engine::{Command, TopicSpec, World};
use kafka_playground::ui::{ConsolePane, Lanes, Playground};
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

mod web_common;
use web_common::{click, container, find, type_into};

wasm_bindgen_test_configure!(run_in_browser);

/// Types a line at the console prompt and presses Run, as a learner does.
async fn run(root: &Element, line: &str) {
    type_into(root, "console-input", line);
    click(root, "console-run");
    leptos::task::tick().await;
}

/// Mounts the lanes and the console over a world with a 3-partition `orders` topic.
fn mount_orders() -> (Element, impl Drop) {
    let mut world = World::new(3);
    world
        .apply(Command::CreateTopic(TopicSpec::new("orders", 3)))
        .unwrap();
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Playground::new(world));
        view! { <Lanes /> <ConsolePane /> }
    });
    (root.into(), handle)
}

fn output(root: &Element) -> String {
    find(root, "[data-testid=console-output]")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn typing_the_console_producer_adds_a_record_to_its_partition_lane() {
    let (root, _handle) = mount_orders();

    run(
        &root,
        "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=:",
    )
    .await;
    // The producer reads records at a `>` prompt; Ctrl-D has a button for touch screens.
    assert!(root
        .query_selector("[data-testid=console-eof]")
        .unwrap()
        .is_some());
    run(&root, "user-42:{\"amount\":3}").await;
    click(&root, "console-eof");
    leptos::task::tick().await;

    let expected = partition_for_key(b"user-42", 3);
    let chip = find(
        &root,
        &format!("[data-testid=lane-{expected}] [data-testid=record]"),
    );
    assert_eq!(chip.get_attribute("data-key").as_deref(), Some("user-42"));
    assert_eq!(chip.get_attribute("data-offset").as_deref(), Some("0"));

    run(
        &root,
        "kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders",
    )
    .await;
    assert!(
        output(&root).contains("PartitionCount: 3"),
        "{}",
        output(&root)
    );

    // A typo gets the real tool's kind of message and a suggestion.
    run(&root, "kafka-topic.sh --list").await;
    let text = output(&root);
    assert!(text.contains("command not found"), "{text}");
    assert!(text.contains("kafka-topics"), "{text}");
}

#[wasm_bindgen_test]
async fn a_refused_partition_decrease_is_explained_in_the_console() {
    let (root, _handle) = mount_orders();
    run(
        &root,
        "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 2",
    )
    .await;
    assert!(
        output(&root)
            .contains("The topic orders currently has 3 partition(s); 2 would not be an increase."),
        "{}",
        output(&root)
    );
    run(
        &root,
        "kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 5",
    )
    .await;
    assert!(
        root.query_selector("[data-testid=lane-4]")
            .unwrap()
            .is_some(),
        "the new lanes appear"
    );
}
