//! Small wording helpers shared by the panels.

use std::fmt::Display;

/// "1 record", "3 records", "0 partitions": the count and the word, with an "s" unless one.
pub fn plural<N: Copy + Display + PartialEq + From<u8>>(n: N, word: &str) -> String {
    format!("{n} {word}{}", if n == N::from(1) { "" } else { "s" })
}

/// Percent-encodes `s` for an address, keeping ASCII letters, digits and the bytes in `keep`
/// as they are and writing every other byte as `%XX`.
pub fn percent_encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts_one_and_many() {
        assert_eq!(plural(1usize, "broker"), "1 broker");
        assert_eq!(plural(0u64, "record"), "0 records");
        assert_eq!(plural(2i64, "day"), "2 days");
    }

    #[test]
    fn percent_encode_keeps_only_what_it_is_told() {
        assert_eq!(percent_encode("a-b c", b"-"), "a-b%20c");
        assert_eq!(percent_encode("a.b", b"-_"), "a%2Eb");
        assert_eq!(percent_encode("é", b""), "%C3%A9");
    }
}
