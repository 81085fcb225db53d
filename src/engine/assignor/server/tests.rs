//! Transcriptions of Kafka 4.3's server-side assignor tests (group-coordinator/src/test/java/org/
//! apache/kafka/coordinator/group/assignor/: UniformHomogeneousAssignmentBuilderTest,
//! UniformHeterogeneousAssignmentBuilderTest, RangeAssignorTest, CommonAssignorTests). Each test
//! names the Java method it follows. The `rackAware = true` variants of the CommonAssignorTests
//! only add member and partition racks, which Kafka 4.3's uniform and range assignors never read;
//! `MemberSpec` has no rack, so those variants are the `rackAware = false` runs here.
//!
//! Kafka's tests build a `GroupSpecImpl` by hand and pass the subscription type explicitly;
//! `assign_as` checks that `assign` works out the same type and runs `assign`, `assign_forced`
//! runs the builders with the Java test's type where it differs from what the coordinator would
//! compute. Kafka's tests fill a `TreeMap` of members, so their member order is the member-id
//! order used here; their topic `Uuid`s ("T1-…" < "T2-…" < "T3-…" < "T4-…", or random in
//! RangeAssignorTest, where topics never interact) sort like the topic names.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

const T1: &str = "topic1";
const T2: &str = "topic2";
const T3: &str = "topic3";
const T4: &str = "topic4";
const A: &str = "A";
const B: &str = "B";
const C: &str = "C";

type Owned<'a> = &'a [(&'a str, &'a [u32])];

fn parts(list: &[u32]) -> BTreeSet<u32> {
    list.iter().copied().collect()
}

/// `mkAssignment(mkTopicAssignment(...), ...)`.
fn mk_assignment(owned: Owned) -> Assignment {
    owned
        .iter()
        .map(|(t, p)| (t.to_string(), parts(p)))
        .collect()
}

/// `new MemberSubscriptionAndAssignmentImpl(Optional.empty(), Optional.empty(), topics,
/// assignment)`.
fn member(topics: &[&str], owned: Owned) -> MemberSpec {
    MemberSpec {
        subscribed_topics: topics.iter().map(|t| t.to_string()).collect(),
        instance_id: None,
        assignment: mk_assignment(owned),
    }
}

/// A member with an instance id and no assignment.
fn static_member(instance_id: &str, topics: &[&str]) -> MemberSpec {
    MemberSpec {
        instance_id: Some(instance_id.to_string()),
        ..member(topics, &[])
    }
}

fn group(entries: Vec<(&str, MemberSpec)>) -> BTreeMap<String, MemberSpec> {
    entries
        .into_iter()
        .map(|(id, m)| (id.to_string(), m))
        .collect()
}

/// `new MetadataImageBuilder().addTopic(...)...build()`.
fn metadata(topics: &[(&str, u32)]) -> BTreeMap<String, u32> {
    topics.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn expected(entries: &[(&str, Owned)]) -> GroupAssignment {
    entries
        .iter()
        .map(|(id, owned)| (id.to_string(), mk_assignment(owned)))
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SubscriptionType {
    Homogeneous,
    Heterogeneous,
}
use SubscriptionType::{Heterogeneous, Homogeneous};

/// `assignor.assign(new GroupSpecImpl(members, type, ...), describer)` where `type` is what the
/// coordinator would compute: checks that, then runs the public `assign`.
fn assign_as(
    kind: ServerAssignor,
    ty: SubscriptionType,
    members: &BTreeMap<String, MemberSpec>,
    topics: &BTreeMap<String, u32>,
) -> GroupAssignment {
    let spec = normalize(members, topics);
    assert_eq!(spec.homogeneous, ty == Homogeneous, "subscription type");
    assign(kind, members, topics).expect("assign")
}

/// The builders run with the Java test's subscription type even where the coordinator would
/// compute another one.
fn assign_forced(
    kind: ServerAssignor,
    ty: SubscriptionType,
    members: &BTreeMap<String, MemberSpec>,
    topics: &BTreeMap<String, u32>,
) -> GroupAssignment {
    let mut spec = normalize(members, topics);
    spec.homogeneous = ty == Homogeneous;
    run(kind, &spec).expect("assign")
}

fn size(assignment: &Assignment) -> usize {
    assignment.values().map(BTreeSet::len).sum()
}

/// Each member holds only partitions of topics it subscribes to that exist, below the topic's
/// partition count; no partition is held twice; every partition of a topic someone subscribes to
/// is held. Every input member appears in the result.
pub(super) fn check_validity(
    members: &BTreeMap<String, MemberSpec>,
    topics: &BTreeMap<String, u32>,
    result: &GroupAssignment,
) {
    assert_eq!(
        result.keys().collect::<Vec<_>>(),
        members.keys().collect::<Vec<_>>(),
        "every member appears"
    );
    let mut owner: BTreeMap<(&str, u32), &str> = BTreeMap::new();
    for (id, assignment) in result {
        let spec = &members[id];
        for (topic, ps) in assignment {
            assert!(!ps.is_empty(), "{id} has an empty entry for {topic}");
            assert!(
                spec.subscribed_topics.contains(topic),
                "{topic} is assigned to {id}, which does not subscribe to it"
            );
            let n = topics.get(topic).copied().unwrap_or(0);
            for p in ps {
                assert!(*p < n, "{topic}-{p} does not exist");
                if let Some(other) = owner.insert((topic.as_str(), *p), id.as_str()) {
                    panic!("{topic}-{p} is assigned to both {other} and {id}");
                }
            }
        }
    }
    for (topic, n) in topics {
        if members
            .values()
            .any(|m| m.subscribed_topics.contains(topic))
        {
            for p in 0..*n {
                assert!(
                    owner.contains_key(&(topic.as_str(), p)),
                    "{topic}-{p} is unassigned"
                );
            }
        }
    }
}

/// `checkValidityAndBalance` (UniformHomogeneousAssignmentBuilderTest): validity, and member sizes
/// differ by at most one.
fn check_validity_and_balance(
    members: &BTreeMap<String, MemberSpec>,
    topics: &BTreeMap<String, u32>,
    result: &GroupAssignment,
) {
    check_validity(members, topics, result);
    let sizes: Vec<usize> = result.values().map(size).collect();
    let (min, max) = (sizes.iter().min(), sizes.iter().max());
    if let (Some(min), Some(max)) = (min, max) {
        assert!(max - min <= 1, "unbalanced sizes {sizes:?}");
    }
}

/// `member`'s previous partitions that it still holds.
fn kept(previous: &MemberSpec, now: &Assignment) -> bool {
    previous.assignment.iter().all(|(t, ps)| {
        ps.iter()
            .all(|p| now.get(t).is_some_and(|now| now.contains(p)))
    })
}

/// Feeds `result` back as every member's current assignment.
fn with_assignment(
    members: &BTreeMap<String, MemberSpec>,
    result: &GroupAssignment,
) -> BTreeMap<String, MemberSpec> {
    members
        .iter()
        .map(|(id, m)| {
            let mut m = m.clone();
            m.assignment = result.get(id).cloned().unwrap_or_default();
            (id.clone(), m)
        })
        .collect()
}

fn common_topics() -> BTreeMap<String, u32> {
    metadata(&[(T1, 2), (T2, 5), (T3, 7)])
}

fn common_members() -> BTreeMap<String, MemberSpec> {
    group(vec![
        (A, member(&[T1, T2, T3], &[])),
        (B, member(&[T1, T2, T3], &[])),
        (C, member(&[T1, T2, T3], &[])),
    ])
}

/// `CommonAssignorTests.testAssignmentReuse` (both `rackAware` values: the racks are not read):
/// a second run over the first run's result hands back the same assignment. (Kafka asserts
/// `assertSame` on the maps; equality is what shows here.)
fn common_assignment_reuse(kind: ServerAssignor, ty: SubscriptionType) {
    let topics = common_topics();
    let members = common_members();
    let first = assign_forced(kind, ty, &members, &topics);
    let second = assign_forced(kind, ty, &with_assignment(&members, &first), &topics);
    assert_eq!(first, second);
}

/// `CommonAssignorTests.testReassignmentStickiness` (both `rackAware` values: the racks are not
/// read): with the first result fed back, the builders return it whatever order the members
/// are visited in (the Java test permutes a `LinkedHashMap`; here the normalised member list is
/// permuted).
fn common_reassignment_stickiness(kind: ServerAssignor, ty: SubscriptionType) {
    let topics = common_topics();
    let members = common_members();
    let first = assign_forced(kind, ty, &members, &topics);
    let orders = [
        [A, B, C],
        [A, C, B],
        [B, A, C],
        [B, C, A],
        [C, A, B],
        [C, B, A],
    ];
    for order in orders {
        let mut spec = normalize(&with_assignment(&members, &first), &topics);
        spec.homogeneous = ty == Homogeneous;
        let by_id: BTreeMap<String, Member> = spec
            .members
            .iter()
            .map(|m| (m.id.clone(), m.clone()))
            .collect();
        spec.members = order.iter().map(|id| by_id[*id].clone()).collect();
        assert_eq!(run(kind, &spec).expect("assign"), first, "order {order:?}");
    }
}

#[test]
fn names_parse_exactly() {
    for kind in ServerAssignor::ALL {
        assert_eq!(ServerAssignor::parse(kind.name()), Some(kind));
    }
    assert_eq!(ServerAssignor::Uniform.name(), "uniform");
    assert_eq!(ServerAssignor::Range.name(), "range");
    assert_eq!(ServerAssignor::parse("Uniform"), None);
    assert_eq!(ServerAssignor::parse(" range"), None);
    assert_eq!(ServerAssignor::parse("sticky"), None);
}

#[test]
fn empty_group_gets_empty_assignment() {
    for kind in ServerAssignor::ALL {
        assert_eq!(
            assign(kind, &BTreeMap::new(), &metadata(&[(T1, 3)])),
            Ok(GroupAssignment::new())
        );
    }
}

/// Not a Kafka test: inputs the coordinator never builds (a partition held twice, a partition
/// beyond the topic's count, a deleted topic) are normalised instead of failing.
#[test]
fn invalid_current_assignments_are_normalised() {
    let topics = metadata(&[(T1, 2)]);
    let members = group(vec![
        (A, member(&[T1], &[(T1, &[0, 1, 7]), (T2, &[0])])),
        (B, member(&[T1], &[(T1, &[0, 1])])),
    ]);
    for kind in ServerAssignor::ALL {
        let result = assign(kind, &members, &topics).expect("assign");
        check_validity_and_balance(&members, &topics, &result);
    }
    // A keeps what it listed first; B's copies are dropped, so B starts from nothing.
    let result = assign(ServerAssignor::Uniform, &members, &topics).expect("assign");
    assert_eq!(result, expected(&[(A, &[(T1, &[0])]), (B, &[(T1, &[1])])]));
}

mod uniform_homogeneous {
    use super::*;
    const U: ServerAssignor = ServerAssignor::Uniform;

    // The test's fixed topic ids land in a 16-bucket `HashSet`/`HashMap` at buckets 10 (topic1,
    // "T1-A4s3VTwiI5CTbEp6POw"), 1 (topic2) and 9 (topic3): Kafka iterates topic2, topic3,
    // topic1. Renamed so that their names sort that way, the topics come out of this port in
    // Kafka's order, and Kafka's exact expectations hold.
    const J1: &str = "z-topic1";
    const J2: &str = "x-topic2";
    const J3: &str = "y-topic3";

    /// `UniformHomogeneousAssignmentBuilderTest.testAssignmentReuse` (both `rackAware` values).
    #[test]
    fn assignment_reuse() {
        common_assignment_reuse(U, Homogeneous);
    }

    /// `UniformHomogeneousAssignmentBuilderTest.testReassignmentStickiness` (both `rackAware`
    /// values).
    #[test]
    fn reassignment_stickiness() {
        common_reassignment_stickiness(U, Homogeneous);
    }

    /// `testOneMemberNoTopicSubscription`. Kafka returns no member at all (`Map.of()`); the
    /// coordinator then gives the member `Assignment.EMPTY`, which `assign` reports.
    #[test]
    fn one_member_no_topic_subscription() {
        let topics = metadata(&[(T1, 3)]);
        let members = group(vec![(A, member(&[], &[]))]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        assert_eq!(result, expected(&[(A, &[])]));
    }

    /// `testOneMemberSubscribedToNonexistentTopic`. Kafka's test hands the assignor an unknown
    /// topic id and expects `PartitionAssignorException`; through the coordinator `TopicIds` drops
    /// names missing from the metadata, so the member subscribes to nothing and gets nothing.
    #[test]
    fn one_member_subscribed_to_nonexistent_topic() {
        let topics = metadata(&[(T1, 3)]);
        let members = group(vec![(A, member(&[T2], &[]))]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        assert_eq!(result, expected(&[(A, &[])]));
    }

    /// `testFirstAssignmentTwoMembersTwoTopicsNoMemberRacks`. Kafka expects A: topic3-0,1 and
    /// B: topic1-0,1,2: the never-assigned partitions are listed in the `HashSet<Uuid>` order of
    /// the topic ids, which put topic3 first. Order-independent: A (first member) gives up the
    /// extra partition (2 vs 3). Under this port's topic-name order topic1 comes first.
    #[test]
    fn first_assignment_two_members_two_topics_no_member_racks() {
        let topics = metadata(&[(T1, 3), (T3, 2)]);
        let members = group(vec![
            (A, member(&[T1, T3], &[])),
            (B, member(&[T1, T3], &[])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        check_validity_and_balance(&members, &topics, &result);
        assert_eq!((size(&result[A]), size(&result[B])), (2, 3));
        // This port's deterministic outcome (topic-name order), not Kafka's:
        assert_eq!(
            result,
            expected(&[(A, &[(T1, &[0, 1])]), (B, &[(T1, &[2]), (T3, &[0, 1])])])
        );
        // Kafka's expectation, with names in Kafka's iteration order:
        let topics = metadata(&[(J1, 3), (J3, 2)]);
        let members = group(vec![
            (A, member(&[J1, J3], &[])),
            (B, member(&[J1, J3], &[])),
        ]);
        assert_eq!(
            assign_as(U, Homogeneous, &members, &topics),
            expected(&[(A, &[(J3, &[0, 1])]), (B, &[(J1, &[0, 1, 2])])])
        );
    }

    /// `testFirstAssignmentNumMembersGreaterThanTotalNumPartitions`.
    #[test]
    fn first_assignment_num_members_greater_than_total_num_partitions() {
        let topics = metadata(&[(T3, 2)]);
        let members = group(vec![
            (A, member(&[T3], &[])),
            (B, member(&[T3], &[])),
            (C, member(&[T3], &[])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        assert_eq!(
            result,
            expected(&[(A, &[]), (B, &[(T3, &[0])]), (C, &[(T3, &[1])])])
        );
        check_validity_and_balance(&members, &topics, &result);
    }

    /// `testValidityAndBalanceForLargeSampleSet`: 100 topics of 3 partitions, 49 members.
    #[test]
    fn validity_and_balance_for_large_sample_set() {
        let names: Vec<String> = (1..101).map(|i| format!("topic-{i}")).collect();
        let topics: BTreeMap<String, u32> = names.iter().map(|t| (t.clone(), 3)).collect();
        let subscribed: Vec<&str> = names.iter().map(String::as_str).collect();
        let members: BTreeMap<String, MemberSpec> = (1..50)
            .map(|i| (format!("member{i}"), member(&subscribed, &[])))
            .collect();
        let result = assign_as(U, Homogeneous, &members, &topics);
        check_validity_and_balance(&members, &topics, &result);
    }

    /// `testReassignmentForTwoMembersTwoTopicsGivenUnbalancedPrevAssignment` (Kafka orders the
    /// previous assignment with `mkOrderedAssignment`: topic1 then topic2, as here).
    #[test]
    fn reassignment_for_two_members_two_topics_given_unbalanced_prev_assignment() {
        let topics = metadata(&[(T1, 3), (T2, 3)]);
        let members = group(vec![
            (A, member(&[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])])),
            (B, member(&[T1, T2], &[(T1, &[2]), (T2, &[2])])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        assert_eq!(
            result,
            expected(&[
                (A, &[(T1, &[0, 1]), (T2, &[0])]),
                (B, &[(T1, &[2]), (T2, &[1, 2])]),
            ])
        );
        check_validity_and_balance(&members, &topics, &result);
    }

    /// `testReassignmentWhenPartitionsAreAddedForTwoMembersTwoTopics`. Kafka expects
    /// A: topic1-0,2 topic2-0,3,4 and B: topic1-1,3,4,5 topic2-1,2: which new partitions go to A
    /// follows the `HashSet<Uuid>` order of the topics (topic2 first there). Order-independent:
    /// both keep everything they had, A gets 5 and B 6 (A gives up the extra partition).
    #[test]
    fn reassignment_when_partitions_are_added_for_two_members_two_topics() {
        let topics = metadata(&[(T1, 6), (T2, 5)]);
        let members = group(vec![
            (A, member(&[T1, T2], &[(T1, &[0, 2]), (T2, &[0])])),
            (B, member(&[T1, T2], &[(T1, &[1]), (T2, &[1, 2])])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        check_validity_and_balance(&members, &topics, &result);
        assert!(kept(&members[A], &result[A]) && kept(&members[B], &result[B]));
        assert_eq!((size(&result[A]), size(&result[B])), (5, 6));
        // This port's deterministic outcome (topic-name order), not Kafka's:
        assert_eq!(
            result,
            expected(&[
                (A, &[(T1, &[0, 2, 3, 4]), (T2, &[0])]),
                (B, &[(T1, &[1, 5]), (T2, &[1, 2, 3, 4])]),
            ])
        );
        // Kafka's expectation, with names in Kafka's iteration order:
        let topics = metadata(&[(J1, 6), (J2, 5)]);
        let members = group(vec![
            (A, member(&[J1, J2], &[(J1, &[0, 2]), (J2, &[0])])),
            (B, member(&[J1, J2], &[(J1, &[1]), (J2, &[1, 2])])),
        ]);
        assert_eq!(
            assign_as(U, Homogeneous, &members, &topics),
            expected(&[
                (A, &[(J1, &[0, 2]), (J2, &[0, 3, 4])]),
                (B, &[(J1, &[1, 3, 4, 5]), (J2, &[1, 2])]),
            ])
        );
    }

    /// `testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics`.
    #[test]
    fn reassignment_when_one_member_added_after_initial_assignment_with_two_members_two_topics() {
        let topics = metadata(&[(T1, 3), (T2, 3)]);
        let members = group(vec![
            (A, member(&[T1, T2], &[(T1, &[0, 2]), (T2, &[0])])),
            (B, member(&[T1, T2], &[(T1, &[1]), (T2, &[1, 2])])),
            (C, member(&[T1, T2], &[])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        assert_eq!(
            result,
            expected(&[
                (A, &[(T1, &[0, 2])]),
                (B, &[(T1, &[1]), (T2, &[1])]),
                (C, &[(T2, &[0, 2])]),
            ])
        );
        check_validity_and_balance(&members, &topics, &result);
    }

    /// `testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersTwoTopics`.
    /// Kafka expects A: topic1-0 topic2-0,2 and B: topic1-1,2 topic2-1: who gets topic1-2 and who
    /// topic2-2 follows the `HashSet<Uuid>` order of the topics. Order-independent: each keeps
    /// its two partitions and gets one of the two freed ones.
    #[test]
    fn reassignment_when_one_member_removed_after_initial_assignment_with_three_members_two_topics()
    {
        let topics = metadata(&[(T1, 3), (T2, 3)]);
        let members = group(vec![
            (A, member(&[T1, T2], &[(T1, &[0]), (T2, &[0])])),
            (B, member(&[T1, T2], &[(T1, &[1]), (T2, &[1])])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        check_validity_and_balance(&members, &topics, &result);
        assert!(kept(&members[A], &result[A]) && kept(&members[B], &result[B]));
        assert_eq!((size(&result[A]), size(&result[B])), (3, 3));
        // This port's deterministic outcome (topic-name order), not Kafka's:
        assert_eq!(
            result,
            expected(&[
                (A, &[(T1, &[0, 2]), (T2, &[0])]),
                (B, &[(T1, &[1]), (T2, &[1, 2])]),
            ])
        );
        // Kafka's expectation, with names in Kafka's iteration order:
        let topics = metadata(&[(J1, 3), (J2, 3)]);
        let members = group(vec![
            (A, member(&[J1, J2], &[(J1, &[0]), (J2, &[0])])),
            (B, member(&[J1, J2], &[(J1, &[1]), (J2, &[1])])),
        ]);
        assert_eq!(
            assign_as(U, Homogeneous, &members, &topics),
            expected(&[
                (A, &[(J1, &[0]), (J2, &[0, 2])]),
                (B, &[(J1, &[1, 2]), (J2, &[1])]),
            ])
        );
    }

    /// `testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics`.
    #[test]
    fn reassignment_when_one_subscription_removed_after_initial_assignment_with_two_members_two_topics(
    ) {
        let topics = metadata(&[(T1, 2), (T2, 2)]);
        let members = group(vec![
            (A, member(&[T2], &[(T1, &[0]), (T2, &[0])])),
            (B, member(&[T2], &[(T1, &[1]), (T2, &[1])])),
        ]);
        let result = assign_as(U, Homogeneous, &members, &topics);
        assert_eq!(result, expected(&[(A, &[(T2, &[0])]), (B, &[(T2, &[1])])]));
        check_validity_and_balance(&members, &topics, &result);
    }
}

mod heterogeneous;
mod props;
mod range;
