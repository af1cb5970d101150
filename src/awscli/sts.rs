//! `aws sts`: who am I (`get-caller-identity`) — the operation table, the builder to
//! `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::{OperationSpec, op};
use crate::sim::command::{Command, Read};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "sts",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[op("get-caller-identity", &[])];

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "get-caller-identity" => Command::Read(Read::GetCallerIdentity),
        _ => return Err(a.not_implemented()),
    })
}

/// Prints an STS command as its `aws sts …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    match cmd {
        Command::Read(Read::GetCallerIdentity) => {
            Some(Line::new("sts", "get-caller-identity").finish())
        }
        _ => None,
    }
}

#[cfg(test)]
fn samples() -> Vec<Command> {
    vec![Command::Read(Read::GetCallerIdentity)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_am_i() {
        assert_eq!(
            CLI.ok("aws sts get-caller-identity"),
            Command::Read(Read::GetCallerIdentity)
        );
    }
}
