//! Share links (`engine::share`): a session survives encode → decode → rebuild exactly, every
//! input list round-trips, and every malformed or hostile link gives its own clear error,
//! quickly and without a panic.

use base64::Engine as _;
use kafka_playground::cli::script_world;
use kafka_playground::engine::share::{
    decode, encode, rebuild, ShareError, Shared, MAX_LINK_CHARS, MAX_PAYLOAD_BYTES,
    MAX_SIMULATED_MS, MAX_STEPS,
};
use kafka_playground::engine::{
    Acks, AssignorKind, ChannelSuffix, Command, CommitMode, ConsumerConfig, GroupProtocol, Input,
    KeyStrategy, LoadSpec, MemberSpec, OffsetReset, PartitionerKind, ProduceRequest,
    ProducerConfig, ResetTarget, ServerAssignor, TopicPartition, TopicSpec, World, MAX_ADVANCE_MS,
};
use proptest::prelude::*;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A link with this exact JSON inside, as `encode` would pack it.
fn link_of_json(json: &str) -> String {
    link_of_bytes(json.as_bytes())
}

fn link_of_bytes(bytes: &[u8]) -> String {
    format!(
        "1.{}",
        B64.encode(miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6))
    )
}

/// The hot-partition scenario, then a few minutes, a keyed send and a crashed consumer.
fn hot_partition_session() -> World {
    let mut w = script_world(42, include_str!("../scenarios/hot-partition.sh")).unwrap();
    w.advance(30_000);
    w.apply(Command::Produce(ProduceRequest::keyed(
        "orders",
        "web",
        r#"{"id":1,"note":"ünïcode \"quoted\"\n"}"#,
    )))
    .unwrap();
    w.advance(5_000);
    w.apply(Command::CrashMember {
        group: "order-service".into(),
        member_id: "order-service-2".into(),
    })
    .unwrap();
    // Past session.timeout.ms (45 s): the coordinator removes the member and rebalances.
    w.advance(60_000);
    w
}

/// Everything a learner sees about topics and groups, through the public views.
fn observed(w: &World) -> String {
    let mut out = String::new();
    for t in w.topic_names() {
        let v = w.topic_view(&t).unwrap();
        for p in &v.partitions {
            out += &format!(
                "{t}-{} start {} end {} hw {} leader {:?} isr {:?}\n",
                p.partition,
                p.log_start_offset,
                p.log_end_offset,
                p.high_watermark,
                p.leader,
                p.isr
            );
        }
        out += &format!("committed {:?}\n", w.committed_offsets(&t));
    }
    for g in w.group_names() {
        let v = w.group_view(&g).unwrap();
        out += &format!("{g} {:?} gen {}\n", v.state, v.generation);
        for m in &v.members {
            out += &format!(
                "  {} {:?} {:?} processed {}\n",
                m.member_id, m.status, m.assignment, m.processed
            );
        }
        for p in &v.partitions {
            out += &format!(
                "  {} committed {:?} lag {} owner {:?}\n",
                p.partition, p.committed, p.lag, p.owner
            );
        }
    }
    out
}

#[test]
fn a_real_session_rebuilds_exactly() {
    let original = hot_partition_session();
    assert!(original.journal_complete());
    let link = encode(original.seed(), original.journal());
    println!(
        "hot-partition session: {} steps, {} ms simulated, link {} bytes",
        original.journal().len(),
        original.elapsed_ms(),
        link.len()
    );
    assert!(link.starts_with("1."), "{link}");
    assert!(
        link[2..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "URL-safe base64 only: {link}"
    );
    assert!(
        link.len() < 2_000,
        "a short session is a short link: {}",
        link.len()
    );

    let shared = decode(&link).unwrap();
    assert_eq!(shared.seed, 42);
    assert_eq!(shared.inputs, original.journal());
    let rebuilt = rebuild(&shared).unwrap();

    // The views the page shows: offsets, assignments, lag.
    let group = |w: &World| w.group_view("order-service").unwrap();
    let (a, b) = (group(&original), group(&rebuilt));
    assert!(a.total_lag() > 0, "the hot partition lags behind");
    assert_eq!(a.total_lag(), b.total_lag());
    assert_eq!(
        a.partitions, b.partitions,
        "committed offsets and lag per partition"
    );
    let assignments = |g: &kafka_playground::engine::GroupView| {
        g.members
            .iter()
            .map(|m| (m.member_id.clone(), m.assignment.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(assignments(&a), assignments(&b));
    assert_eq!(
        a.members.len(),
        2,
        "the crashed member timed out and left: {:?}",
        assignments(&a)
    );
    assert_eq!(
        original.topic_view("orders").unwrap().partitions,
        rebuilt.topic_view("orders").unwrap().partitions
    );
    assert_eq!(observed(&original), observed(&rebuilt));
    assert_eq!(original.journal(), rebuilt.journal());
    assert_eq!(original.elapsed_ms(), rebuilt.elapsed_ms());
    // And everything else (RNG, history, samples): the Debug form covers the whole state.
    assert_eq!(format!("{original:?}"), format!("{rebuilt:?}"));
}

#[test]
fn a_session_of_a_few_hundred_steps_is_a_few_kilobytes() {
    let mut w = script_world(42, include_str!("../scenarios/hot-partition.sh")).unwrap();
    for i in 0..200 {
        w.advance(100 + (i % 7) * 50);
        w.apply(Command::Produce(ProduceRequest::keyed(
            "orders",
            &format!("user-{}", i % 13),
            &format!(r#"{{"order":{i},"amount":{}}}"#, i * 37 % 1000),
        )))
        .unwrap();
    }
    let steps = w.journal().len();
    assert!(steps > 400, "{steps}");
    let link = encode(w.seed(), w.journal());
    println!("{steps} steps: link {} bytes", link.len());
    assert!(link.len() < 8_000, "{} bytes", link.len());
    let rebuilt = rebuild(&decode(&link).unwrap()).unwrap();
    assert_eq!(format!("{w:?}"), format!("{rebuilt:?}"));
}

#[test]
fn merged_advances_longer_than_an_hour_replay_in_full() {
    let mut w = World::new(7);
    w.apply(Command::CreateTopic(TopicSpec::new("t", 2)))
        .unwrap();
    w.apply(Command::StartLoad(LoadSpec {
        id: "l".into(),
        producer: "p".into(),
        topic: "t".into(),
        rate_per_sec: 2,
        value_size: 10,
        keys: KeyStrategy::Null,
        limit: None,
    }))
    .unwrap();
    for _ in 0..3 {
        w.advance(MAX_ADVANCE_MS);
    }
    assert_eq!(
        w.journal().last(),
        Some(&Input::Advance(3 * MAX_ADVANCE_MS))
    );
    let rebuilt = rebuild(&decode(&encode(7, w.journal())).unwrap()).unwrap();
    assert_eq!(rebuilt.elapsed_ms(), 3 * MAX_ADVANCE_MS);
    assert_eq!(format!("{w:?}"), format!("{rebuilt:?}"));
}

#[test]
fn whitespace_and_padding_around_a_link_are_accepted() {
    let w = hot_partition_session();
    let link = encode(w.seed(), w.journal());
    let body = link.len() - 2;
    assert_ne!(body % 4, 0, "this link needs padding in standard base64");
    let padded = format!("{link}{}", "=".repeat((4 - body % 4) % 4));
    for text in [format!("  {link}\n"), padded] {
        assert_eq!(decode(&text).unwrap().inputs, w.journal());
    }
}

// ---------- malformed and hostile links ----------

fn err(text: &str) -> ShareError {
    match decode(text) {
        Ok(s) => panic!("decoded {} steps from a bad link", s.inputs.len()),
        Err(e) => e,
    }
}

fn rebuild_err(json: &str) -> ShareError {
    let shared = decode(&link_of_json(json)).unwrap();
    match rebuild(&shared) {
        Ok(_) => panic!("rebuilt a world from {json}"),
        Err(e) => e,
    }
}

#[test]
fn malformed_links_each_say_what_is_wrong() {
    let good = encode(42, hot_partition_session().journal());
    let body = &good[2..];
    let mut flipped = good.clone().into_bytes();
    let mid = flipped.len() / 2;
    flipped[mid] = if flipped[mid] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    let cut = &good[..2 + (body.len() / 2) / 4 * 4];
    let bomb = {
        let zeros = vec![b' '; MAX_PAYLOAD_BYTES + 1];
        link_of_bytes(&zeros)
    };
    assert!(bomb.len() < 20_000, "a small link: {}", bomb.len());

    use ShareError::*;
    let cases: Vec<(&str, String, ShareError, &str)> = vec![
        ("empty", String::new(), Empty, "is empty"),
        ("blank", " \n\t".into(), Empty, "is empty"),
        (
            "too long",
            format!("1.{}", "A".repeat(MAX_LINK_CHARS)),
            TooLong {
                chars: MAX_LINK_CHARS + 2,
            },
            "too long",
        ),
        (
            "no version",
            "hello".into(),
            NotALink,
            "not a playground share link",
        ),
        ("not a number", "v1.abc".into(), NotALink, "version number"),
        ("no digits", ".abc".into(), NotALink, "version number"),
        ("sign", "+1.abc".into(), NotALink, "version number"),
        (
            "newer",
            format!("2.{body}"),
            NewerVersion { version: 2 },
            "newer version of the playground",
        ),
        (
            "much newer",
            "4000000000.x".into(),
            NewerVersion {
                version: 4_000_000_000,
            },
            "newer version",
        ),
        (
            "version 0",
            format!("0.{body}"),
            UnknownVersion { version: 0 },
            "format 0",
        ),
        (
            "huge version",
            "99999999999.x".into(),
            NotALink,
            "version number",
        ),
        (
            "bad characters",
            "1.ab$cd".into(),
            BadBase64,
            "not valid base64",
        ),
        (
            "standard alphabet",
            "1.ab+/".into(),
            BadBase64,
            "not valid base64",
        ),
        (
            "lone character",
            "1.A".into(),
            BadBase64,
            "not valid base64",
        ),
        (
            "nothing after the dot",
            "1.".into(),
            BadCompression,
            "damaged",
        ),
        ("not zlib", "1.AAAAAAAA".into(), BadCompression, "damaged"),
        ("cut short", cut.to_string(), BadCompression, "cut short"),
        ("one character changed", flipped, BadCompression, "checksum"),
        ("decompression bomb", bomb, TooLarge, "more than 4 MB"),
        (
            "not JSON",
            link_of_json("seed=1"),
            BadStructure {
                detail: "expected value".into(),
            },
            "not a recorded session",
        ),
        (
            "a list",
            link_of_json("[1,2]"),
            BadStructure {
                detail: "invalid type: sequence, expected an object with a seed and inputs".into(),
            },
            "not a recorded session",
        ),
        (
            "no seed",
            link_of_json(r#"{"inputs":[]}"#),
            BadStructure {
                detail: "missing field `seed`".into(),
            },
            "missing field",
        ),
        (
            "negative seed",
            link_of_json(r#"{"seed":-1,"inputs":[]}"#),
            BadStructure {
                detail: "invalid value: integer `-1`, expected u64".into(),
            },
            "damaged",
        ),
        (
            "extra field",
            link_of_json(r#"{"seed":1,"inputs":[],"x":1}"#),
            BadStructure {
                detail: "unknown field `x`, expected `seed` or `inputs`".into(),
            },
            "damaged",
        ),
        (
            "duplicate field",
            link_of_json(r#"{"seed":1,"seed":2,"inputs":[]}"#),
            BadStructure {
                detail: "duplicate field `seed`".into(),
            },
            "damaged",
        ),
        (
            "trailing text",
            link_of_json(r#"{"seed":1,"inputs":[]} x"#),
            BadStructure {
                detail: "trailing characters".into(),
            },
            "damaged",
        ),
        (
            "truncated JSON",
            link_of_json(r#"{"seed":1,"inputs":[{"Advance":5},{"Adv"#),
            BadStructure {
                detail: "EOF while parsing a string".into(),
            },
            "damaged",
        ),
        (
            "unknown command",
            link_of_json(r#"{"seed":1,"inputs":[{"Advance":5},{"Apply":{"Explode":{"n":1}}}]}"#),
            UnknownCommand {
                step: 2,
                name: "Explode".into(),
            },
            "Step 2 of this share link uses \"Explode\"",
        ),
        (
            "unknown kind of step",
            link_of_json(r#"{"seed":1,"inputs":[{"Rewind":5}]}"#),
            UnknownCommand {
                step: 1,
                name: "Rewind".into(),
            },
            "does not know",
        ),
        (
            "unknown setting value",
            link_of_json(
                r#"{"seed":1,"inputs":[{"Apply":{"SetGroupAssignor":{"group":"g","assignor":"Magic"}}}]}"#,
            ),
            UnknownCommand {
                step: 1,
                name: "Magic".into(),
            },
            "newer version",
        ),
        (
            "missing field in a step",
            link_of_json(r#"{"seed":1,"inputs":[{"Apply":{"CreateTopic":{"name":"t"}}}]}"#),
            BadStep {
                step: 1,
                detail: "missing field `partitions`".into(),
            },
            "Step 1 of this share link is damaged (missing field `partitions`)",
        ),
        (
            "negative time",
            link_of_json(r#"{"seed":1,"inputs":[{"Advance":-5}]}"#),
            BadStep {
                step: 1,
                detail: "invalid value: integer `-5`, expected u64".into(),
            },
            "damaged",
        ),
        (
            "count beyond u32",
            link_of_json(
                r#"{"seed":1,"inputs":[{"Apply":{"AlterPartitions":{"topic":"t","partitions":99999999999}}}]}"#,
            ),
            BadStep {
                step: 1,
                detail: "invalid value: integer `99999999999`, expected u32".into(),
            },
            "damaged",
        ),
        (
            "six hours and a bit",
            link_of_json(&format!(
                r#"{{"seed":1,"inputs":[{{"Advance":{}}},{{"Advance":1}}]}}"#,
                MAX_SIMULATED_MS
            )),
            TooMuchTime {
                ms: MAX_SIMULATED_MS + 1,
            },
            "6 h 0 min of simulated time",
        ),
        (
            "time that overflows",
            link_of_json(&format!(
                r#"{{"seed":1,"inputs":[{{"Advance":{m}}},{{"Advance":{m}}}]}}"#,
                m = u64::MAX
            )),
            TooMuchTime { ms: u64::MAX },
            "at most 6 hours",
        ),
    ];
    for (what, text, expected, phrase) in cases {
        let got = err(&text);
        // Serde's details are matched by their start: its wording after that is not ours.
        let same = match (&got, &expected) {
            (BadStructure { detail: a }, BadStructure { detail: b })
            | (BadStep { detail: a, .. }, BadStep { detail: b, .. }) => a.starts_with(b.as_str()),
            _ => false,
        };
        assert!(
            same || got == expected,
            "{what}: {got:?}, expected {expected:?}"
        );
        let message = got.to_string();
        assert!(message.contains(phrase), "{what}: {message}");
        assert!(
            message.contains("tart a fresh playground"),
            "{what}: says what to do: {message}"
        );
        assert!(!message.contains(" at line "), "{what}: {message}");
    }
}

#[test]
fn too_many_steps_stop_at_the_limit() {
    let json = format!(
        r#"{{"seed":1,"inputs":[{}]}}"#,
        vec![r#"{"Advance":0}"#; MAX_STEPS + 1].join(",")
    );
    let link = link_of_json(&json);
    assert!(link.len() < MAX_LINK_CHARS, "{}", link.len());
    let e = err(&link);
    assert_eq!(e, ShareError::TooManySteps);
    assert!(e.to_string().contains("more than 100000 steps"), "{e}");
    // Exactly at the limit is fine.
    let json = format!(
        r#"{{"seed":1,"inputs":[{}]}}"#,
        vec![r#"{"Advance":0}"#; MAX_STEPS].join(",")
    );
    assert_eq!(
        decode(&link_of_json(&json)).unwrap().inputs.len(),
        MAX_STEPS
    );
}

#[test]
fn hostile_text_in_a_link_is_shortened_in_the_message() {
    let name = "X".repeat(100_000);
    let json = format!(r#"{{"seed":1,"inputs":[{{"Apply":{{"{name}":{{}}}}}}]}}"#);
    let e = err(&link_of_json(&json));
    assert!(
        matches!(&e, ShareError::UnknownCommand { step: 1, name } if name.chars().count() == 61)
    );
    assert!(e.to_string().len() < 600, "{}", e.to_string().len());
    let json = format!(
        r#"{{"seed":1,"inputs":[{{"Apply":{{"CreateTopic":{{"name":"t","partitions":"{name}"}}}}}}]}}"#
    );
    let e = err(&link_of_json(&json));
    assert!(matches!(&e, ShareError::BadStep { step: 1, .. }), "{e:?}");
    assert!(e.to_string().len() < 600, "{}", e.to_string().len());
}

#[test]
fn commands_the_world_refuses_are_named_with_the_engines_reason() {
    use ShareError::Refused;
    let topic = r#"{"Apply":{"CreateTopic":{"name":"t","partitions":3,"replication_factor":1,"configs":{}}}}"#;
    let cases = [
        (
            format!(
                r#"{{"seed":1,"inputs":[{topic},{{"Apply":{{"AlterPartitions":{{"topic":"t","partitions":4294967295}}}}}}]}}"#
            ),
            2,
            "AlterPartitions",
            "4294967295 partitions is more than this playground allows per topic (1024).",
        ),
        (
            r#"{"seed":1,"inputs":[{"Apply":{"CreateTopic":{"name":"t","partitions":100000,"replication_factor":1,"configs":{}}}}]}"#.to_string(),
            1,
            "CreateTopic",
            "100000 partitions is more than this playground allows per topic (1024). Choose 1024 or fewer.",
        ),
        (
            format!(
                r#"{{"seed":1,"inputs":[{topic},{{"Apply":{{"StartLoad":{{"id":"l","producer":"p","topic":"t","rate_per_sec":4294967295,"value_size":10,"keys":"Null"}}}}}}]}}"#
            ),
            2,
            "StartLoad",
            "The rate must be between 1 and 1000000 records per second.",
        ),
        (
            format!(
                r#"{{"seed":1,"inputs":[{topic},{{"Apply":{{"StartLoad":{{"id":"l","producer":"p","topic":"t","rate_per_sec":10,"value_size":4294967295,"keys":"Null"}}}}}}]}}"#
            ),
            2,
            "StartLoad",
            "Generated values must be at most 1000000 bytes.",
        ),
        (
            format!(
                r#"{{"seed":1,"inputs":[{topic},{{"Apply":{{"StartLoad":{{"id":"l","producer":"p","topic":"t","rate_per_sec":10,"value_size":10,"keys":{{"Uniform":{{"prefix":"k","count":4294967295}}}}}}}}}}]}}"#
            ),
            2,
            "StartLoad",
            "The number of keys must be between 1 and 100000.",
        ),
        (
            r#"{"seed":1,"inputs":[{"Apply":{"LoseAcks":{"producer":"p","count":4294967295}}}]}"#.to_string(),
            1,
            "LoseAcks",
            "Lose at most 1000 acknowledgements at a time.",
        ),
        (
            r#"{"seed":1,"inputs":[{"Apply":{"Produce":{"producer":"p","topic":"nope","key":null,"value":"v","partition":null,"headers":[]}}}]}"#.to_string(),
            1,
            "Produce",
            "Topic 'nope' does not exist.",
        ),
        (
            r#"{"seed":1,"inputs":[{"Apply":{"StopBroker":{"broker":4294967295}}}]}"#.to_string(),
            1,
            "StopBroker",
            "",
        ),
        (
            r#"{"seed":1,"inputs":[{"Apply":"AddBroker"},{"Apply":"AddBroker"},{"Apply":"AddBroker"},{"Apply":"AddBroker"},{"Apply":"AddBroker"},{"Apply":"AddBroker"},{"Apply":"AddBroker"}]}"#.to_string(),
            7,
            "AddBroker",
            "",
        ),
    ];
    for (json, step, command, message) in cases {
        let e = rebuild_err(&json);
        let Refused {
            step: s,
            command: c,
            message: m,
        } = &e
        else {
            panic!("{json}: {e:?}");
        };
        assert_eq!((*s, c.as_str()), (step, command), "{e}");
        assert!(m.contains(message), "{m}");
        let text = e.to_string();
        assert!(
            text.starts_with(&format!(
                "Step {step} of this share link ({command}) was refused when replayed: "
            )),
            "{text}"
        );
        assert!(text.contains("Start a fresh playground"), "{text}");
    }
}

#[test]
fn a_console_take_with_nothing_to_take_is_a_divergence() {
    let e = rebuild_err(
        r#"{"seed":1,"inputs":[{"Advance":100},{"TakeDelivered":{"group":"g","member_id":"m"}}]}"#,
    );
    assert_eq!(
        e,
        ShareError::Diverged {
            step: 2,
            detail: "the console consumer 'm' of group 'g' had no records to take".into()
        }
    );
    assert!(
        e.to_string().contains("did not replay as it was recorded"),
        "{e}"
    );
}

#[test]
fn links_asking_for_too_much_work_fail_before_running_it() {
    let topic = |name: &str, n: u32| {
        format!(
            r#"{{"Apply":{{"CreateTopic":{{"name":"{name}","partitions":{n},"replication_factor":1,"configs":{{"retention.ms":"1000"}}}}}}}}"#
        )
    };
    let load = |id: u32| {
        format!(
            r#"{{"Apply":{{"StartLoad":{{"id":"l{id}","producer":"p","topic":"t","rate_per_sec":1000000,"value_size":10,"keys":"Null"}}}}}}"#
        )
    };
    // 32 generators at the engine's top rate for an hour: about 10^11 records.
    let mut steps = vec![topic("t", 8)];
    steps.extend((0..32).map(load));
    steps.push(r#"{"Advance":3600000}"#.into());
    let json = format!(r#"{{"seed":1,"inputs":[{}]}}"#, steps.join(","));
    assert_eq!(rebuild_err(&json), ShareError::TooMuchWork { step: 34 });

    // 200 topics of 1024 partitions ticking for six hours.
    let mut steps: Vec<String> = (0..200).map(|i| topic(&format!("t{i}"), 1024)).collect();
    steps.push(format!(r#"{{"Advance":{MAX_SIMULATED_MS}}}"#));
    let json = format!(r#"{{"seed":1,"inputs":[{}]}}"#, steps.join(","));
    let e = rebuild_err(&json);
    assert!(matches!(e, ShareError::TooMuchWork { .. }), "{e:?}");
    assert!(
        e.to_string().contains("more simulation than a browser tab"),
        "{e}"
    );
}

#[test]
fn a_huge_subscription_cannot_make_topic_changes_slow() {
    // One member subscribed to 300,000 (absent) topic names, then topics created and deleted
    // again and again: each change is checked against every name.
    let names = vec![r#""x""#; 300_000].join(",");
    let mut steps = vec![format!(
        r#"{{"Apply":{{"JoinGroup":{{"group":"g","member_id":"m","topics":[{names}],"assign":null,"config":{{"client_id":"c","group_instance_id":null,"assignor":"Range","session_timeout_ms":45000,"max_poll_records":500,"commit":"AfterProcessing","auto_offset_reset":"Latest","processing_us":0}},"capture":false}}}}}}"#
    )];
    for _ in 0..10_000 {
        steps.push(r#"{"Apply":{"CreateTopic":{"name":"t","partitions":1,"replication_factor":1,"configs":{}}}}"#.into());
        steps.push(r#"{"Apply":{"DeleteTopic":{"topic":"t"}}}"#.into());
    }
    let json = format!(r#"{{"seed":1,"inputs":[{}]}}"#, steps.join(","));
    let started = std::time::Instant::now();
    let e = rebuild_err(&json);
    assert!(
        matches!(e, ShareError::TooMuchWork { step } if step < 1_000),
        "{e:?}"
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn an_hour_at_a_playground_pace_replays_and_six_are_refused_at_once() {
    let mut w = script_world(3, include_str!("../scenarios/hot-partition.sh")).unwrap();
    w.advance(MAX_ADVANCE_MS);
    let rebuilt = rebuild(&decode(&encode(3, w.journal())).unwrap()).unwrap();
    assert_eq!(rebuilt.elapsed_ms(), MAX_ADVANCE_MS);
    assert_eq!(observed(&w), observed(&rebuilt));

    // Six hours of 400 records/s read by three consumers: over the budget, refused before
    // any of it runs.
    let mut inputs = w.journal().to_vec();
    let last = inputs.len();
    inputs[last - 1] = Input::Advance(MAX_SIMULATED_MS);
    let shared = decode(&encode(3, &inputs)).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(
        rebuild(&shared).unwrap_err(),
        ShareError::TooMuchWork { step: last }
    );
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

#[test]
fn every_error_message_says_what_to_do() {
    use ShareError::*;
    let all = [
        Empty,
        TooLong { chars: 1 },
        NotALink,
        NewerVersion { version: 2 },
        UnknownVersion { version: 0 },
        BadBase64,
        BadCompression,
        TooLarge,
        BadStructure { detail: "x".into() },
        UnknownCommand {
            step: 1,
            name: "x".into(),
        },
        BadStep {
            step: 1,
            detail: "x".into(),
        },
        TooManySteps,
        TooMuchTime { ms: 1 },
        TooMuchWork { step: 1 },
        Refused {
            step: 1,
            command: "x".into(),
            message: "x.".into(),
        },
        Diverged {
            step: 1,
            detail: "x".into(),
        },
    ];
    for e in all {
        let text = e.to_string();
        assert!(text.contains("tart a fresh playground"), "{text}");
        assert!(text.ends_with('.'), "{text}");
    }
}

// ---------- properties ----------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z0-9._-]{1,12}",
        1 => any::<String>(),
    ]
}

fn topic_spec() -> impl Strategy<Value = TopicSpec> {
    (
        text(),
        any::<u32>(),
        any::<u32>(),
        prop::collection::btree_map(text(), text(), 0..3),
    )
        .prop_map(
            |(name, partitions, replication_factor, configs)| TopicSpec {
                name,
                partitions,
                replication_factor,
                configs,
            },
        )
}

fn producer_config() -> impl Strategy<Value = ProducerConfig> {
    (
        prop::sample::select(vec![Acks::Zero, Acks::One, Acks::All]),
        any::<u32>(),
        any::<Option<bool>>(),
        prop::sample::select(vec![PartitionerKind::BuiltIn, PartitionerKind::RoundRobin]),
        any::<bool>(),
        any::<u32>(),
    )
        .prop_map(
            |(acks, retries, enable_idempotence, partitioner, ignore_keys, batch_size)| {
                ProducerConfig {
                    acks,
                    retries,
                    enable_idempotence,
                    partitioner,
                    ignore_keys,
                    batch_size,
                }
            },
        )
}

fn key_strategy() -> impl Strategy<Value = KeyStrategy> {
    let suffix = prop_oneof![
        Just(ChannelSuffix::None),
        Just(ChannelSuffix::Minute),
        any::<u32>().prop_map(|users| ChannelSuffix::User { users }),
    ];
    prop_oneof![
        Just(KeyStrategy::Null),
        text().prop_map(|key| KeyStrategy::Fixed { key }),
        (text(), any::<u32>()).prop_map(|(prefix, count)| KeyStrategy::Uniform { prefix, count }),
        (text(), any::<u32>(), text(), any::<u32>()).prop_map(
            |(key, share_percent, prefix, others)| KeyStrategy::Hot {
                key,
                share_percent,
                prefix,
                others
            }
        ),
        (prop::collection::vec(text(), 0..4), any::<u32>(), suffix).prop_map(
            |(channels, hot_share_percent, suffix)| KeyStrategy::Channels {
                channels,
                hot_share_percent,
                suffix
            }
        ),
    ]
}

fn consumer_config() -> impl Strategy<Value = ConsumerConfig> {
    let commit = prop_oneof![
        any::<u64>().prop_map(|interval_ms| CommitMode::Auto { interval_ms }),
        Just(CommitMode::AfterProcessing),
        Just(CommitMode::BeforeProcessing),
        Just(CommitMode::Never),
    ];
    (
        (
            text(),
            prop::option::of(text()),
            prop::sample::select(AssignorKind::ALL.to_vec()),
            any::<u64>(),
            any::<u32>(),
            commit,
            prop::sample::select(vec![
                OffsetReset::Earliest,
                OffsetReset::Latest,
                OffsetReset::None,
            ]),
        ),
        (
            any::<u64>(),
            prop::option::of(text()),
            any::<u32>(),
            any::<Option<u32>>(),
            any::<u64>(),
            prop::option::of(text()),
        ),
        (
            any::<bool>(),
            prop::option::of(prop::sample::select(ServerAssignor::ALL.to_vec())),
            any::<u64>(),
        ),
    )
        .prop_map(
            |(
                (
                    client_id,
                    group_instance_id,
                    assignor,
                    session_timeout_ms,
                    max_poll_records,
                    commit,
                    auto_offset_reset,
                ),
                (processing_us, fail_key, fail_percent, max_attempts, backoff_ms, dead_letter),
                (consumer_protocol, remote_assignor, max_poll_interval_ms),
            )| ConsumerConfig {
                client_id,
                group_instance_id,
                protocol: if consumer_protocol {
                    GroupProtocol::Consumer
                } else {
                    GroupProtocol::Classic
                },
                assignor,
                remote_assignor,
                max_poll_interval_ms,
                session_timeout_ms,
                max_poll_records,
                commit,
                auto_offset_reset,
                processing_us,
                fail_key,
                fail_percent,
                max_attempts,
                backoff_ms,
                dead_letter,
            },
        )
}

fn member_spec() -> impl Strategy<Value = MemberSpec> {
    (
        text(),
        prop::option::of(text()),
        prop::collection::vec(text(), 0..3),
        prop::option::of(prop::collection::vec(
            (text(), any::<u32>()).prop_map(|(t, p)| TopicPartition::new(t, p)),
            0..3,
        )),
        consumer_config(),
        any::<bool>(),
    )
        .prop_map(
            |(group, member_id, topics, assign, config, capture)| MemberSpec {
                group,
                member_id,
                topics,
                assign,
                config,
                capture,
            },
        )
}

fn any_command() -> impl Strategy<Value = Command> {
    let gm = || (text(), text());
    let reset_target = prop_oneof![
        Just(ResetTarget::Earliest),
        Just(ResetTarget::Latest),
        any::<u64>().prop_map(ResetTarget::Offset),
        any::<i64>().prop_map(ResetTarget::ShiftBy),
        any::<u64>().prop_map(ResetTarget::Datetime),
    ];
    let produce = (
        text(),
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
        any::<Option<u32>>(),
        prop::collection::vec((text(), text()), 0..2),
    )
        .prop_map(|(producer, topic, key, value, partition, headers)| {
            Command::Produce(ProduceRequest {
                producer,
                topic,
                key,
                value,
                partition,
                headers,
            })
        });
    prop_oneof![
        topic_spec().prop_map(Command::CreateTopic),
        text().prop_map(|topic| Command::DeleteTopic { topic }),
        (text(), any::<u32>())
            .prop_map(|(topic, partitions)| Command::AlterPartitions { topic, partitions }),
        (
            text(),
            prop::collection::vec((text(), text()), 0..3),
            prop::collection::vec(text(), 0..2)
        )
            .prop_map(|(topic, set, delete)| Command::AlterTopicConfig {
                topic,
                set,
                delete
            }),
        (text(), producer_config())
            .prop_map(|(producer, config)| Command::SetProducerConfig { producer, config }),
        produce,
        (
            text(),
            text(),
            text(),
            any::<u32>(),
            any::<u32>(),
            key_strategy()
        )
            .prop_map(|(id, producer, topic, rate_per_sec, value_size, keys)| {
                Command::StartLoad(LoadSpec {
                    id,
                    producer,
                    topic,
                    rate_per_sec,
                    value_size,
                    keys,
                    limit: None,
                })
            }),
        text().prop_map(|id| Command::StopLoad { id }),
        member_spec().prop_map(Command::JoinGroup),
        gm().prop_map(|(group, member_id)| Command::LeaveGroup { group, member_id }),
        gm().prop_map(|(group, member_id)| Command::CrashMember { group, member_id }),
        (gm(), prop::collection::vec(text(), 0..3)).prop_map(|((group, member_id), topics)| {
            Command::SetSubscription {
                group,
                member_id,
                topics,
            }
        }),
        (gm(), any::<u64>()).prop_map(|((group, member_id), processing_us)| {
            Command::SetProcessing {
                group,
                member_id,
                processing_us,
            }
        }),
        (text(), prop::sample::select(AssignorKind::ALL.to_vec()))
            .prop_map(|(group, assignor)| Command::SetGroupAssignor { group, assignor }),
        (
            text(),
            text(),
            prop::option::of(prop::collection::vec(any::<u32>(), 0..3)),
            reset_target
        )
            .prop_map(|(group, topic, partitions, to)| Command::ResetOffsets {
                group,
                topic,
                partitions,
                to
            }),
        text().prop_map(|group| Command::DeleteGroup { group }),
        (text(), any::<u32>()).prop_map(|(producer, count)| Command::LoseAcks { producer, count }),
        any::<u32>().prop_map(|broker| Command::StopBroker { broker }),
        any::<u32>().prop_map(|broker| Command::StartBroker { broker }),
        Just(Command::AddBroker),
        (any::<u32>(), any::<Option<u32>>()).prop_map(|(broker, records_per_sec)| {
            Command::SetBrokerCopyRate {
                broker,
                records_per_sec,
            }
        }),
    ]
}

fn any_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        3 => any_command().prop_map(|c| Input::Apply(Box::new(c))),
        2 => (0u64..=800_000).prop_map(Input::Advance),
        1 => (text(), text()).prop_map(|(group, member_id)| Input::TakeDelivered { group, member_id }),
    ]
}

/// A plausible session: commands a learner might give, with time in between.
fn session_step() -> impl Strategy<Value = Input> {
    let topics = ["orders", "payments"];
    let command = prop_oneof![
        (prop::sample::select(topics.to_vec()), 1u32..8, 1u32..4).prop_map(|(t, p, rf)| {
            Command::CreateTopic(TopicSpec::new(t, p).with_replication_factor(rf))
        }),
        (prop::sample::select(topics.to_vec()), 0u32..5, "[a-z]{0,4}").prop_map(|(t, k, v)| {
            Command::Produce(ProduceRequest::keyed(t, &format!("k{k}"), &v))
        }),
        (prop::sample::select(topics.to_vec()), 1u32..200).prop_map(|(t, rate)| {
            Command::StartLoad(LoadSpec {
                id: format!("load-{t}"),
                producer: "p".into(),
                topic: t.into(),
                rate_per_sec: rate,
                value_size: 10,
                keys: KeyStrategy::Uniform {
                    prefix: "u".into(),
                    count: 20,
                },
                limit: None,
            })
        }),
        (0u32..4, prop::sample::select(AssignorKind::ALL.to_vec())).prop_map(|(m, a)| {
            let mut spec = MemberSpec::new("g", &["orders", "payments"]).with_id(&format!("m{m}"));
            spec.config.assignor = a;
            spec.config.processing_us = 2_000;
            Command::JoinGroup(spec)
        }),
        (0u32..4).prop_map(|m| Command::CrashMember {
            group: "g".into(),
            member_id: format!("m{m}"),
        }),
        (0u32..4).prop_map(|m| Command::LeaveGroup {
            group: "g".into(),
            member_id: format!("m{m}"),
        }),
        (prop::sample::select(topics.to_vec()), 2u32..12).prop_map(|(t, p)| {
            Command::AlterPartitions {
                topic: t.into(),
                partitions: p,
            }
        }),
        (1u32..4, any::<bool>()).prop_map(|(b, stop)| if stop {
            Command::StopBroker { broker: b }
        } else {
            Command::StartBroker { broker: b }
        }),
    ];
    prop_oneof![
        3 => command.prop_map(|c| Input::Apply(Box::new(c))),
        2 => (0u64..30_000).prop_map(Input::Advance),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Any input list, however odd its values, comes back exactly.
    #[test]
    fn every_input_list_round_trips(seed in any::<u64>(), inputs in prop::collection::vec(any_input(), 0..25)) {
        let link = encode(seed, &inputs);
        prop_assert!(link.len() <= MAX_LINK_CHARS);
        let back = decode(&link).unwrap();
        prop_assert_eq!(back, Shared { seed, inputs });
    }

    /// A world built by commands is the world its link rebuilds.
    #[test]
    fn a_session_rebuilds_to_the_same_world(seed in any::<u64>(), steps in prop::collection::vec(session_step(), 1..30)) {
        let mut w = World::new(seed);
        for s in &steps {
            match s {
                Input::Apply(c) => { let _ = w.apply(Command::clone(c)); }
                Input::Advance(ms) => { w.advance(*ms); }
                Input::TakeDelivered { .. } => {}
            }
        }
        let rebuilt = rebuild(&decode(&encode(seed, w.journal())).unwrap()).unwrap();
        prop_assert_eq!(format!("{w:?}"), format!("{rebuilt:?}"));
    }

    /// Damaged text is an error, never a panic.
    #[test]
    fn garbage_is_an_error_not_a_panic(text in any::<String>(), body in "[A-Za-z0-9_-]{0,64}") {
        let _ = decode(&text);
        let link = format!("1.{body}");
        prop_assert!(decode(&link).is_err());
    }

    /// A damaged copy of a real link: cut anywhere or with one character changed.
    #[test]
    fn damaged_real_links_are_errors(cut in 0usize..10_000, at in 0usize..10_000, c in "[A-Za-z0-9_-]") {
        let link = encode(42, &[
            Input::Apply(Box::new(Command::CreateTopic(TopicSpec::new("orders", 3)))),
            Input::Advance(1_000),
            Input::Apply(Box::new(Command::Produce(ProduceRequest::keyed("orders", "k", "v")))),
        ]);
        let cut = 2 + cut % (link.len() - 2);
        prop_assert!(decode(&link[..cut]).is_err());
        let at = 2 + at % (link.len() - 2);
        let mut changed = link.clone();
        changed.replace_range(at..at + 1, &c);
        if changed != link {
            // A change zlib does not read (its header's informational level bits) may still
            // decode, and then to the very same session.
            if let Ok(s) = decode(&changed) {
                prop_assert_eq!(s, decode(&link).unwrap());
            }
        }
    }
}
