//! A partition's log, stored compactly: a record costs 40 bytes beyond its key and value text.
//!
//! Keys are interned once per world (`KeyId`), with their murmur2 hash cached, because the
//! same few keys repeat millions of times. Values produced by load generators are not stored
//! as text at all: their text is a pure function of (length, offset) and is rebuilt on read.
//!
//! Simplification (documented in the README): Kafka deletes whole *segments* when retention
//! runs; this model has no segments and removes individual records, so the log-start offset
//! moves record by record instead of segment by segment.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::partitioner::murmur2;

/// An interned key. `KeyId::NULL` is a record without a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(pub u32);

impl KeyId {
    pub const NULL: KeyId = KeyId(u32::MAX);
    pub fn is_null(self) -> bool {
        self == KeyId::NULL
    }
}

/// Every distinct key the world has seen, with its murmur2 hash. Lookups only (never iterated
/// in hash order), so a `HashMap` cannot make output depend on hashing.
#[derive(Clone, Default)]
pub struct KeyInterner {
    ids: HashMap<Box<str>, u32>,
    keys: Vec<(Box<str>, i32)>,
}

/// Prints the keys in id order only: `ids` is their index, and its hash order would make two
/// equal worlds print differently.
impl std::fmt::Debug for KeyInterner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyInterner")
            .field("keys", &self.keys)
            .finish()
    }
}

impl KeyInterner {
    pub fn intern(&mut self, key: &str) -> KeyId {
        if let Some(&id) = self.ids.get(key) {
            return KeyId(id);
        }
        let id = u32::try_from(self.keys.len())
            .unwrap_or(u32::MAX - 1)
            .min(u32::MAX - 1);
        self.keys.push((key.into(), murmur2(key.as_bytes())));
        self.ids.insert(key.into(), id);
        KeyId(id)
    }

    pub fn get(&self, key: &str) -> Option<KeyId> {
        self.ids.get(key).map(|&id| KeyId(id))
    }

    pub fn text(&self, id: KeyId) -> Option<&str> {
        self.keys.get(id.0 as usize).map(|(k, _)| &**k)
    }

    pub fn hash(&self, id: KeyId) -> Option<i32> {
        self.keys.get(id.0 as usize).map(|(_, h)| *h)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Flag bits kept in `StoredRecord::meta` (low 8 bits); the high 24 bits hold the length of a
/// generated value.
pub mod flags {
    /// The value is null: a tombstone in a compacted topic.
    pub const TOMBSTONE: u32 = 1;
    /// The value is generated (text rebuilt from length and offset), not stored.
    pub const GENERATED: u32 = 2;
    /// A second copy written by a producer retry after a lost acknowledgement (no idempotence).
    pub const DUPLICATE: u32 = 4;
    /// The record has headers, kept in the partition's side table.
    pub const HEADERS: u32 = 8;
    /// The producer never heard that this record was written (a lost acknowledgement).
    pub const ACK_LOST: u32 = 16;
}

/// One record in a partition: 40 bytes (checked by a test) plus the value text when stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    pub offset: u64,
    /// CreateTime, in simulated epoch milliseconds.
    pub timestamp: u64,
    pub key: KeyId,
    /// Flags (low 8 bits) and generated-value length (high 24 bits).
    pub meta: u32,
    /// The value text, when it is neither null nor generated.
    pub value: Option<Box<str>>,
}

impl StoredRecord {
    pub fn is_tombstone(&self) -> bool {
        self.meta & flags::TOMBSTONE != 0
    }
    pub fn is_duplicate(&self) -> bool {
        self.meta & flags::DUPLICATE != 0
    }
    pub fn generated_len(&self) -> Option<u32> {
        (self.meta & flags::GENERATED != 0).then_some(self.meta >> 8)
    }
    /// Approximate bytes on disk: key + value + a fixed per-record overhead, as Kafka's
    /// `DefaultRecord.sizeInBytes` adds varints and attributes around the payload.
    pub fn size_bytes(&self, key_len: usize) -> u64 {
        let value_len = match (&self.value, self.generated_len()) {
            (Some(v), _) => v.len() as u64,
            (None, Some(n)) => u64::from(n),
            (None, None) => 0,
        };
        RECORD_OVERHEAD_BYTES + key_len as u64 + value_len
    }
}

/// Per-record overhead in bytes counted toward `retention.bytes` and `batch.size`
/// (length, attributes, timestamp and offset deltas, key/value lengths, header count).
pub const RECORD_OVERHEAD_BYTES: u64 = 8;

/// The text of a generated value: a small JSON document padded to `len` bytes, derived only
/// from the record's offset so it never needs storing.
pub fn generated_value(len: u32, offset: u64) -> String {
    let mut s = format!("{{\"seq\":{offset},\"pad\":\"");
    let target = len as usize;
    while s.len() + 2 < target {
        s.push('x');
    }
    s.push_str("\"}");
    s
}

/// Records in offset order, kept in blocks so that growing never copies the whole log and
/// the unused capacity stays small: a block holds between 16 and `BLOCK` records, sized to
/// the partition (small partitions cost little, large ones waste at most one block).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordStore {
    blocks: VecDeque<VecDeque<StoredRecord>>,
    len: usize,
}

const BLOCK: usize = 4096;

impl RecordStore {
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn front(&self) -> Option<&StoredRecord> {
        self.blocks.front().and_then(|b| b.front())
    }
    pub fn back(&self) -> Option<&StoredRecord> {
        self.blocks.back().and_then(|b| b.back())
    }
    pub fn push_back(&mut self, r: StoredRecord) {
        match self.blocks.back_mut() {
            Some(b) if b.len() < b.capacity() => b.push_back(r),
            _ => {
                let mut b = VecDeque::with_capacity(self.len.clamp(16, BLOCK));
                b.push_back(r);
                self.blocks.push_back(b);
            }
        }
        self.len += 1;
    }
    pub fn pop_front(&mut self) -> Option<StoredRecord> {
        let b = self.blocks.front_mut()?;
        let r = b.pop_front();
        if b.is_empty() {
            self.blocks.pop_front();
        }
        if r.is_some() {
            self.len -= 1;
        }
        r
    }
    pub fn pop_back(&mut self) -> Option<StoredRecord> {
        let b = self.blocks.back_mut()?;
        let r = b.pop_back();
        if b.is_empty() {
            self.blocks.pop_back();
        }
        if r.is_some() {
            self.len -= 1;
        }
        r
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &StoredRecord> {
        self.blocks.iter().flatten()
    }
    /// The records with offset ≥ `offset`, in order.
    pub fn iter_from_offset(&self, offset: u64) -> impl Iterator<Item = &StoredRecord> {
        let bi = self
            .blocks
            .partition_point(|b| b.back().is_none_or(|r| r.offset < offset));
        let within = self
            .blocks
            .get(bi)
            .map_or(0, |b| b.partition_point(|r| r.offset < offset));
        self.blocks
            .range(bi..)
            .enumerate()
            .flat_map(move |(j, b)| b.range(if j == 0 { within } else { 0 }..))
    }
    /// How many records have an offset below `offset`.
    pub fn rank(&self, offset: u64) -> usize {
        let bi = self
            .blocks
            .partition_point(|b| b.back().is_none_or(|r| r.offset < offset));
        let before: usize = self.blocks.range(..bi).map(VecDeque::len).sum();
        before
            + self
                .blocks
                .get(bi)
                .map_or(0, |b| b.partition_point(|r| r.offset < offset))
    }
    /// The records from the `rank`-th on.
    pub fn iter_from_rank(&self, rank: usize) -> impl Iterator<Item = &StoredRecord> {
        self.iter().skip(rank)
    }
    /// Keeps the records `f` approves, then packs the blocks again.
    pub fn retain(&mut self, mut f: impl FnMut(&StoredRecord) -> bool) {
        let old = std::mem::take(self);
        for b in old.blocks {
            for r in b {
                if f(&r) {
                    self.push_back(r);
                }
            }
        }
    }
}

/// A set of interned keys as a bitset: inserting on every append costs one OR.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeySet {
    bits: Vec<u64>,
}

impl KeySet {
    pub fn insert(&mut self, k: KeyId) {
        if k.is_null() {
            return;
        }
        let (word, bit) = ((k.0 / 64) as usize, k.0 % 64);
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        if let Some(w) = self.bits.get_mut(word) {
            *w |= 1 << bit;
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = KeyId> + '_ {
        self.bits.iter().enumerate().flat_map(|(i, &w)| {
            (0..64u32)
                .filter(move |b| w & (1u64 << b) != 0)
                .map(move |b| KeyId(i as u32 * 64 + b))
        })
    }
}

/// A partition's log: records in offset order (compaction may leave gaps), the log-start and
/// log-end offsets, and headers kept aside because few records have them.
#[derive(Clone, Debug, Default)]
pub struct PartitionLog {
    /// Invariant: offsets strictly increase; every offset is in `log_start_offset..log_end_offset`.
    pub records: RecordStore,
    /// The first offset still readable. Only grows (retention, delete-records).
    pub log_start_offset: u64,
    /// The offset the next record will get. Only grows, except when a leader change cuts the
    /// log back (`truncate_to`).
    pub log_end_offset: u64,
    /// Sum of `size_bytes` of the records kept, for `retention.bytes`.
    pub size_bytes: u64,
    pub headers: BTreeMap<u64, Vec<(String, String)>>,
}

impl PartitionLog {
    pub fn append(
        &mut self,
        mut record: StoredRecord,
        key_len: usize,
        headers: Vec<(String, String)>,
    ) -> u64 {
        let offset = self.log_end_offset;
        record.offset = offset;
        if !headers.is_empty() {
            record.meta |= flags::HEADERS;
            self.headers.insert(offset, headers);
        }
        self.size_bytes = self.size_bytes.saturating_add(record.size_bytes(key_len));
        self.records.push_back(record);
        self.log_end_offset = offset + 1;
        offset
    }

    /// How many stored records have offsets in `from..to`.
    pub fn count_between(&self, from: u64, to: u64) -> u64 {
        if to <= from {
            return 0;
        }
        (self.records.rank(to) - self.records.rank(from)) as u64
    }

    /// Removes the first record, moving the log-start offset past it.
    pub fn pop_front(&mut self, key_len: impl Fn(KeyId) -> usize) -> Option<StoredRecord> {
        let r = self.records.pop_front()?;
        self.size_bytes = self.size_bytes.saturating_sub(r.size_bytes(key_len(r.key)));
        self.headers.remove(&r.offset);
        self.log_start_offset = self
            .records
            .front()
            .map_or(self.log_end_offset, |n| n.offset)
            .max(r.offset + 1);
        Some(r)
    }

    /// Cuts the log back to `end` (a new leader's log-end offset): returns the records removed,
    /// oldest first, each with its headers. `log_end_offset` becomes `end`, so the next record
    /// written reuses the first removed offset, as after a truncation in Kafka.
    pub fn truncate_to(
        &mut self,
        end: u64,
        key_len: impl Fn(KeyId) -> usize,
    ) -> Vec<(StoredRecord, Vec<(String, String)>)> {
        let mut out = Vec::new();
        if end >= self.log_end_offset {
            return out;
        }
        while self.records.back().is_some_and(|r| r.offset >= end) {
            let Some(r) = self.records.pop_back() else {
                break;
            };
            self.size_bytes = self.size_bytes.saturating_sub(r.size_bytes(key_len(r.key)));
            let h = self.headers.remove(&r.offset).unwrap_or_default();
            out.push((r, h));
        }
        out.reverse();
        self.log_end_offset = end;
        self.log_start_offset = self.log_start_offset.min(end);
        out
    }

    /// Recomputes the byte count after compaction rewrote the records.
    pub fn recount(&mut self, key_len: impl Fn(KeyId) -> usize) {
        self.size_bytes = self
            .records
            .iter()
            .map(|r| r.size_bytes(key_len(r.key)))
            .sum();
        let live: std::collections::BTreeSet<u64> = self
            .records
            .iter()
            .filter(|r| r.meta & flags::HEADERS != 0)
            .map(|r| r.offset)
            .collect();
        self.headers.retain(|o, _| live.contains(o));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_record_costs_at_most_48_bytes_beyond_its_text() {
        assert!(
            std::mem::size_of::<StoredRecord>() <= 48,
            "{}",
            std::mem::size_of::<StoredRecord>()
        );
        assert_eq!(std::mem::size_of::<StoredRecord>(), 40);
    }

    #[test]
    fn generated_values_have_the_requested_length_when_it_fits() {
        let v = generated_value(100, 42);
        assert_eq!(v.len(), 100);
        assert!(v.starts_with("{\"seq\":42,"));
        // Too small to pad: the shortest JSON form.
        assert_eq!(generated_value(1, 7), "{\"seq\":7,\"pad\":\"\"}");
    }

    #[test]
    fn the_record_store_finds_offsets_across_blocks_and_after_gaps() {
        let mut s = RecordStore::default();
        for o in (0..10_000u64).filter(|o| o % 3 != 0) {
            s.push_back(StoredRecord {
                offset: o,
                timestamp: 0,
                key: KeyId::NULL,
                meta: 0,
                value: None,
            });
        }
        assert_eq!(s.len(), 6666);
        assert_eq!(
            s.iter_from_offset(3000).next().map(|r| r.offset),
            Some(3001)
        );
        assert_eq!(
            s.iter_from_offset(9996).next().map(|r| r.offset),
            Some(9997)
        );
        assert_eq!(s.iter_from_offset(10_000).next(), None);
        assert_eq!(s.rank(3001), 2000);
        assert_eq!(s.iter_from_rank(6665).next().map(|r| r.offset), Some(9998));
        s.retain(|r| r.offset % 2 == 0);
        assert_eq!(s.len(), 3333);
        assert!(s
            .iter()
            .zip(s.iter().skip(1))
            .all(|(a, b)| a.offset < b.offset));
        while s.pop_front().is_some() {}
        assert!(s.is_empty() && s.front().is_none());
    }

    #[test]
    fn key_sets_remember_keys() {
        let mut k = KeySet::default();
        for id in [0u32, 5, 64, 1000, 5] {
            k.insert(KeyId(id));
        }
        k.insert(KeyId::NULL);
        assert_eq!(
            k.iter().map(|k| k.0).collect::<Vec<_>>(),
            vec![0, 5, 64, 1000]
        );
    }

    #[test]
    fn offsets_and_log_start_move_as_records_come_and_go() {
        let mut log = PartitionLog::default();
        for _ in 0..3 {
            log.append(
                StoredRecord {
                    offset: 0,
                    timestamp: 0,
                    key: KeyId::NULL,
                    meta: 0,
                    value: Some("v".into()),
                },
                0,
                vec![],
            );
        }
        assert_eq!((log.log_start_offset, log.log_end_offset), (0, 3));
        assert_eq!(log.count_between(1, 3), 2);
        log.pop_front(|_| 0);
        assert_eq!((log.log_start_offset, log.log_end_offset), (1, 3));
        assert_eq!(log.size_bytes, 2 * (RECORD_OVERHEAD_BYTES + 1));
    }
}
