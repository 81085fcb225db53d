//! Kafka's client-side consumer partition assignors, ported from Apache Kafka
//! (`clients/src/main/java/org/apache/kafka/clients/consumer/`): `RangeAssignor`,
//! `RoundRobinAssignor`, `StickyAssignor` and `CooperativeStickyAssignor` (both built on
//! `internals/AbstractStickyAssignor`).
//!
//! The playground models no racks, so only Kafka's rack-unaware code paths are ported
//! (with no `client.rack` configured Kafka never takes the rack-aware branches).
//!
//! Input normalisation (what Kafka's `AbstractPartitionAssignor.assign(Cluster, GroupSubscription)`
//! and the consumer protocol guarantee before an assignor runs):
//! * `partitions_per_topic` is narrowed to topics some member subscribes to and that have at
//!   least one partition (Kafka skips topics with no metadata or no partitions);
//! * members are keyed by member id (Kafka's `Map<String, Subscription>`): a repeated member id
//!   keeps its first position and its last subscription, like `HashMap.put`;
//! * a member's topics and owned partitions are sets in Kafka (they are serialized from `Set`s),
//!   so duplicates are dropped here, keeping the first occurrence.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use crate::engine::TopicPartition;

mod java;
pub mod server;
mod sticky;
#[cfg(test)]
mod tests;

pub use java::java_string_cmp;

/// The assignors a consumer can choose with `partition.assignment.strategy`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum AssignorKind {
    Range,
    RoundRobin,
    Sticky,
    CooperativeSticky,
}

/// `ConsumerPartitionAssignor.RebalanceProtocol`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RebalanceProtocol {
    Eager,
    Cooperative,
}

impl AssignorKind {
    pub const ALL: [AssignorKind; 4] = [
        AssignorKind::Range,
        AssignorKind::RoundRobin,
        AssignorKind::Sticky,
        AssignorKind::CooperativeSticky,
    ];

    /// The protocol name (`ConsumerPartitionAssignor.name()`), e.g. `RangeAssignor.RANGE_ASSIGNOR_NAME`.
    pub fn name(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "roundrobin",
            AssignorKind::Sticky => "sticky",
            AssignorKind::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// The fully qualified Java class name, as written in `partition.assignment.strategy`.
    pub fn class_name(self) -> &'static str {
        match self {
            AssignorKind::Range => "org.apache.kafka.clients.consumer.RangeAssignor",
            AssignorKind::RoundRobin => "org.apache.kafka.clients.consumer.RoundRobinAssignor",
            AssignorKind::Sticky => "org.apache.kafka.clients.consumer.StickyAssignor",
            AssignorKind::CooperativeSticky => {
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
            }
        }
    }

    fn simple_class_name(self) -> &'static str {
        let full = self.class_name();
        full.rsplit('.').next().unwrap_or(full)
    }

    /// Accepts the protocol name, the full class name or the simple class name.
    pub fn from_name(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.name() == s || k.class_name() == s || k.simple_class_name() == s)
    }

    /// `supportedProtocols()`: only `CooperativeStickyAssignor` supports COOPERATIVE (and it
    /// picks it whenever every member supports it).
    pub fn protocol(self) -> RebalanceProtocol {
        match self {
            AssignorKind::CooperativeSticky => RebalanceProtocol::Cooperative,
            _ => RebalanceProtocol::Eager,
        }
    }
}

/// One member's `ConsumerPartitionAssignor.Subscription`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// Subscribed topics (may name topics that do not exist: those are ignored).
    pub topics: Vec<String>,
    /// What the member owned before this rebalance (read by the sticky assignors).
    pub owned_partitions: Vec<TopicPartition>,
    /// The generation in which it owned them (`Subscription.generationId` / sticky userData).
    pub generation: Option<i32>,
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: members with a `group.instance.id` first,
/// ordered by it; then the others by member id (Java string order).
pub fn member_info_cmp(a: &Subscription, b: &Subscription) -> Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => java_string_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_string_cmp(&a.member_id, &b.member_id),
    }
}

/// Runs `kind` over the group. Returns one entry per member (possibly an empty list), each list
/// sorted by topic (Java string order) then partition.
pub fn assign(
    kind: AssignorKind,
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
) -> BTreeMap<String, Vec<TopicPartition>> {
    let members = normalize_members(subscriptions);
    if members.is_empty() {
        return BTreeMap::new();
    }
    let ppt = subscribed_partitions_per_topic(partitions_per_topic, &members);
    let raw: Vec<Vec<TopicPartition>> = match kind {
        AssignorKind::Range => range(&ppt, &members),
        AssignorKind::RoundRobin => round_robin(&ppt, &members),
        AssignorKind::Sticky => sticky::assign(&ppt, &members, false),
        AssignorKind::CooperativeSticky => sticky::assign(&ppt, &members, true),
    };
    let mut out = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let mut list = raw.get(i).cloned().unwrap_or_default();
        sort_partitions(&mut list);
        out.insert(m.member_id.clone(), list);
    }
    out
}

/// Sorts by topic (Java string order), then partition.
pub(crate) fn sort_partitions(list: &mut [TopicPartition]) {
    crate::engine::sort::sort_by(list, tp_cmp);
}

/// `Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition)`.
pub(crate) fn tp_cmp(a: &TopicPartition, b: &TopicPartition) -> Ordering {
    java_string_cmp(&a.topic, &b.topic).then(a.partition.cmp(&b.partition))
}

pub(crate) fn tp(topic: &str, partition: u32) -> TopicPartition {
    TopicPartition {
        topic: topic.to_string(),
        partition,
    }
}

/// Members in the order the group coordinator put them into the `HashMap` it hands the
/// assignor (first occurrence of a member id; last subscription for it), topics and owned
/// partitions de-duplicated.
fn normalize_members(subscriptions: &[Subscription]) -> Vec<Subscription> {
    let mut members: Vec<Subscription> = Vec::new();
    for s in subscriptions {
        let mut s = s.clone();
        let mut seen_topics = BTreeSet::new();
        s.topics.retain(|t| seen_topics.insert(t.clone()));
        let mut seen_tps = BTreeSet::new();
        s.owned_partitions.retain(|p| seen_tps.insert(p.clone()));
        match members.iter_mut().find(|m| m.member_id == s.member_id) {
            Some(existing) => *existing = s,
            None => members.push(s),
        }
    }
    members
}

/// `AbstractPartitionAssignor.assign(Cluster, GroupSubscription)`: only subscribed topics with
/// metadata and at least one partition reach the assignor.
fn subscribed_partitions_per_topic(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &[Subscription],
) -> BTreeMap<String, u32> {
    crate::engine::sort::btree_map(
        partitions_per_topic
            .iter()
            .filter(|(t, n)| **n > 0 && members.iter().any(|m| m.topics.contains(t)))
            .map(|(t, n)| (t.clone(), *n)),
    )
}

/// `RangeAssignor.assignPartitions` (rack-unaware path: `assignRanges` with `mayAssign` always
/// true). Per topic, its subscribers in `MemberInfo` order; partitions in numeric order; each
/// consumer gets `n / c`, the first `n % c` one more.
fn range(ppt: &BTreeMap<String, u32>, members: &[Subscription]) -> Vec<Vec<TopicPartition>> {
    let mut out = vec![Vec::new(); members.len()];
    for (topic, &n) in ppt {
        let mut consumers: Vec<usize> = (0..members.len())
            .filter(|&i| members[i].topics.contains(topic))
            .collect();
        if consumers.is_empty() {
            continue;
        }
        crate::engine::sort::sort_by(&mut consumers, |&a, &b| {
            member_info_cmp(&members[a], &members[b])
        });
        let c = consumers.len() as u64;
        let per = u64::from(n) / c;
        let mut extra = u64::from(n) % c;
        let mut next: u64 = 0;
        // TopicAssignmentState.maxAssignable / onAssigned: each consumer takes up to
        // numPartitionsPerConsumer (+1 while consumers with an extra partition remain).
        for &m in &consumers {
            if next >= u64::from(n) {
                break;
            }
            let take = per + u64::from(extra > 0);
            if take > per {
                extra -= 1;
            }
            let end = (next + take).min(u64::from(n));
            for p in next..end {
                out[m].push(tp(topic, p as u32));
            }
            next = end;
        }
    }
    out
}

/// `RoundRobinAssignor.assign`: all partitions of all subscribed topics (topics in Java string
/// order via a `TreeSet`, partitions `0..n`), dealt over one `CircularIterator` of all members
/// in `MemberInfo` order. For each partition Kafka runs
/// `while (!subscribed(assigner.peek())) assigner.next(); assign(assigner.next())`, so skipped
/// members are consumed from the circle as well.
fn round_robin(ppt: &BTreeMap<String, u32>, members: &[Subscription]) -> Vec<Vec<TopicPartition>> {
    let mut out = vec![Vec::new(); members.len()];
    let mut order: Vec<usize> = (0..members.len()).collect();
    crate::engine::sort::sort_by(&mut order, |&a, &b| {
        member_info_cmp(&members[a], &members[b])
    });
    if order.is_empty() {
        return out;
    }
    let mut topics: Vec<&String> = ppt.keys().collect();
    crate::engine::sort::sort_by(&mut topics, |a, b| java_string_cmp(a, b));
    // CircularIterator: `cursor` is the index of the value `peek()` returns.
    let mut cursor = 0usize;
    for topic in topics {
        let n = ppt.get(topic).copied().unwrap_or(0);
        // Every topic in `ppt` has a subscriber, so the skip loop ends within one lap; the
        // bound only guards against a broken invariant.
        if !order.iter().any(|&m| members[m].topics.contains(topic)) {
            continue;
        }
        for p in 0..n {
            let mut guard = 0;
            while !members[order[cursor]].topics.contains(topic) && guard <= order.len() {
                cursor = (cursor + 1) % order.len();
                guard += 1;
            }
            out[order[cursor]].push(tp(topic, p));
            cursor = (cursor + 1) % order.len();
        }
    }
    out
}
