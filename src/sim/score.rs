//! Scoring: points per successful request by latency tier, a penalty per failure, and the
//! bill (resources at list price, converted to points). All constants come from the scenario.

use super::api::{Catalog, all};
use super::clock::TICK_SECONDS;
use super::command::LbKind;
use super::model::*;
use super::services::{CacheCluster, cache_node_price};
use super::traffic::{EdgeStats, TickFlow};
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
    let mut q = world.query::<&Instance>();
    for i in q.iter(world) {
        if i.state.billed() {
            rate += prices
                .instance_types
                .get(&i.instance_type)
                .copied()
                .or_else(|| catalog.get(&i.instance_type).map(|t| t.usd_per_hour))
                .unwrap_or(0.0);
        }
    }
    let rps = world
        .get_resource::<TickFlow>()
        .map(|f| f.rps)
        .unwrap_or(0.0);
    let entry = world.resource::<Dns>().target.clone();
    let mut q = world.query::<&LoadBalancer>();
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
    rate
}

pub fn update_score(world: &mut World) {
    let rate = cost_rate(world);
    let s = world.resource::<Scenario>().scoring.clone();
    let flow = world.resource::<TickFlow>().clone();
    let tick_cost = rate * TICK_SECONDS / 3600.0;
    let mut score = world.resource_mut::<Score>();
    let earned = flow.tiers[0] as f64 * s.points_fast
        + flow.tiers[1] as f64 * s.points_acceptable
        + flow.tiers[2] as f64 * s.points_slow;
    let lost = flow.failed as f64 * s.failure_penalty;
    let billed = tick_cost * s.points_per_usd;
    score.request_points += earned;
    score.failure_points += lost;
    score.cost_points += billed;
    score.points += earned - lost - billed;
    score.revenue_usd += flow.ok as f64 * s.revenue_per_request_usd;
    score.cost_usd += tick_cost;
    score.cost_rate_usd_h = rate;
}
