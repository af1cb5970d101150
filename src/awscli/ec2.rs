//! `aws ec2`: instances (run, terminate, stop, start, change type), subnets, network
//! interfaces, security groups, routes, Elastic IPs and launch templates — the operation
//! table, the builder to `Command` and the printer back, side by side.

use super::args::{Args, CliError, Context, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, List, Struct, StructList, Text};
use super::spec::{OperationSpec, OptionSpec, ignored, ignored_flag, op, opt, req};
use super::values::{
    as_object, base64_decode, base64_encode, opt_int, opt_objects, opt_str, opt_str_list, req_str,
    shorthand_pairs, shorthand_safe,
};
use crate::sim::command::{
    AddressTarget, Command, Filter, IngressRule, IngressSource, InstanceAttribute,
    LaunchTemplateData, LaunchTemplateSpec, Read,
};
use serde_json::{Map, Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "ec2",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

const INGRESS: &[OptionSpec] = &[
    // one of the two; neither is the service's MissingParameter
    opt("--group-id", Text),
    opt("--group-name", Text),
    opt("--ip-permissions", StructList),
    opt("--protocol", Text),
    opt("--port", Text),
    opt("--cidr", Text),
    opt("--source-group", Text),
];

static OPERATIONS: &[OperationSpec] = &[
    op(
        "run-instances",
        &[
            opt("--image-id", Text),
            opt("--instance-type", Text),
            opt("--count", Text),
            opt("--subnet-id", Text),
            opt("--security-group-ids", List),
            opt("--user-data", Text),
            opt("--launch-template", Struct),
            opt("--tag-specifications", StructList),
            ignored("--key-name", Text),
            // every subnet of the estate that routes to the internet gives public addresses
            ignored_flag(
                "--associate-public-ip-address",
                "--no-associate-public-ip-address",
            ),
            ignored("--block-device-mappings", Text),
            ignored("--credit-specification", Text),
        ],
    ),
    op("terminate-instances", &[req("--instance-ids", List)]),
    op(
        "create-subnet",
        &[
            req("--vpc-id", Text),
            req("--cidr-block", Text),
            opt("--availability-zone", Text),
            opt("--tag-specifications", StructList),
        ],
    ),
    op("delete-subnet", &[req("--subnet-id", Text)]),
    op(
        "create-network-interface",
        &[
            req("--subnet-id", Text),
            opt("--secondary-private-ip-address-count", Int),
            opt("--description", Text),
            ignored("--groups", List),
            ignored("--private-ip-address", Text),
            ignored("--interface-type", Text),
            ignored("--connection-tracking-specification", Text),
        ],
    ),
    op(
        "delete-network-interface",
        &[req("--network-interface-id", Text)],
    ),
    op(
        "create-security-group",
        &[
            req("--group-name", Text),
            req("--description", Text),
            opt("--vpc-id", Text),
        ],
    ),
    op("authorize-security-group-ingress", INGRESS),
    op("revoke-security-group-ingress", INGRESS),
    op(
        "create-route",
        &[
            req("--route-table-id", Text),
            req("--destination-cidr-block", Text),
            // exactly one target; the service checks it (MissingParameter, …NotFound)
            opt("--gateway-id", Text),
            opt("--nat-gateway-id", Text),
            opt("--vpc-peering-connection-id", Text),
        ],
    ),
    op(
        "delete-route",
        &[
            req("--route-table-id", Text),
            req("--destination-cidr-block", Text),
        ],
    ),
    op(
        "associate-route-table",
        &[req("--route-table-id", Text), req("--subnet-id", Text)],
    ),
    op(
        "allocate-address",
        &[
            opt("--domain", Text),
            ignored("--network-border-group", Text),
            ignored("--public-ipv4-pool", Text),
            ignored("--ipam-pool-id", Text),
            ignored("--address", Text),
        ],
    ),
    op(
        "associate-address",
        &[
            req("--allocation-id", Text),
            opt("--instance-id", Text),
            opt("--network-interface-id", Text),
            opt("--private-ip-address", Text),
        ],
    ),
    op(
        "release-address",
        &[opt("--allocation-id", Text), opt("--public-ip", Text)],
    ),
    op(
        "create-launch-template",
        &[
            req("--launch-template-name", Text),
            opt("--version-description", Text),
            req("--launch-template-data", Struct),
        ],
    ),
    op(
        "create-launch-template-version",
        &[
            opt("--launch-template-id", Text),
            opt("--launch-template-name", Text),
            opt("--source-version", Text),
            opt("--version-description", Text),
            req("--launch-template-data", Struct),
        ],
    ),
    op(
        "modify-launch-template",
        &[
            opt("--launch-template-id", Text),
            opt("--launch-template-name", Text),
            req("--default-version", Text),
        ],
    ),
    op(
        "stop-instances",
        &[
            req("--instance-ids", List),
            ignored_flag("--hibernate", "--no-hibernate"),
            ignored_flag("--force", "--no-force"),
        ],
    ),
    op("start-instances", &[req("--instance-ids", List)]),
    op(
        "modify-instance-attribute",
        &[
            req("--instance-id", Text),
            opt("--instance-type", Struct),
            opt("--user-data", Struct),
            opt("--groups", List),
            opt("--disable-api-termination", Struct),
            opt("--source-dest-check", Struct),
            opt("--sriov-net-support", Struct),
            opt("--attribute", Text),
            opt("--value", Text),
            opt("--block-device-mappings", Text),
        ],
    ),
    // ---- reads
    op(
        "describe-addresses",
        &[
            opt("--allocation-ids", List),
            opt("--public-ips", List),
            opt("--filters", StructList),
        ],
    ),
    op(
        "describe-network-interfaces",
        &[
            opt("--network-interface-ids", List),
            opt("--filters", StructList),
        ],
    ),
    op(
        "describe-instance-attribute",
        &[req("--instance-id", Text), req("--attribute", Text)],
    ),
    op(
        "describe-instances",
        &[
            opt("--instance-ids", List),
            opt("--filters", StructList),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-subnets",
        &[
            opt("--subnet-ids", List),
            opt("--filters", StructList),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-security-groups",
        &[
            opt("--group-ids", List),
            opt("--group-names", List),
            opt("--filters", StructList),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-launch-template-versions",
        &[
            opt("--launch-template-id", Text),
            opt("--launch-template-name", Text),
            opt("--versions", List),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "get-console-output",
        &[
            req("--instance-id", Text),
            ignored_flag("--latest", "--no-latest"),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "run-instances" => run_instances(a)?,
        "terminate-instances" => Command::TerminateInstances {
            instance_ids: a.req_list("--instance-ids")?,
        },
        "create-subnet" => Command::CreateSubnet {
            vpc_id: a.req("--vpc-id")?,
            cidr_block: a.req("--cidr-block")?,
            availability_zone: a.text("--availability-zone"),
            name: name_from_tags(a, "--tag-specifications", "subnet")?,
        },
        "delete-subnet" => Command::DeleteSubnet {
            subnet_id: a.req("--subnet-id")?,
        },
        "create-network-interface" => Command::CreateNetworkInterface {
            subnet_id: a.req("--subnet-id")?,
            secondary_ip_count: a.int("--secondary-private-ip-address-count")?.unwrap_or(0),
            description: a.text("--description"),
        },
        "delete-network-interface" => Command::DeleteNetworkInterface {
            network_interface_id: a.req("--network-interface-id")?,
        },
        "create-security-group" => Command::CreateSecurityGroup {
            group_name: a.req("--group-name")?,
            description: a.req("--description")?,
            vpc_id: a.text("--vpc-id"),
        },
        "authorize-security-group-ingress" => Command::AuthorizeSecurityGroupIngress {
            group_id: group(a),
            rules: ingress_rules(a)?,
        },
        "revoke-security-group-ingress" => Command::RevokeSecurityGroupIngress {
            group_id: group(a),
            rules: ingress_rules(a)?,
        },
        "create-route" => Command::CreateRoute {
            route_table_id: a.req("--route-table-id")?,
            destination_cidr_block: a.req("--destination-cidr-block")?,
            gateway_id: [
                "--gateway-id",
                "--nat-gateway-id",
                "--vpc-peering-connection-id",
            ]
            .iter()
            .find_map(|o| a.text(o))
            .unwrap_or_default(),
        },
        "delete-route" => Command::DeleteRoute {
            route_table_id: a.req("--route-table-id")?,
            destination_cidr_block: a.req("--destination-cidr-block")?,
        },
        "associate-route-table" => Command::AssociateRouteTable {
            route_table_id: a.req("--route-table-id")?,
            subnet_id: a.req("--subnet-id")?,
        },
        "allocate-address" => {
            if let Some(d) = a.text("--domain").filter(|d| d != "vpc" && d != "standard") {
                return Err(CliError::param(
                    "--domain",
                    format!("invalid value '{d}': valid values are vpc, standard"),
                ));
            }
            Command::AllocateAddress
        }
        "associate-address" => Command::AssociateAddress {
            allocation_id: a.req("--allocation-id")?,
            target: address_target(a)?,
        },
        "release-address" => Command::ReleaseAddress {
            allocation_id: a
                .text("--allocation-id")
                .or_else(|| a.text("--public-ip"))
                .unwrap_or_default(),
        },
        "create-launch-template" => Command::CreateLaunchTemplate {
            launch_template_name: a.req("--launch-template-name")?,
            version_description: a.text("--version-description"),
            data: template_data(a)?,
        },
        "create-launch-template-version" => Command::CreateLaunchTemplateVersion {
            launch_template: launch_template_id_or_name(a)?,
            source_version: a.text("--source-version"),
            version_description: a.text("--version-description"),
            data: template_data(a)?,
        },
        "modify-launch-template" => Command::ModifyLaunchTemplate {
            launch_template: launch_template_id_or_name(a)?,
            default_version: a.req("--default-version")?,
        },
        "stop-instances" => Command::StopInstances {
            instance_ids: a.req_list("--instance-ids")?,
        },
        "start-instances" => Command::StartInstances {
            instance_ids: a.req_list("--instance-ids")?,
        },
        "modify-instance-attribute" => Command::ModifyInstanceAttribute {
            instance_id: a.req("--instance-id")?,
            attribute: instance_attribute(a)?,
        },
        "describe-instances" => Command::Read(Read::DescribeInstances {
            instance_ids: a.list("--instance-ids")?.unwrap_or_default(),
            filters: filters(a)?,
        }),
        "describe-subnets" => Command::Read(Read::DescribeSubnets {
            subnet_ids: a.list("--subnet-ids")?.unwrap_or_default(),
            filters: filters(a)?,
        }),
        "describe-security-groups" => Command::Read(Read::DescribeSecurityGroups {
            group_ids: a.list("--group-ids")?.unwrap_or_default(),
            group_names: a.list("--group-names")?.unwrap_or_default(),
            filters: filters(a)?,
        }),
        "describe-launch-template-versions" => {
            Command::Read(Read::DescribeLaunchTemplateVersions {
                launch_template: launch_template_id_or_name(a)?,
                versions: a.list("--versions")?.unwrap_or_default(),
            })
        }
        "describe-addresses" => Command::Read(Read::DescribeAddresses {
            allocation_ids: a.list("--allocation-ids")?.unwrap_or_default(),
            public_ips: a.list("--public-ips")?.unwrap_or_default(),
            filters: filters(a)?,
        }),
        "describe-network-interfaces" => Command::Read(Read::DescribeNetworkInterfaces {
            network_interface_ids: a.list("--network-interface-ids")?.unwrap_or_default(),
            filters: filters(a)?,
        }),
        "describe-instance-attribute" => Command::Read(Read::DescribeInstanceAttribute {
            instance_id: a.req("--instance-id")?,
            attribute: a.req("--attribute")?,
        }),
        "get-console-output" => Command::Read(Read::GetConsoleOutput {
            instance_id: a.req("--instance-id")?,
        }),
        _ => return Err(a.not_implemented()),
    })
}

/// `--filters Name=instance-state-name,Values=running,pending …` or the JSON list.
fn filters(a: &Args) -> Result<Vec<Filter>, CliError> {
    if !a.has("--filters") {
        return Ok(vec![]);
    }
    a.each("--filters", |v| {
        let m = as_object(v, "each filter")?;
        Ok(Filter {
            name: req_str(m, "Name")?,
            values: opt_str_list(m, "Values")?.unwrap_or_default(),
        })
    })
}

/// `--filters` as JSON (its `Values` lists read back exactly).
fn filters_option(l: &mut Line, filters: &[Filter]) {
    if filters.is_empty() {
        return;
    }
    let items: Vec<(Option<String>, Value)> = filters
        .iter()
        .map(|f| (None, json!({"Name": f.name, "Values": f.values})))
        .collect();
    l.structures("--filters", &items);
}

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
        launch_template: a.maybe("--launch-template", launch_template_spec)?,
        name: name_from_tags(a, "--tag-specifications", "instance")?,
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
fn name_from_tags(a: &Args, option: &str, resource_type: &str) -> Result<Option<String>, CliError> {
    let read = |spec: &Value| name_tag(spec, resource_type);
    for spec in a.structures(option)?.unwrap_or_default() {
        if let Some(name) = read(&spec).ctx(option)? {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// The `Name` tag of a tag specification for `resource_type`, if it has one.
fn name_tag(spec: &Value, resource_type: &str) -> Result<Option<String>, String> {
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

/// `--instance-type Value=t3.small` (or JSON), or `--attribute instanceType --value t3.small`.
fn instance_attribute(a: &Args) -> Result<InstanceAttribute, CliError> {
    use InstanceAttribute as A;
    let mut given: Vec<A> = vec![];
    if let Some(v) = attribute_value(a, "--instance-type")? {
        given.push(A::InstanceType(v));
    }
    if let Some(v) = attribute_value(a, "--user-data")? {
        given.push(A::UserData(user_data_text(&v).ctx("--user-data")?));
    }
    if let Some(groups) = a.list("--groups")? {
        given.push(A::Groups(groups));
    }
    if let Some(v) = attribute_value(a, "--disable-api-termination")? {
        given.push(A::DisableApiTermination(
            boolean(&v).ctx("--disable-api-termination")?,
        ));
    }
    if let Some(v) = attribute_value(a, "--source-dest-check")? {
        given.push(A::SourceDestCheck(boolean(&v).ctx("--source-dest-check")?));
    }
    if let Some(v) = attribute_value(a, "--sriov-net-support")? {
        given.push(A::SriovNetSupport(v));
    }
    if let Some(name) = a.text("--attribute") {
        let value = a.text("--value").ok_or_else(|| {
            CliError::new(format!(
                "An error occurred (MissingParameter) when calling the \
                 ModifyInstanceAttribute operation: The request must contain the parameter \
                 value for attribute {name}"
            ))
        })?;
        given.push(match name.as_str() {
            "instanceType" => A::InstanceType(value),
            "userData" => A::UserData(user_data_text(&value).ctx("--value")?),
            "disableApiTermination" => A::DisableApiTermination(boolean(&value).ctx("--value")?),
            "sourceDestCheck" => A::SourceDestCheck(boolean(&value).ctx("--value")?),
            "sriovNetSupport" => A::SriovNetSupport(value),
            "groupSet" => A::Groups(value.split(',').map(|g| g.trim().to_string()).collect()),
            other => {
                return Err(CliError::param(
                    "--attribute",
                    format!(
                        "GameDay models instanceType, userData, groupSet, \
                         disableApiTermination, sourceDestCheck and sriovNetSupport, got \
                         '{other}'"
                    ),
                ));
            }
        });
    }
    match given.len() {
        1 => Ok(given.remove(0)),
        0 if a.has("--block-device-mappings") => Err(CliError::param(
            "--block-device-mappings",
            "EBS volumes are not modelled in GameDay (an instance's disk is part of its \
             type), so their DeleteOnTermination cannot be changed",
        )),
        0 => Err(CliError::new(
            "An error occurred (MissingParameter) when calling the ModifyInstanceAttribute \
             operation: No attributes specified.",
        )),
        _ => Err(CliError::new(format!(
            "An error occurred (InvalidParameterCombination) when calling the \
             ModifyInstanceAttribute operation: Fields for multiple attribute types \
             specified: {}",
            given
                .iter()
                .map(|g| g.api_name())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// `--instance-id` or `--network-interface-id` (one of them, as EC2 requires).
fn address_target(a: &Args) -> Result<AddressTarget, CliError> {
    match (a.text("--instance-id"), a.text("--network-interface-id")) {
        (Some(instance), None) if !a.has("--private-ip-address") => {
            Ok(AddressTarget::Instance(instance))
        }
        (None, Some(eni)) => Ok(AddressTarget::NetworkInterface {
            network_interface_id: eni,
            private_ip_address: a.text("--private-ip-address"),
        }),
        (None, None) => Err(CliError::new(
            "An error occurred (MissingParameter) when calling the AssociateAddress operation: \
             Either an instance ID or a network interface ID must be specified",
        )),
        (Some(_), None) => Err(CliError::new(
            "An error occurred (InvalidParameterCombination) when calling the \
             AssociateAddress operation: --private-ip-address names an address of the \
             network interface: give --network-interface-id with it",
        )),
        (Some(_), Some(_)) => Err(CliError::new(
            "An error occurred (InvalidParameterCombination) when calling the \
             AssociateAddress operation: Only one of instance ID or network interface ID \
             may be specified",
        )),
    }
}

/// An `AttributeValue` option: `Value=x`, `{"Value": x}`, or the bare value.
fn attribute_value(a: &Args, name: &str) -> Result<Option<String>, CliError> {
    let Some(text) = a.text(name) else {
        return Ok(None);
    };
    if !text.contains('=') && !super::values::looks_like_json(&text) {
        return Ok(Some(text));
    }
    let v = a.structure(name)?.unwrap_or(Value::Null);
    let m = as_object(&v, "the attribute value").map_err(|e| CliError::param(name, e))?;
    match m.get("Value") {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        _ => Err(CliError::param(name, "expected Value=<value>")),
    }
}

/// `true` or `false`, as the attribute value of a boolean attribute.
fn boolean(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "invalid boolean value '{text}': expected true or false"
        )),
    }
}

/// User data as EC2 takes it (base64), decoded to the script's text.
fn user_data_text(b64: &str) -> Result<String, String> {
    let bytes =
        base64_decode(b64).map_err(|_| "Invalid BASE64 encoding of user data.".to_string())?;
    String::from_utf8(bytes).map_err(|_| "the user data must decode to UTF-8 text".to_string())
}

// ---- security groups

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
        return Ok(a.each("--ip-permissions", ip_permission)?.concat());
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

/// `tcp`/`udp`/`icmp`/`-1`: names lower-cased, `all` and well-known numbers mapped.
fn normalize_protocol(protocol: &str) -> Result<String, String> {
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
fn needs_ports(protocol: &str) -> bool {
    protocol == "tcp" || protocol == "udp"
}

/// A port range from optional bounds; `-1` (or no bounds, where allowed) means 0–65535.
fn port_range(protocol: &str, from: Option<i64>, to: Option<i64>) -> Result<(u16, u16), String> {
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
fn ip_permission(p: &Value) -> Result<Vec<IngressRule>, String> {
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

// ---- launch templates

fn template_data(a: &Args) -> Result<LaunchTemplateData, CliError> {
    a.one("--launch-template-data", launch_template_data)
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

/// `LaunchTemplateData`; its `UserData` is base64 and comes out as text.
fn launch_template_data(v: &Value) -> Result<LaunchTemplateData, String> {
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

/// `LaunchTemplateId=lt-…|LaunchTemplateName=…[,Version=…]`; the version defaults to
/// `$Default`. Auto Scaling groups name their template the same way.
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

// ---------------------------------------------------------------- print

/// Prints an EC2 command as its `aws ec2 …` line; `None` for another service's command.
/// `run-instances --user-data` is the plain text; launch-template user data is base64
/// inside the JSON.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
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
                l.opt("--launch-template", &launch_template_spec_text(spec));
            }
            l.opt_some("--image-id", image_id.as_deref())
                .opt_some("--instance-type", instance_type.as_deref())
                .int("--count", count)
                .opt_some("--subnet-id", subnet_id.as_deref())
                .list_nonempty("--security-group-ids", security_group_ids);
            tag_specifications(&mut l, "instance", name.as_deref());
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
            tag_specifications(&mut l, "subnet", name.as_deref());
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
            target,
        } => {
            l = Line::new("ec2", "associate-address");
            l.opt("--allocation-id", allocation_id);
            match target {
                AddressTarget::Instance(id) => l.opt("--instance-id", id),
                AddressTarget::NetworkInterface {
                    network_interface_id,
                    private_ip_address,
                } => l
                    .opt("--network-interface-id", network_interface_id)
                    .opt_some("--private-ip-address", private_ip_address.as_deref()),
            };
        }
        C::ReleaseAddress { allocation_id } => {
            l = Line::new("ec2", "release-address");
            if allocation_id.starts_with("eipalloc-") || !allocation_id.contains('.') {
                l.opt("--allocation-id", allocation_id);
            } else {
                l.opt("--public-ip", allocation_id);
            }
        }
        C::CreateLaunchTemplate {
            launch_template_name,
            version_description,
            data,
        } => {
            l = Line::new("ec2", "create-launch-template");
            l.opt("--launch-template-name", launch_template_name)
                .opt_some("--version-description", version_description.as_deref())
                .opt("--launch-template-data", &launch_template_data_json(data));
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
                .opt("--launch-template-data", &launch_template_data_json(data));
        }
        C::ModifyLaunchTemplate {
            launch_template,
            default_version,
        } => {
            l = Line::new("ec2", "modify-launch-template");
            template_id_or_name(&mut l, launch_template);
            l.opt("--default-version", default_version);
        }
        C::StopInstances { instance_ids } => {
            l = Line::new("ec2", "stop-instances");
            l.list("--instance-ids", instance_ids);
        }
        C::StartInstances { instance_ids } => {
            l = Line::new("ec2", "start-instances");
            l.list("--instance-ids", instance_ids);
        }
        C::ModifyInstanceAttribute {
            instance_id,
            attribute,
        } => {
            use InstanceAttribute as A;
            l = Line::new("ec2", "modify-instance-attribute");
            l.opt("--instance-id", instance_id);
            match attribute {
                A::InstanceType(t) => l.opt("--instance-type", &format!("Value={t}")),
                A::UserData(text) => l.opt(
                    "--user-data",
                    &format!("Value={}", base64_encode(text.as_bytes())),
                ),
                A::Groups(groups) => l.list("--groups", groups),
                A::DisableApiTermination(on) => {
                    l.opt("--disable-api-termination", &format!("Value={on}"))
                }
                A::SourceDestCheck(on) => l.opt("--source-dest-check", &format!("Value={on}")),
                A::SriovNetSupport(v) => l.opt("--sriov-net-support", &format!("Value={v}")),
            };
        }
        C::Read(Read::DescribeInstances {
            instance_ids,
            filters,
        }) => {
            l = Line::new("ec2", "describe-instances");
            l.list_nonempty("--instance-ids", instance_ids);
            filters_option(&mut l, filters);
        }
        C::Read(Read::DescribeSubnets {
            subnet_ids,
            filters,
        }) => {
            l = Line::new("ec2", "describe-subnets");
            l.list_nonempty("--subnet-ids", subnet_ids);
            filters_option(&mut l, filters);
        }
        C::Read(Read::DescribeSecurityGroups {
            group_ids,
            group_names,
            filters,
        }) => {
            l = Line::new("ec2", "describe-security-groups");
            l.list_nonempty("--group-ids", group_ids)
                .list_nonempty("--group-names", group_names);
            filters_option(&mut l, filters);
        }
        C::Read(Read::DescribeLaunchTemplateVersions {
            launch_template,
            versions,
        }) => {
            l = Line::new("ec2", "describe-launch-template-versions");
            template_id_or_name(&mut l, launch_template);
            l.list_nonempty("--versions", versions);
        }
        C::Read(Read::GetConsoleOutput { instance_id }) => {
            l = Line::new("ec2", "get-console-output");
            l.opt("--instance-id", instance_id);
        }
        C::Read(Read::DescribeAddresses {
            allocation_ids,
            public_ips,
            filters,
        }) => {
            l = Line::new("ec2", "describe-addresses");
            l.list_nonempty("--allocation-ids", allocation_ids)
                .list_nonempty("--public-ips", public_ips);
            filters_option(&mut l, filters);
        }
        C::Read(Read::DescribeNetworkInterfaces {
            network_interface_ids,
            filters,
        }) => {
            l = Line::new("ec2", "describe-network-interfaces");
            l.list_nonempty("--network-interface-ids", network_interface_ids);
            filters_option(&mut l, filters);
        }
        C::Read(Read::DescribeInstanceAttribute {
            instance_id,
            attribute,
        }) => {
            l = Line::new("ec2", "describe-instance-attribute");
            l.opt("--instance-id", instance_id)
                .opt("--attribute", attribute);
        }
        _ => return None,
    }
    Some(l.finish())
}

/// `--launch-template` as shorthand (JSON when a value needs it). Auto Scaling groups
/// print their template the same way.
pub(crate) fn launch_template_spec_text(spec: &LaunchTemplateSpec) -> String {
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

fn launch_template_data_json(data: &LaunchTemplateData) -> String {
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
fn tag_specifications(line: &mut Line, resource_type: &str, name: Option<&str>) {
    let Some(name) = name else {
        return;
    };
    let shorthand = shorthand_safe(name)
        .then(|| format!("ResourceType={resource_type},Tags=[{{Key=Name,Value={name}}}]"));
    let json = json!({"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]});
    line.structures("--tag-specifications", &[(shorthand, json)]);
}

/// `--group-id`, or `--group-name` (EC2 takes either): the service resolves both.
fn group(a: &Args) -> String {
    a.text("--group-id")
        .or_else(|| a.text("--group-name"))
        .unwrap_or_default()
}

fn ingress(line: &mut Line, group_id: &str, rules: &[IngressRule]) {
    if group_id.starts_with("sg-") || group_id.is_empty() {
        line.opt("--group-id", group_id);
    } else {
        line.opt("--group-name", group_id);
    }
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

fn template_id_or_name(l: &mut Line, id_or_name: &str) {
    if id_or_name.starts_with("lt-") {
        l.opt("--launch-template-id", id_or_name);
    } else {
        l.opt("--launch-template-name", id_or_name);
    }
}

// ---------------------------------------------------------------- tests

/// A launch template reference, for samples here and in Auto Scaling's.
#[cfg(test)]
pub(crate) fn lt(id_or_name: &str, version: &str) -> LaunchTemplateSpec {
    LaunchTemplateSpec {
        id_or_name: id_or_name.into(),
        version: version.into(),
    }
}

/// An ingress rule, for samples and tests.
#[cfg(test)]
pub(crate) fn rule(protocol: &str, from: u16, to: u16, source: IngressSource) -> IngressRule {
    IngressRule {
        protocol: protocol.into(),
        from_port: from,
        to_port: to,
        source,
    }
}

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    let data = LaunchTemplateData {
        image_id: Some("ami-1".into()),
        instance_type: Some("t3.micro".into()),
        security_group_ids: Some(vec!["sg-1".into(), "sg-2".into()]),
        user_data: Some(
            "#!/bin/bash\nyum install -y httpd\necho \"it's up\" > /var/www/html/index.html\n"
                .into(),
        ),
    };
    vec![
        C::RunInstances {
            image_id: Some("ami-0abcdef1234567890".into()),
            instance_type: Some("t3.micro".into()),
            count: 3,
            subnet_id: Some("subnet-1".into()),
            security_group_ids: vec!["sg-1".into(), "sg-2".into()],
            user_data: Some("#!/bin/bash\necho 'hello world' | tee /tmp/x; $HOME".into()),
            launch_template: Some(lt("web", "$Latest")),
            name: Some("web server #1".into()),
        },
        C::RunInstances {
            image_id: None,
            instance_type: None,
            count: 1,
            subnet_id: None,
            security_group_ids: vec![],
            user_data: Some("--not-an-option".into()),
            launch_template: Some(lt("lt-0123", "2")),
            name: Some("a,b=c".into()),
        },
        C::TerminateInstances {
            instance_ids: vec!["i-1".into(), "i-2".into()],
        },
        C::TerminateInstances {
            instance_ids: vec![],
        },
        C::CreateSubnet {
            vpc_id: "vpc-1".into(),
            cidr_block: "10.0.1.0/24".into(),
            availability_zone: Some("us-east-1a".into()),
            name: Some("public-a".into()),
        },
        C::CreateSubnet {
            vpc_id: "vpc-1".into(),
            cidr_block: "10.0.2.0/24".into(),
            availability_zone: None,
            name: None,
        },
        C::DeleteSubnet {
            subnet_id: "subnet-1".into(),
        },
        C::CreateNetworkInterface {
            subnet_id: "subnet-1".into(),
            secondary_ip_count: 5,
            description: Some("batch job's ENI".into()),
        },
        C::DeleteNetworkInterface {
            network_interface_id: "eni-1".into(),
        },
        C::CreateSecurityGroup {
            group_name: "web".into(),
            description: "Web servers (HTTP)".into(),
            vpc_id: Some("vpc-1".into()),
        },
        C::CreateSecurityGroup {
            group_name: "x".into(),
            description: "".into(),
            vpc_id: None,
        },
        C::AuthorizeSecurityGroupIngress {
            group_id: "sg-1".into(),
            rules: vec![rule("tcp", 80, 80, IngressSource::Cidr("0.0.0.0/0".into()))],
        },
        C::AuthorizeSecurityGroupIngress {
            group_id: "sg-1".into(),
            rules: vec![rule("-1", 0, 65535, IngressSource::Group("sg-2".into()))],
        },
        C::AuthorizeSecurityGroupIngress {
            group_id: "sg-1".into(),
            rules: vec![rule("tcp", 0, 65535, IngressSource::Group("sg-2".into()))],
        },
        C::AuthorizeSecurityGroupIngress {
            group_id: "sg-1".into(),
            rules: vec![rule(
                "icmp",
                0,
                65535,
                IngressSource::Cidr("10.0.0.0/8".into()),
            )],
        },
        C::RevokeSecurityGroupIngress {
            group_id: "sg-1".into(),
            rules: vec![
                rule("tcp", 8000, 8010, IngressSource::Cidr("10.0.0.0/8".into())),
                rule("udp", 53, 53, IngressSource::Group("sg-3".into())),
            ],
        },
        C::RevokeSecurityGroupIngress {
            group_id: "sg-1".into(),
            rules: vec![],
        },
        C::CreateRoute {
            route_table_id: "rtb-1".into(),
            destination_cidr_block: "0.0.0.0/0".into(),
            gateway_id: "igw-1".into(),
        },
        C::DeleteRoute {
            route_table_id: "rtb-1".into(),
            destination_cidr_block: "0.0.0.0/0".into(),
        },
        C::AssociateRouteTable {
            route_table_id: "rtb-1".into(),
            subnet_id: "subnet-1".into(),
        },
        C::AllocateAddress,
        C::AssociateAddress {
            allocation_id: "eipalloc-1".into(),
            target: AddressTarget::Instance("i-1".into()),
        },
        C::AssociateAddress {
            allocation_id: "eipalloc-1".into(),
            target: AddressTarget::NetworkInterface {
                network_interface_id: "eni-1".into(),
                private_ip_address: Some("10.0.0.85".into()),
            },
        },
        C::ReleaseAddress {
            allocation_id: "eipalloc-1".into(),
        },
        C::CreateLaunchTemplate {
            launch_template_name: "web".into(),
            version_description: Some("first version".into()),
            data: data.clone(),
        },
        C::CreateLaunchTemplate {
            launch_template_name: "empty".into(),
            version_description: None,
            data: LaunchTemplateData::default(),
        },
        C::CreateLaunchTemplateVersion {
            launch_template: "lt-0abc".into(),
            source_version: Some("1".into()),
            version_description: Some("v2".into()),
            data: LaunchTemplateData {
                image_id: Some("ami-2".into()),
                security_group_ids: Some(vec![]),
                ..Default::default()
            },
        },
        C::CreateLaunchTemplateVersion {
            launch_template: "web".into(),
            source_version: None,
            version_description: None,
            data,
        },
        C::ModifyLaunchTemplate {
            launch_template: "web".into(),
            default_version: "2".into(),
        },
        C::ModifyLaunchTemplate {
            launch_template: "lt-1".into(),
            default_version: "$Latest".into(),
        },
        C::StopInstances {
            instance_ids: vec!["i-0ba1798cddda86514".into(), "i-09ed5aaea57e8687f".into()],
        },
        C::StartInstances {
            instance_ids: vec!["i-0ba1798cddda86514".into()],
        },
        C::ModifyInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: InstanceAttribute::InstanceType("c5.large".into()),
        },
        C::ModifyInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: InstanceAttribute::UserData("#!/bin/bash\nservice httpd start\n".into()),
        },
        C::ModifyInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: InstanceAttribute::Groups(vec!["sg-1".into(), "sg-2".into()]),
        },
        C::ModifyInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: InstanceAttribute::DisableApiTermination(true),
        },
        C::ModifyInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: InstanceAttribute::SourceDestCheck(false),
        },
        C::ModifyInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: InstanceAttribute::SriovNetSupport("simple".into()),
        },
        C::Read(Read::DescribeInstances {
            instance_ids: vec![],
            filters: vec![],
        }),
        C::Read(Read::DescribeInstances {
            instance_ids: vec!["i-0ba1798cddda86514".into()],
            filters: vec![Filter {
                name: "tag:Name".into(),
                values: vec!["web*".into(), "it's, odd".into()],
            }],
        }),
        C::Read(Read::DescribeSubnets {
            subnet_ids: vec!["subnet-1".into()],
            filters: vec![Filter {
                name: "availability-zone".into(),
                values: vec!["us-east-1a".into()],
            }],
        }),
        C::Read(Read::DescribeSecurityGroups {
            group_ids: vec!["sg-1".into()],
            group_names: vec!["web".into()],
            filters: vec![Filter {
                name: "ip-permission.from-port".into(),
                values: vec!["22".into()],
            }],
        }),
        C::Read(Read::DescribeLaunchTemplateVersions {
            launch_template: "lt-0123456789abcdef0".into(),
            versions: vec!["$Latest".into(), "1".into()],
        }),
        C::Read(Read::DescribeLaunchTemplateVersions {
            launch_template: "web".into(),
            versions: vec![],
        }),
        C::Read(Read::GetConsoleOutput {
            instance_id: "i-0ba1798cddda86514".into(),
        }),
        C::Read(Read::DescribeAddresses {
            allocation_ids: vec!["eipalloc-1".into()],
            public_ips: vec![],
            filters: vec![Filter {
                name: "domain".into(),
                values: vec!["vpc".into()],
            }],
        }),
        C::Read(Read::DescribeInstanceAttribute {
            instance_id: "i-0ba1798cddda86514".into(),
            attribute: "disableApiTermination".into(),
        }),
        C::Read(Read::DescribeNetworkInterfaces {
            network_interface_ids: vec!["eni-1".into(), "eni-2".into()],
            filters: vec![Filter {
                name: "subnet-id".into(),
                values: vec!["subnet-1".into()],
            }],
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    #[test]
    fn run_instances_details() {
        let cmd = CLI.ok(
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
        let cmd =
            CLI.ok("aws ec2 run-instances --launch-template LaunchTemplateName=web,Version=3");
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
        let cmd = CLI.ok("aws ec2 run-instances --launch-template LaunchTemplateId=lt-1");
        let Command::RunInstances {
            launch_template, ..
        } = cmd
        else {
            unreachable!()
        };
        assert_eq!(launch_template.unwrap().version, "$Default");
        assert!(
            CLI.err("aws ec2 run-instances --count 0")
                .contains("at least 1")
        );
        assert!(
            CLI.err("aws ec2 run-instances --count x")
                .contains("invalid count 'x'")
        );
        assert!(
            CLI.err("aws ec2 run-instances --count 4:2")
                .contains("less than")
        );
        assert!(
            CLI.err("aws ec2 run-instances --launch-template Version=1")
                .contains("LaunchTemplateId")
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
        let simple = CLI.ok(
            "aws ec2 authorize-security-group-ingress --group-id sg-9 --protocol tcp --port 80 --cidr 0.0.0.0/0 --source-group sg-1",
        );
        let json = CLI.ok(
            r#"aws ec2 authorize-security-group-ingress --group-id sg-9 --ip-permissions '[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0"}],"UserIdGroupPairs":[{"GroupId":"sg-1"}]}]'"#,
        );
        let short = CLI.ok(
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
        let Command::RevokeSecurityGroupIngress { rules, .. } = CLI.ok(
            "aws ec2 revoke-security-group-ingress --group-id sg-9 --protocol TCP --port 8000-8010 --cidr 10.0.0.0/8",
        ) else {
            unreachable!()
        };
        assert_eq!(rules, [rule("tcp", 8000, 8010, cidr("10.0.0.0/8"))]);
        let Command::AuthorizeSecurityGroupIngress { rules, .. } = CLI.ok(
            "aws ec2 authorize-security-group-ingress --group-id sg-9 --protocol all --source-group sg-2",
        ) else {
            unreachable!()
        };
        assert_eq!(rules, [rule("-1", 0, 65535, group("sg-2"))]);
        let Command::AuthorizeSecurityGroupIngress { rules, .. } = CLI.ok(
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
            CLI.err(&format!(
                "{base} --ip-permissions IpProtocol=tcp,FromPort=1,ToPort=1,IpRanges=[{{CidrIp=x}}] --protocol tcp"
            )),
            "The --protocol option is not compatible with the --ip-permissions option"
        );
        assert!(
            CLI.err(&format!("{base} --protocol tcp --cidr 0.0.0.0/0"))
                .contains("required for tcp")
        );
        assert!(
            CLI.err(&format!("{base} --protocol tcp --port x --cidr 0.0.0.0/0"))
                .contains("port parameter should be of the form")
        );
        assert!(
            CLI.err(&format!(
                "{base} --protocol tcp --port 90-80 --cidr 0.0.0.0/0"
            ))
            .contains("greater than")
        );
        assert!(
            CLI.err(&format!(
                "{base} --protocol tcp --port 70000 --cidr 0.0.0.0/0"
            ))
            .contains("outside 0-65535")
        );
        assert!(
            CLI.err(&format!("{base} --protocol tcp --port 80"))
                .contains("--cidr or --source-group")
        );
        assert!(
            CLI.err(&format!("{base} --protocol gre --port 80 --cidr x"))
                .contains("protocol parameter should be one of")
        );
        assert!(CLI.err(base).contains("--ip-permissions"));
        assert!(
            CLI.err(&format!(
                "{base} --ip-permissions IpProtocol=tcp,FromPort=1,ToPort=1"
            ))
            .contains("IpRanges or UserIdGroupPairs")
        );
        assert!(CLI.err(&format!("{base} --ip-permissions 'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{{CidrIpv6=::/0}}]'")).contains("Ipv6Ranges"));
    }

    #[test]
    fn launch_templates_decode_user_data() {
        let cmd = CLI.ok(
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
        let short = CLI.ok(
            "aws ec2 create-launch-template --launch-template-name web --version-description v1 --launch-template-data ImageId=ami-1,InstanceType=t3.micro,SecurityGroupIds=sg-1,UserData=IyEvYmluL2Jhc2gKZWNobyBoaQ==",
        );
        assert_eq!(short, cmd);
        let e = CLI.err(
            r#"aws ec2 create-launch-template --launch-template-name web --launch-template-data '{"UserData":"not base64!"}'"#,
        );
        assert!(
            e.starts_with(
                "Error parsing parameter '--launch-template-data': UserData must be base64-encoded"
            ),
            "{e}"
        );
        let v = CLI.ok(
            r#"aws ec2 create-launch-template-version --launch-template-name web --source-version 1 --launch-template-data '{}'"#,
        );
        assert!(
            matches!(v, Command::CreateLaunchTemplateVersion { ref launch_template, .. } if launch_template == "web")
        );
        assert!(
            CLI.err("aws ec2 modify-launch-template --default-version 2")
                .contains(
                    "one of the arguments --launch-template-id --launch-template-name is required"
                )
        );
        assert!(CLI.err("aws ec2 modify-launch-template --launch-template-id lt-1 --launch-template-name x --default-version 2").contains("not allowed with"));
    }

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
    fn name_tags() {
        let spec = json!({"ResourceType":"instance","Tags":[{"Key":"env","Value":"p"},{"Key":"Name","Value":"web"}]});
        assert_eq!(name_tag(&spec, "instance"), Ok(Some("web".into())));
        assert_eq!(name_tag(&spec, "subnet"), Ok(None));
        assert_eq!(name_tag(&json!({"Tags":[]}), "subnet"), Ok(None));
    }

    #[test]
    fn launch_template_user_data_is_base64_in_json() {
        let line = print(&Command::CreateLaunchTemplate {
            launch_template_name: "web".into(),
            version_description: None,
            data: LaunchTemplateData {
                user_data: Some("#!/bin/bash\n".into()),
                ..Default::default()
            },
        })
        .unwrap();
        assert_eq!(
            line,
            r#"aws ec2 create-launch-template --launch-template-name web --launch-template-data '{"UserData":"IyEvYmluL2Jhc2gK"}'"#
        );
    }

    #[test]
    fn structures_report_missing_keys() {
        assert!(launch_template_data(&json!({"UserData": 5})).is_err());
        assert!(launch_template_spec(&json!("x")).is_err());
    }

    #[test]
    fn documentation_forms_parse() {
        let c = CLI.ok(
            "aws ec2 modify-instance-attribute --instance-id i-1234567890abcdef0 --instance-type \"{\\\"Value\\\": \\\"m1.small\\\"}\"",
        );
        assert_eq!(
            c,
            Command::ModifyInstanceAttribute {
                instance_id: "i-1234567890abcdef0".into(),
                attribute: InstanceAttribute::InstanceType("m1.small".into())
            }
        );
        let attribute = |line: &str| match CLI.ok(line) {
            Command::ModifyInstanceAttribute { attribute, .. } => attribute,
            other => panic!("{line}: {other:?}"),
        };
        assert_eq!(
            attribute(
                "aws ec2 modify-instance-attribute --instance-id i-1 --attribute instanceType --value t3.small"
            ),
            InstanceAttribute::InstanceType("t3.small".into())
        );
        assert_eq!(
            attribute(
                "aws ec2 modify-instance-attribute --instance-id i-1 --sriov-net-support simple"
            ),
            InstanceAttribute::SriovNetSupport("simple".into())
        );
        assert_eq!(
            attribute(
                "aws ec2 modify-instance-attribute --instance-id i-1 --source-dest-check \"{\\\"Value\\\": true}\""
            ),
            InstanceAttribute::SourceDestCheck(true)
        );
        assert_eq!(
            attribute(
                "aws ec2 modify-instance-attribute --instance-id i-1 --disable-api-termination Value=true"
            ),
            InstanceAttribute::DisableApiTermination(true)
        );
        assert_eq!(
            attribute("aws ec2 modify-instance-attribute --instance-id i-1 --groups sg-1 sg-2"),
            InstanceAttribute::Groups(vec!["sg-1".into(), "sg-2".into()])
        );
        // EC2 takes user data base64-encoded: `base64 UserData.txt`
        assert_eq!(
            attribute(
                "aws ec2 modify-instance-attribute --instance-id i-1 --attribute userData --value IyEvYmluL2Jhc2gKeXVtIHVwZGF0ZSAteQo="
            ),
            InstanceAttribute::UserData("#!/bin/bash\nyum update -y\n".into())
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert!(
            CLI.err("aws ec2 modify-instance-attribute --instance-id i-1")
                .contains("No attributes specified")
        );
        let both = CLI.err(
            "aws ec2 modify-instance-attribute --instance-id i-1 --instance-type Value=t3.small --sriov-net-support simple",
        );
        assert!(
            both.contains("InvalidParameterCombination")
                && both.contains("instanceType, sriovNetSupport"),
            "{both}"
        );
        assert!(
            CLI.err("aws ec2 modify-instance-attribute --instance-id i-1 --attribute userData --value not*base64")
                .contains("Invalid BASE64 encoding of user data")
        );
        assert!(
            CLI.err("aws ec2 modify-instance-attribute --instance-id i-1 --source-dest-check Value=maybe")
                .contains("expected true or false")
        );
    }

    /// Lines as printed in the AWS CLI documentation's examples, and what each one is.
    #[test]
    fn documentation_examples() {
        use Command as C;
        let cidr = |c: &str| IngressSource::Cidr(c.into());
        let no_data = LaunchTemplateData::default();
        CLI.assert_parses(vec![
            (
                "aws ec2 run-instances \\\n    --image-id ami-0abcdef1234567890 \\\n    --instance-type t2.micro \\\n    --key-name MyKeyPair",
                C::RunInstances {
                    image_id: Some("ami-0abcdef1234567890".into()),
                    instance_type: Some("t2.micro".into()),
                    count: 1,
                    subnet_id: None,
                    security_group_ids: vec![],
                    user_data: None,
                    launch_template: None,
                    name: None,
                },
            ),
            (
                // Tags other than `Name`, and other resource types' tags, are not modelled.
                "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t2.micro --count 1 --subnet-id subnet-08fc749671b2d077c --key-name MyKeyPair --security-group-ids sg-0b0384b66d7d692f9 --tag-specifications 'ResourceType=instance,Tags=[{Key=webserver,Value=production}]' 'ResourceType=volume,Tags=[{Key=cost-center,Value=cc123}]'",
                C::RunInstances {
                    image_id: Some("ami-0abcdef1234567890".into()),
                    instance_type: Some("t2.micro".into()),
                    count: 1,
                    subnet_id: Some("subnet-08fc749671b2d077c".into()),
                    security_group_ids: vec!["sg-0b0384b66d7d692f9".into()],
                    user_data: None,
                    launch_template: None,
                    name: None,
                },
            ),
            (
                "aws ec2 terminate-instances --instance-ids i-1234567890abcdef0",
                C::TerminateInstances {
                    instance_ids: vec!["i-1234567890abcdef0".into()],
                },
            ),
            (
                "aws ec2 create-subnet --vpc-id vpc-081ec835f3EXAMPLE --cidr-block 10.0.0.0/24 --tag-specifications ResourceType=subnet,Tags=[{Key=Name,Value=my-ipv4-only-subnet}]",
                C::CreateSubnet {
                    vpc_id: "vpc-081ec835f3EXAMPLE".into(),
                    cidr_block: "10.0.0.0/24".into(),
                    availability_zone: None,
                    name: Some("my-ipv4-only-subnet".into()),
                },
            ),
            (
                "aws ec2 delete-subnet --subnet-id subnet-9d4a7b6c",
                C::DeleteSubnet {
                    subnet_id: "subnet-9d4a7b6c".into(),
                },
            ),
            (
                "aws ec2 create-network-interface --subnet-id subnet-00a24d0d67acf6333 --description \"my network interface\" --groups sg-09dfba7ed20cda78b --private-ip-address 10.0.8.17",
                C::CreateNetworkInterface {
                    subnet_id: "subnet-00a24d0d67acf6333".into(),
                    secondary_ip_count: 0,
                    description: Some("my network interface".into()),
                },
            ),
            (
                "aws ec2 delete-network-interface --network-interface-id eni-e5aa89a3",
                C::DeleteNetworkInterface {
                    network_interface_id: "eni-e5aa89a3".into(),
                },
            ),
            (
                "aws ec2 create-security-group --group-name MySecurityGroup --description \"My security group\" --vpc-id vpc-1a2b3c4d",
                C::CreateSecurityGroup {
                    group_name: "MySecurityGroup".into(),
                    description: "My security group".into(),
                    vpc_id: Some("vpc-1a2b3c4d".into()),
                },
            ),
            (
                "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --protocol tcp --port 22 --cidr 203.0.113.0/24",
                C::AuthorizeSecurityGroupIngress {
                    group_id: "sg-1234567890abcdef0".into(),
                    rules: vec![rule("tcp", 22, 22, cidr("203.0.113.0/24"))],
                },
            ),
            (
                "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --protocol tcp --port 80 --source-group sg-1a2b3c4d",
                C::AuthorizeSecurityGroupIngress {
                    group_id: "sg-1234567890abcdef0".into(),
                    rules: vec![rule(
                        "tcp",
                        80,
                        80,
                        IngressSource::Group("sg-1a2b3c4d".into()),
                    )],
                },
            ),
            (
                // ICMP's -1 ports mean every type and code.
                "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --ip-permissions 'IpProtocol=tcp,FromPort=3389,ToPort=3389,IpRanges=[{CidrIp=172.31.0.0/16}]' 'IpProtocol=icmp,FromPort=-1,ToPort=-1,IpRanges=[{CidrIp=172.31.0.0/16}]'",
                C::AuthorizeSecurityGroupIngress {
                    group_id: "sg-1234567890abcdef0".into(),
                    rules: vec![
                        rule("tcp", 3389, 3389, cidr("172.31.0.0/16")),
                        rule("icmp", 0, 65535, cidr("172.31.0.0/16")),
                    ],
                },
            ),
            (
                "aws ec2 authorize-security-group-ingress --group-id sg-1234567890abcdef0 --ip-permissions 'IpProtocol=icmp,FromPort=3,ToPort=4,IpRanges=[{CidrIp=0.0.0.0/0}]'",
                C::AuthorizeSecurityGroupIngress {
                    group_id: "sg-1234567890abcdef0".into(),
                    rules: vec![rule("icmp", 3, 4, cidr("0.0.0.0/0"))],
                },
            ),
            (
                "aws ec2 revoke-security-group-ingress --group-id sg-026c12253ce15eff7 --ip-permissions IpProtocol=icmp,FromPort=3,ToPort=4,IpRanges=[{CidrIp=0.0.0.0/0}]",
                C::RevokeSecurityGroupIngress {
                    group_id: "sg-026c12253ce15eff7".into(),
                    rules: vec![rule("icmp", 3, 4, cidr("0.0.0.0/0"))],
                },
            ),
            (
                "aws ec2 create-route --route-table-id rtb-22574640 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-c0a643a9",
                C::CreateRoute {
                    route_table_id: "rtb-22574640".into(),
                    destination_cidr_block: "0.0.0.0/0".into(),
                    gateway_id: "igw-c0a643a9".into(),
                },
            ),
            (
                "aws ec2 delete-route --route-table-id rtb-22574640 --destination-cidr-block 0.0.0.0/0",
                C::DeleteRoute {
                    route_table_id: "rtb-22574640".into(),
                    destination_cidr_block: "0.0.0.0/0".into(),
                },
            ),
            (
                "aws ec2 associate-route-table --route-table-id rtb-22574640 --subnet-id subnet-9d4a7b6c",
                C::AssociateRouteTable {
                    route_table_id: "rtb-22574640".into(),
                    subnet_id: "subnet-9d4a7b6c".into(),
                },
            ),
            ("aws ec2 allocate-address", C::AllocateAddress),
            ("aws ec2 allocate-address --domain vpc", C::AllocateAddress),
            (
                "aws ec2 associate-address --instance-id i-0b263919b6498b123 --allocation-id eipalloc-64d5890a",
                C::AssociateAddress {
                    allocation_id: "eipalloc-64d5890a".into(),
                    target: AddressTarget::Instance("i-0b263919b6498b123".into()),
                },
            ),
            (
                "aws ec2 associate-address --allocation-id eipalloc-64d5890a --network-interface-id eni-1a2b3c4d --private-ip-address 10.0.0.85",
                C::AssociateAddress {
                    allocation_id: "eipalloc-64d5890a".into(),
                    target: AddressTarget::NetworkInterface {
                        network_interface_id: "eni-1a2b3c4d".into(),
                        private_ip_address: Some("10.0.0.85".into()),
                    },
                },
            ),
            (
                "aws ec2 release-address --allocation-id eipalloc-64d5890a",
                C::ReleaseAddress {
                    allocation_id: "eipalloc-64d5890a".into(),
                },
            ),
            (
                // Network interfaces and tag specifications in the data are not modelled.
                r#"aws ec2 create-launch-template --launch-template-name TemplateForWebServer --version-description WebVersion1 --launch-template-data '{"NetworkInterfaces":[{"AssociatePublicIpAddress":true,"DeviceIndex":0,"Ipv6AddressCount":1,"SubnetId":"subnet-7b16de0c"}],"ImageId":"ami-8c1be5f6","InstanceType":"t2.small","TagSpecifications":[{"ResourceType":"instance","Tags":[{"Key":"purpose","Value":"webserver"}]}]}'"#,
                C::CreateLaunchTemplate {
                    launch_template_name: "TemplateForWebServer".into(),
                    version_description: Some("WebVersion1".into()),
                    data: LaunchTemplateData {
                        image_id: Some("ami-8c1be5f6".into()),
                        instance_type: Some("t2.small".into()),
                        ..no_data.clone()
                    },
                },
            ),
            (
                r#"aws ec2 create-launch-template-version --launch-template-id lt-0abcd290751193123 --version-description WebVersion2 --source-version 1 --launch-template-data '{"ImageId":"ami-c998b6b2"}'"#,
                C::CreateLaunchTemplateVersion {
                    launch_template: "lt-0abcd290751193123".into(),
                    source_version: Some("1".into()),
                    version_description: Some("WebVersion2".into()),
                    data: LaunchTemplateData {
                        image_id: Some("ami-c998b6b2".into()),
                        ..no_data
                    },
                },
            ),
            (
                "aws ec2 modify-launch-template --launch-template-id lt-0abcd290751193123 --default-version 2",
                C::ModifyLaunchTemplate {
                    launch_template: "lt-0abcd290751193123".into(),
                    default_version: "2".into(),
                },
            ),
        ]);
    }
}
