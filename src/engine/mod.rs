//! The Kafka model: plain, deterministic Rust. No web, no wall clock, one seeded RNG.
//!
//! `World::new(seed)`; `apply(Command) -> Result<Vec<Event>, EngineError>`; `advance(ms)`;
//! read-only views (`topic_view`, `records`, `group_view`, `lag`, …). Same seed and the same
//! commands and advances ⇒ the same events, bit for bit.
//!
//! Rules come from Apache Kafka's source; each module cites the classes it follows.

pub mod assignor;
pub mod config;
mod event;
mod group;
pub mod log;
pub mod partitioner;
mod producer;
pub mod share;
pub mod share_group;
pub mod sort;
pub mod time;
pub mod timeline;
mod topic;
mod view;
mod world;

use serde::{Deserialize, Serialize};

pub use assignor::server::ServerAssignor;
pub use assignor::{AssignorKind, RebalanceProtocol};
pub use config::{
    Acks, CommitMode, ConsumerConfig, GroupProtocol, OffsetReset, ProducerConfig, TopicConfig,
};
pub use event::{Event, EventKind};
pub use group::{GroupState, GroupType, MemberState};
pub use partitioner::PartitionerKind;
pub use producer::{ChannelSuffix, KeyStrategy, LoadSpec};
pub use share_group::{
    AckMode, AckType, RecordState, ShareConsumerConfig, ShareGroupState, ShareOffsetReset,
    ShareSettings,
};
pub use timeline::{Input, Series};
pub use topic::{validate_topic_name, TopicSpec, MAX_PARTITIONS};
pub use view::*;
pub use world::{
    LostRecord, World, BROKER_COUNT, MAX_ADVANCE_MS, MAX_BROKERS, REPLICA_LAG_TIME_MAX_MS,
    STORAGE_LIMIT_RECORDS, TICK_MS,
};

/// A partition of a topic, as Kafka's `TopicPartition`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<String>, partition: u32) -> Self {
        TopicPartition {
            topic: topic.into(),
            partition,
        }
    }
}

impl std::fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// Everything that can change the world. Every command either applies completely or is refused
/// with an `EngineError`, leaving the world unchanged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    CreateTopic(TopicSpec),
    DeleteTopic {
        topic: String,
    },
    /// `kafka-topics --alter --partitions N`: partitions can only be increased.
    AlterPartitions {
        topic: String,
        partitions: u32,
    },
    /// `kafka-configs --alter`: set and delete topic configs.
    AlterTopicConfig {
        topic: String,
        set: Vec<(String, String)>,
        delete: Vec<String>,
    },
    /// Configure a named producer (created on first use with Kafka's defaults).
    SetProducerConfig {
        producer: String,
        config: ProducerConfig,
    },
    Produce(ProduceRequest),
    StartLoad(LoadSpec),
    StopLoad {
        id: String,
    },
    /// A consumer joins a group (subscribe) — or, with `assign`, reads fixed partitions outside
    /// the group protocol while committing to the group's offsets (`KafkaConsumer.assign`).
    JoinGroup(MemberSpec),
    /// A clean shutdown: finish the batch in hand, commit, send LeaveGroup (a static member
    /// sends no LeaveGroup and is only removed when its session times out).
    LeaveGroup {
        group: String,
        member_id: String,
    },
    /// The process dies: no commit, no LeaveGroup; the coordinator notices after `session.timeout.ms`.
    CrashMember {
        group: String,
        member_id: String,
    },
    SetSubscription {
        group: String,
        member_id: String,
        topics: Vec<String>,
    },
    /// Processing time per record of one member, in microseconds.
    SetProcessing {
        group: String,
        member_id: String,
        processing_us: u64,
    },
    /// Restart every member of the group with another `partition.assignment.strategy`.
    SetGroupAssignor {
        group: String,
        assignor: AssignorKind,
    },
    /// A consumer group's members restart with another `group.remote.assignor`.
    SetGroupRemoteAssignor {
        group: String,
        assignor: ServerAssignor,
    },
    /// `kafka-consumer-groups --reset-offsets --execute` (refused while the group has members).
    ResetOffsets {
        group: String,
        topic: String,
        partitions: Option<Vec<u32>>,
        to: ResetTarget,
    },
    DeleteGroup {
        group: String,
    },
    /// A share consumer subscribes and joins a share group (KIP-932).
    JoinShareGroup(ShareMemberSpec),
    /// `kafka-configs --entity-type groups --alter`: share group configs.
    AlterGroupConfig {
        group: String,
        set: Vec<(String, String)>,
        delete: Vec<String>,
    },
    /// `kafka-share-groups --reset-offsets --execute` (refused while the group has members).
    ResetShareOffsets {
        group: String,
        topic: String,
        partitions: Option<Vec<u32>>,
        to: ResetTarget,
    },
    /// Network fault: the next `count` sends of this producer are written but their
    /// acknowledgement is lost on the way back.
    LoseAcks {
        producer: String,
        count: u32,
    },
    /// `sim broker kill ID`: the broker process dies (its partitions elect other leaders).
    StopBroker {
        broker: u32,
    },
    /// `sim broker start ID`: the broker returns with the log it had and catches up.
    StartBroker {
        broker: u32,
    },
    /// `sim broker add`: a new, empty broker joins (existing partitions stay where they are).
    AddBroker,
    /// `sim broker slow ID --rate N`: followers on the broker copy at most N records per second
    /// per partition (`None`: they keep up again).
    SetBrokerCopyRate {
        broker: u32,
        records_per_sec: Option<u32>,
    },
}

/// One record to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProduceRequest {
    /// The producer's name (its `client.id`); its settings come from `SetProducerConfig`.
    pub producer: String,
    pub topic: String,
    pub key: Option<String>,
    /// `None` is a tombstone.
    pub value: Option<String>,
    /// An explicit partition always wins over the partitioner.
    pub partition: Option<u32>,
    pub headers: Vec<(String, String)>,
}

/// The producer name used when none is given.
pub const DEFAULT_PRODUCER: &str = "producer-1";

impl ProduceRequest {
    pub fn keyed(topic: &str, key: &str, value: &str) -> Self {
        ProduceRequest {
            producer: DEFAULT_PRODUCER.into(),
            topic: topic.into(),
            key: Some(key.into()),
            value: Some(value.into()),
            partition: None,
            headers: Vec::new(),
        }
    }
    pub fn unkeyed(topic: &str, value: &str) -> Self {
        ProduceRequest {
            key: None,
            ..ProduceRequest::keyed(topic, "", value)
        }
    }
}

/// A consumer to start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSpec {
    pub group: String,
    /// Exact member id (scripts and tests); `None` lets the coordinator make
    /// `<client.id>-<uuid>` as Kafka does.
    pub member_id: Option<String>,
    pub topics: Vec<String>,
    /// Manual assignment instead of a subscription (`assign()`): no rebalance, no sharing.
    pub assign: Option<Vec<TopicPartition>>,
    pub config: ConsumerConfig,
    /// Keep the records this member processes for `World::take_delivered` (console consumers).
    #[serde(default)]
    pub capture: bool,
}

/// A share consumer joining a share group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareMemberSpec {
    pub group: String,
    /// Exact member id (scripts and tests); `None` draws a Kafka Uuid as the client does.
    pub member_id: Option<String>,
    pub topics: Vec<String>,
    pub config: ShareConsumerConfig,
    /// Keep the records this member processes for `World::take_share_delivered`.
    #[serde(default)]
    pub capture: bool,
}

impl ShareMemberSpec {
    pub fn new(group: &str, topics: &[&str]) -> Self {
        ShareMemberSpec {
            group: group.into(),
            member_id: None,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            config: ShareConsumerConfig::default(),
            capture: false,
        }
    }
    pub fn with_id(mut self, id: &str) -> Self {
        self.member_id = Some(id.into());
        self
    }
}

impl MemberSpec {
    pub fn new(group: &str, topics: &[&str]) -> Self {
        MemberSpec {
            group: group.into(),
            member_id: None,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            assign: None,
            config: ConsumerConfig::default(),
            capture: false,
        }
    }
    pub fn with_id(mut self, id: &str) -> Self {
        self.member_id = Some(id.into());
        self
    }
}

/// Where `--reset-offsets` moves a group's committed offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResetTarget {
    Earliest,
    Latest,
    Offset(u64),
    ShiftBy(i64),
    /// The earliest offset whose timestamp is at or after this epoch-millisecond time.
    Datetime(u64),
}

/// Why a command was refused. `Display` gives Kafka's own wording where Kafka has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngineError {
    InvalidTopic(String),
    TopicExists(String),
    UnknownTopic(String),
    InvalidPartitions(String),
    InvalidReplicationFactor(String),
    InvalidConfig(String),
    InvalidRecord(String),
    UnknownPartition {
        topic: String,
        partition: u32,
    },
    UnknownGroup(String),
    UnknownMember {
        group: String,
        member_id: String,
    },
    GroupNotEmpty(String),
    /// The group is active, so its offsets cannot be reset.
    GroupActive {
        group: String,
        state: GroupState,
    },
    InconsistentGroupProtocol(String),
    /// `GroupIdNotFoundException` for a group id that names another type of group.
    WrongGroupType(String),
    InvalidRequest(String),
    UnknownLoad(String),
    Limit(String),
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::InvalidTopic(m)
            | EngineError::InvalidPartitions(m)
            | EngineError::InvalidReplicationFactor(m)
            | EngineError::InvalidConfig(m)
            | EngineError::InvalidRecord(m)
            | EngineError::InvalidRequest(m)
            | EngineError::WrongGroupType(m)
            | EngineError::Limit(m) => f.write_str(m),
            // ReplicationControlManager: TOPIC_ALREADY_EXISTS.
            EngineError::TopicExists(t) => write!(f, "Topic '{t}' already exists."),
            EngineError::UnknownTopic(t) => write!(f, "Topic '{t}' does not exist."),
            // UnknownTopicOrPartitionException's default message.
            EngineError::UnknownPartition { topic, partition } => {
                write!(f, "This server does not host this topic-partition: {topic}-{partition}.")
            }
            // GroupIdNotFoundException.
            EngineError::UnknownGroup(_) => f.write_str("The group id does not exist."),
            EngineError::UnknownMember { group, member_id } => {
                write!(f, "The coordinator is not aware of member '{member_id}' in group '{group}'.")
            }
            // GroupNotEmptyException.
            EngineError::GroupNotEmpty(_) => f.write_str("The group is not empty."),
            // ConsumerGroupCommand's check before resetting offsets.
            EngineError::GroupActive { group, state } => write!(
                f,
                "Assignments can only be reset if the group '{group}' is inactive, but the current state is {}.",
                state.as_str()
            ),
            // InconsistentGroupProtocolException.
            EngineError::InconsistentGroupProtocol(m) => write!(
                f,
                "The group member's supported protocols are incompatible with those of existing members ({m})."
            ),
            EngineError::UnknownLoad(id) => write!(f, "No load generator named '{id}' is running."),
        }
    }
}

impl std::error::Error for EngineError {}
