//! Customer traffic as a flow: each tick every request class arrives (Poisson), is routed
//! through the path the player built (DNS → load balancer → healthy targets → worker
//! processes), queues where capacity is short, and ends as a success with a latency or a
//! failure with a reason.
//!
//! Queueing: each group of identical targets is an M/M/c queue (c = worker processes,
//! service rate scaled by the instance type) evaluated at the tick's expected load — the
//! pointwise-stationary approximation — plus a fluid backlog when load exceeds capacity.
//! Latencies are drawn from that law into histograms; percentiles never come from averages.

use super::clock::{SimClock, TICK_SECONDS};
use super::command::LbKind;
use super::data_tier::{DataTier, serve_lambda};
use super::ecs::place_tasks;
use super::entity_set::EntitySet;
use super::flow::{EdgeStats, FailReason, FlowRecord, LB_HOP_SECONDS, Outcomes, TickFlow};
use super::health::{instance_allows, internet_allowed};
use super::metrics::Metrics;
use super::model::*;
use super::queueing::MmcLaw;
use super::random::SimRng;
use super::services::{
    DB_CACHE_SERVICE_FACTOR, Distribution, EDGE_LATENCY_SECONDS, cache_available, edge_hit_ratio,
    serving_distribution,
};
use super::sqs::ENQUEUE_SERVICE_FACTOR;
use super::waf::{WafStats, inspect};
use super::world::{Catalog, all, with_query};
use crate::scenario::{RequestClass, Scenario, TrafficShape};
use bevy::platform::collections::HashMap;
use bevy::prelude::*;

/// Requests an instance's listen queue holds before it refuses connections.
const LISTEN_QUEUE: f64 = 4096.0;
/// Classic LB surge queue length.
pub const SURGE_QUEUE_MAX: f64 = 1024.0;
/// Latency samples drawn per group, class and tick.
const SAMPLES: u64 = 8;

/// The simulation's random stream for traffic, and active traffic spikes.
#[derive(Resource, Clone)]
pub struct TrafficState {
    pub rng: SimRng,
    /// `(start, end, multiplier)` in simulated seconds.
    pub spikes: Vec<(f64, f64, f64)>,
}

/// Total customer requests per second at time `t` (curve × spikes).
pub fn offered_rate(scenario: &Scenario, spikes: &[(f64, f64, f64)], t: f64) -> f64 {
    let minute = t / 60.0;
    let curve = &scenario.traffic.curve;
    let base = match curve.iter().position(|(m, _)| *m > minute) {
        Some(0) => curve[0].1,
        Some(i) => {
            let (m0, r0) = curve[i - 1];
            let (m1, r1) = curve[i];
            r0 + (r1 - r0) * (minute - m0) / (m1 - m0).max(1e-9)
        }
        None => curve.last().map(|p| p.1).unwrap_or(0.0),
    };
    let mut mult = 1.0;
    for shape in &scenario.traffic.shapes {
        match *shape {
            TrafficShape::Diurnal {
                amplitude,
                period_minutes,
                peak_minute,
            } => {
                let phase =
                    2.0 * std::f64::consts::PI * (minute - peak_minute) / period_minutes.max(1e-9);
                mult *= 1.0 + amplitude * libm::cos(phase);
            }
            TrafficShape::Spike {
                at_minute,
                multiplier,
                minutes,
            } => {
                let (start, end) = (at_minute * 60.0, (at_minute + minutes) * 60.0);
                if t >= start && t < end {
                    let ramp = ((t - start) / 60.0).min((end - t) / 60.0).clamp(0.0, 1.0);
                    mult *= 1.0 + (multiplier - 1.0) * ramp;
                }
            }
            TrafficShape::AttackWave { .. } => {}
        }
    }
    for &(start, end, m) in spikes {
        if t >= start && t < end {
            // one-minute ramps at both ends
            let ramp = ((t - start) / 60.0).min((end - t) / 60.0).clamp(0.0, 1.0);
            mult *= 1.0 + (m - 1.0) * ramp;
        }
    }
    (base * mult).max(0.0)
}

/// Requests per second of each class at time `t`: the customers' share of the offered rate
/// plus any attack waves aimed at that class.
pub fn class_rates(scenario: &Scenario, spikes: &[(f64, f64, f64)], t: f64) -> Vec<f64> {
    let total = offered_rate(scenario, spikes, t);
    let minute = t / 60.0;
    scenario
        .traffic
        .classes
        .iter()
        .map(|c| {
            let mut rate = total * c.share;
            for shape in &scenario.traffic.shapes {
                if let TrafficShape::AttackWave {
                    class,
                    at_minute,
                    minutes,
                    rps,
                } = shape
                    && *class == c.id
                    && minute >= *at_minute
                    && minute < at_minute + minutes
                {
                    rate += rps.max(0.0);
                }
            }
            rate
        })
        .collect()
}

/// 0 fast, 1 acceptable, 2 slow.
fn tier_of(latency_seconds: f64, scenario: &Scenario) -> usize {
    let ms = latency_seconds * 1000.0;
    if ms <= scenario.scoring.fast_ms {
        0
    } else if ms <= scenario.scoring.acceptable_ms {
        1
    } else {
        2
    }
}

/// Where customers' requests land first.
enum Entry {
    Fail(FailReason),
    LoadBalancer(Entity),
    Direct(Entity),
}

fn resolve_entry(world: &mut World) -> Entry {
    let dns = world.resource::<Dns>().clone();
    // Through CloudFront: the edge forwards misses to the distribution's origin.
    let target = match (serving_distribution(world), dns.target) {
        (Some(d), _) => {
            let d = world.get::<Distribution>(d).unwrap();
            if world.resource::<SimClock>().now < d.serving_at {
                None // the new domain does not answer before its first deployment
            } else {
                Some(DnsTarget::Alias(d.origin_domain_name.clone()))
            }
        }
        (None, t) => t,
    };
    match target {
        None => Entry::Fail(FailReason::NoRoute),
        Some(DnsTarget::Alias(name)) => {
            let lb = all::<LoadBalancer>(world).into_iter().find(|&e| {
                world
                    .get::<LoadBalancer>(e)
                    .unwrap()
                    .dns_name
                    .eq_ignore_ascii_case(&name)
            });
            match lb {
                Some(e) if world.get::<LoadBalancer>(e).unwrap().state == LbState::Active => {
                    Entry::LoadBalancer(e)
                }
                _ => Entry::Fail(FailReason::LoadBalancerMissing),
            }
        }
        Some(DnsTarget::Addresses(ips)) => {
            let eips = all::<ElasticIp>(world);
            let target = eips.into_iter().find_map(|e| {
                let eip = world.get::<ElasticIp>(e).unwrap();
                ips.contains(&eip.public_ip)
                    .then_some(eip.instance)
                    .flatten()
            });
            match target {
                Some(i) => Entry::Direct(i),
                None => Entry::Fail(FailReason::NoRoute),
            }
        }
    }
}

/// The state of one target as traffic sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Condition {
    Serving,
    Failing(FailReason),
}

/// A set of targets that behave identically this tick.
struct Group {
    condition: Condition,
    members: Vec<Entity>,
    share: f64,
    workers: u32,
    /// Per-worker speed relative to a t3 vCPU.
    speed: f64,
    lambda: f64,
    mu: f64,
    backlog_before: f64,
    backlog_after: f64,
    db_ok: bool,
    cpu: f64,
}

pub fn simulate_traffic(world: &mut World) {
    world.resource_scope(|world, scenario: Mut<Scenario>| simulate_tick(world, &scenario));
}

fn simulate_tick(world: &mut World, scenario: &Scenario) {
    let now = world.resource::<SimClock>().now;
    let dt = TICK_SECONDS;
    place_tasks(world);
    let tier = DataTier::prepare(world, scenario, now);
    // A Redis cache in front of the database shortens only requests that touch it; a queue
    // in front of the writes leaves the app only the enqueueing.
    let cache = cache_available(world, now);
    let mut classes_v = scenario.traffic.classes.clone();
    for c in classes_v.iter_mut() {
        if cache && c.touches_db {
            c.service_ms *= DB_CACHE_SERVICE_FACTOR;
            c.db_ms *= DB_CACHE_SERVICE_FACTOR;
        }
        if tier.queue.is_some() && c.write {
            c.service_ms *= ENQUEUE_SERVICE_FACTOR;
        }
    }
    let classes: &[RequestClass] = &classes_v;
    let mut state = world.resource::<TrafficState>().clone();
    let mut lambdas: Vec<f64> = class_rates(scenario, &state.spikes, now);
    let total_rate: f64 = lambdas.iter().sum();
    let mut arrivals: Vec<u64> = lambdas.iter().map(|l| state.rng.poisson(l * dt)).collect();
    let mut flow = TickFlow {
        rps: total_rate,
        arrived: arrivals.iter().sum(),
        ..Default::default()
    };
    let mut out = Outcomes::new(classes);
    if let Some(mut w) = world.get_resource_mut::<WafStats>() {
        w.start_tick();
    }

    // CloudFront answers cache hits at the edge; only misses travel on to the origin.
    let mut edge = EdgeStats::default();
    // the fraction of each class's expected load that misses the edge and reaches the origin
    let mut edge_miss = vec![1.0; classes.len()];
    // A web ACL on the distribution inspects every request before the edge cache.
    if let Some(d) = serving_distribution(world)
        && now >= world.get::<Distribution>(d).unwrap().serving_at
    {
        let rates = lambdas.clone();
        let blocked = inspect(world, d, classes, &rates, &mut arrivals);
        for (l, f) in lambdas.iter_mut().zip(blocked) {
            *l *= 1.0 - f;
        }
    }
    let before_edge = arrivals.clone();
    if let Some(d) = serving_distribution(world) {
        let mut dist = world.get_mut::<Distribution>(d).unwrap();
        dist.settle(now);
        let dist = dist.clone();
        if now >= dist.serving_at {
            let warmth = dist.warmth(now);
            let tier = tier_of(EDGE_LATENCY_SECONDS, scenario);
            for (c, n) in arrivals.iter_mut().enumerate() {
                edge.requests += *n;
                let ratio = edge_hit_ratio(&classes[c], &dist) * warmth;
                edge_miss[c] = 1.0 - ratio;
                let hits = state.rng.binomial(*n, ratio);
                *n -= hits;
                edge.hits += hits;
                if hits > 0 {
                    let mut tiers = [0; 3];
                    tiers[tier] = hits;
                    out.ok(c, hits, tiers);
                    out.hist.record(EDGE_LATENCY_SECONDS, hits as f64);
                }
            }
        }
    }

    let mean_service = mean_service_seconds(classes);

    let mut routed = EntitySet::default();
    let (lb, targets, mut reaching): (Option<Entity>, Vec<(Entity, u16)>, Vec<u64>) =
        match resolve_entry(world) {
            Entry::Fail(reason) => {
                for (c, &n) in arrivals.iter().enumerate() {
                    out.fail(c, reason, n, None, vec![], &mut flow);
                }
                (None, vec![], vec![0; classes.len()])
            }
            Entry::Direct(instance) => {
                let port = 80;
                let groups_sg = world
                    .get::<Instance>(instance)
                    .map(|i| i.security_groups.clone())
                    .unwrap_or_default();
                if !internet_allowed(world, &groups_sg, port) {
                    for (c, &n) in arrivals.iter().enumerate() {
                        out.fail(
                            c,
                            FailReason::SecurityGroupBlocked,
                            n,
                            None,
                            vec![instance],
                            &mut flow,
                        );
                    }
                    (None, vec![], vec![0; classes.len()])
                } else {
                    (None, vec![(instance, port)], arrivals.clone())
                }
            }
            Entry::LoadBalancer(lb) => {
                // A web ACL on the ALB inspects what reaches it (the edge's misses).
                let rates: Vec<f64> = lambdas
                    .iter()
                    .zip(before_edge.iter().zip(&arrivals))
                    .map(|(l, (&b, &a))| if b > 0 { l * a as f64 / b as f64 } else { *l })
                    .collect();
                let blocked = inspect(world, lb, classes, &rates, &mut arrivals);
                for (l, f) in lambdas.iter_mut().zip(blocked) {
                    *l *= 1.0 - f;
                }
                let (targets, remaining) =
                    route_through_lb(world, lb, &arrivals, &mut state.rng, &mut out, &mut flow);
                (Some(lb), targets, remaining)
            }
        };

    // ---- data tier: Lambda-served classes, the queue's consumers, the database ----
    let lambda_runs = tier.run_lambdas(world, now, dt, classes, &mut reaching);
    let db = tier.run_database(world, now, dt, classes, &reaching, &lambda_runs, &targets);
    for run in &lambda_runs {
        serve_lambda(
            run,
            &classes[run.class],
            scenario,
            db,
            lb,
            &mut state.rng,
            &mut out,
            &mut flow,
        );
    }
    let ok_before: Vec<u64> = out.ok_by_class.clone();

    if !targets.is_empty() {
        let lb_groups = lb
            .and_then(|e| {
                world
                    .get::<LoadBalancer>(e)
                    .map(|l| l.security_groups.clone())
            })
            .unwrap_or_default();
        let classic = lb
            .and_then(|e| world.get::<LoadBalancer>(e))
            .is_some_and(|l| l.kind == LbKind::Classic);
        let lor = lb.is_some_and(|e| uses_lor(world, e));
        // The queueing law follows the expected load (pointwise-stationary), not this tick's noise.
        let reach = expected_reach(world, lb);
        let lambda_in: Vec<f64> = lambdas
            .iter()
            .zip(&tier.functions)
            .zip(&edge_miss)
            .map(|((l, f), miss)| if f.is_some() { 0.0 } else { l * reach * miss })
            .collect();
        let mut groups = build_groups(
            world,
            &targets,
            &lb_groups,
            lb.is_some(),
            lor,
            &lambda_in,
            classes,
            dt,
        );
        // Classic LB: backlog beyond the surge queue spills over.
        let mut spill_fraction = 0.0;
        if classic {
            let total_backlog: f64 = groups
                .iter()
                .map(|g| g.backlog_after * g.members.len() as f64)
                .sum();
            if total_backlog > SURGE_QUEUE_MAX {
                let excess = total_backlog - SURGE_QUEUE_MAX;
                let scale = SURGE_QUEUE_MAX / total_backlog;
                for g in &mut groups {
                    g.backlog_after *= scale;
                }
                let arriving: f64 = reaching.iter().sum::<u64>() as f64;
                spill_fraction = if arriving > 0.0 {
                    (excess / arriving).min(1.0)
                } else {
                    0.0
                };
            }
            if let Some(mut l) = lb.and_then(|e| world.get_mut::<LoadBalancer>(e)) {
                l.surge_queue = total_backlog.min(SURGE_QUEUE_MAX);
            }
        }
        let mut received = vec![0u64; groups.len()];
        for c in 0..classes.len() {
            let mut left = reaching[c];
            let mut share_left: f64 = groups.iter().map(|g| g.share).sum();
            for (gi, g) in groups.iter().enumerate() {
                let n = if share_left <= 0.0 {
                    0
                } else {
                    state.rng.binomial(left, (g.share / share_left).min(1.0))
                };
                received[gi] += n;
                left -= n;
                share_left -= g.share;
                let db_effect = if tier.queued(&classes[c]) {
                    None
                } else {
                    db.effect(&classes[c])
                };
                serve(
                    g,
                    c,
                    n,
                    &classes[c],
                    scenario,
                    db_effect,
                    spill_fraction,
                    lb,
                    &mut state.rng,
                    &mut out,
                    &mut flow,
                );
            }
            reaching[c] = 0;
        }
        write_back(world, &groups, &received);
        routed = groups
            .iter()
            .flat_map(|g| g.members.iter().copied())
            .collect();
    }
    // writes the app acknowledged went into the queue
    let enqueued: f64 = classes
        .iter()
        .enumerate()
        .filter(|(_, cl)| tier.queued(cl))
        .map(|(c, _)| (out.ok_by_class[c] - ok_before[c]) as f64)
        .sum();
    tier.finish(world, now, enqueued, &lambda_runs, db);
    idle_instances(world, &routed, mean_service, dt);

    world.insert_resource(state);
    flow.ok = out.ok_total;
    flow.failed = out.failed_total;
    flow.tiers = out.tiers;
    flow.bot_tiers = out.bot_tiers;
    flow.bot_failed = out.bot_failed;
    let mut metrics = world.resource_mut::<Metrics>();
    commit(out, &mut metrics);
    world.insert_resource(flow);
    world.insert_resource(edge);
}

fn uses_lor(world: &World, lb: Entity) -> bool {
    let Some(l) = world.get::<LoadBalancer>(lb) else {
        return false;
    };
    l.listeners.iter().filter_map(|x| x.target_group).any(|tg| {
        world
            .get::<TargetGroup>(tg)
            .is_some_and(|t| t.algorithm == Algorithm::LeastOutstandingRequests)
    })
}

/// Fraction of traffic expected to get past the load balancer's nodes (public subnets).
fn expected_reach(world: &World, lb: Option<Entity>) -> f64 {
    let Some(l) = lb.and_then(|e| world.get::<LoadBalancer>(e)) else {
        return 1.0;
    };
    public_fraction(world, l)
}

fn public_fraction(world: &World, lb: &LoadBalancer) -> f64 {
    if lb.subnets.is_empty() {
        return 0.0;
    }
    let public = lb
        .subnets
        .iter()
        .filter(|&&s| world.get::<Subnet>(s).is_some_and(|s| s.public))
        .count();
    public as f64 / lb.subnets.len() as f64
}

/// Applies the load balancer's own checks; returns the targets and the per-class requests
/// that reach them.
fn route_through_lb(
    world: &mut World,
    lb: Entity,
    arrivals: &[u64],
    rng: &mut SimRng,
    out: &mut Outcomes,
    flow: &mut TickFlow,
) -> (Vec<(Entity, u16)>, Vec<u64>) {
    let l = world.get::<LoadBalancer>(lb).unwrap().clone();
    let fail_all = |reason, out: &mut Outcomes, flow: &mut TickFlow| {
        for (c, &n) in arrivals.iter().enumerate() {
            out.fail(c, reason, n, Some(lb), vec![], flow);
        }
        (vec![], vec![0; arrivals.len()])
    };
    let Some(listener) = l.listeners.iter().find(|x| x.port == 80) else {
        return fail_all(FailReason::NoListener, out, flow);
    };
    if !internet_allowed(world, &l.security_groups, 80) {
        return fail_all(FailReason::SecurityGroupBlocked, out, flow);
    }
    // DNS spreads clients over the nodes; nodes in subnets without a route to an IGW are unreachable.
    let reach = public_fraction(world, &l);
    let mut remaining = Vec::with_capacity(arrivals.len());
    for (c, &n) in arrivals.iter().enumerate() {
        let lost = rng.binomial(n, 1.0 - reach);
        out.fail(c, FailReason::NoRoute, lost, Some(lb), vec![], flow);
        remaining.push(n - lost);
    }
    // (instance, port, healthy) of each registered target; nothing else of them is copied
    let registered: Vec<(Entity, u16, bool)> = {
        let as_seen = |t: &Target| (t.instance, t.port, t.state == TargetHealthState::Healthy);
        match l.kind {
            LbKind::Classic => l.classic_targets.iter().map(as_seen).collect(),
            LbKind::Application => listener
                .target_group
                .and_then(|tg| world.get::<TargetGroup>(tg))
                .map(|tg| {
                    tg.targets
                        .iter()
                        .filter(|t| t.state != TargetHealthState::Draining)
                        .map(as_seen)
                        .collect()
                })
                .unwrap_or_default(),
        }
    };
    let healthy: Vec<(Entity, u16)> = registered
        .iter()
        .filter(|t| t.2)
        .map(|t| (t.0, t.1))
        .collect();
    let targets = if !healthy.is_empty() {
        healthy
    } else if l.kind == LbKind::Application && !registered.is_empty() {
        // An ALB whose targets are all unhealthy fails open: it routes to all of them.
        registered.iter().map(|t| (t.0, t.1)).collect()
    } else {
        vec![]
    };
    if targets.is_empty() {
        for (c, n) in remaining.iter_mut().enumerate() {
            out.fail(c, FailReason::NoHealthyTargets, *n, Some(lb), vec![], flow);
            *n = 0;
        }
    }
    (targets, remaining)
}

#[allow(clippy::too_many_arguments)]
fn build_groups(
    world: &World,
    targets: &[(Entity, u16)],
    lb_groups: &[Entity],
    behind_lb: bool,
    lor: bool,
    lambdas: &[f64],
    classes: &[RequestClass],
    dt: f64,
) -> Vec<Group> {
    let catalog = world.resource::<Catalog>();
    let total_lambda: f64 = lambdas.iter().sum();
    let mean_service: f64 = if total_lambda > 0.0 {
        lambdas
            .iter()
            .zip(classes)
            .map(|(l, c)| l * c.service_ms / 1000.0)
            .sum::<f64>()
            / total_lambda
    } else {
        classes
            .iter()
            .map(|c| c.share * c.service_ms / 1000.0)
            .sum::<f64>()
            .max(1e-4)
    };
    // Per-target facts.
    struct T {
        e: Entity,
        condition: Condition,
        workers: u32,
        speed: f64,
        vcpus: u32,
        backlog: f64,
        db_ok: bool,
        weight: f64,
    }
    // Targets launched together share their security groups: the previous target's verdict
    // is reused when the next has the same groups and port.
    let mut last_allows: Option<(&[Entity], u16, bool)> = None;
    let mut ts: Vec<T> = targets
        .iter()
        .map(|&(e, port)| {
            let i = world.get::<Instance>(e);
            let (vcpus, speed) = i
                .and_then(|i| i.catalog_index)
                .and_then(|k| catalog.at(k))
                .map(|t| (t.vcpus, t.speed))
                .unwrap_or((1, 1.0));
            let allowed = i.filter(|_| behind_lb).map(|i| {
                let verdict = match last_allows {
                    Some((groups, p, verdict)) if p == port && *groups == *i.security_groups => {
                        verdict
                    }
                    _ => instance_allows(world, &i.security_groups, port, lb_groups),
                };
                last_allows = Some((&i.security_groups, port, verdict));
                verdict
            });
            let condition = match i {
                None => Condition::Failing(FailReason::TargetConnectionError),
                Some(i) if i.state != InstanceState::Running => {
                    Condition::Failing(FailReason::TargetConnectionError)
                }
                Some(_) if allowed == Some(false) => {
                    Condition::Failing(FailReason::SecurityGroupBlocked)
                }
                Some(i) if !i.boot.app_running || i.boot.port != port => {
                    Condition::Failing(FailReason::TargetConnectionError)
                }
                Some(_) => Condition::Serving,
            };
            let workers = i
                .map(|i| super::ecs::workers(i.boot.workers, world.get::<super::ecs::EcsTasks>(e)))
                .unwrap_or(1);
            let per_worker = speed * (vcpus as f64 / workers as f64).min(1.0);
            let backlog = world
                .get::<InstanceLoad>(e)
                .map(|l| l.backlog)
                .unwrap_or(0.0);
            T {
                e,
                condition,
                workers,
                speed: per_worker,
                vcpus,
                backlog,
                db_ok: i.is_some_and(|i| i.boot.db_ok),
                weight: workers as f64 * per_worker,
            }
        })
        .collect();
    // Routing weights: round robin is even; least-outstanding-requests follows capacity, and
    // sends more to targets that fail fast (they always look idle).
    let max_w = ts.iter().map(|t| t.weight).fold(0.0, f64::max);
    for t in &mut ts {
        t.weight = if !lor {
            1.0
        } else if t.condition == Condition::Serving {
            t.weight
        } else {
            2.0 * max_w
        };
    }
    let wsum: f64 = ts.iter().map(|t| t.weight).sum::<f64>().max(1e-12);
    let mut groups: Vec<Group> = Vec::new();
    // Which group holds targets of each kind: one lookup per target, however many groups
    // the targets form (while a group launches, every member's backlog differs).
    let mut group_of: HashMap<GroupKey, usize> = HashMap::new();
    for t in ts {
        let share = t.weight / wsum;
        let lambda = total_lambda * share;
        let mu = t.speed / mean_service;
        let capacity = t.workers as f64 * mu;
        let serving = t.condition == Condition::Serving;
        let backlog_after = if serving {
            (t.backlog + (lambda - capacity) * dt).clamp(0.0, LISTEN_QUEUE)
        } else {
            0.0
        };
        let busy = if serving {
            (lambda / mu).min(t.workers as f64)
        } else {
            0.0
        };
        let cpu = 100.0 * busy * (t.vcpus as f64 / t.workers as f64).min(1.0) / t.vcpus as f64;
        let key = GroupKey::new(&t.condition, t.workers, t.speed, lambda, t.backlog, t.db_ok);
        match group_of.get(&key) {
            Some(&k) => {
                let g = &mut groups[k];
                g.members.push(t.e);
                g.share += share;
            }
            None => {
                group_of.insert(key, groups.len());
                groups.push(Group {
                    condition: t.condition,
                    members: vec![t.e],
                    share,
                    workers: t.workers,
                    speed: t.speed,
                    lambda,
                    mu,
                    backlog_before: t.backlog,
                    backlog_after,
                    db_ok: t.db_ok,
                    cpu,
                })
            }
        }
    }
    groups
}

/// What makes two targets behave identically this tick (the fields a [`Group`] shares), with
/// the numbers compared bit for bit (-0.0 as 0.0, as `==` compares them).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct GroupKey {
    condition: Option<FailReason>,
    workers: u32,
    speed: u64,
    lambda: u64,
    backlog: u64,
    db_ok: bool,
}

impl GroupKey {
    fn new(
        condition: &Condition,
        workers: u32,
        speed: f64,
        lambda: f64,
        backlog: f64,
        db_ok: bool,
    ) -> Self {
        let bits = |x: f64| if x == 0.0 { 0 } else { x.to_bits() };
        Self {
            condition: match condition {
                Condition::Serving => None,
                Condition::Failing(r) => Some(*r),
            },
            workers,
            speed: bits(speed),
            lambda: bits(lambda),
            backlog: bits(backlog),
            db_ok,
        }
    }
}

/// The latency law of one class in one group: a deterministic backlog wait, an M/M/c wait,
/// and the class's own exponential service time.
struct ClassLaw {
    backlog_wait: f64,
    law: Option<MmcLaw>,
    service_mean: f64,
}

impl ClassLaw {
    fn new(g: &Group, class: &RequestClass) -> Self {
        let capacity = g.workers as f64 * g.mu;
        let backlog_wait =
            0.5 * (g.backlog_before + g.backlog_after) / capacity.max(1e-9) + LB_HOP_SECONDS;
        let service_mean = class.service_ms / 1000.0 / g.speed;
        let law = MmcLaw::new(g.workers, g.lambda, g.mu).map(|mut l| {
            // keep the pool's waiting law, use this class's own service time
            l.mu = 1.0 / service_mean;
            l
        });
        Self {
            backlog_wait,
            law,
            service_mean,
        }
    }

    fn survival(&self, t: f64) -> f64 {
        let x = t - self.backlog_wait;
        if x <= 0.0 {
            return 1.0;
        }
        match &self.law {
            Some(l) => l.sojourn_survival(x),
            None => libm::exp(-x / self.service_mean),
        }
    }

    fn sample(&self, rng: &mut SimRng) -> f64 {
        self.backlog_wait
            + match &self.law {
                Some(l) => l.sample_sojourn_with_service(rng, self.service_mean),
                None => rng.exp(self.service_mean),
            }
    }
}

#[allow(clippy::too_many_arguments)]
fn serve(
    g: &Group,
    c: usize,
    n: u64,
    class: &RequestClass,
    scenario: &Scenario,
    db: Option<(f64, f64)>,
    spill_fraction: f64,
    lb: Option<Entity>,
    rng: &mut SimRng,
    out: &mut Outcomes,
    flow: &mut TickFlow,
) {
    if n == 0 {
        return;
    }
    let fail = |out: &mut Outcomes, flow: &mut TickFlow, reason, n| {
        out.fail(c, reason, n, lb, g.members.clone(), flow)
    };
    if let Condition::Failing(reason) = g.condition {
        fail(out, flow, reason, n);
        return;
    }
    let spilled = rng.binomial(n, spill_fraction);
    fail(out, flow, FailReason::SurgeQueueFull, spilled);
    let n = n - spilled;
    // the listen queue is full: connections refused
    let refused = if g.backlog_after >= LISTEN_QUEUE {
        let capacity = g.workers as f64 * g.mu;
        rng.binomial(n, (1.0 - capacity / g.lambda.max(1e-9)).clamp(0.0, 1.0))
    } else {
        0
    };
    fail(out, flow, FailReason::TargetConnectionError, refused);
    let n = n - refused;
    if !g.db_ok && !class.static_content {
        fail(out, flow, FailReason::AppError, n);
        return;
    }
    // the database refuses connections past max_connections, and answers nothing while it
    // reboots or fails over; what it accepts waits for it
    let (db_refused, db_latency) = db.unwrap_or((0.0, 0.0));
    let refused = rng.binomial(n, db_refused);
    fail(out, flow, FailReason::DatabaseUnavailable, refused);
    let n = n - refused;
    let mut law = ClassLaw::new(g, class);
    law.backlog_wait += db_latency;
    let timeout = scenario.traffic.timeout_seconds;
    let p_timeout = law.survival(timeout);
    let timed_out = rng.binomial(n, p_timeout);
    fail(out, flow, FailReason::TargetTimeout, timed_out);
    let ok = n - timed_out;
    if ok == 0 {
        return;
    }
    let within = (1.0 - p_timeout).max(1e-12);
    let fast_s = scenario.scoring.fast_ms / 1000.0;
    let acc_s = scenario.scoring.acceptable_ms / 1000.0;
    let p_fast = ((1.0 - law.survival(fast_s)) / within).clamp(0.0, 1.0);
    let p_acc = ((1.0 - law.survival(acc_s)) / within).clamp(0.0, 1.0);
    let fast = rng.binomial(ok, p_fast);
    let acceptable = rng.binomial(
        ok - fast,
        ((p_acc - p_fast) / (1.0 - p_fast).max(1e-12)).clamp(0.0, 1.0),
    );
    let slow = ok - fast - acceptable;
    let k = ok.min(SAMPLES);
    let weight = ok as f64 / k as f64;
    let mut median = 0.0;
    for s in 0..k {
        let mut v = law.sample(rng);
        for _ in 0..4 {
            if v <= timeout {
                break;
            }
            v = law.sample(rng);
        }
        let v = v.min(timeout);
        out.hist.record(v, weight);
        if s == k / 2 {
            median = v;
        }
    }
    out.ok(c, ok, [fast, acceptable, slow]);
    flow.records.push(FlowRecord {
        class: c,
        load_balancer: lb,
        instances: g.members.clone(),
        ok,
        failed: 0,
        reason: None,
        latency: median,
    });
}

/// Mean service time of the traffic mix, seconds on one t3 vCPU.
fn mean_service_seconds(classes: &[RequestClass]) -> f64 {
    classes
        .iter()
        .map(|c| c.share * c.service_ms / 1000.0)
        .sum::<f64>()
        .max(1e-4)
}

/// What an idle instance needs to drain its backlog.
type IdleQuery = (
    Entity,
    &'static Instance,
    &'static mut InstanceLoad,
    Option<&'static super::ecs::EcsTasks>,
    Option<&'static super::findings::Miner>,
);

/// Instances that received nothing this tick work off their backlog and sit idle.
fn idle_instances(world: &mut World, routed: &EntitySet, mean_service: f64, dt: f64) {
    world.resource_scope(|world, catalog: Mut<Catalog>| {
        with_query::<IdleQuery, (), _>(world, |world, q| {
            drain_idle(world, q, &catalog, routed, mean_service, dt)
        })
    });
}

fn drain_idle(
    world: &mut World,
    q: &mut QueryState<IdleQuery>,
    catalog: &Catalog,
    routed: &EntitySet,
    mean_service: f64,
    dt: f64,
) {
    for (e, i, mut l, tasks, miner) in q.iter_mut(world) {
        if routed.contains(e) {
            continue;
        }
        let (vcpus, speed) = i
            .catalog_index
            .and_then(|k| catalog.at(k))
            .map(|t| (t.vcpus, t.speed))
            .unwrap_or((1, 1.0));
        let workers = super::ecs::workers(i.boot.workers, tasks) as f64;
        let capacity = workers * speed * (vcpus as f64 / workers).min(1.0) / mean_service;
        let draining = l.backlog > 0.0;
        l.backlog = (l.backlog - capacity * dt).max(0.0);
        l.wait = l.backlog / capacity.max(1e-9);
        l.requests = 0;
        l.cpu = match i.state {
            InstanceState::Booting => 100.0 / vcpus as f64,
            // A cryptominer keeps every vCPU busy.
            InstanceState::Running if miner.is_some() => 100.0,
            InstanceState::Running if draining => 100.0 * workers.min(vcpus as f64) / vcpus as f64,
            _ => 0.0,
        };
        l.cpu_minute_sum += l.cpu;
        l.cpu_minute_n += 1;
    }
}

/// Stores each target's new load; a group's requests are shared evenly among its members.
fn write_back(world: &mut World, groups: &[Group], received: &[u64]) {
    for (g, &n) in groups.iter().zip(received) {
        let members = g.members.len() as u64;
        let capacity = g.workers as f64 * g.mu;
        let wait = g.backlog_after / capacity.max(1e-9)
            + MmcLaw::new(g.workers, g.lambda, g.mu)
                .map(|m| m.mean_wait())
                .unwrap_or(0.0);
        for (k, &e) in g.members.iter().enumerate() {
            let requests_each = n / members + u64::from((k as u64) < n % members);
            if let Some(mut l) = world.get_mut::<InstanceLoad>(e) {
                l.backlog = g.backlog_after;
                l.wait = wait;
                l.cpu = g.cpu;
                l.requests = requests_each;
                l.requests_minute += requests_each;
                l.cpu_minute_sum += g.cpu;
                l.cpu_minute_n += 1;
            }
        }
    }
}

/// Folds a tick's outcomes into the minute's metrics.
fn commit(outcomes: Outcomes, m: &mut Metrics) {
    m.record_tick(
        outcomes.ok_total,
        &outcomes.failed,
        outcomes.tiers,
        &outcomes.hist,
    );
}

/// A new round: traffic's own random stream, no spikes, an empty last tick.
pub fn reset(world: &mut World, rng: SimRng) {
    world.insert_resource(TickFlow::default());
    world.insert_resource(TrafficState {
        rng,
        spikes: vec![],
    });
}
