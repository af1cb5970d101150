//! `aws sqs`: standard queues and their attributes — the operation table, the builder to
//! `Command` and the printer back.

use super::args::{Args, CliError, Context, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, List, Struct, Text};
use super::spec::{OperationSpec, ignored, op, opt, req};
use super::values::as_object;
use crate::sim::command::{Command, Read};
use serde_json::Value;

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "sqs",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-queue",
        &[req("--queue-name", Text), opt("--attributes", Struct)],
    ),
    op("delete-queue", &[req("--queue-url", Text)]),
    op(
        "set-queue-attributes",
        &[req("--queue-url", Text), req("--attributes", Struct)],
    ),
    // ---- reads
    op(
        "list-queues",
        &[
            opt("--queue-name-prefix", Text),
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "get-queue-url",
        &[
            req("--queue-name", Text),
            ignored("--queue-owner-aws-account-id", Text),
        ],
    ),
    op(
        "get-queue-attributes",
        &[req("--queue-url", Text), opt("--attribute-names", List)],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-queue" => Command::CreateQueue {
            queue_name: a.req("--queue-name")?,
            attributes: match a.structure("--attributes")? {
                Some(v) => queue_attributes(&v).ctx("--attributes")?,
                None => vec![],
            },
        },
        "delete-queue" => Command::DeleteQueue {
            queue_url: a.req("--queue-url")?,
        },
        "set-queue-attributes" => Command::SetQueueAttributes {
            queue_url: a.req("--queue-url")?,
            attributes: a.one("--attributes", queue_attributes)?,
        },
        "list-queues" => Command::Read(Read::ListQueues {
            queue_name_prefix: a.text("--queue-name-prefix"),
        }),
        "get-queue-url" => Command::Read(Read::GetQueueUrl {
            queue_name: a.req("--queue-name")?,
        }),
        "get-queue-attributes" => Command::Read(Read::GetQueueAttributes {
            queue_url: a.req("--queue-url")?,
            attribute_names: a.list("--attribute-names")?.unwrap_or_default(),
        }),
        _ => return Err(a.not_implemented()),
    })
}

/// `--attributes VisibilityTimeout=60,MessageRetentionPeriod=86400` (or the JSON map), as
/// (name, value) pairs sorted by name.
fn queue_attributes(v: &Value) -> Result<Vec<(String, String)>, String> {
    let m = as_object(v, "the attributes")?;
    let mut out = Vec::new();
    for (k, v) in m {
        let value = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(format!("the value of {k} must be a string")),
        };
        out.push((k.clone(), value));
    }
    out.sort();
    Ok(out)
}

// ---------------------------------------------------------------- print

/// Prints an SQS command as its `aws sqs …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateQueue {
            queue_name,
            attributes,
        } => {
            l = Line::new("sqs", "create-queue");
            l.opt("--queue-name", queue_name);
            if !attributes.is_empty() {
                l.opt("--attributes", &queue_attributes_json(attributes));
            }
        }
        C::DeleteQueue { queue_url } => {
            l = Line::new("sqs", "delete-queue");
            l.opt("--queue-url", queue_url);
        }
        C::SetQueueAttributes {
            queue_url,
            attributes,
        } => {
            l = Line::new("sqs", "set-queue-attributes");
            l.opt("--queue-url", queue_url)
                .opt("--attributes", &queue_attributes_json(attributes));
        }
        C::Read(Read::ListQueues { queue_name_prefix }) => {
            l = Line::new("sqs", "list-queues");
            l.opt_some("--queue-name-prefix", queue_name_prefix.as_deref());
        }
        C::Read(Read::GetQueueUrl { queue_name }) => {
            l = Line::new("sqs", "get-queue-url");
            l.opt("--queue-name", queue_name);
        }
        C::Read(Read::GetQueueAttributes {
            queue_url,
            attribute_names,
        }) => {
            l = Line::new("sqs", "get-queue-attributes");
            l.opt("--queue-url", queue_url)
                .list_nonempty("--attribute-names", attribute_names);
        }
        _ => return None,
    }
    Some(l.finish())
}

/// The attributes as the JSON map `create-queue` takes.
fn queue_attributes_json(attributes: &[(String, String)]) -> String {
    let m: serde_json::Map<String, Value> = attributes
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    Value::Object(m).to_string()
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![
        C::CreateQueue {
            queue_name: "orders".into(),
            attributes: vec![
                ("MessageRetentionPeriod".into(), "86400".into()),
                ("VisibilityTimeout".into(), "60".into()),
            ],
        },
        C::CreateQueue {
            queue_name: "plain".into(),
            attributes: vec![],
        },
        C::DeleteQueue {
            queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/orders".into(),
        },
        C::SetQueueAttributes {
            queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/orders".into(),
            attributes: vec![("VisibilityTimeout".into(), "120".into())],
        },
        C::Read(Read::ListQueues {
            queue_name_prefix: None,
        }),
        C::Read(Read::ListQueues {
            queue_name_prefix: Some("ord".into()),
        }),
        C::Read(Read::GetQueueUrl {
            queue_name: "orders".into(),
        }),
        C::Read(Read::GetQueueAttributes {
            queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/orders".into(),
            attribute_names: vec!["VisibilityTimeout".into(), "QueueArn".into()],
        }),
        C::Read(Read::GetQueueAttributes {
            queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/orders".into(),
            attribute_names: vec![],
        }),
    ]
}
