//! Brokers and replication: followers copying from leaders, the ISR shrinking and growing,
//! leader elections when brokers die and return, and what a leader change does to records
//! that were not yet on the new leader.
//!
//! Rules from Apache Kafka:
//! - elections as the KRaft controller makes them (`PartitionChangeBuilder.electAnyLeader`):
//!   the first replica in `replicas` order that is in the ISR and alive; with
//!   `unclean.leader.election.enable`, else the first alive replica, whose ISR becomes just
//!   itself. Without eligible leader replicas (KIP-966, not modelled) an ISR that would become
//!   empty keeps its last member, so that broker leads again when it returns;
//! - the ISR (`Partition.maybeShrinkIsr` / `maybeExpandIsr`): a follower leaves when it has
//!   not caught up for `replica.lag.time.max.ms` (checked every half of that), and rejoins
//!   once its log-end offset reaches the high watermark and the current leader epoch's start;
//! - the high watermark is the smallest log-end offset in the ISR
//!   (`Partition.maybeIncrementLeaderHW`); `acks=all` waits for it (`DelayedProduce`);
//! - `auto.leader.rebalance.enable`: every `leader.imbalance.check.interval.seconds` (300 s),
//!   a broker leading less than 90% of the partitions it is preferred leader for gets them
//!   back (`QuorumController` / `ReplicationControlManager.maybeBalancePartitionLeaders`).
//!
//! Simplifications (documented in the README): the controller notices a dead broker at once
//! (Kafka waits `broker.session.timeout.ms`, 9 s); followers copy everything the leader has
//! once per tick unless slowed down; the group coordinator is not affected by broker failures.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::config::Acks;
use super::super::event::EventKind;
use super::super::log::{flags, KeyInterner, StoredRecord};
use super::super::producer::ProducerState;
use super::super::topic::{PartitionState, PendingRun, Topic};
use super::super::{EngineError, TopicPartition};
use super::World;

/// The most brokers the playground cluster may have (`sim broker add`).
pub const MAX_BROKERS: u32 = 9;
/// `replica.lag.time.max.ms` broker default (30 s since Kafka 2.5).
pub const REPLICA_LAG_TIME_MAX_MS: u64 = 30_000;
/// `leader.imbalance.check.interval.seconds` (300) in milliseconds.
pub const LEADER_IMBALANCE_CHECK_MS: u64 = 300_000;
/// `leader.imbalance.per.broker.percentage` default.
pub const LEADER_IMBALANCE_PERCENT: u64 = 10;
/// The most lost records the ledger lists (all are counted).
pub const LOST_LISTED: usize = 1_000;

/// `Partition.appendRecordsToLeader` refusing an `acks=all` write, word for word (the ISR is
/// printed as a Scala `Set`).
pub(super) fn not_enough_replicas(
    isr: &[u32],
    min_isr: u32,
    topic: &str,
    partition: u32,
) -> String {
    let isr: Vec<String> = isr.iter().map(|b| b.to_string()).collect();
    format!(
        "NotEnoughReplicasException: The size of the current ISR Set({}) is insufficient to satisfy the min.isr requirement of {min_isr} for partition {topic}-{partition}",
        isr.join(", ")
    )
}

/// A send to a partition without a leader: the producer's batch expires.
pub(super) fn no_leader(records: u64, topic: &str, partition: u32) -> String {
    format!(
        "TimeoutException: Expiring {records} record(s) for {topic}-{partition}: the partition has no leader (the playground fails the send at once; Kafka retries until delivery.timeout.ms, 2 minutes)"
    )
}

/// One broker of the playground cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broker {
    pub id: u32,
    pub up: bool,
    /// Followers on this broker copy at most this many records per second per partition
    /// (`Some(0)`: not at all). `None`: they keep up.
    pub copy_rate: Option<u32>,
}

/// A record that was written and later cut off by a leader change: the ledger of loss.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostRecord {
    /// Simulated milliseconds when it was lost.
    pub at: u64,
    pub topic: String,
    pub partition: u32,
    pub offset: u64,
    pub key: Option<String>,
    pub producer: String,
    pub acks: Acks,
    /// The producer had been told the record was written.
    pub acknowledged: bool,
    pub unclean: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pub recent: std::collections::VecDeque<LostRecord>,
    pub lost: u64,
    pub acknowledged_lost: u64,
}

/// What a leader change needs besides the partition.
pub(super) struct Fx<'a> {
    pub producers: &'a mut BTreeMap<String, ProducerState>,
    pub producer_names: &'a [String],
    pub keys: &'a KeyInterner,
    pub ledger: &'a mut Ledger,
    pub now: u64,
    pub ev: &'a mut Vec<(u64, EventKind)>,
    /// Partitions whose log was cut back, and where to: the groups must hear of it.
    pub truncated: Vec<(TopicPartition, u64)>,
}

impl Fx<'_> {
    fn producer(&mut self, id: u32) -> Option<(&str, &mut ProducerState)> {
        let name = self.producer_names.get(id as usize)?;
        let p = self.producers.get_mut(name)?;
        Some((name.as_str(), p))
    }

    /// Acknowledges held `acks=all` records that the ISR now has.
    /// When the ISR shrank below `min.insync.replicas` meanwhile, the producer hears
    /// `NotEnoughReplicasAfterAppendException` instead, though the records stay written.
    fn acknowledge(&mut self, topic: &str, partition: u32, ps: &mut PartitionState, min_isr: u32) {
        let min_isr_ok = ps.isr.len() as u32 >= min_isr;
        let isr_len = ps.isr.len();
        for run in ps.release() {
            let n = run.end - run.first;
            let now = self.now;
            if let Some((name, p)) = self.producer(run.producer) {
                p.awaiting = p.awaiting.saturating_sub(n);
                if min_isr_ok {
                    p.acknowledged += n;
                } else {
                    p.failed += n;
                    let producer = name.to_string();
                    self.ev.push((
                        now,
                        EventKind::SendFailed {
                            producer,
                            topic: topic.to_string(),
                            partition,
                            reason: format!(
                                "NotEnoughReplicasAfterAppendException: The number of insync replicas ({}) dropped below min.insync.replicas ({min_isr}) after the records were written",
                                isr_len
                            ),
                            written: true,
                        },
                    ));
                    continue;
                }
                if run.notify {
                    let producer = name.to_string();
                    self.ev.push((
                        now,
                        EventKind::RecordsAcknowledged {
                            producer,
                            topic: topic.to_string(),
                            partition,
                            from: run.first,
                            to: run.end,
                        },
                    ));
                }
            }
        }
    }

    /// Every held record fails: the leader is gone and no other replica can take over. The
    /// producer retries until `delivery.timeout.ms`; the playground reports the failure at once.
    fn fail_held(&mut self, topic: &str, partition: u32, ps: &mut PartitionState) {
        let runs: Vec<_> = ps.pending.drain(..).collect();
        for run in runs {
            let n = run.end - run.first;
            let now = self.now;
            if let Some((name, p)) = self.producer(run.producer) {
                p.awaiting = p.awaiting.saturating_sub(n);
                p.failed += n;
                let producer = name.to_string();
                self.ev.push((
                    now,
                    EventKind::SendFailed {
                        producer,
                        topic: topic.to_string(),
                        partition,
                        reason: no_leader(n, topic, partition),
                        written: true,
                    },
                ));
            }
        }
    }
}

/// `PartitionChangeBuilder.electAnyLeader` for a partition whose leader is gone.
/// Returns the new leader and whether the election was unclean.
fn elect(ps: &PartitionState, alive: &impl Fn(u32) -> bool, unclean: bool) -> Option<(u32, bool)> {
    if let Some(l) = ps.leader.filter(|&l| alive(l) && ps.isr.contains(&l)) {
        return Some((l, false));
    }
    if let Some(&b) = ps
        .replicas
        .iter()
        .find(|&&b| ps.isr.contains(&b) && alive(b))
    {
        return Some((b, false));
    }
    if unclean {
        if let Some(&b) = ps.replicas.iter().find(|&&b| alive(b)) {
            return Some((b, true));
        }
    }
    None
}

/// A record to send again.
struct Resend {
    record: StoredRecord,
    headers: Vec<(String, String)>,
    producer: u32,
    /// The first copy stays in the log: this one is a duplicate.
    duplicate: bool,
    /// Report the acknowledgement as an event (sent by a command).
    notify: bool,
}

/// Makes `new` the leader (or leaves the partition offline with `None`): bumps the leader
/// epoch and cuts the log back to the new leader's log-end offset. Records cut off are
/// retried by their producer when it still waited for them, and lost otherwise.
pub(super) fn change_leader(
    topic: &mut Topic,
    partition: u32,
    new: Option<(u32, bool)>,
    fx: &mut Fx,
) {
    let name = topic.name.clone();
    let min_isr = topic.config.min_insync_replicas;
    if topic.config.compact {
        topic.dirty = true;
    }
    let Some(ps) = topic.partitions.get_mut(partition as usize) else {
        return;
    };
    let old = ps.leader;
    if old == new.map(|n| n.0) {
        return;
    }
    if let Some(o) = old {
        let leo = ps.log.log_end_offset;
        ps.set_replica_leo(o, leo);
    }
    ps.leader_epoch += 1;
    let unclean = new.is_some_and(|n| n.1);
    // The new leader's log-end offset, read before it leads (then it would be the log's).
    let new_end = new.map_or(0, |n| ps.replica_leo(n.0));
    ps.leader = new.map(|n| n.0);
    if unclean {
        ps.isr = ps.leader.into_iter().collect();
    }
    fx.ev.push((
        fx.now,
        EventKind::LeaderChanged {
            topic: name.clone(),
            partition,
            from: old,
            to: ps.leader,
            epoch: ps.leader_epoch,
            unclean,
            isr: ps.isr.clone(),
        },
    ));
    if ps.leader.is_none() {
        fx.fail_held(&name, partition, ps);
        return;
    }
    let hw_before = ps.high_watermark;
    let keys = fx.keys;
    let held: Vec<_> = ps.pending.drain(..).collect();
    // Held records the new leader already has: the producer's request to the old leader
    // failed, so it sends them again. With idempotence the broker recognises the sequence and
    // keeps the request waiting for the ISR; without, the retry is written a second time.
    let mut resend: Vec<Resend> = Vec::new();
    for r in held.iter().filter(|r| r.first < new_end) {
        let end = r.end.min(new_end);
        let idempotent = fx
            .producer(r.producer)
            .is_some_and(|(_, p)| p.config.idempotent());
        if idempotent {
            if let Some((_, p)) = fx.producer(r.producer) {
                p.retried += end - r.first;
            }
            ps.pending.push_back(PendingRun { end, ..*r });
        } else {
            for rec in ps.log.records.iter_from_offset(r.first) {
                if rec.offset >= end {
                    break;
                }
                resend.push(Resend {
                    record: rec.clone(),
                    headers: ps.log.headers.get(&rec.offset).cloned().unwrap_or_default(),
                    producer: r.producer,
                    duplicate: true,
                    notify: r.notify,
                });
            }
        }
    }
    let held_run = |o: u64| held.iter().find(|r| r.first <= o && o < r.end);
    let cut = ps
        .log
        .truncate_to(new_end, |k| keys.text(k).map_or(0, str::len));
    let (mut lost, mut lost_acked) = (0u64, 0u64);
    for (rec, h) in cut {
        let (producer, acks) = ps
            .writer_of(rec.offset)
            .map_or((u32::MAX, Acks::One), |w| (w.producer, w.acks));
        if let Some(run) = held_run(rec.offset).filter(|_| acks == Acks::All) {
            resend.push(Resend {
                record: rec,
                headers: h,
                producer,
                duplicate: false,
                notify: run.notify,
            });
            continue;
        }
        let acknowledged = match acks {
            Acks::Zero => false,
            Acks::One => true,
            Acks::All => rec.offset < hw_before,
        };
        if acks == Acks::All && !acknowledged {
            // The producer was already told this send failed: nothing more is lost.
            continue;
        }
        lost += 1;
        let pname = fx
            .producer_names
            .get(producer as usize)
            .cloned()
            .unwrap_or_default();
        if acknowledged {
            lost_acked += 1;
            if let Some(p) = fx.producers.get_mut(&pname) {
                p.lost += 1;
            }
        }
        fx.ledger.lost += 1;
        fx.ledger.acknowledged_lost += u64::from(acknowledged);
        if fx.ledger.recent.len() >= LOST_LISTED {
            fx.ledger.recent.pop_front();
        }
        fx.ledger.recent.push_back(LostRecord {
            at: fx.now,
            topic: name.clone(),
            partition,
            offset: rec.offset,
            key: keys.text(rec.key).map(str::to_string),
            producer: pname,
            acks,
            acknowledged,
            unclean,
        });
    }
    while ps.writers.back().is_some_and(|w| w.first >= new_end) {
        ps.writers.pop_back();
    }
    for slot in ps.leo.iter_mut() {
        *slot = (*slot).min(new_end);
    }
    ps.high_watermark = ps.high_watermark.min(new_end);
    ps.epoch_start = new_end;
    if lost > 0 {
        fx.ev.push((
            fx.now,
            EventKind::RecordsLost {
                topic: name.clone(),
                partition,
                from: new_end,
                count: lost,
                acknowledged: lost_acked,
                unclean,
            },
        ));
    }
    if new_end < hw_before || lost > 0 {
        fx.truncated
            .push((TopicPartition::new(name.clone(), partition), new_end));
    }
    // Retries go to the new leader (the same offsets again when the log was cut).
    let mut retried_by: BTreeMap<u32, u64> = BTreeMap::new();
    for r in resend {
        let Resend {
            record: mut rec,
            headers: h,
            producer,
            duplicate,
            notify,
        } = r;
        let Some((_, p)) = fx.producer(producer) else {
            continue;
        };
        p.retried += 1;
        if duplicate {
            rec.meta |= flags::DUPLICATE;
            p.duplicated += 1;
        }
        let acks = p.config.acks;
        // It was held once already: `awaiting` still counts it.
        p.awaiting = p.awaiting.saturating_sub(1);
        *retried_by.entry(producer).or_default() += 1;
        if acks == Acks::All && (ps.isr.len() as u32) < min_isr {
            p.failed += 1;
            let (pname, now) = (
                fx.producer_names
                    .get(producer as usize)
                    .cloned()
                    .unwrap_or_default(),
                fx.now,
            );
            fx.ev.push((
                now,
                EventKind::SendFailed {
                    producer: pname,
                    topic: name.clone(),
                    partition,
                    reason: not_enough_replicas(&ps.isr, min_isr, &name, partition),
                    written: false,
                },
            ));
            continue;
        }
        let key_len = keys.text(rec.key).map_or(0, str::len);
        let held = write_record(ps, rec, key_len, h, producer, acks, notify);
        let offset = ps.log.log_end_offset - 1;
        let now = fx.now;
        if let Some((pname, p)) = fx.producer(producer) {
            if held {
                p.awaiting += 1;
            } else {
                p.acknowledged += 1;
                if notify && acks == Acks::All {
                    let pname = pname.to_string();
                    fx.ev.push((
                        now,
                        EventKind::RecordsAcknowledged {
                            producer: pname,
                            topic: name.clone(),
                            partition,
                            from: offset,
                            to: offset + 1,
                        },
                    ));
                }
            }
        }
    }
    for (producer, count) in retried_by {
        if let Some(pname) = fx.producer_names.get(producer as usize) {
            fx.ev.push((
                fx.now,
                EventKind::RecordsResent {
                    producer: pname.clone(),
                    topic: name.clone(),
                    partition,
                    count,
                },
            ));
        }
    }
    ps.update_high_watermark();
    fx.acknowledge(&name, partition, ps, min_isr);
}

/// Appends one record on the leader and notes who wrote it. Returns whether the record is
/// held for the ISR (`acks=all` and not yet on every in-sync replica).
pub(super) fn write_record(
    ps: &mut PartitionState,
    record: StoredRecord,
    key_len: usize,
    headers: Vec<(String, String)>,
    producer: u32,
    acks: Acks,
    notify: bool,
) -> bool {
    let offset = ps.log.append(record, key_len, headers);
    ps.note_writer(offset, producer, acks);
    if ps.isr.len() <= 1 {
        ps.high_watermark = ps.log.log_end_offset;
    }
    if acks == Acks::All && offset >= ps.high_watermark {
        ps.hold(offset, producer, notify);
        true
    } else {
        false
    }
}

impl World {
    pub(super) fn alive_brokers(&self) -> Vec<u32> {
        self.brokers
            .values()
            .filter(|b| b.up)
            .map(|b| b.id)
            .collect()
    }

    fn broker_checked(&self, id: u32) -> Result<&Broker, EngineError> {
        self.brokers.get(&id).ok_or_else(|| {
            let ids: Vec<String> = self.brokers.keys().map(|b| b.to_string()).collect();
            EngineError::InvalidRequest(format!(
                "Broker {id} does not exist. The cluster has brokers {}.",
                ids.join(", ")
            ))
        })
    }

    /// Runs `f` on every partition with a context for leader changes.
    fn each_partition(
        &mut self,
        ev: &mut Vec<(u64, EventKind)>,
        mut f: impl FnMut(&mut Topic, u32, &BTreeMap<u32, Broker>, &mut Fx),
    ) {
        let World {
            topics,
            producers,
            producer_names,
            keys,
            ledger,
            brokers,
            now,
            ..
        } = self;
        let mut fx = Fx {
            producers,
            producer_names,
            keys,
            ledger,
            now: *now,
            ev,
            truncated: Vec::new(),
        };
        for topic in topics.values_mut() {
            for p in 0..topic.partitions.len() as u32 {
                f(topic, p, brokers, &mut fx);
            }
        }
        let truncated = std::mem::take(&mut fx.truncated);
        for (tp, end) in truncated {
            self.groups_see_truncation(&tp, end);
        }
    }

    /// `sim broker kill ID`: the broker process dies.
    pub(super) fn kill_broker(
        &mut self,
        id: u32,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if !self.broker_checked(id)?.up {
            return Err(EngineError::InvalidRequest(format!(
                "Broker {id} is already down. Start it with: sim broker start {id}"
            )));
        }
        if let Some(b) = self.brokers.get_mut(&id) {
            b.up = false;
        }
        ev.push((self.now, EventKind::BrokerStopped { broker: id }));
        self.each_partition(ev, |topic, p, brokers, fx| {
            let alive = |b: u32| brokers.get(&b).is_some_and(|x| x.up);
            let unclean = topic.config.unclean_leader_election;
            let min_isr = topic.config.min_insync_replicas;
            let name = topic.name.clone();
            let Some(ps) = topic.partitions.get_mut(p as usize) else {
                return;
            };
            if !ps.replicas.contains(&id) {
                return;
            }
            if ps.leader == Some(id) {
                let leo = ps.log.log_end_offset;
                ps.set_replica_leo(id, leo);
            }
            // The controller removes the fenced broker from the ISR, unless it is the last.
            if ps.isr.contains(&id) && ps.isr.len() > 1 {
                ps.isr.retain(|&b| b != id);
                if ps.leader != Some(id) {
                    fx.ev.push((
                        fx.now,
                        EventKind::IsrShrunk {
                            topic: name.clone(),
                            partition: p,
                            broker: id,
                            isr: ps.isr.clone(),
                            reason: format!("broker {id} stopped"),
                        },
                    ));
                }
            }
            if ps.leader == Some(id) {
                let new = elect(ps, &alive, unclean);
                change_leader(topic, p, new, fx);
            } else if let Some(ps) = topic.partitions.get_mut(p as usize) {
                ps.update_high_watermark();
                fx.acknowledge(&name, p, ps, min_isr);
            }
        });
        Ok(())
    }

    /// `sim broker start ID`: the broker comes back with the log it had.
    pub(super) fn start_broker(
        &mut self,
        id: u32,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        if self.broker_checked(id)?.up {
            return Err(EngineError::InvalidRequest(format!(
                "Broker {id} is already running."
            )));
        }
        if let Some(b) = self.brokers.get_mut(&id) {
            b.up = true;
        }
        ev.push((self.now, EventKind::BrokerStarted { broker: id }));
        self.elect_offline(ev, None);
        Ok(())
    }

    /// Elects leaders for partitions that have none (of one topic, or all).
    pub(super) fn elect_offline(&mut self, ev: &mut Vec<(u64, EventKind)>, only: Option<&str>) {
        let now = self.now;
        self.each_partition(ev, |topic, p, brokers, fx| {
            if only.is_some_and(|t| t != topic.name) {
                return;
            }
            let alive = |b: u32| brokers.get(&b).is_some_and(|x| x.up);
            let unclean = topic.config.unclean_leader_election;
            let Some(ps) = topic.partitions.get_mut(p as usize) else {
                return;
            };
            for &b in &ps.replicas.clone() {
                if alive(b) && ps.leader != Some(b) && ps.replica_leo(b) >= ps.log.log_end_offset {
                    ps.set_caught_up_at(b, now);
                }
            }
            if ps.leader.is_some() {
                return;
            }
            let new = elect(ps, &alive, unclean);
            if new.is_some() {
                change_leader(topic, p, new, fx);
            }
        });
    }

    pub(super) fn add_broker(&mut self, ev: &mut Vec<(u64, EventKind)>) -> Result<(), EngineError> {
        if self.brokers.len() as u32 >= MAX_BROKERS {
            return Err(EngineError::Limit(format!(
                "This playground's cluster holds at most {MAX_BROKERS} brokers."
            )));
        }
        let id = self.brokers.keys().next_back().copied().unwrap_or(0) + 1;
        self.brokers.insert(
            id,
            Broker {
                id,
                up: true,
                copy_rate: None,
            },
        );
        ev.push((self.now, EventKind::BrokerAdded { broker: id }));
        Ok(())
    }

    pub(super) fn set_copy_rate(
        &mut self,
        id: u32,
        rate: Option<u32>,
        ev: &mut Vec<(u64, EventKind)>,
    ) -> Result<(), EngineError> {
        self.broker_checked(id)?;
        if rate.is_some_and(|r| r > 1_000_000) {
            return Err(EngineError::Limit(
                "A follower copies at most 1000000 records per second here.".into(),
            ));
        }
        if let Some(b) = self.brokers.get_mut(&id) {
            b.copy_rate = rate;
        }
        ev.push((
            self.now,
            EventKind::BrokerSpeedChanged {
                broker: id,
                records_per_sec: rate,
            },
        ));
        Ok(())
    }

    /// One tick of replication: followers fetch, the ISR grows, the high watermark advances
    /// and `acks=all` records are acknowledged. Every `replica.lag.time.max.ms / 2` the ISR
    /// loses followers that stayed behind; every 5 minutes preferred leaders return.
    pub(super) fn replicate(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let now = self.now;
        let tick = super::TICK_MS;
        let shrink = now.is_multiple_of(REPLICA_LAG_TIME_MAX_MS / 2);
        self.each_partition(ev, |topic, p, brokers, fx| {
            let name = &topic.name;
            let min_isr = topic.config.min_insync_replicas;
            let Some(ps) = topic.partitions.get_mut(p as usize) else {
                return;
            };
            let Some(leader) = ps.leader else {
                return;
            };
            if ps.replicas.len() <= 1 {
                return;
            }
            let leo = ps.log.log_end_offset;
            for i in 0..ps.replicas.len() {
                let b = ps.replicas[i];
                let Some(broker) = brokers.get(&b).filter(|x| x.up) else {
                    continue;
                };
                if b == leader {
                    continue;
                }
                let cur = ps.replica_leo(b);
                if cur < leo {
                    let next = match broker.copy_rate {
                        None => leo,
                        Some(rate) => {
                            let carry = ps.copy_carry[i] + u64::from(rate) * tick;
                            ps.copy_carry[i] = carry % 1000;
                            (cur + carry / 1000).min(leo)
                        }
                    };
                    ps.leo[i] = next;
                }
                let cur = ps.replica_leo(b);
                if cur >= leo {
                    ps.caught_up_at[i] = now;
                }
                if !ps.isr.contains(&b) && cur >= ps.high_watermark && cur >= ps.epoch_start {
                    ps.isr.push(b);
                    fx.ev.push((
                        now,
                        EventKind::IsrExpanded {
                            topic: name.clone(),
                            partition: p,
                            broker: b,
                            isr: ps.isr.clone(),
                        },
                    ));
                }
            }
            if shrink {
                let lagging: Vec<u32> = ps
                    .isr
                    .iter()
                    .copied()
                    .filter(|&b| {
                        b != leader
                            && ps.replica_leo(b) < leo
                            && now.saturating_sub(ps.caught_up_at(b)) > REPLICA_LAG_TIME_MAX_MS
                    })
                    .collect();
                for b in lagging {
                    ps.isr.retain(|&x| x != b);
                    fx.ev.push((
                        now,
                        EventKind::IsrShrunk {
                            topic: name.clone(),
                            partition: p,
                            broker: b,
                            isr: ps.isr.clone(),
                            reason: format!(
                                "broker {b} has not caught up for more than replica.lag.time.max.ms ({} s)",
                                REPLICA_LAG_TIME_MAX_MS / 1000
                            ),
                        },
                    ));
                }
            }
            ps.update_high_watermark();
            fx.acknowledge(name, p, ps, min_isr);
        });
        if now.is_multiple_of(LEADER_IMBALANCE_CHECK_MS) {
            self.balance_leaders(ev);
        }
    }

    /// `auto.leader.rebalance.enable`: a broker that leads less than 90% of the partitions
    /// it is the preferred leader of gets leadership back where it is in the ISR.
    fn balance_leaders(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let mut preferred: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
        for t in self.topics.values() {
            for ps in &t.partitions {
                if let Some(&first) = ps.replicas.first() {
                    let e = preferred.entry(first).or_default();
                    e.0 += 1;
                    if ps.leader != Some(first) {
                        e.1 += 1;
                    }
                }
            }
        }
        let imbalanced: Vec<u32> = preferred
            .into_iter()
            .filter(|(_, (total, not_led))| {
                *not_led > 0 && not_led * 100 > total * LEADER_IMBALANCE_PERCENT
            })
            .map(|(b, _)| b)
            .collect();
        if imbalanced.is_empty() {
            return;
        }
        self.each_partition(ev, |topic, p, brokers, fx| {
            let Some(ps) = topic.partitions.get(p as usize) else {
                return;
            };
            let Some(&first) = ps.replicas.first() else {
                return;
            };
            let up = brokers.get(&first).is_some_and(|b| b.up);
            if imbalanced.contains(&first)
                && up
                && ps.leader.is_some()
                && ps.leader != Some(first)
                && ps.isr.contains(&first)
            {
                change_leader(topic, p, Some((first, false)), fx);
            }
        });
    }

    /// After the log of `tp` was cut back to `end`: consumers positioned past it move back
    /// (KIP-320 truncation detection), and what the groups processed there is forgotten.
    pub(super) fn groups_see_truncation(&mut self, tp: &TopicPartition, end: u64) {
        for g in self.groups.values_mut() {
            g.log_truncated(tp, end);
        }
    }

    pub fn broker_ids(&self) -> Vec<u32> {
        self.brokers.keys().copied().collect()
    }

    pub fn broker_list(&self) -> Vec<Broker> {
        self.brokers.values().cloned().collect()
    }

    /// The lost records the ledger still lists (newest last) and the totals.
    pub fn lost_records(&self) -> (&std::collections::VecDeque<LostRecord>, u64, u64) {
        (
            &self.ledger.recent,
            self.ledger.lost,
            self.ledger.acknowledged_lost,
        )
    }
}
