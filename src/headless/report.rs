//! The headless report: one JSON object with the run's figures, or a short human summary
//! with a per-30-minute table.

use crate::scenario::Scenario;
use crate::sim::clock::SimClock;
use crate::sim::flow::FAIL_REASONS;
use crate::sim::metrics::{Metrics, host_counts};
use crate::sim::model::*;
use crate::sim::score::Score;
use crate::sim::trail::CloudTrail;
use crate::sim::world::{all, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// One row of the per-30-minute table.
#[derive(Clone, Debug)]
pub struct PeriodRow {
    pub start_minute: u32,
    pub requests: u64,
    pub ok: u64,
    pub failed: u64,
    pub p50_ms: Option<f64>,
    pub p99_ms: Option<f64>,
}

/// Everything a run produced, ready to print.
#[derive(Clone, Debug)]
pub struct Report {
    pub json: Value,
    pub periods: Vec<PeriodRow>,
    /// (id, name, kind) of the estate at the end, for scripting commands files.
    pub resources: Vec<(String, String, &'static str)>,
}

fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

impl Report {
    pub fn from_world(world: &mut World, seed: u64) -> Self {
        let scenario = world.resource::<Scenario>().clone();
        let clock = world.resource::<SimClock>().clone();
        let score = world.resource::<Score>().clone();
        let (healthy, _) = host_counts(world);
        let running = {
            let mut q = world.query::<&Instance>();
            q.iter(world)
                .filter(|i| i.state == InstanceState::Running)
                .count()
        };
        let trail = world.resource::<CloudTrail>();
        let (trail_events, command_errors) = (trail.total, trail.errors);
        let m = world.resource::<Metrics>();
        let p = m.run.percentiles_ms();
        let by_reason: serde_json::Map<String, Value> = FAIL_REASONS
            .iter()
            .map(|r| (r.name().to_string(), json!(m.run.failed[r.index()])))
            .collect();
        let json = json!({
            "scenario": scenario.id,
            "seed": seed,
            "sim_minutes": round(clock.now / 60.0, 2),
            "requests": {
                "total": m.run.requests,
                "ok": m.run.ok,
                "failed": m.run.failed_total(),
                "by_reason": by_reason,
                "fast": m.run.tiers[0],
                "acceptable": m.run.tiers[1],
                "slow": m.run.tiers[2],
            },
            "latency_ms": {
                "p50": p[0].map(|v| round(v, 2)),
                "p90": p[1].map(|v| round(v, 2)),
                "p95": p[2].map(|v| round(v, 2)),
                "p99": p[3].map(|v| round(v, 2)),
            },
            "cost_usd": round(score.cost_usd, 4),
            "revenue_usd": round(score.revenue_usd, 2),
            "score": round(score.points, 1),
            "score_breakdown": {
                "requests": round(score.request_points, 1),
                "failures": round(-score.failure_points, 1),
                "cost": round(-score.cost_points, 1),
                "tutorial_steps": round(score.step_points, 1),
            },
            "instances_running": running,
            "healthy_targets": healthy,
            "trail_events": trail_events,
            "command_errors": command_errors,
        });
        let periods = m
            .periods
            .iter()
            .map(|(start, a)| {
                let p = a.percentiles_ms();
                PeriodRow {
                    start_minute: *start,
                    requests: a.requests,
                    ok: a.ok,
                    failed: a.failed_total(),
                    p50_ms: p[0],
                    p99_ms: p[3],
                }
            })
            .collect();
        let mut resources = Vec::new();
        macro_rules! list {
            ($t:ty, $kind:expr) => {
                for e in all::<$t>(world) {
                    let name = world
                        .get::<Name>(e)
                        .map(|n| n.to_string())
                        .unwrap_or_default();
                    resources.push((id_of(world, e), name, $kind));
                }
            };
        }
        list!(Vpc, "vpc");
        list!(RouteTable, "route-table");
        list!(Subnet, "subnet");
        list!(SecurityGroup, "security-group");
        list!(LaunchTemplate, "launch-template");
        list!(LoadBalancer, "load-balancer");
        list!(TargetGroup, "target-group");
        list!(AutoScalingGroup, "auto-scaling-group");
        list!(ElasticIp, "elastic-ip");
        list!(crate::sim::services::Distribution, "distribution");
        list!(crate::sim::services::CachePolicy, "cache-policy");
        list!(crate::sim::services::CacheCluster, "cache-cluster");
        list!(crate::sim::rds::DbInstance, "db-instance");
        list!(crate::sim::sqs::Queue, "queue");
        list!(crate::sim::lambda::Function, "function");
        list!(crate::sim::ecs::EcsCluster, "ecs-cluster");
        list!(crate::sim::ecs::EcsService, "ecs-service");
        // ---- WAF / IAM / Savings Plans ----
        list!(crate::sim::waf::IpSet, "wafv2-ip-set");
        list!(crate::sim::iam::AccessKey, "iam-access-key");
        list!(crate::sim::finops::SavingsPlan, "savings-plan");
        for e in all::<crate::sim::waf::WebAcl>(world) {
            let acl = world.get::<crate::sim::waf::WebAcl>(e).unwrap();
            let line = format!(
                "{} id {} lock-token {}",
                id_of(world, e),
                acl.id,
                acl.lock_token
            );
            resources.push((line, acl.name.clone(), "wafv2-web-acl"));
        }
        for e in all::<Instance>(world) {
            if world.get::<Instance>(e).is_some_and(|i| i.alive()) {
                let name = world
                    .get::<Name>(e)
                    .map(|n| n.to_string())
                    .unwrap_or_default();
                resources.push((id_of(world, e), name, "instance"));
            }
        }
        for e in all::<LoadBalancer>(world) {
            let lb = world.get::<LoadBalancer>(e).unwrap();
            resources.push((lb.dns_name.clone(), lb.name.clone(), "load-balancer-dns"));
        }
        Report {
            json,
            periods,
            resources,
        }
    }
}

/// The human summary: headline figures and a per-30-minute table.
pub fn human_summary(r: &Report) -> String {
    let j = &r.json;
    let ms = |v: Option<f64>| v.map(|v| format!("{v:.0}")).unwrap_or_else(|| "-".into());
    let mut out = format!(
        "GameDay — {} (seed {}), {} simulated minutes\n\n",
        j["scenario"].as_str().unwrap_or(""),
        j["seed"],
        j["sim_minutes"]
    );
    out += "  minutes    requests   ok %   failed   p50 ms   p99 ms\n";
    for row in &r.periods {
        let pct = if row.requests > 0 {
            100.0 * row.ok as f64 / row.requests as f64
        } else {
            0.0
        };
        out += &format!(
            "  {:>3}-{:<3}  {:>10}  {:>5.1}  {:>7}  {:>7}  {:>7}\n",
            row.start_minute,
            row.start_minute + 30,
            row.requests,
            pct,
            row.failed,
            ms(row.p50_ms),
            ms(row.p99_ms)
        );
    }
    let reasons: Vec<String> = j["requests"]["by_reason"]
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| v.as_u64() != Some(0))
                .map(|(k, v)| format!("{k} {v}"))
                .collect()
        })
        .unwrap_or_default();
    out += &format!(
        "\nrequests {} ok {} failed {}{}\nlatency p50 {} ms, p99 {} ms\ncost ${:.2}, revenue ${:.2}\nSCORE {}\n",
        j["requests"]["total"],
        j["requests"]["ok"],
        j["requests"]["failed"],
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        },
        j["latency_ms"]["p50"],
        j["latency_ms"]["p99"],
        j["cost_usd"].as_f64().unwrap_or(0.0),
        j["revenue_usd"].as_f64().unwrap_or(0.0),
        j["score"]
    );
    out += &format!(
        "instances running {}, healthy targets {}, trail events {}, command errors {}\n",
        j["instances_running"], j["healthy_targets"], j["trail_events"], j["command_errors"]
    );
    out += "\nestate at the end:\n";
    for (id, name, kind) in &r.resources {
        out += &format!("  {kind:<19} {name:<22} {id}\n");
    }
    out
}
