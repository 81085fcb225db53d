//! "Load generator": records at a steady simulated rate with a key strategy, the same thing
//! the console's `sim load start` does. Running loads are listed with a Stop button.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::input::{percent, saturating_u32, whole_number};
use super::state::{show_error, use_playground};
use crate::engine::{
    ChannelSuffix, Command, EventKind, KeyStrategy, LoadSpec, LoadView, DEFAULT_PRODUCER,
};

/// The console's `--value-size` default: the page uses it too, so both print the same command.
const DEFAULT_VALUE_SIZE: u32 = 100;
/// Keys other than the hot one, as `sim load start --keys hot:KEY:PCT` makes them.
const HOT_OTHER_KEYS: u32 = 100;

/// Key strategies, named as the console's `--keys` option names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    One,
    Uniform,
    Hot,
    Channel,
    ChannelMinute,
    ChannelUser,
    None,
}

impl KeyKind {
    pub const ALL: [KeyKind; 7] = [
        KeyKind::One,
        KeyKind::Uniform,
        KeyKind::Hot,
        KeyKind::Channel,
        KeyKind::ChannelMinute,
        KeyKind::ChannelUser,
        KeyKind::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::One => "one",
            KeyKind::Uniform => "uniform",
            KeyKind::Hot => "hot",
            KeyKind::Channel => "channel",
            KeyKind::ChannelMinute => "channel-minute",
            KeyKind::ChannelUser => "channel-user",
            KeyKind::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<KeyKind> {
        KeyKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn label(self) -> &'static str {
        match self {
            KeyKind::One => "One key for every record",
            KeyKind::Uniform => "N keys, evenly spread",
            KeyKind::Hot => "Hot key with a share of the traffic",
            KeyKind::Channel => "channel as the key",
            KeyKind::ChannelMinute => "channel:minute composite key",
            KeyKind::ChannelUser => "channel:user salted key",
            KeyKind::None => "No key (null)",
        }
    }

    fn uses_share(self) -> bool {
        matches!(
            self,
            KeyKind::Hot | KeyKind::Channel | KeyKind::ChannelMinute | KeyKind::ChannelUser
        )
    }

    fn uses_channels(self) -> bool {
        matches!(
            self,
            KeyKind::Channel | KeyKind::ChannelMinute | KeyKind::ChannelUser
        )
    }
}

/// What the key fields hold, as typed.
#[derive(Clone, Debug, Default)]
pub struct KeyFields {
    pub key: String,
    pub count: String,
    pub hot_key: String,
    pub share: String,
    pub channels: String,
    pub users: String,
}

/// Builds the strategy from the fields; the engine checks the limits (`KeyStrategy::validate`).
pub fn key_strategy(kind: KeyKind, f: &KeyFields) -> Result<KeyStrategy, String> {
    let channels = || -> Result<Vec<String>, String> {
        let list: Vec<String> = f
            .channels
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if list.is_empty() {
            return Err("Enter at least one channel name, e.g. general,random,dev.".into());
        }
        Ok(list)
    };
    let share = || percent("The hot share", &f.share);
    Ok(match kind {
        KeyKind::None => KeyStrategy::Null,
        KeyKind::One => {
            if f.key.is_empty() {
                return Err("Enter the key every record carries, or choose No key.".into());
            }
            KeyStrategy::Fixed { key: f.key.clone() }
        }
        KeyKind::Uniform => KeyStrategy::Uniform {
            prefix: "key-".into(),
            count: saturating_u32(whole_number("The number of keys", &f.count, "10")?),
        },
        KeyKind::Hot => {
            if f.hot_key.is_empty() {
                return Err("Enter the hot key, e.g. general.".into());
            }
            KeyStrategy::Hot {
                key: f.hot_key.clone(),
                share_percent: share()?,
                prefix: "key-".into(),
                others: HOT_OTHER_KEYS,
            }
        }
        KeyKind::Channel | KeyKind::ChannelMinute | KeyKind::ChannelUser => {
            let suffix = match kind {
                KeyKind::ChannelMinute => ChannelSuffix::Minute,
                KeyKind::ChannelUser => ChannelSuffix::User {
                    users: saturating_u32(whole_number("Users per channel", &f.users, "10")?),
                },
                _ => ChannelSuffix::None,
            };
            KeyStrategy::Channels {
                channels: channels()?,
                hot_share_percent: share()?,
                suffix,
            }
        }
    })
}

/// The next free id in the console's style: `load-1`, `load-2`, …
pub fn next_load_id(running: &[LoadView]) -> String {
    (1..)
        .map(|n| format!("load-{n}"))
        .find(|id| running.iter().all(|l| l.id != *id))
        .unwrap_or_else(|| "load".into())
}

/// A word as the console's shell reads it back: quoted only when it has to be.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._,:/@%+=-".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The `--keys` value `sim load start` takes for this strategy, if it can express it.
fn keys_option(keys: &KeyStrategy) -> Option<String> {
    let pct = |p: &u32| p.to_string();
    match keys {
        KeyStrategy::Null => Some("none".into()),
        KeyStrategy::Fixed { key } => Some(format!("one:{key}")),
        KeyStrategy::Uniform { prefix, count } if prefix == "key-" => {
            Some(format!("uniform:{count}"))
        }
        KeyStrategy::Hot {
            key,
            share_percent,
            prefix,
            others,
        } if !key.contains(':') && prefix == "key-" && *others == HOT_OTHER_KEYS => {
            Some(format!("hot:{key}:{}", pct(share_percent)))
        }
        KeyStrategy::Channels {
            channels,
            hot_share_percent,
            suffix,
        } if channels.iter().all(|c| !c.contains(':')) => {
            let list = channels.join(",");
            let p = pct(hot_share_percent);
            Some(match suffix {
                ChannelSuffix::None => format!("channel:{list}:{p}"),
                ChannelSuffix::Minute => format!("channel-minute:{list}:{p}"),
                ChannelSuffix::User { users } => format!("channel-user:{list}:{p}:{users}"),
            })
        }
        _ => None,
    }
}

/// The console line that starts the same load.
pub fn console_command(spec: &LoadSpec) -> Option<String> {
    let keys = keys_option(&spec.keys)?;
    let mut line = format!(
        "sim load start --id {} --topic {} --rate {}",
        shell_word(&spec.id),
        shell_word(&spec.topic),
        spec.rate_per_sec
    );
    if spec.value_size != DEFAULT_VALUE_SIZE {
        line.push_str(&format!(" --value-size {}", spec.value_size));
    }
    line.push_str(&format!(
        " --keys {} --producer {}",
        shell_word(&keys),
        shell_word(&spec.producer)
    ));
    Some(line)
}

#[component]
pub fn LoadGenerator() -> impl IntoView {
    let pg = use_playground();
    let rate = RwSignal::new("100".to_string());
    let value_size = RwSignal::new(DEFAULT_VALUE_SIZE.to_string());
    let kind = RwSignal::new(KeyKind::Uniform);
    let key = RwSignal::new("user-1".to_string());
    let count = RwSignal::new("10".to_string());
    let hot_key = RwSignal::new("general".to_string());
    let share = RwSignal::new("80".to_string());
    let channels = RwSignal::new("general,random,dev".to_string());
    let users = RwSignal::new("10".to_string());
    let error = RwSignal::new(None::<String>);
    let started = RwSignal::new(None::<(String, Option<String>)>);
    let loads = Memo::new(move |_| pg.world.with(|w| w.loads()));

    let start = move || -> Result<(String, Option<String>), String> {
        let topic = pg.topic.get_untracked();
        if topic.is_empty() {
            return Err("Create a topic first.".into());
        }
        let rate = whole_number("The rate", &rate.get_untracked(), "100")?;
        let size = whole_number("The value size", &value_size.get_untracked(), "100")?;
        let fields = KeyFields {
            key: key.get_untracked(),
            count: count.get_untracked(),
            hot_key: hot_key.get_untracked(),
            share: share.get_untracked(),
            channels: channels.get_untracked(),
            users: users.get_untracked(),
        };
        let spec = LoadSpec {
            id: loads.with_untracked(|l| next_load_id(l)),
            producer: DEFAULT_PRODUCER.into(),
            topic,
            rate_per_sec: saturating_u32(rate),
            value_size: saturating_u32(size),
            keys: key_strategy(kind.get_untracked(), &fields)?,
            limit: None,
        };
        let console = console_command(&spec);
        let events = pg.apply(Command::StartLoad(spec))?;
        let said = events
            .iter()
            .find(|e| matches!(e.kind, EventKind::LoadStarted { .. }))
            .map(ToString::to_string)
            .unwrap_or_default();
        Ok((said, console))
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        started.set(show_error(error, start()));
    };
    let stop = move |id: String| {
        if let Some(events) = pg.apply_or_show(Command::StopLoad { id }, error) {
            let said = events.first().map(ToString::to_string).unwrap_or_default();
            started.set(Some((said, None)));
        }
    };

    let share_label = move || match kind.get() {
        KeyKind::Hot => "Hot key's share (%)",
        _ => "First channel's share (%)",
    };
    let topic_name = move || {
        let t = pg.topic.get();
        if t.is_empty() {
            "the selected topic".to_string()
        } else {
            t
        }
    };

    view! {
        <details class="controls" data-testid="load-section">
            <summary class="controls__summary">"Load generator"</summary>
            <div class="controls__body">
                <p class="panel__hint">
                    "Sends records to " <strong>{topic_name}</strong> " as " <code>{DEFAULT_PRODUCER}</code>
                    " at a steady rate while simulated time runs. The key strategy decides how evenly the partitions fill."
                </p>
                <form class="form" on:submit=on_submit novalidate>
                    <div class="field field--narrow">
                        <label for="load-rate">"Rate (records/s)"</label>
                        <input id="load-rate" data-testid="load-rate" type="text" inputmode="numeric"
                            autocomplete="off" aria-describedby="load-error" bind:value=rate />
                    </div>
                    <div class="field field--narrow">
                        <label for="load-value-size">"Value size (bytes)"</label>
                        <input id="load-value-size" data-testid="load-value-size" type="text" inputmode="numeric"
                            autocomplete="off" aria-describedby="load-error" bind:value=value_size />
                    </div>
                    <div class="field field--wide">
                        <label for="load-keys">"Key strategy"</label>
                        <select
                            id="load-keys"
                            data-testid="load-keys"
                            prop:value=move || kind.get().as_str()
                            on:change=move |ev| {
                                if let Some(k) = KeyKind::parse(&event_target_value(&ev)) {
                                    kind.set(k);
                                }
                            }
                        >
                            {KeyKind::ALL
                                .into_iter()
                                .map(|k| view! {
                                    <option value=k.as_str() selected=move || kind.get() == k>{k.label()}</option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field" hidden=move || kind.get() != KeyKind::One>
                        <label for="load-key">"Record key"</label>
                        <input id="load-key" data-testid="load-key" type="text" autocomplete="off"
                            spellcheck="false" bind:value=key />
                    </div>
                    <div class="field field--narrow" hidden=move || kind.get() != KeyKind::Uniform>
                        <label for="load-count">"Number of keys"</label>
                        <input id="load-count" data-testid="load-count" type="text" inputmode="numeric"
                            autocomplete="off" bind:value=count />
                    </div>
                    <div class="field" hidden=move || kind.get() != KeyKind::Hot>
                        <label for="load-hot-key">"Hot key"</label>
                        <input id="load-hot-key" data-testid="load-hot-key" type="text" autocomplete="off"
                            spellcheck="false" bind:value=hot_key />
                    </div>
                    <div class="field field--grow" hidden=move || !kind.get().uses_channels()>
                        <label for="load-channels">"Channels (comma-separated)"</label>
                        <input id="load-channels" data-testid="load-channels" type="text" autocomplete="off"
                            spellcheck="false" bind:value=channels />
                    </div>
                    <div class="field field--narrow" hidden=move || !kind.get().uses_share()>
                        <label for="load-share">{share_label}</label>
                        <input id="load-share" data-testid="load-share" type="text" inputmode="numeric"
                            autocomplete="off" bind:value=share />
                    </div>
                    <div class="field field--narrow" hidden=move || kind.get() != KeyKind::ChannelUser>
                        <label for="load-users">"Users per channel"</label>
                        <input id="load-users" data-testid="load-users" type="text" inputmode="numeric"
                            autocomplete="off" bind:value=users />
                    </div>
                    <p class="field__hint field--wide" data-testid="load-keys-hint">
                        {move || key_hint(kind.get())}
                    </p>
                    <button type="submit" class="button" data-testid="load-start">"Start load"</button>
                </form>
                <p id="load-error" class="message message--error" role="alert" data-testid="load-error"
                    hidden=move || error.with(|e| e.is_none())>
                    {move || error.get().unwrap_or_default()}
                </p>
                <div class="message message--ok" role="status" data-testid="load-status"
                    hidden=move || started.with(|s| s.is_none())>
                    <p>{move || started.with(|s| s.as_ref().map(|s| s.0.clone()).unwrap_or_default())}</p>
                    {move || started.with(|s| s.as_ref().and_then(|s| s.1.clone())).map(|line| view! {
                        <p class="controls__console">
                            "In the console: " <code data-testid="load-console">{line}</code>
                        </p>
                    })}
                </div>
                <h3 class="controls__title">"Running loads"</h3>
                <p class="controls__empty" data-testid="load-none" hidden=move || loads.with(|l| !l.is_empty())>
                    "No load generator is running."
                </p>
                <ul class="loads" data-testid="load-list" hidden=move || loads.with(|l| l.is_empty())>
                    <For
                        each=move || loads.get()
                        key=|l| l.id.clone()
                        children=move |l| {
                            let id = l.id.clone();
                            let produced = move || {
                                loads.with(|ls| ls.iter().find(|x| x.id == id).map_or(0, |x| x.produced))
                            };
                            let stop_id = l.id.clone();
                            view! {
                                <li class="loads__item" data-testid="load" data-load-id=l.id.clone()>
                                    <span class="loads__what">
                                        <code>{l.id.clone()}</code> " → " <strong>{l.topic.clone()}</strong>
                                        {format!(" at {} records/s, {}", l.rate_per_sec, l.keys)}
                                    </span>
                                    <span class="loads__count">
                                        <strong data-testid="load-produced">{produced}</strong> " produced"
                                    </span>
                                    <button type="button" class="button" data-testid="load-stop"
                                        aria-label=format!("Stop {}", l.id)
                                        on:click=move |_| stop(stop_id.clone())>
                                        "Stop"
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </div>
        </details>
    }
}

/// What the chosen strategy does to the partitions (the hot-partition lesson in one line each).
fn key_hint(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::One => "Every record has the same key, so all of them land in one partition.",
        KeyKind::Uniform => "Keys key-0 … key-(N-1), drawn evenly: partitions fill about evenly.",
        KeyKind::Hot => "One key carries this share; 100 other keys share the rest. Its partition runs hot.",
        KeyKind::Channel => "The channel name is the key: the busy first channel makes its partition hot.",
        KeyKind::ChannelMinute => "Key channel:HH:MM: each minute a channel's records move to another partition (order holds within a minute).",
        KeyKind::ChannelUser => "Key channel:user-N: a busy channel spreads over partitions (order holds per user, not per channel).",
        KeyKind::None => "No key: the sticky partitioner fills one partition's batch, then moves on.",
    }
}
