//! `aws cloudtrail`: looking up the account's events (`lookup-events`) — the operation
//! table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::{Line, pairs};
use super::spec::ValueKind::{Int, StructList, Text};
use super::spec::{OperationSpec, ignored, op, opt};
use super::values::{as_object, req_str};
use crate::sim::command::{Command, Read};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "cloudtrail",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[op(
    "lookup-events",
    &[
        opt("--lookup-attributes", StructList),
        opt("--max-results", Int),
        ignored("--start-time", Text),
        ignored("--end-time", Text),
        ignored("--max-items", Int),
        ignored("--starting-token", Text),
    ],
)];

/// `AttributeKey=EventName,AttributeValue=DeleteLoadBalancer`.
fn attribute(v: &Value) -> Result<(String, String), String> {
    let m = as_object(v, "a lookup attribute")?;
    Ok((req_str(m, "AttributeKey")?, req_str(m, "AttributeValue")?))
}

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "lookup-events" => Command::Read(Read::LookupEvents {
            lookup_attributes: a.each("--lookup-attributes", attribute)?,
            max_results: a.int("--max-results")?,
        }),
        _ => return Err(a.not_implemented()),
    })
}

/// Prints a CloudTrail command as its `aws cloudtrail …` line; `None` for another
/// service's command.
fn print(cmd: &Command) -> Option<String> {
    match cmd {
        Command::Read(Read::LookupEvents {
            lookup_attributes,
            max_results,
        }) => {
            let mut l = Line::new("cloudtrail", "lookup-events");
            if !lookup_attributes.is_empty() {
                let items: Vec<_> = lookup_attributes
                    .iter()
                    .map(|(k, v)| {
                        pairs(
                            &[("AttributeKey", k.clone()), ("AttributeValue", v.clone())],
                            json!({"AttributeKey": k, "AttributeValue": v}),
                        )
                    })
                    .collect();
                l.structures("--lookup-attributes", &items);
            }
            l.int_some("--max-results", *max_results);
            Some(l.finish())
        }
        _ => None,
    }
}

#[cfg(test)]
fn samples() -> Vec<Command> {
    vec![
        Command::Read(Read::LookupEvents {
            lookup_attributes: vec![],
            max_results: None,
        }),
        Command::Read(Read::LookupEvents {
            lookup_attributes: vec![("EventName".into(), "DeleteLoadBalancer".into())],
            max_results: Some(5),
        }),
        Command::Read(Read::LookupEvents {
            lookup_attributes: vec![("Username".into(), "a, b=c".into())],
            max_results: None,
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_attributes_are_read_like_aws_cli() {
        // awscli/examples/cloudtrail/lookup-events.rst
        assert_eq!(
            CLI.ok("aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=MyUser --max-results 1"),
            Command::Read(Read::LookupEvents {
                lookup_attributes: vec![("ResourceName".into(), "MyUser".into())],
                max_results: Some(1),
            })
        );
    }
}
