//! Topics, producing and the log: the engine against Kafka's rules.

use kafka_playground::engine::partitioner::partition_for_key;
use kafka_playground::engine::{
    Command, EngineError, EventKind, KeyStrategy, LoadSpec, ProduceRequest, ProducerConfig,
    TopicSpec, World, MAX_PARTITIONS,
};

fn world_with(topic: &str, partitions: u32) -> World {
    let mut w = World::new(7);
    w.apply(Command::CreateTopic(TopicSpec::new(topic, partitions)))
        .unwrap();
    w
}

fn produce(w: &mut World, topic: &str, key: &str, value: &str) -> (u32, u64) {
    let ev = w
        .apply(Command::Produce(ProduceRequest::keyed(topic, key, value)))
        .unwrap();
    ev.iter()
        .find_map(|e| match &e.kind {
            EventKind::RecordAppended {
                partition, offset, ..
            } => Some((*partition, *offset)),
            _ => None,
        })
        .expect("a record was appended")
}

/// A refused command must leave the world exactly as it was.
fn assert_refused(w: &mut World, cmd: Command, expected: &str) {
    let before = format!("{w:?}");
    let err = w.apply(cmd).unwrap_err();
    assert_eq!(err.to_string(), expected);
    assert_eq!(
        before,
        format!("{w:?}"),
        "a failed command changed the world"
    );
}

#[test]
fn keyed_records_land_where_murmur2_says_with_offsets_from_zero() {
    let mut w = world_with("orders", 6);
    let mut next = [0u64; 6];
    for i in 0..200 {
        let key = format!("user-{}", i % 17);
        let (p, o) = produce(&mut w, "orders", &key, "{}");
        assert_eq!(p, partition_for_key(key.as_bytes(), 6));
        assert_eq!(o, next[p as usize], "offsets grow by one per partition");
        next[p as usize] += 1;
    }
    let view = w.topic_view("orders").unwrap();
    for p in &view.partitions {
        assert_eq!(p.log_end_offset, next[p.partition as usize]);
        assert_eq!(p.log_start_offset, 0);
    }
    // The records keep their key, value and a CreateTime.
    let recs = w.records("orders", 0, 0, 1000);
    assert!(recs
        .iter()
        .all(|r| r.key.is_some() && r.value.as_deref() == Some("{}") && r.timestamp > 0));
}

#[test]
fn same_key_same_partition_and_explicit_partition_wins() {
    let mut w = world_with("t", 4);
    let (p1, _) = produce(&mut w, "t", "k", "a");
    let (p2, _) = produce(&mut w, "t", "k", "b");
    assert_eq!(p1, p2);
    let other = (p1 + 1) % 4;
    let mut req = ProduceRequest::keyed("t", "k", "c");
    req.partition = Some(other);
    let ev = w.apply(Command::Produce(req)).unwrap();
    assert!(
        matches!(ev[0].kind, EventKind::RecordAppended { partition, .. } if partition == other)
    );
    let mut bad = ProduceRequest::keyed("t", "k", "c");
    bad.partition = Some(4);
    assert_refused(
        &mut w,
        Command::Produce(bad),
        "Invalid partition given with record: 4 is not in the range [0...4).",
    );
}

#[test]
fn null_keys_stick_to_one_partition_until_batch_size_then_move() {
    let mut w = world_with("t", 8);
    let value = "x".repeat(992); // 1000 bytes with the record overhead
    let mut parts = Vec::new();
    for _ in 0..200 {
        let ev = w
            .apply(Command::Produce(ProduceRequest::unkeyed("t", &value)))
            .unwrap();
        if let EventKind::RecordAppended { partition, .. } = ev[0].kind {
            parts.push(partition);
        }
    }
    // batch.size 16384 / 1000 bytes: a switch after every 17th record.
    for chunk in parts.chunks(17) {
        assert!(
            chunk.iter().all(|p| *p == chunk[0]),
            "sticky within a batch: {chunk:?}"
        );
    }
    let distinct: std::collections::BTreeSet<_> = parts.iter().collect();
    assert!(
        distinct.len() >= 3,
        "moves across partitions over time: {distinct:?}"
    );
}

#[test]
fn round_robin_partitioner_and_ignore_keys() {
    let mut w = world_with("t", 3);
    let mut cfg = ProducerConfig::default();
    cfg.set(
        "partitioner.class",
        "org.apache.kafka.clients.producer.RoundRobinPartitioner",
    )
    .unwrap();
    w.apply(Command::SetProducerConfig {
        producer: "producer-1".into(),
        config: cfg,
    })
    .unwrap();
    let parts: Vec<u32> = (0..6)
        .map(|_| produce(&mut w, "t", "same-key", "v").0)
        .collect();
    assert_eq!(
        parts,
        vec![0, 1, 2, 0, 1, 2],
        "keys are ignored, partitions taken in turn"
    );

    let mut w = world_with("t", 3);
    let mut cfg = ProducerConfig::default();
    cfg.set("partitioner.ignore.keys", "true").unwrap();
    w.apply(Command::SetProducerConfig {
        producer: "producer-1".into(),
        config: cfg,
    })
    .unwrap();
    let parts: Vec<u32> = (0..5)
        .map(|i| produce(&mut w, "t", &format!("k{i}"), "v").0)
        .collect();
    assert!(
        parts.iter().all(|p| *p == parts[0]),
        "keys ignored: sticky like null keys {parts:?}"
    );
}

#[test]
fn topic_names_and_counts_are_validated_with_kafkas_words() {
    let mut w = world_with("orders", 3);
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("orders", 3)),
        "Topic 'orders' already exists.",
    );
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("", 3)),
        "Topic name is invalid: the empty string is not allowed",
    );
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("..", 3)),
        "Topic name is invalid: '..' is not allowed",
    );
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("new topic", 3)),
        "Topic name is invalid: 'new topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
    );
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("zero", 0)),
        "Number of partitions was set to an invalid non-positive value.",
    );
    let too_many = TopicSpec::new("big", MAX_PARTITIONS + 1);
    assert!(matches!(
        w.clone().apply(Command::CreateTopic(too_many)),
        Err(EngineError::Limit(_))
    ));
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("rf", 1).with_replication_factor(4)),
        "Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.",
    );
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("c", 1).with_config("retention.ms", "soon")),
        "Invalid value soon for configuration retention.ms: Not a number of type LONG",
    );
    // A name with '.' is created with the metric-collision warning; one colliding with it is refused.
    let ev = w
        .apply(Command::CreateTopic(TopicSpec::new("my.events", 1)))
        .unwrap();
    assert!(matches!(
        &ev[0].kind,
        EventKind::TopicCreated {
            warning: Some(_),
            ..
        }
    ));
    assert_refused(
        &mut w,
        Command::CreateTopic(TopicSpec::new("my_events", 1)),
        "Topic 'my_events' collides with existing topic: my.events",
    );
}

#[test]
fn partitions_only_grow_and_the_moved_keys_are_reported() {
    let mut w = world_with("orders", 3);
    let keys: Vec<String> = (0..50).map(|i| format!("customer-{i}")).collect();
    for k in &keys {
        produce(&mut w, "orders", k, "v");
    }
    assert_refused(
        &mut w,
        Command::AlterPartitions {
            topic: "orders".into(),
            partitions: 2,
        },
        "The topic orders currently has 3 partition(s); 2 would not be an increase.",
    );
    assert_refused(
        &mut w,
        Command::AlterPartitions {
            topic: "orders".into(),
            partitions: 3,
        },
        "Topic already has 3 partition(s).",
    );
    let ev = w
        .apply(Command::AlterPartitions {
            topic: "orders".into(),
            partitions: 5,
        })
        .unwrap();
    let EventKind::PartitionsIncreased {
        moved_keys,
        moved_count,
        kept_keys,
        from,
        to,
        ..
    } = &ev[0].kind
    else {
        panic!("expected PartitionsIncreased, got {ev:?}");
    };
    assert_eq!((*from, *to), (3, 5));
    let expected: Vec<&String> = keys
        .iter()
        .filter(|k| partition_for_key(k.as_bytes(), 3) != partition_for_key(k.as_bytes(), 5))
        .collect();
    assert_eq!(*moved_count, expected.len());
    assert_eq!(*kept_keys, keys.len() - expected.len());
    for m in moved_keys {
        assert_eq!(m.from, partition_for_key(m.key.as_bytes(), 3));
        assert_eq!(m.to, partition_for_key(m.key.as_bytes(), 5));
    }
    // New records follow the new count; old records stay where they were.
    let (p, _) = produce(&mut w, "orders", expected[0], "after");
    assert_eq!(p, partition_for_key(expected[0].as_bytes(), 5));
    assert_eq!(w.topic_view("orders").unwrap().partitions.len(), 5);
    assert_eq!(w.topic_view("orders").unwrap().total_written(), 51);
}

fn lost_ack_outcome(settings: &[(&str, &str)]) -> (Vec<EventKind>, u64) {
    let mut w = world_with("payments", 1);
    let mut cfg = ProducerConfig::default();
    for (k, v) in settings {
        cfg.set(k, v).unwrap();
    }
    w.apply(Command::SetProducerConfig {
        producer: "producer-1".into(),
        config: cfg,
    })
    .unwrap();
    w.apply(Command::LoseAcks {
        producer: "producer-1".into(),
        count: 1,
    })
    .unwrap();
    let ev = w
        .apply(Command::Produce(ProduceRequest::keyed(
            "payments",
            "p-1",
            "{\"amount\":10}",
        )))
        .unwrap();
    let end = w.topic_view("payments").unwrap().partitions[0].log_end_offset;
    (ev.into_iter().map(|e| e.kind).collect(), end)
}

#[test]
fn a_lost_acknowledgement_duplicates_only_without_idempotence() {
    let (ev, end) = lost_ack_outcome(&[("enable.idempotence", "false"), ("acks", "all")]);
    assert_eq!(end, 2, "the retry wrote the record twice");
    assert!(ev.iter().any(|e| matches!(
        e,
        EventKind::DuplicateWritten {
            offset: 1,
            original_offset: 0,
            ..
        }
    )));

    let (ev, end) = lost_ack_outcome(&[]);
    assert_eq!(
        end, 1,
        "the idempotent producer's retry is dropped by the broker"
    );
    assert!(ev
        .iter()
        .any(|e| matches!(e, EventKind::RetryDeduplicated { offset: 0, .. })));

    let (ev, end) = lost_ack_outcome(&[("enable.idempotence", "false"), ("retries", "0")]);
    assert_eq!(end, 1);
    assert!(
        ev.iter()
            .any(|e| matches!(e, EventKind::SendFailed { written: true, .. })),
        "no retry: reported failed, yet written"
    );

    let (ev, end) = lost_ack_outcome(&[("acks", "0")]);
    assert_eq!(end, 1);
    assert!(
        !ev.iter().any(|e| matches!(e, EventKind::AckLost { .. })),
        "acks=0 waits for no acknowledgement"
    );
}

#[test]
fn idempotence_with_acks_1_is_refused_as_kafka_refuses_it() {
    let mut w = world_with("t", 1);
    let mut cfg = ProducerConfig::default();
    cfg.set("acks", "1").unwrap();
    cfg.set("enable.idempotence", "true").unwrap();
    assert_refused(
        &mut w,
        Command::SetProducerConfig { producer: "p".into(), config: cfg },
        "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
    );
}

fn load(id: &str, topic: &str, rate: u32, keys: KeyStrategy) -> Command {
    Command::StartLoad(LoadSpec {
        id: id.into(),
        producer: "loader".into(),
        topic: topic.into(),
        rate_per_sec: rate,
        value_size: 100,
        keys,
        limit: None,
    })
}

#[test]
fn a_load_generator_meets_its_rate_exactly() {
    let mut w = world_with("t", 4);
    w.apply(load(
        "l",
        "t",
        333,
        KeyStrategy::Uniform {
            prefix: "k".into(),
            count: 10,
        },
    ))
    .unwrap();
    w.advance(10_000);
    assert_eq!(w.topic_view("t").unwrap().total_written(), 3330);
    // Generated values have the requested size and parse as the documented JSON shape.
    let r = &w.records("t", 0, 0, 1)[0];
    assert_eq!(r.value.as_ref().unwrap().len(), 100);
    assert!(r.value.as_ref().unwrap().starts_with("{\"seq\":"));
}

#[test]
fn a_hot_key_concentrates_traffic_on_one_partition() {
    let mut w = world_with("clicks", 6);
    w.apply(load(
        "l",
        "clicks",
        1000,
        KeyStrategy::Hot {
            key: "web".into(),
            share_percent: 80,
            prefix: "app-".into(),
            others: 50,
        },
    ))
    .unwrap();
    w.advance(10_000);
    let view = w.topic_view("clicks").unwrap();
    let hot = partition_for_key(b"web", 6) as usize;
    let share = view.partitions[hot].log_end_offset as f64 / view.total_written() as f64;
    assert!(
        share > 0.75,
        "the hot partition holds most records: {share}"
    );
}

#[test]
fn channel_minute_keys_change_with_simulated_time() {
    let mut w = world_with("t", 12);
    w.apply(load(
        "l",
        "t",
        100,
        KeyStrategy::Channels {
            channels: vec!["web".into(), "app".into()],
            hot_share_percent: 90,
            suffix: kafka_playground::engine::ChannelSuffix::Minute,
        },
    ))
    .unwrap();
    w.advance(180_000);
    let keys = w.keys_of_topic("t");
    assert!(
        keys.iter().any(|(k, _)| k == "web:00:00") && keys.iter().any(|(k, _)| k == "web:00:02"),
        "{keys:?}"
    );
}

#[test]
fn retention_moves_the_log_start_and_keeps_memory_flat() {
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(
        TopicSpec::new("metrics", 4).with_config("retention.ms", "30000"),
    ))
    .unwrap();
    w.apply(load(
        "l",
        "metrics",
        10_000,
        KeyStrategy::Uniform {
            prefix: "host-".into(),
            count: 100,
        },
    ))
    .unwrap();
    w.advance(120_000);
    let at_2min = w.stored_records();
    w.advance(60_000);
    let at_3min = w.stored_records();
    // 30 s of retention plus at most one 10 s check interval at 10,000 records/s.
    assert!(at_3min <= 400_000, "{at_3min}");
    assert!(
        at_2min.abs_diff(at_3min) <= 100_000,
        "flat: {at_2min} vs {at_3min}"
    );
    let view = w.topic_view("metrics").unwrap();
    for p in &view.partitions {
        assert!(p.log_start_offset > 0, "log start moved");
        assert_eq!(
            p.log_end_offset - p.log_start_offset,
            p.stored_records,
            "no gaps under delete policy"
        );
    }
    assert_eq!(view.total_written(), 1_800_000);
}

#[test]
fn retention_bytes_caps_each_partition() {
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(
        TopicSpec::new("t", 1).with_config("retention.bytes", "10000"),
    ))
    .unwrap();
    for i in 0..100 {
        w.apply(Command::Produce(ProduceRequest::keyed(
            "t",
            &format!("k{i}"),
            &"v".repeat(190),
        )))
        .unwrap();
    }
    w.advance(10_000);
    let p = &w.topic_view("t").unwrap().partitions[0];
    assert!(p.size_bytes <= 10_000, "{}", p.size_bytes);
    assert!(p.log_start_offset > 0);
    assert_eq!(p.log_end_offset, 100);
}

#[test]
fn compaction_keeps_the_latest_value_per_key_and_drops_old_tombstones() {
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(
        TopicSpec::new("profiles", 1)
            .with_config("cleanup.policy", "compact")
            .with_config("delete.retention.ms", "60000"),
    ))
    .unwrap();
    for (k, v) in [
        ("alice", "v1"),
        ("bob", "v1"),
        ("alice", "v2"),
        ("carol", "v1"),
        ("alice", "v3"),
    ] {
        w.apply(Command::Produce(ProduceRequest::keyed("profiles", k, v)))
            .unwrap();
    }
    let mut tomb = ProduceRequest::keyed("profiles", "bob", "");
    tomb.value = None;
    w.apply(Command::Produce(tomb)).unwrap();
    // Without a key a compacted topic refuses the record.
    assert_refused(
        &mut w,
        Command::Produce(ProduceRequest::unkeyed("profiles", "x")),
        "Compacted topic cannot accept message without key in topic partition profiles-0.",
    );
    w.advance(20_000);
    let recs = w.records("profiles", 0, 0, 100);
    let summary: Vec<(String, Option<String>, u64)> = recs
        .iter()
        .map(|r| (r.key.clone().unwrap(), r.value.clone(), r.offset))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("carol".into(), Some("v1".into()), 3),
            ("alice".into(), Some("v3".into()), 4),
            ("bob".into(), None, 5), // the tombstone survives delete.retention.ms
        ]
    );
    let p = &w.topic_view("profiles").unwrap().partitions[0];
    assert_eq!(
        (p.log_start_offset, p.log_end_offset),
        (0, 6),
        "compaction keeps offsets; log end unchanged"
    );
    w.advance(60_000);
    let keys: Vec<String> = w
        .records("profiles", 0, 0, 100)
        .into_iter()
        .filter_map(|r| r.key)
        .collect();
    assert_eq!(keys, vec!["carol", "alice"], "the old tombstone is gone");
}

#[test]
fn deleting_a_topic_stops_its_loads_and_forgets_it() {
    let mut w = world_with("t", 2);
    w.apply(load("l", "t", 10, KeyStrategy::Null)).unwrap();
    let ev = w.apply(Command::DeleteTopic { topic: "t".into() }).unwrap();
    assert!(ev
        .iter()
        .any(|e| matches!(e.kind, EventKind::LoadStopped { .. })));
    assert!(w.topic_view("t").is_none() && w.loads().is_empty());
    assert_refused(
        &mut w,
        Command::DeleteTopic { topic: "t".into() },
        "Topic 't' does not exist.",
    );
}

#[test]
fn a_full_playground_pauses_loads_instead_of_running_out_of_memory() {
    use kafka_playground::engine::STORAGE_LIMIT_RECORDS;
    let mut w = world_with("firehose", 8);
    w.apply(load(
        "l",
        "firehose",
        1_000_000,
        KeyStrategy::Uniform {
            prefix: "k".into(),
            count: 100,
        },
    ))
    .unwrap();
    let ev = w.advance(3_000);
    assert_eq!(w.stored_records(), STORAGE_LIMIT_RECORDS);
    assert_eq!(
        ev.iter()
            .filter(|e| matches!(e.kind, EventKind::StorageFull { .. }))
            .count(),
        1,
        "said once"
    );
    let err = w
        .apply(Command::Produce(ProduceRequest::keyed(
            "firehose", "k", "v",
        )))
        .unwrap_err();
    assert!(err.to_string().contains("storage is full"), "{err}");
    // Making room lets the load resume.
    let produced = w.loads()[0].produced;
    w.apply(Command::AlterTopicConfig {
        topic: "firehose".into(),
        set: vec![("retention.ms".into(), "1000".into())],
        delete: vec![],
    })
    .unwrap();
    w.advance(11_000);
    assert!(
        w.loads()[0].produced > produced,
        "the load resumed once retention made room"
    );
    assert!(w
        .topic_view("firehose")
        .unwrap()
        .partitions
        .iter()
        .all(|p| p.log_start_offset > 0));
    assert!(w.stored_records() <= STORAGE_LIMIT_RECORDS);
}
