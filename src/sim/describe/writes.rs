//! What a write call answers, in AWS's shape: `run-instances` its `Instances`,
//! `create-load-balancer` its `LoadBalancers`, `create-subnet` its `Subnet`, … — built from
//! the world right after the call, from the ids the call created or changed. Calls AWS
//! answers with an empty body answer `{}` (aws-cli prints nothing for them).

use super::{data_tier, ec2, elb};
use crate::sim::clock::SimClock;
use crate::sim::command::{ApiResponse, Command, LbKind};
use crate::sim::ids::ACCOUNT_ID;
use crate::sim::model::*;
use crate::sim::rds::DbInstance;
use crate::sim::world::{find, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// `CurrentState` items of terminate/stop/start.
fn state_changes(world: &World, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .filter_map(|id| {
            let e = find::<Instance>(world, id)?;
            let i = world.get::<Instance>(e)?;
            let (code, name) = ec2::state(world, e, i);
            Some(json!({"InstanceId": id, "CurrentState": {"Code": code, "Name": name}}))
        })
        .collect()
}

/// The response of a successful write `command` whose answer carries `r.ids`; `None` for a
/// call this does not shape (its answer stays the ids it changed).
pub fn response(world: &mut World, command: &Command, r: &ApiResponse) -> Option<Value> {
    use Command as C;
    let first = r.ids.first().cloned().unwrap_or_default();
    Some(match command {
        C::RunInstances { .. } => {
            let items: Vec<Value> = r
                .ids
                .iter()
                .filter_map(|id| ec2::instance(world, find::<Instance>(world, id)?))
                .collect();
            json!({
                "Groups": [],
                "Instances": items,
                "OwnerId": ACCOUNT_ID,
                "ReservationId": format!("r-{}", first.trim_start_matches("i-")),
            })
        }
        C::TerminateInstances { .. } => {
            json!({ "TerminatingInstances": state_changes(world, &r.ids) })
        }
        C::StopInstances { .. } => json!({ "StoppingInstances": state_changes(world, &r.ids) }),
        C::StartInstances { .. } => json!({ "StartingInstances": state_changes(world, &r.ids) }),
        C::CreateSubnet { .. } => {
            json!({ "Subnet": ec2::subnet(world, find::<Subnet>(world, &first)?)? })
        }
        C::CreateSecurityGroup { .. } => json!({
            "GroupId": first,
            "SecurityGroupArn": format!("arn:aws:ec2:us-east-1:{ACCOUNT_ID}:security-group/{first}"),
        }),
        C::AuthorizeSecurityGroupIngress { .. }
        | C::RevokeSecurityGroupIngress { .. }
        | C::CreateRoute { .. }
        | C::DeleteRoute { .. } => json!({ "Return": true }),
        C::AllocateAddress => {
            let e = find::<ElasticIp>(world, &first)?;
            json!({
                "AllocationId": first,
                "PublicIp": world.get::<ElasticIp>(e)?.public_ip,
                "Domain": "vpc",
                "PublicIpv4Pool": "amazon",
                "NetworkBorderGroup": "us-east-1",
            })
        }
        C::AssociateAddress { .. } => json!({ "AssociationId": first }),
        C::AssociateRouteTable { .. } => json!({
            "AssociationId": first,
            "AssociationState": {"State": "associated"},
        }),
        C::CreateLaunchTemplate { .. } | C::ModifyLaunchTemplate { .. } => {
            json!({ "LaunchTemplate": ec2::template(world, find::<LaunchTemplate>(world, &first)?)? })
        }
        C::CreateLaunchTemplateVersion { .. } => {
            let e = find::<LaunchTemplate>(world, &first)?;
            let number: u32 = r.ids.get(1)?.parse().ok()?;
            let v = world.get::<LaunchTemplate>(e)?.version(number)?.clone();
            json!({ "LaunchTemplateVersion": ec2::template_version(world, e, &v) })
        }
        C::CreateLoadBalancer {
            kind: LbKind::Application,
            ..
        } => {
            json!({ "LoadBalancers": [elb::load_balancer(world, find::<LoadBalancer>(world, &first)?)?] })
        }
        C::CreateLoadBalancer {
            kind: LbKind::Classic,
            ..
        } => {
            let e = find::<LoadBalancer>(world, &first)?;
            json!({ "DNSName": world.get::<LoadBalancer>(e)?.dns_name })
        }
        C::CreateTargetGroup { .. } => {
            let e = find::<TargetGroup>(world, &first)?;
            json!({ "TargetGroups": [elb::target_group(world, e)?] })
        }
        C::CreateListener {
            load_balancer_arn, ..
        } => {
            let lb = find::<LoadBalancer>(world, load_balancer_arn)?;
            let l = world.get::<LoadBalancer>(lb)?;
            let x = l
                .listeners
                .iter()
                .find(|x| elb::listener_arn(load_balancer_arn, x.port) == first)?;
            json!({ "Listeners": [elb::listener(world, load_balancer_arn, x)] })
        }
        C::RegisterInstancesWithLoadBalancer {
            load_balancer_name, ..
        }
        | C::DeregisterInstancesFromLoadBalancer {
            load_balancer_name, ..
        } => {
            let lb = find::<LoadBalancer>(world, load_balancer_name)?;
            let ids: Vec<Value> = world
                .get::<LoadBalancer>(lb)?
                .classic_targets
                .iter()
                .map(|t| json!({"InstanceId": id_of(world, t.instance)}))
                .collect();
            json!({ "Instances": ids })
        }
        C::PutScalingPolicy { .. } => json!({ "PolicyARN": first }),
        C::ChangeResourceRecordSets { .. } => {
            let clock = world.resource::<SimClock>();
            json!({ "ChangeInfo": {
                "Id": first,
                "Status": "PENDING",
                "SubmittedAt": clock.iso8601(clock.now),
            }})
        }
        C::CreateQueue { .. } => json!({ "QueueUrl": first }),
        C::CreateDbInstance { .. } | C::ModifyDbInstance { .. } | C::RebootDbInstance { .. } => {
            json!({ "DBInstance": data_tier::db_instance(world, find::<DbInstance>(world, &first)?)? })
        }
        C::CreateWebAcl { name, .. } | C::CreateIpSet { name, .. } => {
            let mut summary = json!({ "Name": name, "Id": first, "ARN": r.ids.get(1)? });
            // a web ACL's lock token (GameDay keeps none for IP sets)
            if let Some(token) = r.ids.get(2) {
                summary["LockToken"] = json!(token);
            }
            json!({ "Summary": summary })
        }
        C::UpdateWebAcl { .. } => json!({ "NextLockToken": first }),
        C::ListAccessKeys { user_name } => {
            super::waf_iam::access_key_metadata(world, user_name.as_deref())
        }
        // AWS answers these with an empty body
        C::PutMetricAlarm { .. }
        | C::PutCompositeAlarm { .. }
        | C::DeleteAlarms { .. }
        | C::ExecutePolicy { .. }
        | C::DeleteQueue { .. }
        | C::SetQueueAttributes { .. }
        | C::DeleteFunction { .. }
        | C::AssociateWebAcl { .. }
        | C::UpdateAccessKey { .. }
        | C::DeleteAccessKey { .. }
        | C::ModifyInstanceAttribute { .. }
        | C::DeleteSubnet { .. }
        | C::DeleteNetworkInterface { .. }
        | C::ReleaseAddress { .. }
        | C::DeleteLoadBalancer { .. }
        | C::RegisterTargets { .. }
        | C::DeregisterTargets { .. }
        | C::CreateAutoScalingGroup { .. }
        | C::UpdateAutoScalingGroup { .. }
        | C::AttachLoadBalancerTargetGroups { .. }
        | C::SetDesiredCapacity { .. }
        | C::PutScheduledUpdateGroupAction { .. }
        | C::DeleteAutoScalingGroup { .. } => json!({}),
        _ => return None,
    })
}
