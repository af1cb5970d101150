//! `aws iam`: the account's users and their access keys — listing them, making a key
//! inactive, deleting one — the operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::Int;
use super::spec::ValueKind::Text;
use super::spec::ignored;
use super::spec::{OperationSpec, op, opt, req};
use crate::sim::command::{Command, Read};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "iam",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op("list-access-keys", &[opt("--user-name", Text)]),
    op(
        "list-users",
        &[
            ignored("--path-prefix", Text),
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op("get-user", &[opt("--user-name", Text)]),
    op(
        "update-access-key",
        &[
            opt("--user-name", Text),
            req("--access-key-id", Text),
            req("--status", Text),
        ],
    ),
    op(
        "delete-access-key",
        &[opt("--user-name", Text), req("--access-key-id", Text)],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "list-access-keys" => Command::ListAccessKeys {
            user_name: a.text("--user-name"),
        },
        "update-access-key" => Command::UpdateAccessKey {
            user_name: a.text("--user-name"),
            access_key_id: a.req("--access-key-id")?,
            status: a.req("--status")?,
        },
        "delete-access-key" => Command::DeleteAccessKey {
            user_name: a.text("--user-name"),
            access_key_id: a.req("--access-key-id")?,
        },
        "list-users" => Command::Read(Read::ListUsers),
        "get-user" => Command::Read(Read::GetUser {
            user_name: a.text("--user-name"),
        }),
        _ => return Err(a.not_implemented()),
    })
}

// ---------------------------------------------------------------- print

/// Prints an IAM command as its `aws iam …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::ListAccessKeys { user_name } => {
            l = Line::new("iam", "list-access-keys");
            l.opt_some("--user-name", user_name.as_deref());
        }
        C::UpdateAccessKey {
            user_name,
            access_key_id,
            status,
        } => {
            l = Line::new("iam", "update-access-key");
            l.opt_some("--user-name", user_name.as_deref())
                .opt("--access-key-id", access_key_id)
                .opt("--status", status);
        }
        C::DeleteAccessKey {
            user_name,
            access_key_id,
        } => {
            l = Line::new("iam", "delete-access-key");
            l.opt_some("--user-name", user_name.as_deref())
                .opt("--access-key-id", access_key_id);
        }
        C::Read(Read::ListUsers) => l = Line::new("iam", "list-users"),
        C::Read(Read::GetUser { user_name }) => {
            l = Line::new("iam", "get-user");
            l.opt_some("--user-name", user_name.as_deref());
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
        C::ListAccessKeys { user_name: None },
        C::Read(Read::ListUsers),
        C::Read(Read::GetUser { user_name: None }),
        C::Read(Read::GetUser {
            user_name: Some("ci-deploy".into()),
        }),
        C::ListAccessKeys {
            user_name: Some("ci-deploy".into()),
        },
        C::UpdateAccessKey {
            user_name: Some("ci-deploy".into()),
            access_key_id: "AKIA4UNICORNCI7LEAKX".into(),
            status: "Inactive".into(),
        },
        C::DeleteAccessKey {
            user_name: None,
            access_key_id: "AKIA4UNICORNCI7LEAKX".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documentation_forms_parse() {
        let c = CLI.ok("aws iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive --user-name Bob");
        assert!(matches!(c, Command::UpdateAccessKey { status, .. } if status == "Inactive"));
    }

    #[test]
    fn mistakes_are_named() {
        assert!(
            CLI.err("aws iam update-access-key --access-key-id AKIA1")
                .contains("--status")
        );
    }
}
