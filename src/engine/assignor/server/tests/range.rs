//! `RangeAssignorTest` (rack-unaware tests). The range assignor's outcome depends only on the
//! member order (instance id, then member id: no `HashMap` order shows) and each topic's
//! subscriber count, so the expected results are Kafka's.

use super::*;

const R: ServerAssignor = ServerAssignor::Range;

/// `testReassignmentStickiness` (HOMOGENEOUS, both `rackAware` values).
#[test]
fn reassignment_stickiness_homogeneous() {
    common_reassignment_stickiness(R, Homogeneous);
}

/// `testReassignmentStickiness` (HETEROGENEOUS forced over identical subscriptions,
/// both `rackAware` values).
#[test]
fn reassignment_stickiness_heterogeneous() {
    common_reassignment_stickiness(R, Heterogeneous);
}

/// `testOneMemberNoTopic`: the member gets an empty assignment.
#[test]
fn one_member_no_topic() {
    let members = group(vec![(A, member(&[], &[]))]);
    let result = assign_as(R, Homogeneous, &members, &BTreeMap::new());
    assert_eq!(result, expected(&[(A, &[])]));
}

/// `testOneMemberSubscribedToNonExistentTopic`. Kafka's test passes an unknown topic id and
/// expects `PartitionAssignorException`; through the coordinator (`TopicIds`) the unknown name is
/// dropped and the member gets nothing.
#[test]
fn one_member_subscribed_to_non_existent_topic() {
    let topics = metadata(&[(T1, 3)]);
    let members = group(vec![(A, member(&[T2], &[]))]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(result, expected(&[(A, &[])]));
}

/// `testFirstAssignmentTwoMembersTwoTopicsSameSubscriptions`.
#[test]
fn first_assignment_two_members_two_topics_same_subscriptions() {
    let topics = metadata(&[(T1, 3), (T3, 2)]);
    let members = group(vec![
        (A, member(&[T1, T3], &[])),
        (B, member(&[T1, T3], &[])),
    ]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1]), (T3, &[0])]),
            (B, &[(T1, &[2]), (T3, &[1])]),
        ])
    );
}

/// `testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions`.
#[test]
fn first_assignment_three_members_three_topics_different_subscriptions() {
    let topics = metadata(&[(T1, 3), (T2, 3), (T3, 2)]);
    let members = group(vec![
        (A, member(&[T1, T2], &[])),
        (B, member(&[T3], &[])),
        (C, member(&[T2, T3], &[])),
    ]);
    let result = assign_as(R, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1, 2]), (T2, &[0, 1])]),
            (B, &[(T3, &[0])]),
            (C, &[(T2, &[2]), (T3, &[1])]),
        ])
    );
}

/// `testFirstAssignmentNumMembersGreaterThanNumPartitions`.
#[test]
fn first_assignment_num_members_greater_than_num_partitions() {
    let topics = metadata(&[(T1, 3), (T3, 2)]);
    let members = group(vec![
        (A, member(&[T1, T3], &[])),
        (B, member(&[T1, T3], &[])),
        (C, member(&[T1, T3], &[])),
    ]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0]), (T3, &[0])]),
            (B, &[(T1, &[1]), (T3, &[1])]),
            (C, &[(T1, &[2])]),
        ])
    );
}

/// `testStaticMembership`: a static member that rejoins with a new member id but the same
/// instance id gets the same partitions.
#[test]
fn static_membership() {
    let topics = metadata(&[(T1, 3)]);
    let mut members = group(vec![
        (A, static_member("instanceA", &[T1])),
        (B, static_member("instanceB", &[T1])),
    ]);
    let initial = assign_as(R, Homogeneous, &members, &topics);
    members.remove(A);
    members.insert("memberA1".to_string(), static_member("instanceA", &[T1]));
    let reassigned = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(initial[A], reassigned["memberA1"]);
    assert_eq!(initial[B], reassigned[B]);
}

/// `testMixedStaticMembership`.
#[test]
fn mixed_static_membership() {
    let topics = metadata(&[(T1, 5)]);
    let mut members = group(vec![
        (A, static_member("instanceA", &[T1])),
        (C, static_member("instanceC", &[T1])),
        (B, member(&[T1], &[])),
    ]);
    let initial = assign_as(R, Homogeneous, &members, &topics);
    members.remove(A);
    members.insert("memberA1".to_string(), static_member("instanceA", &[T1]));
    let reassigned = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(initial[A], reassigned["memberA1"]);
    assert_eq!(initial[B], reassigned[B]);
    assert_eq!(initial[C], reassigned[C]);
    // Static members first (instanceA, instanceC), then B.
    assert_eq!(
        initial,
        expected(&[
            (A, &[(T1, &[0, 1])]),
            (B, &[(T1, &[4])]),
            (C, &[(T1, &[2, 3])]),
        ])
    );
}

/// `testReassignmentNumMembersGreaterThanNumPartitionsWhenOneMemberAdded`.
#[test]
fn reassignment_num_members_greater_than_num_partitions_when_one_member_added() {
    let topics = metadata(&[(T1, 2), (T2, 2)]);
    let members = group(vec![
        (A, member(&[T1, T2], &[(T1, &[0]), (T2, &[0])])),
        (B, member(&[T1, T2], &[(T1, &[1]), (T2, &[1])])),
        (C, member(&[T1, T2], &[])),
    ]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0]), (T2, &[0])]),
            (B, &[(T1, &[1]), (T2, &[1])]),
            (C, &[]),
        ])
    );
}

/// `testReassignmentWhenOnePartitionAddedForTwoMembersTwoTopics`.
#[test]
fn reassignment_when_one_partition_added_for_two_members_two_topics() {
    let topics = metadata(&[(T1, 4), (T2, 4)]);
    let members = group(vec![
        (A, member(&[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])])),
        (B, member(&[T1, T2], &[(T1, &[2]), (T2, &[2])])),
    ]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1]), (T2, &[0, 1])]),
            (B, &[(T1, &[2, 3]), (T2, &[2, 3])]),
        ])
    );
}

/// `testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics`.
#[test]
fn reassignment_when_one_member_added_after_initial_assignment_with_two_members_two_topics() {
    let topics = metadata(&[(T1, 3), (T2, 3)]);
    let members = group(vec![
        (A, member(&[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])])),
        (B, member(&[T1, T2], &[(T1, &[2]), (T2, &[2])])),
        (C, member(&[T1, T2], &[])),
    ]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0]), (T2, &[0])]),
            (B, &[(T1, &[1]), (T2, &[1])]),
            (C, &[(T1, &[2]), (T2, &[2])]),
        ])
    );
}

/// `testReassignmentWhenOneMemberAddedAndOnePartitionAfterInitialAssignmentWithTwoMembersTwoTopics`.
#[test]
fn reassignment_when_one_member_added_and_one_partition_after_initial_assignment_with_two_members_two_topics(
) {
    let topics = metadata(&[(T1, 4), (T2, 3)]);
    let members = group(vec![
        (A, member(&[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])])),
        (B, member(&[T1, T2], &[(T1, &[2]), (T2, &[2])])),
        (C, member(&[T1], &[])),
    ]);
    let result = assign_as(R, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1]), (T2, &[0, 1])]),
            (B, &[(T1, &[2]), (T2, &[2])]),
            (C, &[(T1, &[3])]),
        ])
    );
}

/// `testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithTwoMembersTwoTopics`.
#[test]
fn reassignment_when_one_member_removed_after_initial_assignment_with_two_members_two_topics() {
    let topics = metadata(&[(T1, 3), (T2, 3)]);
    let members = group(vec![(B, member(&[T1, T2], &[(T1, &[2]), (T2, &[2])]))]);
    let result = assign_as(R, Homogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[(B, &[(T1, &[0, 1, 2]), (T2, &[0, 1, 2])])])
    );
}

/// `testReassignmentWhenMultipleSubscriptionsRemovedAfterInitialAssignmentWithThreeMembersTwoTopics`.
#[test]
fn reassignment_when_multiple_subscriptions_removed_after_initial_assignment_with_three_members_two_topics(
) {
    let topics = metadata(&[(T1, 3), (T2, 3), (T3, 2)]);
    let members = group(vec![
        (A, member(&[T1], &[(T1, &[0, 1, 2]), (T2, &[0])])),
        (B, member(&[T1, T2, T3], &[(T2, &[1])])),
        (C, member(&[T2], &[(T2, &[2]), (T3, &[0, 1])])),
    ]);
    let result = assign_as(R, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1])]),
            (B, &[(T1, &[2]), (T2, &[0, 1]), (T3, &[0, 1])]),
            (C, &[(T2, &[2])]),
        ])
    );
}
