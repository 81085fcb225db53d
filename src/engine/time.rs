//! Simulated time. The world starts at `EPOCH_MS` (2026-01-01T00:00:00Z) so record
//! timestamps look like real `CreateTime` values; nothing here reads a clock.

/// Epoch milliseconds of the world's time zero: 2026-01-01T00:00:00Z.
pub const EPOCH_MS: u64 = 1_767_225_600_000;

/// Days since 1970-01-01 → (year, month, day), Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// (year, month, day) → days since 1970-01-01, `days_from_civil`.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2026-01-01T00:05:30.000` (UTC), the form `--to-datetime` takes.
pub fn format_datetime(epoch_ms: u64) -> String {
    let secs = (epoch_ms / 1000) as i64;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:03}",
        s / 3600,
        s / 60 % 60,
        s % 60,
        epoch_ms % 1000
    )
}

/// `HH:MM` of the minute containing `epoch_ms`, used by `channel:minute` keys.
pub fn format_minute(epoch_ms: u64) -> String {
    let s = (epoch_ms / 1000) % 86_400;
    format!("{:02}:{:02}", s / 3600, s / 60 % 60)
}

/// Parses `YYYY-MM-DDTHH:mm:SS.sss` (seconds and millis optional), as the reset tool accepts it
/// (UTC; a trailing `Z` is allowed).
pub fn parse_datetime(s: &str) -> Option<u64> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once('T').unwrap_or((s, "00:00:00"));
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    if dp.next().is_some()
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || !(1970..=9999).contains(&y)
    {
        return None;
    }
    let (hms, millis) = time.split_once('.').unwrap_or((time, "0"));
    let mut tp = hms.split(':');
    let hh: u64 = tp.next()?.parse().ok()?;
    let mm: u64 = tp.next().unwrap_or("0").parse().ok()?;
    let ss: u64 = tp.next().unwrap_or("0").parse().ok()?;
    let ms: u64 = millis.parse().ok()?;
    if tp.next().is_some() || hh > 23 || mm > 59 || ss > 59 || ms > 999 {
        return None;
    }
    let days = u64::try_from(days_from_civil(y, m, d)).ok()?;
    Some(((days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000) + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_new_year_2026() {
        assert_eq!(format_datetime(EPOCH_MS), "2026-01-01T00:00:00.000");
        assert_eq!(format_minute(EPOCH_MS + 5 * 60_000 + 59_999), "00:05");
    }

    #[test]
    fn datetime_round_trips() {
        for ms in [
            0u64,
            EPOCH_MS,
            EPOCH_MS + 86_400_000 * 59 + 3_723_004,
            951_782_400_000,
        ] {
            assert_eq!(
                parse_datetime(&format_datetime(ms)),
                Some(ms),
                "{}",
                format_datetime(ms)
            );
        }
        assert_eq!(parse_datetime("2026-01-01T00:01"), Some(EPOCH_MS + 60_000));
        assert_eq!(parse_datetime("2026-13-01T00:00:00"), None);
        assert_eq!(parse_datetime("yesterday"), None);
    }
}
