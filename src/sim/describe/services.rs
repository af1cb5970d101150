//! The managed services' reads: CloudFront's `list-distributions` / `get-distribution`,
//! ElastiCache's `describe-cache-clusters` and ECS's `list-clusters`, `describe-clusters`,
//! `list-services` and `describe-services`, in AWS's shapes (ECS's in its camelCase).

use crate::sim::clock::SimClock;
use crate::sim::command::ApiError;
use crate::sim::ecs::{EcsCluster, EcsService};
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::services::{CacheCluster, CachePolicy, Distribution};
use crate::sim::world::{all, find, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// A distribution's summary fields and configuration, as it will be once deployed.
fn distribution_fields(world: &World, e: Entity) -> Option<(String, Value, Value)> {
    let d = world.get::<Distribution>(e)?;
    let now = world.resource::<SimClock>().now;
    let id = id_of(world, e);
    let policy = d
        .pending
        .as_ref()
        .map_or(d.cache_policy_id.as_str(), |p| p.cache_policy_id.as_str());
    let origin_id = format!("{}-origin", d.origin_domain_name);
    let config = json!({
        "Origins": {"Quantity": 1, "Items": [{
            "Id": origin_id,
            "DomainName": d.origin_domain_name,
        }]},
        "DefaultCacheBehavior": {
            "TargetOriginId": origin_id,
            "CachePolicyId": policy,
        },
        "DefaultRootObject": d.default_root_object,
        "Enabled": true,
    });
    let head = json!({
        "Id": id,
        "ARN": format!("arn:aws:cloudfront::{ACCOUNT_ID}:distribution/{id}"),
        "Status": d.status(now),
        "DomainName": d.domain_name,
    });
    Some((id, head, config))
}

/// `aws cloudfront list-distributions`.
pub(super) fn distributions(world: &mut World) -> Value {
    let items: Vec<Value> = all::<Distribution>(world)
        .into_iter()
        .filter_map(|e| {
            let (_, mut item, config) = distribution_fields(world, e)?;
            for (k, v) in config.as_object()? {
                item[k] = v.clone();
            }
            Some(item)
        })
        .collect();
    json!({ "DistributionList": {
        "Marker": "",
        "MaxItems": 100,
        "IsTruncated": false,
        "Quantity": items.len(),
        "Items": items,
    }})
}

/// A CloudFront `ETag`: `E` and 13 letters and digits drawn from a hash of what it tags,
/// so that it changes exactly when the configuration does.
fn etag(tagged: &Value) -> String {
    // FNV-1a over the JSON text: portable and stable across runs
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in tagged.to_string().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let tail: String = (0..13)
        .map(|k| DIGITS[((h >> (k * 5)) & 31) as usize] as char)
        .collect();
    format!("E{tail}")
}

/// A distribution's `Distribution` (with its `DistributionConfig`) and its `ETag`: what
/// `get-distribution`, `create-distribution` and `update-distribution` answer.
pub(crate) fn distribution_with_etag(world: &World, e: Entity) -> Option<(Value, String)> {
    let (_, mut d, config) = distribution_fields(world, e)?;
    let tag = etag(&json!([d["Id"], config]));
    d["DistributionConfig"] = config;
    Some((d, tag))
}

/// `aws cloudfront get-distribution --id`.
pub(super) fn distribution(world: &World, id: &str) -> Result<Value, ApiError> {
    let (d, tag) = find::<Distribution>(world, id)
        .and_then(|e| distribution_with_etag(world, e))
        .ok_or_else(|| {
            ApiError::new(
                "NoSuchDistribution",
                format!("The specified distribution does not exist: {id}"),
            )
        })?;
    Ok(json!({ "ETag": tag, "Distribution": d }))
}

/// A cache policy's `CachePolicy` (`Id`, `CachePolicyConfig` as GameDay models it) and its
/// `ETag`, as `create-cache-policy` answers.
pub(crate) fn cache_policy_with_etag(world: &World, e: Entity) -> Option<(Value, String)> {
    let p = world.get::<CachePolicy>(e)?;
    let behavior = if p.query_strings_in_key {
        "all"
    } else {
        "none"
    };
    let policy = json!({
        "Id": id_of(world, e),
        "CachePolicyConfig": {
            "Name": p.name,
            "DefaultTTL": p.default_ttl,
            "ParametersInCacheKeyAndForwardedToOrigin": {
                "QueryStringsConfig": {"QueryStringBehavior": behavior},
            },
        },
    });
    let tag = etag(&policy);
    Some((policy, tag))
}

/// One `CacheClusters[]` item.
pub(crate) fn cache_cluster(world: &World, e: Entity) -> Option<Value> {
    let c = world.get::<CacheCluster>(e)?;
    let now = world.resource::<SimClock>().now;
    let id = id_of(world, e);
    Some(json!({
        "CacheClusterId": id,
        "CacheNodeType": c.node_type,
        "Engine": c.engine,
        "CacheClusterStatus": c.status(now),
        "NumCacheNodes": c.nodes,
        "PendingModifiedValues": {},
        "ARN": format!("arn:aws:elasticache:{REGION}:{ACCOUNT_ID}:cluster:{id}"),
    }))
}

/// `aws elasticache describe-cache-clusters [--cache-cluster-id]`.
pub(super) fn cache_clusters(world: &mut World, id: Option<&str>) -> Result<Value, ApiError> {
    let found = match id {
        Some(id) => vec![find::<CacheCluster>(world, id).ok_or_else(|| {
            ApiError::new(
                "CacheClusterNotFound",
                format!("CacheCluster not found: {id}"),
            )
        })?],
        None => all::<CacheCluster>(world),
    };
    let items: Vec<Value> = found
        .into_iter()
        .filter_map(|e| cache_cluster(world, e))
        .collect();
    Ok(json!({ "CacheClusters": items }))
}

/// A cluster by name or ARN.
fn cluster_named<'w>(world: &'w World, name_or_arn: &str) -> Option<&'w EcsCluster> {
    let name = name_or_arn.rsplit('/').next().unwrap_or(name_or_arn);
    world.get::<EcsCluster>(find::<EcsCluster>(world, name)?)
}

fn services_of(world: &mut World, cluster: &str) -> Vec<EcsService> {
    all::<EcsService>(world)
        .into_iter()
        .filter_map(|e| world.get::<EcsService>(e).cloned())
        .filter(|s| s.cluster == cluster)
        .collect()
}

/// `aws ecs list-clusters`.
pub(super) fn list_clusters(world: &mut World) -> Value {
    let arns: Vec<String> = all::<EcsCluster>(world)
        .into_iter()
        .filter_map(|e| Some(world.get::<EcsCluster>(e)?.arn.clone()))
        .collect();
    json!({ "clusterArns": arns })
}

/// One `clusters[]` item (`create-cluster` answers it as `cluster`).
pub(crate) fn cluster(world: &mut World, c: &EcsCluster) -> Value {
    let services = services_of(world, &c.name);
    json!({
        "clusterArn": c.arn,
        "clusterName": c.name,
        "status": "ACTIVE",
        "runningTasksCount": services.iter().map(|s| s.running_count).sum::<u32>(),
        "activeServicesCount": services.len(),
    })
}

/// One `services[]` item (`create-service` and `update-service` answer it as `service`).
pub(crate) fn service(s: &EcsService, cluster_arn: &str) -> Value {
    let task_definition = if s.task_definition.is_empty() {
        String::new()
    } else if s.task_definition.starts_with("arn:") {
        s.task_definition.clone()
    } else {
        format!(
            "arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task-definition/{}",
            s.task_definition
        )
    };
    json!({
        "serviceArn": s.arn,
        "serviceName": s.name,
        "clusterArn": cluster_arn,
        "status": "ACTIVE",
        "desiredCount": s.desired_count,
        "runningCount": s.running_count,
        "taskDefinition": task_definition,
        "launchType": "EC2",
        "deploymentController": {"type": if s.external { "EXTERNAL" } else { "ECS" }},
    })
}

/// `aws ecs describe-clusters [--clusters]`: the ones missing are `failures`, as ECS answers.
pub(super) fn describe_clusters(world: &mut World, names: &[String]) -> Value {
    let wanted = if names.is_empty() {
        vec!["default".to_string()]
    } else {
        names.to_vec()
    };
    let (mut clusters, mut failures) = (vec![], vec![]);
    for n in &wanted {
        let Some(c) = cluster_named(world, n).cloned() else {
            let arn = if n.starts_with("arn:") {
                n.clone()
            } else {
                format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:cluster/{n}")
            };
            failures.push(json!({"arn": arn, "reason": "MISSING"}));
            continue;
        };
        clusters.push(cluster(world, &c));
    }
    json!({ "clusters": clusters, "failures": failures })
}

fn cluster_not_found() -> ApiError {
    ApiError::new("ClusterNotFoundException", "Cluster not found.")
}

/// `aws ecs list-services [--cluster]`.
pub(super) fn list_services(world: &mut World, cluster: Option<&str>) -> Result<Value, ApiError> {
    let c = cluster_named(world, cluster.unwrap_or("default"))
        .cloned()
        .ok_or_else(cluster_not_found)?;
    let arns: Vec<String> = services_of(world, &c.name)
        .into_iter()
        .map(|s| s.arn)
        .collect();
    Ok(json!({ "serviceArns": arns }))
}

/// `aws ecs describe-services [--cluster] --services`: services by name or ARN; the ones
/// missing are `failures`.
pub(super) fn describe_services(
    world: &mut World,
    cluster: Option<&str>,
    names: &[String],
) -> Result<Value, ApiError> {
    let c = cluster_named(world, cluster.unwrap_or("default"))
        .cloned()
        .ok_or_else(cluster_not_found)?;
    let all = services_of(world, &c.name);
    let (mut services, mut failures) = (vec![], vec![]);
    for n in names {
        let Some(s) = all.iter().find(|s| s.name == *n || s.arn == *n) else {
            let arn = if n.starts_with("arn:") {
                n.clone()
            } else {
                format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:service/{}/{n}", c.name)
            };
            failures.push(json!({"arn": arn, "reason": "MISSING"}));
            continue;
        };
        services.push(service(s, &c.arn));
    }
    Ok(json!({ "services": services, "failures": failures }))
}
