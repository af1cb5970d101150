//! The one table of supported services, operations and their options; parsing, required
//! checks, help and completion all read it.

use std::sync::OnceLock;

/// How an option takes its value, following aws-cli's argument types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// One word.
    Text,
    /// One word holding an integer.
    Int,
    /// One or more words (or one JSON list).
    List,
    /// No value; `--x` sets true and its `--no-x` form sets false.
    Bool,
    /// One word holding JSON or shorthand.
    Struct,
    /// One JSON list, or one or more JSON/shorthand structures.
    StructList,
}

/// One `--option` of an operation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OptionSpec {
    /// With the `--` prefix.
    pub name: &'static str,
    /// For [`ValueKind::Bool`]: the `--no-…` form.
    pub negated: Option<&'static str>,
    pub required: bool,
    pub kind: ValueKind,
    /// Accepted so documentation examples parse, but not modelled by GameDay.
    pub ignored: bool,
}

/// One `aws <service> <operation>`.
#[derive(Debug)]
pub(crate) struct OperationSpec {
    pub service: &'static str,
    pub name: &'static str,
    pub options: &'static [OptionSpec],
}

impl OperationSpec {
    /// The option called `name` (either form of a boolean), and whether it was the `--no-` form.
    pub(crate) fn find(&self, name: &str) -> Option<(&'static OptionSpec, bool)> {
        self.options.iter().find_map(|o| {
            if o.name == name {
                Some((o, false))
            } else if o.negated == Some(name) {
                Some((o, true))
            } else {
                None
            }
        })
    }
}

use ValueKind::{Bool, Int, List, Struct, StructList, Text};

const fn req(name: &'static str, kind: ValueKind) -> OptionSpec {
    OptionSpec {
        name,
        negated: None,
        required: true,
        kind,
        ignored: false,
    }
}

const fn opt(name: &'static str, kind: ValueKind) -> OptionSpec {
    OptionSpec {
        name,
        negated: None,
        required: false,
        kind,
        ignored: false,
    }
}

const fn flag(name: &'static str, negated: &'static str) -> OptionSpec {
    OptionSpec {
        name,
        negated: Some(negated),
        required: false,
        kind: Bool,
        ignored: false,
    }
}

const fn ignored(name: &'static str, kind: ValueKind) -> OptionSpec {
    OptionSpec {
        name,
        negated: None,
        required: false,
        kind,
        ignored: true,
    }
}

const fn op(
    service: &'static str,
    name: &'static str,
    options: &'static [OptionSpec],
) -> OperationSpec {
    OperationSpec {
        service,
        name,
        options,
    }
}

const INGRESS: &[OptionSpec] = &[
    req("--group-id", Text),
    opt("--ip-permissions", StructList),
    opt("--protocol", Text),
    opt("--port", Text),
    opt("--cidr", Text),
    opt("--source-group", Text),
];

const ELB_INSTANCES: &[OptionSpec] = &[req("--load-balancer-name", Text), req("--instances", List)];

const TARGETS: &[OptionSpec] = &[
    req("--target-group-arn", Text),
    req("--targets", StructList),
];

/// Every supported operation, grouped by service.
pub(crate) static OPERATIONS: &[OperationSpec] = &[
    // ---- ec2 ----
    op(
        "ec2",
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
        ],
    ),
    op("ec2", "terminate-instances", &[req("--instance-ids", List)]),
    op(
        "ec2",
        "create-subnet",
        &[
            req("--vpc-id", Text),
            req("--cidr-block", Text),
            opt("--availability-zone", Text),
            opt("--tag-specifications", StructList),
        ],
    ),
    op("ec2", "delete-subnet", &[req("--subnet-id", Text)]),
    op(
        "ec2",
        "create-network-interface",
        &[
            req("--subnet-id", Text),
            opt("--secondary-private-ip-address-count", Int),
            opt("--description", Text),
            ignored("--groups", List),
            ignored("--private-ip-address", Text),
        ],
    ),
    op(
        "ec2",
        "delete-network-interface",
        &[req("--network-interface-id", Text)],
    ),
    op(
        "ec2",
        "create-security-group",
        &[
            req("--group-name", Text),
            req("--description", Text),
            opt("--vpc-id", Text),
        ],
    ),
    op("ec2", "authorize-security-group-ingress", INGRESS),
    op("ec2", "revoke-security-group-ingress", INGRESS),
    op(
        "ec2",
        "create-route",
        &[
            req("--route-table-id", Text),
            req("--destination-cidr-block", Text),
            req("--gateway-id", Text),
        ],
    ),
    op(
        "ec2",
        "delete-route",
        &[
            req("--route-table-id", Text),
            req("--destination-cidr-block", Text),
        ],
    ),
    op(
        "ec2",
        "associate-route-table",
        &[req("--route-table-id", Text), req("--subnet-id", Text)],
    ),
    op("ec2", "allocate-address", &[opt("--domain", Text)]),
    op(
        "ec2",
        "associate-address",
        &[req("--allocation-id", Text), req("--instance-id", Text)],
    ),
    op("ec2", "release-address", &[req("--allocation-id", Text)]),
    op(
        "ec2",
        "create-launch-template",
        &[
            req("--launch-template-name", Text),
            opt("--version-description", Text),
            req("--launch-template-data", Struct),
        ],
    ),
    op(
        "ec2",
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
        "ec2",
        "modify-launch-template",
        &[
            opt("--launch-template-id", Text),
            opt("--launch-template-name", Text),
            req("--default-version", Text),
        ],
    ),
    // ---- elb (Classic) ----
    op(
        "elb",
        "create-load-balancer",
        &[
            req("--load-balancer-name", Text),
            req("--listeners", StructList),
            req("--subnets", List),
            opt("--security-groups", List),
            ignored("--scheme", Text),
        ],
    ),
    op(
        "elb",
        "delete-load-balancer",
        &[req("--load-balancer-name", Text)],
    ),
    op(
        "elb",
        "register-instances-with-load-balancer",
        ELB_INSTANCES,
    ),
    op(
        "elb",
        "deregister-instances-from-load-balancer",
        ELB_INSTANCES,
    ),
    // ---- elbv2 (Application) ----
    op(
        "elbv2",
        "create-load-balancer",
        &[
            req("--name", Text),
            req("--subnets", List),
            opt("--security-groups", List),
            opt("--type", Text),
            ignored("--scheme", Text),
        ],
    ),
    op(
        "elbv2",
        "delete-load-balancer",
        &[req("--load-balancer-arn", Text)],
    ),
    op(
        "elbv2",
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
        "elbv2",
        "modify-target-group-attributes",
        &[
            req("--target-group-arn", Text),
            req("--attributes", StructList),
        ],
    ),
    op("elbv2", "register-targets", TARGETS),
    op("elbv2", "deregister-targets", TARGETS),
    op(
        "elbv2",
        "create-listener",
        &[
            req("--load-balancer-arn", Text),
            req("--protocol", Text),
            req("--port", Int),
            req("--default-actions", StructList),
        ],
    ),
    op(
        "elbv2",
        "set-subnets",
        &[req("--load-balancer-arn", Text), req("--subnets", List)],
    ),
    // ---- autoscaling ----
    op(
        "autoscaling",
        "create-auto-scaling-group",
        &[
            req("--auto-scaling-group-name", Text),
            req("--launch-template", Struct),
            req("--min-size", Int),
            req("--max-size", Int),
            opt("--desired-capacity", Int),
            opt("--vpc-zone-identifier", Text),
            opt("--target-group-arns", List),
            opt("--load-balancer-names", List),
            opt("--health-check-type", Text),
            opt("--health-check-grace-period", Int),
            opt("--default-instance-warmup", Int),
            flag(
                "--new-instances-protected-from-scale-in",
                "--no-new-instances-protected-from-scale-in",
            ),
        ],
    ),
    op(
        "autoscaling",
        "update-auto-scaling-group",
        &[
            req("--auto-scaling-group-name", Text),
            opt("--launch-template", Struct),
            opt("--min-size", Int),
            opt("--max-size", Int),
            opt("--desired-capacity", Int),
            opt("--vpc-zone-identifier", Text),
            opt("--health-check-type", Text),
            opt("--health-check-grace-period", Int),
            opt("--default-instance-warmup", Int),
            flag(
                "--new-instances-protected-from-scale-in",
                "--no-new-instances-protected-from-scale-in",
            ),
        ],
    ),
    op(
        "autoscaling",
        "attach-load-balancer-target-groups",
        &[
            req("--auto-scaling-group-name", Text),
            req("--target-group-arns", List),
        ],
    ),
    op(
        "autoscaling",
        "set-desired-capacity",
        &[
            req("--auto-scaling-group-name", Text),
            req("--desired-capacity", Int),
            flag("--honor-cooldown", "--no-honor-cooldown"),
        ],
    ),
    op(
        "autoscaling",
        "put-scaling-policy",
        &[
            req("--auto-scaling-group-name", Text),
            req("--policy-name", Text),
            opt("--policy-type", Text),
            opt("--target-tracking-configuration", Struct),
            opt("--adjustment-type", Text),
            opt("--step-adjustments", StructList),
            ignored("--metric-aggregation-type", Text),
            opt("--estimated-instance-warmup", Int),
        ],
    ),
    op(
        "autoscaling",
        "execute-policy",
        &[
            req("--auto-scaling-group-name", Text),
            req("--policy-name", Text),
            opt("--metric-value", Text),
            opt("--breach-threshold", Text),
        ],
    ),
    op(
        "autoscaling",
        "put-scheduled-update-group-action",
        &[
            req("--auto-scaling-group-name", Text),
            req("--scheduled-action-name", Text),
            opt("--start-time", Text),
            opt("--recurrence", Text),
            opt("--min-size", Int),
            opt("--max-size", Int),
            opt("--desired-capacity", Int),
        ],
    ),
    op(
        "autoscaling",
        "delete-auto-scaling-group",
        &[
            req("--auto-scaling-group-name", Text),
            flag("--force-delete", "--no-force-delete"),
        ],
    ),
    // ---- route53 ----
    op(
        "route53",
        "change-resource-record-sets",
        &[req("--hosted-zone-id", Text), req("--change-batch", Struct)],
    ),
    // ---- cloudwatch ----
    op(
        "cloudwatch",
        "put-metric-alarm",
        &[
            req("--alarm-name", Text),
            ignored("--alarm-description", Text),
            req("--metric-name", Text),
            req("--namespace", Text),
            opt("--statistic", Text),
            opt("--extended-statistic", Text),
            opt("--dimensions", StructList),
            req("--period", Int),
            req("--evaluation-periods", Int),
            opt("--datapoints-to-alarm", Int),
            req("--threshold", Text),
            req("--comparison-operator", Text),
            opt("--treat-missing-data", Text),
            opt("--alarm-actions", List),
            ignored("--ok-actions", List),
            ignored("--unit", Text),
        ],
    ),
    op(
        "cloudwatch",
        "put-composite-alarm",
        &[
            req("--alarm-name", Text),
            ignored("--alarm-description", Text),
            req("--alarm-rule", Text),
            opt("--alarm-actions", List),
        ],
    ),
    op("cloudwatch", "delete-alarms", &[req("--alarm-names", List)]),
    // ---- cloudfront ----
    op(
        "cloudfront",
        "create-distribution",
        &[
            req("--origin-domain-name", Text),
            opt("--default-root-object", Text),
        ],
    ),
    op(
        "cloudfront",
        "create-cache-policy",
        &[req("--cache-policy-config", Struct)],
    ),
    op(
        "cloudfront",
        "update-distribution",
        &[
            req("--id", Text),
            req("--distribution-config", Struct),
            ignored("--if-match", Text),
        ],
    ),
    op(
        "cloudfront",
        "delete-distribution",
        &[req("--id", Text), ignored("--if-match", Text)],
    ),
    // ---- elasticache ----
    op(
        "elasticache",
        "create-cache-cluster",
        &[
            req("--cache-cluster-id", Text),
            req("--engine", Text),
            req("--cache-node-type", Text),
            req("--num-cache-nodes", Int),
        ],
    ),
    op(
        "elasticache",
        "delete-cache-cluster",
        &[req("--cache-cluster-id", Text)],
    ),
    // ---- RDS ----
    op(
        "rds",
        "create-db-instance",
        &[
            req("--db-instance-identifier", Text),
            req("--db-instance-class", Text),
            req("--engine", Text),
            opt("--allocated-storage", Int),
            flag("--multi-az", "--no-multi-az"),
            ignored("--master-username", Text),
            ignored("--master-user-password", Text),
        ],
    ),
    op(
        "rds",
        "modify-db-instance",
        &[
            req("--db-instance-identifier", Text),
            opt("--db-instance-class", Text),
            flag("--multi-az", "--no-multi-az"),
            flag("--apply-immediately", "--no-apply-immediately"),
        ],
    ),
    op(
        "rds",
        "reboot-db-instance",
        &[
            req("--db-instance-identifier", Text),
            flag("--force-failover", "--no-force-failover"),
        ],
    ),
    op(
        "rds",
        "delete-db-instance",
        &[
            req("--db-instance-identifier", Text),
            flag("--skip-final-snapshot", "--no-skip-final-snapshot"),
            ignored("--final-db-snapshot-identifier", Text),
        ],
    ),
    // ---- SQS ----
    op(
        "sqs",
        "create-queue",
        &[req("--queue-name", Text), opt("--attributes", Struct)],
    ),
    op("sqs", "delete-queue", &[req("--queue-url", Text)]),
    op(
        "sqs",
        "set-queue-attributes",
        &[req("--queue-url", Text), req("--attributes", Struct)],
    ),
    // ---- Lambda ----
    op(
        "lambda",
        "create-function",
        &[
            req("--function-name", Text),
            req("--runtime", Text),
            req("--role", Text),
            req("--handler", Text),
            opt("--memory-size", Int),
            opt("--timeout", Int),
            ignored("--zip-file", Text),
        ],
    ),
    op(
        "lambda",
        "put-function-concurrency",
        &[
            req("--function-name", Text),
            req("--reserved-concurrent-executions", Int),
        ],
    ),
    op(
        "lambda",
        "put-provisioned-concurrency-config",
        &[
            req("--function-name", Text),
            req("--qualifier", Text),
            req("--provisioned-concurrent-executions", Int),
        ],
    ),
    op("lambda", "delete-function", &[req("--function-name", Text)]),
    // ---- ECS ----
    op("ecs", "create-cluster", &[opt("--cluster-name", Text)]),
    op(
        "ecs",
        "create-service",
        &[
            opt("--cluster", Text),
            req("--service-name", Text),
            req("--task-definition", Text),
            opt("--desired-count", Int),
            ignored("--launch-type", Text),
        ],
    ),
    op(
        "ecs",
        "update-service",
        &[
            opt("--cluster", Text),
            req("--service", Text),
            opt("--desired-count", Int),
        ],
    ),
    // ---- WAF ----
    op(
        "wafv2",
        "create-web-acl",
        &[
            req("--name", Text),
            req("--scope", Text),
            ignored("--default-action", Text),
            ignored("--description", Text),
            opt("--rules", StructList),
            ignored("--visibility-config", Text),
        ],
    ),
    op(
        "wafv2",
        "update-web-acl",
        &[
            req("--name", Text),
            req("--scope", Text),
            req("--id", Text),
            req("--lock-token", Text),
            ignored("--default-action", Text),
            opt("--rules", StructList),
            ignored("--visibility-config", Text),
        ],
    ),
    op(
        "wafv2",
        "delete-web-acl",
        &[
            req("--name", Text),
            req("--scope", Text),
            req("--id", Text),
            req("--lock-token", Text),
        ],
    ),
    op(
        "wafv2",
        "associate-web-acl",
        &[req("--web-acl-arn", Text), req("--resource-arn", Text)],
    ),
    op(
        "wafv2",
        "create-ip-set",
        &[
            req("--name", Text),
            req("--scope", Text),
            req("--ip-address-version", Text),
            req("--addresses", List),
            ignored("--description", Text),
        ],
    ),
    // ---- IAM ----
    op("iam", "list-access-keys", &[opt("--user-name", Text)]),
    op(
        "iam",
        "update-access-key",
        &[
            opt("--user-name", Text),
            req("--access-key-id", Text),
            req("--status", Text),
        ],
    ),
    op(
        "iam",
        "delete-access-key",
        &[opt("--user-name", Text), req("--access-key-id", Text)],
    ),
    // ---- Savings Plans ----
    op(
        "savingsplans",
        "create-savings-plan",
        &[
            req("--savings-plan-offering-id", Text),
            req("--commitment", Text),
            ignored("--upfront-payment-amount", Text),
            ignored("--purchase-time", Text),
        ],
    ),
    // ---- EC2 instance state ----
    op("ec2", "stop-instances", &[req("--instance-ids", List)]),
    op("ec2", "start-instances", &[req("--instance-ids", List)]),
    op(
        "ec2",
        "modify-instance-attribute",
        &[
            req("--instance-id", Text),
            opt("--instance-type", Struct),
            opt("--attribute", Text),
            opt("--value", Text),
        ],
    ),
];

/// Services and their operation names, both sorted as aws-cli lists them.
fn index() -> &'static [(&'static str, Vec<&'static str>)] {
    static INDEX: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for spec in OPERATIONS {
            match index.iter_mut().find(|(s, _)| *s == spec.service) {
                Some((_, ops)) => ops.push(spec.name),
                None => index.push((spec.service, vec![spec.name])),
            }
        }
        index.sort_by_key(|(s, _)| *s);
        for (_, ops) in &mut index {
            ops.sort_unstable();
        }
        index
    })
}

/// The operation `aws <service> <operation>`, if supported.
pub(crate) fn find(service: &str, operation: &str) -> Option<&'static OperationSpec> {
    OPERATIONS
        .iter()
        .find(|o| o.service == service && o.name == operation)
}

/// Supported services (`ec2`, `elb`, …), sorted.
pub fn services() -> &'static [&'static str] {
    static SERVICES: OnceLock<Vec<&'static str>> = OnceLock::new();
    SERVICES.get_or_init(|| index().iter().map(|(s, _)| *s).collect())
}

/// Supported operations of a service, sorted; empty for an unknown service.
pub fn operations(service: &str) -> &'static [&'static str] {
    index()
        .iter()
        .find(|(s, _)| *s == service)
        .map_or(&[], |(_, ops)| ops.as_slice())
}

/// Every option of an operation, with the `--` prefix, including `--no-…` forms;
/// empty for an unknown operation.
pub fn options(service: &str, operation: &str) -> Vec<&'static str> {
    find(service, operation).map_or_else(Vec::new, |spec| {
        spec.options
            .iter()
            .flat_map(|o| std::iter::once(o.name).chain(o.negated))
            .collect()
    })
}

/// The options an operation cannot run without, with the `--` prefix.
pub fn required_options(service: &str, operation: &str) -> Vec<&'static str> {
    find(service, operation).map_or_else(Vec::new, |spec| {
        spec.options
            .iter()
            .filter(|o| o.required)
            .map(|o| o.name)
            .collect()
    })
}

/// How an option takes its value, as forms and completion need to know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionShape {
    /// One word (text, a number, or one JSON/shorthand structure).
    Word,
    /// One or more words.
    Words,
    /// No value: `--x` or its `--no-x` form.
    Flag,
}

/// One option of an operation, for building forms and completing values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionInfo {
    /// With the `--` prefix.
    pub name: &'static str,
    /// The `--no-…` form of a flag.
    pub negated: Option<&'static str>,
    pub required: bool,
    pub shape: OptionShape,
    /// Accepted but without effect in GameDay.
    pub ignored: bool,
}

/// The options of an operation in table order; empty for an unknown operation.
pub fn option_info(service: &str, operation: &str) -> Vec<OptionInfo> {
    find(service, operation).map_or_else(Vec::new, |spec| {
        spec.options
            .iter()
            .map(|o| OptionInfo {
                name: o.name,
                negated: o.negated,
                required: o.required,
                shape: match o.kind {
                    Bool => OptionShape::Flag,
                    List | StructList => OptionShape::Words,
                    Text | Int | Struct => OptionShape::Word,
                },
                ignored: o.ignored,
            })
            .collect()
    })
}

/// A usage synopsis like aws-cli's (`--name <value>`, `[--x <value> [<value> ...]]`).
pub fn synopsis(service: &str, operation: &str) -> Option<String> {
    let spec = find(service, operation)?;
    let mut out = format!("usage: aws {service} {operation}");
    for o in spec.options {
        let body = match (o.kind, o.negated) {
            (Bool, Some(no)) => format!("{} | {no}", o.name),
            (Bool, None) => o.name.to_string(),
            (List | StructList, _) => format!("{} <value> [<value> ...]", o.name),
            _ => format!("{} <value>", o.name),
        };
        out.push_str("\n  ");
        if o.required {
            out.push_str(&body);
        } else {
            out.push_str(&format!("[{body}]"));
        }
        if o.ignored {
            out.push_str("  (accepted, no effect in GameDay)");
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_and_operations_are_sorted_and_complete() {
        assert_eq!(
            services(),
            [
                "autoscaling",
                "cloudfront",
                "cloudwatch",
                "ec2",
                "ecs",
                "elasticache",
                "elb",
                "elbv2",
                "iam",
                "lambda",
                "rds",
                "route53",
                "savingsplans",
                "sqs",
                "wafv2"
            ]
        );
        let total: usize = services().iter().map(|s| operations(s).len()).sum();
        assert_eq!(total, OPERATIONS.len());
        for s in services() {
            let ops = operations(s);
            assert!(ops.windows(2).all(|w| w[0] < w[1]), "{s}: {ops:?}");
        }
        assert!(operations("s3").is_empty());
    }

    #[test]
    fn option_names_are_well_formed_and_unique() {
        for spec in OPERATIONS {
            let names = options(spec.service, spec.name);
            for n in &names {
                assert!(n.starts_with("--"), "{n}");
                assert_eq!(n.to_ascii_lowercase(), *n);
            }
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", spec.name);
            for o in spec.options {
                assert_eq!(o.kind == Bool, o.negated.is_some(), "{}", o.name);
            }
        }
    }

    #[test]
    fn completion_lists() {
        let opts = options("autoscaling", "set-desired-capacity");
        assert!(opts.contains(&"--honor-cooldown"));
        assert!(opts.contains(&"--no-honor-cooldown"));
        assert_eq!(
            required_options("elbv2", "create-load-balancer"),
            ["--name", "--subnets"]
        );
        assert!(options("ec2", "nope").is_empty());
        assert!(required_options("nope", "nope").is_empty());
    }

    #[test]
    fn option_info_describes_shapes() {
        let info = option_info("autoscaling", "set-desired-capacity");
        assert_eq!(info[0].name, "--auto-scaling-group-name");
        assert!(info[0].required);
        assert_eq!(info[0].shape, OptionShape::Word);
        assert_eq!(info[2].shape, OptionShape::Flag);
        assert_eq!(info[2].negated, Some("--no-honor-cooldown"));
        let info = option_info("ec2", "terminate-instances");
        assert_eq!(info[0].shape, OptionShape::Words);
        assert!(option_info("ec2", "nope").is_empty());
    }

    #[test]
    fn synopsis_marks_optional_options() {
        let s = synopsis("autoscaling", "set-desired-capacity").unwrap();
        assert!(s.contains("\n  --auto-scaling-group-name <value>"));
        assert!(s.contains("[--honor-cooldown | --no-honor-cooldown]"));
        let s = synopsis("ec2", "terminate-instances").unwrap();
        assert!(s.contains("--instance-ids <value> [<value> ...]"));
        assert!(synopsis("ec2", "nope").is_none());
        let s = synopsis("ec2", "run-instances").unwrap();
        assert!(s.contains("[--key-name <value>]  (accepted, no effect in GameDay)"));
    }
}
