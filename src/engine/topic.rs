//! Topics: names validated as Kafka's `Topic.validate`, partition and replica counts as the
//! KRaft controller checks them (`ReplicationControlManager`), replicas placed as
//! `AdminUtils.assignReplicasToBrokers` places them without racks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::TopicConfig;
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

/// One partition: its log and where its replicas live.
#[derive(Clone, Debug, Default)]
pub struct PartitionState {
    pub log: PartitionLog,
    /// Broker ids; the first is the preferred leader.
    pub replicas: Vec<u32>,
    pub leader: Option<u32>,
    pub isr: Vec<u32>,
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
