//! Reading one `aws …` line: shell words, global options, `help`, the service and
//! operation looked up in the catalog; then the service's own file collects the options
//! and builds the `Command`.

use super::args::{CliError, split_inline};
use super::catalog;
use super::output::{OutputFormat, OutputOptions, compile_query};
use super::shell;
use crate::sim::command::Command;

/// Global options that take a value; accepted anywhere and ignored.
const GLOBAL_WITH_VALUE: &[&str] = &[
    "--region",
    "--output",
    "--profile",
    "--query",
    "--endpoint-url",
    "--color",
    "--cli-read-timeout",
    "--cli-connect-timeout",
    "--ca-bundle",
    "--cli-binary-format",
];

/// Global switches; accepted anywhere and ignored.
const GLOBAL_FLAGS: &[&str] = &[
    "--no-cli-pager",
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
    "--no-sign-request",
    "--no-cli-auto-prompt",
];

const OUTPUT_CHOICES: &[&str] = &["json", "text", "table", "yaml", "yaml-stream"];

/// Options real aws-cli has that GameDay refuses, with the reason.
const UNSUPPORTED: &[(&str, &str)] = &[
    (
        "--dry-run",
        "--dry-run is not supported in GameDay: every command really runs",
    ),
    (
        "--no-dry-run",
        "--no-dry-run is not needed in GameDay: every command really runs",
    ),
    (
        "--cli-input-json",
        "--cli-input-json is not supported in GameDay: give each option on the command line",
    ),
    (
        "--cli-input-yaml",
        "--cli-input-yaml is not supported in GameDay: give each option on the command line",
    ),
    (
        "--generate-cli-skeleton",
        "--generate-cli-skeleton is not supported in GameDay",
    ),
    (
        "--cli-auto-prompt",
        "--cli-auto-prompt is not supported in GameDay: use tab completion instead",
    ),
];

/// Parses one `aws <service> <operation> [options]` line (the leading `aws` is optional).
pub fn parse_line(line: &str) -> Result<Command, CliError> {
    parse_request(line).map(|(cmd, _)| cmd)
}

/// [`parse_line`] with how the answer is to be printed (`--output`, `--query`).
pub fn parse_request(line: &str) -> Result<(Command, OutputOptions), CliError> {
    let words = shell::split(line).map_err(|e| CliError::new(e.message()))?;
    let (words, output) = strip_globals(words)?;
    Ok((parse_words(&words)?, output))
}

fn parse_words(words: &[String]) -> Result<Command, CliError> {
    let words = match words.first() {
        Some(w) if w == "aws" => &words[1..],
        _ => words,
    };
    let Some(service) = words.first() else {
        return Err(CliError::required(&["command"]));
    };
    if service == "help" {
        return Err(CliError::new(format!(
            "GameDay supports these services:\n\n{}",
            columns(catalog::services())
        )));
    }
    let Some(cli) = catalog::service(service) else {
        return Err(invalid_choice("command", service, catalog::services()));
    };
    let Some(operation) = words.get(1) else {
        return Err(CliError::required(&["operation"]));
    };
    let ops = catalog::operations(service);
    if operation == "help" {
        return Err(CliError::new(format!(
            "GameDay supports these {service} operations:\n\n{}",
            columns(ops)
        )));
    }
    let Some(spec) = cli.operation(operation) else {
        return Err(invalid_choice("operation", operation, ops));
    };
    let rest = &words[2..];
    if rest.last().is_some_and(|w| w == "help")
        && (rest.len() == 1 || !rest[rest.len() - 2].starts_with("--"))
    {
        return Err(CliError::new(
            catalog::synopsis(service, operation).unwrap_or_default(),
        ));
    }
    cli.read(spec, rest)
}

/// Removes global options (and their values) wherever they appear; keeps `--output` and
/// `--query` (a query that is not JMESPath fails here, as in aws-cli).
fn strip_globals(words: Vec<String>) -> Result<(Vec<String>, OutputOptions), CliError> {
    let mut output = OutputOptions::default();
    let mut out = Vec::with_capacity(words.len());
    let mut it = words.into_iter().peekable();
    while let Some(word) = it.next() {
        if !word.starts_with("--") {
            out.push(word);
            continue;
        }
        let (name, inline) = split_inline(&word);
        if let Some((_, why)) = UNSUPPORTED.iter().find(|(n, _)| *n == name) {
            return Err(CliError::new(format!("aws: error: {why}")));
        }
        if GLOBAL_WITH_VALUE.contains(&name) {
            let value = match inline {
                Some(v) => v.to_string(),
                None => match it.next_if(|v| !v.starts_with("--")) {
                    Some(v) => v,
                    None => return Err(CliError::expected_one(name)),
                },
            };
            if name == "--output" {
                output.format = OutputFormat::parse(&value)
                    .ok_or_else(|| invalid_choice("--output", &value, OUTPUT_CHOICES))?;
            }
            if name == "--query" {
                if let Err(e) = compile_query(&value) {
                    return Err(CliError::new(format!("aws: error: argument --query: {e}")));
                }
                output.query = Some(value);
            }
        } else if GLOBAL_FLAGS.contains(&name) {
            if let Some(v) = inline {
                return Err(CliError::ignored_explicit(name, v));
            }
        } else {
            out.push(word);
        }
    }
    Ok((out, output))
}

/// Choices two to a line, as aws-cli prints them.
fn columns(choices: &[&str]) -> String {
    choices
        .chunks(2)
        .map(|pair| match pair {
            [a, b] => format!("{a:<40} | {b}"),
            [a] => a.to_string(),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `aws: error: argument <what>: Invalid choice, valid choices are: …`, with close matches.
fn invalid_choice(what: &str, value: &str, choices: &[&str]) -> CliError {
    let mut msg = format!(
        "aws: error: argument {what}: Invalid choice, valid choices are:\n\n{}",
        columns(choices)
    );
    let close: Vec<&&str> = choices.iter().filter(|c| similar(value, c)).collect();
    if !close.is_empty() {
        msg.push_str(&format!(
            "\n\nInvalid choice: '{value}', maybe you meant:\n"
        ));
        for c in close {
            msg.push_str(&format!("\n  * {c}"));
        }
    }
    CliError::new(msg)
}

/// Close enough to suggest: edit distance at most a quarter of the longer word.
fn similar(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) * 4 > a.len().max(b.len()) {
        return false;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()] * 4 <= a.len().max(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: &str) -> String {
        parse_line(line).unwrap_err().message
    }

    #[test]
    fn service_and_operation_errors() {
        let e = err("aws s3 ls");
        assert!(
            e.starts_with("aws: error: argument command: Invalid choice, valid choices are:"),
            "{e}"
        );
        assert!(e.contains("autoscaling") && e.contains("route53"));
        let e = err("aws ec2 run-instance");
        assert!(
            e.starts_with("aws: error: argument operation: Invalid choice, valid choices are:"),
            "{e}"
        );
        assert!(e.contains("maybe you meant:\n\n  * run-instances"), "{e}");
        assert!(e.contains("terminate-instances"));
        assert_eq!(
            err(""),
            "aws: error: the following arguments are required: command"
        );
        assert_eq!(
            err("aws"),
            "aws: error: the following arguments are required: command"
        );
        assert_eq!(
            err("aws ec2"),
            "aws: error: the following arguments are required: operation"
        );
    }

    #[test]
    fn missing_and_unknown_options() {
        assert_eq!(
            err("aws elbv2 create-load-balancer"),
            "aws: error: the following arguments are required: --name, --subnets"
        );
        assert_eq!(
            err("aws ec2 delete-subnet --subnet-id subnet-1 --foo bar"),
            "Unknown options: --foo, bar"
        );
        assert_eq!(
            err("aws ec2 terminate-instances --instance-ids i-1 --force"),
            "Unknown options: --force"
        );
        assert_eq!(
            err("aws ec2 delete-subnet --subnet-id subnet-1 extra"),
            "Unknown options: extra"
        );
        assert_eq!(
            err("aws ec2 delete-subnet --subnet-id"),
            "aws: error: argument --subnet-id: expected one argument"
        );
        assert_eq!(
            err("aws ec2 terminate-instances --instance-ids --region x"),
            "aws: error: argument --instance-ids: expected at least one argument"
        );
        assert_eq!(
            err(
                "aws autoscaling set-desired-capacity --auto-scaling-group-name a --desired-capacity six"
            ),
            "Error parsing parameter '--desired-capacity': invalid int value: 'six'"
        );
        assert!(err("aws autoscaling set-desired-capacity --auto-scaling-group-name a --desired-capacity -1").contains("out of range"));
        assert!(err("aws autoscaling set-desired-capacity --auto-scaling-group-name a --desired-capacity 2 --honor-cooldown=yes").contains("ignored explicit argument 'yes'"));
    }

    #[test]
    fn globals_are_accepted_anywhere_and_ignored() {
        let plain = parse_line("aws ec2 delete-subnet --subnet-id subnet-1").unwrap();
        for line in [
            "aws --region us-east-1 ec2 delete-subnet --subnet-id subnet-1",
            "aws ec2 delete-subnet --subnet-id subnet-1 --output table --no-cli-pager",
            "aws ec2 --profile x delete-subnet --region=eu-west-1 --subnet-id subnet-1 --debug",
            "ec2 delete-subnet --subnet-id=subnet-1",
        ] {
            assert_eq!(parse_line(line).unwrap(), plain, "{line}");
        }
        assert!(
            err("aws ec2 delete-subnet --subnet-id subnet-1 --output xml")
                .contains("argument --output: Invalid choice")
        );
        assert_eq!(
            err("aws ec2 delete-subnet --subnet-id subnet-1 --region"),
            "aws: error: argument --region: expected one argument"
        );
    }

    #[test]
    fn unsupported_things_are_refused_clearly() {
        assert!(
            err("aws ec2 run-instances --image-id ami-1 --dry-run")
                .contains("--dry-run is not supported")
        );
        assert!(
            err("aws autoscaling create-auto-scaling-group --cli-input-json x")
                .contains("--cli-input-json")
        );
        let e = err("aws ec2 run-instances --image-id ami-1 --user-data file://my_script.txt");
        assert!(
            e.starts_with("Error parsing parameter '--user-data': file://"),
            "{e}"
        );
        assert!(err("aws ec2 run-instances | jq").contains("pipes"));
        assert!(err("aws ec2 run-instances --user-data 'oops").contains("unterminated quote"));
    }

    #[test]
    fn help_shows_choices_and_synopsis() {
        assert!(err("aws help").contains("elbv2"));
        assert!(err("aws ec2 help").contains("create-subnet"));
        let e = err("aws ec2 delete-subnet help");
        assert!(
            e.starts_with("usage: aws ec2 delete-subnet\n  --subnet-id <value>"),
            "{e}"
        );
        // "help" as an option's value is just a value.
        assert!(
            parse_line("aws ec2 create-security-group --group-name g --description help").is_ok()
        );
    }

    #[test]
    fn similarity() {
        assert!(similar("run-instance", "run-instances"));
        assert!(similar("create-loadbalancer", "create-load-balancer"));
        assert!(!similar("ls", "run-instances"));
        assert!(!similar("", "x"));
    }
}
