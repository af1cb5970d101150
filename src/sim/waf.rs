//! AWS WAF: web ACLs with rate-based and IP-set rules in front of an ALB or a CloudFront
//! distribution, what they block of each request class, their metrics and their price.

use super::command::{ApiError, WafAction, WafRule, WafStatement};
use super::world::with_query;
use crate::scenario::{PriceSpec, RequestClass};
use bevy::prelude::*;
use std::collections::VecDeque;

/// The lowest `Limit` a rate-based rule accepts (AWS WAF developer guide, "Rate-based rule
/// high-level settings": "The lowest limit setting allowed is 10"; it was 100 before 2024).
pub const RATE_LIMIT_MIN: u64 = 10;
/// The highest `Limit` (2,000,000,000).
pub const RATE_LIMIT_MAX: u64 = 2_000_000_000;
/// Valid `EvaluationWindowSec` values; 300 is the default.
pub const EVALUATION_WINDOWS: [u32; 4] = [60, 120, 300, 600];
/// Hours in a month, for prorating monthly prices.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Minutes of WAF datapoints kept.
const HISTORY_MINUTES: usize = 1440;

/// A web ACL (spawned with its ARN as its `AwsId`). Default action: Allow.
#[derive(Component, Clone, Debug)]
pub struct WebAcl {
    pub name: String,
    /// `REGIONAL` or `CLOUDFRONT`.
    pub scope: String,
    pub id: String,
    pub lock_token: String,
    pub rules: Vec<WafRule>,
    /// The entity of the ALB or distribution it protects.
    pub associated: Option<Entity>,
}

/// An IP set (spawned with its ARN as its `AwsId`).
#[derive(Component, Clone, Debug)]
pub struct IpSet {
    pub name: String,
    pub scope: String,
    pub id: String,
    pub addresses: Vec<crate::data::cidr::Cidr>,
}

/// `AWS/WAFV2` metrics: this tick's counts and one datapoint a minute.
#[derive(Resource, Clone, Debug, Default)]
pub struct WafStats {
    pub tick_allowed: u64,
    pub tick_blocked: u64,
    /// Customers (not bot classes) blocked this tick: false positives.
    pub tick_blocked_customers: u64,
    pub minute_allowed: u64,
    pub minute_blocked: u64,
    pub run_allowed: u64,
    pub run_blocked: u64,
    pub run_blocked_customers: u64,
    /// `(minute, AllowedRequests, BlockedRequests)`.
    pub history: VecDeque<(u32, u64, u64)>,
}

impl WafStats {
    /// Counts one tick's inspection.
    pub fn record(&mut self, allowed: u64, blocked: u64, blocked_customers: u64) {
        self.tick_allowed += allowed;
        self.tick_blocked += blocked;
        self.tick_blocked_customers += blocked_customers;
        self.minute_allowed += allowed;
        self.minute_blocked += blocked;
        self.run_allowed += allowed;
        self.run_blocked += blocked;
        self.run_blocked_customers += blocked_customers;
    }

    /// Called at the start of a tick.
    pub fn start_tick(&mut self) {
        self.tick_allowed = 0;
        self.tick_blocked = 0;
        self.tick_blocked_customers = 0;
    }

    /// Closes a minute's datapoint.
    pub fn close_minute(&mut self, minute: u32) {
        self.history
            .push_back((minute, self.minute_allowed, self.minute_blocked));
        self.minute_allowed = 0;
        self.minute_blocked = 0;
        while self.history.len() > HISTORY_MINUTES {
            self.history.pop_front();
        }
    }
}

/// The fraction of a class's requests a web ACL blocks, given the class's current rate.
/// A rate-based rule counts requests per client IP over its window; an IP over the limit is
/// blocked for as long as it stays over, so a class whose IPs each send more than the limit
/// is blocked whole (customers behind one NAT included), and one under it passes whole.
pub fn blocked_fraction(
    acl: &WebAcl,
    class: &RequestClass,
    class_rps: f64,
    ip_sets: &[(String, Vec<crate::data::cidr::Cidr>)],
) -> f64 {
    let source = class
        .source_cidr
        .as_deref()
        .and_then(|c| crate::data::cidr::Cidr::parse(c).ok());
    let mut rules: Vec<&WafRule> = acl.rules.iter().collect();
    rules.sort_by_key(|r| r.priority);
    for rule in rules {
        let matches = match &rule.statement {
            WafStatement::RateBased {
                limit,
                evaluation_window_sec,
            } => {
                let per_ip = class_rps * *evaluation_window_sec as f64 / class.client_ips.max(1.0);
                per_ip > *limit as f64
            }
            WafStatement::IpSetReference { arn } => source.is_some_and(|src| {
                ip_sets
                    .iter()
                    .filter(|(a, _)| a == arn)
                    .any(|(_, cidrs)| cidrs.iter().any(|c| c.contains(src)))
            }),
        };
        if matches && rule.action == WafAction::Block {
            return 1.0;
        }
    }
    0.0
}

/// Fixed monthly price of an ACL and its rules, per hour.
pub fn acl_hourly(acl: &WebAcl, prices: &PriceSpec) -> f64 {
    (prices.waf_web_acl_month + prices.waf_rule_month * acl.rules.len() as f64) / HOURS_PER_MONTH
}

/// Inspects this tick's arrivals with the web ACL associated with `target` (an ALB or a
/// distribution), if any: blocked requests are removed from `arrivals` and counted.
/// `rates` are the classes' expected requests per second at this point of the path.
/// Returns the fraction of each class blocked (all zero without an ACL).
pub fn inspect(
    world: &mut World,
    target: Entity,
    classes: &[RequestClass],
    rates: &[f64],
    arrivals: &mut [u64],
) -> Vec<f64> {
    let mut fractions = vec![0.0; arrivals.len()];
    let acl = {
        with_query::<&WebAcl, (), _>(world, |world, q| {
            q.iter(world)
                .find(|a| a.associated == Some(target))
                .cloned()
        })
    };
    let Some(acl) = acl else { return fractions };
    let ip_sets: Vec<(String, Vec<crate::data::cidr::Cidr>)> = {
        let mut q = world.query::<(&super::ids::AwsId, &IpSet)>();
        q.iter(world)
            .map(|(id, s)| (id.0.clone(), s.addresses.clone()))
            .collect()
    };
    let (mut allowed, mut blocked, mut customers) = (0, 0, 0);
    for (c, n) in arrivals.iter_mut().enumerate() {
        let Some(class) = classes.get(c) else {
            continue;
        };
        let rate = rates.get(c).copied().unwrap_or(0.0);
        fractions[c] = blocked_fraction(&acl, class, rate, &ip_sets);
        let b = (*n as f64 * fractions[c]).round() as u64;
        let b = b.min(*n);
        *n -= b;
        allowed += *n;
        blocked += b;
        if !class.bot {
            customers += b;
        }
    }
    if let Some(mut s) = world.get_resource_mut::<WafStats>() {
        s.record(allowed, blocked, customers);
    }
    fractions
}

/// Closes the `AWS/WAFV2` minute with CloudWatch's minute.
pub fn close_waf_minute(world: &mut World) {
    let Some(clock) = world.get_resource::<super::clock::SimClock>() else {
        return;
    };
    let end = clock.now + super::clock::TICK_SECONDS;
    if !(end as u64).is_multiple_of(60) {
        return;
    }
    let minute = (end / 60.0) as u32 - 1;
    if let Some(mut s) = world.get_resource_mut::<WafStats>() {
        s.close_minute(minute);
    }
}

/// What the account's web ACLs cost per hour: the monthly ACL and rule prices, and the
/// requests inspected this tick at the per-million price.
pub fn waf_cost_rate(world: &mut World, prices: &PriceSpec) -> f64 {
    let mut rate = 0.0;
    with_query::<&WebAcl, (), _>(world, |world, q| {
        for acl in q.iter(world) {
            rate += acl_hourly(acl, prices);
        }
    });
    if let Some(s) = world.get_resource::<WafStats>() {
        let inspected = (s.tick_allowed + s.tick_blocked) as f64;
        rate +=
            inspected / super::clock::TICK_SECONDS * 3600.0 / 1e6 * prices.waf_per_million_requests;
    }
    rate
}

/// A new round: no requests inspected yet.
pub fn reset(world: &mut World) {
    world.insert_resource(WafStats::default());
}

/// WAF's check of `--scope`: `REGIONAL` (an ALB) or `CLOUDFRONT`, else AWS's error.
pub fn check_scope(scope: &str) -> Result<(), ApiError> {
    if scope == "REGIONAL" || scope == "CLOUDFRONT" {
        Ok(())
    } else {
        Err(ApiError::new(
            "WAFInvalidParameterException",
            format!(
                "Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: {scope}"
            ),
        ))
    }
}
