//! `aws elbv2`: Application Load Balancers, target groups, registrations and listeners —
//! the operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::{Line, pairs};
use super::spec::ValueKind::{Int, List, StructList, Text};
use super::spec::{OperationSpec, OptionSpec, ignored, op, opt, req};
use super::values::{Object, as_object, opt_objects, opt_str, opt_u16, req_str};
use crate::sim::command::{Command, LbKind, Read, TargetDescription};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "elbv2",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

const TARGETS: &[OptionSpec] = &[
    req("--target-group-arn", Text),
    req("--targets", StructList),
];

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-load-balancer",
        &[
            req("--name", Text),
            req("--subnets", List),
            opt("--security-groups", List),
            opt("--type", Text),
            ignored("--scheme", Text),
        ],
    ),
    op("delete-load-balancer", &[req("--load-balancer-arn", Text)]),
    op(
        "create-target-group",
        &[
            req("--name", Text),
            req("--protocol", Text),
            req("--port", Int),
            req("--vpc-id", Text),
            opt("--health-check-path", Text),
            opt("--health-check-interval-seconds", Int),
            opt("--healthy-threshold-count", Int),
            opt("--unhealthy-threshold-count", Int),
            opt("--target-type", Text),
        ],
    ),
    op(
        "modify-target-group-attributes",
        &[
            req("--target-group-arn", Text),
            req("--attributes", StructList),
        ],
    ),
    op("register-targets", TARGETS),
    op("deregister-targets", TARGETS),
    op(
        "create-listener",
        &[
            req("--load-balancer-arn", Text),
            req("--protocol", Text),
            req("--port", Int),
            req("--default-actions", StructList),
            ignored("--certificates", StructList),
            ignored("--ssl-policy", Text),
        ],
    ),
    op(
        "set-subnets",
        &[req("--load-balancer-arn", Text), req("--subnets", List)],
    ),
    // ---- reads
    op(
        "describe-load-balancers",
        &[
            opt("--names", List),
            opt("--load-balancer-arns", List),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-target-groups",
        &[
            opt("--load-balancer-arn", Text),
            opt("--target-group-arns", List),
            opt("--names", List),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-listeners",
        &[
            opt("--load-balancer-arn", Text),
            opt("--listener-arns", List),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-target-health",
        &[
            req("--target-group-arn", Text),
            opt("--targets", StructList),
            ignored("--include", List),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-load-balancer" => application_load_balancer(a)?,
        "delete-load-balancer" => Command::DeleteLoadBalancer {
            kind: LbKind::Application,
            name_or_arn: a.req("--load-balancer-arn")?,
        },
        "create-target-group" => target_group(a)?,
        "modify-target-group-attributes" => Command::ModifyTargetGroupAttributes {
            target_group_arn: a.req("--target-group-arn")?,
            attributes: a.each("--attributes", attribute)?,
        },
        "register-targets" => Command::RegisterTargets {
            target_group_arn: a.req("--target-group-arn")?,
            targets: a.each("--targets", target)?,
        },
        "deregister-targets" => Command::DeregisterTargets {
            target_group_arn: a.req("--target-group-arn")?,
            targets: a.each("--targets", target)?,
        },
        "create-listener" => Command::CreateListener {
            load_balancer_arn: a.req("--load-balancer-arn")?,
            protocol: a.req("--protocol")?,
            port: a.req_int("--port")?,
            default_target_group_arn: forward_target_group(a)?,
        },
        "set-subnets" => Command::SetSubnets {
            load_balancer_arn: a.req("--load-balancer-arn")?,
            subnets: a.req_list("--subnets")?,
        },
        "describe-load-balancers" => Command::Read(Read::DescribeLoadBalancers {
            names: a.list("--names")?.unwrap_or_default(),
            load_balancer_arns: a.list("--load-balancer-arns")?.unwrap_or_default(),
        }),
        "describe-target-groups" => Command::Read(Read::DescribeTargetGroups {
            load_balancer_arn: a.text("--load-balancer-arn"),
            target_group_arns: a.list("--target-group-arns")?.unwrap_or_default(),
            names: a.list("--names")?.unwrap_or_default(),
        }),
        "describe-listeners" => Command::Read(Read::DescribeListeners {
            load_balancer_arn: a.text("--load-balancer-arn"),
            listener_arns: a.list("--listener-arns")?.unwrap_or_default(),
        }),
        "describe-target-health" => Command::Read(Read::DescribeTargetHealth {
            target_group_arn: a.req("--target-group-arn")?,
            targets: if a.has("--targets") {
                a.each("--targets", target)?
            } else {
                vec![]
            },
        }),
        _ => return Err(a.not_implemented()),
    })
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
    match a.each(OPTION, forward_arn)?.as_slice() {
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

/// A target group attribute `Key=…,Value=…`.
fn attribute(v: &Value) -> Result<(String, String), String> {
    let m = as_object(v, "each attribute")?;
    Ok((req_str(m, "Key")?, opt_str(m, "Value")?.unwrap_or_default()))
}

/// A target `Id=…[,Port=…]`.
fn target(v: &Value) -> Result<TargetDescription, String> {
    let m = as_object(v, "each target")?;
    Ok(TargetDescription {
        id: req_str(m, "Id")?,
        port: opt_u16(m, "Port")?,
    })
}

/// The target group a `forward` action sends to (`TargetGroupArn`, or a `ForwardConfig`
/// with a single target group).
fn forward_arn(action: &Value) -> Result<String, String> {
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

// ---------------------------------------------------------------- print

/// Prints an Application Load Balancer command as its `aws elbv2 …` line; `None` for
/// another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
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
        C::DeleteLoadBalancer {
            kind: LbKind::Application,
            name_or_arn,
        } => {
            l = Line::new("elbv2", "delete-load-balancer");
            l.opt("--load-balancer-arn", name_or_arn);
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
            let targets: Vec<_> = targets.iter().map(target_item).collect();
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
        C::Read(Read::DescribeLoadBalancers {
            names,
            load_balancer_arns,
        }) => {
            l = Line::new("elbv2", "describe-load-balancers");
            l.list_nonempty("--names", names)
                .list_nonempty("--load-balancer-arns", load_balancer_arns);
        }
        C::Read(Read::DescribeTargetGroups {
            load_balancer_arn,
            target_group_arns,
            names,
        }) => {
            l = Line::new("elbv2", "describe-target-groups");
            l.opt_some("--load-balancer-arn", load_balancer_arn.as_deref())
                .list_nonempty("--target-group-arns", target_group_arns)
                .list_nonempty("--names", names);
        }
        C::Read(Read::DescribeListeners {
            load_balancer_arn,
            listener_arns,
        }) => {
            l = Line::new("elbv2", "describe-listeners");
            l.opt_some("--load-balancer-arn", load_balancer_arn.as_deref())
                .list_nonempty("--listener-arns", listener_arns);
        }
        C::Read(Read::DescribeTargetHealth {
            target_group_arn,
            targets,
        }) => {
            l = Line::new("elbv2", "describe-target-health");
            l.opt("--target-group-arn", target_group_arn);
            if !targets.is_empty() {
                let items: Vec<_> = targets.iter().map(target_item).collect();
                l.structures("--targets", &items);
            }
        }
        _ => return None,
    }
    Some(l.finish())
}

fn target_item(t: &TargetDescription) -> (Option<String>, Value) {
    match t.port {
        Some(port) => pairs(
            &[("Id", t.id.clone()), ("Port", port.to_string())],
            json!({"Id": t.id, "Port": port}),
        ),
        None => pairs(&[("Id", t.id.clone())], json!({"Id": t.id})),
    }
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    const TG: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/943f017f100becff";
    const LB: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
    use Command as C;
    let tg: String =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/943f017f100becff"
            .into();
    let lb: String =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"
            .into();
    vec![
        C::CreateLoadBalancer {
            kind: LbKind::Application,
            name: "alb".into(),
            subnets: vec!["subnet-1".into(), "subnet-2".into()],
            security_groups: vec!["sg-1".into(), "sg-2".into()],
            listeners: vec![],
        },
        C::DeleteLoadBalancer {
            kind: LbKind::Application,
            name_or_arn: lb.clone(),
        },
        C::CreateTargetGroup {
            name: "web".into(),
            protocol: "HTTP".into(),
            port: 80,
            vpc_id: "vpc-1".into(),
            health_check_path: Some("/health?full=1&x=y".into()),
            health_check_interval_seconds: Some(10),
            healthy_threshold_count: Some(2),
            unhealthy_threshold_count: Some(3),
        },
        C::CreateTargetGroup {
            name: "min".into(),
            protocol: "HTTP".into(),
            port: 8080,
            vpc_id: "vpc-1".into(),
            health_check_path: None,
            health_check_interval_seconds: None,
            healthy_threshold_count: None,
            unhealthy_threshold_count: None,
        },
        C::ModifyTargetGroupAttributes {
            target_group_arn: tg.clone(),
            attributes: vec![
                (
                    "load_balancing.algorithm.type".into(),
                    "least_outstanding_requests".into(),
                ),
                ("deregistration_delay.timeout_seconds".into(), "30".into()),
            ],
        },
        C::ModifyTargetGroupAttributes {
            target_group_arn: tg.clone(),
            attributes: vec![("odd".into(), "a,b".into())],
        },
        C::RegisterTargets {
            target_group_arn: tg.clone(),
            targets: vec![
                TargetDescription {
                    id: "i-1".into(),
                    port: None,
                },
                TargetDescription {
                    id: "i-2".into(),
                    port: Some(8080),
                },
            ],
        },
        C::DeregisterTargets {
            target_group_arn: tg.clone(),
            targets: vec![TargetDescription {
                id: "i-1".into(),
                port: Some(80),
            }],
        },
        C::CreateListener {
            load_balancer_arn: lb.clone(),
            protocol: "HTTP".into(),
            port: 80,
            default_target_group_arn: tg.clone(),
        },
        C::SetSubnets {
            load_balancer_arn: lb,
            subnets: vec!["subnet-1".into(), "subnet-3".into()],
        },
        C::Read(Read::DescribeLoadBalancers {
            names: vec![],
            load_balancer_arns: vec![],
        }),
        C::Read(Read::DescribeLoadBalancers {
            names: vec!["web".into()],
            load_balancer_arns: vec![LB.into()],
        }),
        C::Read(Read::DescribeTargetGroups {
            load_balancer_arn: Some(LB.into()),
            target_group_arns: vec![TG.into()],
            names: vec!["web".into()],
        }),
        C::Read(Read::DescribeListeners {
            load_balancer_arn: Some(LB.into()),
            listener_arns: vec![],
        }),
        C::Read(Read::DescribeListeners {
            load_balancer_arn: None,
            listener_arns: vec![
                format!("{LB}/0000000000000050").replace(":loadbalancer/", ":listener/"),
            ],
        }),
        C::Read(Read::DescribeTargetHealth {
            target_group_arn: TG.into(),
            targets: vec![],
        }),
        C::Read(Read::DescribeTargetHealth {
            target_group_arn: TG.into(),
            targets: vec![TargetDescription {
                id: "i-1".into(),
                port: Some(80),
            }],
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_balancer_details() {
        let e = CLI.err("aws elbv2 create-load-balancer --name n --subnets a --type network");
        assert!(
            e.contains("only supports Application Load Balancers"),
            "{e}"
        );
        let Command::CreateLoadBalancer { kind, .. } = CLI.ok(
            "aws elbv2 create-load-balancer --name n --subnets a b --type application --scheme internet-facing",
        ) else {
            unreachable!()
        };
        assert_eq!(kind, LbKind::Application);
        assert!(CLI.err("aws elbv2 create-target-group --name t --protocol HTTP --port 80 --vpc-id v --target-type ip").contains("instance targets"));
        let json = CLI.ok(
            r#"aws elbv2 create-listener --load-balancer-arn lb --protocol HTTP --port 80 --default-actions '[{"Type":"forward","TargetGroupArn":"tg"}]'"#,
        );
        let forward_config = CLI.ok(
            "aws elbv2 create-listener --load-balancer-arn lb --protocol HTTP --port 80 --default-actions Type=forward,ForwardConfig={TargetGroups=[{TargetGroupArn=tg}]}",
        );
        assert_eq!(json, forward_config);
        assert!(CLI.err("aws elbv2 create-listener --load-balancer-arn lb --protocol HTTP --port 80 --default-actions Type=redirect").contains("only supports forward"));
        let attrs = CLI.ok(
            r#"aws elbv2 modify-target-group-attributes --target-group-arn tg --attributes '[{"Key":"load_balancing.algorithm.type","Value":"least_outstanding_requests"}]'"#,
        );
        assert_eq!(
            attrs,
            CLI.ok(
                "aws elbv2 modify-target-group-attributes --target-group-arn tg --attributes Key=load_balancing.algorithm.type,Value=least_outstanding_requests"
            )
        );
        let targets = CLI.ok(
            r#"aws elbv2 register-targets --target-group-arn tg --targets '[{"Id":"i-1"},{"Id":"i-2","Port":80}]'"#,
        );
        assert_eq!(
            targets,
            CLI.ok(
                "aws elbv2 register-targets --target-group-arn tg --targets Id=i-1 Id=i-2,Port=80"
            )
        );
    }

    #[test]
    fn structures_report_missing_keys() {
        assert!(target(&json!({"Port":80})).unwrap_err().contains("\"Id\""));
        assert!(forward_arn(&json!({"Type":"forward"})).is_err());
    }

    /// Lines as printed in the AWS CLI documentation's examples, and what each one is.
    #[test]
    fn documentation_examples() {
        use Command as C;
        let lb = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188";
        let tg = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067";
        let id = |id: &str, port| TargetDescription {
            id: id.into(),
            port,
        };
        CLI.assert_parses(vec![
            (
                "aws elbv2 create-load-balancer --name my-load-balancer --subnets subnet-0e3f5cac72EXAMPLE subnet-081ec835f3EXAMPLE --security-groups sg-07e8ffd50fEXAMPLE",
                C::CreateLoadBalancer {
                    kind: LbKind::Application,
                    name: "my-load-balancer".into(),
                    subnets: vec![
                        "subnet-0e3f5cac72EXAMPLE".into(),
                        "subnet-081ec835f3EXAMPLE".into(),
                    ],
                    security_groups: vec!["sg-07e8ffd50fEXAMPLE".into()],
                    listeners: vec![],
                },
            ),
            (
                // The scheme is checked and not modelled.
                "aws elbv2 create-load-balancer --name my-internal-load-balancer --scheme internal --subnets subnet-b7d581c0 subnet-8360a9e7",
                C::CreateLoadBalancer {
                    kind: LbKind::Application,
                    name: "my-internal-load-balancer".into(),
                    subnets: vec!["subnet-b7d581c0".into(), "subnet-8360a9e7".into()],
                    security_groups: vec![],
                    listeners: vec![],
                },
            ),
            (
                "aws elbv2 delete-load-balancer --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188",
                C::DeleteLoadBalancer {
                    kind: LbKind::Application,
                    name_or_arn: lb.into(),
                },
            ),
            (
                "aws elbv2 create-target-group --name my-targets --protocol HTTP --port 80 --target-type instance --vpc-id vpc-3ac0fb5f",
                C::CreateTargetGroup {
                    name: "my-targets".into(),
                    protocol: "HTTP".into(),
                    port: 80,
                    vpc_id: "vpc-3ac0fb5f".into(),
                    health_check_path: None,
                    health_check_interval_seconds: None,
                    healthy_threshold_count: None,
                    unhealthy_threshold_count: None,
                },
            ),
            (
                "aws elbv2 modify-target-group-attributes --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --attributes Key=deregistration_delay.timeout_seconds,Value=600",
                C::ModifyTargetGroupAttributes {
                    target_group_arn: tg.into(),
                    attributes: vec![("deregistration_delay.timeout_seconds".into(), "600".into())],
                },
            ),
            (
                "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --targets Id=i-1234567890abcdef0 Id=i-0abcdef1234567890",
                C::RegisterTargets {
                    target_group_arn: tg.into(),
                    targets: vec![
                        id("i-1234567890abcdef0", None),
                        id("i-0abcdef1234567890", None),
                    ],
                },
            ),
            (
                "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-internal-targets/3bb63f11dfb0faf9 --targets Id=i-0598c7d356eba48d7,Port=80 Id=i-0598c7d356eba48d7,Port=766",
                C::RegisterTargets {
                    target_group_arn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-internal-targets/3bb63f11dfb0faf9".into(),
                    targets: vec![
                        id("i-0598c7d356eba48d7", Some(80)),
                        id("i-0598c7d356eba48d7", Some(766)),
                    ],
                },
            ),
            (
                "aws elbv2 deregister-targets --target-group-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 --targets Id=i-1234567890abcdef0",
                C::DeregisterTargets {
                    target_group_arn: tg.into(),
                    targets: vec![id("i-1234567890abcdef0", None)],
                },
            ),
            (
                "aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
                C::CreateListener {
                    load_balancer_arn: lb.into(),
                    protocol: "HTTP".into(),
                    port: 80,
                    default_target_group_arn: tg.into(),
                },
            ),
            (
                "aws elbv2 set-subnets --load-balancer-arn arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-load-balancer/50dc6c495c0c9188 --subnets subnet-8360a9e7 subnet-b7d581c0",
                C::SetSubnets {
                    load_balancer_arn: lb.into(),
                    subnets: vec!["subnet-8360a9e7".into(), "subnet-b7d581c0".into()],
                },
            ),
        ]);
    }
}
