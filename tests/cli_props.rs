//! No input panics the console: random lines, random scripts, and sessions fed random lines.

use kafka_playground::cli::{complete, run_script, Console};
use kafka_playground::engine::World;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "kafka-topics.sh",
    "kafka-console-producer.sh",
    "kafka-console-consumer.sh",
    "kafka-consumer-groups.sh",
    "kafka-configs.sh",
    "kafka-producer-perf-test.sh",
    "sim",
    "help",
    "sleep",
    "jobs",
    "kill",
    "echo",
    "--bootstrap-server",
    "localhost:9092",
    "--create",
    "--list",
    "--describe",
    "--alter",
    "--delete",
    "--topic",
    "t",
    "--partitions",
    "3",
    "-1",
    "0",
    "--group",
    "g",
    "--from-beginning",
    "--max-messages",
    "--timeout-ms",
    "--partition",
    "--offset",
    "--members",
    "--verbose",
    "--state",
    "--reset-offsets",
    "--to-earliest",
    "--shift-by",
    "--execute",
    "--dry-run",
    "--property",
    "--formatter-property",
    "--reader-property",
    "--command-property",
    "--command-config",
    "print.key=true",
    "parse.key=true",
    "key.separator=:",
    "consumer",
    "start",
    "stop",
    "crash",
    "--topics",
    "t,u",
    "--member-id",
    "m",
    "load",
    "--id",
    "--rate",
    "100",
    "--keys",
    "hot:k:80",
    "time",
    "advance",
    "1s",
    "|",
    "&",
    "<<EOF",
    "'",
    "\"",
    "\\",
    "%1",
    "--include",
    "(.*",
    "--num-records",
    "--record-size",
    "--throughput",
    "--producer-props",
    "acks=0",
    "seed",
    "reset",
    "lose-acks",
    "--count",
    "--to-datetime",
    "2026-01-01T00:00:00",
    "--config",
    "retention.ms=1",
];

fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        proptest::collection::vec(proptest::sample::select(WORDS), 0..12).prop_map(|w| w.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn run_line_never_panics(lines in proptest::collection::vec(line_strategy(), 1..8)) {
        let mut c = Console::new();
        let mut world = World::new(7);
        c.require_bootstrap_server = false;
        for l in &lines {
            let _ = c.run_line(&mut world, l);
            let _ = complete(&world, l);
            let _ = c.tick(&mut world, 120);
        }
        let _ = c.interrupt(&mut world);
        let _ = c.end_input();
    }

    #[test]
    fn run_script_never_panics(lines in proptest::collection::vec(line_strategy(), 0..8)) {
        let text = lines.join("\n");
        let a = run_script(3, &text);
        let b = run_script(3, &text);
        prop_assert_eq!(a.transcript(), b.transcript());
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes).to_string();
        let _ = run_script(1, &text);
        let mut c = Console::new();
        let mut world = World::new(1);
        let _ = c.run_line(&mut world, &text);
    }
}
