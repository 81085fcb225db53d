//! Share groups (KIP-932): the share-partition state machine, the simple assignor's sharing,
//! acknowledgements, lock expiry, delivery limits, crashes, resets and the group id namespace.

mod engine_common;

use engine_common::world;
use kafka_playground::engine::share_group::{RecordState, ShareGroup};
use kafka_playground::engine::{
    AckMode, AckType, Command, EngineError, MemberSpec, ProduceRequest, ResetTarget,
    ShareMemberSpec, TopicPartition, World,
};

fn share_join(w: &mut World, id: &str, f: impl FnOnce(&mut ShareMemberSpec)) {
    let mut spec = ShareMemberSpec::new("s", &["orders"]).with_id(id);
    f(&mut spec);
    w.apply(Command::JoinShareGroup(spec)).unwrap();
}

fn earliest(w: &mut World) {
    w.apply(Command::AlterGroupConfig {
        group: "s".into(),
        set: vec![("share.auto.offset.reset".into(), "earliest".into())],
        delete: vec![],
    })
    .unwrap();
}

fn group(w: &World) -> &ShareGroup {
    w.share_group("s").unwrap()
}

fn tp(p: u32) -> TopicPartition {
    TopicPartition::new("orders", p)
}

#[test]
fn six_workers_share_one_partition_and_drain_it() {
    let mut w = world(1, 3000);
    earliest(&mut w);
    for i in 0..6 {
        share_join(&mut w, &format!("w{i}"), |s| {
            s.config.processing_us = 10_000;
            s.config.max_poll_records = 100;
        });
    }
    w.advance(2_000);
    let g = group(&w);
    // desiredSharing = ceil(6 / 1): every member reads partition 0.
    for m in g.members.values() {
        assert_eq!(m.assignment, vec![tp(0)], "{}", m.member_id);
    }
    w.advance(8_000);
    let g = group(&w);
    let busy = g.members.values().filter(|m| m.processed > 0).count();
    assert_eq!(
        busy, 6,
        "all six workers process records of the one partition"
    );
    // Six workers at 100 records/s each: about 3000 records in five seconds of work.
    let sp = &g.partitions[&tp(0)];
    assert!(sp.start >= 2_500, "start offset {}", sp.start);
    assert!(g.lag(&tp(0), 3000).unwrap() < 600);
}

/// `share.partition.max.record.locks` (2000) counts every offset from the start offset to the
/// last one fetched: four members taking 500 records each fill it, and the other two wait.
#[test]
fn the_in_flight_limit_leaves_workers_idle_with_big_polls() {
    let mut w = world(1, 3000);
    earliest(&mut w);
    for i in 0..6 {
        share_join(&mut w, &format!("w{i}"), |s| {
            s.config.processing_us = 10_000
        });
    }
    w.advance(4_000);
    let g = group(&w);
    let holding = g
        .members
        .keys()
        .filter(|id| g.partitions[&tp(0)].held_by(id) > 0)
        .count();
    assert_eq!(holding, 4);
    assert_eq!(g.partitions[&tp(0)].in_flight_span(), 2000);
}

#[test]
fn only_the_holder_may_acknowledge_and_only_while_it_holds_the_lock() {
    use kafka_playground::engine::share_group::partition::{AcquireLimits, SharePartition};
    let mut sp = SharePartition::new(0);
    let limits = AcquireLimits {
        max_records: 3,
        delivery_limit: 5,
        max_locks: 2000,
        lock_ms: 30_000,
    };
    let got = sp.acquire("a", 0..10, limits, 0);
    assert_eq!(got, vec![(0, 1), (1, 1), (2, 1)]);
    assert!(sp.acknowledge("b", 0, AckType::Accept, 5).is_err());
    assert_eq!(
        sp.acknowledge("a", 0, AckType::Accept, 5),
        Ok(RecordState::Acknowledged)
    );
    assert_eq!(sp.start, 1);
    let released = sp.expire_locks(30_000, 5);
    assert_eq!(released.len(), 2);
    assert!(
        sp.acknowledge("a", 1, AckType::Accept, 5).is_err(),
        "the lock expired"
    );
    // Released records come back first, with their delivery count raised.
    let got = sp.acquire("b", 3..10, limits, 30_000);
    assert_eq!(got, vec![(1, 2), (2, 2), (3, 1)]);
}

#[test]
fn latest_is_the_default_so_old_records_are_never_delivered() {
    let mut w = world(1, 100);
    share_join(&mut w, "w0", |_| {});
    w.advance(6_000);
    let g = group(&w);
    assert_eq!(g.partitions[&tp(0)].start, 100);
    assert_eq!(g.members["w0"].processed, 0);
    w.apply(Command::Produce({
        let mut r = ProduceRequest::keyed("orders", "k", "v");
        r.partition = Some(0);
        r
    }))
    .unwrap();
    w.advance(1_000);
    assert_eq!(group(&w).members["w0"].processed, 1);
}

#[test]
fn a_poison_record_is_released_redelivered_and_archived_after_five_deliveries() {
    let mut w = world(1, 20);
    earliest(&mut w);
    share_join(&mut w, "w0", |s| {
        s.config.ack_mode = AckMode::Explicit;
        s.config.fail_key = Some("k7".into());
    });
    let events = w.advance(10_000);
    let g = group(&w);
    let sp = &g.partitions[&tp(0)];
    assert_eq!(sp.start, 20, "everything done: 19 accepted, one archived");
    assert_eq!(sp.archived, 1);
    assert_eq!(sp.accepted, 19);
    assert_eq!(
        g.members["w0"].failed, 5,
        "delivered five times, failed five times"
    );
    let archived: Vec<_> = events
        .iter()
        .filter(|e| e.to_string().contains("archived"))
        .collect();
    assert_eq!(archived.len(), 1, "{archived:?}");
    assert!(
        archived[0].to_string().contains("offset 7"),
        "{}",
        archived[0]
    );
}

#[test]
fn implicit_mode_accepts_a_failed_record_anyway() {
    let mut w = world(1, 20);
    earliest(&mut w);
    share_join(&mut w, "w0", |s| s.config.fail_key = Some("k7".into()));
    w.advance(5_000);
    let g = group(&w);
    let sp = &g.partitions[&tp(0)];
    assert_eq!(sp.accepted, 20);
    assert_eq!(sp.archived, 0);
    assert_eq!(g.members["w0"].failed, 1);
}

#[test]
fn reject_archives_at_once() {
    let mut w = world(1, 20);
    earliest(&mut w);
    share_join(&mut w, "w0", |s| {
        s.config.ack_mode = AckMode::Explicit;
        s.config.on_failure = AckType::Reject;
        s.config.fail_key = Some("k3".into());
    });
    w.advance(5_000);
    let g = group(&w);
    assert_eq!(g.partitions[&tp(0)].archived, 1);
    assert_eq!(g.members["w0"].failed, 1);
}

#[test]
fn a_slow_worker_loses_its_lock_and_another_member_processes_the_records_again() {
    let mut w = world(1, 1000);
    earliest(&mut w);
    // 500 records at 100 ms each: 50 s, longer than the 30 s lock.
    share_join(&mut w, "slow", |s| s.config.processing_us = 100_000);
    w.advance(2_000);
    share_join(&mut w, "fast", |s| s.config.processing_us = 1_000);
    let events = w.advance(60_000);
    let text: Vec<String> = events.iter().map(|e| e.to_string()).collect();
    assert!(
        text.iter().any(|t| t.contains("acquisition lock expired")),
        "{text:?}"
    );
    // The fast member took the expired records and finished the partition, so the start
    // offset passed them: the slow worker's late acknowledgements are below it and the broker
    // skips them. 500 records were processed twice.
    let g = group(&w);
    assert_eq!(g.members["slow"].processed, 500);
    assert_eq!(g.members["fast"].processed, 1000);
    assert_eq!(g.partitions[&tp(0)].start, 1000);
    assert_eq!(g.members["slow"].acks_refused, 0);
}

#[test]
fn a_crashed_member_releases_its_records_at_once_and_leaves_after_the_session_timeout() {
    let mut w = world(1, 1000);
    earliest(&mut w);
    share_join(&mut w, "w0", |s| s.config.processing_us = 100_000);
    w.advance(1_000);
    assert!(group(&w).partitions[&tp(0)].held_by("w0") > 0);
    let ev = w
        .apply(Command::CrashMember {
            group: "s".into(),
            member_id: "w0".into(),
        })
        .unwrap();
    assert!(ev.iter().any(|e| e.to_string().contains("available again")));
    let sp = &group(&w).partitions[&tp(0)];
    assert_eq!(sp.held_by("w0"), 0);
    assert_eq!(
        sp.count(RecordState::Available) as u64,
        sp.in_flight.len() as u64 - sp.count(RecordState::Acknowledged) as u64
    );
    w.advance(44_000);
    assert!(group(&w).members.contains_key("w0"));
    w.advance(2_000);
    assert!(!group(&w).members.contains_key("w0"));
}

#[test]
fn a_group_id_names_one_type_of_group() {
    let mut w = world(1, 10);
    share_join(&mut w, "w0", |_| {});
    let err = w
        .apply(Command::JoinGroup(MemberSpec::new("s", &["orders"])))
        .unwrap_err();
    assert!(
        matches!(err, EngineError::InconsistentGroupProtocol(_)),
        "{err:?}"
    );
    w.apply(Command::JoinGroup(MemberSpec::new("g", &["orders"])))
        .unwrap();
    let err = w
        .apply(Command::JoinShareGroup(ShareMemberSpec::new(
            "g",
            &["orders"],
        )))
        .unwrap_err();
    assert_eq!(err.to_string(), "Group g is not a share group.");
}

#[test]
fn members_of_one_share_group_subscribe_alike() {
    let mut w = world(1, 1);
    w.apply(Command::CreateTopic(
        kafka_playground::engine::TopicSpec::new("other", 1),
    ))
    .unwrap();
    share_join(&mut w, "w0", |_| {});
    let err = w
        .apply(Command::JoinShareGroup(ShareMemberSpec::new(
            "s",
            &["other"],
        )))
        .unwrap_err();
    assert!(err.to_string().starts_with("(playground)"), "{err}");
    assert_eq!(group(&w).members.len(), 1);
}

#[test]
fn reset_needs_an_empty_group_and_starts_over() {
    let mut w = world(1, 50);
    share_join(&mut w, "w0", |_| {});
    w.advance(2_000);
    let reset = Command::ResetShareOffsets {
        group: "s".into(),
        topic: "orders".into(),
        partitions: None,
        to: ResetTarget::Earliest,
    };
    let err = w.apply(reset.clone()).unwrap_err();
    assert_eq!(err.to_string(), "Share group 's' is not empty.");
    w.apply(Command::LeaveGroup {
        group: "s".into(),
        member_id: "w0".into(),
    })
    .unwrap();
    w.apply(reset).unwrap();
    assert_eq!(group(&w).partitions[&tp(0)].start, 0);
    share_join(&mut w, "w1", |_| {});
    w.advance(3_000);
    assert_eq!(group(&w).members["w1"].processed, 50);
    w.apply(Command::DeleteGroup { group: "s".into() })
        .unwrap_err();
}

#[test]
fn group_configs_are_checked_against_the_brokers_bounds() {
    let mut w = world(1, 1);
    let set = |name: &str, v: &str| Command::AlterGroupConfig {
        group: "s".into(),
        set: vec![(name.into(), v.into())],
        delete: vec![],
    };
    assert_eq!(
        w.apply(set("share.record.lock.duration.ms", "5000")).unwrap_err().to_string(),
        "share.record.lock.duration.ms must be greater than or equal to group.share.min.record.lock.duration.ms"
    );
    assert_eq!(
        w.apply(set("share.delivery.count.limit", "11")).unwrap_err().to_string(),
        "share.delivery.count.limit must be less than or equal to group.share.max.delivery.count.limit"
    );
    assert_eq!(
        w.apply(set("share.foo", "1")).unwrap_err().to_string(),
        "Unknown group config name: share.foo"
    );
    w.apply(set("share.delivery.count.limit", "3")).unwrap();
    assert_eq!(w.share_settings("s").delivery_limit, 3);
}

#[test]
fn replay_gives_the_same_share_group() {
    let run = || {
        let mut w = world(2, 300);
        earliest(&mut w);
        for i in 0..3 {
            share_join(&mut w, &format!("w{i}"), |s| {
                s.config.processing_us = 20_000;
                s.config.fail_percent = 10;
                s.config.ack_mode = AckMode::Explicit;
            });
        }
        w.advance(20_000);
        w
    };
    let (a, b) = (run(), run());
    let (ga, gb) = (group(&a), group(&b));
    for (tp, sp) in &ga.partitions {
        assert_eq!(sp, &gb.partitions[tp]);
    }
}

mod props {
    use std::collections::{BTreeMap, BTreeSet};

    use kafka_playground::engine::share_group::partition::{AcquireLimits, SharePartition};
    use kafka_playground::engine::{AckType, RecordState};
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Acquire { member: u8, max: u8 },
        Ack { member: u8, pick: u8, ack: u8 },
        Advance { ms: u16 },
        Release { member: u8 },
        Produce { n: u8 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0u8..3, 1u8..20).prop_map(|(member, max)| Op::Acquire { member, max }),
            (0u8..3, any::<u8>(), 0u8..3).prop_map(|(member, pick, ack)| Op::Ack {
                member,
                pick,
                ack
            }),
            (1u16..20_000).prop_map(|ms| Op::Advance { ms }),
            (0u8..3).prop_map(|member| Op::Release { member }),
            (1u8..30).prop_map(|n| Op::Produce { n }),
        ]
    }

    proptest! {
        /// The share-partition state machine under random fetches, acknowledgements, lock
        /// expiries and departures: one holder per record, accepted records never come back,
        /// delivery counts stay within the limit, the start offset passes only finished records.
        #[test]
        fn share_partition_invariants(ops in proptest::collection::vec(op(), 1..120), limit in 2u32..6) {
            let mut sp = SharePartition::new(0);
            let mut log_end = 10u64;
            let mut now = 0u64;
            let mut accepted: BTreeSet<u64> = BTreeSet::new();
            let mut finished: BTreeSet<u64> = BTreeSet::new();
            let mut held: BTreeMap<u64, String> = BTreeMap::new();
            for op in ops {
                match op {
                    Op::Acquire { member, max } => {
                        let m = format!("m{member}");
                        let from = sp.fetch_from();
                        let limits = AcquireLimits { max_records: max as usize, delivery_limit: limit, max_locks: 50, lock_ms: 30_000 };
                        for (o, dc) in sp.acquire(&m, from..log_end, limits, now) {
                            prop_assert!(!accepted.contains(&o), "accepted record {o} delivered again");
                            prop_assert!(!finished.contains(&o), "finished record {o} delivered again");
                            prop_assert!(dc <= limit, "delivery count {dc} over the limit {limit}");
                            prop_assert!(held.insert(o, m.clone()).is_none(), "record {o} acquired twice at once");
                        }
                    }
                    Op::Ack { member, pick, ack } => {
                        let m = format!("m{member}");
                        let mine: Vec<u64> = held.iter().filter(|(_, h)| **h == m).map(|(o, _)| *o).collect();
                        if let Some(&o) = mine.get(pick as usize % mine.len().max(1)) {
                            let ack = [AckType::Accept, AckType::Release, AckType::Reject][ack as usize];
                            let st = sp.acknowledge(&m, o, ack, limit).expect("the holder may acknowledge");
                            held.remove(&o);
                            if st == RecordState::Acknowledged { accepted.insert(o); }
                            if st.is_terminal() { finished.insert(o); }
                        }
                        // Someone else's record: refused, nothing changes.
                        if let Some((&o, h)) = held.iter().next() {
                            if *h != m {
                                let before = sp.clone();
                                prop_assert!(sp.acknowledge(&m, o, AckType::Accept, limit).is_err());
                                prop_assert_eq!(&sp, &before);
                            }
                        }
                    }
                    Op::Advance { ms } => {
                        now += u64::from(ms);
                        for r in sp.expire_locks(now, limit) {
                            held.remove(&r.offset);
                            if r.state.is_terminal() { finished.insert(r.offset); }
                        }
                    }
                    Op::Release { member } => {
                        for r in sp.release_member(&format!("m{member}"), limit) {
                            held.remove(&r.offset);
                            if r.state.is_terminal() { finished.insert(r.offset); }
                        }
                    }
                    Op::Produce { n } => log_end += u64::from(n),
                }
                // The start offset passed only finished records.
                for o in 0..sp.start {
                    prop_assert!(finished.contains(&o), "start {} passed unfinished record {o}", sp.start);
                }
                for (o, r) in &sp.in_flight {
                    prop_assert!(r.delivery_count <= limit);
                    prop_assert_eq!(r.state == RecordState::Acquired, held.contains_key(o));
                }
                prop_assert!(sp.in_flight_span() <= 50 + 20, "the in-flight limit holds (one fetch may finish its batch)");
            }
        }
    }
}
