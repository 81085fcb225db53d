//! `UniformHeterogeneousAssignmentBuilderTest` (rack-unaware tests). The builder's outcome
//! depends on the member order (Kafka's test uses a `TreeMap`, as here) and the topic id order
//! (the test's fixed ids sort like the topic names), so the expected results are Kafka's.

use super::*;

const U: ServerAssignor = ServerAssignor::Uniform;

/// `testAssignmentReuse` (both `rackAware` values): all members subscribe to the same topics
/// but the test runs the heterogeneous builder.
#[test]
fn assignment_reuse() {
    common_assignment_reuse(U, Heterogeneous);
}

/// `testReassignmentStickiness` (both `rackAware` values).
#[test]
fn reassignment_stickiness() {
    common_reassignment_stickiness(U, Heterogeneous);
}

/// `testTwoMembersNoTopicSubscription` (the test forces HETEROGENEOUS; two empty subscriptions
/// are HOMOGENEOUS for the coordinator, and both builders give nothing). Kafka returns no member
/// at all; `assign` reports each with an empty assignment.
#[test]
fn two_members_no_topic_subscription() {
    let topics = metadata(&[(T1, 3)]);
    let members = group(vec![(A, member(&[], &[])), (B, member(&[], &[]))]);
    let none = expected(&[(A, &[]), (B, &[])]);
    assert_eq!(assign_forced(U, Heterogeneous, &members, &topics), none);
    assert_eq!(assign_as(U, Homogeneous, &members, &topics), none);
}

/// `testTwoMembersSubscribedToNonexistentTopics`. Kafka's test passes unknown topic ids and
/// expects `PartitionAssignorException`; through the coordinator (`TopicIds`) unknown names are
/// dropped, so both members subscribe to nothing and get nothing.
#[test]
fn two_members_subscribed_to_nonexistent_topics() {
    let topics = metadata(&[(T1, 3)]);
    let members = group(vec![(A, member(&[T3], &[])), (B, member(&[T2], &[]))]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(result, expected(&[(A, &[]), (B, &[])]));
}

/// `testFirstAssignmentTwoMembersTwoTopics`.
#[test]
fn first_assignment_two_members_two_topics() {
    let topics = metadata(&[(T1, 3), (T3, 6)]);
    let members = group(vec![(A, member(&[T1, T3], &[])), (B, member(&[T3], &[]))]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1, 2]), (T3, &[4])]),
            (B, &[(T3, &[0, 1, 2, 3, 5])]),
        ])
    );
    check_validity(&members, &topics, &result);
}

/// `testFirstAssignmentNumMembersGreaterThanTotalNumPartitions`.
#[test]
fn first_assignment_num_members_greater_than_total_num_partitions() {
    let topics = metadata(&[(T1, 2), (T3, 1)]);
    let members = group(vec![
        (A, member(&[T3], &[])),
        (B, member(&[T3], &[])),
        (C, member(&[T1], &[])),
    ]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[(A, &[(T3, &[0])]), (B, &[]), (C, &[(T1, &[0, 1])])])
    );
    check_validity(&members, &topics, &result);
}

/// `testReassignmentForTwoMembersThreeTopicsGivenUnbalancedPrevAssignment`.
#[test]
fn reassignment_for_two_members_three_topics_given_unbalanced_prev_assignment() {
    let topics = metadata(&[(T1, 6), (T2, 4), (T3, 4)]);
    let members = group(vec![
        (A, member(&[T1], &[(T1, &[0, 1, 2])])),
        (B, member(&[T1, T2], &[(T1, &[3]), (T2, &[0])])),
        (
            C,
            member(
                &[T1, T2, T3],
                &[(T1, &[4, 5]), (T2, &[1, 2, 3]), (T3, &[0, 1, 2, 3])],
            ),
        ),
    ]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1, 2, 5])]),
            (B, &[(T1, &[3]), (T2, &[0, 1, 2, 3])]),
            (C, &[(T1, &[4]), (T3, &[0, 1, 2, 3])]),
        ])
    );
    check_validity(&members, &topics, &result);
}

/// `testReassignmentWhenPartitionsAreAddedForTwoMembers`.
#[test]
fn reassignment_when_partitions_are_added_for_two_members() {
    let topics = metadata(&[(T1, 6), (T2, 5), (T3, 3), (T4, 3)]);
    let members = group(vec![
        (A, member(&[T1, T3], &[(T1, &[0, 1, 2, 3]), (T3, &[0, 1])])),
        (
            B,
            member(&[T1, T2, T3, T4], &[(T2, &[0, 1, 2]), (T4, &[0, 1, 2])]),
        ),
    ]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1, 2, 3, 4, 5]), (T3, &[0, 1, 2])]),
            (B, &[(T2, &[0, 1, 2, 3, 4]), (T4, &[0, 1, 2])]),
        ])
    );
    check_validity(&members, &topics, &result);
}

/// `testReassignmentWhenOneMemberAddedAndPartitionsAddedTwoMembersTwoTopics`.
#[test]
fn reassignment_when_one_member_added_and_partitions_added_two_members_two_topics() {
    let topics = metadata(&[(T1, 6), (T2, 7)]);
    let members = group(vec![
        (A, member(&[T1], &[(T1, &[0, 2]), (T2, &[0])])),
        (B, member(&[T1, T2], &[(T1, &[1]), (T2, &[1, 2])])),
        (C, member(&[T1, T2], &[])),
    ]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 2, 3, 4, 5])]),
            (B, &[(T1, &[1]), (T2, &[1, 2, 6])]),
            (C, &[(T2, &[0, 3, 4, 5])]),
        ])
    );
    check_validity(&members, &topics, &result);
}

/// `testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersThreeTopics`.
#[test]
fn reassignment_when_one_member_removed_after_initial_assignment_with_three_members_three_topics() {
    let topics = metadata(&[(T1, 3), (T2, 8), (T3, 3)]);
    let members = group(vec![
        (A, member(&[T1, T3], &[(T1, &[0, 1, 2]), (T3, &[0, 1])])),
        (B, member(&[T2], &[(T2, &[3, 4, 5, 6])])),
    ]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T1, &[0, 1, 2]), (T3, &[0, 1, 2])]),
            (B, &[(T2, &[0, 1, 2, 3, 4, 5, 6, 7])]),
        ])
    );
    check_validity(&members, &topics, &result);
}

/// `testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics`.
#[test]
fn reassignment_when_one_subscription_removed_after_initial_assignment_with_two_members_two_topics()
{
    let topics = metadata(&[(T1, 3), (T2, 5)]);
    let members = group(vec![
        (A, member(&[T1], &[(T1, &[0, 2]), (T2, &[1, 3])])),
        (B, member(&[T1, T2], &[(T1, &[1]), (T2, &[0, 2, 4])])),
    ]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[(A, &[(T1, &[0, 1, 2])]), (B, &[(T2, &[0, 1, 2, 3, 4])]),])
    );
    check_validity(&members, &topics, &result);
}

/// `testReassignmentWhenTopicPartitionsRunOutAndMembersHaveNoPartitions`: the balancing loop
/// breaks when the most loaded member has no partition of the topic left. Both members subscribe
/// to the same topics (HOMOGENEOUS for the coordinator); the test forces the heterogeneous builder.
#[test]
fn reassignment_when_topic_partitions_run_out_and_members_have_no_partitions() {
    let topics = metadata(&[(T1, 2), (T2, 2), (T3, 2)]);
    let members = group(vec![
        (
            A,
            member(
                &[T1, T2, T3],
                &[(T1, &[0, 1]), (T2, &[0, 1]), (T3, &[0, 1])],
            ),
        ),
        (B, member(&[T1, T2, T3], &[])),
    ]);
    let result = assign_forced(U, Heterogeneous, &members, &topics);
    assert_eq!(
        result,
        expected(&[
            (A, &[(T2, &[0]), (T3, &[0, 1])]),
            (B, &[(T1, &[0, 1]), (T2, &[1])]),
        ])
    );
    check_validity_and_balance(&members, &topics, &result);
}

/// `testFirstAssignmentWithTwoMembersIncludingOneWithoutSubscriptions`.
#[test]
fn first_assignment_with_two_members_including_one_without_subscriptions() {
    let topics = metadata(&[(T1, 3)]);
    let members = group(vec![(A, member(&[T1], &[])), (B, member(&[], &[]))]);
    let result = assign_as(U, Heterogeneous, &members, &topics);
    assert_eq!(result, expected(&[(A, &[(T1, &[0, 1, 2])]), (B, &[])]));
    check_validity(&members, &topics, &result);
}
