//! Benchmark workloads shared by the native (`engine-bench`) and browser (`wasm-bench`)
//! benchmarks, so both measure exactly the same work. Timing happens in the callers.

use crate::engine::{Command, KeyStrategy, LoadSpec, TopicSpec, World};

/// Records per simulated second of the keyed-append workload.
pub const APPEND_RATE: u32 = 1_000_000;

/// A world with a 64-partition topic and a load generator producing `APPEND_RATE` keyed
/// records per simulated second over 1,000 keys (100-byte generated values). Advancing it
/// by one simulated second appends `APPEND_RATE` records.
pub fn keyed_append_world(retention_ms: Option<u64>) -> World {
    let mut w = World::new(1);
    let mut spec = TopicSpec::new("bench", 64);
    if let Some(ms) = retention_ms {
        spec = spec.with_config("retention.ms", &ms.to_string());
    }
    // Both commands are valid by construction; an error here would be a bug in the engine.
    let _ = w.apply(Command::CreateTopic(spec));
    let _ = w.apply(Command::StartLoad(LoadSpec {
        id: "bench".into(),
        producer: "bench".into(),
        topic: "bench".into(),
        rate_per_sec: APPEND_RATE,
        value_size: 100,
        keys: KeyStrategy::Uniform {
            prefix: "user-".into(),
            count: 1_000,
        },
        limit: None,
    }));
    w
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_simulated_second_appends_the_rate() {
        let mut w = super::keyed_append_world(None);
        w.advance(1_000);
        assert_eq!(w.stored_records(), u64::from(super::APPEND_RATE));
    }
}
