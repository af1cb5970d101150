//! Managed services in the request path beyond EC2 and ELB: CloudFront distributions and
//! cache policies, ElastiCache clusters. Their components, list prices and what they do to
//! traffic (the traffic model asks these functions).

use super::model::{Dns, DnsTarget};
use super::world::with_query;
use crate::scenario::RequestClass;
use bevy::prelude::*;

/// AWS's managed `CachingOptimized` policy: query strings, headers and cookies are not in
/// the cache key.
pub const MANAGED_CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";
/// AWS's managed `CachingDisabled` policy.
pub const MANAGED_CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/// Seconds a new or updated distribution takes to deploy to the edge.
pub const DISTRIBUTION_DEPLOY_SECONDS: f64 = 240.0;
/// Seconds an edge cache takes to fill after a deployment.
pub const EDGE_WARMUP_SECONDS: f64 = 120.0;
/// Latency of a request answered from an edge location.
pub const EDGE_LATENCY_SECONDS: f64 = 0.015;
/// Seconds a cache cluster takes to become available.
pub const CACHE_CLUSTER_CREATE_SECONDS: f64 = 300.0;

/// A CloudFront distribution.
#[derive(Component, Clone, Debug)]
pub struct Distribution {
    /// `dxxxxxxxxxxxxx.cloudfront.net`.
    pub domain_name: String,
    /// The origin's DNS name (a load balancer).
    pub origin_domain_name: String,
    /// `DefaultRootObject` (empty: none); the site's requests name their paths, so it only
    /// shows in the configuration.
    pub default_root_object: String,
    pub cache_policy_id: String,
    pub query_strings_in_key: bool,
    pub caching_disabled: bool,
    /// The domain answers from this time (the first deployment).
    pub serving_at: f64,
    /// The edge caches started filling under the current policy at this time.
    pub warm_since: f64,
    /// A configuration change still deploying: the old one serves meanwhile.
    pub pending: Option<PendingConfig>,
}

#[derive(Clone, Debug)]
pub struct PendingConfig {
    pub at: f64,
    pub cache_policy_id: String,
    pub query_strings_in_key: bool,
    pub caching_disabled: bool,
}

impl Distribution {
    /// `InProgress` while a deployment runs, `Deployed` after.
    pub fn status(&self, now: f64) -> &'static str {
        if now < self.serving_at || self.pending.as_ref().is_some_and(|p| now < p.at) {
            "InProgress"
        } else {
            "Deployed"
        }
    }

    /// Applies a configuration whose deployment has finished.
    pub fn settle(&mut self, now: f64) {
        if let Some(p) = self.pending.take_if(|p| now >= p.at) {
            self.cache_policy_id = p.cache_policy_id;
            self.query_strings_in_key = p.query_strings_in_key;
            self.caching_disabled = p.caching_disabled;
            self.warm_since = p.at;
        }
    }

    /// How full the edge caches are, 0..1 (linear over the warm-up).
    pub fn warmth(&self, now: f64) -> f64 {
        ((now - self.warm_since) / EDGE_WARMUP_SECONDS).clamp(0.0, 1.0)
    }
}

/// A cache policy the team created.
#[derive(Component, Clone, Debug)]
pub struct CachePolicy {
    pub name: String,
    pub query_strings_in_key: bool,
    pub default_ttl: u32,
}

/// An ElastiCache (Redis or Memcached) cluster.
#[derive(Component, Clone, Debug)]
pub struct CacheCluster {
    pub engine: String,
    pub node_type: String,
    pub nodes: u32,
    pub available_at: f64,
}

impl CacheCluster {
    pub fn status(&self, now: f64) -> &'static str {
        if now >= self.available_at {
            "available"
        } else {
            "creating"
        }
    }
}

/// On-demand $/hour per ElastiCache node (us-east-1).
pub const CACHE_NODE_TYPES: &[(&str, f64)] = &[
    ("cache.t3.micro", 0.017),
    ("cache.t3.small", 0.034),
    ("cache.t3.medium", 0.068),
    ("cache.m5.large", 0.156),
    ("cache.r5.large", 0.216),
];

pub fn cache_node_price(node_type: &str) -> Option<f64> {
    CACHE_NODE_TYPES
        .iter()
        .find(|(n, _)| *n == node_type)
        .map(|(_, p)| *p)
}

/// The fraction of a class's requests a warm edge cache answers. Checkout (POST, touches
/// the database) and bots (cache-busting) are never cached; pages with query strings are
/// cached only when the query string is in the cache key (otherwise the origin must see
/// every search).
pub fn edge_hit_ratio(class: &RequestClass, d: &Distribution) -> f64 {
    if d.caching_disabled || class.bot || class.touches_db {
        0.0
    } else if class.query_strings {
        if d.query_strings_in_key { 0.8 } else { 0.0 }
    } else if class.static_content {
        0.95
    } else {
        0.3
    }
}

/// The distribution the shop's hostname points at, if any.
pub fn serving_distribution(world: &mut World) -> Option<Entity> {
    let Some(DnsTarget::Alias(name)) = world.resource::<Dns>().target.clone() else {
        return None;
    };
    with_query::<(Entity, &Distribution), (), _>(world, |world, q| {
        q.iter(world)
            .find(|(_, d)| d.domain_name.eq_ignore_ascii_case(&name))
            .map(|(e, _)| e)
    })
}

/// Fraction of a database-touching request's CPU time left when a warm Redis cache answers
/// most reads (80% hits, the database work being 70% of the request).
pub const DB_CACHE_SERVICE_FACTOR: f64 = 1.0 - 0.8 * 0.7;

/// True when an available cache cluster serves the application.
pub fn cache_available(world: &mut World, now: f64) -> bool {
    with_query::<&CacheCluster, (), _>(world, |world, q| {
        q.iter(world).any(|c| now >= c.available_at)
    })
}
