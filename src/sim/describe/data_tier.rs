//! The data tier's reads: `rds describe-db-instances` (`DBInstances[]` with
//! `DBInstanceStatus`, `MultiAZ`, `Endpoint`, `PendingModifiedValues`,
//! `PreferredMaintenanceWindow`, …) and SQS's
//! `list-queues`, `get-queue-url` and `get-queue-attributes`, in AWS's shapes.

use crate::sim::clock::SimClock;
use crate::sim::command::ApiError;
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::rds::DbInstance;
use crate::sim::sqs::Queue;
use crate::sim::world::{all, find};
use bevy::prelude::*;
use serde_json::{Map, Value, json};

/// One `DBInstances[]` item.
pub(super) fn db_instance(world: &World, e: Entity) -> Option<Value> {
    let db = world.get::<DbInstance>(e)?;
    let now = world.resource::<SimClock>().now;
    let port = if db.engine == "mysql" { 3306 } else { 5432 };
    // what is under way, and over it what waits for the maintenance window
    let mut pending = Map::new();
    for p in db.pending.iter().chain(&db.deferred) {
        if let Some(c) = &p.class {
            pending.insert("DBInstanceClass".into(), json!(c));
        }
        if let Some(m) = p.multi_az {
            pending.insert("MultiAZ".into(), json!(m));
        }
    }
    let mut v = json!({
        "DBInstanceIdentifier": db.identifier,
        "DBInstanceClass": db.class,
        "Engine": db.engine,
        "DBInstanceStatus": db.status(now),
        "Endpoint": {
            "Address": format!("{}.c9akciq32.{REGION}.rds.amazonaws.com", db.identifier),
            "Port": port,
        },
        "MultiAZ": db.multi_az,
        "PendingModifiedValues": pending,
        "DBInstanceArn": format!("arn:aws:rds:{REGION}:{ACCOUNT_ID}:db:{}", db.identifier),
    });
    if let Some(w) = &db.maintenance_window {
        v["PreferredMaintenanceWindow"] = json!(w.text);
    }
    Some(v)
}

/// `aws rds describe-db-instances [--db-instance-identifier]`.
pub(super) fn db_instances(world: &mut World, id: Option<&str>) -> Result<Value, ApiError> {
    let found: Vec<Entity> = match id {
        Some(id) => vec![find::<DbInstance>(world, id).ok_or_else(|| {
            ApiError::new("DBInstanceNotFound", format!("DBInstance {id} not found."))
        })?],
        None => all::<DbInstance>(world),
    };
    let items: Vec<Value> = found
        .into_iter()
        .filter_map(|e| db_instance(world, e))
        .collect();
    Ok(json!({ "DBInstances": items }))
}

fn no_queue() -> ApiError {
    ApiError::new(
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
    )
}

/// `aws sqs list-queues [--queue-name-prefix]`: AWS leaves `QueueUrls` out when none match.
pub(super) fn queues(world: &mut World, prefix: Option<&str>) -> Value {
    let urls: Vec<String> = all::<Queue>(world)
        .into_iter()
        .filter_map(|e| world.get::<Queue>(e))
        .filter(|q| prefix.is_none_or(|p| q.name.starts_with(p)))
        .map(|q| q.url.clone())
        .collect();
    if urls.is_empty() {
        json!({})
    } else {
        json!({ "QueueUrls": urls })
    }
}

/// `aws sqs get-queue-url --queue-name`.
pub(super) fn queue_url(world: &mut World, name: &str) -> Result<Value, ApiError> {
    all::<Queue>(world)
        .into_iter()
        .filter_map(|e| world.get::<Queue>(e))
        .find(|q| q.name == name)
        .map(|q| json!({ "QueueUrl": q.url }))
        .ok_or_else(no_queue)
}

/// The attributes GameDay models, as SQS names them (values are strings, as SQS gives them).
const QUEUE_ATTRIBUTES: &[&str] = &[
    "QueueArn",
    "ApproximateNumberOfMessages",
    "VisibilityTimeout",
    "MessageRetentionPeriod",
];

/// SQS's own attribute names; those GameDay does not model are answered by leaving them out.
const SQS_ATTRIBUTES: &[&str] = &[
    "All",
    "Policy",
    "VisibilityTimeout",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
    "ApproximateNumberOfMessagesDelayed",
    "DelaySeconds",
    "ReceiveMessageWaitTimeSeconds",
    "RedrivePolicy",
    "FifoQueue",
    "ContentBasedDeduplication",
    "KmsMasterKeyId",
    "KmsDataKeyReusePeriodSeconds",
    "DeduplicationScope",
    "FifoThroughputLimit",
    "RedriveAllowPolicy",
    "SqsManagedSseEnabled",
];

/// `aws sqs get-queue-attributes --queue-url [--attribute-names All | Name …]`: without
/// names, SQS answers no attributes at all.
pub(super) fn queue_attributes(
    world: &World,
    url: &str,
    names: &[String],
) -> Result<Value, ApiError> {
    if let Some(bad) = names.iter().find(|n| !SQS_ATTRIBUTES.contains(&n.as_str())) {
        return Err(ApiError::new(
            "InvalidAttributeName",
            format!("Unknown Attribute {bad}."),
        ));
    }
    let e = find::<Queue>(world, url).ok_or_else(no_queue)?;
    let q = world.get::<Queue>(e).ok_or_else(no_queue)?;
    let every = names.iter().any(|n| n == "All");
    let mut out = Map::new();
    for &name in QUEUE_ATTRIBUTES {
        if !every && !names.iter().any(|n| n == name) {
            continue;
        }
        let value = match name {
            "QueueArn" => format!("arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{}", q.name),
            "ApproximateNumberOfMessages" => {
                let waiting: f64 = q.batches.iter().map(|(_, n)| n).sum();
                format!("{}", waiting.floor() as u64)
            }
            "VisibilityTimeout" => q.visibility_timeout.to_string(),
            _ => q.retention_seconds.to_string(),
        };
        out.insert(name.into(), json!(value));
    }
    if out.is_empty() {
        return Ok(json!({}));
    }
    Ok(json!({ "Attributes": out }))
}
