//! The table of supported services — one entry per service file — and what it tells help
//! and completion: services, operations, options, synopsis. `parse_line` finds a service's
//! operation here; `to_cli` asks the services' printers in turn.

use std::sync::OnceLock;

use super::args::ServiceCli;
use super::spec::OperationSpec;
use super::spec::ValueKind::{Bool, Int, List, Struct, StructList, Text};
use super::{
    autoscaling, cloudfront, cloudtrail, cloudwatch, ec2, ecs, elasticache, elb, elbv2, iam,
    lambda, rds, route53, savingsplans, sqs, sts, wafv2,
};

/// Every supported service (`aws <name> …`): its operations, builder and printer.
pub(crate) static SERVICES: &[&ServiceCli] = &[
    &ec2::CLI,
    &elb::CLI,
    &elbv2::CLI,
    &autoscaling::CLI,
    &route53::CLI,
    &cloudwatch::CLI,
    &cloudtrail::CLI,
    &cloudfront::CLI,
    &elasticache::CLI,
    &rds::CLI,
    &sqs::CLI,
    &lambda::CLI,
    &ecs::CLI,
    &wafv2::CLI,
    &iam::CLI,
    &savingsplans::CLI,
    &sts::CLI,
];

/// Services and their operation names, both sorted as aws-cli lists them.
fn index() -> &'static [(&'static str, Vec<&'static str>)] {
    static INDEX: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: Vec<(&'static str, Vec<&'static str>)> = SERVICES
            .iter()
            .map(|s| {
                let mut ops: Vec<&'static str> = s.operations.iter().map(|o| o.name).collect();
                ops.sort_unstable();
                (s.name, ops)
            })
            .collect();
        index.sort_by_key(|(s, _)| *s);
        index
    })
}

/// The service `aws <name>`, if supported.
pub(crate) fn service(name: &str) -> Option<&'static ServiceCli> {
    SERVICES.iter().copied().find(|s| s.name == name)
}

/// The operation `aws <service> <operation>`, if supported.
fn find(service_name: &str, operation: &str) -> Option<&'static OperationSpec> {
    service(service_name)?.operation(operation)
}

/// Supported services (`ec2`, `elb`, …), sorted.
pub fn services() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| index().iter().map(|(s, _)| *s).collect())
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
                "cloudtrail",
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
                "sts",
                "wafv2"
            ]
        );
        let total: usize = services().iter().map(|s| operations(s).len()).sum();
        let listed: usize = SERVICES.iter().map(|s| s.operations.len()).sum();
        assert_eq!(total, listed);
        for s in services() {
            let ops = operations(s);
            assert!(ops.windows(2).all(|w| w[0] < w[1]), "{s}: {ops:?}");
        }
        assert!(operations("s3").is_empty());
    }

    #[test]
    fn option_names_are_well_formed_and_unique() {
        for (service, spec) in SERVICES
            .iter()
            .flat_map(|s| s.operations.iter().map(|o| (s.name, o)))
        {
            let names = options(service, spec.name);
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
