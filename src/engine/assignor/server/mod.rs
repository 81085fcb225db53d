//! Kafka's server-side consumer-group assignors (KIP-848, `group.remote.assignor`), ported from
//! Apache Kafka 4.3 (`group-coordinator/src/main/java/org/apache/kafka/coordinator/group/
//! assignor/`): `UniformAssignor` (built on `UniformHomogeneousAssignmentBuilder` and
//! `UniformHeterogeneousAssignmentBuilder`) and `RangeAssignor`, behind the
//! `ConsumerGroupPartitionAssignor` interface of `group-coordinator-api`.
//!
//! The playground models no racks. Kafka 4.3's `UniformAssignor` and `RangeAssignor` read no
//! rack information anyway (neither `MemberSubscription.rackId` nor
//! `SubscribedTopicDescriber.racksForPartition` is called by them or their builders), so the
//! port is rack-unaware without leaving any Kafka 4.3 code path out.
//!
//! Input normalisation (what the coordinator guarantees before `assign` runs in Kafka):
//! * topics are keyed by name here, by `Uuid` in Kafka. A subscribed topic that is missing from
//!   `partitions_per_topic` (or has 0 partitions) is skipped: in Kafka, `TopicIds` resolves the
//!   member's subscribed topic *names* against the metadata image and silently drops names it
//!   cannot resolve, so the assignors' "doesn't exist in the topic metadata" exceptions are only
//!   reached by tests that build a `GroupSpecImpl` by hand;
//! * the subscription type is `ModernGroup.subscriptionType`: HOMOGENEOUS when every member
//!   subscribes to exactly the same topic names (existing or not), HETEROGENEOUS otherwise.
//!   `ConsumerGroup.subscriptionType` also counts regular-expression subscriptions (all members
//!   on one single regex and no names: HOMOGENEOUS; any mix: HETEROGENEOUS); `MemberSpec` carries
//!   only the resulting topic names, so a mix of names and regexes that resolves to the same set
//!   for every member counts as HOMOGENEOUS here;
//! * static membership is the coordinator's business (`TargetAssignmentBuilder.build`): a static
//!   member rejoining under a new member id must arrive with its predecessor's target assignment,
//!   and the predecessor must not be passed too. The assignors only read `instance_id` (range);
//! * a member's current target assignment keeps only partitions that exist (topic present,
//!   partition below its count). Kafka's coordinator keeps target assignments disjoint; if the
//!   input repeats a partition, the first member in member-id order keeps it (stated order, Kafka
//!   never sees this);
//! * where Kafka iterates a `HashMap`/`HashSet` (member ids, topic `Uuid`s, partitions), this
//!   port iterates member ids and topic names in `BTreeMap` order and partitions ascending.
//!   Outcomes that depend on that order can differ from a given Kafka run (Kafka's own order
//!   depends on `Uuid` hash codes), but every invariant (exactly-once ownership, balance,
//!   stickiness) holds the same way.

use std::collections::{BTreeMap, BTreeSet};

mod heterogeneous;
mod homogeneous;
mod range;
#[cfg(test)]
mod tests;

/// `group.remote.assignor`: the server-side assignors of the consumer protocol.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ServerAssignor {
    Uniform,
    Range,
}

impl ServerAssignor {
    pub const ALL: [ServerAssignor; 2] = [ServerAssignor::Uniform, ServerAssignor::Range];

    /// `ConsumerGroupPartitionAssignor.name()`: "uniform", "range"
    /// (`UniformAssignor.NAME`, `RangeAssignor.NAME`).
    pub fn name(self) -> &'static str {
        match self {
            ServerAssignor::Uniform => "uniform",
            ServerAssignor::Range => "range",
        }
    }

    /// The name as `group.remote.assignor` takes it (what Kafka accepts; exact match like Kafka:
    /// the coordinator looks the client's name up in a
    /// `Map<String, ConsumerGroupPartitionAssignor>` keyed by `name()`).
    pub fn parse(name: &str) -> Option<ServerAssignor> {
        ServerAssignor::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// One member as the assignor sees it (`MemberSubscriptionAndAssignmentImpl`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberSpec {
    pub subscribed_topics: BTreeSet<String>,
    pub instance_id: Option<String>,
    /// The member's current target assignment: topic -> partitions.
    pub assignment: BTreeMap<String, BTreeSet<u32>>,
}

/// member id -> topic -> partitions. Every member in the input appears, even with nothing.
pub type GroupAssignment = BTreeMap<String, BTreeMap<String, BTreeSet<u32>>>;

/// One member's assignment: topic -> partitions.
type Assignment = BTreeMap<String, BTreeSet<u32>>;

/// A member after normalisation (see the module doc).
#[derive(Clone, Debug)]
struct Member {
    pub id: String,
    pub instance_id: Option<String>,
    /// The subscribed topics that exist (with at least one partition): what `TopicIds` yields.
    pub topics: BTreeSet<String>,
    /// The current target assignment, restricted to existing partitions, disjoint across members.
    pub assignment: Assignment,
}

/// `GroupSpec` + `SubscribedTopicDescriber`, normalised.
#[derive(Clone, Debug)]
struct Spec {
    /// In member-id order (stands for Kafka's `HashMap` key order).
    pub members: Vec<Member>,
    /// Existing topics with at least one partition: `SubscribedTopicDescriber.numPartitions`.
    pub partitions: BTreeMap<String, u32>,
    /// `GroupSpec.subscriptionType() == HOMOGENEOUS`.
    pub homogeneous: bool,
}

impl Spec {
    /// `SubscribedTopicDescriber.numPartitions` (0 for an unknown topic; Kafka returns -1, which
    /// normalisation makes unreachable).
    pub fn num_partitions(&self, topic: &str) -> u32 {
        self.partitions.get(topic).copied().unwrap_or(0)
    }
}

/// `ConsumerGroupPartitionAssignor.assign`: the subscription type (homogeneous or not) is worked
/// out here as `TargetAssignmentBuilder`/`GroupSpecImpl` do; `partitions_per_topic` holds the
/// topics that exist (a subscribed topic missing from it, or with 0 partitions, is skipped as
/// Kafka's `SubscribedTopicDescriber` does). Errors carry Kafka's `PartitionAssignorException`
/// message.
pub fn assign(
    kind: ServerAssignor,
    members: &BTreeMap<String, MemberSpec>,
    partitions_per_topic: &BTreeMap<String, u32>,
) -> Result<GroupAssignment, String> {
    run(kind, &normalize(members, partitions_per_topic))
}

/// Runs the assignor on a normalised spec; every member of the spec appears in the result.
fn run(kind: ServerAssignor, spec: &Spec) -> Result<GroupAssignment, String> {
    // `UniformAssignor.assign` / `RangeAssignor.assign`: no members, no assignment.
    let computed = if spec.members.is_empty() {
        GroupAssignment::new()
    } else {
        match (kind, spec.homogeneous) {
            (ServerAssignor::Uniform, true) => homogeneous::build(spec)?,
            (ServerAssignor::Uniform, false) => heterogeneous::build(spec),
            (ServerAssignor::Range, true) => range::assign_homogeneous(spec),
            (ServerAssignor::Range, false) => range::assign_heterogeneous(spec),
        }
    };
    // `TargetAssignmentBuilder.newMemberAssignment`: a member the assignor left out (Kafka returns
    // an empty map when no member subscribes to an existing topic) gets `Assignment.EMPTY`.
    let mut out = GroupAssignment::new();
    for member in &spec.members {
        let mut assignment = computed.get(&member.id).cloned().unwrap_or_default();
        assignment.retain(|_, parts| !parts.is_empty());
        out.insert(member.id.clone(), assignment);
    }
    Ok(out)
}

/// Builds the `GroupSpec` the coordinator would hand over (see the module doc).
fn normalize(
    members: &BTreeMap<String, MemberSpec>,
    partitions_per_topic: &BTreeMap<String, u32>,
) -> Spec {
    let partitions: BTreeMap<String, u32> = partitions_per_topic
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(t, n)| (t.clone(), *n))
        .collect();
    // `ModernGroup.subscriptionType`: HOMOGENEOUS iff every subscribed name is subscribed by every
    // member, i.e. all the name sets are equal (an empty group, or all-empty sets, is HOMOGENEOUS).
    let mut sets = members.values().map(|m| &m.subscribed_topics);
    let homogeneous = match sets.next() {
        None => true,
        Some(first) => sets.all(|s| s == first),
    };
    let mut claimed: BTreeSet<(&str, u32)> = BTreeSet::new();
    let mut out = Vec::with_capacity(members.len());
    for (id, m) in members {
        let topics: BTreeSet<String> = m
            .subscribed_topics
            .iter()
            .filter(|t| partitions.contains_key(*t))
            .cloned()
            .collect();
        let mut assignment = Assignment::new();
        for (topic, parts) in &m.assignment {
            let Some(n) = partitions.get(topic) else {
                continue;
            };
            let kept: BTreeSet<u32> = parts
                .iter()
                .copied()
                .filter(|p| *p < *n && claimed.insert((topic.as_str(), *p)))
                .collect();
            if !kept.is_empty() {
                assignment.insert(topic.clone(), kept);
            }
        }
        out.push(Member {
            id: id.clone(),
            instance_id: m.instance_id.clone(),
            topics,
            assignment,
        });
    }
    Spec {
        members: out,
        partitions,
        homogeneous,
    }
}
