//! Retention and compaction: the log cleaner and time- and size-based deletion.

use std::collections::HashMap;

use super::super::event::EventKind;
use super::super::log::KeyId;
use super::super::time::EPOCH_MS;
use super::World;

impl World {
    pub(super) fn run_retention(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let now_epoch = EPOCH_MS + self.now;
        let keys = &self.keys;
        let key_len = |k: KeyId| keys.text(k).map_or(0, str::len);
        for topic in self.topics.values_mut() {
            if !topic.config.delete {
                continue;
            }
            let cfg = topic.config.clone();
            let mut removed = 0u64;
            let mut touched = 0u32;
            for p in &mut topic.partitions {
                let before = removed;
                // Only records below the high watermark are eligible, as Kafka deletes only
                // segments wholly below it.
                while let Some(front) = p
                    .log
                    .records
                    .front()
                    .filter(|r| r.offset < p.high_watermark)
                {
                    let too_old = cfg.retention_ms >= 0
                        && front.timestamp + (cfg.retention_ms as u64) < now_epoch;
                    let too_big =
                        cfg.retention_bytes >= 0 && p.log.size_bytes > cfg.retention_bytes as u64;
                    if !(too_old || too_big) {
                        break;
                    }
                    p.log.pop_front(key_len);
                    removed += 1;
                }
                if removed > before {
                    touched += 1;
                    p.prune_writers();
                }
            }
            if removed > 0 {
                ev.push((
                    self.now,
                    EventKind::RetentionDeleted {
                        topic: topic.name.clone(),
                        partitions: touched,
                        removed,
                    },
                ));
            }
        }
    }

    /// The log cleaner (`LogCleaner`): keeps the latest record per key; tombstones survive
    /// `delete.retention.ms`, records younger than `min.compaction.lag.ms` are left alone.
    /// Simplification: no segments, so the whole log is cleanable (Kafka never cleans the
    /// active segment).
    pub(super) fn run_cleaner(&mut self, ev: &mut Vec<(u64, EventKind)>) {
        let now_epoch = EPOCH_MS + self.now;
        let keys = &self.keys;
        for topic in self.topics.values_mut() {
            if !topic.config.compact || !topic.dirty {
                continue;
            }
            topic.dirty = false;
            let cfg = topic.config.clone();
            let mut removed = 0u64;
            let mut touched = 0u32;
            for p in &mut topic.partitions {
                let mut latest: HashMap<KeyId, u64> = HashMap::new();
                for r in p.log.records.iter() {
                    if !r.key.is_null() {
                        latest.insert(r.key, r.offset);
                    }
                }
                let before = p.log.records.len();
                p.log.records.retain(|r| {
                    let young = r.timestamp + cfg.min_compaction_lag_ms > now_epoch;
                    if young || r.key.is_null() {
                        return true;
                    }
                    let is_latest = latest.get(&r.key) == Some(&r.offset);
                    if !is_latest {
                        return false;
                    }
                    // A tombstone is kept for delete.retention.ms so consumers can see it.
                    !(r.is_tombstone() && r.timestamp + cfg.delete_retention_ms <= now_epoch)
                });
                let gone = (before - p.log.records.len()) as u64;
                if gone > 0 {
                    p.log.recount(|k| keys.text(k).map_or(0, str::len));
                    removed += gone;
                    touched += 1;
                }
            }
            // A log still holding tombstones stays on the cleaner's list so each one goes
            // once its delete.retention.ms has passed (KIP-534's delete horizon).
            topic.dirty = topic
                .partitions
                .iter()
                .any(|p| p.log.records.iter().any(|r| r.is_tombstone()));
            if removed > 0 {
                ev.push((
                    self.now,
                    EventKind::Compacted {
                        topic: topic.name.clone(),
                        partitions: touched,
                        removed,
                    },
                ));
            }
        }
    }
}
