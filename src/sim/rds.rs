//! Amazon RDS: the database instance behind the requests that touch the database — its
//! instance classes (vCPUs, memory, `max_connections`, list prices), Multi-AZ, failovers,
//! and the per-tick model of what it does to those requests.
//!
//! The model: the database is an M/M/c queue with c = the class's vCPUs and a service time
//! of the request class's `db_ms` per query, plus a fluid backlog when offered work exceeds
//! capacity. Every request in flight holds a connection (Little's law: in flight = rate ×
//! time in the database), and every app worker process keeps one pooled connection open.
//! Past `max_connections` the database refuses new connections (PostgreSQL: `FATAL: sorry,
//! too many clients already`), the app answers 500 and the request fails as
//! [`FailReason::DatabaseUnavailable`](super::flow::FailReason). While the instance
//! reboots or fails over, every database request fails the same way.

use super::queueing::MmcLaw;
use crate::data::catalog::db_class;
use crate::data::maintenance_window::MaintenanceWindow;
use bevy::prelude::*;

/// A repeatable draw in 0..1 for an outage's length (same round, same length).
pub fn outage_draw(id: &str, now: f64) -> f64 {
    let h = id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64 ^ now.to_bits(), |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
    let h = (h ^ (h >> 31)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Seconds a new DB instance takes to become `available`.
pub const DB_CREATE_SECONDS: f64 = 600.0;
/// Seconds `ModifyDBInstance --apply-immediately` takes before a class change lands.
pub const DB_MODIFY_SECONDS: f64 = 300.0;
/// Seconds a Multi-AZ conversion takes (the standby is built from a snapshot; no outage).
pub const DB_MULTI_AZ_SECONDS: f64 = 900.0;
/// A Multi-AZ failover: DNS moves to the standby in 60–120 seconds.
pub const FAILOVER_SECONDS: (f64, f64) = (60.0, 120.0);
/// A single-AZ reboot after a fault: the engine restarts and runs crash recovery on the
/// same host, several minutes without a database.
pub const SINGLE_AZ_RECOVERY_SECONDS: (f64, f64) = (420.0, 720.0);

/// An RDS DB instance (marker and model component; the view draws it).
#[derive(Component, Clone, Debug)]
pub struct DbInstance {
    pub identifier: String,
    pub class: String,
    pub engine: String,
    pub multi_az: bool,
    pub available_at: f64,
    /// The database answers nothing until then (reboot, failover, class change).
    pub outage_until: f64,
    /// `rebooting`, `modifying`, … shown while `outage_until` or a pending change runs.
    pub activity: &'static str,
    /// A class change or Multi-AZ conversion under way, landing at the given time.
    pub pending: Option<PendingDbChange>,
    /// A change made without `--apply-immediately`, waiting for the maintenance window
    /// (`at`: when it next opens; never without a window).
    pub deferred: Option<PendingDbChange>,
    /// `PreferredMaintenanceWindow`, when the instance has one.
    pub maintenance_window: Option<MaintenanceWindow>,
    /// Fluid backlog of queries waiting beyond the M/M/c queue.
    pub backlog: f64,
    /// Last tick's view, for metrics and the view.
    pub load: DbLoad,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PendingDbChange {
    pub at: f64,
    pub class: Option<String>,
    pub multi_az: Option<bool>,
}

/// What the database did in the last tick.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DbLoad {
    pub cpu: f64,
    pub connections: f64,
    /// Mean seconds a query spends in the database (queueing + service).
    pub latency: f64,
    /// Fraction of the tick's database requests refused.
    pub refused: f64,
}

impl DbInstance {
    /// The `DBInstanceStatus` AWS shows.
    pub fn status(&self, now: f64) -> &'static str {
        if now < self.available_at {
            "creating"
        } else if now < self.outage_until {
            self.activity
        } else if self.pending.is_some() {
            "modifying"
        } else {
            "available"
        }
    }

    /// Starts a change at once (`--apply-immediately`, or the maintenance window opening),
    /// together with any change still waiting for the window, as RDS applies them: turning
    /// Multi-AZ off is immediate; a class change lands after `DB_MODIFY_SECONDS`, a Multi-AZ
    /// conversion after `DB_MULTI_AZ_SECONDS`.
    pub fn begin_change(&mut self, now: f64, class: Option<String>, multi_az: Option<bool>) {
        let waiting = self.deferred.take();
        let class = class.or_else(|| waiting.as_ref().and_then(|w| w.class.clone()));
        let multi_az = multi_az.or_else(|| waiting.as_ref().and_then(|w| w.multi_az));
        let delay = if class.is_some() {
            DB_MODIFY_SECONDS
        } else {
            DB_MULTI_AZ_SECONDS
        };
        if multi_az == Some(false) {
            self.multi_az = false;
        }
        let multi_az = multi_az.filter(|m| *m);
        if class.is_none() && multi_az.is_none() {
            return;
        }
        self.pending = Some(PendingDbChange {
            at: now + delay,
            class,
            multi_az,
        });
    }

    /// Keeps a change for the maintenance window (`opens`: when it next opens, or never),
    /// on top of what already waits there.
    pub fn defer_change(&mut self, opens: f64, class: Option<String>, multi_az: Option<bool>) {
        let waiting = self.deferred.take();
        self.deferred = Some(PendingDbChange {
            at: opens,
            class: class.or_else(|| waiting.as_ref().and_then(|w| w.class.clone())),
            multi_az: multi_az.or_else(|| waiting.as_ref().and_then(|w| w.multi_az)),
        });
    }

    /// Applies a pending change whose time has come: a class change restarts the engine
    /// (a failover on Multi-AZ, a reboot on single-AZ). A change waiting for the maintenance
    /// window starts when the window opens and the instance is available.
    pub fn settle(&mut self, now: f64, outage_draw: f64) {
        let window_open = self.deferred.as_ref().is_some_and(|d| now >= d.at);
        if window_open && self.pending.is_none() && now >= self.outage_until {
            self.begin_change(now, None, None);
        }
        let Some(p) = self.pending.take_if(|p| now >= p.at) else {
            return;
        };
        if let Some(m) = p.multi_az {
            self.multi_az = m;
        }
        if let Some(c) = p.class {
            self.class = c;
            self.begin_outage(now, outage_draw, "modifying");
        }
    }

    /// Starts an outage: a failover when Multi-AZ, a reboot on the same host otherwise.
    /// `draw` in 0..1 picks the length within AWS's range.
    pub fn begin_outage(&mut self, now: f64, draw: f64, activity: &'static str) {
        let (lo, hi) = if self.multi_az {
            FAILOVER_SECONDS
        } else {
            SINGLE_AZ_RECOVERY_SECONDS
        };
        self.outage_until = self.outage_until.max(now + lo + (hi - lo) * draw);
        self.activity = activity;
        self.backlog = 0.0;
    }

    /// The hourly list price (Multi-AZ doubles it).
    pub fn usd_per_hour(&self) -> f64 {
        let single = db_class(&self.class).map(|c| c.2).unwrap_or(0.0);
        if self.multi_az { 2.0 * single } else { single }
    }
}

/// The database's answer for one tick, given the offered query rate and mean query time.
/// `app_processes` pooled connections are always open.
pub fn db_tick(
    db: &mut DbInstance,
    now: f64,
    dt: f64,
    rate: f64,
    query_seconds: f64,
    app_processes: f64,
) -> DbLoad {
    let (vcpus, max_conn, _) = db_class(&db.class).unwrap_or((2, 112, 0.0));
    if now < db.available_at || now < db.outage_until {
        db.backlog = 0.0;
        db.load = DbLoad {
            cpu: 0.0,
            connections: 0.0,
            latency: 0.0,
            refused: if rate > 0.0 { 1.0 } else { 0.0 },
        };
        return db.load;
    }
    let q = query_seconds.max(1e-6);
    let mu = 1.0 / q;
    let capacity = vcpus as f64 * mu;
    let free = (max_conn as f64 - app_processes).max(0.0);
    // Queries in flight if nothing were refused: in service + waiting + backlog.
    let busy = (rate / mu).min(vcpus as f64);
    let law = MmcLaw::new(vcpus, rate, mu);
    let waiting_mmc = law.as_ref().map(|l| l.mean_wait() * rate).unwrap_or(0.0);
    let backlog = (db.backlog + (rate - capacity) * dt).max(0.0);
    let in_flight = busy + waiting_mmc + backlog;
    let refused = if in_flight > free && in_flight > 0.0 {
        ((in_flight - free) / in_flight).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Refused connections never queue: the backlog is what the open connections hold.
    db.backlog = backlog.min((free - busy).max(0.0));
    let wait = law.map(|l| l.mean_wait()).unwrap_or(0.0) + db.backlog / capacity.max(1e-9);
    db.load = DbLoad {
        cpu: 100.0 * busy / vcpus as f64,
        connections: app_processes.min(max_conn as f64) + in_flight.min(free),
        latency: wait + q,
        refused,
    };
    db.load
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(class: &str) -> DbInstance {
        DbInstance {
            identifier: "shop-db".into(),
            class: class.into(),
            engine: "postgres".into(),
            multi_az: false,
            available_at: 0.0,
            outage_until: 0.0,
            activity: "available",
            pending: None,
            deferred: None,
            maintenance_window: None,
            backlog: 0.0,
            load: DbLoad::default(),
        }
    }

    #[test]
    fn max_connections_follow_the_postgres_formula() {
        assert_eq!(db_class("db.t3.micro").unwrap().1, 112);
        assert_eq!(db_class("db.t3.medium").unwrap().1, 450);
        assert_eq!(db_class("db.r6g.xlarge").unwrap().1, 3604);
        assert!(db_class("db.x9.huge").is_none());
    }

    #[test]
    fn a_small_database_runs_out_of_connections_under_a_checkout_peak() {
        // 600 checkouts/s at 4 ms of database time each: 2.4 vCPUs of work on 2 vCPUs.
        let mut small = db("db.t3.micro");
        let mut refused = 0.0;
        for t in 0..60 {
            refused = db_tick(&mut small, t as f64, 1.0, 600.0, 0.004, 20.0).refused;
        }
        assert!(refused > 0.1, "refused {refused}");
        let mut big = db("db.r6g.xlarge");
        for t in 0..60 {
            refused = db_tick(&mut big, t as f64, 1.0, 600.0, 0.004, 20.0).refused;
        }
        assert_eq!(refused, 0.0);
        assert!(
            big.load.cpu > 50.0 && big.load.cpu < 70.0,
            "{}",
            big.load.cpu
        );
    }

    #[test]
    fn multi_az_fails_over_in_about_two_minutes_single_az_takes_far_longer() {
        let mut multi = db("db.t3.medium");
        multi.multi_az = true;
        multi.begin_outage(100.0, 0.5, "rebooting");
        assert_eq!(multi.outage_until, 190.0);
        let mut single = db("db.t3.medium");
        single.begin_outage(100.0, 0.5, "rebooting");
        assert!(single.outage_until - 100.0 > 400.0);
        assert_eq!(single.status(150.0), "rebooting");
        assert_eq!(
            db_tick(&mut single, 150.0, 1.0, 10.0, 0.004, 4.0).refused,
            1.0
        );
    }
}
