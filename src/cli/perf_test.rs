//! `kafka-producer-perf-test.sh`, following `tools/…/ProducerPerformance.java` (argparse4j's
//! messages, the 5-second window lines and the final summary), run in simulated time.

use super::client::auto_create;
use super::console::{Console, STEP_MS};
use super::opts::{self, Spec};
use super::output::Output;
use crate::engine::{Command, KeyStrategy, LoadSpec, ProducerConfig, World};
/// Options KIP-1147 (Kafka 4.2) renamed, `(old, new)`: the old name still works, with a
/// warning (`ProducerPerformance`).
pub(crate) const RENAMED: &[(&str, &str)] = &[
    ("producer-props", "command-property"),
    ("producer.config", "command-config"),
];

/// `ProducerPerformance.argParser` of Kafka 4.3: KIP-1147 renamed `--producer-props` and
/// `--producer.config` (still accepted, with a message; see `RENAMED`).
pub(crate) const FLAGS: &[Spec] = &[
    ("bootstrap-server", true),
    ("topic", true),
    ("num-records", true),
    ("record-size", true),
    ("payload-file", true),
    ("payload-monotonic", false),
    ("payload-delimiter", true),
    ("throughput", true),
    ("command-property", true),
    ("producer-props", true),
    ("command-config", true),
    ("producer.config", true),
    ("print-metrics", false),
    ("transactional-id", true),
    ("transaction-duration-ms", true),
    ("warmup-records", true),
    ("reporting-interval", true),
    ("help", false),
];

pub(crate) const HELP: &str =
    "kafka-producer-perf-test.sh --bootstrap-server localhost:9092 --topic T --num-records N --record-size S
      --throughput R [--command-property acks=1 …]   (ProducerPerformance, Kafka 4.3)
Runs in simulated time: the numbers are deterministic; latency is modelled, not measured.
Old names (before Kafka 4.2, KIP-1147) still work with a message: --producer-props, --producer.config.";

/// argparse4j's usage line for `ProducerPerformance.argParser` (on one line: argparse4j wraps it
/// to the terminal's width).
const USAGE: &str = "usage: kafka-producer-perf-test [-h] [--bootstrap-server BOOTSTRAP-SERVER] --topic TOPIC --num-records NUM-RECORDS [--payload-delimiter PAYLOAD-DELIMITER] --throughput THROUGHPUT [--producer-props PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]] [--command-property PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]] [--producer.config CONFIG-FILE] [--command-config CONFIG-FILE] [--print-metrics] [--transactional-id TRANSACTIONAL-ID] [--transaction-duration-ms TRANSACTION-DURATION] [--warmup-records WARMUP-RECORDS] [--reporting-interval INTERVAL-MS] (--record-size RECORD-SIZE | --payload-file PAYLOAD-FILE | --payload-monotonic)";

pub(crate) fn run(console: &mut Console, world: &mut World, args: &[String], out: &mut Output) {
    // ProducerPerformance uses argparse4j: its errors read "kafka-producer-perf-test: error: …".
    let argerr = |out: &mut Output, m: &str| {
        out.err(USAGE);
        out.err(format!("kafka-producer-perf-test: error: {m}"));
        out.code = 1;
    };
    // --command-property and --producer-props take several values (nargs "+"): gather them
    // before option parsing.
    let mut rest = Vec::new();
    let mut cprops: Option<Vec<String>> = None;
    let mut pprops: Option<Vec<String>> = None;
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--producer-props" || args[i] == "--command-property" {
            let into = if args[i] == "--producer-props" {
                &mut pprops
            } else {
                &mut cprops
            };
            let list = into.get_or_insert_with(Vec::new);
            i += 1;
            while i < args.len() && !args[i].starts_with("--") {
                list.push(args[i].clone());
                i += 1;
            }
            continue;
        }
        rest.push(args[i].clone());
        i += 1;
    }
    let p = match opts::parse(&rest, FLAGS) {
        Ok(p) => p,
        Err(e) => {
            let name = e.split(' ').next().unwrap_or("");
            return argerr(out, &format!("unrecognized arguments: '--{name}'"));
        }
    };
    if p.has("help") {
        out.out(HELP);
        return;
    }
    for req in ["topic", "num-records", "throughput"] {
        if !p.has(req) {
            return argerr(out, &format!("argument --{req} is required"));
        }
    }
    if !p.has("record-size") && !p.has("payload-file") && !p.has("payload-monotonic") {
        return argerr(
            out,
            "one of the arguments --record-size --payload-file --payload-monotonic is required",
        );
    }
    if !p.has("record-size") {
        return argerr(
            out,
            "--payload-file and --payload-monotonic are not supported by this playground yet.",
        );
    }
    let int = |n: &str| p.value(n).and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(num), Some(size), Some(tput)) =
        (int("num-records"), int("record-size"), int("throughput"))
    else {
        return argerr(
            out,
            "argument --num-records/--record-size/--throughput: could not convert to an integer",
        );
    };
    // ConfigPostProcessor, in its order.
    if num <= 0 {
        return argerr(out, "--num-records should be greater than zero.");
    }
    if size <= 0 {
        return argerr(out, "--record-size should be greater than zero.");
    }
    if !p.has("bootstrap-server")
        && cprops.is_none()
        && pprops.is_none()
        && !p.has("producer.config")
        && !p.has("command-config")
    {
        return argerr(out, "At least one of --bootstrap-server, --command-property, --producer-props, --producer.config or --command-config must be specified.");
    }
    if cprops.is_some() && pprops.is_some() {
        return argerr(
            out,
            "--command-property and --producer-props cannot be specified together.",
        );
    }
    if p.has("command-config") && p.has("producer.config") {
        return argerr(
            out,
            "--command-config and --producer.config cannot be specified together.",
        );
    }
    if pprops.is_some() {
        out.out("Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.");
    }
    if p.has("producer.config") {
        out.out("Option --producer.config has been deprecated and will be removed in a future version. Use --command-config instead.");
    }
    let pprops = cprops.or(pprops).unwrap_or_default();
    let topic = p.value("topic").unwrap_or("").to_string();
    let mut config = ProducerConfig::default();
    for kv in &pprops {
        let Some((k, v)) = kv.split_once('=') else {
            return argerr(out, &format!("Invalid property: {kv}"));
        };
        if k == "bootstrap.servers" {
            continue;
        }
        if let Err(e) = config.set(k, v) {
            out.err(format!(
                "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: {e}"
            ));
            out.code = 1;
            return;
        }
    }
    let num = num.clamp(0, 1_000_000) as u64;
    let size = size.clamp(1, 1_000_000) as u32;
    if world.topic_view(&topic).is_none() {
        if let Err(e) = auto_create(world, &topic, "Producer clientId=perf-producer-client", out) {
            out.err(e);
            out.code = 1;
            return;
        }
    }
    let producer = "perf-producer-client".to_string();
    let acks = config.acks;
    if let Err(e) = world.apply(Command::SetProducerConfig {
        producer: producer.clone(),
        config,
    }) {
        out.err(format!(
            "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: {e}"
        ));
        out.code = 1;
        return;
    }
    // Simulated throughput: --throughput, or (-1) what a 100 MB/s link carries, capped by the engine.
    let max_rate = (100_000_000u64 / u64::from(size)).clamp(1, 1_000_000);
    let rate = if tput <= 0 {
        max_rate
    } else {
        (tput as u64).min(max_rate)
    } as u32;
    // Modelled latency in ms: acks=0 waits for nothing, acks=1 for the leader, all for the ISR.
    let rf = world
        .topic_view(&topic)
        .map(|t| t.replication_factor)
        .unwrap_or(1);
    let lat = match acks {
        crate::engine::Acks::Zero => 0.5,
        crate::engine::Acks::One => 2.0,
        crate::engine::Acks::All => 2.0 + f64::from(rf.saturating_sub(1)) * 1.5,
    };
    let id = format!("perf-test-{}", world.peek_random(100_000));
    let spec = LoadSpec {
        id: id.clone(),
        producer,
        topic: topic.clone(),
        rate_per_sec: rate,
        value_size: size,
        keys: KeyStrategy::Null,
        limit: Some(num),
    };
    if num > 0 {
        if let Err(e) = world.apply(Command::StartLoad(spec)) {
            out.err(format!("org.apache.kafka.common.KafkaException: {e}"));
            out.code = 1;
            return;
        }
    }
    let produced = |w: &World| {
        w.loads()
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.produced)
            .unwrap_or(0)
    };
    let start = world.now();
    let mut window_start = start;
    let mut window_count = 0u64;
    let mut sent = 0u64;
    let mb = |n: u64, ms: u64| {
        (n as f64 * f64::from(size)) / (1024.0 * 1024.0) / (ms.max(1) as f64 / 1000.0)
    };
    while sent < num {
        let mut o = Output::default();
        console.advance(world, STEP_MS, &mut o);
        out.append(o);
        let now_count = produced(world).min(num);
        window_count += now_count - sent;
        sent = now_count;
        let now = world.now();
        if now - window_start >= 5_000 && sent < num {
            let ms = now - window_start;
            out.out(format!(
                "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
                window_count,
                window_count as f64 * 1000.0 / ms as f64,
                mb(window_count, ms),
                lat,
                lat * 2.0
            ));
            window_start = now;
            window_count = 0;
        }
        if now - start > 3_600_000 {
            break; // storage full or paused: stop after an hour of simulated time
        }
    }
    let _ = world.apply(Command::StopLoad { id });
    // The engine produces in whole ticks: time the run by the rate itself (records / rate).
    let ms = if sent == 0 {
        0
    } else {
        (sent * 1000).div_ceil(u64::from(rate.max(1))).max(1)
    };
    out.out(format!(
        // Stats.printTotal: records/sec with `%f` (six decimals).
        "{} records sent, {:.6} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
        sent,
        if ms == 0 { 0.0 } else { sent as f64 * 1000.0 / ms as f64 },
        mb(sent, ms),
        lat,
        lat * 2.0,
        lat.floor() as u64,
        (lat * 1.5).floor() as u64,
        (lat * 1.8).floor() as u64,
        (lat * 2.0).floor() as u64
    ));
}
