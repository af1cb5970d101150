//! Lambda's reads: `list-functions` (`Functions[]`) and `get-function` (`Configuration`
//! with `State`, and `Concurrency` when reserved), in AWS's shapes.

use crate::sim::clock::SimClock;
use crate::sim::command::ApiError;
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::lambda::Function;
use crate::sim::world::{all, find};
use bevy::prelude::*;
use serde_json::{Value, json};

/// A function's configuration: `get-function`'s `Configuration`, a `list-functions` item,
/// and what `create-function` answers.
pub(crate) fn configuration(f: &Function, now: f64) -> Value {
    let mut v = json!({
        "FunctionName": f.name,
        "FunctionArn": f.arn,
        "Runtime": f.runtime,
        "MemorySize": f.memory_mb,
        "Timeout": f.timeout_seconds,
        "Version": "$LATEST",
        "State": if now < f.active_at { "Pending" } else { "Active" },
    });
    // a function the scenario ships has no role or handler of its own in GameDay
    if !f.role.is_empty() {
        v["Role"] = json!(f.role);
    }
    if !f.handler.is_empty() {
        v["Handler"] = json!(f.handler);
    }
    v
}

/// `aws lambda list-functions`.
pub(super) fn functions(world: &mut World) -> Value {
    let now = world.resource::<SimClock>().now;
    let items: Vec<Value> = all::<Function>(world)
        .into_iter()
        .filter_map(|e| world.get::<Function>(e))
        .map(|f| configuration(f, now))
        .collect();
    json!({ "Functions": items })
}

/// `aws lambda get-function --function-name NAME|ARN`.
pub(super) fn function(world: &World, name_or_arn: &str) -> Result<Value, ApiError> {
    let name = name_or_arn.rsplit(':').next().unwrap_or(name_or_arn);
    let f = find::<Function>(world, name)
        .and_then(|e| world.get::<Function>(e))
        .ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                format!("Function not found: arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}"),
            )
        })?;
    let mut out = json!({ "Configuration": configuration(f, world.resource::<SimClock>().now) });
    if let Some(n) = f.reserved {
        out["Concurrency"] = json!({ "ReservedConcurrentExecutions": n });
    }
    Ok(out)
}

/// `put-provisioned-concurrency-config`'s answer: requested, and allocated once ready.
pub(crate) fn provisioned_concurrency(f: &Function, clock: &SimClock) -> Value {
    let ready = clock.now >= f.provisioned_ready_at;
    let allocated = if ready { f.provisioned } else { 0 };
    // Lambda writes this time with a numeric zone (`+0000`)
    let modified = clock.iso8601(clock.now).replace('Z', "+0000");
    json!({
        "RequestedProvisionedConcurrentExecutions": f.provisioned,
        "AvailableProvisionedConcurrentExecutions": allocated,
        "AllocatedProvisionedConcurrentExecutions": allocated,
        "Status": if ready { "READY" } else { "IN_PROGRESS" },
        "LastModified": modified,
    })
}
