//! Recent traffic per partition, one reading for the map and the lanes: records written to each
//! partition over the last seconds (one sample per simulated second), each partition's share of
//! them, and when a partition is "hot". A share is of recent records only, so it holds still
//! when nothing new arrives, and one record does not make a partition hot.

use crate::engine::{TopicPartition, World};

/// Over this many one-second samples.
pub const WINDOW_S: usize = 10;

/// Records a topic must have taken recently before a partition can be called hot.
pub const HOT_MIN_RECORDS: u64 = 30;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traffic {
    /// Records written to each partition in the window.
    pub written: Vec<u64>,
    /// How many seconds the window covers (fewer than `WINDOW_S` just after a start).
    pub window_s: u64,
}

impl Traffic {
    /// Reads the log-end samples of each partition of `topic`.
    pub fn of(world: &World, topic: &str, partitions: u32) -> Traffic {
        let mut window_s = 0;
        let written = (0..partitions)
            .map(|p| {
                world
                    .log_end_series(&TopicPartition::new(topic, p))
                    .filter(|s| s.len() >= 2)
                    .map_or(0, |s| {
                        let newest = s.back().map_or(0, |x| x.1);
                        let i = s.len().saturating_sub(WINDOW_S + 1);
                        window_s = window_s.max((s.len() - 1 - i) as u64);
                        // A leader change can cut the log back: the end offset went down.
                        newest.saturating_sub(s.get(i).map_or(0, |x| x.1))
                    })
            })
            .collect();
        Traffic { written, window_s }
    }

    pub fn total(&self) -> u64 {
        self.written.iter().sum()
    }

    /// The partition's share (0–1) of the records written in the window; `None` when nothing
    /// was written in it.
    pub fn share(&self, p: u32) -> Option<f64> {
        let total = self.total();
        let mine = *self.written.get(p as usize)?;
        (total > 0).then(|| mine as f64 / total as f64)
    }

    /// The partition's share of recent traffic, when it takes well over its fair share of
    /// enough records.
    pub fn hot_share(&self, p: u32) -> Option<f64> {
        let n = self.written.len();
        if n < 2 || self.total() < HOT_MIN_RECORDS {
            return None;
        }
        let share = self.share(p)?;
        (share >= 1.5 / n as f64 && share >= 0.25).then_some(share)
    }

    /// "hot: 62% of the last 10 s", for a hot partition.
    pub fn hot(&self, p: u32) -> Option<String> {
        self.hot_share(p).map(|share| {
            format!(
                "hot: {:.0}% of the last {} s",
                share * 100.0,
                self.window_s.max(1)
            )
        })
    }

    /// "62% of the records of the last 10 s", or that nothing was written in it.
    pub fn share_text(&self, p: u32) -> String {
        let s = self.window_s.max(1);
        match self.share(p) {
            Some(share) => format!("{:.0}% of the last {s} s", share * 100.0),
            None => format!("no records in the last {s} s"),
        }
    }

    /// The busiest partition and its share, when one is hot.
    pub fn hottest(&self) -> Option<(u32, f64)> {
        (0..self.written.len() as u32)
            .filter_map(|p| self.hot_share(p).map(|s| (p, s)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(written: &[u64]) -> Traffic {
        Traffic {
            written: written.to_vec(),
            window_s: 10,
        }
    }

    #[test]
    fn one_record_does_not_make_a_partition_hot() {
        let one = t(&[1, 0, 0]);
        assert_eq!(one.share(0), Some(1.0));
        assert_eq!(one.hot_share(0), None);
        assert_eq!(t(&[40, 5, 5]).hottest().map(|h| h.0), Some(0));
        assert_eq!(
            t(&[20, 15, 15]).hottest(),
            None,
            "even enough: nothing is hot"
        );
    }

    #[test]
    fn without_recent_records_there_is_no_share() {
        let quiet = t(&[0, 0]);
        assert_eq!(quiet.share(0), None);
        assert_eq!(quiet.share_text(1), "no records in the last 10 s");
        assert_eq!(t(&[3, 1]).share_text(0), "75% of the last 10 s");
        assert_eq!(t(&[3, 1]).share(7), None);
    }
}
