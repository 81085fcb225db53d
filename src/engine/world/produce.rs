//! Producing: single sends, load generators, and `append`, which writes one record.

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::super::event::EventKind;
use super::super::log::{flags, KeyId, KeyInterner, StoredRecord};
use super::super::partitioner::{partition_for_hash, PartitionerKind};
use super::super::producer::{Load, LoadSpec, ProducerState, MAX_RATE, MAX_VALUE_SIZE};
use super::super::time::EPOCH_MS;
use super::super::topic::Topic;
use super::super::{EngineError, ProduceRequest};
use super::cluster::{self, write_record};
use super::{check_name, World, MAX_LOADS, MAX_REQUEST_SIZE, STORAGE_LIMIT_RECORDS, TICK_MS};

impl World {
    pub(super) fn produce(
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
        let size = super::super::log::RECORD_OVERHEAD_BYTES
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

    pub(super) fn start_load(
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
        if topic.config.compact && spec.keys == super::super::KeyStrategy::Null {
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

    pub(super) fn run_loads(&mut self, ev: &mut Vec<(u64, EventKind)>) {
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
            let mut wanted = milli / 1000;
            load.carry_millirecords = milli % 1000;
            if let Some(limit) = load.spec.limit {
                wanted = wanted.min(limit.saturating_sub(load.produced));
            }
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
}

/// The producer named `name`, created with Kafka's defaults on first use.
pub(super) fn producer_entry<'a>(
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
    if acks == super::super::Acks::All && (ps.isr.len() as u32) < min_isr {
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
    let will_duplicate = producer.lose_acks > 0 && acks != super::super::Acks::Zero;
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
    } else if acks != super::super::Acks::Zero {
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
