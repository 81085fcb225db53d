//! Processing failures: a member's listener fails some records; retries with back-off, then
//! the dead-letter topic or Spring's default recoverer, as Spring Kafka's `DefaultErrorHandler`
//! and `DeadLetterPublishingRecoverer` do.

use kafka_playground::engine::config::failure_roll;
use kafka_playground::engine::{
    Command, EngineError, Event, EventKind, MemberSpec, OffsetReset, ProduceRequest, RecordView,
    TopicPartition, TopicSpec, World,
};

/// `orders` and `orders-dlt` with `partitions` each; `records` are (partition, key) sends.
fn world(partitions: u32, dlt_partitions: Option<u32>, records: &[(u32, &str)]) -> World {
    let mut w = World::new(7);
    w.apply(Command::CreateTopic(TopicSpec::new("orders", partitions)))
        .unwrap();
    if let Some(n) = dlt_partitions {
        w.apply(Command::CreateTopic(TopicSpec::new("orders-dlt", n)))
            .unwrap();
    }
    for (p, key) in records {
        send(&mut w, *p, key);
    }
    w
}

fn send(w: &mut World, partition: u32, key: &str) {
    let mut r = ProduceRequest::keyed("orders", key, &format!("value of {key}"));
    r.partition = Some(partition);
    w.apply(Command::Produce(r)).unwrap();
}

/// One member `c1` in group `g` reading `orders` from the beginning, failing on key `poison`.
fn member(max_attempts: Option<u32>, backoff_ms: u64, dlt: Option<&str>) -> MemberSpec {
    let mut m = MemberSpec::new("g", &["orders"]).with_id("c1");
    m.config.auto_offset_reset = OffsetReset::Earliest;
    m.config.fail_key = Some("poison".into());
    m.config.max_attempts = max_attempts;
    m.config.backoff_ms = backoff_ms;
    m.config.dead_letter = dlt.map(str::to_string);
    m
}

fn run(w: &mut World, ms: u64) -> Vec<Event> {
    let mut out = Vec::new();
    let mut left = ms;
    while left > 0 {
        let step = left.min(50);
        out.extend(w.advance(step));
        left -= step;
    }
    out
}

fn failures(w: &World) -> kafka_playground::engine::FailureView {
    w.group_view("g").unwrap().members[0].failures.clone()
}

fn lag(w: &World, partition: u32) -> (Option<u64>, u64) {
    let g = w.group_view("g").unwrap();
    let p = g
        .partitions
        .iter()
        .find(|p| p.partition == TopicPartition::new("orders", partition))
        .unwrap();
    (p.committed, p.lag)
}

fn dlt_records(w: &World) -> Vec<RecordView> {
    let n = w.partition_count("orders-dlt").unwrap_or(0);
    (0..n)
        .flat_map(|p| w.records("orders-dlt", p, 0, usize::MAX))
        .collect()
}

#[test]
fn a_poison_record_goes_to_the_dead_letter_topic_after_its_attempts_and_back_offs() {
    let mut w = world(
        3,
        Some(3),
        &[(2, "alice"), (2, "poison"), (2, "bob"), (0, "carol")],
    );
    w.apply(Command::JoinGroup(member(
        Some(3),
        1_000,
        Some("orders-dlt"),
    )))
    .unwrap();
    let ev = run(&mut w, 15_000); // long enough for an auto-commit after the recovery
    let at = |pred: &dyn Fn(&EventKind) -> bool| -> Vec<u64> {
        ev.iter().filter(|e| pred(&e.kind)).map(|e| e.at).collect()
    };
    let failed = at(&|k| matches!(k, EventKind::ProcessingFailed { .. }));
    let dead = at(&|k| matches!(k, EventKind::DeadLettered { .. }));
    assert_eq!(failed.len(), 1, "the first failure is told once: {ev:?}");
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0] - failed[0],
        2_000,
        "3 attempts, 1 s apart: recovered 2 s after the first failure"
    );
    let f = failures(&w);
    assert_eq!((f.failed_attempts, f.dead_lettered, f.skipped), (3, 1, 0));
    assert_eq!(f.retrying, None);

    let dlt = dlt_records(&w);
    assert_eq!(dlt.len(), 1);
    let r = &dlt[0];
    assert_eq!(r.partition, 2, "same partition number as the original");
    assert_eq!(r.key.as_deref(), Some("poison"));
    assert_eq!(r.value.as_deref(), Some("value of poison"));
    let original_ts = w.records("orders", 2, 1, 1)[0].timestamp.to_string();
    let want: Vec<(&str, &str)> = vec![
        (
            "kafka_dlt-exception-fqcn",
            "org.springframework.kafka.listener.ListenerExecutionFailedException",
        ),
        (
            "kafka_dlt-exception-cause-fqcn",
            "java.lang.RuntimeException",
        ),
        (
            "kafka_dlt-exception-message",
            "Listener failed; simulated failure: key 'poison' is the poison key",
        ),
        ("kafka_dlt-original-topic", "orders"),
        ("kafka_dlt-original-partition", "2"),
        ("kafka_dlt-original-offset", "1"),
        ("kafka_dlt-original-timestamp", &original_ts),
        ("kafka_dlt-original-timestamp-type", "CreateTime"),
        ("kafka_dlt-original-consumer-group", "g"),
    ];
    let got: Vec<(&str, &str)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, want);
    // The member moved on: everything processed but the poison record, and committed.
    assert_eq!(w.group_view("g").unwrap().members[0].processed, 3);
    assert_eq!(lag(&w, 2), (Some(3), 0));
    assert_eq!(lag(&w, 0), (Some(1), 0));
    assert_eq!(w.group_view("g").unwrap().skipped(), 0);
}

#[test]
fn the_dead_letter_topic_gets_the_original_headers_first_and_a_fresh_exception() {
    let mut w = world(1, Some(1), &[]);
    let mut r = ProduceRequest::keyed("orders", "poison", "v");
    r.headers = vec![
        ("trace".into(), "t-1".into()),
        (
            "kafka_dlt-exception-message".into(),
            "an older failure".into(),
        ),
    ];
    w.apply(Command::Produce(r)).unwrap();
    w.apply(Command::JoinGroup(member(Some(1), 0, Some("orders-dlt"))))
        .unwrap();
    run(&mut w, 4_000);
    let dlt = dlt_records(&w);
    assert_eq!(dlt[0].headers[0], ("trace".into(), "t-1".into()));
    let messages: Vec<&str> = dlt[0]
        .headers
        .iter()
        .filter(|(k, _)| k == "kafka_dlt-exception-message")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        messages,
        ["Listener failed; simulated failure: key 'poison' is the poison key"],
        "stripPreviousExceptionHeaders"
    );
}

#[test]
fn a_dead_letter_topic_with_fewer_partitions_lets_the_producer_pick_one() {
    let mut w = world(3, Some(1), &[(2, "poison")]);
    w.apply(Command::JoinGroup(member(Some(1), 0, Some("orders-dlt"))))
        .unwrap();
    let ev = run(&mut w, 4_000);
    assert!(ev.iter().any(|e| matches!(
        &e.kind,
        EventKind::DeadLettered {
            dlt_partition: None,
            dlt_partitions: 1,
            ..
        }
    )));
    let dlt = dlt_records(&w);
    assert_eq!((dlt.len(), dlt[0].partition), (1, 0));
}

#[test]
fn retrying_forever_stalls_the_member_and_lag_grows_on_every_partition_it_owns() {
    // The poison record is first on partition 0; partitions 1 and 2 have records behind it.
    let mut w = world(3, None, &[(0, "poison"), (1, "a"), (2, "b")]);
    w.apply(Command::JoinGroup(member(None, 1_000, None)))
        .unwrap();
    let ev = run(&mut w, 10_000);
    let stalled = ev
        .iter()
        .filter(|e| matches!(e.kind, EventKind::MemberStalled { .. }))
        .count();
    assert_eq!(stalled, 1, "said once");
    let view = w.group_view("g").unwrap();
    assert_eq!(
        view.members[0].processed, 0,
        "nothing behind the poison record"
    );
    let f = &view.members[0].failures;
    let retry = f.retrying.clone().unwrap();
    assert_eq!(
        (retry.partition, retry.offset, retry.stalled),
        (TopicPartition::new("orders", 0), 0, true)
    );
    // Rebalance done at 3 s, then one attempt a second: 7 or 8 attempts by 10 s.
    assert!(
        (7..=8).contains(&f.failed_attempts),
        "{}",
        f.failed_attempts
    );
    assert_eq!(view.total_lag(), 3);
    for p in 0..3 {
        send(&mut w, p, "more");
    }
    let ev = run(&mut w, 10_000);
    assert!(!ev.iter().any(|e| matches!(
        e.kind,
        EventKind::MemberStalled { .. } | EventKind::ProcessingFailed { .. }
    )));
    let view = w.group_view("g").unwrap();
    assert_eq!(view.members[0].processed, 0);
    assert_eq!(view.total_lag(), 6, "lag grows");
    assert_eq!(lag(&w, 0), (Some(0), 2));
    assert!(view.members[0].failures.failed_attempts >= 17);
}

#[test]
fn a_member_asleep_in_its_back_off_processes_nothing() {
    let mut w = world(1, None, &[(0, "poison"), (0, "after")]);
    w.apply(Command::JoinGroup(member(Some(3), 5_000, None)))
        .unwrap();
    run(&mut w, 3_100); // rebalance done, first attempt failed
    let f = failures(&w);
    assert_eq!(f.failed_attempts, 1);
    let next = f.retrying.unwrap().next_attempt_at;
    run(&mut w, 4_800);
    assert_eq!(failures(&w).failed_attempts, 1, "asleep until {next}");
    assert_eq!(w.group_view("g").unwrap().members[0].processed, 0);
    run(&mut w, 200);
    assert_eq!(failures(&w).failed_attempts, 2);
}

#[test]
fn without_a_dead_letter_topic_springs_default_recoverer_logs_and_skips() {
    let mut w = world(1, None, &[(0, "a"), (0, "poison"), (0, "b")]);
    let mut spec = member(None, 0, None);
    spec.config.max_attempts = kafka_playground::engine::ConsumerConfig::default().max_attempts;
    assert_eq!(
        spec.config.max_attempts,
        Some(10),
        "SeekUtils.DEFAULT_MAX_FAILURES"
    );
    w.apply(Command::JoinGroup(spec)).unwrap();
    let ev = run(&mut w, 9_000);
    assert!(ev.iter().any(|e| matches!(
        e.kind,
        EventKind::FailedRecordSkipped {
            offset: 1,
            attempts: 10,
            ..
        }
    )));
    let g = w.group_view("g").unwrap();
    assert_eq!(g.members[0].processed, 2);
    assert_eq!(g.members[0].failures.skipped, 1);
    assert_eq!(g.skipped(), 1, "the record was never processed");
    assert_eq!(lag(&w, 0), (Some(3), 0), "yet lag is 0");
}

#[test]
fn a_missing_dead_letter_topic_fails_recovery_and_the_back_off_starts_over() {
    let mut w = world(1, Some(1), &[(0, "poison")]);
    w.apply(Command::JoinGroup(member(Some(2), 0, Some("orders-dlt"))))
        .unwrap();
    w.apply(Command::DeleteTopic {
        topic: "orders-dlt".into(),
    })
    .unwrap();
    let ev = run(&mut w, 4_000);
    let stalled: Vec<String> = ev
        .iter()
        .filter(|e| matches!(e.kind, EventKind::MemberStalled { .. }))
        .map(|e| e.to_string())
        .collect();
    assert_eq!(stalled.len(), 1);
    assert!(
        stalled[0].contains("Dead-letter publication to orders-dlt failed for: orders-0@0")
            && stalled[0].contains("not present in metadata after 60000 ms"),
        "{}",
        stalled[0]
    );
    let f = failures(&w);
    assert_eq!(f.dead_lettered, 0);
    assert!(f.retrying.as_ref().unwrap().stalled);
    assert_eq!(lag(&w, 0).1, 1);
    // Once the topic exists again, the next round of attempts recovers the record.
    w.apply(Command::CreateTopic(TopicSpec::new("orders-dlt", 1)))
        .unwrap();
    run(&mut w, 66_000);
    let f = failures(&w);
    assert_eq!((f.dead_lettered, f.failed_attempts), (1, 4));
    assert_eq!(dlt_records(&w).len(), 1);
    assert_eq!(lag(&w, 0), (Some(1), 0));
}

#[test]
fn a_clean_shutdown_while_retrying_commits_up_to_the_failed_record() {
    let mut w = world(1, None, &[(0, "a"), (0, "poison"), (0, "b")]);
    w.apply(Command::JoinGroup(member(None, 1_000, None)))
        .unwrap();
    run(&mut w, 5_000);
    w.apply(Command::LeaveGroup {
        group: "g".into(),
        member_id: "c1".into(),
    })
    .unwrap();
    let g = w.group_view("g").unwrap();
    assert!(g.members.is_empty());
    assert_eq!(
        g.partitions[0].committed,
        Some(1),
        "the poison record is read again by whoever comes next"
    );
}

#[test]
fn a_failure_share_fails_the_same_records_in_a_replay() {
    let mut w = World::new(11);
    w.apply(Command::CreateTopic(TopicSpec::new("orders", 2)))
        .unwrap();
    w.apply(Command::CreateTopic(TopicSpec::new("orders-dlt", 2)))
        .unwrap();
    for i in 0..200 {
        w.apply(Command::Produce(ProduceRequest::keyed(
            "orders",
            &format!("k{i}"),
            "v",
        )))
        .unwrap();
    }
    let mut spec = MemberSpec::new("g", &["orders"]).with_id("c1");
    spec.config.auto_offset_reset = OffsetReset::Earliest;
    spec.config.fail_percent = 20;
    spec.config.max_attempts = Some(2);
    spec.config.dead_letter = Some("orders-dlt".into());
    w.apply(Command::JoinGroup(spec)).unwrap();
    run(&mut w, 8_000);
    let failed: Vec<(String, String)> = dlt_records(&w)
        .iter()
        .map(|r| {
            let h = |k: &str| {
                r.headers
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
                    .unwrap()
            };
            (
                h("kafka_dlt-original-partition"),
                h("kafka_dlt-original-offset"),
            )
        })
        .collect();
    let mut expected = Vec::new();
    for p in 0..2u32 {
        let end = w.partition_view("orders", p).unwrap().log_end_offset;
        for o in 0..end {
            if failure_roll("orders", p, o) < 20 {
                expected.push((p.to_string(), o.to_string()));
            }
        }
    }
    let mut sorted = failed.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(
        sorted, expected,
        "exactly the records whose roll is below 20"
    );
    assert!(
        (20..=60).contains(&expected.len()),
        "about a fifth of 200: {}",
        expected.len()
    );
    let again = World::replay(11, w.journal(), None);
    assert_eq!(format!("{again:?}"), format!("{w:?}"));
    assert_eq!(
        w.group_view("g").unwrap().members[0]
            .failures
            .failed_attempts,
        2 * expected.len() as u64
    );
}

#[test]
fn refused_failure_settings_leave_the_world_unchanged() {
    let mut w = world(2, Some(2), &[(0, "a")]);
    let before = format!("{w:?}");
    type Change = Box<dyn Fn(&mut MemberSpec)>;
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|m| m.config.fail_percent = 101),
            "The share of records that fail must be between 0 and 100 percent, not 101.",
        ),
        (
            Box::new(|m| m.config.max_attempts = Some(0)),
            "Delivery attempts must be between 1 and 1000 (or unlimited), not 0.",
        ),
        (
            Box::new(|m| m.config.max_attempts = Some(1_001)),
            "Delivery attempts must be between 1 and 1000 (or unlimited), not 1001.",
        ),
        (
            Box::new(|m| m.config.backoff_ms = 600_001),
            "The back-off between attempts must be at most 600000 ms (10 minutes), not 600001 ms.",
        ),
        (
            Box::new(|m| m.config.dead_letter = Some("bad name".into())),
            "Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'",
        ),
        (
            Box::new(|m| m.config.dead_letter = Some("nowhere-dlt".into())),
            "The dead-letter topic 'nowhere-dlt' does not exist. Create it first, with as many partitions as the topic it backs: DeadLetterPublishingRecoverer writes each failed record to the same partition number.",
        ),
        (
            Box::new(|m| m.config.dead_letter = Some("orders".into())),
            "The dead-letter topic cannot be one the consumer reads (orders): a failing record would come back to it forever.",
        ),
    ];
    for (change, message) in cases {
        let mut spec = member(Some(3), 0, None);
        change(&mut spec);
        let err = w.apply(Command::JoinGroup(spec)).unwrap_err();
        assert!(matches!(
            err,
            EngineError::InvalidConfig(_)
                | EngineError::InvalidTopic(_)
                | EngineError::InvalidRequest(_)
        ));
        assert_eq!(err.to_string(), message);
        assert_eq!(format!("{w:?}"), before, "refused: nothing changed");
    }
}

#[test]
fn members_without_a_failure_rule_never_fail() {
    let mut w = world(1, None, &[(0, "poison"), (0, "b")]);
    let mut spec = member(Some(1), 0, None);
    spec.config.fail_key = None;
    w.apply(Command::JoinGroup(spec)).unwrap();
    run(&mut w, 4_000);
    let g = w.group_view("g").unwrap();
    assert_eq!(g.members[0].processed, 2);
    assert!(!g.members[0].failures.enabled());
    assert_eq!(g.members[0].failures.failed_attempts, 0);
}
