//! How a console consumer prints a record: `DefaultMessageFormatter` in apache/kafka
//! (`tools/…/consumer/DefaultMessageFormatter.java`), configured by `--formatter-property print.key=true` … (`--property` before Kafka 4.2).

use crate::engine::RecordView;

/// How a console consumer prints a record (`DefaultMessageFormatter`).
#[derive(Clone, Debug)]
pub(crate) struct Formatter {
    pub timestamp: bool,
    pub partition: bool,
    pub offset: bool,
    /// `print.delivery` and `print.epoch` (Kafka 4.x): ConsoleConsumer hands the formatter a copy
    /// of each record without its delivery count or leader epoch, so they print `NOT_PRESENT`.
    pub delivery: bool,
    pub epoch: bool,
    pub headers: bool,
    pub key: bool,
    pub value: bool,
    pub key_separator: String,
    pub headers_separator: String,
    pub null_literal: String,
}

impl Default for Formatter {
    fn default() -> Self {
        Formatter {
            timestamp: false,
            partition: false,
            offset: false,
            delivery: false,
            epoch: false,
            headers: false,
            key: false,
            value: true,
            key_separator: "\t".into(),
            headers_separator: ",".into(),
            null_literal: "null".into(),
        }
    }
}

impl Formatter {
    /// `DefaultMessageFormatter.configure`: `print.*`, separators and `null.literal`.
    pub(crate) fn configure(props: &[(String, String)]) -> Formatter {
        let mut fmt = Formatter::default();
        for (k, v) in props {
            let b = v.trim().eq_ignore_ascii_case("true");
            match k.as_str() {
                "print.timestamp" => fmt.timestamp = b,
                "print.key" => fmt.key = b,
                "print.offset" => fmt.offset = b,
                "print.partition" => fmt.partition = b,
                "print.delivery" => fmt.delivery = b,
                "print.epoch" => fmt.epoch = b,
                "print.headers" => fmt.headers = b,
                "print.value" => fmt.value = b,
                "key.separator" => fmt.key_separator = v.clone(),
                "headers.separator" => fmt.headers_separator = v.clone(),
                "null.literal" => fmt.null_literal = v.clone(),
                _ => {}
            }
        }
        fmt
    }
}

/// `DefaultMessageFormatter.writeTo`.
pub(crate) fn format_record(f: &Formatter, r: &RecordView) -> String {
    write_to(f, r, None)
}

/// `DefaultMessageFormatter.writeTo` for a share consumer's record, which carries its
/// delivery count (`ConsoleShareConsumer.process`).
pub(crate) fn format_share_record(f: &Formatter, r: &RecordView, delivery: u32) -> String {
    write_to(f, r, Some(delivery))
}

fn write_to(f: &Formatter, r: &RecordView, delivery: Option<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if f.timestamp {
        parts.push(format!("CreateTime:{}", r.timestamp));
    }
    if f.partition {
        parts.push(format!("Partition:{}", r.partition));
    }
    if f.offset {
        parts.push(format!("Offset:{}", r.offset));
    }
    if f.delivery {
        parts.push(match delivery {
            Some(n) => format!("Delivery:{n}"),
            None => "Delivery:NOT_PRESENT".into(),
        });
    }
    if f.epoch {
        parts.push("Epoch:NOT_PRESENT".into());
    }
    if f.headers {
        if r.headers.is_empty() {
            parts.push("NO_HEADERS".into());
        } else {
            let hs: Vec<String> = r.headers.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            parts.push(hs.join(&f.headers_separator));
        }
    }
    if f.key {
        parts.push(r.key.clone().unwrap_or_else(|| f.null_literal.clone()));
    }
    let mut s = parts.join(&f.key_separator);
    if f.value {
        if !parts.is_empty() {
            s.push_str(&f.key_separator);
        }
        s.push_str(r.value.as_deref().unwrap_or(&f.null_literal));
    }
    s
}
