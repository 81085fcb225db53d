//! Share groups (KIP-932) in the groups panel: per group its members (what each holds,
//! processed, failed; Add worker, Stop, Crash) and per share-partition its start offset, the
//! in-flight records by state with their delivery counts, what was archived, and the lag.

use super::*;
use crate::engine::{RecordState, ShareGroupView, ShareMemberView, SharePartitionView};

/// Every share group, one card each.
#[component]
pub(super) fn ShareGroups() -> impl IntoView {
    let pg = use_playground();
    let groups = Memo::new(move |_| {
        pg.world.with(|w| {
            w.share_group_names()
                .iter()
                .filter_map(|n| w.share_group_view(n))
                .collect::<Vec<_>>()
        })
    });
    let names =
        Memo::new(move |_| groups.with(|gs| gs.iter().map(|g| g.name.clone()).collect::<Vec<_>>()));
    view! {
        <Show when=move || names.with(|n| !n.is_empty())>
            <h3 class="groups__section">"Share groups"</h3>
            <ul class="groups__list" aria-label="Share groups">
                <For
                    each=move || names.get()
                    key=|n| n.clone()
                    children=move |name| view! { <ShareGroupCard name groups /> }
                />
            </ul>
        </Show>
    }
}

/// What a share-partition's records show, as a sentence.
fn partition_summary(p: &SharePartitionView) -> String {
    format!(
        "start {} · end {} · high watermark {} · {} acquired · {} available again · {} done above start · {} archived in all · lag {}",
        p.start,
        p.next_fetch.saturating_sub(1).max(p.start),
        p.high_watermark,
        p.acquired,
        p.available,
        p.done,
        p.archived_total,
        p.lag
    )
}

/// A record cell's class and its title.
fn cell(r: &crate::engine::ShareRecordView, members: &[ShareMemberView]) -> (String, String) {
    let state = r.state.as_str();
    let who = r
        .owner
        .as_ref()
        .map(|o| {
            let label = members
                .iter()
                .find(|m| &m.member_id == o)
                .map_or_else(|| o.clone(), ShareMemberView::label);
            format!(" by {label}")
        })
        .unwrap_or_default();
    let class = if r.delivery_count > 1 && r.state != RecordState::Acknowledged {
        format!("sgrp__cell sgrp__cell--{state} sgrp__cell--again")
    } else {
        format!("sgrp__cell sgrp__cell--{state}")
    };
    (
        class,
        format!(
            "offset {}: {state}{who}, delivery {}",
            r.offset, r.delivery_count
        ),
    )
}

#[component]
fn ShareGroupCard(name: String, groups: Memo<Vec<ShareGroupView>>) -> impl IntoView {
    let pg = use_playground();
    let n = name.clone();
    let group = Memo::new(move |_| groups.with(|gs| gs.iter().find(|g| g.name == n).cloned()));
    let error = RwSignal::new(None::<String>);
    let g = name.clone();
    let add_worker = move |_| {
        let template = group.with_untracked(|gv| {
            gv.as_ref()
                .and_then(|g| {
                    g.members
                        .iter()
                        .find(|m| m.status == MemberStatusView::Active)
                })
                .map(|m| {
                    (
                        m.topics.clone(),
                        ShareConsumerConfig {
                            ack_mode: m.ack_mode,
                            on_failure: m.on_failure,
                            processing_us: m.processing_us,
                            max_poll_records: m.max_poll_records,
                            fail_key: m.fail_key.clone(),
                            fail_percent: m.fail_percent,
                            ..ShareConsumerConfig::default()
                        },
                    )
                })
        });
        let Some((topics, config)) = template else {
            error.set(Some(format!(
                "Share group {g} has no running member to copy: start a share consumer above."
            )));
            return;
        };
        let spec = ShareMemberSpec {
            group: g.clone(),
            member_id: None,
            topics,
            config,
            capture: false,
        };
        pg.apply_or_show(Command::JoinShareGroup(spec), error);
    };
    let stats = move || {
        group.with(|g| {
            g.as_ref().map(|g| {
                format!(
                    "{} · group epoch {} · {} · lag {} · {} archived · lock {} s · at most {} deliveries",
                    g.state.as_str(),
                    g.group_epoch,
                    plural(g.members.len(), "member"),
                    g.total_lag(),
                    g.archived(),
                    g.settings.lock_ms / 1000,
                    g.settings.delivery_limit
                )
            })
        })
    };
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
    let add_label = format!("Add a worker to share group {name}");
    view! {
        <li class="groups__card sgrp" data-testid=format!("share-group-{name}") data-group=name.clone()>
            <div class="groups__head">
                <h3 class="groups__name">
                    <span class="groups__name-kind">"Share group "</span>
                    {name.clone()}
                </h3>
                <span class="groups__type" title="Share group (KIP-932): members share partitions; each record is acquired by one member and acknowledged on its own">
                    "share group"
                </span>
            </div>
            <p class="sgrp__stats" data-testid="share-group-stats">{stats}</p>
            <div class="groups__actions">
                <button type="button" class="button" data-testid="share-add-worker"
                    aria-label=add_label on:click=add_worker>
                    "Add worker"
                </button>
            </div>
            <p class="message message--error" role="alert" data-testid="share-group-error"
                hidden=move || error.with(|e| e.is_none())>
                {move || error.get().unwrap_or_default()}
            </p>
            <ol class="groups__members" aria-label=format!("Members of share group {name}")>
                <For
                    each=move || member_ids.get()
                    key=|id| id.clone()
                    children=move |member_id| view! { <ShareMemberRow group member_id error /> }
                />
            </ol>
            <ul class="sgrp__partitions" aria-label=format!("Share-partitions of {name}")>
                <For
                    each=move || partitions.get()
                    key=|tp| tp.clone()
                    children=move |tp| view! { <SharePartitionRow group tp /> }
                />
            </ul>
        </li>
    }
}

#[component]
fn ShareMemberRow(
    group: Memo<Option<ShareGroupView>>,
    member_id: String,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let pg = use_playground();
    let id = member_id.clone();
    let member = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .and_then(|g| g.members.iter().find(|m| m.member_id == id).cloned())
        })
    });
    let gname =
        move || group.with_untracked(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default());
    let id = member_id.clone();
    let stop = move |_| {
        let cmd = Command::LeaveGroup {
            group: gname(),
            member_id: id.clone(),
        };
        pg.apply_or_show(cmd, error);
    };
    let id = member_id.clone();
    let crash = move |_| {
        let cmd = Command::CrashMember {
            group: gname(),
            member_id: id.clone(),
        };
        pg.apply_or_show(cmd, error);
    };
    let active = move || {
        member.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.status == MemberStatusView::Active)
        })
    };
    let text = move || {
        member.with(|m| {
            m.as_ref().map(|m| {
                let parts: Vec<String> = m.assignment.iter().map(|tp| tp.to_string()).collect();
                let status = match m.status {
                    MemberStatusView::Active => String::new(),
                    _ => " · crashed: leaves when its session times out".to_string(),
                };
                format!(
                    "reads {} · holds {} · processed {} · failed {} · {} acks{}",
                    if parts.is_empty() {
                        "nothing yet".to_string()
                    } else {
                        parts.join(", ")
                    },
                    m.holding,
                    m.processed,
                    m.failed,
                    m.ack_mode.as_str(),
                    status
                )
            })
        })
    };
    let label = move || member.with(|m| m.as_ref().map(ShareMemberView::label).unwrap_or_default());
    view! {
        <li class="groups__member" class:groups__member--down=move || !active()
            data-testid="share-member" data-member=member_id.clone()>
            <div class="groups__member-head">
                <span class="groups__member-id groups__mono">{label}</span>
                <span class="groups__client">{move || processing_label(member.with(|m| m.as_ref().map_or(0, |m| m.processing_us)))}</span>
            </div>
            <p class="sgrp__member-text" data-testid="share-member-text">{text}</p>
            <div class="groups__member-actions">
                <button type="button" class="button button--small" data-testid="share-member-stop"
                    disabled=move || !active() on:click=stop>"Stop"</button>
                <button type="button" class="button button--small button--danger" data-testid="share-member-crash"
                    disabled=move || !active() on:click=crash>"Crash"</button>
            </div>
        </li>
    }
}

#[component]
fn SharePartitionRow(group: Memo<Option<ShareGroupView>>, tp: TopicPartition) -> impl IntoView {
    let label = tp.to_string();
    let data_partition = label.clone();
    let t = tp.clone();
    let row = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref().and_then(|g| {
                let p = g.partitions.iter().find(|p| p.partition == t)?;
                let cells: Vec<(String, String)> =
                    p.records.iter().map(|r| cell(r, &g.members)).collect();
                Some((partition_summary(p), cells, p.start, p.high_watermark))
            })
        })
    });
    view! {
        <li class="sgrp__partition" data-testid="share-partition" data-partition=data_partition>
            <p class="sgrp__partition-head">
                <span class="groups__mono">{label}</span>
                " "
                <span data-testid="share-partition-summary">
                    {move || row.with(|r| r.as_ref().map(|r| r.0.clone()).unwrap_or_default())}
                </span>
            </p>
            <div class="sgrp__strip" role="img"
                aria-label=move || row.with(|r| r.as_ref().map(|r| format!("In-flight records from offset {} up to the high watermark {}", r.2, r.3)).unwrap_or_default())>
                {move || {
                    row.with(|r| {
                        r.as_ref()
                            .map(|r| {
                                r.1.iter()
                                    .map(|(class, title)| view! { <span class=class.clone() title=title.clone()></span> })
                                    .collect_view()
                            })
                    })
                }}
            </div>
        </li>
    }
}
