//! AWS Lambda: a function that serves a request class (the scenario's `lambda_function`)
//! in place of the instances once it exists — the load balancer forwards that path to the
//! function's target group.
//!
//! The model follows Lambda's documented behaviour:
//! * Concurrency needed = invocations per second × duration (Little's law).
//! * Scaling rate (the rule since November 2023): each function can add 1,000 execution
//!   environments every 10 seconds — a token bucket of 1,000 refilled at 100 per second.
//! * The account's concurrency quota (1,000 by default; `account.lambda_concurrent_executions`
//!   in the scenario) is shared by all functions; reserved concurrency
//!   (`PutFunctionConcurrency`) is carved out of it and also caps the function, and at least
//!   100 must stay unreserved.
//! * Invocations past the limit are throttled (`TooManyRequestsException`, HTTP 429 → the
//!   load balancer answers 5xx).
//! * A new execution environment pays an init (cold start) once; environments stay warm for a
//!   while after use; provisioned concurrency keeps that many initialised all the time.
//! * Duration scales with memory: a function gets one vCPU's worth of CPU at 1,769 MB, and
//!   proportionally less below.

use bevy::prelude::*;

/// Concurrency that must stay unreserved in the account.
pub const MIN_UNRESERVED: u32 = 100;
/// Environments a function may add per 10 seconds, and the bucket size.
pub const SCALE_STEP: f64 = 1000.0;
pub const SCALE_STEP_SECONDS: f64 = 10.0;
/// Memory at which a function has one full vCPU.
pub const FULL_VCPU_MB: f64 = 1769.0;
/// Seconds an idle environment stays warm (half-life of the warm pool).
pub const WARM_HALF_LIFE_SECONDS: f64 = 300.0;
/// Seconds a new function is `Pending`.
pub const CREATE_SECONDS: f64 = 5.0;
/// Seconds provisioned concurrency takes to become `READY`.
pub const PROVISION_SECONDS: f64 = 180.0;
/// $0.20 per million requests.
pub const USD_PER_REQUEST: f64 = 0.20 / 1_000_000.0;
/// x86 duration price per GB-second.
pub const USD_PER_GB_SECOND: f64 = 0.000_016_666_7;
/// Provisioned concurrency price per GB-second allocated.
pub const USD_PER_PROVISIONED_GB_SECOND: f64 = 0.000_004_166_7;

/// Runtimes GameDay accepts, with a typical init duration (cold start) in seconds.
pub const RUNTIMES: &[(&str, f64)] = &[
    ("python3.12", 0.25),
    ("python3.13", 0.25),
    ("nodejs20.x", 0.22),
    ("nodejs22.x", 0.22),
    ("java21", 1.2),
    ("provided.al2023", 0.08),
];

pub fn init_seconds(runtime: &str) -> Option<f64> {
    RUNTIMES.iter().find(|r| r.0 == runtime).map(|r| r.1)
}

/// A Lambda function (marker and model component; the view draws it).
#[derive(Component, Clone, Debug)]
pub struct Function {
    pub name: String,
    pub arn: String,
    pub runtime: String,
    pub memory_mb: u32,
    pub timeout_seconds: u32,
    /// `Role` (the execution role's ARN) and `Handler`, as created; empty for a function
    /// the scenario ships without them.
    pub role: String,
    pub handler: String,
    pub active_at: f64,
    pub reserved: Option<u32>,
    /// Provisioned concurrency requested, and when it is ready.
    pub provisioned: u32,
    pub provisioned_ready_at: f64,
    /// Scaling tokens (new environments allowed now).
    pub tokens: f64,
    /// Initialised environments (warm).
    pub warm: f64,
    /// Last tick's view, for metrics and the view.
    pub last: LambdaTick,
}

/// What a function did in one tick.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LambdaTick {
    pub invocations: f64,
    pub throttled: f64,
    pub concurrency: f64,
    pub cold_starts: f64,
    /// Seconds of one warm invocation.
    pub duration: f64,
    pub init: f64,
}

impl Function {
    pub fn new(name: &str, arn: String, runtime: &str, memory_mb: u32, now: f64) -> Self {
        Self {
            name: name.to_string(),
            arn,
            runtime: runtime.to_string(),
            memory_mb,
            timeout_seconds: 3,
            role: String::new(),
            handler: String::new(),
            active_at: now + CREATE_SECONDS,
            reserved: None,
            provisioned: 0,
            provisioned_ready_at: 0.0,
            tokens: SCALE_STEP,
            warm: 0.0,
            last: LambdaTick::default(),
        }
    }

    /// `State`: `Pending` then `Active`.
    pub fn state(&self, now: f64) -> &'static str {
        if now < self.active_at {
            "Pending"
        } else {
            "Active"
        }
    }

    /// Provisioned environments ready now.
    pub fn provisioned_ready(&self, now: f64) -> f64 {
        if now >= self.provisioned_ready_at {
            self.provisioned as f64
        } else {
            0.0
        }
    }

    /// Seconds one invocation runs for work of `service_seconds` on one full vCPU.
    pub fn duration(&self, service_seconds: f64) -> f64 {
        service_seconds * (FULL_VCPU_MB / self.memory_mb.max(128) as f64).max(1.0)
    }

    /// Dollars per hour while provisioned concurrency is allocated.
    pub fn provisioned_usd_per_hour(&self) -> f64 {
        self.provisioned as f64 * self.memory_mb as f64 / 1024.0
            * USD_PER_PROVISIONED_GB_SECOND
            * 3600.0
    }
}

/// One tick of a function fed `rate` invocations per second of `service_seconds` work each,
/// with `limit` concurrency available to it (reserved, or the unreserved account pool).
pub fn lambda_tick(
    f: &mut Function,
    now: f64,
    dt: f64,
    rate: f64,
    service_seconds: f64,
    limit: f64,
) -> LambdaTick {
    let duration = f.duration(service_seconds);
    let init = init_seconds(&f.runtime).unwrap_or(0.25);
    f.tokens = (f.tokens + SCALE_STEP / SCALE_STEP_SECONDS * dt).min(SCALE_STEP);
    let provisioned = f.provisioned_ready(now);
    let warm_before = f.warm.max(provisioned);
    let needed = rate * duration;
    // the environments this function may have this tick
    let reachable = (warm_before + f.tokens).min(limit.max(0.0));
    let concurrency = needed.min(reachable);
    let new_envs = (concurrency - warm_before).max(0.0);
    f.tokens -= new_envs;
    let throttled_fraction = if needed > 0.0 {
        1.0 - concurrency / needed
    } else {
        0.0
    };
    let invocations = rate * dt * (1.0 - throttled_fraction);
    // warm pool: what ran stays warm, idle environments are reclaimed over time
    let decay = libm::exp(-dt * std::f64::consts::LN_2 / WARM_HALF_LIFE_SECONDS);
    f.warm = concurrency.max(warm_before * decay).max(provisioned);
    f.last = LambdaTick {
        invocations,
        throttled: rate * dt * throttled_fraction,
        concurrency,
        cold_starts: new_envs.min(invocations),
        duration,
        init,
    };
    f.last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f() -> Function {
        Function::new("fan-signup", "arn".into(), "python3.12", 1769, -100.0)
    }

    #[test]
    fn throttles_past_its_reserved_concurrency() {
        let mut fun = f();
        // 2,000 invocations/s of 0.1 s = 200 concurrent; reserved 50
        let mut t = LambdaTick::default();
        for s in 0..30 {
            t = lambda_tick(&mut fun, s as f64, 1.0, 2000.0, 0.1, 50.0);
        }
        assert!((t.concurrency - 50.0).abs() < 1e-9);
        assert!((t.throttled / (t.throttled + t.invocations) - 0.75).abs() < 1e-9);
    }

    #[test]
    fn bursts_by_a_thousand_environments_per_ten_seconds() {
        let mut fun = f();
        // 30,000 concurrent wanted, account has 10,000
        let first = lambda_tick(&mut fun, 0.0, 1.0, 30_000.0, 1.0, 10_000.0);
        assert!((first.concurrency - 1000.0).abs() < 1e-6);
        let mut t = first;
        for s in 1..11 {
            t = lambda_tick(&mut fun, s as f64, 1.0, 30_000.0, 1.0, 10_000.0);
        }
        assert!((t.concurrency - 2000.0).abs() < 1e-6, "{}", t.concurrency);
    }

    #[test]
    fn cold_starts_only_without_provisioned_concurrency() {
        let mut cold = f();
        let t = lambda_tick(&mut cold, 0.0, 1.0, 500.0, 0.1, 1000.0);
        assert!(t.cold_starts > 40.0);
        let mut warm = f();
        warm.provisioned = 60;
        warm.provisioned_ready_at = -1.0;
        let t = lambda_tick(&mut warm, 0.0, 1.0, 500.0, 0.1, 1000.0);
        assert_eq!(t.cold_starts, 0.0);
    }

    #[test]
    fn less_memory_means_slower_invocations() {
        let mut small = f();
        small.memory_mb = 128;
        assert!((small.duration(0.01) - 0.01 * 1769.0 / 128.0).abs() < 1e-12);
        assert_eq!(f().duration(0.01), 0.01);
    }
}
