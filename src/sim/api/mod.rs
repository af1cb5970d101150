//! Executes commands: validates each against the world the way AWS would, applies it,
//! and writes it to CloudTrail with its principal. The only code that changes the estate.

mod autoscaling;
mod cloudfront;
mod cloudwatch;
mod ec2;
mod elasticache;
mod elb;
mod route53;
// ---- data tier ----
mod ecs;
mod lambda;
mod rds;
mod sqs;
// ---- WAF / IAM / Savings Plans / instance state ----
mod iam;
mod instance_state;
mod savingsplans;
mod wafv2;

use super::catalog::InstanceType;
use super::clock::SimClock;
use super::command::{ApiError, Command, Principal};
use super::ids::{AwsId, IdRegistry};
use super::model::*;
use super::trail::CloudTrail;
use crate::scenario::Scenario;
use bevy::prelude::*;

pub use elb::default_health_check;
pub(crate) use rds::outage_draw as rds_outage_draw;

/// What a successful call returns: the ids it created or changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiResponse {
    pub ids: Vec<String>,
}

impl ApiResponse {
    fn ids(ids: Vec<String>) -> Self {
        Self { ids }
    }
    fn one(id: String) -> Self {
        Self { ids: vec![id] }
    }
}

pub type ApiResult = Result<ApiResponse, ApiError>;

/// The instance-type catalog in force (built-in prices with the scenario's overrides).
#[derive(Resource, Clone, Debug, Default)]
pub struct Catalog(pub Vec<InstanceType>);

impl Catalog {
    pub fn get(&self, name: &str) -> Option<&InstanceType> {
        self.0.iter().find(|t| t.name == name)
    }
}

/// Counts creation order (`Seq`).
#[derive(Resource, Default, Debug)]
pub struct SeqCounter(pub u64);

/// A command waiting to be executed at the start of the next tick.
#[derive(Clone, Debug)]
pub struct QueuedCommand {
    pub principal: Principal,
    pub command: Command,
}

/// Commands from the player, bots and tools, executed in order at the start of each tick.
#[derive(Resource, Default, Debug)]
pub struct CommandQueue(pub Vec<QueuedCommand>);

impl CommandQueue {
    pub fn push(&mut self, principal: Principal, command: Command) {
        self.0.push(QueuedCommand { principal, command });
    }
}

/// The outcome of every queued command, newest last (the HUD shows them inline).
#[derive(Resource, Default, Debug)]
pub struct CommandResults(pub Vec<(u64, Result<ApiResponse, ApiError>)>);

/// The one door: validate, apply, audit.
pub fn execute(world: &mut World, principal: Principal, command: Command) -> ApiResult {
    let now = world.resource::<SimClock>().now;
    // How the call is signed (an access key, an address), set by the caller for this call.
    let caller = world
        .get_resource_mut::<crate::sim::iam::CallerContext>()
        .map(|mut c| std::mem::take(&mut *c))
        .unwrap_or_default();
    let result = crate::sim::iam::authenticate(world, &caller, &command)
        .and_then(|()| dispatch(world, &principal, &command));
    let mut resources = named_ids(&command);
    if let Ok(r) = &result {
        for id in &r.ids {
            if !resources.contains(id) {
                resources.push(id.clone());
            }
        }
    }
    let error = result.as_ref().err().cloned();
    let number = world
        .resource_mut::<CloudTrail>()
        .record(now, principal, command, resources, error);
    if caller.access_key.is_some()
        && let Some(mut callers) = world.get_resource_mut::<crate::sim::iam::TrailCallers>()
    {
        callers.0.insert(number, caller);
    }
    world
        .resource_mut::<CommandResults>()
        .0
        .push((number, result.clone()));
    let len = world.resource::<CommandResults>().0.len();
    if len > 256 {
        world.resource_mut::<CommandResults>().0.drain(..len - 256);
    }
    result
}

fn dispatch(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
        C::RunInstances { .. }
        | C::TerminateInstances { .. }
        | C::CreateSubnet { .. }
        | C::DeleteSubnet { .. }
        | C::CreateNetworkInterface { .. }
        | C::DeleteNetworkInterface { .. }
        | C::CreateSecurityGroup { .. }
        | C::AuthorizeSecurityGroupIngress { .. }
        | C::RevokeSecurityGroupIngress { .. }
        | C::CreateRoute { .. }
        | C::DeleteRoute { .. }
        | C::AssociateRouteTable { .. }
        | C::AllocateAddress
        | C::AssociateAddress { .. }
        | C::ReleaseAddress { .. }
        | C::CreateLaunchTemplate { .. }
        | C::CreateLaunchTemplateVersion { .. }
        | C::ModifyLaunchTemplate { .. } => ec2::execute(world, principal, command),
        C::CreateLoadBalancer { .. }
        | C::DeleteLoadBalancer { .. }
        | C::RegisterInstancesWithLoadBalancer { .. }
        | C::DeregisterInstancesFromLoadBalancer { .. }
        | C::CreateTargetGroup { .. }
        | C::ModifyTargetGroupAttributes { .. }
        | C::RegisterTargets { .. }
        | C::DeregisterTargets { .. }
        | C::CreateListener { .. }
        | C::SetSubnets { .. } => elb::execute(world, principal, command),
        C::CreateAutoScalingGroup { .. }
        | C::UpdateAutoScalingGroup { .. }
        | C::AttachLoadBalancerTargetGroups { .. }
        | C::SetDesiredCapacity { .. }
        | C::PutScalingPolicy { .. }
        | C::PutScheduledUpdateGroupAction { .. }
        | C::DeleteAutoScalingGroup { .. } => autoscaling::execute(world, principal, command),
        C::ChangeResourceRecordSets { .. } => route53::execute(world, command),
        C::PutMetricAlarm { .. }
        | C::PutCompositeAlarm { .. }
        | C::DeleteAlarms { .. }
        | C::PutStepScalingPolicy { .. }
        | C::ExecutePolicy { .. } => cloudwatch::execute(world, principal, command),
        C::CreateDistribution { .. }
        | C::CreateCachePolicy { .. }
        | C::UpdateDistribution { .. }
        | C::DeleteDistribution { .. } => cloudfront::execute(world, principal, command),
        C::CreateCacheCluster { .. } | C::DeleteCacheCluster { .. } => {
            elasticache::execute(world, principal, command)
        }
        // ---- RDS ----
        C::CreateDbInstance { .. }
        | C::ModifyDbInstance { .. }
        | C::RebootDbInstance { .. }
        | C::DeleteDbInstance { .. } => rds::execute(world, principal, command),
        // ---- SQS ----
        C::CreateQueue { .. } | C::DeleteQueue { .. } | C::SetQueueAttributes { .. } => {
            sqs::execute(world, principal, command)
        }
        // ---- Lambda ----
        C::CreateFunction { .. }
        | C::PutFunctionConcurrency { .. }
        | C::PutProvisionedConcurrencyConfig { .. }
        | C::DeleteFunction { .. } => lambda::execute(world, principal, command),
        // ---- ECS ----
        C::CreateCluster { .. } | C::CreateService { .. } | C::UpdateService { .. } => {
            ecs::execute(world, principal, command)
        }
        // ---- WAF ----
        C::CreateWebAcl { .. }
        | C::UpdateWebAcl { .. }
        | C::DeleteWebAcl { .. }
        | C::AssociateWebAcl { .. }
        | C::CreateIpSet { .. } => wafv2::execute(world, principal, command),
        // ---- IAM ----
        C::ListAccessKeys { .. } | C::UpdateAccessKey { .. } | C::DeleteAccessKey { .. } => {
            iam::execute(world, command)
        }
        // ---- Savings Plans ----
        C::CreateSavingsPlan { .. } => savingsplans::execute(world, principal, command),
        // ---- EC2 instance state ----
        C::StopInstances { .. } | C::StartInstances { .. } | C::ModifyInstanceAttribute { .. } => {
            instance_state::execute(world, command)
        }
    }
}

/// Resource ids a command names (for the trail's resource column).
pub fn named_ids(command: &Command) -> Vec<String> {
    use Command as C;
    let v = |s: &String| vec![s.clone()];
    match command {
        C::RunInstances { subnet_id, .. } => subnet_id.iter().cloned().collect(),
        C::TerminateInstances { instance_ids } => instance_ids.clone(),
        C::CreateSubnet { vpc_id, .. } => v(vpc_id),
        C::DeleteSubnet { subnet_id } | C::CreateNetworkInterface { subnet_id, .. } => v(subnet_id),
        C::DeleteNetworkInterface {
            network_interface_id,
        } => v(network_interface_id),
        C::CreateSecurityGroup { .. } | C::AllocateAddress => vec![],
        C::AuthorizeSecurityGroupIngress { group_id, .. }
        | C::RevokeSecurityGroupIngress { group_id, .. } => v(group_id),
        C::CreateRoute { route_table_id, .. } | C::DeleteRoute { route_table_id, .. } => {
            v(route_table_id)
        }
        C::AssociateRouteTable {
            route_table_id,
            subnet_id,
        } => {
            vec![route_table_id.clone(), subnet_id.clone()]
        }
        C::AssociateAddress {
            allocation_id,
            instance_id,
        } => {
            vec![allocation_id.clone(), instance_id.clone()]
        }
        C::ReleaseAddress { allocation_id } => v(allocation_id),
        C::CreateLaunchTemplate {
            launch_template_name,
            ..
        } => v(launch_template_name),
        C::CreateLaunchTemplateVersion {
            launch_template, ..
        }
        | C::ModifyLaunchTemplate {
            launch_template, ..
        } => v(launch_template),
        C::CreateLoadBalancer { name, .. } => v(name),
        C::DeleteLoadBalancer { name_or_arn, .. } => v(name_or_arn),
        C::RegisterInstancesWithLoadBalancer {
            load_balancer_name,
            instance_ids,
        }
        | C::DeregisterInstancesFromLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            let mut ids = v(load_balancer_name);
            ids.extend(instance_ids.iter().cloned());
            ids
        }
        C::CreateTargetGroup { name, .. } => v(name),
        C::ModifyTargetGroupAttributes {
            target_group_arn, ..
        } => v(target_group_arn),
        C::RegisterTargets {
            target_group_arn,
            targets,
        }
        | C::DeregisterTargets {
            target_group_arn,
            targets,
        } => {
            let mut ids = v(target_group_arn);
            ids.extend(targets.iter().map(|t| t.id.clone()));
            ids
        }
        C::CreateListener {
            load_balancer_arn, ..
        }
        | C::SetSubnets {
            load_balancer_arn, ..
        } => v(load_balancer_arn),
        C::CreateAutoScalingGroup { name, .. } | C::UpdateAutoScalingGroup { name, .. } => v(name),
        C::AttachLoadBalancerTargetGroups {
            auto_scaling_group_name,
            ..
        }
        | C::SetDesiredCapacity {
            auto_scaling_group_name,
            ..
        }
        | C::PutScalingPolicy {
            auto_scaling_group_name,
            ..
        }
        | C::PutScheduledUpdateGroupAction {
            auto_scaling_group_name,
            ..
        }
        | C::DeleteAutoScalingGroup {
            auto_scaling_group_name,
            ..
        } => v(auto_scaling_group_name),
        C::ChangeResourceRecordSets { hosted_zone_id, .. } => v(hosted_zone_id),
        C::PutMetricAlarm { alarm_name, .. } | C::PutCompositeAlarm { alarm_name, .. } => {
            v(alarm_name)
        }
        C::DeleteAlarms { alarm_names } => alarm_names.clone(),
        C::PutStepScalingPolicy {
            auto_scaling_group_name,
            ..
        }
        | C::ExecutePolicy {
            auto_scaling_group_name,
            ..
        } => v(auto_scaling_group_name),
        C::CreateDistribution {
            origin_domain_name, ..
        } => v(origin_domain_name),
        C::CreateCachePolicy { .. } => vec![],
        C::UpdateDistribution {
            id,
            cache_policy_id,
        } => vec![id.clone(), cache_policy_id.clone()],
        C::DeleteDistribution { id } => v(id),
        C::CreateCacheCluster {
            cache_cluster_id, ..
        }
        | C::DeleteCacheCluster { cache_cluster_id } => v(cache_cluster_id),
        // ---- RDS ----
        C::CreateDbInstance {
            db_instance_identifier,
            ..
        }
        | C::ModifyDbInstance {
            db_instance_identifier,
            ..
        }
        | C::RebootDbInstance {
            db_instance_identifier,
            ..
        }
        | C::DeleteDbInstance {
            db_instance_identifier,
            ..
        } => v(db_instance_identifier),
        // ---- SQS ----
        C::CreateQueue { .. } => vec![],
        C::DeleteQueue { queue_url } | C::SetQueueAttributes { queue_url, .. } => v(queue_url),
        // ---- Lambda ----
        C::CreateFunction { function_name, .. }
        | C::PutFunctionConcurrency { function_name, .. }
        | C::PutProvisionedConcurrencyConfig { function_name, .. }
        | C::DeleteFunction { function_name } => v(function_name),
        // ---- ECS ----
        C::CreateCluster { cluster_name } => v(cluster_name),
        C::CreateService { cluster, .. } | C::UpdateService { cluster, .. } => v(cluster),
        // ---- WAF ----
        C::CreateWebAcl { .. } | C::CreateIpSet { .. } => vec![],
        C::UpdateWebAcl { id, .. } | C::DeleteWebAcl { id, .. } => v(id),
        C::AssociateWebAcl {
            web_acl_arn,
            resource_arn,
        } => vec![web_acl_arn.clone(), resource_arn.clone()],
        // ---- IAM ----
        C::ListAccessKeys { user_name } => user_name.iter().cloned().collect(),
        C::UpdateAccessKey { access_key_id, .. } | C::DeleteAccessKey { access_key_id, .. } => {
            v(access_key_id)
        }
        // ---- Savings Plans ----
        C::CreateSavingsPlan { .. } => vec![],
        // ---- EC2 instance state ----
        C::StopInstances { instance_ids } | C::StartInstances { instance_ids } => {
            instance_ids.clone()
        }
        C::ModifyInstanceAttribute { instance_id, .. } => v(instance_id),
    }
}

// ---------- helpers shared by the service modules ----------

pub(crate) fn now(world: &World) -> f64 {
    world.resource::<SimClock>().now
}

pub(crate) fn scenario(world: &World) -> &Scenario {
    world.resource::<Scenario>()
}

/// The entity with this id, if it has component `T`.
pub fn find<T: Component>(world: &World, id: &str) -> Option<Entity> {
    let e = world.resource::<IdRegistry>().get(id)?;
    world.get::<T>(e).map(|_| e)
}

/// The AWS id of an entity ("" if it has none).
pub fn id_of(world: &World, e: Entity) -> String {
    world
        .get::<AwsId>(e)
        .map(|a| a.0.clone())
        .unwrap_or_default()
}

/// All entities with `T`, in creation order.
pub fn all<T: Component>(world: &mut World) -> Vec<Entity> {
    let mut q = world.query::<(Entity, &Seq, &T)>();
    let mut v: Vec<(Seq, Entity)> = q.iter(world).map(|(e, s, _)| (*s, e)).collect();
    v.sort();
    v.into_iter().map(|(_, e)| e).collect()
}

/// Spawns a resource with its id, Name tag, creation order and creator.
pub(crate) fn spawn_resource(
    world: &mut World,
    id: String,
    name: &str,
    principal: &Principal,
    bundle: impl Bundle,
) -> Entity {
    let seq = {
        let mut c = world.resource_mut::<SeqCounter>();
        c.0 += 1;
        c.0
    };
    let e = world
        .spawn((
            AwsId(id.clone()),
            Name::new(name.to_string()),
            Seq(seq),
            CreatedBy(principal.arn()),
            bundle,
        ))
        .id();
    world.resource_mut::<IdRegistry>().insert(&id, e);
    e
}

pub(crate) fn despawn_resource(world: &mut World, e: Entity) {
    let id = id_of(world, e);
    world.resource_mut::<IdRegistry>().remove(&id);
    world.despawn(e);
}

/// Recounts the addresses in use in every subnet and whether each is public.
pub fn recount_subnets(world: &mut World) {
    let subnets = all::<Subnet>(world);
    let mut used: Vec<(Entity, u32)> = subnets.iter().map(|&e| (e, 0)).collect();
    let mut bump = |subnet: Entity, n: u32| {
        if let Some(slot) = used.iter_mut().find(|(e, _)| *e == subnet) {
            slot.1 += n;
        }
    };
    let mut q = world.query::<&Instance>();
    for i in q.iter(world) {
        if i.state != InstanceState::Terminated {
            bump(i.subnet, 1);
        }
    }
    let mut q = world.query::<&LoadBalancer>();
    for lb in q.iter(world) {
        for s in &lb.subnets {
            bump(*s, lb.addresses_per_subnet());
        }
    }
    let mut q = world.query::<&NetworkInterface>();
    for ni in q.iter(world) {
        bump(ni.subnet, ni.addresses);
    }
    for (e, n) in used {
        let public = subnet_is_public(world, e);
        if let Some(mut s) = world.get_mut::<Subnet>(e) {
            s.used = n;
            s.public = public;
        }
    }
}

/// The route table in force for a subnet (its association, else the VPC's main table).
pub fn route_table_of(world: &mut World, subnet: Entity) -> Option<Entity> {
    let s = world.get::<Subnet>(subnet)?.clone();
    if let Some(rt) = s
        .route_table
        .filter(|rt| world.get::<RouteTable>(*rt).is_some())
    {
        return Some(rt);
    }
    let tables = all::<RouteTable>(world);
    tables.into_iter().find(|&t| {
        world
            .get::<RouteTable>(t)
            .is_some_and(|r| r.main && r.vpc == s.vpc)
    })
}

fn subnet_is_public(world: &mut World, subnet: Entity) -> bool {
    let Some(rt) = route_table_of(world, subnet) else {
        return false;
    };
    let routes = world
        .get::<RouteTable>(rt)
        .map(|r| r.routes.clone())
        .unwrap_or_default();
    routes.iter().any(|r| {
        r.destination.prefix == 0
            && r.target.starts_with("igw-")
            && find::<InternetGateway>(world, &r.target).is_some()
    })
}

/// Resolves security-group ids, failing like EC2 for the first unknown one.
pub(crate) fn resolve_groups(world: &World, ids: &[String]) -> Result<Vec<Entity>, ApiError> {
    ids.iter()
        .map(|id| {
            find::<SecurityGroup>(world, id).ok_or_else(|| {
                ApiError::new(
                    "InvalidGroup.NotFound",
                    format!("The security group '{id}' does not exist"),
                )
            })
        })
        .collect()
}

pub(crate) fn resolve_subnet(world: &World, id: &str) -> Result<Entity, ApiError> {
    find::<Subnet>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidSubnetID.NotFound",
            format!("The subnet ID '{id}' does not exist"),
        )
    })
}

/// The only VPC of the account (scenarios have one).
pub(crate) fn the_vpc(world: &mut World) -> Option<Entity> {
    all::<Vpc>(world).into_iter().next()
}
