//! A share group member's consumer (`ShareConsumerImpl`): poll (which sends the pending
//! acknowledgements and acquires new records), process, acknowledge.

use super::super::event::EventKind;
use super::super::group::{failure_of, record_at, Ctx};
use super::super::TopicPartition;
use super::partition::{AcquireLimits, RecordState};
use super::{AckMode, AckType, Held, ShareGroup, ShareSettings};

/// Most polls one member makes in one tick (bounds work when processing is instant).
const MAX_POLLS_PER_TICK: usize = 64;
/// The most undelivered records a capturing member holds before it stops capturing more.
const MAX_DELIVERED: usize = 100_000;

impl ShareGroup {
    /// One member's tick: process what it holds while time allows, then poll for more.
    pub(super) fn run_member(&mut self, id: &str, settings: &ShareSettings, ctx: &mut Ctx) {
        let Some(m) = self.members.get_mut(id) else {
            return;
        };
        if !m.is_active() {
            return;
        }
        m.budget_us = m.budget_us.saturating_add(ctx.tick_ms * 1000);
        for _ in 0..MAX_POLLS_PER_TICK {
            if !self.process(id, ctx) {
                return; // out of time with records in hand
            }
            if !self.poll(id, settings, ctx) {
                if let Some(m) = self.members.get_mut(id) {
                    m.budget_us = 0; // idle time cannot be saved up
                }
                return;
            }
        }
    }

    /// Processes held records while the budget lasts; returns whether all were processed.
    fn process(&mut self, id: &str, ctx: &mut Ctx) -> bool {
        let ShareGroup {
            name,
            members,
            last_by_key,
            out_of_order,
            ..
        } = self;
        let Some(m) = members.get_mut(id) else {
            return false;
        };
        let cost = m.config.processing_us;
        let rules = m.config.fail_key.is_some() || m.config.fail_percent > 0;
        while !m.in_hand.is_empty() {
            if cost > 0 && m.budget_us < cost {
                return false;
            }
            m.budget_us = m.budget_us.saturating_sub(cost);
            let Some(h) = m.in_hand.pop_front() else {
                break;
            };
            let failure = if rules {
                failure_of(
                    m.config.fail_key.as_deref(),
                    m.config.fail_percent,
                    &h.tp,
                    h.offset,
                    ctx,
                )
            } else {
                None
            };
            let ack = match (&failure, m.config.ack_mode) {
                (None, _) => AckType::Accept,
                // The application cannot say: the next poll accepts the record like the rest.
                (Some(_), AckMode::Implicit) => AckType::Accept,
                (Some(_), AckMode::Explicit) => m.config.on_failure,
            };
            // A capturing member (a console share consumer) prints each record before it
            // acknowledges it, whatever the acknowledgement (`ConsoleShareConsumer.process`).
            if let Some(d) = &mut m.delivered {
                if d.len() < MAX_DELIVERED {
                    d.push((h.tp.clone(), h.offset, h.delivery_count));
                }
            }
            if let Some(reason) = failure {
                m.failed += 1;
                ctx.emit(EventKind::ShareProcessingFailed {
                    group: name.clone(),
                    member_id: id.to_string(),
                    partition: h.tp.clone(),
                    offset: h.offset,
                    delivery_count: h.delivery_count,
                    reason,
                    ack: ack.as_str().into(),
                });
            } else {
                m.processed += 1;
                // Per-key order: another member may have processed a later record of this key.
                if let Some(r) = record_at(ctx.topics, &h.tp, h.offset) {
                    if !r.key.is_null() {
                        let last = last_by_key
                            .entry((h.tp.clone(), r.key.0))
                            .or_insert(h.offset);
                        if h.offset < *last {
                            *out_of_order += 1;
                        } else {
                            *last = h.offset;
                        }
                    }
                }
            }
            m.pending_acks.push((h.tp, h.offset, ack));
        }
        true
    }

    /// Sends the acknowledgements a member has pending (they ride on its next ShareFetch, or
    /// on `close()`). An acknowledgement for a record whose lock expired is refused
    /// (`InvalidRecordStateException`) and changes nothing.
    pub(super) fn send_acks(&mut self, id: &str, settings: &ShareSettings, ctx: &mut Ctx) {
        let ShareGroup {
            name,
            members,
            partitions,
            ..
        } = self;
        let Some(m) = members.get_mut(id) else {
            return;
        };
        if m.pending_acks.is_empty() {
            return;
        }
        let mut refused: Vec<(TopicPartition, u64)> = Vec::new();
        let mut archived: Vec<(TopicPartition, u64)> = Vec::new();
        for (tp, offset, ack) in m.pending_acks.drain(..) {
            let Some(sp) = partitions.get_mut(&tp) else {
                refused.push((tp, offset));
                continue;
            };
            if offset < sp.start {
                continue; // already past the start offset: the broker skips it
            }
            match sp.acknowledge(id, offset, ack, settings.delivery_limit) {
                Ok(RecordState::Archived) => archived.push((tp, offset)),
                Ok(_) => {}
                Err(()) => refused.push((tp, offset)),
            }
        }
        m.acks_refused += refused.len() as u64;
        for (tp, offsets) in group_by_partition(refused) {
            ctx.emit(EventKind::ShareAckRefused {
                group: name.clone(),
                member_id: id.to_string(),
                partition: tp,
                count: offsets.len() as u64,
                offsets: offsets.into_iter().take(50).collect(),
            });
        }
        for (tp, offsets) in group_by_partition(archived) {
            ctx.emit(EventKind::ShareRecordsArchived {
                group: name.clone(),
                partition: tp,
                count: offsets.len() as u64,
                offsets: offsets.into_iter().take(50).collect(),
                reason: format!("{id} rejected them, or released them on their last delivery attempt (share.delivery.count.limit is {})", settings.delivery_limit),
            });
        }
    }

    /// `poll()`: acknowledge what was processed, then acquire up to `max.poll.records` records
    /// from the assigned partitions. Returns whether any record was acquired.
    fn poll(&mut self, id: &str, settings: &ShareSettings, ctx: &mut Ctx) -> bool {
        self.send_acks(id, settings, ctx);
        let ShareGroup {
            members,
            partitions,
            ..
        } = self;
        let Some(m) = members.get_mut(id) else {
            return false;
        };
        let parts = m.assignment.clone();
        let n = parts.len();
        if n == 0 {
            return false;
        }
        let mut remaining = m.config.max_poll_records.max(1) as usize;
        let start = m.poll_cursor % n;
        let mut got = false;
        for i in 0..n {
            if remaining == 0 {
                break;
            }
            let tp = &parts[(start + i) % n];
            let Some(sp) = partitions.get_mut(tp) else {
                continue;
            };
            let Some(ps) = ctx
                .topics
                .get(&tp.topic)
                .and_then(|t| t.partitions.get(tp.partition as usize))
            else {
                continue;
            };
            if ps.leader.is_none() {
                continue; // offline: no leader holds the share-partition
            }
            let hw = ps.high_watermark;
            let from = sp.fetch_from().max(ps.log.log_start_offset);
            let offsets = ps
                .log
                .records
                .iter_from_offset(from)
                .take_while(|r| r.offset < hw)
                .map(|r| r.offset);
            let limits = AcquireLimits {
                max_records: remaining,
                delivery_limit: settings.delivery_limit,
                max_locks: settings.max_locks,
                lock_ms: settings.lock_ms,
            };
            let acquired = sp.acquire(id, offsets, limits, ctx.now);
            if acquired.is_empty() {
                continue;
            }
            remaining = remaining.saturating_sub(acquired.len());
            got = true;
            m.poll_cursor = (start + i + 1) % n;
            m.in_hand
                .extend(acquired.into_iter().map(|(offset, dc)| Held {
                    tp: tp.clone(),
                    offset,
                    delivery_count: dc,
                }));
        }
        got
    }
}

fn group_by_partition(
    items: Vec<(TopicPartition, u64)>,
) -> std::collections::BTreeMap<TopicPartition, Vec<u64>> {
    let mut out: std::collections::BTreeMap<TopicPartition, Vec<u64>> = Default::default();
    for (tp, o) in items {
        out.entry(tp).or_default().push(o);
    }
    out
}
