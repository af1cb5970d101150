//! Lambda calls: functions, reserved concurrency and provisioned concurrency.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::lambda::{Function, MIN_UNRESERVED, PROVISION_SECONDS, RUNTIMES, init_seconds};
use crate::sim::world::*;
use bevy::prelude::*;

/// The function's name, given its name or ARN (`arn:aws:lambda:…:function:name[:qualifier]`).
pub(crate) fn function_name(name_or_arn: &str) -> &str {
    match name_or_arn.split_once(":function:") {
        Some((_, rest)) => rest.split(':').next().unwrap_or(rest),
        None => name_or_arn,
    }
}

fn resolve(world: &World, name_or_arn: &str) -> Result<Entity, ApiError> {
    let name = function_name(name_or_arn);
    find::<Function>(world, name).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!("Function not found: arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}"),
        )
    })
}

/// The account's concurrency quota (the scenario's, or AWS's default 1,000).
pub(crate) fn account_limit(world: &World) -> u32 {
    scenario(world).account.lambda_concurrent_executions
}

/// Concurrency reserved by every function except `except`.
pub(crate) fn reserved_elsewhere(world: &mut World, except: Option<Entity>) -> u32 {
    all::<Function>(world)
        .into_iter()
        .filter(|e| Some(*e) != except)
        .filter_map(|e| world.get::<Function>(e).unwrap().reserved)
        .sum()
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidParameterValueException", message)
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    let now = now(world);
    match command {
        C::CreateFunction {
            function_name: name,
            runtime,
            role,
            handler,
            memory_size,
            timeout,
        } => {
            let valid = !name.is_empty()
                && name.len() <= 64
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(ApiError::new(
                    "ValidationException",
                    format!(
                        "1 validation error detected: Value '{name}' at 'functionName' failed to \
                         satisfy constraint: Member must satisfy regular expression pattern: \
                         [a-zA-Z0-9-_]+"
                    ),
                ));
            }
            if init_seconds(runtime).is_none() {
                let known: Vec<&str> = RUNTIMES.iter().map(|r| r.0).collect();
                return Err(invalid(format!(
                    "Value {runtime} at 'runtime' failed to satisfy constraint (GameDay offers {})",
                    known.join(", ")
                )));
            }
            if !role.starts_with("arn:aws:iam::") || !role.contains(":role/") {
                return Err(ApiError::new(
                    "ValidationException",
                    "1 validation error detected: Value at 'role' failed to satisfy constraint: \
                     Member must satisfy regular expression pattern: \
                     arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
                ));
            }
            if handler.is_empty() {
                return Err(invalid("The handler must not be empty"));
            }
            let memory = memory_size.unwrap_or(128);
            if !(128..=10_240).contains(&memory) {
                return Err(invalid(
                    "'MemorySize' value failed to satisfy constraint: Member must have value \
                     between 128 and 10240",
                ));
            }
            let timeout = timeout.unwrap_or(3);
            if !(1..=900).contains(&timeout) {
                return Err(invalid(
                    "'Timeout' value failed to satisfy constraint: Member must have value \
                     between 1 and 900",
                ));
            }
            if find::<Function>(world, name).is_some() {
                return Err(ApiError::new(
                    "ResourceConflictException",
                    format!("Function already exist: {name}"),
                ));
            }
            let arn = format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{name}");
            let mut f = Function::new(name, arn.clone(), runtime, memory, now);
            f.timeout_seconds = timeout;
            f.role = role.clone();
            f.handler = handler.clone();
            spawn_resource(world, name.clone(), name, principal, f);
            Ok(ApiResponse::ids(vec![name.clone(), arn]))
        }
        C::PutFunctionConcurrency {
            function_name: name,
            reserved_concurrent_executions: n,
        } => {
            let e = resolve(world, name)?;
            let limit = account_limit(world);
            let others = reserved_elsewhere(world, Some(e));
            if others + n + MIN_UNRESERVED > limit {
                return Err(invalid(format!(
                    "Specified ReservedConcurrentExecutions for function decreases account's \
                     UnreservedConcurrentExecution below its minimum value of [{MIN_UNRESERVED}]."
                )));
            }
            let f = world.get::<Function>(e).unwrap();
            if f.provisioned > *n {
                return Err(invalid(
                    "Requested ReservedConcurrentExecutions is less than the function's \
                     provisioned concurrency",
                ));
            }
            world.get_mut::<Function>(e).unwrap().reserved = Some(*n);
            Ok(ApiResponse::one(function_name(name).to_string()))
        }
        C::PutProvisionedConcurrencyConfig {
            function_name: name,
            qualifier,
            provisioned_concurrent_executions: n,
        } => {
            let e = resolve(world, name)?;
            if qualifier == "$LATEST" {
                return Err(invalid(
                    "Provisioned Concurrency Configs cannot be applied to unpublished function \
                     versions.",
                ));
            }
            if *n == 0 {
                return Err(invalid(
                    "'ProvisionedConcurrentExecutions' value failed to satisfy constraint: \
                     Member must have value greater than or equal to 1",
                ));
            }
            let f = world.get::<Function>(e).unwrap().clone();
            if f.reserved.is_some_and(|r| *n > r) {
                return Err(invalid(
                    "Requested Provisioned Concurrency should not be greater than the \
                     reservedConcurrentExecution for function",
                ));
            }
            let limit = account_limit(world);
            let others = reserved_elsewhere(world, Some(e));
            if f.reserved.is_none() && others + n + MIN_UNRESERVED > limit {
                return Err(invalid(format!(
                    "Specified ConcurrentExecutions for function is greater than account's \
                     unreserved concurrency [{}].",
                    limit.saturating_sub(others)
                )));
            }
            let mut f = world.get_mut::<Function>(e).unwrap();
            f.provisioned = *n;
            f.provisioned_ready_at = now + PROVISION_SECONDS;
            Ok(ApiResponse::one(f.name.clone()))
        }
        C::DeleteFunction {
            function_name: name,
        } => {
            let e = resolve(world, name)?;
            despawn_resource(world, e);
            Ok(ApiResponse::one(function_name(name).to_string()))
        }
        _ => unreachable!("not a Lambda command"),
    }
}
