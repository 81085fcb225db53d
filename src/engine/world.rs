//! The world: brokers, topics, producers, load generators and groups, moved by commands and by
//! simulated time in fixed ticks.
//!
//! Every command is validated completely before anything changes (and before the RNG is
//! touched), so a refused command leaves the world exactly as it was.

use std::collections::{BTreeMap, HashMap};

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::config::{ProducerConfig, TopicConfig};
use super::event::{Event, EventKind, KeyMove};
use super::group::{
    check_dead_letter, check_dead_letter_not_read, log_bounds, Ctx, Group, GroupState, Member,
    MemberStatus,
};
use super::log::{flags, generated_value, KeyId, KeyInterner, StoredRecord};
use super::partitioner::{partition_for_hash, PartitionerKind};
use super::producer::{Load, LoadSpec, ProducerState, MAX_RATE, MAX_VALUE_SIZE};
use super::time::EPOCH_MS;
use super::timeline::{self, History, Input, Journal, Samples, Series, SAMPLE_MS};
use super::topic::{assign_replicas, validate_topic_name, PartitionState, Topic, MAX_PARTITIONS};
use super::view::*;
use cluster::{write_record, Broker, Ledger};

mod cluster;
pub use cluster::{LostRecord, MAX_BROKERS, REPLICA_LAG_TIME_MAX_MS};

use super::{
    Command, ConsumerConfig, EngineError, MemberSpec, ProduceRequest, ResetTarget, TopicPartition,
    DEFAULT_PRODUCER,
};

/// Simulated time moves in steps of this many milliseconds.
pub const TICK_MS: u64 = 50;
/// Brokers in the playground cluster (ids 1…3).
pub const BROKER_COUNT: u32 = 3;
/// Retention runs this often in simulated time. Kafka's `log.retention.check.interval.ms`
/// defaults to 5 minutes; the playground checks more often so lessons need not wait.
pub const RETENTION_CHECK_MS: u64 = 10_000;
/// `log.cleaner.backoff.ms`: how often the log cleaner looks for work.
pub const CLEANER_BACKOFF_MS: u64 = 15_000;
/// The producer's `max.request.size` default: larger records are refused before sending.
pub const MAX_REQUEST_SIZE: u64 = 1_048_576;
/// Playground limits that keep a tab responsive.
pub const MAX_TOPICS: usize = 200;
pub const MAX_GROUPS: usize = 200;
pub const MAX_MEMBERS_PER_GROUP: usize = 256;
pub const MAX_LOADS: usize = 32;
/// `group.min.session.timeout.ms` / `group.max.session.timeout.ms` broker defaults.
const MIN_SESSION_TIMEOUT_MS: u64 = 6_000;
const MAX_SESSION_TIMEOUT_MS: u64 = 1_800_000;
/// The most keys a `PartitionsIncreased` event lists.
const MOVED_KEYS_LISTED: usize = 200;
/// The longest time one `advance` call may cover (an hour), so a typo cannot hang the page.
pub const MAX_ADVANCE_MS: u64 = 3_600_000;
/// The most records the playground stores at once (about 85 MB). When full, load generators
/// pause and sends are refused until retention or a deletion makes room: the playground's
/// version of a full disk.
pub const STORAGE_LIMIT_RECORDS: u64 = 2_000_000;

#[derive(Clone, Debug)]
pub struct World {
    seed: u64,
    rng: ChaCha8Rng,
    /// Simulated milliseconds since the world began; always a multiple of `TICK_MS`.
    now: u64,
    /// Milliseconds asked for by `advance` but not yet a whole tick.
    pending_ms: u64,
    brokers: BTreeMap<u32, Broker>,
    topics: BTreeMap<String, Topic>,
    keys: KeyInterner,
    producers: BTreeMap<String, ProducerState>,
    /// Producer names by `ProducerState::id`, so logs can note writers compactly.
    producer_names: Vec<String>,
    /// Records cut off by leader changes.
    ledger: Ledger,
    loads: BTreeMap<String, Load>,
    groups: BTreeMap<String, Group>,
    last_retention_check: u64,
    last_clean: u64,
    /// Consumers started without a client id get `consumer-<group>-<n>` as `KafkaConsumer` does.
    client_seq: u64,
    /// Load generators are paused because the storage limit was reached.
    storage_full: bool,
    /// Every input since the world began, for replay (see `timeline`).
    journal: Journal,
    /// Recent events, for the timeline view.
    history: History,
    /// Offsets and lag sampled every simulated second, for charts.
    samples: Samples,
}

impl World {
    pub fn new(seed: u64) -> World {
        World {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            now: 0,
            pending_ms: 0,
            brokers: (1..=BROKER_COUNT)
                .map(|id| {
                    (
                        id,
                        Broker {
                            id,
                            up: true,
                            copy_rate: None,
                        },
                    )
                })
                .collect(),
            topics: BTreeMap::new(),
            keys: KeyInterner::default(),
            producers: BTreeMap::new(),
            producer_names: Vec::new(),
            ledger: Ledger::default(),
            loads: BTreeMap::new(),
            groups: BTreeMap::new(),
            last_retention_check: 0,
            last_clean: 0,
            client_seq: 0,
            storage_full: false,
            journal: Journal::new(),
            history: History::default(),
            samples: Samples::default(),
        }
    }

    /// Rebuilds a world from its seed and journal, stopping once `until` simulated milliseconds
    /// have passed (commands given at exactly `until` are included). `None` replays everything.
    /// Same seed and inputs ⇒ the same world, events and history.
    pub fn replay(seed: u64, inputs: &[Input], until: Option<u64>) -> World {
        let mut w = World::new(seed);
        let until = until.unwrap_or(u64::MAX);
        for input in inputs {
            match input {
                Input::Apply(cmd) => {
                    // Accepted when recorded, so accepted again: the world is deterministic.
                    let _ = w.apply(Command::clone(cmd));
                }
                Input::Advance(ms) => {
                    let room = until.saturating_sub(w.elapsed_ms());
                    // The journal merges consecutive advances, so one input may exceed what a
                    // single `advance` call takes (MAX_ADVANCE_MS): replay it in pieces.
                    let mut left = (*ms).min(room);
                    while left > 0 {
                        let piece = left.min(MAX_ADVANCE_MS);
                        w.advance(piece);
                        left -= piece;
                    }
                    if *ms > room {
                        break;
                    }
                }
                Input::TakeDelivered { group, member_id } => {
                    w.take_delivered(group, member_id);
                }
            }
        }
        w
    }

    /// Every input since the world began (see [`World::replay`]).
    pub fn journal(&self) -> &[Input] {
        &self.journal.inputs
    }

    /// False once the journal reached its limit (`timeline::MAX_JOURNAL`) or was switched off:
    /// the world can no longer be rebuilt from it.
    pub fn journal_complete(&self) -> bool {
        self.journal.enabled && self.journal.complete
    }

    /// Benchmarks of raw engine speed switch the journal off.
    pub fn set_journal(&mut self, enabled: bool) {
        self.journal.enabled = enabled;
    }

    /// Simulated milliseconds asked for so far, including a remainder not yet a whole tick.
    pub fn elapsed_ms(&self) -> u64 {
        self.now + self.pending_ms
    }

    /// The most recent events (at most `timeline::HISTORY_LIMIT`), oldest first.
    pub fn history(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
        self.history.events.iter()
    }

    /// How many events the world has recorded since it began (a cheap change counter).
    pub fn history_total(&self) -> u64 {
        self.history.total
    }

    /// A partition's log-end offset, sampled every simulated second (last five minutes).
    pub fn log_end_series(&self, tp: &TopicPartition) -> Option<&Series> {
        self.samples.log_end.get(tp)
    }

    /// A group's lag per partition, sampled every simulated second (last five minutes).
    pub fn lag_series(&self, group: &str) -> Option<&BTreeMap<TopicPartition, Series>> {
        self.samples.lag.get(group)
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Simulated milliseconds since the world began.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// The current simulated time as epoch milliseconds (what `CreateTime` shows).
    pub fn epoch_ms(&self) -> u64 {
        EPOCH_MS + self.now
    }

    fn events(&self, kinds: Vec<(u64, EventKind)>) -> Vec<Event> {
        kinds
            .into_iter()
            .map(|(at, kind)| Event { at, kind })
            .collect()
    }

    /// Applies one command. On error nothing changed.
    pub fn apply(&mut self, cmd: Command) -> Result<Vec<Event>, EngineError> {
        let recorded = self.journal.enabled.then(|| cmd.clone());
        let events = self.apply_inner(cmd)?;
        if let Some(cmd) = recorded {
            self.journal.push(Input::Apply(Box::new(cmd)));
        }
        self.history.extend(&events);
        Ok(events)
    }

    fn apply_inner(&mut self, cmd: Command) -> Result<Vec<Event>, EngineError> {
        let mut ev = Vec::new();
        match cmd {
            Command::CreateTopic(spec) => self.create_topic(spec, &mut ev)?,
            Command::DeleteTopic { topic } => self.delete_topic(&topic, &mut ev)?,
            Command::AlterPartitions { topic, partitions } => {
                self.alter_partitions(&topic, partitions, &mut ev)?
            }
            Command::AlterTopicConfig { topic, set, delete } => {
                self.alter_config(&topic, &set, &delete, &mut ev)?
            }
            Command::SetProducerConfig { producer, config } => {
                config.validate()?;
                check_name("producer", &producer)?;
                producer_entry(&mut self.producers, &mut self.producer_names, &producer).config =
                    config;
                ev.push((self.now, EventKind::ProducerConfigured { producer }));
            }
            Command::Produce(req) => self.produce(req, &mut ev)?,
            Command::StartLoad(spec) => self.start_load(spec, &mut ev)?,
            Command::StopLoad { id } => {
                let load = self
                    .loads
                    .remove(&id)
                    .ok_or(EngineError::UnknownLoad(id.clone()))?;
                ev.push((
                    self.now,
                    EventKind::LoadStopped {
                        id,
                        produced: load.produced,
                    },
                ));
            }
            Command::JoinGroup(spec) => self.join_group(spec, &mut ev)?,
            Command::LeaveGroup { group, member_id } => {
                self.active_member(&group, &member_id)?;
                self.with_group(&group, &mut ev, |g, ctx| g.leave(&member_id, ctx));
            }
            Command::CrashMember { group, member_id } => {
                self.active_member(&group, &member_id)?;
                self.with_group(&group, &mut ev, |g, ctx| g.crash(&member_id, ctx));
            }
            Command::SetSubscription {
                group,
                member_id,
                topics,
            } => {
                let m = self.active_member(&group, &member_id)?;
                if m.manual.is_some() {
                    return Err(EngineError::InvalidRequest(
                        "Subscription to topics, partitions and pattern are mutually exclusive: this consumer uses assign()."
                            .into(),
                    ));
                }
                check_subscription(&topics)?;
                check_dead_letter_not_read(&m.config, &topics)?;
                self.with_group(&group, &mut ev, |g, ctx| {
                    g.set_subscription(&member_id, topics, ctx)
                });
            }
            Command::SetProcessing {
                group,
                member_id,
                processing_us,
            } => {
                self.active_member(&group, &member_id)?;
                if processing_us > 60_000_000 {
                    return Err(EngineError::Limit(
                        "Processing time per record must be at most 60 seconds.".into(),
                    ));
                }
                if let Some(m) = self
                    .groups
                    .get_mut(&group)
                    .and_then(|g| g.members.get_mut(&member_id))
                {
                    m.config.processing_us = processing_us;
                }
            }
            Command::SetGroupAssignor { group, assignor } => {
                if !self.groups.contains_key(&group) {
                    return Err(EngineError::UnknownGroup(group));
                }
                self.with_group(&group, &mut ev, |g, ctx| g.set_assignor(assignor, ctx));
            }
            Command::ResetOffsets {
                group,
                topic,
                partitions,
                to,
            } => {
                let plan = self.plan_reset(&group, &topic, partitions.as_deref(), &to)?;
                let g = self
                    .groups
                    .entry(group.clone())
                    .or_insert_with(|| Group::new(&group));
                for (tp, o) in &plan {
                    g.committed.insert(tp.clone(), *o);
                }
                ev.push((
                    self.now,
                    EventKind::OffsetsReset {
                        group,
                        offsets: plan,
                    },
                ));
            }
            Command::DeleteGroup { group } => {
                let g = self
                    .groups
                    .get(&group)
                    .ok_or_else(|| EngineError::UnknownGroup(group.clone()))?;
                if g.has_members() || g.members.values().any(|m| m.is_active()) {
                    return Err(EngineError::GroupNotEmpty(group));
                }
                self.groups.remove(&group);
                ev.push((self.now, EventKind::GroupDeleted { group }));
            }
            Command::LoseAcks { producer, count } => {
                check_name("producer", &producer)?;
                if count > 1000 {
                    return Err(EngineError::Limit(
                        "Lose at most 1000 acknowledgements at a time.".into(),
                    ));
                }
                producer_entry(&mut self.producers, &mut self.producer_names, &producer)
                    .lose_acks = count;
            }
            Command::StopBroker { broker } => self.kill_broker(broker, &mut ev)?,
            Command::StartBroker { broker } => self.start_broker(broker, &mut ev)?,
            Command::AddBroker => self.add_broker(&mut ev)?,
            Command::SetBrokerCopyRate {
                broker,
                records_per_sec,
            } => self.set_copy_rate(broker, records_per_sec, &mut ev)?,
        }
        Ok(self.events(ev))
    }

    /// Moves simulated time forward by `ms` (whole ticks run; the remainder carries over).
    pub fn advance(&mut self, ms: u64) -> Vec<Event> {
        let mut ev = Vec::new();
        let ms = ms.min(MAX_ADVANCE_MS);
        if ms > 0 {
            self.journal.push(Input::Advance(ms));
        }
        self.pending_ms = self.pending_ms.saturating_add(ms);
        while self.pending_ms >= TICK_MS {
            self.pending_ms -= TICK_MS;
            self.tick(&mut ev);
        }
        let events = self.events(ev);
        self.history.extend(&events);
        events
    }

    /// Once per simulated second: every partition's log-end offset and every group's lag.
    fn sample(&mut self) {
        let now = self.now;
        self.samples.last_at = now;
        for t in self.topics.values() {
            for (i, p) in t.partitions.iter().enumerate() {
                let tp = TopicPartition::new(t.name.clone(), i as u32);
                let series = self.samples.log_end.entry(tp).or_default();
                timeline::push_sample(series, now, p.log.log_end_offset);
            }
        }
        let names: Vec<String> = self.groups.keys().cloned().collect();
        for name in names {
            let Some(view) = self.group_view(&name) else {
                continue;
            };
            let lags = self.samples.lag.entry(name).or_default();
            for p in view.partitions {
                timeline::push_sample(lags.entry(p.partition).or_default(), now, p.lag);
            }
        }
        timeline::prune(&mut self.samples.log_end, now);
        for lags in self.samples.lag.values_mut() {
            timeline::prune(lags, now);
        }
        self.samples.lag.retain(|_, l| !l.is_empty());
    }

    fn tick(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        self.now += TICK_MS;
        self.replicate(ev);
        self.run_loads(ev);
        self.each_group(ev, |g, ctx| g.tick(ctx));
        if self.now >= self.last_retention_check + RETENTION_CHECK_MS {
            self.last_retention_check = self.now;
            self.run_retention(ev);
        }
        if self.now >= self.last_clean + CLEANER_BACKOFF_MS {
            self.last_clean = self.now;
            self.run_cleaner(ev);
        }
        if self.now >= self.samples.last_at + SAMPLE_MS {
            self.sample();
        }
    }

    // ---------- topics ----------

    /// The topic, or Kafka's unknown-topic error.
    fn topic(&self, name: &str) -> Result<&Topic, EngineError> {
        self.topics
            .get(name)
            .ok_or_else(|| EngineError::UnknownTopic(name.to_string()))
    }

    fn create_topic(
        &mut self,
        spec: super::TopicSpec,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let warning = validate_topic_name(&spec.name)?;
        if self.topics.contains_key(&spec.name) {
            return Err(EngineError::TopicExists(spec.name));
        }
        // Topic.hasCollision: names equal once '.' and '_' are unified collide in metrics.
        let unified = spec.name.replace('.', "_");
        if let Some(other) = self.topics.keys().find(|t| t.replace('.', "_") == unified) {
            return Err(EngineError::InvalidTopic(format!(
                "Topic '{}' collides with existing topic: {other}",
                spec.name
            )));
        }
        if spec.partitions == 0 {
            return Err(EngineError::InvalidPartitions(
                "Number of partitions was set to an invalid non-positive value.".into(),
            ));
        }
        if spec.partitions > MAX_PARTITIONS {
            return Err(EngineError::Limit(format!(
                "{} partitions is more than this playground allows per topic ({MAX_PARTITIONS}). Choose {MAX_PARTITIONS} or fewer.",
                spec.partitions
            )));
        }
        if spec.replication_factor == 0 {
            return Err(EngineError::InvalidReplicationFactor(
                "Replication factor must be larger than 0, or -1 to use the default value.".into(),
            ));
        }
        // KRaft places replicas on unfenced brokers only (`StripedReplicaPlacer`).
        let alive = self.alive_brokers();
        if spec.replication_factor > alive.len() as u32 {
            return Err(EngineError::InvalidReplicationFactor(format!(
                "Unable to replicate the partition {} time(s): The target replication factor of {} cannot be reached because only {} broker(s) are registered.",
                spec.replication_factor,
                spec.replication_factor,
                alive.len()
            )));
        }
        if self.topics.len() >= MAX_TOPICS {
            return Err(EngineError::Limit(format!(
                "This playground holds at most {MAX_TOPICS} topics. Delete one first."
            )));
        }
        let config = TopicConfig::from_entries(&spec.configs)?;
        if config.min_insync_replicas > spec.replication_factor {
            // Kafka accepts this but every acks=all send then fails; the playground lets it be
            // and the failures lesson shows the consequence.
        }
        // Everything is valid: now draw from the RNG.
        let n = alive.len() as u32;
        let start = self.rng.random_range(0..n);
        let shift = self.rng.random_range(0..n);
        let topic_id = self.uuid();
        let placement = assign_replicas(
            &alive,
            spec.partitions,
            0,
            spec.replication_factor,
            start,
            shift,
        );
        let partitions = placement.into_iter().map(PartitionState::new).collect();
        let name = spec.name.clone();
        self.topics.insert(
            name.clone(),
            Topic {
                name: name.clone(),
                topic_id,
                partitions,
                replication_factor: spec.replication_factor,
                explicit_configs: spec.configs,
                config,
                keys_seen: Default::default(),
                dirty: false,
            },
        );
        ev.push((
            self.now,
            EventKind::TopicCreated {
                topic: name.clone(),
                partitions: spec.partitions,
                replication_factor: spec.replication_factor,
                warning,
            },
        ));
        self.notify_groups(&name, "was created", ev);
        Ok(())
    }

    fn notify_groups(&mut self, topic: &str, what: &str, ev: &mut Vec<(u64, EventKind)>) {
        self.each_group(ev, |g, ctx| g.topic_changed(topic, what, ctx));
    }

    fn delete_topic(
        &mut self,
        topic: &str,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if !self.topics.contains_key(topic) {
            return Err(EngineError::UnknownTopic(topic.to_string()));
        }
        self.topics.remove(topic);
        let stopped: Vec<String> = self
            .loads
            .iter()
            .filter(|(_, l)| l.spec.topic == topic)
            .map(|(id, _)| id.clone())
            .collect();
        for id in stopped {
            if let Some(l) = self.loads.remove(&id) {
                ev.push((
                    self.now,
                    EventKind::LoadStopped {
                        id,
                        produced: l.produced,
                    },
                ));
            }
        }
        for p in self.producers.values_mut() {
            p.sticky.remove(topic);
            p.round_robin.remove(topic);
        }
        ev.push((
            self.now,
            EventKind::TopicDeleted {
                topic: topic.to_string(),
            },
        ));
        self.each_group(ev, |g, ctx| g.topic_deleted(topic, ctx));
        Ok(())
    }

    fn alter_partitions(
        &mut self,
        name: &str,
        partitions: u32,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let topic = self.topic(name)?;
        let current = topic.partitions.len() as u32;
        // ReplicationControlManager.createPartitions: only increases.
        if partitions < current {
            return Err(EngineError::InvalidPartitions(format!(
                "The topic {name} currently has {current} partition(s); {partitions} would not be an increase."
            )));
        }
        if partitions == current {
            return Err(EngineError::InvalidPartitions(format!(
                "Topic already has {current} partition(s)."
            )));
        }
        if partitions > MAX_PARTITIONS {
            return Err(EngineError::Limit(format!(
                "{partitions} partitions is more than this playground allows per topic ({MAX_PARTITIONS})."
            )));
        }
        let rf = topic.replication_factor;
        let alive = self.alive_brokers();
        if rf > alive.len() as u32 {
            return Err(EngineError::InvalidReplicationFactor(format!(
                "Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {} broker(s) are registered.",
                alive.len()
            )));
        }
        let n = alive.len() as u32;
        let start = self.rng.random_range(0..n);
        let shift = self.rng.random_range(0..n);
        let placement = assign_replicas(&alive, partitions - current, current, rf, start, shift);
        let keys = &self.keys;
        let Some(topic) = self.topics.get_mut(name) else {
            return Ok(());
        };
        for replicas in placement {
            topic.partitions.push(PartitionState::new(replicas));
        }
        // Which keys already used on this topic land elsewhere now.
        let mut moved = Vec::new();
        let mut kept = 0;
        for k in topic.keys_seen.iter() {
            let (Some(text), Some(h)) = (keys.text(k), keys.hash(k)) else {
                continue;
            };
            let (from, to) = (
                partition_for_hash(h, current),
                partition_for_hash(h, partitions),
            );
            if from == to {
                kept += 1;
            } else {
                moved.push(KeyMove {
                    key: text.to_string(),
                    from,
                    to,
                });
            }
        }
        moved.sort_by(|a, b| a.key.cmp(&b.key));
        let moved_count = moved.len();
        moved.truncate(MOVED_KEYS_LISTED);
        ev.push((
            self.now,
            EventKind::PartitionsIncreased {
                topic: name.to_string(),
                from: current,
                to: partitions,
                moved_keys: moved,
                moved_count,
                kept_keys: kept,
            },
        ));
        self.notify_groups(name, &format!("grew to {partitions} partitions"), ev);
        Ok(())
    }

    fn alter_config(
        &mut self,
        name: &str,
        set: &[(String, String)],
        delete: &[String],
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        let topic = self.topic(name)?;
        let mut explicit = topic.explicit_configs.clone();
        for k in delete {
            if !super::config::TOPIC_CONFIG_NAMES.contains(&k.as_str()) {
                return Err(EngineError::InvalidConfig(format!(
                    "Unknown topic config name: {k}"
                )));
            }
            explicit.remove(k);
        }
        for (k, v) in set {
            explicit.insert(k.clone(), v.clone());
        }
        let config = TopicConfig::from_entries(&explicit)?;
        let Some(topic) = self.topics.get_mut(name) else {
            return Ok(());
        };
        let unclean_on = config.unclean_leader_election && !topic.config.unclean_leader_election;
        topic.explicit_configs = explicit;
        topic.config = config;
        topic.dirty = true;
        for k in delete {
            ev.push((
                self.now,
                EventKind::TopicConfigChanged {
                    topic: name.into(),
                    name: k.clone(),
                    value: None,
                },
            ));
        }
        for (k, v) in set {
            ev.push((
                self.now,
                EventKind::TopicConfigChanged {
                    topic: name.into(),
                    name: k.clone(),
                    value: Some(v.clone()),
                },
            ));
        }
        if unclean_on {
            // The controller elects out-of-sync leaders for offline partitions once allowed.
            self.elect_offline(ev, Some(name));
        }
        Ok(())
    }

    // ---------- producing ----------

    fn produce(
        &mut self,
        req: ProduceRequest,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        check_name("producer", &req.producer)?;
        if self.stored_records() >= STORAGE_LIMIT_RECORDS {
            return Err(EngineError::Limit(format!(
                "The playground's storage is full ({STORAGE_LIMIT_RECORDS} records). Set retention.ms or retention.bytes on a topic, or delete a topic, to make room."
            )));
        }
        let topic = self.topic(&req.topic)?;
        let n = topic.partitions.len() as u32;
        if let Some(p) = req.partition {
            if p >= n {
                // KafkaProducer.waitOnMetadata
                return Err(EngineError::InvalidRecord(format!(
                    "Invalid partition given with record: {p} is not in the range [0...{n})."
                )));
            }
        }
        if topic.config.compact && req.key.is_none() {
            return Err(EngineError::InvalidRecord(format!(
                "Compacted topic cannot accept message without key in topic partition {}-{}.",
                req.topic,
                req.partition.unwrap_or(0)
            )));
        }
        let size = super::log::RECORD_OVERHEAD_BYTES
            + req.key.as_ref().map_or(0, |k| k.len() as u64)
            + req.value.as_ref().map_or(0, |v| v.len() as u64)
            + req
                .headers
                .iter()
                .map(|(k, v)| (k.len() + v.len()) as u64)
                .sum::<u64>();
        if size > MAX_REQUEST_SIZE.min(topic.config.max_message_bytes) {
            return Err(EngineError::InvalidRecord(format!(
                "The message is {size} bytes when serialized which is larger than {}, which is the value of the max.request.size configuration.",
                MAX_REQUEST_SIZE.min(topic.config.max_message_bytes)
            )));
        }
        let available = available_partitions(topic);
        let key = match &req.key {
            Some(k) => self.keys.intern(k),
            None => KeyId::NULL,
        };
        let (meta, value) = match req.value {
            Some(v) => (0, Some(v.into_boxed_str())),
            None => (flags::TOMBSTONE, None),
        };
        let producer = producer_entry(&mut self.producers, &mut self.producer_names, &req.producer);
        let Some(topic) = self.topics.get_mut(&req.topic) else {
            return Ok(());
        };
        // A failed send is an outcome, not a refused command: the event tells it.
        let _ = append(
            &mut Appender {
                keys: &self.keys,
                rng: &mut self.rng,
                now: self.now,
                events: Some(ev),
                available: available.as_deref(),
            },
            &req.producer,
            producer,
            topic,
            key,
            meta,
            value,
            req.partition,
            req.headers,
        );
        Ok(())
    }

    fn start_load(
        &mut self,
        spec: LoadSpec,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        check_name("load generator", &spec.id)?;
        check_name("producer", &spec.producer)?;
        if self.loads.contains_key(&spec.id) {
            return Err(EngineError::InvalidRequest(format!(
                "A load generator named '{}' is already running.",
                spec.id
            )));
        }
        let topic = self.topic(&spec.topic)?;
        if spec.rate_per_sec == 0 || spec.rate_per_sec > MAX_RATE {
            return Err(EngineError::Limit(format!(
                "The rate must be between 1 and {MAX_RATE} records per second."
            )));
        }
        if spec.value_size > MAX_VALUE_SIZE {
            return Err(EngineError::Limit(format!(
                "Generated values must be at most {MAX_VALUE_SIZE} bytes."
            )));
        }
        if topic.config.compact && spec.keys == super::KeyStrategy::Null {
            return Err(EngineError::InvalidRecord(format!(
                "Compacted topic cannot accept message without key in topic {}.",
                spec.topic
            )));
        }
        spec.keys.validate()?;
        if self.loads.len() >= MAX_LOADS {
            return Err(EngineError::Limit(format!(
                "At most {MAX_LOADS} load generators can run at once."
            )));
        }
        ev.push((
            self.now,
            EventKind::LoadStarted {
                id: spec.id.clone(),
                topic: spec.topic.clone(),
                rate_per_sec: spec.rate_per_sec,
                keys: spec.keys.describe(),
            },
        ));
        producer_entry(
            &mut self.producers,
            &mut self.producer_names,
            &spec.producer,
        );
        self.loads.insert(spec.id.clone(), Load::new(spec));
        Ok(())
    }

    fn run_loads(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        if self.loads.is_empty() {
            return;
        }
        let mut room = STORAGE_LIMIT_RECORDS.saturating_sub(self.stored_records());
        let was_full = self.storage_full;
        self.storage_full = false;
        let World {
            loads,
            topics,
            producers,
            producer_names,
            keys,
            rng,
            now,
            ..
        } = self;
        for load in loads.values_mut() {
            let milli = load.carry_millirecords + u64::from(load.spec.rate_per_sec) * TICK_MS;
            let wanted = milli / 1000;
            load.carry_millirecords = milli % 1000;
            let count = wanted.min(room);
            room -= count;
            if count < wanted {
                self.storage_full = true;
            }
            let Some(topic) = topics.get_mut(&load.spec.topic) else {
                continue;
            };
            let producer = producer_entry(producers, producer_names, &load.spec.producer);
            let len = load.spec.value_size.min(0x00ff_ffff);
            let meta = flags::GENERATED | (len << 8);
            let available = available_partitions(topic);
            let mut failure: Option<String> = None;
            let mut failed = 0u64;
            for _ in 0..count {
                let key = load.next_key(rng, keys, EPOCH_MS + *now);
                let mut a = Appender {
                    keys: &*keys,
                    rng: &mut *rng,
                    now: *now,
                    events: None,
                    available: available.as_deref(),
                };
                if let Err(reason) = append(
                    &mut a,
                    &load.spec.producer,
                    producer,
                    topic,
                    key,
                    meta,
                    None,
                    None,
                    Vec::new(),
                ) {
                    failed += 1;
                    failure.get_or_insert(reason);
                }
            }
            load.produced += count;
            // One event when a generator starts failing, one when it recovers.
            match (failure, load.failing) {
                (Some(reason), false) => {
                    load.failing = true;
                    load.failed_since = failed;
                    ev.push((
                        *now,
                        EventKind::LoadFailing {
                            id: load.spec.id.clone(),
                            reason,
                        },
                    ));
                }
                (Some(_), true) => load.failed_since += failed,
                (None, true) if count > 0 => {
                    load.failing = false;
                    ev.push((
                        *now,
                        EventKind::LoadRecovered {
                            id: load.spec.id.clone(),
                            failed: load.failed_since,
                        },
                    ));
                    load.failed_since = 0;
                }
                _ => {}
            }
        }
        if self.storage_full && !was_full {
            ev.push((
                self.now,
                EventKind::StorageFull {
                    limit: STORAGE_LIMIT_RECORDS,
                },
            ));
        }
    }

    // ---------- retention and compaction ----------

    fn run_retention(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let now_epoch = EPOCH_MS + self.now;
        let keys = &self.keys;
        let key_len = |k: KeyId| keys.text(k).map_or(0, str::len);
        for topic in self.topics.values_mut() {
            if !topic.config.delete {
                continue;
            }
            let cfg = topic.config.clone();
            let mut removed = 0u64;
            let mut touched = 0u32;
            for p in &mut topic.partitions {
                let before = removed;
                // Only records below the high watermark are eligible, as Kafka deletes only
                // segments wholly below it.
                while let Some(front) = p
                    .log
                    .records
                    .front()
                    .filter(|r| r.offset < p.high_watermark)
                {
                    let too_old = cfg.retention_ms >= 0
                        && front.timestamp + (cfg.retention_ms as u64) < now_epoch;
                    let too_big =
                        cfg.retention_bytes >= 0 && p.log.size_bytes > cfg.retention_bytes as u64;
                    if !(too_old || too_big) {
                        break;
                    }
                    p.log.pop_front(key_len);
                    removed += 1;
                }
                if removed > before {
                    touched += 1;
                    p.prune_writers();
                }
            }
            if removed > 0 {
                ev.push((
                    self.now,
                    EventKind::RetentionDeleted {
                        topic: topic.name.clone(),
                        partitions: touched,
                        removed,
                    },
                ));
            }
        }
    }

    /// The log cleaner (`LogCleaner`): keeps the latest record per key; tombstones survive
    /// `delete.retention.ms`, records younger than `min.compaction.lag.ms` are left alone.
    /// Simplification: no segments, so the whole log is cleanable (Kafka never cleans the
    /// active segment).
    fn run_cleaner(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let now_epoch = EPOCH_MS + self.now;
        let keys = &self.keys;
        for topic in self.topics.values_mut() {
            if !topic.config.compact || !topic.dirty {
                continue;
            }
            topic.dirty = false;
            let cfg = topic.config.clone();
            let mut removed = 0u64;
            let mut touched = 0u32;
            for p in &mut topic.partitions {
                let mut latest: HashMap<KeyId, u64> = HashMap::new();
                for r in p.log.records.iter() {
                    if !r.key.is_null() {
                        latest.insert(r.key, r.offset);
                    }
                }
                let before = p.log.records.len();
                p.log.records.retain(|r| {
                    let young = r.timestamp + cfg.min_compaction_lag_ms > now_epoch;
                    if young || r.key.is_null() {
                        return true;
                    }
                    let is_latest = latest.get(&r.key) == Some(&r.offset);
                    if !is_latest {
                        return false;
                    }
                    // A tombstone is kept for delete.retention.ms so consumers can see it.
                    !(r.is_tombstone() && r.timestamp + cfg.delete_retention_ms <= now_epoch)
                });
                let gone = (before - p.log.records.len()) as u64;
                if gone > 0 {
                    p.log.recount(|k| keys.text(k).map_or(0, str::len));
                    removed += gone;
                    touched += 1;
                }
            }
            // A log still holding tombstones stays on the cleaner's list so each one goes
            // once its delete.retention.ms has passed (KIP-534's delete horizon).
            topic.dirty = topic
                .partitions
                .iter()
                .any(|p| p.log.records.iter().any(|r| r.is_tombstone()));
            if removed > 0 {
                ev.push((
                    self.now,
                    EventKind::Compacted {
                        topic: topic.name.clone(),
                        partitions: touched,
                        removed,
                    },
                ));
            }
        }
    }

    // ---------- groups ----------

    /// Runs `f` on every group with a context over the world's topics and time, then publishes
    /// what the groups sent to dead-letter topics.
    fn each_group(
        &mut self,
        ev: &mut Vec<(u64, EventKind)>,
        mut f: impl FnMut(&mut Group, &mut Ctx),
    ) {
        let mut dead_letters = Vec::new();
        let World {
            groups,
            topics,
            keys,
            now,
            ..
        } = self;
        for g in groups.values_mut() {
            let mut ctx = Ctx {
                topics,
                keys,
                now: *now,
                tick_ms: TICK_MS,
                events: ev,
                dead_letters: &mut dead_letters,
            };
            f(g, &mut ctx);
        }
        self.publish_dead_letters(dead_letters, ev);
    }

    /// Sends the records consumers' error handlers recovered to dead-letter topics
    /// (`DeadLetterPublishingRecoverer` sends with a `KafkaTemplate`) through the normal produce
    /// path. A send refused here (storage full, record too large) is reported as failed.
    fn publish_dead_letters(&mut self, reqs: Vec<ProduceRequest>, ev: &mut Vec<(u64, EventKind)>) {
        for req in reqs {
            let (producer, topic, partition) =
                (req.producer.clone(), req.topic.clone(), req.partition);
            if let Err(e) = self.produce(req, ev) {
                ev.push((
                    self.now,
                    EventKind::SendFailed {
                        producer,
                        topic,
                        partition: partition.unwrap_or(0),
                        reason: e.to_string(),
                        written: false,
                    },
                ));
            }
        }
    }

    fn with_group(
        &mut self,
        group: &str,
        ev: &mut Vec<(u64, EventKind)>,
        f: impl FnOnce(&mut Group, &mut Ctx),
    ) {
        let mut f = Some(f);
        self.each_group(ev, |g, ctx| {
            if g.name == group {
                if let Some(f) = f.take() {
                    f(g, ctx);
                }
            }
        });
    }

    fn active_member(&self, group: &str, member_id: &str) -> Result<&Member, EngineError> {
        let g = self
            .groups
            .get(group)
            .ok_or_else(|| EngineError::UnknownGroup(group.to_string()))?;
        let m = g
            .members
            .get(member_id)
            .ok_or_else(|| EngineError::UnknownMember {
                group: group.into(),
                member_id: member_id.into(),
            })?;
        if !m.is_active() {
            return Err(EngineError::InvalidRequest(format!(
                "Member '{member_id}' of group '{group}' is not running (it crashed or stopped)."
            )));
        }
        Ok(m)
    }

    fn join_group(
        &mut self,
        spec: MemberSpec,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if spec.group.trim().is_empty() {
            return Err(EngineError::InvalidRequest(
                "The configured groupId is invalid.".into(),
            ));
        }
        check_name("group", &spec.group)?;
        let cfg = &spec.config;
        if !(MIN_SESSION_TIMEOUT_MS..=MAX_SESSION_TIMEOUT_MS).contains(&cfg.session_timeout_ms) {
            return Err(EngineError::InvalidRequest(
                "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms)."
                    .into(),
            ));
        }
        if cfg.max_poll_records == 0 {
            return Err(EngineError::InvalidConfig(
                "Invalid value 0 for configuration max.poll.records: Value must be at least 1"
                    .into(),
            ));
        }
        if cfg.processing_us > 60_000_000 {
            return Err(EngineError::Limit(
                "Processing time per record must be at most 60 seconds.".into(),
            ));
        }
        match &spec.assign {
            Some(parts) => {
                if parts.is_empty() {
                    return Err(EngineError::InvalidRequest(
                        "assign() needs at least one partition.".into(),
                    ));
                }
                for tp in parts {
                    let ok = self
                        .topics
                        .get(&tp.topic)
                        .is_some_and(|t| (tp.partition as usize) < t.partitions.len());
                    if !ok {
                        return Err(EngineError::UnknownPartition {
                            topic: tp.topic.clone(),
                            partition: tp.partition,
                        });
                    }
                }
            }
            None => check_subscription(&spec.topics)?,
        }
        if let Some(id) = &spec.member_id {
            check_name("member id", id)?;
        }
        if let Some(s) = &cfg.group_instance_id {
            check_name("group.instance.id", s)?;
        }
        let reads: Vec<String> = match &spec.assign {
            Some(parts) => parts.iter().map(|tp| tp.topic.clone()).collect(),
            None => spec.topics.clone(),
        };
        check_dead_letter(&self.topics, cfg, &reads)?;
        let existing = self.groups.get(&spec.group);
        if existing.is_none() && self.groups.len() >= MAX_GROUPS {
            return Err(EngineError::Limit(format!(
                "This playground holds at most {MAX_GROUPS} groups."
            )));
        }
        let mut static_old: Option<String> = None;
        if let Some(g) = existing {
            if g.members.len() >= MAX_MEMBERS_PER_GROUP {
                return Err(EngineError::Limit(format!(
                    "A group holds at most {MAX_MEMBERS_PER_GROUP} members here."
                )));
            }
            if let Some(id) = &spec.member_id {
                if g.members.contains_key(id) {
                    return Err(EngineError::InvalidRequest(format!(
                        "Member '{id}' is already in group '{}'.",
                        spec.group
                    )));
                }
            }
            if spec.assign.is_none() {
                if let Some(other) = g
                    .protocol_members()
                    .find(|m| m.config.assignor != cfg.assignor)
                {
                    return Err(EngineError::InconsistentGroupProtocol(format!(
                        "the group uses {} and this consumer offers only {}; {} would have to change too",
                        other.config.assignor.name(),
                        cfg.assignor.name(),
                        other.member_id
                    )));
                }
                if let Some(inst) = &cfg.group_instance_id {
                    static_old = g
                        .members
                        .values()
                        .find(|m| m.config.group_instance_id.as_ref() == Some(inst))
                        .map(|m| m.member_id.clone());
                }
            }
        }
        // Valid: build the member (drawing its id from the RNG if needed).
        let mut config = spec.config.clone();
        if config.client_id.is_empty() || config.client_id == ConsumerConfig::default().client_id {
            self.client_seq += 1;
            config.client_id = format!("consumer-{}-{}", spec.group, self.client_seq);
        }
        let member_id = match spec.member_id {
            Some(id) => id,
            None => format!("{}-{}", config.client_id, self.uuid()),
        };
        let member = Member {
            member_id: member_id.clone(),
            config,
            topics: spec.topics.clone(),
            manual: spec.assign.clone(),
            status: MemberStatus::Active,
            assignment: Vec::new(),
            assigned_generation: -1,
            positions: BTreeMap::new(),
            batch: Default::default(),
            joined: false,
            budget_us: 0,
            last_auto_commit: 0,
            poll_cursor: 0,
            processed: 0,
            delivered: spec.capture.then(Vec::new),
            failures: Default::default(),
        };
        let group = spec.group.clone();
        self.groups
            .entry(group.clone())
            .or_insert_with(|| Group::new(&group));
        self.with_group(&group, ev, |g, ctx| match static_old {
            Some(old) => g.rejoin_static(&old, member, ctx),
            None => g.join(member, ctx),
        });
        Ok(())
    }

    /// `--reset-offsets` without `--execute`: the offsets it would set.
    pub fn plan_reset(
        &self,
        group: &str,
        topic: &str,
        partitions: Option<&[u32]>,
        to: &ResetTarget,
    ) -> Result<Vec<(TopicPartition, u64)>, EngineError> {
        if let Some(g) = self.groups.get(group) {
            // ConsumerGroupCommand refuses unless the group is Empty (or Dead).
            if !matches!(g.state, GroupState::Empty | GroupState::Dead) {
                return Err(EngineError::GroupActive {
                    group: group.to_string(),
                    state: g.state,
                });
            }
        }
        let t = self.topic(topic)?;
        let n = t.partitions.len() as u32;
        let parts: Vec<u32> = match partitions {
            Some(ps) => {
                for &p in ps {
                    if p >= n {
                        return Err(EngineError::UnknownPartition {
                            topic: topic.into(),
                            partition: p,
                        });
                    }
                }
                ps.to_vec()
            }
            None => (0..n).collect(),
        };
        let committed = self.groups.get(group).map(|g| &g.committed);
        let mut out = Vec::new();
        for p in parts {
            let tp = TopicPartition::new(topic, p);
            let (start, end) = log_bounds(&self.topics, &tp);
            let current = committed.and_then(|c| c.get(&tp).copied()).unwrap_or(end);
            let target = match to {
                ResetTarget::Earliest => start,
                ResetTarget::Latest => end,
                // ConsumerGroupCommand clamps requested offsets into the log's range.
                ResetTarget::Offset(o) => (*o).clamp(start, end),
                ResetTarget::ShiftBy(d) => {
                    (current as i128 + *d as i128).clamp(start as i128, end as i128) as u64
                }
                ResetTarget::Datetime(ts) => t
                    .partitions
                    .get(p as usize)
                    .and_then(|ps| {
                        ps.log
                            .records
                            .iter()
                            .find(|r| r.timestamp >= *ts)
                            .map(|r| r.offset)
                    })
                    .unwrap_or(end),
            };
            out.push((tp, target));
        }
        Ok(out)
    }

    /// A random UUID (version 4 layout) from the world's RNG.
    fn uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    }

    // ---------- views ----------

    pub fn topic_names(&self) -> Vec<String> {
        self.topics.keys().cloned().collect()
    }

    pub fn partition_count(&self, topic: &str) -> Option<u32> {
        self.topics.get(topic).map(|t| t.partitions.len() as u32)
    }

    pub fn topic_view(&self, name: &str) -> Option<TopicView> {
        let t = self.topics.get(name)?;
        Some(TopicView {
            name: t.name.clone(),
            topic_id: t.topic_id.clone(),
            replication_factor: t.replication_factor,
            configs: t
                .explicit_configs
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            compacted: t.config.compact,
            partitions: (0..t.partitions.len() as u32)
                .filter_map(|i| self.partition_view(name, i))
                .collect(),
        })
    }

    /// One partition's offsets and replicas, without building the whole topic's view.
    pub fn partition_view(&self, topic: &str, partition: u32) -> Option<PartitionView> {
        let p = self.topics.get(topic)?.partitions.get(partition as usize)?;
        Some(PartitionView {
            partition,
            log_start_offset: p.log.log_start_offset,
            log_end_offset: p.log.log_end_offset,
            high_watermark: p.high_watermark,
            stored_records: p.log.records.len() as u64,
            size_bytes: p.log.size_bytes,
            leader: p.leader,
            replicas: p.replicas.clone(),
            isr: p.isr.clone(),
            leader_epoch: p.leader_epoch,
            replica_log_end: p.replicas.iter().map(|&b| (b, p.replica_leo(b))).collect(),
        })
    }

    /// Every group's committed offset on each partition of `topic`: `(partition, group, offset)`
    /// in partition then group order.
    pub fn committed_offsets(&self, topic: &str) -> Vec<(u32, String, u64)> {
        let mut out: Vec<(u32, String, u64)> = self
            .groups
            .values()
            .flat_map(|g| {
                g.committed
                    .iter()
                    .filter(|(tp, _)| tp.topic == topic)
                    .map(|(tp, o)| (tp.partition, g.name.clone(), *o))
            })
            .collect();
        out.sort();
        out
    }

    pub fn topic_config(&self, name: &str) -> Option<&TopicConfig> {
        self.topics.get(name).map(|t| &t.config)
    }

    /// Up to `max` records of a partition from `from_offset` on (an empty list if none).
    pub fn records(
        &self,
        topic: &str,
        partition: u32,
        from_offset: u64,
        max: usize,
    ) -> Vec<RecordView> {
        let Some(p) = self
            .topics
            .get(topic)
            .and_then(|t| t.partitions.get(partition as usize))
        else {
            return Vec::new();
        };
        p.log
            .records
            .iter_from_offset(from_offset)
            .take(max)
            .map(|r| self.record_view(partition, r, p))
            .collect()
    }

    /// The last `max` records of a partition.
    pub fn tail(&self, topic: &str, partition: u32, max: usize) -> Vec<RecordView> {
        let Some(p) = self
            .topics
            .get(topic)
            .and_then(|t| t.partitions.get(partition as usize))
        else {
            return Vec::new();
        };
        let len = p.log.records.len();
        p.log
            .records
            .iter_from_rank(len.saturating_sub(max))
            .map(|r| self.record_view(partition, r, p))
            .collect()
    }

    fn record_view(&self, partition: u32, r: &StoredRecord, ps: &PartitionState) -> RecordView {
        let acks = ps.writer_of(r.offset).map_or(super::Acks::One, |w| w.acks);
        let committed = r.offset < ps.high_watermark;
        let outcome = if r.meta & flags::ACK_LOST != 0 {
            RecordOutcome::AckLost
        } else {
            match acks {
                super::Acks::Zero => RecordOutcome::NotConfirmed,
                super::Acks::One => RecordOutcome::Acknowledged,
                super::Acks::All if committed => RecordOutcome::Acknowledged,
                super::Acks::All if ps.is_held(r.offset) => RecordOutcome::AwaitingReplicas,
                super::Acks::All => RecordOutcome::ReportedFailed,
            }
        };
        RecordView {
            partition,
            offset: r.offset,
            timestamp: r.timestamp,
            key: self.keys.text(r.key).map(str::to_string),
            value: match (&r.value, r.generated_len()) {
                (Some(v), _) => Some(v.to_string()),
                (None, Some(len)) => Some(generated_value(len, r.offset)),
                (None, None) => None,
            },
            headers: if r.meta & flags::HEADERS != 0 {
                ps.log.headers.get(&r.offset).cloned().unwrap_or_default()
            } else {
                Vec::new()
            },
            duplicate: r.is_duplicate(),
            outcome,
            committed,
        }
    }

    /// Every broker with what it leads and holds.
    pub fn broker_views(&self) -> Vec<BrokerView> {
        self.brokers
            .values()
            .map(|b| {
                let (mut leader_of, mut replica_of, mut in_sync_of) = (0, 0, 0);
                for ps in self.topics.values().flat_map(|t| &t.partitions) {
                    leader_of += u32::from(ps.leader == Some(b.id));
                    replica_of += u32::from(ps.replicas.contains(&b.id));
                    in_sync_of += u32::from(ps.isr.contains(&b.id));
                }
                BrokerView {
                    id: b.id,
                    up: b.up,
                    copy_rate: b.copy_rate,
                    leader_of,
                    replica_of,
                    in_sync_of,
                }
            })
            .collect()
    }

    /// The partition a key goes to on this topic with the built-in partitioner.
    pub fn partition_for_key(&self, topic: &str, key: &str) -> Option<u32> {
        let n = self.partition_count(topic)?;
        Some(super::partitioner::partition_for_key(key.as_bytes(), n))
    }

    /// Records per partition over the records stored now, and each key's count, for skew views.
    pub fn key_counts(&self, topic: &str, partition: u32) -> Vec<(Option<String>, u64)> {
        let Some(p) = self
            .topics
            .get(topic)
            .and_then(|t| t.partitions.get(partition as usize))
        else {
            return Vec::new();
        };
        let mut counts: BTreeMap<KeyId, u64> = BTreeMap::new();
        for r in p.log.records.iter() {
            *counts.entry(r.key).or_default() += 1;
        }
        let mut out: Vec<(Option<String>, u64)> = counts
            .into_iter()
            .map(|(k, c)| (self.keys.text(k).map(str::to_string), c))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }

    /// The partitions of `topic` that hold at least one record whose key starts with `prefix`
    /// (lesson goals: "a key spread over N partitions"). Keys are matched once, then records
    /// are compared by key id, so a long log costs one integer compare per record.
    pub fn partitions_with_key_prefix(&self, topic: &str, prefix: &str) -> Vec<u32> {
        let Some(t) = self.topics.get(topic) else {
            return Vec::new();
        };
        let wanted: std::collections::BTreeSet<KeyId> = t
            .keys_seen
            .iter()
            .filter(|k| self.keys.text(*k).is_some_and(|s| s.starts_with(prefix)))
            .collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        (0..t.partitions.len() as u32)
            .filter(|&p| {
                t.partitions[p as usize]
                    .log
                    .records
                    .iter()
                    .rev()
                    .any(|r| wanted.contains(&r.key))
            })
            .collect()
    }

    /// Distinct keys written to a topic (that are still known) and the partitions they use now.
    pub fn keys_of_topic(&self, topic: &str) -> Vec<(String, u32)> {
        let Some(t) = self.topics.get(topic) else {
            return Vec::new();
        };
        let n = t.partitions.len() as u32;
        let mut out: Vec<(String, u32)> = t
            .keys_seen
            .iter()
            .filter_map(|k| {
                Some((
                    self.keys.text(k)?.to_string(),
                    partition_for_hash(self.keys.hash(k)?, n),
                ))
            })
            .collect();
        out.sort();
        out
    }

    /// The records a capturing member (`MemberSpec::capture`) processed since the last call, in
    /// the order it processed them. Records removed since (retention) are left out.
    pub fn take_delivered(&mut self, group: &str, member_id: &str) -> Vec<RecordView> {
        let Some(list) = self
            .groups
            .get_mut(group)
            .and_then(|g| g.members.get_mut(member_id))
            .and_then(|m| m.delivered.as_mut())
            .filter(|l| !l.is_empty())
        else {
            return Vec::new();
        };
        // Taking changes the world (the member captures again), so replay must take too.
        self.journal.push(Input::TakeDelivered {
            group: group.to_string(),
            member_id: member_id.to_string(),
        });
        let taken = std::mem::take(list);
        let mut out = Vec::with_capacity(taken.len());
        for (tp, offset) in taken {
            let Some(p) = self
                .topics
                .get(&tp.topic)
                .and_then(|t| t.partitions.get(tp.partition as usize))
            else {
                continue;
            };
            if let Some(r) = p
                .log
                .records
                .iter_from_offset(offset)
                .next()
                .filter(|r| r.offset == offset)
            {
                out.push(self.record_view(tp.partition, r, p));
            }
        }
        out
    }

    pub fn group_names(&self) -> Vec<String> {
        self.groups.keys().cloned().collect()
    }

    pub fn group_view(&self, name: &str) -> Option<GroupView> {
        let g = self.groups.get(name)?;
        let mut owners: BTreeMap<&TopicPartition, &str> = BTreeMap::new();
        for m in g.members.values() {
            for tp in &m.assignment {
                owners.insert(tp, &m.member_id);
            }
        }
        let mut parts: std::collections::BTreeSet<TopicPartition> =
            g.committed.keys().cloned().collect();
        for m in g.members.values() {
            parts.extend(m.assignment.iter().cloned());
        }
        let members = g
            .members
            .values()
            .map(|m| MemberView {
                member_id: m.member_id.clone(),
                client_id: m.config.client_id.clone(),
                group_instance_id: m.config.group_instance_id.clone(),
                host: "/127.0.0.1".into(),
                topics: m.topics.clone(),
                assignment: m.assignment.clone(),
                manual: m.manual.is_some(),
                status: m.status.into(),
                assignor: m.config.assignor,
                commit: m.config.commit,
                processing_us: m.config.processing_us,
                processed: m.processed,
                in_flight: m.batch.iter().map(|c| c.offsets.len() as u64).sum(),
                idle: m.manual.is_none()
                    && m.is_active()
                    && m.assignment.is_empty()
                    && g.state == GroupState::Stable,
                session_expires_at: match m.status {
                    MemberStatus::Crashed { since } | MemberStatus::Stopped { since } => {
                        Some(since.saturating_add(m.config.session_timeout_ms))
                    }
                    MemberStatus::Active => None,
                },
                failures: m.failure_view(),
            })
            .collect();
        let policy_of = |tp: &TopicPartition| {
            owners
                .get(tp)
                .and_then(|id| g.members.get(*id))
                .or_else(|| g.members.values().next())
                .map(|m| m.config.auto_offset_reset)
                .unwrap_or_default()
        };
        let partitions = parts
            .into_iter()
            .map(|tp| {
                let (start, end) = log_bounds(&self.topics, &tp);
                let committed = g.committed.get(&tp).copied();
                let lag = match committed {
                    Some(c) => end.saturating_sub(c),
                    None => match policy_of(&tp) {
                        super::OffsetReset::Latest => 0,
                        _ => end.saturating_sub(start),
                    },
                };
                let prog = g.progress.get(&tp).cloned().unwrap_or_default();
                PartitionLagView {
                    owner: owners.get(&tp).map(|s| s.to_string()),
                    partition: tp,
                    committed,
                    log_start_offset: start,
                    log_end_offset: end,
                    lag,
                    processed: prog.processed,
                    duplicates: prog.duplicates,
                    skipped: prog.skipped,
                }
            })
            .collect();
        Some(GroupView {
            name: g.name.clone(),
            state: g.state,
            generation: g.generation,
            assignor: g.assignor,
            members,
            partitions,
            rebalance_reason: g.rebalance.as_ref().map(|r| r.reason.clone()),
        })
    }

    pub fn producer_view(&self, name: &str) -> ProducerView {
        let default = ProducerState::default();
        let p = self.producers.get(name).unwrap_or(&default);
        ProducerView {
            name: name.to_string(),
            acks: p.config.acks.as_str().into(),
            retries: p.config.retries,
            idempotent: p.config.idempotent(),
            partitioner: p.config.partitioner.class_name().into(),
            sent: p.sent,
            acknowledged: p.acknowledged,
            failed: p.failed,
            duplicated: p.duplicated,
            retried: p.retried,
            pending_lost_acks: p.lose_acks,
            awaiting: p.awaiting,
            lost: p.lost,
        }
    }

    pub fn producer_config(&self, name: &str) -> ProducerConfig {
        self.producers
            .get(name)
            .map(|p| p.config.clone())
            .unwrap_or_default()
    }

    pub fn producer_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.producers.keys().cloned().collect();
        if !names.iter().any(|n| n == DEFAULT_PRODUCER) {
            names.insert(0, DEFAULT_PRODUCER.into());
        }
        names
    }

    pub fn loads(&self) -> Vec<LoadView> {
        self.loads
            .values()
            .map(|l| LoadView {
                id: l.spec.id.clone(),
                producer: l.spec.producer.clone(),
                topic: l.spec.topic.clone(),
                rate_per_sec: l.spec.rate_per_sec,
                value_size: l.spec.value_size,
                keys: l.spec.keys.describe(),
                produced: l.produced,
            })
            .collect()
    }

    /// Every broker id, up or down.
    pub fn brokers(&self) -> Vec<u32> {
        self.broker_ids()
    }

    /// How many distinct keys the world has interned (memory diagnostics).
    pub fn distinct_keys(&self) -> usize {
        self.keys.len()
    }

    /// Records stored over every topic (memory diagnostics and benchmarks).
    pub fn stored_records(&self) -> u64 {
        self.topics
            .values()
            .flat_map(|t| &t.partitions)
            .map(|p| p.log.records.len() as u64)
            .sum()
    }
}

/// Names of producers, groups and the like: non-empty, at most 249 characters, no control chars.
fn check_name(what: &str, name: &str) -> Result<(), EngineError> {
    if name.is_empty() || name.chars().count() > 249 || name.chars().any(char::is_control) {
        return Err(EngineError::InvalidRequest(format!(
            "The {what} '{}' is not valid: use 1 to 249 printable characters.",
            name.escape_default()
        )));
    }
    Ok(())
}

fn check_subscription(topics: &[String]) -> Result<(), EngineError> {
    if topics.is_empty() {
        return Err(EngineError::InvalidRequest(
            "A consumer must subscribe to at least one topic.".into(),
        ));
    }
    for t in topics {
        if t.trim().is_empty() {
            return Err(EngineError::InvalidRequest(
                "Topic collection to subscribe to cannot contain null or empty topic".into(),
            ));
        }
    }
    Ok(())
}

/// The producer named `name`, created with Kafka's defaults on first use.
fn producer_entry<'a>(
    producers: &'a mut BTreeMap<String, ProducerState>,
    names: &mut Vec<String>,
    name: &str,
) -> &'a mut ProducerState {
    producers.entry(name.to_string()).or_insert_with(|| {
        let id = names.len() as u32;
        names.push(name.to_string());
        ProducerState {
            id,
            ..ProducerState::default()
        }
    })
}

/// The partitions of a topic that have a leader, or `None` when all have one.
fn available_partitions(topic: &Topic) -> Option<Vec<u32>> {
    if topic.partitions.iter().all(|p| p.leader.is_some()) {
        return None;
    }
    Some(
        (0..topic.partitions.len() as u32)
            .filter(|&i| topic.partitions[i as usize].leader.is_some())
            .collect(),
    )
}

/// What `append` needs from the world besides the producer and the topic.
struct Appender<'a> {
    keys: &'a KeyInterner,
    rng: &'a mut ChaCha8Rng,
    now: u64,
    /// Where per-record events go (`None` for load generators, which are counted instead).
    events: Option<&'a mut Vec<(u64, EventKind)>>,
    /// Partitions with a leader when some have none (`available_partitions`).
    available: Option<&'a [u32]>,
}

/// Sends one record: picks the partition (`BuiltInPartitioner` / `RoundRobinPartitioner`
/// prefer partitions with a leader), writes it on the leader, and plays out `acks` and a lost
/// acknowledgement. Returns why the send failed, if it did.
#[allow(clippy::too_many_arguments)]
fn append(
    a: &mut Appender,
    producer_name: &str,
    producer: &mut ProducerState,
    topic: &mut Topic,
    key: KeyId,
    meta: u32,
    value: Option<Box<str>>,
    explicit: Option<u32>,
    headers: Vec<(String, String)>,
) -> Result<(), String> {
    let n = topic.partitions.len() as u32;
    if n == 0 {
        return Ok(());
    }
    let cfg = &producer.config;
    let key_len = a.keys.text(key).map_or(0, str::len);
    let available = a.available.filter(|v| !v.is_empty());
    // Kafka draws from the partitions with a leader when some have none.
    let draw = |rng: &mut ChaCha8Rng, n: u32| match available {
        Some(av) => av[rng.random_range(0..av.len())],
        None => rng.random_range(0..n.max(1)),
    };
    let use_sticky;
    let partition = match explicit {
        Some(p) => {
            use_sticky = false;
            p
        }
        None => match cfg.partitioner {
            PartitionerKind::RoundRobin => {
                // RoundRobinPartitioner: one counter per topic over the available partitions.
                use_sticky = false;
                if !producer.round_robin.contains_key(&topic.name) {
                    producer.round_robin.insert(topic.name.clone(), 0);
                }
                let c = producer.round_robin.get_mut(&topic.name);
                let p = c.as_deref().map_or(0, |c| match available {
                    Some(av) => av[*c as usize % av.len()],
                    None => *c % n,
                });
                if let Some(c) = c {
                    *c = c.wrapping_add(1);
                }
                p
            }
            PartitionerKind::BuiltIn => match a.keys.hash(key) {
                Some(h) if !cfg.ignore_keys => {
                    use_sticky = false;
                    partition_for_hash(h, n)
                }
                _ => {
                    use_sticky = true;
                    let rng = &mut *a.rng;
                    let s = producer.sticky.entry(topic.name.clone()).or_default();
                    if let (Some(av), Some(p)) = (available, s.partition) {
                        if !av.contains(&p) {
                            s.partition = None;
                        }
                    }
                    s.current(n, &mut |m| draw(rng, m))
                }
            },
        },
    };
    let Some(ps) = topic.partitions.get_mut(partition as usize) else {
        return Ok(());
    };
    producer.sent += 1;
    let acks = producer.config.acks;
    let fail = |producer: &mut ProducerState, a: &mut Appender, reason: String| {
        producer.failed += 1;
        if let Some(ev) = a.events.as_deref_mut() {
            ev.push((
                a.now,
                EventKind::SendFailed {
                    producer: producer_name.into(),
                    topic: topic.name.clone(),
                    partition,
                    reason: reason.clone(),
                    written: false,
                },
            ));
        }
        Err(reason)
    };
    if ps.leader.is_none() {
        let reason = cluster::no_leader(1, &topic.name, partition);
        return fail(producer, a, reason);
    }
    let min_isr = topic.config.min_insync_replicas;
    if acks == super::Acks::All && (ps.isr.len() as u32) < min_isr {
        let reason = cluster::not_enough_replicas(&ps.isr, min_isr, &topic.name, partition);
        return fail(producer, a, reason);
    }
    let timestamp = EPOCH_MS + a.now;
    let record = StoredRecord {
        offset: 0,
        timestamp,
        key,
        meta,
        value,
    };
    let size = record.size_bytes(key_len);
    let will_duplicate = producer.lose_acks > 0 && acks != super::Acks::Zero;
    let dup = will_duplicate.then(|| StoredRecord {
        meta: record.meta | flags::DUPLICATE | flags::ACK_LOST,
        ..record.clone()
    });
    let dup_headers = if will_duplicate {
        headers.clone()
    } else {
        Vec::new()
    };
    let notify = a.events.is_some();
    let record = if will_duplicate {
        StoredRecord {
            meta: record.meta | flags::ACK_LOST,
            ..record
        }
    } else {
        record
    };
    let held = write_record(ps, record, key_len, headers, producer.id, acks, notify);
    let offset = ps.log.log_end_offset - 1;
    topic.keys_seen.insert(key);
    if topic.config.compact {
        topic.dirty = true;
    }
    if let Some(ev) = a.events.as_deref_mut() {
        ev.push((
            a.now,
            EventKind::RecordAppended {
                topic: topic.name.clone(),
                partition,
                offset,
                key: a.keys.text(key).map(str::to_string),
                producer: producer_name.to_string(),
            },
        ));
    }
    let cfg = &producer.config;
    let (retries, idempotent, batch) = (cfg.retries, cfg.idempotent(), u64::from(cfg.batch_size));
    if will_duplicate {
        producer.lose_acks -= 1;
        // The ack of the first write never arrives: it is not counted as held or acknowledged.
        if held {
            ps_release_one(topic, partition, offset);
        }
        let mut push = |k: EventKind| {
            if let Some(ev) = a.events.as_deref_mut() {
                ev.push((a.now, k));
            }
        };
        push(EventKind::AckLost {
            producer: producer_name.into(),
            topic: topic.name.clone(),
            partition,
            offset,
        });
        if retries == 0 {
            producer.failed += 1;
            push(EventKind::SendFailed {
                producer: producer_name.into(),
                topic: topic.name.clone(),
                partition,
                reason: "NetworkException: the connection was lost before the acknowledgement arrived, and retries=0".into(),
                written: true,
            });
        } else if idempotent {
            // The broker keeps the last sequence numbers per producer id and drops the repeat.
            producer.retried += 1;
            producer.acknowledged += 1;
            push(EventKind::RetryDeduplicated {
                producer: producer_name.into(),
                topic: topic.name.clone(),
                partition,
                offset,
            });
        } else {
            producer.retried += 1;
            producer.duplicated += 1;
            if let (Some(ps), Some(dup)) = (topic.partitions.get_mut(partition as usize), dup) {
                let dup = StoredRecord {
                    meta: dup.meta & !flags::ACK_LOST,
                    ..dup
                };
                let held = write_record(ps, dup, key_len, dup_headers, producer.id, acks, notify);
                let dup_offset = ps.log.log_end_offset - 1;
                if held {
                    producer.awaiting += 1;
                } else {
                    producer.acknowledged += 1;
                }
                push(EventKind::DuplicateWritten {
                    producer: producer_name.into(),
                    topic: topic.name.clone(),
                    partition,
                    offset: dup_offset,
                    original_offset: offset,
                });
            }
        }
    } else if held {
        producer.awaiting += 1;
    } else if acks != super::Acks::Zero {
        producer.acknowledged += 1;
    }
    if use_sticky {
        let rng = &mut *a.rng;
        if let Some(s) = producer.sticky.get_mut(&topic.name) {
            s.record_appended(size, batch, n, &mut |m| draw(rng, m));
        }
    }
    Ok(())
}

/// Stops holding the record at `offset` (its acknowledgement was lost anyway).
fn ps_release_one(topic: &mut Topic, partition: u32, offset: u64) {
    let Some(ps) = topic.partitions.get_mut(partition as usize) else {
        return;
    };
    if let Some(last) = ps.pending.back_mut() {
        if last.end == offset + 1 {
            last.end = offset;
            if last.end <= last.first {
                ps.pending.pop_back();
            }
        }
    }
}
