//! Browser tests of the broker view and what failures show elsewhere (lanes, producer counters,
//! timeline), in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web_brokers` (see the Makefile).
//! Time moves only when a test advances the world, as the page's clock would.
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::{
    Acks, Command, ProducerConfig, TopicSpec, World, DEFAULT_PRODUCER, MAX_BROKERS,
};
use kafka_playground::ui::{
    BrokersPanel, Lanes, Playground, ProducerCounters, Timeline, PARTITIONS_SHOWN,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement};

mod web_common;
use web_common::{click, container, find, texts};

wasm_bindgen_test_configure!(run_in_browser);

const TOPIC: &str = "payments";

/// A world with topic `payments`: `partitions` partitions, `rf` replicas each.
fn world(partitions: u32, rf: u32) -> World {
    let mut w = World::new(5);
    w.apply(Command::CreateTopic(
        TopicSpec::new(TOPIC, partitions).with_replication_factor(rf),
    ))
    .unwrap();
    w
}

fn mount(world: World, f: fn() -> AnyView) -> (Element, Playground, impl Drop) {
    let pg = Playground::new(world);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        f()
    });
    (root.into(), pg, handle)
}

async fn advance(pg: Playground, ms: u64) {
    pg.world.update(|w| {
        w.advance(ms);
    });
    leptos::task::tick().await;
}

fn text(root: &Element, testid: &str) -> String {
    find(root, &format!("[data-testid={testid}]"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn card(root: &Element, broker: u32) -> Element {
    find(root, &format!("[data-testid=broker-{broker}]"))
}

fn button(scope: &Element, testid: &str) -> HtmlButtonElement {
    find(scope, &format!("[data-testid={testid}]")).unchecked_into()
}

fn row(root: &Element, partition: u32) -> Element {
    find(
        root,
        &format!("[data-testid=partition-row][data-partition=\"{partition}\"]"),
    )
}

fn cell(root: &Element, partition: u32, testid: &str) -> String {
    text(&row(root, partition), testid)
}

fn leader_of(pg: Playground, partition: u32) -> Option<u32> {
    pg.world
        .with_untracked(|w| w.partition_view(TOPIC, partition).unwrap().leader)
}

fn rows(root: &Element) -> usize {
    root.query_selector_all("[data-testid=partition-row]")
        .unwrap()
        .length() as usize
}

#[wasm_bindgen_test]
async fn killing_the_leaders_broker_elects_a_new_leader_and_starting_it_brings_it_back_in_sync() {
    let (root, pg, _h) = mount(world(3, 3), || view! { <BrokersPanel /> }.into_any());
    let old = leader_of(pg, 0).expect("a leader");
    assert_eq!(cell(&root, 0, "partition-leader"), old.to_string());
    assert_eq!(cell(&root, 0, "partition-isr").split(", ").count(), 3);
    assert_eq!(
        row(&root, 0).get_attribute("data-state").as_deref(),
        Some("in-sync")
    );
    assert_eq!(
        text(&root, "partitions-summary"),
        "All 3 partitions have every replica in sync."
    );
    assert!(text(&root, "brokers-legend").contains("High watermark"));
    assert!(button(&card(&root, old), "broker-start").disabled());

    click(&card(&root, old), "broker-kill");
    leptos::task::tick().await;

    let card_old = card(&root, old);
    assert_eq!(text(&card_old, "broker-status"), "down");
    assert_eq!(card_old.get_attribute("data-up").as_deref(), Some("false"));
    assert!(button(&card_old, "broker-kill").disabled());
    assert!(!button(&card_old, "broker-start").disabled());
    assert_eq!(text(&card_old, "broker-leads"), "0");

    let new = leader_of(pg, 0).expect("another in-sync replica took over");
    assert_ne!(new, old);
    assert_eq!(cell(&root, 0, "partition-leader"), new.to_string());
    assert_eq!(cell(&root, 0, "partition-epoch"), "1");
    let isr = cell(&root, 0, "partition-isr");
    assert_eq!(isr.split(", ").count(), 2, "ISR {isr}");
    assert!(!isr.contains(&old.to_string()));
    // Under-replicated: said in words and marked on the row.
    let r0 = row(&root, 0);
    assert_eq!(
        r0.get_attribute("data-state").as_deref(),
        Some("under-replicated")
    );
    assert!(r0.class_name().contains("brokers__row--under"));
    assert_eq!(text(&r0, "partition-state"), "under-replicated");
    assert!(text(&root, "partitions-summary").starts_with(
        "Under-replicated (fewer in-sync replicas than replicas): payments-0, payments-1, payments-2."
    ));
    let said = text(&root, "brokers-announcer");
    assert!(
        said.starts_with(&format!("Broker {old} is down.")),
        "{said}"
    );
    assert!(
        said.contains(&format!("payments-0: broker {new} leads now (epoch 1).")),
        "{said}"
    );
    assert!(text(&root, "brokers-error").is_empty());

    click(&card(&root, old), "broker-start");
    leptos::task::tick().await;
    assert_eq!(text(&card(&root, old), "broker-status"), "up");
    advance(pg, 1_000).await;
    assert_eq!(cell(&root, 0, "partition-isr").split(", ").count(), 3);
    assert_eq!(
        row(&root, 0).get_attribute("data-state").as_deref(),
        Some("in-sync")
    );
    assert_eq!(
        text(&root, "partitions-summary"),
        "All 3 partitions have every replica in sync."
    );
    assert!(text(&root, "brokers-announcer").contains("ISR is now"));
    // Leadership stays where it moved until the preferred leader returns (5 minutes).
    assert_eq!(cell(&root, 0, "partition-leader"), new.to_string());
}

#[wasm_bindgen_test]
async fn a_partition_whose_replicas_all_died_is_offline() {
    let (root, pg, _h) = mount(world(1, 3), || view! { <BrokersPanel /> }.into_any());
    for b in 1..=3 {
        click(&card(&root, b), "broker-kill");
        leptos::task::tick().await;
    }
    assert_eq!(leader_of(pg, 0), None);
    let r0 = row(&root, 0);
    assert_eq!(r0.get_attribute("data-state").as_deref(), Some("offline"));
    assert!(r0.class_name().contains("brokers__row--offline"));
    assert_eq!(text(&r0, "partition-state"), "offline");
    assert_eq!(text(&r0, "partition-leader"), "offline");
    assert!(text(&root, "partitions-summary")
        .starts_with("Offline (no leader: nobody can write or read): payments-0."));
    assert!(text(&root, "brokers-announcer").contains("payments-0 is offline."));
    for b in 1..=3 {
        assert_eq!(text(&card(&root, b), "broker-status"), "down");
    }
    // The last in-sync replica comes back and leads again.
    let last = pg
        .world
        .with_untracked(|w| w.partition_view(TOPIC, 0).unwrap().isr[0]);
    click(&card(&root, last), "broker-start");
    leptos::task::tick().await;
    assert_eq!(text(&row(&root, 0), "partition-leader"), last.to_string());
}

#[wasm_bindgen_test]
async fn a_refused_command_is_shown_and_brokers_stop_at_the_limit() {
    let (root, pg, _h) = mount(world(1, 1), || view! { <BrokersPanel /> }.into_any());
    assert!(text(&root, "brokers-rf1").contains("replication factor 1"));
    for _ in 3..MAX_BROKERS {
        click(&root, "broker-add");
        leptos::task::tick().await;
    }
    assert_eq!(
        texts(&root, "[data-testid^=broker-][data-broker]").len(),
        MAX_BROKERS as usize
    );
    assert!(button(&root, "broker-add").disabled());
    assert!(text(&root, "brokers-announcer").contains(&format!("Broker {MAX_BROKERS} joined")));
    // A command the engine refuses (here sent as a stale click would) shows Kafka's words.
    pg.world.update(|w| {
        w.apply(Command::StopBroker { broker: 4 }).unwrap();
    });
    leptos::task::tick().await;
    let kill = button(&card(&root, 4), "broker-kill");
    kill.set_disabled(false); // a click that raced the update
    kill.click();
    leptos::task::tick().await;
    assert_eq!(
        text(&root, "brokers-error"),
        "Broker 4 is already down. Start it with: sim broker start 4"
    );
}

#[wasm_bindgen_test]
async fn slow_followers_hold_the_high_watermark_and_acks_all_records_wait() {
    let (root, pg, _h) = mount(world(1, 3), || {
        view! { <BrokersPanel /> <Lanes /> <ProducerCounters /> }.into_any()
    });
    let leader = leader_of(pg, 0).unwrap();
    let follower = (1..=3).find(|b| *b != leader).unwrap();
    let slow = button(&card(&root, follower), "broker-slow");
    assert_eq!(slow.get_attribute("aria-pressed").as_deref(), Some("false"));
    slow.click();
    leptos::task::tick().await;
    assert_eq!(slow.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        text(&card(&root, follower), "broker-speed"),
        "Followers: stopped copying"
    );

    // The page's producer uses Kafka's defaults: acks=all, so the record waits for the ISR.
    pg.produce(Some("k".into()), "v".into(), None).unwrap();
    advance(pg, 100).await;
    assert_eq!(cell(&root, 0, "partition-hw"), "0");
    assert_eq!(cell(&root, 0, "partition-leo"), "1");
    assert!(cell(&root, 0, "partition-replicas").contains(&format!("{follower}:0")));
    assert!(text(&root, "hw-0").contains("high watermark 0"));
    let chip = find(&root, "[data-testid=lane-0] [data-testid=record]");
    assert!(chip.class_name().contains("chip--above-hw"));
    assert!(chip.class_name().contains("chip--hw-first"));
    assert!(chip.class_name().contains("chip--awaiting"));
    let label = chip.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.contains("waiting for the in-sync replicas"),
        "{label}"
    );
    assert!(
        label.contains("not yet on every in-sync replica"),
        "{label}"
    );
    assert_eq!(text(&root, "producer-awaiting"), "1");

    // After replica.lag.time.max.ms the slow follower leaves the ISR and the record is committed.
    advance(pg, 46_000).await;
    assert_eq!(
        row(&root, 0).get_attribute("data-state").as_deref(),
        Some("under-replicated")
    );
    assert_eq!(cell(&root, 0, "partition-hw"), "1");
    assert!(root.query_selector("[data-testid=hw-0]").unwrap().is_none());
    let chip = find(&root, "[data-testid=lane-0] [data-testid=record]");
    assert!(!chip.class_name().contains("chip--above-hw"));
    assert!(!chip.class_name().contains("chip--awaiting"));
    assert_eq!(text(&root, "producer-awaiting"), "0");
    assert_eq!(text(&root, "producer-acknowledged"), "1");
}

#[wasm_bindgen_test]
async fn an_unclean_election_loses_acknowledged_records_and_the_lane_says_which() {
    let mut w = world(1, 2);
    w.apply(Command::AlterTopicConfig {
        topic: TOPIC.into(),
        set: vec![("unclean.leader.election.enable".into(), "true".into())],
        delete: vec![],
    })
    .unwrap();
    let (root, pg, _h) = mount(w, || {
        view! { <BrokersPanel /> <Lanes /> <ProducerCounters /> <Timeline /> }.into_any()
    });
    let config = ProducerConfig {
        acks: Acks::One,
        ..pg.world
            .with_untracked(|w| w.producer_config(DEFAULT_PRODUCER))
    };
    pg.apply(Command::SetProducerConfig {
        producer: DEFAULT_PRODUCER.into(),
        config,
    })
    .unwrap();
    let leader = leader_of(pg, 0).unwrap();
    let follower = (1..=2).find(|b| *b != leader).unwrap();
    click(&card(&root, follower), "broker-slow");
    for i in 0..3 {
        pg.produce(Some(format!("k{i}")), "v".into(), None).unwrap();
    }
    advance(pg, 46_000).await;
    click(&card(&root, leader), "broker-kill");
    leptos::task::tick().await;

    assert_eq!(cell(&root, 0, "partition-leader"), follower.to_string());
    assert_eq!(
        text(&root, "lost-0"),
        "3 records lost at offsets 0–2 (unclean election, all acknowledged)."
    );
    assert_eq!(text(&root, "producer-lost"), "3");
    let problems = texts(&root, ".timeline__event--problem");
    assert!(
        problems.iter().any(|t| t.contains("Unclean election")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|t| t.contains("were lost")),
        "{problems:?}"
    );
    let warnings = texts(&root, ".timeline__event--warning");
    assert!(
        warnings
            .iter()
            .any(|t| t.contains(&format!("Broker {leader} stopped"))),
        "{warnings:?}"
    );
}

#[wasm_bindgen_test]
async fn many_partitions_show_a_few_rows_until_asked_and_the_summary_names_them_all() {
    let (root, pg, _h) = mount(world(64, 2), || view! { <BrokersPanel /> }.into_any());
    assert_eq!(rows(&root), PARTITIONS_SHOWN as usize);
    click(&root, "partitions-show-all");
    leptos::task::tick().await;
    assert_eq!(rows(&root), 64);
    assert_eq!(
        find(&root, "[data-testid=partitions-show-all]")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    click(&root, "partitions-show-all");
    leptos::task::tick().await;
    assert_eq!(rows(&root), PARTITIONS_SHOWN as usize);

    click(&card(&root, 1), "broker-kill");
    leptos::task::tick().await;
    let summary = text(&root, "partitions-summary");
    assert!(summary.starts_with("Under-replicated"), "{summary}");
    assert!(summary.contains(" more."), "{summary}");
    let said = text(&root, "brokers-announcer");
    assert!(
        said.contains("partitions of payments have a new leader."),
        "{said}"
    );
    assert!(said.contains("The ISR changed on"), "{said}");
    assert!(pg
        .world
        .with_untracked(|w| w.broker_views().iter().all(|b| b.id == 1 || b.up)));
}

#[wasm_bindgen_test]
async fn losing_the_next_acknowledgement_duplicates_without_idempotence() {
    let (root, pg, _h) = mount(world(1, 1), || view! { <ProducerCounters /> }.into_any());
    let config = ProducerConfig {
        acks: Acks::One,
        ..pg.world
            .with_untracked(|w| w.producer_config(DEFAULT_PRODUCER))
    };
    pg.apply(Command::SetProducerConfig {
        producer: DEFAULT_PRODUCER.into(),
        config,
    })
    .unwrap();
    leptos::task::tick().await;
    assert!(text(&root, "lose-ack-status").is_empty());
    click(&root, "lose-ack");
    leptos::task::tick().await;
    assert!(text(&root, "lose-ack-status").starts_with("The next acknowledgement"));
    pg.produce(Some("k".into()), "v".into(), None).unwrap();
    advance(pg, 1_000).await;
    assert_eq!(text(&root, "producer-retried"), "1");
    assert_eq!(text(&root, "producer-duplicated"), "1");
    assert!(text(&root, "lose-ack-status").is_empty());
}
