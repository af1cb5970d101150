//! The command API, the one door: every change a principal makes to the estate — the player,
//! a bot, the Auto Scaling service, the chaos engine, the scenario's own bootstrap — is a
//! typed `Command` executed here: authenticated, validated against the world the way AWS
//! would, applied, written to CloudTrail with its principal and caller, and answered under
//! its ticket. Outside this door only time moves the estate on (boots finishing, health
//! checks, DNS propagating: the tick systems), plus what a call implies: the Auto Scaling
//! service marks the instance it launched as the group's (`sim/autoscaling.rs`), and a new
//! round lays down the account's VPC baseline and the old team's settings (`sim/estate.rs`).

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

use super::clock::SimClock;
use super::command::{
    AddressTarget, ApiError, ApiResponse, ApiResult, CallerContext, Command, Principal, Read,
    Ticket,
};
use super::trail::{CloudTrail, TrailEvent};
use super::waiters;
use bevy::prelude::*;
use std::collections::VecDeque;

/// A command waiting to be executed at the start of the next tick.
#[derive(Clone, Debug)]
pub struct QueuedCommand {
    pub ticket: Ticket,
    pub principal: Principal,
    /// How the call is signed (an access key, an address); the team's console: none.
    pub caller: CallerContext,
    pub command: Command,
}

/// Commands from the player, bots and tools, executed in order at the start of each tick,
/// and the counter that numbers every call's ticket.
#[derive(Resource, Default, Debug)]
pub struct CommandQueue {
    queued: Vec<QueuedCommand>,
    last_ticket: u64,
}

impl CommandQueue {
    /// Queues a command; its answer will be kept under the ticket returned.
    pub fn push(
        &mut self,
        principal: Principal,
        caller: CallerContext,
        command: Command,
    ) -> Ticket {
        let ticket = self.issue();
        self.queued.push(QueuedCommand {
            ticket,
            principal,
            caller,
            command,
        });
        ticket
    }

    /// The next ticket number.
    fn issue(&mut self) -> Ticket {
        self.last_ticket += 1;
        Ticket(self.last_ticket)
    }

    /// Commands waiting for the next tick, oldest first.
    pub fn waiting(&self) -> &[QueuedCommand] {
        &self.queued
    }
}

/// How a call ended: its CloudTrail event number and the API's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub ticket: Ticket,
    pub event: u64,
    pub result: ApiResult,
}

/// The answers of the latest calls, by ticket (bounded: the oldest are dropped first).
#[derive(Resource, Debug)]
pub struct CommandResults {
    answers: VecDeque<Answer>,
    capacity: usize,
}

impl Default for CommandResults {
    fn default() -> Self {
        Self {
            answers: VecDeque::new(),
            capacity: 4096,
        }
    }
}

impl CommandResults {
    /// The answer kept under a ticket, once its command has run.
    pub fn get(&self, ticket: Ticket) -> Option<&Answer> {
        // tickets are answered in increasing order except that a queued one may run after
        // later direct calls: search from the newest
        self.answers.iter().rev().find(|a| a.ticket == ticket)
    }

    fn store(&mut self, answer: Answer) {
        self.answers.push_back(answer);
        while self.answers.len() > self.capacity {
            self.answers.pop_front();
        }
    }
}

/// The one door: authenticate, validate, apply, audit. A direct call gets its ticket here;
/// its answer is both returned and kept under that ticket.
pub fn execute(world: &mut World, principal: Principal, command: Command) -> Answer {
    execute_signed(world, principal, CallerContext::default(), command)
}

/// [`execute`] for a call signed with an access key or from an address.
pub fn execute_signed(
    world: &mut World,
    principal: Principal,
    caller: CallerContext,
    command: Command,
) -> Answer {
    let ticket = world.resource_mut::<CommandQueue>().issue();
    run(world, ticket, principal, caller, command)
}

fn run(
    world: &mut World,
    ticket: Ticket,
    principal: Principal,
    caller: CallerContext,
    command: Command,
) -> Answer {
    if let Command::Wait { waiter, read } = command {
        return start_wait(world, ticket, principal, caller, waiter, read);
    }
    let now = world.resource::<SimClock>().now;
    // a delete answers with what it deleted, as it was just before
    let before = crate::sim::describe::write_before(world, &command);
    let result = crate::sim::iam::authenticate(world, &caller, &command)
        .and_then(|()| dispatch(world, &principal, &command))
        .map(|mut r| {
            // a write answers like AWS: its response built from what it made or changed
            if r.body.is_none() {
                r.body = crate::sim::describe::write_response(world, &command, &r, before);
            }
            r
        });
    let mut resources = named_ids(&command);
    if let Ok(r) = &result {
        for id in &r.ids {
            if !resources.contains(id) {
                resources.push(id.clone());
            }
        }
    }
    let error = result.as_ref().err().cloned();
    let event = world.resource_mut::<CloudTrail>().record(TrailEvent {
        ticket,
        caller,
        ..TrailEvent::new(now, principal, command, resources, error)
    });
    let answer = Answer {
        ticket,
        event,
        result,
    };
    world.resource_mut::<CommandResults>().store(answer.clone());
    answer
}

/// Drains the command queue through the door, in the order the commands were queued; each
/// answer is kept under its ticket.
pub fn run_queued_commands(world: &mut World) {
    let queued = std::mem::take(&mut world.resource_mut::<CommandQueue>().queued);
    for q in queued {
        run(world, q.ticket, q.principal, q.caller, q.command);
    }
}

/// `aws … wait …`: the first poll at once; a waiter that has not decided is left polling
/// (see [`poll_waiters`]) and its answer comes under its ticket when it ends. The wait is
/// not an API call: only its polls land in CloudTrail. The answer returned for an
/// undecided waiter (`event` 0, `WaiterPending`) is not kept.
fn start_wait(
    world: &mut World,
    ticket: Ticket,
    principal: Principal,
    caller: CallerContext,
    waiter: String,
    read: Read,
) -> Answer {
    let service = Command::Read(read.clone()).service();
    let spec = waiters::WAITERS.iter().find(|w| {
        w.name == waiter && crate::sim::command::Service::from_cli(w.service) == Some(service)
    });
    let Some(spec) = spec else {
        let answer = Answer {
            ticket,
            event: 0,
            result: Err(ApiError::new(
                "WaiterError",
                format!("aws: error: no waiter called {waiter}"),
            )),
        };
        world.resource_mut::<CommandResults>().store(answer.clone());
        return answer;
    };
    let mut pending = waiters::PendingWait {
        ticket,
        principal,
        caller,
        spec,
        read,
        attempts: 0,
        next_poll: 0.0,
    };
    match poll(world, &mut pending) {
        Some(answer) => answer,
        None => {
            world
                .resource_mut::<waiters::Waiters>()
                .pending
                .push(pending);
            Answer {
                ticket,
                event: 0,
                result: Err(ApiError::new("WaiterPending", "still waiting")),
            }
        }
    }
}

/// One poll of a waiter; its answer (kept under its ticket) once it has decided.
fn poll(world: &mut World, w: &mut waiters::PendingWait) -> Option<Answer> {
    let polled = execute_signed(
        world,
        w.principal.clone(),
        w.caller.clone(),
        Command::Read(w.read.clone()),
    );
    w.attempts += 1;
    w.next_poll = world.resource::<SimClock>().now + w.spec.delay;
    let result = match w.spec.judge(&polled.result) {
        waiters::Verdict::Success => Ok(ApiResponse::body(serde_json::json!({}))),
        waiters::Verdict::Failure(why) => Err(ApiError::new("WaiterError", w.spec.failed(&why))),
        waiters::Verdict::Retry if w.attempts >= w.spec.max_attempts => Err(ApiError::new(
            "WaiterError",
            w.spec.failed("Max attempts exceeded"),
        )),
        waiters::Verdict::Retry => return None,
    };
    let answer = Answer {
        ticket: w.ticket,
        event: polled.event,
        result,
    };
    world.resource_mut::<CommandResults>().store(answer.clone());
    Some(answer)
}

/// Polls every waiter whose next poll is due (after the tick's queued commands).
pub fn poll_waiters(world: &mut World) {
    let now = world.resource::<SimClock>().now;
    let pending = std::mem::take(&mut world.resource_mut::<waiters::Waiters>().pending);
    let mut still = Vec::with_capacity(pending.len());
    for mut w in pending {
        if w.next_poll > now || poll(world, &mut w).is_none() {
            still.push(w);
        }
    }
    // waiters started during the polls (none today) stay after the older ones
    let mut waiting = world.resource_mut::<waiters::Waiters>();
    still.append(&mut waiting.pending);
    waiting.pending = still;
}

/// A new round: an empty queue and no answers.
pub fn reset(world: &mut World) {
    world.insert_resource(waiters::Waiters::default());
    world.insert_resource(CommandQueue::default());
    world.insert_resource(CommandResults::default());
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
        // ---- reads: they only look ----
        C::Read(read) => crate::sim::describe::answer(world, principal, read),
        // ---- a dry run: checked, never applied ----
        C::DryRun(inner) => dry_run(world, inner),
        // run() hands a wait to the waiters before it gets here
        C::Wait { .. } => Err(ApiError::new(
            "InvalidAction",
            "A waiter is not an API call",
        )),
    }
}

/// `--dry-run`: the credentials were checked at the door; this checks that every resource
/// the call names exists, and answers `DryRunOperation` when the call would have gone
/// through that far. Capacity and quotas are not checked (EC2's dry run checks
/// permissions, not capacity).
fn dry_run(world: &mut World, inner: &Command) -> ApiResult {
    ec2::dry_run_check(world, inner)?;
    Err(ApiError::new(
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
    ))
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
            target,
        } => {
            let target = match target {
                AddressTarget::Instance(id) => id,
                AddressTarget::NetworkInterface {
                    network_interface_id,
                    ..
                } => network_interface_id,
            };
            vec![allocation_id.clone(), target.clone()]
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
            ..
        } => std::iter::once(id)
            .chain(cache_policy_id)
            .cloned()
            .collect(),
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
        C::Read(read) => read.named_ids(),
        C::DryRun(inner) => named_ids(inner),
        C::Wait { read, .. } => read.named_ids(),
    }
}
