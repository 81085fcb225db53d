//! Topics: names validated as Kafka's `Topic.validate`, partition and replica counts as the
//! KRaft controller checks them (`ReplicationControlManager`), replicas placed as
//! `AdminUtils.assignReplicasToBrokers` places them without racks.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::config::{Acks, TopicConfig};
use super::log::{KeySet, PartitionLog};
use super::EngineError;

/// The most partitions one topic may have in the playground (Kafka itself has no fixed limit;
/// this bound keeps a browser tab responsive). Documented in the README.
pub const MAX_PARTITIONS: u32 = 1024;

/// `Topic.MAX_NAME_LENGTH`.
const MAX_NAME_LENGTH: usize = 249;

/// What `kafka-topics --create` asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// Explicit configs (`--config k=v`), kept as given for `--describe`.
    pub configs: BTreeMap<String, String>,
}

impl TopicSpec {
    pub fn new(name: &str, partitions: u32) -> Self {
        TopicSpec {
            name: name.into(),
            partitions,
            replication_factor: 1,
            configs: BTreeMap::new(),
        }
    }
    pub fn with_config(mut self, key: &str, value: &str) -> Self {
        self.configs.insert(key.into(), value.into());
        self
    }
    pub fn with_replication_factor(mut self, rf: u32) -> Self {
        self.replication_factor = rf;
        self
    }
}

/// `Topic.validate` (clients `org.apache.kafka.common.internals.Topic`), word for word.
/// Returns the collision warning for names with `.` or `_` (`Topic.hasCollisionChars`).
pub fn validate_topic_name(name: &str) -> Result<Option<String>, EngineError> {
    let reason = if name.is_empty() {
        Some("the empty string is not allowed".to_string())
    } else if name == "." {
        Some("'.' is not allowed".to_string())
    } else if name == ".." {
        Some("'..' is not allowed".to_string())
    } else if name.encode_utf16().count() > MAX_NAME_LENGTH {
        // Java's String.length() counts UTF-16 code units.
        Some(format!(
            "the length of '{name}' is longer than the max allowed length {MAX_NAME_LENGTH}"
        ))
    } else if !name
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_' || c == b'-')
    {
        Some(format!("'{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"))
    } else {
        None
    };
    if let Some(r) = reason {
        return Err(EngineError::InvalidTopic(format!(
            "Topic name is invalid: {r}"
        )));
    }
    Ok((name.contains('.') || name.contains('_')).then(|| {
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. \
         To avoid issues it is best to use either, but not both."
            .to_string()
    }))
}

/// One partition: the leader's log, where its replicas live, and how far each has copied.
///
/// The model keeps one log per partition, the current leader's. Every follower's log is a
/// prefix of it (followers only copy from the leader, and a new leader's log is cut to its own
/// length, as followers truncate to the leader epoch's end offset in Kafka), so a follower is
/// fully described by its log-end offset.
#[derive(Clone, Debug, Default)]
pub struct PartitionState {
    pub log: PartitionLog,
    /// Broker ids; the first is the preferred leader.
    pub replicas: Vec<u32>,
    pub leader: Option<u32>,
    /// In-sync replicas, in the order they joined (the ISR of a new partition is `replicas`).
    pub isr: Vec<u32>,
    /// Grows by one at every leader change (`PartitionRegistration.leaderEpoch`).
    pub leader_epoch: u32,
    /// Each replica's log-end offset, in `replicas` order. The leader's entry is only kept up to
    /// date when it stops leading: while it leads, its log-end offset is the log's.
    pub leo: Vec<u64>,
    /// `Replica.lastCaughtUpTimeMs`: when each replica last had everything the leader had.
    pub caught_up_at: Vec<u64>,
    /// Slow followers copy a few records per tick; the fraction left over, in milli-records.
    pub copy_carry: Vec<u64>,
    /// The offset below which every in-sync replica has the records: what consumers may read
    /// and what `acks=all` waits for.
    pub high_watermark: u64,
    /// The log-end offset when the current leader was elected (`leaderEpochStartOffset`).
    pub epoch_start: u64,
    /// Who wrote which offsets, as runs (first offset, producer, acks), so that records cut
    /// off by a leader change can be told apart: acknowledged (lost) or not (retried).
    pub writers: VecDeque<WriterRun>,
    /// `acks=all` records the leader holds until every in-sync replica has them.
    pub pending: VecDeque<PendingRun>,
}

/// Offsets from `first` on were written by `producer` (an index into the world's producer
/// names) with `acks`, until the next run begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriterRun {
    pub first: u64,
    pub producer: u32,
    pub acks: Acks,
}

/// `acks=all` records `first..end` of one producer, not yet acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingRun {
    pub first: u64,
    pub end: u64,
    pub producer: u32,
    /// Sent by a command (console, page): report the acknowledgement as an event.
    pub notify: bool,
}

impl PartitionState {
    /// A new partition on `replicas`, led by the first (the preferred leader).
    pub fn new(replicas: Vec<u32>) -> Self {
        let n = replicas.len();
        PartitionState {
            leader: replicas.first().copied(),
            isr: replicas.clone(),
            replicas,
            leo: vec![0; n],
            caught_up_at: vec![0; n],
            copy_carry: vec![0; n],
            ..PartitionState::default()
        }
    }

    fn index_of(&self, broker: u32) -> Option<usize> {
        self.replicas.iter().position(|&b| b == broker)
    }

    /// A replica's log-end offset (the leader's is the log's).
    pub fn replica_leo(&self, broker: u32) -> u64 {
        if self.leader == Some(broker) {
            return self.log.log_end_offset;
        }
        self.index_of(broker)
            .and_then(|i| self.leo.get(i).copied())
            .unwrap_or(0)
            .min(self.log.log_end_offset)
    }

    pub fn set_replica_leo(&mut self, broker: u32, leo: u64) {
        if let Some(slot) = self.index_of(broker).and_then(|i| self.leo.get_mut(i)) {
            *slot = leo;
        }
    }

    pub fn caught_up_at(&self, broker: u32) -> u64 {
        self.index_of(broker)
            .and_then(|i| self.caught_up_at.get(i).copied())
            .unwrap_or(0)
    }

    pub fn set_caught_up_at(&mut self, broker: u32, at: u64) {
        if let Some(slot) = self
            .index_of(broker)
            .and_then(|i| self.caught_up_at.get_mut(i))
        {
            *slot = at;
        }
    }

    /// `Partition.maybeIncrementLeaderHW`: the smallest log-end offset over the ISR. It never
    /// moves back while the leader stays (an unclean election cuts it explicitly).
    pub fn update_high_watermark(&mut self) {
        if self.leader.is_none() {
            return;
        }
        let min = self
            .isr
            .iter()
            .map(|&b| self.replica_leo(b))
            .min()
            .unwrap_or(self.log.log_end_offset);
        self.high_watermark = self.high_watermark.max(min).min(self.log.log_end_offset);
    }

    /// Notes that `producer` wrote the record at `offset` with `acks`.
    pub fn note_writer(&mut self, offset: u64, producer: u32, acks: Acks) {
        match self.writers.back() {
            Some(w) if w.producer == producer && w.acks == acks => {}
            _ => self.writers.push_back(WriterRun {
                first: offset,
                producer,
                acks,
            }),
        }
    }

    /// The writer of `offset`, if still known.
    pub fn writer_of(&self, offset: u64) -> Option<WriterRun> {
        let i = self.writers.partition_point(|w| w.first <= offset);
        i.checked_sub(1).and_then(|i| self.writers.get(i)).copied()
    }

    /// Forgets writers of records that retention or compaction removed.
    pub fn prune_writers(&mut self) {
        let start = self.log.log_start_offset;
        while self.writers.len() > 1 && self.writers.get(1).is_some_and(|w| w.first <= start) {
            self.writers.pop_front();
        }
    }

    /// Holds an `acks=all` record until the ISR has it.
    pub fn hold(&mut self, offset: u64, producer: u32, notify: bool) {
        if let Some(last) = self.pending.back_mut() {
            if last.end == offset && last.producer == producer && last.notify == notify {
                last.end = offset + 1;
                return;
            }
        }
        self.pending.push_back(PendingRun {
            first: offset,
            end: offset + 1,
            producer,
            notify,
        });
    }

    /// Takes the held records below the high watermark: they are acknowledged now.
    pub fn release(&mut self) -> Vec<PendingRun> {
        let hw = self.high_watermark;
        let mut out = Vec::new();
        while let Some(front) = self.pending.front_mut() {
            if front.first >= hw {
                break;
            }
            if front.end <= hw {
                if let Some(r) = self.pending.pop_front() {
                    out.push(r);
                }
            } else {
                out.push(PendingRun { end: hw, ..*front });
                front.first = hw;
                break;
            }
        }
        out
    }

    /// Whether the `acks=all` record at `offset` is still waiting for the ISR.
    pub fn is_held(&self, offset: u64) -> bool {
        let i = self.pending.partition_point(|r| r.end <= offset);
        self.pending.get(i).is_some_and(|r| r.first <= offset)
    }
}

#[derive(Clone, Debug)]
pub struct Topic {
    pub name: String,
    /// Kafka's topic id is a random UUID; ours comes from the world's RNG.
    pub topic_id: String,
    pub partitions: Vec<PartitionState>,
    pub replication_factor: u32,
    pub explicit_configs: BTreeMap<String, String>,
    pub config: TopicConfig,
    /// Every key ever produced to this topic, so a partition increase can tell which keys move.
    pub keys_seen: KeySet,
    /// Appends since the log cleaner last ran (compacted topics).
    pub dirty: bool,
}

/// `AdminUtils.assignReplicasToBrokersRackUnaware`: the first replica of partition p is broker
/// `(p + startIndex) % n`; the others follow with a shift that grows after every n partitions.
/// `start_index` and `next_replica_shift` are random in Kafka; the world draws them.
pub fn assign_replicas(
    brokers: &[u32],
    partitions: u32,
    first_partition: u32,
    replication_factor: u32,
    start_index: u32,
    mut next_replica_shift: u32,
) -> Vec<Vec<u32>> {
    let n = brokers.len() as u32;
    if n == 0 {
        return vec![Vec::new(); partitions as usize];
    }
    let mut out = Vec::with_capacity(partitions as usize);
    for p in first_partition..first_partition + partitions {
        if p > 0 && p % n == 0 {
            next_replica_shift += 1;
        }
        let first = (p + start_index) % n;
        let mut replicas = vec![brokers[first as usize]];
        for j in 0..replication_factor.saturating_sub(1) {
            // AdminUtils.replicaIndex
            let shift = 1 + (next_replica_shift + j) % (n - 1).max(1);
            replicas.push(brokers[((first + shift) % n) as usize]);
        }
        out.push(replicas);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn topic_names_are_validated_as_kafka_does() {
        assert_eq!(validate_topic_name("orders"), Ok(None));
        assert!(
            validate_topic_name("my.topic").unwrap().is_some(),
            "collision warning"
        );
        assert!(validate_topic_name("my_topic").unwrap().is_some());
        let err = |n: &str| validate_topic_name(n).unwrap_err().to_string();
        assert_eq!(
            err(""),
            "Topic name is invalid: the empty string is not allowed"
        );
        assert_eq!(err("."), "Topic name is invalid: '.' is not allowed");
        assert_eq!(err(".."), "Topic name is invalid: '..' is not allowed");
        assert_eq!(
            err("a b"),
            "Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        );
        assert!(err(&"x".repeat(250)).ends_with("is longer than the max allowed length 249"));
        assert!(validate_topic_name(&"x".repeat(249)).is_ok());
        assert!(validate_topic_name("café").is_err());
    }

    #[test]
    fn replicas_are_spread_round_robin_with_a_shift() {
        // AdminUtilsTest-style check: 3 brokers, 6 partitions, rf 2, start 0, shift 0.
        let r = assign_replicas(&[1, 2, 3], 6, 0, 2, 0, 0);
        assert_eq!(
            r,
            vec![
                vec![1, 2],
                vec![2, 3],
                vec![3, 1],
                vec![1, 3],
                vec![2, 1],
                vec![3, 2]
            ]
        );
        // Each partition's replicas are distinct brokers.
        for reps in assign_replicas(&[1, 2, 3, 4], 16, 0, 3, 1, 2) {
            let set: BTreeSet<_> = reps.iter().collect();
            assert_eq!(set.len(), 3);
        }
    }
}
