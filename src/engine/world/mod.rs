//! The world: brokers, topics, producers, load generators and groups, moved by commands and by
//! simulated time in fixed ticks.
//!
//! Every command is validated completely before anything changes (and before the RNG is
//! touched), so a refused command leaves the world exactly as it was.
//!
//! `impl World` is split by subject: `topics`, `produce`, `retention`, `groups`, `views` and
//! `cluster` (brokers and replication). This file holds the struct, `new`, `replay`, the
//! `apply` dispatch, `advance` with the tick, and the helpers several of them share.

use std::collections::BTreeMap;

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::event::{Event, EventKind};
use super::group::{check_dead_letter_not_read, Group};
use super::log::KeyInterner;
use super::producer::{Load, ProducerState};
use super::share_group::{ShareGroup, ShareSettings};
use super::time::EPOCH_MS;
use super::timeline::{self, History, Input, Journal, Samples, Series, SAMPLE_MS};
use super::topic::Topic;
use cluster::{Broker, Ledger};
use groups::check_subscription;
use produce::producer_entry;

mod cluster;
mod groups;
mod produce;
mod retention;
mod share_groups;
mod topics;
mod views;
pub use cluster::{LostRecord, MAX_BROKERS, REPLICA_LAG_TIME_MAX_MS};

use super::{Command, EngineError, TopicPartition};

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
    /// Share groups (KIP-932) by group id; a group id names one group of one type.
    share_groups: BTreeMap<String, ShareGroup>,
    /// Share group configs set with `kafka-configs --entity-type groups`, by group id.
    group_configs: BTreeMap<String, ShareSettings>,
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
            brokers: crate::engine::sort::btree_map((1..=BROKER_COUNT).map(|id| {
                (
                    id,
                    Broker {
                        id,
                        up: true,
                        copy_rate: None,
                    },
                )
            })),
            topics: BTreeMap::new(),
            keys: KeyInterner::default(),
            producers: BTreeMap::new(),
            producer_names: Vec::new(),
            ledger: Ledger::default(),
            loads: BTreeMap::new(),
            groups: BTreeMap::new(),
            share_groups: BTreeMap::new(),
            group_configs: BTreeMap::new(),
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

    /// The topic, or Kafka's unknown-topic error.
    fn topic(&self, name: &str) -> Result<&Topic, EngineError> {
        self.topics
            .get(name)
            .ok_or_else(|| EngineError::UnknownTopic(name.to_string()))
    }

    /// The number below `bound` the world's RNG would give next, without drawing it (nothing
    /// changes, so nothing needs replaying). For names a client picks at random, such as
    /// `ConsoleConsumerOptions`' `"console-consumer-" + RANDOM.nextInt(100000)`: the name reaches
    /// the world inside the command that uses it (a `JoinGroup`'s group), and that command's own
    /// draw (the member id) moves the RNG on, so the next name differs.
    pub fn peek_random(&self, bound: u32) -> u32 {
        self.rng.clone().random_range(0..bound.max(1))
    }

    /// A random UUID (version 4 layout) from the world's RNG.
    /// A Kafka `Uuid` (22 characters of URL-safe base64) from the world's RNG.
    fn kafka_uuid(&mut self) -> String {
        let rng = &mut self.rng;
        super::group::kafka_uuid(|| {
            let mut b = [0u8; 16];
            rng.fill_bytes(&mut b);
            b
        })
    }

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
            Command::LeaveGroup { group, member_id } if self.share_groups.contains_key(&group) => {
                self.active_share_member(&group, &member_id)?;
                self.with_share_group(&group, &mut ev, |g, s, ctx| g.leave(&member_id, s, ctx));
            }
            Command::CrashMember { group, member_id } if self.share_groups.contains_key(&group) => {
                self.active_share_member(&group, &member_id)?;
                self.with_share_group(&group, &mut ev, |g, s, ctx| g.crash(&member_id, s, ctx));
            }
            Command::SetProcessing {
                group,
                member_id,
                processing_us,
            } if self.share_groups.contains_key(&group) => {
                self.active_share_member(&group, &member_id)?;
                if processing_us > 60_000_000 {
                    return Err(EngineError::Limit(
                        "Processing time per record must be at most 60 seconds.".into(),
                    ));
                }
                if let Some(m) = self
                    .share_groups
                    .get_mut(&group)
                    .and_then(|g| g.members.get_mut(&member_id))
                {
                    m.config.processing_us = processing_us;
                }
            }
            Command::DeleteGroup { group } if self.share_groups.contains_key(&group) => {
                self.delete_share_group(&group, &mut ev)?
            }
            Command::JoinShareGroup(spec) => self.join_share_group(spec, &mut ev)?,
            Command::AlterGroupConfig { group, set, delete } => {
                self.alter_group_config(&group, &set, &delete, &mut ev)?
            }
            Command::ResetShareOffsets {
                group,
                topic,
                partitions,
                to,
            } => {
                let plan = self.plan_share_reset(&group, &topic, partitions.as_deref(), &to)?;
                self.reset_share_offsets(&group, plan, &mut ev);
            }
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
            Command::SetGroupRemoteAssignor { group, assignor } => {
                if !self.groups.contains_key(&group) {
                    return Err(EngineError::UnknownGroup(group));
                }
                self.with_group(&group, &mut ev, |g, ctx| {
                    g.set_remote_assignor(assignor, ctx)
                });
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
                    g.committed_epoch.remove(tp);
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
        // Share groups: the lag `kafka-share-groups --describe` reports, per partition.
        for (name, g) in &self.share_groups {
            let lags = self.samples.lag.entry(name.clone()).or_default();
            for tp in g.partitions.keys() {
                let (_, hw) = super::group::log_bounds(&self.topics, tp);
                let lag = g.lag(tp, hw).unwrap_or(0);
                timeline::push_sample(lags.entry(tp.clone()).or_default(), now, lag);
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
        self.run_share_groups(ev);
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
