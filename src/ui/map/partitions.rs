//! One row per partition: its newest records as cells coloured by key, the log-start, high
//! watermark, log-end and committed markers, lag as a span with its number, the hot mark, and
//! the replicas as badges. Compact rows (many partitions): a size bar, lag in red, owner colour.
//! Each row reads only its own partition, so a record written elsewhere does not redraw it.

use leptos::prelude::*;

use super::layout::{member_style, thousands, BADGE_W};
use super::menus::Target;
use super::{activates, use_playground, MapCtx};
use crate::engine::RecordState;
use crate::ui::lanes::key_hue;

/// Log bounds of one partition.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Bounds {
    start: u64,
    hw: u64,
    end: u64,
}

/// Leadership of one partition and where each replica stands.
#[derive(Clone, Debug, Default, PartialEq)]
struct Health {
    leader: Option<u32>,
    /// (broker, role) in replica order.
    replicas: Vec<(u32, Role)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Leader,
    Follower,
    OutOfIsr,
    Offline,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::Follower => "follower",
            Role::OutOfIsr => "out-of-isr",
            Role::Offline => "offline",
        }
    }
    /// The badge's text: a letter and the broker id, so roles are told apart without colour.
    fn badge(self, broker: u32) -> String {
        match self {
            Role::Leader => format!("L{broker}"),
            Role::Follower => format!("F{broker}"),
            Role::OutOfIsr => format!("f{broker}"),
            Role::Offline => format!("×{broker}"),
        }
    }
    fn words(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::Follower => "in-sync follower",
            Role::OutOfIsr => "follower out of the ISR",
            Role::Offline => "broker down",
        }
    }
}

#[component]
pub fn PartitionRow(partition: u32) -> impl IntoView {
    let pg = use_playground();
    let ctx = expect_context::<MapCtx>();
    let p = partition;
    let layout = ctx.layout;
    let bounds = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            w.partition_view(&topic, p)
                .map(|v| Bounds {
                    start: v.log_start_offset,
                    hw: v.high_watermark,
                    end: v.log_end_offset,
                })
                .unwrap_or_default()
        })
    });
    let health = Memo::new(move |_| {
        let topic = pg.topic.get();
        let up = ctx.brokers.get();
        pg.world.with(|w| {
            w.partition_view(&topic, p)
                .map(|v| Health {
                    leader: v.leader,
                    replicas: v
                        .replicas
                        .iter()
                        .map(|&b| {
                            let alive = up.iter().any(|(id, u)| *id == b && *u);
                            let role = if !alive {
                                Role::Offline
                            } else if v.leader == Some(b) {
                                Role::Leader
                            } else if v.isr.contains(&b) {
                                Role::Follower
                            } else {
                                Role::OutOfIsr
                            };
                            (b, role)
                        })
                        .collect(),
                })
                .unwrap_or_default()
        })
    });
    let cells = Memo::new(move |_| layout.with(|l| l.cells));
    // Re-read the tail only when the log's bounds or the window change.
    let records = Memo::new(move |_| {
        let n = cells.get();
        let _ = bounds.get();
        let topic = pg.topic.get_untracked();
        if n == 0 {
            return Vec::new();
        }
        pg.world.with_untracked(|w| {
            w.tail(&topic, p, n)
                .into_iter()
                .map(|r| (r.offset, r.key))
                .collect::<Vec<_>>()
        })
    });
    let marks = Memo::new(move |_| {
        ctx.lags.with(|l| {
            l.iter()
                .filter(|m| m.partition == p)
                .map(|m| (m.group.clone(), m.committed, m.lag))
                .collect::<Vec<_>>()
        })
    });
    let owners = Memo::new(move |_| {
        ctx.groups.with(|gs| {
            gs.iter()
                .flat_map(|g| {
                    g.members
                        .iter()
                        .filter(|m| m.assigned.contains(&p))
                        .map(|m| (g.name.clone(), m.index, m.label.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    let hot = Memo::new(move |_| ctx.traffic.with(|t| t.hot(p)));
    // The first share group on the topic: each shown record's state there and how often it
    // was delivered (KIP-932), for the cells' marks.
    let share_states = Memo::new(move |_| {
        let share = ctx
            .groups
            .with(|gs| gs.iter().find(|g| g.share).map(|g| g.name.clone()));
        let Some(group) = share else {
            return Vec::new();
        };
        let topic = pg.topic.get_untracked();
        let (lo, hi) =
            records.with(|r| (r.first().map_or(0, |x| x.0), r.last().map_or(0, |x| x.0)));
        pg.world.with(|w| {
            w.share_group(&group)
                .and_then(|g| {
                    g.partitions
                        .get(&crate::engine::TopicPartition::new(topic, p))
                })
                .map(|sp| {
                    sp.in_flight
                        .range(lo..=hi)
                        .map(|(&o, r)| (o, r.state, r.delivery_count))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });

    let cy = move || layout.with(|l| l.row_y(p));
    let band = move || layout.with(|l| l.band_h());
    // A memo: the row's content is rebuilt when the mode flips, not on every resize.
    let is_compact = Memo::new(move |_| layout.with(|l| l.compact));
    let compact = move || is_compact.get();
    let label = move || {
        let b = bounds.get();
        let mut s = format!(
            "Partition {p}: log-end offset {}, high watermark {}, log-start offset {}",
            b.end, b.hw, b.start
        );
        for (g, c, lag) in marks.get() {
            match c {
                Some(c) => s.push_str(&format!("; group {g} committed {c}, lag {lag}")),
                None => s.push_str(&format!("; group {g} has not committed, lag {lag}")),
            }
        }
        for (g, i, m) in owners.get() {
            s.push_str(&format!("; read by m{} {m} of {g}", i + 1));
        }
        let h = health.get();
        match h.leader {
            Some(l) => s.push_str(&format!("; leader broker {l}")),
            None => s.push_str("; offline, no leader"),
        }
        for (b, r) in &h.replicas {
            if *r != Role::Leader {
                s.push_str(&format!(", broker {b} {}", r.words()));
            }
        }
        if let Some(h) = hot.get() {
            s.push_str(&format!("; {h}"));
        }
        s.push_str(". Enter: produce a record to it.");
        s
    };
    let open = move |ev: web_sys::Event| {
        let (x, y) = layout.with_untracked(|l| (l.track_x0, l.row_y(p) + l.band_h() / 2.0 + 2.0));
        ctx.open(Target::Partition(p), x, y, ev.target());
    };
    let show_label = move || layout.with(|l| p.is_multiple_of(l.label_every()));

    let full = move || {
        view! {
            <rect class="cmap__track" aria-hidden="true"
                x=move || layout.with(|l| l.track_x0)
                y=move || cy() - band() / 2.0
                width=move || layout.with(|l| l.track_x1 - l.track_x0)
                height=band
            />
            <g class="cmap__cells" aria-hidden="true">
                <For
                    each=move || records.get()
                    key=|r| r.clone()
                    children=move |(offset, key)| {
                        let style = key.as_deref().map(|k| format!("--hue: {}", key_hue(k))).unwrap_or_default();
                        let nokey = key.is_none();
                        let data_key = key.clone().unwrap_or_default();
                        let x = move || layout.with(|l| l.offset_x(offset, bounds.with(|b| b.end)).0);
                        let consumed = move || marks.with(|m| m.first().and_then(|x| x.1).is_some_and(|c| offset < c));
                        let share = move || {
                            share_states.with(|s| {
                                s.iter().find(|x| x.0 == offset).map(|x| (x.1, x.2))
                            })
                        };
                        let share_state = move || share().map(|(st, _)| st.as_str()).unwrap_or_default();
                        let again = move || share().is_some_and(|(st, dc)| dc > 1 && st != RecordState::Acknowledged);
                        view! {
                            <rect
                                class="cmap__cell"
                                class:cmap__cell--nokey=nokey
                                class:cmap__cell--consumed=consumed
                                class:cmap__cell--acquired=move || share_state() == "acquired"
                                class:cmap__cell--available=move || share_state() == "available"
                                class:cmap__cell--archived=move || share_state() == "archived"
                                class:cmap__cell--again=again
                                data-share-state=share_state
                                data-deliveries=move || share().map(|(_, dc)| dc.to_string()).unwrap_or_default()
                                style=style
                                data-testid="map-cell"
                                data-offset=offset
                                data-key=data_key
                                x=move || x() + 0.5
                                y=move || cy() - band() / 2.0 + 1.0
                                width=move || layout.with(|l| (l.cell_w - 1.5).max(1.0))
                                height=move || (band() - 2.0).max(1.0)
                            />
                        }
                    }
                />
            </g>
            <Show when=move || bounds.with(|b| b.end == b.start)>
                <text class="cmap__empty" aria-hidden="true"
                    x=move || layout.with(|l| l.track_x1 - 4.0)
                    y=move || cy() + 3.5
                    text-anchor="end"
                >"empty"</text>
            </Show>
            <Markers partition=p bounds=bounds marks=marks />
            <Badges health=health cy=Signal::derive(cy) />
        }
    };
    let compact_view = move || {
        view! {
            <CompactBar partition=p bounds=bounds marks=marks owners=owners health=health />
        }
    };

    view! {
        <g
            class="cmap__row"
            class:cmap__row--hot=move || hot.with(Option::is_some)
            class:cmap__row--offline=move || health.with(|h| h.leader.is_none())
            data-testid="map-row"
            data-partition=p
            data-leader=move || health.with(|h| h.leader.map(|l| l.to_string()).unwrap_or_default())
            data-log-end=move || bounds.with(|b| b.end)
            on:click=move |ev| open(ev.into())
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if activates(&ev) {
                    ev.prevent_default();
                    open(ev.into());
                }
            }
        >
            // The button holds no drawn text, so its name is its aria-label alone.
            <g class="cmap__row-btn" tabindex="0" role="button" aria-label=label
                data-testid="map-row-button" data-partition=p>
            <rect class="cmap__row-hit"
                x=move || layout.with(|l| l.label_x - 4.0)
                y=move || layout.with(|l| l.row_y(p) - l.row_h / 2.0)
                width=move || layout.with(|l| l.row_end_x - l.label_x + 4.0)
                height=move || layout.with(|l| l.row_h)
            />
            </g>

            <Show when=show_label>
                <text class="cmap__row-label" aria-hidden="true"
                    x=move || layout.with(|l| l.label_x)
                    y=move || cy() + 4.0
                >{format!("P{p}")}</text>
            </Show>
            {move || if compact() { compact_view().into_any() } else { full().into_any() }}
            <Show when=move || hot.with(Option::is_some) && !compact()>
                <text class="cmap__hot" data-testid="map-hot" aria-hidden="true"
                    x=move || layout.with(|l| l.track_x0)
                    y=move || cy() - band() / 2.0 - 3.0
                >{move || {
                    let wide = layout.with(|l| l.track_x1 - l.track_x0 > 240.0);
                    match (hot.get(), wide) {
                        (Some(text), true) => text,
                        (Some(_), false) => ctx.traffic.with(|t| t.hot_share(p)).map(|s| format!("hot {:.0}%", s * 100.0)).unwrap_or_default(),
                        (None, _) => String::new(),
                    }
                }}</text>
            </Show>
        </g>
    }
}

/// Log-start, high-watermark, log-end and committed markers, and the lag span.
#[component]
fn Markers(
    partition: u32,
    bounds: Memo<Bounds>,
    marks: Memo<Vec<(String, Option<u64>, u64)>>,
) -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let layout = ctx.layout;
    let p = partition;
    let cy = move || layout.with(|l| l.row_y(p));
    let half = move || layout.with(|l| l.band_h() / 2.0);
    let x_of = move |o: u64| layout.with(|l| l.offset_x(o, bounds.with(|b| b.end)));
    let start = move || {
        let b = bounds.get();
        let (x, clipped) = x_of(b.start);
        (!clipped && b.end > b.start).then_some(x)
    };
    let hw_x = move || {
        let b = bounds.get();
        (b.hw < b.end).then(|| x_of(b.hw).0)
    };
    // The first group's committed offset draws the lag span; every group gets a tick.
    let lag_text = move || {
        marks.with(|m| {
            let parts: Vec<String> = m.iter().map(|(_, _, lag)| thousands(*lag)).collect();
            if parts.is_empty() || m.iter().all(|(_, _, l)| *l == 0) {
                String::new()
            } else {
                format!("lag {}", parts.join(" / "))
            }
        })
    };
    view! {
        <g class="cmap__markers" aria-hidden="true">
            {move || start().map(|x| view! {
                <line class="cmap__mark cmap__mark--start" data-testid="map-log-start"
                    x1=x x2=x y1=cy() - half() - 2.0 y2=cy() + half() + 2.0>
                    <title>{format!("log-start offset {}", bounds.with(|b| b.start))}</title>
                </line>
            })}
            {move || hw_x().map(|x| view! {
                <line class="cmap__mark cmap__mark--hw" data-testid="map-hw"
                    x1=x x2=x y1=cy() - half() - 3.0 y2=cy() + half() + 3.0>
                    <title>{format!("high watermark {}: consumers read only below it", bounds.with(|b| b.hw))}</title>
                </line>
            })}
            <line class="cmap__mark cmap__mark--end" data-testid="map-log-end"
                x1=move || layout.with(|l| l.track_x1) x2=move || layout.with(|l| l.track_x1)
                y1=move || cy() - half() - 3.0 y2=move || cy() + half() + 3.0>
                <title>{move || format!("log-end offset {}", bounds.with(|b| b.end))}</title>
            </line>
            <For
                each={move || marks.get().into_iter().enumerate().collect::<Vec<_>>()}
                key=|m| m.clone()
                children=move |(i, (group, committed, lag))| {
                    let committed = committed.unwrap_or_else(|| bounds.with_untracked(|b| b.end.saturating_sub(lag)));
                    let (x, clipped) = x_of(committed);
                    let end_x = layout.with_untracked(|l| l.track_x1);
                    let y = cy() + half() + 2.0 + i as f64 * 3.0;
                    view! {
                        <g class="cmap__commit" data-testid="map-committed" data-group=group.clone() data-offset=committed data-lag=lag>
                            <Show when=move || { lag > 0 }>
                                <line class="cmap__lag" x1=x x2=end_x y1=y y2=y />
                            </Show>
                            <path class="cmap__mark cmap__mark--committed"
                                d=format!("M{:.1} {:.1}l-3.5 5h7z", x, y - 1.0)>
                                <title>{format!("group {group}: committed offset {committed}{}", if clipped { " (older than the records shown)" } else { "" })}</title>
                            </path>
                        </g>
                    }
                }
            />
            <text class="cmap__lag-text" data-testid="map-lag" text-anchor="end"
                x=move || layout.with(|l| l.track_x1)
                y=move || cy() - half() - 3.0
            >{lag_text}</text>
        </g>
    }
}

/// The replicas as badges: L (leader), F (in-sync follower), f (out of the ISR), × (broker down).
#[component]
fn Badges(health: Memo<Health>, cy: Signal<f64>) -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let layout = ctx.layout;
    view! {
        <g class="cmap__badges" aria-hidden="true">
            <For
                each={move || health.get().replicas.into_iter().enumerate().collect::<Vec<_>>()}
                key=|r| *r
                children=move |(i, (broker, role))| {
                    let x = move || layout.with(|l| l.badges_x + i as f64 * BADGE_W);
                    let h = move || layout.with(|l| l.band_h().max(12.0));
                    view! {
                        <g class=format!("cmap__badge cmap__badge--{}", role.as_str())
                            data-testid="map-replica" data-broker=broker data-role=role.as_str()>
                            <rect x=move || x() + 1.0 y=move || cy.get() - h() / 2.0
                                width=BADGE_W - 3.0 height=h rx="3" />
                            <text x=move || x() + BADGE_W / 2.0 - 0.5 y=move || cy.get() + 3.5 text-anchor="middle">
                                {role.badge(broker)}
                            </text>
                        </g>
                    }
                }
            />
        </g>
    }
}

/// A compact row: the log's size as a bar (relative to the busiest partition), lag in red at its
/// end, and a square in the owner's colour.
#[component]
fn CompactBar(
    partition: u32,
    bounds: Memo<Bounds>,
    marks: Memo<Vec<(String, Option<u64>, u64)>>,
    owners: Memo<Vec<(String, usize, String)>>,
    health: Memo<Health>,
) -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let layout = ctx.layout;
    let p = partition;
    let cy = move || layout.with(|l| l.row_y(p));
    let band = move || layout.with(|l| l.band_h());
    let frac = move |v: u64| {
        let max = ctx.max_end.get().max(1);
        v as f64 / max as f64
    };
    let end_x = move || layout.with(|l| l.frac_x(frac(bounds.with(|b| b.end))));
    let lag = move || marks.with(|m| m.iter().map(|x| x.2).max().unwrap_or(0));
    let lag_x = move || {
        let b = bounds.get();
        layout.with(|l| l.frac_x(frac(b.end.saturating_sub(lag()))))
    };
    let owner = move || owners.with(|o| o.first().map(|(_, i, _)| *i));
    view! {
        <rect class="cmap__track" aria-hidden="true"
            x=move || layout.with(|l| l.track_x0) y=move || cy() - band() / 2.0
            width=move || layout.with(|l| l.track_x1 - l.track_x0) height=band />
        <rect class="cmap__size" data-testid="map-size" aria-hidden="true"
            x=move || layout.with(|l| l.track_x0) y=move || cy() - band() / 2.0
            width=move || (end_x() - layout.with(|l| l.track_x0)).max(0.0) height=band />
        <Show when=move || { lag() > 0 }>
            <rect class="cmap__lag-bar" data-testid="map-lag-bar" data-lag=lag
                x=lag_x y=move || cy() - band() / 2.0
                width=move || (end_x() - lag_x()).max(1.5) height=band />
        </Show>
        <g class="cmap__badges" aria-hidden="true">
            {move || {
                let h = health.get();
                let x = layout.with(|l| l.badges_x);
                let (text, role) = match h.leader {
                    Some(l) => (format!("L{l}"), if h.replicas.iter().all(|(_, r)| *r == super::partitions::Role::Leader || *r == Role::Follower) { "leader" } else { "under" }),
                    None => ("×".to_string(), "offline"),
                };
                let small = band() < 8.0;
                view! {
                    <g class=format!("cmap__badge cmap__badge--{role}") data-testid="map-replica" data-role=role
                        data-broker=h.leader.map(|l| l.to_string()).unwrap_or_default()>
                        <rect x=x + 1.0 y=cy() - band() / 2.0 width=BADGE_W - 3.0 height=band() rx="2" />
                        <Show when=move || !small>
                            <text x=x + BADGE_W / 2.0 y=cy() + 3.0 text-anchor="middle">{text.clone()}</text>
                        </Show>
                    </g>
                }
            }}
        </g>
        {move || owner().map(|i| {
            let (hue, _) = member_style(i);
            view! {
                <rect class="cmap__owner" data-testid="map-owner"
                    style=format!("--m-hue: {hue}")
                    x=move || layout.with(|l| l.row_end_x - 5.0) y=move || cy() - band() / 2.0
                    width="5" height=band />
            }
        })}
    }
}
