//! The consumer client: polling, processing, commits, positions, duplicates and skips.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::super::assignor::RebalanceProtocol;
use super::super::config::{CommitMode, OffsetReset};
use super::super::event::EventKind;
use super::super::TopicPartition;
use super::dead_letter::{deliver, Delivery};
use super::{log_bounds, Chunk, Ctx, Group, GroupState, MemberStatus, Progress};

/// Most polls one member makes in one tick (bounds work when processing is instant).
const MAX_POLLS_PER_TICK: usize = 64;
/// The most undelivered records a capturing member holds before it stops capturing more.
pub const MAX_DELIVERED: usize = 100_000;

impl Group {
    /// Commits a member's current positions (only the ones that change anything).
    pub(super) fn commit_positions(
        &mut self,
        member_id: &str,
        only: Option<&BTreeSet<TopicPartition>>,
        ctx: &mut Ctx,
    ) {
        let Some(m) = self.members.get(member_id) else {
            return;
        };
        if m.poll_expired {
            if !m.positions.is_empty() {
                ctx.emit(EventKind::CommitFailed {
                    group: self.name.clone(),
                    member_id: member_id.to_string(),
                });
            }
            return;
        }
        let mut changed = Vec::new();
        for (tp, &pos) in &m.positions {
            if only.is_some_and(|set| !set.contains(tp)) {
                continue;
            }
            if self.committed.get(tp) != Some(&pos) {
                changed.push((tp.clone(), pos));
            }
        }
        if changed.is_empty() {
            return;
        }
        for (tp, pos) in &changed {
            self.committed.insert(tp.clone(), *pos);
            let epoch = ctx
                .topics
                .get(&tp.topic)
                .and_then(|t| t.partitions.get(tp.partition as usize))
                .map(|p| p.leader_epoch);
            match epoch {
                Some(e) => self.committed_epoch.insert(tp.clone(), e),
                None => self.committed_epoch.remove(tp),
            };
        }
        ctx.emit(EventKind::OffsetsCommitted {
            group: self.name.clone(),
            member_id: member_id.to_string(),
            offsets: changed,
        });
    }

    /// Processes the rest of the batch at once and commits as the member's mode says: a clean
    /// shutdown (`close()`) or a rejoin happens between polls, never in the middle of a batch.
    pub(super) fn finish_batch_and_commit(&mut self, member_id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(member_id) else {
            return;
        };
        let commit = m.config.commit;
        m.budget_us = 0;
        while let Some(chunk) = self
            .members
            .get_mut(member_id)
            .and_then(|m| m.batch.pop_front())
        {
            let done = self.process_chunk(member_id, chunk, u64::MAX, ctx);
            if done.failed {
                // The back-off sleep is cut short by the shutdown: the failed record and the
                // rest of the batch stay unprocessed and uncommitted.
                self.seek_after_error(member_id, done.rest, ctx);
                break;
            }
        }
        if matches!(
            commit,
            CommitMode::Auto { .. } | CommitMode::AfterProcessing
        ) {
            self.commit_positions(member_id, None, ctx);
        }
    }

    /// Processes up to `limit` records of a chunk, updating the group's progress; returns what
    /// is left of the chunk, how many deliveries it made, and whether one failed (the failed
    /// record is then first in what is left).
    fn process_chunk(
        &mut self,
        member_id: &str,
        mut chunk: Chunk,
        limit: u64,
        ctx: &mut Ctx,
    ) -> ChunkDone {
        let Group {
            name,
            members,
            progress,
            ..
        } = self;
        let Some(m) = members.get_mut(member_id) else {
            return ChunkDone::default();
        };
        let capture = m.delivered.is_some();
        // Only a member that fails records reads their keys: the common path stays lean.
        let rules = m.config.fails_records();
        let mut taken = Vec::new();
        let prog = progress.entry(chunk.tp.clone()).or_default();
        let mut n = 0u64;
        let mut ok = 0u64;
        let mut failed = false;
        let mut dup_range: Option<(u64, u64)> = None;
        while n < limit {
            let Some(&o) = chunk.offsets.front() else {
                break;
            };
            n += 1;
            if rules {
                match deliver(name, m, &chunk.tp, o, ctx) {
                    Delivery::Processed => {}
                    Delivery::Recovered { skipped } => {
                        chunk.offsets.pop_front();
                        prog.processed_until = prog.processed_until.max(o + 1);
                        prog.skipped += u64::from(skipped);
                        continue;
                    }
                    Delivery::Failed => {
                        failed = true;
                        break;
                    }
                }
            }
            chunk.offsets.pop_front();
            ok += 1;
            if capture {
                taken.push(o);
            }
            if o < prog.processed_until {
                prog.duplicates += 1;
                dup_range = Some(dup_range.map_or((o, o + 1), |(a, b)| (a.min(o), b.max(o + 1))));
            } else {
                prog.processed_until = o + 1;
            }
            prog.processed += 1;
        }
        m.processed += ok;
        if let Some(d) = &mut m.delivered {
            let room = MAX_DELIVERED.saturating_sub(d.len());
            d.extend(taken.into_iter().take(room).map(|o| (chunk.tp.clone(), o)));
        }
        if let Some((from, to)) = dup_range {
            ctx.emit(EventKind::Redelivered {
                group: name.clone(),
                partition: chunk.tp.clone(),
                from,
                to,
            });
        }
        ChunkDone {
            rest: (!chunk.offsets.is_empty()).then_some(chunk),
            deliveries: n,
            failed,
        }
    }

    /// After a failed delivery, `DefaultErrorHandler` seeks every partition with records left
    /// in the batch back to its first unprocessed record, the failed one included, so the next
    /// poll fetches them again (`SeekUtils.doSeeks`); the failed partition comes first. With
    /// `commit after processing`, what was processed before the failure is committed first
    /// ("the container commits any pending offset commits before calling the error handler").
    fn seek_after_error(&mut self, member_id: &str, rest: Option<Chunk>, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(member_id) else {
            return;
        };
        let failed_tp = rest.as_ref().map(|c| c.tp.clone());
        let mut seeks: BTreeMap<TopicPartition, u64> = BTreeMap::new();
        for c in rest.iter().chain(m.batch.iter()) {
            if let Some(&o) = c.offsets.front() {
                let e = seeks.entry(c.tp.clone()).or_insert(o);
                *e = (*e).min(o);
            }
        }
        m.batch.clear();
        for (tp, o) in seeks {
            if let Some(pos) = m.positions.get_mut(&tp) {
                *pos = o;
            }
        }
        if let Some(i) = failed_tp.and_then(|tp| m.positions.keys().position(|k| *k == tp)) {
            m.poll_cursor = i;
        }
        if m.config.commit == CommitMode::AfterProcessing {
            self.commit_positions(member_id, None, ctx);
        }
    }

    /// Where a member starts reading a partition it was just given: the committed offset if it
    /// is in range, else `auto.offset.reset` (`SubscriptionState` / `Fetcher`).
    /// Returns `None` when the policy is `none` and there is nothing to start from.
    fn initial_position(
        &mut self,
        tp: &TopicPartition,
        policy: OffsetReset,
        ctx: &mut Ctx,
    ) -> Option<u64> {
        let (start, end) = log_bounds(ctx.topics, tp);
        let committed = self.committed.get(tp).copied();
        let pos = match committed {
            Some(c) if c >= start && c <= end => c,
            _ => {
                let reason = match committed {
                    Some(c) => format!("committed offset {c} is out of range ({start}–{end})"),
                    None => "no committed offset".to_string(),
                };
                let pos = match policy {
                    OffsetReset::Earliest => start,
                    OffsetReset::Latest => end,
                    OffsetReset::None => {
                        ctx.emit(EventKind::OffsetReset {
                            group: self.name.clone(),
                            partition: tp.clone(),
                            offset: start,
                            policy: policy.as_str().into(),
                            reason: format!(
                                "{reason} (NoOffsetForPartitionException: the consumer stops)"
                            ),
                        });
                        return None;
                    }
                };
                ctx.emit(EventKind::OffsetReset {
                    group: self.name.clone(),
                    partition: tp.clone(),
                    offset: pos,
                    policy: policy.as_str().into(),
                    reason,
                });
                pos
            }
        };
        // Records between what the group processed and where it starts now were never processed.
        match self.progress.get_mut(tp) {
            None => {
                self.progress.insert(
                    tp.clone(),
                    Progress {
                        processed_until: pos,
                        ..Progress::default()
                    },
                );
            }
            Some(p) if pos > p.processed_until => {
                let count = ctx
                    .topics
                    .get(&tp.topic)
                    .and_then(|t| t.partitions.get(tp.partition as usize))
                    .map_or(0, |ps| ps.log.count_between(p.processed_until, pos));
                if count > 0 {
                    p.skipped += count;
                    ctx.events.push((
                        ctx.now,
                        EventKind::Skipped {
                            group: self.name.clone(),
                            partition: tp.clone(),
                            from: p.processed_until,
                            to: pos,
                            count,
                        },
                    ));
                }
                p.processed_until = pos;
            }
            Some(_) => {}
        }
        Some(pos)
    }

    /// Gives a member partitions: sets positions for the new ones.
    pub(super) fn add_partitions(
        &mut self,
        member_id: &str,
        added: &[TopicPartition],
        ctx: &mut Ctx,
    ) {
        let Some(policy) = self
            .members
            .get(member_id)
            .map(|m| m.config.auto_offset_reset)
        else {
            return;
        };
        let mut failed = false;
        for tp in added {
            match self.initial_position(tp, policy, ctx) {
                Some(pos) => {
                    if let Some(m) = self.members.get_mut(member_id) {
                        m.positions.insert(tp.clone(), pos);
                    }
                }
                None => failed = true,
            }
        }
        if failed {
            if let Some(m) = self.members.get_mut(member_id) {
                m.status = MemberStatus::Crashed { since: ctx.now };
                m.batch.clear();
                ctx.events.push((
                    ctx.now,
                    EventKind::MemberCrashed {
                        group: self.name.clone(),
                        member_id: member_id.to_string(),
                    },
                ));
            }
        }
    }

    /// One member's tick: process the batch in hand, then poll for more while time allows.
    pub(super) fn run_member(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        if !m.is_active() {
            return;
        }
        if m.sleeping(ctx.now) {
            // `DefaultBackOffHandler`: the consumer thread sleeps the back-off; nothing else runs.
            m.budget_us = 0;
            return;
        }
        let unlimited = m.config.processing_us == 0;
        m.budget_us = m.budget_us.saturating_add(ctx.tick_ms * 1000);
        let rejoining = self.state == GroupState::PreparingRebalance && m.in_protocol();
        let cooperative = self
            .assignor
            .is_some_and(|a| a.protocol() == RebalanceProtocol::Cooperative);
        for _ in 0..MAX_POLLS_PER_TICK {
            // 1. Process what was fetched.
            loop {
                let Some(m) = self.members.get_mut(id) else {
                    return;
                };
                let limit = if unlimited {
                    u64::MAX
                } else {
                    m.budget_us / m.config.processing_us.max(1)
                };
                if limit == 0 {
                    return;
                }
                let Some(chunk) = m.batch.pop_front() else {
                    break;
                };
                let done = self.process_chunk(id, chunk, limit, ctx);
                let Some(m) = self.members.get_mut(id) else {
                    return;
                };
                if !unlimited {
                    // A failed attempt took its processing time too.
                    m.budget_us = m
                        .budget_us
                        .saturating_sub(done.deliveries * m.config.processing_us);
                }
                if done.failed {
                    self.seek_after_error(id, done.rest, ctx);
                    let Some(m) = self.members.get_mut(id) else {
                        return;
                    };
                    if m.sleeping(ctx.now) {
                        m.budget_us = 0;
                        return;
                    }
                    break; // no back-off: the next poll is the next attempt
                }
                if let Some(rest) = done.rest {
                    m.batch.push_front(rest);
                    return;
                }
                if m.batch.is_empty() && m.config.commit == CommitMode::AfterProcessing {
                    self.commit_positions(id, None, ctx);
                }
            }
            // 2. Poll. A member out of the group after a poll timeout rejoins; a consumer-protocol
            // member reconciles its assignment; an eager member rejoins a rebalance in progress
            // instead of fetching.
            if let Some(m) = self.members.get_mut(id) {
                m.last_poll = ctx.now;
                if m.poll_expired {
                    self.rejoin_after_poll_timeout(id, ctx);
                    return;
                }
                if m.modern.received.is_some() {
                    self.client_reconcile(id, ctx);
                }
            }
            if rejoining && !cooperative {
                return;
            }
            if !self.poll(id, ctx) {
                if let Some(m) = self.members.get_mut(id) {
                    m.budget_us = 0; // idle time cannot be saved up
                }
                return;
            }
        }
    }

    /// `KafkaConsumer.poll`: auto-commit when due, then fetch up to `max.poll.records`.
    /// Returns whether any record was fetched.
    fn poll(&mut self, id: &str, ctx: &mut Ctx) -> bool {
        let Some(m) = self.members.get(id) else {
            return false;
        };
        if let CommitMode::Auto { interval_ms } = m.config.commit {
            if ctx.now >= m.last_auto_commit.saturating_add(interval_ms) {
                self.commit_positions(id, None, ctx);
                if let Some(m) = self.members.get_mut(id) {
                    m.last_auto_commit = ctx.now;
                }
            }
        }
        let Some(m) = self.members.get_mut(id) else {
            return false;
        };
        let parts: Vec<TopicPartition> = m.positions.keys().cloned().collect();
        if parts.is_empty() {
            return false;
        }
        let mut remaining = m.config.max_poll_records.max(1) as usize;
        let policy = m.config.auto_offset_reset;
        let n = parts.len();
        let start = m.poll_cursor % n;
        let mut fetched_any = false;
        let mut out_of_range = Vec::new();
        for i in 0..n {
            if remaining == 0 {
                break;
            }
            let tp = &parts[(start + i) % n];
            let Some(pos) = m.positions.get(tp).copied() else {
                continue;
            };
            let Some(ps) = ctx
                .topics
                .get(&tp.topic)
                .and_then(|t| t.partitions.get(tp.partition as usize))
            else {
                continue;
            };
            if ps.leader.is_none() {
                // Offline: no leader to fetch from.
                continue;
            }
            let log = &ps.log;
            // Consumers read up to the high watermark (`Partition.fetchOffsetSnapshot`).
            let hw = ps.high_watermark;
            if pos < log.log_start_offset || pos > log.log_end_offset {
                out_of_range.push(tp.clone());
                continue;
            }
            let offsets: VecDeque<u64> = log
                .records
                .iter_from_offset(pos)
                .take_while(|r| r.offset < hw)
                .take(remaining)
                .map(|r| r.offset)
                .collect();
            if let Some(&last) = offsets.back() {
                remaining -= offsets.len();
                m.positions.insert(tp.clone(), last + 1);
                m.batch.push_back(Chunk {
                    tp: tp.clone(),
                    offsets,
                });
                fetched_any = true;
                m.poll_cursor = (start + i + 1) % n;
            } else if pos < hw {
                // Only gaps (compacted away) remain below the high watermark: skip past them.
                m.positions.insert(tp.clone(), hw);
                m.failures.forget_record_on(tp);
            }
        }
        let commit_now = m.config.commit == CommitMode::BeforeProcessing && fetched_any;
        // OffsetOutOfRange: the position fell below the log start (retention) — reset.
        for tp in out_of_range {
            let (start, end) = log_bounds(ctx.topics, &tp);
            let pos = match policy {
                OffsetReset::Earliest | OffsetReset::None => start,
                OffsetReset::Latest => end,
            };
            if let Some(m) = self.members.get_mut(id) {
                m.positions.insert(tp.clone(), pos);
                m.failures.forget_record_on(&tp);
            }
            ctx.emit(EventKind::OffsetReset {
                group: self.name.clone(),
                partition: tp.clone(),
                offset: pos,
                policy: policy.as_str().into(),
                reason: "the fetch position fell out of range (retention removed unread records)"
                    .into(),
            });
            if let Some(p) = self.progress.get_mut(&tp) {
                if pos > p.processed_until {
                    p.skipped += pos - p.processed_until;
                    p.processed_until = pos;
                }
            }
        }
        if commit_now {
            self.commit_positions(id, None, ctx);
        }
        fetched_any
    }
}

/// What `process_chunk` did.
#[derive(Default)]
struct ChunkDone {
    /// What is left of the chunk (the failed record first, after a failure).
    rest: Option<Chunk>,
    /// Records handed to the listener, failed attempts included (each takes processing time).
    deliveries: u64,
    failed: bool,
}
