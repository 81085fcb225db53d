//! Read-only snapshots of the world for views and tools. Plain data: cloning them never
//! exposes engine internals.

use serde::{Deserialize, Serialize};

use super::assignor::server::ServerAssignor;
use super::group::{GroupState, GroupType, Member, MemberState, MemberStatus};
use super::{AssignorKind, CommitMode, GroupProtocol, TopicPartition};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicView {
    pub name: String,
    pub topic_id: String,
    pub replication_factor: u32,
    /// Explicitly set configs, as `--describe` prints them.
    pub configs: Vec<(String, String)>,
    pub compacted: bool,
    pub partitions: Vec<PartitionView>,
}

impl TopicView {
    /// Records currently stored over all partitions.
    pub fn stored_records(&self) -> u64 {
        self.partitions.iter().map(|p| p.stored_records).sum()
    }
    /// Records ever written (sum of log-end offsets).
    pub fn total_written(&self) -> u64 {
        self.partitions.iter().map(|p| p.log_end_offset).sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionView {
    pub partition: u32,
    pub log_start_offset: u64,
    pub log_end_offset: u64,
    /// Consumers read up to here. Equal to the log-end offset while every replica keeps up.
    pub high_watermark: u64,
    pub stored_records: u64,
    pub size_bytes: u64,
    pub leader: Option<u32>,
    pub replicas: Vec<u32>,
    pub isr: Vec<u32>,
    pub leader_epoch: u32,
    /// Each replica's log-end offset, in `replicas` order: how far each has copied.
    pub replica_log_end: Vec<(u32, u64)>,
}

impl PartitionView {
    /// Fewer in-sync replicas than replicas (`kafka-topics --under-replicated-partitions`).
    pub fn under_replicated(&self) -> bool {
        self.isr.len() < self.replicas.len()
    }
    /// No leader: nobody can write or read (`--unavailable-partitions`).
    pub fn offline(&self) -> bool {
        self.leader.is_none()
    }
}

/// What the producer knows about a record in the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordOutcome {
    /// The producer was told it is written (`acks=1`: on the leader; `acks=all`: on every
    /// in-sync replica).
    Acknowledged,
    /// `acks=all`: on the leader, waiting for the in-sync replicas.
    AwaitingReplicas,
    /// `acks=0`: the producer never hears back.
    NotConfirmed,
    /// Written, but the acknowledgement was lost on the way back.
    AckLost,
    /// Written, but the producer gave up on it and reported a failure.
    ReportedFailed,
}

impl RecordOutcome {
    pub fn describe(self) -> &'static str {
        match self {
            RecordOutcome::Acknowledged => "acknowledged",
            RecordOutcome::AwaitingReplicas => "waiting for the in-sync replicas",
            RecordOutcome::NotConfirmed => "not confirmed (acks=0)",
            RecordOutcome::AckLost => "written, acknowledgement lost",
            RecordOutcome::ReportedFailed => "written, but reported as failed",
        }
    }
}

/// One broker, for the broker view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerView {
    pub id: u32,
    pub up: bool,
    /// Followers here copy at most this many records/s per partition (`None`: they keep up).
    pub copy_rate: Option<u32>,
    /// Partitions it leads, holds a replica of, and is in the ISR of.
    pub leader_of: u32,
    pub replica_of: u32,
    pub in_sync_of: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordView {
    pub partition: u32,
    pub offset: u64,
    /// CreateTime, epoch milliseconds.
    pub timestamp: u64,
    pub key: Option<String>,
    /// `None` for a tombstone.
    pub value: Option<String>,
    pub headers: Vec<(String, String)>,
    /// Written a second time by a retry without idempotence.
    pub duplicate: bool,
    pub outcome: RecordOutcome,
    /// Below the high watermark: on every in-sync replica, readable by consumers.
    pub committed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberStatusView {
    Active,
    Crashed,
    /// A static member that shut down and waits for its session to time out.
    Stopped,
}

impl From<MemberStatus> for MemberStatusView {
    fn from(s: MemberStatus) -> Self {
        match s {
            MemberStatus::Active => MemberStatusView::Active,
            MemberStatus::Crashed { .. } => MemberStatusView::Crashed,
            MemberStatus::Stopped { .. } => MemberStatusView::Stopped,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub member_id: String,
    pub client_id: String,
    pub group_instance_id: Option<String>,
    /// `/127.0.0.1`, as the tools print a member's host.
    pub host: String,
    pub topics: Vec<String>,
    pub assignment: Vec<TopicPartition>,
    /// The assignment the group coordinator holds for the member, as `DescribeGroups` reports
    /// it: the last one handed out. It differs from `assignment` while an eager rebalance is in
    /// progress: the member has given its partitions up, the coordinator still lists them until
    /// the new assignment (`ClassicGroupMember.assignment`).
    #[serde(default)]
    pub described_assignment: Vec<TopicPartition>,
    pub manual: bool,
    pub status: MemberStatusView,
    pub assignor: AssignorKind,
    pub commit: CommitMode,
    pub processing_us: u64,
    pub processed: u64,
    /// Records fetched and not yet processed.
    pub in_flight: u64,
    /// In the group protocol, active, and given no partition.
    pub idle: bool,
    /// Crashed or stopped: when its session times out and the coordinator removes it
    /// (simulated ms since the world began, as `World::now`).
    #[serde(default)]
    pub session_expires_at: Option<u64>,
    /// Which records fail, the retry policy, and what happened to failing records.
    pub failures: FailureView,
    /// `group.protocol` the member speaks.
    #[serde(default)]
    pub protocol: GroupProtocol,
    /// Consumer protocol: the member epoch, its reconciliation state, its target assignment
    /// and the partitions it must give up (empty for classic members).
    #[serde(default)]
    pub epoch: Option<i32>,
    #[serde(default)]
    pub member_state: Option<MemberState>,
    #[serde(default)]
    pub target: Vec<TopicPartition>,
    #[serde(default)]
    pub revoking: Vec<TopicPartition>,
    /// `group.remote.assignor`, if the member set one.
    #[serde(default)]
    pub remote_assignor: Option<ServerAssignor>,
    /// Out of the group after a poll timeout, finishing the batch in hand.
    #[serde(default)]
    pub poll_expired: bool,
    #[serde(default = "default_max_poll_interval")]
    pub max_poll_interval_ms: u64,
}

/// How a member is named on the page: its client id when the member id was made for it (the
/// classic coordinator's `<client.id>-<uuid>`, or the consumer protocol's 22-character Kafka
/// Uuid), else the member id chosen by hand.
pub fn member_label(member_id: &str, client_id: &str) -> String {
    let kafka_uuid = member_id.len() == 22
        && member_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if (!client_id.is_empty() && member_id.starts_with(client_id)) || kafka_uuid {
        client_id.to_string()
    } else {
        member_id.to_string()
    }
}

impl MemberView {
    pub fn label(&self) -> String {
        member_label(&self.member_id, &self.client_id)
    }

    /// The configuration of another instance of the same application: same protocol,
    /// assignor, processing time and failure handling (a fresh client id).
    pub fn same_application(&self) -> super::ConsumerConfig {
        let f = self.failures.clone();
        super::ConsumerConfig {
            protocol: self.protocol,
            assignor: self.assignor,
            remote_assignor: self.remote_assignor,
            max_poll_interval_ms: self.max_poll_interval_ms,
            commit: self.commit,
            processing_us: self.processing_us,
            fail_key: f.fail_key,
            fail_percent: f.fail_percent,
            max_attempts: f.max_attempts,
            backoff_ms: f.backoff_ms,
            dead_letter: f.dead_letter,
            ..super::ConsumerConfig::default()
        }
    }
}

fn default_max_poll_interval() -> u64 {
    super::config::DEFAULT_MAX_POLL_INTERVAL_MS
}

/// A member's failure rule, retry policy (Spring Kafka's `DefaultErrorHandler` with a
/// `FixedBackOff`) and counters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureView {
    pub fail_key: Option<String>,
    pub fail_percent: u32,
    /// Attempts in all per record; `None` retries forever.
    pub max_attempts: Option<u32>,
    pub backoff_ms: u64,
    pub dead_letter: Option<String>,
    /// Failed deliveries, every attempt counted.
    pub failed_attempts: u64,
    /// Records sent to the dead-letter topic.
    pub dead_lettered: u64,
    /// Records given up on without a dead-letter topic (logged and skipped).
    pub skipped: u64,
    /// The record the member is retrying, if any.
    pub retrying: Option<RetryView>,
}

impl FailureView {
    /// Some records fail under this member's rule.
    pub fn enabled(&self) -> bool {
        self.fail_key.is_some() || self.fail_percent > 0
    }
}

/// Built here from the group's own state, so the model (`group`) knows nothing of its views.
impl From<&Member> for FailureView {
    fn from(m: &Member) -> Self {
        let c = &m.config;
        let f = &m.failures;
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

/// The record a member keeps failing on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetryView {
    pub partition: TopicPartition,
    pub offset: u64,
    /// Failed attempts in the current round of back-offs.
    pub attempts: u32,
    /// Simulated time of the next attempt (ms since the world began).
    pub next_attempt_at: u64,
    /// It will never get past this record by retrying (unlimited attempts, or the dead-letter
    /// publication fails).
    pub stalled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionLagView {
    pub partition: TopicPartition,
    /// The committed offset (next to read), if the group committed one.
    pub committed: Option<u64>,
    /// The leader epoch stored with the committed offset, if the commit carried one.
    #[serde(default)]
    pub committed_leader_epoch: Option<u32>,
    pub log_start_offset: u64,
    pub log_end_offset: u64,
    /// log-end − committed; without a commit, what the group would read per `auto.offset.reset`.
    pub lag: u64,
    pub owner: Option<String>,
    pub processed: u64,
    pub duplicates: u64,
    pub skipped: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub name: String,
    /// Classic or Consumer.
    #[serde(default)]
    pub kind: GroupType,
    pub state: GroupState,
    /// Consumer groups: the group epoch and the epoch of the target assignment.
    #[serde(default)]
    pub group_epoch: Option<i32>,
    #[serde(default)]
    pub target_assignment_epoch: Option<i32>,
    /// Consumer groups: the server assignor the coordinator uses (`uniform` unless members ask
    /// for another).
    #[serde(default)]
    pub server_assignor: Option<ServerAssignor>,
    pub generation: i32,
    pub assignor: Option<AssignorKind>,
    pub members: Vec<MemberView>,
    /// Every partition the group owns or has committed, in topic/partition order.
    pub partitions: Vec<PartitionLagView>,
    /// Why the rebalance in progress started.
    pub rebalance_reason: Option<String>,
}

impl GroupView {
    pub fn total_lag(&self) -> u64 {
        self.partitions.iter().map(|p| p.lag).sum()
    }
    pub fn max_lag(&self) -> u64 {
        self.partitions.iter().map(|p| p.lag).max().unwrap_or(0)
    }
    pub fn duplicates(&self) -> u64 {
        self.partitions.iter().map(|p| p.duplicates).sum()
    }
    pub fn skipped(&self) -> u64 {
        self.partitions.iter().map(|p| p.skipped).sum()
    }
    pub fn idle_members(&self) -> usize {
        self.members.iter().filter(|m| m.idle).count()
    }
    pub fn active_members(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.status == MemberStatusView::Active && !m.manual)
            .count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerView {
    pub name: String,
    pub acks: String,
    pub retries: u32,
    pub idempotent: bool,
    pub partitioner: String,
    pub sent: u64,
    pub acknowledged: u64,
    pub failed: u64,
    pub duplicated: u64,
    pub retried: u64,
    pub pending_lost_acks: u32,
    /// `acks=all` records waiting for the in-sync replicas.
    pub awaiting: u64,
    /// Acknowledged records later cut off by a leader change.
    pub lost: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadView {
    pub id: String,
    pub producer: String,
    pub topic: String,
    pub rate_per_sec: u32,
    pub value_size: u32,
    pub keys: String,
    pub produced: u64,
}

/// A share group as the page shows it (KIP-932).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareGroupView {
    pub name: String,
    pub state: super::ShareGroupState,
    pub group_epoch: i32,
    pub assignment_epoch: i32,
    pub settings: super::ShareSettings,
    pub members: Vec<ShareMemberView>,
    pub partitions: Vec<SharePartitionView>,
    /// Records processed after a later record of the same key (no per-key order).
    pub out_of_order: u64,
}

impl ShareGroupView {
    pub fn total_lag(&self) -> u64 {
        self.partitions.iter().map(|p| p.lag).sum()
    }
    pub fn archived(&self) -> u64 {
        self.partitions.iter().map(|p| p.archived_total).sum()
    }
    pub fn max_lag(&self) -> u64 {
        self.partitions.iter().map(|p| p.lag).max().unwrap_or(0)
    }
    pub fn redelivered(&self) -> u64 {
        self.partitions.iter().map(|p| p.redeliveries).sum()
    }
    pub fn processed(&self) -> u64 {
        self.members.iter().map(|m| m.processed).sum()
    }
    pub fn active_members(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.status == MemberStatusView::Active)
            .count()
    }
    pub fn idle_members(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.status == MemberStatusView::Active && m.assignment.is_empty())
            .count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareMemberView {
    pub member_id: String,
    pub client_id: String,
    pub topics: Vec<String>,
    pub status: MemberStatusView,
    pub epoch: i32,
    pub assignment: Vec<TopicPartition>,
    pub ack_mode: super::AckMode,
    pub on_failure: super::AckType,
    pub processing_us: u64,
    pub max_poll_records: u32,
    /// Records it holds (acquired, unacknowledged).
    pub holding: u64,
    pub processed: u64,
    pub failed: u64,
    pub acks_refused: u64,
    pub fail_key: Option<String>,
    pub fail_percent: u32,
    /// Crashed: when its session times out.
    pub session_expires_at: Option<u64>,
}

impl ShareMemberView {
    pub fn label(&self) -> String {
        member_label(&self.member_id, &self.client_id)
    }
}

/// One in-flight record of a share-partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareRecordView {
    pub offset: u64,
    pub state: super::RecordState,
    pub delivery_count: u32,
    /// The member holding it while acquired.
    pub owner: Option<String>,
    /// When its lock expires, while acquired.
    pub lock_until: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharePartitionView {
    pub partition: TopicPartition,
    /// The share-partition start offset.
    pub start: u64,
    /// The next offset never fetched.
    pub next_fetch: u64,
    pub high_watermark: u64,
    /// As `kafka-share-groups --describe` reports it.
    pub lag: u64,
    pub available: u64,
    pub acquired: u64,
    /// Done above the start offset (acknowledged or archived, waiting for the start to pass).
    pub done: u64,
    pub accepted_total: u64,
    pub archived_total: u64,
    pub redeliveries: u64,
    /// The first in-flight records (at most [`SHARE_RECORDS_SHOWN`]).
    pub records: Vec<ShareRecordView>,
}

/// How many in-flight records a partition view lists.
pub const SHARE_RECORDS_SHOWN: usize = 64;
