//! What a write call answers, in AWS's shape: `run-instances` its `Instances`,
//! `create-load-balancer` its `LoadBalancers`, `create-subnet` its `Subnet`, … — built from
//! the world right after the call, from the ids the call created or changed, with the read
//! side's own describers (a write's answer and the matching describe agree). Calls AWS
//! answers with an empty body answer `{}` (aws-cli prints nothing for them).

use super::{data_tier, ec2, elb, lambda, services};
use crate::sim::clock::SimClock;
use crate::sim::command::{ApiResponse, Command, LbKind};
use crate::sim::ecs::{EcsCluster, EcsService};
use crate::sim::ids::ACCOUNT_ID;
use crate::sim::lambda::Function;
use crate::sim::model::*;
use crate::sim::rds::DbInstance;
use crate::sim::services::{CacheCluster, CachePolicy, Distribution};
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

/// What a delete answers with, described just before it runs (`None` for another call):
/// `delete-db-instance` its `DBInstance` and `delete-cache-cluster` its `CacheCluster`,
/// status `deleting`, as AWS answers them.
pub fn before(world: &World, command: &Command) -> Option<Value> {
    match command {
        Command::DeleteDbInstance {
            db_instance_identifier: id,
            ..
        } => {
            let mut db = data_tier::db_instance(world, find::<DbInstance>(world, id)?)?;
            db["DBInstanceStatus"] = json!("deleting");
            Some(json!({ "DBInstance": db }))
        }
        Command::DeleteCacheCluster { cache_cluster_id } => {
            let e = find::<CacheCluster>(world, cache_cluster_id)?;
            let mut c = services::cache_cluster(world, e)?;
            c["CacheClusterStatus"] = json!("deleting");
            Some(json!({ "CacheCluster": c }))
        }
        _ => None,
    }
}

/// CloudFront's `Location` header for a new resource (`distribution`, `cache-policy`).
fn cloudfront_location(kind: &str, id: &str) -> String {
    format!("https://cloudfront.amazonaws.com/2020-05-31/{kind}/{id}")
}

/// The response of a successful write `command` whose answer carries `r.ids`; `before` is
/// what [`before`] described. Every write has its arm: `None` only when what it made
/// cannot be found right after (or for a read, which answers for itself).
pub fn response(
    world: &mut World,
    command: &Command,
    r: &ApiResponse,
    before: Option<Value>,
) -> Option<Value> {
    use Command as C;
    let first = r.ids.first().cloned().unwrap_or_default();
    Some(match command {
        C::CreateNetworkInterface { .. } => {
            let e = find::<NetworkInterface>(world, &first)?;
            let mut ni = ec2::network_interface(world, e)?;
            ni["Status"] = json!("pending");
            json!({ "NetworkInterface": ni })
        }
        C::ModifyTargetGroupAttributes { .. } => {
            let e = find::<TargetGroup>(world, &first)?;
            json!({ "Attributes": elb::target_group_attributes(world, e)? })
        }
        C::SetSubnets { .. } => {
            let lb = elb::load_balancer(world, find::<LoadBalancer>(world, &first)?)?;
            json!({ "AvailabilityZones": lb["AvailabilityZones"] })
        }
        C::PutStepScalingPolicy { .. } => json!({ "PolicyARN": first, "Alarms": [] }),
        C::CreateDistribution { .. } => {
            let e = find::<Distribution>(world, &first)?;
            let (d, etag) = services::distribution_with_etag(world, e)?;
            json!({
                "Location": cloudfront_location("distribution", &first),
                "ETag": etag,
                "Distribution": d,
            })
        }
        C::UpdateDistribution { .. } => {
            let e = find::<Distribution>(world, &first)?;
            let (d, etag) = services::distribution_with_etag(world, e)?;
            json!({ "ETag": etag, "Distribution": d })
        }
        C::CreateCachePolicy { .. } => {
            let e = find::<CachePolicy>(world, &first)?;
            let (p, etag) = services::cache_policy_with_etag(world, e)?;
            json!({
                "Location": cloudfront_location("cache-policy", &first),
                "ETag": etag,
                "CachePolicy": p,
            })
        }
        C::CreateCacheCluster { .. } => {
            let e = find::<CacheCluster>(world, &first)?;
            json!({ "CacheCluster": services::cache_cluster(world, e)? })
        }
        C::DeleteCacheCluster { .. } | C::DeleteDbInstance { .. } => before?,
        C::CreateFunction { .. } => {
            let now = world.resource::<SimClock>().now;
            let f = world.get::<Function>(find::<Function>(world, &first)?)?;
            lambda::configuration(f, now)
        }
        C::PutFunctionConcurrency { .. } => {
            let f = world.get::<Function>(find::<Function>(world, &first)?)?;
            json!({ "ReservedConcurrentExecutions": f.reserved? })
        }
        C::PutProvisionedConcurrencyConfig { .. } => {
            let clock = world.resource::<SimClock>().clone();
            let f = world.get::<Function>(find::<Function>(world, &first)?)?;
            lambda::provisioned_concurrency(f, &clock)
        }
        C::CreateCluster { .. } => {
            let c = world
                .get::<EcsCluster>(find::<EcsCluster>(world, &first)?)?
                .clone();
            json!({ "cluster": services::cluster(world, &c) })
        }
        C::CreateService { .. } | C::UpdateService { .. } => {
            let s = world
                .get::<EcsService>(find::<EcsService>(world, &first)?)?
                .clone();
            let c = world.get::<EcsCluster>(find::<EcsCluster>(world, &s.cluster)?)?;
            json!({ "service": services::service(&s, &c.arn) })
        }
        C::CreateSavingsPlan { .. } => json!({ "savingsPlanId": first }),
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
        | C::DeleteAutoScalingGroup { .. }
        | C::DeleteDistribution { .. }
        | C::DeleteWebAcl { .. } => json!({}),
        // reads, dry runs and waits answer for themselves
        C::Read(_) | C::DryRun(_) | C::Wait { .. } => return None,
    })
}
