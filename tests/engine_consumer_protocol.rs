//! Consumer groups on the consumer protocol (KIP-848): group and member epochs, the server-side
//! target assignment, incremental reconciliation, heartbeats, sessions and poll timeouts, as
//! Kafka 4.3's `GroupMetadataManager` / `CurrentAssignmentBuilder` run them.

use std::collections::{BTreeMap, BTreeSet};

use kafka_playground::engine::{
    Command, EventKind, GroupProtocol, GroupState, GroupType, MemberSpec, MemberState,
    MemberStatusView, OffsetReset, ProduceRequest, ServerAssignor, TopicSpec, World,
};

fn world(partitions: u32, records_per_partition: u32) -> World {
    let mut w = World::new(42);
    w.apply(Command::CreateTopic(TopicSpec::new("orders", partitions)))
        .unwrap();
    for p in 0..partitions {
        for i in 0..records_per_partition {
            let mut r = ProduceRequest::keyed("orders", &format!("k{i}"), "v");
            r.partition = Some(p);
            w.apply(Command::Produce(r)).unwrap();
        }
    }
    w
}

fn member(id: &str) -> MemberSpec {
    let mut m = MemberSpec::new("g", &["orders"]).with_id(id);
    m.config.protocol = GroupProtocol::Consumer;
    m.config.auto_offset_reset = OffsetReset::Earliest;
    m
}

fn join(w: &mut World, spec: MemberSpec) {
    w.apply(Command::JoinGroup(spec)).unwrap();
}

fn owned(w: &World, id: &str) -> BTreeSet<u32> {
    let g = w.group_view("g").unwrap();
    g.members
        .iter()
        .find(|m| m.member_id == id)
        .map(|m| m.assignment.iter().map(|tp| tp.partition).collect())
        .unwrap_or_default()
}

/// No partition is owned by two members of the group.
fn assert_exclusive(w: &World) {
    let g = w.group_view("g").unwrap();
    let mut seen: BTreeMap<u32, String> = BTreeMap::new();
    for m in g.members.iter().filter(|m| !m.poll_expired) {
        for tp in &m.assignment {
            if let Some(other) = seen.insert(tp.partition, m.member_id.clone()) {
                panic!(
                    "partition {} owned by {other} and {} at {}",
                    tp.partition,
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
