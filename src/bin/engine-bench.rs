//! `make bench` (native part): how fast the engine appends records and how much memory a
//! stored record costs. Prints a JSON line per figure; the Makefile copies them into the README.
//!
//! Wall-clock time is read here, outside the engine, which never sees a clock.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use kafka_playground::engine::{Command, KeyStrategy, LoadSpec, ProduceRequest, TopicSpec, World};

/// Counts live heap bytes so memory per record is measured, not estimated.
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn load(rate: u32, keys: KeyStrategy) -> Command {
    Command::StartLoad(LoadSpec {
        id: "bench".into(),
        producer: "bench".into(),
        topic: "bench".into(),
        rate_per_sec: rate,
        value_size: 100,
        keys,
        limit: None,
    })
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");

    // 1. Keyed appends through a load generator: 1,000,000 records per simulated second over
    //    1,000 keys into 64 partitions (key draw, murmur2 partition, append). Two simulated
    //    seconds fill the playground's storage limit exactly; the median of five runs counts.
    let runs = if quick { 3 } else { 5 };
    let mut rates = Vec::new();
    let mut bytes_per_record = 0.0;
    let mut records = 0;
    for _ in 0..runs {
        let mut w = kafka_playground::bench::keyed_append_world(None);
        let live_before = LIVE.load(Ordering::Relaxed);
        let t = Instant::now();
        w.advance(2_000);
        let elapsed = t.elapsed().as_secs_f64();
        records = w.stored_records();
        rates.push(records as f64 / elapsed);
        bytes_per_record = (LIVE.load(Ordering::Relaxed) - live_before) as f64 / records as f64;
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    let per_sec = rates.get(rates.len() / 2).copied().unwrap_or(0.0);
    println!("{{\"figure\":\"native_keyed_appends_per_sec\",\"value\":{per_sec:.0},\"records\":{records},\"runs\":{runs}}}");
    println!(
        "{{\"figure\":\"bytes_per_stored_record\",\"value\":{bytes_per_record:.1},\"note\":\"generated 100-byte values are not stored; keys are interned\"}}"
    );

    // 2. Interactive sends (`Command::Produce`: owned strings, validation, one event each).
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(TopicSpec::new("bench", 64)))
        .expect("topic");
    let n = if quick { 200_000 } else { 1_000_000 };
    let reqs: Vec<ProduceRequest> = (0..n)
        .map(|i| ProduceRequest::keyed("bench", &format!("user-{}", i % 1000), "{\"amount\":1}"))
        .collect();
    let t = Instant::now();
    for r in reqs {
        let _ = w.apply(Command::Produce(r));
    }
    let elapsed = t.elapsed().as_secs_f64();
    println!(
        "{{\"figure\":\"native_produce_commands_per_sec\",\"value\":{:.0}}}",
        n as f64 / elapsed
    );
    drop(w);

    // 3. An hour at 10,000 records/s with retention.ms=60000: memory stays flat.
    let mut w = World::new(1);
    w.apply(Command::CreateTopic(
        TopicSpec::new("bench", 64).with_config("retention.ms", "60000"),
    ))
    .expect("topic");
    w.apply(load(
        10_000,
        KeyStrategy::Uniform {
            prefix: "user-".into(),
            count: 1_000,
        },
    ))
    .expect("load");
    let minutes = if quick { 10 } else { 60 };
    let mut samples = Vec::new();
    let t = Instant::now();
    for _ in 0..minutes {
        w.advance(60_000);
        samples.push(LIVE.load(Ordering::Relaxed));
    }
    let elapsed = t.elapsed().as_secs_f64();
    let after_warmup = &samples[samples.len().min(3) - 1..];
    let (lo, hi) = (
        after_warmup.iter().min().copied().unwrap_or(0),
        after_warmup.iter().max().copied().unwrap_or(0),
    );
    println!(
        "{{\"figure\":\"retention_soak\",\"minutes\":{minutes},\"heap_min_mb\":{:.1},\"heap_max_mb\":{:.1},\"stored_records\":{},\"seconds\":{elapsed:.2}}}",
        lo as f64 / 1e6,
        hi as f64 / 1e6,
        w.stored_records()
    );
}
