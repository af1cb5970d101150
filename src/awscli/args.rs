//! The shared argument machinery: `CliError`, an operation's option values collected against
//! its spec (`Args`) with typed getters, and `ServiceCli`, what each service file hands the
//! dispatch. Service files use this; it uses no service file.

use std::collections::HashMap;

use super::files::FileArea;
use super::spec::{OperationSpec, ValueKind};
use super::values::{self, looks_like_json};
use crate::sim::command::Command;
use serde_json::Value;

/// A command line the CLI refused, with a message in the style of aws-cli v2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CliError {
    pub message: String,
}

impl CliError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// `Error parsing parameter '--x': …`, as aws-cli reports a bad option value.
    pub(crate) fn param(option: &str, message: impl std::fmt::Display) -> Self {
        Self::new(format!("Error parsing parameter '{option}': {message}"))
    }

    /// `aws: error: the following arguments are required: --a, --b`.
    pub(crate) fn required(names: &[&str]) -> Self {
        Self::new(format!(
            "aws: error: the following arguments are required: {}",
            names.join(", ")
        ))
    }

    /// `aws: error: argument --x: expected one argument`.
    pub(crate) fn expected_one(name: &str) -> Self {
        Self::new(format!(
            "aws: error: argument {name}: expected one argument"
        ))
    }

    /// `aws: error: argument --x: ignored explicit argument 'v'` (a switch given a value).
    pub(crate) fn ignored_explicit(name: &str, value: &str) -> Self {
        Self::new(format!(
            "aws: error: argument {name}: ignored explicit argument '{value}'"
        ))
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Attaches the option name to a structure reader's message.
pub(crate) trait Context<T> {
    fn ctx(self, option: &str) -> Result<T, CliError>;
}

impl<T> Context<T> for Result<T, String> {
    fn ctx(self, option: &str) -> Result<T, CliError> {
        self.map_err(|e| CliError::param(option, e))
    }
}

/// Splits `--name=value` into its parts; other words come back whole.
pub(crate) fn split_inline(word: &str) -> (&str, Option<&str>) {
    match word.split_once('=') {
        Some((name, value)) if word.starts_with("--") => (name, Some(value)),
        _ => (word, None),
    }
}

/// One `aws <service>`: what a service file hands the dispatch.
pub(crate) struct ServiceCli {
    /// As typed after `aws` (`ec2`, `elbv2`, …).
    pub name: &'static str,
    /// Its operations; each one's options in the order help shows them.
    pub operations: &'static [OperationSpec],
    /// The command for one of its operations, from the options collected for it.
    pub build: fn(&Args) -> Result<Command, CliError>,
    /// One of its commands as an `aws …` line; `None` for another service's command.
    pub print: fn(&Command) -> Option<String>,
    /// At least one command of each of its operations, for the round-trip tests.
    #[cfg(test)]
    pub samples: fn() -> Vec<Command>,
}

impl ServiceCli {
    /// The operation called `name`, if this service has it.
    pub(crate) fn operation(&self, name: &str) -> Option<&'static OperationSpec> {
        let operations: &'static [OperationSpec] = self.operations;
        operations.iter().find(|o| o.name == name)
    }

    /// Collects the words after `aws <service> <operation>` against `spec` (`file://`
    /// values read from `files`) and builds the command.
    pub(crate) fn read(
        &self,
        spec: &'static OperationSpec,
        words: &[String],
        files: &FileArea,
    ) -> Result<Command, CliError> {
        (self.build)(&Args::collect(self.name, spec, words, files)?)
    }
}

/// Reading lines of one service directly, for the service files' own tests.
#[cfg(test)]
impl ServiceCli {
    /// `aws <this service> <operation> …` as `parse_line` reads it once it has found the
    /// service (global options are not stripped here).
    pub(crate) fn parse(&self, line: &str) -> Result<Command, CliError> {
        let words = super::shell::split(line).map_err(|e| CliError::new(e.message()))?;
        let words = words.strip_prefix(&["aws".to_string()]).unwrap_or(&words);
        match words {
            [service, operation, rest @ ..] if service == self.name => {
                let spec = self
                    .operation(operation)
                    .unwrap_or_else(|| panic!("aws {} has no {operation}", self.name));
                self.read(spec, rest, &FileArea::home())
            }
            _ => panic!("not an `aws {} <operation>` line: {line}", self.name),
        }
    }

    /// The command a line parses to; panics with the message if it does not parse.
    pub(crate) fn ok(&self, line: &str) -> Command {
        self.parse(line).unwrap_or_else(|e| panic!("{line}\n{e}"))
    }

    /// The message a line is refused with; panics if it parses.
    pub(crate) fn err(&self, line: &str) -> String {
        match self.parse(line) {
            Ok(cmd) => panic!("{line}\nparsed to {cmd:?}"),
            Err(e) => e.message,
        }
    }

    /// Asserts that each line parses to its command.
    pub(crate) fn assert_parses(&self, cases: Vec<(&str, Command)>) {
        for (line, want) in cases {
            assert_eq!(self.ok(line), want, "{line}");
        }
    }
}

/// The words given to one option.
#[derive(Debug)]
enum Raw {
    One(String),
    Many(Vec<String>),
    Flag(bool),
}

/// An operation's option values, collected and checked against its spec.
#[derive(Debug)]
pub(crate) struct Args {
    pub service: &'static str,
    pub spec: &'static OperationSpec,
    values: HashMap<&'static str, Raw>,
}

impl Args {
    /// Collects the words after `aws <service> <operation>`: every option known to `spec`,
    /// the required ones present, nothing unknown; a `file://` or `fileb://` value is the
    /// text of that file in `files`.
    pub(crate) fn collect(
        service: &'static str,
        spec: &'static OperationSpec,
        words: &[String],
        files: &FileArea,
    ) -> Result<Self, CliError> {
        let mut values = HashMap::new();
        let mut unknown = Vec::new();
        let mut i = 0;
        while let Some(word) = words.get(i) {
            i += 1;
            let (name, inline) = split_inline(word);
            let found = if word.starts_with("--") {
                spec.find_abbreviated(name)
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
                        return Err(CliError::ignored_explicit(name, v));
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
                        None => return Err(CliError::expected_one(name)),
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
            let flag = matches!(raw, Raw::Flag(_));
            if values.insert(option.name, raw).is_some() && !flag {
                // argparse would silently keep the last value; a script that gives a value
                // twice should hear about it (a switch and its --no- form still take the
                // last, as aws-cli does)
                return Err(CliError::new(format!(
                    "aws: error: argument {}: given more than once; give each option once",
                    option.name
                )));
            }
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
        for option in spec.options {
            let resolve = |w: &mut String| -> Result<(), CliError> {
                if let Some(text) = files.resolve(w) {
                    *w = text.map_err(|e| CliError::param(option.name, e))?;
                }
                Ok(())
            };
            match values.get_mut(option.name) {
                Some(Raw::One(v)) => resolve(v)?,
                Some(Raw::Many(vs)) => vs.iter_mut().try_for_each(resolve)?,
                _ => {}
            }
        }
        Ok(Self {
            service,
            spec,
            values,
        })
    }

    /// `aws: error: <service> <operation> is not implemented in GameDay`: a service's
    /// builder met an operation of its table it has no arm for.
    pub(crate) fn not_implemented(&self) -> CliError {
        CliError::new(format!(
            "aws: error: {} {} is not implemented in GameDay",
            self.service, self.spec.name
        ))
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

    /// A finite number option (`--threshold 70.5`).
    pub(crate) fn float(&self, name: &'static str) -> Result<Option<f64>, CliError> {
        match self.text(name) {
            None => Ok(None),
            Some(t) => match t.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Some(n)),
                _ => Err(CliError::param(name, format!("invalid float value: '{t}'"))),
            },
        }
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

    /// Reads every structure given to a list option with `read`.
    pub(crate) fn each<T>(
        &self,
        option: &str,
        read: fn(&Value) -> Result<T, String>,
    ) -> Result<Vec<T>, CliError> {
        let items = self.structures(option)?.unwrap_or_default();
        items.iter().map(read).collect::<Result<_, _>>().ctx(option)
    }

    /// Reads a required structure option with `read`.
    pub(crate) fn one<T>(
        &self,
        option: &'static str,
        read: fn(&Value) -> Result<T, String>,
    ) -> Result<T, CliError> {
        let v = self
            .structure(option)?
            .ok_or_else(|| CliError::required(&[option]))?;
        read(&v).ctx(option)
    }

    /// Reads an optional structure option with `read`.
    pub(crate) fn maybe<T>(
        &self,
        option: &str,
        read: fn(&Value) -> Result<T, String>,
    ) -> Result<Option<T>, CliError> {
        match self.structure(option)? {
            None => Ok(None),
            Some(v) => read(&v).map(Some).ctx(option),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_displays_its_message() {
        let e = CliError::required(&["--name", "--subnets"]);
        assert_eq!(
            e.to_string(),
            "aws: error: the following arguments are required: --name, --subnets"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().contains("--subnets"));
    }
}
