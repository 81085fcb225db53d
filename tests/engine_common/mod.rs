//! Helpers shared by the engine's group tests (`tests/engine_groups.rs`,
//! `tests/engine_consumer_protocol.rs`).
#![allow(dead_code)]

use kafka_playground::engine::{Command, MemberSpec, ProduceRequest, TopicSpec, World};

/// Seed 42, topic `orders` with `partitions` partitions holding `records_per_partition` keyed
/// records each.
pub fn world(partitions: u32, records_per_partition: u32) -> World {
    let mut w = World::new(42);
    w.apply(Command::CreateTopic(TopicSpec::new("orders", partitions)))
        .unwrap();
    for p in 0..partitions {
        for i in 0..records_per_partition {
            let mut r = ProduceRequest::keyed("orders", &format!("k{i}"), "v");
            r.partition = Some(p);
            w.apply(Command::Produce(r)).unwrap();
        }
    }
    w
}

/// The partitions member `id` of group `g` reads.
pub fn assignment(w: &World, id: &str) -> Vec<u32> {
    let g = w.group_view("g").unwrap();
    g.members
        .iter()
        .find(|m| m.member_id == id)
        .map(|m| m.assignment.iter().map(|tp| tp.partition).collect())
        .unwrap_or_default()
}

pub fn join(w: &mut World, spec: MemberSpec) {
    w.apply(Command::JoinGroup(spec)).unwrap();
}
