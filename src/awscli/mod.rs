//! The `aws …` command line: parse real AWS CLI syntax into `Command`s and print them back.
//!
//! * [`parse_line`] turns one `aws <service> <operation> --option value …` line into a
//!   [`Command`](crate::sim::command::Command), with shell-style quoting and aws-cli v2
//!   style error messages.
//! * [`to_cli`] prints a command as a line that [`parse_line`] reads back unchanged.
//! * [`services`], [`operations`], [`options`], [`required_options`], [`option_info`] and
//!   [`synopsis`] describe the supported surface for tab completion, forms and help.
//! * [`parse_commands_file`] reads a timed script of `MM:SS aws …` lines.
//! * [`base64_encode`] / [`base64_decode`] are the standard-alphabet codec used for
//!   launch-template `UserData`.
//!
//! One file per AWS service (`ec2.rs`, `elb.rs`, `elbv2.rs`, `autoscaling.rs`, …) holds
//! that service's operation table, its builder to `Command` and its printer back, side by
//! side. They share the argument machinery (`args.rs`: `CliError`, `Args`, `ServiceCli`;
//! `spec.rs`: the table's types; `values.rs`: JSON and shorthand; `line.rs`: printing) and
//! use nothing above it. `catalog.rs` lists the services; `parse.rs` (words, global
//! options, help) and `print.rs` route a line or a command to its service's file.

mod answer;
mod args;
mod autoscaling;
mod catalog;
mod cloudfront;
mod cloudtrail;
mod cloudwatch;
mod commands_file;
mod ec2;
mod ecs;
mod elasticache;
mod elb;
mod elbv2;
mod files;
mod iam;
mod input_json;
mod lambda;
mod line;
mod output;
mod parse;
mod print;
mod rds;
mod route53;
mod savingsplans;
mod shell;
mod spec;
mod sqs;
mod sts;
mod times;
mod values;
mod wafv2;

pub use answer::{answer_text, api_error_text, api_ok_text};
pub use args::CliError;
pub use catalog::{
    OptionInfo, OptionShape, operations, option_info, options, required_options, services, synopsis,
};
pub use commands_file::{CommandsFileError, parse_commands_file, parse_script, parse_script_in};
pub use files::FileArea;
pub use output::{OutputFormat, OutputOptions};
pub use parse::{Invocation, parse_invocation, parse_line, parse_request, parse_request_in};
pub use print::to_cli;
pub use values::{base64_decode, base64_encode};

/// Quotes one word so that [`parse_line`] (and a real shell) reads it back unchanged.
pub fn shell_quote(word: &str) -> String {
    shell::quote(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::command::Command;

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
