//! IAM users and their access keys: who signs the calls that are not the team's, and the
//! door's check that a key is still active before any call goes through.

use super::command::{ApiError, CallerContext, Command, Service};
use super::world::{all, find, now, spawn_resource};
use crate::scenario::Scenario;
use bevy::prelude::*;

/// An IAM user of the account (not the team's own).
#[derive(Component, Clone, Debug)]
pub struct IamUser {
    pub name: String,
}

/// `Active` or `Inactive`, as IAM writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyStatus {
    Active,
    Inactive,
}

impl KeyStatus {
    pub fn aws_name(self) -> &'static str {
        match self {
            KeyStatus::Active => "Active",
            KeyStatus::Inactive => "Inactive",
        }
    }
}

/// An access key (`AKIA…`), spawned with the key id as its `AwsId`.
#[derive(Component, Clone, Debug)]
pub struct AccessKey {
    pub user_name: String,
    pub status: KeyStatus,
    /// When the key was last used to sign a call that got through.
    pub last_used: Option<f64>,
}

/// Checks the key a call is signed with. EC2 answers `AuthFailure`, the other services
/// `InvalidClientTokenId`, for a key that was deleted or made inactive.
pub fn authenticate(
    world: &mut World,
    caller: &CallerContext,
    command: &Command,
) -> Result<(), ApiError> {
    let Some(key) = &caller.access_key else {
        return Ok(());
    };
    let now = now(world);
    let found = find::<AccessKey>(world, key);
    let active = found
        .and_then(|e| world.get::<AccessKey>(e))
        .is_some_and(|k| k.status == KeyStatus::Active);
    if active {
        if let Some(mut k) = found.and_then(|e| world.get_mut::<AccessKey>(e)) {
            k.last_used = Some(now);
        }
        return Ok(());
    }
    Err(if command.service() == Service::Ec2 {
        ApiError::new(
            "AuthFailure",
            "AWS was not able to validate the provided access credentials",
        )
    } else {
        ApiError::new(
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
        )
    })
}

/// A new round: the scenario's IAM users and their active keys.
pub fn reset(world: &mut World, scenario: &Scenario) {
    let cf = super::command::Principal::CloudFormation;
    for u in &scenario.estate.iam_users {
        let arn = format!("arn:aws:iam::123456789012:user/{}", u.name);
        spawn_resource(
            world,
            arn,
            &u.name,
            &cf,
            IamUser {
                name: u.name.clone(),
            },
        );
        for key in &u.access_keys {
            spawn_resource(
                world,
                key.clone(),
                key,
                &cf,
                AccessKey {
                    user_name: u.name.clone(),
                    status: KeyStatus::Active,
                    last_used: None,
                },
            );
        }
    }
}

/// The keys of a user (all users' when `None`), in creation order.
pub fn keys_of(world: &mut World, user: Option<&str>) -> Vec<Entity> {
    all::<AccessKey>(world)
        .into_iter()
        .filter(|&e| user.is_none_or(|u| world.get::<AccessKey>(e).unwrap().user_name == u))
        .collect()
}
