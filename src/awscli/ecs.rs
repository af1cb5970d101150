//! `aws ecs`: a cluster and services whose tasks are worker processes — the operation
//! table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, List, Struct, StructList, Text};
use super::spec::{OperationSpec, ignored, ignored_flag, op, opt, req};
use super::values::{as_object, req_str};
use crate::sim::command::{Command, Read};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "ecs",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-cluster",
        &[
            opt("--cluster-name", Text),
            ignored("--settings", StructList),
            ignored("--capacity-providers", List),
            ignored("--default-capacity-provider-strategy", StructList),
            ignored("--tags", StructList),
        ],
    ),
    op(
        "create-service",
        &[
            opt("--cluster", Text),
            req("--service-name", Text),
            opt("--task-definition", Text),
            opt("--desired-count", Int),
            opt("--deployment-controller", Struct),
            ignored("--launch-type", Text),
            ignored("--platform-version", Text),
            ignored("--network-configuration", Text),
            ignored("--load-balancers", StructList),
            ignored("--role", Text),
            ignored("--tags", StructList),
            ignored("--volume-configurations", StructList),
        ],
    ),
    op(
        "update-service",
        &[
            opt("--cluster", Text),
            req("--service", Text),
            opt("--desired-count", Int),
            opt("--task-definition", Text),
            ignored_flag("--force-new-deployment", "--no-force-new-deployment"),
            ignored("--volume-configurations", Text),
            ignored("--availability-zone-rebalancing", Text),
        ],
    ),
    // ---- reads
    op(
        "list-clusters",
        &[
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-clusters",
        &[opt("--clusters", List), ignored("--include", List)],
    ),
    op(
        "list-services",
        &[
            opt("--cluster", Text),
            ignored("--launch-type", Text),
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-services",
        &[
            opt("--cluster", Text),
            req("--services", List),
            ignored("--include", List),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-cluster" => Command::CreateCluster {
            cluster_name: a.text("--cluster-name").unwrap_or_else(|| "default".into()),
        },
        "create-service" => Command::CreateService {
            cluster: a.text("--cluster").unwrap_or_else(|| "default".into()),
            service_name: a.req("--service-name")?,
            deployment_controller: deployment_controller(a)?,
            task_definition: match a.text("--task-definition") {
                Some(td) => td,
                // only a service whose tasks a third party deploys goes without one
                None if deployment_controller(a)?.as_deref() == Some("EXTERNAL") => String::new(),
                None => return Err(CliError::required(&["--task-definition"])),
            },
            desired_count: a.int("--desired-count")?.unwrap_or(0),
        },
        "update-service" => Command::UpdateService {
            cluster: a.text("--cluster").unwrap_or_else(|| "default".into()),
            service: a.req("--service")?,
            desired_count: a.int("--desired-count")?,
            task_definition: a.text("--task-definition"),
        },
        "list-clusters" => Command::Read(Read::ListClusters),
        "describe-clusters" => Command::Read(Read::DescribeClusters {
            clusters: a.list("--clusters")?.unwrap_or_default(),
        }),
        "list-services" => Command::Read(Read::ListServices {
            cluster: a.text("--cluster"),
        }),
        "describe-services" => Command::Read(Read::DescribeServices {
            cluster: a.text("--cluster"),
            services: a.req_list("--services")?,
        }),
        _ => return Err(a.not_implemented()),
    })
}

/// `--deployment-controller type=EXTERNAL` (or the JSON `{"type": "EXTERNAL"}`).
fn deployment_controller(a: &Args) -> Result<Option<String>, CliError> {
    let Some(v) = a.structure("--deployment-controller")? else {
        return Ok(None);
    };
    as_object(&v, "the deployment controller")
        .and_then(|m| req_str(m, "type"))
        .map(Some)
        .map_err(|e| CliError::param("--deployment-controller", e))
}

// ---------------------------------------------------------------- print

/// Prints an ECS command as its `aws ecs …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateCluster { cluster_name } => {
            l = Line::new("ecs", "create-cluster");
            l.opt("--cluster-name", cluster_name);
        }
        C::CreateService {
            cluster,
            service_name,
            task_definition,
            desired_count,
            deployment_controller,
        } => {
            l = Line::new("ecs", "create-service");
            l.opt("--cluster", cluster)
                .opt("--service-name", service_name)
                .opt_some(
                    "--task-definition",
                    Some(task_definition.as_str()).filter(|t| !t.is_empty()),
                )
                .opt_some(
                    "--deployment-controller",
                    deployment_controller
                        .as_ref()
                        .map(|t| format!("type={t}"))
                        .as_deref(),
                )
                .int("--desired-count", desired_count);
        }
        C::UpdateService {
            cluster,
            service,
            desired_count,
            task_definition,
        } => {
            l = Line::new("ecs", "update-service");
            l.opt("--cluster", cluster)
                .opt("--service", service)
                .int_some("--desired-count", *desired_count)
                .opt_some("--task-definition", task_definition.as_deref());
        }
        C::Read(Read::ListClusters) => l = Line::new("ecs", "list-clusters"),
        C::Read(Read::DescribeClusters { clusters }) => {
            l = Line::new("ecs", "describe-clusters");
            l.list_nonempty("--clusters", clusters);
        }
        C::Read(Read::ListServices { cluster }) => {
            l = Line::new("ecs", "list-services");
            l.opt_some("--cluster", cluster.as_deref());
        }
        C::Read(Read::DescribeServices { cluster, services }) => {
            l = Line::new("ecs", "describe-services");
            l.opt_some("--cluster", cluster.as_deref())
                .list("--services", services);
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
        C::CreateCluster {
            cluster_name: "web".into(),
        },
        C::CreateService {
            cluster: "web".into(),
            service_name: "unicorn".into(),
            task_definition: "unicorn-rentals:3".into(),
            desired_count: 8,
            deployment_controller: None,
        },
        C::CreateService {
            cluster: "web".into(),
            service_name: "canary".into(),
            task_definition: String::new(),
            desired_count: 1,
            deployment_controller: Some("EXTERNAL".into()),
        },
        C::UpdateService {
            cluster: "web".into(),
            service: "unicorn".into(),
            desired_count: Some(12),
            task_definition: Some("unicorn-rentals:4".into()),
        },
        C::UpdateService {
            cluster: "default".into(),
            service: "unicorn".into(),
            desired_count: None,
            task_definition: None,
        },
        C::Read(Read::ListClusters),
        C::Read(Read::DescribeClusters { clusters: vec![] }),
        C::Read(Read::DescribeClusters {
            clusters: vec![
                "default".into(),
                "arn:aws:ecs:us-east-1:123456789012:cluster/web".into(),
            ],
        }),
        C::Read(Read::ListServices { cluster: None }),
        C::Read(Read::ListServices {
            cluster: Some("web".into()),
        }),
        C::Read(Read::DescribeServices {
            cluster: Some("web".into()),
            services: vec!["workers".into()],
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unambiguous_prefix_names_its_option_like_aws_cli() {
        // awscli/examples/ecs/describe-clusters.rst writes --cluster for --clusters
        assert_eq!(
            CLI.ok("aws ecs describe-clusters --cluster default"),
            Command::Read(Read::DescribeClusters {
                clusters: vec!["default".into()],
            })
        );
        // an ambiguous prefix (--tags, --task-definition) names none
        let err = CLI.err("aws ecs create-service --service-name s --task-definition t --ta x");
        assert!(err.contains("Unknown options: --ta"), "{err}");
    }
}
