//! One stable sort for the whole page. The standard library's `sort_by` and friends are
//! instantiated afresh for every element type and every comparison closure (each copy of its
//! driftsort is ~3.9 KB of wasm; the page had 37 of them, 143 KB, issue 20). These sort a list
//! of indices with one non-generic merge sort, calling the comparison through `&mut dyn FnMut`,
//! then move the elements into that order: the per-call-site code is only that small
//! permutation loop.
//!
//! Same result as `slice::sort_by` with the same comparison: a stable sort keeps equal elements
//! in their original order, so any two stable sorts agree (tested against the standard library
//! below, on random lists full of ties). Use them in place of `sort_unstable*` only where equal elements
//! cannot be told apart (numbers, strings, whole-value `Ord`), so the order there is the same too.
//! O(n log n) comparisons, n indices of extra memory; a list already in order costs n - 1
//! comparisons. Not for hot paths over large or hostile input: the share codec's check of a
//! link's subscriptions (up to hundreds of thousands of names) keeps `sort_unstable`, whose
//! pattern-defeating quicksort is linear on the all-equal lists an attacker would send.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Stable sort of `v` by `cmp` (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        stable_order(items.len(), &mut |a, b| cmp(&items[a], &items[b]))
    };
    if let Some(order) = order {
        permute(v, order);
    }
}

/// Stable sort of `v` by a key (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort of `v` by its own order (as `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Collects pairs into a map by inserting them one by one: what `collect()` gives (a later
/// equal key replaces the earlier value), without the stable sort and bulk build that
/// `BTreeMap::from_iter` instantiates for every key type.
pub fn btree_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// Collects into a set by inserting one by one (as [`btree_map`]). For element types whose
/// equal values cannot be told apart, which is every use here.
pub fn btree_set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// The positions of `n` elements in stable sorted order: `order[i]` is the index of the
/// element that goes to position `i`; `None` when they are in order already (checked first, in
/// n - 1 comparisons, so a sorted list costs no more than with the standard library). A
/// bottom-up merge sort of indices, runs of 1 upwards.
fn stable_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Option<Vec<usize>> {
    if (1..n).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return None;
    }
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right run only when strictly less: equal elements keep their order.
                if cmp(a[j], a[i]) == Ordering::Less {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (end - j)].copy_from_slice(&a[j..end]);
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    Some(a)
}

/// Moves `v[order[i]]` to position `i` for every `i`, following each cycle of the permutation
/// with swaps (`order` is used up as the record of what is done).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for i in 0..v.len() {
        let mut cur = i;
        while order[cur] != i {
            let next = order[cur];
            v.swap(cur, next);
            order[cur] = cur;
            cur = next;
        }
        order[cur] = cur;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_ties_in_order() {
        let data: Vec<(u8, usize)> = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i))
            .collect();
        for len in 0..=data.len() {
            let mut ours = data[..len].to_vec();
            let mut std = ours.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "length {len}");
            let mut ours = data[..len].to_vec();
            let mut std = ours.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by_key(|e| std::cmp::Reverse(e.0));
            assert_eq!(ours, std, "length {len}, descending");
        }
        let mut words = vec!["delta", "alpha", "charlie", "bravo", "alpha"];
        sort(&mut words);
        assert_eq!(words, ["alpha", "alpha", "bravo", "charlie", "delta"]);
    }

    #[test]
    fn collects_like_collect() {
        let pairs = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        assert_eq!(
            btree_map(pairs),
            pairs.into_iter().collect::<BTreeMap<_, _>>()
        );
        let items = [5, 3, 5, 1, 3];
        assert_eq!(btree_set(items), items.into_iter().collect::<BTreeSet<_>>());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn agrees_with_the_standard_library(
            v in proptest::collection::vec((0u8..8, proptest::num::u16::ANY), 0..300)
        ) {
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            proptest::prop_assert_eq!(&ours, &std);
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by_key(|e| std::cmp::Reverse(e.0));
            proptest::prop_assert_eq!(ours, std);
        }
    }
}
