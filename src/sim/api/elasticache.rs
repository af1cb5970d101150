//! ElastiCache calls: a Redis/Memcached cluster the application can cache database reads in.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::services::{
    CACHE_CLUSTER_CREATE_SECONDS, CACHE_NODE_TYPES, CacheCluster, cache_node_price,
};
use crate::sim::world::*;
use bevy::prelude::*;

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    let now = now(world);
    match command {
        C::CreateCacheCluster {
            cache_cluster_id,
            engine,
            cache_node_type,
            num_cache_nodes,
        } => {
            let valid_id = !cache_cluster_id.is_empty()
                && cache_cluster_id.len() <= 50
                && cache_cluster_id
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && cache_cluster_id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !cache_cluster_id.ends_with('-')
                && !cache_cluster_id.contains("--");
            if !valid_id {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "The parameter CacheClusterIdentifier must begin with a letter, contain only \
                     ASCII letters, digits and hyphens, and be at most 50 characters",
                ));
            }
            if !matches!(engine.as_str(), "redis" | "memcached" | "valkey") {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid engine: {engine}; use redis, valkey or memcached"),
                ));
            }
            if cache_node_price(cache_node_type).is_none() {
                let known: Vec<&str> = CACHE_NODE_TYPES.iter().map(|(n, _)| *n).collect();
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!(
                        "Invalid CacheNodeType: {cache_node_type} (GameDay offers {})",
                        known.join(", ")
                    ),
                ));
            }
            if *num_cache_nodes == 0 || (engine != "memcached" && *num_cache_nodes != 1) {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "Cannot create a Redis cluster with a NumCacheNodes parameter greater than 1",
                ));
            }
            if find::<CacheCluster>(world, cache_cluster_id).is_some() {
                return Err(ApiError::new(
                    "CacheClusterAlreadyExists",
                    format!("Cache cluster {cache_cluster_id} already exists"),
                ));
            }
            let c = CacheCluster {
                engine: engine.clone(),
                node_type: cache_node_type.clone(),
                nodes: *num_cache_nodes,
                available_at: now + CACHE_CLUSTER_CREATE_SECONDS,
            };
            spawn_resource(
                world,
                cache_cluster_id.clone(),
                cache_cluster_id,
                principal,
                c,
            );
            Ok(ApiResponse::one(cache_cluster_id.clone()))
        }
        C::DeleteCacheCluster { cache_cluster_id } => {
            let Some(e) = find::<CacheCluster>(world, cache_cluster_id) else {
                return Err(ApiError::new(
                    "CacheClusterNotFound",
                    format!("CacheCluster not found: {cache_cluster_id}"),
                ));
            };
            despawn_resource(world, e);
            Ok(ApiResponse::one(cache_cluster_id.clone()))
        }
        _ => unreachable!("not an ElastiCache command"),
    }
}
