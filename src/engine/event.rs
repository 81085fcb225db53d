//! What happened, as data and as a sentence a learner can read on the timeline.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{AssignorKind, TopicPartition};

/// Something that happened at simulated time `at` (milliseconds since the world began).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: u64,
    pub kind: EventKind,
}

/// A key whose partition changed when a topic grew.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMove {
    pub key: String,
    pub from: u32,
    pub to: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    TopicCreated {
        topic: String,
        partitions: u32,
        replication_factor: u32,
        warning: Option<String>,
    },
    TopicDeleted {
        topic: String,
    },
    /// `moved_keys` lists at most 200 keys (sorted); `moved_count` counts them all.
    PartitionsIncreased {
        topic: String,
        from: u32,
        to: u32,
        moved_keys: Vec<KeyMove>,
        moved_count: usize,
        kept_keys: usize,
    },
    TopicConfigChanged {
        topic: String,
        name: String,
        value: Option<String>,
    },
    /// `kafka-configs --entity-type groups`: a group config set (or back to its default).
    GroupConfigChanged {
        group: String,
        name: String,
        value: Option<String>,
    },
    ProducerConfigured {
        producer: String,
    },
    /// One record written to a partition (interactive sends; load generators are counted, not listed).
    RecordAppended {
        topic: String,
        partition: u32,
        offset: u64,
        key: Option<String>,
        producer: String,
    },
    /// The record was written but the producer never heard so.
    AckLost {
        producer: String,
        topic: String,
        partition: u32,
        offset: u64,
    },
    /// A retry wrote the same record again at a new offset (no idempotence).
    DuplicateWritten {
        producer: String,
        topic: String,
        partition: u32,
        offset: u64,
        original_offset: u64,
    },
    /// A retry reached the broker, which recognised the sequence number and wrote nothing new.
    RetryDeduplicated {
        producer: String,
        topic: String,
        partition: u32,
        offset: u64,
    },
    /// The send failed as far as the producer knows (retries exhausted).
    SendFailed {
        producer: String,
        topic: String,
        partition: u32,
        reason: String,
        written: bool,
    },
    LoadStarted {
        id: String,
        topic: String,
        rate_per_sec: u32,
        keys: String,
    },
    LoadStopped {
        id: String,
        produced: u64,
    },
    MemberJoined {
        group: String,
        member_id: String,
        client_id: String,
        static_id: Option<String>,
    },
    /// A static member came back with its `group.instance.id` and took its old place: no rebalance.
    StaticMemberRejoined {
        group: String,
        member_id: String,
        instance_id: String,
    },
    MemberLeft {
        group: String,
        member_id: String,
    },
    MemberStopped {
        group: String,
        member_id: String,
        static_id: String,
    },
    MemberCrashed {
        group: String,
        member_id: String,
    },
    MemberExpired {
        group: String,
        member_id: String,
        session_timeout_ms: u64,
    },
    RebalanceStarted {
        group: String,
        reason: String,
    },
    PartitionsRevoked {
        group: String,
        member_id: String,
        partitions: Vec<TopicPartition>,
    },
    PartitionsAssigned {
        group: String,
        member_id: String,
        added: Vec<TopicPartition>,
        total: usize,
    },
    RebalanceCompleted {
        group: String,
        generation: i32,
        assignor: AssignorKind,
        members: usize,
        idle: usize,
    },
    OffsetsCommitted {
        group: String,
        member_id: String,
        offsets: Vec<(TopicPartition, u64)>,
    },
    /// Consumer protocol: the coordinator bumped the group epoch (a member joined or left, a
    /// subscription or a subscribed topic changed): a new target assignment is due.
    GroupEpochBumped {
        group: String,
        epoch: i32,
        reason: String,
    },
    /// Consumer protocol: the server assignor refused (`PartitionAssignorException`); the
    /// previous target assignment stays.
    AssignmentFailed {
        group: String,
        assignor: String,
        error: String,
    },
    /// The group changed type: a consumer-protocol member joined a classic group (online
    /// upgrade), or the last one left a group of classic members (online downgrade).
    GroupConverted {
        group: String,
        to: super::group::GroupType,
        reason: String,
    },
    /// Consumer protocol: the server-side assignor computed the target assignment for an epoch.
    TargetAssignmentComputed {
        group: String,
        epoch: i32,
        assignor: String,
        members: usize,
    },
    /// Consumer protocol: the coordinator moved a member's assignment towards the target
    /// (`CurrentAssignmentBuilder`): its epoch, state, partitions, and those it must give up.
    MemberReconciled {
        group: String,
        member_id: String,
        epoch: i32,
        state: super::group::MemberState,
        partitions: usize,
        revoking: Vec<TopicPartition>,
    },
    /// Consumer protocol: a member held partitions it had to give up for longer than its
    /// rebalance timeout (`max.poll.interval.ms`): the coordinator removed it.
    MemberFenced {
        group: String,
        member_id: String,
        rebalance_timeout_ms: u64,
    },
    /// A member spent longer than `max.poll.interval.ms` between two polls: it left the group.
    PollTimeout {
        group: String,
        member_id: String,
        max_poll_interval_ms: u64,
    },
    /// A commit refused because the member is no longer in the group (`CommitFailedException`).
    CommitFailed {
        group: String,
        member_id: String,
    },
    /// A member started at a position because its group had no usable committed offset.
    OffsetReset {
        group: String,
        partition: TopicPartition,
        offset: u64,
        policy: String,
        reason: String,
    },
    /// Records processed a second time after a crash (from → to, exclusive).
    Redelivered {
        group: String,
        partition: TopicPartition,
        from: u64,
        to: u64,
    },
    /// Records the group will never process: committed before processing, then the member crashed.
    Skipped {
        group: String,
        partition: TopicPartition,
        from: u64,
        to: u64,
        count: u64,
    },
    OffsetsReset {
        group: String,
        offsets: Vec<(TopicPartition, u64)>,
    },
    GroupDeleted {
        group: String,
    },
    /// Share group: a member took its part of the target assignment at a heartbeat.
    ShareAssignment {
        group: String,
        member_id: String,
        epoch: i32,
        partitions: Vec<TopicPartition>,
    },
    /// Share group: acquired records went back to AVAILABLE (lock expired, holder gone).
    ShareRecordsReleased {
        group: String,
        partition: TopicPartition,
        member_id: String,
        /// At most 50 of them.
        offsets: Vec<u64>,
        count: u64,
        reason: String,
    },
    /// Share group: records archived without being accepted: never delivered again.
    ShareRecordsArchived {
        group: String,
        partition: TopicPartition,
        /// At most 50 of them (none when retention removed them).
        offsets: Vec<u64>,
        count: u64,
        reason: String,
    },
    /// Share group: a member failed to process a record, and what it acknowledges.
    ShareProcessingFailed {
        group: String,
        member_id: String,
        partition: TopicPartition,
        offset: u64,
        delivery_count: u32,
        reason: String,
        ack: String,
    },
    /// Share group: acknowledgements refused because the member no longer held the records
    /// (their lock expired): `InvalidRecordStateException`.
    ShareAckRefused {
        group: String,
        member_id: String,
        partition: TopicPartition,
        offsets: Vec<u64>,
        count: u64,
    },
    GroupEmpty {
        group: String,
        generation: i32,
    },
    RetentionDeleted {
        topic: String,
        partitions: u32,
        removed: u64,
    },
    Compacted {
        topic: String,
        partitions: u32,
        removed: u64,
    },
    /// The playground's storage limit was reached: load generators pause.
    StorageFull {
        limit: u64,
    },
    /// A load generator's sends began to fail (reported once, with the first reason).
    LoadFailing {
        id: String,
        reason: String,
    },
    /// A failing load generator's sends succeed again.
    LoadRecovered {
        id: String,
        failed: u64,
    },
    BrokerStopped {
        broker: u32,
    },
    BrokerStarted {
        broker: u32,
    },
    BrokerAdded {
        broker: u32,
    },
    BrokerSpeedChanged {
        broker: u32,
        records_per_sec: Option<u32>,
    },
    /// A partition got a new leader (`to: None`: it is offline).
    LeaderChanged {
        topic: String,
        partition: u32,
        from: Option<u32>,
        to: Option<u32>,
        epoch: u32,
        unclean: bool,
        isr: Vec<u32>,
    },
    IsrShrunk {
        topic: String,
        partition: u32,
        broker: u32,
        isr: Vec<u32>,
        reason: String,
    },
    IsrExpanded {
        topic: String,
        partition: u32,
        broker: u32,
        isr: Vec<u32>,
    },
    /// Records from offset `from` on were cut off by a leader change; `count` of them are
    /// gone for good (`acknowledged` of those had been acknowledged to their producer).
    RecordsLost {
        topic: String,
        partition: u32,
        from: u64,
        count: u64,
        acknowledged: u64,
        unclean: bool,
    },
    /// A producer sent records again after the leader it waited on went away.
    RecordsResent {
        producer: String,
        topic: String,
        partition: u32,
        count: u64,
    },
    /// Records held for the in-sync replicas (`acks=all`) were acknowledged.
    RecordsAcknowledged {
        producer: String,
        topic: String,
        partition: u32,
        from: u64,
        to: u64,
    },
    /// A member's listener threw on a record for the first time (later attempts are counted in
    /// the member's view, not listed).
    ProcessingFailed {
        group: String,
        member_id: String,
        partition: TopicPartition,
        offset: u64,
        reason: String,
        max_attempts: Option<u32>,
        backoff_ms: u64,
    },
    /// Attempts exhausted: `DeadLetterPublishingRecoverer` sent the record to the dead-letter
    /// topic, to the same partition number, or to the one the producer picks when the
    /// dead-letter topic has fewer partitions (`dlt_partition` is `None`).
    DeadLettered {
        group: String,
        member_id: String,
        partition: TopicPartition,
        offset: u64,
        attempts: u32,
        topic: String,
        dlt_partition: Option<u32>,
        dlt_partitions: u32,
    },
    /// Attempts exhausted and no dead-letter topic: `DefaultErrorHandler`'s default recoverer
    /// logs the record and the member moves past it.
    FailedRecordSkipped {
        group: String,
        member_id: String,
        partition: TopicPartition,
        offset: u64,
        attempts: u32,
    },
    /// The member cannot get past a record: it retries forever, or the dead-letter publication
    /// failed. Said once per record.
    MemberStalled {
        group: String,
        member_id: String,
        partition: TopicPartition,
        offset: u64,
        reason: String,
    },
}

fn brokers(ids: &[u32]) -> String {
    if ids.is_empty() {
        return "none".into();
    }
    ids.iter()
        .map(|b| b.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "1000 ms apart", "without waiting".
fn backoff_text(ms: u64) -> String {
    if ms == 0 {
        "without waiting in between".into()
    } else {
        format!("{ms} ms apart")
    }
}

fn list(parts: &[TopicPartition]) -> String {
    if parts.is_empty() {
        return "nothing".into();
    }
    parts
        .iter()
        .map(|tp| tp.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EventKind::*;
        match self {
            TopicCreated { topic, partitions, replication_factor, .. } => write!(
                f,
                "Topic {topic} created with {partitions} partition(s), replication factor {replication_factor}."
            ),
            TopicDeleted { topic } => write!(f, "Topic {topic} deleted."),
            PartitionsIncreased { topic, from, to, moved_count, kept_keys, .. } => write!(
                f,
                "Topic {topic} grew from {from} to {to} partitions: {moved_count} known key(s) now map to another partition, {kept_keys} stay. Old records stay where they are."
            ),
            GroupConfigChanged { group, name, value: Some(v) } => write!(f, "Group {group}: {name} set to {v}."),
            GroupConfigChanged { group, name, value: None } => write!(f, "Group {group}: {name} back to its default."),
            TopicConfigChanged { topic, name, value: Some(v) } => write!(f, "Topic {topic}: {name} set to {v}."),
            TopicConfigChanged { topic, name, value: None } => write!(f, "Topic {topic}: {name} back to its default."),
            ProducerConfigured { producer } => write!(f, "Producer {producer} reconfigured."),
            RecordAppended { topic, partition, offset, key, .. } => match key {
                Some(k) => write!(f, "Record with key '{k}' written to {topic}-{partition} at offset {offset}."),
                None => write!(f, "Record without key written to {topic}-{partition} at offset {offset}."),
            },
            AckLost { producer, topic, partition, offset } => write!(
                f,
                "{producer}: the record reached {topic}-{partition} (offset {offset}) but its acknowledgement was lost."
            ),
            DuplicateWritten { producer, topic, partition, offset, original_offset } => write!(
                f,
                "{producer} retried: the same record was written again at {topic}-{partition} offset {offset} (first copy at {original_offset}). Without idempotence, a retry duplicates."
            ),
            RetryDeduplicated { producer, topic, partition, offset } => write!(
                f,
                "{producer} retried: the broker saw the same producer id and sequence number and kept only the copy at {topic}-{partition} offset {offset}."
            ),
            SendFailed { producer, topic, partition, reason, written } => {
                write!(f, "{producer}: send to {topic}-{partition} failed: {reason}")?;
                if *written {
                    write!(f, " (the record was in fact written)")?;
                }
                Ok(())
            }
            LoadStarted { id, topic, rate_per_sec, keys } => {
                write!(f, "Load generator {id} started: {rate_per_sec} records/s to {topic}, {keys}.")
            }
            LoadStopped { id, produced } => write!(f, "Load generator {id} stopped after {produced} records."),
            MemberJoined { group, member_id, static_id, .. } => match static_id {
                Some(s) => write!(f, "{member_id} (static member {s}) joined group {group}."),
                None => write!(f, "{member_id} joined group {group}."),
            },
            StaticMemberRejoined { group, member_id, instance_id } => write!(
                f,
                "Static member {instance_id} came back to group {group} as {member_id} and kept its partitions: no rebalance."
            ),
            MemberLeft { group, member_id } => write!(f, "{member_id} left group {group}."),
            MemberStopped { group, member_id, static_id } => write!(
                f,
                "{member_id} (static member {static_id}) stopped without leaving group {group}; its partitions wait for it until the session times out."
            ),
            MemberCrashed { group, member_id } => write!(
                f,
                "{member_id} in group {group} crashed. The coordinator will notice when its session times out."
            ),
            MemberExpired { group, member_id, session_timeout_ms } => write!(
                f,
                "{member_id} sent no heartbeat for {session_timeout_ms} ms and was removed from group {group}."
            ),
            RebalanceStarted { group, reason } => write!(f, "Group {group} is rebalancing: {reason}."),
            PartitionsRevoked { group, member_id, partitions } => {
                write!(f, "{member_id} in group {group} gave up {}.", list(partitions))
            }
            PartitionsAssigned { group, member_id, added, total } => {
                if *total == 0 {
                    write!(f, "{member_id} in group {group} got no partition: it is idle.")
                } else {
                    write!(f, "{member_id} in group {group} was assigned {} ({total} in all).", list(added))
                }
            }
            RebalanceCompleted { group, generation, assignor, members, idle } => {
                write!(f, "Group {group} is stable at generation {generation} ({} assignor, {members} member(s)", assignor.name())?;
                if *idle > 0 {
                    write!(f, ", {idle} idle")?;
                }
                write!(f, ").")
            }
            GroupEpochBumped { group, epoch, reason } => {
                write!(f, "Group {group} moved to epoch {epoch}: {reason}.")
            }
            AssignmentFailed { group, assignor, error } => write!(
                f,
                "The {assignor} assignor could not assign group {group} (PartitionAssignorException: {error}); the previous target assignment stays."
            ),
            GroupConverted { group, to, reason } => write!(
                f,
                "Group {group} is now a {} group: {reason}.",
                to.as_str().to_lowercase()
            ),
            TargetAssignmentComputed { group, epoch, assignor, members } => write!(
                f,
                "The {assignor} assignor computed group {group}'s target assignment for epoch {epoch} ({members} member(s)); members move to it one heartbeat at a time."
            ),
            MemberReconciled { group, member_id, epoch, state, partitions, revoking } => {
                match state {
                    super::group::MemberState::UnrevokedPartitions => write!(
                        f,
                        "{member_id} in group {group} must give up {} before moving past epoch {epoch}; it keeps consuming its {partitions} other partition(s).",
                        list(revoking)
                    ),
                    super::group::MemberState::UnreleasedPartitions => write!(
                        f,
                        "{member_id} in group {group} is at epoch {epoch} with {partitions} partition(s); it waits for others to release the rest of its target."
                    ),
                    super::group::MemberState::Stable => write!(
                        f,
                        "{member_id} in group {group} reached epoch {epoch} with {partitions} partition(s)."
                    ),
                }
            }
            MemberFenced { group, member_id, rebalance_timeout_ms } => write!(
                f,
                "{member_id} did not give up its revoked partitions within its rebalance timeout ({rebalance_timeout_ms} ms, max.poll.interval.ms): group {group}'s coordinator fenced it; it rejoins with no partitions."
            ),
            PollTimeout { group, member_id, max_poll_interval_ms } => write!(
                f,
                "{member_id} spent more than max.poll.interval.ms ({max_poll_interval_ms} ms) between two polls and left group {group}; it rejoins when it polls again, and the offsets of the batch in hand cannot be committed."
            ),
            CommitFailed { group, member_id } => write!(
                f,
                "{member_id}'s commit failed: it is no longer in group {group} (CommitFailedException); the records it processed will be processed again by the new owner."
            ),
            OffsetsCommitted { group, member_id, offsets } => {
                let parts: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}→{o}")).collect();
                write!(f, "{member_id} committed {} for group {group}.", parts.join(", "))
            }
            OffsetReset { group, partition, offset, policy, reason } => write!(
                f,
                "Group {group}: {reason} for {partition}; auto.offset.reset={policy} starts it at offset {offset}."
            ),
            Redelivered { group, partition, from, to } => write!(
                f,
                "Group {group} is processing {partition} offsets {from}–{} again: they were processed but not committed before a crash.",
                to.saturating_sub(1)
            ),
            Skipped { group, partition, from, to, count } => write!(
                f,
                "Group {group} skipped {count} record(s) of {partition} (offsets {from}–{}): they were committed before being processed, then the consumer crashed.",
                to.saturating_sub(1)
            ),
            OffsetsReset { group, offsets } => {
                let parts: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}→{o}")).collect();
                write!(f, "Offsets of group {group} reset: {}.", parts.join(", "))
            }
            GroupDeleted { group } => write!(f, "Group {group} deleted."),
            ShareAssignment { group, member_id, epoch, partitions } => write!(
                f,
                "{member_id} in share group {group} now reads {} (epoch {epoch}).",
                if partitions.is_empty() { "nothing".to_string() } else { list(partitions) }
            ),
            ShareRecordsReleased { group, partition, member_id, count, reason, .. } => write!(
                f,
                "Share group {group}: {count} record(s) of {partition} held by {member_id} are available again: {reason}."
            ),
            ShareRecordsArchived { group, partition, offsets, count, reason } => match offsets.as_slice() {
                [o] => write!(f, "Share group {group}: the record at {partition} offset {o} is archived: {reason}. It will not be delivered again."),
                _ => write!(f, "Share group {group}: {count} record(s) of {partition} archived: {reason}. They will not be delivered again."),
            },
            ShareProcessingFailed { group, member_id, partition, offset, delivery_count, reason, ack } => write!(
                f,
                "{member_id} in share group {group} failed to process {partition} offset {offset} (delivery {delivery_count}): {reason}; it acknowledges it with {}.",
                ack.to_uppercase()
            ),
            ShareAckRefused { group, member_id, partition, count, .. } => write!(
                f,
                "Share group {group}: {count} acknowledgement(s) from {member_id} for {partition} refused (InvalidRecordStateException): their acquisition lock had expired, so another member may have them now."
            ),
            GroupEmpty { group, generation } => write!(f, "Group {group} has no members left (generation {generation})."),
            RetentionDeleted { topic, partitions, removed } => write!(
                f,
                "Retention removed {removed} old record(s) from {partitions} partition(s) of {topic}; their log-start offsets moved up."
            ),
            StorageFull { limit } => write!(
                f,
                "The playground's storage is full ({limit} records): load generators are paused. Set retention.ms or retention.bytes on a topic, or delete a topic, to make room."
            ),
            ProcessingFailed { group, member_id, partition, offset, reason, max_attempts, backoff_ms } => {
                write!(f, "{member_id} in group {group} failed to process {partition} offset {offset}: {reason}. ")?;
                match max_attempts {
                    Some(1) => write!(f, "It does not retry."),
                    Some(n) => write!(f, "It tries {n} times in all, {}, processing nothing else meanwhile.", backoff_text(*backoff_ms)),
                    None => write!(f, "It retries forever, {}, processing nothing else meanwhile.", backoff_text(*backoff_ms)),
                }
            }
            DeadLettered { group, member_id, partition, offset, attempts, topic, dlt_partition, dlt_partitions } => {
                write!(f, "{member_id} in group {group} gave up on {partition} offset {offset} after {attempts} attempt(s) and sent it to the dead-letter topic {topic}")?;
                match dlt_partition {
                    Some(p) => write!(f, ", partition {p}")?,
                    None => write!(
                        f,
                        " ({topic} has {dlt_partitions} partition(s), no partition {}: DeadLetterPublishingRecoverer warns and lets the producer pick one)",
                        partition.partition
                    )?,
                }
                write!(f, "; the record counts as processed and the member moves on.")
            }
            FailedRecordSkipped { group, member_id, partition, offset, attempts } => write!(
                f,
                "{member_id} in group {group} gave up on {partition} offset {offset} after {attempts} attempt(s). Without a dead-letter topic, DefaultErrorHandler's default recoverer only logs \"Backoff … exhausted for {partition}@{offset}\": the record is skipped, never processed."
            ),
            MemberStalled { group, member_id, partition, offset, reason } => write!(
                f,
                "{member_id} in group {group} is stuck on {partition} offset {offset}: {reason}. It processes nothing else, and the group's lag grows."
            ),
            Compacted { topic, partitions, removed } => write!(
                f,
                "The log cleaner compacted {partitions} partition(s) of {topic}, removing {removed} record(s) superseded by a newer value for the same key."
            ),
            LoadFailing { id, reason } => write!(f, "Load generator {id}: sends are failing: {reason}"),
            LoadRecovered { id, failed } => write!(f, "Load generator {id}: sends succeed again ({failed} failed meanwhile)."),
            BrokerStopped { broker } => write!(f, "Broker {broker} stopped. Its partitions elect new leaders from their in-sync replicas."),
            BrokerStarted { broker } => write!(f, "Broker {broker} started. Its replicas catch up from the leaders and rejoin the ISR."),
            BrokerAdded { broker } => write!(f, "Broker {broker} joined the cluster. Existing partitions stay where they are; new topics can use it."),
            BrokerSpeedChanged { broker, records_per_sec: Some(0) } => write!(f, "Broker {broker} stopped copying from leaders: its followers fall behind."),
            BrokerSpeedChanged { broker, records_per_sec: Some(r) } => write!(f, "Broker {broker}'s followers now copy at most {r} records/s per partition."),
            BrokerSpeedChanged { broker, records_per_sec: None } => write!(f, "Broker {broker}'s followers keep up with their leaders again."),
            LeaderChanged { topic, partition, from, to: None, isr, .. } => write!(
                f,
                "{topic}-{partition} is offline: its leader {} is gone and no in-sync replica is alive (ISR {}).",
                from.map_or("-".to_string(), |b| b.to_string()),
                brokers(isr)
            ),
            LeaderChanged { topic, partition, to: Some(to), epoch, unclean: true, .. } => write!(
                f,
                "Unclean election: broker {to}, which was not in sync, leads {topic}-{partition} (epoch {epoch}). What it lacked is lost."
            ),
            LeaderChanged { topic, partition, from, to: Some(to), epoch, isr, .. } => match from {
                Some(from) => write!(f, "{topic}-{partition}: leader moved from broker {from} to broker {to} (epoch {epoch}, ISR {}).", brokers(isr)),
                None => write!(f, "{topic}-{partition} is online again: broker {to} leads (epoch {epoch}, ISR {}).", brokers(isr)),
            },
            IsrShrunk { topic, partition, broker, isr, reason } => write!(
                f,
                "{topic}-{partition}: broker {broker} left the ISR ({reason}); ISR is now {}.",
                brokers(isr)
            ),
            IsrExpanded { topic, partition, broker, isr } => write!(
                f,
                "{topic}-{partition}: broker {broker} caught up and rejoined the ISR; ISR is now {}.",
                brokers(isr)
            ),
            RecordsLost { topic, partition, from, count, acknowledged, unclean } => write!(
                f,
                "{count} record(s) of {topic}-{partition} from offset {from} were lost{} ({acknowledged} of them had been acknowledged). New records reuse their offsets.",
                if *unclean { " in the unclean election" } else { ": the new leader never had them" }
            ),
            RecordsResent { producer, topic, partition, count } => write!(
                f,
                "{producer} had no answer for {count} record(s) and sent them again to the new leader of {topic}-{partition}."
            ),
            RecordsAcknowledged { producer, topic, partition, from, to } => write!(
                f,
                "{producer}: offsets {from}–{} of {topic}-{partition} are on every in-sync replica: acknowledged (acks=all).",
                to.saturating_sub(1)
            ),
        }
    }
}
