//! `AbstractStickyAssignor.GeneralAssignmentBuilder` and its `PartitionMovements`: members
//! subscribe to different topics.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::super::java::{topic_partition_hash, JavaHashOrder};
use super::super::{java_string_cmp, tp};
use super::*;
use crate::engine::TopicPartition;

/// `AbstractStickyAssignor.ConsumerGenerationPair`.
#[derive(Clone, Copy)]
struct ConsumerGeneration {
    consumer: usize,
    generation: i32,
}

/// `AbstractStickyAssignor.PartitionMovements` (only what the assignment itself reads; the
/// cycle checks behind `isSticky()` are test-only in Kafka).
#[derive(Default)]
struct PartitionMovements {
    /// topic -> (src, dst) -> partitions (a `HashSet`, whose first element matters)
    by_topic: HashMap<String, HashMap<(usize, usize), JavaHashOrder<TopicPartition>>>,
    movements: HashMap<TopicPartition, (usize, usize)>,
}

impl PartitionMovements {
    fn remove_movement_record(&mut self, partition: &TopicPartition) -> Option<(usize, usize)> {
        let pair = self.movements.remove(partition)?;
        if let Some(for_topic) = self.by_topic.get_mut(&partition.topic) {
            if let Some(set) = for_topic.get_mut(&pair) {
                set.remove(partition);
                if set.is_empty() {
                    for_topic.remove(&pair);
                }
            }
            if for_topic.is_empty() {
                self.by_topic.remove(&partition.topic);
            }
        }
        Some(pair)
    }

    fn add_movement_record(&mut self, partition: &TopicPartition, pair: (usize, usize)) {
        self.movements.insert(partition.clone(), pair);
        self.by_topic
            .entry(partition.topic.clone())
            .or_default()
            .entry(pair)
            .or_default()
            .insert(partition.clone(), topic_partition_hash(partition));
    }

    fn move_partition(&mut self, partition: &TopicPartition, old: usize, new: usize) {
        if self.movements.contains_key(partition) {
            // this partition has previously moved
            if let Some(existing) = self.remove_movement_record(partition) {
                if existing.0 != new {
                    // not moving back to its previous consumer
                    self.add_movement_record(partition, (existing.0, new));
                }
            }
        } else {
            self.add_movement_record(partition, (old, new));
        }
    }

    fn actual_partition_to_be_moved(
        &self,
        partition: &TopicPartition,
        old: usize,
        new: usize,
    ) -> TopicPartition {
        let Some(for_topic) = self.by_topic.get(&partition.topic) else {
            return partition.clone();
        };
        let old = match self.movements.get(partition) {
            Some(&(src, _)) => src,
            None => old,
        };
        match for_topic.get(&(new, old)).and_then(|set| set.first()) {
            Some(p) => p,
            None => partition.clone(),
        }
    }
}

/// `AbstractStickyAssignor.GeneralAssignmentBuilder`, rack-unaware.
pub(super) struct General<'a, 'c> {
    pub(super) ctx: &'c Ctx<'a>,
    pub(super) max_generation: i32,
    pub(super) topic_consumers: BTreeMap<String, Vec<usize>>,
    pub(super) consumer_topics: Vec<Vec<String>>,
    /// `currentAssignment`; `None` while a member is parked in `fixedAssignments`.
    pub(super) current: Vec<Option<Vec<TopicPartition>>>,
    pub(super) partition_consumer: HashMap<TopicPartition, usize>,
    pub(super) sorted_all_partitions: Vec<TopicPartition>,
    /// `sortedCurrentSubscriptions`: (assignment size, Java-order rank of the member id).
    pub(super) sorted_subs: BTreeSet<(usize, usize)>,
    pub(super) revocation_required: bool,
    movements: PartitionMovements,
}

impl<'a, 'c> General<'a, 'c> {
    pub(super) fn new(
        ctx: &'c Ctx<'a>,
        current: Vec<Vec<TopicPartition>>,
        max_generation: i32,
    ) -> Self {
        let mut topic_consumers: BTreeMap<String, Vec<usize>> =
            crate::engine::sort::btree_map(ctx.ppt.keys().map(|t| (t.clone(), Vec::new())));
        let mut consumer_topics = vec![Vec::new(); ctx.members.len()];
        for &consumer in &ctx.order {
            for t in &ctx.members[consumer].topics {
                if let Some(list) = topic_consumers.get_mut(t) {
                    consumer_topics[consumer].push(t.clone());
                    list.push(consumer);
                }
            }
        }
        let mut partition_consumer = HashMap::new();
        for (consumer, list) in current.iter().enumerate() {
            for p in list {
                partition_consumer.insert(p.clone(), consumer);
            }
        }
        // TopicComparator: fewer potential consumers first, then topic name.
        let mut topics: Vec<&String> = topic_consumers.keys().collect();
        crate::engine::sort::sort_by(&mut topics, |a, b| {
            let ca = topic_consumers.get(*a).map_or(0, Vec::len);
            let cb = topic_consumers.get(*b).map_or(0, Vec::len);
            ca.cmp(&cb).then_with(|| java_string_cmp(a, b))
        });
        let mut sorted_all_partitions = Vec::new();
        for t in topics {
            for p in 0..ctx.ppt.get(t).copied().unwrap_or(0) {
                sorted_all_partitions.push(tp(t, p));
            }
        }
        General {
            ctx,
            max_generation,
            topic_consumers,
            consumer_topics,
            current: current.into_iter().map(Some).collect(),
            partition_consumer,
            sorted_all_partitions,
            sorted_subs: BTreeSet::new(),
            revocation_required: false,
            movements: PartitionMovements::default(),
        }
    }

    fn size(&self, consumer: usize) -> Option<usize> {
        self.current.get(consumer)?.as_ref().map(Vec::len)
    }

    fn key(&self, consumer: usize) -> (usize, usize) {
        (self.size(consumer).unwrap_or(0), self.ctx.rank[consumer])
    }

    pub(super) fn build(&mut self) {
        let prev = self.prepopulate_current_assignments();
        let assigned = self.assign_owned_partitions();
        let assigned: HashSet<TopicPartition> = assigned.into_iter().collect();
        let unassigned: Vec<TopicPartition> = self
            .sorted_all_partitions
            .iter()
            .filter(|p| !assigned.contains(*p))
            .cloned()
            .collect();
        for c in 0..self.current.len() {
            let k = self.key(c);
            self.sorted_subs.insert(k);
        }
        self.balance(&prev, unassigned);
    }

    /// `prepopulateCurrentAssignments`: for every partition, the owner with the highest
    /// generation below `maxGeneration` (first one in HashMap order on ties); members without
    /// a generation count as DEFAULT_GENERATION when some member has one.
    fn prepopulate_current_assignments(&self) -> HashMap<TopicPartition, ConsumerGeneration> {
        let mut prev: HashMap<TopicPartition, ConsumerGeneration> = HashMap::new();
        for &consumer in &self.ctx.order {
            let m = &self.ctx.members[consumer];
            let generation = match m.generation {
                Some(g) if g < self.max_generation => g,
                None if self.max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
                _ => continue,
            };
            for p in &m.owned_partitions {
                match prev.get(p) {
                    Some(existing) if generation <= existing.generation => {}
                    _ => {
                        prev.insert(
                            p.clone(),
                            ConsumerGeneration {
                                consumer,
                                generation,
                            },
                        );
                    }
                }
            }
        }
        prev
    }

    /// `assignOwnedPartitions`: keep owned partitions of topics the member still subscribes to.
    fn assign_owned_partitions(&mut self) -> Vec<TopicPartition> {
        let mut assigned = Vec::new();
        for consumer in 0..self.current.len() {
            let Some(list) = self.current[consumer].take() else {
                continue;
            };
            let mut kept = Vec::with_capacity(list.len());
            for p in list {
                if !self.topic_consumers.contains_key(&p.topic) {
                    self.partition_consumer.remove(&p);
                } else if !self.ctx.members[consumer].topics.contains(&p.topic) {
                    // no longer subscribed: revoke (Kafka leaves currentPartitionConsumer as is)
                    self.revocation_required = true;
                } else {
                    assigned.push(p.clone());
                    kept.push(p);
                }
            }
            self.current[consumer] = Some(kept);
        }
        assigned
    }

    fn max_assignment_size(&self, consumer: usize) -> usize {
        let topics = &self.consumer_topics[consumer];
        if topics.len() == self.ctx.ppt.len() {
            self.ctx.total_partitions()
        } else {
            topics
                .iter()
                .map(|t| self.ctx.ppt.get(t).copied().unwrap_or(0) as usize)
                .sum()
        }
    }

    /// `isBalanced`.
    fn is_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) =
            (self.sorted_subs.first(), self.sorted_subs.last())
        else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        let mut all: HashMap<&TopicPartition, usize> = HashMap::new();
        for (c, list) in self.current.iter().enumerate() {
            if let Some(list) = list {
                for p in list {
                    all.insert(p, c);
                }
            }
        }
        for &(count, r) in &self.sorted_subs {
            let consumer = self.ctx.by_rank[r];
            let Some(list) = self.current[consumer].as_ref() else {
                continue;
            };
            if count == self.max_assignment_size(consumer) {
                continue;
            }
            for t in &self.consumer_topics[consumer] {
                for i in 0..self.ctx.ppt.get(t).copied().unwrap_or(0) {
                    let p = tp(t, i);
                    if !list.contains(&p) {
                        let other = all.get(&p).and_then(|&o| self.size(o));
                        if let Some(other_count) = other {
                            if count + 1 < other_count {
                                return false;
                            }
                        }
                    }
                }
            }
        }
        true
    }

    /// `getBalanceScore`: sum over member pairs of the size difference.
    fn balance_score(assignment: &[Option<Vec<TopicPartition>>]) -> u64 {
        let sizes: Vec<i64> = assignment
            .iter()
            .flatten()
            .map(|l| l.len() as i64)
            .collect();
        let mut score = 0u64;
        for i in 0..sizes.len() {
            for j in i + 1..sizes.len() {
                score += sizes[i].abs_diff(sizes[j]);
            }
        }
        score
    }

    /// `maybeAssignPartition`: to the least-loaded member subscribed to the topic.
    fn maybe_assign_partition(&mut self, partition: &TopicPartition) -> bool {
        let found = self.sorted_subs.iter().copied().find(|&(_, r)| {
            let c = self.ctx.by_rank[r];
            self.consumer_topics[c].contains(&partition.topic)
        });
        let Some(key) = found else {
            return false;
        };
        let consumer = self.ctx.by_rank[key.1];
        self.sorted_subs.remove(&key);
        if let Some(list) = self.current[consumer].as_mut() {
            list.push(partition.clone());
        }
        self.partition_consumer.insert(partition.clone(), consumer);
        let k = self.key(consumer);
        self.sorted_subs.insert(k);
        true
    }

    fn can_topic_participate(&self, topic: &str) -> bool {
        self.topic_consumers.get(topic).map_or(0, Vec::len) >= 2
    }

    fn can_consumer_participate(&self, consumer: usize) -> bool {
        let Some(list) = self.current[consumer].as_ref() else {
            return false;
        };
        if list.len() < self.max_assignment_size(consumer) {
            return true;
        }
        list.iter().any(|p| self.can_topic_participate(&p.topic))
    }

    /// `balance`.
    fn balance(
        &mut self,
        prev: &HashMap<TopicPartition, ConsumerGeneration>,
        mut unassigned: Vec<TopicPartition>,
    ) {
        let initializing = match self.sorted_subs.last() {
            Some(&(size, _)) => size == 0,
            None => return,
        };
        // maybeAssign(unassignedPartitions, null, false)
        for p in unassigned.clone() {
            if self.topic_consumers.get(&p.topic).is_none_or(Vec::is_empty) {
                continue;
            }
            self.maybe_assign_partition(&p);
        }

        // narrow the reassignment scope to partitions that can actually move
        let fixed_topics: HashSet<String> = self
            .topic_consumers
            .keys()
            .filter(|t| !self.can_topic_participate(t))
            .cloned()
            .collect();
        self.sorted_all_partitions
            .retain(|p| !fixed_topics.contains(&p.topic));
        unassigned.retain(|p| !fixed_topics.contains(&p.topic));

        // ...and to consumers that can take part
        let mut fixed: Vec<(usize, Vec<TopicPartition>)> = Vec::new();
        for consumer in 0..self.current.len() {
            if !self.can_consumer_participate(consumer) {
                let k = self.key(consumer);
                self.sorted_subs.remove(&k);
                if let Some(list) = self.current[consumer].take() {
                    fixed.push((consumer, list));
                }
            }
        }

        let pre_balance = self.current.clone();
        let pre_balance_partition_consumer = self.partition_consumer.clone();

        if !self.revocation_required {
            self.perform_reassignments(&unassigned, prev);
        }
        let all = self.sorted_all_partitions.clone();
        let performed = self.perform_reassignments(&all, prev);

        if !initializing
            && performed
            && Self::balance_score(&self.current) >= Self::balance_score(&pre_balance)
        {
            // revert (Kafka does not re-sort sortedCurrentSubscriptions here; it is not read
            // again before the result is returned)
            self.current = pre_balance;
            self.partition_consumer = pre_balance_partition_consumer;
        }

        for (consumer, list) in fixed {
            self.current[consumer] = Some(list);
            let k = self.key(consumer);
            self.sorted_subs.insert(k);
        }
    }

    /// `performReassignments`: repeat until nothing moves; each pass walks the partitions while
    /// the assignment is not balanced.
    fn perform_reassignments(
        &mut self,
        partitions: &[TopicPartition],
        prev: &HashMap<TopicPartition, ConsumerGeneration>,
    ) -> bool {
        let mut performed = false;
        loop {
            let mut modified = false;
            for partition in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(&consumer) = self.partition_consumer.get(partition) else {
                    continue; // Kafka logs an error (and would fail right after)
                };
                let Some(consumer_size) = self.size(consumer) else {
                    continue;
                };
                if let Some(pg) = prev.get(partition) {
                    // Kafka would throw a NullPointerException if the previous owner is parked
                    // in fixedAssignments; that case falls through to the normal check here.
                    if let Some(prev_size) = self.size(pg.consumer) {
                        if consumer_size > prev_size + 1 {
                            self.reassign_partition_to(partition, pg.consumer);
                            performed = true;
                            modified = true;
                            continue;
                        }
                    }
                }
                let candidates = self
                    .topic_consumers
                    .get(&partition.topic)
                    .cloned()
                    .unwrap_or_default();
                for other in candidates {
                    let Some(other_size) = self.size(other) else {
                        continue;
                    };
                    if consumer_size > other_size + 1 {
                        self.reassign_partition(partition);
                        performed = true;
                        modified = true;
                        break;
                    }
                }
            }
            if !modified {
                break;
            }
        }
        performed
    }

    /// `reassignPartition(partition)`: to the least-loaded member subscribed to its topic.
    fn reassign_partition(&mut self, partition: &TopicPartition) {
        let found = self.sorted_subs.iter().find(|&&(_, r)| {
            let c = self.ctx.by_rank[r];
            self.consumer_topics[c].contains(&partition.topic)
        });
        if let Some(&(_, r)) = found {
            let new_consumer = self.ctx.by_rank[r];
            self.reassign_partition_to(partition, new_consumer);
        }
    }

    fn reassign_partition_to(&mut self, partition: &TopicPartition, new_consumer: usize) {
        let Some(&consumer) = self.partition_consumer.get(partition) else {
            return;
        };
        let to_move =
            self.movements
                .actual_partition_to_be_moved(partition, consumer, new_consumer);
        self.process_partition_movement(&to_move, new_consumer);
    }

    fn process_partition_movement(&mut self, partition: &TopicPartition, new_consumer: usize) {
        let Some(&old_consumer) = self.partition_consumer.get(partition) else {
            return;
        };
        if self.current[old_consumer].is_none() || self.current[new_consumer].is_none() {
            return;
        }
        let k_old = self.key(old_consumer);
        let k_new = self.key(new_consumer);
        self.sorted_subs.remove(&k_old);
        self.sorted_subs.remove(&k_new);

        self.movements
            .move_partition(partition, old_consumer, new_consumer);

        if let Some(list) = self.current[old_consumer].as_mut() {
            remove_first(list, partition);
        }
        if let Some(list) = self.current[new_consumer].as_mut() {
            list.push(partition.clone());
        }
        self.partition_consumer
            .insert(partition.clone(), new_consumer);
        let k_new = self.key(new_consumer);
        let k_old = self.key(old_consumer);
        self.sorted_subs.insert(k_new);
        self.sorted_subs.insert(k_old);
    }
}
