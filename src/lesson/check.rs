//! Goal conditions: `METRIC OP VALUE [for DURATION]`, read from a lesson and evaluated against
//! the live world. Every metric is a pure function of the world (windows look back at the
//! world's one-second samples), so a goal's state never depends on how often it is asked.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cli::parse_duration;
use crate::engine::timeline::{SAMPLES_KEPT, SAMPLE_MS};
use crate::engine::World;

/// The window `skew(TOPIC)` looks at.
pub const SKEW_WINDOW_MS: u64 = 30_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    Partitions(String),
    Records(String),
    Members(String),
    IdleMembers(String),
    Lag(String),
    MaxLag(String),
    Processed(String),
    Duplicates(String),
    Skipped(String),
    /// Failed processing attempts of the group's members (each retry of a failing record).
    FailedAttempts(String),
    Committed(String),
    Assignor(String),
    Skew(String),
    KeyPartitions(String, String),
    /// Records of `TOPIC` whose key is exactly `KEY` (still stored).
    KeyRecords(String, String),
    UnderReplicated(String),
    Offline(String),
    BrokersUp,
    Lost,
    LostAcked,
    Sent(String),
    ProducerDuplicates(String),
    /// Records the producer sent again after a lost acknowledgement.
    Retried(String),
    Acks(String),
    Idempotence(String),
    Config(String, String),
    /// Share groups: records archived (rejected, out of delivery attempts, or lost to retention).
    Archived(String),
    /// Share groups: deliveries beyond a record's first.
    Redelivered(String),
    /// Share groups: records processed after a later record of the same key.
    OutOfOrder(String),
}

/// The metric names and their arguments, for error messages and the README.
const METRICS: &[(&str, &[&str])] = &[
    ("partitions", &["TOPIC"]),
    ("records", &["TOPIC"]),
    ("members", &["GROUP"]),
    ("idle-members", &["GROUP"]),
    ("lag", &["GROUP"]),
    ("max-lag", &["GROUP"]),
    ("processed", &["GROUP"]),
    ("duplicates", &["GROUP"]),
    ("skipped", &["GROUP"]),
    ("failed-attempts", &["GROUP"]),
    ("archived", &["GROUP"]),
    ("redelivered", &["GROUP"]),
    ("out-of-order", &["GROUP"]),
    ("committed", &["GROUP"]),
    ("assignor", &["GROUP"]),
    ("skew", &["TOPIC"]),
    ("key-partitions", &["TOPIC", "PREFIX"]),
    ("key-records", &["TOPIC", "KEY"]),
    ("under-replicated", &["TOPIC"]),
    ("offline", &["TOPIC"]),
    ("brokers-up", &[]),
    ("lost", &[]),
    ("lost-acked", &[]),
    ("sent", &["PRODUCER"]),
    ("producer-duplicates", &["PRODUCER"]),
    ("retried", &["PRODUCER"]),
    ("acks", &["PRODUCER"]),
    ("idempotence", &["PRODUCER"]),
    ("config", &["TOPIC", "KEY"]),
];

impl Metric {
    fn parse(text: &str) -> Result<Metric, String> {
        let text = text.trim();
        let (name, args) = match text.split_once('(') {
            Some((n, rest)) => {
                let Some(inner) = rest.trim_end().strip_suffix(')') else {
                    return Err(format!("'{text}' is missing its closing ')'"));
                };
                let args: Vec<String> = inner.split(',').map(|a| a.trim().to_string()).collect();
                (n.trim(), args)
            }
            None => (text, Vec::new()),
        };
        let Some((_, want)) = METRICS.iter().find(|(n, _)| *n == name) else {
            return Err(format!(
                "unknown metric '{name}' (metrics: {})",
                METRICS
                    .iter()
                    .map(|(n, a)| if a.is_empty() {
                        n.to_string()
                    } else {
                        format!("{n}({})", a.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        if args.len() != want.len() || args.iter().any(String::is_empty) {
            return Err(if want.is_empty() {
                format!("'{name}' takes no arguments")
            } else {
                format!("write {name}({})", want.join(", "))
            });
        }
        let a = |i: usize| args[i].clone();
        Ok(match name {
            "partitions" => Metric::Partitions(a(0)),
            "records" => Metric::Records(a(0)),
            "members" => Metric::Members(a(0)),
            "idle-members" => Metric::IdleMembers(a(0)),
            "lag" => Metric::Lag(a(0)),
            "max-lag" => Metric::MaxLag(a(0)),
            "processed" => Metric::Processed(a(0)),
            "duplicates" => Metric::Duplicates(a(0)),
            "skipped" => Metric::Skipped(a(0)),
            "failed-attempts" => Metric::FailedAttempts(a(0)),
            "archived" => Metric::Archived(a(0)),
            "redelivered" => Metric::Redelivered(a(0)),
            "out-of-order" => Metric::OutOfOrder(a(0)),
            "committed" => Metric::Committed(a(0)),
            "assignor" => Metric::Assignor(a(0)),
            "skew" => Metric::Skew(a(0)),
            "key-partitions" => Metric::KeyPartitions(a(0), a(1)),
            "key-records" => Metric::KeyRecords(a(0), a(1)),
            "under-replicated" => Metric::UnderReplicated(a(0)),
            "offline" => Metric::Offline(a(0)),
            "brokers-up" => Metric::BrokersUp,
            "lost" => Metric::Lost,
            "lost-acked" => Metric::LostAcked,
            "sent" => Metric::Sent(a(0)),
            "producer-duplicates" => Metric::ProducerDuplicates(a(0)),
            "retried" => Metric::Retried(a(0)),
            "acks" => Metric::Acks(a(0)),
            "idempotence" => Metric::Idempotence(a(0)),
            _ => Metric::Config(a(0), a(1)),
        })
    }

    /// Metrics whose value is a word, compared with `==` / `!=` only.
    fn is_word(&self) -> bool {
        matches!(
            self,
            Metric::Assignor(_) | Metric::Acks(_) | Metric::Idempotence(_)
        )
    }

    /// The consumer group the condition measures, if it measures one.
    pub fn group(&self) -> Option<&str> {
        match self {
            Metric::Members(g)
            | Metric::IdleMembers(g)
            | Metric::Lag(g)
            | Metric::MaxLag(g)
            | Metric::Processed(g)
            | Metric::Duplicates(g)
            | Metric::Skipped(g)
            | Metric::FailedAttempts(g)
            | Metric::Committed(g)
            | Metric::Archived(g)
            | Metric::Redelivered(g)
            | Metric::OutOfOrder(g)
            | Metric::Assignor(g) => Some(g),
            _ => None,
        }
    }

    /// The metric's value now; `None` when it has none (a topic or group that does not exist,
    /// no records in the skew window).
    pub fn measure(&self, w: &World) -> Option<Measured> {
        use Measured::{Num, Word};
        let group = |g: &str| w.group_view(g);
        let topic = |t: &str| w.topic_view(t);
        let producer = |p: &str| {
            w.producer_names()
                .iter()
                .any(|n| n == p)
                .then(|| w.producer_view(p))
        };
        // A share group answers the metrics that make sense for it.
        if let Some(sg) = self.group().and_then(|g| w.share_group_view(g)) {
            return Some(match self {
                Metric::Members(_) => Num(sg.active_members() as u64),
                Metric::IdleMembers(_) => Num(sg.idle_members() as u64),
                Metric::Lag(_) => Num(sg.total_lag()),
                Metric::MaxLag(_) => Num(sg.max_lag()),
                Metric::Processed(_) => Num(sg.processed()),
                Metric::FailedAttempts(_) => Num(sg.members.iter().map(|m| m.failed).sum()),
                Metric::Archived(_) => Num(sg.archived()),
                Metric::Redelivered(_) => Num(sg.redelivered()),
                Metric::OutOfOrder(_) => Num(sg.out_of_order),
                _ => return None,
            });
        }
        Some(match self {
            Metric::Archived(_) | Metric::Redelivered(_) | Metric::OutOfOrder(_) => return None,
            Metric::Partitions(t) => Num(w.partition_count(t).unwrap_or(0) as u64),
            Metric::Records(t) => Num(topic(t)?.partitions.iter().map(|p| p.high_watermark).sum()),
            Metric::Members(g) => Num(group(g)?.active_members() as u64),
            Metric::IdleMembers(g) => Num(group(g)?.idle_members() as u64),
            Metric::Lag(g) => Num(group(g)?.total_lag()),
            Metric::MaxLag(g) => Num(group(g)?.max_lag()),
            Metric::Processed(g) => Num(group(g)?.partitions.iter().map(|p| p.processed).sum()),
            Metric::Duplicates(g) => Num(group(g)?.duplicates()),
            Metric::Skipped(g) => Num(group(g)?.skipped()),
            Metric::FailedAttempts(g) => Num(group(g)?
                .members
                .iter()
                .map(|m| m.failures.failed_attempts)
                .sum()),
            Metric::Committed(g) => Num(group(g)?
                .partitions
                .iter()
                .filter_map(|p| p.committed)
                .sum()),
            Metric::Assignor(g) => Word(group(g)?.assignor?.name().to_string()),
            Metric::Skew(t) => Num(skew_percent(w, t)?),
            Metric::KeyPartitions(t, prefix) => {
                Num(w.partitions_with_key_prefix(t, prefix).len() as u64)
            }
            Metric::KeyRecords(t, key) => Num((0..w.partition_count(t)?)
                .flat_map(|p| w.key_counts(t, p))
                .filter(|(k, _)| k.as_deref() == Some(key.as_str()))
                .map(|(_, n)| n)
                .sum()),
            Metric::UnderReplicated(t) => Num(topic(t)?
                .partitions
                .iter()
                .filter(|p| p.under_replicated())
                .count() as u64),
            Metric::Offline(t) => {
                Num(topic(t)?.partitions.iter().filter(|p| p.offline()).count() as u64)
            }
            Metric::BrokersUp => Num(w.broker_views().iter().filter(|b| b.up).count() as u64),
            Metric::Lost => Num(w.lost_records().1),
            Metric::LostAcked => Num(w.lost_records().2),
            Metric::Sent(p) => Num(producer(p).map_or(0, |v| v.sent)),
            Metric::ProducerDuplicates(p) => Num(producer(p).map_or(0, |v| v.duplicated)),
            Metric::Retried(p) => Num(producer(p).map_or(0, |v| v.retried)),
            Metric::Acks(p) => Word(producer(p)?.acks),
            Metric::Idempotence(p) => Word(producer(p)?.idempotent.to_string()),
            Metric::Config(t, k) => {
                let v = w.topic_config(t)?.value(k)?;
                match v.parse::<u64>() {
                    Ok(n) => Num(n),
                    Err(_) => Word(v),
                }
            }
        })
    }
}

/// The busiest partition's share (%, rounded) of the records written to `topic` in the last
/// 30 s, from the world's per-second log-end samples. `None` when nothing was written.
fn skew_percent(w: &World, topic: &str) -> Option<u64> {
    let n = w.partition_count(topic)?;
    let now = w.now();
    let from = now.saturating_sub(SKEW_WINDOW_MS);
    let mut total = 0u64;
    let mut most = 0u64;
    for p in 0..n {
        let tp = crate::engine::TopicPartition::new(topic.to_string(), p);
        let Some(series) = w.log_end_series(&tp) else {
            continue;
        };
        let Some(&(_, last)) = series.back() else {
            continue;
        };
        // The newest sample at or before the window's start (or the oldest there is).
        let base = series
            .iter()
            .rev()
            .find(|(at, _)| *at <= from)
            .or(series.front())
            .map_or(0, |(_, v)| *v);
        let written = last.saturating_sub(base);
        total += written;
        most = most.max(written);
    }
    (total > 0).then(|| (most * 100 + total / 2) / total)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Eq => "==",
            Op::Ne => "!=",
        }
    }
}

/// A metric's value, or a condition's target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Measured {
    Num(u64),
    Word(String),
}

impl std::fmt::Display for Measured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measured::Num(n) => write!(f, "{n}"),
            Measured::Word(w) => f.write_str(w),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// As written in the lesson (shown to the learner).
    pub source: String,
    pub metric: Metric,
    pub op: Op,
    pub value: Measured,
    /// `for DURATION`: the condition held at every sample of this window (lag metrics).
    pub window_ms: Option<u64>,
}

impl Condition {
    /// The consumer group the condition measures, if it measures one.
    pub fn group(&self) -> Option<&str> {
        self.metric.group()
    }

    /// Parses `METRIC OP VALUE [for DURATION]`.
    pub fn parse(text: &str) -> Result<Condition, String> {
        let source = text.trim().to_string();
        let (body, window) = match source.rsplit_once(" for ") {
            Some((b, d)) => {
                let ms = parse_duration(d.trim(), 1000)
                    .filter(|ms| *ms > 0)
                    .ok_or_else(|| {
                        format!(
                            "'for {}' is not a duration: write e.g. for 30s or for 2m",
                            d.trim()
                        )
                    })?;
                let most = SAMPLE_MS * (SAMPLES_KEPT as u64 - 1);
                if ms > most {
                    return Err(format!("'for' can look back at most {} s", most / 1000));
                }
                (b.trim(), Some(ms))
            }
            None => (source.as_str(), None),
        };
        // The operator: the first of <=, >=, ==, !=, <, > outside the metric's parentheses.
        let close = body.find(')').map_or(0, |i| i + 1);
        let rest = &body[close..];
        let found = ["<=", ">=", "==", "!=", "<", ">"]
            .iter()
            .filter_map(|o| rest.find(o).map(|i| (i, *o)))
            .min_by_key(|(i, o)| (*i, std::cmp::Reverse(o.len())));
        let Some((at, sym)) = found else {
            return Err(format!(
                "'{body}' has no comparison: write METRIC OP VALUE, e.g. max-lag(my-group) < 100"
            ));
        };
        let metric = Metric::parse(&body[..close + at])?;
        let op = match sym {
            "<=" => Op::Le,
            ">=" => Op::Ge,
            "==" => Op::Eq,
            "!=" => Op::Ne,
            "<" => Op::Lt,
            _ => Op::Gt,
        };
        let raw = body[close + at + sym.len()..].trim();
        if raw.is_empty() {
            return Err(format!("'{body}' has nothing after '{sym}'"));
        }
        let value = match raw.trim_end_matches('%').parse::<u64>() {
            Ok(n) => Measured::Num(n),
            Err(_) if raw.chars().all(|c| !c.is_whitespace()) => Measured::Word(raw.to_string()),
            Err(_) => return Err(format!("'{raw}' is not a number or a single word")),
        };
        if metric.is_word() && !matches!(op, Op::Eq | Op::Ne) {
            return Err(format!(
                "{} is a word: compare it with == or !=",
                body[..close + at].trim()
            ));
        }
        if metric.is_word() != matches!(value, Measured::Word(_))
            && !matches!(metric, Metric::Config(..))
        {
            return Err(if metric.is_word() {
                format!(
                    "compare {} with a word, not a number",
                    body[..close + at].trim()
                )
            } else {
                format!(
                    "{} is a number: compare it with a number, not '{raw}'",
                    body[..close + at].trim()
                )
            });
        }
        if window.is_some() && !matches!(metric, Metric::Lag(_) | Metric::MaxLag(_)) {
            return Err("'for' works with lag(GROUP) and max-lag(GROUP)".into());
        }
        Ok(Condition {
            source,
            metric,
            op,
            value,
            window_ms: window,
        })
    }

    fn compare(&self, v: &Measured) -> bool {
        match (v, &self.value) {
            (Measured::Num(a), Measured::Num(b)) => match self.op {
                Op::Lt => a < b,
                Op::Le => a <= b,
                Op::Gt => a > b,
                Op::Ge => a >= b,
                Op::Eq => a == b,
                Op::Ne => a != b,
            },
            (a, b) => {
                let same = a.to_string().eq_ignore_ascii_case(&b.to_string());
                match self.op {
                    Op::Eq => same,
                    Op::Ne => !same,
                    _ => false,
                }
            }
        }
    }

    /// Whether the condition holds now (and, with a window, at every sample in it).
    pub fn holds(&self, w: &World) -> bool {
        self.check(w).1
    }

    /// The metric's value now and whether the condition holds, measuring once (the page shows
    /// both after every change).
    pub fn check(&self, w: &World) -> (Option<Measured>, bool) {
        let now = self.metric.measure(w);
        let holds = now
            .as_ref()
            .is_some_and(|v| self.compare(v) && self.window_holds(w));
        (now, holds)
    }

    /// With `for DURATION`: the lag stayed within bounds at every sample of the window.
    fn window_holds(&self, w: &World) -> bool {
        let (Some(window), Metric::Lag(g) | Metric::MaxLag(g)) = (self.window_ms, &self.metric)
        else {
            return true;
        };
        let Some(series) = w.lag_series(g) else {
            return false;
        };
        let from = w.now().saturating_sub(window);
        // The group must have been sampled for the whole window.
        let first = series
            .values()
            .filter_map(|s| s.front())
            .map(|(at, _)| *at)
            .min();
        if first.is_none_or(|f| f > from) {
            return false;
        }
        // Per sample time: the largest lag and the total lag over the group's partitions.
        let mut at_time: BTreeMap<u64, (u64, u64)> = BTreeMap::new();
        for s in series.values() {
            for &(at, lag) in s.iter().filter(|(at, _)| *at >= from) {
                let e = at_time.entry(at).or_default();
                e.0 = e.0.max(lag);
                e.1 += lag;
            }
        }
        let max = matches!(self.metric, Metric::MaxLag(_));
        at_time
            .values()
            .all(|&(m, total)| self.compare(&Measured::Num(if max { m } else { total })))
    }
}
