//! Browser tests of the producer panel's and the topic's controls (wasm-bindgen-test in headless
//! Chromium): `cargo test --target wasm32-unknown-unknown --test web_controls`.
//! Every test checks the world itself, not only what the page says.
#![cfg(target_arch = "wasm32")]

use kafka_playground::cli::Console;
use kafka_playground::engine::partitioner::partition_for_key;
use kafka_playground::engine::{
    Command, PartitionerKind, ProduceRequest, TopicSpec, World, DEFAULT_PRODUCER,
};
use kafka_playground::ui::{
    Lanes, LoadGenerator, Playground, Producer, ProducerCounters, ProducerSettings, TopicForm,
    TopicPartitions, TopicRetention, MOVED_KEYS_SHOWN,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

mod web_common;
use web_common::{click, container, find, type_into};

wasm_bindgen_test_configure!(run_in_browser);

/// A world with one topic; `keys` records keyed `user-0` … `user-{keys-1}`.
fn world_with(topic: &str, partitions: u32, keys: u32) -> World {
    let mut w = World::new(11);
    w.apply(Command::CreateTopic(TopicSpec::new(topic, partitions)))
        .unwrap();
    for i in 0..keys {
        w.apply(Command::Produce(ProduceRequest::keyed(
            topic,
            &format!("user-{i}"),
            "v",
        )))
        .unwrap();
    }
    w
}

/// Mounts `f` over `pg`; keep the handle alive for the test's length.
fn mount<V: IntoView + 'static>(
    pg: Playground,
    f: impl FnOnce() -> V + 'static,
) -> (Element, impl Drop) {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        f()
    });
    (root.into(), handle)
}

/// Lets effects (and effects started by effects) run.
async fn settle() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

fn by_id(root: &Element, testid: &str) -> Element {
    find(root, &format!("[data-testid={testid}]"))
}

fn text(root: &Element, testid: &str) -> String {
    by_id(root, testid).text_content().unwrap_or_default()
}

fn shown(root: &Element, testid: &str) -> bool {
    !by_id(root, testid).has_attribute("hidden")
}

fn value(root: &Element, testid: &str) -> String {
    by_id(root, testid)
        .unchecked_into::<HtmlInputElement>()
        .value()
}

/// Picks an option of a `<select>` as a user does: set the value, fire `change`.
fn choose(root: &Element, testid: &str, option: &str) {
    let select: HtmlSelectElement = by_id(root, testid).unchecked_into();
    select.set_value(option);
    assert_eq!(select.value(), option, "{testid} has no option {option}");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn partitions(pg: Playground, topic: &str) -> Option<u32> {
    pg.world.with_untracked(|w| w.partition_count(topic))
}

fn written(pg: Playground, topic: &str) -> u64 {
    pg.world
        .with_untracked(|w| w.topic_view(topic).map_or(0, |v| v.total_written()))
}

// ---------------------------------------------------------------- adding partitions

#[wasm_bindgen_test]
async fn increasing_partitions_lists_the_keys_that_really_moved() {
    const KEYS: u32 = 40;
    let pg = Playground::new(world_with("orders", 3, KEYS));
    let (root, _handle) = mount(pg, || view! { <TopicPartitions /> });
    settle().await;
    assert_eq!(value(&root, "alter-partitions"), "4", "suggests one more");
    assert!(!shown(&root, "moved-keys"));

    type_into(&root, "alter-partitions", "5");
    click(&root, "alter-partitions-submit");
    settle().await;

    assert_eq!(partitions(pg, "orders"), Some(5));
    assert!(!shown(&root, "alter-partitions-error"));
    assert!(shown(&root, "moved-keys"));
    // The keys murmur2 sends elsewhere with 5 partitions, in the engine's (sorted) order.
    let mut moved: Vec<String> = (0..KEYS)
        .map(|i| format!("user-{i}"))
        .filter(|k| partition_for_key(k.as_bytes(), 3) != partition_for_key(k.as_bytes(), 5))
        .collect();
    moved.sort();
    assert!(
        moved.len() > MOVED_KEYS_SHOWN,
        "enough keys move to need 'and N more'"
    );
    let items = all(&root, "[data-testid=moved-key]");
    assert_eq!(items.len(), MOVED_KEYS_SHOWN);
    for (item, key) in items.iter().zip(&moved) {
        let (from, to) = (
            partition_for_key(key.as_bytes(), 3),
            partition_for_key(key.as_bytes(), 5),
        );
        assert_ne!(from, to);
        assert_eq!(
            item.get_attribute("data-key").as_deref(),
            Some(key.as_str())
        );
        assert_eq!(
            item.text_content().unwrap_or_default(),
            format!("{key}: partition {from} → {to}")
        );
    }
    assert_eq!(
        text(&root, "moved-more"),
        format!("and {} more", moved.len() - MOVED_KEYS_SHOWN)
    );
    assert!(text(&root, "moved-keys").contains("grew from 3 to 5 partitions"));
    assert_eq!(
        value(&root, "alter-partitions"),
        "6",
        "suggests one more again"
    );
}

#[wasm_bindgen_test]
async fn fewer_or_the_same_partitions_are_refused_beside_the_control() {
    let pg = Playground::new(world_with("orders", 3, 5));
    let (root, _handle) = mount(pg, || view! { <TopicPartitions /> });
    settle().await;
    let alert = by_id(&root, "alter-partitions-error");
    assert_eq!(alert.get_attribute("role").as_deref(), Some("alert"));

    for (typed, said) in [
        // ReplicationControlManager.createPartitions (InvalidPartitionsException).
        (
            "2",
            "The topic orders currently has 3 partition(s); 2 would not be an increase.",
        ),
        ("3", "Topic already has 3 partition(s)."),
        // TopicCommand's check.
        (
            "0",
            "Number of partitions was set to an invalid non-positive value.",
        ),
        (
            "five",
            "The new partition count must be a whole number, e.g. 4; \"five\" is not.",
        ),
    ] {
        type_into(&root, "alter-partitions", typed);
        click(&root, "alter-partitions-submit");
        settle().await;
        assert!(shown(&root, "alter-partitions-error"), "{typed}");
        assert_eq!(text(&root, "alter-partitions-error"), said);
        assert_eq!(partitions(pg, "orders"), Some(3), "{typed} changed nothing");
        assert!(!shown(&root, "moved-keys"));
    }
    // Far too many: the engine's limit answers, no overflow.
    type_into(&root, "alter-partitions", "99999999999999999999999");
    click(&root, "alter-partitions-submit");
    settle().await;
    assert!(text(&root, "alter-partitions-error").contains("more than this playground allows"));
    assert_eq!(partitions(pg, "orders"), Some(3));
}

// ---------------------------------------------------------------- load generator

#[wasm_bindgen_test]
async fn a_hot_key_load_fills_its_partition_and_stops_when_stopped() {
    const PARTITIONS: u32 = 4;
    let pg = Playground::new(world_with("clicks", PARTITIONS, 0));
    let (root, _handle) = mount(pg, || view! { <ProducerCounters /> <LoadGenerator /> });
    settle().await;
    assert!(shown(&root, "load-none"));

    choose(&root, "load-keys", "hot");
    settle().await;
    assert!(!by_id(&root, "load-hot-key")
        .parent_element()
        .unwrap()
        .has_attribute("hidden"));
    type_into(&root, "load-hot-key", "general");
    type_into(&root, "load-share", "80");
    type_into(&root, "load-rate", "100");
    click(&root, "load-start");
    settle().await;

    assert!(!shown(&root, "load-error"), "{}", text(&root, "load-error"));
    let loads = pg.world.with_untracked(|w| w.loads());
    assert_eq!(loads.len(), 1);
    assert_eq!(loads[0].id, "load-1");
    assert_eq!(loads[0].producer, DEFAULT_PRODUCER);
    assert_eq!(
        text(&root, "load-status").split("In the console").next(),
        Some("Load generator load-1 started: 100 records/s to clicks, hot key 'general' at 80%, 100 other keys.")
    );
    // The console line shown starts the same load in a console of its own.
    let line = text(&root, "load-console");
    assert_eq!(
        line,
        "sim load start --id load-1 --topic clicks --rate 100 --keys hot:general:80 --producer producer-1"
    );
    let mut console = Console::new();
    let mut world = World::new(11);
    console.run_line(
        &mut world,
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 4",
    );
    assert_eq!(console.run_line(&mut world, &line).code, 0);
    assert_eq!(world.loads()[0].keys, loads[0].keys);

    pg.world.update(|w| {
        w.advance(10_000);
    });
    settle().await;
    let total = written(pg, "clicks");
    assert!((990..=1010).contains(&total), "about 1000 records: {total}");
    let ends: Vec<u64> = pg.world.with_untracked(|w| {
        w.topic_view("clicks")
            .unwrap()
            .partitions
            .iter()
            .map(|p| p.log_end_offset)
            .collect()
    });
    let hot = partition_for_key(b"general", PARTITIONS) as usize;
    for (p, n) in ends.iter().enumerate().filter(|(p, _)| *p != hot) {
        assert!(
            ends[hot] > *n,
            "hot partition {hot} ({}) vs {p} ({n})",
            ends[hot]
        );
    }
    assert!(
        ends[hot] * 2 > total,
        "the hot partition holds most records: {ends:?}"
    );
    assert_eq!(text(&root, "load-produced"), total.to_string());
    assert_eq!(text(&root, "producer-sent"), total.to_string());
    assert_eq!(text(&root, "producer-acknowledged"), total.to_string());

    let row = find(&root, "[data-testid=load][data-load-id=load-1]");
    click(&row, "load-stop");
    settle().await;
    assert!(pg.world.with_untracked(|w| w.loads().is_empty()));
    assert!(shown(&root, "load-none"));
    assert!(!shown(&root, "load-list"));
    assert_eq!(
        text(&root, "load-status"),
        format!("Load generator load-1 stopped after {total} records.")
    );
    pg.world.update(|w| {
        w.advance(5_000);
    });
    settle().await;
    assert_eq!(written(pg, "clicks"), total, "nothing produced after Stop");
}

#[wasm_bindgen_test]
async fn bad_load_entries_are_explained_and_start_nothing() {
    let pg = Playground::new(world_with("clicks", 3, 0));
    let (root, _handle) = mount(pg, || view! { <LoadGenerator /> });
    settle().await;
    let none_running = || pg.world.with_untracked(|w| w.loads().is_empty());

    type_into(&root, "load-rate", "fast");
    click(&root, "load-start");
    settle().await;
    assert_eq!(
        text(&root, "load-error"),
        "The rate must be a whole number of 0 or more, e.g. 100; \"fast\" is not."
    );
    assert!(none_running());

    // Zero: the engine's limit, which says the range.
    type_into(&root, "load-rate", "0");
    click(&root, "load-start");
    settle().await;
    assert_eq!(
        text(&root, "load-error"),
        "The rate must be between 1 and 1000000 records per second."
    );
    assert!(none_running());

    type_into(&root, "load-rate", "50");
    choose(&root, "load-keys", "hot");
    type_into(&root, "load-share", "150");
    click(&root, "load-start");
    settle().await;
    assert_eq!(
        text(&root, "load-error"),
        "The hot share is a percentage: enter a whole number from 0 to 100."
    );
    assert!(none_running());

    choose(&root, "load-keys", "channel-user");
    type_into(&root, "load-share", "60");
    type_into(&root, "load-channels", " , ");
    click(&root, "load-start");
    settle().await;
    assert!(text(&root, "load-error").starts_with("Enter at least one channel name"));
    assert!(none_running());

    // Fixed, it starts: salted keys over the two channels.
    type_into(&root, "load-channels", "general, random");
    type_into(&root, "load-users", "5");
    click(&root, "load-start");
    settle().await;
    assert!(!shown(&root, "load-error"), "{}", text(&root, "load-error"));
    let loads = pg.world.with_untracked(|w| w.loads());
    assert_eq!(loads.len(), 1);
    assert_eq!(
        loads[0].keys,
        "channel:user (5 users) keys over 2 channels, 'general' at 60%"
    );
    assert_eq!(
        text(&root, "load-console"),
        "sim load start --id load-1 --topic clicks --rate 50 --keys channel-user:general,random:60:5 --producer producer-1"
    );
    // A second load gets the next id.
    choose(&root, "load-keys", "none");
    click(&root, "load-start");
    settle().await;
    let ids: Vec<String> = pg
        .world
        .with_untracked(|w| w.loads().into_iter().map(|l| l.id).collect());
    assert_eq!(ids, ["load-1", "load-2"]);
    assert_eq!(all(&root, "[data-testid=load]").len(), 2);
}

// ---------------------------------------------------------------- producer settings

#[wasm_bindgen_test]
async fn producer_settings_change_the_page_producer_and_kafkas_rule_is_shown() {
    let pg = Playground::new(world_with("orders", 3, 0));
    let (root, _handle) = mount(pg, || view! { <ProducerSettings /> });
    settle().await;
    let config = || {
        pg.world
            .with_untracked(|w| w.producer_config(DEFAULT_PRODUCER))
    };
    assert!(text(&root, "producer-current").contains("acks=all"));
    assert_eq!(value(&root, "producer-retries"), "2147483647");

    click(&root, "acks-0");
    click(&root, "producer-apply");
    settle().await;
    assert!(!shown(&root, "producer-settings-error"));
    assert_eq!(
        pg.world
            .with_untracked(|w| w.producer_view(DEFAULT_PRODUCER).acks),
        "0"
    );
    assert!(text(&root, "producer-current").contains("acks=0"));
    assert!(text(&root, "producer-current")
        .contains("enable.idempotence=false (default, off because of acks=0)"));

    // enable.idempotence=true with acks=1: Kafka's ProducerConfig refuses, in its words.
    click(&root, "acks-1");
    choose(&root, "producer-idempotence", "true");
    settle().await;
    assert!(text(&root, "idempotence-note").starts_with("Kafka refuses this: Must set acks to all"));
    click(&root, "producer-apply");
    settle().await;
    assert_eq!(
        text(&root, "producer-settings-error"),
        "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."
    );
    assert_eq!(config().acks.as_str(), "0", "refused: nothing changed");

    click(&root, "acks-all");
    type_into(&root, "producer-retries", "0");
    click(&root, "producer-apply");
    settle().await;
    assert_eq!(
        text(&root, "producer-settings-error"),
        "Must set retries to non-zero when using the idempotent producer."
    );

    type_into(&root, "producer-retries", "three");
    click(&root, "producer-apply");
    settle().await;
    assert_eq!(
        text(&root, "producer-settings-error"),
        "Invalid value three for configuration retries: Not a number of type INT. Enter a whole number from 0 to 2147483647."
    );
    assert_eq!(config().retries, 2_147_483_647);

    type_into(&root, "producer-retries", "5");
    choose(&root, "producer-partitioner", "round-robin");
    click(&root, "producer-apply");
    settle().await;
    assert!(!shown(&root, "producer-settings-error"));
    let c = config();
    assert_eq!(
        (
            c.acks.as_str(),
            c.retries,
            c.enable_idempotence,
            c.partitioner
        ),
        ("all", 5, Some(true), PartitionerKind::RoundRobin)
    );
    assert!(text(&root, "producer-current")
        .contains("partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner"));

    choose(&root, "producer-partitioner", "ignore-keys");
    click(&root, "producer-apply");
    settle().await;
    let c = config();
    assert!(c.partitioner == PartitionerKind::BuiltIn && c.ignore_keys);
}

// ---------------------------------------------------------------- retention and compaction

#[wasm_bindgen_test]
async fn retention_settings_change_the_topic_config_and_bad_values_change_nothing() {
    let pg = Playground::new(world_with("orders", 3, 0));
    let (root, _handle) = mount(pg, || view! { <TopicRetention /> });
    settle().await;
    let config = || {
        pg.world
            .with_untracked(|w| w.topic_config("orders").cloned().unwrap())
    };
    let explicit = || {
        pg.world
            .with_untracked(|w| w.topic_view("orders").unwrap().configs)
    };
    assert_eq!(value(&root, "retention-ms"), "604800000");
    assert!(text(&root, "topic-config-current").contains("retention.ms=604800000 default: 7 days"));

    type_into(&root, "retention-ms", "60000");
    click(&root, "topic-config-apply");
    settle().await;
    assert!(!shown(&root, "topic-config-error"));
    assert_eq!(config().retention_ms, 60_000);
    assert_eq!(
        explicit(),
        vec![("retention.ms".to_string(), "60000".to_string())],
        "only the changed value is set"
    );
    assert_eq!(
        text(&root, "topic-config-status"),
        "Completed updating config for topic orders."
    );
    assert!(text(&root, "topic-config-current").contains("retention.ms=60000 set: 1 minute"));

    type_into(&root, "retention-ms", "soon");
    click(&root, "topic-config-apply");
    settle().await;
    assert_eq!(
        text(&root, "topic-config-error"),
        "Invalid value soon for configuration retention.ms: Not a number of type LONG"
    );
    assert_eq!(config().retention_ms, 60_000, "refused: nothing changed");

    type_into(&root, "retention-ms", "-2");
    click(&root, "topic-config-apply");
    settle().await;
    assert_eq!(
        text(&root, "topic-config-error"),
        "Invalid value -2 for configuration retention.ms: Value must be at least -1"
    );

    type_into(&root, "retention-ms", "60000");
    type_into(&root, "retention-bytes", "1048576");
    choose(&root, "cleanup-policy", "compact,delete");
    click(&root, "topic-config-apply");
    settle().await;
    assert!(!shown(&root, "topic-config-error"));
    let c = config();
    assert_eq!(
        (c.retention_bytes, c.compact, c.delete),
        (1_048_576, true, true)
    );

    click(&root, "topic-config-defaults");
    settle().await;
    assert!(explicit().is_empty());
    assert_eq!(config(), Default::default());
    assert_eq!(
        value(&root, "retention-ms"),
        "604800000",
        "the fields follow"
    );
    click(&root, "topic-config-defaults");
    settle().await;
    assert_eq!(
        text(&root, "topic-config-status"),
        "retention.ms, retention.bytes and cleanup.policy are at their defaults already."
    );
    click(&root, "topic-config-apply");
    settle().await;
    assert_eq!(
        text(&root, "topic-config-status"),
        "Nothing to change: these are the topic's values already."
    );
}

#[wasm_bindgen_test]
async fn a_short_retention_really_removes_old_records() {
    let pg = Playground::new(world_with("orders", 1, 10));
    let (root, _handle) = mount(pg, || view! { <TopicRetention /> });
    settle().await;
    type_into(&root, "retention-ms", "1000");
    click(&root, "topic-config-apply");
    settle().await;
    pg.world.update(|w| {
        w.advance(30_000);
    });
    let start = pg
        .world
        .with_untracked(|w| w.topic_view("orders").unwrap().partitions[0].log_start_offset);
    assert_eq!(start, 10, "the 10 old records were deleted by retention");
}

// ---------------------------------------------------------------- the whole panel

#[wasm_bindgen_test]
async fn every_control_has_a_label_and_a_unique_id() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(Playground::new(world_with("orders", 3, 0)));
        view! { <TopicForm /> <Producer /> <Lanes /> }
    });
    let root: Element = root.into();
    settle().await;
    let mut ids = std::collections::BTreeSet::new();
    for control in all(&root, "input, select") {
        let id = control.id();
        let labelled = control.closest("label").ok().flatten().is_some()
            || (!id.is_empty()
                && root
                    .query_selector(&format!("label[for='{id}']"))
                    .ok()
                    .flatten()
                    .is_some());
        assert!(labelled, "no label for {}", control.outer_html());
        if !id.is_empty() {
            assert!(ids.insert(id.clone()), "duplicate id {id}");
        }
    }
    // The first page's single-record form still works beside the new controls.
    type_into(&root, "produce-key", "user-42");
    click(&root, "produce");
    settle().await;
    assert_eq!(text(&root, "producer-sent"), "1");
}
