//! `aws lambda`: functions, reserved concurrency and provisioned concurrency — the
//! operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, Text};
use super::spec::{OperationSpec, ignored, op, opt, req};
use crate::sim::command::{Command, Read};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "lambda",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
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
        "put-function-concurrency",
        &[
            req("--function-name", Text),
            req("--reserved-concurrent-executions", Int),
        ],
    ),
    op(
        "put-provisioned-concurrency-config",
        &[
            req("--function-name", Text),
            req("--qualifier", Text),
            req("--provisioned-concurrent-executions", Int),
        ],
    ),
    op("delete-function", &[req("--function-name", Text)]),
    // ---- reads
    op(
        "list-functions",
        &[
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "get-function",
        &[req("--function-name", Text), ignored("--qualifier", Text)],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-function" => Command::CreateFunction {
            function_name: a.req("--function-name")?,
            runtime: a.req("--runtime")?,
            role: a.req("--role")?,
            handler: a.req("--handler")?,
            memory_size: a.int("--memory-size")?,
            timeout: a.int("--timeout")?,
        },
        "put-function-concurrency" => Command::PutFunctionConcurrency {
            function_name: a.req("--function-name")?,
            reserved_concurrent_executions: a.req_int("--reserved-concurrent-executions")?,
        },
        "put-provisioned-concurrency-config" => Command::PutProvisionedConcurrencyConfig {
            function_name: a.req("--function-name")?,
            qualifier: a.req("--qualifier")?,
            provisioned_concurrent_executions: a.req_int("--provisioned-concurrent-executions")?,
        },
        "delete-function" => Command::DeleteFunction {
            function_name: a.req("--function-name")?,
        },
        "list-functions" => Command::Read(Read::ListFunctions),
        "get-function" => Command::Read(Read::GetFunction {
            function_name: a.req("--function-name")?,
        }),
        _ => return Err(a.not_implemented()),
    })
}

// ---------------------------------------------------------------- print

/// Prints a Lambda command as its `aws lambda …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateFunction {
            function_name,
            runtime,
            role,
            handler,
            memory_size,
            timeout,
        } => {
            l = Line::new("lambda", "create-function");
            l.opt("--function-name", function_name)
                .opt("--runtime", runtime)
                .opt("--role", role)
                .opt("--handler", handler)
                .int_some("--memory-size", *memory_size)
                .int_some("--timeout", *timeout);
        }
        C::PutFunctionConcurrency {
            function_name,
            reserved_concurrent_executions,
        } => {
            l = Line::new("lambda", "put-function-concurrency");
            l.opt("--function-name", function_name).int(
                "--reserved-concurrent-executions",
                reserved_concurrent_executions,
            );
        }
        C::PutProvisionedConcurrencyConfig {
            function_name,
            qualifier,
            provisioned_concurrent_executions,
        } => {
            l = Line::new("lambda", "put-provisioned-concurrency-config");
            l.opt("--function-name", function_name)
                .opt("--qualifier", qualifier)
                .int(
                    "--provisioned-concurrent-executions",
                    provisioned_concurrent_executions,
                );
        }
        C::DeleteFunction { function_name } => {
            l = Line::new("lambda", "delete-function");
            l.opt("--function-name", function_name);
        }
        C::Read(Read::ListFunctions) => l = Line::new("lambda", "list-functions"),
        C::Read(Read::GetFunction { function_name }) => {
            l = Line::new("lambda", "get-function");
            l.opt("--function-name", function_name);
        }
        _ => return None,
    }
    Some(l.finish())
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![
        C::CreateFunction {
            function_name: "fan-signup".into(),
            runtime: "python3.12".into(),
            role: "arn:aws:iam::123456789012:role/fan-signup".into(),
            handler: "app.handler".into(),
            memory_size: Some(1024),
            timeout: Some(10),
        },
        C::CreateFunction {
            function_name: "tiny".into(),
            runtime: "nodejs20.x".into(),
            role: "arn:aws:iam::123456789012:role/tiny".into(),
            handler: "index.handler".into(),
            memory_size: None,
            timeout: None,
        },
        C::PutFunctionConcurrency {
            function_name: "fan-signup".into(),
            reserved_concurrent_executions: 400,
        },
        C::PutProvisionedConcurrencyConfig {
            function_name: "fan-signup".into(),
            qualifier: "live".into(),
            provisioned_concurrent_executions: 100,
        },
        C::DeleteFunction {
            function_name: "tiny".into(),
        },
        C::Read(Read::ListFunctions),
        C::Read(Read::GetFunction {
            function_name: "lottery-entry".into(),
        }),
    ]
}
