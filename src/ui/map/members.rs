//! Consumer groups on the right (a node per member, idle / crashed / rebalancing told in words),
//! the edges from each partition to the member that owns it, the brokers strip, and the live
//! announcements of rebalances and broker changes.

use leptos::prelude::*;

use super::layout::{chars_in, countdown, edge_path, fit, member_style, GroupSlot};
use super::menus::Target;
use super::{activates, GroupSnap, MapCtx, MemberSnap};
use crate::engine::MemberStatusView;

/// `P2, P5`.
fn partition_list(parts: &[u32]) -> String {
    parts
        .iter()
        .map(|p| format!("P{p}"))
        .collect::<Vec<_>>()
        .join(", ")
}
use crate::ui::state::Playground;

/// Member column slots, recomputed only when the layout or the group sizes change.
fn slots(ctx: MapCtx) -> Memo<Vec<GroupSlot>> {
    let sizes = Memo::new(move |_| {
        ctx.groups
            .with(|gs| gs.iter().map(|g| g.members.len()).collect::<Vec<_>>())
    });
    Memo::new(move |_| {
        let s = sizes.get();
        ctx.layout.with(|l| l.member_slots(&s))
    })
}

/// Where member `index` of group `gi` sits: (y, height).
fn member_box(slots: &[GroupSlot], gi: usize, index: usize) -> Option<(f64, f64)> {
    slots.get(gi)?.members.get(index).copied()
}

/// "idle", "crashed · session times out in 7 s", "P0, P3".
fn member_state(m: &MemberSnap, now_ms: u64) -> (&'static str, String) {
    match m.status {
        MemberStatusView::Crashed => (
            "crashed",
            match m.expires_at {
                Some(at) => format!("crashed · out in {}", countdown(at.saturating_sub(now_ms))),
                None => "crashed".into(),
            },
        ),
        MemberStatusView::Stopped => (
            "stopped",
            match m.expires_at {
                Some(at) => format!("stopped · out in {}", countdown(at.saturating_sub(now_ms))),
                None => "stopped".into(),
            },
        ),
        MemberStatusView::Active if !m.revoking.is_empty() => (
            "revoking",
            format!("giving up {}", partition_list(&m.revoking)),
        ),
        MemberStatusView::Active if m.assigned.is_empty() && !m.waiting.is_empty() => (
            "waiting",
            format!("waits for {}", partition_list(&m.waiting)),
        ),
        MemberStatusView::Active if m.idle => ("idle", "idle".into()),
        MemberStatusView::Active if m.assigned.is_empty() => {
            ("waiting", "no partitions yet".into())
        }
        MemberStatusView::Active => ("active", partition_list(&m.assigned)),
    }
}

#[component]
pub fn MemberColumn() -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let slots = slots(ctx);
    let layout = ctx.layout;
    let groups = move || ctx.groups.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <g class="cmap__members">
            <Show when=move || ctx.groups.with(Vec::is_empty)>
                <text class="cmap__none" x=move || layout.with(|l| l.member_x) y=move || layout.with(|l| l.rows_top + 14.0)>
                    "no consumers yet"
                </text>
            </Show>
            <For
                each=groups
                key=|(i, g)| format!("{i}:{g:?}")
                children=move |(gi, g)| view! { <GroupNodes gi=gi group=g slots=slots /> }
            />
        </g>
    }
}

#[component]
fn GroupNodes(gi: usize, group: GroupSnap, slots: Memo<Vec<GroupSlot>>) -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let layout = ctx.layout;
    let name = group.name.clone();
    let head = group.name.clone();
    let sub = format!(
        "{}{} · {}{}",
        if group.share { "share · " } else { "" },
        group.state_text(),
        group.epoch_text(),
        group
            .assignor
            .map(|a| format!(" · {a}"))
            .unwrap_or_default()
    );
    let assignor = group.assignor.unwrap_or("none yet");
    let head_label = format!(
        "Group {} ({}), {}, {}, assignor {assignor}, {} members. Enter: add a member or switch the assignor.",
        group.name,
        if group.share { "share group" } else if group.consumer { "consumer protocol" } else { "classic protocol" },
        group.state_text(),
        group.epoch_text().replace("gen ", "generation "),
        group.members.len()
    );
    let rebalancing = group.rebalancing();
    let head_y = move || slots.with(|s| s.get(gi).map_or(0.0, |s| s.head_y));
    let n = name.clone();
    let open = move |ev: web_sys::Event| {
        let (x, y) = layout.with_untracked(|l| (l.member_x - 60.0, head_y() + 4.0));
        ctx.open(Target::Group(n.clone()), x, y, ev.target());
    };
    let members = group.members.clone();
    let all = group.members.clone();
    let gname = group.name.clone();
    let state_text = group.state_text();
    let generation = group.generation;
    view! {
        <g class="cmap__group" class:cmap__group--rebalancing=rebalancing
            data-testid="map-group" data-group=name.clone() data-state=state_text
            data-generation=generation data-assignor=assignor>
            <g class="cmap__group-head">
                <text aria-hidden="true" x=move || layout.with(|l| l.member_x) y=head_y>
                    {move || fit(&head, layout.with(|l| chars_in(l.member_w, 11.0)))}
                </text>
                <text class="cmap__group-state" data-testid="map-group-state" aria-hidden="true" x=move || layout.with(|l| l.member_x) y=move || head_y() + 12.0>
                    {move || fit(&sub, layout.with(|l| chars_in(l.member_w, 10.0)))}
                </text>
                // The button holds no drawn text: its name is its aria-label alone.
                <g class="cmap__node-btn" tabindex="0" role="button" aria-label=head_label
                    data-testid="map-group-head" data-group=name.clone()
                    on:click={let open = open.clone(); move |ev| open(ev.into())}
                    on:keydown=move |ev: web_sys::KeyboardEvent| if activates(&ev) { ev.prevent_default(); open(ev.into()); }
                >
                    <rect class="cmap__node-hit" x=move || layout.with(|l| l.member_x - 2.0) y=move || head_y() - 11.0
                        width=move || layout.with(|l| l.member_w + 2.0) height="27" rx="3" />
                </g>
            </g>
            <Show when=move || members.is_empty()>
                <text class="cmap__none" x=move || layout.with(|l| l.member_x) y=move || head_y() + 26.0>"no members"</text>
            </Show>
            {all.into_iter().map(|m| view! { <MemberNode gi=gi group=gname.clone() member=m slots=slots /> }).collect_view()}
        </g>
    }
}

#[component]
fn MemberNode(
    gi: usize,
    group: String,
    member: MemberSnap,
    slots: Memo<Vec<GroupSlot>>,
) -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let layout = ctx.layout;
    let index = member.index;
    let (hue, dash) = member_style(index);
    let boxed = move || {
        slots
            .with(|s| member_box(s, gi, index))
            .unwrap_or((0.0, 0.0))
    };
    let m = member.clone();
    let state = Memo::new(move |_| member_state(&m, ctx.now_s.get() * 1000));
    let tag = format!("m{}", index + 1);
    let label_text = member.label.clone();
    let g = group.clone();
    let aria = move || {
        let (_, s) = state.get();
        format!(
            "Member m{} {} of group {g}: {s}. Enter: stop, crash or change its processing time.",
            index + 1,
            label_text
        )
    };
    let id = member.id.clone();
    let g = group.clone();
    let label = member.label.clone();
    let open = move |ev: web_sys::Event| {
        let (x, y) = layout.with_untracked(|l| (l.member_x - 80.0, boxed().0 + boxed().1));
        ctx.open(
            Target::Member {
                group: g.clone(),
                id: id.clone(),
                label: label.clone(),
                processing_us: member.processing_us,
            },
            x,
            y,
            ev.target(),
        );
    };
    let two_lines = move || boxed().1 >= 28.0;
    let name = member.label.clone();
    view! {
        <g class=move || format!("cmap__member cmap__member--{}", state.with(|s| s.0))
            style=format!("--m-hue: {hue}")
            data-testid="map-member" data-member-id=member.id.clone() data-group=group.clone()
            data-status=move || state.with(|s| s.0)
        >
            <rect x=move || layout.with(|l| l.member_x) y=move || boxed().0 + 1.0
                width=move || layout.with(|l| l.member_w) height=move || (boxed().1 - 3.0).max(3.0)
                rx="5" stroke-dasharray=dash />
            <Show when=move || { boxed().1 >= 11.0 }>
                <text class="cmap__member-name" aria-hidden="true"
                    x=move || layout.with(|l| l.member_x + 5.0)
                    y=move || if two_lines() { boxed().0 + 14.0 } else { boxed().0 + boxed().1 / 2.0 + 3.5 }
                >
                    {
                        let tag = tag.clone();
                        let name = name.clone();
                        move || {
                            let room = layout.with(|l| chars_in(l.member_w - 10.0, 11.0));
                            if two_lines() {
                                fit(&format!("{tag} {name}"), room)
                            } else {
                                fit(&format!("{tag} {name} · {}", state.with(|s| s.1.clone())), room)
                            }
                        }
                    }
                </text>
            </Show>
            <Show when=two_lines>
                <text class="cmap__member-state" data-testid="map-member-state" aria-hidden="true"
                    x=move || layout.with(|l| l.member_x + 5.0) y=move || boxed().0 + 27.0>
                    {move || fit(&state.with(|s| s.1.clone()), layout.with(|l| chars_in(l.member_w - 10.0, 10.0)))}
                </text>
            </Show>
            // The button holds no drawn text (which `fit` may shorten), so its name is its
            // aria-label alone.
            <g class="cmap__node-btn" tabindex="0" role="button" aria-label=aria
                data-testid="map-member-button" data-member-id=member.id.clone() data-group=group.clone()
                on:click={let open = open.clone(); move |ev| open(ev.into())}
                on:keydown=move |ev: web_sys::KeyboardEvent| if activates(&ev) { ev.prevent_default(); open(ev.into()); }
            >
                <rect class="cmap__node-hit" x=move || layout.with(|l| l.member_x) y=move || boxed().0 + 1.0
                    width=move || layout.with(|l| l.member_w) height=move || (boxed().1 - 3.0).max(3.0)
                    rx="5" />
            </g>
        </g>
    }
}

/// One owner edge: (group index, group, member index, member id, partition).
type EdgeKey = (usize, String, usize, String, u32);

/// How long a revoked edge takes to fade out (the CSS animation's length).
const FADE_MS: u64 = 700;

/// An edge from every partition to the member that owns it, per group. While a group
/// rebalances its edges fade; an edge whose partition was revoked fades out where it was.
#[component]
pub fn Edges() -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let slots = slots(ctx);
    let layout = ctx.layout;
    let edges = Memo::new(move |_| {
        ctx.groups.with(|gs| {
            gs.iter()
                .enumerate()
                .flat_map(|(gi, g)| {
                    g.members.iter().flat_map(move |m| {
                        m.assigned
                            .iter()
                            .map(move |p| (gi, g.name.clone(), m.index, m.id.clone(), *p))
                    })
                })
                .collect::<Vec<EdgeKey>>()
        })
    });
    let path_of = move |slots: &[GroupSlot], (gi, _, index, _, p): &EdgeKey| {
        let (y, h) = member_box(slots, *gi, *index)?;
        layout.with_untracked(|l| {
            (*p < l.partitions)
                .then(|| edge_path(l.row_end_x, l.row_y(*p), l.member_x, y + h / 2.0))
        })
    };
    // Revoked edges, drawn where they were for one fade: (id, path, hue, dash).
    let ghosts = RwSignal::new(Vec::<(u64, String, u32, &'static str)>::new());
    let seen = StoredValue::new((Vec::<EdgeKey>::new(), Vec::<GroupSlot>::new(), 0u64));
    Effect::new(move |_| {
        let now = edges.get();
        let now_slots = slots.get();
        let (old, old_slots, mut next) = seen.get_value();
        let gone: Vec<_> = old
            .iter()
            .filter(|e| !now.contains(e))
            .filter_map(|e| path_of(&old_slots, e).map(|d| (e.2, d)))
            .collect();
        let mut ids = Vec::new();
        if !gone.is_empty() && gone.len() <= 64 {
            ghosts.update(|g| {
                for (index, d) in gone {
                    let (hue, dash) = member_style(index);
                    g.push((next, d, hue, dash));
                    ids.push(next);
                    next += 1;
                }
            });
        }
        seen.set_value((now, now_slots, next));
        if !ids.is_empty() {
            set_timeout(
                move || {
                    ghosts.try_update(|g| g.retain(|x| !ids.contains(&x.0)));
                },
                std::time::Duration::from_millis(FADE_MS),
            );
        }
    });
    view! {
        <g class="cmap__edges" aria-hidden="true">
            <For
                each=move || ghosts.get()
                key=|g| g.0
                children=move |(_, d, hue, dash)| view! {
                    <path class="cmap__ghost" d=d stroke-dasharray=dash style=format!("--m-hue: {hue}") />
                }
            />
            <For
                each=move || edges.get()
                key=|e| e.clone()
                children=move |(gi, group, index, id, p)| {
                    let (hue, dash) = member_style(index);
                    let key = (gi, group.clone(), index, id.clone(), p);
                    let d = move || slots.with(|s| path_of(s, &key)).unwrap_or_default();
                    let rebalancing = move || ctx.groups.with(|gs| gs.get(gi).is_some_and(GroupSnap::rebalancing));
                    let mid = id.clone();
                    // Consumer protocol: this partition is being given up by its owner.
                    let revoking = move || {
                        ctx.groups.with(|gs| {
                            gs.get(gi).is_some_and(|g| {
                                g.members.iter().any(|m| m.id == mid && m.revoking.contains(&p))
                            })
                        })
                    };
                    let tag_y = move || layout.with(|l| l.row_y(p) - 2.0);
                    let show_tag = move || layout.with(|l| !l.compact && l.row_h >= 16.0);
                    view! {
                        <g class="cmap__edge" class:cmap__edge--rebalancing=rebalancing
                            class:cmap__edge--revoking=revoking style=format!("--m-hue: {hue}")
                            data-testid="map-edge" data-group=group data-member-id=id data-partition=p>
                            <path d=d stroke-dasharray=dash />
                            <Show when=show_tag>
                                <text class="cmap__edge-tag"
                                    x=move || layout.with(|l| l.row_end_x + 2.0 + gi as f64 * 16.0) y=tag_y>
                                    {format!("m{}", index + 1)}
                                </text>
                            </Show>
                        </g>
                    }
                }
            />
        </g>
    }
}

/// One chip per broker, up or down; a chip opens kill / start.
#[component]
pub fn BrokerStrip() -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    view! {
        <ul class="cmap__brokers" aria-label="Brokers">
            <For
                each=move || ctx.brokers.get()
                key=|b| *b
                children=move |(id, up)| {
                    let open = move |ev: leptos::ev::MouseEvent| {
                        let x = ctx.layout.with_untracked(|l| l.width - 230.0).max(0.0);
                        ctx.open(Target::Broker(id), x, 0.0, ev.target());
                    };
                    view! {
                        <li>
                            <button type="button" class="cmap__broker" class:cmap__broker--down=!up
                                data-testid="map-broker" data-broker=id data-up=up.to_string()
                                aria-label=format!("B{id} {}: broker {id} is {}. Open broker actions", if up { "up" } else { "down" }, if up { "up" } else { "down" })
                                on:click=open>
                                {format!("B{id} {}", if up { "up" } else { "down" })}
                            </button>
                        </li>
                    }
                }
            />
        </ul>
    }
}

/// Sentences for the live region: rebalances, new generations or group epochs, broker changes.
pub fn announcer(
    pg: Playground,
    groups: Memo<Vec<GroupSnap>>,
    brokers: Memo<Vec<(u32, bool)>>,
) -> RwSignal<String> {
    let said = RwSignal::new(String::new());
    let prev = StoredValue::new((
        String::new(),
        Vec::<(String, String, String)>::new(),
        Vec::<(u32, bool)>::new(),
    ));
    Effect::new(move |_| {
        let topic = pg.topic.get();
        let gs = groups.with(|gs| {
            gs.iter()
                .map(|g| {
                    let epoch = if g.consumer {
                        format!("group epoch {}", g.generation)
                    } else {
                        format!("generation {}", g.generation)
                    };
                    (g.name.clone(), g.state_text().to_string(), epoch)
                })
                .collect::<Vec<_>>()
        });
        let bs = brokers.get();
        let (old_topic, old_gs, old_bs) = prev.get_value();
        prev.set_value((topic.clone(), gs.clone(), bs.clone()));
        if old_topic != topic || (old_gs.is_empty() && old_bs.is_empty()) {
            return;
        }
        let mut out = Vec::new();
        for &(id, up) in &bs {
            match old_bs.iter().find(|b| b.0 == id) {
                Some(&(_, was)) if was && !up => out.push(format!("Broker {id} is down.")),
                Some(&(_, was)) if !was && up => out.push(format!("Broker {id} is up.")),
                None => out.push(format!("Broker {id} joined.")),
                _ => {}
            }
        }
        for (name, state, gen) in &gs {
            match old_gs.iter().find(|g| g.0 == *name) {
                Some((_, s, g)) if s != state || g != gen => {
                    out.push(format!("Group {name}: {state}, {gen}."))
                }
                None => out.push(format!("Group {name} appeared: {state}, {gen}.")),
                _ => {}
            }
        }
        if !out.is_empty() {
            said.set(out.join(" "));
        }
    });
    said
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(
        status: MemberStatusView,
        idle: bool,
        assigned: Vec<u32>,
        expires_at: Option<u64>,
    ) -> MemberSnap {
        MemberSnap {
            id: "c-1".into(),
            label: "c".into(),
            status,
            idle,
            assigned,
            revoking: Vec::new(),
            waiting: Vec::new(),
            expires_at,
            processing_us: 0,
            index: 0,
        }
    }

    #[test]
    fn member_states_in_words() {
        assert_eq!(
            member_state(&member(MemberStatusView::Active, true, vec![], None), 0).1,
            "idle"
        );
        assert_eq!(
            member_state(
                &member(MemberStatusView::Active, false, vec![0, 3], None),
                0
            )
            .1,
            "P0, P3"
        );
        assert_eq!(
            member_state(
                &member(MemberStatusView::Crashed, false, vec![0], Some(45_000)),
                40_000
            ),
            ("crashed", "crashed · out in 5 s".to_string())
        );
        // Past the deadline but not yet removed: never a negative countdown.
        assert_eq!(
            member_state(
                &member(MemberStatusView::Crashed, false, vec![0], Some(1_000)),
                40_000
            )
            .1,
            "crashed · out in 0 s"
        );
    }
}
