//! Share groups (KIP-932, "queues for Kafka", production-ready in Kafka 4.2): many consumers
//! read the same partition, each record goes to one of them and is acknowledged one by one.
//!
//! - The group coordinator (`GroupMetadataManager`, `ShareGroup`): members join with
//!   `ShareGroupHeartbeat`, the group epoch moves, the `simple` assignor computes a target
//!   assignment (several members per partition when members outnumber partitions) at most once
//!   per `group.share.assignment.interval.ms`, and members take it at their next heartbeat; no
//!   revocation is ever needed, since partitions are shared. A member silent for
//!   `share.session.timeout.ms` (45 s) is removed.
//! - The partition leader keeps each share-partition's records and their states
//!   ([`partition::SharePartition`]).
//! - Each member's consumer (`ShareConsumerImpl`) fetches (acquiring records), processes them
//!   and acknowledges them at its next poll: implicitly (everything ACCEPTed) or explicitly
//!   (a failed record RELEASEd or REJECTed, as the consumer is set up).
//!
//! Group-level settings (`share.auto.offset.reset`, `share.record.lock.duration.ms`,
//! `share.delivery.count.limit`, `share.partition.max.record.locks`) are dynamic group configs
//! (`kafka-configs --entity-type groups`), kept by the world per group id.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::event::EventKind;
use super::group::{log_bounds, Ctx, MemberStatus};
use super::TopicPartition;

pub mod assignor;
mod consumer;
pub mod partition;

pub use partition::{AckType, RecordState, SharePartition};

/// `group.share.session.timeout.ms` (and the group config `share.session.timeout.ms`).
pub const SHARE_SESSION_TIMEOUT_MS: u64 = 45_000;
/// `group.share.heartbeat.interval.ms`.
pub const SHARE_HEARTBEAT_INTERVAL_MS: u64 = 5_000;
/// `group.share.assignment.interval.ms` (new in 4.3).
pub const SHARE_ASSIGNMENT_INTERVAL_MS: u64 = 1_000;
/// `group.share.max.size`.
pub const SHARE_GROUP_MAX_SIZE: usize = 200;

/// `share.auto.offset.reset` (`ShareGroupAutoOffsetResetStrategy`): where a share-partition
/// starts when the group first reads it. Default `latest`: records written before are never
/// delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShareOffsetReset {
    Earliest,
    #[default]
    Latest,
}

impl ShareOffsetReset {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareOffsetReset::Earliest => "earliest",
            ShareOffsetReset::Latest => "latest",
        }
    }
}

/// The dynamic group configs a share group reads (`GroupConfig`), with their defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareSettings {
    pub auto_offset_reset: ShareOffsetReset,
    /// `share.record.lock.duration.ms`: 30 s, between 15 s and 60 s.
    pub lock_ms: u64,
    /// `share.delivery.count.limit`: 5, between 2 and 10.
    pub delivery_limit: u32,
    /// `share.partition.max.record.locks`: 2000, between 100 and 4000.
    pub max_locks: u64,
}

impl Default for ShareSettings {
    fn default() -> Self {
        ShareSettings {
            auto_offset_reset: ShareOffsetReset::Latest,
            lock_ms: 30_000,
            delivery_limit: 5,
            max_locks: 2_000,
        }
    }
}

/// The group configs `kafka-configs --entity-type groups` accepts for a share group, with the
/// bounds `GroupConfig.validateValues` enforces (the broker's min/max settings, defaults).
pub const SHARE_GROUP_CONFIGS: &[&str] = &[
    "share.auto.offset.reset",
    "share.delivery.count.limit",
    "share.partition.max.record.locks",
    "share.record.lock.duration.ms",
];

impl ShareSettings {
    /// Sets one group config, as `GroupConfig.validate` checks it. Errors are Kafka's
    /// `InvalidConfigurationException` / `ConfigException` messages.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let int = |v: &str| -> Result<i64, String> {
            v.trim().parse::<i64>().map_err(|_| {
                format!("Invalid value {v} for configuration {name}: Not a number of type INT")
            })
        };
        match name {
            "share.auto.offset.reset" => {
                self.auto_offset_reset = match value.trim().to_ascii_lowercase().as_str() {
                    "earliest" => ShareOffsetReset::Earliest,
                    "latest" => ShareOffsetReset::Latest,
                    v if v.starts_with("by_duration:") => {
                        return Err(format!(
                            "Invalid value `{value}` for configuration share.auto.offset.reset: by_duration is not modelled by the playground; use 'earliest' or 'latest'."
                        ))
                    }
                    _ => return Err(format!(
                        "Invalid value `{value}` for configuration share.auto.offset.reset. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'."
                    )),
                }
            }
            "share.record.lock.duration.ms" => {
                let v = int(value)?;
                if v < 15_000 {
                    return Err("share.record.lock.duration.ms must be greater than or equal to group.share.min.record.lock.duration.ms".into());
                }
                if v > 60_000 {
                    return Err("share.record.lock.duration.ms must be less than or equal to group.share.max.record.lock.duration.ms".into());
                }
                self.lock_ms = v as u64;
            }
            "share.delivery.count.limit" => {
                let v = int(value)?;
                if v < 2 {
                    return Err("share.delivery.count.limit must be greater than or equal to group.share.min.delivery.count.limit".into());
                }
                if v > 10 {
                    return Err("share.delivery.count.limit must be less than or equal to group.share.max.delivery.count.limit".into());
                }
                self.delivery_limit = v as u32;
            }
            "share.partition.max.record.locks" => {
                let v = int(value)?;
                if v < 100 {
                    return Err("share.partition.max.record.locks must be greater than or equal to group.share.min.partition.max.record.locks".into());
                }
                if v > 4_000 {
                    return Err("share.partition.max.record.locks must be less than or equal to group.share.max.partition.max.record.locks".into());
                }
                self.max_locks = v as u64;
            }
            _ => return Err(format!("Unknown group config name: {name}")),
        }
        Ok(())
    }

    /// Back to the default (`--delete-config`).
    pub fn unset(&mut self, name: &str) -> Result<(), String> {
        let d = ShareSettings::default();
        match name {
            "share.auto.offset.reset" => self.auto_offset_reset = d.auto_offset_reset,
            "share.record.lock.duration.ms" => self.lock_ms = d.lock_ms,
            "share.delivery.count.limit" => self.delivery_limit = d.delivery_limit,
            "share.partition.max.record.locks" => self.max_locks = d.max_locks,
            _ => return Err(format!("Unknown group config name: {name}")),
        }
        Ok(())
    }

    /// Every share group config's current value, as `kafka-configs --describe` lists them.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "share.auto.offset.reset",
                self.auto_offset_reset.as_str().into(),
            ),
            (
                "share.delivery.count.limit",
                self.delivery_limit.to_string(),
            ),
            (
                "share.partition.max.record.locks",
                self.max_locks.to_string(),
            ),
            ("share.record.lock.duration.ms", self.lock_ms.to_string()),
        ]
    }
}

/// `share.acknowledgement.mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AckMode {
    /// Everything a poll returned is ACCEPTed at the next poll.
    #[default]
    Implicit,
    /// The application acknowledges each record.
    Explicit,
}

impl AckMode {
    pub fn as_str(self) -> &'static str {
        match self {
            AckMode::Implicit => "implicit",
            AckMode::Explicit => "explicit",
        }
    }
}

/// A share consumer's settings: the client configs that matter here, and the playground's
/// processing model (time per record, which records fail, what an explicit consumer does with a
/// failure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareConsumerConfig {
    pub client_id: String,
    /// `max.poll.records` (500).
    pub max_poll_records: u32,
    pub ack_mode: AckMode,
    /// Simulated processing time per record, in microseconds (0: instant).
    pub processing_us: u64,
    /// Records with exactly this key fail processing every time (a poison record).
    pub fail_key: Option<String>,
    /// Share of records, 0–100, that fail processing every time.
    pub fail_percent: u32,
    /// What an explicit consumer sends for a failed record: RELEASE (try again) or REJECT.
    /// An implicit consumer cannot say: the next poll ACCEPTs it like the rest.
    pub on_failure: AckType,
}

impl Default for ShareConsumerConfig {
    fn default() -> Self {
        ShareConsumerConfig {
            client_id: String::new(),
            max_poll_records: 500,
            ack_mode: AckMode::Implicit,
            processing_us: 0,
            fail_key: None,
            fail_percent: 0,
            on_failure: AckType::Release,
        }
    }
}

/// `ShareGroup.ShareGroupState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ShareGroupState {
    Empty,
    Stable,
}

impl ShareGroupState {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareGroupState::Empty => "Empty",
            ShareGroupState::Stable => "Stable",
        }
    }
}

/// A record a member acquired and has not acknowledged yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub tp: TopicPartition,
    pub offset: u64,
    pub delivery_count: u32,
}

#[derive(Clone, Debug)]
pub struct ShareMember {
    pub member_id: String,
    pub topics: Vec<String>,
    pub config: ShareConsumerConfig,
    pub status: MemberStatus,
    pub epoch: i32,
    pub assignment: Vec<TopicPartition>,
    pub next_heartbeat: u64,
    /// Acquired by the last poll and not processed yet.
    pub in_hand: VecDeque<Held>,
    /// Processed, with the acknowledgement the next poll sends.
    pub pending_acks: Vec<(TopicPartition, u64, AckType)>,
    pub budget_us: u64,
    pub poll_cursor: usize,
    pub processed: u64,
    pub failed: u64,
    /// Acknowledgements the broker refused because the record's lock had expired.
    pub acks_refused: u64,
    /// When set (console share consumers), each record processed is kept here for the tool,
    /// with its delivery count, whether it was accepted or failed.
    pub delivered: Option<Vec<(TopicPartition, u64, u32)>>,
}

impl ShareMember {
    pub fn is_active(&self) -> bool {
        self.status == MemberStatus::Active
    }
    pub fn label(&self) -> String {
        super::view::member_label(&self.member_id, &self.config.client_id)
    }
}

#[derive(Clone, Debug)]
pub struct ShareGroup {
    pub name: String,
    pub state: ShareGroupState,
    pub group_epoch: i32,
    pub assignment_epoch: i32,
    pub assigned_at: Option<u64>,
    pub members: BTreeMap<String, ShareMember>,
    /// The target assignment of `assignment_epoch`.
    pub target: BTreeMap<String, Vec<TopicPartition>>,
    /// Share-partitions the group has state for (initialised when first assigned).
    pub partitions: BTreeMap<TopicPartition, SharePartition>,
    /// Partition counts of the subscribed topics at the last assignment.
    pub topic_sizes: BTreeMap<String, u32>,
    /// The highest offset processed so far per partition and key, to see keys go out of order.
    pub last_by_key: BTreeMap<(TopicPartition, u32), u64>,
    /// Records processed after a later record of the same key had been processed.
    pub out_of_order: u64,
}

impl ShareGroup {
    pub fn new(name: &str) -> Self {
        ShareGroup {
            name: name.to_string(),
            state: ShareGroupState::Empty,
            group_epoch: 0,
            assignment_epoch: 0,
            assigned_at: None,
            members: BTreeMap::new(),
            target: BTreeMap::new(),
            partitions: BTreeMap::new(),
            topic_sizes: BTreeMap::new(),
            last_by_key: BTreeMap::new(),
            out_of_order: 0,
        }
    }

    /// Topics any member subscribes to.
    pub fn subscribed(&self) -> Vec<String> {
        let mut t: Vec<String> = self
            .members
            .values()
            .flat_map(|m| m.topics.iter().cloned())
            .collect();
        t.sort();
        t.dedup();
        t
    }

    fn bump_epoch(&mut self, reason: String, ctx: &mut Ctx) {
        self.group_epoch += 1;
        self.state = if self.members.is_empty() {
            ShareGroupState::Empty
        } else {
            ShareGroupState::Stable
        };
        ctx.emit(EventKind::GroupEpochBumped {
            group: self.name.clone(),
            epoch: self.group_epoch,
            reason,
        });
    }

    /// `ShareGroupHeartbeat` with member epoch 0: a member joins.
    pub fn join(&mut self, member: ShareMember, ctx: &mut Ctx) {
        let id = member.member_id.clone();
        ctx.emit(EventKind::MemberJoined {
            group: self.name.clone(),
            member_id: id.clone(),
            client_id: member.config.client_id.clone(),
            static_id: None,
        });
        self.members.insert(id.clone(), member);
        self.bump_epoch(format!("member {id} joined"), ctx);
    }

    /// `close()`: acknowledge what was processed, release what was not, leave.
    pub fn leave(&mut self, member_id: &str, settings: &ShareSettings, ctx: &mut Ctx) {
        self.send_acks(member_id, settings, ctx);
        self.release_member(member_id, settings, "it left the group", ctx);
        if self.members.remove(member_id).is_some() {
            ctx.emit(EventKind::MemberLeft {
                group: self.name.clone(),
                member_id: member_id.to_string(),
            });
            self.target.remove(member_id);
            self.bump_epoch(format!("member {member_id} left"), ctx);
        }
    }

    /// The process dies: its connections close, so the partition leaders release what it
    /// held at once (`SharePartitionManager.releaseSession` on disconnect); the coordinator
    /// only removes it when its session times out.
    pub fn crash(&mut self, member_id: &str, settings: &ShareSettings, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(member_id) else {
            return;
        };
        m.status = MemberStatus::Crashed { since: ctx.now };
        m.in_hand.clear();
        m.pending_acks.clear();
        ctx.emit(EventKind::MemberCrashed {
            group: self.name.clone(),
            member_id: member_id.to_string(),
        });
        self.release_member(member_id, settings, "its connection closed", ctx);
    }

    fn release_member(
        &mut self,
        member_id: &str,
        settings: &ShareSettings,
        why: &str,
        ctx: &mut Ctx,
    ) {
        for (tp, sp) in self.partitions.iter_mut() {
            let released = sp.release_member(member_id, settings.delivery_limit);
            report_released(&self.name, tp, released, why, settings.delivery_limit, ctx);
        }
    }

    /// One tick: locks that expired, sessions that timed out, the target assignment, heartbeats,
    /// then every member's consumer.
    pub fn tick(&mut self, settings: &ShareSettings, ctx: &mut Ctx) {
        // Acquisition locks.
        for (tp, sp) in self.partitions.iter_mut() {
            let released = sp.expire_locks(ctx.now, settings.delivery_limit);
            report_released(
                &self.name,
                tp,
                released,
                "its acquisition lock expired",
                settings.delivery_limit,
                ctx,
            );
            // Retention moved the log start past records the group had not finished.
            let (log_start, _) = log_bounds(ctx.topics, tp);
            let lost = sp.move_start_to(log_start);
            if lost > 0 {
                ctx.emit(EventKind::ShareRecordsArchived {
                    group: self.name.clone(),
                    partition: tp.clone(),
                    offsets: Vec::new(),
                    count: lost,
                    reason: "retention removed them from the log before they were acknowledged"
                        .into(),
                });
            }
        }
        // Sessions.
        let expired: Vec<String> = self
            .members
            .values()
            .filter(|m| match m.status {
                MemberStatus::Crashed { since } | MemberStatus::Stopped { since } => {
                    ctx.now >= since + SHARE_SESSION_TIMEOUT_MS
                }
                MemberStatus::Active => false,
            })
            .map(|m| m.member_id.clone())
            .collect();
        for id in expired {
            self.members.remove(&id);
            self.target.remove(&id);
            ctx.emit(EventKind::MemberExpired {
                group: self.name.clone(),
                member_id: id.clone(),
                session_timeout_ms: SHARE_SESSION_TIMEOUT_MS,
            });
            self.bump_epoch(format!("member {id}'s session timed out"), ctx);
        }
        // Topic metadata: a subscribed topic's partitions changed.
        let sizes = self.topic_sizes_now(ctx);
        if sizes != self.topic_sizes && !self.members.is_empty() {
            self.topic_sizes = sizes;
            self.bump_epoch("the subscribed topics' partitions changed".into(), ctx);
        }
        // The target assignment, at most once per assignment interval.
        if self.assignment_epoch < self.group_epoch
            && self
                .assigned_at
                .is_none_or(|t| ctx.now >= t + SHARE_ASSIGNMENT_INTERVAL_MS)
        {
            self.compute_target(settings, ctx);
        }
        // Heartbeats: members take the target assignment.
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in &ids {
            self.heartbeat(id, ctx);
        }
        for id in &ids {
            self.run_member(id, settings, ctx);
        }
    }

    fn topic_sizes_now(&self, ctx: &Ctx) -> BTreeMap<String, u32> {
        self.subscribed()
            .into_iter()
            .filter_map(|t| {
                ctx.topics
                    .get(&t)
                    .map(|topic| (t, topic.partitions.len() as u32))
            })
            .collect()
    }

    fn compute_target(&mut self, settings: &ShareSettings, ctx: &mut Ctx) {
        self.topic_sizes = self.topic_sizes_now(ctx);
        let partitions: Vec<TopicPartition> = self
            .topic_sizes
            .iter()
            .flat_map(|(t, &n)| (0..n).map(move |p| TopicPartition::new(t.clone(), p)))
            .collect();
        let current: Vec<(String, Vec<TopicPartition>)> = self
            .members
            .values()
            .map(|m| {
                (
                    m.member_id.clone(),
                    self.target.get(&m.member_id).cloned().unwrap_or_default(),
                )
            })
            .collect();
        self.target = assignor::assign(&current, &partitions);
        self.assignment_epoch = self.group_epoch;
        self.assigned_at = Some(ctx.now);
        // Initialise the share-partitions that are assigned for the first time
        // (`SharePartition.startOffsetDuringInitialization`).
        for tp in self.target.values().flatten() {
            if self.partitions.contains_key(tp) {
                continue;
            }
            let (start, hw) = log_bounds(ctx.topics, tp);
            let from = match settings.auto_offset_reset {
                ShareOffsetReset::Earliest => start,
                ShareOffsetReset::Latest => hw,
            };
            self.partitions
                .insert(tp.clone(), SharePartition::new(from));
        }
        ctx.emit(EventKind::TargetAssignmentComputed {
            group: self.name.clone(),
            epoch: self.assignment_epoch,
            assignor: "simple".into(),
            members: self.members.len(),
        });
    }

    /// A member's heartbeat, when due: it takes the target assignment (share groups never
    /// revoke first: a partition may be read by several members at once).
    fn heartbeat(&mut self, id: &str, ctx: &mut Ctx) {
        let epoch = self.assignment_epoch;
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        if !m.is_active() || ctx.now < m.next_heartbeat {
            return;
        }
        m.next_heartbeat = ctx.now + SHARE_HEARTBEAT_INTERVAL_MS;
        if m.epoch == epoch || !self.target.contains_key(id) {
            return;
        }
        let target = self.target.get(id).cloned().unwrap_or_default();
        m.epoch = epoch;
        if target != m.assignment {
            m.assignment = target.clone();
            m.poll_cursor = 0;
            ctx.emit(EventKind::ShareAssignment {
                group: self.name.clone(),
                member_id: id.to_string(),
                epoch,
                partitions: target,
            });
        }
    }

    /// `kafka-share-groups --reset-offsets --execute`: new start offsets, nothing in flight.
    pub fn reset(&mut self, offsets: &[(TopicPartition, u64)]) {
        self.last_by_key
            .retain(|(tp, _), _| offsets.iter().all(|(t, _)| t != tp));
        for (tp, o) in offsets {
            self.partitions
                .entry(tp.clone())
                .or_insert_with(|| SharePartition::new(*o))
                .reset(*o);
        }
    }

    /// The group's lag on one partition as `kafka-share-groups --describe` reports it:
    /// `high watermark - start offset - records done above the start`
    /// (`GroupCoordinatorService.readShareGroupStateSummary`).
    pub fn lag(&self, tp: &TopicPartition, hw: u64) -> Option<u64> {
        let sp = self.partitions.get(tp)?;
        let done = sp
            .in_flight
            .iter()
            .filter(|(&o, r)| o >= sp.start && r.state.is_terminal())
            .count() as u64;
        Some(hw.saturating_sub(sp.start).saturating_sub(done))
    }
}

/// Reports records whose lock expired or whose holder went away.
fn report_released(
    group: &str,
    tp: &TopicPartition,
    released: Vec<partition::Released>,
    why: &str,
    limit: u32,
    ctx: &mut Ctx,
) {
    if released.is_empty() {
        return;
    }
    let (archived, available): (Vec<_>, Vec<_>) = released
        .into_iter()
        .partition(|r| r.state == RecordState::Archived);
    if !available.is_empty() {
        ctx.emit(EventKind::ShareRecordsReleased {
            group: group.to_string(),
            partition: tp.clone(),
            member_id: available[0].owner.clone(),
            offsets: available.iter().map(|r| r.offset).take(50).collect(),
            count: available.len() as u64,
            reason: why.to_string(),
        });
    }
    if !archived.is_empty() {
        ctx.emit(EventKind::ShareRecordsArchived {
            group: group.to_string(),
            partition: tp.clone(),
            offsets: archived.iter().map(|r| r.offset).take(50).collect(),
            count: archived.len() as u64,
            reason: format!(
                "{why} after {} deliveries (share.delivery.count.limit is {limit})",
                archived[0].delivery_count
            ),
        });
    }
}
