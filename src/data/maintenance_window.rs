//! RDS's weekly maintenance window (`PreferredMaintenanceWindow`, `ddd:hh24:mi-ddd:hh24:mi`
//! in UTC, at least 30 minutes): parsing it the way RDS checks it, and finding when it next
//! opens on the scenario's clock.

/// Seconds in a week.
const WEEK: i64 = 7 * 86_400;
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A weekly window: minutes after Monday 00:00 UTC where it opens, and how long it lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaintenanceWindow {
    /// As written (`sun:05:00-sun:05:30`), for `PreferredMaintenanceWindow`.
    pub text: String,
    pub start_minute: i64,
    pub minutes: i64,
}

/// What RDS says about a malformed window (also the scenario checker's "expected").
pub const WINDOW_FORMAT: &str = "a weekly window ddd:hh24:mi-ddd:hh24:mi in UTC (e.g. sun:05:00-sun:05:30), at least 30 minutes";

fn minute_of_week(part: &str) -> Option<i64> {
    let mut p = part.split(':');
    let (day, hh, mm) = (p.next()?, p.next()?, p.next()?);
    if p.next().is_some() || hh.len() != 2 || mm.len() != 2 {
        return None;
    }
    let day = DAYS.iter().position(|d| d.eq_ignore_ascii_case(day))? as i64;
    let (hh, mm): (i64, i64) = (hh.parse().ok()?, mm.parse().ok()?);
    if hh > 23 || mm > 59 {
        return None;
    }
    Some(day * 1440 + hh * 60 + mm)
}

/// Parses `ddd:hh24:mi-ddd:hh24:mi`; a window may run over the end of the week
/// (`sun:23:45-mon:00:15`).
pub fn parse(text: &str) -> Result<MaintenanceWindow, String> {
    let bad = || format!("expected {WINDOW_FORMAT}, found '{text}'");
    let (from, to) = text.trim().split_once('-').ok_or_else(bad)?;
    let start = minute_of_week(from).ok_or_else(bad)?;
    let end = minute_of_week(to).ok_or_else(bad)?;
    let minutes = (end - start).rem_euclid(7 * 1440);
    if minutes < 30 {
        return Err(format!(
            "The maintenance window must be at least 30 minutes, found '{text}' ({minutes} minutes)"
        ));
    }
    Ok(MaintenanceWindow {
        text: text.trim().to_lowercase(),
        start_minute: start,
        minutes,
    })
}

impl MaintenanceWindow {
    /// The simulated second, at or after `now`, when the window is next open; `epoch_unix`
    /// is the Unix time of simulated second 0. Inside the window: `now`.
    pub fn next_open(&self, epoch_unix: i64, now: f64) -> f64 {
        let t = epoch_unix + now.floor() as i64;
        // 1970-01-01 was a Thursday (Monday = 0)
        let into_week = (t.div_euclid(86_400) + 3).rem_euclid(7) * 86_400 + t.rem_euclid(86_400);
        let since_open = (into_week - self.start_minute * 60).rem_euclid(WEEK);
        if since_open < self.minutes * 60 {
            now
        } else {
            now.floor() + (WEEK - since_open) as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::parse_iso8601;

    #[test]
    fn a_window_reads_like_rds_writes_it() {
        let w = parse("sun:20:00-sun:20:30").unwrap();
        assert_eq!((w.start_minute, w.minutes), (6 * 1440 + 20 * 60, 30));
        assert_eq!(parse("Sun:23:45-Mon:00:30").unwrap().minutes, 45);
        for bad in [
            "sun:20:00",
            "sun:20-sun:21",
            "xyz:01:00-xyz:02:00",
            "mon:24:00-tue:01:00",
        ] {
            assert!(parse(bad).unwrap_err().contains("ddd:hh24:mi"), "{bad}");
        }
        assert!(
            parse("mon:01:00-mon:01:15")
                .unwrap_err()
                .contains("at least 30 minutes")
        );
    }

    #[test]
    fn the_window_opens_at_its_next_weekly_start() {
        // Sunday 2026-11-22 19:00 UTC
        let epoch = parse_iso8601("2026-11-22T19:00:00Z").unwrap();
        let w = parse("sun:20:00-sun:20:30").unwrap();
        assert_eq!(w.next_open(epoch, 0.0), 3600.0);
        // inside it: now; just after it: a week later
        assert_eq!(w.next_open(epoch, 3700.0), 3700.0);
        assert_eq!(w.next_open(epoch, 5400.0), 3600.0 + WEEK as f64);
        let monday = parse("mon:00:00-mon:00:30").unwrap();
        assert_eq!(monday.next_open(epoch, 0.0), 5.0 * 3600.0);
    }
}
