//! `AbstractStickyAssignor.ConstrainedAssignmentBuilder`: every member subscribes to the same
//! topics.

use std::collections::{HashMap, HashSet};

use super::super::{java_string_cmp, tp};
use super::*;
use crate::engine::TopicPartition;

/// `AbstractStickyAssignor.ConstrainedAssignmentBuilder` (all members subscribe to the same
/// topics), rack-unaware.
pub(super) struct Constrained<'a, 'c> {
    pub(super) ctx: &'c Ctx<'a>,
    pub(super) current: Vec<Vec<TopicPartition>>,
    pub(super) multi_owned: HashSet<TopicPartition>,
    pub(super) maybe_revoked: HashMap<TopicPartition, usize>,
    pub(super) under_min: Vec<usize>,
    pub(super) exactly_min: std::collections::VecDeque<usize>,
    pub(super) min_quota: usize,
    pub(super) max_quota: usize,
    pub(super) expected_over_min: usize,
    pub(super) current_over_min: usize,
    pub(super) assignment: Vec<Vec<TopicPartition>>,
    pub(super) assigned: Vec<TopicPartition>,
    /// `partitionsTransferringOwnership`.
    pub(super) transferring: HashMap<TopicPartition, usize>,
}

impl<'a, 'c> Constrained<'a, 'c> {
    pub(super) fn new(
        ctx: &'c Ctx<'a>,
        current: Vec<Vec<TopicPartition>>,
        multi_owned: HashSet<TopicPartition>,
    ) -> Self {
        let consumers = ctx.members.len().max(1);
        let total = ctx.total_partitions();
        Constrained {
            ctx,
            assignment: vec![Vec::new(); current.len()],
            current,
            multi_owned,
            maybe_revoked: HashMap::new(),
            under_min: Vec::new(),
            exactly_min: std::collections::VecDeque::new(),
            min_quota: total / consumers,
            max_quota: total.div_ceil(consumers),
            expected_over_min: total % consumers,
            current_over_min: 0,
            assigned: Vec::new(),
            transferring: HashMap::new(),
        }
    }

    pub(super) fn build(&mut self) {
        self.assign_owned_partitions();
        let unassigned = self.unassigned_partitions();
        let rank = &self.ctx.rank;
        crate::engine::sort::sort_by_key(&mut self.under_min, |&m| rank[m]);
        let mut exactly: Vec<usize> = self.exactly_min.drain(..).collect();
        crate::engine::sort::sort_by_key(&mut exactly, |&m| rank[m]);
        self.exactly_min = exactly.into();
        // assignRackAwareRoundRobin: no consumer racks, returns at once.
        self.assign_round_robin(&unassigned);
        // verifyUnfilledMembers only logs / throws on internal errors.
    }

    /// `assignOwnedPartitions`: keep owned partitions up to the quota, in
    /// `consumerToOwnedPartitions` (HashMap) order.
    fn assign_owned_partitions(&mut self) {
        for &consumer in &self.ctx.order {
            let mut owned = std::mem::take(&mut self.current[consumer]);
            // sorted(comparing(partition).thenComparing(topic))
            crate::engine::sort::sort_by(&mut owned, |a, b| {
                a.partition
                    .cmp(&b.partition)
                    .then_with(|| java_string_cmp(&a.topic, &b.topic))
            });
            owned.retain(|p| !self.multi_owned.contains(p));

            if owned.len() < self.min_quota {
                self.assignment[consumer].extend(owned.iter().cloned());
                self.assigned.extend(owned);
                self.under_min.push(consumer);
            } else if owned.len() >= self.max_quota
                && self.current_over_min < self.expected_over_min
            {
                self.current_over_min += 1;
                if self.current_over_min == self.expected_over_min {
                    self.exactly_min.clear();
                }
                let keep = self.max_quota.min(owned.len());
                for p in owned.drain(keep..) {
                    self.maybe_revoked.insert(p, consumer);
                }
                self.assignment[consumer].extend(owned.iter().cloned());
                self.assigned.extend(owned);
            } else {
                let keep = self.min_quota.min(owned.len());
                for p in owned.drain(keep..) {
                    self.maybe_revoked.insert(p, consumer);
                }
                self.assignment[consumer].extend(owned.iter().cloned());
                self.assigned.extend(owned);
                if self.current_over_min < self.expected_over_min {
                    self.exactly_min.push_back(consumer);
                }
            }
        }
    }

    /// `getUnassignedPartitions`: all partitions (topics in Java string order, partitions
    /// ascending) that were not kept above.
    fn unassigned_partitions(&self) -> Vec<TopicPartition> {
        let assigned: HashSet<&TopicPartition> = self.assigned.iter().collect();
        let mut topics: Vec<&String> = self.ctx.ppt.keys().collect();
        crate::engine::sort::sort_by(&mut topics, |a, b| java_string_cmp(a, b));
        let mut out = Vec::new();
        for t in topics {
            let n = self.ctx.ppt.get(t).copied().unwrap_or(0);
            for p in 0..n {
                let x = tp(t, p);
                if !assigned.contains(&x) {
                    out.push(x);
                }
            }
        }
        out
    }

    /// `assignRoundRobin`: fill the members under minQuota round robin (one iterator over the
    /// sorted `unfilledMembersWithUnderMinQuotaPartitions`, restarted when exhausted), then hand
    /// the remaining partitions to members at exactly minQuota in order (`poll`).
    fn assign_round_robin(&mut self, unassigned: &[TopicPartition]) {
        // Java's Iterator over the LinkedList: `cursor` = index of the element next() returns.
        let mut cursor = 0usize;
        for partition in unassigned {
            let consumer;
            let mut from_iter = false;
            if cursor < self.under_min.len() {
                consumer = self.under_min[cursor];
                cursor += 1;
                from_iter = true;
            } else if self.under_min.is_empty() && self.exactly_min.is_empty() {
                // Kafka throws IllegalStateException("No more unfilled consumers to be
                // assigned."): unreachable with exact quotas. Stay valid: least-loaded member.
                match self.least_loaded() {
                    Some(c) => consumer = c,
                    None => return,
                }
            } else if self.under_min.is_empty() {
                match self.exactly_min.pop_front() {
                    Some(c) => consumer = c,
                    None => return,
                }
            } else {
                cursor = 0;
                consumer = self.under_min[cursor];
                cursor += 1;
                from_iter = true;
            }

            let count = self.assign_new_partition(partition, consumer);

            if count == self.min_quota {
                // unfilledConsumerIter.remove(): removes the element last returned by next().
                if from_iter && cursor > 0 {
                    cursor -= 1;
                    self.under_min.remove(cursor);
                }
                self.exactly_min.push_back(consumer);
            } else if count == self.max_quota {
                // (Kafka logs an error if this was not the last partition.)
                self.current_over_min += 1;
            }
        }
    }

    fn least_loaded(&self) -> Option<usize> {
        (0..self.assignment.len()).min_by_key(|&m| (self.assignment[m].len(), self.ctx.rank[m]))
    }

    /// `assignNewPartition`: records an ownership transfer when the partition is kept by
    /// another member in `maybeRevokedPartitions`, or had multiple previous owners.
    fn assign_new_partition(&mut self, partition: &TopicPartition, consumer: usize) -> usize {
        self.assignment[consumer].push(partition.clone());
        let revoked_elsewhere = self
            .maybe_revoked
            .get(partition)
            .is_some_and(|&owner| owner != consumer);
        if revoked_elsewhere || self.multi_owned.contains(partition) {
            self.transferring.insert(partition.clone(), consumer);
        }
        self.assignment[consumer].len()
    }
}
