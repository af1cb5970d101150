//! CloudFront calls: distributions in front of the load balancer, and cache policies.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::ids::IdRegistry;
use crate::sim::model::*;
use crate::sim::services::{
    CachePolicy, DISTRIBUTION_DEPLOY_SECONDS, Distribution, MANAGED_CACHING_DISABLED,
    MANAGED_CACHING_OPTIMIZED, PendingConfig,
};
use crate::sim::world::*;
use bevy::prelude::*;

fn hex_token(world: &mut World, prefix: &'static str) -> String {
    let id = world.resource_mut::<IdRegistry>().new_short_id(prefix);
    id.trim_start_matches(prefix)
        .trim_start_matches("-0")
        .to_string()
}

fn find_distribution(world: &World, id: &str) -> Result<Entity, ApiError> {
    find::<Distribution>(world, id).ok_or_else(|| {
        ApiError::new(
            "NoSuchDistribution",
            format!("The specified distribution does not exist: {id}"),
        )
    })
}

/// What a cache policy does to the distribution: (query strings in the cache key, caching
/// disabled); `NoSuchCachePolicy` for a policy that does not exist.
fn policy_effect(world: &World, cache_policy_id: &str) -> Result<(bool, bool), ApiError> {
    match cache_policy_id {
        MANAGED_CACHING_OPTIMIZED => Ok((false, false)),
        MANAGED_CACHING_DISABLED => Ok((false, true)),
        other => match find::<CachePolicy>(world, other) {
            Some(p) => Ok((
                world.get::<CachePolicy>(p).unwrap().query_strings_in_key,
                false,
            )),
            None => Err(ApiError::new(
                "NoSuchCachePolicy",
                format!("The cache policy does not exist: {other}"),
            )),
        },
    }
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    let now = now(world);
    match command {
        C::CreateDistribution {
            origin_domain_name,
            default_root_object,
            cache_policy_id,
        } => {
            let policy = cache_policy_id
                .clone()
                .unwrap_or_else(|| MANAGED_CACHING_OPTIMIZED.into());
            let (qs, disabled) = policy_effect(world, &policy)?;
            let origin = origin_domain_name.trim_end_matches('.').to_lowercase();
            let exists = all::<LoadBalancer>(world).into_iter().any(|e| {
                world
                    .get::<LoadBalancer>(e)
                    .unwrap()
                    .dns_name
                    .eq_ignore_ascii_case(&origin)
            });
            if !exists {
                return Err(ApiError::new(
                    "InvalidOrigin",
                    format!("The specified origin server does not exist or is not valid: {origin}"),
                ));
            }
            let token = hex_token(world, "dist").to_uppercase();
            let id = format!("E{}", &token[token.len().saturating_sub(13)..]);
            let domain_name = format!(
                "d{}.cloudfront.net",
                &token[token.len().saturating_sub(13)..].to_lowercase()
            );
            let d = Distribution {
                domain_name: domain_name.clone(),
                origin_domain_name: origin,
                default_root_object: default_root_object.clone().unwrap_or_default(),
                cache_policy_id: policy,
                query_strings_in_key: qs,
                caching_disabled: disabled,
                serving_at: now + DISTRIBUTION_DEPLOY_SECONDS,
                warm_since: now + DISTRIBUTION_DEPLOY_SECONDS,
                pending: None,
            };
            spawn_resource(world, id.clone(), &domain_name, principal, d);
            Ok(ApiResponse::ids(vec![id, domain_name]))
        }
        C::CreateCachePolicy {
            name,
            query_strings_in_key,
            default_ttl,
        } => {
            if name.is_empty() || name.len() > 128 {
                return Err(ApiError::new(
                    "InvalidArgument",
                    "The cache policy name must be 1 to 128 characters",
                ));
            }
            let taken = all::<CachePolicy>(world)
                .into_iter()
                .any(|e| world.get::<CachePolicy>(e).unwrap().name == *name);
            if taken {
                return Err(ApiError::new(
                    "CachePolicyAlreadyExists",
                    format!("A cache policy with the name {name} already exists"),
                ));
            }
            let t = format!(
                "{:0>16}{:0>16}",
                hex_token(world, "cp"),
                hex_token(world, "cp")
            );
            let id = format!(
                "{}-{}-{}-{}-{}",
                &t[0..8],
                &t[8..12],
                &t[12..16],
                &t[16..20],
                &t[20..32]
            );
            let p = CachePolicy {
                name: name.clone(),
                query_strings_in_key: *query_strings_in_key,
                default_ttl: *default_ttl,
            };
            spawn_resource(world, id.clone(), name, principal, p);
            Ok(ApiResponse::one(id))
        }
        C::UpdateDistribution {
            id,
            cache_policy_id: None,
            default_root_object,
        } => {
            let e = find_distribution(world, id)?;
            let mut d = world.get_mut::<Distribution>(e).unwrap();
            d.default_root_object = default_root_object.clone().unwrap_or_default();
            Ok(ApiResponse::one(id.clone()))
        }
        C::UpdateDistribution {
            id,
            cache_policy_id: Some(cache_policy_id),
            default_root_object,
        } => {
            let e = find_distribution(world, id)?;
            let (qs, disabled) = policy_effect(world, cache_policy_id)?;
            let mut d = world.get_mut::<Distribution>(e).unwrap();
            d.settle(now);
            if d.pending.is_some() {
                return Err(ApiError::new(
                    "PreconditionFailed",
                    "The distribution is still deploying the previous change",
                ));
            }
            if let Some(root) = default_root_object {
                d.default_root_object = root.clone();
            }
            // A configuration change redeploys to the edge; the old one serves meanwhile,
            // and the caches refill under the new cache key after.
            d.pending = Some(PendingConfig {
                at: now.max(d.serving_at) + DISTRIBUTION_DEPLOY_SECONDS,
                cache_policy_id: cache_policy_id.clone(),
                query_strings_in_key: qs,
                caching_disabled: disabled,
            });
            Ok(ApiResponse::one(id.clone()))
        }
        C::DeleteDistribution { id } => {
            let e = find_distribution(world, id)?;
            let domain = world.get::<Distribution>(e).unwrap().domain_name.clone();
            let serving = matches!(&world.resource::<Dns>().target,
                Some(DnsTarget::Alias(n)) if n.eq_ignore_ascii_case(&domain));
            if serving {
                return Err(ApiError::new(
                    "DistributionNotDisabled",
                    "The distribution you are trying to delete has not been disabled: the \
                     hostname still points at it",
                ));
            }
            despawn_resource(world, e);
            Ok(ApiResponse::one(id.clone()))
        }
        _ => unreachable!("not a CloudFront command"),
    }
}
