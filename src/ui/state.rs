//! The page's state: the engine `World` wrapped in a signal, plus what the page selects.
//! Every change goes through `World::apply`; views read the world's snapshots.

use leptos::prelude::*;

use crate::engine::{Command, EngineError, Event, EventKind, ProduceRequest, TopicSpec, World};

/// The topic the page opens with, so it is alive on first load.
pub const EXAMPLE_TOPIC: &str = "orders";

/// A record the learner just produced, as the engine reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Produced {
    pub topic: String,
    pub key: Option<String>,
    pub partition: u32,
    pub offset: u64,
    /// The learner picked the partition; the partitioner was not asked.
    pub explicit_partition: bool,
    /// Partitions of the topic when the record was sent (for the explanation).
    pub partitions: u32,
}

/// Handles to the page state. `Copy`, so closures and components share it freely.
#[derive(Clone, Copy)]
pub struct Playground {
    pub world: RwSignal<World>,
    /// The topic the producer writes to and the lanes show.
    pub topic: RwSignal<String>,
    /// The last record produced through the page.
    pub last: RwSignal<Option<Produced>>,
}

impl Playground {
    /// Wraps a world; the first topic (if any) is selected.
    pub fn new(world: World) -> Self {
        let first = world.topic_names().into_iter().next().unwrap_or_default();
        Playground {
            world: RwSignal::new(world),
            topic: RwSignal::new(first),
            last: RwSignal::new(None),
        }
    }

    /// Applies one engine command to the page's world: the one door every control goes through
    /// (so the time controls can record it). On refusal the world is unchanged and the error is
    /// Kafka's own wording, ready to show beside the control.
    pub fn apply(&self, cmd: Command) -> Result<Vec<Event>, String> {
        self.world
            .try_update(|w| w.apply(cmd))
            .unwrap_or_else(|| Err(EngineError::InvalidRequest("The page was closed.".into())))
            .map_err(|e| e.to_string())
    }

    /// `kafka-topics --create`: on success the new topic is selected, and Kafka's warning about
    /// names with `.` or `_` (which may collide in metric names) is returned if it applies.
    pub fn create_topic(&self, name: &str, partitions: u32) -> Result<Option<String>, String> {
        let result = self
            .world
            .try_update(|w| w.apply(Command::CreateTopic(TopicSpec::new(name, partitions))))
            .unwrap_or_else(|| {
                Err(crate::engine::EngineError::InvalidRequest(
                    "The page was closed.".into(),
                ))
            });
        match result {
            Ok(events) => {
                self.topic.set(name.to_string());
                Ok(events.into_iter().find_map(|e| match e.kind {
                    crate::engine::EventKind::TopicCreated { warning, .. } => warning,
                    _ => None,
                }))
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Sends one record to the selected topic and reports where it landed.
    pub fn produce(
        &self,
        key: Option<String>,
        value: String,
        partition: Option<u32>,
    ) -> Result<Produced, String> {
        let topic = self.topic.get_untracked();
        if topic.is_empty() {
            return Err("Create a topic first.".into());
        }
        let partitions = self
            .world
            .with_untracked(|w| w.partition_count(&topic))
            .unwrap_or(0);
        let request = ProduceRequest {
            key: key.clone(),
            partition,
            ..ProduceRequest::keyed(&topic, "", &value)
        };
        let events = self
            .world
            .try_update(|w| w.apply(Command::Produce(request)))
            .unwrap_or_else(|| {
                Err(crate::engine::EngineError::InvalidRequest(
                    "The page was closed.".into(),
                ))
            })
            .map_err(|e| e.to_string())?;
        let landed = events.iter().find_map(|e| match &e.kind {
            EventKind::RecordAppended {
                topic: t,
                partition,
                offset,
                ..
            } if *t == topic => Some((*partition, *offset)),
            _ => None,
        });
        let Some((partition_landed, offset)) = landed else {
            return Err("The record was not written.".into());
        };
        let produced = Produced {
            topic,
            key,
            partition: partition_landed,
            offset,
            explicit_partition: partition.is_some(),
            partitions,
        };
        self.last.set(Some(produced.clone()));
        Ok(produced)
    }
}

/// The world the page starts with: topic `orders` (3 partitions) holding a few keyed records,
/// so the same key can be seen landing in the same partition.
pub fn example_world() -> World {
    let mut w = World::new(42);
    // Valid by construction; if the engine refused, the page would simply start emptier.
    let _ = w.apply(Command::CreateTopic(TopicSpec::new(EXAMPLE_TOPIC, 3)));
    for (key, value) in [
        ("user-1", r#"{"item":"book","qty":1}"#),
        ("user-4", r#"{"item":"pen","qty":3}"#),
        ("user-8", r#"{"item":"mug","qty":2}"#),
        ("user-1", r#"{"item":"lamp","qty":1}"#),
        ("user-4", r#"{"item":"ink","qty":5}"#),
    ] {
        let _ = w.apply(Command::Produce(ProduceRequest::keyed(
            EXAMPLE_TOPIC,
            key,
            value,
        )));
    }
    w
}

/// The `Playground` provided by an ancestor (`App`, or a test's mount closure).
pub fn use_playground() -> Playground {
    expect_context::<Playground>()
}
