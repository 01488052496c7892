//! Unix times as UTC dates for `verify`'s human output (`2026-01-01T00:00:00Z`), so that
//! nobody has to paste an `iat` into another tool to read it.

/// The last second of year 9999; later times have no four-digit year.
const MAX_SECS: u64 = 253_402_300_799;

/// `secs` since the Unix epoch as an RFC 3339 UTC time, or `None` after year 9999.
pub(crate) fn rfc3339(secs: u64) -> Option<String> {
    (secs <= MAX_SECS).then(|| format_bounded(secs))
}

/// Howard Hinnant's `civil_from_days`, on unsigned numbers since every input is at or after
/// 1970. Every intermediate value stays below 2^40 because `secs <= MAX_SECS`.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bounded by MAX_SECS, checked by the only caller"
)]
fn format_bounded(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn known_dates() {
        assert_eq!(rfc3339(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            rfc3339(1_767_225_600).as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(
            rfc3339(951_782_400).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(
            rfc3339(4_107_542_399).as_deref(),
            Some("2100-02-28T23:59:59Z")
        );
        assert_eq!(
            rfc3339(253_402_300_799).as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
        assert_eq!(rfc3339(253_402_300_800), None);
    }
}
