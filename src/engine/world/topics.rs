//! Topics: creating, deleting, adding partitions and altering configs.

use rand::Rng;

use super::super::config::TopicConfig;
use super::super::event::{EventKind, KeyMove};
use super::super::partitioner::partition_for_hash;
use super::super::topic::{
    assign_replicas, validate_topic_name, PartitionState, Topic, MAX_PARTITIONS,
};
use super::super::EngineError;
use super::{World, MAX_TOPICS};

/// The most keys a `PartitionsIncreased` event lists.
const MOVED_KEYS_LISTED: usize = 200;

impl World {
    pub(super) fn create_topic(
        &mut self,
        spec: super::super::TopicSpec,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let warning = validate_topic_name(&spec.name)?;
        if self.topics.contains_key(&spec.name) {
            return Err(EngineError::TopicExists(spec.name));
        }
        // Topic.hasCollision: names equal once '.' and '_' are unified collide in metrics.
        let unified = spec.name.replace('.', "_");
        if let Some(other) = self.topics.keys().find(|t| t.replace('.', "_") == unified) {
            return Err(EngineError::InvalidTopic(format!(
                "Topic '{}' collides with existing topic: {other}",
                spec.name
            )));
        }
        if spec.partitions == 0 {
            return Err(EngineError::InvalidPartitions(
                "Number of partitions was set to an invalid non-positive value.".into(),
            ));
        }
        if spec.partitions > MAX_PARTITIONS {
            return Err(EngineError::Limit(format!(
                "{} partitions is more than this playground allows per topic ({MAX_PARTITIONS}). Choose {MAX_PARTITIONS} or fewer.",
                spec.partitions
            )));
        }
        if spec.replication_factor == 0 {
            return Err(EngineError::InvalidReplicationFactor(
                "Replication factor must be larger than 0, or -1 to use the default value.".into(),
            ));
        }
        // KRaft places replicas on unfenced brokers only (`StripedReplicaPlacer`).
        let alive = self.alive_brokers();
        if spec.replication_factor > alive.len() as u32 {
            return Err(EngineError::InvalidReplicationFactor(format!(
                "Unable to replicate the partition {} time(s): The target replication factor of {} cannot be reached because only {} broker(s) are registered.",
                spec.replication_factor,
                spec.replication_factor,
                alive.len()
            )));
        }
        if self.topics.len() >= MAX_TOPICS {
            return Err(EngineError::Limit(format!(
                "This playground holds at most {MAX_TOPICS} topics. Delete one first."
            )));
        }
        let config = TopicConfig::from_entries(&spec.configs)?;
        if config.min_insync_replicas > spec.replication_factor {
            // Kafka accepts this but every acks=all send then fails; the playground lets it be
            // and the failures lesson shows the consequence.
        }
        // Everything is valid: now draw from the RNG.
        let n = alive.len() as u32;
        let start = self.rng.random_range(0..n);
        let shift = self.rng.random_range(0..n);
        let topic_id = self.uuid();
        let placement = assign_replicas(
            &alive,
            spec.partitions,
            0,
            spec.replication_factor,
            start,
            shift,
        );
        let partitions = placement.into_iter().map(PartitionState::new).collect();
        let name = spec.name.clone();
        self.topics.insert(
            name.clone(),
            Topic {
                name: name.clone(),
                topic_id,
                partitions,
                replication_factor: spec.replication_factor,
                explicit_configs: spec.configs,
                config,
                keys_seen: Default::default(),
                dirty: false,
            },
        );
        ev.push((
            self.now,
            EventKind::TopicCreated {
                topic: name.clone(),
                partitions: spec.partitions,
                replication_factor: spec.replication_factor,
                warning,
            },
        ));
        self.notify_groups(&name, "was created", ev);
        Ok(())
    }

    fn notify_groups(&mut self, topic: &str, what: &str, ev: &mut Vec<(u64, EventKind)>) {
        self.each_group(ev, |g, ctx| g.topic_changed(topic, what, ctx));
    }

    pub(super) fn delete_topic(
        &mut self,
        topic: &str,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if !self.topics.contains_key(topic) {
            return Err(EngineError::UnknownTopic(topic.to_string()));
        }
        self.topics.remove(topic);
        let stopped: Vec<String> = self
            .loads
            .iter()
            .filter(|(_, l)| l.spec.topic == topic)
            .map(|(id, _)| id.clone())
            .collect();
        for id in stopped {
            if let Some(l) = self.loads.remove(&id) {
                ev.push((
                    self.now,
                    EventKind::LoadStopped {
                        id,
                        produced: l.produced,
                    },
                ));
            }
        }
        for p in self.producers.values_mut() {
            p.sticky.remove(topic);
            p.round_robin.remove(topic);
        }
        ev.push((
            self.now,
            EventKind::TopicDeleted {
                topic: topic.to_string(),
            },
        ));
        self.each_group(ev, |g, ctx| g.topic_deleted(topic, ctx));
        Ok(())
    }

    pub(super) fn alter_partitions(
        &mut self,
        name: &str,
        partitions: u32,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let topic = self.topic(name)?;
        let current = topic.partitions.len() as u32;
        // ReplicationControlManager.createPartitions: only increases.
        if partitions < current {
            return Err(EngineError::InvalidPartitions(format!(
                "The topic {name} currently has {current} partition(s); {partitions} would not be an increase."
            )));
        }
        if partitions == current {
            return Err(EngineError::InvalidPartitions(format!(
                "Topic already has {current} partition(s)."
            )));
        }
        if partitions > MAX_PARTITIONS {
            return Err(EngineError::Limit(format!(
                "{partitions} partitions is more than this playground allows per topic ({MAX_PARTITIONS})."
            )));
        }
        let rf = topic.replication_factor;
        let alive = self.alive_brokers();
        if rf > alive.len() as u32 {
            return Err(EngineError::InvalidReplicationFactor(format!(
                "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {} broker(s) are registered.",
                alive.len()
            )));
        }
        let n = alive.len() as u32;
        let start = self.rng.random_range(0..n);
        let shift = self.rng.random_range(0..n);
        let placement = assign_replicas(&alive, partitions - current, current, rf, start, shift);
        let keys = &self.keys;
        let Some(topic) = self.topics.get_mut(name) else {
            return Ok(());
        };
        for replicas in placement {
            topic.partitions.push(PartitionState::new(replicas));
        }
        // Which keys already used on this topic land elsewhere now.
        let mut moved = Vec::new();
        let mut kept = 0;
        for k in topic.keys_seen.iter() {
            let (Some(text), Some(h)) = (keys.text(k), keys.hash(k)) else {
                continue;
            };
            let (from, to) = (
                partition_for_hash(h, current),
                partition_for_hash(h, partitions),
            );
            if from == to {
                kept += 1;
            } else {
                moved.push(KeyMove {
                    key: text.to_string(),
                    from,
                    to,
                });
            }
        }
        crate::engine::sort::sort_by(&mut moved, |a, b| a.key.cmp(&b.key));
        let moved_count = moved.len();
        moved.truncate(MOVED_KEYS_LISTED);
        ev.push((
            self.now,
            EventKind::PartitionsIncreased {
                topic: name.to_string(),
                from: current,
                to: partitions,
                moved_keys: moved,
                moved_count,
                kept_keys: kept,
            },
        ));
        self.notify_groups(name, &format!("grew to {partitions} partitions"), ev);
        Ok(())
    }

    pub(super) fn alter_config(
        &mut self,
        name: &str,
        set: &[(String, String)],
        delete: &[String],
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let topic = self.topic(name)?;
        let mut explicit = topic.explicit_configs.clone();
        for k in delete {
            if !super::super::config::TOPIC_CONFIG_NAMES.contains(&k.as_str()) {
                return Err(EngineError::InvalidConfig(format!(
                    "Unknown topic config name: {k}"
                )));
            }
            explicit.remove(k);
        }
        for (k, v) in set {
            explicit.insert(k.clone(), v.clone());
        }
        let config = TopicConfig::from_entries(&explicit)?;
        let Some(topic) = self.topics.get_mut(name) else {
            return Ok(());
        };
        let unclean_on = config.unclean_leader_election && !topic.config.unclean_leader_election;
        topic.explicit_configs = explicit;
        topic.config = config;
        topic.dirty = true;
        for k in delete {
            ev.push((
                self.now,
                EventKind::TopicConfigChanged {
                    topic: name.into(),
                    name: k.clone(),
                    value: None,
                },
            ));
        }
        for (k, v) in set {
            ev.push((
                self.now,
                EventKind::TopicConfigChanged {
                    topic: name.into(),
                    name: k.clone(),
                    value: Some(v.clone()),
                },
            ));
        }
        if unclean_on {
            // The controller elects out-of-sync leaders for offline partitions once allowed.
            self.elect_offline(ev, Some(name));
        }
        Ok(())
    }
}
