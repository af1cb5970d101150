//! Scoring: points per successful request by latency tier, a penalty per failure, and the
//! bill (resources at list price, converted to points). All constants come from the scenario.

use super::clock::TICK_SECONDS;
use super::command::LbKind;
use super::flow::{DataTierTick, EdgeStats, TickFlow};
use super::lambda::{Function, USD_PER_GB_SECOND, USD_PER_REQUEST as LAMBDA_USD_PER_REQUEST};
use super::model::*;
use super::rds::DbInstance;
use super::services::{CacheCluster, cache_node_price};
use super::sqs::{REQUESTS_PER_MESSAGE, USD_PER_MILLION_REQUESTS as SQS_USD_PER_MILLION};
use super::world::{Catalog, all, with_query};
use crate::scenario::Scenario;
use bevy::prelude::*;

#[derive(Resource, Clone, Debug, Default)]
pub struct Score {
    pub points: f64,
    /// Points earned by successful requests.
    pub request_points: f64,
    /// Points lost to failures.
    pub failure_points: f64,
    /// Points lost to the bill.
    pub cost_points: f64,
    /// Points for finished tutorial steps.
    pub step_points: f64,
    pub revenue_usd: f64,
    pub cost_usd: f64,
    pub cost_rate_usd_h: f64,
}

/// What the estate costs per hour right now, at list price.
pub fn cost_rate(world: &mut World) -> f64 {
    world.resource_scope(|world, scenario: Mut<Scenario>| {
        world.resource_scope(|world, catalog: Mut<Catalog>| {
            cost_rate_with(world, &scenario, &catalog)
        })
    })
}

fn cost_rate_with(world: &mut World, scenario: &Scenario, catalog: &Catalog) -> f64 {
    let prices = &scenario.prices;
    let mut rate = 0.0;
    let mut ec2 = 0.0;
    with_query::<&Instance, (), _>(world, |world, q| {
        // the previous instance's type and price (an estate is mostly a few types in runs)
        let mut last: Option<(&str, f64)> = None;
        for i in q.iter(world) {
            if i.state.billed() {
                let price = match last {
                    // no scenario override: the catalog's price, found without the name
                    _ if prices.instance_types.is_empty() => i
                        .catalog_index
                        .and_then(|k| catalog.at(k))
                        .map_or(0.0, |t| t.usd_per_hour),
                    Some((name, price)) if name == i.instance_type => price,
                    _ => prices
                        .instance_types
                        .get(&i.instance_type)
                        .copied()
                        .or_else(|| catalog.get(&i.instance_type).map(|t| t.usd_per_hour))
                        .unwrap_or(0.0),
                };
                last = Some((&i.instance_type, price));
                ec2 += price;
            }
        }
    });
    // Savings Plans bill their commitment and cover EC2 usage at their rate.
    rate += super::finops::ec2_cost_with_plans(world, ec2);
    // AWS WAF: ACLs and rules per month, requests per million.
    rate += super::waf::waf_cost_rate(world, prices);
    let rps = world
        .get_resource::<TickFlow>()
        .map(|f| f.rps)
        .unwrap_or(0.0);
    let entry = world.resource::<Dns>().target.clone();
    with_query::<&LoadBalancer, (), _>(world, |world, q| {
        for lb in q.iter(world) {
            rate += match lb.kind {
                LbKind::Classic => prices.clb_hour,
                LbKind::Application => {
                    let serving = matches!(&entry, Some(DnsTarget::Alias(n)) if *n == lb.dns_name);
                    let lcus = if serving { (rps / 25.0).max(1.0) } else { 1.0 };
                    prices.alb_hour + prices.alb_lcu_hour * lcus
                }
            };
        }
    });
    rate += all::<ElasticIp>(world).len() as f64 * prices.elastic_ip_hour;
    // CloudFront bills per request; ElastiCache per node-hour.
    let edge = world
        .get_resource::<EdgeStats>()
        .copied()
        .unwrap_or_default();
    rate += edge.requests as f64 / TICK_SECONDS * 3600.0 / 10_000.0
        * prices.cloudfront_per_10k_requests;
    for e in all::<CacheCluster>(world) {
        let c = world.get::<CacheCluster>(e).unwrap();
        rate += cache_node_price(&c.node_type).unwrap_or(0.0) * c.nodes as f64;
    }
    rate + data_tier_rate(world)
}

/// RDS per instance-hour (Multi-AZ doubles it); SQS per request; Lambda per request, per
/// GB-second of duration and per GB-second of provisioned concurrency. As $/hour at this
/// tick's rate.
fn data_tier_rate(world: &mut World) -> f64 {
    let mut rate = 0.0;
    for e in all::<DbInstance>(world) {
        rate += world.get::<DbInstance>(e).unwrap().usd_per_hour();
    }
    let per_hour = 3600.0 / TICK_SECONDS;
    let tick = world
        .get_resource::<DataTierTick>()
        .cloned()
        .unwrap_or_default();
    if let Some((_, _, sent)) = tick.queue {
        rate += sent * REQUESTS_PER_MESSAGE * SQS_USD_PER_MILLION / 1e6 * per_hour;
    }
    rate += (tick.lambda_invocations * LAMBDA_USD_PER_REQUEST
        + tick.lambda_gb_seconds * USD_PER_GB_SECOND)
        * per_hour;
    for e in all::<Function>(world) {
        rate += world.get::<Function>(e).unwrap().provisioned_usd_per_hour();
    }
    rate
}

pub fn update_score(world: &mut World) {
    let rate = cost_rate(world);
    let s = world.resource::<Scenario>().scoring.clone();
    let flow = world.resource::<TickFlow>().clone();
    let tick_cost = rate * TICK_SECONDS / 3600.0;
    // Bots earn nothing when served and cost nothing when they fail; customers a WAF rule
    // blocks (a false positive) are lost like any failure.
    let tier = |k: usize| flow.tiers[k].saturating_sub(flow.bot_tiers[k]) as f64;
    let earned = tier(0) * s.points_fast + tier(1) * s.points_acceptable + tier(2) * s.points_slow;
    let waf_blocked = world
        .get_resource::<super::waf::WafStats>()
        .map(|w| w.tick_blocked_customers)
        .unwrap_or(0);
    let lost =
        (flow.failed.saturating_sub(flow.bot_failed) + waf_blocked) as f64 * s.failure_penalty;
    let billed = tick_cost * s.points_per_usd;
    let mut score = world.resource_mut::<Score>();
    score.request_points += earned;
    score.failure_points += lost;
    score.cost_points += billed;
    score.points += earned - lost - billed;
    score.revenue_usd += flow.ok as f64 * s.revenue_per_request_usd;
    score.cost_usd += tick_cost;
    score.cost_rate_usd_h = rate;
}

/// A new round: no points, no cost.
pub fn reset(world: &mut World) {
    world.insert_resource(Score::default());
}
