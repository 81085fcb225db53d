//! Share groups as the world runs them: joining, ticking, group configs, resets and deletion.

use std::collections::BTreeMap;

use super::super::event::EventKind;
use super::super::group::{Ctx, MemberStatus};
use super::super::share_group::{ShareGroup, ShareMember, ShareSettings, SHARE_GROUP_MAX_SIZE};
use super::super::{EngineError, ResetTarget, ShareMemberSpec, TopicPartition};
use super::groups::check_subscription;
use super::{check_name, World, MAX_GROUPS, TICK_MS};

impl World {
    /// Runs `f` on one share group with its settings and a context over the world.
    pub(super) fn with_share_group(
        &mut self,
        group: &str,
        ev: &mut Vec<(u64, EventKind)>,
        f: impl FnOnce(&mut ShareGroup, &ShareSettings, &mut Ctx),
    ) {
        let World {
            share_groups,
            group_configs,
            topics,
            keys,
            now,
            ..
        } = self;
        let Some(g) = share_groups.get_mut(group) else {
            return;
        };
        let settings = group_configs.get(group).copied().unwrap_or_default();
        let mut dead_letters = Vec::new();
        let mut ctx = Ctx {
            topics,
            keys,
            now: *now,
            tick_ms: TICK_MS,
            events: ev,
            dead_letters: &mut dead_letters,
        };
        f(g, &settings, &mut ctx);
    }

    pub(super) fn run_share_groups(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let names: Vec<String> = self.share_groups.keys().cloned().collect();
        for name in names {
            self.with_share_group(&name, ev, |g, s, ctx| g.tick(s, ctx));
        }
    }

    /// `KafkaShareConsumer.subscribe` then its first `ShareGroupHeartbeat`.
    pub(super) fn join_share_group(
        &mut self,
        spec: ShareMemberSpec,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if spec.group.trim().is_empty() {
            return Err(EngineError::InvalidRequest(
                "The configured groupId is invalid.".into(),
            ));
        }
        check_name("group", &spec.group)?;
        check_subscription(&spec.topics)?;
        let cfg = &spec.config;
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
        if cfg.fail_percent > 100 {
            return Err(EngineError::InvalidConfig(format!(
                "The share of records that fail must be between 0 and 100 percent, not {}.",
                cfg.fail_percent
            )));
        }
        if let Some(id) = &spec.member_id {
            check_name("member id", id)?;
        }
        // `GroupMetadataManager.getOrMaybeCreateShareGroup`: a group id names one group type.
        if self.groups.contains_key(&spec.group) {
            return Err(EngineError::WrongGroupType(format!(
                "Group {} is not a share group.",
                spec.group
            )));
        }
        match self.share_groups.get(&spec.group) {
            Some(g) => {
                if g.members.len() >= SHARE_GROUP_MAX_SIZE {
                    return Err(EngineError::Limit(format!(
                        "The share group has reached its maximum capacity of {SHARE_GROUP_MAX_SIZE} members."
                    )));
                }
                // Only the homogeneous builder is ported: every member subscribes alike.
                let mut mine = spec.topics.clone();
                mine.sort();
                mine.dedup();
                if !g.members.is_empty() && g.subscribed() != mine {
                    return Err(EngineError::InvalidRequest(format!(
                        "(playground) The members of share group {} subscribe to {}; members with other subscriptions (Kafka's SimpleHeterogeneousAssignmentBuilder) are not modelled here. Subscribe to the same topics, or use another group.",
                        spec.group,
                        g.subscribed().join(",")
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
            }
            None if self.groups.len() + self.share_groups.len() >= MAX_GROUPS => {
                return Err(EngineError::Limit(format!(
                    "This playground holds at most {MAX_GROUPS} groups."
                )));
            }
            None => {}
        }
        let mut config = spec.config.clone();
        if config.client_id.is_empty() {
            self.client_seq += 1;
            config.client_id = format!("consumer-{}-{}", spec.group, self.client_seq);
        }
        // The share consumer makes its own member id, a Kafka Uuid (`ShareMembershipManager`).
        let member_id = match spec.member_id {
            Some(id) => id,
            None => self.kafka_uuid(),
        };
        let member = ShareMember {
            member_id,
            topics: spec.topics.clone(),
            config,
            status: MemberStatus::Active,
            epoch: 0,
            assignment: Vec::new(),
            next_heartbeat: self.now,
            in_hand: Default::default(),
            pending_acks: Vec::new(),
            budget_us: 0,
            poll_cursor: 0,
            processed: 0,
            failed: 0,
            acks_refused: 0,
            delivered: spec.capture.then(Vec::new),
        };
        let group = spec.group.clone();
        self.share_groups
            .entry(group.clone())
            .or_insert_with(|| ShareGroup::new(&group));
        self.with_share_group(&group, ev, |g, _, ctx| g.join(member, ctx));
        Ok(())
    }

    /// The share group `group` has a running member `member_id`.
    pub(super) fn active_share_member(
        &self,
        group: &str,
        member_id: &str,
    ) -> Result<(), EngineError> {
        let g = self
            .share_groups
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
        Ok(())
    }

    /// `kafka-configs --entity-type groups --alter`: share group configs, kept by group id
    /// whether or not the group exists yet. All changes are checked before any applies.
    pub(super) fn alter_group_config(
        &mut self,
        group: &str,
        set: &[(String, String)],
        delete: &[String],
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        check_name("group", group)?;
        let mut s = self.group_configs.get(group).copied().unwrap_or_default();
        for (k, v) in set {
            s.set(k, v).map_err(EngineError::InvalidConfig)?;
        }
        for k in delete {
            s.unset(k).map_err(EngineError::InvalidConfig)?;
        }
        if s == ShareSettings::default() {
            self.group_configs.remove(group);
        } else {
            self.group_configs.insert(group.to_string(), s);
        }
        for (k, v) in set {
            ev.push((
                self.now,
                EventKind::GroupConfigChanged {
                    group: group.to_string(),
                    name: k.clone(),
                    value: Some(v.clone()),
                },
            ));
        }
        for k in delete {
            ev.push((
                self.now,
                EventKind::GroupConfigChanged {
                    group: group.to_string(),
                    name: k.clone(),
                    value: None,
                },
            ));
        }
        Ok(())
    }

    /// The share group configs of a group id (defaults when none was set).
    pub fn share_settings(&self, group: &str) -> ShareSettings {
        self.group_configs.get(group).copied().unwrap_or_default()
    }

    /// Group ids with share group configs set.
    pub fn configured_groups(&self) -> Vec<String> {
        self.group_configs.keys().cloned().collect()
    }

    /// `kafka-share-groups --reset-offsets`: the start offsets it would set. The group must
    /// have no members (`Share group 'g' is not empty.`).
    pub fn plan_share_reset(
        &self,
        group: &str,
        topic: &str,
        partitions: Option<&[u32]>,
        to: &ResetTarget,
    ) -> Result<Vec<(TopicPartition, u64)>, EngineError> {
        if self.groups.contains_key(group) {
            return Err(EngineError::WrongGroupType(format!(
                "Group {group} is not a share group."
            )));
        }
        if self
            .share_groups
            .get(group)
            .is_some_and(|g| !g.members.is_empty())
        {
            return Err(EngineError::InvalidRequest(format!(
                "Share group '{group}' is not empty."
            )));
        }
        self.reset_targets(topic, partitions, to, |tp| {
            self.share_groups
                .get(group)
                .and_then(|g| g.partitions.get(tp))
                .map(|sp| sp.start)
        })
    }

    pub(super) fn reset_share_offsets(
        &mut self,
        group: &str,
        plan: Vec<(TopicPartition, u64)>,
        ev: &mut Vec<(u64, EventKind)>,
    ) {
        self.share_groups
            .entry(group.to_string())
            .or_insert_with(|| ShareGroup::new(group))
            .reset(&plan);
        ev.push((
            self.now,
            EventKind::OffsetsReset {
                group: group.to_string(),
                offsets: plan,
            },
        ));
    }

    pub(super) fn delete_share_group(
        &mut self,
        group: &str,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let g = self
            .share_groups
            .get(group)
            .ok_or_else(|| EngineError::UnknownGroup(group.to_string()))?;
        if !g.members.is_empty() {
            return Err(EngineError::GroupNotEmpty(group.to_string()));
        }
        self.share_groups.remove(group);
        ev.push((
            self.now,
            EventKind::GroupDeleted {
                group: group.to_string(),
            },
        ));
        Ok(())
    }

    /// The share group named `name`.
    pub fn share_group(&self, name: &str) -> Option<&ShareGroup> {
        self.share_groups.get(name)
    }

    pub fn share_group_names(&self) -> Vec<String> {
        self.share_groups.keys().cloned().collect()
    }

    /// Takes the records a capturing share member processed since the last call, with their
    /// delivery counts.
    pub fn take_share_delivered(
        &mut self,
        group: &str,
        member_id: &str,
    ) -> Vec<(TopicPartition, u64, u32)> {
        let Some(list) = self
            .share_groups
            .get_mut(group)
            .and_then(|g| g.members.get_mut(member_id))
            .and_then(|m| m.delivered.as_mut())
            .filter(|l| !l.is_empty())
        else {
            return Vec::new();
        };
        let taken = std::mem::take(list);
        // Taking changes the world (the member captures again), so replay must take too
        // (`take_delivered` replays it for a share group).
        self.journal.push(super::super::Input::TakeDelivered {
            group: group.to_string(),
            member_id: member_id.to_string(),
        });
        taken
    }

    /// Every share group's settings for ticking (used by views).
    pub fn share_groups_map(&self) -> &BTreeMap<String, ShareGroup> {
        &self.share_groups
    }
}

impl World {
    /// The share group `name` as the page shows it.
    pub fn share_group_view(&self, name: &str) -> Option<crate::engine::ShareGroupView> {
        use crate::engine::{
            MemberStatusView, RecordState, ShareGroupView, ShareMemberView, SharePartitionView,
            ShareRecordView, SHARE_RECORDS_SHOWN,
        };
        let g = self.share_groups.get(name)?;
        let members = g
            .members
            .values()
            .map(|m| ShareMemberView {
                member_id: m.member_id.clone(),
                client_id: m.config.client_id.clone(),
                topics: m.topics.clone(),
                status: MemberStatusView::from(m.status),
                epoch: m.epoch,
                assignment: m.assignment.clone(),
                ack_mode: m.config.ack_mode,
                on_failure: m.config.on_failure,
                processing_us: m.config.processing_us,
                max_poll_records: m.config.max_poll_records,
                holding: g
                    .partitions
                    .values()
                    .map(|sp| sp.held_by(&m.member_id) as u64)
                    .sum(),
                processed: m.processed,
                failed: m.failed,
                acks_refused: m.acks_refused,
                fail_key: m.config.fail_key.clone(),
                fail_percent: m.config.fail_percent,
                session_expires_at: match m.status {
                    MemberStatus::Crashed { since } | MemberStatus::Stopped { since } => {
                        Some(since + super::super::share_group::SHARE_SESSION_TIMEOUT_MS)
                    }
                    MemberStatus::Active => None,
                },
            })
            .collect();
        let partitions = g
            .partitions
            .iter()
            .map(|(tp, sp)| {
                let (_, hw) = super::super::group::log_bounds(&self.topics, tp);
                let count = |s: RecordState| sp.count(s) as u64;
                SharePartitionView {
                    partition: tp.clone(),
                    start: sp.start,
                    next_fetch: sp.next_fetch,
                    high_watermark: hw,
                    lag: g.lag(tp, hw).unwrap_or(0),
                    available: count(RecordState::Available),
                    acquired: count(RecordState::Acquired),
                    done: count(RecordState::Acknowledged) + count(RecordState::Archived),
                    accepted_total: sp.accepted,
                    archived_total: sp.archived,
                    redeliveries: sp.redeliveries,
                    records: sp
                        .in_flight
                        .iter()
                        .take(SHARE_RECORDS_SHOWN)
                        .map(|(&offset, r)| ShareRecordView {
                            offset,
                            state: r.state,
                            delivery_count: r.delivery_count,
                            owner: (r.state == RecordState::Acquired).then(|| r.owner.clone()),
                            lock_until: (r.state == RecordState::Acquired).then_some(r.lock_until),
                        })
                        .collect(),
                }
            })
            .collect();
        Some(ShareGroupView {
            name: g.name.clone(),
            state: g.state,
            group_epoch: g.group_epoch,
            assignment_epoch: g.assignment_epoch,
            settings: self.share_settings(name),
            members,
            partitions,
            out_of_order: g.out_of_order,
        })
    }
}
