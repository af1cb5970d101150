//! Timestamps on the command line, read the way aws-cli reads them: ISO-8601
//! (`2026-11-22T10:30:00Z`, `2026-11-22T10:30:00+09:00`, `2026-11-22`) or seconds since
//! the Unix epoch (`1795338000`); printed back as ISO-8601 UTC.

use super::args::{Args, CliError};
use crate::data::time::{format_iso8601, parse_iso8601};

/// Unix seconds of a timestamp as aws-cli accepts it, `None` if it is none.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(n) = t.parse::<f64>() {
        return (n.is_finite() && n.abs() < 1e13).then_some(n.floor() as i64);
    }
    if t.len() == 10 && !t.contains('T') {
        return parse_iso8601(&format!("{t}T00:00:00Z"));
    }
    // a numeric offset after the time: `+09:00`, `-0500`
    if let Some((date, time)) = t.split_once('T')
        && let Some(i) = time.rfind(['+', '-'])
    {
        let (clock, zone) = time.split_at(i);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (h, m): (i64, i64) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
        return Some(parse_iso8601(&format!("{date}T{clock}Z"))? - sign * (h * 3600 + m * 60));
    }
    parse_iso8601(t)
}

/// The timestamp `--start-time 2026-11-22T10:30:00Z` as Unix seconds.
pub(crate) fn timestamp(a: &Args, option: &str) -> Result<Option<i64>, CliError> {
    let Some(text) = a.text(option) else {
        return Ok(None);
    };
    parse_timestamp(&text).map(Some).ok_or_else(|| {
        CliError::param(
            option,
            format!(
                "Invalid timestamp \"{text}\": expected ISO-8601 (2026-11-22T10:30:00Z) or \
                 seconds since the epoch"
            ),
        )
    })
}

/// A required timestamp option.
pub(crate) fn req_timestamp(a: &Args, option: &'static str) -> Result<i64, CliError> {
    timestamp(a, option)?.ok_or_else(|| CliError::required(&[option]))
}

/// Unix seconds as the CLI line writes them.
pub(crate) fn print_timestamp(unix: i64) -> String {
    format_iso8601(unix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_like_aws_cli() {
        let at = 1_795_338_000; // 2026-11-22T09:00:00Z
        assert_eq!(parse_timestamp("2026-11-22T09:00:00Z"), Some(at));
        assert_eq!(parse_timestamp("2026-11-22T09:00:00"), Some(at));
        assert_eq!(parse_timestamp("2026-11-22T09:00:00.000Z"), Some(at));
        assert_eq!(parse_timestamp("2026-11-22T18:00:00+09:00"), Some(at));
        assert_eq!(parse_timestamp("2026-11-22T04:00:00-0500"), Some(at));
        assert_eq!(parse_timestamp("2026-11-22"), Some(at - 9 * 3600));
        assert_eq!(parse_timestamp("1795338000"), Some(at));
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2026-13-01T00:00:00Z"), None);
        assert_eq!(print_timestamp(at), "2026-11-22T09:00:00Z");
    }
}
