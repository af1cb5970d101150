//! The price lists: EC2 instance types (vCPUs, memory, list price, relative speed) and RDS
//! DB instance classes.

use serde::{Deserialize, Serialize};

/// One instance type as the simulation sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceType {
    pub name: String,
    pub vcpus: u32,
    pub memory_gib: f64,
    /// On-demand list price, us-east-1, $/hour.
    pub usd_per_hour: f64,
    /// Per-vCPU speed relative to a t3 vCPU (service times divide by this).
    pub speed: f64,
}

/// Built-in catalog (us-east-1 on-demand list prices). Scenarios may override prices.
pub fn default_catalog() -> Vec<InstanceType> {
    let t = |name: &str, vcpus, memory_gib, usd_per_hour, speed| InstanceType {
        name: name.to_string(),
        vcpus,
        memory_gib,
        usd_per_hour,
        speed,
    };
    vec![
        t("t3.micro", 2, 1.0, 0.0104, 1.0),
        t("t3.small", 2, 2.0, 0.0208, 1.0),
        t("t3.medium", 2, 4.0, 0.0416, 1.0),
        t("t3.large", 2, 8.0, 0.0832, 1.0),
        t("t3.xlarge", 4, 16.0, 0.1664, 1.0),
        t("c5.large", 2, 4.0, 0.085, 1.25),
        t("c5.xlarge", 4, 8.0, 0.17, 1.25),
        t("c5.2xlarge", 8, 16.0, 0.34, 1.25),
        t("m5.large", 2, 8.0, 0.096, 1.1),
        t("m5.xlarge", 4, 16.0, 0.192, 1.1),
        t("m5.2xlarge", 8, 32.0, 0.384, 1.1),
        t("c5.4xlarge", 16, 32.0, 0.68, 1.25),
        // GPU instances: what stolen keys launch to mine.
        t("p3.2xlarge", 8, 61.0, 3.06, 1.1),
    ]
}

/// One RDS DB instance class: (name, vCPUs, memory GiB, on-demand $/hour single-AZ,
/// PostgreSQL, us-east-1). Multi-AZ costs twice the hourly price (a standby in another AZ).
pub const DB_INSTANCE_CLASSES: &[(&str, u32, u32, f64)] = &[
    ("db.t3.micro", 2, 1, 0.018),
    ("db.t3.small", 2, 2, 0.036),
    ("db.t3.medium", 2, 4, 0.072),
    ("db.t3.large", 2, 8, 0.145),
    ("db.m5.large", 2, 8, 0.178),
    ("db.m6g.large", 2, 8, 0.159),
    ("db.r6g.large", 2, 16, 0.225),
    ("db.m5.xlarge", 4, 16, 0.356),
    ("db.r6g.xlarge", 4, 32, 0.449),
];

/// RDS for PostgreSQL's default parameter group: `max_connections =
/// LEAST({DBInstanceClassMemory/9531392}, 5000)` (112 on 1 GiB … 3604 on 32 GiB).
pub fn max_connections(memory_gib: u32) -> u32 {
    ((memory_gib as u64 * 1_073_741_824 / 9_531_392) as u32).min(5000)
}

/// The class's vCPUs, `max_connections` and single-AZ price, if it exists.
pub fn db_class(name: &str) -> Option<(u32, u32, f64)> {
    DB_INSTANCE_CLASSES
        .iter()
        .find(|c| c.0 == name)
        .map(|c| (c.1, max_connections(c.2), c.3))
}
