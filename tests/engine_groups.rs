//! Consumer groups: rebalances, assignment, commits, lag, crashes — against Kafka's rules.

use std::collections::BTreeSet;

use kafka_playground::engine::{
    AssignorKind, Command, CommitMode, EngineError, EventKind, GroupState, MemberSpec,
    MemberStatusView, OffsetReset, ProduceRequest, ResetTarget, TopicPartition,
};

mod engine_common;
use engine_common::{assignment, join, world};

fn member(id: &str, assignor: AssignorKind) -> MemberSpec {
    let mut m = MemberSpec::new("g", &["orders"]).with_id(id);
    m.config.assignor = assignor;
    m.config.auto_offset_reset = OffsetReset::Earliest;
    m
}

fn kinds(ev: &[kafka_playground::engine::Event]) -> Vec<&EventKind> {
    ev.iter().map(|e| &e.kind).collect()
}

#[test]
fn first_join_waits_the_initial_rebalance_delay_then_range_assigns() {
    let mut w = world(4, 0);
    join(&mut w, member("c1", AssignorKind::Range));
    join(&mut w, member("c2", AssignorKind::Range));
    assert_eq!(
        w.group_view("g").unwrap().state,
        GroupState::PreparingRebalance
    );
    w.advance(2_900);
    assert_eq!(
        w.group_view("g").unwrap().state,
        GroupState::PreparingRebalance,
        "group.initial.rebalance.delay.ms = 3 s"
    );
    w.advance(200);
    let g = w.group_view("g").unwrap();
    assert_eq!(
        (g.state, g.generation),
        (GroupState::Stable, 1),
        "one rebalance for both joins"
    );
    assert_eq!(assignment(&w, "c1"), vec![0, 1]);
    assert_eq!(assignment(&w, "c2"), vec![2, 3]);
}

#[test]
fn members_beyond_the_partition_count_sit_idle() {
    let mut w = world(4, 0);
    for i in 1..=5 {
        join(&mut w, member(&format!("c{i}"), AssignorKind::Range));
    }
    w.advance(3_100);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.idle_members(), 1);
    assert!(
        g.members.iter().find(|m| m.member_id == "c5").unwrap().idle,
        "c5 sorts last and gets nothing"
    );
    let owned: Vec<u32> = g
        .members
        .iter()
        .flat_map(|m| m.assignment.iter().map(|tp| tp.partition))
        .collect();
    assert_eq!(owned.len(), 4);
    assert_eq!(
        owned.iter().collect::<BTreeSet<_>>().len(),
        4,
        "each partition has exactly one owner"
    );
}

#[test]
fn another_group_reads_everything_again_on_its_own() {
    let mut w = world(2, 10);
    join(&mut w, member("a1", AssignorKind::Range));
    let mut other = member("b1", AssignorKind::Range);
    other.group = "audit".into();
    join(&mut w, other);
    w.advance(10_000);
    let g = w.group_view("g").unwrap();
    let audit = w.group_view("audit").unwrap();
    let processed = |v: &kafka_playground::engine::GroupView| {
        v.partitions.iter().map(|p| p.processed).sum::<u64>()
    };
    assert_eq!(processed(&g), 20);
    assert_eq!(
        processed(&audit),
        20,
        "a different group does not share the load: it reads all 20 again"
    );
}

#[test]
fn lag_is_log_end_minus_committed_and_auto_commit_catches_up() {
    let mut w = world(2, 0);
    let mut m = member("c1", AssignorKind::Range);
    m.config.processing_us = 100_000; // 10 records per second
                                      // Auto-commit happens inside poll(): small batches let it run while the backlog drains.
    m.config.max_poll_records = 10;
    join(&mut w, m);
    w.advance(3_100);
    for i in 0..100 {
        w.apply(Command::Produce(ProduceRequest::keyed(
            "orders",
            &format!("k{i}"),
            "v",
        )))
        .unwrap();
    }
    w.advance(6_000);
    let g = w.group_view("g").unwrap();
    for p in &g.partitions {
        let committed = p.committed.expect("auto-commit ran within 5 s");
        assert_eq!(p.lag, p.log_end_offset - committed);
    }
    let lag_before = g.total_lag();
    assert!(lag_before > 0 && lag_before < 100, "{lag_before}");
    w.advance(20_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.total_lag(), 0, "caught up and committed");
    assert_eq!(g.duplicates() + g.skipped(), 0);
}

#[test]
fn a_crash_is_noticed_after_the_session_timeout_and_redelivers_uncommitted_records() {
    let mut w = world(1, 0);
    let mut a = member("c1", AssignorKind::Range);
    a.config.commit = CommitMode::AfterProcessing;
    a.config.max_poll_records = 100;
    a.config.processing_us = 10_000; // 100/s
    let mut b = a.clone();
    b.member_id = Some("c2".into());
    join(&mut w, a);
    join(&mut w, b);
    w.advance(3_100);
    assert_eq!(assignment(&w, "c1"), vec![0]);
    for i in 0..100 {
        w.apply(Command::Produce(ProduceRequest::keyed(
            "orders",
            &format!("k{i}"),
            "v",
        )))
        .unwrap();
    }
    w.advance(500); // c1 is half way through its batch of 100 and has committed nothing
    w.apply(Command::CrashMember {
        group: "g".into(),
        member_id: "c1".into(),
    })
    .unwrap();
    w.advance(44_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.state, GroupState::Stable, "nobody noticed yet");
    assert_eq!(
        g.members
            .iter()
            .find(|m| m.member_id == "c1")
            .unwrap()
            .status,
        MemberStatusView::Crashed
    );
    let ev = w.advance(1_500);
    assert!(kinds(&ev)
        .iter()
        .any(|k| matches!(k, EventKind::MemberExpired { member_id, .. } if member_id == "c1")));
    assert_eq!(assignment(&w, "c2"), vec![0]);
    w.advance(5_000);
    let g = w.group_view("g").unwrap();
    assert!(
        g.duplicates() >= 40,
        "records processed before the crash were processed again: {}",
        g.duplicates()
    );
    assert_eq!(g.skipped(), 0, "at-least-once never skips");
    assert_eq!(g.total_lag(), 0);
}

#[test]
fn committing_before_processing_loses_records_on_a_crash() {
    let mut w = world(1, 0);
    let mut a = member("c1", AssignorKind::Range);
    a.config.commit = CommitMode::BeforeProcessing;
    a.config.processing_us = 10_000;
    let mut b = a.clone();
    b.member_id = Some("c2".into());
    join(&mut w, a);
    join(&mut w, b);
    w.advance(3_100);
    for i in 0..100 {
        w.apply(Command::Produce(ProduceRequest::keyed(
            "orders",
            &format!("k{i}"),
            "v",
        )))
        .unwrap();
    }
    w.advance(300);
    w.apply(Command::CrashMember {
        group: "g".into(),
        member_id: "c1".into(),
    })
    .unwrap();
    let ev = w.advance(50_000);
    let skipped = kinds(&ev)
        .into_iter()
        .find_map(|k| match k {
            EventKind::Skipped { count, .. } => Some(*count),
            _ => None,
        })
        .expect("the skip is reported");
    let g = w.group_view("g").unwrap();
    assert_eq!(g.skipped(), skipped);
    assert!(skipped >= 60, "{skipped}");
    assert_eq!(g.duplicates(), 0, "at-most-once never duplicates");
    assert_eq!(
        g.partitions[0].processed + skipped,
        100,
        "every record is either processed once or never"
    );
}

#[test]
fn cooperative_sticky_revokes_only_what_moves_in_two_rounds() {
    let mut w = world(6, 0);
    join(&mut w, member("c1", AssignorKind::CooperativeSticky));
    join(&mut w, member("c2", AssignorKind::CooperativeSticky));
    w.advance(3_100);
    let before1: BTreeSet<u32> = assignment(&w, "c1").into_iter().collect();
    let before2: BTreeSet<u32> = assignment(&w, "c2").into_iter().collect();
    assert_eq!(before1.len() + before2.len(), 6);
    join(&mut w, member("c3", AssignorKind::CooperativeSticky));
    let ev = w.advance(1_000);
    let revoked: Vec<&EventKind> = kinds(&ev)
        .into_iter()
        .filter(|k| matches!(k, EventKind::PartitionsRevoked { .. }))
        .collect();
    let completed = kinds(&ev)
        .into_iter()
        .filter(|k| matches!(k, EventKind::RebalanceCompleted { .. }))
        .count();
    assert_eq!(completed, 2, "one round revokes, the follow-up hands over");
    let moved: usize = revoked
        .iter()
        .map(|k| match k {
            EventKind::PartitionsRevoked { partitions, .. } => partitions.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(moved, 2, "only the two partitions c3 needs are revoked");
    let after1: BTreeSet<u32> = assignment(&w, "c1").into_iter().collect();
    let after2: BTreeSet<u32> = assignment(&w, "c2").into_iter().collect();
    assert!(
        after1.is_subset(&before1) && after2.is_subset(&before2),
        "nothing moved between c1 and c2"
    );
    assert_eq!(assignment(&w, "c3").len(), 2);
    assert_eq!(w.group_view("g").unwrap().generation, 3);
}

#[test]
fn eager_assignors_revoke_everything_on_every_rebalance() {
    let mut w = world(4, 0);
    join(&mut w, member("c1", AssignorKind::RoundRobin));
    w.advance(3_100);
    join(&mut w, member("c2", AssignorKind::RoundRobin));
    let ev = w.advance(500);
    let revoked: Vec<usize> = kinds(&ev)
        .into_iter()
        .filter_map(|k| match k {
            EventKind::PartitionsRevoked { partitions, .. } => Some(partitions.len()),
            _ => None,
        })
        .collect();
    assert_eq!(
        revoked,
        vec![4],
        "c1 gave up all four before the new assignment"
    );
    assert_eq!(assignment(&w, "c1"), vec![0, 2]);
    assert_eq!(assignment(&w, "c2"), vec![1, 3]);
}

#[test]
fn a_static_member_restarting_within_its_session_keeps_its_partitions_without_rebalance() {
    let mut w = world(2, 0);
    let mut a = member("c1", AssignorKind::Range);
    a.config.group_instance_id = Some("billing-1".into());
    let b = member("c2", AssignorKind::Range);
    join(&mut w, a.clone());
    join(&mut w, b);
    w.advance(3_100);
    let gen = w.group_view("g").unwrap().generation;
    let before = assignment(&w, "c1");
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "c1".into(),
    })
    .unwrap();
    w.advance(10_000);
    assert_eq!(
        w.group_view("g").unwrap().state,
        GroupState::Stable,
        "no LeaveGroup from a static member"
    );
    let mut back = a;
    back.member_id = Some("c1-restarted".into());
    let ev = w.apply(Command::JoinGroup(back)).unwrap();
    assert!(kinds(&ev)
        .iter()
        .any(|k| matches!(k, EventKind::StaticMemberRejoined { .. })));
    w.advance(1_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.generation, gen, "no rebalance");
    assert_eq!(assignment(&w, "c1-restarted"), before);
}

#[test]
fn increasing_partitions_rebalances_the_subscribed_group() {
    let mut w = world(2, 0);
    join(&mut w, member("c1", AssignorKind::Range));
    join(&mut w, member("c2", AssignorKind::Range));
    w.advance(3_100);
    w.apply(Command::AlterPartitions {
        topic: "orders".into(),
        partitions: 4,
    })
    .unwrap();
    w.advance(500);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.generation, 2);
    assert_eq!(assignment(&w, "c1"), vec![0, 1]);
    assert_eq!(assignment(&w, "c2"), vec![2, 3]);
}

#[test]
fn offsets_can_be_reset_only_while_the_group_is_empty() {
    let mut w = world(2, 5);
    join(&mut w, member("c1", AssignorKind::Range));
    w.advance(5_000);
    let before = format!("{w:?}");
    let err = w
        .apply(Command::ResetOffsets {
            group: "g".into(),
            topic: "orders".into(),
            partitions: None,
            to: ResetTarget::Earliest,
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Assignments can only be reset if the group 'g' is inactive, but the current state is Stable."
    );
    assert_eq!(before, format!("{w:?}"));
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "c1".into(),
    })
    .unwrap();
    assert_eq!(w.group_view("g").unwrap().state, GroupState::Empty);
    let committed: Vec<Option<u64>> = w
        .group_view("g")
        .unwrap()
        .partitions
        .iter()
        .map(|p| p.committed)
        .collect();
    assert_eq!(committed, vec![Some(5), Some(5)], "a clean close commits");
    w.apply(Command::ResetOffsets {
        group: "g".into(),
        topic: "orders".into(),
        partitions: Some(vec![1]),
        to: ResetTarget::ShiftBy(-3),
    })
    .unwrap();
    let g = w.group_view("g").unwrap();
    assert_eq!(g.partitions[1].committed, Some(2));
    assert_eq!(g.partitions[1].lag, 3);
    assert_eq!(
        w.plan_reset("g", "orders", None, &ResetTarget::Offset(99))
            .unwrap(),
        vec![
            (TopicPartition::new("orders", 0), 5),
            (TopicPartition::new("orders", 1), 5)
        ],
        "offsets past the end are clamped to the log end"
    );
}

#[test]
fn group_commands_on_unknown_things_are_refused_cleanly() {
    let mut w = world(1, 0);
    assert!(matches!(
        w.apply(Command::CrashMember {
            group: "nope".into(),
            member_id: "x".into()
        }),
        Err(EngineError::UnknownGroup(_))
    ));
    join(&mut w, member("c1", AssignorKind::Range));
    let before = format!("{w:?}");
    assert!(matches!(
        w.apply(Command::LeaveGroup {
            group: "g".into(),
            member_id: "ghost".into()
        }),
        Err(EngineError::UnknownMember { .. })
    ));
    assert!(matches!(
        w.apply(Command::JoinGroup(member("c2", AssignorKind::RoundRobin))),
        Err(EngineError::InconsistentGroupProtocol(_))
    ));
    assert!(matches!(
        w.apply(Command::JoinGroup(member("c1", AssignorKind::Range))),
        Err(EngineError::InvalidRequest(_))
    ));
    assert!(matches!(
        w.apply(Command::DeleteGroup { group: "g".into() }),
        Err(EngineError::GroupNotEmpty(_))
    ));
    assert_eq!(before, format!("{w:?}"));
}

#[test]
fn generated_member_ids_look_like_kafkas_and_are_deterministic() {
    let run = || {
        let mut w = world(1, 0);
        w.apply(Command::JoinGroup(MemberSpec::new("g", &["orders"])))
            .unwrap();
        w.group_view("g").unwrap().members[0].member_id.clone()
    };
    let id = run();
    assert_eq!(id, run());
    let (client, uuid) = id.split_at("consumer-g-1-".len());
    assert_eq!(client, "consumer-g-1-");
    assert_eq!(uuid.len(), 36);
    assert_eq!(uuid.chars().filter(|c| *c == '-').count(), 4);
}

#[test]
fn a_capturing_consumer_hands_over_what_it_processed_in_order() {
    let mut w = world(2, 3);
    let mut spec = member("console", AssignorKind::Range);
    spec.capture = true;
    join(&mut w, spec);
    w.advance(3_100);
    let got = w.take_delivered("g", "console");
    assert_eq!(got.len(), 6);
    for p in 0..2 {
        let offsets: Vec<u64> = got
            .iter()
            .filter(|r| r.partition == p)
            .map(|r| r.offset)
            .collect();
        assert_eq!(offsets, vec![0, 1, 2], "in offset order within a partition");
    }
    assert!(w.take_delivered("g", "console").is_empty(), "taken once");
    assert!(w.take_delivered("g", "nobody").is_empty());
}

#[test]
fn a_member_that_never_commits_leaves_the_group_where_it_was() {
    let mut w = world(1, 10);
    let mut m = member("c1", AssignorKind::Range);
    m.config.commit = CommitMode::Never;
    join(&mut w, m);
    w.advance(10_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.partitions[0].processed, 10);
    assert_eq!(g.partitions[0].committed, None, "nothing was committed");
    assert_eq!(
        g.partitions[0].lag, 10,
        "so the whole log still counts as lag (auto.offset.reset=earliest)"
    );
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "c1".into(),
    })
    .unwrap();
    let g = w.group_view("g").unwrap();
    assert!(
        g.partitions.is_empty(),
        "an empty group without commits has nothing to describe"
    );
}
