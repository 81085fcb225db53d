//! Consumer groups as the world runs them: joining, ticking, dead letters and offset resets.

use std::collections::BTreeMap;

use super::super::event::EventKind;
use super::super::group::{
    check_dead_letter, log_bounds, Ctx, Group, GroupState, Member, MemberStatus,
};
use super::super::{
    ConsumerConfig, EngineError, GroupProtocol, MemberSpec, ProduceRequest, ResetTarget,
    TopicPartition,
};
use super::{check_name, World, MAX_GROUPS, MAX_MEMBERS_PER_GROUP, TICK_MS};

/// `group.min.session.timeout.ms` / `group.max.session.timeout.ms` broker defaults.
const MIN_SESSION_TIMEOUT_MS: u64 = 6_000;
const MAX_SESSION_TIMEOUT_MS: u64 = 1_800_000;

impl World {
    /// Runs `f` on every group with a context over the world's topics and time, then publishes
    /// what the groups sent to dead-letter topics.
    pub(super) fn each_group(
        &mut self,
        ev: &mut Vec<(u64, EventKind)>,
        mut f: impl FnMut(&mut Group, &mut Ctx),
    ) {
        let mut dead_letters = Vec::new();
        let World {
            groups,
            topics,
            keys,
            now,
            ..
        } = self;
        for g in groups.values_mut() {
            let mut ctx = Ctx {
                topics,
                keys,
                now: *now,
                tick_ms: TICK_MS,
                events: ev,
                dead_letters: &mut dead_letters,
            };
            f(g, &mut ctx);
        }
        self.publish_dead_letters(dead_letters, ev);
    }

    /// Sends the records consumers' error handlers recovered to dead-letter topics
    /// (`DeadLetterPublishingRecoverer` sends with a `KafkaTemplate`) through the normal produce
    /// path. A send refused here (storage full, record too large) is reported as failed.
    fn publish_dead_letters(&mut self, reqs: Vec<ProduceRequest>, ev: &mut Vec<(u64, EventKind)>) {
        for req in reqs {
            let (producer, topic, partition) =
                (req.producer.clone(), req.topic.clone(), req.partition);
            if let Err(e) = self.produce(req, ev) {
                ev.push((
                    self.now,
                    EventKind::SendFailed {
                        producer,
                        topic,
                        partition: partition.unwrap_or(0),
                        reason: e.to_string(),
                        written: false,
                    },
                ));
            }
        }
    }

    pub(super) fn with_group(
        &mut self,
        group: &str,
        ev: &mut Vec<(u64, EventKind)>,
        f: impl FnOnce(&mut Group, &mut Ctx),
    ) {
        let mut f = Some(f);
        self.each_group(ev, |g, ctx| {
            if g.name == group {
                if let Some(f) = f.take() {
                    f(g, ctx);
                }
            }
        });
    }

    pub(super) fn active_member(
        &self,
        group: &str,
        member_id: &str,
    ) -> Result<&Member, EngineError> {
        let g = self
            .groups
            .get(group)
            .ok_or_else(|| EngineError::UnknownGroup(group.to_string()))?;
        let m = g
            .members
            .get(member_id)
            .ok_or_else(|| EngineError::UnknownMember {
                group: group.into(),
                member_id: member_id.into(),
            })?;
        if !m.is_active() {
            return Err(EngineError::InvalidRequest(format!(
                "Member '{member_id}' of group '{group}' is not running (it crashed or stopped)."
            )));
        }
        Ok(m)
    }

    pub(super) fn join_group(
        &mut self,
        spec: MemberSpec,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if spec.group.trim().is_empty() {
            return Err(EngineError::InvalidRequest(
                "The configured groupId is invalid.".into(),
            ));
        }
        check_name("group", &spec.group)?;
        let cfg = &spec.config;
        // A group id names one type of group (`GroupMetadataManager.classicGroupJoin` answers
        // INCONSISTENT_GROUP_PROTOCOL, `getOrMaybeCreateConsumerGroup` GroupIdNotFound).
        if self.share_groups.contains_key(&spec.group) {
            return Err(match cfg.protocol {
                GroupProtocol::Classic if spec.assign.is_none() => {
                    EngineError::InconsistentGroupProtocol(format!(
                        "group {} is a share group; a consumer cannot join it",
                        spec.group
                    ))
                }
                _ => EngineError::WrongGroupType(format!(
                    "Group {} is not a consumer group.",
                    spec.group
                )),
            });
        }
        if !(MIN_SESSION_TIMEOUT_MS..=MAX_SESSION_TIMEOUT_MS).contains(&cfg.session_timeout_ms) {
            return Err(EngineError::InvalidRequest(
                "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms)."
                    .into(),
            ));
        }
        if cfg.max_poll_records == 0 {
            return Err(EngineError::InvalidConfig(
                "Invalid value 0 for configuration max.poll.records: Value must be at least 1"
                    .into(),
            ));
        }
        if cfg.processing_us > 60_000_000 {
            return Err(EngineError::Limit(
                "Processing time per record must be at most 60 seconds.".into(),
            ));
        }
        match &spec.assign {
            Some(parts) => {
                if parts.is_empty() {
                    return Err(EngineError::InvalidRequest(
                        "assign() needs at least one partition.".into(),
                    ));
                }
                for tp in parts {
                    let ok = self
                        .topics
                        .get(&tp.topic)
                        .is_some_and(|t| (tp.partition as usize) < t.partitions.len());
                    if !ok {
                        return Err(EngineError::UnknownPartition {
                            topic: tp.topic.clone(),
                            partition: tp.partition,
                        });
                    }
                }
            }
            None => check_subscription(&spec.topics)?,
        }
        if let Some(id) = &spec.member_id {
            check_name("member id", id)?;
        }
        if let Some(s) = &cfg.group_instance_id {
            check_name("group.instance.id", s)?;
        }
        let reads: Vec<String> = match &spec.assign {
            Some(parts) => parts.iter().map(|tp| tp.topic.clone()).collect(),
            None => spec.topics.clone(),
        };
        check_dead_letter(&self.topics, cfg, &reads)?;
        let existing = self.groups.get(&spec.group);
        if existing.is_none() && self.groups.len() >= MAX_GROUPS {
            return Err(EngineError::Limit(format!(
                "This playground holds at most {MAX_GROUPS} groups."
            )));
        }
        let mut static_old: Option<String> = None;
        if let Some(g) = existing {
            if g.members.len() >= MAX_MEMBERS_PER_GROUP {
                return Err(EngineError::Limit(format!(
                    "A group holds at most {MAX_MEMBERS_PER_GROUP} members here."
                )));
            }
            if let Some(id) = &spec.member_id {
                if g.members.contains_key(id) {
                    return Err(EngineError::InvalidRequest(format!(
                        "Member '{id}' is already in group '{}'.",
                        spec.group
                    )));
                }
            }
            // Protocols may mix (`group.consumer.migration.policy` = bidirectional, the
            // default): a consumer-protocol member upgrades a classic group, a classic member
            // joins a consumer group. Only classic members of a classic group must agree on an
            // assignor.
            if spec.assign.is_none()
                && !g.is_consumer_group()
                && cfg.protocol == GroupProtocol::Classic
            {
                if let Some(other) = g
                    .protocol_members()
                    .find(|m| m.config.assignor != cfg.assignor)
                {
                    return Err(EngineError::InconsistentGroupProtocol(format!(
                        "the group uses {} and this consumer offers only {}; {} would have to change too",
                        other.config.assignor.name(),
                        cfg.assignor.name(),
                        other.member_id
                    )));
                }
            }
            if let (None, Some(inst)) = (&spec.assign, &cfg.group_instance_id) {
                if let Some(old) = g
                    .members
                    .values()
                    .find(|m| m.config.group_instance_id.as_ref() == Some(inst))
                {
                    if old.config.protocol != cfg.protocol {
                        return Err(EngineError::InvalidRequest(format!(
                            "(playground) Static member {inst} of group {} runs the {} protocol; replacing it with a {} member is not modelled. Stop it and wait for its session to time out, or keep group.protocol={}.",
                            spec.group,
                            old.config.protocol.as_str(),
                            cfg.protocol.as_str(),
                            old.config.protocol.as_str()
                        )));
                    }
                    static_old = Some(old.member_id.clone());
                }
            }
        }
        // Valid: build the member (drawing its id from the RNG if needed).
        let mut config = spec.config.clone();
        if config.client_id.is_empty() || config.client_id == ConsumerConfig::default().client_id {
            self.client_seq += 1;
            config.client_id = format!("consumer-{}-{}", spec.group, self.client_seq);
        }
        let member_id = match spec.member_id {
            Some(id) => id,
            // The consumer protocol's client makes its own member id, a Kafka Uuid (KIP-1082);
            // the classic coordinator makes `<client.id>-<java UUID>`.
            None if config.protocol == GroupProtocol::Consumer && spec.assign.is_none() => {
                self.kafka_uuid()
            }
            None => format!("{}-{}", config.client_id, self.uuid()),
        };
        let member = Member {
            member_id: member_id.clone(),
            config,
            topics: spec.topics.clone(),
            manual: spec.assign.clone(),
            status: MemberStatus::Active,
            assignment: Vec::new(),
            assigned_generation: -1,
            positions: BTreeMap::new(),
            batch: Default::default(),
            joined: false,
            budget_us: 0,
            last_auto_commit: 0,
            last_poll: 0,
            poll_expired: false,
            modern: Default::default(),
            poll_cursor: 0,
            processed: 0,
            delivered: spec.capture.then(Vec::new),
            failures: Default::default(),
        };
        let group = spec.group.clone();
        self.groups
            .entry(group.clone())
            .or_insert_with(|| Group::new(&group));
        self.with_group(&group, ev, |g, ctx| match static_old {
            Some(old) => g.rejoin_static(&old, member, ctx),
            None => g.join(member, ctx),
        });
        Ok(())
    }

    /// `--reset-offsets` without `--execute`: the offsets it would set.
    pub fn plan_reset(
        &self,
        group: &str,
        topic: &str,
        partitions: Option<&[u32]>,
        to: &ResetTarget,
    ) -> Result<Vec<(TopicPartition, u64)>, EngineError> {
        if self.share_groups.contains_key(group) {
            return Err(EngineError::WrongGroupType(format!(
                "Group {group} is not a consumer group."
            )));
        }
        if let Some(g) = self.groups.get(group) {
            // ConsumerGroupCommand refuses unless the group is Empty (or Dead).
            if !matches!(g.state, GroupState::Empty | GroupState::Dead) {
                return Err(EngineError::GroupActive {
                    group: group.to_string(),
                    state: g.state,
                });
            }
        }
        let committed = self.groups.get(group).map(|g| &g.committed);
        self.reset_targets(topic, partitions, to, |tp| {
            committed.and_then(|c| c.get(tp).copied())
        })
    }

    /// The offsets a reset of `topic` (all partitions or some) to `to` gives, from each
    /// partition's current offset (`None`: the log end).
    pub(super) fn reset_targets(
        &self,
        topic: &str,
        partitions: Option<&[u32]>,
        to: &ResetTarget,
        current: impl Fn(&TopicPartition) -> Option<u64>,
    ) -> Result<Vec<(TopicPartition, u64)>, EngineError> {
        let t = self.topic(topic)?;
        let n = t.partitions.len() as u32;
        let parts: Vec<u32> = match partitions {
            Some(ps) => {
                for &p in ps {
                    if p >= n {
                        return Err(EngineError::UnknownPartition {
                            topic: topic.into(),
                            partition: p,
                        });
                    }
                }
                ps.to_vec()
            }
            None => (0..n).collect(),
        };
        let mut out = Vec::new();
        for p in parts {
            let tp = TopicPartition::new(topic, p);
            let (start, end) = log_bounds(&self.topics, &tp);
            let current = current(&tp).unwrap_or(end);
            let target = match to {
                ResetTarget::Earliest => start,
                ResetTarget::Latest => end,
                // ConsumerGroupCommand clamps requested offsets into the log's range.
                ResetTarget::Offset(o) => (*o).clamp(start, end),
                ResetTarget::ShiftBy(d) => {
                    (current as i128 + *d as i128).clamp(start as i128, end as i128) as u64
                }
                ResetTarget::Datetime(ts) => t
                    .partitions
                    .get(p as usize)
                    .and_then(|ps| {
                        ps.log
                            .records
                            .iter()
                            .find(|r| r.timestamp >= *ts)
                            .map(|r| r.offset)
                    })
                    .unwrap_or(end),
            };
            out.push((tp, target));
        }
        Ok(out)
    }
}

pub(super) fn check_subscription(topics: &[String]) -> Result<(), EngineError> {
    if topics.is_empty() {
        return Err(EngineError::InvalidRequest(
            "A consumer must subscribe to at least one topic.".into(),
        ));
    }
    for t in topics {
        if t.trim().is_empty() {
            return Err(EngineError::InvalidRequest(
                "Topic collection to subscribe to cannot contain null or empty topic".into(),
            ));
        }
    }
    Ok(())
}
