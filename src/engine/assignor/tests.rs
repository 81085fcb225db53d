//! Transcriptions of Kafka's assignor unit tests (clients/src/test/java/org/apache/kafka/clients/
//! consumer/: RangeAssignorTest, RoundRobinAssignorTest, StickyAssignorTest,
//! CooperativeStickyAssignorTest, internals/AbstractStickyAssignorTest,
//! internals/AbstractPartitionAssignorTest) without racks, client metadata or userData
//! serialization. Each test names the Java method it follows.
//!
//! Kafka's tests fill a `HashMap<String, Subscription>`; here `Group` keeps the members in
//! insertion order (put on an existing key keeps its place, remove + put moves it to the end),
//! which is what `assign` takes as the HashMap insertion order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::*;

fn tp(topic: &str, partition: u32) -> TopicPartition {
    TopicPartition {
        topic: topic.to_string(),
        partition,
    }
}

fn ppt(entries: &[(&str, u32)]) -> BTreeMap<String, u32> {
    entries.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn topics(ts: &[&str]) -> Vec<String> {
    ts.iter().map(|t| t.to_string()).collect()
}

fn set(list: &[TopicPartition]) -> BTreeSet<TopicPartition> {
    list.iter().cloned().collect()
}

fn sorted(mut list: Vec<TopicPartition>) -> Vec<TopicPartition> {
    super::sort_partitions(&mut list);
    list
}

/// `new Subscription(topics)` / `subscription(topics, i)` (no owned partitions, DEFAULT_GENERATION).
fn subscription(id: &str, ts: &[&str]) -> Subscription {
    Subscription {
        member_id: id.to_string(),
        group_instance_id: None,
        topics: topics(ts),
        owned_partitions: Vec::new(),
        generation: None,
    }
}

/// `buildSubscriptionV2Above(topics, partitions, generation, i)`.
fn owned_subscription(
    id: &str,
    ts: &[&str],
    owned: &[TopicPartition],
    generation: i32,
) -> Subscription {
    Subscription {
        member_id: id.to_string(),
        group_instance_id: None,
        topics: topics(ts),
        owned_partitions: owned.to_vec(),
        generation: if generation == -1 {
            None
        } else {
            Some(generation)
        },
    }
}

fn static_subscription(id: &str, instance: &str, ts: &[&str]) -> Subscription {
    Subscription {
        group_instance_id: Some(instance.to_string()),
        ..subscription(id, ts)
    }
}

/// Kafka's test `subscriptions` HashMap, in insertion order.
#[derive(Clone, Default)]
struct Group {
    subs: Vec<Subscription>,
}

impl Group {
    fn put(&mut self, s: Subscription) {
        match self.subs.iter_mut().find(|x| x.member_id == s.member_id) {
            Some(x) => *x = s,
            None => self.subs.push(s),
        }
    }
    fn remove(&mut self, id: &str) {
        self.subs.retain(|s| s.member_id != id);
    }
    fn get(&self, id: &str) -> &Subscription {
        self.subs
            .iter()
            .find(|s| s.member_id == id)
            .expect("member")
    }
}

type Assignment = BTreeMap<String, Vec<TopicPartition>>;

fn get<'a>(a: &'a Assignment, id: &str) -> &'a [TopicPartition] {
    a.get(id).map(Vec::as_slice).expect("member in assignment")
}

/// AbstractStickyAssignorTest.isFullyBalanced
fn is_fully_balanced(a: &Assignment) -> bool {
    let min = a.values().map(Vec::len).min().unwrap_or(0);
    let max = a.values().map(Vec::len).max().unwrap_or(0);
    max - min <= 1
}

/// AbstractStickyAssignorTest.verifyValidityAndBalance: every partition subscribed, no partition
/// twice, and no topic shared by two members whose sizes differ by more than one.
fn verify_validity_and_balance_base(group: &Group, a: &Assignment) {
    assert_eq!(group.subs.len(), a.len());
    let consumers: Vec<&String> = a.keys().collect();
    for (i, c) in consumers.iter().enumerate() {
        let partitions = get(a, c);
        for p in partitions {
            assert!(
                group.get(c).topics.contains(&p.topic),
                "{p:?} assigned to {c} which does not subscribe to it: {a:?}"
            );
        }
        for other in consumers.iter().skip(i + 1) {
            let other_partitions = get(a, other);
            let common: Vec<_> = partitions
                .iter()
                .filter(|p| other_partitions.contains(p))
                .collect();
            assert!(common.is_empty(), "{c} and {other} share {common:?}");
            if partitions.len().abs_diff(other_partitions.len()) <= 1 {
                continue;
            }
            let topics: HashSet<&String> = partitions.iter().map(|p| &p.topic).collect();
            let other_topics: HashSet<&String> =
                other_partitions.iter().map(|p| &p.topic).collect();
            for t in topics {
                assert!(
                    !other_topics.contains(t),
                    "partitions of {t} can move between {c} and {other} for balance: {a:?}"
                );
            }
        }
    }
}

/// CooperativeStickyAssignorTest.verifyCooperativeValidity: nothing is revoked and assigned in
/// the same rebalance. Returns whether something was revoked (a follow-up rebalance is due).
fn verify_cooperative_validity(group: &Group, a: &Assignment) -> bool {
    let mut added = HashSet::new();
    let mut revoked = HashSet::new();
    for (c, assigned) in a {
        let owned = &group.get(c).owned_partitions;
        revoked.extend(owned.iter().filter(|p| !assigned.contains(p)).cloned());
        added.extend(assigned.iter().filter(|p| !owned.contains(p)).cloned());
    }
    let both: Vec<_> = added.intersection(&revoked).collect();
    assert!(
        both.is_empty(),
        "revoked and reassigned in one rebalance: {both:?}"
    );
    !revoked.is_empty()
}

/// verifyValidityAndBalance as run by StickyAssignorTest (eager) and CooperativeStickyAssignorTest
/// (which first runs the follow-up rebalances, updating `group` and `a` like the Java override).
fn verify_validity_and_balance(
    kind: AssignorKind,
    group: &mut Group,
    a: &mut Assignment,
    partitions: &BTreeMap<String, u32>,
) {
    if kind == AssignorKind::CooperativeSticky {
        let mut rebalances = 0;
        while verify_cooperative_validity(group, a) {
            for (c, assigned) in a.iter() {
                let old = group.get(c).clone();
                group.put(Subscription {
                    owned_partitions: assigned.clone(),
                    generation: Some(GENERATION_ID),
                    ..old
                });
            }
            *a = assign(kind, partitions, &group.subs);
            rebalances += 1;
            assert!(rebalances <= 4);
        }
    }
    verify_validity_and_balance_base(group, a);
}

/// AbstractStickyAssignorTest.generationId
const GENERATION_ID: i32 = 1;
const STICKY: [AssignorKind; 2] = [AssignorKind::Sticky, AssignorKind::CooperativeSticky];

fn run(kind: AssignorKind, partitions: &BTreeMap<String, u32>, group: &Group) -> Assignment {
    assign(kind, partitions, &group.subs)
}

fn single(kind: AssignorKind, partitions: &BTreeMap<String, u32>, s: Subscription) -> Assignment {
    assign(kind, partitions, &[s])
}

// ---------------------------------------------------------------------------------------------
// API surface
// ---------------------------------------------------------------------------------------------

#[test]
fn names_and_protocols() {
    assert_eq!(AssignorKind::Range.name(), "range");
    assert_eq!(AssignorKind::RoundRobin.name(), "roundrobin");
    assert_eq!(AssignorKind::Sticky.name(), "sticky");
    assert_eq!(AssignorKind::CooperativeSticky.name(), "cooperative-sticky");
    for k in AssignorKind::ALL {
        assert_eq!(AssignorKind::from_name(k.name()), Some(k));
        assert_eq!(AssignorKind::from_name(k.class_name()), Some(k));
        let simple = k.class_name().rsplit('.').next().unwrap();
        assert_eq!(AssignorKind::from_name(simple), Some(k));
    }
    assert_eq!(
        AssignorKind::from_name("org.apache.kafka.clients.consumer.CooperativeStickyAssignor"),
        Some(AssignorKind::CooperativeSticky)
    );
    assert_eq!(AssignorKind::from_name("nope"), None);
    assert_eq!(
        AssignorKind::CooperativeSticky.protocol(),
        RebalanceProtocol::Cooperative
    );
    assert_eq!(AssignorKind::Sticky.protocol(), RebalanceProtocol::Eager);
    assert_eq!(AssignorKind::Range.protocol(), RebalanceProtocol::Eager);
    assert_eq!(
        AssignorKind::RoundRobin.protocol(),
        RebalanceProtocol::Eager
    );
}

#[test]
fn java_string_order_differs_from_rust_str_order() {
    // U+FF61 is one UTF-16 unit 0xFF61; U+1F600 is the surrogate pair 0xD83D 0xDE00.
    let a = "\u{FF61}";
    let b = "\u{1F600}";
    assert_eq!(a.cmp(b), Ordering::Less); // Rust: by code point / UTF-8 bytes
    assert_eq!(java_string_cmp(a, b), Ordering::Greater); // Java: 0xFF61 > 0xD83D
    assert_eq!(java_string_cmp("a", "b"), Ordering::Less);
    assert_eq!(java_string_cmp("ab", "a"), Ordering::Greater);
    assert_eq!(java_string_cmp("", ""), Ordering::Equal);
}

#[test]
fn java_hash_codes() {
    // Values as computed by the JDK.
    assert_eq!(super::java::string_hash(""), 0);
    assert_eq!(super::java::string_hash("a"), 97);
    assert_eq!(super::java::string_hash("hello"), 99_162_322);
    assert_eq!(super::java::string_hash("Aa"), 2112);
    assert_eq!(super::java::string_hash("BB"), 2112);
    // overflow wraps like Java int arithmetic
    assert_eq!(super::java::string_hash("polygenelubricants"), i32::MIN);
}

#[test]
fn member_info_order_mixes_static_and_dynamic() {
    let mut members = [
        subscription("a", &[]),
        static_subscription("b", "y", &[]),
        static_subscription("c", "x", &[]),
        subscription("0", &[]),
        static_subscription("d", "\u{1F600}", &[]),
        static_subscription("e", "\u{FF61}", &[]),
    ];
    members.sort_by(member_info_cmp);
    let ids: Vec<&str> = members.iter().map(|m| m.member_id.as_str()).collect();
    // statics by instance id (Java order: "x" < "y" < U+1F600 < U+FF61), then dynamics by id
    assert_eq!(ids, ["c", "b", "d", "e", "0", "a"]);
}

// AbstractPartitionAssignorTest.testMemberInfoSortingWithoutGroupInstanceId
#[test]
fn test_member_info_sorting_without_group_instance_id() {
    let mut m = [
        subscription("a", &[]),
        subscription("b", &[]),
        subscription("c", &[]),
    ];
    let expected = m.clone();
    m.sort_by(member_info_cmp);
    assert_eq!(m, expected);
}

// AbstractPartitionAssignorTest.testMemberInfoSortingWithAllGroupInstanceId
#[test]
fn test_member_info_sorting_with_all_group_instance_id() {
    let m1 = static_subscription("a", "y", &[]);
    let m2 = static_subscription("b", "z", &[]);
    let m3 = static_subscription("c", "x", &[]);
    let mut m = [m1.clone(), m2.clone(), m3.clone()];
    m.sort_by(member_info_cmp);
    assert_eq!(m, [m3, m1, m2]);
}

// AbstractPartitionAssignorTest.testMemberInfoSortingSomeGroupInstanceId
#[test]
fn test_member_info_sorting_some_group_instance_id() {
    let m1 = subscription("a", &[]);
    let m2 = static_subscription("b", "y", &[]);
    let m3 = static_subscription("c", "x", &[]);
    let mut m = [m1.clone(), m2.clone(), m3.clone()];
    m.sort_by(member_info_cmp);
    assert_eq!(m, [m3, m2, m1]);
}

// AbstractPartitionAssignorTest.testMergeSortManyMemberInfo (fixed pseudo-random choice)
#[test]
fn test_merge_sort_many_member_info() {
    let mut all = Vec::new();
    let mut statics = Vec::new();
    let mut dynamics = Vec::new();
    let mut seed: u64 = 42;
    for i in 0..100 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let id = (i + 100).to_string();
        let m = if (seed >> 33).is_multiple_of(2) {
            static_subscription(&id, &id, &[])
        } else {
            subscription(&id, &[])
        };
        if m.group_instance_id.is_some() {
            statics.push(m.clone());
        } else {
            dynamics.push(m.clone());
        }
        all.push(m);
    }
    statics.extend(dynamics);
    all.reverse();
    all.sort_by(member_info_cmp);
    assert_eq!(all, statics);
}

#[test]
fn empty_inputs_do_not_panic() {
    for kind in AssignorKind::ALL {
        assert!(assign(kind, &ppt(&[("t", 3)]), &[]).is_empty());
        let a = assign(kind, &ppt(&[("t", 0)]), &[subscription("c", &["t"])]);
        assert_eq!(a["c"], vec![]);
        let a = assign(
            kind,
            &ppt(&[("t", 2)]),
            &[subscription("c", &[]), subscription("d", &["t"])],
        );
        assert_eq!(a["c"], vec![]);
        assert_eq!(a["d"], vec![tp("t", 0), tp("t", 1)]);
        let a = assign(
            kind,
            &ppt(&[("t", 2)]),
            &[subscription("d", &["t"]), subscription("c", &[])],
        );
        assert_eq!(a["c"], vec![]);
        // duplicate member ids, duplicate topics, bogus owned partitions
        let mut weird = owned_subscription(
            "x",
            &["t", "t", "u"],
            &[tp("t", 7), tp("t", 1), tp("t", 1), tp("nope", 0)],
            3,
        );
        weird.group_instance_id = Some(String::new());
        let a = assign(
            kind,
            &ppt(&[("t", 2), ("u", 1)]),
            &[weird.clone(), weird.clone(), subscription("y", &["t"])],
        );
        assert_eq!(a.len(), 2);
        let total: usize = a.values().map(Vec::len).sum();
        if kind != AssignorKind::CooperativeSticky {
            assert_eq!(total, 3);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// RangeAssignorTest (rack-unaware parameterisations)
// ---------------------------------------------------------------------------------------------

const R: AssignorKind = AssignorKind::Range;

// RangeAssignorTest.testOneConsumerNoTopic
#[test]
fn range_test_one_consumer_no_topic() {
    let a = single(R, &ppt(&[]), subscription("consumer1", &[]));
    assert_eq!(a.keys().collect::<Vec<_>>(), ["consumer1"]);
    assert!(a["consumer1"].is_empty());
}

// RangeAssignorTest.testOneConsumerNonexistentTopic
#[test]
fn range_test_one_consumer_nonexistent_topic() {
    let a = single(R, &ppt(&[]), subscription("consumer1", &["topic1"]));
    assert_eq!(a.keys().collect::<Vec<_>>(), ["consumer1"]);
    assert!(a["consumer1"].is_empty());
}

// RangeAssignorTest.testOneConsumerOneTopic
#[test]
fn range_test_one_consumer_one_topic() {
    let a = single(
        R,
        &ppt(&[("topic1", 3)]),
        subscription("consumer1", &["topic1"]),
    );
    assert_eq!(
        a["consumer1"],
        [tp("topic1", 0), tp("topic1", 1), tp("topic1", 2)]
    );
}

// RangeAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics
#[test]
fn range_test_only_assigns_partitions_from_subscribed_topics() {
    let a = single(
        R,
        &ppt(&[("topic1", 3), ("other", 3)]),
        subscription("consumer1", &["topic1"]),
    );
    assert_eq!(
        a["consumer1"],
        [tp("topic1", 0), tp("topic1", 1), tp("topic1", 2)]
    );
}

// RangeAssignorTest.testOneConsumerMultipleTopics
#[test]
fn range_test_one_consumer_multiple_topics() {
    let a = single(
        R,
        &ppt(&[("topic1", 1), ("topic2", 2)]),
        subscription("consumer1", &["topic1", "topic2"]),
    );
    assert_eq!(
        a["consumer1"],
        [tp("topic1", 0), tp("topic2", 0), tp("topic2", 1)]
    );
}

// RangeAssignorTest.testTwoConsumersOneTopicOnePartition
#[test]
fn range_test_two_consumers_one_topic_one_partition() {
    let subs = [
        subscription("consumer1", &["topic1"]),
        subscription("consumer2", &["topic1"]),
    ];
    let a = assign(R, &ppt(&[("topic1", 1)]), &subs);
    assert_eq!(a["consumer1"], [tp("topic1", 0)]);
    assert!(a["consumer2"].is_empty());
}

// RangeAssignorTest.testTwoConsumersOneTopicTwoPartitions
#[test]
fn range_test_two_consumers_one_topic_two_partitions() {
    let subs = [
        subscription("consumer1", &["topic1"]),
        subscription("consumer2", &["topic1"]),
    ];
    let a = assign(R, &ppt(&[("topic1", 2)]), &subs);
    assert_eq!(a["consumer1"], [tp("topic1", 0)]);
    assert_eq!(a["consumer2"], [tp("topic1", 1)]);
}

// RangeAssignorTest.testMultipleConsumersMixedTopics
#[test]
fn range_test_multiple_consumers_mixed_topics() {
    let subs = [
        subscription("consumer1", &["topic1"]),
        subscription("consumer2", &["topic1", "topic2"]),
        subscription("consumer3", &["topic1"]),
    ];
    let a = assign(R, &ppt(&[("topic1", 3), ("topic2", 2)]), &subs);
    assert_eq!(a["consumer1"], [tp("topic1", 0)]);
    assert_eq!(
        a["consumer2"],
        [tp("topic1", 1), tp("topic2", 0), tp("topic2", 1)]
    );
    assert_eq!(a["consumer3"], [tp("topic1", 2)]);
}

// RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions
#[test]
fn range_test_two_consumers_two_topics_six_partitions() {
    let subs = [
        subscription("consumer1", &["topic1", "topic2"]),
        subscription("consumer2", &["topic1", "topic2"]),
    ];
    let a = assign(R, &ppt(&[("topic1", 3), ("topic2", 3)]), &subs);
    assert_eq!(
        a["consumer1"],
        [
            tp("topic1", 0),
            tp("topic1", 1),
            tp("topic2", 0),
            tp("topic2", 1)
        ]
    );
    assert_eq!(a["consumer2"], [tp("topic1", 2), tp("topic2", 2)]);
}

// RangeAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions
#[test]
fn range_test_two_static_consumers_two_topics_six_partitions() {
    let subs = [
        static_subscription("consumer-b", "instance1", &["topic1", "topic2"]),
        static_subscription("consumer-a", "instance2", &["topic1", "topic2"]),
    ];
    let a = assign(R, &ppt(&[("topic1", 3), ("topic2", 3)]), &subs);
    assert_eq!(
        a["consumer-b"],
        [
            tp("topic1", 0),
            tp("topic1", 1),
            tp("topic2", 0),
            tp("topic2", 1)
        ]
    );
    assert_eq!(a["consumer-a"], [tp("topic1", 2), tp("topic2", 2)]);
}

// RangeAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
#[test]
fn range_test_one_static_consumer_and_one_dynamic_consumer_two_topics_six_partitions() {
    let subs = [
        static_subscription("consumer-b", "instance1", &["topic1", "topic2"]),
        subscription("consumer-a", &["topic1", "topic2"]),
    ];
    let a = assign(R, &ppt(&[("topic1", 3), ("topic2", 3)]), &subs);
    assert_eq!(
        a["consumer-b"],
        [
            tp("topic1", 0),
            tp("topic1", 1),
            tp("topic2", 0),
            tp("topic2", 1)
        ]
    );
    assert_eq!(a["consumer-a"], [tp("topic1", 2), tp("topic2", 2)]);
}

fn three_static(ts: &[&str]) -> Group {
    let mut g = Group::default();
    for i in 1..=3 {
        g.put(static_subscription(
            &format!("consumer{i}"),
            &format!("instance{i}"),
            ts,
        ));
    }
    g
}

/// checkStaticAssignment: instance id -> assignment.
fn by_instance(a: &Assignment, g: &Group) -> BTreeMap<String, Vec<TopicPartition>> {
    g.subs
        .iter()
        .filter_map(|s| Some((s.group_instance_id.clone()?, a[&s.member_id].clone())))
        .collect()
}

fn expected(entries: &[(&str, &[TopicPartition])]) -> BTreeMap<String, Vec<TopicPartition>> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), sorted(v.to_vec())))
        .collect()
}

// RangeAssignorTest.testStaticMemberRangeAssignmentPersistent
#[test]
fn range_test_static_member_range_assignment_persistent() {
    let partitions = ppt(&[("topic1", 5), ("topic2", 4)]);
    let mut g = three_static(&["topic1", "topic2"]);
    g.put(subscription("consumer4", &["topic1", "topic2"]));
    let mut exp = expected(&[
        (
            "consumer1",
            &[tp("topic1", 0), tp("topic1", 1), tp("topic2", 0)],
        ),
        ("consumer2", &[tp("topic1", 2), tp("topic2", 1)]),
        ("consumer3", &[tp("topic1", 3), tp("topic2", 2)]),
        ("consumer4", &[tp("topic1", 4), tp("topic2", 3)]),
    ]);
    assert_eq!(run(R, &partitions, &g), exp);
    g.remove("consumer4");
    g.put(subscription("consumer5", &["topic1", "topic2"]));
    let c4 = exp.remove("consumer4").unwrap();
    exp.insert("consumer5".into(), c4);
    assert_eq!(run(R, &partitions, &g), exp);
}

fn rename(g: &mut Group, from: &str, to: &str) {
    let s = Subscription {
        member_id: to.to_string(),
        ..g.get(from).clone()
    };
    g.put(s);
    g.remove(from);
}

// RangeAssignorTest.testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges
#[test]
fn range_test_static_member_range_assignment_persistent_after_member_id_changes() {
    let partitions = ppt(&[("topic1", 5), ("topic2", 5)]);
    let mut g = three_static(&["topic1", "topic2"]);
    let exp = expected(&[
        (
            "instance1",
            &[
                tp("topic1", 0),
                tp("topic1", 1),
                tp("topic2", 0),
                tp("topic2", 1),
            ],
        ),
        (
            "instance2",
            &[
                tp("topic1", 2),
                tp("topic1", 3),
                tp("topic2", 2),
                tp("topic2", 3),
            ],
        ),
        ("instance3", &[tp("topic1", 4), tp("topic2", 4)]),
    ]);
    let first = by_instance(&run(R, &partitions, &g), &g);
    assert_eq!(first, exp);
    rename(&mut g, "consumer3", "consumer4");
    rename(&mut g, "consumer2", "consumer5");
    assert_eq!(by_instance(&run(R, &partitions, &g), &g), first);
}

/// AbstractPartitionAssignorTest.verifyRackAssignment with no racks: members consumer0..n.
fn non_rack_expectation(
    kind: AssignorKind,
    partitions: &BTreeMap<String, u32>,
    consumer_topics: &[&[&str]],
    exp: &[&str],
) {
    let subs: Vec<Subscription> = consumer_topics
        .iter()
        .enumerate()
        .map(|(i, ts)| subscription(&format!("consumer{i}"), ts))
        .collect();
    let a = assign(kind, partitions, &subs);
    for (i, e) in exp.iter().enumerate() {
        let mut actual: Vec<String> = a[&format!("consumer{i}")]
            .iter()
            .map(|p| format!("{}-{}", p.topic, p.partition))
            .collect();
        actual.sort();
        assert_eq!(actual.join(", "), *e, "consumer{i}");
    }
}

// RangeAssignorTest.testRackAwareAssignmentWithUniformSubscription (verifyNonRackAwareAssignment)
#[test]
fn range_test_rack_aware_assignment_with_uniform_subscription_non_rack_aware_part() {
    let all: &[&str] = &["t1", "t2", "t3"];
    non_rack_expectation(
        R,
        &ppt(&[("t1", 6), ("t2", 7), ("t3", 2)]),
        &[all, all, all],
        &[
            "t1-0, t1-1, t2-0, t2-1, t2-2, t3-0",
            "t1-2, t1-3, t2-3, t2-4, t3-1",
            "t1-4, t1-5, t2-5, t2-6",
        ],
    );
}

// RangeAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (verifyNonRackAwareAssignment)
#[test]
fn range_test_rack_aware_assignment_with_non_equal_subscription_non_rack_aware_part() {
    let all: &[&str] = &["t1", "t2", "t3"];
    non_rack_expectation(
        R,
        &ppt(&[("t1", 6), ("t2", 7), ("t3", 2)]),
        &[all, all, &["t1", "t3"]],
        &[
            "t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0",
            "t1-2, t1-3, t2-4, t2-5, t2-6, t3-1",
            "t1-4, t1-5",
        ],
    );
}

// RangeAssignorTest.testRackAwareAssignmentWithUniformPartitions (verifyNonRackAwareAssignment)
#[test]
fn range_test_rack_aware_assignment_with_uniform_partitions_non_rack_aware_part() {
    let all: &[&str] = &["t1", "t2", "t3"];
    non_rack_expectation(
        R,
        &ppt(&[("t1", 5), ("t2", 5), ("t3", 5)]),
        &[all, all, all],
        &[
            "t1-0, t1-1, t2-0, t2-1, t3-0, t3-1",
            "t1-2, t1-3, t2-2, t2-3, t3-2, t3-3",
            "t1-4, t2-4, t3-4",
        ],
    );
}

// RangeAssignorTest.testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription (non-rack part)
#[test]
fn range_test_rack_aware_assignment_with_uniform_partitions_non_equal_subscription_non_rack_aware_part(
) {
    let all: &[&str] = &["t1", "t2", "t3"];
    non_rack_expectation(
        R,
        &ppt(&[("t1", 5), ("t2", 5), ("t3", 5)]),
        &[all, all, &["t1", "t3"]],
        &[
            "t1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1",
            "t1-2, t1-3, t2-3, t2-4, t3-2, t3-3",
            "t1-4, t3-4",
        ],
    );
}

// RangeAssignorTest.testRackAwareAssignmentWithCoPartitioning (null-rack expectations)
#[test]
fn range_test_rack_aware_assignment_with_co_partitioning_non_rack_aware_part() {
    let partitions = ppt(&[("t1", 6), ("t2", 6), ("t3", 2), ("t4", 2)]);
    let a: &[&str] = &["t1", "t2"];
    let b: &[&str] = &["t3", "t4"];
    non_rack_expectation(
        R,
        &partitions,
        &[a, a, b, b],
        &[
            "t1-0, t1-1, t1-2, t2-0, t2-1, t2-2",
            "t1-3, t1-4, t1-5, t2-3, t2-4, t2-5",
            "t3-0, t4-0",
            "t3-1, t4-1",
        ],
    );
    let all: &[&str] = &["t1", "t2", "t3", "t4"];
    non_rack_expectation(
        R,
        &partitions,
        &[all, all, all, all],
        &[
            "t1-0, t1-1, t2-0, t2-1, t3-0, t4-0",
            "t1-2, t1-3, t2-2, t2-3, t3-1, t4-1",
            "t1-4, t2-4",
            "t1-5, t2-5",
        ],
    );
}

// RangeAssignorTest.testCoPartitionedAssignmentWithSameSubscription (null broker racks)
#[test]
fn range_test_co_partitioned_assignment_with_same_subscription_non_rack_aware_part() {
    let list: &[&str] = &["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];
    non_rack_expectation(
        R,
        &ppt(&[
            ("t1", 6),
            ("t2", 6),
            ("t3", 2),
            ("t4", 2),
            ("t5", 4),
            ("t6", 4),
        ]),
        &[list, list, list],
        &[
            "t1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1",
            "t1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2",
            "t1-4, t1-5, t2-4, t2-5, t5-3, t6-3",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// RoundRobinAssignorTest
// ---------------------------------------------------------------------------------------------

const RR: AssignorKind = AssignorKind::RoundRobin;

// RoundRobinAssignorTest.testOneConsumerNoTopic
#[test]
fn round_robin_test_one_consumer_no_topic() {
    let a = single(RR, &ppt(&[]), subscription("consumer", &[]));
    assert_eq!(a.keys().collect::<Vec<_>>(), ["consumer"]);
    assert!(a["consumer"].is_empty());
}

// RoundRobinAssignorTest.testOneConsumerNonexistentTopic
#[test]
fn round_robin_test_one_consumer_nonexistent_topic() {
    let a = single(RR, &ppt(&[]), subscription("consumer", &["topic"]));
    assert_eq!(a.keys().collect::<Vec<_>>(), ["consumer"]);
    assert!(a["consumer"].is_empty());
}

// RoundRobinAssignorTest.testOneConsumerOneTopic
#[test]
fn round_robin_test_one_consumer_one_topic() {
    let a = single(
        RR,
        &ppt(&[("topic", 3)]),
        subscription("consumer", &["topic"]),
    );
    assert_eq!(
        a["consumer"],
        [tp("topic", 0), tp("topic", 1), tp("topic", 2)]
    );
}

// RoundRobinAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics
#[test]
fn round_robin_test_only_assigns_partitions_from_subscribed_topics() {
    let a = single(
        RR,
        &ppt(&[("topic", 3), ("other", 3)]),
        subscription("consumer", &["topic"]),
    );
    assert_eq!(
        a["consumer"],
        [tp("topic", 0), tp("topic", 1), tp("topic", 2)]
    );
}

// RoundRobinAssignorTest.testOneConsumerMultipleTopics
#[test]
fn round_robin_test_one_consumer_multiple_topics() {
    let a = single(
        RR,
        &ppt(&[("topic1", 1), ("topic2", 2)]),
        subscription("consumer", &["topic1", "topic2"]),
    );
    assert_eq!(
        a["consumer"],
        [tp("topic1", 0), tp("topic2", 0), tp("topic2", 1)]
    );
}

// RoundRobinAssignorTest.testTwoConsumersOneTopicOnePartition
#[test]
fn round_robin_test_two_consumers_one_topic_one_partition() {
    let subs = [
        subscription("consumer1", &["topic"]),
        subscription("consumer2", &["topic"]),
    ];
    let a = assign(RR, &ppt(&[("topic", 1)]), &subs);
    assert_eq!(a["consumer1"], [tp("topic", 0)]);
    assert!(a["consumer2"].is_empty());
}

// RoundRobinAssignorTest.testTwoConsumersOneTopicTwoPartitions
#[test]
fn round_robin_test_two_consumers_one_topic_two_partitions() {
    let subs = [
        subscription("consumer1", &["topic"]),
        subscription("consumer2", &["topic"]),
    ];
    let a = assign(RR, &ppt(&[("topic", 2)]), &subs);
    assert_eq!(a["consumer1"], [tp("topic", 0)]);
    assert_eq!(a["consumer2"], [tp("topic", 1)]);
}

// RoundRobinAssignorTest.testMultipleConsumersMixedTopics
#[test]
fn round_robin_test_multiple_consumers_mixed_topics() {
    let subs = [
        subscription("consumer1", &["topic1"]),
        subscription("consumer2", &["topic1", "topic2"]),
        subscription("consumer3", &["topic1"]),
    ];
    let a = assign(RR, &ppt(&[("topic1", 3), ("topic2", 2)]), &subs);
    assert_eq!(a["consumer1"], [tp("topic1", 0)]);
    assert_eq!(
        a["consumer2"],
        [tp("topic1", 1), tp("topic2", 0), tp("topic2", 1)]
    );
    assert_eq!(a["consumer3"], [tp("topic1", 2)]);
}

// RoundRobinAssignor class javadoc: C0 [t0], C1 [t0, t1], C2 [t0, t1, t2] with 1, 2, 3 partitions
#[test]
fn round_robin_javadoc_unequal_subscriptions() {
    let subs = [
        subscription("C0", &["t0"]),
        subscription("C1", &["t0", "t1"]),
        subscription("C2", &["t0", "t1", "t2"]),
    ];
    let a = assign(RR, &ppt(&[("t0", 1), ("t1", 2), ("t2", 3)]), &subs);
    assert_eq!(a["C0"], [tp("t0", 0)]);
    assert_eq!(a["C1"], [tp("t1", 0)]);
    assert_eq!(
        a["C2"],
        [tp("t1", 1), tp("t2", 0), tp("t2", 1), tp("t2", 2)]
    );
}

// RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions
#[test]
fn round_robin_test_two_dynamic_consumers_two_topics_six_partitions() {
    let subs = [
        subscription("consumer1", &["topic1", "topic2"]),
        subscription("consumer2", &["topic1", "topic2"]),
    ];
    let a = assign(RR, &ppt(&[("topic1", 3), ("topic2", 3)]), &subs);
    assert_eq!(
        a["consumer1"],
        [tp("topic1", 0), tp("topic1", 2), tp("topic2", 1)]
    );
    assert_eq!(
        a["consumer2"],
        [tp("topic1", 1), tp("topic2", 0), tp("topic2", 2)]
    );
}

// RoundRobinAssignorTest.testTwoStaticConsumersTwoTopicsSixPartitions
#[test]
fn round_robin_test_two_static_consumers_two_topics_six_partitions() {
    let subs = [
        static_subscription("consumer-b", "instance1", &["topic1", "topic2"]),
        static_subscription("consumer-a", "instance2", &["topic1", "topic2"]),
    ];
    let a = assign(RR, &ppt(&[("topic1", 3), ("topic2", 3)]), &subs);
    assert_eq!(
        a["consumer-b"],
        [tp("topic1", 0), tp("topic1", 2), tp("topic2", 1)]
    );
    assert_eq!(
        a["consumer-a"],
        [tp("topic1", 1), tp("topic2", 0), tp("topic2", 2)]
    );
}

// RoundRobinAssignorTest.testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions
#[test]
fn round_robin_test_one_static_consumer_and_one_dynamic_consumer_two_topics_six_partitions() {
    let subs = [
        static_subscription("consumer-b", "instance1", &["topic1", "topic2"]),
        subscription("consumer-a", &["topic1", "topic2"]),
    ];
    let a = assign(RR, &ppt(&[("topic1", 3), ("topic2", 3)]), &subs);
    assert_eq!(
        a["consumer-b"],
        [tp("topic1", 0), tp("topic1", 2), tp("topic2", 1)]
    );
    assert_eq!(
        a["consumer-a"],
        [tp("topic1", 1), tp("topic2", 0), tp("topic2", 2)]
    );
}

// RoundRobinAssignorTest.testStaticMemberRoundRobinAssignmentPersistent
#[test]
fn round_robin_test_static_member_round_robin_assignment_persistent() {
    let partitions = ppt(&[("topic1", 3), ("topic2", 3)]);
    let mut g = three_static(&["topic1", "topic2"]);
    g.put(subscription("consumer4", &["topic1", "topic2"]));
    let mut exp = expected(&[
        ("consumer1", &[tp("topic1", 0), tp("topic2", 1)]),
        ("consumer2", &[tp("topic1", 1), tp("topic2", 2)]),
        ("consumer3", &[tp("topic1", 2)]),
        ("consumer4", &[tp("topic2", 0)]),
    ]);
    assert_eq!(run(RR, &partitions, &g), exp);
    g.remove("consumer4");
    g.put(subscription("consumer5", &["topic1", "topic2"]));
    let c4 = exp.remove("consumer4").unwrap();
    exp.insert("consumer5".into(), c4);
    assert_eq!(run(RR, &partitions, &g), exp);
}

// RoundRobinAssignorTest.testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges
#[test]
fn round_robin_test_static_member_round_robin_assignment_persistent_after_member_id_changes() {
    let partitions = ppt(&[("topic1", 5), ("topic2", 5)]);
    let mut g = three_static(&["topic1", "topic2"]);
    let exp = expected(&[
        (
            "instance1",
            &[
                tp("topic1", 0),
                tp("topic1", 3),
                tp("topic2", 1),
                tp("topic2", 4),
            ],
        ),
        (
            "instance2",
            &[tp("topic1", 1), tp("topic1", 4), tp("topic2", 2)],
        ),
        (
            "instance3",
            &[tp("topic1", 2), tp("topic2", 0), tp("topic2", 3)],
        ),
    ]);
    let first = by_instance(&run(RR, &partitions, &g), &g);
    assert_eq!(first, exp);
    rename(&mut g, "consumer3", "consumer4");
    rename(&mut g, "consumer2", "consumer5");
    assert_eq!(by_instance(&run(RR, &partitions, &g), &g), first);
}

// ---------------------------------------------------------------------------------------------
// AbstractStickyAssignorTest (run for StickyAssignor and CooperativeStickyAssignor, like the two
// Java subclasses), StickyAssignorTest, CooperativeStickyAssignorTest
// ---------------------------------------------------------------------------------------------

fn tps(topic: &str, ps: &[u32]) -> Vec<TopicPartition> {
    ps.iter().map(|&p| tp(topic, p)).collect()
}

// AbstractStickyAssignorTest.testOneConsumerNoTopic
#[test]
fn sticky_test_one_consumer_no_topic() {
    for kind in STICKY {
        let a = single(kind, &ppt(&[]), subscription("consumer", &[]));
        assert_eq!(a.keys().collect::<Vec<_>>(), ["consumer"]);
        assert!(a["consumer"].is_empty());
    }
}

// AbstractStickyAssignorTest.testOneConsumerNonexistentTopic
#[test]
fn sticky_test_one_consumer_nonexistent_topic() {
    for kind in STICKY {
        let a = single(kind, &ppt(&[]), subscription("consumer", &["topic"]));
        assert!(a["consumer"].is_empty());
    }
}

// AbstractStickyAssignorTest.testOneConsumerOneTopic
#[test]
fn sticky_test_one_consumer_one_topic() {
    for kind in STICKY {
        let a = single(
            kind,
            &ppt(&[("topic", 3)]),
            subscription("consumer", &["topic"]),
        );
        assert_eq!(a["consumer"], tps("topic", &[0, 1, 2]));
    }
}

// AbstractStickyAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics
#[test]
fn sticky_test_only_assigns_partitions_from_subscribed_topics() {
    for kind in STICKY {
        let a = single(
            kind,
            &ppt(&[("topic", 3), ("other", 3)]),
            subscription("consumer", &["topic"]),
        );
        assert_eq!(a["consumer"], tps("topic", &[0, 1, 2]));
    }
}

// AbstractStickyAssignorTest.testOneConsumerMultipleTopics
#[test]
fn sticky_test_one_consumer_multiple_topics() {
    for kind in STICKY {
        let a = single(
            kind,
            &ppt(&[("topic1", 1), ("topic2", 2)]),
            subscription("consumer", &["topic1", "topic2"]),
        );
        assert_eq!(
            a["consumer"],
            [tp("topic1", 0), tp("topic2", 0), tp("topic2", 1)]
        );
    }
}

// AbstractStickyAssignorTest.testTwoConsumersOneTopicOnePartition
#[test]
fn sticky_test_two_consumers_one_topic_one_partition() {
    for kind in STICKY {
        let subs = [
            subscription("consumer1", &["topic"]),
            subscription("consumer2", &["topic"]),
        ];
        let a = assign(kind, &ppt(&[("topic", 1)]), &subs);
        assert_eq!(a["consumer1"], [tp("topic", 0)]);
        assert!(a["consumer2"].is_empty());
    }
}

// AbstractStickyAssignorTest.testTwoConsumersOneTopicTwoPartitions
#[test]
fn sticky_test_two_consumers_one_topic_two_partitions() {
    for kind in STICKY {
        let subs = [
            subscription("consumer1", &["topic"]),
            subscription("consumer2", &["topic"]),
        ];
        let a = assign(kind, &ppt(&[("topic", 2)]), &subs);
        assert_eq!(a["consumer1"], [tp("topic", 0)]);
        assert_eq!(a["consumer2"], [tp("topic", 1)]);
    }
}

// AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions
#[test]
fn sticky_test_multiple_consumers_mixed_topic_subscriptions() {
    for kind in STICKY {
        let partitions = ppt(&[("topic1", 3), ("topic2", 2)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", &["topic1"]));
        g.put(subscription("consumer2", &["topic1", "topic2"]));
        g.put(subscription("consumer3", &["topic1"]));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(a["consumer1"], tps("topic1", &[0, 2]));
        assert_eq!(a["consumer2"], tps("topic2", &[0, 1]));
        assert_eq!(a["consumer3"], tps("topic1", &[1]));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions
#[test]
fn sticky_test_two_consumers_two_topics_six_partitions() {
    for kind in STICKY {
        let partitions = ppt(&[("topic1", 3), ("topic2", 3)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", &["topic1", "topic2"]));
        g.put(subscription("consumer2", &["topic1", "topic2"]));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(
            a["consumer1"],
            [tp("topic1", 0), tp("topic1", 2), tp("topic2", 1)]
        );
        assert_eq!(
            a["consumer2"],
            [tp("topic1", 1), tp("topic2", 0), tp("topic2", 2)]
        );
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota
#[test]
fn sticky_test_consumer_owning_min_quota_expected_max_quota() {
    for kind in STICKY {
        let partitions = ppt(&[("topic1", 2), ("topic2", 3)]);
        let ts = ["topic1", "topic2"];
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &ts,
            &[tp("topic1", 0), tp("topic2", 1)],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &ts,
            &[tp("topic1", 1), tp("topic2", 2)],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(
            set(&a["consumer1"]),
            set(&[tp("topic1", 0), tp("topic2", 1), tp("topic2", 0)])
        );
        assert_eq!(
            set(&a["consumer2"]),
            set(&[tp("topic1", 1), tp("topic2", 2)])
        );
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers
#[test]
fn sticky_test_max_quota_consumer_more_than_num_expected_max_capacity_members() {
    for kind in STICKY {
        let partitions = ppt(&[("topic1", 2), ("topic2", 2)]);
        let ts = ["topic1", "topic2"];
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &ts,
            &[tp("topic1", 0), tp("topic2", 0)],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &ts,
            &[tp("topic1", 1), tp("topic2", 1)],
            GENERATION_ID,
        ));
        g.put(owned_subscription("consumer3", &ts, &[], GENERATION_ID));
        let mut a = run(kind, &partitions, &g);
        // partitionsTransferringOwnership == {topic2-0: consumer3}: withheld by the cooperative assignor
        if kind == AssignorKind::CooperativeSticky {
            assert!(a["consumer3"].is_empty());
        } else {
            assert_eq!(a["consumer3"], [tp("topic2", 0)]);
        }
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert_eq!(a["consumer1"], [tp("topic1", 0)]);
        assert_eq!(a["consumer2"], [tp("topic1", 1), tp("topic2", 1)]);
        assert_eq!(a["consumer3"], [tp("topic2", 0)]);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota
#[test]
fn sticky_test_all_consumers_are_under_min_quota() {
    for kind in STICKY {
        let partitions = ppt(&[("topic1", 2), ("topic2", 3)]);
        let ts = ["topic1", "topic2"];
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &ts,
            &[tp("topic1", 0)],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &ts,
            &[tp("topic1", 1)],
            GENERATION_ID,
        ));
        g.put(owned_subscription("consumer3", &ts, &[], GENERATION_ID));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert_eq!(a["consumer1"], [tp("topic1", 0), tp("topic2", 1)]);
        assert_eq!(a["consumer2"], [tp("topic1", 1), tp("topic2", 2)]);
        assert_eq!(a["consumer3"], [tp("topic2", 0)]);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic
#[test]
fn sticky_test_add_remove_consumer_one_topic() {
    for kind in STICKY {
        let partitions = ppt(&[("topic", 3)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", &["topic"]));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(a["consumer1"], tps("topic", &[0, 1, 2]));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);

        g.put(owned_subscription(
            "consumer1",
            &["topic"],
            &a["consumer1"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic"],
            &[],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        // partitionsTransferringOwnership == {topic-2: consumer2}
        if kind == AssignorKind::CooperativeSticky {
            assert!(a["consumer2"].is_empty());
        }
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert_eq!(a["consumer1"], tps("topic", &[0, 1]));
        assert_eq!(a["consumer2"], tps("topic", &[2]));
        assert!(is_fully_balanced(&a));

        g.remove("consumer1");
        g.put(owned_subscription(
            "consumer2",
            &["topic"],
            &a["consumer2"],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(set(&a["consumer2"]), set(&tps("topic", &[2, 1, 0])));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

fn count_topic(list: &[TopicPartition], topic: &str) -> usize {
    list.iter().filter(|p| p.topic == topic).count()
}

// AbstractStickyAssignorTest.testTopicBalanceAfterReassignment
#[test]
fn sticky_test_topic_balance_after_reassignment() {
    for kind in STICKY {
        let all = ["topic1", "topic2"];
        let partitions = ppt(&[("topic1", 12), ("topic2", 12)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", &all));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        for l in a.values() {
            assert_eq!(count_topic(l, "topic1"), 12);
            assert_eq!(count_topic(l, "topic2"), 12);
        }
        g.put(owned_subscription(
            "consumer1",
            &all,
            &a["consumer1"],
            GENERATION_ID,
        ));
        g.put(owned_subscription("consumer2", &all, &[], GENERATION_ID));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        for l in a.values() {
            assert_eq!(count_topic(l, "topic1"), 6);
            assert_eq!(count_topic(l, "topic2"), 6);
        }
        assert!(is_fully_balanced(&a));
        g.put(owned_subscription(
            "consumer1",
            &all,
            &a["consumer1"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &all,
            &a["consumer2"],
            GENERATION_ID,
        ));
        g.put(owned_subscription("consumer3", &all, &[], GENERATION_ID));
        g.put(owned_subscription("consumer4", &all, &[], GENERATION_ID));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        for l in a.values() {
            assert_eq!(count_topic(l, "topic1"), 3);
            assert_eq!(count_topic(l, "topic2"), 3);
        }
        assert!(is_fully_balanced(&a));
        g.remove("consumer1");
        g.remove("consumer2");
        g.put(owned_subscription(
            "consumer3",
            &all,
            &a["consumer3"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer4",
            &all,
            &a["consumer4"],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        for l in a.values() {
            assert_eq!(count_topic(l, "topic1"), 6);
            assert_eq!(count_topic(l, "topic2"), 6);
        }
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics
#[test]
fn sticky_test_add_remove_two_consumers_two_topics() {
    for kind in STICKY {
        let all = ["topic1", "topic2"];
        let partitions = ppt(&[("topic1", 3), ("topic2", 4)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", &all));
        g.put(subscription("consumer2", &all));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(
            a["consumer1"],
            [
                tp("topic1", 0),
                tp("topic1", 2),
                tp("topic2", 1),
                tp("topic2", 3)
            ]
        );
        assert_eq!(
            a["consumer2"],
            [tp("topic1", 1), tp("topic2", 0), tp("topic2", 2)]
        );
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));

        g.put(owned_subscription(
            "consumer1",
            &all,
            &a["consumer1"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &all,
            &a["consumer2"],
            GENERATION_ID,
        ));
        g.put(owned_subscription("consumer3", &all, &[], GENERATION_ID));
        g.put(owned_subscription("consumer4", &all, &[], GENERATION_ID));
        let mut a = run(kind, &partitions, &g);
        // partitionsTransferringOwnership == {topic1-2: consumer3, topic2-3: consumer3, topic2-2: consumer4}
        if kind == AssignorKind::CooperativeSticky {
            assert!(a["consumer3"].is_empty());
            assert!(a["consumer4"].is_empty());
        } else {
            assert_eq!(a["consumer3"], [tp("topic1", 2), tp("topic2", 3)]);
            assert_eq!(a["consumer4"], [tp("topic2", 2)]);
        }
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert_eq!(a["consumer1"], [tp("topic1", 0), tp("topic2", 1)]);
        assert_eq!(a["consumer2"], [tp("topic1", 1), tp("topic2", 0)]);
        assert_eq!(a["consumer3"], [tp("topic1", 2), tp("topic2", 3)]);
        assert_eq!(a["consumer4"], [tp("topic2", 2)]);
        assert!(is_fully_balanced(&a));

        g.remove("consumer1");
        g.remove("consumer2");
        g.put(owned_subscription(
            "consumer3",
            &all,
            &a["consumer3"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer4",
            &all,
            &a["consumer4"],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(
            a["consumer3"],
            [
                tp("topic1", 0),
                tp("topic1", 2),
                tp("topic2", 1),
                tp("topic2", 3)
            ]
        );
        assert_eq!(
            a["consumer4"],
            [tp("topic1", 1), tp("topic2", 0), tp("topic2", 2)]
        );
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario
#[test]
fn sticky_test_poor_round_robin_assignment_scenario() {
    for kind in STICKY {
        let partitions: BTreeMap<String, u32> = (1..=5)
            .map(|i| (format!("topic{i}"), (i % 2) + 1))
            .collect();
        let mut g = Group::default();
        g.put(subscription(
            "consumer1",
            &["topic1", "topic2", "topic3", "topic4", "topic5"],
        ));
        g.put(subscription("consumer2", &["topic1", "topic3", "topic5"]));
        g.put(subscription("consumer3", &["topic1", "topic3", "topic5"]));
        g.put(subscription(
            "consumer4",
            &["topic1", "topic2", "topic3", "topic4", "topic5"],
        ));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// AbstractStickyAssignorTest.testAddRemoveTopicTwoConsumers
#[test]
fn sticky_test_add_remove_topic_two_consumers() {
    for kind in STICKY {
        let mut partitions = ppt(&[("topic", 3)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", &["topic"]));
        g.put(subscription("consumer2", &["topic"]));
        let mut a = run(kind, &partitions, &g);
        assert!(is_fully_balanced(&a));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        let c1a1 = a["consumer1"].clone();
        let c2a1 = a["consumer2"].clone();
        assert_eq!(c1a1.len() + c2a1.len(), 3);
        assert!(c1a1.len().abs_diff(c2a1.len()) == 1);

        partitions.insert("topic2".into(), 3);
        g.put(owned_subscription(
            "consumer1",
            &["topic", "topic2"],
            &a["consumer1"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic", "topic2"],
            &a["consumer2"],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
        let c1 = a["consumer1"].clone();
        let c2 = a["consumer2"].clone();
        assert!(c1.len() == 3 && c2.len() == 3);
        assert!(c1a1.iter().all(|p| c1.contains(p)));
        assert!(c2a1.iter().all(|p| c2.contains(p)));

        partitions.remove("topic");
        g.put(owned_subscription(
            "consumer1",
            &["topic2"],
            &a["consumer1"],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic2"],
            &a["consumer2"],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
        let c1a3 = a["consumer1"].clone();
        let c2a3 = a["consumer2"].clone();
        assert!(c1a3.len().abs_diff(c2a3.len()) == 1 && c1a3.len() + c2a3.len() == 3);
        assert!(c1a3.iter().all(|p| c1.contains(p)));
        assert!(c2a3.iter().all(|p| c2.contains(p)));
    }
}

fn canonical(prefix: &str, i: usize, max: usize) -> String {
    let digits = max.to_string().len();
    format!("{prefix}{i:0digits$}")
}

// AbstractStickyAssignorTest.testReassignmentAfterOneConsumerLeaves (isSticky() not ported)
#[test]
fn sticky_test_reassignment_after_one_consumer_leaves() {
    for kind in STICKY {
        let partitions: BTreeMap<String, u32> =
            (1..20).map(|i| (canonical("t", i, 20), i as u32)).collect();
        let mut g = Group::default();
        for i in 1..20 {
            let ts: Vec<String> = (1..=i).map(|j| canonical("t", j, 20)).collect();
            let ts: Vec<&str> = ts.iter().map(String::as_str).collect();
            g.put(subscription(&canonical("c", i, 20), &ts));
        }
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        for i in 1..20 {
            let c = canonical("c", i, 20);
            let old = g.get(&c).clone();
            g.put(Subscription {
                owned_partitions: a[&c].clone(),
                generation: Some(GENERATION_ID),
                ..old
            });
        }
        g.remove("c10");
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// AbstractStickyAssignorTest.testReassignmentAfterOneConsumerAdded
#[test]
fn sticky_test_reassignment_after_one_consumer_added() {
    for kind in STICKY {
        let partitions = ppt(&[("topic", 20)]);
        let mut g = Group::default();
        for i in 1..10 {
            g.put(subscription(&canonical("c", i, 10), &["topic"]));
        }
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        g.put(subscription(&canonical("c", 10, 10), &["topic"]));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// AbstractStickyAssignorTest.testSameSubscriptions
#[test]
fn sticky_test_same_subscriptions() {
    for kind in STICKY {
        let partitions: BTreeMap<String, u32> =
            (1..15).map(|i| (canonical("t", i, 15), i as u32)).collect();
        let ts: Vec<String> = (1..15).map(|j| canonical("t", j, 15)).collect();
        let ts: Vec<&str> = ts.iter().map(String::as_str).collect();
        let mut g = Group::default();
        for i in 1..9 {
            g.put(subscription(&canonical("c", i, 9), &ts));
        }
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        for i in 1..9 {
            let c = canonical("c", i, 9);
            g.put(owned_subscription(&c, &ts, &a[&c], GENERATION_ID));
        }
        g.remove(&canonical("c", 5, 9));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation
#[test]
fn sticky_test_subscription_not_equal_and_assign_same_partition_with_3_generation() {
    for kind in STICKY {
        let partitions = ppt(&[("topic", 6), ("topic1", 1)]);
        for gens in [
            [1, 2, 3],
            [1, 3, 2],
            [2, 1, 3],
            [2, 3, 1],
            [3, 1, 2],
            [3, 2, 1],
        ] {
            let mut g = Group::default();
            g.put(owned_subscription(
                "consumer1",
                &["topic"],
                &tps("topic", &[0, 2]),
                gens[0],
            ));
            g.put(owned_subscription(
                "consumer2",
                &["topic"],
                &tps("topic", &[1, 2, 3]),
                gens[1],
            ));
            g.put(owned_subscription(
                "consumer3",
                &["topic"],
                &tps("topic", &[2, 4, 5]),
                gens[2],
            ));
            g.put(owned_subscription(
                "consumer4",
                &["topic1"],
                &tps("topic1", &[0]),
                2,
            ));
            let a = run(kind, &partitions, &g);
            let total: usize = a.values().map(Vec::len).sum();
            let distinct: HashSet<&TopicPartition> = a.values().flatten().collect();
            assert_eq!(total, distinct.len());
            if kind == AssignorKind::Sticky {
                for l in a.values() {
                    assert!((1..=2).contains(&l.len()), "{gens:?}: {a:?}");
                }
            }
        }
    }
}

// AbstractStickyAssignorTest.testNewSubscription (isSticky() not ported)
#[test]
fn sticky_test_new_subscription() {
    for kind in STICKY {
        let partitions: BTreeMap<String, u32> = (1..5).map(|i| (canonical("t", i, 5), 1)).collect();
        let mut g = Group::default();
        for i in 0..3usize {
            // for (int j = i; j <= 3 * i - 2; j++)
            let ts: Vec<String> = (i as i64..=3 * i as i64 - 2)
                .map(|j| canonical("t", j as usize, 5))
                .collect();
            let ts: Vec<&str> = ts.iter().map(String::as_str).collect();
            g.put(subscription(&canonical("c", i, 3), &ts));
        }
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        let mut c0 = g.get("c0").clone();
        c0.topics.push(canonical("t", 1, 5));
        g.put(c0);
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// AbstractStickyAssignorTest.testMoveExistingAssignments
#[test]
fn sticky_test_move_existing_assignments() {
    for kind in STICKY {
        let partitions: BTreeMap<String, u32> = (1..=6).map(|i| (format!("topic{i}"), 1)).collect();
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic1", "topic2"],
            &[tp("topic1", 0)],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic1", "topic2", "topic3", "topic4"],
            &[tp("topic2", 0), tp("topic3", 0)],
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer3",
            &["topic2", "topic3", "topic4", "topic5", "topic6"],
            &[tp("topic4", 0), tp("topic5", 0), tp("topic6", 0)],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// AbstractStickyAssignorTest.testStickiness
#[test]
fn sticky_test_stickiness() {
    for kind in STICKY {
        let partitions = ppt(&[("topic1", 3)]);
        let mut g = Group::default();
        for c in ["consumer1", "consumer2", "consumer3", "consumer4"] {
            g.put(subscription(c, &["topic1"]));
        }
        let a = run(kind, &partitions, &g);
        let mut assigned = BTreeMap::new();
        for (c, l) in &a {
            assert!(l.len() <= 1);
            if let Some(p) = l.first() {
                assigned.insert(c.clone(), p.clone());
            }
        }
        g.remove("consumer1");
        for c in ["consumer2", "consumer3", "consumer4"] {
            g.put(owned_subscription(c, &["topic1"], &a[c], GENERATION_ID));
        }
        let a = run(kind, &partitions, &g);
        for (c, l) in &a {
            assert_eq!(l.len(), 1, "{c}");
            assert!(
                assigned.get(c).is_none_or(|p| l.contains(p)),
                "stickiness for {c}"
            );
        }
    }
}

// AbstractStickyAssignorTest.testAssignmentUpdatedForDeletedTopic
#[test]
fn sticky_test_assignment_updated_for_deleted_topic() {
    for kind in STICKY {
        let a = single(
            kind,
            &ppt(&[("topic1", 1), ("topic3", 100)]),
            subscription("consumer", &["topic1", "topic2", "topic3"]),
        );
        assert_eq!(a.values().map(Vec::len).sum::<usize>(), 101);
        assert_eq!(a.keys().collect::<Vec<_>>(), ["consumer"]);
    }
}

// AbstractStickyAssignorTest.testNoExceptionThrownWhenOnlySubscribedTopicDeleted
#[test]
fn sticky_test_no_exception_thrown_when_only_subscribed_topic_deleted() {
    for kind in STICKY {
        let a = single(
            kind,
            &ppt(&[("topic", 3)]),
            subscription("consumer", &["topic"]),
        );
        let s = owned_subscription("consumer", &["topic"], &a["consumer"], GENERATION_ID);
        let a = single(kind, &ppt(&[]), s);
        assert_eq!(a.len(), 1);
        assert!(a["consumer"].is_empty());
    }
}

// AbstractStickyAssignorTest.testReassignmentWithRandomSubscriptionsAndChanges (seeded; checks
// validity instead of the unported isSticky())
#[test]
fn sticky_test_reassignment_with_random_subscriptions_and_changes() {
    let mut seed: u64 = 7;
    let mut rand = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    for kind in STICKY {
        for _round in 0..10 {
            let num_topics = 10 + rand(10);
            let topics: Vec<String> = (0..num_topics).map(|i| canonical("t", i, 20)).collect();
            let partitions: BTreeMap<String, u32> = topics
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i as u32 + 1))
                .collect();
            let num_consumers = 20 + rand(20);
            let sublist = |rand: &mut dyn FnMut(usize) -> usize| {
                let mut s = topics.clone();
                let remove = rand(s.len());
                for _ in 0..remove {
                    let i = rand(s.len());
                    s.remove(i);
                }
                s
            };
            let mut g = Group::default();
            for i in 0..num_consumers {
                let s = sublist(&mut rand);
                g.put(Subscription {
                    topics: s,
                    ..subscription(&canonical("c", i, 40), &[])
                });
            }
            let a = run(kind, &partitions, &g);
            let mut g2 = Group::default();
            for i in 0..num_consumers {
                let c = canonical("c", i, 40);
                let s = sublist(&mut rand);
                g2.put(Subscription {
                    topics: s,
                    owned_partitions: a[&c].clone(),
                    generation: Some(GENERATION_ID),
                    ..subscription(&c, &[])
                });
            }
            let mut a = run(kind, &partitions, &g2);
            verify_validity_and_balance(kind, &mut g2, &mut a, &partitions);
        }
    }
}

// AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled
#[test]
fn sticky_test_all_consumers_reach_expected_quota_and_are_considered_filled() {
    for kind in STICKY {
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic"],
            &tps("topic", &[0, 1]),
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic"],
            &tps("topic", &[2]),
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer3",
            &["topic"],
            &[],
            GENERATION_ID,
        ));
        let a = run(kind, &ppt(&[("topic", 4)]), &g);
        assert_eq!(a["consumer1"], tps("topic", &[0, 1]));
        assert_eq!(a["consumer2"], tps("topic", &[2]));
        assert_eq!(a["consumer3"], tps("topic", &[3]));
    }
}

// AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration
#[test]
fn sticky_test_owned_partitions_are_invalidated_for_consumer_with_stale_generation() {
    for kind in STICKY {
        let owned = [tp("topic", 0), tp("topic", 2), tp("topic2", 1)];
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic", "topic2"],
            &owned,
            10,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic", "topic2"],
            &owned,
            9,
        ));
        let a = run(kind, &ppt(&[("topic", 3), ("topic2", 3)]), &g);
        assert_eq!(set(&a["consumer1"]), set(&owned));
        assert_eq!(
            set(&a["consumer2"]),
            set(&[tp("topic", 1), tp("topic2", 0), tp("topic2", 2)])
        );
    }
}

// AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration
#[test]
fn sticky_test_owned_partitions_are_invalidated_for_consumer_with_no_generation() {
    for kind in STICKY {
        let owned = [tp("topic", 0), tp("topic", 2), tp("topic2", 1)];
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic", "topic2"],
            &owned,
            10,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic", "topic2"],
            &owned,
            -1,
        ));
        let a = run(kind, &ppt(&[("topic", 3), ("topic2", 3)]), &g);
        assert_eq!(set(&a["consumer1"]), set(&owned));
        assert_eq!(
            set(&a["consumer2"]),
            set(&[tp("topic", 1), tp("topic2", 0), tp("topic2", 2)])
        );
    }
}

// AbstractStickyAssignorTest.testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration
// StickyAssignorTest / CooperativeStickyAssignorTest
//   .testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer
#[test]
fn sticky_test_partition_claimed_by_multiple_consumers_in_same_generation_equal() {
    for kind in STICKY {
        let partitions = ppt(&[("topic", 3)]);
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic"],
            &tps("topic", &[0, 1]),
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic"],
            &tps("topic", &[0, 2]),
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer3",
            &["topic"],
            &[],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(a["consumer1"], tps("topic", &[1]));
        assert_eq!(a["consumer2"], tps("topic", &[2]));
        if kind == AssignorKind::CooperativeSticky {
            // topic-0 is still "owned": it can't be assigned until both have revoked it
            assert!(a["consumer3"].is_empty());
        } else {
            assert_eq!(a["consumer3"], tps("topic", &[0]));
        }
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

// StickyAssignorTest / CooperativeStickyAssignorTest
//   .testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer
#[test]
fn sticky_test_partition_claimed_by_multiple_consumers_in_same_generation_unequal() {
    for kind in STICKY {
        let partitions = ppt(&[("topic", 4)]);
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic"],
            &tps("topic", &[0, 1]),
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic"],
            &tps("topic", &[0, 2]),
            GENERATION_ID,
        ));
        g.put(owned_subscription(
            "consumer3",
            &["topic"],
            &[],
            GENERATION_ID,
        ));
        let mut a = run(kind, &partitions, &g);
        assert_eq!(a["consumer1"], tps("topic", &[1, 3]));
        assert_eq!(a["consumer2"], tps("topic", &[2]));
        if kind == AssignorKind::CooperativeSticky {
            assert!(a["consumer3"].is_empty());
        } else {
            assert_eq!(a["consumer3"], tps("topic", &[0]));
        }
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(is_fully_balanced(&a));
    }
}

// AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration
#[test]
fn sticky_test_ensure_partitions_assigned_to_highest_generation() {
    for kind in STICKY {
        let all = ["topic", "topic2", "topic3"];
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &all,
            &[tp("topic", 0), tp("topic2", 0), tp("topic3", 0)],
            10,
        ));
        g.put(owned_subscription(
            "consumer2",
            &all,
            &[tp("topic", 1), tp("topic2", 1), tp("topic3", 1)],
            9,
        ));
        g.put(owned_subscription(
            "consumer3",
            &all,
            &[tp("topic2", 1), tp("topic3", 0), tp("topic3", 2)],
            8,
        ));
        let a = run(
            kind,
            &ppt(&[("topic", 3), ("topic2", 3), ("topic3", 3)]),
            &g,
        );
        assert_eq!(
            set(&a["consumer1"]),
            set(&[tp("topic", 0), tp("topic2", 0), tp("topic3", 0)])
        );
        assert_eq!(
            set(&a["consumer2"]),
            set(&[tp("topic", 1), tp("topic2", 1), tp("topic3", 1)])
        );
        assert_eq!(
            set(&a["consumer3"]),
            set(&[tp("topic", 2), tp("topic2", 2), tp("topic3", 2)])
        );
    }
}

// AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers
#[test]
fn sticky_test_no_reassignment_on_current_members() {
    for kind in STICKY {
        let all = ["topic", "topic2", "topic3", "topic1"];
        let mut g = Group::default();
        g.put(owned_subscription("consumer1", &all, &[], -1));
        g.put(owned_subscription(
            "consumer2",
            &all,
            &[tp("topic", 0), tp("topic2", 0), tp("topic1", 0)],
            9,
        ));
        g.put(owned_subscription(
            "consumer3",
            &all,
            &[tp("topic3", 2), tp("topic2", 2), tp("topic1", 1)],
            8,
        ));
        g.put(owned_subscription(
            "consumer4",
            &all,
            &[tp("topic3", 1), tp("topic", 1), tp("topic", 2)],
            7,
        ));
        let a = run(
            kind,
            &ppt(&[("topic", 3), ("topic1", 3), ("topic2", 3), ("topic3", 3)]),
            &g,
        );
        assert_eq!(
            set(&a["consumer1"]),
            set(&[tp("topic1", 2), tp("topic2", 1), tp("topic3", 0)])
        );
    }
}

// AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration
#[test]
fn sticky_test_owned_partitions_are_invalidated_for_consumer_with_multiple_generation() {
    for kind in STICKY {
        let mut g = Group::default();
        g.put(owned_subscription(
            "consumer1",
            &["topic", "topic2"],
            &[tp("topic", 0), tp("topic2", 1), tp("topic", 1)],
            10,
        ));
        g.put(owned_subscription(
            "consumer2",
            &["topic", "topic2"],
            &[tp("topic", 0), tp("topic2", 1), tp("topic2", 2)],
            8,
        ));
        let a = run(kind, &ppt(&[("topic", 3), ("topic2", 3)]), &g);
        assert_eq!(
            set(&a["consumer1"]),
            set(&[tp("topic", 0), tp("topic2", 1), tp("topic", 1)])
        );
        assert_eq!(
            set(&a["consumer2"]),
            set(&[tp("topic", 2), tp("topic2", 2), tp("topic2", 0)])
        );
    }
}

// AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription / ...NonEqualSubscription
// only exercise rack-aware logic (their null-rack baselines come from the same algorithm and
// are covered by the property tests above), so they are not transcribed.

// StickyAssignorTest.testAssignmentWithMultipleGenerations1 (both isAllSubscriptionsEqual values)
#[test]
fn sticky_test_assignment_with_multiple_generations1() {
    let kind = AssignorKind::Sticky;
    for all_equal in [true, false] {
        let all: &[&str] = &["topic", "topic2"];
        let c2_topics: &[&str] = if all_equal { all } else { &["topic"] };
        let partitions = ppt(&[("topic", 6), ("topic2", 6)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", all));
        g.put(subscription("consumer2", c2_topics));
        g.put(subscription("consumer3", all));
        let mut a = run(kind, &partitions, &g);
        let (r1p1, r1p2, r1p3) = (
            a["consumer1"].clone(),
            a["consumer2"].clone(),
            a["consumer3"].clone(),
        );
        assert!(r1p1.len() == 4 && r1p2.len() == 4 && r1p3.len() == 4);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);

        g.put(owned_subscription("consumer1", all, &r1p1, GENERATION_ID));
        g.put(owned_subscription(
            "consumer2",
            c2_topics,
            &r1p2,
            GENERATION_ID,
        ));
        g.remove("consumer3");
        let mut a = run(kind, &partitions, &g);
        let (r2p1, r2p2) = (a["consumer1"].clone(), a["consumer2"].clone());
        assert!(r2p1.len() == 6 && r2p2.len() == 6);
        if all_equal {
            assert!(r1p1.iter().all(|p| r2p1.contains(p)));
        }
        assert!(r1p2.iter().all(|p| r2p2.contains(p)));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
        assert!(r2p2.iter().any(|p| r1p3.contains(p)));

        g.remove("consumer1");
        g.put(owned_subscription("consumer2", c2_topics, &r2p2, 2));
        g.put(owned_subscription("consumer3", all, &r1p3, 1));
        let mut a = run(kind, &partitions, &g);
        let (r3p2, r3p3) = (a["consumer2"].clone(), a["consumer3"].clone());
        assert!(r3p2.len() == 6 && r3p3.len() == 6);
        assert!(r3p2.iter().all(|p| !r3p3.contains(p)));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// StickyAssignorTest.testAssignmentWithMultipleGenerations2 (both isAllSubscriptionsEqual values)
#[test]
fn sticky_test_assignment_with_multiple_generations2() {
    let kind = AssignorKind::Sticky;
    for all_equal in [true, false] {
        let all: &[&str] = &["topic", "topic2", "topic3"];
        let c1_topics: &[&str] = if all_equal { all } else { &["topic"] };
        let c3_topics: &[&str] = if all_equal { all } else { &["topic", "topic2"] };
        let partitions = ppt(&[("topic", 4), ("topic2", 4), ("topic3", 4)]);
        let mut g = Group::default();
        g.put(subscription("consumer1", c1_topics));
        g.put(subscription("consumer2", all));
        g.put(subscription("consumer3", c3_topics));
        let mut a = run(kind, &partitions, &g);
        let (r1p1, r1p2, r1p3) = (
            a["consumer1"].clone(),
            a["consumer2"].clone(),
            a["consumer3"].clone(),
        );
        assert!(r1p1.len() == 4 && r1p2.len() == 4 && r1p3.len() == 4);
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);

        g.remove("consumer1");
        g.put(owned_subscription("consumer2", all, &r1p2, 1));
        g.remove("consumer3");
        let mut a = run(kind, &partitions, &g);
        let r2p2 = a["consumer2"].clone();
        assert_eq!(r2p2.len(), 12);
        assert!(r1p2.iter().all(|p| r2p2.contains(p)));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);

        g.put(owned_subscription("consumer1", c1_topics, &r1p1, 1));
        g.put(owned_subscription("consumer2", all, &r2p2, 2));
        g.put(owned_subscription("consumer3", c3_topics, &r1p3, 1));
        let mut a = run(kind, &partitions, &g);
        assert!(a.values().all(|l| l.len() == 4), "{a:?}");
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// StickyAssignorTest.testAssignmentWithConflictingPreviousGenerations (both isAllSubscriptionsEqual values)
#[test]
fn sticky_test_assignment_with_conflicting_previous_generations() {
    let kind = AssignorKind::Sticky;
    for all_equal in [true, false] {
        let partitions = ppt(&[("topic", 4), ("topic2", 4), ("topic3", 4)]);
        let all: &[&str] = &["topic", "topic2", "topic3"];
        let c1_topics: &[&str] = if all_equal { all } else { &["topic"] };
        let c2_topics: &[&str] = if all_equal { all } else { &["topic", "topic2"] };
        let c1p0 = if all_equal {
            vec![
                tp("topic", 0),
                tp("topic", 1),
                tp("topic", 2),
                tp("topic2", 2),
                tp("topic2", 3),
                tp("topic3", 0),
            ]
        } else {
            tps("topic", &[0, 1, 2, 3])
        };
        let c2p0 = vec![
            tp("topic", 0),
            tp("topic", 1),
            tp("topic2", 0),
            tp("topic2", 1),
            tp("topic2", 2),
            tp("topic2", 3),
        ];
        let c3p0 = vec![
            tp("topic", 2),
            tp("topic", 3),
            tp("topic3", 0),
            tp("topic3", 1),
            tp("topic3", 2),
            tp("topic3", 3),
        ];
        let mut g = Group::default();
        g.put(owned_subscription("consumer1", c1_topics, &c1p0, 1));
        g.put(owned_subscription("consumer2", c2_topics, &c2p0, 2));
        g.put(owned_subscription("consumer3", all, &c3p0, 2));
        let mut a = run(kind, &partitions, &g);
        assert!(a.values().all(|l| l.len() == 4), "{a:?}");
        assert!(a["consumer2"].iter().all(|p| c2p0.contains(p)));
        assert!(a["consumer3"].iter().all(|p| c3p0.contains(p)));
        verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    }
}

// CooperativeStickyAssignorTest.testAssignorWithOldVersionSubscriptions (a V1 subscription
// carries its generation in userData: modelled as the same generation)
#[test]
fn cooperative_test_assignor_with_old_version_subscriptions() {
    let kind = AssignorKind::CooperativeSticky;
    let partitions = ppt(&[("topic1", 3)]);
    let mut g = Group::default();
    g.put(owned_subscription(
        "consumer1",
        &["topic1"],
        &[tp("topic1", 0)],
        GENERATION_ID,
    ));
    g.put(owned_subscription(
        "consumer2",
        &["topic1"],
        &[tp("topic1", 1)],
        GENERATION_ID,
    ));
    g.put(owned_subscription(
        "consumer3",
        &["topic1"],
        &[],
        GENERATION_ID,
    ));
    let mut a = run(kind, &partitions, &g);
    assert_eq!(a["consumer1"], [tp("topic1", 0)]);
    assert_eq!(a["consumer2"], [tp("topic1", 1)]);
    assert_eq!(a["consumer3"], [tp("topic1", 2)]);
    verify_validity_and_balance(kind, &mut g, &mut a, &partitions);
    assert!(is_fully_balanced(&a));
}

// CooperativeStickyAssignorTest.testUniformSubscriptionTransferOwnershipListIsRight is rack-only
// (without racks nothing moves): checked here in its rack-free form.
#[test]
fn cooperative_uniform_subscription_without_racks_moves_nothing() {
    let kind = AssignorKind::CooperativeSticky;
    let mut g = Group::default();
    g.put(owned_subscription(
        "c0",
        &["topic1"],
        &tps("topic1", &[0, 1]),
        GENERATION_ID,
    ));
    g.put(owned_subscription(
        "c1",
        &["topic1"],
        &tps("topic1", &[2, 3]),
        GENERATION_ID,
    ));
    let a = run(kind, &ppt(&[("topic1", 4)]), &g);
    assert_eq!(a["c0"], tps("topic1", &[0, 1]));
    assert_eq!(a["c1"], tps("topic1", &[2, 3]));
}

/// A member joins a stable cooperative group: round 1 only revokes (the moved partitions are
/// withheld from the newcomer), round 2 (with the updated owned partitions) hands them over;
/// partitions that stay put never move.
#[test]
fn cooperative_two_round_member_join() {
    for (label, topics_b) in [
        ("constrained", &["t1", "t2"][..]),
        ("general", &["t1", "t2", "x"][..]),
    ] {
        let kind = AssignorKind::CooperativeSticky;
        let partitions = ppt(&[("t1", 4), ("t2", 2)]);
        let all = ["t1", "t2"];
        // stable group of two
        let a0 = assign(
            kind,
            &partitions,
            &[subscription("a", &all), subscription("b", topics_b)],
        );
        assert_eq!(a0.values().map(Vec::len).sum::<usize>(), 6, "{label}");
        // round 1: c joins
        let mut g = Group::default();
        g.put(owned_subscription("a", &all, &a0["a"], 1));
        g.put(owned_subscription("b", topics_b, &a0["b"], 1));
        g.put(owned_subscription("c", &all, &[], -1));
        let r1 = run(kind, &partitions, &g);
        assert!(
            r1["c"].is_empty(),
            "{label}: newcomer gets nothing while partitions are revoked: {r1:?}"
        );
        let revoked: Vec<TopicPartition> = ["a", "b"]
            .iter()
            .flat_map(|m| {
                a0[*m]
                    .iter()
                    .filter(|p| !r1[*m].contains(p))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(revoked.len(), 2, "{label}: {r1:?}");
        for m in ["a", "b"] {
            assert!(
                r1[m].iter().all(|p| a0[m].contains(p)),
                "{label}: no new partitions in round 1"
            );
        }
        // round 2: everyone reports what it owns now
        let mut g2 = Group::default();
        g2.put(owned_subscription("a", &all, &r1["a"], 2));
        g2.put(owned_subscription("b", topics_b, &r1["b"], 2));
        g2.put(owned_subscription("c", &all, &r1["c"], 2));
        let r2 = run(kind, &partitions, &g2);
        assert_eq!(set(&r2["c"]), set(&revoked), "{label}");
        assert_eq!(r2["a"], r1["a"], "{label}");
        assert_eq!(r2["b"], r1["b"], "{label}");
        assert!(is_fully_balanced(&r2));
        // round 3: stable
        let mut g3 = Group::default();
        for m in ["a", "b", "c"] {
            let mut s = g2.get(m).clone();
            s.owned_partitions = r2[m].clone();
            s.generation = Some(3);
            g3.put(s);
        }
        assert_eq!(run(kind, &partitions, &g3), r2, "{label}");
    }
}

/// Not from Kafka: seeded random groups (odd topics, owned partitions, generations, duplicate
/// claims) never panic, every member is present, and no partition is handed out twice; the
/// eager assignors assign every subscribed partition.
#[test]
fn random_inputs_are_valid() {
    let mut seed: u64 = 99;
    let mut rand = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let names = ["a", "b", "c", "\u{1F600}", "\u{FF61}", "t"];
    for _ in 0..300 {
        let partitions: BTreeMap<String, u32> = (0..rand(4))
            .map(|i| (names[i + 1].to_string(), rand(5) as u32))
            .collect();
        let mut subs = Vec::new();
        for m in 0..rand(6) {
            let topics: Vec<String> = (0..rand(4))
                .map(|_| names[rand(names.len())].to_string())
                .collect();
            let owned: Vec<TopicPartition> = (0..rand(5))
                .map(|_| tp(names[rand(names.len())], rand(6) as u32))
                .collect();
            subs.push(Subscription {
                member_id: format!("m{}", rand(5) + m),
                group_instance_id: if rand(2) == 0 {
                    Some(names[rand(names.len())].to_string())
                } else {
                    None
                },
                topics,
                owned_partitions: owned,
                generation: if rand(3) == 0 {
                    None
                } else {
                    Some(rand(4) as i32 - 1)
                },
            });
        }
        for kind in AssignorKind::ALL {
            let a = assign(kind, &partitions, &subs);
            let ids: BTreeSet<&String> = subs.iter().map(|s| &s.member_id).collect();
            assert_eq!(a.keys().collect::<BTreeSet<_>>(), ids);
            let all: Vec<&TopicPartition> = a.values().flatten().collect();
            let distinct: HashSet<&TopicPartition> = all.iter().copied().collect();
            assert_eq!(all.len(), distinct.len(), "{kind:?} {subs:?} {a:?}");
            for l in a.values() {
                assert_eq!(*l, sorted(l.clone()));
            }
            if kind != AssignorKind::CooperativeSticky {
                // a repeated member id keeps its last subscription
                let latest: BTreeMap<&String, &Subscription> =
                    subs.iter().map(|s| (&s.member_id, s)).collect();
                let expected: usize = partitions
                    .iter()
                    .filter(|(t, _)| latest.values().any(|s| s.topics.contains(t)))
                    .map(|(_, n)| *n as usize)
                    .sum();
                assert_eq!(all.len(), expected, "{kind:?} {subs:?} {a:?}");
            }
        }
    }
}
