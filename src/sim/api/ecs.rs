//! ECS calls: a cluster on the instances and a service whose tasks are worker processes.

use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::ecs::{EcsCluster, EcsService};
use crate::sim::ids::{ACCOUNT_ID, REGION};
use crate::sim::world::*;
use bevy::prelude::*;

fn cluster_name(name_or_arn: &str) -> &str {
    name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
}

fn service_arn(cluster: &str, service: &str) -> String {
    let service = service.rsplit('/').next().unwrap_or(service);
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:service/{cluster}/{service}")
}

fn resolve_cluster(world: &World, name_or_arn: &str) -> Result<String, ApiError> {
    let name = cluster_name(name_or_arn);
    find::<EcsCluster>(world, name)
        .map(|_| name.to_string())
        .ok_or_else(|| ApiError::new("ClusterNotFoundException", "Cluster not found."))
}

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::CreateCluster { cluster_name: name } => {
            let valid = !name.is_empty()
                && name.len() <= 255
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(ApiError::new(
                    "InvalidParameterException",
                    "Cluster names can contain up to 255 letters (uppercase and lowercase), \
                     numbers, underscores, and hyphens.",
                ));
            }
            let arn = format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:cluster/{name}");
            // CreateCluster is idempotent: the existing cluster is returned
            if find::<EcsCluster>(world, name).is_none() {
                let c = EcsCluster {
                    name: name.clone(),
                    arn: arn.clone(),
                };
                spawn_resource(world, name.clone(), name, principal, c);
            }
            Ok(ApiResponse::ids(vec![name.clone(), arn]))
        }
        C::CreateService {
            cluster,
            service_name,
            task_definition,
            desired_count,
            deployment_controller,
        } => {
            let cluster = resolve_cluster(world, cluster)?;
            let external = match deployment_controller.as_deref().unwrap_or("ECS") {
                "ECS" => false,
                "EXTERNAL" => true,
                "CODE_DEPLOY" => {
                    return Err(ApiError::new(
                        "InvalidParameterException",
                        "CodeDeploy blue/green deployments are not modelled in GameDay: use \
                         the ECS (rolling update) or EXTERNAL deployment controller.",
                    ));
                }
                other => {
                    return Err(ApiError::new(
                        "InvalidParameterException",
                        format!(
                            "Invalid deployment controller type '{other}': expected ECS, \
                             CODE_DEPLOY or EXTERNAL."
                        ),
                    ));
                }
            };
            if service_name.is_empty()
                || !service_name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(ApiError::new(
                    "InvalidParameterException",
                    "Service names can contain up to 255 letters, numbers, underscores and \
                     hyphens.",
                ));
            }
            if task_definition.is_empty() && !external {
                return Err(ApiError::new(
                    "InvalidParameterException",
                    "TaskDefinition can not be blank.",
                ));
            }
            let arn = service_arn(&cluster, service_name);
            if find::<EcsService>(world, &arn).is_some() {
                return Err(ApiError::new(
                    "InvalidParameterException",
                    "Creation of service was not idempotent.",
                ));
            }
            let s = EcsService {
                cluster,
                name: service_name.clone(),
                arn: arn.clone(),
                task_definition: task_definition.clone(),
                desired_count: *desired_count,
                running_count: 0,
                external,
            };
            spawn_resource(world, arn.clone(), service_name, principal, s);
            Ok(ApiResponse::one(arn))
        }
        C::UpdateService {
            cluster,
            service,
            desired_count,
            task_definition,
        } => {
            let cluster = resolve_cluster(world, cluster)?;
            let arn = service_arn(&cluster, service);
            let e = find::<EcsService>(world, &arn)
                .ok_or_else(|| ApiError::new("ServiceNotFoundException", "Service not found."))?;
            if task_definition.as_deref().is_some_and(str::is_empty) {
                return Err(ApiError::new(
                    "InvalidParameterException",
                    "TaskDefinition can not be blank.",
                ));
            }
            let mut s = world.get_mut::<EcsService>(e).unwrap();
            if s.external && task_definition.is_some() {
                return Err(ApiError::new(
                    "InvalidParameterException",
                    "Cannot update the task definition of a service with an EXTERNAL \
                     deployment controller: create a new task set instead.",
                ));
            }
            if let Some(n) = desired_count {
                s.desired_count = *n;
            }
            if let Some(td) = task_definition {
                s.task_definition = td.clone();
            }
            Ok(ApiResponse::one(arn))
        }
        _ => unreachable!("not an ECS command"),
    }
}
