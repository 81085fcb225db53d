//! The orders Java collections give the tools' output: several tools print a `java.util.HashMap`
//! as they iterate it, so their rows come in hash-bucket order, not sorted.

/// `String.hashCode`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, wrapping.
pub(crate) fn string_hash(s: &str) -> i32 {
    let mut h: i32 = 0;
    for u in s.encode_utf16() {
        h = h.wrapping_mul(31).wrapping_add(i32::from(u));
    }
    h
}

/// `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
pub(crate) fn topic_partition_hash(topic: &str, partition: u32) -> i32 {
    31i32
        .wrapping_mul(31i32.wrapping_add(partition as i32))
        .wrapping_add(string_hash(topic))
}

/// The order a `new HashMap<>()` filled with these keys (in this order) iterates them: by bucket
/// (`(h ^ h >>> 16) & (capacity - 1)`, the capacity doubling from 16 whenever the size passes
/// three quarters of it), and in insertion order within a bucket. Not modelled: a bucket of 8 or
/// more keys in a table of 64 or more becomes a tree (its first key may change), and a map that
/// once held more keys keeps its larger table; neither happens at the playground's sizes.
pub(crate) fn hash_map_order<T>(items: Vec<(i32, T)>) -> Vec<T> {
    let mut capacity: usize = 16;
    while items.len() > capacity / 4 * 3 {
        capacity *= 2;
    }
    let bucket = |h: i32| {
        let h = h as u32;
        ((h ^ (h >> 16)) as usize) & (capacity - 1)
    };
    let mut keyed: Vec<(usize, T)> = items.into_iter().map(|(h, t)| (bucket(h), t)).collect();
    crate::engine::sort::sort_by_key(&mut keyed, |(b, _)| *b);
    keyed.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_java() {
        assert_eq!(string_hash(""), 0);
        assert_eq!(string_hash("a"), 97);
        // "hello".hashCode() == 99162322
        assert_eq!(string_hash("hello"), 99_162_322);
        // new TopicPartition("a", 0).hashCode() == 31 * 31 + 97
        assert_eq!(topic_partition_hash("a", 0), 1058);
    }

    #[test]
    fn buckets_order_a_small_map() {
        // Keys 17 and 1 share bucket 1 of 16: insertion order within it; 16 sits in bucket 0.
        let order = hash_map_order(vec![(17, "x"), (1, "y"), (16, "z")]);
        assert_eq!(order, vec!["z", "x", "y"]);
    }
}
