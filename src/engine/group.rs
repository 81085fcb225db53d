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
//! - A member's listener may fail some records (a poison key, a share of records). Failures
//!   follow Spring Kafka's `DefaultErrorHandler` with a `FixedBackOff`: the member sleeps the
//!   back-off, then gets the same record again; once the attempts are exhausted the recoverer
//!   takes it (`DeadLetterPublishingRecoverer`, or the default one that logs and skips).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::assignor::{self, AssignorKind, RebalanceProtocol, Subscription};
use super::config::{failure_roll, CommitMode, ConsumerConfig, OffsetReset};
use super::event::EventKind;
use super::log::{flags, generated_value, KeyInterner, StoredRecord};
use super::topic::Topic;
use super::view::{FailureView, RetryView};
use super::{EngineError, ProduceRequest, TopicPartition};

/// Broker default `group.initial.rebalance.delay.ms`.
pub const INITIAL_REBALANCE_DELAY_MS: u64 = 3_000;
/// Most polls one member makes in one tick (bounds work when processing is instant).
const MAX_POLLS_PER_TICK: usize = 64;
/// The producer (a `KafkaTemplate`) `DeadLetterPublishingRecoverer` sends with.
pub const DLT_PRODUCER: &str = "dlt-producer";
/// The producer's `max.block.ms` default: how long a send waits for metadata of a topic the
/// cluster does not know before failing with a `TimeoutException`.
const MAX_BLOCK_MS: u64 = 60_000;
/// `ListenerExecutionFailedException`: the container wraps what a listener throws in it
/// (`KafkaMessageListenerContainer.decorateException`), so the recoverer sees this class.
const LISTENER_EXCEPTION: &str =
    "org.springframework.kafka.listener.ListenerExecutionFailedException";
/// What the playground's simulated listener throws.
const SIMULATED_CAUSE: &str = "java.lang.RuntimeException";

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
    /// Failed deliveries and what became of them.
    pub failures: Failures,
}

/// What a member's error handler knows: the record it keeps failing on, and counters.
#[derive(Clone, Debug, Default)]
pub struct Failures {
    pub retry: Option<Retry>,
    pub failed_attempts: u64,
    pub dead_lettered: u64,
    pub skipped: u64,
}

impl Failures {
    /// The failing record on this partition is gone (retention, compaction): stop retrying it.
    fn forget_record_on(&mut self, tp: &TopicPartition) {
        if self.retry.as_ref().is_some_and(|r| r.tp == *tp) {
            self.retry = None;
        }
    }
}

/// `FailedRecordTracker.FailedRecord`: one record of one partition that failed, how often in
/// the current round of back-offs, and when the next attempt may run.
#[derive(Clone, Debug)]
pub struct Retry {
    pub tp: TopicPartition,
    pub offset: u64,
    pub attempts: u32,
    /// The member sleeps until then (`DefaultBackOffHandler`): no processing, no poll.
    pub until: u64,
    /// Retrying cannot get it past the record; said once.
    pub stalled: bool,
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
    /// Asleep in a back-off between two attempts at a failing record.
    fn sleeping(&self, now: u64) -> bool {
        self.failures.retry.as_ref().is_some_and(|r| now < r.until)
    }
    /// Forgets a failing record whose partition the member no longer reads (revoked, crashed,
    /// stopped): `FailedRecordProcessor.clearThreadStateFor`.
    fn forget_retry_unless_owned(&mut self) {
        if let Some(r) = &self.failures.retry {
            if !self.positions.contains_key(&r.tp) {
                self.failures.retry = None;
            }
        }
    }
    pub fn failure_view(&self) -> FailureView {
        let c = &self.config;
        let f = &self.failures;
        FailureView {
            fail_key: c.fail_key.clone(),
            fail_percent: c.fail_percent,
            max_attempts: c.max_attempts,
            backoff_ms: c.backoff_ms,
            dead_letter: c.dead_letter.clone(),
            failed_attempts: f.failed_attempts,
            dead_lettered: f.dead_lettered,
            skipped: f.skipped,
            retrying: f.retry.as_ref().map(|r| RetryView {
                partition: r.tp.clone(),
                offset: r.offset,
                attempts: r.attempts,
                next_attempt_at: r.until,
                stalled: r.stalled,
            }),
        }
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
    /// Key texts, read only when a member fails records by key.
    pub keys: &'a KeyInterner,
    pub now: u64,
    pub tick_ms: u64,
    pub events: &'a mut Vec<(u64, EventKind)>,
    /// Records recovered to dead-letter topics; the world produces them after the groups ran.
    pub dead_letters: &'a mut Vec<ProduceRequest>,
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
            // A member asleep in a back-off rejoins when it polls again.
            .filter(|m| !m.sleeping(ctx.now))
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
                m.forget_retry_unless_owned();
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
            m.forget_retry_unless_owned();
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
            m.forget_retry_unless_owned();
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
        m.forget_retry_unless_owned();
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
            m.forget_retry_unless_owned();
            if let Some(parts) = &mut m.manual {
                parts.retain(|tp| tp.topic != topic);
            }
        }
        self.topic_changed(topic, "was deleted", ctx);
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

/// How one delivery of a record ended.
enum Delivery {
    Processed,
    /// Failed for the last time and handed to the recoverer: the member moves past it.
    /// `skipped`: the default recoverer only logged it.
    Recovered {
        skipped: bool,
    },
    /// Failed; the member will get it again (after the back-off).
    Failed,
}

/// One delivery to a member whose listener fails some records, as Spring Kafka's
/// `DefaultErrorHandler` runs it (`FailedRecordTracker.recovered` with a `FixedBackOff`):
/// count the failure, sleep the back-off and redeliver until the attempts are exhausted, then
/// recover: `DeadLetterPublishingRecoverer`, or the default recoverer that logs and skips. If
/// recovery fails, the record is redelivered and the back-off starts over
/// (`resetStateOnRecoveryFailure`, default true).
fn deliver(
    group: &str,
    m: &mut Member,
    tp: &TopicPartition,
    offset: u64,
    ctx: &mut Ctx,
) -> Delivery {
    // `FailedRecordTracker` keeps one failed record per partition: another offset starts afresh.
    if m.failures
        .retry
        .as_ref()
        .is_some_and(|r| r.tp == *tp && r.offset != offset)
    {
        m.failures.retry = None;
    }
    let Some(reason) = failure_reason(&m.config, tp, offset, ctx) else {
        return Delivery::Processed;
    };
    m.failures.failed_attempts += 1;
    let cfg = &m.config;
    let now = ctx.now;
    let mut retry = match m.failures.retry.take() {
        Some(r) if r.tp == *tp && r.offset == offset => r,
        _ => {
            ctx.emit(EventKind::ProcessingFailed {
                group: group.to_string(),
                member_id: m.member_id.clone(),
                partition: tp.clone(),
                offset,
                reason: reason.clone(),
                max_attempts: cfg.max_attempts,
                backoff_ms: cfg.backoff_ms,
            });
            Retry {
                tp: tp.clone(),
                offset,
                attempts: 0,
                until: now,
                stalled: false,
            }
        }
    };
    retry.attempts = retry.attempts.saturating_add(1);
    let stall = |retry: &mut Retry, ctx: &mut Ctx, why: String| {
        if !retry.stalled {
            retry.stalled = true;
            ctx.emit(EventKind::MemberStalled {
                group: group.to_string(),
                member_id: m.member_id.clone(),
                partition: tp.clone(),
                offset,
                reason: why,
            });
        }
    };
    let exhausted = cfg.max_attempts.is_some_and(|n| retry.attempts >= n);
    if !exhausted {
        if cfg.max_attempts.is_none() {
            stall(
                &mut retry,
                ctx,
                "it retries forever (FixedBackOff.UNLIMITED_ATTEMPTS) and the record fails every time"
                    .into(),
            );
        }
        retry.until = now.saturating_add(cfg.backoff_ms);
        m.failures.retry = Some(retry);
        return Delivery::Failed;
    }
    let Some(dlt) = cfg.dead_letter.clone() else {
        ctx.emit(EventKind::FailedRecordSkipped {
            group: group.to_string(),
            member_id: m.member_id.clone(),
            partition: tp.clone(),
            offset,
            attempts: retry.attempts,
        });
        m.failures.skipped += 1;
        return Delivery::Recovered { skipped: true };
    };
    match dead_letter_request(group, tp, offset, &dlt, &reason, ctx) {
        Ok((req, dlt_partitions)) => {
            ctx.emit(EventKind::DeadLettered {
                group: group.to_string(),
                member_id: m.member_id.clone(),
                partition: tp.clone(),
                offset,
                attempts: retry.attempts,
                topic: dlt,
                dlt_partition: req.partition,
                dlt_partitions,
            });
            ctx.dead_letters.push(req);
            m.failures.dead_lettered += 1;
            Delivery::Recovered { skipped: false }
        }
        Err((why, blocked_ms)) => {
            stall(
                &mut retry,
                ctx,
                format!("{why}; the back-off starts over (resetStateOnRecoveryFailure)"),
            );
            retry.attempts = 0;
            retry.until = now.saturating_add(blocked_ms);
            m.failures.retry = Some(retry);
            Delivery::Failed
        }
    }
}

/// The stored record at an offset, if it is still there.
fn record_at<'t>(
    topics: &'t BTreeMap<String, Topic>,
    tp: &TopicPartition,
    offset: u64,
) -> Option<&'t StoredRecord> {
    topics
        .get(&tp.topic)?
        .partitions
        .get(tp.partition as usize)?
        .log
        .records
        .iter_from_offset(offset)
        .next()
        .filter(|r| r.offset == offset)
}

/// Why this member's listener throws on the record, or `None` if it processes it.
fn failure_reason(
    cfg: &ConsumerConfig,
    tp: &TopicPartition,
    offset: u64,
    ctx: &Ctx,
) -> Option<String> {
    if cfg.fail_percent > 0 && failure_roll(&tp.topic, tp.partition, offset) < cfg.fail_percent {
        return Some(format!(
            "the record is one of the {}% this consumer fails",
            cfg.fail_percent
        ));
    }
    let poison = cfg.fail_key.as_deref()?;
    let r = record_at(ctx.topics, tp, offset)?;
    (ctx.keys.text(r.key) == Some(poison)).then(|| format!("key '{poison}' is the poison key"))
}

/// The record `DeadLetterPublishingRecoverer` sends for a failed one, with the number of
/// partitions of the dead-letter topic; or why the publication fails and how long the send
/// blocked first.
///
/// - Same key and value, the original headers, then Spring's: `kafka_dlt-exception-fqcn`,
///   `-exception-cause-fqcn`, `-exception-message`, `kafka_dlt-original-topic`, `-partition`,
///   `-offset`, `-timestamp`, `-timestamp-type`, `-consumer-group` (`DeadLetterRecordManager`).
///   Simplifications: Spring writes partition, offset and timestamp as 4- and 8-byte big-endian
///   numbers, which `kafka-console-consumer` prints as raw bytes; here they are decimal text.
///   The `kafka_dlt-exception-stacktrace` header is left out.
/// - The same partition number as the original record; when the dead-letter topic has fewer
///   partitions, `checkPartition` (`verifyPartition`, default true) warns and leaves the
///   partition unset, so the producer's partitioner picks one.
fn dead_letter_request(
    group: &str,
    tp: &TopicPartition,
    offset: u64,
    dlt: &str,
    reason: &str,
    ctx: &Ctx,
) -> Result<(ProduceRequest, u32), (String, u64)> {
    let failed = |cause: String| {
        format!("Dead-letter publication to {dlt} failed for: {tp}@{offset} ({cause})")
    };
    let Some(target) = ctx.topics.get(dlt) else {
        // KafkaProducer.waitOnMetadata waits max.block.ms for a topic the cluster does not
        // know (the playground's broker creates no topics for the error handler's producer).
        return Err((
            failed(format!(
                "org.apache.kafka.common.errors.TimeoutException: Topic {dlt} not present in metadata after {MAX_BLOCK_MS} ms."
            )),
            MAX_BLOCK_MS,
        ));
    };
    let (Some(part), Some(r)) = (
        ctx.topics
            .get(&tp.topic)
            .and_then(|t| t.partitions.get(tp.partition as usize)),
        record_at(ctx.topics, tp, offset),
    ) else {
        return Err((failed("the record is no longer in the log".into()), 0));
    };
    let n = target.partitions.len() as u32;
    let partition = (tp.partition < n).then_some(tp.partition);
    let key = ctx.keys.text(r.key).map(str::to_string);
    if target.config.compact && key.is_none() {
        return Err((
            failed(format!(
                "org.apache.kafka.common.InvalidRecordException: Compacted topic cannot accept message without key in topic partition {dlt}-{}.",
                partition.unwrap_or(0)
            )),
            0,
        ));
    }
    let value = match (&r.value, r.generated_len()) {
        (Some(v), _) => Some(v.to_string()),
        (None, Some(len)) => Some(generated_value(len, offset)),
        (None, None) => None,
    };
    let mut headers = if r.meta & flags::HEADERS != 0 {
        part.log.headers.get(&offset).cloned().unwrap_or_default()
    } else {
        Vec::new()
    };
    // stripPreviousExceptionHeaders (default true): only the latest exception is kept.
    headers.retain(|(k, _)| {
        !matches!(
            k.as_str(),
            "kafka_dlt-exception-fqcn"
                | "kafka_dlt-exception-cause-fqcn"
                | "kafka_dlt-exception-message"
                | "kafka_dlt-exception-stacktrace"
        )
    });
    let h = |k: &str, v: String| (k.to_string(), v);
    headers.extend([
        h("kafka_dlt-exception-fqcn", LISTENER_EXCEPTION.into()),
        h("kafka_dlt-exception-cause-fqcn", SIMULATED_CAUSE.into()),
        // DeadLetterRecordManager.buildMessage: the exception's message; the root cause's.
        h(
            "kafka_dlt-exception-message",
            format!("Listener failed; simulated failure: {reason}"),
        ),
        h("kafka_dlt-original-topic", tp.topic.clone()),
        h("kafka_dlt-original-partition", tp.partition.to_string()),
        h("kafka_dlt-original-offset", offset.to_string()),
        h("kafka_dlt-original-timestamp", r.timestamp.to_string()),
        h("kafka_dlt-original-timestamp-type", "CreateTime".into()),
        h("kafka_dlt-original-consumer-group", group.to_string()),
    ]);
    Ok((
        ProduceRequest {
            producer: DLT_PRODUCER.into(),
            topic: dlt.to_string(),
            key,
            value,
            partition,
            headers,
        },
        n,
    ))
}

/// A consumer may only start with a dead-letter topic that exists and that it does not read.
pub fn check_dead_letter(
    topics: &BTreeMap<String, Topic>,
    config: &ConsumerConfig,
    reads: &[String],
) -> Result<(), EngineError> {
    config.validate_failures()?;
    check_dead_letter_not_read(config, reads)?;
    let Some(dlt) = &config.dead_letter else {
        return Ok(());
    };
    if !topics.contains_key(dlt) {
        return Err(EngineError::InvalidRequest(format!(
            "The dead-letter topic '{dlt}' does not exist. Create it first, with as many partitions as the topic it backs: DeadLetterPublishingRecoverer writes each failed record to the same partition number."
        )));
    }
    Ok(())
}

/// A consumer may not read its own dead-letter topic: a failing record would come back forever.
pub fn check_dead_letter_not_read(
    config: &ConsumerConfig,
    reads: &[String],
) -> Result<(), EngineError> {
    match &config.dead_letter {
        Some(dlt) if reads.iter().any(|t| t == dlt) => Err(EngineError::InvalidRequest(format!(
            "The dead-letter topic cannot be one the consumer reads ({dlt}): a failing record would come back to it forever."
        ))),
        _ => Ok(()),
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
