//! SQS calls: standard queues in front of the writes.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::sqs::Queue;
use crate::sim::world::*;
use bevy::prelude::*;

fn queue_url(name: &str) -> String {
    format!("https://sqs.{REGION}.amazonaws.com/{ACCOUNT_ID}/{name}")
}

fn no_queue() -> ApiError {
    ApiError::new(
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
    )
}

/// Checks and applies `VisibilityTimeout` and `MessageRetentionPeriod`.
fn apply_attributes(q: &mut Queue, attributes: &[(String, String)]) -> Result<(), ApiError> {
    for (k, v) in attributes {
        let n: Option<u32> = v.parse().ok();
        match (k.as_str(), n) {
            ("VisibilityTimeout", Some(n)) if n <= 43_200 => q.visibility_timeout = n,
            ("MessageRetentionPeriod", Some(n)) if (60..=1_209_600).contains(&n) => {
                q.retention_seconds = n
            }
            ("DelaySeconds" | "ReceiveMessageWaitTimeSeconds" | "MaximumMessageSize", Some(_)) => {}
            ("VisibilityTimeout" | "MessageRetentionPeriod", _) => {
                return Err(ApiError::new(
                    "InvalidAttributeValue",
                    format!("Invalid value for the parameter {k}."),
                ));
            }
            _ => {
                return Err(ApiError::new(
                    "InvalidAttributeName",
                    format!("Unknown Attribute {k}."),
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::CreateQueue {
            queue_name,
            attributes,
        } => {
            let valid = !queue_name.is_empty()
                && queue_name.len() <= 80
                && queue_name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid || queue_name.ends_with(".fifo") {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 \
                     in length (GameDay models standard queues only)",
                ));
            }
            let url = queue_url(queue_name);
            let mut q = Queue::new(queue_name, url.clone());
            apply_attributes(&mut q, attributes)?;
            if let Some(e) = find::<Queue>(world, &url) {
                // CreateQueue is idempotent unless the attributes differ
                let old = world.get::<Queue>(e).unwrap();
                if old.visibility_timeout != q.visibility_timeout
                    || old.retention_seconds != q.retention_seconds
                {
                    return Err(ApiError::new(
                        "QueueAlreadyExists",
                        "A queue already exists with the same name and a different value for \
                         attribute(s)",
                    ));
                }
                return Ok(ApiResponse::one(url));
            }
            spawn_resource(world, url.clone(), queue_name, principal, q);
            Ok(ApiResponse::one(url))
        }
        C::DeleteQueue { queue_url } => {
            let e = find::<Queue>(world, queue_url).ok_or_else(no_queue)?;
            despawn_resource(world, e);
            Ok(ApiResponse::one(queue_url.clone()))
        }
        C::SetQueueAttributes {
            queue_url,
            attributes,
        } => {
            let e = find::<Queue>(world, queue_url).ok_or_else(no_queue)?;
            let mut q = world.get::<Queue>(e).unwrap().clone();
            apply_attributes(&mut q, attributes)?;
            *world.get_mut::<Queue>(e).unwrap() = q;
            Ok(ApiResponse::one(queue_url.clone()))
        }
        _ => unreachable!("not an SQS command"),
    }
}
