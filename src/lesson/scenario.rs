//! Starting worlds offered in the page's "Scenario" menu, and by `kafka-sim --scenario ID`. Each
//! is a console script in `scenarios/`, so a scenario reads exactly like what a learner would
//! type; this is the one table and the one loader the page, the native runner and the tests use.

use super::DEFAULT_SEED;
use crate::cli::script_world;
use crate::engine::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub script: &'static str,
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "example",
        title: "Example: a few orders",
        script: include_str!("../../scenarios/example.sh"),
    },
    Scenario {
        id: "hot-partition",
        title: "Incident: a hot partition",
        script: include_str!("../../scenarios/hot-partition.sh"),
    },
    Scenario {
        id: "two-protocols",
        title: "Two protocols: classic and consumer groups, same workload",
        script: include_str!("../../scenarios/two-protocols.sh"),
    },
    Scenario {
        id: "replicated",
        title: "Replication: three brokers, acks=all",
        script: include_str!("../../scenarios/replicated.sh"),
    },
    Scenario {
        id: "heavy",
        title: "Heavy sandbox: 64 partitions, 16 consumers, 10k records/s",
        script: include_str!("../../scenarios/heavy.sh"),
    },
    Scenario {
        id: "empty",
        title: "Empty cluster",
        script: include_str!("../../scenarios/empty.sh"),
    },
];

pub fn scenario(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id == id)
}

/// Builds a scenario's world from [`DEFAULT_SEED`]: the same scenario always starts the same
/// way. A broken script names its line and problem.
pub fn build(s: &Scenario) -> Result<World, String> {
    script_world(DEFAULT_SEED, s.script).map_err(|e| format!("Scenario '{}': {e}", s.id))
}

/// The world the page starts with: the "example" scenario, topic `orders` (3 partitions)
/// holding a few keyed records, so the same key can be seen landing in the same partition.
pub fn example_world() -> World {
    scenario("example")
        .and_then(|s| build(s).ok())
        .unwrap_or_else(|| World::new(DEFAULT_SEED))
}
