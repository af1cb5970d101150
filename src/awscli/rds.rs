//! `aws rds`: the database instance, its class and Multi-AZ, reboots and failovers — the
//! operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, List, Text};
use super::spec::{OperationSpec, flag, ignored, op, opt, req};
use crate::sim::command::{Command, Read};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "rds",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-db-instance",
        &[
            req("--db-instance-identifier", Text),
            req("--db-instance-class", Text),
            req("--engine", Text),
            opt("--allocated-storage", Int),
            flag("--multi-az", "--no-multi-az"),
            opt("--preferred-maintenance-window", Text),
            ignored("--master-username", Text),
            ignored("--master-user-password", Text),
        ],
    ),
    op(
        "modify-db-instance",
        &[
            req("--db-instance-identifier", Text),
            opt("--db-instance-class", Text),
            flag("--multi-az", "--no-multi-az"),
            flag("--apply-immediately", "--no-apply-immediately"),
            opt("--preferred-maintenance-window", Text),
            ignored("--option-group-name", Text),
            ignored("--db-parameter-group-name", Text),
            ignored("--vpc-security-group-ids", List),
        ],
    ),
    op(
        "reboot-db-instance",
        &[
            req("--db-instance-identifier", Text),
            flag("--force-failover", "--no-force-failover"),
        ],
    ),
    op(
        "delete-db-instance",
        &[
            req("--db-instance-identifier", Text),
            flag("--skip-final-snapshot", "--no-skip-final-snapshot"),
            ignored("--final-db-snapshot-identifier", Text),
        ],
    ),
    // ---- reads
    op(
        "describe-db-instances",
        &[
            opt("--db-instance-identifier", Text),
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-db-instance" => Command::CreateDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            db_instance_class: a.req("--db-instance-class")?,
            engine: a.req("--engine")?,
            allocated_storage: a.int("--allocated-storage")?,
            multi_az: a.flag("--multi-az").unwrap_or(false),
            preferred_maintenance_window: a.text("--preferred-maintenance-window"),
        },
        "modify-db-instance" => Command::ModifyDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            db_instance_class: a.text("--db-instance-class"),
            multi_az: a.flag("--multi-az"),
            apply_immediately: a.flag("--apply-immediately").unwrap_or(false),
            preferred_maintenance_window: a.text("--preferred-maintenance-window"),
        },
        "reboot-db-instance" => Command::RebootDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            force_failover: a.flag("--force-failover").unwrap_or(false),
        },
        "delete-db-instance" => Command::DeleteDbInstance {
            db_instance_identifier: a.req("--db-instance-identifier")?,
            skip_final_snapshot: a.flag("--skip-final-snapshot").unwrap_or(false),
        },
        "describe-db-instances" => Command::Read(Read::DescribeDbInstances {
            db_instance_identifier: a.text("--db-instance-identifier"),
        }),
        _ => return Err(a.not_implemented()),
    })
}

// ---------------------------------------------------------------- print

/// Prints an RDS command as its `aws rds …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateDbInstance {
            db_instance_identifier,
            db_instance_class,
            engine,
            allocated_storage,
            multi_az,
            preferred_maintenance_window,
        } => {
            l = Line::new("rds", "create-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .opt("--db-instance-class", db_instance_class)
                .opt("--engine", engine)
                .int_some("--allocated-storage", *allocated_storage)
                .flag("--multi-az", *multi_az)
                .opt_some(
                    "--preferred-maintenance-window",
                    preferred_maintenance_window.as_deref(),
                );
        }
        C::ModifyDbInstance {
            db_instance_identifier,
            db_instance_class,
            multi_az,
            apply_immediately,
            preferred_maintenance_window,
        } => {
            l = Line::new("rds", "modify-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .opt_some("--db-instance-class", db_instance_class.as_deref())
                .flag("--multi-az", *multi_az == Some(true))
                .flag("--no-multi-az", *multi_az == Some(false))
                .flag("--apply-immediately", *apply_immediately)
                .opt_some(
                    "--preferred-maintenance-window",
                    preferred_maintenance_window.as_deref(),
                );
        }
        C::RebootDbInstance {
            db_instance_identifier,
            force_failover,
        } => {
            l = Line::new("rds", "reboot-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .flag("--force-failover", *force_failover);
        }
        C::DeleteDbInstance {
            db_instance_identifier,
            skip_final_snapshot,
        } => {
            l = Line::new("rds", "delete-db-instance");
            l.opt("--db-instance-identifier", db_instance_identifier)
                .flag("--skip-final-snapshot", *skip_final_snapshot);
        }
        C::Read(Read::DescribeDbInstances {
            db_instance_identifier,
        }) => {
            l = Line::new("rds", "describe-db-instances");
            l.opt_some(
                "--db-instance-identifier",
                db_instance_identifier.as_deref(),
            );
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
        C::CreateDbInstance {
            db_instance_identifier: "shop-db".into(),
            db_instance_class: "db.t3.medium".into(),
            engine: "postgres".into(),
            allocated_storage: Some(100),
            multi_az: true,
            preferred_maintenance_window: Some("sun:05:00-sun:05:30".into()),
        },
        C::CreateDbInstance {
            db_instance_identifier: "tiny-db".into(),
            db_instance_class: "db.t3.micro".into(),
            engine: "mysql".into(),
            allocated_storage: None,
            multi_az: false,
            preferred_maintenance_window: None,
        },
        C::ModifyDbInstance {
            db_instance_identifier: "shop-db".into(),
            db_instance_class: Some("db.r6g.xlarge".into()),
            multi_az: Some(true),
            apply_immediately: true,
            preferred_maintenance_window: None,
        },
        C::ModifyDbInstance {
            db_instance_identifier: "shop-db".into(),
            db_instance_class: None,
            multi_az: Some(false),
            apply_immediately: false,
            preferred_maintenance_window: Some("Mon:03:00-Mon:03:30".into()),
        },
        C::ModifyDbInstance {
            db_instance_identifier: "shop-db".into(),
            db_instance_class: Some("db.t3.large".into()),
            multi_az: None,
            apply_immediately: false,
            preferred_maintenance_window: None,
        },
        C::RebootDbInstance {
            db_instance_identifier: "shop-db".into(),
            force_failover: true,
        },
        C::RebootDbInstance {
            db_instance_identifier: "shop-db".into(),
            force_failover: false,
        },
        C::DeleteDbInstance {
            db_instance_identifier: "shop-db".into(),
            skip_final_snapshot: true,
        },
        C::Read(Read::DescribeDbInstances {
            db_instance_identifier: None,
        }),
        C::Read(Read::DescribeDbInstances {
            db_instance_identifier: Some("shop-db".into()),
        }),
    ]
}
