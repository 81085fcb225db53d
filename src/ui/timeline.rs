//! The event timeline: what happened, newest first, as sentences (joins, leaves, rebalances,
//! commits, crashes, duplicates and skips, broker failures, leader elections, lost records).
//! Read from the world's own history, so going back in time shows the timeline as it was then.

use leptos::prelude::*;

use super::state::use_playground;
use super::time::clock_text;
use crate::engine::{Event, EventKind};

/// Events listed at once.
const SHOWN: usize = 150;

/// What an event is about, for filtering and colour: `problem` (errors: crashes, duplicates,
/// records lost, partitions offline), `warning` (failures the cluster rides out: a broker down,
/// a smaller ISR, a leader moving), `recovery` (back to health) and the routine rest.
fn category(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::RecordAppended { .. } | EventKind::RecordsAcknowledged { .. } => "record",
        EventKind::OffsetsCommitted { .. } => "commit",
        EventKind::MemberCrashed { .. }
        | EventKind::MemberExpired { .. }
        | EventKind::MemberFenced { .. }
        | EventKind::AssignmentFailed { .. }
        | EventKind::PollTimeout { .. }
        | EventKind::CommitFailed { .. }
        | EventKind::Redelivered { .. }
        | EventKind::Skipped { .. }
        | EventKind::DuplicateWritten { .. }
        | EventKind::AckLost { .. }
        | EventKind::SendFailed { .. }
        | EventKind::StorageFull { .. }
        | EventKind::ProcessingFailed { .. }
        | EventKind::DeadLettered { .. }
        | EventKind::FailedRecordSkipped { .. }
        | EventKind::MemberStalled { .. }
        | EventKind::RecordsLost { .. }
        | EventKind::LeaderChanged { to: None, .. }
        | EventKind::LeaderChanged { unclean: true, .. } => "problem",
        EventKind::BrokerStopped { .. }
        | EventKind::LeaderChanged { .. }
        | EventKind::IsrShrunk { .. }
        | EventKind::LoadFailing { .. }
        | EventKind::RecordsResent { .. }
        | EventKind::BrokerSpeedChanged {
            records_per_sec: Some(_),
            ..
        } => "warning",
        EventKind::BrokerStarted { .. }
        | EventKind::BrokerAdded { .. }
        | EventKind::IsrExpanded { .. }
        | EventKind::LoadRecovered { .. }
        | EventKind::BrokerSpeedChanged {
            records_per_sec: None,
            ..
        } => "recovery",
        EventKind::RebalanceStarted { .. }
        | EventKind::PartitionsRevoked { .. }
        | EventKind::PartitionsAssigned { .. }
        | EventKind::GroupEpochBumped { .. }
        | EventKind::GroupConverted { .. }
        | EventKind::TargetAssignmentComputed { .. }
        | EventKind::MemberReconciled { .. }
        | EventKind::RebalanceCompleted { .. } => "rebalance",
        _ => "other",
    }
}

#[component]
pub fn Timeline() -> impl IntoView {
    let pg = use_playground();
    let show_records = RwSignal::new(false);
    let show_commits = RwSignal::new(false);
    // Re-read the history only when something was added to it, not on every refresh.
    let total = Memo::new(move |_| {
        pg.world
            .with(|w| (w.history_total(), w.history().next_back().cloned()))
    });
    let events = Memo::new(move |_| {
        let (records, commits) = (show_records.get(), show_commits.get());
        let _ = total.get(); // read, not only tracked: a memo that is never read never runs
        pg.world.with_untracked(|w| {
            let base = w.history_total() - w.history().len() as u64;
            w.history()
                .enumerate()
                .rev()
                .filter(|(_, e)| match category(&e.kind) {
                    "record" => records,
                    "commit" => commits,
                    _ => true,
                })
                .take(SHOWN)
                .map(|(i, e)| (base + i as u64, e.clone()))
                .collect::<Vec<(u64, Event)>>()
        })
    });

    view! {
        <section class="panel timeline" aria-labelledby="timeline-title">
            <div class="panel__head">
                <h2 id="timeline-title" class="panel__title">"Timeline"</h2>
                <div class="timeline__filters" role="group" aria-label="Also show">
                    <label class="check">
                        <input type="checkbox" data-testid="timeline-records" prop:checked=move || show_records.get()
                            on:change=move |ev| show_records.set(event_target_checked(&ev)) />
                        "records"
                    </label>
                    <label class="check">
                        <input type="checkbox" data-testid="timeline-commits" prop:checked=move || show_commits.get()
                            on:change=move |ev| show_commits.set(event_target_checked(&ev)) />
                        "commits"
                    </label>
                </div>
            </div>
            <Show
                when=move || events.with(|e| !e.is_empty())
                fallback=|| view! { <p class="panel__hint">"Nothing has happened yet. Joins, rebalances, crashes and commits appear here."</p> }
            >
                // A focusable scroll box, so keyboard users can scroll it too.
                <div class="timeline__scroll" role="log" tabindex="0" aria-label="Events, newest first">
                <ol class="timeline__list" data-testid="timeline">
                    <For
                        each=move || events.get()
                        key=|(n, _)| *n
                        children=move |(_, e)| {
                            let class = format!("timeline__event timeline__event--{}", category(&e.kind));
                            view! {
                                <li class=class data-testid="timeline-event">
                                    <time class="timeline__at">{clock_text(e.at)}</time>
                                    <span class="timeline__text">{e.kind.to_string()}</span>
                                </li>
                            }
                        }
                    />
                </ol>
                </div>
            </Show>
        </section>
    }
}
