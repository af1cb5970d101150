//! Turning an operation's collected option values into the typed `Command`.

use super::CliError;
use super::parse::Args;
use super::structs::{
    attribute, change_batch, classic_instance, classic_listener, dimension, forward_arn,
    ip_permission, launch_template_data, launch_template_spec, needs_ports, normalize_protocol,
    port_range, step_adjustment, target, target_tracking,
};
use crate::sim::command::{
    Command, IngressRule, IngressSource, LaunchTemplateData, LaunchTemplateSpec, LbKind,
};
use serde_json::Value;

/// Attaches the option name to a structure reader's message.
trait Context<T> {
    fn ctx(self, option: &str) -> Result<T, CliError>;
}

impl<T> Context<T> for Result<T, String> {
    fn ctx(self, option: &str) -> Result<T, CliError> {
        self.map_err(|e| CliError::param(option, e))
    }
}

/// Reads every structure given to a list option with `read`.
fn each<T>(
    a: &Args,
    option: &str,
    read: fn(&Value) -> Result<T, String>,
) -> Result<Vec<T>, CliError> {
    let items = a.structures(option)?.unwrap_or_default();
    items.iter().map(read).collect::<Result<_, _>>().ctx(option)
}

/// Reads a required structure option with `read`.
fn one<T>(
    a: &Args,
    option: &'static str,
    read: fn(&Value) -> Result<T, String>,
) -> Result<T, CliError> {
    let v = a
        .structure(option)?
        .ok_or_else(|| CliError::required(&[option]))?;
    read(&v).ctx(option)
}

/// Reads an optional structure option with `read`.
fn maybe<T>(
    a: &Args,
    option: &str,
    read: fn(&Value) -> Result<T, String>,
) -> Result<Option<T>, CliError> {
    match a.structure(option)? {
        None => Ok(None),
        Some(v) => read(&v).map(Some).ctx(option),
    }
}

/// Builds the command for the operation `a` was collected for.
pub(crate) fn build(a: &Args) -> Result<Command, CliError> {
    // ---- WAF / IAM / Savings Plans / EC2 instance state ----
    if let Some(cmd) = super::secfin::build(a) {
        return cmd;
    }
    let cmd = match (a.spec.service, a.spec.name) {
        ("ec2", "run-instances") => run_instances(a)?,
        ("ec2", "terminate-instances") => Command::TerminateInstances {
            instance_ids: a.req_list("--instance-ids")?,
        },
        ("ec2", "create-subnet") => Command::CreateSubnet {
            vpc_id: a.req("--vpc-id")?,
            cidr_block: a.req("--cidr-block")?,
            availability_zone: a.text("--availability-zone"),
            name: name_tag(a, "--tag-specifications", "subnet")?,
        },
        ("ec2", "delete-subnet") => Command::DeleteSubnet {
            subnet_id: a.req("--subnet-id")?,
        },
        ("ec2", "create-network-interface") => Command::CreateNetworkInterface {
            subnet_id: a.req("--subnet-id")?,
            secondary_ip_count: a.int("--secondary-private-ip-address-count")?.unwrap_or(0),
            description: a.text("--description"),
        },
        ("ec2", "delete-network-interface") => Command::DeleteNetworkInterface {
            network_interface_id: a.req("--network-interface-id")?,
        },
        ("ec2", "create-security-group") => Command::CreateSecurityGroup {
            group_name: a.req("--group-name")?,
            description: a.req("--description")?,
            vpc_id: a.text("--vpc-id"),
        },
        ("ec2", "authorize-security-group-ingress") => Command::AuthorizeSecurityGroupIngress {
            group_id: a.req("--group-id")?,
            rules: ingress_rules(a)?,
        },
        ("ec2", "revoke-security-group-ingress") => Command::RevokeSecurityGroupIngress {
            group_id: a.req("--group-id")?,
            rules: ingress_rules(a)?,
        },
        ("ec2", "create-route") => Command::CreateRoute {
            route_table_id: a.req("--route-table-id")?,
            destination_cidr_block: a.req("--destination-cidr-block")?,
            gateway_id: a.req("--gateway-id")?,
        },
        ("ec2", "delete-route") => Command::DeleteRoute {
            route_table_id: a.req("--route-table-id")?,
            destination_cidr_block: a.req("--destination-cidr-block")?,
        },
        ("ec2", "associate-route-table") => Command::AssociateRouteTable {
            route_table_id: a.req("--route-table-id")?,
            subnet_id: a.req("--subnet-id")?,
        },
        ("ec2", "allocate-address") => {
            if let Some(d) = a.text("--domain").filter(|d| d != "vpc" && d != "standard") {
                return Err(CliError::param(
                    "--domain",
                    format!("invalid value '{d}': valid values are vpc, standard"),
                ));
            }
            Command::AllocateAddress
        }
        ("ec2", "associate-address") => Command::AssociateAddress {
            allocation_id: a.req("--allocation-id")?,
            instance_id: a.req("--instance-id")?,
        },
        ("ec2", "release-address") => Command::ReleaseAddress {
            allocation_id: a.req("--allocation-id")?,
        },
        ("ec2", "create-launch-template") => Command::CreateLaunchTemplate {
            launch_template_name: a.req("--launch-template-name")?,
            version_description: a.text("--version-description"),
            data: template_data(a)?,
        },
        ("ec2", "create-launch-template-version") => Command::CreateLaunchTemplateVersion {
            launch_template: launch_template_id_or_name(a)?,
            source_version: a.text("--source-version"),
            version_description: a.text("--version-description"),
            data: template_data(a)?,
        },
        ("ec2", "modify-launch-template") => Command::ModifyLaunchTemplate {
            launch_template: launch_template_id_or_name(a)?,
            default_version: a.req("--default-version")?,
        },
        ("elb", "create-load-balancer") => Command::CreateLoadBalancer {
            kind: LbKind::Classic,
            name: a.req("--load-balancer-name")?,
            subnets: a.req_list("--subnets")?,
            security_groups: a.list("--security-groups")?.unwrap_or_default(),
            listeners: each(a, "--listeners", classic_listener)?,
        },
        ("elb", "delete-load-balancer") => Command::DeleteLoadBalancer {
            kind: LbKind::Classic,
            name_or_arn: a.req("--load-balancer-name")?,
        },
        ("elb", "register-instances-with-load-balancer") => {
            Command::RegisterInstancesWithLoadBalancer {
                load_balancer_name: a.req("--load-balancer-name")?,
                instance_ids: classic_instances(a)?,
            }
        }
        ("elb", "deregister-instances-from-load-balancer") => {
            Command::DeregisterInstancesFromLoadBalancer {
                load_balancer_name: a.req("--load-balancer-name")?,
                instance_ids: classic_instances(a)?,
            }
        }
        ("elbv2", "create-load-balancer") => application_load_balancer(a)?,
        ("elbv2", "delete-load-balancer") => Command::DeleteLoadBalancer {
            kind: LbKind::Application,
            name_or_arn: a.req("--load-balancer-arn")?,
        },
        ("elbv2", "create-target-group") => target_group(a)?,
        ("elbv2", "modify-target-group-attributes") => Command::ModifyTargetGroupAttributes {
            target_group_arn: a.req("--target-group-arn")?,
            attributes: each(a, "--attributes", attribute)?,
        },
        ("elbv2", "register-targets") => Command::RegisterTargets {
            target_group_arn: a.req("--target-group-arn")?,
            targets: each(a, "--targets", target)?,
        },
        ("elbv2", "deregister-targets") => Command::DeregisterTargets {
            target_group_arn: a.req("--target-group-arn")?,
            targets: each(a, "--targets", target)?,
        },
        ("elbv2", "create-listener") => Command::CreateListener {
            load_balancer_arn: a.req("--load-balancer-arn")?,
            protocol: a.req("--protocol")?,
            port: a.req_int("--port")?,
            default_target_group_arn: forward_target_group(a)?,
        },
        ("elbv2", "set-subnets") => Command::SetSubnets {
            load_balancer_arn: a.req("--load-balancer-arn")?,
            subnets: a.req_list("--subnets")?,
        },
        ("autoscaling", "create-auto-scaling-group") => Command::CreateAutoScalingGroup {
            name: a.req("--auto-scaling-group-name")?,
            launch_template: asg_launch_template(a)?
                .ok_or_else(|| CliError::required(&["--launch-template"]))?,
            min_size: a.req_int("--min-size")?,
            max_size: a.req_int("--max-size")?,
            desired_capacity: a.int("--desired-capacity")?,
            vpc_zone_identifier: vpc_zone_identifier(a).unwrap_or_default(),
            target_group_arns: a.list("--target-group-arns")?.unwrap_or_default(),
            load_balancer_names: a.list("--load-balancer-names")?.unwrap_or_default(),
            health_check_type: a.text("--health-check-type"),
            health_check_grace_period: a.int("--health-check-grace-period")?,
            default_instance_warmup: a.int("--default-instance-warmup")?,
            new_instances_protected_from_scale_in: a
                .flag("--new-instances-protected-from-scale-in")
                .unwrap_or(false),
        },
        ("autoscaling", "update-auto-scaling-group") => Command::UpdateAutoScalingGroup {
            name: a.req("--auto-scaling-group-name")?,
            launch_template: asg_launch_template(a)?,
            min_size: a.int("--min-size")?,
            max_size: a.int("--max-size")?,
            desired_capacity: a.int("--desired-capacity")?,
            vpc_zone_identifier: vpc_zone_identifier(a),
            health_check_type: a.text("--health-check-type"),
            health_check_grace_period: a.int("--health-check-grace-period")?,
            default_instance_warmup: a.int("--default-instance-warmup")?,
            new_instances_protected_from_scale_in: a
                .flag("--new-instances-protected-from-scale-in"),
        },
        ("autoscaling", "attach-load-balancer-target-groups") => {
            Command::AttachLoadBalancerTargetGroups {
                auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
                target_group_arns: a.req_list("--target-group-arns")?,
            }
        }
        ("autoscaling", "set-desired-capacity") => Command::SetDesiredCapacity {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            desired_capacity: a.req_int("--desired-capacity")?,
            honor_cooldown: a.flag("--honor-cooldown").unwrap_or(false),
        },
        ("autoscaling", "put-scaling-policy") => scaling_policy(a)?,
        ("autoscaling", "put-scheduled-update-group-action") => {
            Command::PutScheduledUpdateGroupAction {
                auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
                scheduled_action_name: a.req("--scheduled-action-name")?,
                start_time: a.text("--start-time"),
                recurrence: a.text("--recurrence"),
                min_size: a.int("--min-size")?,
                max_size: a.int("--max-size")?,
                desired_capacity: a.int("--desired-capacity")?,
            }
        }
        ("autoscaling", "delete-auto-scaling-group") => Command::DeleteAutoScalingGroup {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            force_delete: a.flag("--force-delete").unwrap_or(false),
        },
        ("route53", "change-resource-record-sets") => Command::ChangeResourceRecordSets {
            hosted_zone_id: a.req("--hosted-zone-id")?,
            changes: record_changes(a)?,
        },
        ("autoscaling", "execute-policy") => Command::ExecutePolicy {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            policy_name: a.req("--policy-name")?,
            metric_value: number(a, "--metric-value")?,
            breach_threshold: number(a, "--breach-threshold")?,
        },
        ("cloudwatch", "put-metric-alarm") => metric_alarm(a)?,
        ("cloudwatch", "put-composite-alarm") => Command::PutCompositeAlarm {
            alarm_name: a.req("--alarm-name")?,
            alarm_rule: a.req("--alarm-rule")?,
            alarm_actions: a.list("--alarm-actions")?.unwrap_or_default(),
        },
        ("cloudwatch", "delete-alarms") => Command::DeleteAlarms {
            alarm_names: a.req_list("--alarm-names")?,
        },
        ("cloudfront", "create-distribution") => Command::CreateDistribution {
            origin_domain_name: a.req("--origin-domain-name")?,
            default_root_object: a.text("--default-root-object"),
        },
        ("cloudfront", "create-cache-policy") => one(
            a,
            "--cache-policy-config",
            super::services::cache_policy_config,
        )?,
        ("cloudfront", "update-distribution") => Command::UpdateDistribution {
            id: a.req("--id")?,
            cache_policy_id: one(
                a,
                "--distribution-config",
                super::services::distribution_cache_policy,
            )?,
        },
        ("cloudfront", "delete-distribution") => Command::DeleteDistribution { id: a.req("--id")? },
        ("elasticache", "create-cache-cluster") => Command::CreateCacheCluster {
            cache_cluster_id: a.req("--cache-cluster-id")?,
            engine: a.req("--engine")?,
            cache_node_type: a.req("--cache-node-type")?,
            num_cache_nodes: a.req_int("--num-cache-nodes")?,
        },
        ("elasticache", "delete-cache-cluster") => Command::DeleteCacheCluster {
            cache_cluster_id: a.req("--cache-cluster-id")?,
        },
        // ---- RDS ----
        ("rds", "create-db-instance") => Command::CreateDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            db_instance_class: a.req("--db-instance-class")?,
            engine: a.req("--engine")?,
            allocated_storage: a.int("--allocated-storage")?,
            multi_az: a.flag("--multi-az").unwrap_or(false),
        },
        ("rds", "modify-db-instance") => Command::ModifyDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            db_instance_class: a.text("--db-instance-class"),
            multi_az: a.flag("--multi-az"),
            apply_immediately: a.flag("--apply-immediately").unwrap_or(false),
        },
        ("rds", "reboot-db-instance") => Command::RebootDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            force_failover: a.flag("--force-failover").unwrap_or(false),
        },
        ("rds", "delete-db-instance") => Command::DeleteDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            skip_final_snapshot: a.flag("--skip-final-snapshot").unwrap_or(false),
        },
        // ---- SQS ----
        ("sqs", "create-queue") => Command::CreateQueue {
            queue_name: a.req("--queue-name")?,
            attributes: match a.structure("--attributes")? {
                Some(v) => super::services::queue_attributes(&v).ctx("--attributes")?,
                None => vec![],
            },
        },
        ("sqs", "delete-queue") => Command::DeleteQueue {
            queue_url: a.req("--queue-url")?,
        },
        ("sqs", "set-queue-attributes") => Command::SetQueueAttributes {
            queue_url: a.req("--queue-url")?,
            attributes: one(a, "--attributes", super::services::queue_attributes)?,
        },
        // ---- Lambda ----
        ("lambda", "create-function") => Command::CreateFunction {
            function_name: a.req("--function-name")?,
            runtime: a.req("--runtime")?,
            role: a.req("--role")?,
            handler: a.req("--handler")?,
            memory_size: a.int("--memory-size")?,
            timeout: a.int("--timeout")?,
        },
        ("lambda", "put-function-concurrency") => Command::PutFunctionConcurrency {
            function_name: a.req("--function-name")?,
            reserved_concurrent_executions: a.req_int("--reserved-concurrent-executions")?,
        },
        ("lambda", "put-provisioned-concurrency-config") => {
            Command::PutProvisionedConcurrencyConfig {
                function_name: a.req("--function-name")?,
                qualifier: a.req("--qualifier")?,
                provisioned_concurrent_executions: a
                    .req_int("--provisioned-concurrent-executions")?,
            }
        }
        ("lambda", "delete-function") => Command::DeleteFunction {
            function_name: a.req("--function-name")?,
        },
        // ---- ECS ----
        ("ecs", "create-cluster") => Command::CreateCluster {
            cluster_name: a.text("--cluster-name").unwrap_or_else(|| "default".into()),
        },
        ("ecs", "create-service") => Command::CreateService {
            cluster: a.text("--cluster").unwrap_or_else(|| "default".into()),
            service_name: a.req("--service-name")?,
            task_definition: a.req("--task-definition")?,
            desired_count: a.int("--desired-count")?.unwrap_or(0),
        },
        ("ecs", "update-service") => Command::UpdateService {
            cluster: a.text("--cluster").unwrap_or_else(|| "default".into()),
            service: a.req("--service")?,
            desired_count: a.int("--desired-count")?,
        },
        (service, operation) => {
            return Err(CliError::new(format!(
                "aws: error: {service} {operation} is not implemented in GameDay"
            )));
        }
    };
    Ok(cmd)
}

// ---------------------------------------------------------------- ec2

fn run_instances(a: &Args) -> Result<Command, CliError> {
    let count = match a.text("--count") {
        None => 1,
        Some(text) => instance_count(&text).ctx("--count")?,
    };
    Ok(Command::RunInstances {
        image_id: a.text("--image-id"),
        instance_type: a.text("--instance-type"),
        count,
        subnet_id: a.text("--subnet-id"),
        security_group_ids: a.list("--security-group-ids")?.unwrap_or_default(),
        user_data: a.text("--user-data"),
        launch_template: maybe(a, "--launch-template", launch_template_spec)?,
        name: name_tag(a, "--tag-specifications", "instance")?,
    })
}

/// `--count 3` or `--count 2:5` (minimum:maximum; GameDay launches the minimum).
fn instance_count(text: &str) -> Result<u32, String> {
    let bad = || format!("invalid count '{text}': expected N or MIN:MAX, e.g. 2 or 2:4");
    let (min, max) = match text.split_once(':') {
        Some((min, max)) => (min, Some(max)),
        None => (text, None),
    };
    let min: u32 = min.trim().parse().map_err(|_| bad())?;
    if let Some(max) = max {
        let max: u32 = max.trim().parse().map_err(|_| bad())?;
        if max < min {
            return Err(format!(
                "the maximum count {max} is less than the minimum {min}"
            ));
        }
    }
    if min == 0 {
        return Err("the count must be at least 1".into());
    }
    Ok(min)
}

/// The `Name` tag from `--tag-specifications` for `resource_type`, if any.
fn name_tag(a: &Args, option: &str, resource_type: &str) -> Result<Option<String>, CliError> {
    let read = |spec: &Value| super::structs::name_tag(spec, resource_type);
    for spec in a.structures(option)?.unwrap_or_default() {
        if let Some(name) = read(&spec).ctx(option)? {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// `--port 22`, `--port 8000-8010`, `--port -1` (all).
fn simple_port(text: &str) -> Result<(i64, i64), String> {
    let bad = || "port parameter should be of the form <from[-to]> (e.g. 22 or 22-25)".to_string();
    let text = text.trim();
    if text == "-1" || text == "all" {
        return Ok((-1, -1));
    }
    let (from, to) = text.split_once('-').unwrap_or((text, text));
    Ok((
        from.parse().map_err(|_| bad())?,
        to.parse().map_err(|_| bad())?,
    ))
}

const SIMPLE_INGRESS: [&str; 4] = ["--protocol", "--port", "--cidr", "--source-group"];

/// Rules from `--ip-permissions`, or from `--protocol --port --cidr/--source-group`.
fn ingress_rules(a: &Args) -> Result<Vec<IngressRule>, CliError> {
    if a.has("--ip-permissions") {
        if let Some(o) = SIMPLE_INGRESS.iter().find(|o| a.has(o)) {
            return Err(CliError::new(format!(
                "The {o} option is not compatible with the --ip-permissions option"
            )));
        }
        return Ok(each(a, "--ip-permissions", ip_permission)?.concat());
    }
    let Some(protocol) = a.text("--protocol") else {
        return Err(CliError::new(
            "aws: error: describe the rule with --protocol, --port and --cidr or \
             --source-group, or with --ip-permissions",
        ));
    };
    let protocol = normalize_protocol(&protocol).ctx("--protocol")?;
    let (from, to) = match a.text("--port") {
        Some(port) => simple_port(&port).ctx("--port")?,
        None if needs_ports(&protocol) => {
            return Err(CliError::param(
                "--port",
                format!("a port or range (22, 8000-8010) is required for {protocol}"),
            ));
        }
        None => (-1, -1),
    };
    let (from_port, to_port) = port_range(&protocol, Some(from), Some(to)).ctx("--port")?;
    let sources: Vec<IngressSource> = a
        .text("--cidr")
        .map(IngressSource::Cidr)
        .into_iter()
        .chain(a.text("--source-group").map(IngressSource::Group))
        .collect();
    if sources.is_empty() {
        return Err(CliError::new(
            "aws: error: say where the traffic comes from with --cidr or --source-group",
        ));
    }
    Ok(sources
        .into_iter()
        .map(|source| IngressRule {
            protocol: protocol.clone(),
            from_port,
            to_port,
            source,
        })
        .collect())
}

fn template_data(a: &Args) -> Result<LaunchTemplateData, CliError> {
    one(a, "--launch-template-data", launch_template_data)
}

/// Exactly one of `--launch-template-id` / `--launch-template-name`.
fn launch_template_id_or_name(a: &Args) -> Result<String, CliError> {
    match (
        a.text("--launch-template-id"),
        a.text("--launch-template-name"),
    ) {
        (Some(id), None) => Ok(id),
        (None, Some(name)) => Ok(name),
        (Some(_), Some(_)) => Err(CliError::new(
            "aws: error: argument --launch-template-name: not allowed with argument \
             --launch-template-id",
        )),
        (None, None) => Err(CliError::new(
            "aws: error: one of the arguments --launch-template-id --launch-template-name is \
             required",
        )),
    }
}

// ---------------------------------------------------------------- load balancing

/// `--instances i-1 i-2`, `InstanceId=i-1` or `'[{"InstanceId":"i-1"}]'`.
fn classic_instances(a: &Args) -> Result<Vec<String>, CliError> {
    let words = a.words("--instances").unwrap_or_default();
    if words
        .iter()
        .any(|w| w.contains('=') || w.trim_start().starts_with(['[', '{']))
    {
        each(a, "--instances", classic_instance)
    } else {
        Ok(words.to_vec())
    }
}

fn application_load_balancer(a: &Args) -> Result<Command, CliError> {
    match a.text("--type").as_deref() {
        None | Some("application") => {}
        Some(kind @ ("network" | "gateway")) => {
            return Err(CliError::param(
                "--type",
                format!(
                    "GameDay only supports Application Load Balancers (--type application), \
                     not {kind} load balancers"
                ),
            ));
        }
        Some(other) => {
            return Err(CliError::param(
                "--type",
                format!("invalid value '{other}': valid values are application, network, gateway"),
            ));
        }
    }
    if let Some(s) = a
        .text("--scheme")
        .filter(|s| s != "internet-facing" && s != "internal")
    {
        return Err(CliError::param(
            "--scheme",
            format!("invalid value '{s}': valid values are internet-facing, internal"),
        ));
    }
    Ok(Command::CreateLoadBalancer {
        kind: LbKind::Application,
        name: a.req("--name")?,
        subnets: a.req_list("--subnets")?,
        security_groups: a.list("--security-groups")?.unwrap_or_default(),
        listeners: Vec::new(),
    })
}

fn target_group(a: &Args) -> Result<Command, CliError> {
    if let Some(t) = a.text("--target-type").filter(|t| t != "instance") {
        return Err(CliError::param(
            "--target-type",
            format!("GameDay only supports instance targets (--target-type instance), not {t}"),
        ));
    }
    Ok(Command::CreateTargetGroup {
        name: a.req("--name")?,
        protocol: a.req("--protocol")?,
        port: a.req_int("--port")?,
        vpc_id: a.req("--vpc-id")?,
        health_check_path: a.text("--health-check-path"),
        health_check_interval_seconds: a.int("--health-check-interval-seconds")?,
        healthy_threshold_count: a.int("--healthy-threshold-count")?,
        unhealthy_threshold_count: a.int("--unhealthy-threshold-count")?,
    })
}

/// The target group of the single `forward` default action.
fn forward_target_group(a: &Args) -> Result<String, CliError> {
    const OPTION: &str = "--default-actions";
    match each(a, OPTION, forward_arn)?.as_slice() {
        [arn] => Ok(arn.clone()),
        actions => Err(CliError::param(
            OPTION,
            format!(
                "GameDay needs exactly one default action, got {}",
                actions.len()
            ),
        )),
    }
}

// ---------------------------------------------------------------- autoscaling

fn asg_launch_template(a: &Args) -> Result<Option<LaunchTemplateSpec>, CliError> {
    maybe(a, "--launch-template", launch_template_spec)
}

/// `--vpc-zone-identifier "subnet-a,subnet-b"`: one comma-separated string.
fn vpc_zone_identifier(a: &Args) -> Option<Vec<String>> {
    a.text("--vpc-zone-identifier").map(|text| {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
}

fn scaling_policy(a: &Args) -> Result<Command, CliError> {
    if a.text("--policy-type").as_deref() == Some("StepScaling") {
        let adjustment_type = a.req("--adjustment-type")?;
        let steps = each(a, "--step-adjustments", step_adjustment)?;
        if steps.is_empty() {
            return Err(CliError::required(&["--step-adjustments"]));
        }
        return Ok(Command::PutStepScalingPolicy {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            policy_name: a.req("--policy-name")?,
            adjustment_type,
            step_adjustments: steps,
            estimated_instance_warmup: a.int("--estimated-instance-warmup")?,
        });
    }
    if let Some(t) = a
        .text("--policy-type")
        .filter(|t| t != "TargetTrackingScaling")
    {
        return Err(CliError::param(
            "--policy-type",
            format!(
                "GameDay supports target tracking (--policy-type TargetTrackingScaling) \
                 and step scaling (--policy-type StepScaling) policies, not {t}"
            ),
        ));
    }
    Ok(Command::PutScalingPolicy {
        auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
        policy_name: a.req("--policy-name")?,
        target_tracking: one(a, "--target-tracking-configuration", target_tracking)?,
        estimated_instance_warmup: a.int("--estimated-instance-warmup")?,
    })
}

/// A number option (`--threshold 70.5`).
fn number(a: &Args, option: &'static str) -> Result<Option<f64>, CliError> {
    match a.text(option) {
        None => Ok(None),
        Some(t) => match t.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(CliError::param(
                option,
                format!("invalid float value: '{t}'"),
            )),
        },
    }
}

fn metric_alarm(a: &Args) -> Result<Command, CliError> {
    let statistic = match (a.text("--statistic"), a.text("--extended-statistic")) {
        (Some(s), None) | (None, Some(s)) => s,
        (Some(_), Some(_)) => {
            return Err(CliError::new(
                "aws: error: --statistic and --extended-statistic cannot be used together",
            ));
        }
        (None, None) => {
            return Err(CliError::new(
                "aws: error: one of --statistic or --extended-statistic is required",
            ));
        }
    };
    Ok(Command::PutMetricAlarm {
        alarm_name: a.req("--alarm-name")?,
        namespace: a.req("--namespace")?,
        metric_name: a.req("--metric-name")?,
        statistic,
        dimensions: each(a, "--dimensions", dimension)?,
        period: a.req_int("--period")?,
        evaluation_periods: a.req_int("--evaluation-periods")?,
        datapoints_to_alarm: a.int("--datapoints-to-alarm")?,
        threshold: number(a, "--threshold")?.ok_or_else(|| CliError::required(&["--threshold"]))?,
        comparison_operator: a.req("--comparison-operator")?,
        treat_missing_data: a.text("--treat-missing-data"),
        alarm_actions: a.list("--alarm-actions")?.unwrap_or_default(),
    })
}

// ---------------------------------------------------------------- route53

fn record_changes(a: &Args) -> Result<Vec<crate::sim::command::RecordChange>, CliError> {
    one(a, "--change-batch", change_batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awscli::parse_line;
    use crate::sim::command::{
        ClassicListener, PredefinedMetric, RecordChange, TargetTrackingConfig,
    };

    fn ok(line: &str) -> Command {
        parse_line(line).unwrap_or_else(|e| panic!("{line}\n{e}"))
    }

    fn err(line: &str) -> String {
        parse_line(line).unwrap_err().message
    }

    fn rule(protocol: &str, from: u16, to: u16, source: IngressSource) -> IngressRule {
        IngressRule {
            protocol: protocol.into(),
            from_port: from,
            to_port: to,
            source,
        }
    }

    /// Lines as printed in the AWS CLI documentation's examples.
    #[test]
    fn documentation_examples_parse() {
        let examples = [
            "aws ec2 run-instances \\\n    --image-id ami-0abcdef1234567890 \\\n    --instance-type t2.micro \\\n    --key-name MyKeyPair",
            "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t2.micro --count 1 --subnet-id subnet-08fc749671b2d077c --key-name MyKeyPair --security-group-ids sg-0b0384b66d7d692f9 --tag-specifications 'ResourceType=instance,Tags=[{Key=webserver,Value=production}]' 'ResourceType=volume,Tags=[{Key=cost-center,Value=cc123}]'",
            "aws ec2 terminate-instances --instance-ids i-1234567890abcdef0",
            "aws ec2 create-subnet --vpc-id vpc-081ec835f3EXAMPLE --cidr-block 10.0.0.0/24 --tag-specifications ResourceType=subnet,Tags=[{Key=Name,Value=my-ipv4-only-subnet}]",
            "aws ec2 delete-subnet --subnet-id subnet-9d4a7b6c",
            "aws ec2 create-network-interface --subnet-id subnet-00a24d0d67acf6333 --description \"my network interface\" --groups sg-09dfba7ed20cda78b --private-ip-address 10.0.8.17",
            "aws ec2 delete-network-interface --network-interface-id eni-e5aa89a3",
            "aws ec2 create-security-group --group-name MySecurityGroup --description \"My security group\" --vpc-id vpc-1a2b3c4d",
            "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --protocol tcp --port 22 --cidr 203.0.113.0/24",
            "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --protocol tcp --port 80 --source-group sg-1a2b3c4d",
            "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=3389,ToPort=3389,IpRanges=[{CidrIp=172.31.0.0/16}]' 'IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=172.31.0.0/16}]'",
            "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --ip-permissions 'IpProtocol=icmp,FromPort=3,ToPort=4,IpRanges=[{CidrIp=0.0.0.0/0}]'",
            "aws ec2 revoke-security-group-ingress --group-id sg-026c12253ce15eff7 --ip-permissions IpProtocol=icmp,FromPort=3,ToPort=4,IpRanges=[{CidrIp=0.0.0.0/0}]",
            "aws ec2 create-route --route-table-id rtb-22574640 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-c0a643a9",
            "aws ec2 delete-route --route-table-id rtb-22574640 --destination-cidr-block 0.0.0.0/0",
            "aws ec2 associate-route-table --route-table-id rtb-22574640 --subnet-id subnet-9d4a7b6c",
            "aws ec2 allocate-address",
            "aws ec2 allocate-address --domain vpc",
            "aws ec2 associate-address --instance-id i-0b263919b6498b123 --allocation-id eipalloc-64d5890a",
            "aws ec2 release-address --allocation-id eipalloc-64d5890a",
            r#"aws ec2 create-launch-template --launch-template-name TemplateForWebServer --version-description WebVersion1 --launch-template-data '{"NetworkInterfaces":[{"AssociatePublicIpAddress":true,"DeviceIndex":0,"Ipv6AddressCount":1,"SubnetId":"subnet-7b16de0c"}],"ImageId":"ami-8c1be5f6","InstanceType":"t2.small","TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"purpose","Value":"webserver"}]}]}'"#,
            r#"aws ec2 create-launch-template-version --launch-template-id lt-0abcd290751193123 --version-description WebVersion2 --source-version 1 --launch-template-data '{"ImageId":"ami-c998b6b2"}'"#,
            "aws ec2 modify-launch-template --launch-template-id lt-0abcd290751193123 --default-version 2",
            "aws elb create-load-balancer --load-balancer-name my-load-balancer --listeners \"Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80\" --subnets subnet-15aaab61 --security-groups sg-a61988c3",
            "aws elb create-load-balancer --load-balancer-name my-load-balancer --listeners \"Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80\" \"Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=arn:aws:iam::123456789012:server-certificate/my-server-cert\" --subnets subnet-15aaab61 --security-groups sg-a61988c3",
            "aws elb create-load-balancer --load-balancer-name my-load-balancer --listeners \"Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80\" --scheme internal --subnets subnet-a85db0df --security-groups sg-a61988c3",
            "aws elb delete-load-balancer --load-balancer-name my-load-balancer",
            "aws elb register-instances-with-load-balancer --load-balancer-name my-load-balancer --instances i-d6f6fae3",
            "aws elb deregister-instances-from-load-balancer --load-balancer-name my-load-balancer --instances i-d6f6fae3",
            "aws elbv2 create-load-balancer --name my-load-balancer --subnets subnet-0e3f5cac72EXAMPLE subnet-081ec835f3EXAMPLE --security-groups sg-07e8ffd50fEXAMPLE",
            "aws elbv2 create-load-balancer --name my-internal-load-balancer --scheme internal --subnets subnet-b7d581c0 subnet-8360a9e7",
            "aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188",
            "aws elbv2 create-target-group --name my-targets --protocol HTTP --port 80 --target-type instance --vpc-id vpc-3ac0fb5f",
            "aws elbv2 modify-target-group-attributes --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --attributes Key=deregistration_delay.timeout_seconds,Value=600",
            "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --targets Id=i-1234567890abcdef0 Id=i-0abcdef1234567890",
            "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-internal-targets/3bb63f11dfb0faf9 --targets Id=i-0598c7d356eba48d7,Port=80 Id=i-0598c7d356eba48d7,Port=766",
            "aws elbv2 deregister-targets --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --targets Id=i-1234567890abcdef0",
            "aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
            "aws elbv2 set-subnets --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188 --subnets subnet-8360a9e7 subnet-b7d581c0",
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateId=lt-1234567890abcde12 --min-size 1 --max-size 5 --vpc-zone-identifier \"subnet-5ea0c127,subnet-6194ea3b,subnet-c934b782\"",
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateId=lt-1234567890abcde12 --target-group-arns arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/943f017f100becff --health-check-type ELB --health-check-grace-period 600 --min-size 1 --max-size 5 --vpc-zone-identifier \"subnet-5ea0c127,subnet-6194ea3b,subnet-c934b782\"",
            "aws autoscaling update-auto-scaling-group --auto-scaling-group-name my-asg --min-size 2 --max-size 10",
            "aws autoscaling update-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateId=lt-1234567890abcde12,Version='$Latest'",
            "aws autoscaling update-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateName=my-template-for-auto-scaling,Version='2'",
            "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name my-asg --target-group-arns arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
            "aws autoscaling set-desired-capacity --auto-scaling-group-name my-asg --desired-capacity 2 --honor-cooldown",
            "aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name my-asg --scheduled-action-name my-scheduled-action --start-time \"2023-05-12T08:00:00Z\" --min-size 2 --max-size 6 --desired-capacity 4",
            "aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name my-asg --scheduled-action-name my-recurring-action --recurrence \"30 0 1 1,6,12 *\" --min-size 2 --max-size 6 --desired-capacity 4",
            "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name my-asg --force-delete",
        ];
        for line in examples {
            ok(line);
        }
    }

    #[test]
    fn target_tracking_policy_example() {
        let cmd = ok(
            r#"aws autoscaling put-scaling-policy --auto-scaling-group-name my-asg \
  --policy-name alb1000-target-tracking-scaling-policy \
  --policy-type TargetTrackingScaling \
  --target-tracking-configuration '{
     "TargetValue": 1000.0,
     "PredefinedMetricSpecification": {
          "PredefinedMetricType": "ALBRequestCountPerTarget",
          "ResourceLabel": "app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff"
     }
}'"#,
        );
        assert_eq!(
            cmd,
            Command::PutScalingPolicy {
                auto_scaling_group_name: "my-asg".into(),
                policy_name: "alb1000-target-tracking-scaling-policy".into(),
                target_tracking: TargetTrackingConfig {
                    target_value: 1000.0,
                    predefined_metric: PredefinedMetric::AlbRequestCountPerTarget,
                    resource_label: Some(
                        "app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff"
                            .into()
                    ),
                    disable_scale_in: false,
                },
                estimated_instance_warmup: None,
            }
        );
        let cmd = ok(
            r#"aws autoscaling put-scaling-policy --auto-scaling-group-name a --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"DisableScaleIn":true}' --estimated-instance-warmup 120"#,
        );
        let shorthand = ok(
            "aws autoscaling put-scaling-policy --auto-scaling-group-name a --policy-name cpu50 --target-tracking-configuration TargetValue=50,PredefinedMetricSpecification={PredefinedMetricType=ASGAverageCPUUtilization},DisableScaleIn=true --estimated-instance-warmup 120",
        );
        assert_eq!(cmd, shorthand);
        let Command::PutScalingPolicy {
            target_tracking, ..
        } = cmd
        else {
            unreachable!()
        };
        assert_eq!(target_tracking.target_value, 50.0);
        assert!(target_tracking.disable_scale_in);
    }

    #[test]
    fn scaling_policy_errors() {
        let base = "aws autoscaling put-scaling-policy --auto-scaling-group-name a --policy-name p";
        let e = err(&format!(
            "{base} --policy-type SimpleScaling --target-tracking-configuration TargetValue=1"
        ));
        assert!(e.contains("not SimpleScaling"), "{e}");
        let e = err(&format!(
            "{base} --policy-type StepScaling --adjustment-type ChangeInCapacity"
        ));
        assert!(e.contains("--step-adjustments"), "{e}");
        let e = err(&format!("{base} --target-tracking-configuration"));
        assert!(!e.is_empty());
        let e = err(base);
        assert!(e.contains("--target-tracking-configuration"), "{e}");
        let e = err(&format!(
            "{base} --target-tracking-configuration '{{\"TargetValue\":50,'"
        ));
        assert!(
            e.starts_with(
                "Error parsing parameter '--target-tracking-configuration': Invalid JSON: "
            ),
            "{e}"
        );
        let e = err(&format!(
            "{base} --target-tracking-configuration TargetValue"
        ));
        assert!(e.starts_with("Error parsing parameter '--target-tracking-configuration': Expected: '=', received: 'EOF'"), "{e}");
        let e = err(&format!(
            "{base} --target-tracking-configuration TargetValue=5,PredefinedMetricSpecification={{PredefinedMetricType=ASGAverageNetworkIn}}"
        ));
        assert!(e.contains("ASGAverageNetworkIn is not supported"), "{e}");
        let e = err(&format!(
            "{base} --target-tracking-configuration TargetValue=x,PredefinedMetricSpecification={{PredefinedMetricType=ASGAverageCPUUtilization}}"
        ));
        assert!(e.contains("\"TargetValue\" must be a number"), "{e}");
    }

    #[test]
    fn run_instances_details() {
        let cmd = ok(
            "aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --count 2:4 --subnet-id subnet-1 --security-group-ids sg-1 sg-2 --user-data '#!/bin/bash\necho hi' --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web}]'",
        );
        assert_eq!(
            cmd,
            Command::RunInstances {
                image_id: Some("ami-1".into()),
                instance_type: Some("t3.micro".into()),
                count: 2,
                subnet_id: Some("subnet-1".into()),
                security_group_ids: vec!["sg-1".into(), "sg-2".into()],
                user_data: Some("#!/bin/bash\necho hi".into()),
                launch_template: None,
                name: Some("web".into()),
            }
        );
        let cmd = ok("aws ec2 run-instances --launch-template LaunchTemplateName=web,Version=3");
        let Command::RunInstances {
            launch_template,
            count,
            ..
        } = cmd
        else {
            unreachable!()
        };
        assert_eq!(count, 1);
        assert_eq!(
            launch_template,
            Some(LaunchTemplateSpec {
                id_or_name: "web".into(),
                version: "3".into()
            })
        );
        let cmd = ok("aws ec2 run-instances --launch-template LaunchTemplateId=lt-1");
        let Command::RunInstances {
            launch_template, ..
        } = cmd
        else {
            unreachable!()
        };
        assert_eq!(launch_template.unwrap().version, "$Default");
        assert!(err("aws ec2 run-instances --count 0").contains("at least 1"));
        assert!(err("aws ec2 run-instances --count x").contains("invalid count 'x'"));
        assert!(err("aws ec2 run-instances --count 4:2").contains("less than"));
        assert!(
            err("aws ec2 run-instances --launch-template Version=1").contains("LaunchTemplateId")
        );
    }

    #[test]
    fn ingress_forms_agree() {
        let group = |g: &str| IngressSource::Group(g.into());
        let cidr = |c: &str| IngressSource::Cidr(c.into());
        let expect = vec![
            rule("tcp", 80, 80, cidr("0.0.0.0/0")),
            rule("tcp", 80, 80, group("sg-1")),
        ];
        let simple = ok(
            "aws ec2 authorize-security-group-ingress --group-id sg-9 --protocol tcp --port 80 --cidr 0.0.0.0/0 --source-group sg-1",
        );
        let json = ok(
            r#"aws ec2 authorize-security-group-ingress --group-id sg-9 --ip-permissions '[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0"}],"UserIdGroupPairs":[{"GroupId":"sg-1"}]}]'"#,
        );
        let short = ok(
            "aws ec2 authorize-security-group-ingress --group-id sg-9 --ip-permissions 'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0}],UserIdGroupPairs=[{GroupId=sg-1}]'",
        );
        for cmd in [simple, json, short] {
            assert_eq!(
                cmd,
                Command::AuthorizeSecurityGroupIngress {
                    group_id: "sg-9".into(),
                    rules: expect.clone()
                }
            );
        }
        let Command::RevokeSecurityGroupIngress { rules, .. } = ok(
            "aws ec2 revoke-security-group-ingress --group-id sg-9 --protocol TCP --port 8000-8010 --cidr 10.0.0.0/8",
        ) else {
            unreachable!()
        };
        assert_eq!(rules, [rule("tcp", 8000, 8010, cidr("10.0.0.0/8"))]);
        let Command::AuthorizeSecurityGroupIngress { rules, .. } = ok(
            "aws ec2 authorize-security-group-ingress --group-id sg-9 --protocol all --source-group sg-2",
        ) else {
            unreachable!()
        };
        assert_eq!(rules, [rule("-1", 0, 65535, group("sg-2"))]);
        let Command::AuthorizeSecurityGroupIngress { rules, .. } = ok(
            "aws ec2 authorize-security-group-ingress --group-id sg-9 --ip-permissions 'IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=1.2.3.4/32}]'",
        ) else {
            unreachable!()
        };
        assert_eq!(rules, [rule("icmp", 0, 65535, cidr("1.2.3.4/32"))]);
    }

    #[test]
    fn ingress_errors() {
        let base = "aws ec2 authorize-security-group-ingress --group-id sg-9";
        assert_eq!(
            err(&format!(
                "{base} --ip-permissions IpProtocol=tcp,FromPort=1,ToPort=1,IpRanges=[{{CidrIp=x}}] --protocol tcp"
            )),
            "The --protocol option is not compatible with the --ip-permissions option"
        );
        assert!(
            err(&format!("{base} --protocol tcp --cidr 0.0.0.0/0")).contains("required for tcp")
        );
        assert!(
            err(&format!("{base} --protocol tcp --port x --cidr 0.0.0.0/0"))
                .contains("port parameter should be of the form")
        );
        assert!(
            err(&format!(
                "{base} --protocol tcp --port 90-80 --cidr 0.0.0.0/0"
            ))
            .contains("greater than")
        );
        assert!(
            err(&format!(
                "{base} --protocol tcp --port 70000 --cidr 0.0.0.0/0"
            ))
            .contains("outside 0-65535")
        );
        assert!(
            err(&format!("{base} --protocol tcp --port 80")).contains("--cidr or --source-group")
        );
        assert!(
            err(&format!("{base} --protocol gre --port 80 --cidr x"))
                .contains("protocol parameter should be one of")
        );
        assert!(err(base).contains("--ip-permissions"));
        assert!(
            err(&format!(
                "{base} --ip-permissions IpProtocol=tcp,FromPort=1,ToPort=1"
            ))
            .contains("IpRanges or UserIdGroupPairs")
        );
        assert!(err(&format!("{base} --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{{CidrIpv6=::/0}}]'")).contains("Ipv6Ranges"));
    }

    #[test]
    fn launch_templates_decode_user_data() {
        let cmd = ok(
            r#"aws ec2 create-launch-template --launch-template-name web --version-description v1 --launch-template-data '{"ImageId":"ami-1","InstanceType":"t3.micro","SecurityGroupIds":["sg-1"],"UserData":"IyEvYmluL2Jhc2gKZWNobyBoaQ=="}'"#,
        );
        assert_eq!(
            cmd,
            Command::CreateLaunchTemplate {
                launch_template_name: "web".into(),
                version_description: Some("v1".into()),
                data: LaunchTemplateData {
                    image_id: Some("ami-1".into()),
                    instance_type: Some("t3.micro".into()),
                    security_group_ids: Some(vec!["sg-1".into()]),
                    user_data: Some("#!/bin/bash\necho hi".into()),
                },
            }
        );
        let short = ok(
            "aws ec2 create-launch-template --launch-template-name web --version-description v1 --launch-template-data ImageId=ami-1,InstanceType=t3.micro,SecurityGroupIds=sg-1,UserData=IyEvYmluL2Jhc2gKZWNobyBoaQ==",
        );
        assert_eq!(short, cmd);
        let e = err(
            r#"aws ec2 create-launch-template --launch-template-name web --launch-template-data '{"UserData":"not base64!"}'"#,
        );
        assert!(
            e.starts_with(
                "Error parsing parameter '--launch-template-data': UserData must be base64-encoded"
            ),
            "{e}"
        );
        let v = ok(
            r#"aws ec2 create-launch-template-version --launch-template-name web --source-version 1 --launch-template-data '{}'"#,
        );
        assert!(
            matches!(v, Command::CreateLaunchTemplateVersion { ref launch_template, .. } if launch_template == "web")
        );
        assert!(
            err("aws ec2 modify-launch-template --default-version 2").contains(
                "one of the arguments --launch-template-id --launch-template-name is required"
            )
        );
        assert!(err("aws ec2 modify-launch-template --launch-template-id lt-1 --launch-template-name x --default-version 2").contains("not allowed with"));
    }

    #[test]
    fn load_balancer_details() {
        let cmd = ok(
            "aws elb create-load-balancer --load-balancer-name web --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 Protocol=TCP,LoadBalancerPort=22,InstancePort=2222 --subnets subnet-1 subnet-2",
        );
        let Command::CreateLoadBalancer {
            kind,
            listeners,
            security_groups,
            ..
        } = cmd
        else {
            unreachable!()
        };
        assert_eq!(kind, LbKind::Classic);
        assert!(security_groups.is_empty());
        assert_eq!(
            listeners[1],
            ClassicListener {
                protocol: "TCP".into(),
                load_balancer_port: 22,
                instance_protocol: "TCP".into(),
                instance_port: 2222,
            }
        );
        assert!(err("aws elb create-load-balancer --load-balancer-name w --listeners Protocol=HTTP,LoadBalancerPort=80 --subnets s").contains("InstancePort"));
        let e = err("aws elbv2 create-load-balancer --name n --subnets a --type network");
        assert!(
            e.contains("only supports Application Load Balancers"),
            "{e}"
        );
        let Command::CreateLoadBalancer { kind, .. } = ok(
            "aws elbv2 create-load-balancer --name n --subnets a b --type application --scheme internet-facing",
        ) else {
            unreachable!()
        };
        assert_eq!(kind, LbKind::Application);
        for line in [
            "aws elb register-instances-with-load-balancer --load-balancer-name w --instances i-1 i-2",
            "aws elb register-instances-with-load-balancer --load-balancer-name w --instances InstanceId=i-1 InstanceId=i-2",
            r#"aws elb register-instances-with-load-balancer --load-balancer-name w --instances '[{"InstanceId":"i-1"},{"InstanceId":"i-2"}]'"#,
            r#"aws elb register-instances-with-load-balancer --load-balancer-name w --instances '["i-1","i-2"]'"#,
        ] {
            assert_eq!(
                ok(line),
                Command::RegisterInstancesWithLoadBalancer {
                    load_balancer_name: "w".into(),
                    instance_ids: vec!["i-1".into(), "i-2".into()],
                },
                "{line}"
            );
        }
        assert!(err("aws elbv2 create-target-group --name t --protocol HTTP --port 80 --vpc-id v --target-type ip").contains("instance targets"));
        let json = ok(
            r#"aws elbv2 create-listener --load-balancer-arn lb --protocol HTTP --port 80 --default-actions '[{"Type":"forward","TargetGroupArn":"tg"}]'"#,
        );
        let forward_config = ok(
            "aws elbv2 create-listener --load-balancer-arn lb --protocol HTTP --port 80 --default-actions Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=tg}]}",
        );
        assert_eq!(json, forward_config);
        assert!(err("aws elbv2 create-listener --load-balancer-arn lb --protocol HTTP --port 80 --default-actions Type=redirect").contains("only supports forward"));
        let attrs = ok(
            r#"aws elbv2 modify-target-group-attributes --target-group-arn tg --attributes '[{"Key":"load_balancing.algorithm.type","Value":"least_outstanding_requests"}]'"#,
        );
        assert_eq!(
            attrs,
            ok(
                "aws elbv2 modify-target-group-attributes --target-group-arn tg --attributes Key=load_balancing.algorithm.type,Value=least_outstanding_requests"
            )
        );
        let targets = ok(
            r#"aws elbv2 register-targets --target-group-arn tg --targets '[{"Id":"i-1"},{"Id":"i-2","Port":80}]'"#,
        );
        assert_eq!(
            targets,
            ok("aws elbv2 register-targets --target-group-arn tg --targets Id=i-1 Id=i-2,Port=80")
        );
    }

    #[test]
    fn auto_scaling_details() {
        let json = ok(
            r#"aws autoscaling create-auto-scaling-group --auto-scaling-group-name a --launch-template '{"LaunchTemplateName":"web","Version":"$Latest"}' --min-size 1 --max-size 3 --vpc-zone-identifier "subnet-a, subnet-b" --new-instances-protected-from-scale-in"#,
        );
        let short = ok(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name a --launch-template 'LaunchTemplateName=web,Version=$Latest' --min-size 1 --max-size 3 --vpc-zone-identifier subnet-a,subnet-b --no-new-instances-protected-from-scale-in --new-instances-protected-from-scale-in",
        );
        assert_eq!(json, short);
        let Command::CreateAutoScalingGroup {
            vpc_zone_identifier,
            new_instances_protected_from_scale_in,
            ..
        } = json
        else {
            unreachable!()
        };
        assert_eq!(vpc_zone_identifier, ["subnet-a", "subnet-b"]);
        assert!(new_instances_protected_from_scale_in);
        let Command::UpdateAutoScalingGroup {
            new_instances_protected_from_scale_in,
            min_size,
            ..
        } = ok(
            "aws autoscaling update-auto-scaling-group --auto-scaling-group-name a --no-new-instances-protected-from-scale-in",
        )
        else {
            unreachable!()
        };
        assert_eq!(
            (new_instances_protected_from_scale_in, min_size),
            (Some(false), None)
        );
        let Command::SetDesiredCapacity { honor_cooldown, .. } = ok(
            "aws autoscaling set-desired-capacity --auto-scaling-group-name a --desired-capacity 2 --no-honor-cooldown",
        ) else {
            unreachable!()
        };
        assert!(!honor_cooldown);
        assert_eq!(
            err(
                "aws autoscaling create-auto-scaling-group --auto-scaling-group-name a --min-size 1"
            ),
            "aws: error: the following arguments are required: --launch-template, --max-size"
        );
    }

    #[test]
    fn route53_change_batch() {
        let alias = ok(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"www.unicorn.rentals","Type":"A","AliasTarget":{"HostedZoneId":"Z35SXDOTRQ7X7K","DNSName":"my-alb-1234.us-east-1.elb.amazonaws.com","EvaluateTargetHealth":false}}}]}'"#,
        );
        assert_eq!(
            alias,
            Command::ChangeResourceRecordSets {
                hosted_zone_id: "Z1".into(),
                changes: vec![RecordChange {
                    action: "UPSERT".into(),
                    name: "www.unicorn.rentals".into(),
                    record_type: "A".into(),
                    alias_dns_name: Some("my-alb-1234.us-east-1.elb.amazonaws.com".into()),
                    values: vec![],
                }],
            }
        );
        let Command::ChangeResourceRecordSets { changes, .. } = ok(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Comment":"x","Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"a.b","Type":"A","TTL":60,"ResourceRecords":[{"Value":"1.2.3.4"},{"Value":"5.6.7.8"}]}}]}'"#,
        ) else {
            unreachable!()
        };
        assert_eq!(changes[0].values, ["1.2.3.4", "5.6.7.8"]);
        assert_eq!(changes[0].alias_dns_name, None);
        let e = err(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":"CREATE"}]}'"#,
        );
        assert!(e.contains("ResourceRecordSet"), "{e}");
    }
}
