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
//!
//! This file holds the types; `coordinator` runs membership and rebalances, `client` each
//! member's consumer (polling, processing, commits), `dead_letter` Spring's error handling.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::assignor::AssignorKind;
use super::config::ConsumerConfig;
use super::event::EventKind;
use super::log::KeyInterner;
use super::topic::Topic;
use super::{ProduceRequest, TopicPartition};

mod client;
mod coordinator;
mod dead_letter;
mod modern;
pub use dead_letter::{check_dead_letter, check_dead_letter_not_read};
pub(crate) use dead_letter::{failure_of, record_at};
pub use modern::{kafka_uuid, ModernGroup, ModernMember, CONSUMER_SESSION_TIMEOUT_MS};

/// `ClassicGroupState` and `ConsumerGroup.ConsumerGroupState` in one: a classic group is
/// Empty, PreparingRebalance, CompletingRebalance or Stable; a consumer group is Empty,
/// Assigning, Reconciling or Stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    /// Consumer group: the group epoch is ahead of the target assignment's.
    Assigning,
    /// Consumer group: some member has not reached the target assignment yet.
    Reconciling,
    Stable,
    Dead,
}

/// `org.apache.kafka.coordinator.group.Group.GroupType`, as `--list --type` and `--state` name it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupType {
    #[default]
    Classic,
    Consumer,
}

impl GroupType {
    /// `GroupType.toString()`: "Classic", "Consumer".
    pub fn as_str(self) -> &'static str {
        match self {
            GroupType::Classic => "Classic",
            GroupType::Consumer => "Consumer",
        }
    }
}

/// `org.apache.kafka.coordinator.group.modern.MemberState`: where a consumer-protocol member is
/// in its reconciliation towards the target assignment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberState {
    #[default]
    Stable,
    /// It must give up partitions first; it stays at its epoch until it has.
    UnrevokedPartitions,
    /// It moved to the new epoch; some of its partitions are still held by other members.
    UnreleasedPartitions,
}

impl MemberState {
    /// `MemberState.toString()`.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberState::Stable => "STABLE",
            MemberState::UnrevokedPartitions => "UNREVOKED_PARTITIONS",
            MemberState::UnreleasedPartitions => "UNRELEASED_PARTITIONS",
        }
    }
}

impl GroupState {
    /// The name `kafka-consumer-groups --describe --state` prints.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Assigning => "Assigning",
            GroupState::Reconciling => "Reconciling",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }

    /// A classic rebalance, between its start and its new assignment: members rejoining, or
    /// waiting for the leader's assignment. Nobody consumes meanwhile.
    pub fn is_rebalancing(self) -> bool {
        matches!(
            self,
            GroupState::PreparingRebalance | GroupState::CompletingRebalance
        )
    }

    /// A consumer group moving towards a new target assignment: members keep consuming what
    /// does not move.
    pub fn is_reconciling(self) -> bool {
        matches!(self, GroupState::Assigning | GroupState::Reconciling)
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
    /// When the member last polled (`max.poll.interval.ms` runs from there).
    pub last_poll: u64,
    /// The poll interval expired: the member left the group while still processing the batch
    /// in hand; it rejoins at its next poll (`ConsumerCoordinator.maybeLeaveGroup`,
    /// `AbstractMembershipManager.transitionToStale`).
    pub poll_expired: bool,
    /// The consumer protocol's member record and heartbeats (unused under the classic one).
    pub modern: ModernMember,
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

impl Member {
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }
    /// Takes part in the group protocol: subscribed, and not out of the group after a poll
    /// timeout.
    pub fn in_protocol(&self) -> bool {
        self.manual.is_none() && !self.poll_expired
    }
    /// How long the coordinator waits for a silent member: the client's `session.timeout.ms`
    /// (classic) or the broker's `group.consumer.session.timeout.ms` (consumer protocol).
    pub fn session_timeout_ms(&self) -> u64 {
        if self.is_modern() {
            CONSUMER_SESSION_TIMEOUT_MS
        } else {
            self.config.session_timeout_ms
        }
    }
    /// Speaks the consumer protocol (KIP-848) rather than the classic one.
    pub fn is_modern(&self) -> bool {
        self.config.protocol == super::config::GroupProtocol::Consumer
    }
    /// Asleep in a back-off between two attempts at a failing record.
    fn sleeping(&self, now: u64) -> bool {
        self.failures.retry.as_ref().is_some_and(|r| now < r.until)
    }
    /// Forgets a failing record whose partition the member no longer reads (revoked, crashed,
    /// stopped): `FailedRecordProcessor.clearThreadStateFor`.
    pub(super) fn forget_retry_unless_owned(&mut self) {
        if let Some(r) = &self.failures.retry {
            if !self.positions.contains_key(&r.tp) {
                self.failures.retry = None;
            }
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
    /// Classic, or Consumer once a consumer-protocol member created it (or upgraded it).
    pub kind: GroupType,
    pub state: GroupState,
    pub generation: i32,
    /// The assignor chosen at the last rebalance (`protocol` in `--describe --state`).
    pub assignor: Option<AssignorKind>,
    pub members: BTreeMap<String, Member>,
    /// Committed offsets: the next offset to read, per partition.
    pub committed: BTreeMap<TopicPartition, u64>,
    /// The leader epoch a member's commit carried (`OffsetAndMetadata.leaderEpoch`, shown by
    /// `kafka-consumer-groups --describe --verbose` as LEADER-EPOCH). The consumer sends the
    /// epoch of the last record it fetched; the engine stores the partition's leader epoch at
    /// commit time, the same unless the leader changed since that record was written. A reset
    /// by the tool commits no epoch (`new OffsetAndMetadata(offset)`), so it has no entry.
    pub committed_epoch: BTreeMap<TopicPartition, u32>,
    pub progress: BTreeMap<TopicPartition, Progress>,
    pub rebalance: Option<Rebalance>,
    /// Each member's assignment before an eager revoke: `StickyAssignor` keeps it in its
    /// subscription userData so the next assignment can stay sticky.
    pub previous: BTreeMap<String, Vec<TopicPartition>>,
    /// The consumer protocol's epochs and target assignment (unused by a classic group).
    pub modern: ModernGroup,
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
    pub(crate) fn emit(&mut self, kind: EventKind) {
        self.events.push((self.now, kind));
    }
}

impl Group {
    pub fn new(name: &str) -> Self {
        Group {
            name: name.to_string(),
            kind: GroupType::Classic,
            state: GroupState::Empty,
            generation: 0,
            assignor: None,
            members: BTreeMap::new(),
            committed: BTreeMap::new(),
            committed_epoch: BTreeMap::new(),
            progress: BTreeMap::new(),
            rebalance: None,
            previous: BTreeMap::new(),
            modern: ModernGroup::default(),
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
}

/// The log-start offset and high watermark of a partition, `(0, 0)` if it does not exist:
/// the range a consumer can read, and what `ListOffsets` returns as earliest and latest.
pub fn log_bounds(topics: &BTreeMap<String, Topic>, tp: &TopicPartition) -> (u64, u64) {
    topics
        .get(&tp.topic)
        .and_then(|t| t.partitions.get(tp.partition as usize))
        .map_or((0, 0), |p| (p.log.log_start_offset, p.high_watermark))
}
