//! Topic, producer and consumer settings: the subset of Kafka's configs that changes what a
//! learner sees, validated with Kafka's wording (`ConfigDef` / `LogConfig` / `ProducerConfig`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::assignor::server::ServerAssignor;
use super::assignor::AssignorKind;
use super::partitioner::PartitionerKind;
use super::EngineError;

/// Topic-level configs the model understands, with Kafka's defaults (`LogConfig`, `TopicConfig`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicConfig {
    /// `retention.ms`: -1 keeps records forever. Default 7 days.
    pub retention_ms: i64,
    /// `retention.bytes`: -1 means no size limit (the default). Per partition, as in Kafka.
    pub retention_bytes: i64,
    /// `cleanup.policy` contains `delete`.
    pub delete: bool,
    /// `cleanup.policy` contains `compact`.
    pub compact: bool,
    /// `delete.retention.ms`: how long a tombstone survives compaction. Default 1 day.
    pub delete_retention_ms: u64,
    /// `min.compaction.lag.ms`: records younger than this are not compacted. Default 0.
    pub min_compaction_lag_ms: u64,
    /// `min.insync.replicas`. Default 1.
    pub min_insync_replicas: u32,
    /// `max.message.bytes`. Default 1048588.
    pub max_message_bytes: u64,
    /// `unclean.leader.election.enable`: an out-of-sync replica may lead when no in-sync one
    /// is alive, losing what it lacks. Default false.
    pub unclean_leader_election: bool,
}

impl Default for TopicConfig {
    fn default() -> Self {
        TopicConfig {
            retention_ms: 604_800_000,
            retention_bytes: -1,
            delete: true,
            compact: false,
            delete_retention_ms: 86_400_000,
            min_compaction_lag_ms: 0,
            min_insync_replicas: 1,
            max_message_bytes: 1_048_588,
            unclean_leader_election: false,
        }
    }
}

/// The topic config names the model accepts, in the order `--describe` prints them.
pub const TOPIC_CONFIG_NAMES: &[&str] = &[
    "cleanup.policy",
    "delete.retention.ms",
    "max.message.bytes",
    "min.compaction.lag.ms",
    "min.insync.replicas",
    "retention.bytes",
    "retention.ms",
    "unclean.leader.election.enable",
];

fn invalid(value: &str, name: &str, why: &str) -> EngineError {
    EngineError::InvalidConfig(format!(
        "Invalid value {value} for configuration {name}: {why}"
    ))
}

fn parse_long(name: &str, value: &str) -> Result<i64, EngineError> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| invalid(value, name, "Not a number of type LONG"))
}

fn parse_int(name: &str, value: &str) -> Result<i64, EngineError> {
    value
        .trim()
        .parse::<i32>()
        .map(i64::from)
        .map_err(|_| invalid(value, name, "Not a number of type INT"))
}

fn at_least(name: &str, value: &str, n: i64, min: i64) -> Result<i64, EngineError> {
    if n < min {
        Err(invalid(
            value,
            name,
            &format!("Value must be at least {min}"),
        ))
    } else {
        Ok(n)
    }
}

impl TopicConfig {
    /// Builds the effective config from explicitly set entries (`--config k=v`).
    pub fn from_entries(entries: &BTreeMap<String, String>) -> Result<TopicConfig, EngineError> {
        let mut c = TopicConfig::default();
        for (k, v) in entries {
            c.set(k, v)?;
        }
        Ok(c)
    }

    /// Applies one entry; an unknown name or a bad value is refused as Kafka refuses it.
    /// A config's value as `kafka-configs --describe --all` prints it (`None`: not a topic
    /// config the model knows).
    pub fn value(&self, name: &str) -> Option<String> {
        Some(match name {
            "cleanup.policy" => match (self.delete, self.compact) {
                (true, true) => "compact,delete".into(),
                (false, true) => "compact".into(),
                _ => "delete".into(),
            },
            "retention.ms" => self.retention_ms.to_string(),
            "retention.bytes" => self.retention_bytes.to_string(),
            "delete.retention.ms" => self.delete_retention_ms.to_string(),
            "min.compaction.lag.ms" => self.min_compaction_lag_ms.to_string(),
            "min.insync.replicas" => self.min_insync_replicas.to_string(),
            "max.message.bytes" => self.max_message_bytes.to_string(),
            "unclean.leader.election.enable" => self.unclean_leader_election.to_string(),
            _ => return None,
        })
    }

    pub fn set(&mut self, name: &str, value: &str) -> Result<(), EngineError> {
        match name {
            "retention.ms" => {
                self.retention_ms = at_least(name, value, parse_long(name, value)?, -1)?
            }
            "retention.bytes" => self.retention_bytes = parse_long(name, value)?,
            "cleanup.policy" => {
                let mut delete = false;
                let mut compact = false;
                for part in value.split(',').map(str::trim) {
                    match part {
                        "delete" => delete = true,
                        "compact" => compact = true,
                        _ => {
                            return Err(invalid(
                                value,
                                name,
                                "String must be one of: compact, delete",
                            ));
                        }
                    }
                }
                self.delete = delete;
                self.compact = compact;
            }
            "delete.retention.ms" => {
                self.delete_retention_ms =
                    at_least(name, value, parse_long(name, value)?, 0)? as u64
            }
            "min.compaction.lag.ms" => {
                self.min_compaction_lag_ms =
                    at_least(name, value, parse_long(name, value)?, 0)? as u64
            }
            "min.insync.replicas" => {
                self.min_insync_replicas = at_least(name, value, parse_int(name, value)?, 1)? as u32
            }
            "max.message.bytes" => {
                self.max_message_bytes = at_least(name, value, parse_int(name, value)?, 0)? as u64
            }
            "unclean.leader.election.enable" => {
                self.unclean_leader_election = parse_bool(name, value)?
            }
            _ => {
                return Err(EngineError::InvalidConfig(format!(
                    "Unknown topic config name: {name}"
                )))
            }
        }
        Ok(())
    }
}

/// `acks`: how many replicas must have a record before the producer counts it as sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Acks {
    /// Fire and forget: the producer never hears back, never retries.
    Zero,
    /// The leader alone.
    One,
    /// Every in-sync replica (`-1`/`all`); the default since Kafka 3.0.0 (KIP-679).
    #[default]
    All,
}

impl Acks {
    pub fn parse(s: &str) -> Option<Acks> {
        match s.trim() {
            "0" => Some(Acks::Zero),
            "1" => Some(Acks::One),
            "all" | "-1" => Some(Acks::All),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
    }
}

/// The producer settings that change outcomes in the model (`ProducerConfig`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerConfig {
    pub acks: Acks,
    /// `retries`: default `Integer.MAX_VALUE` (2147483647) since Kafka 2.1.
    pub retries: u32,
    /// `enable.idempotence` as set by the user; `None` means the default: true (KIP-679 made it
    /// the default in 3.0.0, but a bug kept it off there; it is really on since 3.0.1, 3.1.1 and
    /// 3.2.0, KAFKA-13598), silently off when a conflicting setting such as `acks=1` was chosen.
    pub enable_idempotence: Option<bool>,
    pub partitioner: PartitionerKind,
    /// `partitioner.ignore.keys`: the built-in partitioner treats keyed records like null keys.
    pub ignore_keys: bool,
    /// `batch.size`: bytes the uniform sticky partitioner sends to one partition before moving on.
    pub batch_size: u32,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            acks: Acks::All,
            retries: 2_147_483_647,
            enable_idempotence: None,
            partitioner: PartitionerKind::BuiltIn,
            ignore_keys: false,
            batch_size: 16_384,
        }
    }
}

impl ProducerConfig {
    /// Idempotence in effect, as `ProducerConfig.postProcessAndValidateIdempotenceConfigs` decides.
    pub fn idempotent(&self) -> bool {
        match self.enable_idempotence {
            Some(explicit) => explicit,
            None => self.acks == Acks::All && self.retries > 0,
        }
    }

    /// Refuses the combinations Kafka's `ProducerConfig` refuses, in its words.
    pub fn validate(&self) -> Result<(), EngineError> {
        if self.enable_idempotence == Some(true) {
            if self.acks != Acks::All {
                return Err(EngineError::InvalidConfig(
                    "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."
                        .into(),
                ));
            }
            if self.retries == 0 {
                return Err(EngineError::InvalidConfig(
                    "Must set retries to non-zero when using the idempotent producer.".into(),
                ));
            }
        }
        Ok(())
    }

    /// Sets one `--command-property k=v` (`--producer-property` before Kafka 4.2).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), EngineError> {
        let v = value.trim();
        match name {
            "acks" => {
                self.acks = Acks::parse(v).ok_or_else(|| invalid(value, name, "String must be one of: all, -1, 0, 1"))?
            }
            "retries" => self.retries = at_least(name, value, parse_int(name, value)?, 0)? as u32,
            "enable.idempotence" => self.enable_idempotence = Some(parse_bool(name, value)?),
            "partitioner.class" => {
                self.partitioner = PartitionerKind::from_class_name(v).ok_or_else(|| {
                    EngineError::InvalidConfig(format!(
                        "Invalid value {value} for configuration partitioner.class: Class {value} could not be found."
                    ))
                })?
            }
            "partitioner.ignore.keys" => self.ignore_keys = parse_bool(name, value)?,
            "batch.size" => self.batch_size = at_least(name, value, parse_int(name, value)?, 0)? as u32,
            // Accepted so real command lines work; they do not change the model's outcomes.
            "linger.ms" | "client.id" | "compression.type" | "max.in.flight.requests.per.connection" | "request.timeout.ms"
            | "delivery.timeout.ms" | "buffer.memory" | "key.serializer" | "value.serializer" => {}
            _ => return Err(EngineError::InvalidConfig(format!("Unknown producer config name: {name}"))),
        }
        Ok(())
    }
}

fn parse_bool(name: &str, value: &str) -> Result<bool, EngineError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(
            value,
            name,
            "Expected value to be either true or false",
        )),
    }
}

/// When a member commits the offsets of what it consumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitMode {
    /// `enable.auto.commit=true`: on poll, every `auto.commit.interval.ms`, the position of all
    /// records returned so far (which a single-threaded loop has processed) is committed.
    Auto { interval_ms: u64 },
    /// `enable.auto.commit=false` and `commitSync()` after processing each batch:
    /// at-least-once; a crash mid-batch redelivers the batch (duplicates).
    AfterProcessing,
    /// `commitSync()` right after poll, before processing: at-most-once; a crash mid-batch
    /// skips the rest of the batch (never processed).
    BeforeProcessing,
    /// `enable.auto.commit=false` and no commit call at all: the group keeps whatever offsets it
    /// had, so a restart re-reads from there (or from `auto.offset.reset`).
    Never,
}

impl Default for CommitMode {
    fn default() -> Self {
        CommitMode::Auto { interval_ms: 5_000 }
    }
}

impl CommitMode {
    pub fn describe(self) -> String {
        match self {
            CommitMode::Auto { interval_ms } => format!("auto-commit every {interval_ms} ms"),
            CommitMode::AfterProcessing => "commit after processing".into(),
            CommitMode::BeforeProcessing => "commit before processing".into(),
            CommitMode::Never => "never commits".into(),
        }
    }
}

/// `auto.offset.reset`: where a member starts when its group has no committed offset (or the
/// committed offset is out of range, e.g. below the log-start offset after retention).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OffsetReset {
    Earliest,
    #[default]
    Latest,
    /// `none`: the member fails with `NoOffsetForPartitionException` (we stop it with an event).
    None,
}

impl OffsetReset {
    pub fn parse(s: &str) -> Option<OffsetReset> {
        match s.trim() {
            "earliest" => Some(OffsetReset::Earliest),
            "latest" => Some(OffsetReset::Latest),
            "none" => Some(OffsetReset::None),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            OffsetReset::Earliest => "earliest",
            OffsetReset::Latest => "latest",
            OffsetReset::None => "none",
        }
    }
}

/// A group member's client settings (`ConsumerConfig`) and its simulated processing speed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerConfig {
    pub client_id: String,
    pub group_instance_id: Option<String>,
    /// `group.protocol`: classic (the default in Kafka 4.3) or consumer (KIP-848).
    #[serde(default)]
    pub protocol: GroupProtocol,
    /// `partition.assignment.strategy`: the classic protocol's client-side assignor.
    pub assignor: AssignorKind,
    /// `group.remote.assignor`: the server-side assignor a consumer-protocol member asks for
    /// (`None`: the broker's default, `uniform`).
    #[serde(default)]
    pub remote_assignor: Option<ServerAssignor>,
    /// `max.poll.interval.ms`: the longest a member may spend between two polls before it
    /// leaves the group (default 5 minutes). Under the consumer protocol it is also the
    /// member's rebalance timeout.
    #[serde(default = "default_max_poll_interval")]
    pub max_poll_interval_ms: u64,
    /// `session.timeout.ms`: how long a silent (crashed) member stays in the group. Default 45 s.
    pub session_timeout_ms: u64,
    /// `max.poll.records`: the most records one poll returns. Default 500.
    pub max_poll_records: u32,
    pub commit: CommitMode,
    pub auto_offset_reset: OffsetReset,
    /// Simulated processing time per record, in microseconds (0: instant).
    pub processing_us: u64,
    /// Records with exactly this key fail processing every time (a poison record).
    #[serde(default)]
    pub fail_key: Option<String>,
    /// Share of records, 0–100, that fail processing every time: those whose
    /// [`failure_roll`] is below it, so replay fails the same records.
    #[serde(default)]
    pub fail_percent: u32,
    /// Delivery attempts in all before a failing record is given up on (Spring Kafka's
    /// `DefaultErrorHandler` with `FixedBackOff(backoff_ms, max_attempts - 1)`); `None` retries
    /// forever (`FixedBackOff.UNLIMITED_ATTEMPTS`). Default 10: `SeekUtils.DEFAULT_MAX_FAILURES`.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: Option<u32>,
    /// Wait between two attempts at the same record (`FixedBackOff` interval). Default 0
    /// (`SeekUtils.DEFAULT_BACK_OFF` is `FixedBackOff(0, 9)`).
    #[serde(default)]
    pub backoff_ms: u64,
    /// Where a record goes once its attempts are exhausted (`DeadLetterPublishingRecoverer`).
    /// `None`: `DefaultErrorHandler`'s default recoverer, which logs the record and skips it.
    #[serde(default)]
    pub dead_letter: Option<String>,
}

fn default_max_poll_interval() -> u64 {
    DEFAULT_MAX_POLL_INTERVAL_MS
}

/// `ConsumerConfig.DEFAULT_MAX_POLL_INTERVAL_MS`.
pub const DEFAULT_MAX_POLL_INTERVAL_MS: u64 = 300_000;

/// `group.protocol` (`org.apache.kafka.clients.consumer.GroupProtocol`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupProtocol {
    #[default]
    Classic,
    Consumer,
}

impl GroupProtocol {
    /// The value as written in `group.protocol` (lower case, as the docs show it).
    pub fn as_str(self) -> &'static str {
        match self {
            GroupProtocol::Classic => "classic",
            GroupProtocol::Consumer => "consumer",
        }
    }
    /// `GroupProtocol.valueOf(value.toUpperCase(Locale.ROOT))`: any case.
    pub fn parse(value: &str) -> Option<GroupProtocol> {
        match value.trim().to_ascii_lowercase().as_str() {
            "classic" => Some(GroupProtocol::Classic),
            "consumer" => Some(GroupProtocol::Consumer),
            _ => None,
        }
    }
    /// The enum constant's name, as `ConsumerConfig`'s messages print it.
    pub fn name_upper(self) -> &'static str {
        match self {
            GroupProtocol::Classic => "CLASSIC",
            GroupProtocol::Consumer => "CONSUMER",
        }
    }
}

fn default_max_attempts() -> Option<u32> {
    Some(DEFAULT_MAX_ATTEMPTS)
}

/// `SeekUtils.DEFAULT_MAX_FAILURES`: the default `DefaultErrorHandler` delivers a record 10 times
/// (`FixedBackOff(0, 9)`: no wait, 9 retries) before its recoverer takes it.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;
/// The most attempts the playground accepts (besides retrying forever).
pub const MAX_ATTEMPTS_LIMIT: u32 = 1_000;
/// The longest back-off between attempts the playground accepts (10 minutes).
pub const MAX_BACKOFF_MS: u64 = 600_000;
/// The dead-letter topic name `DeadLetterPublishingRecoverer`'s default destination resolver
/// uses: `<topic>-dlt` since Spring Kafka 3.3 (`<topic>.DLT` before; GH-3291).
pub const DLT_SUFFIX: &str = "-dlt";

/// The dead-letter topic Spring's default resolver picks for a topic.
pub fn default_dead_letter_topic(topic: &str) -> String {
    format!("{topic}{DLT_SUFFIX}")
}

/// A number 0–99 fixed by a record's topic, partition and offset (FNV-1a, then SplitMix64's
/// finaliser): a record fails under `fail_percent = p` when its roll is below `p`, on every
/// attempt and in every replay.
pub fn failure_roll(topic: &str, partition: u32, offset: u64) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = topic
        .bytes()
        .chain(partition.to_le_bytes())
        .chain(offset.to_le_bytes());
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h % 100) as u32
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            client_id: "consumer".into(),
            group_instance_id: None,
            protocol: GroupProtocol::Classic,
            assignor: AssignorKind::Range,
            remote_assignor: None,
            max_poll_interval_ms: DEFAULT_MAX_POLL_INTERVAL_MS,
            session_timeout_ms: 45_000,
            max_poll_records: 500,
            commit: CommitMode::default(),
            auto_offset_reset: OffsetReset::Latest,
            processing_us: 0,
            fail_key: None,
            fail_percent: 0,
            max_attempts: Some(DEFAULT_MAX_ATTEMPTS),
            backoff_ms: 0,
            dead_letter: None,
        }
    }
}

impl ConsumerConfig {
    /// Some records fail: only then does processing read a record's key.
    pub fn fails_records(&self) -> bool {
        self.fail_key.is_some() || self.fail_percent > 0
    }

    /// Checks the failure rule and retry policy (the dead-letter topic's existence is the
    /// world's to check).
    pub fn validate_failures(&self) -> Result<(), EngineError> {
        if self.fail_percent > 100 {
            return Err(EngineError::InvalidConfig(format!(
                "The share of records that fail must be between 0 and 100 percent, not {}.",
                self.fail_percent
            )));
        }
        if let Some(n) = self.max_attempts {
            if !(1..=MAX_ATTEMPTS_LIMIT).contains(&n) {
                return Err(EngineError::InvalidConfig(format!(
                    "Delivery attempts must be between 1 and {MAX_ATTEMPTS_LIMIT} (or unlimited), not {n}."
                )));
            }
        }
        if self.backoff_ms > MAX_BACKOFF_MS {
            return Err(EngineError::InvalidConfig(format!(
                "The back-off between attempts must be at most {MAX_BACKOFF_MS} ms (10 minutes), not {} ms.",
                self.backoff_ms
            )));
        }
        if let Some(k) = &self.fail_key {
            if k.chars().count() > 1_000 {
                return Err(EngineError::InvalidConfig(
                    "The poison key must be at most 1000 characters.".into(),
                ));
            }
        }
        if let Some(dlt) = &self.dead_letter {
            super::validate_topic_name(dlt)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_configs_are_validated_in_kafkas_words() {
        let mut c = TopicConfig::default();
        assert!(c.set("retention.ms", "60000").is_ok());
        assert_eq!(c.retention_ms, 60_000);
        assert_eq!(
            c.set("retention.ms", "soon").unwrap_err().to_string(),
            "Invalid value soon for configuration retention.ms: Not a number of type LONG"
        );
        assert_eq!(
            c.set("colour", "red").unwrap_err().to_string(),
            "Unknown topic config name: colour"
        );
        assert!(c.set("cleanup.policy", "compact,delete").is_ok());
        assert!(c.compact && c.delete);
        assert!(c.set("cleanup.policy", "shred").is_err());
        assert!(
            c.compact && c.delete,
            "a refused value leaves the config unchanged"
        );
    }

    #[test]
    fn idempotence_defaults_on_and_turns_off_with_acks_1() {
        let mut p = ProducerConfig::default();
        assert!(p.idempotent());
        p.set("acks", "1").unwrap();
        assert!(!p.idempotent());
        assert!(p.validate().is_ok());
        p.set("enable.idempotence", "true").unwrap();
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .starts_with("Must set acks to all"));
    }
}
