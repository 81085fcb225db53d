//! Share links: a world as a short, URL-safe text that rebuilds it exactly.
//!
//! The world is deterministic, so its seed and its journal (`World::journal`) are the whole
//! state. A link is
//!
//! ```text
//! 1.eNrtUk1rGzEQ_S9z…
//! ^ ^
//! | base64url, no padding, of zlib(deflate(JSON {"seed":42,"inputs":[…]}))
//! format version, then a dot
//! ```
//!
//! The JSON is the engine's own serde form of [`Input`] (externally tagged enums:
//! `{"Apply":{"CreateTopic":{…}}}`, `{"Advance":5000}`). Being self-describing, it keeps old
//! links readable when a struct gains a field with `#[serde(default)]` or an enum gains a
//! variant. Renaming or removing a field or variant breaks old links: bump [`FORMAT_VERSION`]
//! then, and keep a reader for the old version that translates it.
//!
//! Nothing here trusts the text. [`decode`] checks, in order: length, version, base64, the
//! zlib stream and its checksum (decompressed size capped), JSON structure, the number of
//! steps and the simulated time. [`rebuild`] replays step by step: a command the world refuses
//! is an error naming the step, and the work a link can ask for is estimated before each step
//! and capped ([`MAX_REPLAY_WORK`]), so a hostile link fails fast instead of freezing the tab.
//! Bounds on single commands (partitions, rates, sizes…) are the engine's own checks in
//! `World::apply`, which `rebuild` relies on.

use std::cell::Cell;
use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use super::timeline::Input;
use super::world::MAX_ADVANCE_MS;
use super::{Command, World, MAX_BROKERS, MAX_PARTITIONS, STORAGE_LIMIT_RECORDS, TICK_MS};

/// The format [`encode`] writes. Links start with it and a dot: `1.`.
pub const FORMAT_VERSION: u32 = 1;
/// The longest link text accepted, in bytes (the part after `#share=` or `?share=`).
pub const MAX_LINK_CHARS: usize = 200_000;
/// The most bytes a link may decompress to; a larger output is refused while inflating, so a
/// small link cannot expand into gigabytes.
pub const MAX_PAYLOAD_BYTES: usize = 4 * 1024 * 1024;
/// The most steps (journal inputs) a link may hold.
pub const MAX_STEPS: usize = 100_000;
/// The most simulated time a link may cover (the sum of its `Advance` steps): six hours.
pub const MAX_SIMULATED_MS: u64 = 6 * 3_600_000;
/// The most replay work a link may ask for, in work units (one unit: about one replica of one
/// partition handled in one tick; see [`rebuild`]).
///
/// Timed natively (`--release`, 2 shared cores), a unit took 3–45 ns depending on the world:
/// the limit is at most about 4.5 s of native replay, roughly three times that in WebAssembly
/// (which ran the engine's appends at 34% of native speed). For scale: the heavy sandbox
/// (64 partitions, 16 consumers, 10,000 records/s) for 10 simulated minutes is 71 M units
/// (3.2 s), the hot-partition scenario for an hour 23 M (0.6 s) and for six hours 136 M
/// (refused), a typical lesson session well under 1 M.
pub const MAX_REPLAY_WORK: u64 = 100_000_000;

/// What a share link holds: enough to rebuild a world exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub seed: u64,
    pub inputs: Vec<Input>,
}

/// Why a share link cannot be opened. `Display` says what is wrong and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// No text at all.
    Empty,
    /// Longer than [`MAX_LINK_CHARS`].
    TooLong { chars: usize },
    /// No `N.` version prefix.
    NotALink,
    /// Written by a newer playground.
    NewerVersion { version: u32 },
    /// A version no playground ever wrote (0).
    UnknownVersion { version: u32 },
    /// Characters outside base64url, or a truncated last group.
    BadBase64,
    /// Not a zlib stream, truncated, or its checksum does not match.
    BadCompression,
    /// Decompresses to more than [`MAX_PAYLOAD_BYTES`].
    TooLarge,
    /// The decompressed text is not the expected JSON shape.
    BadStructure { detail: String },
    /// A step names a command (or a setting value) this playground does not know.
    UnknownCommand { step: usize, name: String },
    /// A step is malformed (missing field, wrong type…).
    BadStep { step: usize, detail: String },
    /// More than [`MAX_STEPS`] steps.
    TooManySteps,
    /// More simulated time than [`MAX_SIMULATED_MS`].
    TooMuchTime { ms: u64 },
    /// Replaying would cost more than [`MAX_REPLAY_WORK`]; `step` is the first step over it.
    TooMuchWork { step: usize },
    /// The world refused a command while replaying.
    Refused {
        step: usize,
        command: String,
        message: String,
    },
    /// A step did not happen as recorded (a console consumer had nothing to take).
    Diverged { step: usize, detail: String },
}

const START_FRESH: &str = "Start a fresh playground or ask for the link again.";

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => write!(f, "This share link is empty. {START_FRESH}"),
            ShareError::TooLong { chars } => write!(
                f,
                "This share link is too long ({chars} characters; at most {MAX_LINK_CHARS}). {START_FRESH}"
            ),
            ShareError::NotALink => write!(
                f,
                "This is not a playground share link (it should start with a version number and a dot, like \"1.\"). {START_FRESH}"
            ),
            ShareError::NewerVersion { version } => write!(
                f,
                "This share link was made by a newer version of the playground (format {version}; this page reads format {FORMAT_VERSION}). Reload the page to get the newest version, or start a fresh playground."
            ),
            ShareError::UnknownVersion { version } => write!(
                f,
                "This share link has format {version}, which no version of the playground writes. {START_FRESH}"
            ),
            ShareError::BadBase64 => write!(
                f,
                "This share link is damaged (it is not valid base64). It may have been cut short or changed when it was copied. {START_FRESH}"
            ),
            ShareError::BadCompression => write!(
                f,
                "This share link is damaged (its compressed data is incomplete or does not match its checksum). It may have been cut short when it was copied. {START_FRESH}"
            ),
            ShareError::TooLarge => write!(
                f,
                "This share link unpacks to more than {} MB, more than any playground session writes. {START_FRESH}",
                MAX_PAYLOAD_BYTES / (1024 * 1024)
            ),
            ShareError::BadStructure { detail } => write!(
                f,
                "This share link is damaged (its content is not a recorded session: {detail}). {START_FRESH}"
            ),
            ShareError::UnknownCommand { step, name } => write!(
                f,
                "Step {step} of this share link uses \"{name}\", which this version of the playground does not know. The link may come from a newer version (reload the page), or it is damaged. {START_FRESH}"
            ),
            ShareError::BadStep { step, detail } => write!(
                f,
                "Step {step} of this share link is damaged ({detail}). {START_FRESH}"
            ),
            ShareError::TooManySteps => write!(
                f,
                "This share link holds more than {MAX_STEPS} steps, more than the playground replays. {START_FRESH}"
            ),
            ShareError::TooMuchTime { ms } => write!(
                f,
                "This share link covers {} of simulated time; the playground replays at most {} hours. {START_FRESH}",
                describe_ms(*ms),
                MAX_SIMULATED_MS / 3_600_000
            ),
            ShareError::TooMuchWork { step } => write!(
                f,
                "This share link asks for more simulation than a browser tab can replay quickly (the limit is reached at step {step}: too many records, partitions or consumers over too much time). {START_FRESH}"
            ),
            ShareError::Refused { step, command, message } => write!(
                f,
                "Step {step} of this share link ({command}) was refused when replayed: {message} The link may come from another version of the playground, or it is damaged. {START_FRESH}"
            ),
            ShareError::Diverged { step, detail } => write!(
                f,
                "Step {step} of this share link did not replay as it was recorded ({detail}). The link may come from another version of the playground, or it is damaged. {START_FRESH}"
            ),
        }
    }
}

impl std::error::Error for ShareError {}

fn describe_ms(ms: u64) -> String {
    let h = ms / 3_600_000;
    let m = ms % 3_600_000 / 60_000;
    if h >= 1_000_000 {
        return format!("{h} hours");
    }
    format!("{h} h {m} min")
}

/// The JSON written: field names as `Shared`'s.
#[derive(Serialize)]
struct Payload<'a> {
    seed: u64,
    inputs: &'a [Input],
}

/// URL-safe base64 without padding; decoding also accepts padding a mail client might add.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// zlib level 9: links are small, so the slowest setting costs nothing noticeable.
const COMPRESSION_LEVEL: u8 = 9;

/// The link text for a seed and journal: `1.` + base64url(zlib(JSON)).
///
/// Check `World::journal_complete()` before sharing: an incomplete journal does not rebuild
/// the world. A journal beyond this module's limits encodes, but [`decode`] refuses it.
pub fn encode(seed: u64, inputs: &[Input]) -> String {
    // Cannot fail: every type in an `Input` serialises (string map keys, no custom
    // serialisers). Should that change, the empty payload decodes to a clear error.
    let json = serde_json::to_vec(&Payload { seed, inputs }).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&json, COMPRESSION_LEVEL);
    format!("{FORMAT_VERSION}.{}", BASE64.encode(packed))
}

/// Reads a link made by [`encode`]. Surrounding whitespace is ignored. Never panics; every
/// failure is a [`ShareError`] whose text a learner can act on.
pub fn decode(text: &str) -> Result<Shared, ShareError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ShareError::Empty);
    }
    if text.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong { chars: text.len() });
    }
    let (version, body) = text.split_once('.').ok_or(ShareError::NotALink)?;
    if version.is_empty() || version.len() > 10 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::NotALink);
    }
    let version: u32 = version.parse().map_err(|_| ShareError::NotALink)?;
    match version {
        1 => decode_v1(body),
        v if v > FORMAT_VERSION => Err(ShareError::NewerVersion { version: v }),
        v => Err(ShareError::UnknownVersion { version: v }),
    }
}

fn decode_v1(body: &str) -> Result<Shared, ShareError> {
    let packed = BASE64
        .decode(body.as_bytes())
        .map_err(|_| ShareError::BadBase64)?;
    let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_PAYLOAD_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::BadCompression,
        })?;
    let shared = parse_payload(&json)?;
    check_limits(&shared)?;
    Ok(shared)
}

/// The limits every link must meet, checked by [`decode`] and again by [`rebuild`] (a
/// `Shared` can be built by hand).
fn check_limits(shared: &Shared) -> Result<(), ShareError> {
    if shared.inputs.len() > MAX_STEPS {
        return Err(ShareError::TooManySteps);
    }
    let ms = total_ms(&shared.inputs);
    if ms > MAX_SIMULATED_MS {
        return Err(ShareError::TooMuchTime { ms });
    }
    Ok(())
}

fn total_ms(inputs: &[Input]) -> u64 {
    inputs
        .iter()
        .map(|i| match i {
            Input::Advance(ms) => *ms,
            _ => 0,
        })
        .fold(0u64, u64::saturating_add)
}

// ---------- JSON ----------

/// Where parsing was when it failed: inside step N, or past the step limit.
#[derive(Default)]
struct Trace {
    step: Cell<Option<usize>>,
    too_many: Cell<bool>,
}

/// Parses `{"seed":N,"inputs":[…]}`, reading the steps one by one so a bad one is named by its
/// number and a list that is too long stops at the limit.
fn parse_payload(json: &[u8]) -> Result<Shared, ShareError> {
    let trace = Trace::default();
    let mut de = serde_json::Deserializer::from_slice(json);
    let parsed = PayloadSeed { trace: &trace }
        .deserialize(&mut de)
        .and_then(|shared| de.end().map(|()| shared));
    let e = match parsed {
        Ok(shared) => return Ok(shared),
        Err(e) => e,
    };
    if trace.too_many.get() {
        return Err(ShareError::TooManySteps);
    }
    let message = strip_position(&e.to_string()).to_string();
    match (e.classify(), trace.step.get()) {
        (serde_json::error::Category::Data, Some(step)) => {
            if let Some(rest) = message.strip_prefix("unknown variant `") {
                // serde's wording: "unknown variant `X`, expected one of …".
                let name = rest.split('`').next().unwrap_or_default();
                return Err(ShareError::UnknownCommand {
                    step,
                    name: shorten(name, 60),
                });
            }
            Err(ShareError::BadStep {
                step,
                detail: shorten(&message, 200),
            })
        }
        // Syntax errors and truncated text, or a wrong shape outside the steps.
        _ => Err(ShareError::BadStructure {
            detail: shorten(&message, 200),
        }),
    }
}

struct PayloadSeed<'a> {
    trace: &'a Trace,
}

const FIELDS: &[&str] = &["seed", "inputs"];

impl<'de> DeserializeSeed<'de> for PayloadSeed<'_> {
    type Value = Shared;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Shared, D::Error> {
        d.deserialize_struct("Shared", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for PayloadSeed<'_> {
    type Value = Shared;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with a seed and inputs")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shared, A::Error> {
        let mut seed = None;
        let mut inputs = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_ref() {
                "seed" if seed.is_none() => seed = Some(map.next_value::<u64>()?),
                "inputs" if inputs.is_none() => {
                    inputs = Some(map.next_value_seed(InputsSeed { trace: self.trace })?)
                }
                "seed" | "inputs" => {
                    return Err(de::Error::custom(format_args!("duplicate field `{key}`")))
                }
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        Ok(Shared {
            seed: seed.ok_or_else(|| de::Error::missing_field("seed"))?,
            inputs: inputs.ok_or_else(|| de::Error::missing_field("inputs"))?,
        })
    }
}

struct InputsSeed<'a> {
    trace: &'a Trace,
}

impl<'de> DeserializeSeed<'de> for InputsSeed<'_> {
    type Value = Vec<Input>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<Input>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for InputsSeed<'_> {
    type Value = Vec<Input>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of steps")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Input>, A::Error> {
        let mut out = Vec::new();
        loop {
            if out.len() == MAX_STEPS {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    self.trace.too_many.set(true);
                    return Err(de::Error::custom("too many steps"));
                }
                break;
            }
            self.trace.step.set(Some(out.len() + 1));
            match seq.next_element::<Input>()? {
                Some(input) => out.push(input),
                None => break,
            }
        }
        self.trace.step.set(None);
        Ok(out)
    }
}

/// `serde_json` appends " at line L column C"; a learner has no use for it.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// Ends with a full stop, so the advice that follows reads as its own sentence.
fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// At most `max` characters, so a hostile link cannot fill the page with its error.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

// ---------- rebuilding ----------

/// Rebuilds the world a link describes, step by step.
///
/// - A command the world refuses is [`ShareError::Refused`] with the step number and the
///   engine's message (a link made by this engine replays without refusals, so a refusal means
///   another engine version or a forged link, and the world would differ silently otherwise).
/// - A console consumer's `TakeDelivered` that finds nothing to take is
///   [`ShareError::Diverged`] for the same reason.
/// - Advances longer than `MAX_ADVANCE_MS` (the journal merges consecutive advances) are run
///   in pieces, which the engine guarantees is the same as one advance.
/// - Before each step its work is estimated from the world as it is and added up; past
///   [`MAX_REPLAY_WORK`] the rebuild stops with [`ShareError::TooMuchWork`] before running
///   the step. See [`Size::advance_work`] and [`command_work`] for what is counted.
pub fn rebuild(shared: &Shared) -> Result<World, ShareError> {
    rebuild_within(shared, MAX_REPLAY_WORK).map(|(world, _)| world)
}

/// [`rebuild`] with another work budget (in the units of [`MAX_REPLAY_WORK`]); also returns
/// the work estimated, for calibrating the budget against measured replay times.
pub fn rebuild_within(shared: &Shared, budget: u64) -> Result<(World, u64), ShareError> {
    check_limits(shared)?;
    let mut world = World::new(shared.seed);
    let mut work = Work { budget, total: 0 };
    // The world's shape, measured again (and the measuring paid for) after each command.
    let mut size: Option<Size> = None;
    for (i, input) in shared.inputs.iter().enumerate() {
        let step = i + 1;
        match input {
            Input::Apply(cmd) => {
                let s = work.size(&world, &mut size, step)?;
                work.add(command_work(&world, &s, cmd), step)?;
                world
                    .apply(Command::clone(cmd))
                    .map_err(|e| ShareError::Refused {
                        step,
                        command: command_name(cmd),
                        message: sentence(&shorten(&e.to_string(), 300)),
                    })?;
                size = None;
            }
            Input::Advance(ms) => {
                let s = work.size(&world, &mut size, step)?;
                let pending = world.elapsed_ms().saturating_sub(world.now());
                work.add(s.advance_work(pending, *ms), step)?;
                let mut left = *ms;
                while left > 0 {
                    let part = left.min(MAX_ADVANCE_MS);
                    world.advance(part);
                    left -= part;
                }
            }
            Input::TakeDelivered { group, member_id } => {
                work.add(1, step)?;
                let before = world.journal().len();
                world.take_delivered(group, member_id);
                if world.journal().len() == before {
                    return Err(ShareError::Diverged {
                        step,
                        detail: format!(
                            "the console consumer '{}' of group '{}' had no records to take",
                            shorten(member_id, 60),
                            shorten(group, 60)
                        ),
                    });
                }
            }
        }
    }
    Ok((world, work.total))
}

/// The command's variant name (`CreateTopic`), for messages.
fn command_name(cmd: &Command) -> String {
    match serde_json::to_value(cmd) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Object(m)) => m.keys().next().cloned().unwrap_or_default(),
        _ => "a command".into(),
    }
}

struct Work {
    budget: u64,
    total: u64,
}

impl Work {
    fn add(&mut self, units: u64, step: usize) -> Result<(), ShareError> {
        self.total = self.total.saturating_add(units);
        if self.total > self.budget {
            return Err(ShareError::TooMuchWork { step });
        }
        Ok(())
    }

    /// The world's size, measured if it may have changed; measuring is work too.
    fn size(
        &mut self,
        world: &World,
        size: &mut Option<Size>,
        step: usize,
    ) -> Result<Size, ShareError> {
        if let Some(s) = size {
            return Ok(s.clone());
        }
        let s = Size::of(world);
        self.add(s.measured, step)?;
        *size = Some(s.clone());
        Ok(s)
    }
}

// Work units: one unit is about one replica of one partition handled in one tick (~50 ns
// natively). The weights below come from timing replays of the scenarios and of worlds at the
// engine's limits (`--release`, 2 shared cores): a member's poll over one of its partitions costs
// about 20 units, consuming one record about 7, assigning one partition to one member in a
// rebalance about 1, and appending one generated record under 1.

/// Units per tick whatever the world holds.
const TICK_UNITS: u64 = 2;
/// Units per partition a member polls, per tick.
const POLL_UNITS: u64 = 20;
/// Units per record one group consumes.
const CONSUME_UNITS: u64 = 7;
/// Units per partition of a group's view, per sampled second.
const SAMPLE_UNITS: u64 = 4;

/// A group's size: its members and the partitions they read (subscribed topics' partitions
/// and manual assignments), whether or not they are assigned yet.
#[derive(Clone, Debug, Default)]
struct GroupSize {
    name: String,
    members: u64,
    partitions: u64,
    /// Topic names in its members' subscriptions, repeats included: a rebalance copies them
    /// and every topic change is checked against them.
    names: u64,
}

/// What the world's work depends on. Only commands change it: time adds no topics, members or
/// generators (it only removes expired members).
#[derive(Clone, Debug, Default)]
struct Size {
    partitions: u64,
    /// Partitions × replicas, summed over topics.
    replicas: u64,
    max_replication: u64,
    groups: Vec<GroupSize>,
    members: u64,
    /// Subscribed topic names over every group, repeats included.
    names: u64,
    /// Partitions polled per tick, over every group.
    polled: u64,
    loads: u64,
    /// Records per simulated second over every load generator.
    load_rate: u64,
    stored: u64,
    compacted: bool,
    distinct_keys: u64,
    /// What measuring cost.
    measured: u64,
}

impl Size {
    fn of(world: &World) -> Size {
        let mut s = Size::default();
        let topics = world.topic_names();
        let count = |t: &str| u64::from(world.partition_count(t).unwrap_or(0));
        for name in &topics {
            let n = count(name);
            let rf = world
                .partition_view(name, 0)
                .map_or(1, |p| p.replicas.len() as u64)
                .max(1);
            s.partitions += n;
            s.replicas += n * rf;
            s.max_replication = s.max_replication.max(rf);
            s.compacted |= world.topic_config(name).is_some_and(|c| c.compact);
        }
        s.measured = s.partitions + topics.len() as u64;
        for name in world.group_names() {
            let Some(view) = world.group_view(&name) else {
                continue;
            };
            let mut subscribed: Vec<&str> = view
                .members
                .iter()
                .filter(|m| !m.manual)
                .flat_map(|m| m.topics.iter().map(String::as_str))
                .collect();
            let names = subscribed.len() as u64;
            subscribed.sort_unstable();
            subscribed.dedup();
            let manual: u64 = view
                .members
                .iter()
                .filter(|m| m.manual)
                .map(|m| m.assignment.len() as u64)
                .sum();
            let partitions = subscribed.iter().map(|t| count(t)).sum::<u64>() + manual;
            let g = GroupSize {
                name,
                members: view.members.len() as u64,
                partitions: partitions.max(view.partitions.len() as u64),
                names,
            };
            s.measured += 1 + g.members + view.partitions.len() as u64 + 2 * names;
            s.members += g.members;
            s.names += names;
            s.polled += g.partitions;
            s.groups.push(g);
        }
        // Share groups: every member polls every partition it shares, and each share-partition
        // keeps up to `share.partition.max.record.locks` records in flight.
        for (name, g) in world.share_groups_map() {
            let members = g.members.len() as u64;
            let partitions: u64 = g
                .subscribed()
                .iter()
                .map(|t| count(t))
                .sum::<u64>()
                .max(g.partitions.len() as u64);
            let locks = world.share_settings(name).max_locks / 100;
            s.measured += 1 + members + partitions;
            s.members += members;
            s.polled += partitions
                .saturating_mul(locks.max(1))
                .saturating_add(members);
            s.groups.push(GroupSize {
                name: name.clone(),
                members,
                partitions,
                names: 0,
            });
        }
        let loads = world.loads();
        s.loads = loads.len() as u64;
        s.load_rate = loads.iter().map(|l| u64::from(l.rate_per_sec)).sum();
        s.stored = world.stored_records();
        s.distinct_keys = world.distinct_keys() as u64;
        s.measured += s.loads + s.partitions;
        s
    }

    fn group(&self, name: &str) -> GroupSize {
        self.groups
            .iter()
            .find(|g| g.name == name)
            .cloned()
            .unwrap_or_default()
    }

    /// A rebalance of one group with `extra` partitions added.
    fn rebalance(g: &GroupSize, extra: u64) -> u64 {
        (g.partitions + extra)
            .saturating_mul(g.members + 2)
            .saturating_add(g.names)
    }

    /// A topic change: every subscription is checked, every group may rebalance.
    fn rebalance_all(&self, extra: u64) -> u64 {
        self.groups
            .iter()
            .map(|g| Size::rebalance(g, extra))
            .fold(self.names, u64::saturating_add)
    }

    /// An upper bound on the work of `advance(ms)` with `pending` ms carried over.
    fn advance_work(&self, pending: u64, ms: u64) -> u64 {
        let ticks = pending.saturating_add(ms) / TICK_MS;
        let seconds = ticks / 20 + 1;
        // Replication, loads, and every member's poll over its partitions, each tick.
        let per_tick = TICK_UNITS
            + self.replicas
            + self.loads
            + self.groups.len() as u64
            + self.members
            + POLL_UNITS * self.polled;
        // Samples: each partition's log end, and each group's view over its partitions.
        let per_second = self.partitions + SAMPLE_UNITS * self.polled + self.members;
        // Each generated record: appended, copied by followers, read by every group at most.
        let records = self.load_rate.saturating_mul(ms) / 1000 + 1;
        let per_record = 1 + self.max_replication + CONSUME_UNITS * self.groups.len() as u64;
        // The log cleaner reads every stored record of compacted topics every 15 s.
        let cleaner = if self.compacted {
            (ticks / 300 + 1).saturating_mul(
                self.stored
                    .saturating_add(records)
                    .min(STORAGE_LIMIT_RECORDS),
            )
        } else {
            0
        };
        ticks
            .saturating_mul(per_tick)
            .saturating_add(seconds.saturating_mul(per_second))
            .saturating_add(records.saturating_mul(per_record))
            .saturating_add(cleaner)
    }
}

/// An upper bound on the work of one command, before it runs. A rebalance costs a group's
/// partitions × its members; a group reading from the start (a new group with
/// `auto.offset.reset=earliest`, or offsets reset) may read every stored record again.
/// Counts the command asks for are capped at the engine's limits: above them the engine
/// refuses the command, which must be reported as a refusal, not as too much work.
fn command_work(world: &World, s: &Size, cmd: &Command) -> u64 {
    let reread = s.stored.saturating_mul(CONSUME_UNITS);
    let one_group = |name: &str, extra: u64| Size::rebalance(&s.group(name), extra);
    let partitions_of = |topics: &[String]| {
        topics
            .iter()
            .map(|t| u64::from(world.partition_count(t).unwrap_or(0)))
            .fold(0u64, u64::saturating_add)
            .min(s.partitions)
    };
    let units = match cmd {
        Command::JoinGroup(spec) => {
            let extra = match &spec.assign {
                Some(parts) => parts.len() as u64,
                None => partitions_of(&spec.topics).saturating_add(spec.topics.len() as u64),
            };
            let new_group = !s.groups.iter().any(|g| g.name == spec.group);
            let from_start = spec.config.auto_offset_reset == super::OffsetReset::Earliest;
            one_group(&spec.group, extra).saturating_add(if new_group && from_start {
                reread
            } else {
                0
            })
        }
        Command::SetSubscription { group, topics, .. } => one_group(
            group,
            partitions_of(topics).saturating_add(topics.len() as u64),
        ),
        Command::LeaveGroup { group, .. }
        | Command::CrashMember { group, .. }
        | Command::SetGroupAssignor { group, .. }
        | Command::SetGroupRemoteAssignor { group, .. } => one_group(group, 0),
        Command::ResetOffsets { .. } | Command::ResetShareOffsets { .. } => {
            reread.saturating_add(s.partitions)
        }
        Command::JoinShareGroup(spec) => one_group(
            &spec.group,
            partitions_of(&spec.topics).saturating_add(spec.topics.len() as u64),
        )
        .saturating_add(reread),
        Command::CreateTopic(spec) => {
            let n = u64::from(spec.partitions.min(MAX_PARTITIONS));
            s.rebalance_all(n)
                .saturating_add(n * u64::from(MAX_BROKERS))
        }
        Command::AlterPartitions { partitions, .. } => {
            let n = u64::from((*partitions).min(MAX_PARTITIONS));
            // Placement, then every key the topic has seen is checked for a move.
            s.rebalance_all(n)
                .saturating_add(n * u64::from(MAX_BROKERS))
                .saturating_add(s.distinct_keys)
        }
        Command::DeleteTopic { .. } => s.rebalance_all(0).saturating_add(s.partitions),
        // Leader elections walk the partitions.
        Command::StopBroker { .. }
        | Command::StartBroker { .. }
        | Command::AddBroker
        | Command::AlterTopicConfig { .. }
        | Command::SetBrokerCopyRate { .. } => s.partitions,
        Command::Produce(_) => CONSUME_UNITS * s.groups.len() as u64,
        Command::SetProducerConfig { .. }
        | Command::StartLoad(_)
        | Command::StopLoad { .. }
        | Command::SetProcessing { .. }
        | Command::DeleteGroup { .. }
        | Command::AlterGroupConfig { .. }
        | Command::LoseAcks { .. } => 0,
    };
    1 + units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_cut_on_character_boundaries() {
        assert_eq!(shorten("ünïcödé", 3), "ünï…");
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            strip_position("missing field `seed` at line 1 column 12"),
            "missing field `seed`"
        );
        assert_eq!(
            sentence("Unknown topic config name: x"),
            "Unknown topic config name: x."
        );
        assert_eq!(
            sentence("Topic 't' does not exist."),
            "Topic 't' does not exist."
        );
        assert_eq!(describe_ms(6 * 3_600_000 + 90_000), "6 h 1 min");
        assert_eq!(describe_ms(u64::MAX), "5124095576030 hours");
    }

    #[test]
    fn work_estimates_saturate_instead_of_overflowing() {
        let huge = Size {
            partitions: u64::MAX / 3,
            replicas: u64::MAX / 2,
            max_replication: 9,
            groups: vec![GroupSize {
                name: "g".into(),
                members: u64::MAX / 5,
                partitions: u64::MAX / 7,
                names: u64::MAX / 11,
            }],
            members: u64::MAX / 5,
            names: u64::MAX / 11,
            polled: 1 << 40,
            loads: 32,
            load_rate: u64::MAX,
            stored: u64::MAX,
            compacted: true,
            distinct_keys: u64::MAX,
            measured: 0,
        };
        assert_eq!(huge.advance_work(u64::MAX, u64::MAX), u64::MAX);
        assert_eq!(huge.rebalance_all(u64::from(MAX_PARTITIONS)), u64::MAX);
        let mut work = Work {
            budget: MAX_REPLAY_WORK,
            total: MAX_REPLAY_WORK - 1,
        };
        assert_eq!(work.add(1, 7), Ok(()));
        assert_eq!(
            work.add(u64::MAX, 8),
            Err(ShareError::TooMuchWork { step: 8 })
        );
    }

    #[test]
    fn an_empty_world_costs_a_tick_per_tick() {
        let s = Size::of(&World::new(1));
        assert_eq!(s.partitions, 0);
        // 1,000 ticks, 51 sampled seconds, one "record" of rounding slack.
        assert_eq!(s.advance_work(0, 50_000), 1_000 * TICK_UNITS + 1);
        assert_eq!(s.advance_work(49, 1), TICK_UNITS + 1);
    }
}
