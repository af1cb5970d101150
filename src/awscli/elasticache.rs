//! `aws elasticache`: a Redis/Memcached cache cluster — the operation table, the builder to
//! `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Int, Text};
use super::spec::{OperationSpec, ignored, ignored_flag, op, opt, req};
use crate::sim::command::{Command, Read};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "elasticache",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-cache-cluster",
        &[
            req("--cache-cluster-id", Text),
            req("--engine", Text),
            req("--cache-node-type", Text),
            req("--num-cache-nodes", Int),
        ],
    ),
    op("delete-cache-cluster", &[req("--cache-cluster-id", Text)]),
    // ---- reads
    op(
        "describe-cache-clusters",
        &[
            opt("--cache-cluster-id", Text),
            ignored_flag("--show-cache-node-info", "--no-show-cache-node-info"),
            ignored("--max-items", Int),
            ignored("--starting-token", Text),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-cache-cluster" => Command::CreateCacheCluster {
            cache_cluster_id: a.req("--cache-cluster-id")?,
            engine: a.req("--engine")?,
            cache_node_type: a.req("--cache-node-type")?,
            num_cache_nodes: a.req_int("--num-cache-nodes")?,
        },
        "delete-cache-cluster" => Command::DeleteCacheCluster {
            cache_cluster_id: a.req("--cache-cluster-id")?,
        },
        "describe-cache-clusters" => Command::Read(Read::DescribeCacheClusters {
            cache_cluster_id: a.text("--cache-cluster-id"),
        }),
        _ => return Err(a.not_implemented()),
    })
}

// ---------------------------------------------------------------- print

/// Prints an ElastiCache command as its `aws elasticache …` line; `None` for another service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateCacheCluster {
            cache_cluster_id,
            engine,
            cache_node_type,
            num_cache_nodes,
        } => {
            l = Line::new("elasticache", "create-cache-cluster");
            l.opt("--cache-cluster-id", cache_cluster_id)
                .opt("--engine", engine)
                .opt("--cache-node-type", cache_node_type)
                .int("--num-cache-nodes", num_cache_nodes);
        }
        C::DeleteCacheCluster { cache_cluster_id } => {
            l = Line::new("elasticache", "delete-cache-cluster");
            l.opt("--cache-cluster-id", cache_cluster_id);
        }
        C::Read(Read::DescribeCacheClusters { cache_cluster_id }) => {
            l = Line::new("elasticache", "describe-cache-clusters");
            l.opt_some("--cache-cluster-id", cache_cluster_id.as_deref());
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
        C::CreateCacheCluster {
            cache_cluster_id: "unicorn-cache".into(),
            engine: "redis".into(),
            cache_node_type: "cache.t3.micro".into(),
            num_cache_nodes: 1,
        },
        C::DeleteCacheCluster {
            cache_cluster_id: "unicorn-cache".into(),
        },
        C::Read(Read::DescribeCacheClusters {
            cache_cluster_id: None,
        }),
        C::Read(Read::DescribeCacheClusters {
            cache_cluster_id: Some("unicorn-cache".into()),
        }),
    ]
}
