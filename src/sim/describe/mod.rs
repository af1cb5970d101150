//! The read side of the command API: `describe-*` and `get-*` answered from the world with
//! AWS's own response shapes and field names (`Reservations[].Instances[]`,
//! `TargetHealthDescriptions[].TargetHealth`, …). A read looks and changes nothing; the door
//! records it in CloudTrail as a read event. One file per service, as in `api/`.

mod autoscaling;
mod cloudtrail;
mod cloudwatch;
mod data_tier;
mod ec2;
mod elb;
mod lambda;
mod metric_data;
mod metric_math;
mod services;
mod shared;
mod waf_iam;
mod writes;

pub use writes::{before as write_before, response as write_response};

/// What the console tables and the map's inspector show: the describe calls' own answers.
pub(crate) use ec2::state as instance_state;
pub(crate) use elb::{classic_instance_health, group_in_use, target_health};

use super::command::{ApiResponse, ApiResult, Principal, Read};
use super::ids::ACCOUNT_ID;
use bevy::prelude::*;
use serde_json::{Value, json};

/// Answers a read call for `principal`.
pub fn answer(world: &mut World, principal: &Principal, read: &Read) -> ApiResult {
    use Read as R;
    let body = match read {
        R::DescribeInstances {
            instance_ids,
            filters,
        } => ec2::instances(world, instance_ids, filters)?,
        R::DescribeSubnets {
            subnet_ids,
            filters,
        } => ec2::subnets(world, subnet_ids, filters)?,
        R::DescribeSecurityGroups {
            group_ids,
            group_names,
            filters,
        } => ec2::security_groups(world, group_ids, group_names, filters)?,
        R::DescribeLaunchTemplateVersions {
            launch_template,
            versions,
        } => ec2::launch_template_versions(world, launch_template, versions)?,
        R::GetConsoleOutput { instance_id } => ec2::console_output(world, instance_id)?,
        R::ListWebAcls { scope } => waf_iam::list_web_acls(world, scope)?,
        R::GetWebAcl { name, scope, id } => waf_iam::get_web_acl(world, name, scope, id)?,
        R::ListResourcesForWebAcl {
            web_acl_arn,
            resource_type,
        } => waf_iam::list_resources_for_web_acl(world, web_acl_arn, resource_type.as_deref())?,
        R::GetWebAclForResource { resource_arn } => {
            waf_iam::get_web_acl_for_resource(world, resource_arn)?
        }
        R::ListUsers => waf_iam::list_users(world),
        R::GetUser { user_name } => waf_iam::get_user(world, user_name.as_deref())?,
        R::DescribeAddresses {
            allocation_ids,
            public_ips,
            filters,
        } => ec2::addresses(world, allocation_ids, public_ips, filters)?,
        R::DescribeNetworkInterfaces {
            network_interface_ids,
            filters,
        } => ec2::network_interfaces(world, network_interface_ids, filters)?,
        R::DescribeInstanceAttribute {
            instance_id,
            attribute,
        } => ec2::instance_attribute(world, instance_id, attribute)?,
        R::DescribeLoadBalancers {
            names,
            load_balancer_arns,
        } => elb::load_balancers(world, names, load_balancer_arns)?,
        R::DescribeTargetGroups {
            load_balancer_arn,
            target_group_arns,
            names,
        } => elb::target_groups(
            world,
            load_balancer_arn.as_deref(),
            target_group_arns,
            names,
        )?,
        R::DescribeListeners {
            load_balancer_arn,
            listener_arns,
        } => elb::listeners(world, load_balancer_arn.as_deref(), listener_arns)?,
        R::DescribeTargetHealth {
            target_group_arn,
            targets,
        } => elb::target_health_descriptions(world, target_group_arn, targets)?,
        R::DescribeInstanceHealth {
            load_balancer_name,
            instance_ids,
        } => elb::instance_health(world, load_balancer_name, instance_ids)?,
        R::DescribeAutoScalingGroups {
            auto_scaling_group_names,
        } => autoscaling::groups(world, auto_scaling_group_names),
        R::DescribeScalingActivities {
            auto_scaling_group_name,
            max_items,
        } => autoscaling::activities(world, auto_scaling_group_name.as_deref(), *max_items)?,
        R::GetCallerIdentity => caller_identity(principal),
        R::LookupEvents {
            lookup_attributes,
            start_time,
            end_time,
            max_results,
        } => cloudtrail::lookup_events(
            world,
            lookup_attributes,
            (*start_time, *end_time),
            *max_results,
        )?,
        R::GetMetricStatistics {
            namespace,
            metric_name,
            dimensions,
            start_time,
            end_time,
            period,
            statistics,
            extended_statistics,
            unit,
        } => metric_data::statistics(
            world,
            &metric_data::StatisticsRequest {
                namespace,
                metric_name,
                dimensions,
                start_time: *start_time,
                end_time: *end_time,
                period: *period,
                statistics,
                extended_statistics,
                unit: unit.as_deref(),
            },
        )?,
        R::GetMetricData {
            queries,
            start_time,
            end_time,
            scan_by,
            max_datapoints,
        } => metric_data::data(
            world,
            queries,
            *start_time,
            *end_time,
            scan_by.as_deref(),
            *max_datapoints,
        )?,
        R::DescribeAlarms {
            alarm_names,
            alarm_name_prefix,
            state_value,
            alarm_types,
        } => cloudwatch::alarms(
            world,
            alarm_names,
            alarm_name_prefix.as_deref(),
            state_value.as_deref(),
            alarm_types,
        )?,
        R::DescribeDbInstances {
            db_instance_identifier,
        } => data_tier::db_instances(world, db_instance_identifier.as_deref())?,
        R::ListQueues { queue_name_prefix } => {
            data_tier::queues(world, queue_name_prefix.as_deref())
        }
        R::GetQueueUrl { queue_name } => data_tier::queue_url(world, queue_name)?,
        R::GetQueueAttributes {
            queue_url,
            attribute_names,
        } => data_tier::queue_attributes(world, queue_url, attribute_names)?,
        R::ListDistributions => services::distributions(world),
        R::GetDistribution { id } => services::distribution(world, id)?,
        R::DescribeCacheClusters { cache_cluster_id } => {
            services::cache_clusters(world, cache_cluster_id.as_deref())?
        }
        R::ListClusters => services::list_clusters(world),
        R::DescribeClusters { clusters } => services::describe_clusters(world, clusters),
        R::ListServices { cluster } => services::list_services(world, cluster.as_deref())?,
        R::DescribeServices { cluster, services } => {
            services::describe_services(world, cluster.as_deref(), services)?
        }
        R::ListFunctions => lambda::functions(world),
        R::GetFunction { function_name } => lambda::function(world, function_name)?,
    };
    Ok(ApiResponse::body(body))
}

/// `sts get-caller-identity`: who the call was made as.
fn caller_identity(principal: &Principal) -> Value {
    let arn = principal.arn();
    // IAM user ids are `AIDA` and 17 characters; a stable one per principal
    let hash = arn.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    json!({
        "UserId": format!("AIDA{hash:017X}"),
        "Account": ACCOUNT_ID,
        "Arn": arn,
    })
}
