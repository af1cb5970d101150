//! Printing a `Command` back as the `aws …` line that parses to it.

use super::shell::quote;
use super::structs::needs_ports;
use super::values::{base64_encode, looks_like_json, shorthand_pairs, shorthand_safe};
use crate::sim::command::{
    ClassicListener, Command, IngressRule, IngressSource, LaunchTemplateData, LaunchTemplateSpec,
    LbKind, RecordChange, StepAdjustment, TargetDescription, TargetTrackingConfig,
};
use serde_json::{Map, Value, json};

/// The alias hosted zone printed for alias records (ELB's us-east-1 zone); GameDay does
/// not model it.
const ALIAS_HOSTED_ZONE: &str = "Z35SXDOTRQ7X7K";
/// The TTL printed for plain records; GameDay does not model it.
const RECORD_TTL: u32 = 300;

/// Words of a command line, quoted only when finished.
struct Line(Vec<String>);

impl Line {
    fn new(service: &str, operation: &str) -> Self {
        Self(vec!["aws".into(), service.into(), operation.into()])
    }

    /// `--name value`, or `--name=value` when the value would read as an option.
    fn opt(&mut self, name: &str, value: &str) -> &mut Self {
        if value.starts_with("--") {
            self.0.push(format!("{name}={value}"));
        } else {
            self.0.push(name.into());
            self.0.push(value.into());
        }
        self
    }

    fn opt_some(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.opt(name, v);
        }
        self
    }

    fn int(&mut self, name: &str, value: impl ToString) -> &mut Self {
        self.opt(name, &value.to_string())
    }

    fn int_some<T: ToString>(&mut self, name: &str, value: Option<T>) -> &mut Self {
        if let Some(v) = value {
            self.int(name, v);
        }
        self
    }

    /// `--name a b c`, or a JSON list when a word would not read back as itself.
    fn list(&mut self, name: &str, items: &[String]) -> &mut Self {
        let plain = !items.is_empty()
            && items
                .iter()
                .all(|i| !i.starts_with("--") && !looks_like_json(i));
        self.0.push(name.into());
        if plain {
            self.0.extend(items.iter().cloned());
        } else {
            self.0.push(json!(items).to_string());
        }
        self
    }

    /// Like [`Line::list`], but nothing at all for an empty list.
    fn list_nonempty(&mut self, name: &str, items: &[String]) -> &mut Self {
        if !items.is_empty() {
            self.list(name, items);
        }
        self
    }

    /// `--name item item …` for shorthand items, or one JSON list if any item needs it.
    fn structures(&mut self, name: &str, items: &[(Option<String>, Value)]) -> &mut Self {
        self.0.push(name.into());
        match items
            .iter()
            .map(|(s, _)| s.clone())
            .collect::<Option<Vec<_>>>()
        {
            Some(shorthand) if !shorthand.is_empty() => self.0.extend(shorthand),
            _ => {
                let list: Vec<Value> = items.iter().map(|(_, v)| v.clone()).collect();
                self.0.push(Value::Array(list).to_string());
            }
        }
        self
    }

    fn flag(&mut self, name: &str, on: bool) -> &mut Self {
        if on {
            self.0.push(name.into());
        }
        self
    }

    fn finish(&self) -> String {
        self.0
            .iter()
            .map(|w| quote(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A structure as shorthand when every value allows it, and always as JSON.
fn pairs(pairs: &[(&str, String)], json: Value) -> (Option<String>, Value) {
    (shorthand_pairs(pairs), json)
}

fn launch_template_spec(spec: &LaunchTemplateSpec) -> String {
    let key = if spec.id_or_name.starts_with("lt-") {
        "LaunchTemplateId"
    } else {
        "LaunchTemplateName"
    };
    let fields = [
        (key, spec.id_or_name.clone()),
        ("Version", spec.version.clone()),
    ];
    shorthand_pairs(&fields)
        .unwrap_or_else(|| json!({key: spec.id_or_name, "Version": spec.version}).to_string())
}

fn launch_template_data(data: &LaunchTemplateData) -> String {
    let mut m = Map::new();
    if let Some(v) = &data.image_id {
        m.insert("ImageId".into(), json!(v));
    }
    if let Some(v) = &data.instance_type {
        m.insert("InstanceType".into(), json!(v));
    }
    if let Some(v) = &data.security_group_ids {
        m.insert("SecurityGroupIds".into(), json!(v));
    }
    if let Some(v) = &data.user_data {
        m.insert("UserData".into(), json!(base64_encode(v.as_bytes())));
    }
    Value::Object(m).to_string()
}

/// `--tag-specifications` carrying only a `Name` tag.
fn name_tag(line: &mut Line, resource_type: &str, name: Option<&str>) {
    let Some(name) = name else {
        return;
    };
    let shorthand = shorthand_safe(name)
        .then(|| format!("ResourceType={resource_type},Tags=[{{Key=Name,Value={name}}}]"));
    let json = json!({"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]});
    line.structures("--tag-specifications", &[(shorthand, json)]);
}

fn ingress(line: &mut Line, group_id: &str, rules: &[IngressRule]) {
    line.opt("--group-id", group_id);
    if let [rule] = rules {
        line.opt("--protocol", &rule.protocol);
        let all = (rule.from_port, rule.to_port) == (0, u16::MAX);
        if rule.from_port == rule.to_port {
            line.int("--port", rule.from_port);
        } else if !all || needs_ports(&rule.protocol) {
            line.opt("--port", &format!("{}-{}", rule.from_port, rule.to_port));
        }
        match &rule.source {
            IngressSource::Cidr(c) => line.opt("--cidr", c),
            IngressSource::Group(g) => line.opt("--source-group", g),
        };
        return;
    }
    let permissions: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut p =
                json!({"IpProtocol": r.protocol, "FromPort": r.from_port, "ToPort": r.to_port});
            match &r.source {
                IngressSource::Cidr(c) => p["IpRanges"] = json!([{ "CidrIp": c }]),
                IngressSource::Group(g) => p["UserIdGroupPairs"] = json!([{ "GroupId": g }]),
            }
            p
        })
        .collect();
    line.opt("--ip-permissions", &Value::Array(permissions).to_string());
}

fn listener(l: &ClassicListener) -> (Option<String>, Value) {
    pairs(
        &[
            ("Protocol", l.protocol.clone()),
            ("LoadBalancerPort", l.load_balancer_port.to_string()),
            ("InstanceProtocol", l.instance_protocol.clone()),
            ("InstancePort", l.instance_port.to_string()),
        ],
        json!({
            "Protocol": l.protocol,
            "LoadBalancerPort": l.load_balancer_port,
            "InstanceProtocol": l.instance_protocol,
            "InstancePort": l.instance_port,
        }),
    )
}

fn target(t: &TargetDescription) -> (Option<String>, Value) {
    match t.port {
        Some(port) => pairs(
            &[("Id", t.id.clone()), ("Port", port.to_string())],
            json!({"Id": t.id, "Port": port}),
        ),
        None => pairs(&[("Id", t.id.clone())], json!({"Id": t.id})),
    }
}

fn target_tracking(t: &TargetTrackingConfig) -> String {
    let mut spec = json!({"PredefinedMetricType": t.predefined_metric.aws_name()});
    if let Some(label) = &t.resource_label {
        spec["ResourceLabel"] = json!(label);
    }
    let mut config = json!({"TargetValue": t.target_value, "PredefinedMetricSpecification": spec});
    if t.disable_scale_in {
        config["DisableScaleIn"] = json!(true);
    }
    config.to_string()
}

fn step_adjustment(s: &StepAdjustment) -> (Option<String>, Value) {
    let mut fields = Vec::new();
    let mut v = json!({"ScalingAdjustment": s.scaling_adjustment});
    if let Some(l) = s.lower_bound {
        fields.push(("MetricIntervalLowerBound", l.to_string()));
        v["MetricIntervalLowerBound"] = json!(l);
    }
    if let Some(u) = s.upper_bound {
        fields.push(("MetricIntervalUpperBound", u.to_string()));
        v["MetricIntervalUpperBound"] = json!(u);
    }
    fields.push(("ScalingAdjustment", s.scaling_adjustment.to_string()));
    pairs(&fields, v)
}

fn change_batch(changes: &[RecordChange]) -> String {
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            let mut set = json!({"Name": c.name, "Type": c.record_type});
            if let Some(dns) = &c.alias_dns_name {
                set["AliasTarget"] = json!({
                    "HostedZoneId": ALIAS_HOSTED_ZONE,
                    "DNSName": dns,
                    "EvaluateTargetHealth": false,
                });
            }
            if !c.values.is_empty() || c.alias_dns_name.is_none() {
                set["TTL"] = json!(RECORD_TTL);
                let records: Vec<Value> = c.values.iter().map(|v| json!({ "Value": v })).collect();
                set["ResourceRecords"] = Value::Array(records);
            }
            json!({"Action": c.action, "ResourceRecordSet": set})
        })
        .collect();
    json!({ "Changes": changes }).to_string()
}

/// Prints a command as one `aws …` line that [`super::parse_line`] reads back as an
/// equal command. Values are single-quoted where a shell would need it; launch-template
/// user data is base64 inside the JSON, `run-instances --user-data` is the plain text.
pub fn to_cli(cmd: &Command) -> String {
    use Command as C;
    // ---- WAF / IAM / Savings Plans / EC2 instance state ----
    if let Some(words) = super::secfin::print(cmd) {
        return Line(words).finish();
    }
    let mut l;
    match cmd {
        C::RunInstances {
            image_id,
            instance_type,
            count,
            subnet_id,
            security_group_ids,
            user_data,
            launch_template,
            name,
        } => {
            l = Line::new("ec2", "run-instances");
            if let Some(spec) = launch_template {
                l.opt("--launch-template", &launch_template_spec(spec));
            }
            l.opt_some("--image-id", image_id.as_deref())
                .opt_some("--instance-type", instance_type.as_deref())
                .int("--count", count)
                .opt_some("--subnet-id", subnet_id.as_deref())
                .list_nonempty("--security-group-ids", security_group_ids);
            name_tag(&mut l, "instance", name.as_deref());
            l.opt_some("--user-data", user_data.as_deref());
        }
        C::TerminateInstances { instance_ids } => {
            l = Line::new("ec2", "terminate-instances");
            l.list("--instance-ids", instance_ids);
        }
        C::CreateSubnet {
            vpc_id,
            cidr_block,
            availability_zone,
            name,
        } => {
            l = Line::new("ec2", "create-subnet");
            l.opt("--vpc-id", vpc_id)
                .opt("--cidr-block", cidr_block)
                .opt_some("--availability-zone", availability_zone.as_deref());
            name_tag(&mut l, "subnet", name.as_deref());
        }
        C::DeleteSubnet { subnet_id } => {
            l = Line::new("ec2", "delete-subnet");
            l.opt("--subnet-id", subnet_id);
        }
        C::CreateNetworkInterface {
            subnet_id,
            secondary_ip_count,
            description,
        } => {
            l = Line::new("ec2", "create-network-interface");
            l.opt("--subnet-id", subnet_id)
                .int("--secondary-private-ip-address-count", secondary_ip_count)
                .opt_some("--description", description.as_deref());
        }
        C::DeleteNetworkInterface {
            network_interface_id,
        } => {
            l = Line::new("ec2", "delete-network-interface");
            l.opt("--network-interface-id", network_interface_id);
        }
        C::CreateSecurityGroup {
            group_name,
            description,
            vpc_id,
        } => {
            l = Line::new("ec2", "create-security-group");
            l.opt("--group-name", group_name)
                .opt("--description", description)
                .opt_some("--vpc-id", vpc_id.as_deref());
        }
        C::AuthorizeSecurityGroupIngress { group_id, rules } => {
            l = Line::new("ec2", "authorize-security-group-ingress");
            ingress(&mut l, group_id, rules);
        }
        C::RevokeSecurityGroupIngress { group_id, rules } => {
            l = Line::new("ec2", "revoke-security-group-ingress");
            ingress(&mut l, group_id, rules);
        }
        C::CreateRoute {
            route_table_id,
            destination_cidr_block,
            gateway_id,
        } => {
            l = Line::new("ec2", "create-route");
            l.opt("--route-table-id", route_table_id)
                .opt("--destination-cidr-block", destination_cidr_block)
                .opt("--gateway-id", gateway_id);
        }
        C::DeleteRoute {
            route_table_id,
            destination_cidr_block,
        } => {
            l = Line::new("ec2", "delete-route");
            l.opt("--route-table-id", route_table_id)
                .opt("--destination-cidr-block", destination_cidr_block);
        }
        C::AssociateRouteTable {
            route_table_id,
            subnet_id,
        } => {
            l = Line::new("ec2", "associate-route-table");
            l.opt("--route-table-id", route_table_id)
                .opt("--subnet-id", subnet_id);
        }
        C::AllocateAddress => {
            l = Line::new("ec2", "allocate-address");
            l.opt("--domain", "vpc");
        }
        C::AssociateAddress {
            allocation_id,
            instance_id,
        } => {
            l = Line::new("ec2", "associate-address");
            l.opt("--allocation-id", allocation_id)
                .opt("--instance-id", instance_id);
        }
        C::ReleaseAddress { allocation_id } => {
            l = Line::new("ec2", "release-address");
            l.opt("--allocation-id", allocation_id);
        }
        C::CreateLaunchTemplate {
            launch_template_name,
            version_description,
            data,
        } => {
            l = Line::new("ec2", "create-launch-template");
            l.opt("--launch-template-name", launch_template_name)
                .opt_some("--version-description", version_description.as_deref())
                .opt("--launch-template-data", &launch_template_data(data));
        }
        C::CreateLaunchTemplateVersion {
            launch_template,
            source_version,
            version_description,
            data,
        } => {
            l = Line::new("ec2", "create-launch-template-version");
            template_id_or_name(&mut l, launch_template);
            l.opt_some("--source-version", source_version.as_deref())
                .opt_some("--version-description", version_description.as_deref())
                .opt("--launch-template-data", &launch_template_data(data));
        }
        C::ModifyLaunchTemplate {
            launch_template,
            default_version,
        } => {
            l = Line::new("ec2", "modify-launch-template");
            template_id_or_name(&mut l, launch_template);
            l.opt("--default-version", default_version);
        }
        C::CreateLoadBalancer {
            kind: LbKind::Classic,
            name,
            subnets,
            security_groups,
            listeners,
        } => {
            l = Line::new("elb", "create-load-balancer");
            let listeners: Vec<_> = listeners.iter().map(listener).collect();
            l.opt("--load-balancer-name", name)
                .structures("--listeners", &listeners)
                .list("--subnets", subnets)
                .list_nonempty("--security-groups", security_groups);
        }
        C::CreateLoadBalancer {
            kind: LbKind::Application,
            name,
            subnets,
            security_groups,
            listeners: _,
        } => {
            l = Line::new("elbv2", "create-load-balancer");
            l.opt("--name", name)
                .list("--subnets", subnets)
                .list_nonempty("--security-groups", security_groups);
        }
        C::DeleteLoadBalancer { kind, name_or_arn } => match kind {
            LbKind::Classic => {
                l = Line::new("elb", "delete-load-balancer");
                l.opt("--load-balancer-name", name_or_arn);
            }
            LbKind::Application => {
                l = Line::new("elbv2", "delete-load-balancer");
                l.opt("--load-balancer-arn", name_or_arn);
            }
        },
        C::RegisterInstancesWithLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            l = Line::new("elb", "register-instances-with-load-balancer");
            l.opt("--load-balancer-name", load_balancer_name);
            classic_instances(&mut l, instance_ids);
        }
        C::DeregisterInstancesFromLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            l = Line::new("elb", "deregister-instances-from-load-balancer");
            l.opt("--load-balancer-name", load_balancer_name);
            classic_instances(&mut l, instance_ids);
        }
        C::CreateTargetGroup {
            name,
            protocol,
            port,
            vpc_id,
            health_check_path,
            health_check_interval_seconds,
            healthy_threshold_count,
            unhealthy_threshold_count,
        } => {
            l = Line::new("elbv2", "create-target-group");
            l.opt("--name", name)
                .opt("--protocol", protocol)
                .int("--port", port)
                .opt("--vpc-id", vpc_id)
                .opt_some("--health-check-path", health_check_path.as_deref())
                .int_some(
                    "--health-check-interval-seconds",
                    *health_check_interval_seconds,
                )
                .int_some("--healthy-threshold-count", *healthy_threshold_count)
                .int_some("--unhealthy-threshold-count", *unhealthy_threshold_count);
        }
        C::ModifyTargetGroupAttributes {
            target_group_arn,
            attributes,
        } => {
            l = Line::new("elbv2", "modify-target-group-attributes");
            let attributes: Vec<_> = attributes
                .iter()
                .map(|(k, v)| {
                    pairs(
                        &[("Key", k.clone()), ("Value", v.clone())],
                        json!({"Key": k, "Value": v}),
                    )
                })
                .collect();
            l.opt("--target-group-arn", target_group_arn)
                .structures("--attributes", &attributes);
        }
        C::RegisterTargets {
            target_group_arn,
            targets,
        }
        | C::DeregisterTargets {
            target_group_arn,
            targets,
        } => {
            let op = if matches!(cmd, C::RegisterTargets { .. }) {
                "register-targets"
            } else {
                "deregister-targets"
            };
            l = Line::new("elbv2", op);
            let targets: Vec<_> = targets.iter().map(target).collect();
            l.opt("--target-group-arn", target_group_arn)
                .structures("--targets", &targets);
        }
        C::CreateListener {
            load_balancer_arn,
            protocol,
            port,
            default_target_group_arn,
        } => {
            l = Line::new("elbv2", "create-listener");
            let action = pairs(
                &[
                    ("Type", "forward".into()),
                    ("TargetGroupArn", default_target_group_arn.clone()),
                ],
                json!({"Type": "forward", "TargetGroupArn": default_target_group_arn}),
            );
            l.opt("--load-balancer-arn", load_balancer_arn)
                .opt("--protocol", protocol)
                .int("--port", port)
                .structures("--default-actions", &[action]);
        }
        C::SetSubnets {
            load_balancer_arn,
            subnets,
        } => {
            l = Line::new("elbv2", "set-subnets");
            l.opt("--load-balancer-arn", load_balancer_arn)
                .list("--subnets", subnets);
        }
        C::CreateAutoScalingGroup {
            name,
            launch_template,
            min_size,
            max_size,
            desired_capacity,
            vpc_zone_identifier,
            target_group_arns,
            load_balancer_names,
            health_check_type,
            health_check_grace_period,
            default_instance_warmup,
            new_instances_protected_from_scale_in,
        } => {
            l = Line::new("autoscaling", "create-auto-scaling-group");
            l.opt("--auto-scaling-group-name", name)
                .opt("--launch-template", &launch_template_spec(launch_template))
                .int("--min-size", min_size)
                .int("--max-size", max_size)
                .int_some("--desired-capacity", *desired_capacity);
            if !vpc_zone_identifier.is_empty() {
                l.opt("--vpc-zone-identifier", &vpc_zone_identifier.join(","));
            }
            l.list_nonempty("--target-group-arns", target_group_arns)
                .list_nonempty("--load-balancer-names", load_balancer_names)
                .opt_some("--health-check-type", health_check_type.as_deref())
                .int_some("--health-check-grace-period", *health_check_grace_period)
                .int_some("--default-instance-warmup", *default_instance_warmup)
                .flag(
                    "--new-instances-protected-from-scale-in",
                    *new_instances_protected_from_scale_in,
                );
        }
        C::UpdateAutoScalingGroup {
            name,
            launch_template,
            min_size,
            max_size,
            desired_capacity,
            vpc_zone_identifier,
            health_check_type,
            health_check_grace_period,
            default_instance_warmup,
            new_instances_protected_from_scale_in,
        } => {
            l = Line::new("autoscaling", "update-auto-scaling-group");
            l.opt("--auto-scaling-group-name", name);
            if let Some(spec) = launch_template {
                l.opt("--launch-template", &launch_template_spec(spec));
            }
            l.int_some("--min-size", *min_size)
                .int_some("--max-size", *max_size)
                .int_some("--desired-capacity", *desired_capacity);
            if let Some(zones) = vpc_zone_identifier {
                l.opt("--vpc-zone-identifier", &zones.join(","));
            }
            l.opt_some("--health-check-type", health_check_type.as_deref())
                .int_some("--health-check-grace-period", *health_check_grace_period)
                .int_some("--default-instance-warmup", *default_instance_warmup);
            match new_instances_protected_from_scale_in {
                Some(true) => l.flag("--new-instances-protected-from-scale-in", true),
                Some(false) => l.flag("--no-new-instances-protected-from-scale-in", true),
                None => &mut l,
            };
        }
        C::AttachLoadBalancerTargetGroups {
            auto_scaling_group_name,
            target_group_arns,
        } => {
            l = Line::new("autoscaling", "attach-load-balancer-target-groups");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .list("--target-group-arns", target_group_arns);
        }
        C::SetDesiredCapacity {
            auto_scaling_group_name,
            desired_capacity,
            honor_cooldown,
        } => {
            l = Line::new("autoscaling", "set-desired-capacity");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .int("--desired-capacity", desired_capacity)
                .flag("--honor-cooldown", *honor_cooldown);
        }
        C::PutScalingPolicy {
            auto_scaling_group_name,
            policy_name,
            target_tracking: tracking,
            estimated_instance_warmup,
        } => {
            l = Line::new("autoscaling", "put-scaling-policy");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--policy-name", policy_name)
                .opt("--policy-type", "TargetTrackingScaling")
                .opt(
                    "--target-tracking-configuration",
                    &target_tracking(tracking),
                )
                .int_some("--estimated-instance-warmup", *estimated_instance_warmup);
        }
        C::PutScheduledUpdateGroupAction {
            auto_scaling_group_name,
            scheduled_action_name,
            start_time,
            recurrence,
            min_size,
            max_size,
            desired_capacity,
        } => {
            l = Line::new("autoscaling", "put-scheduled-update-group-action");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--scheduled-action-name", scheduled_action_name)
                .opt_some("--start-time", start_time.as_deref())
                .opt_some("--recurrence", recurrence.as_deref())
                .int_some("--min-size", *min_size)
                .int_some("--max-size", *max_size)
                .int_some("--desired-capacity", *desired_capacity);
        }
        C::DeleteAutoScalingGroup {
            auto_scaling_group_name,
            force_delete,
        } => {
            l = Line::new("autoscaling", "delete-auto-scaling-group");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .flag("--force-delete", *force_delete);
        }
        C::ChangeResourceRecordSets {
            hosted_zone_id,
            changes,
        } => {
            l = Line::new("route53", "change-resource-record-sets");
            l.opt("--hosted-zone-id", hosted_zone_id)
                .opt("--change-batch", &change_batch(changes));
        }
        C::PutMetricAlarm {
            alarm_name,
            namespace,
            metric_name,
            statistic,
            dimensions,
            period,
            evaluation_periods,
            datapoints_to_alarm,
            threshold,
            comparison_operator,
            treat_missing_data,
            alarm_actions,
        } => {
            l = Line::new("cloudwatch", "put-metric-alarm");
            l.opt("--alarm-name", alarm_name)
                .opt("--namespace", namespace)
                .opt("--metric-name", metric_name);
            if statistic.starts_with('p') {
                l.opt("--extended-statistic", statistic);
            } else {
                l.opt("--statistic", statistic);
            }
            if !dimensions.is_empty() {
                let items: Vec<(Option<String>, Value)> = dimensions
                    .iter()
                    .map(|(n, v)| {
                        pairs(
                            &[("Name", n.clone()), ("Value", v.clone())],
                            json!({"Name": n, "Value": v}),
                        )
                    })
                    .collect();
                l.structures("--dimensions", &items);
            }
            l.int("--period", period)
                .int("--evaluation-periods", evaluation_periods)
                .int_some("--datapoints-to-alarm", *datapoints_to_alarm)
                .opt("--threshold", &threshold.to_string())
                .opt("--comparison-operator", comparison_operator)
                .opt_some("--treat-missing-data", treat_missing_data.as_deref())
                .list_nonempty("--alarm-actions", alarm_actions);
        }
        C::PutCompositeAlarm {
            alarm_name,
            alarm_rule,
            alarm_actions,
        } => {
            l = Line::new("cloudwatch", "put-composite-alarm");
            l.opt("--alarm-name", alarm_name)
                .opt("--alarm-rule", alarm_rule)
                .list_nonempty("--alarm-actions", alarm_actions);
        }
        C::DeleteAlarms { alarm_names } => {
            l = Line::new("cloudwatch", "delete-alarms");
            l.list("--alarm-names", alarm_names);
        }
        C::PutStepScalingPolicy {
            auto_scaling_group_name,
            policy_name,
            adjustment_type,
            step_adjustments,
            estimated_instance_warmup,
        } => {
            l = Line::new("autoscaling", "put-scaling-policy");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--policy-name", policy_name)
                .opt("--policy-type", "StepScaling")
                .opt("--adjustment-type", adjustment_type);
            let items: Vec<(Option<String>, Value)> =
                step_adjustments.iter().map(step_adjustment).collect();
            l.structures("--step-adjustments", &items)
                .int_some("--estimated-instance-warmup", *estimated_instance_warmup);
        }
        C::ExecutePolicy {
            auto_scaling_group_name,
            policy_name,
            metric_value,
            breach_threshold,
        } => {
            l = Line::new("autoscaling", "execute-policy");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--policy-name", policy_name)
                .opt_some(
                    "--metric-value",
                    metric_value.map(|v| v.to_string()).as_deref(),
                )
                .opt_some(
                    "--breach-threshold",
                    breach_threshold.map(|v| v.to_string()).as_deref(),
                );
        }
        C::CreateDistribution {
            origin_domain_name,
            default_root_object,
        } => {
            l = Line::new("cloudfront", "create-distribution");
            l.opt("--origin-domain-name", origin_domain_name)
                .opt_some("--default-root-object", default_root_object.as_deref());
        }
        C::CreateCachePolicy {
            name,
            query_strings_in_key,
            default_ttl,
        } => {
            l = Line::new("cloudfront", "create-cache-policy");
            l.opt(
                "--cache-policy-config",
                &super::services::cache_policy_json(name, *query_strings_in_key, *default_ttl),
            );
        }
        C::UpdateDistribution {
            id,
            cache_policy_id,
        } => {
            l = Line::new("cloudfront", "update-distribution");
            l.opt("--id", id).opt(
                "--distribution-config",
                &super::services::distribution_config_json(cache_policy_id),
            );
        }
        C::DeleteDistribution { id } => {
            l = Line::new("cloudfront", "delete-distribution");
            l.opt("--id", id);
        }
        C::CreateCacheCluster {
            cache_cluster_id,
            engine,
            cache_node_type,
            num_cache_nodes,
        } => {
            l = Line::new("elasticache", "create-cache-cluster");
            l.opt("--cache-cluster-id", cache_cluster_id)
                .opt("--engine", engine)
                .opt("--cache-node-type", cache_node_type)
                .int("--num-cache-nodes", num_cache_nodes);
        }
        C::DeleteCacheCluster { cache_cluster_id } => {
            l = Line::new("elasticache", "delete-cache-cluster");
            l.opt("--cache-cluster-id", cache_cluster_id);
        }
        // ---- RDS ----
        C::CreateDbInstance {
            db_instance_identifier,
            db_instance_class,
            engine,
            allocated_storage,
            multi_az,
        } => {
            l = Line::new("rds", "create-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .opt("--db-instance-class", db_instance_class)
                .opt("--engine", engine)
                .int_some("--allocated-storage", *allocated_storage)
                .flag("--multi-az", *multi_az);
        }
        C::ModifyDbInstance {
            db_instance_identifier,
            db_instance_class,
            multi_az,
            apply_immediately,
        } => {
            l = Line::new("rds", "modify-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .opt_some("--db-instance-class", db_instance_class.as_deref())
                .flag("--multi-az", *multi_az == Some(true))
                .flag("--no-multi-az", *multi_az == Some(false))
                .flag("--apply-immediately", *apply_immediately);
        }
        C::RebootDbInstance {
            db_instance_identifier,
            force_failover,
        } => {
            l = Line::new("rds", "reboot-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .flag("--force-failover", *force_failover);
        }
        C::DeleteDbInstance {
            db_instance_identifier,
            skip_final_snapshot,
        } => {
            l = Line::new("rds", "delete-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .flag("--skip-final-snapshot", *skip_final_snapshot);
        }
        // ---- SQS ----
        C::CreateQueue {
            queue_name,
            attributes,
        } => {
            l = Line::new("sqs", "create-queue");
            l.opt("--queue-name", queue_name);
            if !attributes.is_empty() {
                l.opt(
                    "--attributes",
                    &super::services::queue_attributes_json(attributes),
                );
            }
        }
        C::DeleteQueue { queue_url } => {
            l = Line::new("sqs", "delete-queue");
            l.opt("--queue-url", queue_url);
        }
        C::SetQueueAttributes {
            queue_url,
            attributes,
        } => {
            l = Line::new("sqs", "set-queue-attributes");
            l.opt("--queue-url", queue_url).opt(
                "--attributes",
                &super::services::queue_attributes_json(attributes),
            );
        }
        // ---- Lambda ----
        C::CreateFunction {
            function_name,
            runtime,
            role,
            handler,
            memory_size,
            timeout,
        } => {
            l = Line::new("lambda", "create-function");
            l.opt("--function-name", function_name)
                .opt("--runtime", runtime)
                .opt("--role", role)
                .opt("--handler", handler)
                .int_some("--memory-size", *memory_size)
                .int_some("--timeout", *timeout);
        }
        C::PutFunctionConcurrency {
            function_name,
            reserved_concurrent_executions,
        } => {
            l = Line::new("lambda", "put-function-concurrency");
            l.opt("--function-name", function_name).int(
                "--reserved-concurrent-executions",
                reserved_concurrent_executions,
            );
        }
        C::PutProvisionedConcurrencyConfig {
            function_name,
            qualifier,
            provisioned_concurrent_executions,
        } => {
            l = Line::new("lambda", "put-provisioned-concurrency-config");
            l.opt("--function-name", function_name)
                .opt("--qualifier", qualifier)
                .int(
                    "--provisioned-concurrent-executions",
                    provisioned_concurrent_executions,
                );
        }
        C::DeleteFunction { function_name } => {
            l = Line::new("lambda", "delete-function");
            l.opt("--function-name", function_name);
        }
        // ---- ECS ----
        C::CreateCluster { cluster_name } => {
            l = Line::new("ecs", "create-cluster");
            l.opt("--cluster-name", cluster_name);
        }
        C::CreateService {
            cluster,
            service_name,
            task_definition,
            desired_count,
        } => {
            l = Line::new("ecs", "create-service");
            l.opt("--cluster", cluster)
                .opt("--service-name", service_name)
                .opt("--task-definition", task_definition)
                .int("--desired-count", desired_count);
        }
        C::UpdateService {
            cluster,
            service,
            desired_count,
        } => {
            l = Line::new("ecs", "update-service");
            l.opt("--cluster", cluster)
                .opt("--service", service)
                .int_some("--desired-count", *desired_count);
        }
        // ---- WAF / IAM / Savings Plans / EC2 instance state: printed by `secfin` ----
        C::CreateWebAcl { .. }
        | C::UpdateWebAcl { .. }
        | C::DeleteWebAcl { .. }
        | C::AssociateWebAcl { .. }
        | C::CreateIpSet { .. }
        | C::ListAccessKeys { .. }
        | C::UpdateAccessKey { .. }
        | C::DeleteAccessKey { .. }
        | C::CreateSavingsPlan { .. }
        | C::StopInstances { .. }
        | C::StartInstances { .. }
        | C::ModifyInstanceAttribute { .. } => unreachable!("printed above"),
    }
    l.finish()
}

fn template_id_or_name(l: &mut Line, id_or_name: &str) {
    if id_or_name.starts_with("lt-") {
        l.opt("--launch-template-id", id_or_name);
    } else {
        l.opt("--launch-template-name", id_or_name);
    }
}

/// `--instances i-1 i-2`, falling back to JSON for ids that would read as shorthand.
fn classic_instances(l: &mut Line, ids: &[String]) {
    if ids.iter().any(|i| i.contains('=')) {
        let items: Vec<Value> = ids.iter().map(|i| json!({ "InstanceId": i })).collect();
        l.opt("--instances", &Value::Array(items).to_string());
    } else {
        l.list("--instances", ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::awscli::{operations, parse_line, services};
    use crate::sim::command::{LaunchTemplateSpec, PredefinedMetric};

    fn s(v: &str) -> String {
        v.to_string()
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn lt(id_or_name: &str, version: &str) -> LaunchTemplateSpec {
        LaunchTemplateSpec {
            id_or_name: s(id_or_name),
            version: s(version),
        }
    }

    fn rule(protocol: &str, from: u16, to: u16, source: IngressSource) -> IngressRule {
        IngressRule {
            protocol: s(protocol),
            from_port: from,
            to_port: to,
            source,
        }
    }

    /// At least one command of every variant, with awkward values where they fit.
    fn samples() -> Vec<Command> {
        use Command as C;
        let tg = s(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/943f017f100becff",
        );
        let lb = s(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
        );
        let data = LaunchTemplateData {
            image_id: Some(s("ami-1")),
            instance_type: Some(s("t3.micro")),
            security_group_ids: Some(strings(&["sg-1", "sg-2"])),
            user_data: Some(s(
                "#!/bin/bash\nyum install -y httpd\necho \"it's up\" > /var/www/html/index.html\n",
            )),
        };
        let mut v = vec![
            C::RunInstances {
                image_id: Some(s("ami-0abcdef1234567890")),
                instance_type: Some(s("t3.micro")),
                count: 3,
                subnet_id: Some(s("subnet-1")),
                security_group_ids: strings(&["sg-1", "sg-2"]),
                user_data: Some(s("#!/bin/bash\necho 'hello world' | tee /tmp/x; $HOME")),
                launch_template: Some(lt("web", "$Latest")),
                name: Some(s("web server #1")),
            },
            C::RunInstances {
                image_id: None,
                instance_type: None,
                count: 1,
                subnet_id: None,
                security_group_ids: vec![],
                user_data: Some(s("--not-an-option")),
                launch_template: Some(lt("lt-0123", "2")),
                name: Some(s("a,b=c")),
            },
            C::TerminateInstances {
                instance_ids: strings(&["i-1", "i-2"]),
            },
            C::TerminateInstances {
                instance_ids: vec![],
            },
            C::CreateSubnet {
                vpc_id: s("vpc-1"),
                cidr_block: s("10.0.1.0/24"),
                availability_zone: Some(s("us-east-1a")),
                name: Some(s("public-a")),
            },
            C::CreateSubnet {
                vpc_id: s("vpc-1"),
                cidr_block: s("10.0.2.0/24"),
                availability_zone: None,
                name: None,
            },
            C::DeleteSubnet {
                subnet_id: s("subnet-1"),
            },
            C::CreateNetworkInterface {
                subnet_id: s("subnet-1"),
                secondary_ip_count: 5,
                description: Some(s("batch job's ENI")),
            },
            C::DeleteNetworkInterface {
                network_interface_id: s("eni-1"),
            },
            C::CreateSecurityGroup {
                group_name: s("web"),
                description: s("Web servers (HTTP)"),
                vpc_id: Some(s("vpc-1")),
            },
            C::CreateSecurityGroup {
                group_name: s("x"),
                description: s(""),
                vpc_id: None,
            },
            C::AuthorizeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![rule("tcp", 80, 80, IngressSource::Cidr(s("0.0.0.0/0")))],
            },
            C::AuthorizeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![rule("-1", 0, 65535, IngressSource::Group(s("sg-2")))],
            },
            C::AuthorizeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![rule("tcp", 0, 65535, IngressSource::Group(s("sg-2")))],
            },
            C::AuthorizeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![rule("icmp", 0, 65535, IngressSource::Cidr(s("10.0.0.0/8")))],
            },
            C::RevokeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![
                    rule("tcp", 8000, 8010, IngressSource::Cidr(s("10.0.0.0/8"))),
                    rule("udp", 53, 53, IngressSource::Group(s("sg-3"))),
                ],
            },
            C::RevokeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![],
            },
            C::CreateRoute {
                route_table_id: s("rtb-1"),
                destination_cidr_block: s("0.0.0.0/0"),
                gateway_id: s("igw-1"),
            },
            C::DeleteRoute {
                route_table_id: s("rtb-1"),
                destination_cidr_block: s("0.0.0.0/0"),
            },
            C::AssociateRouteTable {
                route_table_id: s("rtb-1"),
                subnet_id: s("subnet-1"),
            },
            C::AllocateAddress,
            C::AssociateAddress {
                allocation_id: s("eipalloc-1"),
                instance_id: s("i-1"),
            },
            C::ReleaseAddress {
                allocation_id: s("eipalloc-1"),
            },
            C::CreateLaunchTemplate {
                launch_template_name: s("web"),
                version_description: Some(s("first version")),
                data: data.clone(),
            },
            C::CreateLaunchTemplate {
                launch_template_name: s("empty"),
                version_description: None,
                data: LaunchTemplateData::default(),
            },
            C::CreateLaunchTemplateVersion {
                launch_template: s("lt-0abc"),
                source_version: Some(s("1")),
                version_description: Some(s("v2")),
                data: LaunchTemplateData {
                    image_id: Some(s("ami-2")),
                    security_group_ids: Some(vec![]),
                    ..Default::default()
                },
            },
            C::CreateLaunchTemplateVersion {
                launch_template: s("web"),
                source_version: None,
                version_description: None,
                data,
            },
            C::ModifyLaunchTemplate {
                launch_template: s("web"),
                default_version: s("2"),
            },
            C::ModifyLaunchTemplate {
                launch_template: s("lt-1"),
                default_version: s("$Latest"),
            },
            C::CreateLoadBalancer {
                kind: LbKind::Classic,
                name: s("classic"),
                subnets: strings(&["subnet-1", "subnet-2"]),
                security_groups: strings(&["sg-1"]),
                listeners: vec![
                    ClassicListener {
                        protocol: s("HTTP"),
                        load_balancer_port: 80,
                        instance_protocol: s("HTTP"),
                        instance_port: 8080,
                    },
                    ClassicListener {
                        protocol: s("TCP"),
                        load_balancer_port: 22,
                        instance_protocol: s("TCP"),
                        instance_port: 22,
                    },
                ],
            },
            C::CreateLoadBalancer {
                kind: LbKind::Classic,
                name: s("bare"),
                subnets: vec![],
                security_groups: vec![],
                listeners: vec![],
            },
            C::CreateLoadBalancer {
                kind: LbKind::Application,
                name: s("alb"),
                subnets: strings(&["subnet-1", "subnet-2"]),
                security_groups: strings(&["sg-1", "sg-2"]),
                listeners: vec![],
            },
            C::DeleteLoadBalancer {
                kind: LbKind::Classic,
                name_or_arn: s("classic"),
            },
            C::DeleteLoadBalancer {
                kind: LbKind::Application,
                name_or_arn: lb.clone(),
            },
            C::RegisterInstancesWithLoadBalancer {
                load_balancer_name: s("classic"),
                instance_ids: strings(&["i-1", "i-2"]),
            },
            C::DeregisterInstancesFromLoadBalancer {
                load_balancer_name: s("classic"),
                instance_ids: strings(&["i-1", "odd=id"]),
            },
            C::CreateTargetGroup {
                name: s("web"),
                protocol: s("HTTP"),
                port: 80,
                vpc_id: s("vpc-1"),
                health_check_path: Some(s("/health?full=1&x=y")),
                health_check_interval_seconds: Some(10),
                healthy_threshold_count: Some(2),
                unhealthy_threshold_count: Some(3),
            },
            C::CreateTargetGroup {
                name: s("min"),
                protocol: s("HTTP"),
                port: 8080,
                vpc_id: s("vpc-1"),
                health_check_path: None,
                health_check_interval_seconds: None,
                healthy_threshold_count: None,
                unhealthy_threshold_count: None,
            },
            C::ModifyTargetGroupAttributes {
                target_group_arn: tg.clone(),
                attributes: vec![
                    (
                        s("load_balancing.algorithm.type"),
                        s("least_outstanding_requests"),
                    ),
                    (s("deregistration_delay.timeout_seconds"), s("30")),
                ],
            },
            C::ModifyTargetGroupAttributes {
                target_group_arn: tg.clone(),
                attributes: vec![(s("odd"), s("a,b"))],
            },
            C::RegisterTargets {
                target_group_arn: tg.clone(),
                targets: vec![
                    TargetDescription {
                        id: s("i-1"),
                        port: None,
                    },
                    TargetDescription {
                        id: s("i-2"),
                        port: Some(8080),
                    },
                ],
            },
            C::DeregisterTargets {
                target_group_arn: tg.clone(),
                targets: vec![TargetDescription {
                    id: s("i-1"),
                    port: Some(80),
                }],
            },
            C::CreateListener {
                load_balancer_arn: lb.clone(),
                protocol: s("HTTP"),
                port: 80,
                default_target_group_arn: tg.clone(),
            },
            C::SetSubnets {
                load_balancer_arn: lb,
                subnets: strings(&["subnet-1", "subnet-3"]),
            },
            C::CreateAutoScalingGroup {
                name: s("web-asg"),
                launch_template: lt("web", "$Latest"),
                min_size: 2,
                max_size: 6,
                desired_capacity: Some(3),
                vpc_zone_identifier: strings(&["subnet-1", "subnet-2"]),
                target_group_arns: vec![tg.clone()],
                load_balancer_names: strings(&["classic"]),
                health_check_type: Some(s("ELB")),
                health_check_grace_period: Some(300),
                default_instance_warmup: Some(60),
                new_instances_protected_from_scale_in: true,
            },
            C::CreateAutoScalingGroup {
                name: s("bare"),
                launch_template: lt("lt-1", "1"),
                min_size: 0,
                max_size: 1,
                desired_capacity: None,
                vpc_zone_identifier: vec![],
                target_group_arns: vec![],
                load_balancer_names: vec![],
                health_check_type: None,
                health_check_grace_period: None,
                default_instance_warmup: None,
                new_instances_protected_from_scale_in: false,
            },
            C::UpdateAutoScalingGroup {
                name: s("web-asg"),
                launch_template: Some(lt("web", "$Default")),
                min_size: Some(1),
                max_size: Some(10),
                desired_capacity: Some(4),
                vpc_zone_identifier: Some(strings(&["subnet-1"])),
                health_check_type: Some(s("EC2")),
                health_check_grace_period: Some(0),
                default_instance_warmup: Some(30),
                new_instances_protected_from_scale_in: Some(false),
            },
            C::UpdateAutoScalingGroup {
                name: s("web-asg"),
                launch_template: None,
                min_size: None,
                max_size: None,
                desired_capacity: None,
                vpc_zone_identifier: Some(vec![]),
                health_check_type: None,
                health_check_grace_period: None,
                default_instance_warmup: None,
                new_instances_protected_from_scale_in: Some(true),
            },
            C::AttachLoadBalancerTargetGroups {
                auto_scaling_group_name: s("web-asg"),
                target_group_arns: vec![tg],
            },
            C::SetDesiredCapacity {
                auto_scaling_group_name: s("web-asg"),
                desired_capacity: 6,
                honor_cooldown: true,
            },
            C::SetDesiredCapacity {
                auto_scaling_group_name: s("web-asg"),
                desired_capacity: 0,
                honor_cooldown: false,
            },
            C::PutScalingPolicy {
                auto_scaling_group_name: s("web-asg"),
                policy_name: s("cpu50"),
                target_tracking: TargetTrackingConfig {
                    target_value: 50.0,
                    predefined_metric: PredefinedMetric::AsgAverageCpuUtilization,
                    resource_label: None,
                    disable_scale_in: false,
                },
                estimated_instance_warmup: Some(120),
            },
            C::PutScalingPolicy {
                auto_scaling_group_name: s("web-asg"),
                policy_name: s("requests"),
                target_tracking: TargetTrackingConfig {
                    target_value: 1000.5,
                    predefined_metric: PredefinedMetric::AlbRequestCountPerTarget,
                    resource_label: Some(s("app/web/1/targetgroup/web/2")),
                    disable_scale_in: true,
                },
                estimated_instance_warmup: None,
            },
            C::PutScheduledUpdateGroupAction {
                auto_scaling_group_name: s("web-asg"),
                scheduled_action_name: s("morning"),
                start_time: Some(s("2026-11-22T10:30:00Z")),
                recurrence: Some(s("0 9 * * *")),
                min_size: Some(2),
                max_size: Some(8),
                desired_capacity: Some(4),
            },
            C::PutScheduledUpdateGroupAction {
                auto_scaling_group_name: s("web-asg"),
                scheduled_action_name: s("bare"),
                start_time: None,
                recurrence: None,
                min_size: None,
                max_size: None,
                desired_capacity: None,
            },
            C::DeleteAutoScalingGroup {
                auto_scaling_group_name: s("web-asg"),
                force_delete: true,
            },
            C::DeleteAutoScalingGroup {
                auto_scaling_group_name: s("old"),
                force_delete: false,
            },
            C::PutMetricAlarm {
                alarm_name: s("cpu high"),
                namespace: s("AWS/EC2"),
                metric_name: s("CPUUtilization"),
                statistic: s("Average"),
                dimensions: vec![(s("AutoScalingGroupName"), s("web-asg"))],
                period: 60,
                evaluation_periods: 3,
                datapoints_to_alarm: Some(2),
                threshold: 70.5,
                comparison_operator: s("GreaterThanThreshold"),
                treat_missing_data: Some(s("notBreaching")),
                alarm_actions: strings(&[
                    "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/web-asg:policyName/out",
                ]),
            },
            C::PutMetricAlarm {
                alarm_name: s("p99"),
                namespace: s("AWS/ApplicationELB"),
                metric_name: s("TargetResponseTime"),
                statistic: s("p99"),
                dimensions: vec![],
                period: 120,
                evaluation_periods: 1,
                datapoints_to_alarm: None,
                threshold: -0.25,
                comparison_operator: s("LessThanThreshold"),
                treat_missing_data: None,
                alarm_actions: vec![],
            },
            C::PutCompositeAlarm {
                alarm_name: s("both"),
                alarm_rule: s(r#"ALARM("cpu high") AND NOT OK(p99)"#),
                alarm_actions: strings(&["arn:aws:sns:us-east-1:123456789012:ops"]),
            },
            C::DeleteAlarms {
                alarm_names: strings(&["cpu high", "p99"]),
            },
            C::PutStepScalingPolicy {
                auto_scaling_group_name: s("web-asg"),
                policy_name: s("out"),
                adjustment_type: s("ChangeInCapacity"),
                step_adjustments: vec![
                    StepAdjustment {
                        lower_bound: Some(0.0),
                        upper_bound: Some(20.5),
                        scaling_adjustment: 1,
                    },
                    StepAdjustment {
                        lower_bound: Some(20.5),
                        upper_bound: None,
                        scaling_adjustment: 3,
                    },
                ],
                estimated_instance_warmup: Some(120),
            },
            C::PutStepScalingPolicy {
                auto_scaling_group_name: s("web-asg"),
                policy_name: s("in"),
                adjustment_type: s("PercentChangeInCapacity"),
                step_adjustments: vec![StepAdjustment {
                    lower_bound: None,
                    upper_bound: Some(0.0),
                    scaling_adjustment: -10,
                }],
                estimated_instance_warmup: None,
            },
            C::ExecutePolicy {
                auto_scaling_group_name: s("web-asg"),
                policy_name: s("out"),
                metric_value: Some(85.0),
                breach_threshold: Some(70.0),
            },
            C::ChangeResourceRecordSets {
                hosted_zone_id: s("Z0123456789"),
                changes: vec![
                    RecordChange {
                        action: s("UPSERT"),
                        name: s("www.unicorn.rentals"),
                        record_type: s("A"),
                        alias_dns_name: Some(s("web-1234.us-east-1.elb.amazonaws.com")),
                        values: vec![],
                    },
                    RecordChange {
                        action: s("CREATE"),
                        name: s("ip.unicorn.rentals"),
                        record_type: s("A"),
                        alias_dns_name: None,
                        values: strings(&["203.0.113.10", "203.0.113.11"]),
                    },
                ],
            },
            // ---- CloudFront ----
            C::CreateDistribution {
                origin_domain_name: s("web-1234.us-east-1.elb.amazonaws.com"),
                default_root_object: Some(s("index.html")),
            },
            C::CreateDistribution {
                origin_domain_name: s("web-1234.us-east-1.elb.amazonaws.com"),
                default_root_object: None,
            },
            C::CreateCachePolicy {
                name: s("search-with-query-strings"),
                query_strings_in_key: true,
                default_ttl: 300,
            },
            C::CreateCachePolicy {
                name: s("no-qs"),
                query_strings_in_key: false,
                default_ttl: 86400,
            },
            C::UpdateDistribution {
                id: s("E2QWRUHAPOMQZL"),
                cache_policy_id: s("658327ea-f89d-4fab-a63d-7e88639e58f6"),
            },
            C::DeleteDistribution {
                id: s("E2QWRUHAPOMQZL"),
            },
            // ---- ElastiCache ----
            C::CreateCacheCluster {
                cache_cluster_id: s("unicorn-cache"),
                engine: s("redis"),
                cache_node_type: s("cache.t3.micro"),
                num_cache_nodes: 1,
            },
            C::DeleteCacheCluster {
                cache_cluster_id: s("unicorn-cache"),
            },
            // ---- RDS ----
            C::CreateDbInstance {
                db_instance_identifier: s("shop-db"),
                db_instance_class: s("db.t3.medium"),
                engine: s("postgres"),
                allocated_storage: Some(100),
                multi_az: true,
            },
            C::CreateDbInstance {
                db_instance_identifier: s("tiny-db"),
                db_instance_class: s("db.t3.micro"),
                engine: s("mysql"),
                allocated_storage: None,
                multi_az: false,
            },
            C::ModifyDbInstance {
                db_instance_identifier: s("shop-db"),
                db_instance_class: Some(s("db.r6g.xlarge")),
                multi_az: Some(true),
                apply_immediately: true,
            },
            C::ModifyDbInstance {
                db_instance_identifier: s("shop-db"),
                db_instance_class: None,
                multi_az: Some(false),
                apply_immediately: false,
            },
            C::ModifyDbInstance {
                db_instance_identifier: s("shop-db"),
                db_instance_class: Some(s("db.t3.large")),
                multi_az: None,
                apply_immediately: false,
            },
            C::RebootDbInstance {
                db_instance_identifier: s("shop-db"),
                force_failover: true,
            },
            C::RebootDbInstance {
                db_instance_identifier: s("shop-db"),
                force_failover: false,
            },
            C::DeleteDbInstance {
                db_instance_identifier: s("shop-db"),
                skip_final_snapshot: true,
            },
            // ---- SQS ----
            C::CreateQueue {
                queue_name: s("orders"),
                attributes: vec![
                    (s("MessageRetentionPeriod"), s("86400")),
                    (s("VisibilityTimeout"), s("60")),
                ],
            },
            C::CreateQueue {
                queue_name: s("plain"),
                attributes: vec![],
            },
            C::DeleteQueue {
                queue_url: s("https://sqs.us-east-1.amazonaws.com/123456789012/orders"),
            },
            C::SetQueueAttributes {
                queue_url: s("https://sqs.us-east-1.amazonaws.com/123456789012/orders"),
                attributes: vec![(s("VisibilityTimeout"), s("120"))],
            },
            // ---- Lambda ----
            C::CreateFunction {
                function_name: s("fan-signup"),
                runtime: s("python3.12"),
                role: s("arn:aws:iam::123456789012:role/fan-signup"),
                handler: s("app.handler"),
                memory_size: Some(1024),
                timeout: Some(10),
            },
            C::CreateFunction {
                function_name: s("tiny"),
                runtime: s("nodejs20.x"),
                role: s("arn:aws:iam::123456789012:role/tiny"),
                handler: s("index.handler"),
                memory_size: None,
                timeout: None,
            },
            C::PutFunctionConcurrency {
                function_name: s("fan-signup"),
                reserved_concurrent_executions: 400,
            },
            C::PutProvisionedConcurrencyConfig {
                function_name: s("fan-signup"),
                qualifier: s("live"),
                provisioned_concurrent_executions: 100,
            },
            C::DeleteFunction {
                function_name: s("tiny"),
            },
            // ---- ECS ----
            C::CreateCluster {
                cluster_name: s("web"),
            },
            C::CreateService {
                cluster: s("web"),
                service_name: s("unicorn"),
                task_definition: s("unicorn-rentals:3"),
                desired_count: 8,
            },
            C::UpdateService {
                cluster: s("web"),
                service: s("unicorn"),
                desired_count: Some(12),
            },
            C::UpdateService {
                cluster: s("default"),
                service: s("unicorn"),
                desired_count: None,
            },
        ];
        v.extend(crate::awscli::secfin::samples());
        v
    }

    #[test]
    fn every_variant_round_trips() {
        let samples = samples();
        let mut events: Vec<&str> = samples.iter().map(Command::event_name).collect();
        events.sort_unstable();
        events.dedup();
        // 36 core event names, 4 from CloudWatch alarms, 6 from CloudFront and ElastiCache,
        // 14 from RDS, SQS, Lambda and ECS, 12 from WAF, IAM, Savings Plans and EC2 instance state
        assert_eq!(
            events.len(),
            36 + 4 + 6 + 14 + 12,
            "a Command variant has no sample"
        );
        for cmd in &samples {
            let line = to_cli(cmd);
            let back = parse_line(&line).unwrap_or_else(|e| panic!("{line}\n{e}"));
            assert_eq!(&back, cmd, "{line}");
            assert!(line.starts_with("aws "));
        }
    }

    #[test]
    fn every_operation_is_printed() {
        let printed: Vec<String> = samples().iter().map(to_cli).collect();
        for service in services() {
            for op in operations(service) {
                let prefix = format!("aws {service} {op} ");
                assert!(
                    printed
                        .iter()
                        .any(|l| l.starts_with(&prefix) || *l == prefix.trim_end()),
                    "nothing prints {prefix}"
                );
            }
        }
    }

    #[test]
    fn lines_are_single_lines_and_readable() {
        for cmd in samples() {
            let line = to_cli(&cmd);
            let has_newline_value = matches!(&cmd, Command::RunInstances { user_data: Some(u), .. } if u.contains('\n'));
            assert_eq!(line.contains('\n'), has_newline_value, "{line}");
        }
        assert_eq!(
            to_cli(&Command::SetDesiredCapacity {
                auto_scaling_group_name: s("web"),
                desired_capacity: 2,
                honor_cooldown: true
            }),
            "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity 2 --honor-cooldown"
        );
        assert_eq!(
            to_cli(&Command::AuthorizeSecurityGroupIngress {
                group_id: s("sg-1"),
                rules: vec![rule("tcp", 8000, 8010, IngressSource::Cidr(s("0.0.0.0/0")))],
            }),
            "aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 8000-8010 --cidr 0.0.0.0/0"
        );
        assert_eq!(
            to_cli(&Command::RegisterTargets {
                target_group_arn: s("tg"),
                targets: vec![
                    TargetDescription {
                        id: s("i-1"),
                        port: None
                    },
                    TargetDescription {
                        id: s("i-2"),
                        port: Some(80)
                    },
                ],
            }),
            "aws elbv2 register-targets --target-group-arn tg --targets Id=i-1 Id=i-2,Port=80"
        );
        let line = to_cli(&Command::RunInstances {
            image_id: Some(s("ami-1")),
            instance_type: None,
            count: 1,
            subnet_id: None,
            security_group_ids: vec![],
            user_data: Some(s("echo it's")),
            launch_template: Some(lt("web", "$Latest")),
            name: Some(s("web")),
        });
        assert_eq!(
            line,
            "aws ec2 run-instances --launch-template 'LaunchTemplateName=web,Version=$Latest' \
             --image-id ami-1 --count 1 --tag-specifications \
             'ResourceType=instance,Tags=[{Key=Name,Value=web}]' --user-data 'echo it'\\''s'"
        );
    }

    #[test]
    fn launch_template_user_data_is_base64_in_json() {
        let line = to_cli(&Command::CreateLaunchTemplate {
            launch_template_name: s("web"),
            version_description: None,
            data: LaunchTemplateData {
                user_data: Some(s("#!/bin/bash\n")),
                ..Default::default()
            },
        });
        assert_eq!(
            line,
            r#"aws ec2 create-launch-template --launch-template-name web --launch-template-data '{"UserData":"IyEvYmluL2Jhc2gK"}'"#
        );
    }

    /// A tiny deterministic generator, so the test needs no crates.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Whatever parses must print and parse back to itself; nothing may panic.
    fn check(line: &str) {
        if let Ok(cmd) = parse_line(line) {
            let printed = to_cli(&cmd);
            assert_eq!(
                parse_line(&printed).as_ref(),
                Ok(&cmd),
                "{line:?}\n{printed}"
            );
        }
    }

    #[test]
    fn garbage_never_panics() {
        const PIECES: &[&str] = &[
            "aws",
            " ",
            " ",
            "ec2",
            "elbv2",
            "autoscaling",
            "route53",
            "elb",
            "run-instances",
            "authorize-security-group-ingress",
            "create-launch-template",
            "--",
            "-",
            "--count",
            "--port",
            "--ip-permissions",
            "--launch-template-data",
            "--targets",
            "--listeners",
            "--change-batch",
            "--target-tracking-configuration",
            "--vpc-zone-identifier",
            "=",
            ",",
            "[",
            "]",
            "{",
            "}",
            "'",
            "\"",
            "\\",
            "\n",
            "#",
            "|",
            "$",
            ":",
            "-1",
            "0",
            "65536",
            "99999999999999999999",
            "Key=",
            "Value=",
            "Id=",
            "{\"",
            "\":",
            "é",
            "😀",
            "\u{0}",
            "\t",
            "file://",
            "IpProtocol=tcp",
            "UserData=",
            "==",
            "help",
            "--no-",
            "x",
        ];
        let mut rng = Lcg(0x5eed);
        for _ in 0..20_000 {
            let n = rng.below(24);
            let line: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            check(&line);
        }
        let mut chars = Lcg(7);
        for _ in 0..2_000 {
            let n = chars.below(64);
            let line: String = (0..n)
                .map(|_| char::from_u32(chars.below(0x3000) as u32).unwrap_or('?'))
                .collect();
            check(&line);
        }
    }

    #[test]
    fn mutated_valid_lines_never_panic() {
        let mut rng = Lcg(42);
        let lines: Vec<String> = samples().iter().map(to_cli).collect();
        const NOISE: &[char] = &[
            '\'', '"', '\\', ',', '=', '[', ']', '{', '}', ' ', '-', '1', 'x', ':', '\n', 'é',
        ];
        for line in &lines {
            let chars: Vec<char> = line.chars().collect();
            for cut in 0..=chars.len() {
                check(&chars[..cut].iter().collect::<String>());
            }
            for _ in 0..300 {
                let mut m = chars.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(m.len() + 1);
                    match rng.below(3) {
                        0 if at < m.len() => {
                            m.remove(at);
                        }
                        1 if at < m.len() => m[at] = NOISE[rng.below(NOISE.len())],
                        _ => m.insert(at, NOISE[rng.below(NOISE.len())]),
                    }
                }
                check(&m.iter().collect::<String>());
            }
        }
    }
}
