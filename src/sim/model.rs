//! The estate as ECS components: VPC, subnets, routes, security groups, instances,
//! load balancers, target groups, launch templates, Auto Scaling groups, DNS.

use super::command::{IngressRule, LbKind, TargetTrackingConfig};
pub use super::security_group_list::SecurityGroupList;
use super::userdata::BootPlan;
use crate::data::cidr::Cidr;
use bevy::prelude::*;

/// Creation order of a resource; simulation logic iterates resources in this order.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seq(pub u64);

/// The principal that created a resource (shown by the HUD; the chaos intruder's stand out).
#[derive(Component, Clone, Debug)]
pub struct CreatedBy(pub String);

#[derive(Component, Clone, Debug)]
pub struct Vpc {
    pub cidr: Cidr,
}

#[derive(Component, Clone, Debug)]
pub struct InternetGateway {
    pub vpc: Entity,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub destination: Cidr,
    /// `igw-…`, or `local`.
    pub target: String,
}

#[derive(Component, Clone, Debug)]
pub struct RouteTable {
    pub vpc: Entity,
    pub main: bool,
    pub routes: Vec<Route>,
}

#[derive(Component, Clone, Debug)]
pub struct Subnet {
    pub vpc: Entity,
    pub cidr: Cidr,
    pub az: String,
    /// Explicit route-table association; `None` means the VPC's main table.
    pub route_table: Option<Entity>,
    /// Addresses in use (instances, load-balancer nodes, network interfaces), recounted each tick.
    pub used: u32,
    /// True when its route table sends `0.0.0.0/0` to an internet gateway (recomputed each tick).
    pub public: bool,
}

impl Subnet {
    pub fn free(&self) -> u32 {
        self.cidr.usable().saturating_sub(self.used)
    }
}

/// Another workload's elastic network interface (takes addresses in a subnet).
#[derive(Component, Clone, Debug)]
pub struct NetworkInterface {
    pub subnet: Entity,
    pub addresses: u32,
    pub description: String,
    /// Its private addresses, the subnet's next hosts; the first is the primary.
    pub private_ips: Vec<String>,
}

#[derive(Component, Clone, Debug)]
pub struct SecurityGroup {
    pub vpc: Entity,
    pub group_name: String,
    pub description: String,
    pub rules: Vec<IngressRule>,
}

#[derive(Component, Clone, Debug)]
pub struct ElasticIp {
    pub public_ip: String,
    pub instance: Option<Entity>,
}

/// An Elastic IP given to a network interface (`associate-address --network-interface-id`)
/// rather than to an instance: it serves no traffic of the site.
#[derive(Component, Clone, Debug)]
pub struct AddressOnInterface {
    pub interface: Entity,
    pub private_ip: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaunchTemplateVersion {
    pub number: u32,
    pub description: String,
    pub image_id: String,
    pub instance_type: String,
    pub security_group_ids: Vec<String>,
    pub user_data: String,
    pub created_by: String,
}

#[derive(Component, Clone, Debug)]
pub struct LaunchTemplate {
    pub name: String,
    pub versions: Vec<LaunchTemplateVersion>,
    pub default_version: u32,
}

impl LaunchTemplate {
    pub fn latest(&self) -> u32 {
        self.versions.last().map(|v| v.number).unwrap_or(1)
    }

    pub fn version(&self, number: u32) -> Option<&LaunchTemplateVersion> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// Resolves `$Latest`, `$Default` or a number.
    pub fn resolve(&self, selector: &str) -> Option<&LaunchTemplateVersion> {
        match selector {
            "$Latest" => self.versions.last(),
            "$Default" => self.version(self.default_version),
            n => self.version(n.parse().ok()?),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum InstanceState {
    /// Being placed on a host.
    Pending,
    /// The OS boots and the user-data script runs.
    Booting,
    Running,
    ShuttingDown,
    Terminated,
}

impl InstanceState {
    pub fn aws_name(self) -> &'static str {
        match self {
            InstanceState::Pending | InstanceState::Booting => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
        }
    }

    /// Billed states (AWS bills from running; we bill the boot too, as the OS is up).
    pub fn billed(self) -> bool {
        matches!(
            self,
            InstanceState::Booting | InstanceState::Running | InstanceState::ShuttingDown
        )
    }
}

#[derive(Component, Clone, Debug)]
pub struct Instance {
    pub instance_type: String,
    /// Where `instance_type` is in the [`super::world::Catalog`] (set with it by
    /// `RunInstances` and `ModifyInstanceAttribute`): traffic and the bill read the type's
    /// facts every tick without comparing names.
    pub catalog_index: Option<usize>,
    pub subnet: Entity,
    pub private_ip: String,
    /// Kept inside the instance (see [`SecurityGroupList`]): read for every instance every tick.
    pub security_groups: SecurityGroupList,
    pub state: InstanceState,
    pub state_since: f64,
    /// When the current state ends on its own (pending → booting → running, shutting-down → terminated).
    pub state_until: f64,
    pub launched_at: f64,
    /// The launch template and version it came from, if any.
    pub template: Option<(Entity, u32)>,
    pub user_data: String,
    /// What the user-data script does when it runs (computed at launch).
    pub boot: BootPlan,
    pub asg: Option<Entity>,
    pub protected_from_scale_in: bool,
}

impl Instance {
    pub fn alive(&self) -> bool {
        !matches!(
            self.state,
            InstanceState::ShuttingDown | InstanceState::Terminated
        )
    }

    /// The app answers on its port (OS up, script finished, app started).
    pub fn serving(&self) -> bool {
        self.state == InstanceState::Running && self.boot.app_running
    }
}

/// Live load on an instance, written by the traffic model each tick.
#[derive(Component, Clone, Debug, Default)]
pub struct InstanceLoad {
    /// CPU utilisation 0–100 over the last tick.
    pub cpu: f64,
    /// Requests received in the last tick.
    pub requests: u64,
    /// Requests waiting beyond the workers (fluid backlog).
    pub backlog: f64,
    /// Expected wait of a request arriving now, seconds.
    pub wait: f64,
    /// CPU samples of the current minute (sum, count) for CloudWatch.
    pub cpu_minute_sum: f64,
    pub cpu_minute_n: u32,
    /// Last completed minute's average CPU.
    pub cpu_last_minute: f64,
    /// Requests in the current minute and the last completed one.
    pub requests_minute: u64,
    pub requests_last_minute: u64,
    /// Per-minute CPU history (bounded) for the CloudWatch panel.
    pub cpu_history: std::collections::VecDeque<f32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetHealthState {
    Initial,
    Healthy,
    Unhealthy,
    Draining,
}

impl TargetHealthState {
    pub fn aws_name(self) -> &'static str {
        match self {
            TargetHealthState::Initial => "initial",
            TargetHealthState::Healthy => "healthy",
            TargetHealthState::Unhealthy => "unhealthy",
            TargetHealthState::Draining => "draining",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Target {
    pub instance: Entity,
    pub port: u16,
    pub state: TargetHealthState,
    pub passes: u32,
    pub fails: u32,
    pub next_check: f64,
    /// Why the last check failed (`Target.Timeout`, `Target.ResponseCodeMismatch`, …).
    pub reason: Option<String>,
    /// Draining ends at this time.
    pub drain_until: f64,
}

#[derive(Clone, Debug)]
pub struct HealthCheck {
    pub path: String,
    pub interval: f64,
    pub timeout: f64,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    RoundRobin,
    LeastOutstandingRequests,
}

#[derive(Component, Clone, Debug)]
pub struct TargetGroup {
    pub name: String,
    pub protocol: String,
    pub port: u16,
    pub vpc: Entity,
    pub health: HealthCheck,
    pub algorithm: Algorithm,
    pub targets: Vec<Target>,
    /// `deregistration_delay.timeout_seconds` when set; otherwise the scenario's
    /// `timings.deregistration_delay` (30 s: shorter than AWS's 300 s default, so that a
    /// round's scale-in is not dominated by draining).
    pub deregistration_delay: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct Listener {
    pub protocol: String,
    pub port: u16,
    /// Application: the forward target group. Classic: none (instances are on the LB).
    pub target_group: Option<Entity>,
    /// Classic: the instance port.
    pub instance_port: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LbState {
    Provisioning,
    Active,
}

#[derive(Component, Clone, Debug)]
pub struct LoadBalancer {
    pub kind: LbKind,
    pub name: String,
    pub dns_name: String,
    pub subnets: Vec<Entity>,
    pub security_groups: Vec<Entity>,
    pub state: LbState,
    pub active_at: f64,
    pub listeners: Vec<Listener>,
    /// Classic only: registered instances and their health.
    pub classic_targets: Vec<Target>,
    /// Classic only: its health check.
    pub classic_health: HealthCheck,
    /// Classic only: requests waiting in the surge queue.
    pub surge_queue: f64,
}

impl LoadBalancer {
    /// Addresses a load balancer node takes in each of its subnets.
    pub fn addresses_per_subnet(&self) -> u32 {
        match self.kind {
            LbKind::Classic => 1,
            LbKind::Application => 2,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ScalingPolicy {
    pub name: String,
    pub config: TargetTrackingConfig,
    pub warmup: f64,
    /// Minutes in a row the metric asked for fewer instances (scale-in waits for 15).
    pub low_minutes: u32,
    pub last_scale_out: f64,
}

#[derive(Clone, Debug)]
pub struct ScheduledAction {
    pub name: String,
    /// One-off time in simulated seconds.
    pub at: Option<f64>,
    /// Cron `minute hour * * *` (only minute and hour fields are honoured).
    pub recurrence: Option<(Option<u32>, Option<u32>)>,
    pub min_size: Option<u32>,
    pub max_size: Option<u32>,
    pub desired_capacity: Option<u32>,
    pub last_fired_minute: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsgHealthCheckType {
    Ec2,
    Elb,
}

#[derive(Component, Clone, Debug)]
pub struct AutoScalingGroup {
    pub name: String,
    pub template: Entity,
    pub template_version: String,
    pub min_size: u32,
    pub max_size: u32,
    pub desired: u32,
    pub subnets: Vec<Entity>,
    pub target_groups: Vec<Entity>,
    pub classic_lbs: Vec<Entity>,
    pub health_check_type: AsgHealthCheckType,
    pub grace_period: f64,
    pub default_warmup: Option<f64>,
    pub protect_new: bool,
    pub policies: Vec<ScalingPolicy>,
    pub scheduled: Vec<ScheduledAction>,
    pub next_activity: f64,
}

/// How a scaling activity ended (`StatusCode` in `describe-scaling-activities`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityStatus {
    Successful,
    Failed,
}

impl ActivityStatus {
    pub fn aws_name(self) -> &'static str {
        match self {
            ActivityStatus::Successful => "Successful",
            ActivityStatus::Failed => "Failed",
        }
    }
}

/// One thing the Auto Scaling service did to a group, or failed to do.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalingActivity {
    pub time: f64,
    pub status: ActivityStatus,
    /// "Launching a new EC2 instance: i-…", "Terminating EC2 instance: i-…".
    pub description: String,
    /// Why the service acted ("… in response to a difference between desired and actual
    /// capacity, increasing the capacity from 1 to 2.").
    pub cause: String,
    /// The error the service got, for a failed activity.
    pub status_message: Option<String>,
}

/// A group's scaling activities, oldest first (the newest 100 are kept).
#[derive(Component, Clone, Debug, Default)]
pub struct ScalingActivities(pub std::collections::VecDeque<ScalingActivity>);

impl ScalingActivities {
    pub const KEPT: usize = 100;

    pub fn push(&mut self, activity: ScalingActivity) {
        self.0.push_back(activity);
        while self.0.len() > Self::KEPT {
            self.0.pop_front();
        }
    }
}

/// A Route 53 record for the shop's hostname.
#[derive(Clone, Debug, PartialEq)]
pub enum DnsTarget {
    /// Alias to a load balancer's DNS name.
    Alias(String),
    /// A record with addresses (an Elastic IP).
    Addresses(Vec<String>),
}

/// The public hostname customers use, and where it points.
#[derive(Resource, Clone, Debug)]
pub struct Dns {
    pub hosted_zone_id: String,
    pub hostname: String,
    pub target: Option<DnsTarget>,
    /// A change in flight: applies at this time (Route 53 propagation plus resolver TTLs).
    pub pending: Option<(f64, Option<DnsTarget>)>,
}
