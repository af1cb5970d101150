//! IAM calls on access keys: list them, make one inactive, delete one.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command};
use crate::sim::iam::{AccessKey, KeyStatus, keys_of};
use crate::sim::world::*;
use bevy::prelude::*;

fn find_key(world: &World, user: Option<&str>, key: &str) -> Result<Entity, ApiError> {
    find::<AccessKey>(world, key)
        .filter(|&e| user.is_none_or(|u| world.get::<AccessKey>(e).unwrap().user_name == u))
        .ok_or_else(|| {
            ApiError::new(
                "NoSuchEntity",
                format!("The Access Key with id {key} cannot be found."),
            )
        })
}

fn check_user(world: &mut World, user: Option<&str>) -> Result<(), ApiError> {
    let Some(u) = user else { return Ok(()) };
    let exists = all::<crate::sim::iam::IamUser>(world)
        .into_iter()
        .any(|e| world.get::<crate::sim::iam::IamUser>(e).unwrap().name == u);
    if exists {
        Ok(())
    } else {
        Err(ApiError::new(
            "NoSuchEntity",
            format!("The user with name {u} cannot be found."),
        ))
    }
}

pub(super) fn execute(world: &mut World, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::ListAccessKeys { user_name } => {
            check_user(world, user_name.as_deref())?;
            let ids = keys_of(world, user_name.as_deref())
                .into_iter()
                .map(|e| {
                    let k = world.get::<AccessKey>(e).unwrap();
                    format!(
                        "{} {} {}",
                        id_of(world, e),
                        k.status.aws_name(),
                        k.user_name
                    )
                })
                .collect();
            Ok(ApiResponse::ids(ids))
        }
        C::UpdateAccessKey {
            user_name,
            access_key_id,
            status,
        } => {
            check_user(world, user_name.as_deref())?;
            let status = match status.as_str() {
                "Active" => KeyStatus::Active,
                "Inactive" => KeyStatus::Inactive,
                other => {
                    return Err(ApiError::new(
                        "ValidationError",
                        format!(
                            "1 validation error detected: Value '{other}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"
                        ),
                    ));
                }
            };
            let e = find_key(world, user_name.as_deref(), access_key_id)?;
            world.get_mut::<AccessKey>(e).unwrap().status = status;
            Ok(ApiResponse::one(access_key_id.clone()))
        }
        C::DeleteAccessKey {
            user_name,
            access_key_id,
        } => {
            check_user(world, user_name.as_deref())?;
            let e = find_key(world, user_name.as_deref(), access_key_id)?;
            despawn_resource(world, e);
            Ok(ApiResponse::one(access_key_id.clone()))
        }
        _ => unreachable!("not an IAM command"),
    }
}
