//! Read-only views of the world for the page and the tools.

use std::collections::BTreeMap;

use super::super::config::{ProducerConfig, TopicConfig};
use super::super::group::{log_bounds, GroupState, MemberStatus};
use super::super::log::{flags, generated_value, KeyId, StoredRecord};
use super::super::partitioner::partition_for_hash;
use super::super::producer::ProducerState;
use super::super::timeline::Input;
use super::super::topic::PartitionState;
use super::super::view::*;
use super::super::{TopicPartition, DEFAULT_PRODUCER};
use super::World;

impl World {
    pub fn topic_names(&self) -> Vec<String> {
        self.topics.keys().cloned().collect()
    }

    pub fn partition_count(&self, topic: &str) -> Option<u32> {
        self.topics.get(topic).map(|t| t.partitions.len() as u32)
    }

    pub fn topic_view(&self, name: &str) -> Option<TopicView> {
        let t = self.topics.get(name)?;
        Some(TopicView {
            name: t.name.clone(),
            topic_id: t.topic_id.clone(),
            replication_factor: t.replication_factor,
            configs: t
                .explicit_configs
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            compacted: t.config.compact,
            partitions: (0..t.partitions.len() as u32)
                .filter_map(|i| self.partition_view(name, i))
                .collect(),
        })
    }

    /// One partition's offsets and replicas, without building the whole topic's view.
    pub fn partition_view(&self, topic: &str, partition: u32) -> Option<PartitionView> {
        let p = self.topics.get(topic)?.partitions.get(partition as usize)?;
        Some(PartitionView {
            partition,
            log_start_offset: p.log.log_start_offset,
            log_end_offset: p.log.log_end_offset,
            high_watermark: p.high_watermark,
            stored_records: p.log.records.len() as u64,
            size_bytes: p.log.size_bytes,
            leader: p.leader,
            replicas: p.replicas.clone(),
            isr: p.isr.clone(),
            leader_epoch: p.leader_epoch,
            replica_log_end: p.replicas.iter().map(|&b| (b, p.replica_leo(b))).collect(),
        })
    }

    /// Every group's committed offset on each partition of `topic`: `(partition, group, offset)`
    /// in partition then group order.
    pub fn committed_offsets(&self, topic: &str) -> Vec<(u32, String, u64)> {
        let mut out: Vec<(u32, String, u64)> = self
            .groups
            .values()
            .flat_map(|g| {
                g.committed
                    .iter()
                    .filter(|(tp, _)| tp.topic == topic)
                    .map(|(tp, o)| (tp.partition, g.name.clone(), *o))
            })
            .collect();
        crate::engine::sort::sort(&mut out);
        out
    }

    pub fn topic_config(&self, name: &str) -> Option<&TopicConfig> {
        self.topics.get(name).map(|t| &t.config)
    }

    /// Up to `max` records of a partition from `from_offset` on (an empty list if none).
    pub fn records(
        &self,
        topic: &str,
        partition: u32,
        from_offset: u64,
        max: usize,
    ) -> Vec<RecordView> {
        let Some(p) = self
            .topics
            .get(topic)
            .and_then(|t| t.partitions.get(partition as usize))
        else {
            return Vec::new();
        };
        p.log
            .records
            .iter_from_offset(from_offset)
            .take(max)
            .map(|r| self.record_view(partition, r, p))
            .collect()
    }

    /// The last `max` records of a partition.
    pub fn tail(&self, topic: &str, partition: u32, max: usize) -> Vec<RecordView> {
        let Some(p) = self
            .topics
            .get(topic)
            .and_then(|t| t.partitions.get(partition as usize))
        else {
            return Vec::new();
        };
        let len = p.log.records.len();
        p.log
            .records
            .iter_from_rank(len.saturating_sub(max))
            .map(|r| self.record_view(partition, r, p))
            .collect()
    }

    fn record_view(&self, partition: u32, r: &StoredRecord, ps: &PartitionState) -> RecordView {
        let acks = ps
            .writer_of(r.offset)
            .map_or(super::super::Acks::One, |w| w.acks);
        let committed = r.offset < ps.high_watermark;
        let outcome = if r.meta & flags::ACK_LOST != 0 {
            RecordOutcome::AckLost
        } else {
            match acks {
                super::super::Acks::Zero => RecordOutcome::NotConfirmed,
                super::super::Acks::One => RecordOutcome::Acknowledged,
                super::super::Acks::All if committed => RecordOutcome::Acknowledged,
                super::super::Acks::All if ps.is_held(r.offset) => RecordOutcome::AwaitingReplicas,
                super::super::Acks::All => RecordOutcome::ReportedFailed,
            }
        };
        RecordView {
            partition,
            offset: r.offset,
            timestamp: r.timestamp,
            key: self.keys.text(r.key).map(str::to_string),
            value: match (&r.value, r.generated_len()) {
                (Some(v), _) => Some(v.to_string()),
                (None, Some(len)) => Some(generated_value(len, r.offset)),
                (None, None) => None,
            },
            headers: if r.meta & flags::HEADERS != 0 {
                ps.log.headers.get(&r.offset).cloned().unwrap_or_default()
            } else {
                Vec::new()
            },
            duplicate: r.is_duplicate(),
            outcome,
            committed,
        }
    }

    /// Every broker with what it leads and holds.
    pub fn broker_views(&self) -> Vec<BrokerView> {
        self.brokers
            .values()
            .map(|b| {
                let (mut leader_of, mut replica_of, mut in_sync_of) = (0, 0, 0);
                for ps in self.topics.values().flat_map(|t| &t.partitions) {
                    leader_of += u32::from(ps.leader == Some(b.id));
                    replica_of += u32::from(ps.replicas.contains(&b.id));
                    in_sync_of += u32::from(ps.isr.contains(&b.id));
                }
                BrokerView {
                    id: b.id,
                    up: b.up,
                    copy_rate: b.copy_rate,
                    leader_of,
                    replica_of,
                    in_sync_of,
                }
            })
            .collect()
    }

    /// The partition a key goes to on this topic with the built-in partitioner.
    pub fn partition_for_key(&self, topic: &str, key: &str) -> Option<u32> {
        let n = self.partition_count(topic)?;
        Some(super::super::partitioner::partition_for_key(
            key.as_bytes(),
            n,
        ))
    }

    /// Records per partition over the records stored now, and each key's count, for skew views.
    pub fn key_counts(&self, topic: &str, partition: u32) -> Vec<(Option<String>, u64)> {
        let Some(p) = self
            .topics
            .get(topic)
            .and_then(|t| t.partitions.get(partition as usize))
        else {
            return Vec::new();
        };
        let mut counts: BTreeMap<KeyId, u64> = BTreeMap::new();
        for r in p.log.records.iter() {
            *counts.entry(r.key).or_default() += 1;
        }
        let mut out: Vec<(Option<String>, u64)> = counts
            .into_iter()
            .map(|(k, c)| (self.keys.text(k).map(str::to_string), c))
            .collect();
        crate::engine::sort::sort_by(&mut out, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// The partitions of `topic` that hold at least one record whose key starts with `prefix`
    /// (lesson goals: "a key spread over N partitions"). Keys are matched once, then records
    /// are compared by key id, so a long log costs one integer compare per record.
    pub fn partitions_with_key_prefix(&self, topic: &str, prefix: &str) -> Vec<u32> {
        let Some(t) = self.topics.get(topic) else {
            return Vec::new();
        };
        let wanted: std::collections::BTreeSet<KeyId> = crate::engine::sort::btree_set(
            t.keys_seen
                .iter()
                .filter(|k| self.keys.text(*k).is_some_and(|s| s.starts_with(prefix))),
        );
        if wanted.is_empty() {
            return Vec::new();
        }
        (0..t.partitions.len() as u32)
            .filter(|&p| {
                t.partitions[p as usize]
                    .log
                    .records
                    .iter()
                    .rev()
                    .any(|r| wanted.contains(&r.key))
            })
            .collect()
    }

    /// Distinct keys written to a topic (that are still known) and the partitions they use now.
    pub fn keys_of_topic(&self, topic: &str) -> Vec<(String, u32)> {
        let Some(t) = self.topics.get(topic) else {
            return Vec::new();
        };
        let n = t.partitions.len() as u32;
        let mut out: Vec<(String, u32)> = t
            .keys_seen
            .iter()
            .filter_map(|k| {
                Some((
                    self.keys.text(k)?.to_string(),
                    partition_for_hash(self.keys.hash(k)?, n),
                ))
            })
            .collect();
        crate::engine::sort::sort(&mut out);
        out
    }

    /// The records a capturing member (`MemberSpec::capture`) processed since the last call, in
    /// the order it processed them. Records removed since (retention) are left out.
    pub fn take_delivered(&mut self, group: &str, member_id: &str) -> Vec<RecordView> {
        // A share group's console consumer takes through `take_share_delivered`, which
        // journals the same input: replaying it lands here.
        if !self.groups.contains_key(group) && self.share_groups.contains_key(group) {
            self.take_share_delivered(group, member_id);
            return Vec::new();
        }
        let Some(list) = self
            .groups
            .get_mut(group)
            .and_then(|g| g.members.get_mut(member_id))
            .and_then(|m| m.delivered.as_mut())
            .filter(|l| !l.is_empty())
        else {
            return Vec::new();
        };
        // Taking changes the world (the member captures again), so replay must take too.
        self.journal.push(Input::TakeDelivered {
            group: group.to_string(),
            member_id: member_id.to_string(),
        });
        let taken = std::mem::take(list);
        let mut out = Vec::with_capacity(taken.len());
        for (tp, offset) in taken {
            let Some(p) = self
                .topics
                .get(&tp.topic)
                .and_then(|t| t.partitions.get(tp.partition as usize))
            else {
                continue;
            };
            if let Some(r) = p
                .log
                .records
                .iter_from_offset(offset)
                .next()
                .filter(|r| r.offset == offset)
            {
                out.push(self.record_view(tp.partition, r, p));
            }
        }
        out
    }

    pub fn group_names(&self) -> Vec<String> {
        self.groups.keys().cloned().collect()
    }

    pub fn group_view(&self, name: &str) -> Option<GroupView> {
        let g = self.groups.get(name)?;
        let mut owners: BTreeMap<&TopicPartition, &str> = BTreeMap::new();
        for m in g.members.values() {
            for tp in &m.assignment {
                owners.insert(tp, &m.member_id);
            }
        }
        let mut parts: std::collections::BTreeSet<TopicPartition> =
            crate::engine::sort::btree_set(g.committed.keys().cloned());
        for m in g.members.values() {
            parts.extend(m.assignment.iter().cloned());
        }
        let members = g
            .members
            .values()
            .map(|m| MemberView {
                member_id: m.member_id.clone(),
                client_id: m.config.client_id.clone(),
                group_instance_id: m.config.group_instance_id.clone(),
                host: "/127.0.0.1".into(),
                topics: m.topics.clone(),
                assignment: m.assignment.clone(),
                described_assignment: if g.is_consumer_group() {
                    m.modern.assigned.iter().cloned().collect()
                } else if m.assignment.is_empty() {
                    // Revoked by an eager rejoin in the rebalance under way (cleared when it
                    // completes).
                    g.previous.get(&m.member_id).cloned().unwrap_or_default()
                } else {
                    m.assignment.clone()
                },
                manual: m.manual.is_some(),
                status: m.status.into(),
                assignor: m.config.assignor,
                commit: m.config.commit,
                processing_us: m.config.processing_us,
                processed: m.processed,
                in_flight: m.batch.iter().map(|c| c.offsets.len() as u64).sum(),
                idle: m.manual.is_none()
                    && m.is_active()
                    && m.assignment.is_empty()
                    && g.state == GroupState::Stable,
                session_expires_at: match m.status {
                    MemberStatus::Crashed { since } | MemberStatus::Stopped { since } => {
                        Some(since.saturating_add(m.session_timeout_ms()))
                    }
                    MemberStatus::Active => None,
                },
                failures: FailureView::from(m),
                protocol: m.config.protocol,
                epoch: (g.is_consumer_group() && m.in_protocol()).then_some(m.modern.epoch),
                member_state: (g.is_consumer_group() && m.in_protocol()).then_some(m.modern.state),
                target: g
                    .modern
                    .target
                    .get(&m.member_id)
                    .map(|t| t.iter().cloned().collect())
                    .unwrap_or_default(),
                revoking: m.modern.pending_revocation.iter().cloned().collect(),
                remote_assignor: m.config.remote_assignor,
                poll_expired: m.poll_expired,
                max_poll_interval_ms: m.config.max_poll_interval_ms,
            })
            .collect();
        let policy_of = |tp: &TopicPartition| {
            owners
                .get(tp)
                .and_then(|id| g.members.get(*id))
                .or_else(|| g.members.values().next())
                .map(|m| m.config.auto_offset_reset)
                .unwrap_or_default()
        };
        let partitions = parts
            .into_iter()
            .map(|tp| {
                let (start, end) = log_bounds(&self.topics, &tp);
                let committed = g.committed.get(&tp).copied();
                let committed_leader_epoch = g.committed_epoch.get(&tp).copied();
                let lag = match committed {
                    Some(c) => end.saturating_sub(c),
                    None => match policy_of(&tp) {
                        super::super::OffsetReset::Latest => 0,
                        _ => end.saturating_sub(start),
                    },
                };
                let prog = g.progress.get(&tp).cloned().unwrap_or_default();
                PartitionLagView {
                    owner: owners.get(&tp).map(|s| s.to_string()),
                    partition: tp,
                    committed,
                    committed_leader_epoch,
                    log_start_offset: start,
                    log_end_offset: end,
                    lag,
                    processed: prog.processed,
                    duplicates: prog.duplicates,
                    skipped: prog.skipped,
                }
            })
            .collect();
        let consumer = g.is_consumer_group();
        Some(GroupView {
            name: g.name.clone(),
            kind: g.kind,
            group_epoch: consumer.then_some(g.modern.group_epoch),
            target_assignment_epoch: consumer.then_some(g.modern.assignment_epoch),
            server_assignor: consumer.then(|| g.preferred_assignor()),
            state: g.state,
            generation: g.generation,
            assignor: g.assignor,
            members,
            partitions,
            rebalance_reason: g.rebalance.as_ref().map(|r| r.reason.clone()),
        })
    }

    pub fn producer_view(&self, name: &str) -> ProducerView {
        let default = ProducerState::default();
        let p = self.producers.get(name).unwrap_or(&default);
        ProducerView {
            name: name.to_string(),
            acks: p.config.acks.as_str().into(),
            retries: p.config.retries,
            idempotent: p.config.idempotent(),
            partitioner: p.config.partitioner.class_name().into(),
            sent: p.sent,
            acknowledged: p.acknowledged,
            failed: p.failed,
            duplicated: p.duplicated,
            retried: p.retried,
            pending_lost_acks: p.lose_acks,
            awaiting: p.awaiting,
            lost: p.lost,
        }
    }

    pub fn producer_config(&self, name: &str) -> ProducerConfig {
        self.producers
            .get(name)
            .map(|p| p.config.clone())
            .unwrap_or_default()
    }

    pub fn producer_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.producers.keys().cloned().collect();
        if !names.iter().any(|n| n == DEFAULT_PRODUCER) {
            names.insert(0, DEFAULT_PRODUCER.into());
        }
        names
    }

    pub fn loads(&self) -> Vec<LoadView> {
        self.loads
            .values()
            .map(|l| LoadView {
                id: l.spec.id.clone(),
                producer: l.spec.producer.clone(),
                topic: l.spec.topic.clone(),
                rate_per_sec: l.spec.rate_per_sec,
                value_size: l.spec.value_size,
                keys: l.spec.keys.describe(),
                produced: l.produced,
            })
            .collect()
    }

    /// Every broker id, up or down.
    pub fn brokers(&self) -> Vec<u32> {
        self.broker_ids()
    }

    /// How many distinct keys the world has interned (memory diagnostics).
    pub fn distinct_keys(&self) -> usize {
        self.keys.len()
    }

    /// Records stored over every topic (memory diagnostics and benchmarks).
    pub fn stored_records(&self) -> u64 {
        self.topics
            .values()
            .flat_map(|t| &t.partitions)
            .map(|p| p.log.records.len() as u64)
            .sum()
    }
}
