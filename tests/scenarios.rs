//! Every scenario in `scenarios/` builds, and the heavy sandbox is what the budgets measure.

use kafka_playground::engine::TopicPartition;
use kafka_playground::lesson::{build_scenario, scenario, SCENARIOS};

#[test]
fn every_scenario_builds() {
    for s in SCENARIOS {
        let w = build_scenario(s).unwrap_or_else(|e| panic!("{e}"));
        assert!(w.journal_complete(), "{} can be rewound", s.id);
    }
}

#[test]
fn the_heavy_sandbox_has_64_partitions_16_consumers_and_10k_records_per_second() {
    let mut w = build_scenario(scenario("heavy").unwrap()).unwrap();
    assert_eq!(w.partition_count("events"), Some(64));
    let loads = w.loads();
    assert_eq!(loads.len(), 1);
    assert_eq!(loads[0].rate_per_sec, 10_000);
    w.advance(10_000);
    let g = w.group_view("analytics").unwrap();
    assert_eq!(g.active_members(), 16);
    assert_eq!(g.idle_members(), 0);
    assert!(g.members.iter().all(|m| m.assignment.len() == 4));
    let written = w.topic_view("events").unwrap().total_written();
    assert!((99_000..=101_000).contains(&written), "{written}");
    // 1 ms per record against about 625 records/s per member: the group keeps up.
    assert!(g.max_lag() < 1_000, "max lag {}", g.max_lag());
    assert!(w
        .lag_series("analytics")
        .unwrap()
        .contains_key(&TopicPartition::new("events", 63)));
}

#[test]
fn the_hot_partition_scenario_has_one_partition_far_behind() {
    let mut w = build_scenario(scenario("hot-partition").unwrap()).unwrap();
    w.advance(60_000);
    let g = w.group_view("order-service").unwrap();
    let mut lags: Vec<u64> = g.partitions.iter().map(|p| p.lag).collect();
    lags.sort_unstable();
    let worst = lags.pop().unwrap();
    assert!(worst > 3_000, "the hot partition falls behind: {worst}");
    assert!(
        lags.iter().all(|l| *l < worst / 10),
        "the others keep up: {lags:?}"
    );
}

#[test]
fn the_replicated_scenario_survives_a_broker_failure_without_losing_acknowledged_records() {
    use kafka_playground::engine::Command;
    let mut w = build_scenario(scenario("replicated").unwrap()).unwrap();
    let led_by_1 = w
        .topic_view("payments")
        .unwrap()
        .partitions
        .iter()
        .filter(|p| p.leader == Some(1))
        .count();
    assert!(led_by_1 > 0);
    w.apply(Command::StopBroker { broker: 1 }).unwrap();
    w.advance(20_000);
    let t = w.topic_view("payments").unwrap();
    assert!(t
        .partitions
        .iter()
        .all(|p| p.leader.is_some() && p.leader != Some(1) && p.isr.len() == 2));
    let p = w.producer_view("checkout-service");
    assert_eq!((p.failed, p.lost), (0, 0));
    assert_eq!(
        p.acknowledged + p.awaiting,
        p.sent,
        "every send is acknowledged or on its way"
    );
    assert_eq!(w.lost_records().2, 0);
    let g = w.group_view("ledger").unwrap();
    assert!(
        g.max_lag() < 50,
        "the consumer keeps reading: {}",
        g.max_lag()
    );
}

/// The same workload under both protocols: adding a member stops the classic group (every
/// member gives up everything) while the consumer group moves only what its newcomer gets.
#[test]
fn the_two_protocols_scenario_shows_a_stop_the_world_and_an_incremental_change() {
    use kafka_playground::engine::{
        Command, EventKind, GroupProtocol, GroupState, GroupType, MemberSpec,
    };
    let mut w = build_scenario(scenario("two-protocols").unwrap()).unwrap();
    let classic = w.group_view("classic-app").unwrap();
    let modern = w.group_view("modern-app").unwrap();
    assert_eq!(
        (classic.kind, classic.state),
        (GroupType::Classic, GroupState::Stable)
    );
    assert_eq!(
        (modern.kind, modern.state),
        (GroupType::Consumer, GroupState::Stable)
    );
    let mut c = MemberSpec::new("classic-app", &["orders"]);
    c.config.processing_us = 5_000;
    let mut m = MemberSpec::new("modern-app", &["orders"]);
    m.config.processing_us = 5_000;
    m.config.protocol = GroupProtocol::Consumer;
    let mut ev = w.apply(Command::JoinGroup(c)).unwrap();
    ev.extend(w.apply(Command::JoinGroup(m)).unwrap());
    ev.extend(w.advance(15_000));
    let revoked = |group: &str| -> usize {
        ev.iter()
            .map(|e| match &e.kind {
                EventKind::PartitionsRevoked {
                    group: g,
                    partitions,
                    ..
                } if g == group => partitions.len(),
                _ => 0,
            })
            .sum()
    };
    assert_eq!(
        revoked("classic-app"),
        6,
        "eager range: everything is given up"
    );
    assert_eq!(
        revoked("modern-app"),
        2,
        "uniform: only the newcomer's two partitions move"
    );
    for g in ["classic-app", "modern-app"] {
        let v = w.group_view(g).unwrap();
        assert_eq!(v.state, GroupState::Stable, "{g}");
        assert!(v.members.iter().all(|m| m.assignment.len() == 2), "{g}");
    }
}
