//! Amazon ECS on the instances (EC2 launch type): a cluster and a service whose tasks are
//! the app's worker processes.
//!
//! The model, kept simple: every running instance that runs the app is a container instance
//! of the account's cluster (its user data starts the ECS agent). A service's desired tasks
//! are spread evenly over those instances (the `spread` placement strategy on instance id),
//! each task reserving one vCPU (1,024 CPU units), so an instance holds at most its vCPU
//! count; tasks that fit nowhere stay `PENDING`. An instance runs as many worker processes as
//! it has tasks (or its own `WORKERS=` setting, whichever is more). That is the single-process
//! lesson: the app is one process on one core unless run as several, so a bigger instance
//! alone does not serve more, but four tasks on a 4-vCPU instance serve about four times as
//! much.

use super::model::{Instance, InstanceState};
use super::world::{Catalog, all, with_query};
use bevy::prelude::*;

/// The ECS tasks running on an instance this tick (the view draws them as containers).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EcsTasks(pub u32);

/// CPU units one task reserves (one vCPU).
pub const TASK_CPU_UNITS: u32 = 1024;

/// An ECS cluster (marker and model component; the view draws it).
#[derive(Component, Clone, Debug)]
pub struct EcsCluster {
    pub name: String,
    pub arn: String,
}

/// An ECS service (marker and model component; the view draws its tasks on the instances).
#[derive(Component, Clone, Debug)]
pub struct EcsService {
    pub cluster: String,
    pub name: String,
    pub arn: String,
    pub task_definition: String,
    pub desired_count: u32,
    /// Tasks placed in the last tick (`runningCount`).
    pub running_count: u32,
    /// `deploymentController` `EXTERNAL`: its tasks come from task sets a third-party
    /// deployer creates (not modelled), so ECS places none itself.
    pub external: bool,
}

/// Places `desired` tasks over instances with the given vCPU counts, spread evenly, at most
/// one task per vCPU each. Returns the tasks per instance, in the given order.
pub fn spread(desired: u32, vcpus: &[u32]) -> Vec<u32> {
    let mut placed = vec![0u32; vcpus.len()];
    let mut left = desired;
    while left > 0 {
        // the instance with the fewest tasks that still has a free vCPU
        let pick = (0..vcpus.len())
            .filter(|&i| placed[i] < vcpus[i])
            .min_by_key(|&i| (placed[i], i));
        let Some(i) = pick else {
            break;
        };
        placed[i] += 1;
        left -= 1;
    }
    placed
}

/// Places every service's tasks on the running instances that run the app, updates each
/// service's `runningCount` and each instance's [`EcsTasks`].
pub fn place_tasks(world: &mut World) {
    let services = all::<EcsService>(world);
    if services.is_empty() {
        no_tasks(world);
        return;
    }
    let instances: Vec<Entity> = all::<Instance>(world)
        .into_iter()
        .filter(|&e| {
            let i = world.get::<Instance>(e).unwrap();
            i.state == InstanceState::Running && i.boot.app_running
        })
        .collect();
    let vcpus: Vec<u32> = {
        let catalog = world.resource::<Catalog>();
        instances
            .iter()
            .map(|&e| {
                let t = &world.get::<Instance>(e).unwrap().instance_type;
                catalog.get(t).map(|t| t.vcpus).unwrap_or(1)
            })
            .collect()
    };
    let mut q = world.query::<&mut EcsTasks>();
    for mut t in q.iter_mut(world) {
        t.0 = 0;
    }
    let mut free = vcpus.clone();
    let mut tasks = vec![0u32; instances.len()];
    for s in services {
        let service = world.get::<EcsService>(s).unwrap();
        let desired = if service.external {
            0
        } else {
            service.desired_count
        };
        let placed = spread(desired, &free);
        for (k, n) in placed.iter().enumerate() {
            free[k] -= n;
            tasks[k] += n;
        }
        world.get_mut::<EcsService>(s).unwrap().running_count = placed.iter().sum();
    }
    for (k, e) in instances.into_iter().enumerate() {
        world.entity_mut(e).insert(EcsTasks(tasks[k]));
    }
}

/// No service: every instance holds no task (the running ones that run the app get an empty
/// [`EcsTasks`], as placement would give them), without sorting or re-inserting anything.
fn no_tasks(world: &mut World) {
    let mut missing = Vec::new();
    with_query::<(Entity, &Instance, Option<&mut EcsTasks>), (), _>(world, |world, q| {
        for (e, i, tasks) in q.iter_mut(world) {
            match tasks {
                Some(mut t) if t.0 != 0 => t.0 = 0,
                Some(_) => {}
                None if i.state == InstanceState::Running && i.boot.app_running => missing.push(e),
                None => {}
            }
        }
    });
    for e in missing {
        world.entity_mut(e).insert(EcsTasks(0));
    }
}

/// Worker processes on an instance: its ECS tasks, or its own `WORKERS=` setting if more.
pub fn workers(boot_workers: u32, tasks: Option<&EcsTasks>) -> u32 {
    boot_workers.max(tasks.map(|t| t.0).unwrap_or(0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_spread_and_never_exceed_the_vcpus() {
        assert_eq!(spread(5, &[2, 2, 2]), vec![2, 2, 1]);
        assert_eq!(spread(12, &[2, 4]), vec![2, 4]);
        assert_eq!(spread(0, &[2]), vec![0]);
        assert!(spread(3, &[]).is_empty());
    }
}
