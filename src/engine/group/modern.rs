//! Consumer groups on the consumer protocol (KIP-848), as Kafka 4.3's group coordinator runs
//! them (`GroupMetadataManager.consumerGroupHeartbeat`, `ConsumerGroup`,
//! `CurrentAssignmentBuilder`, `TargetAssignmentBuilder`) and the client answers
//! (`ConsumerMembershipManager`, `AsyncKafkaConsumer`).
//!
//! - No stop-the-world: the coordinator keeps a **group epoch**, bumped when a member joins or
//!   leaves, a subscription changes or a subscribed topic changes. A server-side assignor
//!   (`uniform` by default, or `range`) computes the **target assignment** for that epoch, at
//!   most once per `group.consumer.assignment.interval.ms` (1 s), on the next heartbeat.
//! - Each member moves towards its target on its own heartbeats (every
//!   `group.consumer.heartbeat.interval.ms`, 5 s): first it gives up the partitions that move
//!   (UNREVOKED_PARTITIONS, at its old epoch), then it takes the new ones once their previous
//!   owners released them (UNRELEASED_PARTITIONS until then). A partition is never owned by two
//!   members; partitions that do not move are consumed throughout.
//! - The client revokes at its next `poll()`, after the batch in hand, as a consumer with a
//!   `ConsumerRebalanceListener` does (Spring Kafka always installs one); it commits first when
//!   auto-commit is on (`CommitRequestManager.maybeAutoCommitSyncBeforeRevocation`) and
//!   heartbeats at once to acknowledge.
//! - A member that keeps revoked partitions longer than its rebalance timeout
//!   (`max.poll.interval.ms`) is fenced; a silent member is removed after
//!   `group.consumer.session.timeout.ms` (45 s). Static members (`group.instance.id`) leave with
//!   epoch -2 and keep their partitions until then.
//!
//! Simplifications, stated: no regular-expression subscriptions, no racks; the coordinator
//! hears a member's heartbeat the instant it is sent (no request latency).

use std::collections::{BTreeMap, BTreeSet};

use super::super::assignor::server::{self, ServerAssignor};
use super::super::config::CommitMode;
use super::super::event::EventKind;
use super::super::TopicPartition;
use super::{Ctx, Group, GroupState, GroupType, MemberState};

/// Broker default `group.consumer.heartbeat.interval.ms`.
pub const CONSUMER_HEARTBEAT_INTERVAL_MS: u64 = 5_000;
/// Client default `heartbeat.interval.ms` of a classic member (in a consumer group it learns of
/// a new assignment through `REBALANCE_IN_PROGRESS` on its heartbeat, then rejoins).
pub const CLASSIC_HEARTBEAT_INTERVAL_MS: u64 = 3_000;
/// Broker default `group.consumer.session.timeout.ms` (the client's `session.timeout.ms` cannot
/// be set under this protocol).
pub const CONSUMER_SESSION_TIMEOUT_MS: u64 = 45_000;
/// Broker default `group.consumer.assignment.interval.ms` (Kafka 4.3): the least time between
/// two target assignments of one group.
pub const ASSIGNMENT_INTERVAL_MS: u64 = 1_000;

/// The coordinator's record of a consumer group (`ConsumerGroup`).
#[derive(Clone, Debug, Default)]
pub struct ModernGroup {
    pub group_epoch: i32,
    /// The epoch the target assignment was computed for.
    pub assignment_epoch: i32,
    /// The target assignment, per member.
    pub target: BTreeMap<String, BTreeSet<TopicPartition>>,
    /// When the target was last computed (`assignmentTimestamp`).
    pub assigned_at: Option<u64>,
    /// A subscribed topic changed: the next heartbeat bumps the group epoch (the coordinator's
    /// metadata image update marks the group's metadata as expired).
    pub metadata_changed: bool,
}

/// One member as the coordinator records it (`ConsumerGroupMember`), and its client's side.
#[derive(Clone, Debug, Default)]
pub struct ModernMember {
    pub epoch: i32,
    pub state: MemberState,
    /// The partitions the coordinator has given the member.
    pub assigned: BTreeSet<TopicPartition>,
    /// Partitions the member must give up before it can move on.
    pub pending_revocation: BTreeSet<TopicPartition>,
    /// Client: the assignment the last heartbeat response carried, not reconciled yet.
    pub received: Option<BTreeSet<TopicPartition>>,
    /// Client: when the next heartbeat is due.
    pub next_heartbeat: u64,
    /// Client: heartbeat at the next chance (joining, acknowledging, subscription changed).
    pub heartbeat_now: bool,
    /// Coordinator: the rebalance timeout of a member in UNREVOKED_PARTITIONS.
    pub revoke_by: Option<u64>,
}

impl ModernMember {
    /// `ModernGroupMember.isReconciledTo`.
    pub fn is_reconciled_to(&self, epoch: i32) -> bool {
        self.state == MemberState::Stable && self.epoch == epoch
    }
}

impl Group {
    pub fn is_consumer_group(&self) -> bool {
        self.kind == GroupType::Consumer
    }

    pub(super) fn bump_group_epoch(&mut self, reason: String, ctx: &mut Ctx) {
        self.modern.group_epoch += 1;
        self.generation = self.modern.group_epoch;
        ctx.emit(EventKind::GroupEpochBumped {
            group: self.name.clone(),
            epoch: self.modern.group_epoch,
            reason,
        });
    }

    /// A consumer-protocol member has just been added to the group: its first heartbeat
    /// (member epoch 0) subscribes it, which bumps the group epoch.
    pub(super) fn modern_join(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        m.modern = ModernMember {
            next_heartbeat: ctx.now,
            heartbeat_now: true,
            ..ModernMember::default()
        };
        self.bump_group_epoch(format!("{id} joined"), ctx);
        self.heartbeat(id, ctx);
        self.update_modern_state();
    }

    /// The member leaves the coordinator's record: its partitions are free at once (a static
    /// member's only after its session times out, which is when this runs for it).
    pub(super) fn modern_remove(&mut self, id: &str, reason: String, ctx: &mut Ctx) {
        self.modern.target.remove(id);
        // A member already gone from the map left with a leave heartbeat: only a
        // consumer-protocol member can leave a consumer group of classic members.
        let was_modern = self.members.get(id).is_none_or(|m| m.is_modern());
        if let Some(m) = self.members.get_mut(id) {
            m.modern = ModernMember::default();
        }
        self.bump_group_epoch(reason, ctx);
        self.update_modern_state();
        // Online downgrade (`validateOnlineDowngradeWithFencedMembers`): the last
        // consumer-protocol member left a group of classic members.
        let mut rest = self.members.values().filter(|m| m.in_protocol());
        let any = rest.clone().next().is_some();
        if was_modern && any && rest.all(|m| !m.is_modern()) {
            self.convert_to_classic(ctx);
        }
    }

    pub(super) fn has_members_other_than(&self, id: &str) -> bool {
        self.members
            .values()
            .any(|m| m.in_protocol() && m.member_id != id)
    }

    /// `ConsumerGroup.fromClassicGroup`: the classic members keep their assignment, at the
    /// classic generation as their epoch; the joining member `joining` is added after.
    pub(super) fn convert_to_consumer(&mut self, joining: &str, ctx: &mut Ctx) {
        let generation = self.generation;
        self.kind = GroupType::Consumer;
        self.rebalance = None;
        self.previous.clear();
        self.assignor = None;
        self.modern = ModernGroup {
            group_epoch: generation,
            assignment_epoch: generation,
            ..ModernGroup::default()
        };
        let ids: Vec<String> = self
            .members
            .values()
            .filter(|m| m.in_protocol() && m.member_id != joining)
            .map(|m| m.member_id.clone())
            .collect();
        for id in ids {
            let Some(m) = self.members.get_mut(&id) else {
                continue;
            };
            let assigned: BTreeSet<TopicPartition> = m.assignment.iter().cloned().collect();
            self.modern.target.insert(id.clone(), assigned.clone());
            m.joined = false;
            m.modern = ModernMember {
                epoch: generation,
                assigned,
                next_heartbeat: ctx.now,
                ..ModernMember::default()
            };
        }
        ctx.emit(EventKind::GroupConverted {
            group: self.name.clone(),
            to: GroupType::Consumer,
            reason: format!("{joining} joined with group.protocol=consumer (online upgrade); the classic members keep their partitions and move with the new protocol"),
        });
    }

    /// `convertToClassicGroup`: back to a classic group, then a rebalance.
    fn convert_to_classic(&mut self, ctx: &mut Ctx) {
        self.kind = GroupType::Classic;
        self.generation = self.modern.group_epoch;
        self.modern = ModernGroup::default();
        for m in self.members.values_mut() {
            m.modern = ModernMember::default();
            m.assigned_generation = self.generation;
        }
        self.state = GroupState::Stable;
        ctx.emit(EventKind::GroupConverted {
            group: self.name.clone(),
            to: GroupType::Classic,
            reason: "its last consumer-protocol member left and every other member speaks the classic protocol (online downgrade)".into(),
        });
        self.request_rebalance(
            "the group was converted to a classic group".into(),
            ctx.now,
            ctx.events,
        );
    }

    /// One tick of a consumer group (the members' work runs in `tick`).
    pub(super) fn modern_tick(&mut self, ctx: &mut Ctx) {
        // Rebalance timeouts: revoked partitions held too long.
        let fenced: Vec<(String, u64)> = self
            .members
            .values()
            .filter(|m| m.in_protocol())
            .filter(|m| m.modern.revoke_by.is_some_and(|t| ctx.now >= t))
            .map(|m| (m.member_id.clone(), m.config.max_poll_interval_ms))
            .collect();
        for (id, timeout) in fenced {
            ctx.emit(EventKind::MemberFenced {
                group: self.name.clone(),
                member_id: id.clone(),
                rebalance_timeout_ms: timeout,
            });
            // The client learns it is fenced on its next heartbeat: it drops its partitions
            // without committing (`onPartitionsLost`) and rejoins at epoch 0.
            if let Some(m) = self.members.get_mut(&id) {
                lose_partitions(m);
            }
            self.modern_remove(&id, format!("{id} was fenced"), ctx);
            if self.members.get(&id).is_some_and(|m| m.is_active()) {
                self.rejoin_after_poll_timeout(&id, ctx);
            }
        }
        // Heartbeats that are due.
        let due: Vec<String> = self
            .members
            .values()
            .filter(|m| m.in_protocol() && m.is_active())
            .filter(|m| m.modern.heartbeat_now || ctx.now >= m.modern.next_heartbeat)
            .map(|m| m.member_id.clone())
            .collect();
        for id in due {
            self.heartbeat(&id, ctx);
        }
        self.update_modern_state();
    }

    /// `consumerGroupHeartbeat` for one member, and the client reading the response.
    fn heartbeat(&mut self, id: &str, ctx: &mut Ctx) {
        if self.modern.metadata_changed {
            self.modern.metadata_changed = false;
            self.bump_group_epoch("the metadata of a subscribed topic changed".into(), ctx);
        }
        self.maybe_update_target(ctx);
        let epoch = self.modern.assignment_epoch;
        let target = self.modern.target.get(id).cloned().unwrap_or_default();
        // currentPartitionEpoch: who else holds each partition (assigned or pending revocation).
        let held_by_others: BTreeSet<TopicPartition> = self
            .members
            .values()
            .filter(|o| o.member_id != id && o.in_protocol())
            .flat_map(|o| o.modern.assigned.iter().chain(&o.modern.pending_revocation))
            .cloned()
            .collect();
        let name = self.name.clone();
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        let owned: BTreeSet<TopicPartition> = m.assignment.iter().cloned().collect();
        let subscribed: BTreeSet<&str> = m.topics.iter().map(String::as_str).collect();
        let before = (m.modern.epoch, m.modern.state, m.modern.assigned.clone());
        let joining = m.modern.epoch == 0 && m.modern.received.is_none();
        reconcile(
            &mut m.modern,
            epoch,
            &target,
            &subscribed,
            &owned,
            &held_by_others,
        );
        let mm = &mut m.modern;
        let changed = (mm.epoch, mm.state, &mm.assigned) != (before.0, before.1, &before.2);
        if changed {
            if mm.state == MemberState::UnrevokedPartitions {
                if before.1 != MemberState::UnrevokedPartitions {
                    mm.revoke_by = Some(ctx.now.saturating_add(m.config.max_poll_interval_ms));
                }
            } else {
                mm.revoke_by = None;
            }
            ctx.events.push((
                ctx.now,
                EventKind::MemberReconciled {
                    group: name,
                    member_id: id.to_string(),
                    epoch: mm.epoch,
                    state: mm.state,
                    partitions: mm.assigned.len(),
                    revoking: mm.pending_revocation.iter().cloned().collect(),
                },
            ));
        }
        // The response carries the assignment when it changed, or on a full request.
        if (changed && mm.assigned != before.2) || joining {
            mm.received = Some(mm.assigned.clone());
        }
        mm.heartbeat_now = false;
        // A classic member heartbeats every heartbeat.interval.ms (3 s by default).
        let interval = if m.is_modern() {
            CONSUMER_HEARTBEAT_INTERVAL_MS
        } else {
            CLASSIC_HEARTBEAT_INTERVAL_MS
        };
        m.modern.next_heartbeat = ctx.now.saturating_add(interval);
    }

    /// `maybeUpdateTargetAssignment`: runs the server assignor if the group epoch moved on and
    /// the assignment interval has passed.
    fn maybe_update_target(&mut self, ctx: &mut Ctx) {
        let mg = &self.modern;
        if mg.assignment_epoch >= mg.group_epoch {
            return;
        }
        if mg
            .assigned_at
            .is_some_and(|t| ctx.now < t.saturating_add(ASSIGNMENT_INTERVAL_MS))
        {
            return;
        }
        let kind = self.preferred_assignor();
        let mut specs = BTreeMap::new();
        let mut partitions_per_topic = BTreeMap::new();
        for m in self.members.values().filter(|m| m.in_protocol()) {
            let mut assignment: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
            for tp in self.modern.target.get(&m.member_id).into_iter().flatten() {
                assignment
                    .entry(tp.topic.clone())
                    .or_default()
                    .insert(tp.partition);
            }
            for t in &m.topics {
                if let Some(topic) = ctx.topics.get(t) {
                    partitions_per_topic.insert(t.clone(), topic.partitions.len() as u32);
                }
            }
            specs.insert(
                m.member_id.clone(),
                server::MemberSpec {
                    subscribed_topics: m.topics.iter().cloned().collect(),
                    instance_id: m.config.group_instance_id.clone(),
                    assignment,
                },
            );
        }
        let result = match server::assign(kind, &specs, &partitions_per_topic) {
            Ok(r) => r,
            Err(e) => {
                // The heartbeat fails with the assignor's error; the old target stays.
                ctx.emit(EventKind::AssignmentFailed {
                    group: self.name.clone(),
                    assignor: kind.name().into(),
                    error: e,
                });
                self.modern.assigned_at = Some(ctx.now);
                return;
            }
        };
        let target = result
            .into_iter()
            .map(|(member, topics)| {
                let parts = topics
                    .into_iter()
                    .flat_map(|(t, ps)| {
                        ps.into_iter()
                            .map(move |p| TopicPartition::new(t.as_str(), p))
                    })
                    .collect();
                (member, parts)
            })
            .collect();
        let mg = &mut self.modern;
        mg.target = target;
        mg.assignment_epoch = mg.group_epoch;
        mg.assigned_at = Some(ctx.now);
        let epoch = mg.group_epoch;
        ctx.emit(EventKind::TargetAssignmentComputed {
            group: self.name.clone(),
            epoch,
            assignor: kind.name().into(),
            members: specs.len(),
        });
    }

    /// `ConsumerGroup.computePreferredServerAssignor`: the assignor most members ask for (ties
    /// go to the first by name: Kafka picks from a HashMap), else the broker default, uniform.
    pub fn preferred_assignor(&self) -> ServerAssignor {
        let mut counts: BTreeMap<ServerAssignor, usize> = BTreeMap::new();
        for m in self.members.values().filter(|m| m.in_protocol()) {
            if let Some(a) = m.config.remote_assignor {
                *counts.entry(a).or_default() += 1;
            }
        }
        let best = counts.values().copied().max().unwrap_or(0);
        counts
            .into_iter()
            .find(|(_, n)| *n == best)
            .map(|(a, _)| a)
            .unwrap_or(ServerAssignor::Uniform)
    }

    /// `ConsumerGroup.maybeUpdateGroupState`.
    pub(super) fn update_modern_state(&mut self) {
        let mg = &self.modern;
        // Runs every tick: no allocation.
        let mut members = self.members.values().filter(|m| m.in_protocol()).peekable();
        self.state = if members.peek().is_none() {
            GroupState::Empty
        } else if mg.group_epoch > mg.assignment_epoch {
            GroupState::Assigning
        } else if members.any(|m| !m.modern.is_reconciled_to(mg.assignment_epoch)) {
            GroupState::Reconciling
        } else {
            GroupState::Stable
        };
        self.assignor = None;
        self.generation = mg.group_epoch;
    }

    /// The client's reconciliation at a poll: gives up what the coordinator took away
    /// (committing first), takes what it added, and acknowledges with a heartbeat.
    pub(super) fn client_reconcile(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        let Some(target) = m.modern.received.take() else {
            return;
        };
        let owned: BTreeSet<TopicPartition> = m.assignment.iter().cloned().collect();
        if owned == target {
            return;
        }
        // A classic member with an eager assignor rejoins by giving up everything
        // (`ConsumerCoordinator.onJoinPrepare`), then gets its assignment back in SyncGroup.
        let eager = !m.is_modern()
            && m.config.assignor.protocol() == super::super::assignor::RebalanceProtocol::Eager;
        let keep: BTreeSet<TopicPartition> = if eager {
            BTreeSet::new()
        } else {
            owned.intersection(&target).cloned().collect()
        };
        let revoked: Vec<TopicPartition> = owned.difference(&keep).cloned().collect();
        let added: Vec<TopicPartition> = target.difference(&keep).cloned().collect();
        if !revoked.is_empty() {
            if matches!(
                m.config.commit,
                CommitMode::Auto { .. } | CommitMode::AfterProcessing
            ) {
                self.commit_positions(id, None, ctx);
            }
            let Some(m) = self.members.get_mut(id) else {
                return;
            };
            for tp in &revoked {
                m.positions.remove(tp);
            }
            m.batch.retain(|c| target.contains(&c.tp));
            m.forget_retry_unless_owned();
            ctx.events.push((
                ctx.now,
                EventKind::PartitionsRevoked {
                    group: self.name.clone(),
                    member_id: id.to_string(),
                    partitions: revoked,
                },
            ));
        }
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        m.assignment = target.iter().cloned().collect();
        m.modern.heartbeat_now = true;
        if !added.is_empty() {
            ctx.events.push((
                ctx.now,
                EventKind::PartitionsAssigned {
                    group: self.name.clone(),
                    member_id: id.to_string(),
                    added: added.clone(),
                    total: target.len(),
                },
            ));
            self.add_partitions(id, &added, ctx);
        }
    }
}

/// A fenced or expired client drops everything it owned without committing.
fn lose_partitions(m: &mut super::Member) {
    m.assignment.clear();
    m.positions.clear();
    m.batch.clear();
    m.forget_retry_unless_owned();
}

/// `CurrentAssignmentBuilder.build` for a member whose heartbeat reports `owned`, towards
/// `target` at `target_epoch`; `held_by_others` is every partition another member holds
/// (assigned or pending revocation), where `currentPartitionEpoch` is not -1.
pub fn reconcile(
    m: &mut ModernMember,
    target_epoch: i32,
    target: &BTreeSet<TopicPartition>,
    subscribed: &BTreeSet<&str>,
    owned: &BTreeSet<TopicPartition>,
    held_by_others: &BTreeSet<TopicPartition>,
) {
    let owns_revoked =
        |pending: &BTreeSet<TopicPartition>| pending.iter().any(|tp| owned.contains(tp));
    match m.state {
        MemberState::Stable if m.epoch == target_epoch => {
            // updateCurrentAssignment: drop partitions of topics no longer subscribed.
            let dropped: BTreeSet<TopicPartition> = m
                .assigned
                .iter()
                .filter(|tp| !subscribed.contains(tp.topic.as_str()))
                .cloned()
                .collect();
            if dropped.is_empty() {
                return;
            }
            m.assigned.retain(|tp| !dropped.contains(tp));
            m.pending_revocation.extend(dropped);
            if owns_revoked(&m.pending_revocation) {
                m.state = MemberState::UnrevokedPartitions;
            } else {
                m.pending_revocation.clear();
            }
            return;
        }
        MemberState::UnrevokedPartitions if owns_revoked(&m.pending_revocation) => return,
        _ => {}
    }
    // computeNextAssignment.
    let target: BTreeSet<TopicPartition> = target
        .iter()
        .filter(|tp| subscribed.contains(tp.topic.as_str()))
        .cloned()
        .collect();
    let new_assigned: BTreeSet<TopicPartition> =
        m.assigned.intersection(&target).cloned().collect();
    let new_pending_revocation: BTreeSet<TopicPartition> =
        m.assigned.difference(&new_assigned).cloned().collect();
    let mut pending_assignment: BTreeSet<TopicPartition> =
        target.difference(&new_assigned).cloned().collect();
    let before = pending_assignment.len();
    // A partition another member still holds is unreleased; one this member is itself
    // revoking is not.
    pending_assignment.retain(|tp| !held_by_others.contains(tp));
    let unreleased = pending_assignment.len() < before;
    if !new_pending_revocation.is_empty() && owns_revoked(&new_pending_revocation) {
        m.state = MemberState::UnrevokedPartitions;
        m.assigned = new_assigned;
        m.pending_revocation = new_pending_revocation;
        // The epoch stays.
        return;
    }
    m.assigned = new_assigned;
    m.assigned.extend(pending_assignment);
    m.pending_revocation.clear();
    m.state = if unreleased {
        MemberState::UnreleasedPartitions
    } else {
        MemberState::Stable
    };
    m.epoch = target_epoch;
}

/// Kafka's `Uuid.toString()`: 16 random bytes in URL-safe base64 without padding (22
/// characters); `Uuid.randomUuid` draws again when the text would start with '-'.
pub fn kafka_uuid(mut draw: impl FnMut() -> [u8; 16]) -> String {
    use base64::Engine as _;
    loop {
        let s = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(draw());
        if !s.starts_with('-') {
            return s;
        }
    }
}
