//! Browser tests of the consumer-groups panel (wasm-bindgen-test in headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --test web_groups` (see the Makefile).
//! Time moves only when a test advances the world, as the page's clock would.
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::{
    AssignorKind, Command, GroupView, ProduceRequest, TopicSpec, World,
};
use kafka_playground::ui::{ConsolePane, GroupsPanel, Playground};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

mod web_common;
use web_common::{click, container, find, inject_css, next_frame, select_value, texts, type_into};

wasm_bindgen_test_configure!(run_in_browser);

const GROUP: &str = "orders-app";

/// Mounts the panel over a world with topic `orders` of `partitions` partitions.
fn mount(partitions: u32) -> (Element, Playground, impl Drop) {
    let mut world = World::new(11);
    world
        .apply(Command::CreateTopic(TopicSpec::new("orders", partitions)))
        .unwrap();
    let pg = Playground::new(world);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        view! { <GroupsPanel /> }
    });
    (root.into(), pg, handle)
}

async fn advance(pg: Playground, ms: u64) {
    pg.world.update(|w| {
        w.advance(ms);
    });
    leptos::task::tick().await;
}

async fn start_consumers(root: &Element, n: usize) {
    for _ in 0..n {
        click(root, "start-consumer");
        leptos::task::tick().await;
    }
}

fn view_of(pg: Playground) -> GroupView {
    pg.world
        .with_untracked(|w| w.group_view(GROUP))
        .expect("the group exists")
}

fn card(root: &Element) -> Element {
    find(root, &format!("[data-testid=group-{GROUP}]"))
}

fn text(root: &Element, testid: &str) -> String {
    find(root, &format!("[data-testid={testid}]"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn members(root: &Element) -> Vec<Element> {
    let list = card(root)
        .query_selector_all("[data-testid=member]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn member(root: &Element, client_id: &str) -> Element {
    find(
        &card(root),
        &format!("[data-testid=member][data-client-id={client_id}]"),
    )
}

fn client_id(m: &Element) -> String {
    m.get_attribute("data-client-id").unwrap_or_default()
}

fn chips(m: &Element) -> Vec<String> {
    texts(m, "[data-testid=member-partition]")
}

fn is_idle(m: &Element) -> bool {
    m.query_selector("[data-testid=member-idle]")
        .unwrap()
        .is_some()
}

fn state(root: &Element) -> String {
    find(&card(root), "[data-testid=group-state]")
        .get_attribute("data-state")
        .unwrap_or_default()
}

fn generation(root: &Element) -> String {
    text(&card(root), "group-generation")
}

fn rebalancing_marker(root: &Element) -> Option<String> {
    card(root)
        .query_selector("[data-testid=group-rebalancing]")
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

fn owner_of(root: &Element, partition: &str) -> String {
    text(
        &find(
            &card(root),
            &format!("[data-testid=lag-row][data-partition={partition}]"),
        ),
        "lag-owner",
    )
}

#[wasm_bindgen_test]
async fn a_fifth_consumer_on_four_partitions_sits_idle() {
    let (root, pg, _handle) = mount(4);
    assert!(text(&root, "groups-empty").starts_with("No consumer groups yet"));

    start_consumers(&root, 5).await;
    assert!(root
        .query_selector("[data-testid=groups-empty]")
        .unwrap()
        .is_none());
    assert_eq!(members(&root).len(), 5);
    // The first join waits group.initial.rebalance.delay.ms (3 s) for more members.
    assert_eq!(state(&root), "PreparingRebalance");
    assert_eq!(generation(&root), "0");
    assert!(rebalancing_marker(&root).is_some_and(|t| t.contains("Rebalancing…")));

    advance(pg, 3_100).await;
    assert_eq!(state(&root), "Stable");
    assert_eq!(generation(&root), "1");
    assert!(rebalancing_marker(&root).is_none());
    assert_eq!(text(&card(&root), "group-assignor"), "range");

    let ms = members(&root);
    let idle: Vec<String> = ms.iter().filter(|m| is_idle(m)).map(client_id).collect();
    assert_eq!(idle, vec!["consumer-orders-app-5".to_string()]);
    let mut owned: Vec<String> = Vec::new();
    for m in ms.iter().filter(|m| !is_idle(m)) {
        let c = chips(m);
        assert_eq!(c.len(), 1, "{} owns exactly one partition", client_id(m));
        owned.extend(c);
    }
    owned.sort();
    assert_eq!(owned, ["orders-0", "orders-1", "orders-2", "orders-3"]);
    assert!(chips(&member(&root, "consumer-orders-app-5")).is_empty());
    assert_eq!(
        text(&root, "groups-announcer"),
        "Group orders-app rebalanced: generation 1, 5 members, 1 idle."
    );
}

#[wasm_bindgen_test]
async fn a_crashed_member_stays_until_its_session_times_out() {
    let (root, pg, _handle) = mount(3);
    start_consumers(&root, 3).await;
    advance(pg, 3_100).await;
    assert_eq!(generation(&root), "1");

    let victim = member(&root, "consumer-orders-app-2");
    let lost = chips(&victim);
    assert_eq!(lost.len(), 1);
    click(&victim, "member-crash");
    leptos::task::tick().await;

    let victim = member(&root, "consumer-orders-app-2");
    assert_eq!(
        victim.get_attribute("data-status").as_deref(),
        Some("crashed")
    );
    assert!(text(&victim, "member-status").starts_with("crashed"));
    let crash_button: HtmlElement = victim
        .query_selector("[data-testid=member-crash]")
        .unwrap()
        .expect("a crashed member keeps its buttons in place")
        .unchecked_into();
    assert!(
        crash_button.has_attribute("disabled"),
        "a dead process cannot be crashed again"
    );
    // The coordinator has not noticed yet: no heartbeat is missed until session.timeout.ms.
    advance(pg, 44_000).await;
    assert_eq!(members(&root).len(), 3);
    assert_eq!(generation(&root), "1");
    assert_eq!(state(&root), "Stable");
    assert_eq!(owner_of(&root, &lost[0]), "consumer-orders-app-2");

    advance(pg, 1_100).await; // past 45 s after the crash
    assert_eq!(members(&root).len(), 2);
    assert_eq!(generation(&root), "2");
    assert_eq!(state(&root), "Stable");
    let new_owner = owner_of(&root, &lost[0]);
    assert!(
        ["consumer-orders-app-1", "consumer-orders-app-3"].contains(&new_owner.as_str()),
        "{new_owner}"
    );
    assert!(chips(&member(&root, &new_owner)).contains(&lost[0]));
    assert_eq!(
        text(&root, "groups-announcer"),
        "Group orders-app rebalanced: generation 2, 2 members."
    );
}

#[wasm_bindgen_test]
async fn buttons_stay_under_the_pointer_while_a_member_leaves() {
    inject_css(include_str!("../style/main.css"));
    inject_css(include_str!("../style/groups.css"));
    let (root, pg, _handle) = mount(3);
    start_consumers(&root, 3).await;
    advance(pg, 3_100).await;
    let list = root.query_selector(".groups__members").unwrap().unwrap();
    let top_of = |client: &str| {
        member(&root, client)
            .query_selector("[data-testid=member-crash]")
            .unwrap()
            .unwrap()
            .get_bounding_client_rect()
            .top()
    };
    // On screen, as under a real pointer (rows off screen are not laid out: content-visibility).
    list.scroll_into_view();
    next_frame().await;
    next_frame().await;
    let before = top_of("consumer-orders-app-3");

    // The pointer is over the list: crash the second member, wait out its session.
    let enter = web_sys::Event::new("pointerenter").unwrap();
    list.dispatch_event(&enter).unwrap();
    click(&member(&root, "consumer-orders-app-2"), "member-crash");
    leptos::task::tick().await;
    assert_eq!(
        top_of("consumer-orders-app-3"),
        before,
        "a crash moved the next row"
    );
    advance(pg, 46_000).await;
    assert_eq!(
        generation(&root),
        "2",
        "the coordinator removed the crashed member"
    );
    assert_eq!(members(&root).len(), 2);
    let gone = root
        .query_selector("[data-testid=member-gone]")
        .unwrap()
        .expect("the row of the member that left stays while the pointer is on the list");
    assert_eq!(gone.get_attribute("data-status").as_deref(), Some("left"));
    assert_eq!(
        gone.query_selector("[data-testid=member-status]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap_or_default(),
        "left the group"
    );
    assert_eq!(
        top_of("consumer-orders-app-3"),
        before,
        "the rows below slid up"
    );

    // The pointer leaves: the list closes up.
    let leave = web_sys::Event::new("pointerleave").unwrap();
    list.dispatch_event(&leave).unwrap();
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=member-gone]")
        .unwrap()
        .is_none());
    assert!(top_of("consumer-orders-app-3") < before);
}

#[wasm_bindgen_test]
async fn switching_the_assignor_restarts_the_members_with_it() {
    let (root, pg, _handle) = mount(4);
    start_consumers(&root, 2).await;
    advance(pg, 3_100).await;
    assert_eq!(text(&card(&root), "group-assignor"), "range");

    select_value(&card(&root), "assignor-select", "classic:roundrobin");
    click(&card(&root), "assignor-apply");
    leptos::task::tick().await;
    let marker = rebalancing_marker(&root).expect("a rebalance is shown");
    assert!(marker.contains("roundrobin"), "{marker}");

    advance(pg, 200).await;
    assert_eq!(text(&card(&root), "group-assignor"), "roundrobin");
    assert_eq!(generation(&root), "2");
    assert_eq!(view_of(pg).assignor, Some(AssignorKind::RoundRobin));
    // Round robin deals partitions out in turn: 0 and 2 to the first member, 1 and 3 to the second.
    assert_eq!(
        chips(&member(&root, "consumer-orders-app-1")),
        ["orders-0", "orders-2"]
    );
}

#[wasm_bindgen_test]
async fn a_stopped_member_leaves_at_once_and_the_group_rebalances() {
    let (root, pg, _handle) = mount(2);
    start_consumers(&root, 2).await;
    advance(pg, 3_100).await;
    assert_eq!(chips(&member(&root, "consumer-orders-app-2")), ["orders-1"]);

    click(&member(&root, "consumer-orders-app-1"), "member-stop");
    leptos::task::tick().await;
    // LeaveGroup: the coordinator removes it at once, no session timeout.
    assert_eq!(members(&root).len(), 1);
    let marker = rebalancing_marker(&root).expect("a rebalance is shown");
    assert!(marker.contains("left the group"), "{marker}");
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|e| e.class_name())
        .unwrap_or_default();
    assert_eq!(focused, "groups__name", "focus stays in the group");

    advance(pg, 200).await;
    assert_eq!(generation(&root), "2");
    assert_eq!(
        chips(&member(&root, "consumer-orders-app-2")),
        ["orders-0", "orders-1"]
    );
}

#[wasm_bindgen_test]
async fn engine_refusals_are_shown_in_its_words() {
    let (root, _pg, _handle) = mount(2);
    let error = find(&root, "[data-testid=consumer-error]");
    assert!(error.has_attribute("hidden"));

    type_into(&root, "consumer-group", "");
    click(&root, "start-consumer");
    leptos::task::tick().await;
    assert!(!error.has_attribute("hidden"));
    assert_eq!(
        error.text_content().unwrap_or_default().trim(),
        "The configured groupId is invalid."
    );
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));

    // Members of one group must share an assignor (InconsistentGroupProtocolException).
    type_into(&root, "consumer-group", GROUP);
    start_consumers(&root, 1).await;
    assert!(error.has_attribute("hidden"));
    select_value(&root, "consumer-assignor", "classic:cooperative-sticky");
    start_consumers(&root, 1).await;
    let text = error.text_content().unwrap_or_default();
    assert!(text.contains("incompatible"), "{text}");
    assert_eq!(members(&root).len(), 1, "the refused consumer did not join");
}

#[wasm_bindgen_test]
async fn cooperative_members_keep_their_partitions_while_rebalancing() {
    let (root, pg, _handle) = mount(4);
    select_value(&root, "consumer-assignor", "classic:cooperative-sticky");
    start_consumers(&root, 2).await;
    advance(pg, 3_100).await;
    assert_eq!(chips(&member(&root, "consumer-orders-app-1")).len(), 2);

    start_consumers(&root, 1).await;
    assert_eq!(state(&root), "PreparingRebalance");
    assert!(rebalancing_marker(&root).is_some());
    // KIP-429: nothing is revoked up front, so the old members keep consuming.
    assert_eq!(chips(&member(&root, "consumer-orders-app-1")).len(), 2);
    assert_eq!(chips(&member(&root, "consumer-orders-app-2")).len(), 2);

    // One rebalance revokes what moves, a follow-up hands it to the newcomer.
    advance(pg, 500).await;
    assert_eq!(state(&root), "Stable");
    assert_eq!(generation(&root), "3");
    assert_eq!(chips(&member(&root, "consumer-orders-app-3")).len(), 1);
    let total: usize = members(&root).iter().map(|m| chips(m).len()).sum();
    assert_eq!(total, 4);
}

#[wasm_bindgen_test]
async fn speed_and_add_member_change_the_engines_members() {
    let (root, pg, _handle) = mount(2);
    select_value(&root, "consumer-assignor", "classic:roundrobin");
    select_value(&root, "consumer-processing", "10000");
    start_consumers(&root, 1).await;
    advance(pg, 3_100).await;

    select_value(
        &member(&root, "consumer-orders-app-1"),
        "member-processing",
        "100000",
    );
    leptos::task::tick().await;
    assert_eq!(view_of(pg).members[0].processing_us, 100_000);
    assert!(find(&root, "[data-testid=group-error]").has_attribute("hidden"));

    click(&card(&root), "group-add-member");
    leptos::task::tick().await;
    let v = view_of(pg);
    assert_eq!(v.members.len(), 2);
    let added = &v.members[1];
    assert_eq!(added.client_id, "consumer-orders-app-2");
    assert_eq!(added.assignor, AssignorKind::RoundRobin);
    assert_eq!(added.processing_us, 100_000);
    assert_eq!(added.topics, ["orders"]);
    assert_eq!(members(&root).len(), 2);
}

#[wasm_bindgen_test]
async fn the_lag_table_shows_committed_offsets_and_lag() {
    let (root, pg, _handle) = mount(1);
    select_value(&root, "consumer-processing", "1000000");
    start_consumers(&root, 1).await;
    advance(pg, 3_100).await;
    let produce = |n: u32| {
        for i in 0..n {
            pg.apply(Command::Produce(ProduceRequest::keyed(
                "orders",
                "k",
                &i.to_string(),
            )))
            .unwrap();
        }
    };
    let row = || {
        find(
            &card(&root),
            "[data-testid=lag-row][data-partition=orders-0]",
        )
    };
    produce(8);
    // At 1 s per record the batch of 8 is still in hand: auto-commit runs on the next poll,
    // so nothing is committed yet and, like kafka-consumer-groups, the page shows "–".
    advance(pg, 6_000).await;
    assert_eq!(view_of(pg).partitions[0].committed, None);
    assert_eq!(text(&row(), "lag-committed"), "–");
    assert_eq!(text(&row(), "lag-lag"), "–");
    assert_eq!(text(&row(), "lag-owner"), "consumer-orders-app-1");

    // The batch is done and the next poll commits 8; five more arrive and wait.
    advance(pg, 3_000).await;
    assert_eq!(view_of(pg).partitions[0].committed, Some(8));
    produce(5);
    advance(pg, 2_000).await;
    assert_eq!(text(&row(), "lag-committed"), "8");
    assert_eq!(text(&row(), "lag-lag"), "5");
    assert_eq!(text(&card(&root), "group-lag"), "5");
    assert_eq!(view_of(pg).total_lag(), 5);

    let table = find(&card(&root), "[data-testid=group-lag-table]");
    assert!(table
        .query_selector("caption")
        .unwrap()
        .is_some_and(|c| c.text_content().unwrap_or_default().contains("Lag")));
    let wrap: HtmlElement = table.parent_element().unwrap().unchecked_into();
    assert_eq!(wrap.class_name(), "groups__table-wrap");
}

#[wasm_bindgen_test]
async fn nothing_overflows_sideways_on_a_375_px_phone() {
    inject_css(include_str!("../style/main.css"));
    inject_css(include_str!("../style/groups.css"));
    let (root, pg, _handle) = mount(8);
    root.set_attribute("style", "width: 375px").unwrap();
    type_into(
        &root,
        "consumer-group",
        "orders-app-with-a-rather-long-name-for-a-phone",
    );
    start_consumers(&root, 3).await;
    advance(pg, 3_100).await;
    click(&root, "member-crash");
    leptos::task::tick().await;

    let root_html: &HtmlElement = root.unchecked_ref();
    assert_eq!(root_html.client_width(), 375);
    let list = root
        .query_selector_all(".panel, .groups__card, .groups__member, form")
        .unwrap();
    assert!(list.length() > 5);
    for i in 0..list.length() {
        let e: HtmlElement = list.item(i).unwrap().unchecked_into();
        assert!(
            e.scroll_width() <= e.client_width(),
            "{} overflows: {} > {}",
            e.class_name(),
            e.scroll_width(),
            e.client_width()
        );
    }
    assert!(
        root_html.scroll_width() <= 375,
        "{}",
        root_html.scroll_width()
    );
    // The live region is in the page for screen readers but takes no room.
    let live: HtmlElement = find(&root, "[data-testid=groups-announcer]").unchecked_into();
    assert!(live.offset_width() <= 1);
}

#[wasm_bindgen_test]
async fn the_console_sees_and_crashes_the_pages_consumers() {
    let mut world = World::new(5);
    world
        .apply(Command::CreateTopic(TopicSpec::new("orders", 2)))
        .unwrap();
    let pg = Playground::new(world);
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        view! { <GroupsPanel /> <ConsolePane /> }
    });
    let root: Element = root.into();
    start_consumers(&root, 2).await;
    advance(pg, 3_100).await;
    let member_id = member(&root, "consumer-orders-app-1")
        .get_attribute("data-member-id")
        .unwrap_or_default();
    assert!(
        member_id.starts_with("consumer-orders-app-1-"),
        "{member_id}"
    );

    let run = |line: &str| {
        type_into(&root, "console-input", line);
        click(&root, "console-run");
    };
    run("kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group orders-app --members");
    leptos::task::tick().await;
    let out = text(&root, "console-output");
    assert!(out.contains(&member_id), "{out}");
    assert!(out.contains("consumer-orders-app-2"), "{out}");

    run(&format!("sim consumer crash {member_id}"));
    leptos::task::tick().await;
    assert_eq!(
        member(&root, "consumer-orders-app-1")
            .get_attribute("data-status")
            .as_deref(),
        Some("crashed")
    );
}

#[wasm_bindgen_test]
async fn a_poison_key_is_retried_then_dead_lettered_or_stalls_the_member() {
    let (root, pg, _handle) = mount(2);
    type_into(&root, "consumer-fail-key", "poison");
    select_value(&root, "consumer-attempts", "3");
    select_value(&root, "consumer-backoff", "1000");
    click(&root, "consumer-dlt");
    leptos::task::tick().await;
    start_consumers(&root, 1).await;
    assert!(
        text(&root, "consumer-started")
            .starts_with("Created the dead-letter topic orders-dlt (2 partitions)."),
        "{}",
        text(&root, "consumer-started")
    );
    // The form's consumers start at the log end (auto.offset.reset=latest): send after the
    // first rebalance.
    advance(pg, 3_100).await;
    let send_poison = |partition: u32| {
        let mut poison = ProduceRequest::keyed("orders", "poison", "{}");
        poison.partition = Some(partition);
        pg.world.update(|w| {
            w.apply(Command::Produce(poison)).unwrap();
        });
    };
    send_poison(1);
    advance(pg, 100).await;
    let m = member(&root, "consumer-orders-app-1");
    assert_eq!(
        text(&m, "member-retrying"),
        "retrying offset 0 (orders-1), attempt 2 of 3"
    );
    advance(pg, 2_100).await;
    assert_eq!(text(&m, "member-failed-attempts"), "3");
    assert_eq!(text(&m, "member-dead-lettered"), "1");
    assert!(m
        .query_selector("[data-testid=member-retrying]")
        .unwrap()
        .is_none());
    let dlt = pg
        .world
        .with_untracked(|w| w.records("orders-dlt", 1, 0, 10));
    assert_eq!(
        dlt.len(),
        1,
        "same partition number in the dead-letter topic"
    );

    // A second group that retries forever stalls on the next poison record.
    type_into(&root, "consumer-group", "audit");
    select_value(&root, "consumer-attempts", "unlimited");
    click(&root, "consumer-dlt");
    leptos::task::tick().await;
    start_consumers(&root, 1).await;
    advance(pg, 3_100).await;
    send_poison(0);
    advance(pg, 200).await;
    let audit = find(&root, "[data-testid=group-audit]");
    let badge = find(&audit, "[data-testid=member-retrying]");
    assert_eq!(badge.get_attribute("data-stalled").as_deref(), Some("true"));
    assert_eq!(
        badge.text_content().unwrap_or_default().trim(),
        "stalled on offset 0 (orders-0)"
    );
}

#[wasm_bindgen_test]
async fn the_start_form_chooses_where_a_new_group_starts_reading() {
    let (root, pg, _handle) = mount(1);
    for i in 0..5 {
        pg.apply(Command::Produce(ProduceRequest::keyed(
            "orders",
            "k",
            &i.to_string(),
        )))
        .unwrap();
    }
    // Kafka's default: latest, so the five records already written are never read.
    type_into(&root, "consumer-group", "from-latest");
    start_consumers(&root, 1).await;
    select_value(&root, "consumer-offset-reset", "earliest");
    type_into(&root, "consumer-group", "from-earliest");
    start_consumers(&root, 1).await;
    advance(pg, 10_000).await;
    let processed = |g: &str| {
        pg.world
            .with_untracked(|w| w.group_view(g))
            .map_or(0, |v| v.partitions.iter().map(|p| p.processed).sum::<u64>())
    };
    assert_eq!(processed("from-latest"), 0);
    assert_eq!(processed("from-earliest"), 5);
}

#[wasm_bindgen_test]
async fn under_the_consumer_protocol_members_move_one_partition_at_a_time() {
    let (root, pg, _handle) = mount(4);
    select_value(&root, "consumer-assignor", "consumer:uniform");
    start_consumers(&root, 2).await;
    advance(pg, 12_000).await;
    assert_eq!(text(&card(&root), "group-type"), "consumer protocol");
    assert_eq!(state(&root), "Stable");
    assert_eq!(chips(&member(&root, "consumer-orders-app-1")).len(), 2);
    assert!(
        generation(&root).contains("(target 2)"),
        "{}",
        generation(&root)
    );

    // A third member: nobody stops; it waits for the partitions its target names.
    start_consumers(&root, 1).await;
    assert_eq!(state(&root), "Reconciling");
    assert!(card(&root)
        .query_selector("[data-testid=group-reconciling]")
        .unwrap()
        .is_some());
    let newcomer = member(&root, "consumer-orders-app-3");
    assert_eq!(texts(&newcomer, "[data-testid=member-waiting]").len(), 1);
    assert_eq!(chips(&member(&root, "consumer-orders-app-1")).len(), 2);
    assert_eq!(chips(&member(&root, "consumer-orders-app-2")).len(), 2);

    // At their next heartbeats the owners give it up, then the newcomer takes it.
    advance(pg, 11_000).await;
    assert_eq!(state(&root), "Stable");
    let total: usize = members(&root).iter().map(|m| chips(m).len()).sum();
    assert_eq!(total, 4);
    assert_eq!(chips(&member(&root, "consumer-orders-app-3")).len(), 1);
    let status = text(&member(&root, "consumer-orders-app-3"), "member-status");
    assert!(status.contains("epoch 3"), "{status}");
}

/// The start form's "share group" choice starts share consumers; the share group's card shows
/// its members and, per share-partition, the in-flight records; Crash releases what a member held.
#[wasm_bindgen_test]
async fn share_consumers_start_from_the_form_and_their_card_shows_records_by_state() {
    inject_css(include_str!("../style/groups.css"));
    let (root, pg, _h) = mount(1);
    for i in 0..30 {
        let mut r = ProduceRequest::keyed("orders", &format!("k{i}"), "v");
        r.partition = Some(0);
        pg.world.update(|w| {
            w.apply(Command::Produce(r)).unwrap();
        });
    }
    leptos::task::tick().await;
    select_value(&root, "consumer-assignor", "share");
    select_value(&root, "consumer-offset-reset", "earliest");
    select_value(&root, "consumer-processing", "1000000");
    start_consumers(&root, 2).await;
    let g = pg
        .world
        .with_untracked(|w| w.share_group_view(GROUP))
        .expect("a share group was started");
    assert_eq!(g.members.len(), 2);
    assert_eq!(
        g.settings.auto_offset_reset,
        kafka_playground::engine::ShareOffsetReset::Earliest
    );
    assert!(text(&root, "consumer-started").contains("share group"));
    advance(pg, 1_000).await;
    let card = find(&root, &format!("[data-testid=share-group-{GROUP}]"));
    let rows = card
        .query_selector_all("[data-testid=share-member]")
        .unwrap();
    assert_eq!(rows.length(), 2);
    // Both members share the one partition and hold records of it.
    let held = card
        .query_selector_all(".sgrp__cell--acquired")
        .unwrap()
        .length();
    assert!(held >= 2, "{held} cells acquired");
    let summary = text(&card, "share-partition-summary");
    assert!(summary.starts_with("start 0"), "{summary}");
    // Crash the first: what it held is available again at once.
    let first: HtmlElement = card
        .query_selector("[data-testid=share-member-crash]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    first.click();
    leptos::task::tick().await;
    let available = card
        .query_selector_all(".sgrp__cell--available")
        .unwrap()
        .length();
    assert!(
        available >= 1,
        "no record made available again by the crash"
    );
    assert!(text(&card, "share-group-stats").contains("2 members"));
}
