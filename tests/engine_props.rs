//! Property tests over random command sequences. `make test` runs the default number of cases;
//! `make fuzz` runs many more (PROPTEST_CASES).
//!
//! Invariants (DESIGN.md, Tests §1):
//! - offsets within a partition strictly grow and stay in [log-start, log-end); neither bound
//!   ever moves back;
//! - a committed offset never exceeds the log-end offset;
//! - a partition belongs to at most one member of a group, and every subscribed partition has
//!   an owner once a group with members is stable;
//! - a refused command changes nothing;
//! - the same seed and commands give the same events.

use std::collections::BTreeMap;

use kafka_playground::engine::{
    AckMode, AssignorKind, ChannelSuffix, Command, CommitMode, GroupProtocol, GroupState,
    GroupType, KeyStrategy, LoadSpec, MemberSpec, OffsetReset, ProduceRequest, ProducerConfig,
    ResetTarget, ServerAssignor, ShareMemberSpec, TopicSpec, World,
};
use proptest::prelude::*;

const TOPICS: [&str; 3] = ["a", "b", "c"];
const GROUPS: [&str; 2] = ["g1", "g2"];

#[derive(Clone, Debug)]
enum Step {
    Cmd(Box<Command>),
    Advance(u64),
}

fn topic() -> impl Strategy<Value = String> {
    prop::sample::select(TOPICS.to_vec()).prop_map(String::from)
}

fn command() -> impl Strategy<Value = Command> {
    let create = (topic(), 1u32..6, prop::bool::ANY, 1u32..4).prop_map(|(t, p, compact, rf)| {
        let spec = TopicSpec::new(&t, p).with_replication_factor(rf);
        Command::CreateTopic(if compact {
            spec.with_config("cleanup.policy", "compact")
        } else {
            spec.with_config("retention.ms", "20000")
        })
    });
    let produce = (
        topic(),
        prop::option::of(0u32..10),
        prop::option::of(0u32..7),
        prop::option::of("[a-z]{0,5}"),
    )
        .prop_map(|(t, key, partition, value)| {
            Command::Produce(ProduceRequest {
                producer: "p".into(),
                topic: t,
                key: key.map(|k| format!("k{k}")),
                value,
                partition,
                headers: Vec::new(),
            })
        });
    let alter = (topic(), 0u32..9).prop_map(|(t, n)| Command::AlterPartitions {
        topic: t,
        partitions: n,
    });
    let delete = topic().prop_map(|t| Command::DeleteTopic { topic: t });
    let join = (
        prop::sample::select(GROUPS.to_vec()),
        0u32..6,
        prop::sample::subsequence(TOPICS.to_vec(), 1..=2),
        prop::sample::select(AssignorKind::ALL.to_vec()),
        0u8..3,
        0u64..20_000,
        prop::option::of(0u32..3),
        1u32..50,
        // Failing records: a share, a poison key, attempts (None: forever), back-off, DLT.
        prop::option::of((
            0u32..40,
            prop::bool::ANY,
            prop::option::of(1u32..4),
            0u64..3_000,
            prop::option::of(topic()),
        )),
        // Some: the consumer protocol with this server assignor (KIP-848).
        prop::option::of(prop::sample::select(ServerAssignor::ALL.to_vec())),
    )
        .prop_map(
            |(
                g,
                id,
                topics,
                assignor,
                commit,
                processing_us,
                instance,
                max_poll,
                failing,
                modern,
            )| {
                let mut m = MemberSpec::new(g, &topics).with_id(&format!("m{id}"));
                m.config.assignor = assignor;
                if let Some(a) = modern {
                    m.config.protocol = GroupProtocol::Consumer;
                    m.config.remote_assignor = Some(a);
                }
                m.config.commit = match commit {
                    0 => CommitMode::Auto { interval_ms: 1_000 },
                    1 => CommitMode::AfterProcessing,
                    _ => CommitMode::BeforeProcessing,
                };
                m.config.processing_us = processing_us;
                m.config.group_instance_id = instance.map(|i| format!("static-{i}"));
                m.config.auto_offset_reset = OffsetReset::Earliest;
                m.config.max_poll_records = max_poll;
                if let Some((percent, poison, attempts, backoff, dlt)) = failing {
                    m.config.fail_percent = percent;
                    m.config.fail_key = poison.then(|| "k3".to_string());
                    m.config.max_attempts = attempts;
                    m.config.backoff_ms = backoff;
                    m.config.dead_letter = dlt;
                }
                Command::JoinGroup(m)
            },
        );
    let member_cmd =
        (prop::sample::select(GROUPS.to_vec()), 0u32..6, 0u8..3).prop_map(|(g, id, what)| {
            let (group, member_id) = (g.to_string(), format!("m{id}"));
            match what {
                0 => Command::LeaveGroup { group, member_id },
                1 => Command::CrashMember { group, member_id },
                _ => Command::SetSubscription {
                    group,
                    member_id,
                    topics: vec!["a".into(), "c".into()],
                },
            }
        });
    let reset = (prop::sample::select(GROUPS.to_vec()), topic(), -5i64..5).prop_map(|(g, t, d)| {
        Command::ResetOffsets {
            group: g.into(),
            topic: t,
            partitions: None,
            to: ResetTarget::ShiftBy(d),
        }
    });
    let load = (topic(), 1u32..300, 0u8..3).prop_map(|(t, rate, k)| {
        Command::StartLoad(LoadSpec {
            id: format!("load-{t}"),
            producer: "loader".into(),
            topic: t,
            rate_per_sec: rate,
            value_size: 20,
            keys: match k {
                0 => KeyStrategy::Null,
                1 => KeyStrategy::Hot {
                    key: "hot".into(),
                    share_percent: 70,
                    prefix: "k".into(),
                    others: 5,
                },
                _ => KeyStrategy::Channels {
                    channels: vec!["web".into(), "app".into()],
                    hot_share_percent: 80,
                    suffix: ChannelSuffix::Minute,
                },
            },
            limit: None,
        })
    });
    let stop = topic().prop_map(|t| Command::StopLoad {
        id: format!("load-{t}"),
    });
    let producer = (0u8..3, prop::bool::ANY).prop_map(|(acks, idem)| {
        let mut c = ProducerConfig::default();
        let _ = c.set("acks", ["0", "1", "all"][acks as usize]);
        let _ = c.set("enable.idempotence", if idem { "true" } else { "false" });
        Command::SetProducerConfig {
            producer: "p".into(),
            config: c,
        }
    });
    let lose = (0u32..3).prop_map(|n| Command::LoseAcks {
        producer: "p".into(),
        count: n,
    });
    let assignor = (
        prop::sample::select(GROUPS.to_vec()),
        prop::sample::select(AssignorKind::ALL.to_vec()),
    )
        .prop_map(|(g, a)| Command::SetGroupAssignor {
            group: g.into(),
            assignor: a,
        });
    let broker = (0u32..4, 1u32..4).prop_map(|(op, b)| match op {
        0 => Command::StopBroker { broker: b },
        1 => Command::StartBroker { broker: b },
        2 => Command::SetBrokerCopyRate {
            broker: b,
            records_per_sec: Some(0),
        },
        _ => Command::SetBrokerCopyRate {
            broker: b,
            records_per_sec: None,
        },
    });
    // Share groups (KIP-932): share consumers, their departures and group configs.
    let share_join = (
        prop::sample::select(vec!["s1", "g1"]),
        0u32..4,
        0u64..30_000,
        prop::bool::ANY,
        prop::option::of(0u32..40),
    )
        .prop_map(|(g, id, processing_us, explicit, fail)| {
            let mut s = ShareMemberSpec::new(g, &["a"]).with_id(&format!("s{id}"));
            s.config.processing_us = processing_us;
            s.config.max_poll_records = 50;
            if explicit {
                s.config.ack_mode = AckMode::Explicit;
            }
            s.config.fail_percent = fail.unwrap_or(0);
            Command::JoinShareGroup(s)
        });
    let share_member = (0u32..4, 0u8..3).prop_map(|(id, what)| {
        let (group, member_id) = ("s1".to_string(), format!("s{id}"));
        match what {
            0 => Command::LeaveGroup { group, member_id },
            1 => Command::CrashMember { group, member_id },
            _ => Command::AlterGroupConfig {
                group,
                set: vec![
                    ("share.auto.offset.reset".into(), "earliest".into()),
                    ("share.delivery.count.limit".into(), "2".into()),
                    ("share.record.lock.duration.ms".into(), "15000".into()),
                ],
                delete: vec![],
            },
        }
    });
    prop_oneof![
        3 => create, 6 => produce, 2 => broker, 1 => alter, 1 => delete, 4 => join, 3 => member_cmd, 1 => reset,
        1 => load, 1 => stop, 1 => producer, 1 => lose, 1 => assignor, 2 => share_join, 2 => share_member,
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![3 => command().prop_map(|c| Step::Cmd(Box::new(c))), 2 => (0u64..20_000).prop_map(Step::Advance)]
}

/// Checks every invariant; `bounds` remembers each partition's (log-start, high watermark)
/// last seen. The log-end offset itself may move back when a leader change cuts off records
/// that were not yet on every in-sync replica; the high watermark never does (no unclean
/// elections here).
fn check(w: &World, bounds: &mut BTreeMap<(String, u32), (u64, u64)>) -> Result<(), TestCaseError> {
    bounds.retain(|(t, _), _| w.partition_count(t).is_some());
    for t in w.topic_names() {
        let view = w.topic_view(&t).unwrap();
        for p in &view.partitions {
            prop_assert!(p.log_start_offset <= p.high_watermark);
            prop_assert!(p.high_watermark <= p.log_end_offset);
            prop_assert!(
                p.leader.is_none_or(|l| p.isr.contains(&l)),
                "the leader is in the ISR"
            );
            let records = w.records(&t, p.partition, 0, usize::MAX);
            let mut last: Option<u64> = None;
            for r in &records {
                prop_assert!(
                    r.offset >= p.log_start_offset && r.offset < p.log_end_offset,
                    "offset {} outside log",
                    r.offset
                );
                prop_assert!(
                    last.is_none_or(|l| r.offset > l),
                    "offsets must strictly grow"
                );
                last = Some(r.offset);
            }
            let key = (t.clone(), p.partition);
            if let Some(&(start, end)) = bounds.get(&key) {
                prop_assert!(
                    p.log_start_offset >= start && p.high_watermark >= end,
                    "log start or high watermark moved back on {t}-{}",
                    p.partition
                );
            }
            bounds.insert(key, (p.log_start_offset, p.high_watermark));
        }
    }
    for g in w.group_names() {
        let view = w.group_view(&g).unwrap();
        for p in &view.partitions {
            if let Some(c) = p.committed {
                prop_assert!(
                    c <= p.log_end_offset,
                    "committed {c} beyond log end {} in {g}",
                    p.log_end_offset
                );
            }
        }
        let mut owners: BTreeMap<(String, u32), &str> = BTreeMap::new();
        for m in view.members.iter().filter(|m| !m.manual) {
            for tp in &m.assignment {
                let prev = owners.insert((tp.topic.clone(), tp.partition), &m.member_id);
                prop_assert!(
                    prev.is_none(),
                    "{tp} owned by {prev:?} and {} in {g}",
                    m.member_id
                );
            }
        }
        if view.kind == GroupType::Consumer {
            // The coordinator never gives a partition to a member while another still holds it
            // (assigned or being revoked).
            let mut held: BTreeMap<(String, u32), &str> = BTreeMap::new();
            for m in view.members.iter().filter(|m| !m.manual && !m.poll_expired) {
                for tp in m.described_assignment.iter().chain(&m.revoking) {
                    let prev = held.insert((tp.topic.clone(), tp.partition), &m.member_id);
                    prop_assert!(
                        prev.is_none(),
                        "{tp} held by {prev:?} and {} in {g}",
                        m.member_id
                    );
                }
            }
            if view.state == GroupState::Stable {
                // Every member reached its target.
                for m in view.members.iter().filter(|m| !m.manual && !m.poll_expired) {
                    let mut a = m.described_assignment.clone();
                    let mut t = m.target.clone();
                    a.sort();
                    t.sort();
                    prop_assert_eq!(
                        a,
                        t,
                        "{} in stable group {} is not at its target",
                        m.member_id,
                        g
                    );
                }
            }
        } else if view.state == GroupState::Stable && !view.members.is_empty() {
            for m in &view.members {
                for t in &m.topics {
                    for p in 0..w.partition_count(t).unwrap_or(0) {
                        prop_assert!(
                            owners.contains_key(&(t.clone(), p)),
                            "{t}-{p} has no owner in stable group {g}"
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

fn run(seed: u64, steps: &[Step]) -> Result<Vec<String>, TestCaseError> {
    let mut w = World::new(seed);
    let mut log = Vec::new();
    let mut bounds = BTreeMap::new();
    for s in steps {
        match s {
            Step::Cmd(c) => {
                let before = format!("{w:?}");
                match w.apply(Command::clone(c)) {
                    Ok(ev) => log.extend(ev.iter().map(|e| format!("{} {:?}", e.at, e.kind))),
                    Err(e) => {
                        prop_assert_eq!(
                            &before,
                            &format!("{w:?}"),
                            "refused command {:?} ({}) changed the world",
                            c,
                            e
                        );
                        log.push(format!("error {e}"));
                    }
                }
            }
            Step::Advance(ms) => log.extend(
                w.advance(*ms)
                    .iter()
                    .map(|e| format!("{} {:?}", e.at, e.kind)),
            ),
        }
        check(&w, &mut bounds)?;
    }
    Ok(log)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn invariants_hold_and_runs_are_deterministic(seed in 0u64..1000, steps in prop::collection::vec(step(), 1..40)) {
        let first = run(seed, &steps)?;
        let second = run(seed, &steps)?;
        prop_assert_eq!(first, second, "same seed and commands must give the same events");
    }
}

/// The world at every moment of a run, keyed by simulated time (the state after the last input
/// given at that time).
fn moments(seed: u64, steps: &[Step]) -> (World, BTreeMap<u64, String>) {
    let mut w = World::new(seed);
    let mut seen = BTreeMap::new();
    seen.insert(0, format!("{w:?}"));
    for s in steps {
        match s {
            Step::Cmd(c) => {
                let _ = w.apply(Command::clone(c));
            }
            Step::Advance(ms) => {
                w.advance(*ms);
            }
        }
        seen.insert(w.elapsed_ms(), format!("{w:?}"));
    }
    (w, seen)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Time travel: replaying the journal up to any earlier moment rebuilds the world exactly as
    /// it was then (RNG, logs, groups, history and samples included), and replaying all of it
    /// rebuilds the present.
    #[test]
    fn replaying_the_journal_rebuilds_every_moment(seed in 0u64..1000, steps in prop::collection::vec(step(), 1..30)) {
        let (world, seen) = moments(seed, &steps);
        prop_assert!(world.journal_complete());
        let now = format!("{world:?}");
        prop_assert_eq!(&format!("{:?}", World::replay(seed, world.journal(), None)), &now);
        for (at, then) in &seen {
            let rebuilt = World::replay(seed, world.journal(), Some(*at));
            prop_assert_eq!(&format!("{rebuilt:?}"), then, "replay to {} ms differs", at);
        }
    }
}
