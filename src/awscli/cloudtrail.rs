//! `aws cloudtrail`: looking up the account's events (`lookup-events`) — the operation
//! table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::{Line, pairs};
use super::spec::ValueKind::{Int, StructList, Text};
use super::spec::{OperationSpec, ignored, op, opt};
use super::times::{print_timestamp, timestamp};
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
        opt("--start-time", Text),
        opt("--end-time", Text),
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
            start_time: timestamp(a, "--start-time")?,
            end_time: timestamp(a, "--end-time")?,
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
            start_time,
            end_time,
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
            l.opt_some("--start-time", start_time.map(print_timestamp).as_deref())
                .opt_some("--end-time", end_time.map(print_timestamp).as_deref())
                .int_some("--max-results", *max_results);
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
            start_time: None,
            end_time: None,
            max_results: None,
        }),
        Command::Read(Read::LookupEvents {
            lookup_attributes: vec![("EventName".into(), "DeleteLoadBalancer".into())],
            start_time: Some(1_795_338_000),
            end_time: Some(1_795_341_600),
            max_results: Some(5),
        }),
        Command::Read(Read::LookupEvents {
            lookup_attributes: vec![("Username".into(), "a, b=c".into())],
            start_time: None,
            end_time: Some(0),
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
                start_time: None,
                end_time: None,
                max_results: Some(1),
            })
        );
        // the time range in ISO-8601 or epoch seconds, as aws-cli reads timestamps
        assert_eq!(
            CLI.ok("aws cloudtrail lookup-events --start-time 2026-11-22T09:00:00Z --end-time 1795341600"),
            Command::Read(Read::LookupEvents {
                lookup_attributes: vec![],
                start_time: Some(1_795_338_000),
                end_time: Some(1_795_341_600),
                max_results: None,
            })
        );
        assert!(
            CLI.err("aws cloudtrail lookup-events --start-time soon")
                .contains("Invalid timestamp \"soon\"")
        );
    }
}
