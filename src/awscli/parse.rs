//! Reading one `aws …` line: shell words, global options, `help`, the service and
//! operation looked up in the catalog; then the service's own file collects the options
//! and builds the `Command`.

use super::args::{CliError, ServiceCli, split_inline};
use super::catalog;
use super::files::FileArea;
use super::input_json;
use super::output::{OutputFormat, OutputOptions, compile_query};
use super::shell;
use super::spec::OperationSpec;
use crate::sim::command::Command;
use crate::sim::waiters;

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
        "--cli-input-yaml",
        "--cli-input-yaml is not supported in GameDay: use --cli-input-json",
    ),
    (
        "--cli-auto-prompt",
        "--cli-auto-prompt is not supported in GameDay: use tab completion instead",
    ),
];

/// What one line asks of the CLI: a call, or text it prints without calling anything
/// (`--generate-cli-skeleton`).
// one per typed line, moved straight into a match: boxing the command would buy nothing
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Invocation {
    Call(Command, OutputOptions),
    Print(String),
}

/// Parses one `aws <service> <operation> [options]` line (the leading `aws` is optional);
/// `file://` reads the player's home directory.
pub fn parse_line(line: &str) -> Result<Command, CliError> {
    parse_request(line).map(|(cmd, _)| cmd)
}

/// [`parse_line`] with how the answer is to be printed (`--output`, `--query`).
pub fn parse_request(line: &str) -> Result<(Command, OutputOptions), CliError> {
    parse_request_in(line, &FileArea::home())
}

/// [`parse_request`] with `file://` and `fileb://` read from `files`. A line that only
/// prints (`--generate-cli-skeleton`) is refused: there is nothing to run.
pub fn parse_request_in(
    line: &str,
    files: &FileArea,
) -> Result<(Command, OutputOptions), CliError> {
    match parse_invocation(line, files)? {
        Invocation::Call(cmd, output) => Ok((cmd, output)),
        Invocation::Print(_) => Err(CliError::new(
            "aws: error: --generate-cli-skeleton only prints a skeleton: there is nothing to run",
        )),
    }
}

/// Reads one line the way the in-game terminal does: a call, or text to print.
pub fn parse_invocation(line: &str, files: &FileArea) -> Result<Invocation, CliError> {
    let words = shell::split(line).map_err(|e| CliError::new(e.message()))?;
    let (words, output) = strip_globals(words)?;
    Ok(match parse_words(&words, files)? {
        Parsed::Call(cmd) => Invocation::Call(*cmd, output),
        Parsed::Print(text) => Invocation::Print(text),
    })
}

enum Parsed {
    Call(Box<Command>),
    Print(String),
}

fn parse_words(words: &[String], files: &FileArea) -> Result<Parsed, CliError> {
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
    if operation == "wait" && !waiters::names(service).is_empty() {
        return wait(cli, &words[2..], files).map(|c| Parsed::Call(Box::new(c)));
    }
    let Some(spec) = cli.operation(operation) else {
        return Err(invalid_choice("operation", operation, ops));
    };
    let mut rest = words[2..].to_vec();
    if rest.last().is_some_and(|w| w == "help")
        && (rest.len() == 1 || !rest[rest.len() - 2].starts_with("--"))
    {
        return Err(CliError::new(
            catalog::synopsis(service, operation).unwrap_or_default(),
        ));
    }
    if let Some(kind) = take_option(&mut rest, "--generate-cli-skeleton", true)? {
        return skeleton(spec, kind.as_deref()).map(Parsed::Print);
    }
    // every EC2 operation takes --dry-run; other services do not (Unknown options)
    let mut dry_run = false;
    if cli.name == "ec2" {
        while let Some(w) = rest
            .iter()
            .position(|w| w == "--dry-run" || w == "--no-dry-run")
        {
            dry_run = rest.remove(w) == "--dry-run";
        }
    }
    if let Some(input) = take_option(&mut rest, "--cli-input-json", false)? {
        let input = input.unwrap_or_default();
        let text = match files.resolve(&input) {
            Some(read) => read.map_err(|e| CliError::param("--cli-input-json", e))?,
            None => input,
        };
        dry_run |= input_json::merge(spec, &text, &mut rest)?;
    }
    let cmd = cli.read(spec, &rest, files)?;
    Ok(Parsed::Call(Box::new(if dry_run {
        Command::DryRun(Box::new(cmd))
    } else {
        cmd
    })))
}

/// Removes `--name value` (or `--name=value`) from `words`: `Some(value)`; the value is
/// optional when `optional_value`.
fn take_option(
    words: &mut Vec<String>,
    name: &str,
    optional_value: bool,
) -> Result<Option<Option<String>>, CliError> {
    let Some(at) = words
        .iter()
        .position(|w| w == name || w.starts_with(&format!("{name}=")))
    else {
        return Ok(None);
    };
    let word = words.remove(at);
    if let Some((_, v)) = word.split_once('=') {
        return Ok(Some(Some(v.to_string())));
    }
    match words.get(at) {
        Some(v) if !v.starts_with("--") => Ok(Some(Some(words.remove(at)))),
        _ if optional_value => Ok(Some(None)),
        _ => Err(CliError::expected_one(name)),
    }
}

/// `aws <service> wait <waiter> [the polled read's options]`.
fn wait(cli: &ServiceCli, words: &[String], files: &FileArea) -> Result<Command, CliError> {
    let names = waiters::names(cli.name);
    let Some(name) = words.first() else {
        return Err(CliError::required(&["waiter_name"]));
    };
    if name == "help" {
        return Err(CliError::new(format!(
            "GameDay models these {} waiters:\n\n{}",
            cli.name,
            columns(&names)
        )));
    }
    let Some(waiter) = waiters::find(cli.name, name) else {
        return Err(invalid_choice("waiter_name", name, &names));
    };
    let spec = cli
        .operation(waiter.operation)
        .expect("a waiter polls an operation of its service");
    match cli.read(spec, &words[1..], files)? {
        Command::Read(read) => Ok(Command::Wait {
            waiter: waiter.name.to_string(),
            read,
        }),
        other => unreachable!("{} is not a read: {other:?}", waiter.operation),
    }
}

/// `--generate-cli-skeleton [input]`: the operation's input as JSON with empty values,
/// keys named as the AWS API names them (PascalCase), for `--cli-input-json`.
fn skeleton(spec: &OperationSpec, kind: Option<&str>) -> Result<String, CliError> {
    match kind {
        None | Some("input") => Ok(input_json::skeleton(spec)),
        Some(other) => Err(invalid_choice("--generate-cli-skeleton", other, &["input"])),
    }
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
        // --dry-run is EC2's; other services do not take it
        assert_eq!(
            err("aws autoscaling delete-auto-scaling-group --auto-scaling-group-name a --dry-run"),
            "Unknown options: --dry-run"
        );
        assert!(
            err("aws autoscaling create-auto-scaling-group --cli-input-yaml x")
                .contains("--cli-input-yaml is not supported")
        );
        let e = err("aws ec2 run-instances --image-id ami-1 --user-data file://my_script.txt");
        assert_eq!(
            e,
            "Error parsing parameter '--user-data': Unable to load paramfile \
             file://my_script.txt: [Errno 2] No such file or directory: 'my_script.txt'"
        );
        assert!(err("aws ec2 run-instances | jq").contains("pipes"));
        assert!(err("aws ec2 run-instances --user-data 'oops").contains("unterminated quote"));
    }

    #[test]
    fn file_values_come_from_the_home_directory() {
        let Command::RunInstances { user_data, .. } = parse_line(
            "aws ec2 run-instances --image-id ami-1 --subnet-id subnet-1 --user-data file://~/user-data.sh",
        )
        .unwrap() else {
            panic!("not run-instances")
        };
        assert!(user_data.unwrap().contains("WORKERS=2"));
        let files = FileArea::empty().with_file("ids.json", "[\"i-1\", \"i-2\"]");
        let (cmd, _) = parse_request_in(
            "aws ec2 terminate-instances --instance-ids file://ids.json",
            &files,
        )
        .unwrap();
        assert_eq!(
            cmd,
            Command::TerminateInstances {
                instance_ids: vec!["i-1".into(), "i-2".into()]
            }
        );
    }

    #[test]
    fn dry_run_wraps_an_ec2_call() {
        let plain = parse_line("aws ec2 terminate-instances --instance-ids i-1").unwrap();
        let dry = parse_line("aws ec2 terminate-instances --instance-ids i-1 --dry-run").unwrap();
        assert_eq!(dry, Command::DryRun(Box::new(plain.clone())));
        assert_eq!(
            parse_line("aws ec2 terminate-instances --dry-run --no-dry-run --instance-ids i-1"),
            Ok(plain)
        );
    }

    #[test]
    fn cli_input_json_gives_the_options_and_the_command_line_wins() {
        let files = FileArea::empty().with_file(
            "asg.json",
            r#"{"AutoScalingGroupName": "web", "DesiredCapacity": 2, "HonorCooldown": true}"#,
        );
        let (cmd, _) = parse_request_in(
            "aws autoscaling set-desired-capacity --cli-input-json file://asg.json --desired-capacity 5",
            &files,
        )
        .unwrap();
        assert_eq!(
            cmd,
            Command::SetDesiredCapacity {
                auto_scaling_group_name: "web".into(),
                desired_capacity: 5,
                honor_cooldown: true
            }
        );
        let e = parse_request_in(
            r#"aws ec2 terminate-instances --cli-input-json '{"InstanceIds": ["i-1"], "Force": true}'"#,
            &files,
        )
        .unwrap_err()
        .message;
        assert_eq!(
            e,
            "Parameter validation failed:\nUnknown parameter in input: \"Force\", must be one of: InstanceIds"
        );
        let (dry, _) = parse_request_in(
            r#"aws ec2 terminate-instances --cli-input-json '{"InstanceIds": ["i-1"], "DryRun": true}'"#,
            &files,
        )
        .unwrap();
        assert!(matches!(dry, Command::DryRun(_)));
        assert!(
            err("aws ec2 terminate-instances --cli-input-json file://none.json")
                .contains("[Errno 2] No such file or directory: 'none.json'")
        );
    }

    #[test]
    fn the_skeleton_is_the_input_cli_input_json_takes() {
        let Ok(Invocation::Print(text)) = parse_invocation(
            "aws autoscaling set-desired-capacity --generate-cli-skeleton",
            &FileArea::empty(),
        ) else {
            panic!("no skeleton")
        };
        assert_eq!(
            text,
            "{\n    \"AutoScalingGroupName\": \"\",\n    \"DesiredCapacity\": 0,\n    \"HonorCooldown\": true\n}"
        );
        // the skeleton, filled in, is accepted back
        let filled = text.replace("\"\"", "\"web\"");
        let line = format!(
            "aws autoscaling set-desired-capacity --cli-input-json {}",
            shell::quote(&filled)
        );
        assert!(parse_line(&line).is_ok(), "{line}");
        assert!(
            err("aws autoscaling set-desired-capacity --generate-cli-skeleton")
                .contains("nothing to run")
        );
    }

    #[test]
    fn wait_takes_the_polled_reads_options() {
        let cmd = parse_line("aws ec2 wait instance-running --instance-ids i-1 i-2").unwrap();
        let Command::Wait { waiter, read } = &cmd else {
            panic!("{cmd:?}")
        };
        assert_eq!(waiter, "instance-running");
        assert!(
            matches!(read, crate::sim::command::Read::DescribeInstances { instance_ids, .. } if instance_ids.len() == 2)
        );

        let e = err("aws elbv2 wait target-in-servic --target-group-arn x");
        assert!(
            e.contains("argument waiter_name: Invalid choice") && e.contains("* target-in-service"),
            "{e}"
        );
        assert!(err("aws ec2 wait help").contains("instance-terminated"));
        assert_eq!(
            err("aws ec2 wait"),
            "aws: error: the following arguments are required: waiter_name"
        );
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
