//! The data tier in the request path, once per tick: Lambda functions that serve whole
//! request classes, the SQS queue's consumers, and the RDS database that the requests which
//! touch it wait for (or are refused by). The traffic model calls these in order; the
//! services' own models live in `lambda.rs`, `sqs.rs` and `rds.rs`.

use super::flow::{DataTierTick, FailReason, FlowRecord, LB_HOP_SECONDS, Outcomes, TickFlow};
use super::histogram::LatencyHistogram;
use super::lambda::{Function, LambdaTick, lambda_tick};
use super::metrics::Metrics;
use super::model::Instance;
use super::random::SimRng;
use super::rds::{DbInstance, db_tick};
use super::sqs::{DRAIN_RATE_WITHOUT_DB, DRAIN_TARGET_UTILISATION, Queue};
use super::world::{all, find};
use crate::data::catalog::db_class;
use crate::scenario::{RequestClass, Scenario};
use bevy::prelude::*;

/// The data-tier resources that exist this tick.
pub struct DataTier {
    /// The account's first queue (the app sends its writes there).
    pub queue: Option<Entity>,
    /// The app's database (the account's first DB instance).
    pub db: Option<Entity>,
    /// Per request class: the active function serving it.
    pub functions: Vec<Option<Entity>>,
    account_limit: f64,
}

/// What one function did for one class this tick.
pub struct LambdaRun {
    pub class: usize,
    pub function: Entity,
    pub arrived: u64,
    pub tick: LambdaTick,
}

/// What the database did this tick.
#[derive(Clone, Copy, Debug, Default)]
pub struct DbOutcome {
    pub present: bool,
    /// Fraction of database requests refused.
    pub refused: f64,
    /// Seconds a query spends in the database.
    pub latency: f64,
    /// Messages the queue's consumers applied.
    pub drained: f64,
}

impl DbOutcome {
    /// `(refused fraction, added seconds)` for a request of `class`, if it waits for the
    /// database.
    pub fn effect(&self, class: &RequestClass) -> Option<(f64, f64)> {
        (self.present && class.touches_db && class.db_ms > 0.0)
            .then_some((self.refused, self.latency))
    }
}

impl DataTier {
    pub fn prepare(world: &mut World, scenario: &Scenario, now: f64) -> Self {
        let queue = all::<Queue>(world).into_iter().next();
        let dbs = all::<DbInstance>(world);
        // the app uses the first database (settled as it serves); the others still finish
        // their changes and open their maintenance windows
        for &e in dbs.iter().skip(1) {
            let mut d = world.get_mut::<DbInstance>(e).unwrap();
            let draw = super::rds::outage_draw(&d.identifier, now);
            d.settle(now, draw);
        }
        let db = dbs.first().copied();
        let functions = scenario
            .traffic
            .classes
            .iter()
            .map(|c| {
                let name = c.lambda_function.as_deref()?;
                find::<Function>(world, name)
                    .filter(|&e| world.get::<Function>(e).unwrap().state(now) == "Active")
            })
            .collect();
        Self {
            queue,
            db,
            functions,
            account_limit: scenario.account.lambda_concurrent_executions as f64,
        }
    }

    /// True when the app enqueues this class instead of writing it.
    pub fn queued(&self, class: &RequestClass) -> bool {
        self.queue.is_some() && class.write
    }

    /// Invokes the functions for the requests of their classes that reached the load
    /// balancer; those requests leave `reaching`.
    pub fn run_lambdas(
        &self,
        world: &mut World,
        now: f64,
        dt: f64,
        classes: &[RequestClass],
        reaching: &mut [u64],
    ) -> Vec<LambdaRun> {
        let mut runs = Vec::new();
        let reserved_total: f64 = all::<Function>(world)
            .into_iter()
            .filter_map(|e| world.get::<Function>(e).unwrap().reserved)
            .map(f64::from)
            .sum();
        for (c, f) in self.functions.iter().enumerate() {
            let Some(e) = *f else {
                continue;
            };
            let n = std::mem::take(&mut reaching[c]);
            let mut fun = world.get_mut::<Function>(e).unwrap();
            let limit = match fun.reserved {
                Some(r) => r as f64,
                None => self.account_limit - reserved_total,
            };
            let tick = lambda_tick(
                &mut fun,
                now,
                dt,
                n as f64 / dt,
                classes[c].service_ms / 1000.0,
                limit,
            );
            runs.push(LambdaRun {
                class: c,
                function: e,
                arrived: n,
                tick,
            });
        }
        runs
    }

    /// Feeds the database this tick's queries (direct ones, Lambda's, and the queue's
    /// consumers' share of its spare capacity) and returns its answer.
    #[allow(clippy::too_many_arguments)]
    pub fn run_database(
        &self,
        world: &mut World,
        now: f64,
        dt: f64,
        classes: &[RequestClass],
        reaching: &[u64],
        lambda_runs: &[LambdaRun],
        targets: &[(Entity, u16)],
    ) -> DbOutcome {
        // queries per second and vCPU-seconds of work per second, straight from requests
        let (mut rate, mut work) = (0.0, 0.0);
        for (c, cl) in classes.iter().enumerate() {
            if !(cl.touches_db && cl.db_ms > 0.0) || self.queued(cl) {
                continue;
            }
            let lambda: f64 = lambda_runs
                .iter()
                .filter(|r| r.class == c)
                .map(|r| r.tick.invocations)
                .sum();
            let r = (reaching[c] as f64 + lambda) / dt;
            rate += r;
            work += r * cl.db_ms / 1000.0;
        }
        let write_query: f64 = {
            let w: Vec<f64> = classes
                .iter()
                .filter(|c| self.queued(c) && c.touches_db)
                .map(|c| c.db_ms / 1000.0)
                .collect();
            if w.is_empty() {
                0.0
            } else {
                w.iter().sum::<f64>() / w.len() as f64
            }
        };
        let visible = self
            .queue
            .and_then(|q| world.get::<Queue>(q))
            .map(|q| q.visible())
            .unwrap_or(0.0);
        let Some(db_e) = self.db else {
            let drained = self.drain(world, now, visible.min(DRAIN_RATE_WITHOUT_DB * dt));
            return DbOutcome {
                drained,
                ..Default::default()
            };
        };
        let (vcpus, _, _) = {
            let db = world.get::<DbInstance>(db_e).unwrap();
            db_class(&db.class).unwrap_or((2, 112, 0.0))
        };
        let serving = {
            let db = world.get::<DbInstance>(db_e).unwrap();
            now >= db.available_at && now >= db.outage_until
        };
        // consumers take what keeps the database under its target utilisation
        let to_drain = if !serving || write_query <= 0.0 {
            if write_query <= 0.0 { visible } else { 0.0 }
        } else {
            let spare = (DRAIN_TARGET_UTILISATION * vcpus as f64 - work).max(0.0);
            visible.min(spare / write_query * dt)
        };
        let drained = self.drain(world, now, to_drain);
        if write_query > 0.0 {
            rate += drained / dt;
            work += drained / dt * write_query;
        }
        let processes: f64 = {
            let mut seen: Vec<Entity> = targets.iter().map(|t| t.0).collect();
            seen.sort();
            seen.dedup();
            seen.iter()
                .filter_map(|&e| {
                    world.get::<Instance>(e).map(|i| {
                        super::ecs::workers(i.boot.workers, world.get::<super::ecs::EcsTasks>(e))
                            as f64
                    })
                })
                .sum()
        };
        let query = if rate > 0.0 { work / rate } else { 0.001 };
        let mut db = world.get_mut::<DbInstance>(db_e).unwrap();
        let draw = super::rds::outage_draw(&db.identifier, now);
        db.settle(now, draw);
        let load = db_tick(&mut db, now, dt, rate, query, processes);
        DbOutcome {
            present: true,
            refused: load.refused,
            latency: load.latency,
            drained,
        }
    }

    fn drain(&self, world: &mut World, now: f64, n: f64) -> f64 {
        match self.queue.and_then(|q| world.get_mut::<Queue>(q)) {
            Some(mut q) => q.drain(now, n),
            None => 0.0,
        }
    }

    /// Sends the acknowledged writes to the queue and records the tick's data-tier metrics.
    pub fn finish(
        &self,
        world: &mut World,
        now: f64,
        enqueued: f64,
        runs: &[LambdaRun],
        db: DbOutcome,
    ) {
        let mut t = DataTierTick::default();
        if let Some(mut q) = self.queue.and_then(|q| world.get_mut::<Queue>(q)) {
            q.send(now, enqueued);
            t.queue = Some((q.visible(), q.oldest_age(now), q.sent_last_tick));
            q.sent_last_tick = 0.0;
            q.deleted_last_tick = 0.0;
        }
        if let Some(d) = self.db.and_then(|e| world.get::<DbInstance>(e)) {
            t.db = Some((
                d.load.cpu,
                d.load.connections,
                if db.present { d.load.latency } else { 0.0 },
            ));
        }
        for e in all::<Function>(world) {
            let f = world.get::<Function>(e).unwrap();
            let ran = runs.iter().any(|r| r.function == e);
            if !ran {
                continue;
            }
            t.lambda_invocations += f.last.invocations;
            t.lambda_throttles += f.last.throttled;
            t.lambda_concurrency += f.last.concurrency;
            t.lambda_duration_weighted += f.last.invocations
                * (f.last.duration
                    + f.last.init * f.last.cold_starts / f.last.invocations.max(1.0));
            t.lambda_cold_starts += f.last.cold_starts;
            t.lambda_gb_seconds +=
                f.last.invocations * f.last.duration * f.memory_mb as f64 / 1024.0;
        }
        t.lambda_present = !runs.is_empty();
        world.resource_mut::<Metrics>().record_data(&t);
        world.insert_resource(t);
    }
}

/// Answers the requests a function ran: throttles fail, the database may refuse, the rest
/// succeed after the function's duration (plus an init on a new environment).
#[allow(clippy::too_many_arguments)]
pub(crate) fn serve_lambda(
    run: &LambdaRun,
    class: &RequestClass,
    scenario: &Scenario,
    db: DbOutcome,
    lb: Option<Entity>,
    rng: &mut SimRng,
    out: &mut Outcomes,
    flow: &mut TickFlow,
) {
    let c = run.class;
    let t = &run.tick;
    let wanted = t.invocations + t.throttled;
    let p_throttle = if wanted > 0.0 {
        t.throttled / wanted
    } else {
        0.0
    };
    let throttled = rng.binomial(run.arrived, p_throttle);
    out.fail(c, FailReason::Throttled, throttled, lb, vec![], flow);
    let n = run.arrived - throttled;
    let (refused_p, db_latency) = db.effect(class).unwrap_or((0.0, 0.0));
    let refused = rng.binomial(n, refused_p);
    out.fail(
        c,
        FailReason::DatabaseUnavailable,
        refused,
        lb,
        vec![],
        flow,
    );
    let ok = n - refused;
    if ok == 0 {
        return;
    }
    let cold_fraction = (t.cold_starts / t.invocations.max(1e-9)).clamp(0.0, 1.0);
    let shift = LB_HOP_SECONDS + db_latency;
    let d = t.duration.max(1e-6);
    let below = |limit: f64, extra: f64| {
        let x = limit - shift - extra;
        if x <= 0.0 {
            0.0
        } else {
            1.0 - libm::exp(-x / d)
        }
    };
    let p_within = |limit: f64| {
        (1.0 - cold_fraction) * below(limit, 0.0) + cold_fraction * below(limit, t.init)
    };
    let p_fast = p_within(scenario.scoring.fast_ms / 1000.0);
    let p_acc = p_within(scenario.scoring.acceptable_ms / 1000.0);
    let fast = rng.binomial(ok, p_fast);
    let acceptable = rng.binomial(
        ok - fast,
        ((p_acc - p_fast) / (1.0 - p_fast).max(1e-12)).clamp(0.0, 1.0),
    );
    let slow = ok - fast - acceptable;
    let k = ok.min(8);
    let weight = ok as f64 / k as f64;
    let mut hist = LatencyHistogram::default();
    let mut median = 0.0;
    for s in 0..k {
        let cold = rng.chance(cold_fraction);
        let v = shift + rng.exp(d) + if cold { t.init } else { 0.0 };
        hist.record(v, weight);
        if s == k / 2 {
            median = v;
        }
    }
    out.hist.merge(&hist);
    out.ok(c, ok, [fast, acceptable, slow]);
    flow.records.push(FlowRecord {
        class: c,
        load_balancer: lb,
        instances: vec![],
        ok,
        failed: 0,
        reason: None,
        latency: median,
    });
}
