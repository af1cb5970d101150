//! EC2 instance stop/start and instance-type changes (right-sizing). A stopped instance
//! keeps its id and address, is not billed, and can change type; starting it boots it again.
//! `modify-instance-attribute` changes one attribute per call.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, InstanceAttribute};
use crate::sim::instance_attributes::{
    EnhancedNetworking, SourceDestCheckOff, TerminationProtected,
};
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
            attribute,
        } => {
            let e = find_instance(world, instance_id)?;
            modify_attribute(world, e, instance_id, attribute)?;
            Ok(ApiResponse::one(instance_id.clone()))
        }
        _ => unreachable!("not an instance-state command"),
    }
}

/// One `modify-instance-attribute` change, with AWS's rules: the type, the user data and
/// enhanced networking change only while the instance is stopped.
fn modify_attribute(
    world: &mut World,
    e: Entity,
    instance_id: &str,
    attribute: &InstanceAttribute,
) -> Result<(), ApiError> {
    use InstanceAttribute as A;
    let stopped = world.get::<Stopped>(e).is_some();
    let needs_stop = matches!(
        attribute,
        A::InstanceType(_) | A::UserData(_) | A::SriovNetSupport(_)
    );
    if needs_stop && !stopped {
        return Err(incorrect_state(instance_id, "stopped"));
    }
    if !world.get::<Instance>(e).unwrap().alive() {
        return Err(ApiError::new(
            "IncorrectInstanceState",
            format!("The instance '{instance_id}' is not in a valid state for this operation."),
        ));
    }
    match attribute {
        A::InstanceType(instance_type) => {
            if world.resource::<Catalog>().get(instance_type).is_none() {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid value '{instance_type}' for InstanceType."),
                ));
            }
            let k = world.resource::<Catalog>().index_of(instance_type);
            let mut i = world.get_mut::<Instance>(e).unwrap();
            i.instance_type = instance_type.clone();
            i.catalog_index = k;
        }
        A::UserData(text) => world.get_mut::<Instance>(e).unwrap().user_data = text.clone(),
        A::Groups(ids) => {
            if ids.is_empty() {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "Value () for parameter groupId is invalid. The value cannot be empty",
                ));
            }
            let groups = resolve_groups(world, ids)?;
            let vpc_of = |w: &World, s: Entity| w.get::<Subnet>(s).map(|s| s.vpc);
            let vpc = vpc_of(world, world.get::<Instance>(e).unwrap().subnet);
            for (g, id) in groups.iter().zip(ids) {
                if world.get::<SecurityGroup>(*g).map(|sg| sg.vpc) != vpc {
                    return Err(ApiError::new(
                        "InvalidGroup.NotFound",
                        format!("The security group '{id}' does not exist in VPC of the instance"),
                    ));
                }
            }
            world.get_mut::<Instance>(e).unwrap().security_groups = groups.into();
        }
        A::DisableApiTermination(on) => toggle::<TerminationProtected>(world, e, *on),
        A::SourceDestCheck(on) => toggle::<SourceDestCheckOff>(world, e, !*on),
        A::SriovNetSupport(value) => {
            if value != "simple" {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!(
                        "Value ({value}) for parameter sriovNetSupport is invalid. Valid value: simple"
                    ),
                ));
            }
            world.entity_mut(e).insert(EnhancedNetworking);
        }
    }
    Ok(())
}

/// Puts a marker on or takes it off.
fn toggle<M: Component + Default>(world: &mut World, e: Entity, on: bool) {
    if on {
        world.entity_mut(e).insert(M::default());
    } else {
        world.entity_mut(e).remove::<M>();
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
