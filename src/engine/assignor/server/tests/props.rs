//! Property tests over random groups: 1–8 members, 1–4 topics of 1–12 partitions, random
//! subscriptions (sometimes naming a topic that does not exist, sometimes identical for every
//! member so that the homogeneous builders run), random instance ids and random current
//! assignments (which may repeat partitions, name partitions past a topic's count, or name topics
//! the member no longer subscribes to).

use proptest::prelude::*;

use super::*;

const TOPICS: [&str; 4] = ["t0", "t1", "t2", "t3"];
/// A subscribed name with no metadata.
const MISSING: &str = "gone";

#[derive(Clone, Debug)]
struct Case {
    topics: BTreeMap<String, u32>,
    members: BTreeMap<String, MemberSpec>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(1u32..=12, 1..=4),
        1usize..=8,
        any::<bool>(),
    )
        .prop_flat_map(|(counts, n_members, same)| {
            let n_topics = counts.len();
            let member = (
                prop::collection::btree_set(0..=n_topics, 0..=n_topics),
                prop::option::weighted(0.3, 0u8..4),
                prop::collection::vec(prop::collection::btree_set(0u32..14, 0..4), n_topics),
            );
            (
                Just(counts),
                Just(same),
                prop::collection::vec(member, n_members),
            )
        })
        .prop_map(|(counts, same, raw)| {
            let n_topics = counts.len();
            let topics: BTreeMap<String, u32> = TOPICS
                .iter()
                .zip(&counts)
                .map(|(t, n)| (t.to_string(), *n))
                .collect();
            // Index `n_topics` stands for a topic missing from the metadata.
            let name = |i: usize| {
                TOPICS
                    .get(i)
                    .copied()
                    .filter(|_| i < n_topics)
                    .unwrap_or(MISSING)
            };
            let first_subscription: BTreeSet<String> = raw
                .first()
                .map(|(s, _, _)| s.iter().map(|i| name(*i).to_string()).collect())
                .unwrap_or_default();
            let members = raw
                .into_iter()
                .enumerate()
                .map(|(i, (subs, instance, owned))| {
                    let subscribed_topics = if same {
                        first_subscription.clone()
                    } else {
                        subs.iter().map(|i| name(*i).to_string()).collect()
                    };
                    let assignment = owned
                        .into_iter()
                        .enumerate()
                        .filter(|(_, ps)| !ps.is_empty())
                        .map(|(t, ps)| (name(t).to_string(), ps))
                        .collect();
                    let spec = MemberSpec {
                        subscribed_topics,
                        instance_id: instance.map(|k| format!("instance-{k}")),
                        assignment,
                    };
                    (format!("m{i}"), spec)
                })
                .collect();
            Case { topics, members }
        })
}

fn sizes(result: &GroupAssignment) -> Vec<usize> {
    result.values().map(size).collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        ..ProptestConfig::default()
    })]

    /// Exactly-once ownership by subscribers, every member reported, same input same output,
    /// and no panic (a panic fails the property).
    #[test]
    fn valid_and_deterministic(case in case()) {
        for kind in ServerAssignor::ALL {
            let result = assign(kind, &case.members, &case.topics);
            prop_assert!(result.is_ok(), "{kind:?}: {result:?}");
            let result = result.unwrap_or_default();
            check_validity(&case.members, &case.topics, &result);
            prop_assert_eq!(assign(kind, &case.members, &case.topics), Ok(result));
        }
    }

    /// Uniform with homogeneous subscriptions: member sizes differ by at most one.
    #[test]
    fn uniform_homogeneous_is_balanced(case in case()) {
        let homogeneous = normalize(&case.members, &case.topics).homogeneous;
        let result = assign(ServerAssignor::Uniform, &case.members, &case.topics);
        prop_assert!(result.is_ok());
        let sizes = sizes(&result.unwrap_or_default());
        if homogeneous {
            let (min, max) = (sizes.iter().min(), sizes.iter().max());
            if let (Some(min), Some(max)) = (min, max) {
                prop_assert!(max - min <= 1, "sizes {:?}", sizes);
            }
        }
    }

    /// Stability: with the result fed back as every member's current assignment (same members,
    /// subscriptions and topics), the assignor hands back the same assignment.
    #[test]
    fn result_fed_back_is_kept(case in case()) {
        for kind in ServerAssignor::ALL {
            let first = assign(kind, &case.members, &case.topics).unwrap_or_default();
            let again = with_assignment(&case.members, &first);
            prop_assert_eq!(assign(kind, &again, &case.topics), Ok(first), "{:?}", kind);
        }
    }

    /// `UniformHeterogeneousAssignmentBuilder.balanceTopics`: "perfectly balanced assignments
    /// when all subscribers of a topic have the same subscriptions". The heterogeneous builder,
    /// run on identical subscriptions, balances to within one partition.
    #[test]
    fn heterogeneous_builder_balances_identical_subscriptions(case in case()) {
        let mut spec = normalize(&case.members, &case.topics);
        if spec.homogeneous {
            spec.homogeneous = false;
            let result = run(ServerAssignor::Uniform, &spec);
            prop_assert!(result.is_ok());
            let result = result.unwrap_or_default();
            check_validity(&case.members, &case.topics, &result);
            let sizes = sizes(&result);
            let (min, max) = (sizes.iter().min(), sizes.iter().max());
            if let (Some(min), Some(max)) = (min, max) {
                prop_assert!(max - min <= 1, "sizes {:?}", sizes);
            }
        }
    }

    /// `RangeAssignor`: with identical subscriptions and equal partition counts, each member gets
    /// the same partition numbers from every topic (co-partitioning).
    #[test]
    fn range_co_partitions(case in case(), count in 1u32..=12) {
        let topics: BTreeMap<String, u32> =
            case.topics.keys().map(|t| (t.clone(), count)).collect();
        if normalize(&case.members, &topics).homogeneous {
            let result = assign(ServerAssignor::Range, &case.members, &topics);
            prop_assert!(result.is_ok());
            for (id, assignment) in result.unwrap_or_default() {
                let mut per_topic = assignment.values();
                if let Some(first) = per_topic.next() {
                    prop_assert!(per_topic.all(|ps| ps == first), "{}: {:?}", id, assignment);
                }
            }
        }
    }
}
