//! What the world remembers of its past: the journal (merged advances), the event history and
//! the per-second samples behind the lag chart.

use kafka_playground::engine::timeline::{HISTORY_LIMIT, SAMPLES_KEPT};
use kafka_playground::engine::{
    Command, EventKind, Input, KeyStrategy, LoadSpec, MemberSpec, ProduceRequest, TopicPartition,
    TopicSpec, World,
};

fn load(topic: &str, rate: u32) -> Command {
    Command::StartLoad(LoadSpec {
        id: "load".into(),
        producer: "loader".into(),
        topic: topic.into(),
        rate_per_sec: rate,
        value_size: 10,
        keys: KeyStrategy::Null,
        limit: None,
    })
}

#[test]
fn consecutive_advances_are_one_journal_entry_and_refusals_are_not_kept() {
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(TopicSpec::new("t", 2)))
        .unwrap();
    w.advance(30);
    w.advance(30);
    w.advance(0);
    assert!(w
        .apply(Command::CreateTopic(TopicSpec::new("t", 2)))
        .is_err());
    w.advance(40);
    assert_eq!(w.journal().len(), 2, "{:?}", w.journal());
    assert_eq!(w.journal()[1], Input::Advance(100));
    assert_eq!(w.elapsed_ms(), 100);
    assert_eq!(w.now(), 100, "two whole ticks of 50 ms ran");
}

#[test]
fn history_keeps_the_latest_events_in_order() {
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(TopicSpec::new("t", 1)))
        .unwrap();
    for i in 0..(HISTORY_LIMIT + 10) {
        w.apply(Command::Produce(ProduceRequest::keyed(
            "t",
            "k",
            &i.to_string(),
        )))
        .unwrap();
    }
    assert_eq!(w.history().len(), HISTORY_LIMIT);
    assert!(w.history_total() >= (HISTORY_LIMIT + 11) as u64);
    let last = w.history().next_back().unwrap();
    assert!(
        matches!(&last.kind, EventKind::RecordAppended { offset, .. } if *offset == (HISTORY_LIMIT + 9) as u64),
        "{last:?}"
    );
}

#[test]
fn lag_is_sampled_every_second_and_grows_behind_a_slow_consumer() {
    let mut w = World::new(3);
    w.apply(Command::CreateTopic(TopicSpec::new("t", 1)))
        .unwrap();
    w.apply(load("t", 100)).unwrap();
    let mut m = MemberSpec::new("g", &["t"]).with_id("m1");
    m.config.processing_us = 50_000; // 20 records/s against 100/s produced
    w.apply(Command::JoinGroup(m)).unwrap();
    w.advance(20_000);
    let tp = TopicPartition::new("t", 0);
    let lag = &w.lag_series("g").expect("the group is sampled")[&tp];
    // Sampled from the first assignment, after the 3 s initial rebalance delay.
    assert!(lag.len() >= 16, "one sample per second: {}", lag.len());
    let (first_at, _) = lag[0];
    let (last_at, last) = *lag.back().unwrap();
    assert_eq!((last_at - first_at) % 1000, 0);
    assert!(last > 1000, "lag grows by about 80 records/s: {last}");
    let lag_now = w.group_view("g").unwrap().partitions[0].lag;
    assert!(last <= lag_now);
    let leo = w.log_end_series(&tp).unwrap();
    assert!(leo.back().unwrap().1 >= 1900);

    // Five simulated minutes are kept, no more.
    w.advance(400_000);
    assert_eq!(w.log_end_series(&tp).unwrap().len(), SAMPLES_KEPT);
}

#[test]
fn a_deleted_topic_leaves_the_samples_once_its_window_passes() {
    let mut w = World::new(3);
    w.apply(Command::CreateTopic(TopicSpec::new("gone", 1)))
        .unwrap();
    w.advance(5_000);
    let tp = TopicPartition::new("gone", 0);
    assert!(w.log_end_series(&tp).is_some());
    w.apply(Command::DeleteTopic {
        topic: "gone".into(),
    })
    .unwrap();
    w.advance(301_000);
    assert!(w.log_end_series(&tp).is_none());
}

#[test]
fn replay_runs_merged_advances_longer_than_one_call() {
    // Three one-hour advances merge into one journal input of three hours; replaying it must
    // reach three hours, not stop at the one-hour cap of a single `advance` call.
    let mut w = kafka_playground::engine::World::new(3);
    for _ in 0..3 {
        w.advance(3_600_000);
    }
    assert_eq!(w.elapsed_ms(), 10_800_000);
    let back = kafka_playground::engine::World::replay(3, w.journal(), None);
    assert_eq!(back.elapsed_ms(), 10_800_000);
    let half = kafka_playground::engine::World::replay(3, w.journal(), Some(5_400_000));
    assert_eq!(half.elapsed_ms(), 5_400_000);
}
