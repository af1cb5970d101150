//! EC2 instance stop/start and instance-type changes (right-sizing). A stopped instance
//! keeps its id and address, is not billed, and can change type; starting it boots it again.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command};
use crate::sim::lifecycle::Stopped;
use crate::sim::model::*;
use crate::sim::world::*;
use bevy::prelude::*;

fn find_instance(world: &World, id: &str) -> Result<Entity, ApiError> {
    find::<Instance>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance ID '{id}' does not exist"),
        )
    })
}

fn incorrect_state(id: &str, state: &str) -> ApiError {
    ApiError::new(
        "IncorrectInstanceState",
        format!("The instance '{id}' is not in the '{state}' state."),
    )
}

pub(super) fn execute(world: &mut World, command: &Command) -> ApiResult {
    use Command as C;
    let t = now(world);
    match command {
        C::StopInstances { instance_ids } => {
            let mut es = Vec::new();
            for id in instance_ids {
                let e = find_instance(world, id)?;
                let i = world.get::<Instance>(e).unwrap();
                let stopped = world.get::<Stopped>(e).is_some();
                if !stopped && i.state != InstanceState::Running {
                    return Err(ApiError::new(
                        "IncorrectInstanceState",
                        format!(
                            "This instance '{id}' is not in a state from which it can be stopped."
                        ),
                    ));
                }
                es.push(e);
            }
            for e in es {
                stop(world, e, t);
            }
            Ok(ApiResponse::ids(instance_ids.clone()))
        }
        C::StartInstances { instance_ids } => {
            let mut es = Vec::new();
            for id in instance_ids {
                let e = find_instance(world, id)?;
                let running = world.get::<Instance>(e).unwrap().state == InstanceState::Running;
                if world.get::<Stopped>(e).is_none() && !running {
                    return Err(incorrect_state(id, "stopped"));
                }
                es.push(e);
            }
            let pending = scenario(world).timings.instance_pending;
            for e in es {
                if world.entity_mut(e).take::<Stopped>().is_some() {
                    let mut i = world.get_mut::<Instance>(e).unwrap();
                    i.state = InstanceState::Pending;
                    i.state_since = t;
                    i.state_until = t + pending;
                }
            }
            Ok(ApiResponse::ids(instance_ids.clone()))
        }
        C::ModifyInstanceAttribute {
            instance_id,
            instance_type,
        } => {
            let e = find_instance(world, instance_id)?;
            if world.get::<Stopped>(e).is_none() {
                return Err(incorrect_state(instance_id, "stopped"));
            }
            if world.resource::<Catalog>().get(instance_type).is_none() {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid value '{instance_type}' for InstanceType."),
                ));
            }
            world.get_mut::<Instance>(e).unwrap().instance_type = instance_type.clone();
            Ok(ApiResponse::one(instance_id.clone()))
        }
        _ => unreachable!("not an instance-state command"),
    }
}

/// Stops an instance: it leaves its load balancers' healthy set on its own (health checks
/// fail), stops billing and keeps its type until started.
fn stop(world: &mut World, e: Entity, t: f64) {
    if world.get::<Stopped>(e).is_some() {
        return;
    }
    world.entity_mut(e).insert(Stopped { since: t });
    let mut i = world.get_mut::<Instance>(e).unwrap();
    // Shown as not running and not billed until started (`Pending` never advances while
    // the `Stopped` marker is on).
    i.state = InstanceState::Pending;
    i.state_since = t;
    i.state_until = f64::INFINITY;
    if let Some(mut l) = world.get_mut::<InstanceLoad>(e) {
        l.backlog = 0.0;
        l.cpu = 0.0;
    }
}
