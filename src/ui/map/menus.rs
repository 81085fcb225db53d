//! The small menus opened from the map: click, tap or Enter on a node opens one, Escape closes it
//! and focus goes back to the node. Each action is an engine `Command` through `pg.apply`; a
//! refusal's text stays in the menu.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{use_playground, MapCtx};
use crate::engine::{
    AssignorKind, Command, MemberSpec, MemberStatusView, ShareConsumerConfig, ShareMemberSpec,
};
use crate::ui::groups::{processing_label, Strategy, DEFAULT_GROUP};

/// Processing times per record offered for a member, in microseconds.
const PROCESSING_US: [u64; 6] = [0, 1_000, 10_000, 50_000, 100_000, 1_000_000];

/// What a menu acts on.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Member {
        group: String,
        id: String,
        label: String,
        processing_us: u64,
    },
    Partition(u32),
    Topic,
    Broker(u32),
    Group(String),
}

/// An open menu, placed at (x, y) in the drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Open {
    pub target: Target,
    pub x: f64,
    pub y: f64,
}

fn title(t: &Target) -> String {
    match t {
        Target::Member { label, .. } => format!("Member {label}"),
        Target::Partition(p) => format!("Partition {p}"),
        Target::Topic => "Topic".into(),
        Target::Broker(b) => format!("Broker {b}"),
        Target::Group(g) => format!("Group {g}"),
    }
}

#[component]
pub fn MapMenu() -> impl IntoView {
    let ctx = expect_context::<MapCtx>();
    let error = RwSignal::new(None::<String>);
    let panel = NodeRef::<leptos::html::Div>::new();
    // A new menu starts without the last one's error, with focus on its first control.
    Effect::new(move |_| {
        let open = ctx.menu.with(Option::is_some);
        error.set(None);
        if open {
            if let Some(p) = panel.get() {
                if let Ok(Some(first)) = p.query_selector("button.cmap__act, input, select") {
                    if let Ok(el) = first.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        }
    });
    // A press anywhere outside the open menu closes it (a press on another node then opens
    // that node's menu).
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if ctx.menu.with_untracked(Option::is_none) {
            return;
        }
        let Some(p) = panel.get_untracked() else {
            return;
        };
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| p.contains(Some(&n)));
        if !inside {
            ctx.dismiss();
        }
    });
    on_cleanup(move || outside.remove());
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            ctx.close();
        }
    };
    view! {
        {move || ctx.menu.get().map(|open| {
            let style = format!(
                "left: max(0px, min({:.0}px, calc(100% - 14.5rem))); top: max(0px, min({:.0}px, calc(100% - 13rem)))",
                open.x.max(0.0),
                open.y.max(0.0)
            );
            let name = title(&open.target);
            let label = name.clone();
            view! {
                <div class="cmap__menu" role="dialog" aria-label=label data-testid="map-menu"
                    style=style node_ref=panel on:keydown=on_key>
                    <div class="cmap__menu-head">
                        <strong>{name}</strong>
                        <button type="button" class="cmap__close" aria-label="Close menu" data-testid="map-menu-close"
                            on:click=move |_| ctx.close()>"×"</button>
                    </div>
                    {body(open.target, error)}
                    <Show when=move || error.with(Option::is_some)>
                        <p class="cmap__error" role="alert" data-testid="map-menu-error">{move || error.get().unwrap_or_default()}</p>
                    </Show>
                </div>
            }
        })}
    }
}

fn body(target: Target, error: RwSignal<Option<String>>) -> AnyView {
    let pg = use_playground();
    let ctx = expect_context::<MapCtx>();
    // Runs a command: closes the menu on success, keeps it open with the refusal otherwise.
    let run = move |cmd: Command| match pg.apply(cmd) {
        Ok(_) => ctx.close(),
        Err(e) => error.set(Some(e)),
    };
    match target {
        Target::Member {
            group,
            id,
            label,
            processing_us,
        } => {
            let status = pg.world.with_untracked(|w| {
                w.group_view(&group)
                    .and_then(|g| g.members.into_iter().find(|m| m.member_id == id))
                    .map(|m| m.status)
            });
            let down = status.is_some_and(|s| s != MemberStatusView::Active);
            let (g1, i1, g2, i2, g3, i3) = (
                group.clone(),
                id.clone(),
                group.clone(),
                id.clone(),
                group,
                id,
            );
            let speed = RwSignal::new(processing_us);
            view! {
                <p class="cmap__menu-note">{format!("{label}{}", if down { " (not running)" } else { "" })}</p>
                <button type="button" class="cmap__act" data-testid="map-act-stop"
                    on:click=move |_| run(Command::LeaveGroup { group: g1.clone(), member_id: i1.clone() })>
                    "Stop (leave the group)"
                </button>
                <button type="button" class="cmap__act cmap__act--danger" data-testid="map-act-crash"
                    on:click=move |_| run(Command::CrashMember { group: g2.clone(), member_id: i2.clone() })>
                    "Crash (no heartbeats)"
                </button>
                <label class="cmap__field">
                    <span>"Processing time per record"</span>
                    <select data-testid="map-act-processing"
                        on:change=move |ev| {
                            if let Ok(us) = event_target_value(&ev).parse::<u64>() {
                                speed.set(us);
                                run(Command::SetProcessing { group: g3.clone(), member_id: i3.clone(), processing_us: us });
                            }
                        }
                    >
                        {PROCESSING_US.iter().map(|&us| view! {
                            <option value=us.to_string() selected=move || speed.get() == us>{processing_label(us)}</option>
                        }).collect_view()}
                        {(!PROCESSING_US.contains(&processing_us)).then(|| view! {
                            <option value=processing_us.to_string() selected>{processing_label(processing_us)}</option>
                        })}
                    </select>
                </label>
            }
            .into_any()
        }
        Target::Partition(p) => {
            let key = RwSignal::new(String::new());
            let value = RwSignal::new("hello".to_string());
            let produce = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let k = key.get_untracked();
                let k = (!k.is_empty()).then_some(k);
                match pg.produce(k, value.get_untracked(), Some(p)) {
                    Ok(_) => ctx.close(),
                    Err(e) => error.set(Some(e)),
                }
            };
            view! {
                <form class="cmap__form" on:submit=produce>
                    <label class="cmap__field"><span>"Key (optional)"</span>
                        <input data-testid="map-act-key" bind:value=key autocomplete="off" /></label>
                    <label class="cmap__field"><span>"Value"</span>
                        <input data-testid="map-act-value" bind:value=value autocomplete="off" /></label>
                    <button type="submit" class="cmap__act" data-testid="map-act-produce">
                        {format!("Produce to partition {p}")}
                    </button>
                </form>
            }
            .into_any()
        }
        Target::Topic => {
            let topic = pg.topic.get_untracked();
            let now = pg
                .world
                .with_untracked(|w| w.partition_count(&topic).unwrap_or(0));
            let count = RwSignal::new((now + 1).to_string());
            let group = RwSignal::new(DEFAULT_GROUP.to_string());
            let t = topic.clone();
            let grow = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                match count.get_untracked().trim().parse::<u32>() {
                    Ok(n) => run(Command::AlterPartitions {
                        topic: t.clone(),
                        partitions: n,
                    }),
                    Err(_) => error.set(Some(
                        "The number of partitions must be a whole number.".into(),
                    )),
                }
            };
            let t = topic.clone();
            let consume = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let spec = MemberSpec::new(group.get_untracked().trim(), &[t.as_str()]);
                run(Command::JoinGroup(spec));
            };
            view! {
                <form class="cmap__form" on:submit=grow>
                    <label class="cmap__field"><span>{format!("Partitions of {topic} (now {now}; only more)")}</span>
                        <input data-testid="map-act-partitions" type="number" min="1" bind:value=count /></label>
                    <button type="submit" class="cmap__act" data-testid="map-act-add-partitions">"Add partitions"</button>
                </form>
                <form class="cmap__form" on:submit=consume>
                    <label class="cmap__field"><span>"Start a consumer in group"</span>
                        <input data-testid="map-act-group-name" bind:value=group autocomplete="off" /></label>
                    <button type="submit" class="cmap__act" data-testid="map-act-start-consumer">"Start consumer"</button>
                </form>
            }
            .into_any()
        }
        Target::Broker(b) => {
            let up = ctx
                .brokers
                .with_untracked(|bs| bs.iter().any(|(id, u)| *id == b && *u));
            if up {
                view! {
                    <p class="cmap__menu-note">"Up. Its partitions elect new leaders when it goes."</p>
                    <button type="button" class="cmap__act cmap__act--danger" data-testid="map-act-kill"
                        on:click=move |_| run(Command::StopBroker { broker: b })>{format!("Kill broker {b}")}</button>
                }
                .into_any()
            } else {
                view! {
                    <p class="cmap__menu-note">"Down. Its replicas catch up when it is back."</p>
                    <button type="button" class="cmap__act" data-testid="map-act-start"
                        on:click=move |_| run(Command::StartBroker { broker: b })>{format!("Start broker {b}")}</button>
                }
                .into_any()
            }
        }
        Target::Group(g) if pg.world.with_untracked(|w| w.share_group(&g).is_some()) => {
            // A share group: another worker like its first running member.
            let spec = pg.world.with_untracked(|w| {
                w.share_group(&g).and_then(|sg| {
                    sg.members
                        .values()
                        .find(|m| m.is_active())
                        .map(|m| ShareMemberSpec {
                            group: g.clone(),
                            member_id: None,
                            topics: m.topics.clone(),
                            config: ShareConsumerConfig {
                                client_id: String::new(),
                                ..m.config.clone()
                            },
                            capture: false,
                        })
                })
            });
            let add = move |_| {
                match spec.clone() {
                Some(spec) => run(Command::JoinShareGroup(spec)),
                None => error.set(Some(format!(
                    "Share group {g} has no running member to copy: start one from the Groups panel."
                ))),
            }
            };
            view! {
                <p class="cmap__menu-note">"A share group: its members share partitions; each record goes to one of them."</p>
                <button type="button" class="cmap__act" data-testid="map-act-add-member" on:click=add>"Add a worker"</button>
            }
            .into_any()
        }
        Target::Group(g) => {
            // The group's protocol and assignor, as its first member in the protocol runs them.
            let template = pg.world.with_untracked(|w| {
                w.group_view(&g).and_then(|v| {
                    let protocol: Vec<_> = v.members.into_iter().filter(|m| !m.manual).collect();
                    protocol
                        .iter()
                        .find(|m| m.status == MemberStatusView::Active)
                        .or(protocol.first())
                        .cloned()
                })
            });
            let current = template
                .as_ref()
                .map(|m| Strategy::of(m.protocol, m.assignor, m.remote_assignor))
                .unwrap_or(Strategy::Classic(AssignorKind::Range));
            let picked = RwSignal::new(current);
            let g1 = g.clone();
            let add = move |_| {
                let Some(m) = template.clone() else {
                    error.set(Some(format!(
                        "Group {g1} has no member to copy: start a consumer from the topic menu."
                    )));
                    return;
                };
                run(Command::JoinGroup(MemberSpec {
                    group: g1.clone(),
                    member_id: None,
                    topics: m.topics.clone(),
                    assign: None,
                    config: m.same_application(),
                    capture: false,
                }));
            };
            let g2 = g.clone();
            let switch = move |_| {
                run(picked.get_untracked().switch_command(g2.clone()));
            };
            view! {
                <button type="button" class="cmap__act" data-testid="map-act-add-member" on:click=add>"Add a member"</button>
                <label class="cmap__field"><span>"Assignor"</span>
                    <select data-testid="map-act-assignor"
                        on:change=move |ev| {
                            if let Some(k) = Strategy::parse(&event_target_value(&ev)) {
                                picked.set(k);
                            }
                        }>
                        {current.same_protocol().map(|k| view! {
                            <option value=k.value() selected=move || picked.get() == k>{k.name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="cmap__act" data-testid="map-act-switch-assignor" on:click=switch>
                    "Switch assignor (members rejoin)"
                </button>
            }
            .into_any()
        }
    }
}
