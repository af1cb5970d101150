//! Lambda's reads: `list-functions` (`Functions[]`) and `get-function` (`Configuration`
//! with `State`, and `Concurrency` when reserved), in AWS's shapes.

use crate::sim::clock::SimClock;
use crate::sim::command::ApiError;
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::lambda::Function;
use crate::sim::world::{all, find};
use bevy::prelude::*;
use serde_json::{Value, json};

fn configuration(f: &Function, now: f64) -> Value {
    json!({
        "FunctionName": f.name,
        "FunctionArn": f.arn,
        "Runtime": f.runtime,
        "MemorySize": f.memory_mb,
        "Timeout": f.timeout_seconds,
        "State": if now < f.active_at { "Pending" } else { "Active" },
    })
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
