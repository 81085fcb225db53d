//! How a producer picks a partition: bit-exact with the Java client.
//!
//! - Keyed records: `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`
//!   (`BuiltInPartitioner.partitionForKey`).
//! - Null keys: the built-in uniform sticky partitioner (KIP-794, `BuiltInPartitioner`):
//!   stay on one partition until `batch.size` bytes were produced there, then switch to a
//!   partition drawn uniformly at random (our draw comes from the world's seeded RNG).
//! - `RoundRobinPartitioner`: one counter per topic over the available partitions.

use serde::{Deserialize, Serialize};

/// Kafka's `Utils.murmur2`: MurmurHash2, 32-bit, seed `0x9747b28c`, over signed ints with
/// Java's `>>>` (logical shift) and a fall-through switch for the 1–3 tail bytes.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let length = data.len();
    // Java: `int h = seed ^ length;` — the length is an int, so it wraps like a u32 here.
    let mut h: u32 = SEED ^ (length as u32);
    let chunks = data.chunks_exact(4);
    let tail = chunks.remainder();
    for chunk in chunks {
        // Little-endian assembly of four (sign-masked) bytes, as the Java code does.
        let mut k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // The switch on `length % 4` falls through: case 3, then 2, then 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive`: `number & 0x7fffffff` — not `abs`, so `i32::MIN` maps to 0.
pub fn to_positive(n: i32) -> u32 {
    (n & 0x7fff_ffff) as u32
}

/// The partition of a keyed record (`BuiltInPartitioner.partitionForKey`). The key bytes are the
/// serializer's output: UTF-8 for the `StringSerializer` the console tools use.
/// `num_partitions` counts every partition of the topic, not only those with a leader.
/// Returns 0 for a topic with no partitions (which Kafka does not allow to exist).
pub fn partition_for_key(key: &[u8], num_partitions: u32) -> u32 {
    partition_for_hash(murmur2(key), num_partitions)
}

/// The same, for a key whose murmur2 hash is already known (keys are hashed once, when interned).
pub fn partition_for_hash(hash: i32, num_partitions: u32) -> u32 {
    to_positive(hash).checked_rem(num_partitions).unwrap_or(0)
}

/// `partitioner.class`: which partitioner a producer uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PartitionerKind {
    /// No `partitioner.class`: keyed → murmur2; null key → uniform sticky (KIP-794).
    #[default]
    BuiltIn,
    /// `org.apache.kafka.clients.producer.RoundRobinPartitioner`: every record, keyed or not,
    /// goes to the next available partition in turn. We model the fixed behaviour: before the fix
    /// the partitioner skipped every other partition when a new batch was created (reported as
    /// KAFKA-9965; fixed by KAFKA-17632 in 4.0.0, backported to 3.9.2).
    RoundRobin,
}

impl PartitionerKind {
    pub fn class_name(self) -> &'static str {
        match self {
            PartitionerKind::BuiltIn => "(built-in default)",
            PartitionerKind::RoundRobin => {
                "org.apache.kafka.clients.producer.RoundRobinPartitioner"
            }
        }
    }

    /// Accepts the class name (full or simple) as `partitioner.class` takes it.
    pub fn from_class_name(s: &str) -> Option<Self> {
        match s.trim() {
            "" | "default" | "org.apache.kafka.clients.producer.internals.DefaultPartitioner" => {
                Some(PartitionerKind::BuiltIn)
            }
            "RoundRobinPartitioner"
            | "roundrobin"
            | "org.apache.kafka.clients.producer.RoundRobinPartitioner" => {
                Some(PartitionerKind::RoundRobin)
            }
            _ => None,
        }
    }
}

/// Per producer and topic: the state of the uniform sticky partitioner (`StickyPartitionInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StickyPartition {
    /// The partition records without a key currently go to, once one was chosen.
    pub partition: Option<u32>,
    /// Bytes produced to it since it was chosen (`StickyPartitionInfo.producedBytes`).
    pub produced_bytes: u64,
}

impl StickyPartition {
    /// The partition for the next record without a key; `draw(n)` returns a uniform number in `0..n`.
    pub fn current(&mut self, num_partitions: u32, draw: &mut impl FnMut(u32) -> u32) -> u32 {
        match self.partition {
            Some(p) if p < num_partitions => p,
            _ => {
                let p = draw(num_partitions.max(1));
                self.partition = Some(p);
                self.produced_bytes = 0;
                p
            }
        }
    }

    /// `updatePartitionInfo`: after `batch.size` bytes, switch to a new uniformly drawn partition
    /// (which may be the same one again, as in Kafka).
    pub fn record_appended(
        &mut self,
        bytes: u64,
        batch_size: u64,
        num_partitions: u32,
        draw: &mut impl FnMut(u32) -> u32,
    ) {
        self.produced_bytes = self.produced_bytes.saturating_add(bytes);
        if self.produced_bytes >= batch_size.max(1) {
            self.partition = Some(draw(num_partitions.max(1)));
            self.produced_bytes = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `UtilsTest.testMurmur2`: the six known vectors of Kafka's own test.
    #[test]
    fn murmur2_matches_kafka_utils_test() {
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973_932_308),
            (b"foobar", -790_332_482),
            (b"a-little-bit-long-string", -985_981_536),
            (b"a-little-bit-longer-string", -1_486_304_829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58_897_971,
            ),
            // Java: `new byte[] {'a', 'b', 'c'}`
            (b"abc", 479_470_107),
        ];
        for (input, expected) in cases {
            assert_eq!(
                murmur2(input),
                expected,
                "murmur2({:?})",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn empty_key_is_hashed_not_skipped() {
        assert_eq!(murmur2(b""), 275_646_681);
        assert_eq!(partition_for_key(b"", 3), 275_646_681 % 3);
    }

    #[test]
    fn to_positive_masks_the_sign_bit_instead_of_abs() {
        assert_eq!(to_positive(-1), 0x7fff_ffff);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(
            to_positive(-973_932_308),
            (-973_932_308i32 & 0x7fff_ffff) as u32
        );
        // abs would give 973932308, a different partition for 2 of 3 partition counts.
        assert_ne!(to_positive(-973_932_308), 973_932_308);
    }

    /// Key → partition table derived from the vectors above (toPositive(h) % n).
    #[test]
    fn key_to_partition_table() {
        // toPositive(-973932308) = 1173551340
        assert_eq!(to_positive(murmur2(b"21")), 1_173_551_340);
        assert_eq!(partition_for_key(b"21", 1), 0);
        assert_eq!(partition_for_key(b"21", 3), 1_173_551_340 % 3);
        assert_eq!(partition_for_key(b"21", 6), 1_173_551_340 % 6);
        assert_eq!(
            partition_for_key(b"foobar", 4),
            to_positive(-790_332_482) % 4
        );
        assert_eq!(partition_for_key(b"foobar", 4), 2);
        assert_eq!(partition_for_key(b"21", 3), 0);
        assert_eq!(partition_for_key(b"21", 6), 0);
        // A key's partition is stable for a given count and changes when the count changes.
        assert_eq!(partition_for_key(b"abc", 10), to_positive(479_470_107) % 10);
        assert_eq!(partition_for_key(b"abc", 10), 7);
    }

    #[test]
    fn zero_partitions_never_divides_by_zero() {
        assert_eq!(partition_for_key(b"x", 0), 0);
    }

    #[test]
    fn sticky_partition_switches_after_batch_size_bytes() {
        let mut seq = [2u32, 0, 1].into_iter().cycle();
        let mut draw = |n: u32| seq.next().unwrap_or(0) % n;
        let mut s = StickyPartition::default();
        assert_eq!(s.current(3, &mut draw), 2);
        s.record_appended(10_000, 16_384, 3, &mut draw);
        assert_eq!(s.current(3, &mut draw), 2, "still below batch.size");
        s.record_appended(10_000, 16_384, 3, &mut draw);
        assert_eq!(
            s.current(3, &mut draw),
            0,
            "switched after batch.size bytes"
        );
    }
}
