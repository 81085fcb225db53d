//! Spring Kafka's error handling: `DefaultErrorHandler` retries with a back-off and
//! `DeadLetterPublishingRecoverer`.

use std::collections::BTreeMap;

use super::super::config::{failure_roll, ConsumerConfig};
use super::super::event::EventKind;
use super::super::log::{flags, generated_value, StoredRecord};
use super::super::topic::Topic;
use super::super::{EngineError, ProduceRequest, TopicPartition};
use super::{Ctx, Member, Retry};

/// The producer (a `KafkaTemplate`) `DeadLetterPublishingRecoverer` sends with.
pub const DLT_PRODUCER: &str = "dlt-producer";
/// The producer's `max.block.ms` default: how long a send waits for metadata of a topic the
/// cluster does not know before failing with a `TimeoutException`.
const MAX_BLOCK_MS: u64 = 60_000;
/// `ListenerExecutionFailedException`: the container wraps what a listener throws in it
/// (`KafkaMessageListenerContainer.decorateException`), so the recoverer sees this class.
const LISTENER_EXCEPTION: &str =
    "org.springframework.kafka.listener.ListenerExecutionFailedException";
/// What the playground's simulated listener throws.
const SIMULATED_CAUSE: &str = "java.lang.RuntimeException";

/// How one delivery of a record ended.
pub(super) enum Delivery {
    Processed,
    /// Failed for the last time and handed to the recoverer: the member moves past it.
    /// `skipped`: the default recoverer only logged it.
    Recovered {
        skipped: bool,
    },
    /// Failed; the member will get it again (after the back-off).
    Failed,
}

/// One delivery to a member whose listener fails some records, as Spring Kafka's
/// `DefaultErrorHandler` runs it (`FailedRecordTracker.recovered` with a `FixedBackOff`):
/// count the failure, sleep the back-off and redeliver until the attempts are exhausted, then
/// recover: `DeadLetterPublishingRecoverer`, or the default recoverer that logs and skips. If
/// recovery fails, the record is redelivered and the back-off starts over
/// (`resetStateOnRecoveryFailure`, default true).
pub(super) fn deliver(
    group: &str,
    m: &mut Member,
    tp: &TopicPartition,
    offset: u64,
    ctx: &mut Ctx,
) -> Delivery {
    // `FailedRecordTracker` keeps one failed record per partition: another offset starts afresh.
    if m.failures
        .retry
        .as_ref()
        .is_some_and(|r| r.tp == *tp && r.offset != offset)
    {
        m.failures.retry = None;
    }
    let Some(reason) = failure_reason(&m.config, tp, offset, ctx) else {
        return Delivery::Processed;
    };
    m.failures.failed_attempts += 1;
    let cfg = &m.config;
    let now = ctx.now;
    let mut retry = match m.failures.retry.take() {
        Some(r) if r.tp == *tp && r.offset == offset => r,
        _ => {
            ctx.emit(EventKind::ProcessingFailed {
                group: group.to_string(),
                member_id: m.member_id.clone(),
                partition: tp.clone(),
                offset,
                reason: reason.clone(),
                max_attempts: cfg.max_attempts,
                backoff_ms: cfg.backoff_ms,
            });
            Retry {
                tp: tp.clone(),
                offset,
                attempts: 0,
                until: now,
                stalled: false,
            }
        }
    };
    retry.attempts = retry.attempts.saturating_add(1);
    let stall = |retry: &mut Retry, ctx: &mut Ctx, why: String| {
        if !retry.stalled {
            retry.stalled = true;
            ctx.emit(EventKind::MemberStalled {
                group: group.to_string(),
                member_id: m.member_id.clone(),
                partition: tp.clone(),
                offset,
                reason: why,
            });
        }
    };
    let exhausted = cfg.max_attempts.is_some_and(|n| retry.attempts >= n);
    if !exhausted {
        if cfg.max_attempts.is_none() {
            stall(
                &mut retry,
                ctx,
                "it retries forever (FixedBackOff.UNLIMITED_ATTEMPTS) and the record fails every time"
                    .into(),
            );
        }
        retry.until = now.saturating_add(cfg.backoff_ms);
        m.failures.retry = Some(retry);
        return Delivery::Failed;
    }
    let Some(dlt) = cfg.dead_letter.clone() else {
        ctx.emit(EventKind::FailedRecordSkipped {
            group: group.to_string(),
            member_id: m.member_id.clone(),
            partition: tp.clone(),
            offset,
            attempts: retry.attempts,
        });
        m.failures.skipped += 1;
        return Delivery::Recovered { skipped: true };
    };
    match dead_letter_request(group, tp, offset, &dlt, &reason, ctx) {
        Ok((req, dlt_partitions)) => {
            ctx.emit(EventKind::DeadLettered {
                group: group.to_string(),
                member_id: m.member_id.clone(),
                partition: tp.clone(),
                offset,
                attempts: retry.attempts,
                topic: dlt,
                dlt_partition: req.partition,
                dlt_partitions,
            });
            ctx.dead_letters.push(req);
            m.failures.dead_lettered += 1;
            Delivery::Recovered { skipped: false }
        }
        Err((why, blocked_ms)) => {
            stall(
                &mut retry,
                ctx,
                format!("{why}; the back-off starts over (resetStateOnRecoveryFailure)"),
            );
            retry.attempts = 0;
            retry.until = now.saturating_add(blocked_ms);
            m.failures.retry = Some(retry);
            Delivery::Failed
        }
    }
}

/// The stored record at an offset, if it is still there.
pub(crate) fn record_at<'t>(
    topics: &'t BTreeMap<String, Topic>,
    tp: &TopicPartition,
    offset: u64,
) -> Option<&'t StoredRecord> {
    topics
        .get(&tp.topic)?
        .partitions
        .get(tp.partition as usize)?
        .log
        .records
        .iter_from_offset(offset)
        .next()
        .filter(|r| r.offset == offset)
}

/// Why this member's listener throws on the record, or `None` if it processes it.
fn failure_reason(
    cfg: &ConsumerConfig,
    tp: &TopicPartition,
    offset: u64,
    ctx: &Ctx,
) -> Option<String> {
    failure_of(cfg.fail_key.as_deref(), cfg.fail_percent, tp, offset, ctx)
}

/// Why a consumer set to fail `fail_percent`% of records and records keyed `fail_key` fails
/// this record, if it does (consumer and share groups alike).
pub(crate) fn failure_of(
    fail_key: Option<&str>,
    fail_percent: u32,
    tp: &TopicPartition,
    offset: u64,
    ctx: &Ctx,
) -> Option<String> {
    if fail_percent > 0 && failure_roll(&tp.topic, tp.partition, offset) < fail_percent {
        return Some(format!(
            "the record is one of the {fail_percent}% this consumer fails"
        ));
    }
    let poison = fail_key?;
    let r = record_at(ctx.topics, tp, offset)?;
    (ctx.keys.text(r.key) == Some(poison)).then(|| format!("key '{poison}' is the poison key"))
}

/// The record `DeadLetterPublishingRecoverer` sends for a failed one, with the number of
/// partitions of the dead-letter topic; or why the publication fails and how long the send
/// blocked first.
///
/// - Same key and value, the original headers, then Spring's: `kafka_dlt-exception-fqcn`,
///   `-exception-cause-fqcn`, `-exception-message`, `kafka_dlt-original-topic`, `-partition`,
///   `-offset`, `-timestamp`, `-timestamp-type`, `-consumer-group` (`DeadLetterRecordManager`).
///   Simplifications: Spring writes partition, offset and timestamp as 4- and 8-byte big-endian
///   numbers, which `kafka-console-consumer` prints as raw bytes; here they are decimal text.
///   The `kafka_dlt-exception-stacktrace` header is left out.
/// - The same partition number as the original record; when the dead-letter topic has fewer
///   partitions, `checkPartition` (`verifyPartition`, default true) warns and leaves the
///   partition unset, so the producer's partitioner picks one.
fn dead_letter_request(
    group: &str,
    tp: &TopicPartition,
    offset: u64,
    dlt: &str,
    reason: &str,
    ctx: &Ctx,
) -> Result<(ProduceRequest, u32), (String, u64)> {
    let failed = |cause: String| {
        format!("Dead-letter publication to {dlt} failed for: {tp}@{offset} ({cause})")
    };
    let Some(target) = ctx.topics.get(dlt) else {
        // KafkaProducer.waitOnMetadata waits max.block.ms for a topic the cluster does not
        // know (the playground's broker creates no topics for the error handler's producer).
        return Err((
            failed(format!(
                "org.apache.kafka.common.errors.TimeoutException: Topic {dlt} not present in metadata after {MAX_BLOCK_MS} ms."
            )),
            MAX_BLOCK_MS,
        ));
    };
    let (Some(part), Some(r)) = (
        ctx.topics
            .get(&tp.topic)
            .and_then(|t| t.partitions.get(tp.partition as usize)),
        record_at(ctx.topics, tp, offset),
    ) else {
        return Err((failed("the record is no longer in the log".into()), 0));
    };
    let n = target.partitions.len() as u32;
    let partition = (tp.partition < n).then_some(tp.partition);
    let key = ctx.keys.text(r.key).map(str::to_string);
    if target.config.compact && key.is_none() {
        return Err((
            failed(format!(
                "org.apache.kafka.common.InvalidRecordException: Compacted topic cannot accept message without key in topic partition {dlt}-{}.",
                partition.unwrap_or(0)
            )),
            0,
        ));
    }
    let value = match (&r.value, r.generated_len()) {
        (Some(v), _) => Some(v.to_string()),
        (None, Some(len)) => Some(generated_value(len, offset)),
        (None, None) => None,
    };
    let mut headers = if r.meta & flags::HEADERS != 0 {
        part.log.headers.get(&offset).cloned().unwrap_or_default()
    } else {
        Vec::new()
    };
    // stripPreviousExceptionHeaders (default true): only the latest exception is kept.
    headers.retain(|(k, _)| {
        !matches!(
            k.as_str(),
            "kafka_dlt-exception-fqcn"
                | "kafka_dlt-exception-cause-fqcn"
                | "kafka_dlt-exception-message"
                | "kafka_dlt-exception-stacktrace"
        )
    });
    let h = |k: &str, v: String| (k.to_string(), v);
    headers.extend([
        h("kafka_dlt-exception-fqcn", LISTENER_EXCEPTION.into()),
        h("kafka_dlt-exception-cause-fqcn", SIMULATED_CAUSE.into()),
        // DeadLetterRecordManager.buildMessage: the exception's message; the root cause's.
        h(
            "kafka_dlt-exception-message",
            format!("Listener failed; simulated failure: {reason}"),
        ),
        h("kafka_dlt-original-topic", tp.topic.clone()),
        h("kafka_dlt-original-partition", tp.partition.to_string()),
        h("kafka_dlt-original-offset", offset.to_string()),
        h("kafka_dlt-original-timestamp", r.timestamp.to_string()),
        h("kafka_dlt-original-timestamp-type", "CreateTime".into()),
        h("kafka_dlt-original-consumer-group", group.to_string()),
    ]);
    Ok((
        ProduceRequest {
            producer: DLT_PRODUCER.into(),
            topic: dlt.to_string(),
            key,
            value,
            partition,
            headers,
        },
        n,
    ))
}

/// A consumer may only start with a dead-letter topic that exists and that it does not read.
pub fn check_dead_letter(
    topics: &BTreeMap<String, Topic>,
    config: &ConsumerConfig,
    reads: &[String],
) -> Result<(), EngineError> {
    config.validate_failures()?;
    check_dead_letter_not_read(config, reads)?;
    let Some(dlt) = &config.dead_letter else {
        return Ok(());
    };
    if !topics.contains_key(dlt) {
        return Err(EngineError::InvalidRequest(format!(
            "The dead-letter topic '{dlt}' does not exist. Create it first, with as many partitions as the topic it backs: DeadLetterPublishingRecoverer writes each failed record to the same partition number."
        )));
    }
    Ok(())
}

/// A consumer may not read its own dead-letter topic: a failing record would come back forever.
pub fn check_dead_letter_not_read(
    config: &ConsumerConfig,
    reads: &[String],
) -> Result<(), EngineError> {
    match &config.dead_letter {
        Some(dlt) if reads.iter().any(|t| t == dlt) => Err(EngineError::InvalidRequest(format!(
            "The dead-letter topic cannot be one the consumer reads ({dlt}): a failing record would come back to it forever."
        ))),
        _ => Ok(()),
    }
}
