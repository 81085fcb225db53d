//! Producers and load generators.
//!
//! A producer has settings (`ProducerConfig`), per-topic partitioner state and an idempotence
//! sequence. A load generator produces at a steady simulated rate with a key strategy; its keys
//! are interned once and cached, so a heavy load costs no allocation per record.

use std::collections::BTreeMap;

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::config::ProducerConfig;
use super::log::{KeyId, KeyInterner};
use super::partitioner::StickyPartition;
use super::time::format_minute;
use super::EngineError;

/// The most distinct keys one strategy may generate (keeps the key table bounded).
pub const MAX_STRATEGY_KEYS: u32 = 100_000;
/// The fastest load generator, in records per simulated second.
pub const MAX_RATE: u32 = 1_000_000;
/// The largest generated value, in bytes.
pub const MAX_VALUE_SIZE: u32 = 1_000_000;

/// How a load generator picks each record's key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum KeyStrategy {
    /// No key: the partitioner decides (sticky or round-robin).
    Null,
    /// Every record has the same key.
    Fixed { key: String },
    /// A key drawn uniformly from `{prefix}0 … {prefix}{count-1}`.
    Uniform { prefix: String, count: u32 },
    /// `share_percent` of records carry `key`; the rest draw uniformly from `{prefix}0…`.
    Hot {
        key: String,
        share_percent: u32,
        prefix: String,
        others: u32,
    },
    /// The key is a channel name. The first channel carries `hot_share_percent` of the traffic,
    /// the others share the rest evenly. `suffix` makes composite (`channel:minute`) or salted
    /// (`channel:user-N`) keys.
    Channels {
        channels: Vec<String>,
        hot_share_percent: u32,
        suffix: ChannelSuffix,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelSuffix {
    None,
    /// `channel:HH:MM`, the minute of the record's simulated time.
    Minute,
    /// `channel:user-N` with N uniform in `0..users`.
    User {
        users: u32,
    },
}

impl KeyStrategy {
    pub fn validate(&self) -> Result<(), EngineError> {
        let bad = |m: &str| Err(EngineError::InvalidRequest(m.to_string()));
        match self {
            KeyStrategy::Null | KeyStrategy::Fixed { .. } => Ok(()),
            KeyStrategy::Uniform { count, .. } if *count == 0 || *count > MAX_STRATEGY_KEYS => bad(
                &format!("The number of keys must be between 1 and {MAX_STRATEGY_KEYS}."),
            ),
            KeyStrategy::Hot {
                share_percent,
                others,
                ..
            } if *share_percent > 100 || *others > MAX_STRATEGY_KEYS => bad(&format!(
                "The hot share must be 0–100% and the other keys at most {MAX_STRATEGY_KEYS}."
            )),
            KeyStrategy::Hot {
                share_percent,
                others: 0,
                ..
            } if *share_percent < 100 => bad("A hot key below 100% needs at least one other key."),
            KeyStrategy::Channels {
                channels,
                hot_share_percent,
                suffix,
            } => {
                if channels.is_empty() || channels.len() > 64 {
                    return bad("Give between 1 and 64 channels.");
                }
                if *hot_share_percent > 100 {
                    return bad("The hot channel's share must be between 0 and 100%.");
                }
                if let ChannelSuffix::User { users } = suffix {
                    if *users == 0
                        || u64::from(*users) * channels.len() as u64 > u64::from(MAX_STRATEGY_KEYS)
                    {
                        return bad(&format!(
                            "Channels × users must be between 1 and {MAX_STRATEGY_KEYS}."
                        ));
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A short human description ("hot key web at 80%").
    pub fn describe(&self) -> String {
        match self {
            KeyStrategy::Null => "no key".into(),
            KeyStrategy::Fixed { key } => format!("one key '{key}'"),
            KeyStrategy::Uniform { prefix, count } => {
                format!("{count} keys {prefix}0…{prefix}{}", count.saturating_sub(1))
            }
            KeyStrategy::Hot {
                key,
                share_percent,
                others,
                ..
            } => {
                format!("hot key '{key}' at {share_percent}%, {others} other keys")
            }
            KeyStrategy::Channels {
                channels,
                hot_share_percent,
                suffix,
            } => {
                let first = channels.first().map(String::as_str).unwrap_or("?");
                let form = match suffix {
                    ChannelSuffix::None => "channel".to_string(),
                    ChannelSuffix::Minute => "channel:minute".to_string(),
                    ChannelSuffix::User { users } => format!("channel:user ({users} users)"),
                };
                format!(
                    "{form} keys over {} channels, '{first}' at {hot_share_percent}%",
                    channels.len()
                )
            }
        }
    }
}

/// A load generator to start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoadSpec {
    pub id: String,
    pub producer: String,
    pub topic: String,
    pub rate_per_sec: u32,
    pub value_size: u32,
    pub keys: KeyStrategy,
    /// Stop after this many records (`kafka-producer-perf-test --num-records`); `None`: run
    /// until stopped.
    #[serde(default)]
    pub limit: Option<u64>,
}

/// A running load generator.
#[derive(Clone, Debug)]
pub struct Load {
    pub spec: LoadSpec,
    /// Milli-records carried between ticks so any rate is met exactly over time.
    pub carry_millirecords: u64,
    pub produced: u64,
    /// Sends are failing (no leader, too few in-sync replicas): reported once, not per record.
    pub failing: bool,
    /// Records that failed since the generator began failing.
    pub failed_since: u64,
    /// Cached interned keys: index → key id (filled lazily).
    key_cache: Vec<Option<KeyId>>,
    /// For `channel:minute`: the minute the cache was built for.
    cache_minute: Option<u64>,
}

impl Load {
    pub fn new(spec: LoadSpec) -> Self {
        Load {
            spec,
            carry_millirecords: 0,
            produced: 0,
            failing: false,
            failed_since: 0,
            key_cache: Vec::new(),
            cache_minute: None,
        }
    }

    /// Draws the next record's key. `now_ms` is epoch time (for `channel:minute`).
    pub fn next_key(&mut self, rng: &mut ChaCha8Rng, keys: &mut KeyInterner, now_ms: u64) -> KeyId {
        let Load {
            spec,
            key_cache,
            cache_minute,
            ..
        } = self;
        let cache = key_cache;
        match &spec.keys {
            KeyStrategy::Null => KeyId::NULL,
            KeyStrategy::Fixed { key } => cached(cache, keys, 0, || key.clone()),
            KeyStrategy::Uniform { prefix, count } => {
                let i = rng.random_range(0..(*count).max(1));
                cached(cache, keys, i as usize, || format!("{prefix}{i}"))
            }
            KeyStrategy::Hot {
                key,
                share_percent,
                prefix,
                others,
            } => {
                if *others == 0 || rng.random_range(0..100u32) < *share_percent {
                    cached(cache, keys, 0, || key.clone())
                } else {
                    let i = rng.random_range(0..*others);
                    cached(cache, keys, 1 + i as usize, || format!("{prefix}{i}"))
                }
            }
            KeyStrategy::Channels {
                channels,
                hot_share_percent,
                suffix,
            } => {
                let n = channels.len().max(1) as u32;
                let c = if n == 1 || rng.random_range(0..100u32) < *hot_share_percent {
                    0
                } else {
                    1 + rng.random_range(0..n - 1)
                };
                let channel = channels
                    .get(c as usize)
                    .map(String::as_str)
                    .unwrap_or("channel");
                match suffix {
                    ChannelSuffix::None => cached(cache, keys, c as usize, || channel.to_string()),
                    ChannelSuffix::Minute => {
                        let minute = now_ms / 60_000;
                        if *cache_minute != Some(minute) {
                            cache.clear();
                            *cache_minute = Some(minute);
                        }
                        cached(cache, keys, c as usize, || {
                            format!("{channel}:{}", format_minute(now_ms))
                        })
                    }
                    ChannelSuffix::User { users } => {
                        let users = (*users).max(1);
                        let u = rng.random_range(0..users);
                        cached(cache, keys, (c * users + u) as usize, || {
                            format!("{channel}:user-{u}")
                        })
                    }
                }
            }
        }
    }
}

/// The interned id of the strategy's `index`-th key, interning `make()` the first time.
fn cached(
    cache: &mut Vec<Option<KeyId>>,
    keys: &mut KeyInterner,
    index: usize,
    make: impl FnOnce() -> String,
) -> KeyId {
    if let Some(Some(id)) = cache.get(index) {
        return *id;
    }
    if cache.len() <= index {
        cache.resize(index + 1, None);
    }
    let id = keys.intern(&make());
    if let Some(slot) = cache.get_mut(index) {
        *slot = Some(id);
    }
    id
}

/// A producer client: settings and partitioner state.
#[derive(Clone, Debug, Default)]
pub struct ProducerState {
    /// Index into the world's producer names (how logs note their writers).
    pub id: u32,
    pub config: ProducerConfig,
    /// Uniform sticky partitioner state per topic (`BuiltInPartitioner` is per topic).
    pub sticky: BTreeMap<String, StickyPartition>,
    /// `RoundRobinPartitioner`'s counter per topic.
    pub round_robin: BTreeMap<String, u32>,
    /// Sends whose acknowledgement will be lost (a network fault the learner injected).
    pub lose_acks: u32,
    /// Outcome counters, for the producer panel.
    pub sent: u64,
    pub acknowledged: u64,
    pub failed: u64,
    pub duplicated: u64,
    pub retried: u64,
    /// `acks=all` records written and waiting for the in-sync replicas.
    pub awaiting: u64,
    /// Acknowledged records that a leader change later cut off.
    pub lost: u64,
}
