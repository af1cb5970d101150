//! AWS request structures (ip permissions, launch templates, listeners, targets, actions,
//! target tracking, change batches) read from parsed JSON/shorthand into command types.

use super::values::{
    Object, as_object, base64_decode, opt_bool, opt_f64, opt_int, opt_objects, opt_str,
    opt_str_list, opt_u16, req_str,
};
use crate::sim::command::{
    ClassicListener, IngressRule, IngressSource, LaunchTemplateData, LaunchTemplateSpec,
    PredefinedMetric, RecordChange, StepAdjustment, TargetDescription, TargetTrackingConfig,
};
use serde_json::Value;

fn required<T>(value: Option<T>, key: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing required key \"{key}\""))
}

// ---------------------------------------------------------------- security groups

/// `tcp`/`udp`/`icmp`/`-1`: names lower-cased, `all` and well-known numbers mapped.
pub(crate) fn normalize_protocol(protocol: &str) -> Result<String, String> {
    let p = protocol.trim().to_ascii_lowercase();
    let named = match p.as_str() {
        "tcp" | "6" => "tcp",
        "udp" | "17" => "udp",
        "icmp" | "1" => "icmp",
        "all" | "-1" => "-1",
        other => match other.parse::<i32>() {
            Ok(0..=255) => return Ok(p),
            _ => {
                return Err(
                    "protocol parameter should be one of: tcp|udp|icmp|all or any valid protocol \
                     number."
                        .into(),
                );
            }
        },
    };
    Ok(named.to_string())
}

/// True for protocols whose rules need ports.
pub(crate) fn needs_ports(protocol: &str) -> bool {
    protocol == "tcp" || protocol == "udp"
}

/// A port range from optional bounds; `-1` (or no bounds, where allowed) means 0–65535.
pub(crate) fn port_range(
    protocol: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<(u16, u16), String> {
    if from.is_none() && to.is_none() {
        if needs_ports(protocol) {
            return Err(format!(
                "FromPort and ToPort are required for protocol {protocol}"
            ));
        }
        return Ok((0, u16::MAX));
    }
    let (from, to) = (from.or(to).unwrap_or(-1), to.or(from).unwrap_or(-1));
    let bound = |n: i64, all: u16| match n {
        -1 => Ok(all),
        n => u16::try_from(n).map_err(|_| format!("port {n} is outside 0-65535")),
    };
    let (from, to) = (bound(from, 0)?, bound(to, u16::MAX)?);
    if from > to {
        return Err(format!("FromPort {from} is greater than ToPort {to}"));
    }
    Ok((from, to))
}

/// One `IpPermission`: a rule for each of its `IpRanges` and `UserIdGroupPairs`.
pub(crate) fn ip_permission(p: &Value) -> Result<Vec<IngressRule>, String> {
    let m = as_object(p, "each permission")?;
    if m.contains_key("Ipv6Ranges") || m.contains_key("PrefixListIds") {
        return Err("Ipv6Ranges and PrefixListIds are not supported in GameDay".into());
    }
    let protocol = normalize_protocol(&req_str(m, "IpProtocol")?)?;
    let (from_port, to_port) =
        port_range(&protocol, opt_int(m, "FromPort")?, opt_int(m, "ToPort")?)?;
    let mut sources = Vec::new();
    for range in opt_objects(m, "IpRanges")? {
        sources.push(IngressSource::Cidr(req_str(range, "CidrIp")?));
    }
    for pair in opt_objects(m, "UserIdGroupPairs")? {
        sources.push(IngressSource::Group(req_str(pair, "GroupId")?));
    }
    if sources.is_empty() {
        return Err("each permission needs IpRanges or UserIdGroupPairs".into());
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

// ---------------------------------------------------------------- launch templates

/// `LaunchTemplateData`; its `UserData` is base64 and comes out as text.
pub(crate) fn launch_template_data(v: &Value) -> Result<LaunchTemplateData, String> {
    let m = as_object(v, "the launch template data")?;
    let user_data = match opt_str(m, "UserData")? {
        None => None,
        Some(b64) => {
            let bytes =
                base64_decode(&b64).map_err(|e| format!("UserData must be base64-encoded: {e}"))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| "UserData must decode to UTF-8 text".to_string())?;
            Some(text)
        }
    };
    Ok(LaunchTemplateData {
        image_id: opt_str(m, "ImageId")?,
        instance_type: opt_str(m, "InstanceType")?,
        security_group_ids: opt_str_list(m, "SecurityGroupIds")?,
        user_data,
    })
}

/// `LaunchTemplateId=lt-…|LaunchTemplateName=…[,Version=…]`; the version defaults to `$Default`.
pub(crate) fn launch_template_spec(v: &Value) -> Result<LaunchTemplateSpec, String> {
    let m = as_object(v, "the launch template")?;
    let id_or_name = match (
        opt_str(m, "LaunchTemplateId")?,
        opt_str(m, "LaunchTemplateName")?,
    ) {
        (Some(id), None) => id,
        (None, Some(name)) => name,
        (Some(_), Some(_)) => {
            return Err("give LaunchTemplateId or LaunchTemplateName, not both".into());
        }
        (None, None) => {
            return Err(
                "missing required key \"LaunchTemplateId\" or \"LaunchTemplateName\"".into(),
            );
        }
    };
    Ok(LaunchTemplateSpec {
        id_or_name,
        version: opt_str(m, "Version")?.unwrap_or_else(|| "$Default".into()),
    })
}

/// The `Name` tag of a tag specification for `resource_type`, if it has one.
pub(crate) fn name_tag(spec: &Value, resource_type: &str) -> Result<Option<String>, String> {
    let m = as_object(spec, "each tag specification")?;
    if opt_str(m, "ResourceType")?.is_some_and(|r| r != resource_type) {
        return Ok(None);
    }
    for tag in opt_objects(m, "Tags")? {
        if req_str(tag, "Key")? == "Name" {
            return Ok(Some(opt_str(tag, "Value")?.unwrap_or_default()));
        }
    }
    Ok(None)
}

// ---------------------------------------------------------------- load balancing

/// A Classic listener; `InstanceProtocol` defaults to `Protocol`.
pub(crate) fn classic_listener(v: &Value) -> Result<ClassicListener, String> {
    let m = as_object(v, "each listener")?;
    let protocol = req_str(m, "Protocol")?;
    Ok(ClassicListener {
        instance_protocol: opt_str(m, "InstanceProtocol")?.unwrap_or_else(|| protocol.clone()),
        protocol,
        load_balancer_port: required(opt_u16(m, "LoadBalancerPort")?, "LoadBalancerPort")?,
        instance_port: required(opt_u16(m, "InstancePort")?, "InstancePort")?,
    })
}

/// A Classic `--instances` item: a bare id or `{"InstanceId": …}`.
pub(crate) fn classic_instance(v: &Value) -> Result<String, String> {
    match v {
        Value::String(id) => Ok(id.clone()),
        v => req_str(as_object(v, "each instance")?, "InstanceId"),
    }
}

/// A target group attribute `Key=…,Value=…`.
pub(crate) fn attribute(v: &Value) -> Result<(String, String), String> {
    let m = as_object(v, "each attribute")?;
    Ok((req_str(m, "Key")?, opt_str(m, "Value")?.unwrap_or_default()))
}

/// A target `Id=…[,Port=…]`.
pub(crate) fn target(v: &Value) -> Result<TargetDescription, String> {
    let m = as_object(v, "each target")?;
    Ok(TargetDescription {
        id: req_str(m, "Id")?,
        port: opt_u16(m, "Port")?,
    })
}

/// The target group a `forward` action sends to (`TargetGroupArn`, or a `ForwardConfig`
/// with a single target group).
pub(crate) fn forward_arn(action: &Value) -> Result<String, String> {
    let m = as_object(action, "the default action")?;
    let kind = req_str(m, "Type")?;
    if kind != "forward" {
        return Err(format!(
            "GameDay only supports forward actions (Type=forward), not {kind}"
        ));
    }
    if let Some(arn) = opt_str(m, "TargetGroupArn")? {
        return Ok(arn);
    }
    let forward = m
        .get("ForwardConfig")
        .map(|v| as_object(v, "ForwardConfig"))
        .transpose()?;
    let groups: Vec<&Object> = match forward {
        Some(f) => opt_objects(f, "TargetGroups")?,
        None => Vec::new(),
    };
    match groups.as_slice() {
        [one] => req_str(one, "TargetGroupArn"),
        [] => Err("missing required key \"TargetGroupArn\"".into()),
        _ => Err("GameDay forwards to a single target group".into()),
    }
}

// ---------------------------------------------------------------- autoscaling, route53

/// A target tracking configuration with a predefined metric.
pub(crate) fn target_tracking(v: &Value) -> Result<TargetTrackingConfig, String> {
    let m = as_object(v, "the target tracking configuration")?;
    if m.contains_key("CustomizedMetricSpecification") {
        return Err("GameDay only supports PredefinedMetricSpecification".into());
    }
    let target_value = required(opt_f64(m, "TargetValue")?, "TargetValue")?;
    let spec = required(
        m.get("PredefinedMetricSpecification"),
        "PredefinedMetricSpecification",
    )?;
    let spec = as_object(spec, "PredefinedMetricSpecification")?;
    let predefined_metric = match req_str(spec, "PredefinedMetricType")?.as_str() {
        "ASGAverageCPUUtilization" => PredefinedMetric::AsgAverageCpuUtilization,
        "ALBRequestCountPerTarget" => PredefinedMetric::AlbRequestCountPerTarget,
        other => {
            return Err(format!(
                "PredefinedMetricType {other} is not supported in GameDay; use \
                 ASGAverageCPUUtilization or ALBRequestCountPerTarget"
            ));
        }
    };
    Ok(TargetTrackingConfig {
        target_value,
        predefined_metric,
        resource_label: opt_str(spec, "ResourceLabel")?,
        disable_scale_in: opt_bool(m, "DisableScaleIn")?.unwrap_or(false),
    })
}

/// A Route 53 change batch `{"Changes":[{"Action":…,"ResourceRecordSet":{…}}]}`.
pub(crate) fn change_batch(v: &Value) -> Result<Vec<RecordChange>, String> {
    let m = as_object(v, "the change batch")?;
    required(m.get("Changes"), "Changes")?;
    opt_objects(m, "Changes")?
        .into_iter()
        .map(|change| {
            let set = required(change.get("ResourceRecordSet"), "ResourceRecordSet")?;
            let set = as_object(set, "ResourceRecordSet")?;
            let alias_dns_name = match set.get("AliasTarget") {
                None => None,
                Some(t) => Some(req_str(as_object(t, "AliasTarget")?, "DNSName")?),
            };
            let values = opt_objects(set, "ResourceRecords")?
                .into_iter()
                .map(|r| req_str(r, "Value"))
                .collect::<Result<_, _>>()?;
            Ok(RecordChange {
                action: req_str(change, "Action")?,
                name: req_str(set, "Name")?,
                record_type: req_str(set, "Type")?,
                alias_dns_name,
                values,
            })
        })
        .collect()
}

// ---------------------------------------------------------------- cloudwatch alarms

/// A dimension `Name=AutoScalingGroupName,Value=web-asg`.
pub(crate) fn dimension(v: &Value) -> Result<(String, String), String> {
    let m = as_object(v, "each dimension")?;
    Ok((req_str(m, "Name")?, req_str(m, "Value")?))
}

/// A step `MetricIntervalLowerBound=0,MetricIntervalUpperBound=20,ScalingAdjustment=1`.
pub(crate) fn step_adjustment(v: &Value) -> Result<StepAdjustment, String> {
    let m = as_object(v, "each step adjustment")?;
    let adj = required(opt_int(m, "ScalingAdjustment")?, "ScalingAdjustment")?;
    Ok(StepAdjustment {
        lower_bound: opt_f64(m, "MetricIntervalLowerBound")?,
        upper_bound: opt_f64(m, "MetricIntervalUpperBound")?,
        scaling_adjustment: i32::try_from(adj)
            .map_err(|_| format!("\"ScalingAdjustment\" is out of range: {adj}"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn protocols() {
        assert_eq!(normalize_protocol("TCP").unwrap(), "tcp");
        assert_eq!(normalize_protocol("all").unwrap(), "-1");
        assert_eq!(normalize_protocol("17").unwrap(), "udp");
        assert_eq!(normalize_protocol("50").unwrap(), "50");
        assert!(normalize_protocol("256").is_err());
        assert!(normalize_protocol("gre").is_err());
    }

    #[test]
    fn port_ranges() {
        assert_eq!(port_range("tcp", Some(80), Some(80)), Ok((80, 80)));
        assert_eq!(port_range("tcp", Some(80), None), Ok((80, 80)));
        assert_eq!(port_range("icmp", Some(-1), Some(-1)), Ok((0, 65535)));
        assert_eq!(port_range("-1", None, None), Ok((0, 65535)));
        assert!(port_range("tcp", None, None).is_err());
        assert!(port_range("tcp", Some(2), Some(1)).is_err());
        assert!(port_range("tcp", Some(-5), Some(1)).is_err());
    }

    #[test]
    fn structures_report_missing_keys() {
        let e = classic_listener(&json!({"Protocol":"HTTP","InstancePort":80})).unwrap_err();
        assert_eq!(e, "missing required key \"LoadBalancerPort\"");
        assert!(target(&json!({"Port":80})).unwrap_err().contains("\"Id\""));
        assert!(
            target_tracking(&json!({"TargetValue":1}))
                .unwrap_err()
                .contains("PredefinedMetricSpecification")
        );
        assert!(
            change_batch(&json!({}))
                .unwrap_err()
                .contains("\"Changes\"")
        );
        assert!(forward_arn(&json!({"Type":"forward"})).is_err());
        assert!(launch_template_data(&json!({"UserData": 5})).is_err());
        assert!(launch_template_spec(&json!("x")).is_err());
    }

    #[test]
    fn name_tags() {
        let spec = json!({"ResourceType":"instance","Tags":[{"Key":"env","Value":"p"},{"Key":"Name","Value":"web"}]});
        assert_eq!(name_tag(&spec, "instance"), Ok(Some("web".into())));
        assert_eq!(name_tag(&spec, "subnet"), Ok(None));
        assert_eq!(name_tag(&json!({"Tags":[]}), "subnet"), Ok(None));
    }
}
