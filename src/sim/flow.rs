//! What one tick of traffic produced, shared by the traffic model, the data tier, metrics
//! and score: why requests fail, the tick's outcome counters, the flow records the view
//! samples particles from, and the data tier's per-tick figures.

use super::histogram::LatencyHistogram;
use crate::scenario::RequestClass;
use bevy::prelude::*;

/// Why a request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FailReason {
    /// DNS has no usable record, or the load balancer's subnet has no route to the internet.
    NoRoute,
    /// DNS points at a load balancer that does not exist (or is still provisioning).
    LoadBalancerMissing,
    /// The load balancer has no listener on port 80.
    NoListener,
    /// A security group drops the traffic (at the load balancer or at the target).
    SecurityGroupBlocked,
    /// No registered (or no healthy, for a Classic LB) target: HTTP 503.
    NoHealthyTargets,
    /// Classic LB surge queue full: the request spilled over, HTTP 503.
    SurgeQueueFull,
    /// The target refused the connection (app not running, wrong port, listen queue full): 502.
    TargetConnectionError,
    /// The target did not answer within the idle timeout: 504.
    TargetTimeout,
    /// The app answered 500 (for example, a wrong database host in its config).
    AppError,
    /// The database refused the connection (`too many clients`) or was failing over or
    /// rebooting: the app answered 500.
    DatabaseUnavailable,
    /// Lambda throttled the invocation (`TooManyRequestsException`): the load balancer
    /// answered 5xx.
    Throttled,
}

/// How many failure reasons there are.
pub const FAIL_REASON_COUNT: usize = 11;

pub const FAIL_REASONS: [FailReason; FAIL_REASON_COUNT] = [
    FailReason::NoRoute,
    FailReason::LoadBalancerMissing,
    FailReason::NoListener,
    FailReason::SecurityGroupBlocked,
    FailReason::NoHealthyTargets,
    FailReason::SurgeQueueFull,
    FailReason::TargetConnectionError,
    FailReason::TargetTimeout,
    FailReason::AppError,
    FailReason::DatabaseUnavailable,
    FailReason::Throttled,
];

impl FailReason {
    pub fn name(self) -> &'static str {
        match self {
            FailReason::NoRoute => "NoRoute",
            FailReason::LoadBalancerMissing => "LoadBalancerMissing",
            FailReason::NoListener => "NoListener",
            FailReason::SecurityGroupBlocked => "SecurityGroupBlocked",
            FailReason::NoHealthyTargets => "NoHealthyTargets",
            FailReason::SurgeQueueFull => "SurgeQueueFull",
            FailReason::TargetConnectionError => "TargetConnectionError",
            FailReason::TargetTimeout => "TargetTimeout",
            FailReason::AppError => "AppError",
            FailReason::DatabaseUnavailable => "DatabaseUnavailable",
            FailReason::Throttled => "Throttled",
        }
    }

    pub fn index(self) -> usize {
        FAIL_REASONS.iter().position(|r| *r == self).unwrap()
    }

    /// Counted as `HTTPCode_ELB_5XX_Count` (the load balancer answered the error).
    pub fn is_elb_5xx(self) -> bool {
        matches!(
            self,
            FailReason::NoHealthyTargets
                | FailReason::SurgeQueueFull
                | FailReason::TargetConnectionError
                | FailReason::TargetTimeout
                | FailReason::SecurityGroupBlocked
                | FailReason::Throttled
        )
    }

    /// Counted as `HTTPCode_Target_5XX_Count` (the app answered the error).
    pub fn is_target_5xx(self) -> bool {
        matches!(self, FailReason::AppError | FailReason::DatabaseUnavailable)
    }
}

/// Seconds a load balancer hop adds.
pub const LB_HOP_SECONDS: f64 = 0.001;

/// What happened to traffic in the last tick, for the view's particles and the HUD.
#[derive(Resource, Default, Debug, Clone)]
pub struct TickFlow {
    pub rps: f64,
    pub arrived: u64,
    pub ok: u64,
    pub failed: u64,
    /// Successes that were fast, acceptable, slow.
    pub tiers: [u64; 3],
    pub records: Vec<FlowRecord>,
    /// Of `tiers`, the successes of bot classes (they earn nothing).
    pub bot_tiers: [u64; 3],
    /// Of `failed`, the failures of bot classes (they cost nothing).
    pub bot_failed: u64,
}

/// One stream of requests in a tick: where it went and how it ended.
#[derive(Clone, Debug)]
pub struct FlowRecord {
    pub class: usize,
    pub load_balancer: Option<Entity>,
    /// The targets that shared this stream (empty if it failed before reaching one).
    pub instances: Vec<Entity>,
    pub ok: u64,
    pub failed: u64,
    pub reason: Option<FailReason>,
    /// Median latency of the successes, seconds.
    pub latency: f64,
}

/// Outcome counters for one tick, folded into the metrics at the end.
pub struct Outcomes {
    pub bots: Vec<bool>,
    pub bot_tiers: [u64; 3],
    pub bot_failed: u64,
    pub arrived: Vec<u64>,
    pub ok_by_class: Vec<u64>,
    pub failed: [u64; FAIL_REASON_COUNT],
    pub tiers: [u64; 3],
    pub hist: LatencyHistogram,
    pub ok_total: u64,
    pub failed_total: u64,
}

impl Outcomes {
    pub fn new(classes: &[RequestClass]) -> Self {
        Self {
            bots: classes.iter().map(|c| c.bot).collect(),
            bot_tiers: [0; 3],
            bot_failed: 0,
            arrived: vec![0; classes.len()],
            ok_by_class: vec![0; classes.len()],
            failed: [0; FAIL_REASON_COUNT],
            tiers: [0; 3],
            hist: LatencyHistogram::default(),
            ok_total: 0,
            failed_total: 0,
        }
    }

    pub fn fail(
        &mut self,
        c: usize,
        reason: FailReason,
        n: u64,
        lb: Option<Entity>,
        instances: Vec<Entity>,
        flow: &mut TickFlow,
    ) {
        if n == 0 {
            return;
        }
        self.arrived[c] = self.arrived[c].saturating_add(n);
        if self.bots.get(c).copied().unwrap_or(false) {
            self.bot_failed = self.bot_failed.saturating_add(n);
        }
        self.failed[reason.index()] = self.failed[reason.index()].saturating_add(n);
        self.failed_total = self.failed_total.saturating_add(n);
        flow.records.push(FlowRecord {
            class: c,
            load_balancer: lb,
            instances,
            ok: 0,
            failed: n,
            reason: Some(reason),
            latency: 0.0,
        });
    }

    pub fn ok(&mut self, c: usize, n: u64, tiers: [u64; 3]) {
        self.arrived[c] = self.arrived[c].saturating_add(n);
        self.ok_by_class[c] = self.ok_by_class[c].saturating_add(n);
        self.ok_total = self.ok_total.saturating_add(n);
        for (t, v) in self.tiers.iter_mut().zip(tiers) {
            *t = t.saturating_add(v);
        }
        if self.bots.get(c).copied().unwrap_or(false) {
            for (t, v) in self.bot_tiers.iter_mut().zip(tiers) {
                *t = t.saturating_add(v);
            }
        }
    }
}

/// One tick of the data tier, as the traffic model saw it.
#[derive(Resource, Clone, Debug, Default)]
pub struct DataTierTick {
    /// (CPUUtilization %, DatabaseConnections, query latency seconds).
    pub db: Option<(f64, f64, f64)>,
    /// (ApproximateNumberOfMessagesVisible, ApproximateAgeOfOldestMessage s, messages sent).
    pub queue: Option<(f64, f64, f64)>,
    pub lambda_present: bool,
    pub lambda_invocations: f64,
    pub lambda_throttles: f64,
    pub lambda_concurrency: f64,
    /// Σ invocations × seconds (for the average `Duration`).
    pub lambda_duration_weighted: f64,
    pub lambda_cold_starts: f64,
    pub lambda_gb_seconds: f64,
}

/// Requests CloudFront saw this tick, and how many it answered from its caches.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct EdgeStats {
    pub requests: u64,
    pub hits: u64,
}
