//! Browser component tests of the playground's live views and time controls:
//! `cargo test --target wasm32-unknown-unknown --test web_playground`.
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::partitioner::partition_for_key;
use kafka_playground::engine::{Command, MemberSpec, TopicSpec, World};
use kafka_playground::ui::{LagPanel, Lanes, Playground, TimeControls, Timeline};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

mod web_common;
use web_common::{click, container, find};

wasm_bindgen_test_configure!(run_in_browser);

fn world_with(topic: &str, partitions: u32) -> World {
    let mut w = World::new(9);
    w.apply(Command::CreateTopic(TopicSpec::new(topic, partitions)))
        .unwrap();
    w
}

fn mount(pg: Playground, f: fn() -> AnyView) -> (Element, impl Drop) {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        f()
    });
    (root.into(), handle)
}

fn text(root: &Element, testid: &str) -> String {
    find(root, &format!("[data-testid={testid}]"))
        .text_content()
        .unwrap_or_default()
}

fn offsets(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("[data-testid=record]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| {
            n.unchecked_into::<Element>()
                .get_attribute("data-offset")
                .unwrap_or_default()
        })
        .collect()
}

fn scrub_to(root: &Element, ms: u64) {
    let input: HtmlInputElement = find(root, "[data-testid=time-scrubber]").unchecked_into();
    input.set_value(&ms.to_string());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn scrubbing_back_shows_the_earlier_state_exactly_and_acting_starts_a_branch() {
    let pg = Playground::new(world_with("t", 1));
    let (root, _h) = mount(pg, || view! { <TimeControls /> <Lanes /> }.into_any());
    for i in 0..3 {
        pg.produce(Some("k".into()), format!("v{i}"), None).unwrap();
        pg.advance(1_000);
    }
    leptos::task::tick().await;
    assert_eq!(offsets(&root), ["0", "1", "2"]);
    assert!(text(&root, "time-now").contains("00:03.0"));

    // Back to 1.5 s: the records sent at 0 s and 1 s exist, the one sent at 2 s does not yet.
    scrub_to(&root, 1_500);
    leptos::task::tick().await;
    assert_eq!(offsets(&root), ["0", "1"]);
    assert!(text(&root, "time-now").contains("00:01.5"));
    assert!(
        text(&root, "time-past").contains("00:03.0"),
        "the later part is still reachable"
    );
    assert!(!pg.playing.get_untracked(), "going back pauses time");
    let expected = World::replay(9, &pg.world.with_untracked(|w| w.journal().to_vec()), None);
    assert_eq!(
        format!("{expected:?}"),
        format!("{:?}", pg.world.get_untracked()),
        "the shown world is the replayed one"
    );

    // Forward again to the end: everything is back.
    scrub_to(&root, 3_000);
    leptos::task::tick().await;
    assert_eq!(offsets(&root), ["0", "1", "2"]);
    assert!(root
        .query_selector("[data-testid=time-past]")
        .unwrap()
        .is_none());

    // Back, then act: the new record takes offset 2 in the new branch, and the future is gone.
    scrub_to(&root, 1_500);
    leptos::task::tick().await;
    pg.produce(Some("k".into()), "branch".into(), None).unwrap();
    leptos::task::tick().await;
    assert_eq!(offsets(&root), ["0", "1", "2"]);
    assert!(root
        .query_selector("[data-testid=time-past]")
        .unwrap()
        .is_none());
    assert_eq!(pg.timeline_end(), 1_500);
}

#[wasm_bindgen_test]
async fn pause_stops_the_clock_step_moves_one_second_and_speed_multiplies() {
    let pg = Playground::new(world_with("t", 1));
    let (root, _h) = mount(pg, || view! { <TimeControls /> }.into_any());
    leptos::task::tick().await;
    assert_eq!(
        find(&root, "[data-testid=time-play]").get_attribute("aria-pressed"),
        Some("true".into())
    );
    pg.tick(500.0);
    assert_eq!(pg.world.with_untracked(|w| w.elapsed_ms()), 500);

    click(&root, "time-play");
    leptos::task::tick().await;
    assert_eq!(
        find(&root, "[data-testid=time-play]").get_attribute("aria-pressed"),
        Some("false".into())
    );
    pg.tick(500.0);
    assert_eq!(pg.world.with_untracked(|w| w.elapsed_ms()), 500, "paused");

    click(&root, "time-step");
    leptos::task::tick().await;
    assert_eq!(pg.world.with_untracked(|w| w.elapsed_ms()), 1_500);
    assert!(text(&root, "time-now").contains("00:01.5"));

    let speed: HtmlSelectElement = find(&root, "[data-testid=time-speed]").unchecked_into();
    speed.set_value("16");
    speed
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&root, "time-play");
    leptos::task::tick().await;
    pg.tick(100.0);
    assert_eq!(
        pg.world.with_untracked(|w| w.elapsed_ms()),
        3_100,
        "16 × 100 ms"
    );

    click(&root, "time-reset");
    leptos::task::tick().await;
    assert_eq!(pg.world.with_untracked(|w| w.elapsed_ms()), 0);
}

#[wasm_bindgen_test]
async fn increasing_partitions_adds_lanes_and_names_the_keys_that_moved() {
    let pg = Playground::new(world_with("orders", 2));
    let (root, _h) = mount(pg, || view! { <Lanes /> }.into_any());
    let keys: Vec<String> = (0..20).map(|i| format!("user-{i}")).collect();
    for k in &keys {
        pg.produce(Some(k.clone()), "{}".into(), None).unwrap();
    }
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=lane-2]")
        .unwrap()
        .is_none());

    pg.apply(Command::AlterPartitions {
        topic: "orders".into(),
        partitions: 4,
    })
    .unwrap();
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=lane-3]")
        .unwrap()
        .is_some());
    let moved = text(&root, "lanes-moved");
    let really_moved: Vec<&String> = keys
        .iter()
        .filter(|k| partition_for_key(k.as_bytes(), 2) != partition_for_key(k.as_bytes(), 4))
        .collect();
    assert!(!really_moved.is_empty());
    for k in &really_moved {
        let arrow = format!(
            "{k} {} → {}",
            partition_for_key(k.as_bytes(), 2),
            partition_for_key(k.as_bytes(), 4)
        );
        assert!(moved.contains(&arrow), "{arrow} missing from: {moved}");
    }
    let kept = keys
        .iter()
        .find(|k| partition_for_key(k.as_bytes(), 2) == partition_for_key(k.as_bytes(), 4))
        .unwrap();
    assert!(!moved.contains(&format!("{kept} ")), "{kept} did not move");
}

#[wasm_bindgen_test]
async fn lag_grows_on_the_partition_a_slow_consumer_cannot_keep_up_with() {
    let pg = Playground::new(world_with("t", 2));
    let (root, _h) = mount(pg, || view! { <LagPanel /> <Lanes /> }.into_any());
    let mut m = MemberSpec::new("g", &["t"]).with_id("m1");
    m.config.processing_us = 100_000; // 10 records/s
    pg.apply(Command::JoinGroup(m)).unwrap();
    pg.apply(Command::StartLoad(kafka_playground::engine::LoadSpec {
        id: "hot".into(),
        producer: "p".into(),
        topic: "t".into(),
        rate_per_sec: 50,
        value_size: 10,
        keys: kafka_playground::engine::KeyStrategy::Fixed { key: "k".into() },
        limit: None,
    }))
    .unwrap();
    pg.advance(30_000);
    leptos::task::tick().await;
    let hot = partition_for_key(b"k", 2);
    let summary = text(&root, "lag-summary");
    assert!(
        summary.contains(&format!("the most behind is t-{hot}")),
        "{summary}"
    );
    assert!(root.query_selector_all(".lag__line").unwrap().length() >= 1);
    assert!(text(&root, &format!("share-{hot}")).contains("100% of the last 10 s"));
    assert!(find(&root, &format!("[data-testid=lane-{hot}]"))
        .class_name()
        .contains("lane--hot"));
    assert!(text(&root, &format!("marks-{hot}")).contains("g: committed"));
}

#[wasm_bindgen_test]
async fn the_timeline_tells_a_crash_and_the_rebalance_after_the_session_timeout() {
    let pg = Playground::new(world_with("t", 2));
    let (root, _h) = mount(pg, || view! { <Timeline /> }.into_any());
    for id in ["a", "b"] {
        pg.apply(Command::JoinGroup(MemberSpec::new("g", &["t"]).with_id(id)))
            .unwrap();
    }
    pg.advance(5_000);
    pg.apply(Command::CrashMember {
        group: "g".into(),
        member_id: "b".into(),
    })
    .unwrap();
    pg.advance(50_000);
    leptos::task::tick().await;
    let log = text(&root, "timeline");
    assert!(log.contains("crashed"), "{log}");
    assert!(log.contains("sent no heartbeat for 45000 ms"), "{log}");
    let events = root
        .query_selector_all("[data-testid=timeline-event]")
        .unwrap();
    assert!(events.length() >= 4);
    // Newest first: the first entry is not older than the last.
    let first = events.item(0).unwrap().text_content().unwrap();
    let last = events
        .item(events.length() - 1)
        .unwrap()
        .text_content()
        .unwrap();
    assert!(first[..7] >= last[..7], "{first} / {last}");
}
