//! `aws elb`: Classic Load Balancers — creating and deleting one, registering instances
//! with it — the operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::{Line, pairs};
use super::spec::ValueKind::{List, StructList, Text};
use super::spec::{OperationSpec, OptionSpec, ignored, op, opt, req};
use super::values::{as_object, opt_str, opt_u16, req_str, required};
use crate::sim::command::{ClassicListener, Command, LbKind, Read};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "elb",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

const ELB_INSTANCES: &[OptionSpec] = &[req("--load-balancer-name", Text), req("--instances", List)];

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-load-balancer",
        &[
            req("--load-balancer-name", Text),
            req("--listeners", StructList),
            // no subnets: the service answers ValidationError (GameDay's account has no
            // default VPC, so --availability-zones alone places nothing)
            opt("--subnets", List),
            ignored("--availability-zones", List),
            opt("--security-groups", List),
            ignored("--scheme", Text),
        ],
    ),
    op("delete-load-balancer", &[req("--load-balancer-name", Text)]),
    op("register-instances-with-load-balancer", ELB_INSTANCES),
    op("deregister-instances-from-load-balancer", ELB_INSTANCES),
    // ---- reads
    op(
        "describe-instance-health",
        &[req("--load-balancer-name", Text), opt("--instances", List)],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-load-balancer" => Command::CreateLoadBalancer {
            kind: LbKind::Classic,
            name: a.req("--load-balancer-name")?,
            subnets: a.list("--subnets")?.unwrap_or_default(),
            security_groups: a.list("--security-groups")?.unwrap_or_default(),
            listeners: a.each("--listeners", classic_listener)?,
        },
        "delete-load-balancer" => Command::DeleteLoadBalancer {
            kind: LbKind::Classic,
            name_or_arn: a.req("--load-balancer-name")?,
        },
        "register-instances-with-load-balancer" => Command::RegisterInstancesWithLoadBalancer {
            load_balancer_name: a.req("--load-balancer-name")?,
            instance_ids: classic_instances(a)?,
        },
        "deregister-instances-from-load-balancer" => Command::DeregisterInstancesFromLoadBalancer {
            load_balancer_name: a.req("--load-balancer-name")?,
            instance_ids: classic_instances(a)?,
        },
        "describe-instance-health" => Command::Read(Read::DescribeInstanceHealth {
            load_balancer_name: a.req("--load-balancer-name")?,
            instance_ids: if a.has("--instances") {
                classic_instances(a)?
            } else {
                vec![]
            },
        }),
        _ => return Err(a.not_implemented()),
    })
}

/// `--instances i-1 i-2`, `InstanceId=i-1` or `'[{"InstanceId":"i-1"}]'`.
fn classic_instances(a: &Args) -> Result<Vec<String>, CliError> {
    let words = a.words("--instances").unwrap_or_default();
    if words
        .iter()
        .any(|w| w.contains('=') || w.trim_start().starts_with(['[', '{']))
    {
        a.each("--instances", classic_instance)
    } else {
        Ok(words.to_vec())
    }
}

/// A Classic listener; `InstanceProtocol` defaults to `Protocol`.
fn classic_listener(v: &Value) -> Result<ClassicListener, String> {
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
fn classic_instance(v: &Value) -> Result<String, String> {
    match v {
        Value::String(id) => Ok(id.clone()),
        v => req_str(as_object(v, "each instance")?, "InstanceId"),
    }
}

// ---------------------------------------------------------------- print

/// Prints a Classic Load Balancer command as its `aws elb …` line; `None` for another
/// service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
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
        C::DeleteLoadBalancer {
            kind: LbKind::Classic,
            name_or_arn,
        } => {
            l = Line::new("elb", "delete-load-balancer");
            l.opt("--load-balancer-name", name_or_arn);
        }
        C::RegisterInstancesWithLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            l = Line::new("elb", "register-instances-with-load-balancer");
            l.opt("--load-balancer-name", load_balancer_name);
            instances_option(&mut l, instance_ids);
        }
        C::DeregisterInstancesFromLoadBalancer {
            load_balancer_name,
            instance_ids,
        } => {
            l = Line::new("elb", "deregister-instances-from-load-balancer");
            l.opt("--load-balancer-name", load_balancer_name);
            instances_option(&mut l, instance_ids);
        }
        C::Read(Read::DescribeInstanceHealth {
            load_balancer_name,
            instance_ids,
        }) => {
            l = Line::new("elb", "describe-instance-health");
            l.opt("--load-balancer-name", load_balancer_name);
            if !instance_ids.is_empty() {
                instances_option(&mut l, instance_ids);
            }
        }
        _ => return None,
    }
    Some(l.finish())
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

/// `--instances i-1 i-2`, falling back to JSON for ids that would read as shorthand.
fn instances_option(l: &mut Line, ids: &[String]) {
    if ids.iter().any(|i| i.contains('=')) {
        let items: Vec<Value> = ids.iter().map(|i| json!({ "InstanceId": i })).collect();
        l.opt("--instances", &Value::Array(items).to_string());
    } else {
        l.list("--instances", ids);
    }
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![
        C::CreateLoadBalancer {
            kind: LbKind::Classic,
            name: "classic".into(),
            subnets: vec!["subnet-1".into(), "subnet-2".into()],
            security_groups: vec!["sg-1".into()],
            listeners: vec![
                ClassicListener {
                    protocol: "HTTP".into(),
                    load_balancer_port: 80,
                    instance_protocol: "HTTP".into(),
                    instance_port: 8080,
                },
                ClassicListener {
                    protocol: "TCP".into(),
                    load_balancer_port: 22,
                    instance_protocol: "TCP".into(),
                    instance_port: 22,
                },
            ],
        },
        C::CreateLoadBalancer {
            kind: LbKind::Classic,
            name: "bare".into(),
            subnets: vec![],
            security_groups: vec![],
            listeners: vec![],
        },
        C::DeleteLoadBalancer {
            kind: LbKind::Classic,
            name_or_arn: "classic".into(),
        },
        C::RegisterInstancesWithLoadBalancer {
            load_balancer_name: "classic".into(),
            instance_ids: vec!["i-1".into(), "i-2".into()],
        },
        C::DeregisterInstancesFromLoadBalancer {
            load_balancer_name: "classic".into(),
            instance_ids: vec!["i-1".into(), "odd=id".into()],
        },
        C::Read(Read::DescribeInstanceHealth {
            load_balancer_name: "shop".into(),
            instance_ids: vec![],
        }),
        C::Read(Read::DescribeInstanceHealth {
            load_balancer_name: "shop".into(),
            instance_ids: vec!["i-1".into(), "i-2".into()],
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_balancer_details() {
        let cmd = CLI.ok(
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
        assert!(CLI.err("aws elb create-load-balancer --load-balancer-name w --listeners Protocol=HTTP,LoadBalancerPort=80 --subnets s").contains("InstancePort"));
        for line in [
            "aws elb register-instances-with-load-balancer --load-balancer-name w --instances i-1 i-2",
            "aws elb register-instances-with-load-balancer --load-balancer-name w --instances InstanceId=i-1 InstanceId=i-2",
            r#"aws elb register-instances-with-load-balancer --load-balancer-name w --instances '[{"InstanceId":"i-1"},{"InstanceId":"i-2"}]'"#,
            r#"aws elb register-instances-with-load-balancer --load-balancer-name w --instances '["i-1","i-2"]'"#,
        ] {
            assert_eq!(
                CLI.ok(line),
                Command::RegisterInstancesWithLoadBalancer {
                    load_balancer_name: "w".into(),
                    instance_ids: vec!["i-1".into(), "i-2".into()],
                },
                "{line}"
            );
        }
    }

    #[test]
    fn structures_report_missing_keys() {
        let e = classic_listener(&json!({"Protocol":"HTTP","InstancePort":80})).unwrap_err();
        assert_eq!(e, "missing required key \"LoadBalancerPort\"");
    }

    /// Lines as printed in the AWS CLI documentation's examples, and what each one is.
    #[test]
    fn documentation_examples() {
        use Command as C;
        let http = |instance_port| ClassicListener {
            protocol: "HTTP".into(),
            load_balancer_port: 80,
            instance_protocol: "HTTP".into(),
            instance_port,
        };
        let create = |subnet: &str, listeners| C::CreateLoadBalancer {
            kind: LbKind::Classic,
            name: "my-load-balancer".into(),
            subnets: vec![subnet.into()],
            security_groups: vec!["sg-a61988c3".into()],
            listeners,
        };
        CLI.assert_parses(vec![
            (
                "aws elb create-load-balancer --load-balancer-name my-load-balancer --listeners \"Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80\" --subnets subnet-15aaab61 --security-groups sg-a61988c3",
                create("subnet-15aaab61", vec![http(80)]),
            ),
            (
                // The certificate of an HTTPS listener is not modelled.
                "aws elb create-load-balancer --load-balancer-name my-load-balancer --listeners \"Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80\" \"Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=arn:aws:iam::123456789012:server-certificate/my-server-cert\" --subnets subnet-15aaab61 --security-groups sg-a61988c3",
                create(
                    "subnet-15aaab61",
                    vec![
                        http(80),
                        ClassicListener {
                            protocol: "HTTPS".into(),
                            load_balancer_port: 443,
                            instance_protocol: "HTTP".into(),
                            instance_port: 80,
                        },
                    ],
                ),
            ),
            (
                // The scheme is accepted and not modelled.
                "aws elb create-load-balancer --load-balancer-name my-load-balancer --listeners \"Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80\" --scheme internal --subnets subnet-a85db0df --security-groups sg-a61988c3",
                create("subnet-a85db0df", vec![http(80)]),
            ),
            (
                "aws elb delete-load-balancer --load-balancer-name my-load-balancer",
                C::DeleteLoadBalancer {
                    kind: LbKind::Classic,
                    name_or_arn: "my-load-balancer".into(),
                },
            ),
            (
                "aws elb register-instances-with-load-balancer --load-balancer-name my-load-balancer --instances i-d6f6fae3",
                C::RegisterInstancesWithLoadBalancer {
                    load_balancer_name: "my-load-balancer".into(),
                    instance_ids: vec!["i-d6f6fae3".into()],
                },
            ),
            (
                "aws elb deregister-instances-from-load-balancer --load-balancer-name my-load-balancer --instances i-d6f6fae3",
                C::DeregisterInstancesFromLoadBalancer {
                    load_balancer_name: "my-load-balancer".into(),
                    instance_ids: vec!["i-d6f6fae3".into()],
                },
            ),
        ]);
    }
}
