//! Reading what learners type into number fields, and saying numbers back in human units.
//! Nothing here panics: a bad entry becomes a message that says what to type instead.

use super::text::plural;

/// A whole number of 0 or more. Spaces around it are ignored; anything else is refused.
pub fn whole_number(label: &str, text: &str, example: &str) -> Result<u64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!(
            "{label} is empty: enter a whole number, e.g. {example}."
        ));
    }
    t.parse::<u64>().map_err(|_| {
        format!("{label} must be a whole number of 0 or more, e.g. {example}; \"{t}\" is not.")
    })
}

/// A whole percentage from 0 to 100.
pub fn percent(label: &str, text: &str) -> Result<u32, String> {
    match whole_number(label, text, "80")? {
        n @ 0..=100 => Ok(n as u32),
        _ => Err(format!(
            "{label} is a percentage: enter a whole number from 0 to 100."
        )),
    }
}

/// Narrows to `u32`, keeping out-of-range values out of range so the engine's own limit check
/// (with its wording) answers instead of a silently wrapped number.
pub fn saturating_u32(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `retention.ms` in words: "7 days", "90 seconds", "forever" for -1.
pub fn describe_ms(ms: i64) -> String {
    const UNITS: [(i64, &str); 4] = [
        (86_400_000, "day"),
        (3_600_000, "hour"),
        (60_000, "minute"),
        (1_000, "second"),
    ];
    if ms < 0 {
        return "forever".into();
    }
    for (size, unit) in UNITS {
        if ms >= size && ms % size == 0 {
            return plural(ms / size, unit);
        }
    }
    plural(ms, "millisecond")
}

/// `retention.bytes` in words: "1 MiB", "no size limit" for -1.
pub fn describe_bytes(bytes: i64) -> String {
    const UNITS: [(i64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    if bytes < 0 {
        return "no size limit".into();
    }
    for (size, unit) in UNITS {
        if bytes >= size && bytes % size == 0 {
            return format!("{} {unit}", bytes / size);
        }
    }
    plural(bytes, "byte")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_defensively() {
        assert_eq!(whole_number("Rate", " 100 ", "100"), Ok(100));
        assert!(whole_number("Rate", "", "100")
            .unwrap_err()
            .contains("is empty"));
        assert!(whole_number("Rate", "-5", "100")
            .unwrap_err()
            .contains("\"-5\" is not"));
        assert!(whole_number("Rate", "1e3", "100").is_err());
        assert_eq!(saturating_u32(99_999_999_999), u32::MAX);
        assert_eq!(percent("Share", "100"), Ok(100));
        assert!(percent("Share", "101").is_err());
    }

    #[test]
    fn durations_and_sizes_read_as_words() {
        assert_eq!(describe_ms(604_800_000), "7 days");
        assert_eq!(describe_ms(90_000), "90 seconds");
        assert_eq!(describe_ms(60_000), "1 minute");
        assert_eq!(describe_ms(1_500), "1500 milliseconds");
        assert_eq!(describe_ms(0), "0 milliseconds");
        assert_eq!(describe_ms(-1), "forever");
        assert_eq!(describe_bytes(-1), "no size limit");
        assert_eq!(describe_bytes(1_048_576), "1 MiB");
        assert_eq!(describe_bytes(1_000), "1000 bytes");
    }
}
