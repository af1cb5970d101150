//! EC2 calls: instances, subnets, network interfaces, security groups, routes, Elastic IPs,
//! launch templates.

use crate::data::cidr::{Cidr, format_ipv4, parse_ipv4};
use crate::sim::command::{
    AddressTarget, IngressRule, IngressSource, LaunchTemplateData, LaunchTemplateSpec,
};
use crate::sim::command::{ApiError, ApiResponse, ApiResult, Command, Principal};
use crate::sim::ids::IdRegistry;
use crate::sim::instance_attributes::TerminationProtected;
use crate::sim::model::*;
use crate::sim::userdata::plan_boot;
use crate::sim::world::*;
use bevy::prelude::*;

pub(super) fn execute(world: &mut World, principal: &Principal, command: &Command) -> ApiResult {
    use Command as C;
    match command {
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
            let from_template = match launch_template {
                Some(spec) => Some(resolve_template_version(world, spec)?),
                None => None,
            };
            let version = from_template.as_ref().map(|(_, v)| v.clone());
            let image = image_id
                .clone()
                .or_else(|| version.as_ref().map(|v| v.image_id.clone()));
            if image.as_deref().is_none_or(str::is_empty) {
                return Err(ApiError::new(
                    "MissingParameter",
                    "The request must contain the parameter ImageId",
                ));
            }
            let itype = instance_type
                .clone()
                .or_else(|| {
                    version
                        .as_ref()
                        .map(|v| v.instance_type.clone())
                        .filter(|t| !t.is_empty())
                })
                .unwrap_or_else(|| "m1.small".into());
            if world.resource::<Catalog>().get(&itype).is_none() {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid value '{itype}' for InstanceType."),
                ));
            }
            let Some(subnet_id) = subnet_id else {
                return Err(ApiError::new(
                    "VPCIdNotSpecified",
                    "No default VPC for this user. Please specify a subnet (--subnet-id).",
                ));
            };
            let subnet = resolve_subnet(world, subnet_id)?;
            let group_ids = if security_group_ids.is_empty() {
                version
                    .as_ref()
                    .map(|v| v.security_group_ids.clone())
                    .unwrap_or_default()
            } else {
                security_group_ids.clone()
            };
            let groups = resolve_groups(world, &group_ids)?;
            if *count == 0 {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    "Value (0) for parameter count is invalid.",
                ));
            }
            let quota = u64::from(scenario(world).account.running_on_demand_vcpus);
            let per = u64::from(
                world
                    .resource::<Catalog>()
                    .get(&itype)
                    .map_or(1, |t| t.vcpus),
            );
            let batched = world
                .get_resource::<LaunchBatch>()
                .map(|b| (b.vcpus_in_use, b.subnets_counted));
            let in_use = match batched {
                Some((Some(v), _)) => v,
                _ => running_vcpus(world),
            };
            if in_use + per * u64::from(*count) > quota {
                return Err(ApiError::new(
                    "VcpuLimitExceeded",
                    format!(
                        "You have requested more vCPU capacity than your current vCPU limit of \
                         {quota} allows for the instance bucket that the specified instance \
                         type belongs to. Please visit \
                         http://aws.amazon.com/contact-us/ec2-request to request an \
                         adjustment to this limit."
                    ),
                ));
            }
            if batched.is_none_or(|(_, counted)| !counted) {
                recount_subnets(world);
            }
            if let Some(mut b) = world.get_resource_mut::<LaunchBatch>() {
                b.vcpus_in_use = Some(in_use);
                b.subnets_counted = true;
            }
            let free = world.get::<Subnet>(subnet).map(|s| s.free()).unwrap_or(0);
            if free < *count {
                return Err(ApiError::new(
                    "InsufficientFreeAddressesInSubnet",
                    format!(
                        "There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances ({count} requested, {free} free)."
                    ),
                ));
            }
            let script = user_data
                .clone()
                .or_else(|| version.as_ref().map(|v| v.user_data.clone()))
                .unwrap_or_default();
            let app = scenario(world).app.clone();
            let timings = scenario(world).timings.clone();
            let boot = plan_boot(&script, &app);
            let t = now(world);
            let cidr = world.get::<Subnet>(subnet).map(|s| s.cidr).unwrap();
            let used = world.get::<Subnet>(subnet).map(|s| s.used).unwrap();
            let mut ids = Vec::new();
            for k in 0..*count {
                let id = world.resource_mut::<IdRegistry>().new_id("i");
                let ip = format_ipv4(cidr.host((used + k) % cidr.usable().max(1)));
                let label = name.clone().unwrap_or_else(|| id.clone());
                let instance = Instance {
                    instance_type: itype.clone(),
                    catalog_index: world.resource::<Catalog>().index_of(&itype),
                    subnet,
                    private_ip: ip,
                    security_groups: groups.as_slice().into(),
                    state: InstanceState::Pending,
                    state_since: t,
                    state_until: t + timings.instance_pending,
                    launched_at: t,
                    template: from_template.as_ref().map(|(e, v)| (*e, v.number)),
                    user_data: script.clone(),
                    boot: boot.clone(),
                    asg: None,
                    protected_from_scale_in: false,
                };
                spawn_resource(
                    world,
                    id.clone(),
                    &label,
                    principal,
                    (instance, InstanceLoad::default()),
                );
                ids.push(id);
            }
            // in a batch of launches the counts follow the new instances (Pending: they hold
            // an address and count against the vCPU quota), as a recount would find them
            if let Some(mut b) = world.get_resource_mut::<LaunchBatch>() {
                b.vcpus_in_use = Some(in_use + per * u64::from(*count));
                if let Some(mut s) = world.get_mut::<Subnet>(subnet) {
                    s.used += *count;
                }
            }
            Ok(ApiResponse::ids(ids))
        }
        C::TerminateInstances { instance_ids } => {
            let mut es = Vec::new();
            for id in instance_ids {
                let e = find::<Instance>(world, id).ok_or_else(|| {
                    ApiError::new(
                        "InvalidInstanceID.NotFound",
                        format!("The instance ID '{id}' does not exist"),
                    )
                })?;
                // Auto Scaling terminates protected instances anyway, as on AWS
                if world.get::<TerminationProtected>(e).is_some()
                    && *principal != Principal::AutoScaling
                {
                    return Err(ApiError::new(
                        "OperationNotPermitted",
                        format!(
                            "The instance '{id}' may not be terminated. Modify its \
                             'disableApiTermination' instance attribute and try again."
                        ),
                    ));
                }
                es.push(e);
            }
            let t = now(world);
            let shutdown = scenario(world).timings.instance_shutdown;
            for e in es {
                let mut i = world.get_mut::<Instance>(e).unwrap();
                if i.alive() {
                    i.state = InstanceState::ShuttingDown;
                    i.state_since = t;
                    i.state_until = t + shutdown;
                }
            }
            Ok(ApiResponse::ids(instance_ids.clone()))
        }
        C::CreateSubnet {
            vpc_id,
            cidr_block,
            availability_zone,
            name,
        } => {
            let vpc = find::<Vpc>(world, vpc_id).ok_or_else(|| {
                ApiError::new(
                    "InvalidVpcID.NotFound",
                    format!("The vpc ID '{vpc_id}' does not exist"),
                )
            })?;
            let cidr = Cidr::parse(cidr_block).map_err(|_| {
                ApiError::new(
                    "InvalidParameterValue",
                    format!("Value ({cidr_block}) for parameter cidrBlock is invalid. This is not a valid CIDR block."),
                )
            })?;
            let vpc_cidr = world.get::<Vpc>(vpc).unwrap().cidr;
            if !(16..=28).contains(&cidr.prefix) || !vpc_cidr.contains(cidr) {
                return Err(ApiError::new(
                    "InvalidSubnet.Range",
                    format!(
                        "The CIDR '{cidr_block}' is invalid. Subnets must be between /16 and /28 and inside the VPC's {vpc_cidr}."
                    ),
                ));
            }
            let subnets = all::<Subnet>(world);
            let quota = scenario(world).account.subnets_per_vpc as usize;
            let in_vpc = subnets
                .iter()
                .filter(|&&s| world.get::<Subnet>(s).is_some_and(|x| x.vpc == vpc))
                .count();
            if in_vpc >= quota {
                return Err(ApiError::new(
                    "SubnetLimitExceeded",
                    "The maximum number of subnets has been reached.",
                ));
            }
            if subnets
                .iter()
                .any(|&s| world.get::<Subnet>(s).unwrap().cidr.overlaps(cidr))
            {
                return Err(ApiError::new(
                    "InvalidSubnet.Conflict",
                    format!("The CIDR '{cidr_block}' conflicts with another subnet"),
                ));
            }
            let azs = scenario(world).availability_zones.clone();
            let az = match availability_zone {
                Some(az) if azs.contains(az) => az.clone(),
                Some(az) => {
                    return Err(ApiError::new(
                        "InvalidParameterValue",
                        format!(
                            "Value ({az}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.",
                            azs.join(", ")
                        ),
                    ));
                }
                None => azs
                    .iter()
                    .min_by_key(|az| {
                        subnets
                            .iter()
                            .filter(|&&s| &world.get::<Subnet>(s).unwrap().az == *az)
                            .count()
                    })
                    .cloned()
                    .unwrap_or_default(),
            };
            let id = world.resource_mut::<IdRegistry>().new_id("subnet");
            let label = name.clone().unwrap_or_else(|| id.clone());
            let subnet = Subnet {
                vpc,
                cidr,
                az,
                route_table: None,
                used: 0,
                public: false,
            };
            spawn_resource(world, id.clone(), &label, principal, subnet);
            recount_subnets(world);
            Ok(ApiResponse::one(id))
        }
        C::DeleteSubnet { subnet_id } => {
            let subnet = resolve_subnet(world, subnet_id)?;
            recount_subnets(world);
            if world.get::<Subnet>(subnet).unwrap().used > 0 {
                return Err(ApiError::new(
                    "DependencyViolation",
                    format!("The subnet '{subnet_id}' has dependencies and cannot be deleted."),
                ));
            }
            despawn_resource(world, subnet);
            Ok(ApiResponse::one(subnet_id.clone()))
        }
        C::CreateNetworkInterface {
            subnet_id,
            secondary_ip_count,
            description,
        } => {
            let subnet = resolve_subnet(world, subnet_id)?;
            recount_subnets(world);
            let need = 1 + secondary_ip_count;
            let free = world.get::<Subnet>(subnet).unwrap().free();
            if free < need {
                return Err(ApiError::new(
                    "InsufficientFreeAddressesInSubnet",
                    format!(
                        "Subnet '{subnet_id}' has {free} free addresses; the interface needs {need}."
                    ),
                ));
            }
            let id = world.resource_mut::<IdRegistry>().new_id("eni");
            let s = world.get::<Subnet>(subnet).unwrap();
            let private_ips = (0..need)
                .map(|k| format_ipv4(s.cidr.host((s.used + k) % s.cidr.usable().max(1))))
                .collect();
            let ni = NetworkInterface {
                subnet,
                addresses: need,
                description: description.clone().unwrap_or_default(),
                private_ips,
            };
            spawn_resource(
                world,
                id.clone(),
                description.as_deref().unwrap_or("eni"),
                principal,
                ni,
            );
            recount_subnets(world);
            Ok(ApiResponse::one(id))
        }
        C::DeleteNetworkInterface {
            network_interface_id,
        } => {
            let e = find_interface(world, network_interface_id)?;
            despawn_resource(world, e);
            recount_subnets(world);
            Ok(ApiResponse::one(network_interface_id.clone()))
        }
        C::CreateSecurityGroup {
            group_name,
            description,
            vpc_id,
        } => {
            let vpc = match vpc_id {
                Some(v) => find::<Vpc>(world, v).ok_or_else(|| {
                    ApiError::new(
                        "InvalidVpcID.NotFound",
                        format!("The vpc ID '{v}' does not exist"),
                    )
                })?,
                None => the_vpc(world).ok_or_else(|| {
                    ApiError::new("VPCIdNotSpecified", "No default VPC for this user")
                })?,
            };
            let groups = all::<SecurityGroup>(world);
            if groups
                .iter()
                .any(|&g| world.get::<SecurityGroup>(g).unwrap().group_name == *group_name)
            {
                let vpc_id = id_of(world, vpc);
                return Err(ApiError::new(
                    "InvalidGroup.Duplicate",
                    format!("The security group '{group_name}' already exists for VPC '{vpc_id}'"),
                ));
            }
            let id = world.resource_mut::<IdRegistry>().new_id("sg");
            let sg = SecurityGroup {
                vpc,
                group_name: group_name.clone(),
                description: description.clone(),
                rules: vec![],
            };
            spawn_resource(world, id.clone(), group_name, principal, sg);
            Ok(ApiResponse::one(id))
        }
        C::AuthorizeSecurityGroupIngress { group_id, rules } => {
            let g = find_group(world, group_id)?;
            let quota = scenario(world).account.rules_per_security_group as usize;
            if world.get::<SecurityGroup>(g).unwrap().rules.len() + rules.len() > quota {
                return Err(ApiError::new(
                    "RulesPerSecurityGroupLimitExceeded",
                    "The maximum number of rules per security group has been reached.",
                ));
            }
            for rule in rules {
                check_rule(world, rule)?;
                if world.get::<SecurityGroup>(g).unwrap().rules.contains(rule) {
                    return Err(ApiError::new(
                        "InvalidPermission.Duplicate",
                        format!(
                            "the specified rule \"{}\" already exists",
                            describe_rule(rule)
                        ),
                    ));
                }
            }
            world
                .get_mut::<SecurityGroup>(g)
                .unwrap()
                .rules
                .extend(rules.iter().cloned());
            Ok(ApiResponse::one(group_id.clone()))
        }
        C::RevokeSecurityGroupIngress { group_id, rules } => {
            let g = find_group(world, group_id)?;
            for rule in rules {
                if !world.get::<SecurityGroup>(g).unwrap().rules.contains(rule) {
                    return Err(ApiError::new(
                        "InvalidPermission.NotFound",
                        format!(
                            "The specified rule \"{}\" does not exist in this security group.",
                            describe_rule(rule)
                        ),
                    ));
                }
            }
            world
                .get_mut::<SecurityGroup>(g)
                .unwrap()
                .rules
                .retain(|r| !rules.contains(r));
            Ok(ApiResponse::one(group_id.clone()))
        }
        C::CreateRoute {
            route_table_id,
            destination_cidr_block,
            gateway_id,
        } => {
            let rt = find_route_table(world, route_table_id)?;
            let dest = parse_route_cidr(destination_cidr_block)?;
            if gateway_id.is_empty() {
                return Err(ApiError::new(
                    "MissingParameter",
                    "The request must contain exactly one of gatewayId, natGatewayId, \
                     vpcPeeringConnectionId, instanceId or networkInterfaceId",
                ));
            }
            if find::<InternetGateway>(world, gateway_id).is_none() {
                // the estate has internet gateways only: other targets are not found
                let (code, what) = match gateway_id.split('-').next() {
                    Some("nat") => ("InvalidNatGatewayID.NotFound", "NatGateway"),
                    Some("pcx") => (
                        "InvalidVpcPeeringConnectionID.NotFound",
                        "vpcPeeringConnection",
                    ),
                    _ => ("InvalidGatewayID.NotFound", "gateway"),
                };
                return Err(ApiError::new(
                    code,
                    format!("The {what} ID '{gateway_id}' does not exist"),
                ));
            }
            if world
                .get::<RouteTable>(rt)
                .unwrap()
                .routes
                .iter()
                .any(|r| r.destination == dest)
            {
                return Err(ApiError::new(
                    "RouteAlreadyExists",
                    format!("The route identified by {destination_cidr_block} already exists."),
                ));
            }
            world.get_mut::<RouteTable>(rt).unwrap().routes.push(Route {
                destination: dest,
                target: gateway_id.clone(),
            });
            recount_subnets(world);
            Ok(ApiResponse::one(route_table_id.clone()))
        }
        C::DeleteRoute {
            route_table_id,
            destination_cidr_block,
        } => {
            let rt = find_route_table(world, route_table_id)?;
            let dest = parse_route_cidr(destination_cidr_block)?;
            let mut table = world.get_mut::<RouteTable>(rt).unwrap();
            let before = table.routes.len();
            table
                .routes
                .retain(|r| r.destination != dest || r.target == "local");
            if table.routes.len() == before {
                return Err(ApiError::new(
                    "InvalidRoute.NotFound",
                    format!(
                        "no route with destination-cidr-block {destination_cidr_block} in route table {route_table_id}"
                    ),
                ));
            }
            recount_subnets(world);
            Ok(ApiResponse::one(route_table_id.clone()))
        }
        C::AssociateRouteTable {
            route_table_id,
            subnet_id,
        } => {
            let rt = find_route_table(world, route_table_id)?;
            let subnet = resolve_subnet(world, subnet_id)?;
            world.get_mut::<Subnet>(subnet).unwrap().route_table = Some(rt);
            recount_subnets(world);
            let id = world.resource_mut::<IdRegistry>().new_id("rtbassoc");
            Ok(ApiResponse::one(id))
        }
        C::AllocateAddress => {
            let quota = scenario(world).account.elastic_ips as usize;
            if all::<ElasticIp>(world).len() >= quota {
                return Err(ApiError::new(
                    "AddressLimitExceeded",
                    "The maximum number of addresses has been reached.",
                ));
            }
            let id = world.resource_mut::<IdRegistry>().new_id("eipalloc");
            let ip = world.resource_mut::<IdRegistry>().new_public_ip();
            spawn_resource(
                world,
                id.clone(),
                &ip.clone(),
                principal,
                ElasticIp {
                    public_ip: ip,
                    instance: None,
                },
            );
            Ok(ApiResponse::one(id))
        }
        C::AssociateAddress {
            allocation_id,
            target:
                AddressTarget::NetworkInterface {
                    network_interface_id,
                    private_ip_address,
                },
        } => {
            let eip = find_eip(world, allocation_id)?;
            let eni = find_interface(world, network_interface_id)?;
            if let Some(ip) = private_ip_address {
                let subnet = world.get::<NetworkInterface>(eni).unwrap().subnet;
                let cidr = world.get::<Subnet>(subnet).map(|s| s.cidr);
                let inside = parse_ipv4(ip)
                    .zip(cidr)
                    .is_some_and(|(a, c)| c.contains_addr(a));
                if !inside {
                    return Err(ApiError::new(
                        "InvalidParameterValue",
                        format!(
                            "The private IP address {ip} is not associated with the network \
                             interface {network_interface_id}."
                        ),
                    ));
                }
            }
            world.get_mut::<ElasticIp>(eip).unwrap().instance = None;
            world.entity_mut(eip).insert(AddressOnInterface {
                interface: eni,
                private_ip: private_ip_address.clone(),
            });
            let id = world.resource_mut::<IdRegistry>().new_id("eipassoc");
            Ok(ApiResponse::one(id))
        }
        C::AssociateAddress {
            allocation_id,
            target: AddressTarget::Instance(instance_id),
        } => {
            let eip = find_eip(world, allocation_id)?;
            let inst = find::<Instance>(world, instance_id).ok_or_else(|| {
                ApiError::new(
                    "InvalidInstanceID.NotFound",
                    format!("The instance ID '{instance_id}' does not exist"),
                )
            })?;
            if !world.get::<Instance>(inst).unwrap().alive() {
                return Err(ApiError::new(
                    "IncorrectInstanceState",
                    format!(
                        "The instance '{instance_id}' is not in a valid state for this operation."
                    ),
                ));
            }
            world.get_mut::<ElasticIp>(eip).unwrap().instance = Some(inst);
            world.entity_mut(eip).remove::<AddressOnInterface>();
            let id = world.resource_mut::<IdRegistry>().new_id("eipassoc");
            Ok(ApiResponse::one(id))
        }
        C::ReleaseAddress { allocation_id } => {
            let eip = find_eip(world, allocation_id)?;
            let e = world.get::<ElasticIp>(eip).unwrap().clone();
            if e.instance
                .is_some_and(|i| world.get::<Instance>(i).is_some_and(|i| i.alive()))
            {
                return Err(ApiError::new(
                    "InvalidIPAddress.InUse",
                    format!("Address {} is in use.", e.public_ip),
                ));
            }
            despawn_resource(world, eip);
            Ok(ApiResponse::one(allocation_id.clone()))
        }
        C::CreateLaunchTemplate {
            launch_template_name,
            version_description,
            data,
        } => {
            if find_template(world, launch_template_name).is_ok() {
                return Err(ApiError::new(
                    "InvalidLaunchTemplateName.AlreadyExistsException",
                    format!("Launch template name already in use: {launch_template_name}."),
                ));
            }
            let version = build_version(world, principal, 1, version_description, data, None)?;
            let id = world.resource_mut::<IdRegistry>().new_short_id("lt");
            let lt = LaunchTemplate {
                name: launch_template_name.clone(),
                versions: vec![version],
                default_version: 1,
            };
            spawn_resource(world, id.clone(), launch_template_name, principal, lt);
            Ok(ApiResponse::one(id))
        }
        C::CreateLaunchTemplateVersion {
            launch_template,
            source_version,
            version_description,
            data,
        } => {
            let lt = find_template(world, launch_template)?;
            let template = world.get::<LaunchTemplate>(lt).unwrap().clone();
            let source = match source_version {
                Some(sel) => Some(template.resolve(sel).cloned().ok_or_else(|| {
                    ApiError::new(
                        "InvalidLaunchTemplateId.VersionNotFound",
                        format!(
                            "Could not find launch template version {sel} of {launch_template}."
                        ),
                    )
                })?),
                None => None,
            };
            let number = template.latest() + 1;
            let version = build_version(
                world,
                principal,
                number,
                version_description,
                data,
                source.as_ref(),
            )?;
            world
                .get_mut::<LaunchTemplate>(lt)
                .unwrap()
                .versions
                .push(version);
            Ok(ApiResponse::ids(vec![id_of(world, lt), number.to_string()]))
        }
        C::ModifyLaunchTemplate {
            launch_template,
            default_version,
        } => {
            let lt = find_template(world, launch_template)?;
            let template = world.get::<LaunchTemplate>(lt).unwrap();
            let Some(v) = template.resolve(default_version).map(|v| v.number) else {
                return Err(ApiError::new(
                    "InvalidLaunchTemplateId.VersionNotFound",
                    format!(
                        "Could not find launch template version {default_version} of {launch_template}."
                    ),
                ));
            };
            world.get_mut::<LaunchTemplate>(lt).unwrap().default_version = v;
            Ok(ApiResponse::one(id_of(world, lt)))
        }
        _ => unreachable!("not an EC2 command"),
    }
}

/// A security group by id, or by name (`--group-name`).
fn find_group(world: &World, id: &str) -> Result<Entity, ApiError> {
    if id.is_empty() {
        return Err(ApiError::new(
            "MissingParameter",
            "The request must contain the parameter groupId or groupName",
        ));
    }
    let by_name = || {
        let mut q = world.try_query::<(Entity, &SecurityGroup)>()?;
        let mut found: Vec<(Entity, u32)> = q
            .iter(world)
            .filter(|(_, g)| g.group_name == id)
            .map(|(e, _)| (e, e.index_u32()))
            .collect();
        // the oldest of equal names, whatever the query's order
        found.sort_by_key(|(_, i)| *i);
        found.first().map(|(e, _)| *e)
    };
    if !id.starts_with("sg-")
        && let Some(e) = by_name()
    {
        return Ok(e);
    }
    find::<SecurityGroup>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidGroup.NotFound",
            format!("The security group '{id}' does not exist"),
        )
    })
}

fn find_route_table(world: &World, id: &str) -> Result<Entity, ApiError> {
    find::<RouteTable>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidRouteTableID.NotFound",
            format!("The routeTable ID '{id}' does not exist"),
        )
    })
}

/// An Elastic IP by allocation id, or by its address (`--public-ip`).
fn find_eip(world: &World, id: &str) -> Result<Entity, ApiError> {
    if id.is_empty() {
        return Err(ApiError::new(
            "MissingParameter",
            "Either public IP or allocation id must be specified",
        ));
    }
    if !id.starts_with("eipalloc-") && id.contains('.') {
        let mut q = world.try_query::<(Entity, &ElasticIp)>();
        let found = q.as_mut().and_then(|q| {
            q.iter(world)
                .find(|(_, e)| e.public_ip == id)
                .map(|(e, _)| e)
        });
        return found.ok_or_else(|| {
            ApiError::new(
                "InvalidAddress.NotFound",
                format!("Address {id} not found."),
            )
        });
    }
    find::<ElasticIp>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidAllocationID.NotFound",
            format!("The allocation ID '{id}' does not exist"),
        )
    })
}

fn parse_route_cidr(text: &str) -> Result<Cidr, ApiError> {
    Cidr::parse(text).map_err(|_| {
        ApiError::new(
            "InvalidParameterValue",
            format!("Value ({text}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block."),
        )
    })
}

fn check_rule(world: &World, rule: &IngressRule) -> Result<(), ApiError> {
    match &rule.source {
        IngressSource::Cidr(c) => {
            Cidr::parse(c).map_err(|_| {
                ApiError::new(
                    "InvalidParameterValue",
                    format!("CIDR block {c} is malformed"),
                )
            })?;
        }
        IngressSource::Group(g) => {
            find_group(world, g)?;
        }
    }
    if rule.from_port > rule.to_port {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!(
                "Invalid port range: from port {} is above to port {}",
                rule.from_port, rule.to_port
            ),
        ));
    }
    Ok(())
}

pub(crate) fn describe_rule(rule: &IngressRule) -> String {
    let peer = match &rule.source {
        IngressSource::Cidr(c) => c.clone(),
        IngressSource::Group(g) => g.clone(),
    };
    format!(
        "peer: {peer}, {}, from port: {}, to port: {}, ALLOW",
        rule.protocol.to_uppercase(),
        rule.from_port,
        rule.to_port
    )
}

/// A launch template by `lt-…` id or by name.
pub(crate) fn find_template(world: &mut World, id_or_name: &str) -> Result<Entity, ApiError> {
    if id_or_name.starts_with("lt-") {
        return find::<LaunchTemplate>(world, id_or_name).ok_or_else(|| {
            ApiError::new(
                "InvalidLaunchTemplateId.NotFound",
                format!(
                    "The specified launch template, with template ID {id_or_name}, does not exist."
                ),
            )
        });
    }
    all::<LaunchTemplate>(world)
        .into_iter()
        .find(|&e| world.get::<LaunchTemplate>(e).unwrap().name == id_or_name)
        .ok_or_else(|| {
            ApiError::new(
                "InvalidLaunchTemplateName.NotFoundException",
                format!("The specified launch template, with template name {id_or_name}, does not exist."),
            )
        })
}

pub(crate) fn resolve_template_version(
    world: &mut World,
    spec: &LaunchTemplateSpec,
) -> Result<(Entity, LaunchTemplateVersion), ApiError> {
    let lt = find_template(world, &spec.id_or_name)?;
    let v = world
        .get::<LaunchTemplate>(lt)
        .unwrap()
        .resolve(&spec.version)
        .cloned()
        .ok_or_else(|| {
            ApiError::new(
                "InvalidLaunchTemplateId.VersionNotFound",
                format!(
                    "Could not find launch template version {} of {}.",
                    spec.version, spec.id_or_name
                ),
            )
        })?;
    Ok((lt, v))
}

/// A new version: the given data over the source version's (AWS copies nothing without a source).
fn build_version(
    world: &World,
    principal: &Principal,
    number: u32,
    description: &Option<String>,
    data: &LaunchTemplateData,
    source: Option<&LaunchTemplateVersion>,
) -> Result<LaunchTemplateVersion, ApiError> {
    let pick = |given: &Option<String>, inherited: Option<&String>| {
        given
            .clone()
            .or_else(|| inherited.cloned())
            .unwrap_or_default()
    };
    let instance_type = pick(&data.instance_type, source.map(|s| &s.instance_type));
    if !instance_type.is_empty() && world.resource::<Catalog>().get(&instance_type).is_none() {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Invalid value '{instance_type}' for InstanceType."),
        ));
    }
    let security_group_ids = data
        .security_group_ids
        .clone()
        .or_else(|| source.map(|s| s.security_group_ids.clone()))
        .unwrap_or_default();
    resolve_groups(world, &security_group_ids)?;
    Ok(LaunchTemplateVersion {
        number,
        description: description.clone().unwrap_or_default(),
        image_id: pick(&data.image_id, source.map(|s| &s.image_id)),
        instance_type,
        security_group_ids,
        user_data: pick(&data.user_data, source.map(|s| &s.user_data)),
        created_by: principal.arn(),
    })
}

/// vCPUs of the On-Demand instances that count against the account's quota: pending,
/// booting or running.
fn running_vcpus(world: &mut World) -> u64 {
    let mut q = world.query::<&Instance>();
    let catalog = world.resource::<Catalog>();
    q.iter(world)
        .filter(|i| {
            matches!(
                i.state,
                InstanceState::Pending | InstanceState::Booting | InstanceState::Running
            )
        })
        .map(|i| u64::from(catalog.get(&i.instance_type).map_or(1, |t| t.vcpus)))
        .sum()
}

/// What `--dry-run` checks of an EC2 call beyond the credentials: the resources it names
/// exist (the first missing one fails with EC2's own error); a launch template's version
/// resolves; an instance type is one EC2 sells.
pub(super) fn dry_run_check(world: &mut World, command: &Command) -> Result<(), ApiError> {
    use Command as C;
    let instances = |world: &World, ids: &[String]| -> Result<(), ApiError> {
        for id in ids {
            if find::<Instance>(world, id).is_none() {
                return Err(ApiError::new(
                    "InvalidInstanceID.NotFound",
                    format!("The instance ID '{id}' does not exist"),
                ));
            }
        }
        Ok(())
    };
    let vpc = |world: &World, id: &str| -> Result<(), ApiError> {
        find::<Vpc>(world, id).map(|_| ()).ok_or_else(|| {
            ApiError::new(
                "InvalidVpcID.NotFound",
                format!("The vpc ID '{id}' does not exist"),
            )
        })
    };
    match command {
        C::RunInstances {
            instance_type,
            subnet_id,
            security_group_ids,
            launch_template,
            ..
        } => {
            if let Some(spec) = launch_template {
                resolve_template_version(world, spec)?;
            }
            if let Some(itype) = instance_type
                && world.resource::<Catalog>().get(itype).is_none()
            {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid value '{itype}' for InstanceType."),
                ));
            }
            if let Some(s) = subnet_id {
                resolve_subnet(world, s)?;
            }
            resolve_groups(world, security_group_ids)?;
        }
        C::TerminateInstances { instance_ids }
        | C::StopInstances { instance_ids }
        | C::StartInstances { instance_ids } => instances(world, instance_ids)?,
        C::ModifyInstanceAttribute { instance_id, .. } => {
            instances(world, std::slice::from_ref(instance_id))?
        }
        C::CreateSubnet { vpc_id, .. } => vpc(world, vpc_id)?,
        C::CreateSecurityGroup {
            vpc_id: Some(id), ..
        } => vpc(world, id)?,
        C::DeleteSubnet { subnet_id } | C::CreateNetworkInterface { subnet_id, .. } => {
            resolve_subnet(world, subnet_id).map(|_| ())?
        }
        C::AuthorizeSecurityGroupIngress { group_id, .. }
        | C::RevokeSecurityGroupIngress { group_id, .. } => {
            find_group(world, group_id)?;
        }
        C::CreateRoute { route_table_id, .. } | C::DeleteRoute { route_table_id, .. } => {
            find_route_table(world, route_table_id)?;
        }
        C::AssociateRouteTable {
            route_table_id,
            subnet_id,
        } => {
            find_route_table(world, route_table_id)?;
            resolve_subnet(world, subnet_id)?;
        }
        C::AssociateAddress {
            allocation_id,
            target,
        } => {
            find_eip(world, allocation_id)?;
            match target {
                AddressTarget::Instance(id) => instances(world, std::slice::from_ref(id))?,
                AddressTarget::NetworkInterface {
                    network_interface_id,
                    ..
                } => find_interface(world, network_interface_id).map(|_| ())?,
            }
        }
        C::ReleaseAddress { allocation_id } => {
            find_eip(world, allocation_id)?;
        }
        C::CreateLaunchTemplateVersion {
            launch_template, ..
        }
        | C::ModifyLaunchTemplate {
            launch_template, ..
        } => {
            find_template(world, launch_template)?;
        }
        _ => {}
    }
    Ok(())
}

/// A network interface by its `eni-…` id.
fn find_interface(world: &World, id: &str) -> Result<Entity, ApiError> {
    find::<NetworkInterface>(world, id).ok_or_else(|| {
        ApiError::new(
            "InvalidNetworkInterfaceID.NotFound",
            format!("The networkInterface ID '{id}' does not exist"),
        )
    })
}
