//! Small emulations of JDK behaviour that Kafka's assignors depend on:
//! `String.compareTo`, `String.hashCode`, `TopicPartition.hashCode` and the iteration order of
//! `java.util.HashMap` / `HashSet` (needed wherever Kafka's result depends on which entry a
//! `HashMap` yields first).

use std::cmp::Ordering;

use crate::engine::TopicPartition;

/// Java's `String.compareTo`: lexicographic over UTF-16 code units.
pub fn java_string_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Java's `String.hashCode`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, wrapping `int`.
pub fn string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// `org.apache.kafka.common.TopicPartition.hashCode`:
/// `result = 31 + partition; result = 31 * result + topic.hashCode()`.
pub fn topic_partition_hash(tp: &TopicPartition) -> i32 {
    // Java's partition is an int; ours is u32 (same bits for every real partition number).
    let partition = tp.partition as i32;
    31i32
        .wrapping_add(partition)
        .wrapping_mul(31)
        .wrapping_add(string_hash(&tp.topic))
}

/// `HashMap.hash(key)`: `h ^ (h >>> 16)`.
fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

const DEFAULT_CAPACITY: usize = 16;
const TREEIFY_THRESHOLD: usize = 8;
const MIN_TREEIFY_CAPACITY: usize = 64;

/// The iteration order of a `java.util.HashMap` / `HashSet` created with the default capacity:
/// entries are visited bucket by bucket (`spread(hash) & (capacity - 1)`) and, inside a bucket,
/// in insertion order (resizes split buckets preserving relative order). The table doubles when
/// the size exceeds 3/4 of the capacity, and also (below capacity 64) when a bucket would reach
/// 9 entries (`treeifyBin` resizes instead of treeifying small tables). Tree bins (a bucket with
/// more than 8 colliding entries in a table of 64 or more) are not modelled: there Java's order
/// inside that one bucket may differ from insertion order.
#[derive(Clone, Debug)]
pub struct JavaHashOrder<K> {
    capacity: usize,
    next_seq: u64,
    entries: Vec<(K, u32, u64)>,
}

impl<K: PartialEq + Clone> JavaHashOrder<K> {
    pub fn new() -> Self {
        JavaHashOrder {
            capacity: DEFAULT_CAPACITY,
            next_seq: 0,
            entries: Vec::new(),
        }
    }

    fn bucket(&self, spread_hash: u32) -> u32 {
        // capacity is a power of two >= 16 and stays far below u32::MAX for any real input.
        spread_hash & (self.capacity as u32).wrapping_sub(1)
    }

    /// `put` / `add`: a key already present keeps its position.
    pub fn insert(&mut self, key: K, hash: i32) {
        if self.entries.iter().any(|(k, _, _)| *k == key) {
            return;
        }
        let h = spread(hash);
        let b = self.bucket(h);
        let in_bin = self
            .entries
            .iter()
            .filter(|(_, eh, _)| self.bucket(*eh) == b)
            .count();
        self.entries.push((key, h, self.next_seq));
        self.next_seq += 1;
        // putVal: appending the 9th node of a bin calls treeifyBin, which resizes small tables.
        if in_bin >= TREEIFY_THRESHOLD && self.capacity < MIN_TREEIFY_CAPACITY {
            self.capacity *= 2;
        }
        // ++size > threshold (threshold = 0.75 * capacity)
        if self.entries.len() > self.capacity / 4 * 3 {
            self.capacity *= 2;
        }
    }

    /// `remove`: the table never shrinks.
    pub fn remove(&mut self, key: &K) -> bool {
        match self.entries.iter().position(|(k, _, _)| k == key) {
            Some(i) => {
                self.entries.remove(i);
                true
            }
            None => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The keys in Java's iteration order.
    pub fn ordered(&self) -> Vec<K> {
        let mut v: Vec<(u32, u64, &K)> = self
            .entries
            .iter()
            .map(|(k, h, s)| (self.bucket(*h), *s, k))
            .collect();
        crate::engine::sort::sort_by_key(&mut v, |e| (e.0, e.1));
        v.into_iter().map(|(_, _, k)| k.clone()).collect()
    }

    /// `iterator().next()`.
    pub fn first(&self) -> Option<K> {
        self.entries
            .iter()
            .min_by(|a, b| (self.bucket(a.1), a.2).cmp(&(self.bucket(b.1), b.2)))
            .map(|(k, _, _)| k.clone())
    }
}

impl<K: PartialEq + Clone> Default for JavaHashOrder<K> {
    fn default() -> Self {
        Self::new()
    }
}
