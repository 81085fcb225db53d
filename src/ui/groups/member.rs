//! One member's row: label, status, badges, and its controls (stop, crash, processing time,
//! failures).

use super::*;

/// How a partition stands for a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Chip {
    Owned,
    /// Consumer protocol: still owned, being given up.
    Revoking,
    /// Consumer protocol: in its target, still held by another member.
    Waiting,
}

fn partition_chips(m: &MemberView) -> Vec<(String, Chip)> {
    let mut chips: Vec<(String, Chip)> = m
        .assignment
        .iter()
        .map(|tp| {
            let kind = if m.revoking.contains(tp) {
                Chip::Revoking
            } else {
                Chip::Owned
            };
            (tp.to_string(), kind)
        })
        .collect();
    if m.status == MemberStatusView::Active && !m.poll_expired {
        chips.extend(
            m.target
                .iter()
                .filter(|tp| !m.assignment.contains(tp))
                .map(|tp| (tp.to_string(), Chip::Waiting)),
        );
    }
    chips
}

/// One member: who it is, what it owns, how fast it works, and Stop / Crash.
#[component]
pub(super) fn MemberRow(
    group: Memo<Option<GroupView>>,
    member_id: String,
    error: RwSignal<Option<String>>,
    on_stopped: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let pg = use_playground();
    let id = member_id.clone();
    let live = Memo::new(move |_| {
        group.with(|g| {
            g.as_ref()
                .and_then(|g| g.members.iter().find(|m| m.member_id == id).cloned())
        })
    });
    // A member that has left keeps its last picture while the card keeps its row (the pointer
    // is over the list): its controls stay where they were, disabled.
    let member = Memo::new(move |prev: Option<&Option<MemberView>>| {
        live.get().or_else(|| prev.cloned().flatten())
    });
    let gone = Memo::new(move |_| live.with(Option::is_none));
    let rebalancing =
        Memo::new(move |_| group.with(|g| g.as_ref().is_some_and(|g| g.state.is_rebalancing())));
    let group_name =
        Memo::new(move |_| group.with(|g| g.as_ref().map(|g| g.name.clone()).unwrap_or_default()));
    let with_member =
        move |f: fn(&MemberView) -> String| member.with(|m| m.as_ref().map(f).unwrap_or_default());
    let label = Memo::new(move |_| with_member(member_label));
    let status = Memo::new(move |_| {
        if gone.get() {
            "left the group".to_string()
        } else {
            with_member(|m| status_text(m).to_string())
        }
    });
    let active = Memo::new(move |_| {
        live.with(|m| {
            m.as_ref()
                .is_some_and(|m| m.status == MemberStatusView::Active)
        })
    });
    let idle = Memo::new(move |_| member.with(|m| m.as_ref().is_some_and(|m| m.idle)));
    let failures = Memo::new(move |_| member.with(|m| m.as_ref().map(|m| m.failures.clone())));
    let fails = Memo::new(move |_| failures.with(|f| f.as_ref().is_some_and(FailureView::enabled)));
    let badge = Memo::new(move |_| failures.with(|f| f.as_ref().and_then(retry_badge)));
    let processing = Memo::new(move |_| member.with(|m| m.as_ref().map_or(0, |m| m.processing_us)));
    // Owned partitions, those being given up (consumer protocol) marked, then the target's
    // partitions still held by others.
    let assignment =
        Memo::new(move |_| member.with(|m| m.as_ref().map(partition_chips).unwrap_or_default()));
    let row = NodeRef::<leptos::html::Li>::new();

    let run = move |cmd: Command| pg.apply_or_show(cmd, error).is_some();
    let id = member_id.clone();
    let stop = move |_| {
        let cmd = Command::LeaveGroup {
            group: group_name.get_untracked(),
            member_id: id.clone(),
        };
        if run(cmd) {
            // The row is gone: keep the keyboard in the group.
            on_stopped();
        }
    };
    let id = member_id.clone();
    let crash = move |_| {
        let cmd = Command::CrashMember {
            group: group_name.get_untracked(),
            member_id: id.clone(),
        };
        if run(cmd) {
            // The buttons go away with the process: keep the keyboard on the member.
            if let Some(li) = row.get_untracked() {
                let _ = li.focus();
            }
        }
    };
    let id = member_id.clone();
    let set_processing = move |ev: leptos::ev::Event| {
        let Ok(processing_us) = event_target_value(&ev).parse::<u64>() else {
            return;
        };
        run(Command::SetProcessing {
            group: group_name.get_untracked(),
            member_id: id.clone(),
            processing_us,
        });
    };
    let speed_id = dom_id("member-speed");

    view! {
        <li
            class=move || {
                if active.get() { "groups__member" } else { "groups__member groups__member--down" }
            }
            data-testid=move || if gone.get() { "member-gone" } else { "member" }
            data-member-id=member_id.clone()
            data-client-id=move || member.with(|m| m.as_ref().map(|m| m.client_id.clone()).unwrap_or_default())
            data-status=move || live.with(|m| match m.as_ref().map(|m| m.status) {
                None => "left",
                Some(MemberStatusView::Active) => "active",
                Some(MemberStatusView::Crashed) => "crashed",
                Some(MemberStatusView::Stopped) => "stopped",
            })
            tabindex="-1"
            node_ref=row
        >
            <div class="groups__member-head">
                <span class="groups__client" data-testid="member-client" title=move || label.get()>{move || label.get()}</span>
                <code class="groups__member-id" title=member_id.clone()>
                    {move || with_member(short_member_id)}
                </code>
                <Show when=move || idle.get()>
                    <span class="groups__badge groups__badge--idle" data-testid="member-idle"
                        title="More members than partitions: this member has nothing to read">
                        "idle"
                    </span>
                </Show>
                <Show when=move || badge.with(Option::is_some)>
                    <span
                        class=move || {
                            if badge.with(|b| b.as_ref().is_some_and(|b| b.1)) {
                                "groups__badge groups__badge--stalled"
                            } else {
                                "groups__badge groups__badge--retrying"
                            }
                        }
                        data-testid="member-retrying"
                        data-stalled=move || badge.with(|b| b.as_ref().is_some_and(|b| b.1)).to_string()
                    >
                        {move || badge.with(|b| b.as_ref().map(|b| b.0.clone()).unwrap_or_default())}
                    </span>
                </Show>
                <span
                    class=move || {
                        if active.get() { "groups__status" } else { "groups__status groups__status--down" }
                    }
                    data-testid="member-status"
                    title=move || status.get()
                >
                    {move || status.get()}
                </span>
            </div>
            <div class="groups__assignment">
                <span class="groups__label">"Partitions: "</span>
                <Show
                    when=move || assignment.with(|a| !a.is_empty())
                    fallback=move || {
                        view! {
                            <span class="groups__none" data-testid="member-no-partitions">
                                {move || {
                                    if rebalancing.get() && active.get() {
                                        "none while the group rebalances"
                                    } else {
                                        "none"
                                    }
                                }}
                            </span>
                        }
                    }
                >
                    <ul class="groups__chips" aria-label=move || format!("Partitions of {}", label.get())>
                        <For
                            each=move || assignment.get()
                            key=|chip| chip.clone()
                            children=move |(tp, kind)| {
                                let (class, title, testid) = match kind {
                                    Chip::Owned => ("groups__chip", "", "member-partition"),
                                    Chip::Revoking => (
                                        "groups__chip groups__chip--revoking",
                                        "Moves to another member: given up at this member's next poll",
                                        "member-revoking",
                                    ),
                                    Chip::Waiting => (
                                        "groups__chip groups__chip--waiting",
                                        "In this member's target: it takes it once its current owner gives it up",
                                        "member-waiting",
                                    ),
                                };
                                let text = match kind {
                                    Chip::Owned => tp,
                                    Chip::Revoking => format!("{tp} → out"),
                                    Chip::Waiting => format!("{tp} (waiting)"),
                                };
                                view! { <li class=class title=title data-testid=testid>{text}</li> }
                            }
                        />
                    </ul>
                </Show>
            </div>
            <p class="groups__processed">
                "Processed "
                <strong data-testid="member-processed">{move || member.with(|m| m.as_ref().map_or(0, |m| m.processed))}</strong>
                {move || {
                    member.with(|m| match m.as_ref().map_or(0, |m| m.in_flight) {
                        0 => String::new(),
                        n => format!(" · {n} fetched, not yet processed"),
                    })
                }}
            </p>
            <Show when=move || fails.get()>
                <p class="groups__processed" data-testid="member-failures">
                    {move || failures.with(|f| f.as_ref().map(failure_rule_text).unwrap_or_default())}
                    ". Failed attempts "
                    <strong data-testid="member-failed-attempts">
                        {move || failures.with(|f| f.as_ref().map_or(0, |f| f.failed_attempts))}
                    </strong>
                    " · dead-lettered "
                    <strong data-testid="member-dead-lettered">
                        {move || failures.with(|f| f.as_ref().map_or(0, |f| f.dead_lettered))}
                    </strong>
                    " · skipped "
                    <strong data-testid="member-skipped">
                        {move || failures.with(|f| f.as_ref().map_or(0, |f| f.skipped))}
                    </strong>
                </p>
            </Show>
            // Always drawn, disabled once the member is down: a crash must not move the next
            // member's buttons under the pointer.
            <div class="groups__member-actions">
                    <div class="field groups__speed">
                        <label for=speed_id.clone()>"Time per record"</label>
                        <select
                            id=speed_id.clone()
                            data-testid="member-processing"
                            aria-label=move || format!("Time per record for {}", label.get())
                            prop:value=move || processing.get().to_string()
                            disabled=move || !active.get()
                            on:change=set_processing.clone()
                        >
                            <Show when=move || !PROCESSING_PRESETS_US.contains(&processing.get())>
                                <option value=move || processing.get().to_string() selected>
                                    {move || processing_label(processing.get())}
                                </option>
                            </Show>
                            {PROCESSING_PRESETS_US
                                .into_iter()
                                .map(|us| {
                                    view! {
                                        <option value=us.to_string() selected=move || processing.get() == us>
                                            {processing_label(us)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <button
                        type="button"
                        class="button groups__button"
                        data-testid="member-stop"
                        aria-label=move || format!("Stop {}", label.get())
                        title="Clean shutdown: commit, then LeaveGroup, so the group rebalances at once"
                        disabled=move || !active.get()
                        on:click=stop.clone()
                    >
                        "Stop"
                    </button>
                    <button
                        type="button"
                        class="button groups__button groups__button--danger"
                        data-testid="member-crash"
                        aria-label=move || format!("Crash {}", label.get())
                        title="The process dies: no commit, no LeaveGroup; the group notices after session.timeout.ms"
                        disabled=move || !active.get()
                        on:click=crash.clone()
                    >
                        "Crash"
                    </button>
                </div>
        </li>
    }
}
