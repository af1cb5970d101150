//! The `aws …` command line: parse real AWS CLI syntax into `Command`s and print them back.
//!
//! * [`parse_line`] turns one `aws <service> <operation> --option value …` line into a
//!   [`Command`], with shell-style quoting and aws-cli v2 style error messages.
//! * [`to_cli`] prints a [`Command`] as a line that [`parse_line`] reads back unchanged.
//! * [`services`], [`operations`], [`options`], [`required_options`] and [`synopsis`]
//!   describe the supported surface for tab completion and help; they are all driven
//!   by the one operation table in `spec.rs`.
//! * [`parse_commands_file`] reads a timed script of `MM:SS aws …` lines.
//! * [`base64_encode`] / [`base64_decode`] are the standard-alphabet codec used for
//!   launch-template `UserData`.

mod build;
mod commands_file;
mod parse;
mod print;
mod secfin;
mod services;
mod shell;
mod spec;
mod structs;
mod values;

pub use commands_file::{CommandsFileError, parse_commands_file};
pub use parse::parse_line;
pub use print::to_cli;
pub use spec::{
    OptionInfo, OptionShape, operations, option_info, options, required_options, services, synopsis,
};
pub use values::{base64_decode, base64_encode};

/// Quotes one word so that [`parse_line`] (and a real shell) reads it back unchanged.
pub fn shell_quote(word: &str) -> String {
    shell::quote(word)
}

#[cfg(test)]
use crate::sim::command::Command;

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
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

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

    #[test]
    fn public_api_round_trips_a_line() {
        let cmd: Command = parse_line(
            "aws autoscaling set-desired-capacity --auto-scaling-group-name a --desired-capacity 3",
        )
        .unwrap();
        assert_eq!(parse_line(&to_cli(&cmd)).unwrap(), cmd);
        assert!(services().contains(&"ec2"));
        assert!(operations("ec2").contains(&"run-instances"));
        assert!(options("ec2", "run-instances").contains(&"--image-id"));
        assert_eq!(
            required_options("ec2", "delete-subnet"),
            vec!["--subnet-id"]
        );
    }
}
