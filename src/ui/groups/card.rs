//! One group's card: state, generation, members, a rebalance as it happens, its lag table.

use super::*;

/// One group: state, generation, assignor, lag, members and the per-partition lag table.
#[component]
pub(super) fn GroupCard(name: String, groups: Memo<Vec<GroupView>>) -> impl IntoView {
    let pg = use_playground();
    let n = name.clone();
    let group = Memo::new(move |_| groups.with(|gs| gs.iter().find(|g| g.name == n).cloned()));
    let state =
        Memo::new(move |_| group.with(|g| g.as_ref().map_or(GroupState::Empty, |g| g.state)));
    // What the next rebalance will use: the members' protocol and configured assignor.
    let configured = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .and_then(first_protocol_member)
                .map(|m| Strategy::of(m.protocol, m.assignor, m.remote_assignor))
        })
    });
    let consumer_group = Memo::new(move |_| {
        group.with(|g| g.as_ref().is_some_and(|g| g.kind == GroupType::Consumer))
    });
    let has_members = move || configured.with(Option::is_some);
    let picked = RwSignal::new(None::<Strategy>);
    let picked_or_configured = move || {
        picked
            .get()
            .filter(|p| {
                configured
                    .get()
                    .is_none_or(|c| c.protocol() == p.protocol())
            })
            .or_else(|| configured.get())
            .unwrap_or(Strategy::Classic(AssignorKind::Range))
    };
    let error = RwSignal::new(None::<String>);
    let heading = NodeRef::<leptos::html::H3>::new();
    let member_ids = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .map(|g| {
                    g.members
                        .iter()
                        .map(|m| m.member_id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // Rows in the list: while the pointer is over it, a member that leaves keeps its row (shown
    // as left) so the rows below do not slide under the pointer; they close up when it leaves.
    let hovering = RwSignal::new(false);
    let shown_ids = Memo::new(move |prev: Option<&Vec<String>>| {
        let live = member_ids.get();
        match prev {
            Some(shown) if hovering.get() => {
                let mut rows = shown.clone();
                rows.extend(live.into_iter().filter(|id| !shown.contains(id)));
                rows
            }
            _ => live,
        }
    });
    let partitions = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .map(|g| {
                    g.partitions
                        .iter()
                        .map(|p| p.partition.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let blocked_by_crash = move || {
        group.with(|g| {
            g.as_ref().is_some_and(|g| {
                g.state.is_rebalancing()
                    && g.members
                        .iter()
                        .any(|m| !m.manual && m.status != MemberStatusView::Active)
            })
        })
    };

    let g = name.clone();
    let switch_assignor = move |_| {
        let cmd = picked_or_configured().switch_command(g.clone());
        if pg.apply_or_show(cmd, error).is_some() {
            picked.set(None);
        }
    };
    let g = name.clone();
    let add_member = move |_| {
        // Same subscription and settings as the group's first member, with a fresh client id.
        let template = group.with_untracked(|gv| {
            gv.as_ref()
                .and_then(first_protocol_member)
                .map(|m| (m.topics.clone(), m.same_application()))
        });
        let Some((topics, config)) = template else {
            error.set(Some(format!(
                "Group {g} has no member to copy: start a consumer above."
            )));
            return;
        };
        let spec = MemberSpec {
            group: g.clone(),
            member_id: None,
            topics,
            assign: None,
            // The same application code: it fails on the same records, with the same handler.
            config,
            capture: false,
        };
        pg.apply_or_show(Command::JoinGroup(spec), error);
    };
    let focus_heading = move || {
        if let Some(h) = heading.get_untracked() {
            let _ = h.focus();
        }
    };
    let assignor_id = dom_id("group-assignor");
    let assignor_label_text = format!("Assignor for the next rebalance of group {name}");
    let switch_label = format!("Switch assignor of group {name}: restarts its members");
    let add_label = format!("Add member to group {name}");
    let members_label = format!("Members of group {name}");
    let table_label = format!("Lag per partition, group {name}");

    view! {
        <li class="groups__card" data-testid=format!("group-{name}") data-group=name.clone()>
            <div class="groups__head">
                <h3 class="groups__name" tabindex="-1" node_ref=heading>
                    <span class="groups__name-kind">"Group "</span>
                    {name.clone()}
                </h3>
                <span
                    class="groups__type"
                    data-testid="group-type"
                    title=move || {
                        if consumer_group.get() {
                            "Consumer protocol (KIP-848): the broker assigns; members move partitions one at a time"
                        } else {
                            "Classic protocol: every member stops and rejoins on a rebalance; the leader's consumer assigns"
                        }
                    }
                >
                    {move || if consumer_group.get() { "consumer protocol" } else { "classic" }}
                </span>
                <span
                    class=move || state_modifier(state.get())
                    data-testid="group-state"
                    data-state=move || state.get().as_str()
                >
                    {move || state_text(state.get())}
                    " ("
                    <code>{move || state.get().as_str()}</code>
                    ")"
                </span>
            </div>
            <dl class="groups__stats">
                <div class="groups__stat">
                    <dt>{move || if consumer_group.get() { "Group epoch" } else { "Generation" }}</dt>
                    <dd data-testid="group-generation">
                        {move || group.with(|g| g.as_ref().map_or(0, |g| g.generation))}
                        {move || {
                            group.with(|g| match g.as_ref().and_then(|g| g.target_assignment_epoch) {
                                Some(t) => format!(" (target {t})"),
                                None => String::new(),
                            })
                        }}
                    </dd>
                </div>
                <div class="groups__stat">
                    <dt>"Assignor in use"</dt>
                    <dd data-testid="group-assignor">
                        {move || {
                            group.with(|g| {
                                g.as_ref()
                                    .and_then(|g| {
                                        g.server_assignor
                                            .map(ServerAssignor::name)
                                            .or(g.assignor.map(AssignorKind::name))
                                    })
                                    .unwrap_or("none yet")
                            })
                        }}
                    </dd>
                </div>
                <div class="groups__stat">
                    <dt>"Members"</dt>
                    <dd data-testid="group-members">{move || member_ids.with(Vec::len)}</dd>
                </div>
                <div class="groups__stat">
                    <dt>"Total lag"</dt>
                    <dd data-testid="group-lag">{move || group.with(|g| g.as_ref().map_or(0, committed_lag))}</dd>
                </div>
            </dl>
            <Show when=move || state.get().is_reconciling()>
                <p class="groups__rebalancing" data-testid="group-reconciling">
                    <span class="groups__spinner" aria-hidden="true"></span>
                    <strong>{move || if state.get() == GroupState::Assigning { "Assigning… " } else { "Reconciling… " }}</strong>
                    "Members give up and take partitions one heartbeat at a time (every 5 s); "
                    "every other partition is consumed throughout."
                </p>
            </Show>
            <Show when=move || state.get().is_rebalancing()>
                <p class="groups__rebalancing" data-testid="group-rebalancing">
                    <span class="groups__spinner" aria-hidden="true"></span>
                    <strong>"Rebalancing… "</strong>
                    {move || {
                        group.with(|g| {
                            g.as_ref()
                                .and_then(|g| g.rebalance_reason.clone())
                                .map(|r| format!("Reason: {r}."))
                                .unwrap_or_default()
                        })
                    }}
                    <Show when=blocked_by_crash>
                        " It waits until every silent member's session times out (session.timeout.ms)."
                    </Show>
                </p>
            </Show>
            <Show
                when=has_members
                fallback=|| view! {
                    <p class="panel__hint">"No members: start a consumer with this group name to add one."</p>
                }
            >
                <div class="groups__actions">
                    <div class="field groups__assignor">
                        <label for=assignor_id.clone()>"Assignor for the next rebalance"</label>
                        <select
                            id=assignor_id.clone()
                            data-testid="assignor-select"
                            aria-label=assignor_label_text.clone()
                            prop:value=move || picked_or_configured().value()
                            on:change=move |ev| picked.set(Strategy::parse(&event_target_value(&ev)))
                        >
                            {move || {
                                picked_or_configured()
                                    .same_protocol()
                                    .map(|k| {
                                        view! {
                                            <option value=k.value() selected=move || picked_or_configured() == k>
                                                {k.name()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    <button
                        type="button"
                        class="button"
                        data-testid="assignor-apply"
                        aria-label=switch_label.clone()
                        on:click=switch_assignor.clone()
                    >
                        "Switch assignor"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="group-add-member"
                        aria-label=add_label.clone()
                        on:click=add_member.clone()
                    >
                        "Add member"
                    </button>
                </div>
            </Show>
            <p class="message message--error" role="alert" data-testid="group-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <ol
                class="groups__members"
                aria-label=members_label
                on:pointerenter=move |_| hovering.set(true)
                on:pointerleave=move |_| hovering.set(false)
            >
                <For
                    each=move || shown_ids.get()
                    key=|id| id.clone()
                    children=move |member_id| {
                        view! { <MemberRow group member_id error on_stopped=focus_heading /> }
                    }
                />
            </ol>
            <Show when=move || partitions.with(|p| !p.is_empty())>
                <div class="groups__table-wrap" role="region" tabindex="0"
                    aria-label=table_label.clone()>
                    <table class="groups__table" data-testid="group-lag-table">
                        <caption>"Lag per partition: log-end offset − committed offset (– until the group commits)"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Partition"</th>
                                <th scope="col" class="groups__num">"Committed"</th>
                                <th scope="col" class="groups__num">"Log-end"</th>
                                <th scope="col" class="groups__num">"Lag"</th>
                                <th scope="col">"Owner"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || partitions.get()
                                key=|tp| tp.clone()
                                children=move |tp| view! { <LagRow group tp /> }
                            />
                        </tbody>
                    </table>
                </div>
            </Show>
        </li>
    }
}

/// One row of the lag table: committed, log-end, lag and the owning member.
#[component]
pub(super) fn LagRow(group: Memo<Option<GroupView>>, tp: TopicPartition) -> impl IntoView {
    let label = tp.to_string();
    let data_partition = label.clone();
    let row = Memo::new(move |_| {
        group.with(|g| {
            let g = g.as_ref()?;
            let p = g.partitions.iter().find(|p| p.partition == tp)?;
            let owner = p.owner.as_ref().map(|id| {
                g.members
                    .iter()
                    .find(|m| &m.member_id == id)
                    .map_or_else(|| id.clone(), member_label)
            });
            // As `kafka-consumer-groups --describe`: no committed offset, no lag to show.
            let lag = p.committed.map(|_| p.lag);
            Some((p.committed, p.log_end_offset, lag, owner))
        })
    });
    view! {
        <tr data-testid="lag-row" data-partition=data_partition>
            <th scope="row" class="groups__mono">{label}</th>
            <td class="groups__num" data-testid="lag-committed">
                {move || row.with(|r| r.as_ref().and_then(|r| r.0).map_or("–".to_string(), |c| c.to_string()))}
            </td>
            <td class="groups__num">{move || row.with(|r| r.as_ref().map_or(0, |r| r.1))}</td>
            <td class="groups__num" data-testid="lag-lag">{move || row.with(|r| r.as_ref().and_then(|r| r.2).map_or("–".to_string(), |l| l.to_string()))}</td>
            <td class="groups__mono groups__owner" data-testid="lag-owner">
                {move || row.with(|r| r.as_ref().and_then(|r| r.3.clone()).unwrap_or_else(|| "–".into()))}
            </td>
        </tr>
    }
}
