//! CloudWatch-like metrics: per-tick counters folded into 1-minute datapoints (requests,
//! failures by reason, ELB/target 5xx, latency percentiles from histograms, hosts, CPU,
//! surge queue, cost, score), with a bounded history.

use super::clock::{SimClock, TICK_SECONDS};
use super::flow::{DataTierTick, FAIL_REASON_COUNT, FAIL_REASONS, FailReason, TickFlow};
use super::histogram::LatencyHistogram;
use super::model::*;
use super::score::Score;
use super::world::{all, with_query};
use bevy::prelude::*;
use std::collections::VecDeque;

/// Minutes of 1-minute datapoints kept (a whole day).
pub const HISTORY_MINUTES: usize = 1440;
/// Minutes of per-instance CPU history kept.
pub const CPU_HISTORY_MINUTES: usize = 360;

/// One closed minute.
#[derive(Clone, Debug, Default)]
pub struct Datapoint {
    pub minute: u32,
    pub requests: u64,
    pub ok: u64,
    pub failed: [u64; FAIL_REASON_COUNT],
    pub elb_5xx: u64,
    pub target_5xx: u64,
    /// p50, p90, p95, p99 in milliseconds (None in a minute without successes).
    pub latency_ms: [Option<f64>; 4],
    pub healthy_hosts: u32,
    pub unhealthy_hosts: u32,
    pub instances_running: u32,
    pub cpu_avg: f64,
    pub cpu_by_asg: Vec<(String, f64)>,
    pub surge_queue_max: f64,
    pub spillover: u64,
    pub cost_rate_usd_h: f64,
    pub cost_usd: f64,
    pub score: f64,
    pub points_per_minute: f64,
    /// RDS, SQS and Lambda metrics of the minute.
    pub data: DataTierMinute,
    /// What lay behind the minute's failures, as the simulation saw it at its close.
    pub causes: Vec<super::causes::Cause>,
}

/// One minute of the data tier's CloudWatch metrics, by AWS namespace and name. `None`
/// where the resource did not exist that minute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DataTierMinute {
    /// `AWS/RDS CPUUtilization` (average %).
    pub db_cpu: Option<f64>,
    /// `AWS/RDS DatabaseConnections` (maximum).
    pub db_connections: Option<f64>,
    /// `AWS/RDS ReadLatency` (average seconds per query).
    pub db_read_latency: Option<f64>,
    /// `AWS/SQS ApproximateNumberOfMessagesVisible` (at the end of the minute).
    pub queue_visible: Option<f64>,
    /// `AWS/SQS ApproximateAgeOfOldestMessage` (maximum seconds).
    pub queue_oldest_age: Option<f64>,
    /// `AWS/SQS NumberOfMessagesSent` (sum).
    pub queue_sent: Option<f64>,
    /// `AWS/Lambda Invocations` (sum).
    pub lambda_invocations: Option<f64>,
    /// `AWS/Lambda Throttles` (sum).
    pub lambda_throttles: Option<f64>,
    /// `AWS/Lambda ConcurrentExecutions` (maximum).
    pub lambda_concurrency: Option<f64>,
    /// `AWS/Lambda Duration` (average milliseconds, init included).
    pub lambda_duration_ms: Option<f64>,
    /// Cold starts (`InitDuration` reports, sum).
    pub lambda_cold_starts: Option<f64>,
}

impl DataTierMinute {
    /// The value of a data-tier metric by its CloudWatch namespace and name (`None` for any
    /// other metric, or a minute without that resource).
    pub fn value(&self, namespace: &str, metric: &str) -> Option<f64> {
        match (namespace, metric) {
            ("AWS/RDS", "CPUUtilization") => self.db_cpu,
            ("AWS/RDS", "DatabaseConnections") => self.db_connections,
            ("AWS/RDS", "ReadLatency") => self.db_read_latency,
            ("AWS/SQS", "ApproximateNumberOfMessagesVisible") => self.queue_visible,
            ("AWS/SQS", "ApproximateAgeOfOldestMessage") => self.queue_oldest_age,
            ("AWS/SQS", "NumberOfMessagesSent") => self.queue_sent,
            ("AWS/Lambda", "Invocations") => self.lambda_invocations,
            ("AWS/Lambda", "Throttles") => self.lambda_throttles,
            ("AWS/Lambda", "ConcurrentExecutions") => self.lambda_concurrency,
            ("AWS/Lambda", "Duration") => self.lambda_duration_ms,
            _ => None,
        }
    }
}

/// The data-tier metrics as CloudWatch names them: (namespace, metric, what it measures).
pub const DATA_TIER_METRICS: &[(&str, &str, &str)] = &[
    ("AWS/RDS", "CPUUtilization", "database CPU %"),
    (
        "AWS/RDS",
        "DatabaseConnections",
        "open database connections",
    ),
    ("AWS/RDS", "ReadLatency", "seconds per query"),
    (
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "messages waiting in the queue",
    ),
    (
        "AWS/SQS",
        "ApproximateAgeOfOldestMessage",
        "age of the oldest message, seconds",
    ),
    (
        "AWS/SQS",
        "NumberOfMessagesSent",
        "messages sent per minute",
    ),
    ("AWS/Lambda", "Invocations", "invocations per minute"),
    (
        "AWS/Lambda",
        "Throttles",
        "throttled invocations per minute",
    ),
    (
        "AWS/Lambda",
        "ConcurrentExecutions",
        "concurrent executions (max)",
    ),
    ("AWS/Lambda", "Duration", "milliseconds per invocation"),
];

/// Per-tick data-tier values folded over a minute.
#[derive(Clone, Debug, Default)]
pub struct DataTierAcc {
    ticks: u32,
    db_ticks: u32,
    db_cpu: f64,
    db_conn_max: f64,
    db_latency: f64,
    queue: Option<(f64, f64, f64)>,
    queue_age_max: f64,
    queue_sent: f64,
    lambda: bool,
    invocations: f64,
    throttles: f64,
    concurrency_max: f64,
    duration_weighted: f64,
    cold: f64,
}

impl DataTierAcc {
    fn add(&mut self, t: &DataTierTick) {
        self.ticks += 1;
        if let Some((cpu, conn, lat)) = t.db {
            self.db_ticks += 1;
            self.db_cpu += cpu;
            self.db_conn_max = self.db_conn_max.max(conn);
            self.db_latency += lat;
        }
        if let Some((visible, age, sent)) = t.queue {
            self.queue = Some((visible, age, sent));
            self.queue_age_max = self.queue_age_max.max(age);
            self.queue_sent += sent;
        }
        if t.lambda_present {
            self.lambda = true;
            self.invocations += t.lambda_invocations;
            self.throttles += t.lambda_throttles;
            self.concurrency_max = self.concurrency_max.max(t.lambda_concurrency);
            self.duration_weighted += t.lambda_duration_weighted;
            self.cold += t.lambda_cold_starts;
        }
    }

    fn close(&self) -> DataTierMinute {
        let db = self.db_ticks > 0;
        let n = self.db_ticks.max(1) as f64;
        DataTierMinute {
            db_cpu: db.then_some(self.db_cpu / n),
            db_connections: db.then_some(self.db_conn_max),
            db_read_latency: db.then_some(self.db_latency / n),
            queue_visible: self.queue.map(|q| q.0),
            queue_oldest_age: self.queue.map(|_| self.queue_age_max),
            queue_sent: self.queue.map(|_| self.queue_sent),
            lambda_invocations: self.lambda.then_some(self.invocations),
            lambda_throttles: self.lambda.then_some(self.throttles),
            lambda_concurrency: self.lambda.then_some(self.concurrency_max),
            lambda_duration_ms: (self.lambda && self.invocations > 0.0)
                .then(|| 1000.0 * self.duration_weighted / self.invocations),
            lambda_cold_starts: self.lambda.then_some(self.cold),
        }
    }
}

impl Datapoint {
    pub fn failed_total(&self) -> u64 {
        self.failed.iter().sum()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Accumulator {
    pub requests: u64,
    pub ok: u64,
    pub failed: [u64; FAIL_REASON_COUNT],
    pub tiers: [u64; 3],
    pub hist: LatencyHistogram,
    pub surge_max: f64,
}

impl Accumulator {
    fn add(
        &mut self,
        ok: u64,
        failed: &[u64; FAIL_REASON_COUNT],
        tiers: [u64; 3],
        hist: &LatencyHistogram,
    ) {
        // Checked as a whole: a tick that would overflow the total is not counted at all,
        // so ok + failed = requests always holds (a curve of 1e308 requests/s once made
        // `ok` wrap past `total`).
        let tick = failed
            .iter()
            .try_fold(ok, |sum, &f| sum.checked_add(f))
            .and_then(|t| self.requests.checked_add(t));
        let Some(requests) = tick else {
            return;
        };
        self.requests = requests;
        self.ok += ok;
        for (a, b) in self.failed.iter_mut().zip(failed) {
            *a += b;
        }
        for (a, b) in self.tiers.iter_mut().zip(tiers) {
            *a = a.saturating_add(b);
        }
        self.hist.merge(hist);
    }

    pub fn failed_total(&self) -> u64 {
        self.failed
            .iter()
            .fold(0u64, |sum, &f| sum.saturating_add(f))
    }

    pub fn percentiles_ms(&self) -> [Option<f64>; 4] {
        [0.5, 0.9, 0.95, 0.99].map(|q| self.hist.quantile(q).map(|s| s * 1000.0))
    }
}

#[derive(Resource, Debug)]
pub struct Metrics {
    pub minute: Accumulator,
    pub history: VecDeque<Datapoint>,
    /// The whole run.
    pub run: Accumulator,
    /// Per 30-minute summaries (bounded like the history).
    pub periods: VecDeque<(u32, Accumulator)>,
    pub period: Accumulator,
    score_at_minute_start: f64,
    /// The data tier's current minute.
    pub data: DataTierAcc,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            minute: Accumulator::default(),
            history: VecDeque::new(),
            run: Accumulator::default(),
            periods: VecDeque::new(),
            period: Accumulator::default(),
            score_at_minute_start: 0.0,
            data: DataTierAcc::default(),
        }
    }
}

impl Metrics {
    pub fn record_tick(
        &mut self,
        ok: u64,
        failed: &[u64; FAIL_REASON_COUNT],
        tiers: [u64; 3],
        hist: &LatencyHistogram,
    ) {
        self.minute.add(ok, failed, tiers, hist);
        self.run.add(ok, failed, tiers, hist);
        self.period.add(ok, failed, tiers, hist);
    }

    /// Folds one tick of the data tier into the minute.
    pub fn record_data(&mut self, t: &DataTierTick) {
        self.data.add(t);
    }

    pub fn last(&self) -> Option<&Datapoint> {
        self.history.back()
    }

    pub fn by_reason(&self) -> Vec<(FailReason, u64)> {
        FAIL_REASONS
            .iter()
            .map(|r| (*r, self.run.failed[r.index()]))
            .collect()
    }
}

/// Closes the minute when the tick ends on a minute boundary.
pub fn close_minute(world: &mut World) {
    let clock = world.resource::<SimClock>().clone();
    let end = clock.now + TICK_SECONDS;
    let surge = current_surge(world);
    world.resource_mut::<Metrics>().minute.surge_max =
        world.resource::<Metrics>().minute.surge_max.max(surge);
    if !(end as u64).is_multiple_of(60) {
        return;
    }
    let minute = (end / 60.0) as u32 - 1;
    // per-instance CPU and request counters
    let mut cpu_by_asg: Vec<(Entity, f64, u32)> = Vec::new();
    let mut cpu_sum = 0.0;
    let mut running = 0u32;
    let mut cpu_of: Vec<(Entity, f64)> = Vec::new();
    let instances = all::<Instance>(world);
    for e in instances {
        let asg = world.get::<Instance>(e).unwrap().asg;
        let is_running = world.get::<Instance>(e).unwrap().state == InstanceState::Running;
        let Some(mut l) = world.get_mut::<InstanceLoad>(e) else {
            continue;
        };
        let cpu = if l.cpu_minute_n > 0 {
            l.cpu_minute_sum / l.cpu_minute_n as f64
        } else {
            0.0
        };
        l.cpu_last_minute = cpu;
        l.cpu_minute_sum = 0.0;
        l.cpu_minute_n = 0;
        l.requests_last_minute = l.requests_minute;
        l.requests_minute = 0;
        l.cpu_history.push_back(cpu as f32);
        if l.cpu_history.len() > CPU_HISTORY_MINUTES {
            l.cpu_history.pop_front();
        }
        if is_running {
            running += 1;
            cpu_sum += cpu;
            cpu_of.push((e, cpu));
            if let Some(a) = asg {
                match cpu_by_asg.iter_mut().find(|(g, _, _)| *g == a) {
                    Some(slot) => {
                        slot.1 += cpu;
                        slot.2 += 1;
                    }
                    None => cpu_by_asg.push((a, cpu, 1)),
                }
            }
        }
    }
    let cpu_by_asg: Vec<(String, f64)> = cpu_by_asg
        .into_iter()
        .filter_map(|(g, sum, n)| {
            world
                .get::<AutoScalingGroup>(g)
                .map(|a| (a.name.clone(), sum / n as f64))
        })
        .collect();
    let (healthy, unhealthy) = host_counts(world);
    let causes = super::causes::principal_causes(world, &cpu_of);
    let score = world.resource::<Score>().clone();
    let mut m = world.resource_mut::<Metrics>();
    let acc = std::mem::take(&mut m.minute);
    let data = std::mem::take(&mut m.data).close();
    let points_per_minute = score.points - m.score_at_minute_start;
    m.score_at_minute_start = score.points;
    let dp = Datapoint {
        minute,
        requests: acc.requests,
        ok: acc.ok,
        failed: acc.failed,
        elb_5xx: FAIL_REASONS
            .iter()
            .filter(|r| r.is_elb_5xx())
            .map(|r| acc.failed[r.index()])
            .sum(),
        target_5xx: FAIL_REASONS
            .iter()
            .filter(|r| r.is_target_5xx())
            .map(|r| acc.failed[r.index()])
            .sum(),
        latency_ms: acc.percentiles_ms(),
        healthy_hosts: healthy,
        unhealthy_hosts: unhealthy,
        instances_running: running,
        cpu_avg: if running > 0 {
            cpu_sum / running as f64
        } else {
            0.0
        },
        cpu_by_asg,
        surge_queue_max: acc.surge_max,
        spillover: acc.failed[FailReason::SurgeQueueFull.index()],
        cost_rate_usd_h: score.cost_rate_usd_h,
        cost_usd: score.cost_usd,
        score: score.points,
        points_per_minute,
        data,
        causes,
    };
    m.history.push_back(dp);
    if m.history.len() > HISTORY_MINUTES {
        m.history.pop_front();
    }
    if (minute + 1).is_multiple_of(30) {
        let p = std::mem::take(&mut m.period);
        m.periods.push_back((minute + 1 - 30, p));
        if m.periods.len() > HISTORY_MINUTES / 30 {
            m.periods.pop_front();
        }
    }
}

fn current_surge(world: &mut World) -> f64 {
    with_query::<&LoadBalancer, (), _>(world, |world, q| {
        q.iter(world).map(|l| l.surge_queue).fold(0.0, f64::max)
    })
}

/// Healthy and unhealthy targets behind the load balancer customers reach.
pub fn host_counts(world: &mut World) -> (u32, u32) {
    let target = world.resource::<Dns>().target.clone();
    let Some(DnsTarget::Alias(name)) = target else {
        return (0, 0);
    };
    let lbs = all::<LoadBalancer>(world);
    let Some(lb) = lbs
        .into_iter()
        .find(|&e| world.get::<LoadBalancer>(e).unwrap().dns_name == name)
    else {
        return (0, 0);
    };
    let l = world.get::<LoadBalancer>(lb).unwrap();
    let targets: Vec<Target> = match l.kind {
        super::command::LbKind::Classic => l.classic_targets.clone(),
        super::command::LbKind::Application => l
            .listeners
            .iter()
            .filter_map(|x| x.target_group)
            .filter_map(|tg| world.get::<TargetGroup>(tg))
            .flat_map(|tg| tg.targets.clone())
            .collect(),
    };
    let healthy = targets
        .iter()
        .filter(|t| t.state == TargetHealthState::Healthy)
        .count() as u32;
    let unhealthy = targets
        .iter()
        .filter(|t| t.state == TargetHealthState::Unhealthy)
        .count() as u32;
    (healthy, unhealthy)
}

/// Requests per second over the tick, for the view.
pub fn tick_rps(flow: &TickFlow) -> f64 {
    flow.arrived as f64 / TICK_SECONDS
}

/// A new round: no datapoints, and an empty data-tier tick.
pub fn reset(world: &mut World) {
    world.insert_resource(Metrics::default());
    world.insert_resource(DataTierTick::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_never_wrap_and_ok_plus_failed_never_exceeds_total() {
        let mut a = Accumulator::default();
        let mut failed = [0u64; FAIL_REASON_COUNT];
        failed[0] = 10;
        let hist = LatencyHistogram::default();
        a.add(u64::MAX - 20, &failed, [0; 3], &hist);
        assert_eq!(a.requests, u64::MAX - 10);
        // this tick would overflow the total: it is not counted (it wrapped `ok` past the
        // total on main, with a curve of 1e308 requests/s)
        a.add(50, &failed, [50, 0, 0], &hist);
        assert_eq!(a.requests, u64::MAX - 10);
        assert_eq!(
            u128::from(a.ok) + u128::from(a.failed_total()),
            u128::from(a.requests)
        );
        a.add(5, &[0; FAIL_REASON_COUNT], [5, 0, 0], &hist);
        assert_eq!(a.requests, u64::MAX - 5);
        assert_eq!(
            u128::from(a.ok) + u128::from(a.failed_total()),
            u128::from(a.requests)
        );
    }
}
