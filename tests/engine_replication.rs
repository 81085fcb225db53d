//! Brokers, replication and failures: the engine against Kafka's rules
//! (`PartitionChangeBuilder`, `Partition.maybeShrinkIsr` / `maybeExpandIsr`,
//! `Partition.appendRecordsToLeader`, `DelayedProduce`).

use std::collections::BTreeMap;

use kafka_playground::engine::{
    Command, EventKind, KeyStrategy, LoadSpec, MemberSpec, OffsetReset, ProduceRequest,
    ProducerConfig, RecordOutcome, TopicSpec, World, REPLICA_LAG_TIME_MAX_MS,
};
use proptest::prelude::*;

/// A world with one topic of `partitions` partitions, replication factor 3 and the given
/// `min.insync.replicas`.
fn cluster(partitions: u32, min_isr: u32) -> World {
    let mut w = World::new(11);
    w.apply(Command::CreateTopic(
        TopicSpec::new("orders", partitions)
            .with_replication_factor(3)
            .with_config("min.insync.replicas", &min_isr.to_string()),
    ))
    .unwrap();
    w
}

fn set_acks(w: &mut World, acks: &str) {
    let mut config = ProducerConfig::default();
    config.set("acks", acks).unwrap();
    w.apply(Command::SetProducerConfig {
        producer: "producer-1".into(),
        config,
    })
    .unwrap();
}

fn send(w: &mut World, value: &str) -> Vec<EventKind> {
    let mut req = ProduceRequest::unkeyed("orders", value);
    req.partition = Some(0);
    w.apply(Command::Produce(req))
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

fn leader(w: &World) -> u32 {
    w.partition_view("orders", 0).unwrap().leader.unwrap()
}

fn values(w: &World) -> Vec<String> {
    w.records("orders", 0, 0, 1000)
        .into_iter()
        .filter_map(|r| r.value)
        .collect()
}

#[test]
fn a_new_partition_is_led_by_its_first_replica_with_every_replica_in_sync() {
    let w = cluster(3, 2);
    for p in w.topic_view("orders").unwrap().partitions {
        assert_eq!(p.leader, p.replicas.first().copied());
        assert_eq!(p.isr, p.replicas);
        assert_eq!(p.leader_epoch, 0);
        assert!(!p.under_replicated() && !p.offline());
    }
}

#[test]
fn acks_all_waits_for_the_in_sync_replicas_and_consumers_read_only_up_to_the_high_watermark() {
    let mut w = cluster(1, 2);
    send(&mut w, "a");
    let p = w.partition_view("orders", 0).unwrap();
    assert_eq!((p.log_end_offset, p.high_watermark), (1, 0));
    assert_eq!(w.producer_view("producer-1").awaiting, 1);
    assert_eq!(w.producer_view("producer-1").acknowledged, 0);
    let r = &w.records("orders", 0, 0, 1)[0];
    assert_eq!(r.outcome, RecordOutcome::AwaitingReplicas);
    assert!(!r.committed);
    // The followers fetch on the next tick; the high watermark moves and the ack arrives.
    let ev = w.advance(50);
    assert!(ev.iter().any(|e| matches!(
        e.kind,
        EventKind::RecordsAcknowledged { from: 0, to: 1, .. }
    )));
    assert_eq!(w.partition_view("orders", 0).unwrap().high_watermark, 1);
    let pv = w.producer_view("producer-1");
    assert_eq!((pv.acknowledged, pv.awaiting), (1, 0));
    assert_eq!(
        w.records("orders", 0, 0, 1)[0].outcome,
        RecordOutcome::Acknowledged
    );
}

#[test]
fn killing_the_leader_elects_the_next_in_sync_replica_and_loses_nothing_committed() {
    let mut w = cluster(1, 2);
    for i in 0..5 {
        send(&mut w, &format!("v{i}"));
    }
    w.advance(100);
    let p = w.partition_view("orders", 0).unwrap();
    let old = leader(&w);
    let ev = w.apply(Command::StopBroker { broker: old }).unwrap();
    let p2 = w.partition_view("orders", 0).unwrap();
    // The first replica in `replicas` order that is in the ISR and alive.
    let expected = *p.replicas.iter().find(|&&b| b != old).unwrap();
    assert_eq!(p2.leader, Some(expected));
    assert_eq!(p2.leader_epoch, 1);
    assert!(!p2.isr.contains(&old));
    assert!(p2.under_replicated());
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::LeaderChanged { unclean: false, .. })));
    assert_eq!(values(&w), ["v0", "v1", "v2", "v3", "v4"]);
    // Restarted, the broker catches up and rejoins the ISR at the end.
    w.apply(Command::StartBroker { broker: old }).unwrap();
    send(&mut w, "v5");
    let ev = w.advance(100);
    assert!(ev
        .iter()
        .any(|e| matches!(&e.kind, EventKind::IsrExpanded { broker, .. } if *broker == old)));
    let p3 = w.partition_view("orders", 0).unwrap();
    assert_eq!(p3.isr.len(), 3);
    assert_eq!(p3.isr.last(), Some(&old));
    assert_eq!(p3.high_watermark, 6);
}

#[test]
fn acks_1_loses_an_acknowledged_record_when_the_leader_dies_before_followers_copy_it() {
    let mut w = cluster(1, 1);
    set_acks(&mut w, "1");
    send(&mut w, "safe");
    w.advance(50);
    send(&mut w, "doomed");
    assert_eq!(w.producer_view("producer-1").acknowledged, 2);
    let old = leader(&w);
    let ev = w.apply(Command::StopBroker { broker: old }).unwrap();
    assert!(ev.iter().any(|e| matches!(
        e.kind,
        EventKind::RecordsLost {
            from: 1,
            count: 1,
            acknowledged: 1,
            unclean: false,
            ..
        }
    )));
    assert_eq!(values(&w), ["safe"]);
    let (recent, lost, acked_lost) = w.lost_records();
    assert_eq!((lost, acked_lost), (1, 1));
    assert_eq!(recent[0].offset, 1);
    assert!(recent[0].acknowledged);
    assert_eq!(w.producer_view("producer-1").lost, 1);
    // The next record reuses the lost record's offset.
    send(&mut w, "next");
    assert_eq!(
        w.records("orders", 0, 1, 1)[0].value.as_deref(),
        Some("next")
    );
}

#[test]
fn acks_all_resends_what_the_dead_leader_held_so_nothing_is_lost() {
    let mut w = cluster(1, 2);
    send(&mut w, "safe");
    w.advance(50);
    send(&mut w, "held");
    let old = leader(&w);
    let ev = w.apply(Command::StopBroker { broker: old }).unwrap();
    assert!(!ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::RecordsLost { .. })));
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::RecordsResent { count: 1, .. })));
    assert_eq!(values(&w), ["safe", "held"]);
    w.advance(50);
    let pv = w.producer_view("producer-1");
    assert_eq!((pv.acknowledged, pv.awaiting, pv.lost), (2, 0, 0));
    assert_eq!(w.lost_records().1, 0);
}

#[test]
fn too_few_in_sync_replicas_refuse_acks_all_in_kafkas_words_but_not_acks_1() {
    let mut w = cluster(1, 2);
    let l = leader(&w);
    let others: Vec<u32> = w
        .partition_view("orders", 0)
        .unwrap()
        .replicas
        .into_iter()
        .filter(|&b| b != l)
        .collect();
    w.apply(Command::StopBroker { broker: others[0] }).unwrap();
    w.apply(Command::StopBroker { broker: others[1] }).unwrap();
    let p = w.partition_view("orders", 0).unwrap();
    assert_eq!(p.isr, vec![l]);
    let ev = send(&mut w, "refused");
    let reason = ev
        .iter()
        .find_map(|e| match e {
            EventKind::SendFailed {
                reason,
                written: false,
                ..
            } => Some(reason.clone()),
            _ => None,
        })
        .expect("the send failed");
    assert_eq!(
        reason,
        format!("NotEnoughReplicasException: The size of the current ISR Set({l}) is insufficient to satisfy the min.isr requirement of 2 for partition orders-0")
    );
    assert_eq!(w.partition_view("orders", 0).unwrap().log_end_offset, 0);
    assert_eq!(w.producer_view("producer-1").failed, 1);
    set_acks(&mut w, "1");
    send(&mut w, "accepted");
    assert_eq!(values(&w), ["accepted"]);
}

#[test]
fn a_follower_that_stops_copying_leaves_the_isr_after_replica_lag_time_max_ms_and_returns() {
    let mut w = cluster(1, 1);
    let p = w.partition_view("orders", 0).unwrap();
    let slow = p.replicas[2];
    w.apply(Command::SetBrokerCopyRate {
        broker: slow,
        records_per_sec: Some(0),
    })
    .unwrap();
    w.apply(Command::StartLoad(LoadSpec {
        id: "l".into(),
        producer: "producer-1".into(),
        topic: "orders".into(),
        rate_per_sec: 100,
        value_size: 20,
        keys: KeyStrategy::Null,
        limit: None,
    }))
    .unwrap();
    // While the slow follower is in the ISR, the high watermark cannot pass it: acks=all waits
    // and consumers see nothing new.
    w.advance(10_000);
    let p = w.partition_view("orders", 0).unwrap();
    assert!(p.isr.contains(&slow));
    assert_eq!(p.high_watermark, 0);
    assert!(w.producer_view("producer-1").awaiting > 900);
    // It leaves once it has not caught up for 30 s (checked every 15 s).
    let mut shrunk_at = None;
    for _ in 0..40 {
        for e in w.advance(1_000) {
            if matches!(&e.kind, EventKind::IsrShrunk { broker, .. } if *broker == slow) {
                shrunk_at = Some(e.at);
            }
        }
    }
    let at = shrunk_at.expect("the slow follower left the ISR");
    assert!(at > REPLICA_LAG_TIME_MAX_MS && at <= REPLICA_LAG_TIME_MAX_MS + 15_000);
    let p = w.partition_view("orders", 0).unwrap();
    assert!(
        p.high_watermark > 0,
        "acks=all proceeds without the slow follower"
    );
    // Only what the generator wrote since the last fetch waits now.
    assert!(w.producer_view("producer-1").awaiting <= 5);
    // Back to normal speed, it catches up and rejoins.
    w.apply(Command::SetBrokerCopyRate {
        broker: slow,
        records_per_sec: None,
    })
    .unwrap();
    w.advance(100);
    assert!(w.partition_view("orders", 0).unwrap().isr.contains(&slow));
}

/// RF 2: the follower falls out of the ISR, the leader dies, the partition is offline until
/// unclean leader election is allowed; then the follower leads and what it lacked is lost.
fn offline_partition() -> (World, u32, u32) {
    let mut w = World::new(5);
    w.apply(Command::CreateTopic(
        TopicSpec::new("orders", 1).with_replication_factor(2),
    ))
    .unwrap();
    let p = w.partition_view("orders", 0).unwrap();
    let (l, f) = (p.replicas[0], p.replicas[1]);
    send(&mut w, "both have it");
    w.advance(100);
    w.apply(Command::SetBrokerCopyRate {
        broker: f,
        records_per_sec: Some(0),
    })
    .unwrap();
    send(&mut w, "only the leader");
    w.advance(46_000);
    assert_eq!(w.partition_view("orders", 0).unwrap().isr, vec![l]);
    send(&mut w, "acknowledged alone");
    // The second record was acknowledged when the ISR shrank to the leader alone.
    assert_eq!(w.producer_view("producer-1").acknowledged, 3);
    let ev = w.apply(Command::StopBroker { broker: l }).unwrap();
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::LeaderChanged { to: None, .. })));
    let p = w.partition_view("orders", 0).unwrap();
    assert!(p.offline());
    // Without eligible leader replicas, the ISR keeps its last member.
    assert_eq!(p.isr, vec![l]);
    (w, l, f)
}

#[test]
fn an_offline_partition_refuses_sends_and_waits_for_its_last_in_sync_replica() {
    let (mut w, l, _) = offline_partition();
    let ev = send(&mut w, "nowhere");
    assert!(ev.iter().any(|e| matches!(
        e,
        EventKind::SendFailed { reason, .. } if reason.starts_with("TimeoutException: Expiring 1 record(s) for orders-0")
    )));
    w.apply(Command::StartBroker { broker: l }).unwrap();
    let p = w.partition_view("orders", 0).unwrap();
    assert_eq!(p.leader, Some(l));
    assert_eq!(
        values(&w),
        ["both have it", "only the leader", "acknowledged alone"]
    );
    assert_eq!(w.lost_records().1, 0);
}

#[test]
fn unclean_leader_election_brings_the_partition_back_and_records_the_loss() {
    let (mut w, l, f) = offline_partition();
    let ev = w
        .apply(Command::AlterTopicConfig {
            topic: "orders".into(),
            set: vec![("unclean.leader.election.enable".into(), "true".into())],
            delete: vec![],
        })
        .unwrap();
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::LeaderChanged { unclean: true, .. })));
    let p = w.partition_view("orders", 0).unwrap();
    assert_eq!((p.leader, p.isr.clone()), (Some(f), vec![f]));
    assert_eq!(values(&w), ["both have it"]);
    let (recent, lost, acked) = w.lost_records();
    assert_eq!((lost, acked), (2, 2));
    assert!(recent.iter().all(|r| r.unclean));
    // The old leader returns, cuts its log to the new leader's and rejoins as a follower.
    w.apply(Command::StartBroker { broker: l }).unwrap();
    send(&mut w, "new history");
    w.advance(100);
    let p = w.partition_view("orders", 0).unwrap();
    assert_eq!(p.leader, Some(f));
    assert!(p.isr.contains(&l));
    assert_eq!(values(&w), ["both have it", "new history"]);
}

#[test]
fn group_lag_and_consumers_stop_at_the_high_watermark() {
    let mut w = cluster(1, 1);
    set_acks(&mut w, "1");
    let mut spec = MemberSpec::new("g", &["orders"]).with_id("c1");
    spec.config.auto_offset_reset = OffsetReset::Earliest;
    w.apply(Command::JoinGroup(spec)).unwrap();
    w.advance(4_000);
    for i in 0..3 {
        send(&mut w, &format!("r{i}"));
    }
    w.advance(1_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(
        g.partitions[0].log_end_offset, 3,
        "lag uses the high watermark"
    );
    // Records above the high watermark are invisible to consumers until followers copy them.
    send(&mut w, "unreplicated");
    let g = w.group_view("g").unwrap();
    assert_eq!(g.partitions[0].log_end_offset, 3);
    assert_eq!(g.members[0].processed, 3);
    w.advance(100);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.partitions[0].log_end_offset, 4);
    assert_eq!(g.members[0].processed, 4);
}

#[test]
fn preferred_leaders_get_their_partitions_back_after_the_imbalance_check() {
    let mut w = cluster(6, 1);
    let before: BTreeMap<u32, Option<u32>> = w
        .topic_view("orders")
        .unwrap()
        .partitions
        .iter()
        .map(|p| (p.partition, p.leader))
        .collect();
    w.apply(Command::StopBroker { broker: 1 }).unwrap();
    w.apply(Command::StartBroker { broker: 1 }).unwrap();
    w.advance(1_000);
    assert!(w
        .topic_view("orders")
        .unwrap()
        .partitions
        .iter()
        .all(|p| p.leader != Some(1)));
    w.advance(300_000);
    let after: BTreeMap<u32, Option<u32>> = w
        .topic_view("orders")
        .unwrap()
        .partitions
        .iter()
        .map(|p| (p.partition, p.leader))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn broker_commands_are_checked_and_refusals_change_nothing() {
    let mut w = cluster(1, 1);
    for (cmd, msg) in [
        (
            Command::StopBroker { broker: 9 },
            "Broker 9 does not exist. The cluster has brokers 1, 2, 3.",
        ),
        (
            Command::StartBroker { broker: 1 },
            "Broker 1 is already running.",
        ),
    ] {
        let before = format!("{w:?}");
        assert_eq!(w.apply(cmd).unwrap_err().to_string(), msg);
        assert_eq!(before, format!("{w:?}"));
    }
    w.apply(Command::StopBroker { broker: 2 }).unwrap();
    assert_eq!(
        w.apply(Command::StopBroker { broker: 2 })
            .unwrap_err()
            .to_string(),
        "Broker 2 is already down. Start it with: sim broker start 2"
    );
    // Replicas go to live brokers only.
    assert_eq!(
        w.apply(Command::CreateTopic(
            TopicSpec::new("t", 1).with_replication_factor(3)
        ))
        .unwrap_err()
        .to_string(),
        "Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 2 broker(s) are registered."
    );
    w.apply(Command::AddBroker).unwrap();
    assert_eq!(w.brokers(), vec![1, 2, 3, 4]);
}

/// One step of the no-loss property.
#[derive(Clone, Debug)]
enum Step {
    Send(u32),
    Kill(u32),
    Start(u32),
    Slow(u32, bool),
    Advance(u64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0u32..2).prop_map(Step::Send),
        2 => (1u32..4).prop_map(Step::Kill),
        2 => (1u32..4).prop_map(Step::Start),
        1 => (1u32..4, prop::bool::ANY).prop_map(|(b, s)| Step::Slow(b, s)),
        3 => (0u64..40_000).prop_map(Step::Advance),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96),
        ..ProptestConfig::default()
    })]

    /// With acks=all, min.insync.replicas ≥ 2 and no unclean election, every acknowledged
    /// record stays in the log at its offset, whatever brokers die, return or slow down.
    #[test]
    fn acks_all_with_min_isr_2_never_loses_an_acknowledged_record(
        seed in 0u64..1000,
        min_isr in 2u32..4,
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let mut w = World::new(seed);
        w.apply(Command::CreateTopic(
            TopicSpec::new("orders", 2)
                .with_replication_factor(3)
                .with_config("min.insync.replicas", &min_isr.to_string()),
        ))
        .unwrap();
        let mut acked: BTreeMap<(u32, u64), String> = BTreeMap::new();
        let mut n = 0;
        let note = |w: &World, events: &[kafka_playground::engine::Event], acked: &mut BTreeMap<(u32, u64), String>| {
            for e in events {
                if let EventKind::RecordsAcknowledged { partition, from, to, .. } = &e.kind {
                    for o in *from..*to {
                        let v = w.records("orders", *partition, o, 1);
                        let r = v.first().filter(|r| r.offset == o).expect("an acknowledged record is in the log");
                        acked.insert((*partition, o), r.value.clone().unwrap_or_default());
                    }
                }
            }
        };
        for s in &steps {
            let events = match s {
                Step::Send(p) => {
                    n += 1;
                    let mut req = ProduceRequest::unkeyed("orders", &format!("v{n}"));
                    req.partition = Some(*p);
                    w.apply(Command::Produce(req)).unwrap()
                }
                Step::Kill(b) => w.apply(Command::StopBroker { broker: *b }).unwrap_or_default(),
                Step::Start(b) => w.apply(Command::StartBroker { broker: *b }).unwrap_or_default(),
                Step::Slow(b, slow) => w
                    .apply(Command::SetBrokerCopyRate { broker: *b, records_per_sec: slow.then_some(0) })
                    .unwrap_or_default(),
                Step::Advance(ms) => w.advance(*ms),
            };
            note(&w, &events, &mut acked);
            for e in &events {
                if let EventKind::RecordsLost { acknowledged, .. } = e.kind {
                    prop_assert_eq!(acknowledged, 0, "an acknowledged record was lost");
                }
            }
            for ((p, o), v) in &acked {
                let r = w.records("orders", *p, *o, 1);
                prop_assert!(
                    r.first().is_some_and(|r| r.offset == *o && r.value.as_deref() == Some(v.as_str())),
                    "acknowledged record {} at orders-{}@{} is gone after {:?}", v, p, o, s
                );
            }
        }
        prop_assert_eq!(w.lost_records().2, 0);
    }
}
