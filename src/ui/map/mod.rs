//! The cluster map: one live picture of the selected topic. Producers on the left, one row per
//! partition (newest records as cells coloured by key, log-start / high-watermark / log-end and
//! committed markers, lag as a span, replica badges), consumer-group members on the right with
//! an edge from every partition to its owner. Every node is a button: acting on the picture goes
//! through `Playground::apply`, the page's one door.
//!
//! Sizing contract: the root (`.cmap`) fills its parent (width and height 100%, never less than
//! `layout::MIN_SIZE`); the drawing measures its own box with a `ResizeObserver` and lays itself
//! out for it (one SVG unit = one CSS pixel), so it never scrolls and text never stretches.
//!
//! Redraws are per piece: each row reads its own partition through memos, edges and member
//! nodes change only when the group's structure does, and lag only moves numbers.

mod layout;
mod members;
mod menus;
mod motion;
mod partitions;
mod producers;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{use_playground, TopicOptions};
use super::traffic::Traffic;
use crate::engine::{
    GroupState, GroupType, GroupView, MemberStatusView, ShareGroupState, ShareGroupView, World,
};
pub use layout::{summary, Layout, SummaryInput};
use menus::{MapMenu, Target};

/// A member as the map draws it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MemberSnap {
    pub id: String,
    /// Client id, or the member id when it was chosen by hand.
    pub label: String,
    pub status: MemberStatusView,
    pub idle: bool,
    /// Partitions of the map's topic it owns.
    pub assigned: Vec<u32>,
    /// Consumer protocol: owned partitions it is giving up, and target partitions it waits for.
    pub revoking: Vec<u32>,
    pub waiting: Vec<u32>,
    pub expires_at: Option<u64>,
    pub processing_us: u64,
    /// Its place in the group: colour, dash pattern and "m1" tag.
    pub index: usize,
}

/// A group reading the map's topic: its structure (what changes on rebalances, not per record).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GroupSnap {
    pub name: String,
    pub state: GroupState,
    pub generation: i32,
    /// The classic group's assignor, or the consumer group's server assignor.
    pub assignor: Option<&'static str>,
    /// A consumer-protocol group (KIP-848).
    pub consumer: bool,
    /// A share group (KIP-932): members share partitions.
    pub share: bool,
    pub members: Vec<MemberSnap>,
}

impl GroupSnap {
    /// A classic rebalance: every member stops.
    pub fn rebalancing(&self) -> bool {
        self.state.is_rebalancing()
    }
    pub fn state_text(&self) -> &'static str {
        match self.state {
            _ if self.rebalancing() => "rebalancing",
            GroupState::Assigning => "assigning",
            GroupState::Reconciling => "reconciling",
            s => s.as_str(),
        }
    }
    /// "gen 4" for a classic group, "epoch 4" for a consumer group.
    pub fn epoch_text(&self) -> String {
        if self.consumer {
            format!("epoch {}", self.generation)
        } else {
            format!("gen {}", self.generation)
        }
    }
}

pub(crate) use crate::engine::member_label;

/// Groups that read `topic` (a member subscribes to it, or the group committed on it).
fn groups_of(w: &World, topic: &str) -> Vec<GroupView> {
    w.group_names()
        .iter()
        .filter_map(|g| w.group_view(g))
        .filter(|g| {
            g.members.iter().any(|m| {
                m.topics.iter().any(|t| t == topic)
                    || m.assignment.iter().any(|tp| tp.topic == topic)
            }) || g.partitions.iter().any(|p| p.partition.topic == topic)
        })
        .collect()
}

fn snap(g: &GroupView, topic: &str) -> GroupSnap {
    let members = g
        .members
        .iter()
        .filter(|m| {
            m.topics.iter().any(|t| t == topic) || m.assignment.iter().any(|tp| tp.topic == topic)
        })
        .enumerate()
        .map(|(index, m)| MemberSnap {
            id: m.member_id.clone(),
            label: member_label(&m.member_id, &m.client_id),
            status: m.status,
            idle: m.idle,
            assigned: m
                .assignment
                .iter()
                .filter(|tp| tp.topic == topic)
                .map(|tp| tp.partition)
                .collect(),
            revoking: m
                .revoking
                .iter()
                .filter(|tp| tp.topic == topic && m.assignment.contains(tp))
                .map(|tp| tp.partition)
                .collect(),
            waiting: m
                .target
                .iter()
                .filter(|tp| tp.topic == topic && !m.assignment.contains(tp))
                .filter(|_| m.status == MemberStatusView::Active && !m.poll_expired)
                .map(|tp| tp.partition)
                .collect(),
            expires_at: m.session_expires_at,
            processing_us: m.processing_us,
            index,
        })
        .collect();
    GroupSnap {
        name: g.name.clone(),
        state: g.state,
        generation: g.generation,
        assignor: g
            .server_assignor
            .map(|a| a.name())
            .or(g.assignor.map(|a| a.name())),
        consumer: g.kind == GroupType::Consumer,
        share: false,
        members,
    }
}

/// Share groups that read `topic`.
fn share_groups_of(w: &World, topic: &str) -> Vec<ShareGroupView> {
    w.share_group_names()
        .iter()
        .filter_map(|g| w.share_group_view(g))
        .filter(|g| {
            g.members
                .iter()
                .any(|m| m.topics.iter().any(|t| t == topic))
                || g.partitions.iter().any(|p| p.partition.topic == topic)
        })
        .collect()
}

/// A share group as the map draws it: several members may share a partition.
fn share_snap(g: &ShareGroupView, topic: &str) -> GroupSnap {
    let members = g
        .members
        .iter()
        .filter(|m| m.topics.iter().any(|t| t == topic))
        .enumerate()
        .map(|(index, m)| {
            let assigned: Vec<u32> = m
                .assignment
                .iter()
                .filter(|tp| tp.topic == topic)
                .map(|tp| tp.partition)
                .collect();
            MemberSnap {
                id: m.member_id.clone(),
                label: m.label(),
                status: m.status,
                idle: assigned.is_empty() && m.status == MemberStatusView::Active,
                assigned,
                revoking: Vec::new(),
                waiting: Vec::new(),
                expires_at: m.session_expires_at,
                processing_us: m.processing_us,
                index,
            }
        })
        .collect();
    GroupSnap {
        name: g.name.clone(),
        state: match g.state {
            ShareGroupState::Empty => GroupState::Empty,
            ShareGroupState::Stable => GroupState::Stable,
        },
        generation: g.group_epoch,
        assignor: Some("simple"),
        consumer: true,
        share: true,
        members,
    }
}

/// One group's position on one partition.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LagMark {
    pub group: String,
    pub partition: u32,
    pub committed: Option<u64>,
    pub lag: u64,
}

/// Shared by the map's parts.
#[derive(Clone, Copy)]
pub(crate) struct MapCtx {
    pub layout: Memo<Layout>,
    pub groups: Memo<Vec<GroupSnap>>,
    pub lags: Memo<Vec<LagMark>>,
    /// Replication factor of the topic (badge room).
    pub brokers: Memo<Vec<(u32, bool)>>,
    /// Simulated whole seconds (countdowns).
    pub now_s: Memo<u64>,
    /// Recent writes per partition (the hot mark).
    pub traffic: Memo<Traffic>,
    /// The largest log-end offset of the topic (compact bars are relative to it).
    pub max_end: Memo<u64>,
    pub menu: RwSignal<Option<menus::Open>>,
    /// The map's root: focus lands here when the node that opened a menu is gone.
    pub root: NodeRef<leptos::html::Div>,
    /// Where focus goes back when the menu closes.
    pub opener: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

impl MapCtx {
    /// Opens the menu for `target` at (x, y) in the drawing, remembering the element that
    /// opened it (focus returns there).
    pub fn open(&self, target: Target, x: f64, y: f64, from: Option<web_sys::EventTarget>) {
        // Events are delegated: the node is the nearest focusable ancestor of the target.
        let el = from
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[tabindex], button").ok().flatten());
        self.opener.set_value(el);
        self.menu.set(Some(menus::Open { target, x, y }));
    }

    /// Closes the menu without moving focus: the learner pressed somewhere else, which takes it.
    pub fn dismiss(&self) {
        self.menu.set(None);
    }

    pub fn close(&self) {
        self.menu.set(None);
        let opener = self.opener.get_value();
        let root = self.root;
        // After the action's redraw: the node may have been drawn anew (a member whose state
        // changed), so it is found again by what it shows; if it is gone, the map takes focus.
        request_animation_frame(move || {
            let Some(root) = root.get_untracked() else {
                return;
            };
            let again = opener.and_then(|old| {
                if old.is_connected() {
                    return Some(old);
                }
                let mut selector = String::new();
                for a in std::iter::once("data-testid").chain(IDENTITY) {
                    if let Some(v) = old.get_attribute(a) {
                        selector.push_str(&format!("[{a}=\"{}\"]", css_string(&v)));
                    }
                }
                root.query_selector(&selector).ok().flatten()
            });
            match again {
                Some(el) => focus(&el),
                None => {
                    let _ = root.focus();
                }
            }
        });
    }
}

/// `v` escaped for a CSS string in double quotes.
fn css_string(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The attributes that say which node an element draws.
const IDENTITY: [&str; 4] = [
    "data-member-id",
    "data-partition",
    "data-broker",
    "data-group",
];

/// Focuses any element (SVG nodes too), if it is still in the page.
pub(crate) fn focus(el: &web_sys::Element) {
    if !el.is_connected() {
        return;
    }
    if let Ok(f) = js_sys::Reflect::get(el, &"focus".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(el);
        }
    }
}

/// Enter or Space on a focused node acts like a click.
pub(crate) fn activates(ev: &web_sys::KeyboardEvent) -> bool {
    let k = ev.key();
    k == "Enter" || k == " "
}

#[component]
pub fn ClusterMap() -> impl IntoView {
    let pg = use_playground();
    let stage = NodeRef::<leptos::html::Div>::new();
    let root = NodeRef::<leptos::html::Div>::new();
    let size = RwSignal::new(layout::DEFAULT_SIZE);
    watch_size(stage, size);

    let partitions = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| w.partition_count(&topic).unwrap_or(0))
    });
    let replication = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            w.partition_view(&topic, 0)
                .map_or(1, |p| p.replicas.len() as u32)
        })
    });
    let layout = Memo::new(move |_| {
        let (w, h) = size.get();
        Layout::new(w, h, partitions.get(), replication.get())
    });
    let raw_groups = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| groups_of(w, &topic))
    });
    let raw_share = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| share_groups_of(w, &topic))
    });
    let groups = Memo::new(move |_| {
        let topic = pg.topic.get();
        let mut snaps =
            raw_groups.with(|gs| gs.iter().map(|g| snap(g, &topic)).collect::<Vec<_>>());
        raw_share.with(|gs| snaps.extend(gs.iter().map(|g| share_snap(g, &topic))));
        snaps
    });
    let lags = Memo::new(move |_| {
        let topic = pg.topic.get();
        raw_groups.with(|gs| {
            gs.iter()
                .flat_map(|g| {
                    g.partitions
                        .iter()
                        .filter(|p| p.partition.topic == topic)
                        .map(|p| LagMark {
                            group: g.name.clone(),
                            partition: p.partition.partition,
                            committed: p.committed,
                            lag: p.lag,
                        })
                })
                .chain(raw_share.with(|ss| {
                    // A share group's position is its share-partition start offset.
                    ss.iter()
                        .flat_map(|g| {
                            g.partitions
                                .iter()
                                .filter(|p| p.partition.topic == topic)
                                .map(|p| LagMark {
                                    group: g.name.clone(),
                                    partition: p.partition.partition,
                                    committed: Some(p.start),
                                    lag: p.lag,
                                })
                        })
                        .collect::<Vec<_>>()
                }))
                .collect::<Vec<_>>()
        })
    });
    let brokers = Memo::new(move |_| {
        pg.world.with(|w| {
            w.broker_views()
                .iter()
                .map(|b| (b.id, b.up))
                .collect::<Vec<_>>()
        })
    });
    let now_s = Memo::new(move |_| pg.world.with(|w| w.now() / 1000));
    let traffic = Memo::new(move |_| {
        let topic = pg.topic.get();
        let n = partitions.get();
        pg.world.with(|w| Traffic::of(w, &topic, n))
    });
    let max_end = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            (0..w.partition_count(&topic).unwrap_or(0))
                .filter_map(|p| w.partition_view(&topic, p))
                .map(|v| v.log_end_offset)
                .max()
                .unwrap_or(0)
        })
    });
    let ctx = MapCtx {
        traffic,
        max_end,
        layout,
        groups,
        lags,
        brokers,
        now_s,
        menu: RwSignal::new(None),
        root,
        opener: StoredValue::new_local(None),
    };
    provide_context(ctx);

    let summary_text = Memo::new(move |_| {
        let bs = brokers.get();
        let lag_of = |g: &str| {
            lags.with(|l| {
                l.iter()
                    .filter(|m| m.group == g)
                    .map(|m| m.lag)
                    .sum::<u64>()
            })
        };
        summary(&SummaryInput {
            topic: pg.topic.get(),
            partitions: partitions.get(),
            brokers_up: bs.iter().filter(|b| b.1).count(),
            brokers: bs.len(),
            groups: groups.with(|gs| {
                gs.iter()
                    .map(|g| {
                        (
                            g.name.clone(),
                            g.state_text().to_string(),
                            g.epoch_text(),
                            g.members.len(),
                            g.members.iter().filter(|m| m.idle).count(),
                            g.members
                                .iter()
                                .filter(|m| m.status != MemberStatusView::Active)
                                .count(),
                            lag_of(&g.name),
                        )
                    })
                    .collect()
            }),
        })
    });
    let announce = members::announcer(pg, groups, brokers);

    let rows = move || (0..partitions.get()).collect::<Vec<_>>();
    let view_box = move || {
        let l = layout.get();
        format!("0 0 {:.0} {:.0}", l.width, l.height)
    };
    let open_topic = move |ev: leptos::ev::MouseEvent| {
        ctx.open(Target::Topic, 40.0, 4.0, ev.target());
    };
    let has_topic = move || !pg.topic.with(String::is_empty);

    view! {
        <div class="cmap" data-testid="cluster-map" node_ref=root tabindex="-1">
            <div class="cmap__bar">
                <button
                    type="button"
                    class="cmap__topic"
                    data-testid="map-topic"
                    disabled=move || !has_topic()
                    aria-label=move || format!("{} · {} partitions: topic actions (add partitions, start a consumer)", pg.topic.get(), partitions.get())
                    on:click=open_topic
                >
                    <span class="cmap__topic-name">{move || pg.topic.get()}</span>
                    <span class="cmap__topic-count">{move || format!(" · {} partitions", partitions.get())}</span>
                </button>
                <label class="cmap__pick">
                    <span class="cmap__sr">"Topic shown"</span>
                    <select
                        data-testid="map-topic-select"
                        prop:value=move || pg.topic.get()
                        on:change=move |ev| pg.topic.set(event_target_value(&ev))
                    >
                        <TopicOptions selected=pg.topic />
                    </select>
                </label>
                <members::BrokerStrip />
            </div>
            <div class="cmap__stage" node_ref=stage>
                <svg
                    class="cmap__svg"
                    class:cmap__svg--compact=move || layout.with(|l| l.compact)
                    viewBox=view_box
                    role="group"
                    aria-label=move || format!("Cluster map of topic {}", pg.topic.get())
                    data-testid="map-svg"
                >
                    <producers::ProducerColumn />
                    <members::Edges />
                    <g class="cmap__rows">
                        <For each=rows key=move |p| (pg.topic.get_untracked(), *p) let:p>
                            <partitions::PartitionRow partition=p />
                        </For>
                    </g>
                    <members::MemberColumn />
                    <motion::Travel />
                </svg>
                <MapMenu />
            </div>
            <p class="cmap__summary" data-testid="map-summary">{move || summary_text.get()}</p>
            <p class="cmap__sr" aria-live="polite" data-testid="map-live">{move || announce.get()}</p>
        </div>
    }
}

/// Keeps `size` equal to the element's box, through a `ResizeObserver`.
fn watch_size(stage: NodeRef<leptos::html::Div>, size: RwSignal<(f64, f64)>) {
    let observer = StoredValue::new_local(
        None::<(
            web_sys::ResizeObserver,
            wasm_bindgen::closure::Closure<dyn FnMut()>,
        )>,
    );
    Effect::new(move |_| {
        let Some(el) = stage.get() else { return };
        let measure = {
            let el = el.clone();
            move || {
                let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
                if w > 0.0 && h > 0.0 && size.get_untracked() != (w, h) {
                    size.set((w, h));
                }
            }
        };
        measure();
        let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
        if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&el);
            observer.set_value(Some((obs, cb)));
        }
    });
    on_cleanup(move || {
        observer.update_value(|o| {
            if let Some((obs, _)) = o.take() {
                obs.disconnect();
            }
        });
    });
}
