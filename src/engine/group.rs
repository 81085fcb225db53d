//! Consumer groups on the classic protocol, as the group coordinator (`GroupMetadataManager`,
//! `ClassicGroup`) and the client (`ConsumerCoordinator`) run them.
//!
//! - A rebalance starts on join, leave, session expiry, subscription change or a change in the
//!   partitions of a subscribed topic, and completes when every live member has rejoined. A
//!   crashed member blocks it until its session times out, as in Kafka.
//! - Members finish the batch in hand before rejoining (the consumer rejoins inside `poll()`),
//!   committing first when auto-commit is on (`ConsumerCoordinator.onJoinPrepare`).
//! - Eager assignors revoke everything before the assignment; cooperative-sticky revokes only
//!   what moves, then a follow-up rebalance hands it over (KIP-429).
//! - The first join into an empty group waits `group.initial.rebalance.delay.ms` (3 s).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::assignor::{self, AssignorKind, RebalanceProtocol, Subscription};
use super::config::{CommitMode, ConsumerConfig, OffsetReset};
use super::event::EventKind;
use super::topic::Topic;
use super::TopicPartition;

/// Broker default `group.initial.rebalance.delay.ms`.
pub const INITIAL_REBALANCE_DELAY_MS: u64 = 3_000;
/// Most polls one member makes in one tick (bounds work when processing is instant).
const MAX_POLLS_PER_TICK: usize = 64;

/// `ClassicGroupState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl GroupState {
    /// The name `kafka-consumer-groups --describe --state` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberStatus {
    Active,
    /// The process died at `since`: no heartbeats, no commit, no LeaveGroup.
    Crashed {
        since: u64,
    },
    /// A static member shut down cleanly at `since` (committed, but sent no LeaveGroup).
    Stopped {
        since: u64,
    },
}

/// Records fetched by the last poll and not yet processed.
#[derive(Clone, Debug)]
pub struct Chunk {
    pub tp: TopicPartition,
    pub offsets: VecDeque<u64>,
}

#[derive(Clone, Debug)]
pub struct Member {
    pub member_id: String,
    pub config: ConsumerConfig,
    pub topics: Vec<String>,
    /// `assign()`ed partitions: outside the group protocol.
    pub manual: Option<Vec<TopicPartition>>,
    pub status: MemberStatus,
    pub assignment: Vec<TopicPartition>,
    pub assigned_generation: i32,
    /// Fetch positions: the next offset to fetch per assigned partition.
    pub positions: BTreeMap<TopicPartition, u64>,
    pub batch: VecDeque<Chunk>,
    /// Has rejoined the rebalance in progress.
    pub joined: bool,
    /// Processing time banked within a tick, in microseconds.
    pub budget_us: u64,
    pub last_auto_commit: u64,
    pub poll_cursor: usize,
    pub processed: u64,
    /// When set (console consumers), each processed record's position is kept here until the
    /// tool takes it with `World::take_delivered`, so it can print what the consumer consumed.
    pub delivered: Option<Vec<(TopicPartition, u64)>>,
}

/// The most undelivered records a capturing member holds before it stops capturing more.
pub const MAX_DELIVERED: usize = 100_000;

impl Member {
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }
    pub fn in_protocol(&self) -> bool {
        self.manual.is_none()
    }
}

/// What a group has done with one partition: how far it processed, and what went wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// One past the highest offset the group has processed.
    pub processed_until: u64,
    pub processed: u64,
    /// Records processed more than once.
    pub duplicates: u64,
    /// Records the group moved past without ever processing them.
    pub skipped: u64,
}

#[derive(Clone, Debug)]
pub struct Rebalance {
    pub started_at: u64,
    pub reason: String,
    /// The group was empty when it began: wait `group.initial.rebalance.delay.ms`.
    pub initial: bool,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub state: GroupState,
    pub generation: i32,
    /// The assignor chosen at the last rebalance (`protocol` in `--describe --state`).
    pub assignor: Option<AssignorKind>,
    pub members: BTreeMap<String, Member>,
    /// Committed offsets: the next offset to read, per partition.
    pub committed: BTreeMap<TopicPartition, u64>,
    pub progress: BTreeMap<TopicPartition, Progress>,
    pub rebalance: Option<Rebalance>,
    /// Each member's assignment before an eager revoke: `StickyAssignor` keeps it in its
    /// subscription userData so the next assignment can stay sticky.
    pub previous: BTreeMap<String, Vec<TopicPartition>>,
}

/// Everything a group needs from the world during a tick.
pub struct Ctx<'a> {
    pub topics: &'a BTreeMap<String, Topic>,
    pub now: u64,
    pub tick_ms: u64,
    pub events: &'a mut Vec<(u64, EventKind)>,
}

impl<'a> Ctx<'a> {
    fn emit(&mut self, kind: EventKind) {
        self.events.push((self.now, kind));
    }
}

impl Group {
    pub fn new(name: &str) -> Self {
        Group {
            name: name.to_string(),
            state: GroupState::Empty,
            generation: 0,
            assignor: None,
            members: BTreeMap::new(),
            committed: BTreeMap::new(),
            progress: BTreeMap::new(),
            rebalance: None,
            previous: BTreeMap::new(),
        }
    }

    /// Members taking part in the group protocol and not known to be gone.
    pub fn protocol_members(&self) -> impl Iterator<Item = &Member> {
        self.members.values().filter(|m| m.in_protocol())
    }

    /// The group has members the coordinator still counts (active, crashed or stopped).
    pub fn has_members(&self) -> bool {
        self.protocol_members().next().is_some()
    }

    pub fn request_rebalance(
        &mut self,
        reason: String,
        now: u64,
        events: &mut Vec<(u64, EventKind)>,
    ) {
        if !self.has_members() {
            // The last member is gone: the join completes at once with nobody in it.
            if self.state != GroupState::Empty {
                self.generation += 1;
                self.state = GroupState::Empty;
                self.assignor = None;
                self.rebalance = None;
                events.push((
                    now,
                    EventKind::GroupEmpty {
                        group: self.name.clone(),
                        generation: self.generation,
                    },
                ));
            }
            return;
        }
        if self.state == GroupState::PreparingRebalance {
            return;
        }
        let initial = self.state == GroupState::Empty;
        self.state = GroupState::PreparingRebalance;
        for m in self.members.values_mut() {
            m.joined = false;
        }
        events.push((
            now,
            EventKind::RebalanceStarted {
                group: self.name.clone(),
                reason: reason.clone(),
            },
        ));
        self.rebalance = Some(Rebalance {
            started_at: now,
            reason,
            initial,
        });
    }

    /// Commits a member's current positions (only the ones that change anything).
    fn commit_positions(
        &mut self,
        member_id: &str,
        only: Option<&BTreeSet<TopicPartition>>,
        ctx: &mut Ctx,
    ) {
        let Some(m) = self.members.get(member_id) else {
            return;
        };
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
        }
        ctx.emit(EventKind::OffsetsCommitted {
            group: self.name.clone(),
            member_id: member_id.to_string(),
            offsets: changed,
        });
    }

    /// Processes the rest of the batch at once and commits as the member's mode says: a clean
    /// shutdown (`close()`) or a rejoin happens between polls, never in the middle of a batch.
    fn finish_batch_and_commit(&mut self, member_id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(member_id) else {
            return;
        };
        let batch = std::mem::take(&mut m.batch);
        let commit = m.config.commit;
        m.budget_us = 0;
        for chunk in batch {
            self.process_chunk(member_id, chunk, u64::MAX, ctx);
        }
        if matches!(
            commit,
            CommitMode::Auto { .. } | CommitMode::AfterProcessing
        ) {
            self.commit_positions(member_id, None, ctx);
        }
    }

    /// Processes up to `limit` records of a chunk, updating the group's progress; returns what
    /// is left of the chunk.
    fn process_chunk(
        &mut self,
        member_id: &str,
        mut chunk: Chunk,
        limit: u64,
        ctx: &mut Ctx,
    ) -> Option<Chunk> {
        let capture = self
            .members
            .get(member_id)
            .is_some_and(|m| m.delivered.is_some());
        let mut taken = Vec::new();
        let prog = self.progress.entry(chunk.tp.clone()).or_default();
        let mut n = 0u64;
        let mut dup_range: Option<(u64, u64)> = None;
        while n < limit {
            let Some(o) = chunk.offsets.pop_front() else {
                break;
            };
            n += 1;
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
        if let Some(m) = self.members.get_mut(member_id) {
            m.processed += n;
            if let Some(d) = &mut m.delivered {
                let room = MAX_DELIVERED.saturating_sub(d.len());
                d.extend(taken.into_iter().take(room).map(|o| (chunk.tp.clone(), o)));
            }
        }
        if let Some((from, to)) = dup_range {
            ctx.emit(EventKind::Redelivered {
                group: self.name.clone(),
                partition: chunk.tp.clone(),
                from,
                to,
            });
        }
        (!chunk.offsets.is_empty()).then_some(chunk)
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
    fn add_partitions(&mut self, member_id: &str, added: &[TopicPartition], ctx: &mut Ctx) {
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

    /// One tick of simulated time for this group.
    pub fn tick(&mut self, ctx: &mut Ctx) {
        self.expire_sessions(ctx);
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in &ids {
            self.run_member(id, ctx);
        }
        if self.state == GroupState::PreparingRebalance {
            self.try_join(ctx);
            self.try_complete(ctx);
        }
    }

    fn expire_sessions(&mut self, ctx: &mut Ctx) {
        let expired: Vec<(String, u64)> = self
            .members
            .values()
            .filter_map(|m| match m.status {
                MemberStatus::Crashed { since } | MemberStatus::Stopped { since }
                    if ctx.now >= since.saturating_add(m.config.session_timeout_ms) =>
                {
                    Some((m.member_id.clone(), m.config.session_timeout_ms))
                }
                _ => None,
            })
            .collect();
        for (id, timeout) in expired {
            let in_protocol = self.members.get(&id).is_some_and(|m| m.in_protocol());
            self.members.remove(&id);
            ctx.emit(EventKind::MemberExpired {
                group: self.name.clone(),
                member_id: id.clone(),
                session_timeout_ms: timeout,
            });
            if in_protocol {
                self.request_rebalance(format!("{id} left (session timeout)"), ctx.now, ctx.events);
            }
        }
    }

    /// Rejoin step of the members that have finished their batch.
    fn try_join(&mut self, ctx: &mut Ctx) {
        let protocol = self
            .assignor
            .map(|a| a.protocol())
            .unwrap_or(RebalanceProtocol::Eager);
        let ids: Vec<String> = self
            .members
            .values()
            .filter(|m| m.in_protocol() && m.is_active() && !m.joined)
            .filter(|m| protocol == RebalanceProtocol::Cooperative || m.batch.is_empty())
            .map(|m| m.member_id.clone())
            .collect();
        for id in ids {
            let auto = self
                .members
                .get(&id)
                .is_some_and(|m| matches!(m.config.commit, CommitMode::Auto { .. }));
            if auto {
                self.commit_positions(&id, None, ctx);
            }
            let Some(m) = self.members.get_mut(&id) else {
                continue;
            };
            m.joined = true;
            if protocol == RebalanceProtocol::Eager && !m.assignment.is_empty() {
                let revoked = std::mem::take(&mut m.assignment);
                m.positions.clear();
                ctx.emit(EventKind::PartitionsRevoked {
                    group: self.name.clone(),
                    member_id: id.clone(),
                    partitions: revoked.clone(),
                });
                m.batch.clear();
                self.previous.insert(id.clone(), revoked);
            }
        }
    }

    fn try_complete(&mut self, ctx: &mut Ctx) {
        let Some(rb) = &self.rebalance else { return };
        let delay = if rb.initial {
            INITIAL_REBALANCE_DELAY_MS
        } else {
            0
        };
        if ctx.now < rb.started_at.saturating_add(delay) {
            return;
        }
        // Everyone the coordinator knows must have rejoined; a silent member blocks the
        // rebalance until its session times out.
        if self.protocol_members().any(|m| !m.is_active() || !m.joined) {
            return;
        }
        self.complete_rebalance(ctx);
    }

    fn complete_rebalance(&mut self, ctx: &mut Ctx) {
        self.rebalance = None;
        self.generation += 1;
        let members: Vec<&Member> = self.protocol_members().collect();
        if members.is_empty() {
            self.state = GroupState::Empty;
            self.assignor = None;
            ctx.emit(EventKind::GroupEmpty {
                group: self.name.clone(),
                generation: self.generation,
            });
            return;
        }
        let kind = members
            .first()
            .map(|m| m.config.assignor)
            .unwrap_or(AssignorKind::Range);
        let mut partitions_per_topic = BTreeMap::new();
        let mut subs = Vec::new();
        for m in &members {
            for t in &m.topics {
                if let Some(topic) = ctx.topics.get(t) {
                    partitions_per_topic.insert(t.clone(), topic.partitions.len() as u32);
                }
            }
            let owned = if kind.protocol() == RebalanceProtocol::Cooperative {
                m.assignment.clone()
            } else {
                self.previous.get(&m.member_id).cloned().unwrap_or_default()
            };
            subs.push(Subscription {
                member_id: m.member_id.clone(),
                group_instance_id: m.config.group_instance_id.clone(),
                topics: m.topics.clone(),
                owned_partitions: owned,
                generation: Some(m.assigned_generation),
            });
        }
        let result = assignor::assign(kind, &partitions_per_topic, &subs);
        self.assignor = Some(kind);
        self.state = GroupState::Stable;
        self.previous.clear();
        let generation = self.generation;
        let mut follow_up = false;
        let ids: Vec<String> = self
            .protocol_members()
            .map(|m| m.member_id.clone())
            .collect();
        let mut idle = 0;
        for id in &ids {
            let target: Vec<TopicPartition> = result.get(id).cloned().unwrap_or_default();
            let Some(m) = self.members.get_mut(id) else {
                continue;
            };
            let old: BTreeSet<TopicPartition> = m.assignment.iter().cloned().collect();
            let new: BTreeSet<TopicPartition> = target.iter().cloned().collect();
            let revoked: Vec<TopicPartition> = old.difference(&new).cloned().collect();
            let added: Vec<TopicPartition> = target
                .iter()
                .filter(|tp| !old.contains(tp))
                .cloned()
                .collect();
            m.assignment = target.clone();
            m.assigned_generation = generation;
            m.joined = false;
            for tp in &revoked {
                m.positions.remove(tp);
            }
            m.batch.retain(|c| new.contains(&c.tp));
            if target.is_empty() {
                idle += 1;
            }
            if !revoked.is_empty() {
                // Cooperative: give up only what moves, then rejoin so it can be handed over.
                follow_up = true;
                ctx.emit(EventKind::PartitionsRevoked {
                    group: self.name.clone(),
                    member_id: id.clone(),
                    partitions: revoked,
                });
            }
            ctx.emit(EventKind::PartitionsAssigned {
                group: self.name.clone(),
                member_id: id.clone(),
                added: added.clone(),
                total: target.len(),
            });
            self.add_partitions(id, &added, ctx);
        }
        ctx.emit(EventKind::RebalanceCompleted {
            group: self.name.clone(),
            generation,
            assignor: kind,
            members: ids.len(),
            idle,
        });
        if follow_up {
            self.request_rebalance(
                "cooperative follow-up: members revoked partitions that now move to another member"
                    .into(),
                ctx.now,
                ctx.events,
            );
        }
    }

    /// One member's tick: process the batch in hand, then poll for more while time allows.
    fn run_member(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        if !m.is_active() {
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
                let before = chunk.offsets.len() as u64;
                let rest = self.process_chunk(id, chunk, limit, ctx);
                let Some(m) = self.members.get_mut(id) else {
                    return;
                };
                let done = before - rest.as_ref().map_or(0, |c| c.offsets.len() as u64);
                if !unlimited {
                    m.budget_us = m.budget_us.saturating_sub(done * m.config.processing_us);
                }
                if let Some(rest) = rest {
                    m.batch.push_front(rest);
                    return;
                }
                if m.batch.is_empty() && m.config.commit == CommitMode::AfterProcessing {
                    self.commit_positions(id, None, ctx);
                }
            }
            // 2. Poll. An eager member rejoins a rebalance in progress instead of fetching.
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

    // ---- commands ----

    /// Adds a member; returns the events. The caller validated the spec.
    pub fn join(&mut self, member: Member, ctx: &mut Ctx) {
        let id = member.member_id.clone();
        let manual = member.manual.clone();
        ctx.emit(EventKind::MemberJoined {
            group: self.name.clone(),
            member_id: id.clone(),
            client_id: member.config.client_id.clone(),
            static_id: member.config.group_instance_id.clone(),
        });
        let last_auto_commit = ctx.now;
        self.members.insert(
            id.clone(),
            Member {
                last_auto_commit,
                ..member
            },
        );
        match manual {
            Some(parts) => {
                if let Some(m) = self.members.get_mut(&id) {
                    m.assignment = parts.clone();
                }
                self.add_partitions(&id, &parts, ctx);
            }
            None => {
                self.request_rebalance(format!("{id} joined"), ctx.now, ctx.events);
                if let Some(m) = self.members.get_mut(&id) {
                    m.joined = true;
                }
            }
        }
    }

    /// A static member returns under its `group.instance.id`: it replaces the old member id and
    /// keeps the assignment; no rebalance (KIP-345).
    pub fn rejoin_static(&mut self, old_id: &str, mut member: Member, ctx: &mut Ctx) {
        let Some(old) = self.members.remove(old_id) else {
            return;
        };
        let new_id = member.member_id.clone();
        member.assignment = old.assignment.clone();
        member.assigned_generation = old.assigned_generation;
        member.joined = old.joined || self.state != GroupState::PreparingRebalance;
        member.last_auto_commit = ctx.now;
        ctx.emit(EventKind::StaticMemberRejoined {
            group: self.name.clone(),
            member_id: new_id.clone(),
            instance_id: member.config.group_instance_id.clone().unwrap_or_default(),
        });
        let parts = member.assignment.clone();
        let same_topics = old.topics == member.topics;
        self.members.insert(new_id.clone(), member);
        self.add_partitions(&new_id, &parts, ctx);
        if !same_topics {
            self.request_rebalance(
                format!("{new_id} changed its subscription"),
                ctx.now,
                ctx.events,
            );
        }
    }

    pub fn leave(&mut self, id: &str, ctx: &mut Ctx) {
        self.finish_batch_and_commit(id, ctx);
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        if let (Some(static_id), true) = (m.config.group_instance_id.clone(), m.in_protocol()) {
            // Static members do not send LeaveGroup on close (KIP-345).
            m.status = MemberStatus::Stopped { since: ctx.now };
            m.positions.clear();
            ctx.emit(EventKind::MemberStopped {
                group: self.name.clone(),
                member_id: id.to_string(),
                static_id,
            });
            return;
        }
        let in_protocol = m.in_protocol();
        self.members.remove(id);
        ctx.emit(EventKind::MemberLeft {
            group: self.name.clone(),
            member_id: id.to_string(),
        });
        if in_protocol {
            self.request_rebalance(format!("{id} left the group"), ctx.now, ctx.events);
        }
    }

    pub fn crash(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        m.status = MemberStatus::Crashed { since: ctx.now };
        m.batch.clear();
        m.positions.clear();
        let manual = !m.in_protocol();
        ctx.emit(EventKind::MemberCrashed {
            group: self.name.clone(),
            member_id: id.to_string(),
        });
        if manual {
            self.members.remove(id);
        }
    }

    pub fn set_subscription(&mut self, id: &str, topics: Vec<String>, ctx: &mut Ctx) {
        if let Some(m) = self.members.get_mut(id) {
            m.topics = topics;
            self.request_rebalance(
                format!("{id} changed its subscription"),
                ctx.now,
                ctx.events,
            );
        }
    }

    pub fn set_assignor(&mut self, assignor: AssignorKind, ctx: &mut Ctx) {
        for m in self.members.values_mut().filter(|m| m.in_protocol()) {
            m.config.assignor = assignor;
        }
        if self.has_members() {
            self.request_rebalance(
                format!("members restarted with the {} assignor", assignor.name()),
                ctx.now,
                ctx.events,
            );
        }
    }

    /// A subscribed topic changed its partitions (or appeared, or went away).
    pub fn topic_changed(&mut self, topic: &str, what: &str, ctx: &mut Ctx) {
        if self
            .protocol_members()
            .any(|m| m.topics.iter().any(|t| t == topic))
        {
            self.request_rebalance(format!("topic {topic} {what}"), ctx.now, ctx.events);
        }
    }

    /// A leader change cut the log of `tp` back to `end`. Members fetching past it move back
    /// to `end` (KIP-320: the consumer detects the truncation through the leader epoch and
    /// resets to the divergence point); records they fetched there are dropped; what the group
    /// processed there no longer exists. Committed offsets stay as the coordinator stored them.
    pub fn log_truncated(&mut self, tp: &TopicPartition, end: u64) {
        for m in self.members.values_mut() {
            if let Some(pos) = m.positions.get_mut(tp) {
                *pos = (*pos).min(end);
            }
            for c in m.batch.iter_mut().filter(|c| &c.tp == tp) {
                c.offsets.retain(|&o| o < end);
            }
            m.batch.retain(|c| !c.offsets.is_empty());
        }
        if let Some(p) = self.progress.get_mut(tp) {
            p.processed_until = p.processed_until.min(end);
        }
    }

    pub fn topic_deleted(&mut self, topic: &str, ctx: &mut Ctx) {
        self.committed.retain(|tp, _| tp.topic != topic);
        self.progress.retain(|tp, _| tp.topic != topic);
        for m in self.members.values_mut() {
            m.assignment.retain(|tp| tp.topic != topic);
            m.positions.retain(|tp, _| tp.topic != topic);
            m.batch.retain(|c| c.tp.topic != topic);
            if let Some(parts) = &mut m.manual {
                parts.retain(|tp| tp.topic != topic);
            }
        }
        self.topic_changed(topic, "was deleted", ctx);
    }
}

/// The log-start offset and high watermark of a partition, `(0, 0)` if it does not exist:
/// the range a consumer can read, and what `ListOffsets` returns as earliest and latest.
pub fn log_bounds(topics: &BTreeMap<String, Topic>, tp: &TopicPartition) -> (u64, u64) {
    topics
        .get(&tp.topic)
        .and_then(|t| t.partitions.get(tp.partition as usize))
        .map_or((0, 0), |p| (p.log.log_start_offset, p.high_watermark))
}
