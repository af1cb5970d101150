//! Reading one `aws …` line: words, global options, service and operation lookup, and
//! collecting option values against the operation table.

use std::collections::HashMap;

use super::CliError;
use super::build::build;
use super::shell;
use super::spec::{self, OperationSpec, ValueKind};
use super::values::{self, looks_like_json};
use crate::sim::command::Command;
use serde_json::Value;

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
    let words = shell::split(line).map_err(|e| CliError::new(e.message()))?;
    let words = strip_globals(words)?;
    let words = match words.first() {
        Some(w) if w == "aws" => &words[1..],
        _ => &words[..],
    };
    let Some(service) = words.first() else {
        return Err(CliError::required(&["command"]));
    };
    if service == "help" {
        return Err(CliError::new(format!(
            "GameDay supports these services:\n\n{}",
            columns(spec::services())
        )));
    }
    if !spec::services().contains(&service.as_str()) {
        return Err(invalid_choice("command", service, spec::services()));
    }
    let Some(operation) = words.get(1) else {
        return Err(CliError::required(&["operation"]));
    };
    let ops = spec::operations(service);
    if operation == "help" {
        return Err(CliError::new(format!(
            "GameDay supports these {service} operations:\n\n{}",
            columns(ops)
        )));
    }
    let Some(spec) = spec::find(service, operation) else {
        return Err(invalid_choice("operation", operation, ops));
    };
    let rest = &words[2..];
    if rest.last().is_some_and(|w| w == "help")
        && (rest.len() == 1 || !rest[rest.len() - 2].starts_with("--"))
    {
        return Err(CliError::new(
            spec::synopsis(service, operation).unwrap_or_default(),
        ));
    }
    build(&Args::collect(spec, rest)?)
}

/// Splits `--name=value` into its parts; other words come back whole.
fn split_inline(word: &str) -> (&str, Option<&str>) {
    match word.split_once('=') {
        Some((name, value)) if word.starts_with("--") => (name, Some(value)),
        _ => (word, None),
    }
}

/// Removes global options (and their values) wherever they appear.
fn strip_globals(words: Vec<String>) -> Result<Vec<String>, CliError> {
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
                    None => return Err(expected_one(name)),
                },
            };
            if name == "--output" && !OUTPUT_CHOICES.contains(&value.as_str()) {
                return Err(invalid_choice("--output", &value, OUTPUT_CHOICES));
            }
        } else if GLOBAL_FLAGS.contains(&name) {
            if let Some(v) = inline {
                return Err(ignored_explicit(name, v));
            }
        } else {
            out.push(word);
        }
    }
    Ok(out)
}

fn expected_one(name: &str) -> CliError {
    CliError::new(format!(
        "aws: error: argument {name}: expected one argument"
    ))
}

fn ignored_explicit(name: &str, value: &str) -> CliError {
    CliError::new(format!(
        "aws: error: argument {name}: ignored explicit argument '{value}'"
    ))
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

/// The words given to one option.
#[derive(Debug)]
enum Raw {
    One(String),
    Many(Vec<String>),
    Flag(bool),
}

/// An operation's option values, collected and checked against the table.
#[derive(Debug)]
pub(crate) struct Args {
    pub spec: &'static OperationSpec,
    values: HashMap<&'static str, Raw>,
}

impl Args {
    fn collect(spec: &'static OperationSpec, words: &[String]) -> Result<Self, CliError> {
        let mut values = HashMap::new();
        let mut unknown = Vec::new();
        let mut i = 0;
        while let Some(word) = words.get(i) {
            i += 1;
            let (name, inline) = split_inline(word);
            let found = if word.starts_with("--") {
                spec.find(name)
            } else {
                None
            };
            let Some((option, negated)) = found else {
                unknown.push(word.as_str());
                continue;
            };
            let raw = match option.kind {
                ValueKind::Bool => {
                    if let Some(v) = inline {
                        return Err(ignored_explicit(name, v));
                    }
                    Raw::Flag(!negated)
                }
                ValueKind::Text | ValueKind::Int | ValueKind::Struct => match inline {
                    Some(v) => Raw::One(v.to_string()),
                    None => match words.get(i).filter(|v| !v.starts_with("--")) {
                        Some(v) => {
                            i += 1;
                            Raw::One(v.clone())
                        }
                        None => return Err(expected_one(name)),
                    },
                },
                ValueKind::List | ValueKind::StructList => {
                    let mut items: Vec<String> = inline.into_iter().map(str::to_string).collect();
                    while let Some(v) = words.get(i).filter(|v| !v.starts_with("--")) {
                        items.push(v.clone());
                        i += 1;
                    }
                    if items.is_empty() {
                        return Err(CliError::new(format!(
                            "aws: error: argument {name}: expected at least one argument"
                        )));
                    }
                    Raw::Many(items)
                }
            };
            values.insert(option.name, raw);
        }
        let missing: Vec<&str> = spec
            .options
            .iter()
            .filter(|o| o.required && !values.contains_key(o.name))
            .map(|o| o.name)
            .collect();
        if !missing.is_empty() {
            return Err(CliError::required(&missing));
        }
        if !unknown.is_empty() {
            return Err(CliError::new(format!(
                "Unknown options: {}",
                unknown.join(", ")
            )));
        }
        for (name, raw) in spec
            .options
            .iter()
            .filter_map(|o| values.get(o.name).map(|raw| (o.name, raw)))
        {
            let words: &[String] = match raw {
                Raw::One(v) => std::slice::from_ref(v),
                Raw::Many(vs) => vs,
                Raw::Flag(_) => &[],
            };
            if words
                .iter()
                .any(|w| w.starts_with("file://") || w.starts_with("fileb://"))
            {
                return Err(CliError::param(
                    name,
                    "file:// and fileb:// are not available in GameDay: paste the file's \
                     contents into the command instead",
                ));
            }
        }
        Ok(Self { spec, values })
    }

    /// True if the option was given (either form, for booleans).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// A one-word option's value.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        match self.values.get(name) {
            Some(Raw::One(v)) => Some(v.clone()),
            _ => None,
        }
    }

    /// A one-word option the operation cannot do without.
    pub(crate) fn req(&self, name: &'static str) -> Result<String, CliError> {
        self.text(name).ok_or_else(|| CliError::required(&[name]))
    }

    /// An integer option that must fit `T`.
    pub(crate) fn int<T: TryFrom<i64>>(&self, name: &str) -> Result<Option<T>, CliError> {
        let Some(text) = self.text(name) else {
            return Ok(None);
        };
        let n: i64 = text
            .trim()
            .parse()
            .map_err(|_| CliError::param(name, format!("invalid int value: '{text}'")))?;
        T::try_from(n)
            .map(Some)
            .map_err(|_| CliError::param(name, format!("value {n} is out of range")))
    }

    /// A required integer option.
    pub(crate) fn req_int<T: TryFrom<i64>>(&self, name: &'static str) -> Result<T, CliError> {
        self.int(name)?.ok_or_else(|| CliError::required(&[name]))
    }

    /// A boolean option: `Some(true)` for `--x`, `Some(false)` for `--no-x`.
    pub(crate) fn flag(&self, name: &str) -> Option<bool> {
        match self.values.get(name) {
            Some(Raw::Flag(b)) => Some(*b),
            _ => None,
        }
    }

    /// The words given to a list option, exactly as typed.
    pub(crate) fn words(&self, name: &str) -> Option<&[String]> {
        match self.values.get(name) {
            Some(Raw::Many(v)) => Some(v),
            Some(Raw::One(v)) => Some(std::slice::from_ref(v)),
            _ => None,
        }
    }

    /// A list of strings: several words, or one JSON list.
    pub(crate) fn list(&self, name: &str) -> Result<Option<Vec<String>>, CliError> {
        let Some(words) = self.words(name) else {
            return Ok(None);
        };
        match words {
            [one] if looks_like_json(one) => {
                let v = values::parse_json(one).map_err(|e| CliError::param(name, e))?;
                let m = serde_json::Map::from_iter([(name.to_string(), v)]);
                values::opt_str_list(&m, name)
                    .map(Option::unwrap_or_default)
                    .map(Some)
                    .map_err(|e| CliError::param(name, e))
            }
            _ => Ok(Some(words.to_vec())),
        }
    }

    /// A required list of strings.
    pub(crate) fn req_list(&self, name: &'static str) -> Result<Vec<String>, CliError> {
        self.list(name)?.ok_or_else(|| CliError::required(&[name]))
    }

    /// One structure, from JSON or shorthand.
    pub(crate) fn structure(&self, name: &str) -> Result<Option<Value>, CliError> {
        self.text(name)
            .map(|t| values::parse_structure(&t).map_err(|e| CliError::param(name, e)))
            .transpose()
    }

    /// A list of structures: one JSON list, or one or more JSON/shorthand words.
    pub(crate) fn structures(&self, name: &str) -> Result<Option<Vec<Value>>, CliError> {
        let Some(words) = self.words(name) else {
            return Ok(None);
        };
        let parse = |w: &String| values::parse_structure(w).map_err(|e| CliError::param(name, e));
        match words {
            [one] if one.trim_start().starts_with('[') => match parse(one)? {
                Value::Array(items) => Ok(Some(items)),
                other => Ok(Some(vec![other])),
            },
            _ => words.iter().map(parse).collect::<Result<_, _>>().map(Some),
        }
    }
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
