//! One share-partition: what a share group has done with one topic partition, as the partition
//! leader keeps it (`kafka.server.share.SharePartition`, `InFlightState`).
//!
//! Between the share-partition start offset (SPSO) and the next offset to fetch lie the
//! in-flight records, each AVAILABLE, ACQUIRED (by one member, until its acquisition lock
//! expires), ACKNOWLEDGED or ARCHIVED, with a delivery count. Below the start offset every record
//! is done; the start moves up over acknowledged and archived records (`canMoveStartOffset`).
//!
//! The playground keeps state per record. Kafka keeps it per fetched batch until a batch is
//! acknowledged in parts; what a learner can observe (which records are in which state, with
//! which delivery count) is the same. Acquisition follows `acquireSubsetBatchRecords`: records in
//! offset order, a record on its last delivery attempt delivered alone, and records delivered
//! several times throttled (fewer per fetch). Since the playground's logs do not keep producer
//! batches, `batch_optimized` and `record_limit` both acquire at most `max.poll.records` records.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `org.apache.kafka.coordinator.group.share.RecordState` (the broker's per-record state).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordState {
    Available,
    Acquired,
    Acknowledged,
    Archived,
}

impl RecordState {
    /// As `kafka-share-groups` and the page name it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordState::Available => "available",
            RecordState::Acquired => "acquired",
            RecordState::Acknowledged => "acknowledged",
            RecordState::Archived => "archived",
        }
    }
    /// `SharePartition.isStateTerminal`: nothing more will happen to the record.
    pub fn is_terminal(self) -> bool {
        matches!(self, RecordState::Acknowledged | RecordState::Archived)
    }
}

/// `org.apache.kafka.clients.consumer.AcknowledgeType` (RENEW is left out: the playground's
/// consumers never ask to extend a lock).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AckType {
    /// Processed: never delivered again.
    Accept,
    /// Not processed: make it available again (another delivery attempt).
    Release,
    /// Unprocessable: archive it, never deliver it again.
    Reject,
}

impl AckType {
    /// `AcknowledgeType.toString()`: lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            AckType::Accept => "accept",
            AckType::Release => "release",
            AckType::Reject => "reject",
        }
    }
    pub fn parse(s: &str) -> Option<AckType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "accept" => Some(AckType::Accept),
            "release" => Some(AckType::Release),
            "reject" => Some(AckType::Reject),
            _ => None,
        }
    }
}

/// `InFlightState`: one record between the start offset and the next fetch offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    pub state: RecordState,
    pub delivery_count: u32,
    /// The member holding it while ACQUIRED (`memberId`; empty otherwise).
    pub owner: String,
    /// When its acquisition lock expires (while ACQUIRED).
    pub lock_until: u64,
}

/// What became of a record whose lock expired or whose holder released it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Released {
    pub offset: u64,
    pub owner: String,
    pub state: RecordState,
    pub delivery_count: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharePartition {
    /// The share-partition start offset: every record below it is done.
    pub start: u64,
    /// The next offset never fetched yet (one past `SharePartition.endOffset`).
    pub next_fetch: u64,
    /// In-flight records by offset (gaps in the log have no entry).
    pub in_flight: BTreeMap<u64, InFlight>,
    /// Records acknowledged (ACCEPT) since the share-partition began.
    pub accepted: u64,
    /// Records archived (rejected, or out of delivery attempts) since it began.
    pub archived: u64,
    /// Deliveries beyond the first.
    pub redeliveries: u64,
}

/// The acquisition limits of one fetch, from the group and the consumer.
#[derive(Clone, Copy, Debug)]
pub struct AcquireLimits {
    /// `max.poll.records` left in this fetch.
    pub max_records: usize,
    /// `share.delivery.count.limit`.
    pub delivery_limit: u32,
    /// `share.partition.max.record.locks`: the most in-flight records.
    pub max_locks: u64,
    /// `share.record.lock.duration.ms`.
    pub lock_ms: u64,
}

/// `SharePartition.MINIMUM_THROTTLE_RECORDS_DELIVERY_LIMIT`.
const MINIMUM_THROTTLE_RECORDS_DELIVERY_LIMIT: u32 = 2;

/// `SharePartition.throttleRecordsDeliveryLimit`.
fn throttle_limit(max_delivery: u32) -> u32 {
    MINIMUM_THROTTLE_RECORDS_DELIVERY_LIMIT.max(max_delivery.div_ceil(2))
}

impl SharePartition {
    pub fn new(start: u64) -> Self {
        SharePartition {
            start,
            next_fetch: start,
            ..SharePartition::default()
        }
    }

    /// `numInFlightRecords`: the span from the start offset to the last fetched offset.
    pub fn in_flight_span(&self) -> u64 {
        self.next_fetch.saturating_sub(self.start)
    }

    pub fn count(&self, state: RecordState) -> usize {
        self.in_flight.values().filter(|r| r.state == state).count()
    }

    /// Acquires records for `member`: first the AVAILABLE in-flight ones in offset order, then
    /// new records from the log (`offsets`: the offsets that exist from `next_fetch` up to the
    /// high watermark, ascending). Returns each acquired offset with its delivery count.
    pub fn acquire(
        &mut self,
        member: &str,
        offsets: impl Iterator<Item = u64>,
        limits: AcquireLimits,
        now: u64,
    ) -> Vec<(u64, u32)> {
        let mut out = Vec::new();
        if limits.max_records == 0 {
            return out;
        }
        let max_delivery = limits.delivery_limit;
        let throttle = throttle_limit(max_delivery);
        let mut cap = limits.max_records;
        let mut throttled = false;
        // 1. Records made available again (`findNextFetchOffset`).
        for (&offset, r) in self.in_flight.iter_mut() {
            if out.len() >= cap {
                break;
            }
            if r.state != RecordState::Available {
                continue;
            }
            // A record on its last attempt is delivered alone (`acquireSubsetBatchRecords`).
            if max_delivery > 2 && r.delivery_count == max_delivery - 1 && !out.is_empty() {
                break;
            }
            // Records delivered often come in smaller and smaller fetches.
            if r.delivery_count >= throttle && !throttled {
                throttled = true;
                let shift = (r.delivery_count - throttle + 1).min(31);
                cap = cap.min((limits.max_records >> shift).max(1));
                if out.len() >= cap {
                    break;
                }
            }
            r.state = RecordState::Acquired;
            r.delivery_count += 1;
            r.owner = member.to_string();
            r.lock_until = now + limits.lock_ms;
            self.redeliveries += 1;
            out.push((offset, r.delivery_count));
            if r.delivery_count == max_delivery && max_delivery > 2 {
                return out;
            }
        }
        if throttled {
            // A throttled fetch stops early (`acquireSubsetBatchRecords`).
            return out;
        }
        // 2. New records, while the in-flight span stays within the lock limit.
        let room = limits.max_locks.saturating_sub(self.in_flight_span()) as usize;
        let want = cap.saturating_sub(out.len()).min(room);
        for offset in offsets.take(want) {
            self.in_flight.insert(
                offset,
                InFlight {
                    state: RecordState::Acquired,
                    delivery_count: 1,
                    owner: member.to_string(),
                    lock_until: now + limits.lock_ms,
                },
            );
            self.next_fetch = offset + 1;
            out.push((offset, 1));
        }
        out
    }

    /// The next offset to read from the log when nothing in flight is available.
    pub fn fetch_from(&self) -> u64 {
        self.next_fetch
    }

    /// `SharePartition.acknowledge`: only the member holding a record may acknowledge it, and
    /// only while its lock holds; otherwise `InvalidRecordStateException` and nothing changes.
    /// The refusal carries nothing more: the caller only counts it.
    #[allow(clippy::result_unit_err)]
    pub fn acknowledge(
        &mut self,
        member: &str,
        offset: u64,
        ack: AckType,
        delivery_limit: u32,
    ) -> Result<RecordState, ()> {
        let Some(r) = self.in_flight.get_mut(&offset) else {
            return Err(());
        };
        if r.state != RecordState::Acquired || r.owner != member {
            return Err(());
        }
        let new = match ack {
            AckType::Accept => RecordState::Acknowledged,
            AckType::Reject => RecordState::Archived,
            // `tryUpdateState(AVAILABLE, …)`: out of attempts, archived instead.
            AckType::Release if r.delivery_count >= delivery_limit => RecordState::Archived,
            AckType::Release => RecordState::Available,
        };
        r.state = new;
        r.owner.clear();
        match new {
            RecordState::Acknowledged => self.accepted += 1,
            RecordState::Archived => self.archived += 1,
            _ => {}
        }
        self.advance_start();
        Ok(new)
    }

    /// Acquisition locks that ran out by `now` (`releaseAcquisitionLockOnTimeout`): the records
    /// become available again, or archived once out of delivery attempts.
    pub fn expire_locks(&mut self, now: u64, delivery_limit: u32) -> Vec<Released> {
        self.release_where(delivery_limit, |r| now >= r.lock_until)
    }

    /// `releaseAcquiredRecords(memberId)`: a member left or was removed; what it held is
    /// released at once (archived if out of attempts).
    pub fn release_member(&mut self, member: &str, delivery_limit: u32) -> Vec<Released> {
        self.release_where(delivery_limit, |r| r.owner == member)
    }

    fn release_where(
        &mut self,
        delivery_limit: u32,
        pick: impl Fn(&InFlight) -> bool,
    ) -> Vec<Released> {
        let mut out = Vec::new();
        for (&offset, r) in self.in_flight.iter_mut() {
            if r.state != RecordState::Acquired || !pick(r) {
                continue;
            }
            let owner = std::mem::take(&mut r.owner);
            r.state = if r.delivery_count >= delivery_limit {
                self.archived += 1;
                RecordState::Archived
            } else {
                RecordState::Available
            };
            out.push(Released {
                offset,
                owner,
                state: r.state,
                delivery_count: r.delivery_count,
            });
        }
        if !out.is_empty() {
            self.advance_start();
        }
        out
    }

    /// `maybeUpdateCachedStateAndOffsets`: the start offset moves up over done records.
    fn advance_start(&mut self) {
        while let Some(entry) = self.in_flight.first_entry() {
            if !entry.get().state.is_terminal() {
                self.start = *entry.key();
                return;
            }
            entry.remove();
        }
        self.start = self.next_fetch;
    }

    /// The log start offset moved past the start offset (retention, deleted records): what lay
    /// below is archived (`updateCacheAndOffsets` with the new log start). Returns how many
    /// records that archived without being done.
    pub fn move_start_to(&mut self, log_start: u64) -> u64 {
        if log_start <= self.start {
            return 0;
        }
        let mut lost = 0;
        let keep = self.in_flight.split_off(&log_start);
        for r in self.in_flight.values() {
            if !r.state.is_terminal() {
                lost += 1;
            }
        }
        self.archived += lost;
        self.in_flight = keep;
        self.next_fetch = self.next_fetch.max(log_start);
        self.advance_start();
        if self.start < log_start {
            self.start = log_start;
        }
        lost
    }

    /// `kafka-share-groups --reset-offsets`: start over at `offset` with nothing in flight.
    pub fn reset(&mut self, offset: u64) {
        self.in_flight.clear();
        self.start = offset;
        self.next_fetch = offset;
    }

    /// The records a member holds here.
    pub fn held_by(&self, member: &str) -> usize {
        self.in_flight
            .values()
            .filter(|r| r.state == RecordState::Acquired && r.owner == member)
            .count()
    }
}
