//! Consumer groups on the consumer protocol (KIP-848): group and member epochs, the server-side
//! target assignment, incremental reconciliation, heartbeats, sessions and poll timeouts, as
//! Kafka 4.3's `GroupMetadataManager` / `CurrentAssignmentBuilder` run them.

use std::collections::{BTreeMap, BTreeSet};

use kafka_playground::engine::{
    Command, EventKind, GroupProtocol, GroupState, GroupType, MemberSpec, MemberState,
    MemberStatusView, OffsetReset, ProduceRequest, ServerAssignor, TopicSpec, World,
};

mod engine_common;
use engine_common::{assignment, join, world};

fn member(id: &str) -> MemberSpec {
    let mut m = MemberSpec::new("g", &["orders"]).with_id(id);
    m.config.protocol = GroupProtocol::Consumer;
    m.config.auto_offset_reset = OffsetReset::Earliest;
    m
}

fn owned(w: &World, id: &str) -> BTreeSet<u32> {
    assignment(w, id).into_iter().collect()
}

/// No partition is owned by two members of the group.
fn assert_exclusive(w: &World) {
    let Some(g) = w.group_view("g") else {
        return;
    };
    let mut seen: BTreeMap<(String, u32), String> = BTreeMap::new();
    for m in g.members.iter().filter(|m| !m.poll_expired) {
        for tp in &m.assignment {
            if let Some(other) = seen.insert((tp.topic.clone(), tp.partition), m.member_id.clone())
            {
                panic!(
                    "partition {tp} owned by {other} and {} at {}",
                    m.member_id,
                    w.now()
                );
            }
        }
    }
}

/// Advances `ms` in 100 ms steps, checking exclusive ownership at every step.
fn run(w: &mut World, ms: u64) -> Vec<EventKind> {
    let mut out = Vec::new();
    for _ in 0..ms / 100 {
        out.extend(w.advance(100).into_iter().map(|e| e.kind));
        assert_exclusive(w);
    }
    out
}

#[test]
fn the_first_member_creates_a_consumer_group_and_gets_everything_at_once() {
    let mut w = world(4, 0);
    join(&mut w, member("c1"));
    let g = w.group_view("g").unwrap();
    assert_eq!(g.kind, GroupType::Consumer);
    // No initial rebalance delay under the consumer protocol: the first heartbeat is answered.
    assert_eq!(
        (g.state, g.group_epoch, g.target_assignment_epoch),
        (GroupState::Stable, Some(1), Some(1))
    );
    assert_eq!(
        owned(&w, "c1"),
        BTreeSet::new(),
        "the client takes it at its next poll"
    );
    w.advance(100);
    assert_eq!(owned(&w, "c1"), (0..4).collect());
    let m = &w.group_view("g").unwrap().members[0];
    assert_eq!(
        (m.epoch, m.member_state),
        (Some(1), Some(MemberState::Stable))
    );
    assert_eq!(
        w.group_view("g").unwrap().server_assignor,
        Some(ServerAssignor::Uniform)
    );
}

#[test]
fn a_joining_member_waits_for_partitions_the_others_release_and_nothing_stops() {
    let mut w = world(6, 0);
    join(&mut w, member("c1"));
    join(&mut w, member("c2"));
    run(&mut w, 12_000);
    assert_eq!(w.group_view("g").unwrap().state, GroupState::Stable);
    let (a1, a2) = (owned(&w, "c1"), owned(&w, "c2"));
    assert_eq!(a1.len() + a2.len(), 6);
    // Keep producing so consumption can be observed during the change.
    join(&mut w, member("c3"));
    let g = w.group_view("g").unwrap();
    assert_eq!(
        g.group_epoch,
        Some(3),
        "c1, c2, then c3 bumped the group epoch"
    );
    let c3 = g.members.iter().find(|m| m.member_id == "c3").unwrap();
    assert_eq!(
        c3.member_state,
        Some(MemberState::UnreleasedPartitions),
        "its target is still held by c1 and c2"
    );
    assert_eq!(c3.target.len(), 2);
    let ev = run(&mut w, 15_000);
    assert_eq!(w.group_view("g").unwrap().state, GroupState::Stable);
    // Only the two partitions c3 needed were revoked, and nobody gave up anything else.
    let revoked: usize = ev
        .iter()
        .map(|k| match k {
            EventKind::PartitionsRevoked { partitions, .. } => partitions.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(revoked, 2);
    assert!(owned(&w, "c1").is_subset(&a1) && owned(&w, "c2").is_subset(&a2));
    assert_eq!(owned(&w, "c3").len(), 2);
    assert!(!ev
        .iter()
        .any(|k| matches!(k, EventKind::RebalanceStarted { .. })));
}

#[test]
fn a_leaving_member_frees_its_partitions_at_the_next_heartbeat() {
    let mut w = world(4, 0);
    join(&mut w, member("c1"));
    join(&mut w, member("c2"));
    run(&mut w, 12_000);
    assert_eq!(owned(&w, "c2").len(), 2);
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "c2".into(),
    })
    .unwrap();
    let g = w.group_view("g").unwrap();
    assert_eq!(
        g.state,
        GroupState::Assigning,
        "the group epoch moved; the target comes with the next heartbeat"
    );
    run(&mut w, 5_100);
    assert_eq!(owned(&w, "c1").len(), 4);
    assert_eq!(w.group_view("g").unwrap().state, GroupState::Stable);
}

#[test]
fn a_crashed_member_keeps_its_partitions_until_the_group_session_timeout() {
    let mut w = world(4, 10);
    join(&mut w, member("c1"));
    join(&mut w, member("c2"));
    run(&mut w, 12_000);
    w.apply(Command::CrashMember {
        group: "g".into(),
        member_id: "c2".into(),
    })
    .unwrap();
    run(&mut w, 44_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(
        g.state,
        GroupState::Stable,
        "nobody notices before group.consumer.session.timeout.ms"
    );
    let c2 = g.members.iter().find(|m| m.member_id == "c2").unwrap();
    assert_eq!(c2.status, MemberStatusView::Crashed);
    assert_eq!(c2.in_flight, 0, "the dead client reads nothing");
    assert_eq!(
        c2.described_assignment.len(),
        2,
        "the coordinator still lists its partitions"
    );
    run(&mut w, 7_000);
    assert_eq!(owned(&w, "c1").len(), 4);
}

#[test]
fn epochs_never_go_back_and_the_group_settles_after_many_changes() {
    let mut w = world(8, 0);
    let mut last_group_epoch = 0;
    let mut member_epochs: BTreeMap<String, i32> = BTreeMap::new();
    for i in 0..5 {
        join(&mut w, member(&format!("c{i}")));
        for _ in 0..30 {
            w.advance(100);
            assert_exclusive(&w);
            let g = w.group_view("g").unwrap();
            let ge = g.group_epoch.unwrap();
            assert!(ge >= last_group_epoch);
            last_group_epoch = ge;
            for m in &g.members {
                let e = m.epoch.unwrap();
                let prev = member_epochs.insert(m.member_id.clone(), e).unwrap_or(0);
                assert!(e >= prev, "{} went from epoch {prev} to {e}", m.member_id);
            }
        }
    }
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "c0".into(),
    })
    .unwrap();
    run(&mut w, 30_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.state, GroupState::Stable);
    let all: BTreeSet<u32> = g
        .members
        .iter()
        .flat_map(|m| m.assignment.iter().map(|tp| tp.partition))
        .collect();
    assert_eq!(
        all,
        (0..8).collect(),
        "every partition is owned once the group is stable"
    );
    let counts: Vec<usize> = g.members.iter().map(|m| m.assignment.len()).collect();
    assert_eq!(counts, vec![2, 2, 2, 2], "uniform: {counts:?}");
}

#[test]
fn a_batch_longer_than_max_poll_interval_makes_the_member_leave_and_others_redo_its_work() {
    let mut w = world(2, 200);
    let mut slow = member("slow");
    slow.config.processing_us = 100_000; // 100 ms a record: 500 records take 50 s
    slow.config.max_poll_interval_ms = 10_000;
    join(&mut w, slow);
    let ev = run(&mut w, 11_000);
    assert!(ev
        .iter()
        .any(|k| matches!(k, EventKind::PollTimeout { .. })));
    let g = w.group_view("g").unwrap();
    assert_eq!(g.state, GroupState::Empty, "the only member left");
    join(&mut w, member("fast"));
    run(&mut w, 2_000);
    assert_eq!(owned(&w, "fast").len(), 2);
}

#[test]
fn a_consumer_protocol_member_upgrades_a_classic_group_and_its_leaving_downgrades_it() {
    let mut w = world(4, 20);
    for id in ["old-1", "old-2"] {
        let mut m = member(id);
        m.config.protocol = GroupProtocol::Classic;
        // Eager: in the consumer group it gives up everything at each new assignment.
        m.config.assignor = kafka_playground::engine::AssignorKind::Range;
        join(&mut w, m);
    }
    run(&mut w, 4_000);
    assert_eq!(w.group_view("g").unwrap().kind, GroupType::Classic);
    let before: BTreeSet<u32> = owned(&w, "old-1");
    join(&mut w, member("new-1"));
    let g = w.group_view("g").unwrap();
    assert_eq!(g.kind, GroupType::Consumer, "online upgrade");
    assert_eq!(
        owned(&w, "old-1"),
        before,
        "the classic members keep their partitions"
    );
    let ev = run(&mut w, 12_000);
    assert!(!ev
        .iter()
        .any(|k| matches!(k, EventKind::RebalanceStarted { .. })));
    let g = w.group_view("g").unwrap();
    assert_eq!(g.state, GroupState::Stable);
    let protocols: Vec<GroupProtocol> = g.members.iter().map(|m| m.protocol).collect();
    assert_eq!(
        protocols,
        vec![GroupProtocol::Consumer, GroupProtocol::Classic, GroupProtocol::Classic],
        "new-1, old-1, old-2: one consumer-protocol member and two classic ones in a consumer group"
    );
    assert_eq!(
        owned(&w, "new-1").len() + owned(&w, "old-1").len() + owned(&w, "old-2").len(),
        4
    );
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "new-1".into(),
    })
    .unwrap();
    let g = w.group_view("g").unwrap();
    assert_eq!(
        (g.kind, g.state),
        (GroupType::Classic, GroupState::PreparingRebalance),
        "online downgrade, then a rebalance"
    );
    run(&mut w, 5_000);
    assert_eq!(owned(&w, "old-1").len() + owned(&w, "old-2").len(), 4);
}

#[test]
fn a_static_member_that_restarts_within_the_session_keeps_its_epoch_and_partitions() {
    let mut w = world(4, 0);
    let mut s1 = member("s1-a");
    s1.config.group_instance_id = Some("s1".into());
    join(&mut w, s1);
    join(&mut w, member("c2"));
    run(&mut w, 12_000);
    let before = owned(&w, "s1-a");
    assert_eq!(before.len(), 2);
    // A static member leaves with epoch -2: no group epoch bump, its partitions wait for it.
    let epoch = w.group_view("g").unwrap().group_epoch;
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "s1-a".into(),
    })
    .unwrap();
    run(&mut w, 20_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.group_epoch, epoch, "nothing moved");
    assert_eq!(owned(&w, "c2").len(), 2);
    let mut back = member("s1-b");
    back.config.group_instance_id = Some("s1".into());
    join(&mut w, back);
    let g = w.group_view("g").unwrap();
    assert_eq!(
        g.group_epoch, epoch,
        "the new member id takes the old one's place"
    );
    assert!(g.members.iter().all(|m| m.member_id != "s1-a"));
    run(&mut w, 1_000);
    assert_eq!(owned(&w, "s1-b"), before);
}

#[test]
fn a_classic_member_past_max_poll_interval_leaves_and_its_partitions_move() {
    let mut w = world(2, 200);
    let mut slow = member("slow");
    slow.config.protocol = GroupProtocol::Classic;
    slow.config.processing_us = 100_000;
    slow.config.max_poll_interval_ms = 10_000;
    join(&mut w, slow);
    let mut fast = member("fast");
    fast.config.protocol = GroupProtocol::Classic;
    join(&mut w, fast);
    let ev = run(&mut w, 15_000);
    assert!(ev
        .iter()
        .any(|k| matches!(k, EventKind::PollTimeout { member_id, .. } if member_id == "slow")));
    assert!(ev.iter().any(|k| matches!(k, EventKind::RebalanceStarted { reason, .. } if reason.contains("poll timeout"))));
    assert_eq!(
        owned(&w, "fast").len(),
        2,
        "the member still polling took everything"
    );
    let g = w.group_view("g").unwrap();
    assert!(g
        .members
        .iter()
        .any(|m| m.member_id == "slow" && m.poll_expired));
}

#[test]
fn the_last_consumer_protocol_member_back_from_a_poll_timeout_upgrades_the_group_again() {
    let mut w = world(2, 200);
    let mut old = member("old");
    old.config.protocol = GroupProtocol::Classic;
    join(&mut w, old);
    let mut slow = member("slow");
    slow.config.processing_us = 100_000; // a 200-record batch takes 20 s
    slow.config.max_poll_interval_ms = 10_000;
    join(&mut w, slow);
    assert_eq!(w.group_view("g").unwrap().kind, GroupType::Consumer);
    let ev = run(&mut w, 12_000);
    assert!(ev
        .iter()
        .any(|k| matches!(k, EventKind::PollTimeout { .. })));
    assert!(
        ev.iter().any(|k| matches!(
            k,
            EventKind::GroupConverted {
                to: GroupType::Classic,
                ..
            }
        )),
        "its leaving left only a classic member: online downgrade"
    );
    // When its batch is done it polls again: a consumer-protocol member, so the group upgrades.
    let ev = run(&mut w, 30_000);
    assert!(ev.iter().any(|k| matches!(
        k,
        EventKind::GroupConverted {
            to: GroupType::Consumer,
            ..
        }
    )));
    let g = w.group_view("g").unwrap();
    assert_eq!(g.kind, GroupType::Consumer);
    assert!(g.members.iter().all(|m| !m.poll_expired));
}

mod props {
    use super::*;
    use kafka_playground::engine::AssignorKind;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Step {
        Join(u32, Vec<&'static str>, ServerAssignor, u64),
        Leave(u32),
        Crash(u32),
        Grow(&'static str),
        Advance(u64),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (
                0u32..6,
                prop::sample::subsequence(vec!["a", "b"], 1..=2),
                prop::sample::select(ServerAssignor::ALL.to_vec()),
                prop::sample::select(vec![0u64, 1_000, 50_000])
            )
                .prop_map(|(i, t, a, p)| Step::Join(i, t, a, p)),
            (0u32..6).prop_map(Step::Leave),
            (0u32..6).prop_map(Step::Crash),
            prop::sample::select(vec!["a", "b"]).prop_map(Step::Grow),
            (100u64..8_000).prop_map(Step::Advance),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Under any sequence of joins, leaves, crashes and topic growth: no partition is owned
        /// by two members at any tick, epochs never go back, and once nothing changes for a
        /// minute every subscribed partition is owned and the group is stable.
        #[test]
        fn ownership_is_exclusive_epochs_grow_and_the_group_settles(
            steps in prop::collection::vec(step(), 1..25)
        ) {
            let mut w = World::new(7);
            for t in ["a", "b"] {
                w.apply(Command::CreateTopic(TopicSpec::new(t, 3))).unwrap();
            }
            let mut group_epoch = 0;
            let mut member_epochs: BTreeMap<String, i32> = BTreeMap::new();
            let mut check = |w: &World| -> Result<(), TestCaseError> {
                assert_exclusive(w);
                if let Some(g) = w.group_view("g") {
                    let e = g.group_epoch.unwrap_or(0);
                    prop_assert!(e >= group_epoch, "group epoch went back");
                    group_epoch = e;
                    member_epochs.retain(|id, _| g.members.iter().any(|m| &m.member_id == id));
                    for m in &g.members {
                        if let Some(e) = m.epoch {
                            let prev = member_epochs.insert(m.member_id.clone(), e).unwrap_or(0);
                            prop_assert!(e >= prev, "{} epoch {prev} -> {e}", m.member_id);
                        }
                    }
                }
                Ok(())
            };
            for s in steps {
                match s {
                    Step::Join(i, topics, a, p) => {
                        let mut m = MemberSpec::new("g", &topics).with_id(&format!("m{i}"));
                        m.config.protocol = GroupProtocol::Consumer;
                        m.config.remote_assignor = Some(a);
                        m.config.processing_us = p;
                        m.config.auto_offset_reset = OffsetReset::Earliest;
                        m.config.assignor = AssignorKind::Range;
                        let _ = w.apply(Command::JoinGroup(m));
                    }
                    Step::Leave(i) => {
                        let _ = w.apply(Command::LeaveGroup { group: "g".into(), member_id: format!("m{i}") });
                    }
                    Step::Crash(i) => {
                        let _ = w.apply(Command::CrashMember { group: "g".into(), member_id: format!("m{i}") });
                    }
                    Step::Grow(t) => {
                        let n = w.partition_count(t).unwrap_or(1);
                        if n < 8 {
                            let _ = w.apply(Command::AlterPartitions { topic: t.into(), partitions: n + 1 });
                        }
                        let _ = w.apply(Command::Produce(ProduceRequest::keyed(t, "k", "v")));
                    }
                    Step::Advance(ms) => {
                        for _ in 0..ms / 100 {
                            w.advance(100);
                            check(&w)?;
                        }
                    }
                }
                check(&w)?;
            }
            // Quiet: sessions of crashed members expire, everyone reconciles.
            for _ in 0..600 {
                w.advance(100);
                check(&w)?;
            }
            if let Some(g) = w.group_view("g") {
                let live: Vec<_> = g.members.iter().filter(|m| m.status == MemberStatusView::Active && !m.poll_expired).collect();
                if !live.is_empty() {
                    prop_assert_eq!(g.state, GroupState::Stable);
                    let owned: BTreeSet<(String, u32)> = live
                        .iter()
                        .flat_map(|m| m.assignment.iter().map(|tp| (tp.topic.clone(), tp.partition)))
                        .collect();
                    for m in &live {
                        for t in &m.topics {
                            for p in 0..w.partition_count(t).unwrap_or(0) {
                                prop_assert!(owned.contains(&(t.clone(), p)), "{t}-{p} unowned");
                            }
                        }
                    }
                }
            }
        }
    }
}
