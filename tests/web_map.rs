//! Browser tests of the cluster map (`src/ui/map`), in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web_map` (see the Makefile).
//! Time moves only when a test advances the world, as the page's clock would.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeSet;

use kafka_playground::engine::{Command, MemberSpec, TopicSpec, World};
use kafka_playground::ui::{ClusterMap, Playground};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod web_common;
use web_common::{container, find, inject_css, texts, type_into};

wasm_bindgen_test_configure!(run_in_browser);

const TOPIC: &str = "orders";
const GROUP: &str = "order-service";

fn world(partitions: u32, rf: u32) -> World {
    let mut w = World::new(7);
    w.apply(Command::CreateTopic(
        TopicSpec::new(TOPIC, partitions).with_replication_factor(rf),
    ))
    .unwrap();
    w
}

/// Mounts the map in a box of `w` × `h` pixels, with the site's map CSS.
fn mount(world: World, w: u32, h: u32) -> (Element, Playground, impl Drop) {
    inject_css(include_str!("../style/map.css"));
    let pg = Playground::new(world);
    let root = container();
    root.set_attribute("style", &format!("width: {w}px; height: {h}px"))
        .unwrap();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(pg);
        view! { <ClusterMap /> }
    });
    (root.into(), pg, handle)
}

/// Lets reactive updates, timers and one animation frame (focus returns on one) run.
async fn settle() {
    leptos::task::tick().await;
    gloo_timers::future::TimeoutFuture::new(20).await;
    web_common::next_frame().await;
}

async fn advance(pg: Playground, ms: u64) {
    pg.advance(ms);
    settle().await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The element's box on screen: (left, top, right, bottom, width, height).
struct Rect {
    left: f64,
    right: f64,
    bottom: f64,
    width: f64,
    height: f64,
}

impl Rect {
    fn left(&self) -> f64 {
        self.left
    }
    fn right(&self) -> f64 {
        self.right
    }
    fn bottom(&self) -> f64 {
        self.bottom
    }
    fn width(&self) -> f64 {
        self.width
    }
    fn height(&self) -> f64 {
        self.height
    }
}

fn rect(el: &Element) -> Rect {
    let f = js_sys::Function::new_with_args(
        "el",
        "const r = el.getBoundingClientRect(); return [r.left, r.right, r.bottom, r.width, r.height];",
    );
    let v: js_sys::Array = f
        .call1(&wasm_bindgen::JsValue::NULL, el)
        .unwrap()
        .unchecked_into();
    let n = |i: u32| v.get(i).as_f64().unwrap_or(f64::NAN);
    Rect {
        left: n(0),
        right: n(1),
        bottom: n(2),
        width: n(3),
        height: n(4),
    }
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

/// A click as the browser sends it (bubbling, so Leptos' delegated handlers hear it); works on
/// SVG nodes too.
fn click_el(el: &Element) {
    let f = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))",
    );
    f.call1(&wasm_bindgen::JsValue::NULL, el).unwrap();
}

fn key(el: &Element, key: &str) {
    let f = js_sys::Function::new_with_args(
        "el, k",
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true}))",
    );
    f.call2(&wasm_bindgen::JsValue::NULL, el, &key.into())
        .unwrap();
}

/// A pointer pressed on the element (what a click starts with).
fn press(el: &Element) {
    let f = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, cancelable: true}))",
    );
    f.call1(&wasm_bindgen::JsValue::NULL, el).unwrap();
}

fn focus_el(el: &Element) {
    let f = js_sys::Function::new_with_args("el", "el.focus()");
    f.call1(&wasm_bindgen::JsValue::NULL, el).unwrap();
}

fn active() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

fn row(root: &Element, p: u32) -> Element {
    find(
        root,
        &format!("[data-testid=map-row][data-partition=\"{p}\"]"),
    )
}

fn member_el(root: &Element, id: &str) -> Element {
    find(
        root,
        &format!("[data-testid=map-member][data-member-id=\"{id}\"]"),
    )
}

/// A member's button (the focusable hit area over its node).
fn member_btn(root: &Element, id: &str) -> Element {
    find(
        root,
        &format!("[data-testid=map-member-button][data-member-id=\"{id}\"]"),
    )
}

fn act(root: &Element, testid: &str) {
    click_el(&find(root, &format!("[data-testid={testid}]")));
}

fn menu_open(root: &Element) -> bool {
    root.query_selector("[data-testid=map-menu]")
        .unwrap()
        .is_some()
}

/// The edges drawn: (partition, member id).
fn edges(root: &Element) -> BTreeSet<(u32, String)> {
    all(root, "[data-testid=map-edge]")
        .iter()
        .map(|e| {
            (
                attr(e, "data-partition").parse().unwrap(),
                attr(e, "data-member-id"),
            )
        })
        .collect()
}

/// The owners per the engine's group view.
fn owners(pg: Playground) -> BTreeSet<(u32, String)> {
    pg.world.with_untracked(|w| {
        w.group_view(GROUP)
            .map(|g| {
                g.partitions
                    .into_iter()
                    .filter_map(|p| p.owner.map(|o| (p.partition.partition, o)))
                    .collect()
            })
            .unwrap_or_default()
    })
}

fn join(pg: Playground, n: usize) {
    for _ in 0..n {
        pg.apply(Command::JoinGroup(MemberSpec::new(GROUP, &[TOPIC])))
            .unwrap();
    }
}

fn member_ids(pg: Playground) -> Vec<String> {
    pg.world.with_untracked(|w| {
        w.group_view(GROUP)
            .map(|g| g.members.into_iter().map(|m| m.member_id).collect())
            .unwrap_or_default()
    })
}

#[wasm_bindgen_test]
async fn the_map_fills_its_box_and_draws_one_row_per_partition() {
    let (root, _pg, _h) = mount(world(3, 3), 800, 450);
    settle().await;
    let map = find(&root, "[data-testid=cluster-map]");
    assert!(map.class_name().contains("cmap"));
    let r = rect(&map);
    assert!((r.width() - 800.0).abs() < 1.0, "width {}", r.width());
    assert!((r.height() - 450.0).abs() < 1.0, "height {}", r.height());
    assert_eq!(all(&root, "[data-testid=map-row]").len(), 3);
    // The drawing is laid out for the measured box.
    let svg = find(&root, "[data-testid=map-svg]");
    let vb = attr(&svg, "viewBox");
    let w: f64 = vb.split(' ').nth(2).unwrap().parse().unwrap();
    let sr = rect(&svg);
    assert!(
        (w - sr.width()).abs() < 2.0,
        "viewBox {vb} vs {}",
        sr.width()
    );
    // Three replicas per row, one leader each; three brokers up.
    for p in 0..3 {
        let badges = all(&row(&root, p), "[data-testid=map-replica]");
        assert_eq!(badges.len(), 3);
        assert_eq!(
            badges
                .iter()
                .filter(|b| attr(b, "data-role") == "leader")
                .count(),
            1
        );
    }
    assert_eq!(all(&root, "[data-testid=map-broker]").len(), 3);
    let summary = texts(&root, "[data-testid=map-summary]").join("");
    assert!(
        summary.starts_with("orders: 3 partitions, 3 of 3 brokers up"),
        "{summary}"
    );
    // Every node a learner acts on is a named, focusable button.
    for n in all(&root, "[role=button]") {
        assert_eq!(attr(&n, "tabindex"), "0");
        assert!(!attr(&n, "aria-label").is_empty());
    }
}

#[wasm_bindgen_test]
async fn a_record_produced_from_the_partition_menu_shows_up_in_its_row() {
    let (root, pg, _h) = mount(world(3, 1), 800, 450);
    settle().await;
    let r1 = find(&row(&root, 1), "[role=button]");
    focus_el(&r1);
    key(&r1, "Enter");
    settle().await;
    assert!(menu_open(&root));
    type_into(&root, "map-act-key", "alice");
    type_into(&root, "map-act-value", "v1");
    act(&root, "map-act-produce");
    // A form submits on the button's click.
    settle().await;
    assert!(!menu_open(&root), "the menu closes after acting");
    let cells = all(&row(&root, 1), "[data-testid=map-cell]");
    assert_eq!(cells.len(), 1);
    assert_eq!(attr(&cells[0], "data-key"), "alice");
    assert_eq!(attr(&cells[0], "data-offset"), "0");
    assert!(all(&row(&root, 0), "[data-testid=map-cell]").is_empty());
    // Focus went back to the row.
    assert_eq!(
        active().map(|a| attr(&a, "data-partition")),
        Some("1".into())
    );
    // A record produced elsewhere (keyed, by the partitioner) lands in the row the engine says.
    let landed = pg.produce(Some("bob".into()), "x".into(), None).unwrap();
    settle().await;
    let cells = all(&row(&root, landed.partition), "[data-testid=map-cell]");
    assert!(cells.iter().any(|c| attr(c, "data-key") == "bob"));
    assert_eq!(
        attr(&row(&root, landed.partition), "data-log-end"),
        (landed.offset + 1).to_string()
    );
}

#[wasm_bindgen_test]
async fn owner_edges_match_the_assignment_and_a_fifth_member_is_idle() {
    let (root, pg, _h) = mount(world(4, 1), 800, 450);
    join(pg, 3);
    advance(pg, 5_000).await;
    let want = owners(pg);
    assert_eq!(want.len(), 4, "all four partitions owned");
    assert_eq!(edges(&root), want);
    // Every edge says whose it is without colour: an m-tag and the member's dash pattern.
    assert!(texts(&root, ".cmap__edge-tag")
        .iter()
        .all(|t| t.starts_with('m')));

    join(pg, 2);
    advance(pg, 5_000).await;
    assert_eq!(edges(&root), owners(pg));
    let statuses: Vec<String> = all(&root, "[data-testid=map-member]")
        .iter()
        .map(|m| attr(m, "data-status"))
        .collect();
    assert_eq!(statuses.len(), 5);
    assert_eq!(
        statuses.iter().filter(|s| *s == "idle").count(),
        1,
        "{statuses:?}"
    );
    let idle = all(&root, "[data-testid=map-member][data-status=idle]")
        .pop()
        .unwrap();
    let label = attr(&find(&idle, "[role=button]"), "aria-label");
    assert!(label.contains("idle"), "{label}");
    assert!(!label.contains("active"), "{label}");
    assert!(idle.text_content().unwrap_or_default().contains("idle"));
    let summary = texts(&root, "[data-testid=map-summary]").join("");
    assert!(summary.contains("5 members (1 idle)"), "{summary}");
}

#[wasm_bindgen_test]
async fn a_crashed_member_counts_down_then_its_partitions_move() {
    let (root, pg, _h) = mount(world(4, 1), 800, 450);
    join(pg, 2);
    advance(pg, 5_000).await;
    let ids = member_ids(pg);
    let victim = ids[0].clone();
    let el = member_btn(&root, &victim);
    focus_el(&el);
    click_el(&el);
    settle().await;
    assert!(menu_open(&root));
    act(&root, "map-act-crash");
    settle().await;
    let el = member_el(&root, &victim);
    assert_eq!(attr(&el, "data-status"), "crashed");
    // The node was drawn anew in its new state; focus found it again.
    assert_eq!(
        active().map(|a| attr(&a, "data-member-id")),
        Some(victim.clone())
    );
    let state = el.text_content().unwrap_or_default();
    assert!(state.contains("crashed · out in 45 s"), "{state}");
    // The button's hit area over the node is not painted: the node's text stays visible.
    let hit = member_btn(&root, &victim)
        .query_selector(".cmap__node-hit")
        .unwrap()
        .unwrap();
    let fill = web_sys::window()
        .unwrap()
        .get_computed_style(&hit)
        .unwrap()
        .unwrap()
        .get_property_value("fill")
        .unwrap();
    assert!(
        fill == "transparent" || fill == "rgba(0, 0, 0, 0)",
        "the hit area is painted over the member's text: {fill}"
    );
    advance(pg, 10_000).await;
    let state = member_el(&root, &victim).text_content().unwrap_or_default();
    assert!(state.contains("out in 35 s"), "{state}");
    // Until the session times out it keeps its partitions (Kafka: a Stable group waits).
    assert!(edges(&root).iter().any(|(_, m)| *m == victim));

    advance(pg, 40_000).await;
    advance(pg, 5_000).await;
    assert!(root
        .query_selector(&format!(
            "[data-testid=map-member][data-member-id=\"{victim}\"]"
        ))
        .unwrap()
        .is_none());
    let now = edges(&root);
    assert_eq!(now, owners(pg));
    assert_eq!(now.len(), 4);
    assert!(now.iter().all(|(_, m)| *m == ids[1]));
    let said = texts(&root, "[data-testid=map-live]").join("");
    assert!(said.contains("Group order-service"), "{said}");
}

#[wasm_bindgen_test]
async fn killing_a_broker_greys_its_replicas_and_moves_the_leader_marker() {
    let (root, pg, _h) = mount(world(3, 3), 800, 450);
    settle().await;
    let old = attr(&row(&root, 0), "data-leader");
    let broker = find(
        &root,
        &format!("[data-testid=map-broker][data-broker=\"{old}\"]"),
    );
    click_el(&broker);
    settle().await;
    act(&root, "map-act-kill");
    settle().await;
    assert_eq!(
        attr(
            &find(
                &root,
                &format!("[data-testid=map-broker][data-broker=\"{old}\"]")
            ),
            "data-up"
        ),
        "false"
    );
    let new = attr(&row(&root, 0), "data-leader");
    assert_ne!(new, old);
    let engine_leader = pg.world.with_untracked(|w| {
        w.partition_view(TOPIC, 0)
            .and_then(|p| p.leader)
            .map(|l| l.to_string())
    });
    assert_eq!(Some(new.clone()), engine_leader);
    for p in 0..3 {
        let r = row(&root, p);
        let dead = find(
            &r,
            &format!("[data-testid=map-replica][data-broker=\"{old}\"]"),
        );
        assert_eq!(attr(&dead, "data-role"), "offline");
        assert!(dead.text_content().unwrap_or_default().starts_with('×'));
    }
    let leader_badge = find(
        &row(&root, 0),
        "[data-testid=map-replica][data-role=leader]",
    );
    assert_eq!(attr(&leader_badge, "data-broker"), new);
    let said = texts(&root, "[data-testid=map-live]").join("");
    assert!(said.contains(&format!("Broker {old} is down.")), "{said}");
    assert!(texts(&root, "[data-testid=map-summary]")
        .join("")
        .contains("2 of 3 brokers up"));

    // And back.
    click_el(&find(
        &root,
        &format!("[data-testid=map-broker][data-broker=\"{old}\"]"),
    ));
    settle().await;
    act(&root, "map-act-start");
    settle().await;
    let r = row(&root, 0);
    let back = find(
        &r,
        &format!("[data-testid=map-replica][data-broker=\"{old}\"]"),
    );
    assert_ne!(attr(&back, "data-role"), "offline");
}

#[wasm_bindgen_test]
async fn menus_act_and_escape_returns_focus() {
    let (root, pg, _h) = mount(world(3, 1), 800, 450);
    join(pg, 2);
    advance(pg, 5_000).await;

    // Topic: add partitions; the new row appears at once.
    act(&root, "map-topic");
    settle().await;
    type_into(&root, "map-act-partitions", "5");
    act(&root, "map-act-add-partitions");
    settle().await;
    assert_eq!(all(&root, "[data-testid=map-row]").len(), 5);
    // A refusal stays in the menu.
    act(&root, "map-topic");
    settle().await;
    type_into(&root, "map-act-partitions", "2");
    act(&root, "map-act-add-partitions");
    settle().await;
    assert!(menu_open(&root));
    let err = texts(&root, "[data-testid=map-menu-error]").join("");
    assert!(!err.is_empty());
    let menu = find(&root, "[data-testid=map-menu]");
    key(&menu, "Escape");
    settle().await;
    assert!(!menu_open(&root));
    assert_eq!(
        active().map(|a| attr(&a, "data-testid")),
        Some("map-topic".into())
    );
    // A press inside the menu keeps it open; a press anywhere else closes it.
    act(&root, "map-topic");
    settle().await;
    press(&find(&root, "[data-testid=map-act-partitions]"));
    settle().await;
    assert!(menu_open(&root), "a press inside the menu closed it");
    press(&find(&root, "[data-testid=map-summary]"));
    settle().await;
    assert!(!menu_open(&root), "a press outside the menu left it open");

    // Group: add a member, switch the assignor.
    let head = find(&root, "[data-testid=map-group-head]");
    focus_el(&head);
    key(&head, "Enter");
    settle().await;
    act(&root, "map-act-add-member");
    settle().await;
    assert_eq!(member_ids(pg).len(), 3);
    assert_eq!(all(&root, "[data-testid=map-member]").len(), 3);
    advance(pg, 5_000).await;
    click_el(&find(&root, "[data-testid=map-group-head]"));
    settle().await;
    web_common::select_value(&root, "map-act-assignor", "classic:roundrobin");
    act(&root, "map-act-switch-assignor");
    settle().await;
    assert!(
        !menu_open(&root),
        "{:?}",
        texts(&root, "[data-testid=map-menu-error]")
    );
    advance(pg, 10_000).await;
    let assignor = pg
        .world
        .with_untracked(|w| w.group_view(GROUP).and_then(|g| g.assignor));
    assert_eq!(assignor.map(|a| a.name()), Some("roundrobin"));
    assert_eq!(
        attr(&find(&root, "[data-testid=map-group]"), "data-assignor"),
        "roundrobin"
    );

    // Member: processing time, then stop.
    let id = member_ids(pg)[0].clone();
    click_el(&member_btn(&root, &id));
    settle().await;
    web_common::select_value(&root, "map-act-processing", "100000");
    settle().await;
    let us = pg.world.with_untracked(|w| {
        w.group_view(GROUP)
            .and_then(|g| g.members.into_iter().find(|m| m.member_id == id))
            .map(|m| m.processing_us)
    });
    assert_eq!(us, Some(100_000));
    click_el(&member_btn(&root, &id));
    settle().await;
    act(&root, "map-act-stop");
    settle().await;
    assert!(!member_ids(pg).contains(&id));
    // Its node is gone: the map itself holds focus.
    assert_eq!(
        active().map(|a| attr(&a, "data-testid")),
        Some("cluster-map".into())
    );
    assert!(root
        .query_selector(&format!(
            "[data-testid=map-member][data-member-id=\"{id}\"]"
        ))
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn many_partitions_draw_compact_rows_that_fit_the_box() {
    let mut w = world(64, 3);
    for i in 0..16 {
        w.apply(Command::JoinGroup(MemberSpec {
            member_id: Some(format!("m-{i:02}")),
            ..MemberSpec::new(GROUP, &[TOPIC])
        }))
        .unwrap();
    }
    w.advance(5_000);
    let (root, pg, _h) = mount(w, 600, 360);
    settle().await;
    assert_eq!(all(&root, "[data-testid=map-row]").len(), 64);
    assert!(all(&root, "[data-testid=map-cell]").is_empty());
    assert_eq!(all(&root, "[data-testid=map-size]").len(), 64);
    assert_eq!(all(&root, "[data-testid=map-member]").len(), 16);
    assert_eq!(edges(&root), owners(pg));
    let svg = rect(&find(&root, "[data-testid=map-svg]"));
    for el in all(&root, "[data-testid=map-row] .cmap__track")
        .iter()
        .chain(all(&root, "[data-testid=map-member] rect").iter())
    {
        let r = rect(el);
        assert!(
            r.bottom() <= svg.bottom() + 1.0,
            "{} > {}",
            r.bottom(),
            svg.bottom()
        );
        assert!(r.right() <= svg.right() + 1.0);
    }
    // An owner colour per row.
    assert_eq!(all(&root, "[data-testid=map-owner]").len(), 64);
}

#[wasm_bindgen_test]
async fn a_phone_wide_box_keeps_every_column_inside() {
    let (root, pg, _h) = mount(world(6, 3), 320, 400);
    join(pg, 3);
    advance(pg, 5_000).await;
    let svg = rect(&find(&root, "[data-testid=map-svg]"));
    for el in all(&root, "rect") {
        let r = rect(&el);
        if r.width() == 0.0 {
            continue;
        }
        assert!(r.left() >= svg.left() - 1.0 && r.right() <= svg.right() + 1.0);
        assert!(r.bottom() <= svg.bottom() + 1.0);
    }
}

#[wasm_bindgen_test]
async fn a_consumer_protocol_group_shows_its_epoch_and_the_partition_being_given_up() {
    let mut w = world(2, 1);
    for i in 0..400 {
        let mut r = kafka_playground::engine::ProduceRequest::keyed(TOPIC, &format!("k{i}"), "v");
        r.partition = Some(i % 2);
        w.apply(Command::Produce(r)).unwrap();
    }
    let (root, pg, _h) = mount(w, 800, 450);
    let member = |id: &str| {
        let mut m = MemberSpec::new(GROUP, &[TOPIC]).with_id(id);
        m.config.protocol = kafka_playground::engine::GroupProtocol::Consumer;
        m.config.auto_offset_reset = kafka_playground::engine::OffsetReset::Earliest;
        // 20 ms a record: a 200-record batch takes 4 s, so a revocation waits for it.
        m.config.processing_us = 20_000;
        m
    };
    pg.apply(Command::JoinGroup(member("first"))).unwrap();
    advance(pg, 1_000).await;
    let group = find(&root, "[data-testid=map-group]");
    assert_eq!(attr(&group, "data-state"), "Stable");
    let sub = find(&root, "[data-testid=map-group-state]")
        .text_content()
        .unwrap_or_default();
    assert!(sub.contains("epoch 1"), "{sub}");
    assert_eq!(attr(&group, "data-assignor"), "uniform");
    assert_eq!(edges(&root).len(), 2);

    pg.apply(Command::JoinGroup(member("second"))).unwrap();
    settle().await;
    assert_eq!(
        attr(&find(&root, "[data-testid=map-group]"), "data-state"),
        "reconciling"
    );
    // Within a heartbeat the first member learns it must give one partition up; busy with its
    // batch, it still reads it: its edge is drawn as being given up.
    let mut seen_revoking = false;
    for _ in 0..60 {
        advance(pg, 100).await;
        if root
            .query_selector(".cmap__edge--revoking[data-member-id=first]")
            .unwrap()
            .is_some()
        {
            seen_revoking = true;
            let state = member_el(&root, "first").text_content().unwrap_or_default();
            assert!(state.contains("giving up"), "{state}");
            break;
        }
    }
    assert!(seen_revoking, "no edge was drawn as being given up");
    advance(pg, 12_000).await;
    assert_eq!(
        attr(&find(&root, "[data-testid=map-group]"), "data-state"),
        "Stable"
    );
    let now = edges(&root);
    assert_eq!(now, owners(pg));
    assert_eq!(now.iter().filter(|(_, m)| m == "second").count(), 1);
}

/// A share group (KIP-932): with more members than partitions the map draws several edges into
/// one partition, and the cells of records a member holds are marked as acquired.
#[wasm_bindgen_test]
async fn a_share_group_draws_several_members_on_one_partition_and_marks_held_records() {
    use kafka_playground::engine::ShareMemberSpec;
    let mut w = world(2, 1);
    for i in 0..40 {
        let mut r = kafka_playground::engine::ProduceRequest::keyed(TOPIC, &format!("k{i}"), "v");
        r.partition = Some(i % 2);
        w.apply(Command::Produce(r)).unwrap();
    }
    w.apply(Command::AlterGroupConfig {
        group: "workers".into(),
        set: vec![("share.auto.offset.reset".into(), "earliest".into())],
        delete: vec![],
    })
    .unwrap();
    let (root, pg, _h) = mount(w, 900, 450);
    for id in ["w1", "w2", "w3", "w4"] {
        let mut s = ShareMemberSpec::new("workers", &[TOPIC]).with_id(id);
        // 1 s a record: what a member acquired stays held for a while.
        s.config.processing_us = 1_000_000;
        pg.apply(Command::JoinShareGroup(s)).unwrap();
    }
    advance(pg, 500).await;
    let group = find(&root, "[data-testid=map-group][data-group=workers]");
    assert_eq!(attr(&group, "data-assignor"), "simple");
    let sub = find(&root, "[data-testid=map-group-state]")
        .text_content()
        .unwrap_or_default();
    assert!(sub.starts_with("share"), "{sub}");
    // Four members, two partitions: each partition is read by two of them.
    let drawn = edges(&root);
    let engine: BTreeSet<(u32, String)> = pg.world.with_untracked(|w| {
        w.share_group("workers")
            .unwrap()
            .members
            .values()
            .flat_map(|m| {
                m.assignment
                    .iter()
                    .map(|tp| (tp.partition, m.member_id.clone()))
            })
            .collect()
    });
    assert_eq!(drawn, engine);
    for p in 0..2 {
        assert_eq!(
            drawn.iter().filter(|(q, _)| *q == p).count(),
            2,
            "{drawn:?}"
        );
    }
    let held = all(&root, "[data-testid=map-cell][data-share-state=acquired]");
    assert!(!held.is_empty(), "no cell marked as acquired");
    assert!(held
        .iter()
        .all(|c| c.class_list().contains("cmap__cell--acquired")));
}
