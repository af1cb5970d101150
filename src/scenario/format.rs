//! The RON scenario format: story, starting estate, traffic, chaos timeline, scoring, prices.

use bevy::prelude::Resource;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole scenario, as written in `scenarios/*.ron`.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub title_ko: String,
    pub story: String,
    /// The story in Korean.
    #[serde(default)]
    pub story_ko: String,
    /// `tutorial`, `easy`, `normal`, `hard` or `booth`.
    #[serde(default = "normal")]
    pub difficulty: String,
    pub duration_minutes: u32,
    /// Game speed the window starts at (simulated seconds per real second).
    #[serde(default = "default_speed")]
    pub default_speed: f64,
    /// Wall-clock start of the scenario's day, ISO-8601 UTC.
    pub start_time: String,
    pub availability_zones: Vec<String>,
    pub app: AppSpec,
    pub estate: EstateSpec,
    #[serde(default)]
    pub timings: Timings,
    pub traffic: TrafficSpec,
    #[serde(default)]
    pub chaos: Vec<ChaosEvent>,
    /// Pools of incidents drawn at random (from the round's seed) and added to the timeline.
    #[serde(default)]
    pub random_events: Vec<RandomEventPool>,
    pub scoring: ScoringSpec,
    /// Final scores that earn a medal.
    pub medals: Medals,
    #[serde(default)]
    pub prices: PriceSpec,
    /// Markdown shown in the runbook panel: true advice mixed with a few half-truths.
    pub runbook: String,
    /// The runbook in Korean.
    #[serde(default)]
    pub runbook_ko: String,
    /// Hints that appear when their trigger fires.
    #[serde(default)]
    pub hints: Vec<Hint>,
    /// Addresses on the threat list: API calls from them raise a
    /// `UnauthorizedAccess:IAMUser/MaliciousIPCaller` finding.
    #[serde(default)]
    pub known_bad_ips: Vec<String>,
    /// Account quotas.
    #[serde(default)]
    pub account: AccountSpec,
    /// Guided steps (the tutorial): shown one at a time, each waiting for the player's action.
    #[serde(default)]
    pub steps: Vec<TutorialStep>,
    /// The embedded scenario offered once the steps are done ("Next: Unicorn Rentals");
    /// empty: none.
    #[serde(default)]
    pub next_scenario: String,
}

/// Service quotas of the scenario's AWS account (us-east-1). Every caller meets them: the
/// player, the bots, Auto Scaling and the chaos engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSpec {
    /// Lambda concurrent executions for the whole account (AWS default 1,000).
    #[serde(default = "lambda_quota")]
    pub lambda_concurrent_executions: u32,
    /// vCPUs of running On-Demand instances (pending, booting or running), all types.
    #[serde(default = "vcpu_quota")]
    pub running_on_demand_vcpus: u32,
    /// Elastic IP addresses (AWS default 5 per region).
    #[serde(default = "eip_quota")]
    pub elastic_ips: u32,
    /// Load balancers, Application and Classic together (AWS default 50 ALBs per region).
    #[serde(default = "lb_quota")]
    pub load_balancers: u32,
    /// Target groups (AWS default 3,000 per region).
    #[serde(default = "tg_quota")]
    pub target_groups: u32,
    /// Inbound rules per security group (AWS default 60).
    #[serde(default = "rules_quota")]
    pub rules_per_security_group: u32,
    /// Subnets per VPC (AWS default 200).
    #[serde(default = "subnet_quota")]
    pub subnets_per_vpc: u32,
}

fn vcpu_quota() -> u32 {
    1_152
}
fn eip_quota() -> u32 {
    5
}
fn lb_quota() -> u32 {
    50
}
fn tg_quota() -> u32 {
    3_000
}
fn rules_quota() -> u32 {
    60
}
fn subnet_quota() -> u32 {
    200
}

/// Lambda's default concurrency quota for an account.
pub const DEFAULT_ACCOUNT_CONCURRENCY: u32 = 1000;

fn lambda_quota() -> u32 {
    DEFAULT_ACCOUNT_CONCURRENCY
}

impl Default for AccountSpec {
    fn default() -> Self {
        Self {
            lambda_concurrent_executions: lambda_quota(),
            running_on_demand_vcpus: vcpu_quota(),
            elastic_ips: eip_quota(),
            load_balancers: lb_quota(),
            target_groups: tg_quota(),
            rules_per_security_group: rules_quota(),
            subnets_per_vpc: subnet_quota(),
        }
    }
}

/// An RDS DB instance in the starting estate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSpec {
    pub identifier: String,
    /// A DB instance class such as `db.t3.medium`.
    pub class: String,
    #[serde(default = "postgres")]
    pub engine: String,
    #[serde(default)]
    pub multi_az: bool,
    /// RDS's weekly `PreferredMaintenanceWindow` (`ddd:hh24:mi-ddd:hh24:mi`, UTC, at least 30
    /// minutes): a `modify-db-instance` without `--apply-immediately` lands when it opens.
    /// None: such a change stays pending for the whole round.
    #[serde(default)]
    pub preferred_maintenance_window: Option<String>,
}

fn postgres() -> String {
    "postgres".into()
}

/// One guided step: it explains one thing and waits until `done_when` is seen in the trail or
/// the world; then the next step shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TutorialStep {
    pub title: String,
    #[serde(default)]
    pub title_ko: String,
    /// What to do and why (Markdown-free, a few sentences).
    pub text: String,
    #[serde(default)]
    pub text_ko: String,
    pub done_when: StepTrigger,
    /// Points added to the score when the step is done.
    #[serde(default)]
    pub points: f64,
    /// What the card points at on screen, outermost first: a map node (`node:public-b`, or
    /// `node:@unregistered`, the first running instance in no target group) and the action of
    /// its menu (`menu:subnet.launch`). The pointer sits on the last one on screen. `{action}`
    /// in the step's text is replaced by that menu action's label as the menu shows it.
    #[serde(default)]
    pub point_at: Vec<String>,
}

/// What finishes a tutorial step. Every trigger is something the player can see too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepTrigger {
    /// A successful call with this CloudTrail event name (e.g. `CreateTargetGroup`) made by
    /// the team (the player or the player's autopilot), after the step appeared.
    Call(String),
    /// At least this many targets of one target group are `healthy`.
    HealthyTargets(u32),
    /// At least one CloudWatch alarm exists.
    AlarmExists,
    /// The shop's hostname points at an Application Load Balancer.
    HostnameOnAlb,
    /// This many simulated seconds after the step appeared (a step that only explains).
    AfterSeconds(f64),
}

/// Score thresholds for the medals (gold ≥ silver ≥ bronze).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Medals {
    pub bronze: f64,
    pub silver: f64,
    pub gold: f64,
}

impl Medals {
    /// The medal a final score earns, if any.
    pub fn award(&self, points: f64) -> Option<&'static str> {
        if points >= self.gold {
            Some("gold")
        } else if points >= self.silver {
            Some("silver")
        } else if points >= self.bronze {
            Some("bronze")
        } else {
            None
        }
    }
}

/// A runbook hint shown when its trigger fires (once).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    pub trigger: HintTrigger,
    pub text: String,
    #[serde(default)]
    pub text_ko: String,
}

/// When a hint appears. Every trigger is something the player can see too.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HintTrigger {
    /// At this scenario minute.
    AtMinute(f64),
    /// When the chaos timeline's event with this index has fired.
    AfterChaos(usize),
    /// When a command fails with this AWS error code (e.g. `InvalidSubnet`).
    ErrorCode(String),
    /// When more than this fraction of the last minute's requests failed.
    FailureRateAbove(f64),
}

/// Incidents drawn at random: `count` events from `events`, at uniformly random minutes in
/// `from_minute..to_minute`, from a stream derived from the round's seed and `seed`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RandomEventPool {
    #[serde(default)]
    pub seed: u64,
    pub from_minute: f64,
    pub to_minute: f64,
    pub count: u32,
    #[serde(default)]
    pub principal: Option<String>,
    pub events: Vec<ChaosAction>,
}

fn normal() -> String {
    "normal".into()
}

fn default_speed() -> f64 {
    10.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstateSpec {
    pub vpc_cidr: String,
    pub hosted_zone_id: String,
    /// The shop's public hostname.
    pub hostname: String,
    /// Subnets whose route table sends `0.0.0.0/0` to the internet gateway.
    pub subnets: Vec<SubnetSpec>,
    pub security_groups: Vec<SecurityGroupSpec>,
    pub launch_templates: Vec<LaunchTemplateSpecRon>,
    pub instances: Vec<InstanceSpec>,
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancerSpec>,
    #[serde(default)]
    pub elastic_ips: Vec<ElasticIpSpec>,
    /// Where the hostname points at the start.
    pub dns: DnsSpec,
    /// RDS instances the app uses.
    #[serde(default)]
    pub databases: Vec<DatabaseSpec>,
    /// IAM users and their (active) access keys.
    #[serde(default)]
    pub iam_users: Vec<IamUserSpec>,
}

/// An IAM user of the account with its access keys (`AKIA…`, 20 characters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamUserSpec {
    pub name: String,
    #[serde(default)]
    pub access_keys: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubnetSpec {
    pub name: String,
    pub cidr: String,
    pub az: String,
    #[serde(default = "yes")]
    pub public: bool,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroupSpec {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub ingress: Vec<IngressSpec>,
}

/// One ingress rule: from a CIDR or from another group (by name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngressSpec {
    #[serde(default = "tcp")]
    pub protocol: String,
    pub port: u16,
    #[serde(default)]
    pub cidr: Option<String>,
    #[serde(default)]
    pub source_group: Option<String>,
}

fn tcp() -> String {
    "tcp".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplateSpecRon {
    pub name: String,
    pub instance_type: String,
    #[serde(default = "default_ami")]
    pub image_id: String,
    pub security_groups: Vec<String>,
    pub user_data: String,
}

fn default_ami() -> String {
    "ami-0c02fb55956c7d316".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSpec {
    pub name: String,
    pub subnet: String,
    pub launch_template: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LbKindSpec {
    Classic,
    Application,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerSpec {
    pub name: String,
    pub kind: LbKindSpec,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// Instances (by name) registered with it.
    #[serde(default)]
    pub instances: Vec<String>,
    #[serde(default = "port80")]
    pub port: u16,
    #[serde(default = "port80")]
    pub instance_port: u16,
    /// The health check (the ALB's target group, or the Classic LB's own). `None` keeps the
    /// AWS defaults: ALB `/`, every 30 s, healthy after 5 passes; Classic every 30 s,
    /// healthy after 10.
    #[serde(default)]
    pub health_check_path: Option<String>,
    #[serde(default)]
    pub health_check_interval_seconds: Option<u32>,
    #[serde(default)]
    pub healthy_threshold_count: Option<u32>,
}

fn port80() -> u16 {
    80
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElasticIpSpec {
    pub name: String,
    #[serde(default)]
    pub instance: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DnsSpec {
    /// Alias to the named load balancer.
    LoadBalancer(String),
    /// A record with the named Elastic IP's address.
    ElasticIp(String),
}

/// How long things take, in simulated seconds (AWS-realistic defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timings {
    pub instance_pending: f64,
    pub instance_boot: f64,
    pub instance_shutdown: f64,
    pub alb_provisioning: f64,
    pub clb_provisioning: f64,
    pub dns_propagation: f64,
    pub deregistration_delay: f64,
    /// Auto Scaling checks group sizes and health this often.
    pub asg_check_interval: f64,
    /// Terminated instances stay listed this long, then vanish.
    pub terminated_visible: f64,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            instance_pending: 15.0,
            instance_boot: 60.0,
            instance_shutdown: 30.0,
            alb_provisioning: 180.0,
            clb_provisioning: 60.0,
            dns_propagation: 60.0,
            deregistration_delay: 30.0,
            asg_check_interval: 10.0,
            terminated_visible: 600.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficSpec {
    pub classes: Vec<RequestClass>,
    /// Total customer requests per second over time: `(minute, rps)` points, linear between.
    pub curve: Vec<(f64, f64)>,
    /// Shapes multiplied onto (or added to) the curve.
    #[serde(default)]
    pub shapes: Vec<TrafficShape>,
    /// Seconds after which the load balancer gives up on a target (idle timeout).
    #[serde(default = "sixty")]
    pub timeout_seconds: f64,
}

fn sixty() -> f64 {
    60.0
}

/// A shape on top of the traffic curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TrafficShape {
    /// A daily rhythm: the curve × `1 + amplitude·cos(2π(minute − peak_minute)/period_minutes)`.
    Diurnal {
        amplitude: f64,
        period_minutes: f64,
        peak_minute: f64,
    },
    /// A known event: × `multiplier` from `at_minute` for `minutes`, with one-minute ramps.
    Spike {
        at_minute: f64,
        multiplier: f64,
        minutes: f64,
    },
    /// Extra requests per second of one class (usually a bot class) for a while, on top of
    /// the customers' traffic.
    AttackWave {
        class: String,
        at_minute: f64,
        minutes: f64,
        rps: f64,
    },
}

/// A kind of customer request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestClass {
    pub id: String,
    pub name: String,
    /// Fraction of all traffic.
    pub share: f64,
    /// Mean CPU time on one t3 vCPU, milliseconds.
    pub service_ms: f64,
    #[serde(default)]
    pub touches_db: bool,
    /// Served from a static file (works even when the database config is wrong).
    #[serde(default)]
    pub static_content: bool,
    #[serde(default)]
    pub query_strings: bool,
    #[serde(default)]
    pub bot: bool,
    /// Milliseconds of database time (one vCPU of the RDS instance) per request of a class
    /// that touches the database; 0 means the database is not modelled for it.
    #[serde(default)]
    pub db_ms: f64,
    /// A write: with an SQS queue in the account, the app enqueues it and answers at once.
    #[serde(default)]
    pub write: bool,
    /// The Lambda function that serves this class once it exists (by name).
    #[serde(default)]
    pub lambda_function: Option<String>,
    /// How many distinct client IP addresses send this class's requests. A WAF rate-based
    /// rule counts requests per IP: one office behind a NAT is 1, a botnet a few dozen.
    #[serde(default = "many_clients")]
    pub client_ips: f64,
    /// The CIDR the class's requests come from, if they share one (a WAF IP set can block it).
    #[serde(default)]
    pub source_cidr: Option<String>,
}

fn many_clients() -> f64 {
    20_000.0
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChaosEvent {
    pub at_minute: f64,
    /// IAM identity the trail shows; defaults to an unknown user.
    #[serde(default)]
    pub principal: Option<String>,
    /// The access key (`AKIA…`) the calls are signed with; once the key is inactive or
    /// deleted the calls fail.
    #[serde(default)]
    pub access_key: Option<String>,
    /// The address the calls come from (CloudTrail's `sourceIPAddress`).
    #[serde(default)]
    pub source_ip: Option<String>,
    pub action: ChaosAction,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChaosAction {
    /// Another team's network interfaces take a subnet's addresses, leaving `leave_free`.
    ExhaustSubnet { subnet: String, leave_free: u32 },
    /// "A colleague" pushes a launch-template version with this user-data and makes it the default.
    PushLaunchTemplateVersion {
        template: String,
        description: String,
        user_data: String,
    },
    /// The load balancer (by name) is deleted.
    DeleteLoadBalancer { name: String },
    /// Whatever load balancer the shop's hostname points at is deleted.
    DeleteServingLoadBalancer,
    /// An ingress rule is revoked from a group (by name).
    RevokeIngress {
        group: String,
        port: u16,
        cidr: Option<String>,
        source_group: Option<String>,
    },
    /// A running instance is terminated: by name, or a random one the seed picks.
    TerminateInstance { name: Option<String> },
    /// Traffic multiplied for a while (ramps up and down over a minute).
    TrafficSpike { multiplier: f64, minutes: f64 },
    /// The database's primary fails (by identifier), as an AWS FIS
    /// `aws:rds:reboot-db-instances` experiment does: a failover when it is Multi-AZ, a
    /// reboot with crash recovery on the same host when not.
    RebootDatabase { db: String },
    /// Instances launched in a subnet (by name) with this user data (an intruder's miners).
    LaunchInstances {
        subnet: String,
        instance_type: String,
        count: u32,
        name: String,
        /// The security group (by name) the instances join.
        security_group: String,
        user_data: String,
    },
    /// An ingress rule is added to a group (by name): `port` from `cidr`.
    AuthorizeIngress {
        group: String,
        port: u16,
        cidr: String,
    },
}

/// Points and penalties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringSpec {
    /// A success at or under this latency is "fast".
    pub fast_ms: f64,
    /// A success at or under this latency is "acceptable"; above it is "slow".
    pub acceptable_ms: f64,
    pub points_fast: f64,
    pub points_acceptable: f64,
    pub points_slow: f64,
    /// Points lost per failed request.
    pub failure_penalty: f64,
    /// Points lost per dollar spent.
    pub points_per_usd: f64,
    /// Revenue in dollars per successful request (shown to the player).
    pub revenue_per_request_usd: f64,
}

/// List prices, us-east-1 ($/hour). Instance types missing here use the built-in catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriceSpec {
    pub instance_types: BTreeMap<String, f64>,
    pub alb_hour: f64,
    /// ALB capacity unit-hour; one LCU ≈ 25 new connections per second.
    pub alb_lcu_hour: f64,
    pub clb_hour: f64,
    pub elastic_ip_hour: f64,
    /// CloudFront, per 10,000 HTTPS requests.
    pub cloudfront_per_10k_requests: f64,
    /// AWS WAF: per web ACL per month (prorated hourly over 730 hours).
    pub waf_web_acl_month: f64,
    /// AWS WAF: per rule per month.
    pub waf_rule_month: f64,
    /// AWS WAF: per million requests inspected.
    pub waf_per_million_requests: f64,
    /// Compute Savings Plan rate as a fraction off EC2 on-demand, 1-year no upfront.
    pub savings_plan_discount_1y: f64,
    /// Compute Savings Plan rate as a fraction off EC2 on-demand, 3-year no upfront.
    pub savings_plan_discount_3y: f64,
}

impl Default for PriceSpec {
    fn default() -> Self {
        Self {
            instance_types: BTreeMap::new(),
            alb_hour: 0.0225,
            alb_lcu_hour: 0.008,
            clb_hour: 0.025,
            elastic_ip_hour: 0.005,
            cloudfront_per_10k_requests: 0.01,
            waf_web_acl_month: 5.0,
            waf_rule_month: 1.0,
            waf_per_million_requests: 0.60,
            savings_plan_discount_1y: 0.28,
            savings_plan_discount_3y: 0.50,
        }
    }
}

/// The application the scenario's instances run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppSpec {
    /// Package the script must install (`yum install -y <package>`).
    pub package: String,
    /// systemd unit the script must start (`systemctl start <service>`).
    pub service: String,
    /// Port the app listens on unless `APP_PORT` says otherwise.
    pub port: u16,
    /// The database endpoint `DB_HOST` must name for dynamic pages to work.
    pub db_host: String,
    /// Seconds the package install takes.
    pub install_seconds: f64,
    /// Seconds from `systemctl start` until the app answers.
    pub start_seconds: f64,
}
