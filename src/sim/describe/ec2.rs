//! EC2 reads: `describe-instances`, `describe-subnets`, `describe-security-groups`,
//! `describe-launch-template-versions`, `get-console-output`.

use super::shared::{passes, tags};
use crate::data::base64::base64_encode as base64;
use crate::sim::clock::SimClock;
use crate::sim::command::{ApiError, Filter, IngressRule, IngressSource};
use crate::sim::ids::ACCOUNT_ID;
use crate::sim::instance_attributes::{
    EnhancedNetworking, SourceDestCheckOff, TerminationProtected,
};
use crate::sim::lifecycle::Stopped;
use crate::sim::model::*;
use crate::sim::world::{all, find, id_of};
use bevy::prelude::*;
use serde_json::{Value, json};

/// AWS's state code and name (`{"Code": 16, "Name": "running"}`).
pub(crate) fn state(world: &World, e: Entity, i: &Instance) -> (u32, &'static str) {
    if world.get::<Stopped>(e).is_some() {
        return (80, "stopped");
    }
    match i.state {
        InstanceState::Pending | InstanceState::Booting => (0, "pending"),
        InstanceState::Running => (16, "running"),
        InstanceState::ShuttingDown => (32, "shutting-down"),
        InstanceState::Terminated => (48, "terminated"),
    }
}

/// One `Instances[]` item of `describe-instances`.
pub(crate) fn instance(world: &World, e: Entity) -> Option<Value> {
    let i = world.get::<Instance>(e)?;
    let clock = world.resource::<SimClock>();
    let subnet = world.get::<Subnet>(i.subnet);
    let (code, name) = state(world, e, i);
    let mut extra: Vec<(&str, String)> = vec![];
    if let Some(asg) = i.asg.and_then(|a| world.get::<AutoScalingGroup>(a)) {
        extra.push(("aws:autoscaling:groupName", asg.name.clone()));
    }
    let mut image_id = None;
    if let Some((t, v)) = i.template {
        extra.push(("aws:ec2launchtemplate:id", id_of(world, t)));
        extra.push(("aws:ec2launchtemplate:version", v.to_string()));
        image_id = world
            .get::<LaunchTemplate>(t)
            .and_then(|lt| lt.version(v))
            .map(|v| v.image_id.clone());
    }
    let groups: Vec<Value> = i
        .security_groups
        .iter()
        .filter_map(|&g| {
            let sg = world.get::<SecurityGroup>(g)?;
            Some(json!({"GroupId": id_of(world, g), "GroupName": sg.group_name}))
        })
        .collect();
    // an estate that never had an Elastic IP has no such component registered
    let public_ip = world.try_query::<&ElasticIp>().and_then(|mut q| {
        q.iter(world)
            .find(|ip| ip.instance == Some(e))
            .map(|ip| ip.public_ip.clone())
    });
    let mut v = json!({
        "InstanceId": id_of(world, e),
        "InstanceType": i.instance_type,
        "LaunchTime": clock.iso8601(i.launched_at),
        "Placement": {
            "AvailabilityZone": subnet.map(|s| s.az.clone()).unwrap_or_default(),
            "Tenancy": "default",
        },
        "PrivateDnsName": format!("ip-{}.ec2.internal", i.private_ip.replace('.', "-")),
        "PrivateIpAddress": i.private_ip,
        "State": {"Code": code, "Name": name},
        "SubnetId": id_of(world, i.subnet),
        "VpcId": subnet.map(|s| id_of(world, s.vpc)).unwrap_or_default(),
        "SecurityGroups": groups,
        "SourceDestCheck": world.get::<SourceDestCheckOff>(e).is_none(),
        "Tags": tags(world, e, &extra),
    });
    if world.get::<EnhancedNetworking>(e).is_some() {
        v["SriovNetSupport"] = json!("simple");
    }
    if let Some(ip) = public_ip {
        v["PublicIpAddress"] = json!(ip);
    }
    if let Some(image) = image_id {
        v["ImageId"] = json!(image);
    }
    Some(v)
}

/// The value(s) of a `describe-instances` filter for one instance; `None`: no such filter.
fn instance_field(world: &World, e: Entity, name: &str) -> Option<Vec<String>> {
    let i = world.get::<Instance>(e)?;
    let subnet = world.get::<Subnet>(i.subnet);
    let one = |s: String| Some(vec![s]);
    match name {
        "instance-id" => one(id_of(world, e)),
        "instance-state-name" => one(state(world, e, i).1.to_string()),
        "instance-state-code" => one(state(world, e, i).0.to_string()),
        "instance-type" => one(i.instance_type.clone()),
        "subnet-id" => one(id_of(world, i.subnet)),
        "vpc-id" => one(subnet.map(|s| id_of(world, s.vpc)).unwrap_or_default()),
        "availability-zone" => one(subnet.map(|s| s.az.clone()).unwrap_or_default()),
        "private-ip-address" => one(i.private_ip.clone()),
        "instance.group-id" => Some(i.security_groups.iter().map(|&g| id_of(world, g)).collect()),
        "tag:Name" => one(world
            .get::<Name>(e)
            .map(|n| n.to_string())
            .unwrap_or_default()),
        "tag:aws:autoscaling:groupName" => Some(
            i.asg
                .and_then(|a| world.get::<AutoScalingGroup>(a))
                .map(|g| g.name.clone())
                .into_iter()
                .collect(),
        ),
        n if n.starts_with("tag:") => Some(vec![]),
        _ => None,
    }
}

/// `ec2 describe-instances`: one reservation per instance (GameDay does not group launches).
pub(super) fn instances(
    world: &mut World,
    ids: &[String],
    filters: &[Filter],
) -> Result<Value, ApiError> {
    for id in ids {
        if find::<Instance>(world, id).is_none() {
            return Err(ApiError::new(
                "InvalidInstanceID.NotFound",
                format!("The instance ID '{id}' does not exist"),
            ));
        }
    }
    let mut reservations = vec![];
    for e in all::<Instance>(world) {
        let id = id_of(world, e);
        if !ids.is_empty() && !ids.contains(&id) {
            continue;
        }
        if !passes(filters, &|n| instance_field(world, e, n))? {
            continue;
        }
        let Some(item) = instance(world, e) else {
            continue;
        };
        reservations.push(json!({
            "ReservationId": format!("r-{}", id.trim_start_matches("i-")),
            "OwnerId": ACCOUNT_ID,
            "Groups": [],
            "Instances": [item],
        }));
    }
    Ok(json!({ "Reservations": reservations }))
}

/// One `Subnets[]` item.
pub(crate) fn subnet(world: &World, e: Entity) -> Option<Value> {
    let s = world.get::<Subnet>(e)?;
    let id = id_of(world, e);
    Some(json!({
        "SubnetId": id,
        "SubnetArn": format!("arn:aws:ec2:us-east-1:{ACCOUNT_ID}:subnet/{id}"),
        "VpcId": id_of(world, s.vpc),
        "CidrBlock": s.cidr.to_string(),
        "AvailabilityZone": s.az,
        "AvailableIpAddressCount": s.free(),
        "DefaultForAz": false,
        "State": "available",
        "OwnerId": ACCOUNT_ID,
        "Tags": tags(world, e, &[]),
    }))
}

/// One `NetworkInterfaces[]` item: an interface another workload holds in a subnet, with
/// its primary address and its secondary ones.
pub(crate) fn network_interface(world: &World, e: Entity) -> Option<Value> {
    let ni = world.get::<NetworkInterface>(e)?;
    let s = world.get::<Subnet>(ni.subnet)?;
    let dns = |ip: &str| format!("ip-{}.ec2.internal", ip.replace('.', "-"));
    let primary = ni.private_ips.first()?;
    let addresses: Vec<Value> = ni
        .private_ips
        .iter()
        .map(|ip| {
            json!({
                "Primary": ip == primary,
                "PrivateDnsName": dns(ip),
                "PrivateIpAddress": ip,
            })
        })
        .collect();
    Some(json!({
        "AvailabilityZone": s.az,
        "Description": ni.description,
        "Groups": [],
        "InterfaceType": "interface",
        "Ipv6Addresses": [],
        "NetworkInterfaceId": id_of(world, e),
        "OwnerId": ACCOUNT_ID,
        "PrivateDnsName": dns(primary),
        "PrivateIpAddress": primary,
        "PrivateIpAddresses": addresses,
        "RequesterManaged": false,
        "SourceDestCheck": true,
        "Status": "available",
        "SubnetId": id_of(world, ni.subnet),
        "TagSet": [],
        "VpcId": id_of(world, s.vpc),
    }))
}

/// `ec2 describe-network-interfaces`: the interfaces other workloads hold in the VPC.
pub(super) fn network_interfaces(
    world: &mut World,
    ids: &[String],
    filters: &[Filter],
) -> Result<Value, ApiError> {
    if let Some(id) = ids
        .iter()
        .find(|id| find::<NetworkInterface>(world, id).is_none())
    {
        return Err(ApiError::new(
            "InvalidNetworkInterfaceID.NotFound",
            format!("The networkInterface ID '{id}' does not exist"),
        ));
    }
    let mut out = vec![];
    for e in all::<NetworkInterface>(world) {
        let Some(v) = network_interface(world, e) else {
            continue;
        };
        if !ids.is_empty() && !ids.iter().any(|id| v["NetworkInterfaceId"] == *id) {
            continue;
        }
        let field = |n: &str| -> Option<Vec<String>> {
            let text = |k: &str| Some(vec![v[k].as_str().unwrap_or_default().to_string()]);
            match n {
                "network-interface-id" => text("NetworkInterfaceId"),
                "subnet-id" => text("SubnetId"),
                "vpc-id" => text("VpcId"),
                "availability-zone" => text("AvailabilityZone"),
                "description" => text("Description"),
                "status" => text("Status"),
                "private-ip-address" | "addresses.private-ip-address" => Some(
                    v["PrivateIpAddresses"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|a| a["PrivateIpAddress"].as_str().map(str::to_string))
                        .collect(),
                ),
                // GameDay's interfaces carry no tags
                n if n.starts_with("tag:") => Some(vec![]),
                _ => None,
            }
        };
        if passes(filters, &field)? {
            out.push(v);
        }
    }
    Ok(json!({ "NetworkInterfaces": out }))
}

/// `ec2 describe-subnets`.
pub(super) fn subnets(
    world: &mut World,
    ids: &[String],
    filters: &[Filter],
) -> Result<Value, ApiError> {
    for id in ids {
        if find::<Subnet>(world, id).is_none() {
            return Err(ApiError::new(
                "InvalidSubnetID.NotFound",
                format!("The subnet ID '{id}' does not exist"),
            ));
        }
    }
    let mut out = vec![];
    for e in all::<Subnet>(world) {
        let s = world.get::<Subnet>(e).unwrap();
        let id = id_of(world, e);
        if !ids.is_empty() && !ids.contains(&id) {
            continue;
        }
        let field = |n: &str| -> Option<Vec<String>> {
            let one = |v: String| Some(vec![v]);
            match n {
                "subnet-id" => one(id.clone()),
                "vpc-id" => one(id_of(world, s.vpc)),
                "availability-zone" => one(s.az.clone()),
                "cidr-block" | "cidr" => one(s.cidr.to_string()),
                "tag:Name" => one(world
                    .get::<Name>(e)
                    .map(|n| n.to_string())
                    .unwrap_or_default()),
                n if n.starts_with("tag:") => Some(vec![]),
                _ => None,
            }
        };
        if passes(filters, &field)? {
            out.extend(subnet(world, e));
        }
    }
    Ok(json!({ "Subnets": out }))
}

/// `ec2 describe-security-groups`.
pub(super) fn security_groups(
    world: &mut World,
    ids: &[String],
    names: &[String],
    filters: &[Filter],
) -> Result<Value, ApiError> {
    let groups = all::<SecurityGroup>(world);
    for id in ids {
        if find::<SecurityGroup>(world, id).is_none() {
            return Err(ApiError::new(
                "InvalidGroup.NotFound",
                format!("The security group '{id}' does not exist"),
            ));
        }
    }
    for name in names {
        if !groups
            .iter()
            .any(|&g| world.get::<SecurityGroup>(g).unwrap().group_name == *name)
        {
            return Err(ApiError::new(
                "InvalidGroup.NotFound",
                format!("The security group '{name}' does not exist in default VPC"),
            ));
        }
    }
    let mut out = vec![];
    for g in groups {
        let sg = world.get::<SecurityGroup>(g).unwrap();
        let id = id_of(world, g);
        let wanted = (ids.is_empty() && names.is_empty())
            || ids.contains(&id)
            || names.contains(&sg.group_name);
        let field = |n: &str| -> Option<Vec<String>> {
            let rules = &sg.rules;
            let all_of = |f: &dyn Fn(&IngressRule) -> String| Some(rules.iter().map(f).collect());
            match n {
                "group-id" => Some(vec![id.clone()]),
                "group-name" => Some(vec![sg.group_name.clone()]),
                "description" => Some(vec![sg.description.clone()]),
                "vpc-id" => Some(vec![id_of(world, sg.vpc)]),
                "owner-id" => Some(vec![ACCOUNT_ID.to_string()]),
                "ip-permission.protocol" => all_of(&|r| r.protocol.clone()),
                "ip-permission.from-port" => all_of(&|r| r.from_port.to_string()),
                "ip-permission.to-port" => all_of(&|r| r.to_port.to_string()),
                "ip-permission.cidr" => Some(
                    rules
                        .iter()
                        .filter_map(|r| match &r.source {
                            IngressSource::Cidr(c) => Some(c.clone()),
                            IngressSource::Group(_) => None,
                        })
                        .collect(),
                ),
                "ip-permission.group-id" => Some(
                    rules
                        .iter()
                        .filter_map(|r| match &r.source {
                            IngressSource::Group(g) => Some(g.clone()),
                            IngressSource::Cidr(_) => None,
                        })
                        .collect(),
                ),
                "tag:Name" => Some(vec![
                    world
                        .get::<Name>(g)
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ]),
                n if n.starts_with("tag:") || n == "tag-key" || n == "tag-value" => Some(vec![]),
                _ => None,
            }
        };
        if !wanted || !passes(filters, &field)? {
            continue;
        }
        let permissions: Vec<Value> = sg
            .rules
            .iter()
            .map(|r| {
                let mut p = json!({
                    "IpProtocol": r.protocol,
                    "IpRanges": [],
                    "UserIdGroupPairs": [],
                });
                if r.protocol != "-1" {
                    p["FromPort"] = json!(r.from_port);
                    p["ToPort"] = json!(r.to_port);
                }
                match &r.source {
                    IngressSource::Cidr(c) => p["IpRanges"] = json!([{ "CidrIp": c }]),
                    IngressSource::Group(id) => {
                        p["UserIdGroupPairs"] = json!([{ "GroupId": id, "UserId": ACCOUNT_ID }])
                    }
                }
                p
            })
            .collect();
        out.push(json!({
            "GroupId": id,
            "GroupName": sg.group_name,
            "Description": sg.description,
            "VpcId": id_of(world, sg.vpc),
            "OwnerId": ACCOUNT_ID,
            "IpPermissions": permissions,
            "IpPermissionsEgress": [{
                "IpProtocol": "-1",
                "IpRanges": [{ "CidrIp": "0.0.0.0/0" }],
                "UserIdGroupPairs": [],
            }],
            "Tags": tags(world, g, &[]),
        }));
    }
    Ok(json!({ "SecurityGroups": out }))
}

/// The launch template named by id or name.
fn find_template(world: &mut World, id_or_name: &str) -> Result<Entity, ApiError> {
    if let Some(e) = find::<LaunchTemplate>(world, id_or_name) {
        return Ok(e);
    }
    all::<LaunchTemplate>(world)
        .into_iter()
        .find(|&e| world.get::<LaunchTemplate>(e).unwrap().name == id_or_name)
        .ok_or_else(|| {
            ApiError::new(
                "InvalidLaunchTemplateName.NotFoundException",
                "At least one of the launch templates specified in the request does not exist.",
            )
        })
}

/// One `LaunchTemplateVersions[]` item.
pub(crate) fn template_version(world: &World, e: Entity, v: &LaunchTemplateVersion) -> Value {
    let lt = world.get::<LaunchTemplate>(e);
    json!({
        "LaunchTemplateId": id_of(world, e),
        "LaunchTemplateName": lt.map(|t| t.name.clone()).unwrap_or_default(),
        "VersionNumber": v.number,
        "VersionDescription": v.description,
        "CreatedBy": v.created_by,
        "DefaultVersion": lt.is_some_and(|t| v.number == t.default_version),
        "LaunchTemplateData": {
            "ImageId": v.image_id,
            "InstanceType": v.instance_type,
            "SecurityGroupIds": v.security_group_ids,
            "UserData": base64(v.user_data.as_bytes()),
        },
    })
}

/// The `LaunchTemplate` of `create-launch-template` and `modify-launch-template`.
pub(crate) fn template(world: &World, e: Entity) -> Option<Value> {
    let lt = world.get::<LaunchTemplate>(e)?;
    Some(json!({
        "LaunchTemplateId": id_of(world, e),
        "LaunchTemplateName": lt.name,
        "DefaultVersionNumber": lt.default_version,
        "LatestVersionNumber": lt.latest(),
        "CreatedBy": world.get::<CreatedBy>(e).map(|c| c.0.clone()).unwrap_or_default(),
    }))
}

/// `ec2 describe-launch-template-versions`: newest first, as EC2 lists them.
pub(super) fn launch_template_versions(
    world: &mut World,
    id_or_name: &str,
    versions: &[String],
) -> Result<Value, ApiError> {
    let e = find_template(world, id_or_name)?;
    let lt = world.get::<LaunchTemplate>(e).unwrap();
    let mut chosen: Vec<&LaunchTemplateVersion> = Vec::new();
    if versions.is_empty() {
        chosen.extend(lt.versions.iter().rev());
    } else {
        for v in versions {
            let found = lt.resolve(v).ok_or_else(|| {
                ApiError::new(
                    "InvalidLaunchTemplateId.VersionNotFound",
                    format!("Could not find launch template version {v} for template {id_or_name}"),
                )
            })?;
            chosen.push(found);
        }
    }
    let items: Vec<Value> = chosen
        .iter()
        .map(|v| template_version(world, e, v))
        .collect();
    Ok(json!({ "LaunchTemplateVersions": items }))
}

/// `ec2 get-console-output`: the cloud-init log of the instance's boot so far.
pub(super) fn console_output(world: &mut World, id: &str) -> Result<Value, ApiError> {
    let e = find::<Instance>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance ID '{id}' does not exist"),
        )
    })?;
    let i = world.get::<Instance>(e).unwrap();
    let clock = world.resource::<SimClock>();
    // the console shows what the boot has printed by now: nothing while the host is placed
    let booted = !matches!(i.state, InstanceState::Pending);
    let output = if booted {
        i.boot.log.join("\n")
    } else {
        String::new()
    };
    Ok(json!({
        "InstanceId": id,
        "Timestamp": clock.iso8601(clock.now),
        "Output": output,
    }))
}

/// `describe-addresses`: the account's Elastic IPs, with the instance or network interface
/// each is given to.
pub(super) fn addresses(
    world: &mut World,
    allocation_ids: &[String],
    public_ips: &[String],
    filters: &[Filter],
) -> Result<Value, ApiError> {
    let eips = all::<ElasticIp>(world);
    let items: Vec<AddressRow> = eips.iter().map(|&e| address(world, e)).collect();
    for id in allocation_ids {
        if !items.iter().any(|(a, _, _)| a == id) {
            return Err(ApiError::new(
                "InvalidAllocationID.NotFound",
                format!("The allocation ID '{id}' does not exist"),
            ));
        }
    }
    for ip in public_ips {
        if !items.iter().any(|(_, v, _)| v["PublicIp"] == *ip) {
            return Err(ApiError::new(
                "InvalidAddress.NotFound",
                format!("Address '{ip}' not found."),
            ));
        }
    }
    let mut out = vec![];
    for (id, item, fields) in items {
        let named = allocation_ids.contains(&id)
            || public_ips.iter().any(|ip| item["PublicIp"] == *ip.as_str());
        if (!allocation_ids.is_empty() || !public_ips.is_empty()) && !named {
            continue;
        }
        let field = |n: &str| -> Option<Vec<String>> {
            if n == "domain" {
                return Some(vec!["vpc".into()]);
            }
            if n.starts_with("tag:") {
                return Some(vec![]);
            }
            let known = [
                "allocation-id",
                "public-ip",
                "instance-id",
                "network-interface-id",
                "private-ip-address",
                "association-id",
            ];
            known.contains(&n).then(|| {
                fields
                    .iter()
                    .filter(|(k, _)| *k == n)
                    .map(|(_, v)| v.clone())
                    .collect()
            })
        };
        if passes(filters, &field)? {
            out.push(item);
        }
    }
    Ok(json!({ "Addresses": out }))
}

/// An Elastic IP's allocation id, its `Addresses[]` item and its filterable fields.
type AddressRow = (String, Value, Vec<(&'static str, String)>);

/// One `Addresses[]` item, its allocation id, and its filterable fields.
fn address(world: &World, e: Entity) -> AddressRow {
    let eip = world.get::<ElasticIp>(e).expect("an Elastic IP");
    let id = id_of(world, e);
    let mut v = json!({
        "AllocationId": id,
        "PublicIp": eip.public_ip,
        "Domain": "vpc",
        "PublicIpv4Pool": "amazon",
        "NetworkBorderGroup": "us-east-1",
        "Tags": tags(world, e, &[]),
    });
    let mut fields = vec![
        ("allocation-id", id.clone()),
        ("public-ip", eip.public_ip.clone()),
    ];
    let instance = eip.instance.and_then(|i| {
        world
            .get::<Instance>(i)
            .filter(|x| x.alive())
            .map(|x| (i, x))
    });
    if let Some((i, inst)) = instance {
        v["InstanceId"] = json!(id_of(world, i));
        v["PrivateIpAddress"] = json!(inst.private_ip);
        fields.push(("instance-id", id_of(world, i)));
        fields.push(("private-ip-address", inst.private_ip.clone()));
    }
    let on_interface = world
        .get::<AddressOnInterface>(e)
        .filter(|a| world.get::<NetworkInterface>(a.interface).is_some());
    if let Some(a) = on_interface {
        let eni = id_of(world, a.interface);
        v["NetworkInterfaceId"] = json!(eni);
        v["NetworkInterfaceOwnerId"] = json!(ACCOUNT_ID);
        fields.push(("network-interface-id", eni));
        if let Some(ip) = &a.private_ip {
            v["PrivateIpAddress"] = json!(ip);
            fields.push(("private-ip-address", ip.clone()));
        }
    }
    (id, v, fields)
}

/// `describe-instance-attribute --attribute …`: one attribute, as `{"Value": …}`.
pub(super) fn instance_attribute(
    world: &World,
    instance_id: &str,
    attribute: &str,
) -> Result<Value, ApiError> {
    let e = find::<Instance>(world, instance_id).ok_or_else(|| {
        ApiError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance ID '{instance_id}' does not exist"),
        )
    })?;
    let i = world.get::<Instance>(e).expect("an instance");
    let value = match attribute {
        "instanceType" => ("InstanceType", json!({"Value": i.instance_type})),
        "userData" => ("UserData", json!({"Value": base64(i.user_data.as_bytes())})),
        "disableApiTermination" => (
            "DisableApiTermination",
            json!({"Value": world.get::<TerminationProtected>(e).is_some()}),
        ),
        "sourceDestCheck" => (
            "SourceDestCheck",
            json!({"Value": world.get::<SourceDestCheckOff>(e).is_none()}),
        ),
        "sriovNetSupport" => (
            "SriovNetSupport",
            if world.get::<EnhancedNetworking>(e).is_some() {
                json!({"Value": "simple"})
            } else {
                json!({})
            },
        ),
        "groupSet" => (
            "Groups",
            Value::Array(
                i.security_groups
                    .iter()
                    .map(|&g| json!({"GroupId": id_of(world, g)}))
                    .collect(),
            ),
        ),
        other => {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Value ({other}) for parameter attribute is invalid. GameDay models \
                     instanceType, userData, groupSet, disableApiTermination, sourceDestCheck \
                     and sriovNetSupport (it has no EBS volumes, kernels or ramdisks)"
                ),
            ));
        }
    };
    let mut body = json!({ "InstanceId": instance_id });
    body[value.0] = value.1;
    Ok(body)
}
