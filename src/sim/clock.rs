//! Simulated time: one tick is one simulated second; the wall clock of the scenario's day.

use bevy::prelude::*;

/// Simulated seconds per tick. Game speed scales how many ticks run per real second.
pub const TICK_SECONDS: f64 = 1.0;

#[derive(Resource, Clone, Debug, Default)]
pub struct SimClock {
    /// Ticks completed.
    pub tick: u64,
    /// Simulated seconds since the scenario started (start of the current tick).
    pub now: f64,
    /// Unix time of the scenario's start (from its `start_time`).
    pub epoch_unix: i64,
    /// Scenario length in seconds.
    pub duration: f64,
}

impl SimClock {
    pub fn minute(&self) -> u64 {
        (self.now / 60.0) as u64
    }

    pub fn finished(&self) -> bool {
        self.now >= self.duration
    }

    /// `HH:MM` on the scenario's clock.
    pub fn wall_clock(&self, t: f64) -> String {
        let secs = self.epoch_unix + t as i64;
        let day = secs.rem_euclid(86_400);
        format!("{:02}:{:02}", day / 3600, (day / 60) % 60)
    }

    /// Converts an ISO-8601 UTC time (`2026-11-22T10:30:00Z`) into simulated seconds.
    pub fn sim_time_of(&self, iso: &str) -> Option<f64> {
        Some((parse_iso8601(iso)? - self.epoch_unix) as f64)
    }
}

/// Parses `YYYY-MM-DDTHH:MM[:SS][Z]` as UTC into Unix seconds.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('Z');
    let (date, time) = t.split_once('T').or_else(|| t.split_once(' '))?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut tm = time
        .split(':')
        .map(|p| p.split('.').next().unwrap_or("").parse::<i64>().ok());
    let (hh, mm) = (tm.next()??, tm.next()??);
    let ss = tm.next().flatten().unwrap_or(0);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_times_convert() {
        assert_eq!(parse_iso8601("1970-01-02T00:00:00Z"), Some(86_400));
        assert_eq!(parse_iso8601("2026-11-22T09:00:00Z"), Some(1_795_338_000));
        assert_eq!(parse_iso8601("2026-13-01T00:00:00Z"), None);
        let c = SimClock {
            epoch_unix: 1_795_338_000,
            ..Default::default()
        };
        assert_eq!(c.sim_time_of("2026-11-22T10:30:00Z"), Some(5400.0));
        assert_eq!(c.wall_clock(5400.0), "10:30");
    }
}
