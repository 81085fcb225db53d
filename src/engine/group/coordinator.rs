//! The group coordinator: membership, generations, rebalances, sessions and assignment.

use std::collections::{BTreeMap, BTreeSet};

use super::super::assignor::server::ServerAssignor;
use super::super::assignor::{self, AssignorKind, RebalanceProtocol, Subscription};
use super::super::config::CommitMode;
use super::super::event::EventKind;
use super::super::TopicPartition;
use super::{Ctx, Group, GroupState, GroupType, Member, MemberStatus, ModernMember, Rebalance};

/// Broker default `group.initial.rebalance.delay.ms`.
pub const INITIAL_REBALANCE_DELAY_MS: u64 = 3_000;

impl Group {
    pub fn request_rebalance(
        &mut self,
        reason: String,
        now: u64,
        events: &mut Vec<(u64, EventKind)>,
    ) {
        if !self.has_members() {
            // The last member is gone: the join completes at once with nobody in it.
            if self.state != GroupState::Empty {
                self.generation += 1;
                self.state = GroupState::Empty;
                self.assignor = None;
                self.rebalance = None;
                events.push((
                    now,
                    EventKind::GroupEmpty {
                        group: self.name.clone(),
                        generation: self.generation,
                    },
                ));
            }
            return;
        }
        if self.state == GroupState::PreparingRebalance {
            return;
        }
        let initial = self.state == GroupState::Empty;
        self.state = GroupState::PreparingRebalance;
        for m in self.members.values_mut() {
            m.joined = false;
        }
        events.push((
            now,
            EventKind::RebalanceStarted {
                group: self.name.clone(),
                reason: reason.clone(),
            },
        ));
        self.rebalance = Some(Rebalance {
            started_at: now,
            reason,
            initial,
        });
    }

    /// One tick of simulated time for this group.
    pub fn tick(&mut self, ctx: &mut Ctx) {
        self.expire_sessions(ctx);
        self.expire_polls(ctx);
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in &ids {
            self.run_member(id, ctx);
        }
        if self.is_consumer_group() {
            self.modern_tick(ctx);
        } else if self.state == GroupState::PreparingRebalance {
            self.try_join(ctx);
            self.try_complete(ctx);
        }
    }

    /// `max.poll.interval.ms`: a member that spent longer than that since its last poll (a
    /// long batch, a long back-off) leaves the group; the work in hand goes on, but its
    /// offsets can no longer be committed (`ConsumerCoordinator.maybeLeaveGroup("consumer poll
    /// timeout has expired.")`; the consumer protocol's `transitionToStale`).
    fn expire_polls(&mut self, ctx: &mut Ctx) {
        let expired: Vec<(String, u64)> = self
            .members
            .values()
            .filter(|m| m.in_protocol() && m.is_active())
            .filter(|m| ctx.now > m.last_poll.saturating_add(m.config.max_poll_interval_ms))
            .map(|m| (m.member_id.clone(), m.config.max_poll_interval_ms))
            .collect();
        for (id, interval) in expired {
            let Some(m) = self.members.get_mut(&id) else {
                continue;
            };
            m.poll_expired = true;
            m.assignment.clear();
            m.joined = false;
            ctx.emit(EventKind::PollTimeout {
                group: self.name.clone(),
                member_id: id.clone(),
                max_poll_interval_ms: interval,
            });
            if self.is_consumer_group() {
                self.modern_remove(&id, format!("{id} left (poll timeout)"), ctx);
            } else {
                self.request_rebalance(format!("{id} left (poll timeout)"), ctx.now, ctx.events);
            }
        }
    }

    /// The group's type for a subscribing member `id` (already in `members`): an empty group takes
    /// the type of the protocol its first member speaks (an empty classic group is replaced by a
    /// consumer group and back: `getOrMaybeCreateConsumerGroup`, `getOrMaybeCreateClassicGroup`;
    /// committed offsets stay); a consumer-protocol member joining a classic group with members
    /// upgrades it online. A classic member simply joins a consumer group.
    fn settle_type_for(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(modern) = self.members.get(id).map(|m| m.is_modern()) else {
            return;
        };
        if !self.has_members_other_than(id) {
            let kind = if modern {
                GroupType::Consumer
            } else {
                GroupType::Classic
            };
            if kind != self.kind {
                self.kind = kind;
                self.state = GroupState::Empty;
                self.rebalance = None;
                self.assignor = None;
                self.modern = Default::default();
                self.generation = 0;
            }
        } else if modern && !self.is_consumer_group() {
            // Online upgrade (KIP-848): the classic group becomes a consumer group.
            self.convert_to_consumer(id, ctx);
        }
    }

    /// A member back from a poll timeout polls again: it drops what it still held and joins
    /// as a new member.
    pub(super) fn rejoin_after_poll_timeout(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        m.poll_expired = false;
        m.positions.clear();
        m.batch.clear();
        m.assignment.clear();
        m.forget_retry_unless_owned();
        m.last_poll = ctx.now;
        ctx.emit(EventKind::MemberJoined {
            group: self.name.clone(),
            member_id: id.to_string(),
            client_id: m.config.client_id.clone(),
            static_id: m.config.group_instance_id.clone(),
        });
        self.settle_type_for(id, ctx);
        if self.is_consumer_group() {
            self.modern_join(id, ctx);
        } else {
            self.request_rebalance(format!("{id} rejoined"), ctx.now, ctx.events);
            if let Some(m) = self.members.get_mut(id) {
                m.joined = true;
            }
        }
    }

    fn expire_sessions(&mut self, ctx: &mut Ctx) {
        let expired: Vec<(String, u64)> = self
            .members
            .values()
            .filter_map(|m| match m.status {
                MemberStatus::Crashed { since } | MemberStatus::Stopped { since }
                    if ctx.now >= since.saturating_add(m.session_timeout_ms()) =>
                {
                    Some((m.member_id.clone(), m.session_timeout_ms()))
                }
                _ => None,
            })
            .collect();
        for (id, timeout) in expired {
            let in_protocol = self.members.get(&id).is_some_and(|m| m.in_protocol());
            self.members.remove(&id);
            ctx.emit(EventKind::MemberExpired {
                group: self.name.clone(),
                member_id: id.clone(),
                session_timeout_ms: timeout,
            });
            if !in_protocol {
                continue;
            }
            let reason = format!("{id} left (session timeout)");
            if self.is_consumer_group() {
                self.modern_remove(&id, reason, ctx);
            } else {
                self.request_rebalance(reason, ctx.now, ctx.events);
            }
        }
    }

    /// Rejoin step of the members that have finished their batch.
    fn try_join(&mut self, ctx: &mut Ctx) {
        let protocol = self
            .assignor
            .map(|a| a.protocol())
            .unwrap_or(RebalanceProtocol::Eager);
        let ids: Vec<String> = self
            .members
            .values()
            .filter(|m| m.in_protocol() && m.is_active() && !m.joined)
            .filter(|m| protocol == RebalanceProtocol::Cooperative || m.batch.is_empty())
            // A member asleep in a back-off rejoins when it polls again.
            .filter(|m| !m.sleeping(ctx.now))
            .map(|m| m.member_id.clone())
            .collect();
        for id in ids {
            let auto = self
                .members
                .get(&id)
                .is_some_and(|m| matches!(m.config.commit, CommitMode::Auto { .. }));
            if auto {
                self.commit_positions(&id, None, ctx);
            }
            let Some(m) = self.members.get_mut(&id) else {
                continue;
            };
            m.joined = true;
            if protocol == RebalanceProtocol::Eager && !m.assignment.is_empty() {
                let revoked = std::mem::take(&mut m.assignment);
                m.positions.clear();
                m.forget_retry_unless_owned();
                ctx.emit(EventKind::PartitionsRevoked {
                    group: self.name.clone(),
                    member_id: id.clone(),
                    partitions: revoked.clone(),
                });
                m.batch.clear();
                self.previous.insert(id.clone(), revoked);
            }
        }
    }

    fn try_complete(&mut self, ctx: &mut Ctx) {
        let Some(rb) = &self.rebalance else { return };
        let delay = if rb.initial {
            INITIAL_REBALANCE_DELAY_MS
        } else {
            0
        };
        if ctx.now < rb.started_at.saturating_add(delay) {
            return;
        }
        // Everyone the coordinator knows must have rejoined; a silent member blocks the
        // rebalance until its session times out.
        if self.protocol_members().any(|m| !m.is_active() || !m.joined) {
            return;
        }
        self.complete_rebalance(ctx);
    }

    fn complete_rebalance(&mut self, ctx: &mut Ctx) {
        self.rebalance = None;
        self.generation += 1;
        let members: Vec<&Member> = self.protocol_members().collect();
        if members.is_empty() {
            self.state = GroupState::Empty;
            self.assignor = None;
            ctx.emit(EventKind::GroupEmpty {
                group: self.name.clone(),
                generation: self.generation,
            });
            return;
        }
        let kind = members
            .first()
            .map(|m| m.config.assignor)
            .unwrap_or(AssignorKind::Range);
        let mut partitions_per_topic = BTreeMap::new();
        let mut subs = Vec::new();
        for m in &members {
            for t in &m.topics {
                if let Some(topic) = ctx.topics.get(t) {
                    partitions_per_topic.insert(t.clone(), topic.partitions.len() as u32);
                }
            }
            let owned = if kind.protocol() == RebalanceProtocol::Cooperative {
                m.assignment.clone()
            } else {
                self.previous.get(&m.member_id).cloned().unwrap_or_default()
            };
            subs.push(Subscription {
                member_id: m.member_id.clone(),
                group_instance_id: m.config.group_instance_id.clone(),
                topics: m.topics.clone(),
                owned_partitions: owned,
                generation: Some(m.assigned_generation),
            });
        }
        let result = assignor::assign(kind, &partitions_per_topic, &subs);
        self.assignor = Some(kind);
        self.state = GroupState::Stable;
        self.previous.clear();
        let generation = self.generation;
        let mut follow_up = false;
        let ids: Vec<String> = self
            .protocol_members()
            .map(|m| m.member_id.clone())
            .collect();
        let mut idle = 0;
        for id in &ids {
            let target: Vec<TopicPartition> = result.get(id).cloned().unwrap_or_default();
            let Some(m) = self.members.get_mut(id) else {
                continue;
            };
            let old: BTreeSet<TopicPartition> = m.assignment.iter().cloned().collect();
            let new: BTreeSet<TopicPartition> = target.iter().cloned().collect();
            let revoked: Vec<TopicPartition> = old.difference(&new).cloned().collect();
            let added: Vec<TopicPartition> = target
                .iter()
                .filter(|tp| !old.contains(tp))
                .cloned()
                .collect();
            m.assignment = target.clone();
            m.assigned_generation = generation;
            m.joined = false;
            for tp in &revoked {
                m.positions.remove(tp);
            }
            m.forget_retry_unless_owned();
            m.batch.retain(|c| new.contains(&c.tp));
            if target.is_empty() {
                idle += 1;
            }
            if !revoked.is_empty() {
                // Cooperative: give up only what moves, then rejoin so it can be handed over.
                follow_up = true;
                ctx.emit(EventKind::PartitionsRevoked {
                    group: self.name.clone(),
                    member_id: id.clone(),
                    partitions: revoked,
                });
            }
            ctx.emit(EventKind::PartitionsAssigned {
                group: self.name.clone(),
                member_id: id.clone(),
                added: added.clone(),
                total: target.len(),
            });
            self.add_partitions(id, &added, ctx);
        }
        ctx.emit(EventKind::RebalanceCompleted {
            group: self.name.clone(),
            generation,
            assignor: kind,
            members: ids.len(),
            idle,
        });
        if follow_up {
            self.request_rebalance(
                "cooperative follow-up: members revoked partitions that now move to another member"
                    .into(),
                ctx.now,
                ctx.events,
            );
        }
    }

    // ---- commands ----

    /// Adds a member; returns the events. The caller validated the spec.
    pub fn join(&mut self, member: Member, ctx: &mut Ctx) {
        let id = member.member_id.clone();
        let manual = member.manual.clone();
        ctx.emit(EventKind::MemberJoined {
            group: self.name.clone(),
            member_id: id.clone(),
            client_id: member.config.client_id.clone(),
            static_id: member.config.group_instance_id.clone(),
        });
        let last_auto_commit = ctx.now;
        self.members.insert(
            id.clone(),
            Member {
                last_auto_commit,
                last_poll: ctx.now,
                ..member
            },
        );
        match manual {
            Some(parts) => {
                if let Some(m) = self.members.get_mut(&id) {
                    m.assignment = parts.clone();
                }
                self.add_partitions(&id, &parts, ctx);
            }
            None => {
                self.settle_type_for(&id, ctx);
                if self.is_consumer_group() {
                    self.modern_join(&id, ctx);
                    return;
                }
                self.request_rebalance(format!("{id} joined"), ctx.now, ctx.events);
                if let Some(m) = self.members.get_mut(&id) {
                    m.joined = true;
                }
            }
        }
    }

    /// A static member returns under its `group.instance.id`: it replaces the old member id and
    /// keeps the assignment; no rebalance (KIP-345).
    pub fn rejoin_static(&mut self, old_id: &str, mut member: Member, ctx: &mut Ctx) {
        let Some(old) = self.members.remove(old_id) else {
            return;
        };
        let new_id = member.member_id.clone();
        member.assignment = old.assignment.clone();
        member.assigned_generation = old.assigned_generation;
        member.last_poll = ctx.now;
        // Consumer protocol: the new member id takes over the old member's epoch and
        // assignment (`getOrMaybeSubscribeStaticConsumerGroupMember`).
        member.modern = ModernMember {
            received: None,
            heartbeat_now: true,
            next_heartbeat: ctx.now,
            revoke_by: None,
            ..old.modern.clone()
        };
        if let Some(t) = self.modern.target.remove(old_id) {
            self.modern.target.insert(member.member_id.clone(), t);
        }
        member.joined = old.joined || self.state != GroupState::PreparingRebalance;
        member.last_auto_commit = ctx.now;
        ctx.emit(EventKind::StaticMemberRejoined {
            group: self.name.clone(),
            member_id: new_id.clone(),
            instance_id: member.config.group_instance_id.clone().unwrap_or_default(),
        });
        let parts = member.assignment.clone();
        let same_topics = old.topics == member.topics;
        self.members.insert(new_id.clone(), member);
        self.add_partitions(&new_id, &parts, ctx);
        if self.is_consumer_group() {
            if !same_topics {
                self.bump_group_epoch(format!("{new_id} changed its subscription"), ctx);
            }
            return;
        }
        if !same_topics {
            self.request_rebalance(
                format!("{new_id} changed its subscription"),
                ctx.now,
                ctx.events,
            );
        }
    }

    pub fn leave(&mut self, id: &str, ctx: &mut Ctx) {
        self.finish_batch_and_commit(id, ctx);
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        if let (Some(static_id), true) = (m.config.group_instance_id.clone(), m.in_protocol()) {
            // Static members do not send LeaveGroup on close (KIP-345).
            m.status = MemberStatus::Stopped { since: ctx.now };
            m.positions.clear();
            m.forget_retry_unless_owned();
            ctx.emit(EventKind::MemberStopped {
                group: self.name.clone(),
                member_id: id.to_string(),
                static_id,
            });
            return;
        }
        let in_protocol = m.in_protocol();
        self.members.remove(id);
        ctx.emit(EventKind::MemberLeft {
            group: self.name.clone(),
            member_id: id.to_string(),
        });
        if !in_protocol {
            return;
        }
        if self.is_consumer_group() {
            // A leave heartbeat (member epoch -1): its partitions are free at once.
            self.modern_remove(id, format!("{id} left the group"), ctx);
        } else {
            self.request_rebalance(format!("{id} left the group"), ctx.now, ctx.events);
        }
    }

    pub fn crash(&mut self, id: &str, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        m.status = MemberStatus::Crashed { since: ctx.now };
        m.batch.clear();
        m.positions.clear();
        m.forget_retry_unless_owned();
        let manual = !m.in_protocol();
        ctx.emit(EventKind::MemberCrashed {
            group: self.name.clone(),
            member_id: id.to_string(),
        });
        if manual {
            self.members.remove(id);
        }
    }

    pub fn set_subscription(&mut self, id: &str, topics: Vec<String>, ctx: &mut Ctx) {
        let consumer = self.is_consumer_group();
        if let Some(m) = self.members.get_mut(id) {
            m.topics = topics;
            if consumer {
                m.modern.heartbeat_now = true;
                self.bump_group_epoch(format!("{id} changed its subscription"), ctx);
                self.update_modern_state();
                return;
            }
            self.request_rebalance(
                format!("{id} changed its subscription"),
                ctx.now,
                ctx.events,
            );
        }
    }

    pub fn set_assignor(&mut self, assignor: AssignorKind, ctx: &mut Ctx) {
        if self.is_consumer_group() {
            // partition.assignment.strategy cannot be set under the consumer protocol.
            return;
        }
        for m in self.members.values_mut().filter(|m| m.in_protocol()) {
            m.config.assignor = assignor;
        }
        if self.has_members() {
            self.request_rebalance(
                format!("members restarted with the {} assignor", assignor.name()),
                ctx.now,
                ctx.events,
            );
        }
    }

    /// Consumer protocol: the members restart with another `group.remote.assignor`.
    pub fn set_remote_assignor(&mut self, assignor: ServerAssignor, ctx: &mut Ctx) {
        if !self.is_consumer_group() {
            return;
        }
        for m in self.members.values_mut().filter(|m| m.in_protocol()) {
            m.config.remote_assignor = Some(assignor);
            m.modern.heartbeat_now = true;
        }
        if self.has_members() {
            self.bump_group_epoch(
                format!("members restarted with the {} assignor", assignor.name()),
                ctx,
            );
            self.update_modern_state();
        }
    }

    /// A subscribed topic changed its partitions (or appeared, or went away).
    pub fn topic_changed(&mut self, topic: &str, what: &str, ctx: &mut Ctx) {
        if self
            .protocol_members()
            .any(|m| m.topics.iter().any(|t| t == topic))
        {
            if self.is_consumer_group() {
                self.modern.metadata_changed = true;
            } else {
                self.request_rebalance(format!("topic {topic} {what}"), ctx.now, ctx.events);
            }
        }
    }

    /// A leader change cut the log of `tp` back to `end`. Members fetching past it move back
    /// to `end` (KIP-320: the consumer detects the truncation through the leader epoch and
    /// resets to the divergence point); records they fetched there are dropped; what the group
    /// processed there no longer exists. Committed offsets stay as the coordinator stored them.
    pub fn log_truncated(&mut self, tp: &TopicPartition, end: u64) {
        for m in self.members.values_mut() {
            if let Some(pos) = m.positions.get_mut(tp) {
                *pos = (*pos).min(end);
            }
            for c in m.batch.iter_mut().filter(|c| &c.tp == tp) {
                c.offsets.retain(|&o| o < end);
            }
            m.batch.retain(|c| !c.offsets.is_empty());
        }
        if let Some(p) = self.progress.get_mut(tp) {
            p.processed_until = p.processed_until.min(end);
        }
    }

    pub fn topic_deleted(&mut self, topic: &str, ctx: &mut Ctx) {
        self.committed.retain(|tp, _| tp.topic != topic);
        self.committed_epoch.retain(|tp, _| tp.topic != topic);
        self.progress.retain(|tp, _| tp.topic != topic);
        for parts in self.modern.target.values_mut() {
            parts.retain(|tp| tp.topic != topic);
        }
        for m in self.members.values_mut() {
            m.modern.assigned.retain(|tp| tp.topic != topic);
            m.modern.pending_revocation.retain(|tp| tp.topic != topic);
            m.assignment.retain(|tp| tp.topic != topic);
            m.positions.retain(|tp, _| tp.topic != topic);
            m.batch.retain(|c| c.tp.topic != topic);
            m.forget_retry_unless_owned();
            if let Some(parts) = &mut m.manual {
                parts.retain(|tp| tp.topic != topic);
            }
        }
        self.topic_changed(topic, "was deleted", ctx);
    }
}
