//! The one door: every typed command that can change the estate, who sent it, and how it ended.

use serde::{Deserialize, Serialize};

/// Who issued a command. Written into every CloudTrail event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Principal {
    /// The player (console, CLI box, commands file).
    Player,
    /// An autopilot bot playing for someone.
    Bot(String),
    /// The EC2 Auto Scaling service acting on a group.
    AutoScaling,
    /// The scenario's own bootstrap (the estate the old team left behind).
    CloudFormation,
    /// Someone else: chaos, an attacker, "a colleague". Holds the IAM ARN shown in the trail.
    Unknown(String),
}

impl Principal {
    /// The identity string CloudTrail shows.
    pub fn arn(&self) -> String {
        match self {
            Principal::Player => "arn:aws:iam::123456789012:user/devops-team".into(),
            Principal::Bot(name) => format!("arn:aws:iam::123456789012:user/bot-{name}"),
            Principal::AutoScaling => "autoscaling.amazonaws.com".into(),
            Principal::CloudFormation => "cloudformation.amazonaws.com".into(),
            Principal::Unknown(arn) => arn.clone(),
        }
    }

    /// True for principals the player's team does not own.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Principal::Unknown(_))
    }
}

/// A command's number in line. Every call through the door gets one, whoever sends it, and
/// its answer is kept under it ([`CommandResults`]); the trail event carries it too.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Ticket(pub u64);

/// How a call is signed: with an access key (an IAM user's), from an address. The team's own
/// calls use the console session: no key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerContext {
    pub access_key: Option<String>,
    pub source_ip: Option<String>,
}

/// Classic (`aws elb`) or Application (`aws elbv2`) load balancer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LbKind {
    Classic,
    Application,
}

/// Where an ingress rule lets traffic come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IngressSource {
    /// An IPv4 CIDR such as `0.0.0.0/0`.
    Cidr(String),
    /// Another security group (`sg-…`).
    Group(String),
}

/// One security-group ingress rule (`--protocol tcp --port 80 --cidr 0.0.0.0/0`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngressRule {
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    pub from_port: u16,
    pub to_port: u16,
    pub source: IngressSource,
}

/// A Classic LB listener (`Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassicListener {
    pub protocol: String,
    pub load_balancer_port: u16,
    pub instance_protocol: String,
    pub instance_port: u16,
}

/// Fields of a launch template version (`--launch-template-data '{…}'`). `None` means
/// "not given": for a new version it is inherited from the source version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchTemplateData {
    pub image_id: Option<String>,
    pub instance_type: Option<String>,
    pub security_group_ids: Option<Vec<String>>,
    /// The user-data script as plain text (the CLI takes it base64-encoded; the parser decodes it).
    pub user_data: Option<String>,
}

/// What `ec2 associate-address` gives the Elastic IP to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddressTarget {
    /// `--instance-id i-…`: the instance's primary private address.
    Instance(String),
    /// `--network-interface-id eni-… [--private-ip-address 10.0.0.85]`.
    NetworkInterface {
        network_interface_id: String,
        private_ip_address: Option<String>,
    },
}

/// The one attribute an `ec2 modify-instance-attribute` call changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceAttribute {
    /// `--instance-type Value=c5.large`: only while the instance is stopped.
    InstanceType(String),
    /// `--user-data Value=<base64>`, kept as the decoded text: only while stopped; like
    /// cloud-init on AWS, the instance runs user data at its first boot only.
    UserData(String),
    /// `--groups sg-1 sg-2`: replaces the instance's security groups (running or not).
    Groups(Vec<String>),
    /// `--disable-api-termination Value=true`: `terminate-instances` is refused while set.
    DisableApiTermination(bool),
    /// `--source-dest-check Value=false`: shown by `describe-instances`.
    SourceDestCheck(bool),
    /// `--sriov-net-support simple` (enhanced networking): only while stopped.
    SriovNetSupport(String),
}

impl InstanceAttribute {
    /// The attribute's name in the API (`--attribute instanceType`).
    pub fn api_name(&self) -> &'static str {
        match self {
            Self::InstanceType(_) => "instanceType",
            Self::UserData(_) => "userData",
            Self::Groups(_) => "groupSet",
            Self::DisableApiTermination(_) => "disableApiTermination",
            Self::SourceDestCheck(_) => "sourceDestCheck",
            Self::SriovNetSupport(_) => "sriovNetSupport",
        }
    }
}

/// Which launch template and which version (`LaunchTemplateName=web,Version=$Latest`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchTemplateSpec {
    /// `lt-…` id or the template's name.
    pub id_or_name: String,
    /// `$Latest`, `$Default` or a version number as text.
    pub version: String,
}

/// Metric a target-tracking policy follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PredefinedMetric {
    /// `ASGAverageCPUUtilization` (percent).
    AsgAverageCpuUtilization,
    /// `ALBRequestCountPerTarget` (requests per target per minute).
    AlbRequestCountPerTarget,
}

impl PredefinedMetric {
    pub fn aws_name(self) -> &'static str {
        match self {
            PredefinedMetric::AsgAverageCpuUtilization => "ASGAverageCPUUtilization",
            PredefinedMetric::AlbRequestCountPerTarget => "ALBRequestCountPerTarget",
        }
    }
}

/// `--target-tracking-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{…}}'`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetTrackingConfig {
    pub target_value: f64,
    pub predefined_metric: PredefinedMetric,
    /// `ResourceLabel` (needed by AWS for `ALBRequestCountPerTarget`).
    pub resource_label: Option<String>,
    pub disable_scale_in: bool,
}

/// A target for `register-targets` (`Id=i-…[,Port=80]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetDescription {
    pub id: String,
    pub port: Option<u16>,
}

/// A DNS change (`aws route53 change-resource-record-sets --change-batch '{…}'`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordChange {
    /// `UPSERT`, `CREATE` or `DELETE`.
    pub action: String,
    /// Record name, e.g. `www.unicorn.rentals`.
    pub name: String,
    /// `A` or `CNAME`.
    pub record_type: String,
    /// Alias target DNS name (a load balancer's DNS name) if an alias record.
    pub alias_dns_name: Option<String>,
    /// Plain record values (an Elastic IP's address) if not an alias.
    pub values: Vec<String>,
}

// ---- WAF ----
/// What a WAF rule matches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WafStatement {
    /// `RateBasedStatement`: more than `limit` requests from one IP in the evaluation window.
    RateBased {
        limit: u64,
        /// `EvaluationWindowSec`: 60, 120, 300 (the default) or 600.
        evaluation_window_sec: u32,
    },
    /// `IPSetReferenceStatement`: the source address is in this IP set (by ARN).
    IpSetReference { arn: String },
}

/// `Action`: what a matching rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WafAction {
    Block,
    /// Only counts (the rule's metric moves; the request goes on).
    Count,
}

impl WafAction {
    pub fn aws_name(self) -> &'static str {
        match self {
            WafAction::Block => "Block",
            WafAction::Count => "Count",
        }
    }
}

/// One rule of a web ACL (`{"Name":…,"Priority":…,"Statement":{…},"Action":{"Block":{}}}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WafRule {
    pub name: String,
    pub priority: u32,
    pub statement: WafStatement,
    pub action: WafAction,
}

impl WafRule {
    /// The rule as AWS writes it: in `--rules` and in `get-web-acl`'s answer.
    pub fn to_aws_json(&self) -> serde_json::Value {
        let statement = match &self.statement {
            WafStatement::RateBased {
                limit,
                evaluation_window_sec,
            } => serde_json::json!({"RateBasedStatement": {
                "Limit": limit,
                "EvaluationWindowSec": evaluation_window_sec,
                "AggregateKeyType": "IP",
            }}),
            WafStatement::IpSetReference { arn } => {
                serde_json::json!({"IPSetReferenceStatement": {"ARN": arn}})
            }
        };
        serde_json::json!({
            "Name": self.name,
            "Priority": self.priority,
            "Statement": statement,
            "Action": {self.action.aws_name(): {}},
            "VisibilityConfig": {
                "SampledRequestsEnabled": true,
                "CloudWatchMetricsEnabled": true,
                "MetricName": self.name,
            },
        })
    }
}

/// Every action on the estate. Field names follow the AWS API's parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    // ---- EC2 ----
    RunInstances {
        image_id: Option<String>,
        instance_type: Option<String>,
        count: u32,
        subnet_id: Option<String>,
        security_group_ids: Vec<String>,
        user_data: Option<String>,
        launch_template: Option<LaunchTemplateSpec>,
        name: Option<String>,
    },
    TerminateInstances {
        instance_ids: Vec<String>,
    },
    CreateSubnet {
        vpc_id: String,
        cidr_block: String,
        availability_zone: Option<String>,
        name: Option<String>,
    },
    DeleteSubnet {
        subnet_id: String,
    },
    /// Another workload's network interface: takes `1 + secondary_ip_count` addresses.
    CreateNetworkInterface {
        subnet_id: String,
        secondary_ip_count: u32,
        description: Option<String>,
    },
    DeleteNetworkInterface {
        network_interface_id: String,
    },
    CreateSecurityGroup {
        group_name: String,
        description: String,
        vpc_id: Option<String>,
    },
    AuthorizeSecurityGroupIngress {
        group_id: String,
        rules: Vec<IngressRule>,
    },
    RevokeSecurityGroupIngress {
        group_id: String,
        rules: Vec<IngressRule>,
    },
    CreateRoute {
        route_table_id: String,
        destination_cidr_block: String,
        gateway_id: String,
    },
    DeleteRoute {
        route_table_id: String,
        destination_cidr_block: String,
    },
    AssociateRouteTable {
        route_table_id: String,
        subnet_id: String,
    },
    AllocateAddress,
    AssociateAddress {
        allocation_id: String,
        target: AddressTarget,
    },
    ReleaseAddress {
        allocation_id: String,
    },
    CreateLaunchTemplate {
        launch_template_name: String,
        version_description: Option<String>,
        data: LaunchTemplateData,
    },
    CreateLaunchTemplateVersion {
        /// `lt-…` id or name.
        launch_template: String,
        source_version: Option<String>,
        version_description: Option<String>,
        data: LaunchTemplateData,
    },
    ModifyLaunchTemplate {
        launch_template: String,
        default_version: String,
    },
    // ---- Elastic Load Balancing ----
    CreateLoadBalancer {
        kind: LbKind,
        name: String,
        subnets: Vec<String>,
        security_groups: Vec<String>,
        /// Classic only; Application LBs get listeners from `CreateListener`.
        listeners: Vec<ClassicListener>,
    },
    /// Classic: by name; Application: by ARN.
    DeleteLoadBalancer {
        kind: LbKind,
        name_or_arn: String,
    },
    RegisterInstancesWithLoadBalancer {
        load_balancer_name: String,
        instance_ids: Vec<String>,
    },
    DeregisterInstancesFromLoadBalancer {
        load_balancer_name: String,
        instance_ids: Vec<String>,
    },
    CreateTargetGroup {
        name: String,
        protocol: String,
        port: u16,
        vpc_id: String,
        health_check_path: Option<String>,
        health_check_interval_seconds: Option<u32>,
        healthy_threshold_count: Option<u32>,
        unhealthy_threshold_count: Option<u32>,
    },
    /// Only `load_balancing.algorithm.type` is modelled (`round_robin`, `least_outstanding_requests`).
    ModifyTargetGroupAttributes {
        target_group_arn: String,
        attributes: Vec<(String, String)>,
    },
    RegisterTargets {
        target_group_arn: String,
        targets: Vec<TargetDescription>,
    },
    DeregisterTargets {
        target_group_arn: String,
        targets: Vec<TargetDescription>,
    },
    CreateListener {
        load_balancer_arn: String,
        protocol: String,
        port: u16,
        default_target_group_arn: String,
    },
    SetSubnets {
        load_balancer_arn: String,
        subnets: Vec<String>,
    },
    // ---- EC2 Auto Scaling ----
    CreateAutoScalingGroup {
        name: String,
        launch_template: Option<LaunchTemplateSpec>,
        /// `--launch-configuration-name`: launch configurations are not modelled (AWS no
        /// longer lets new accounts create them), so none is ever found.
        #[serde(default)]
        launch_configuration_name: Option<String>,
        min_size: u32,
        max_size: u32,
        desired_capacity: Option<u32>,
        vpc_zone_identifier: Vec<String>,
        target_group_arns: Vec<String>,
        load_balancer_names: Vec<String>,
        health_check_type: Option<String>,
        health_check_grace_period: Option<u32>,
        default_instance_warmup: Option<u32>,
        new_instances_protected_from_scale_in: bool,
    },
    UpdateAutoScalingGroup {
        name: String,
        launch_template: Option<LaunchTemplateSpec>,
        min_size: Option<u32>,
        max_size: Option<u32>,
        desired_capacity: Option<u32>,
        vpc_zone_identifier: Option<Vec<String>>,
        health_check_type: Option<String>,
        health_check_grace_period: Option<u32>,
        default_instance_warmup: Option<u32>,
        new_instances_protected_from_scale_in: Option<bool>,
    },
    AttachLoadBalancerTargetGroups {
        auto_scaling_group_name: String,
        target_group_arns: Vec<String>,
    },
    SetDesiredCapacity {
        auto_scaling_group_name: String,
        desired_capacity: u32,
        honor_cooldown: bool,
    },
    PutScalingPolicy {
        auto_scaling_group_name: String,
        policy_name: String,
        target_tracking: TargetTrackingConfig,
        estimated_instance_warmup: Option<u32>,
    },
    PutScheduledUpdateGroupAction {
        auto_scaling_group_name: String,
        scheduled_action_name: String,
        /// ISO-8601 UTC (`2026-11-22T10:30:00Z`), as the CLI takes it.
        start_time: Option<String>,
        /// Cron expression (`0 9 * * *`), as the CLI takes it.
        recurrence: Option<String>,
        min_size: Option<u32>,
        max_size: Option<u32>,
        desired_capacity: Option<u32>,
    },
    DeleteAutoScalingGroup {
        auto_scaling_group_name: String,
        force_delete: bool,
    },
    // ---- Route 53 ----
    ChangeResourceRecordSets {
        hosted_zone_id: String,
        changes: Vec<RecordChange>,
    },
    // ---- CloudWatch (alarms) ----
    /// `aws cloudwatch put-metric-alarm`: creates or replaces a metric alarm.
    PutMetricAlarm {
        alarm_name: String,
        /// `AWS/ApplicationELB`, `AWS/ELB`, `AWS/EC2`, `AWS/AutoScaling`, `GameDay`.
        namespace: String,
        metric_name: String,
        /// `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or a percentile such as
        /// `p99` (given with `--extended-statistic`).
        statistic: String,
        /// `Name=…,Value=…` pairs (only `AutoScalingGroupName` narrows a metric).
        dimensions: Vec<(String, String)>,
        /// Seconds, a multiple of 60.
        period: u32,
        evaluation_periods: u32,
        datapoints_to_alarm: Option<u32>,
        threshold: f64,
        /// `GreaterThanThreshold`, `GreaterThanOrEqualToThreshold`, `LessThanThreshold`,
        /// `LessThanOrEqualToThreshold`.
        comparison_operator: String,
        /// `missing` (default), `ignore`, `breaching`, `notBreaching`.
        treat_missing_data: Option<String>,
        /// Scaling-policy ARNs to execute, or SNS topic ARNs to notify, on entering ALARM.
        alarm_actions: Vec<String>,
    },
    /// `aws cloudwatch put-composite-alarm --alarm-rule 'ALARM(a) AND ALARM(b)'`.
    PutCompositeAlarm {
        alarm_name: String,
        alarm_rule: String,
        alarm_actions: Vec<String>,
    },
    DeleteAlarms {
        alarm_names: Vec<String>,
    },
    /// `aws autoscaling put-scaling-policy --policy-type StepScaling`.
    PutStepScalingPolicy {
        auto_scaling_group_name: String,
        policy_name: String,
        /// `ChangeInCapacity`, `PercentChangeInCapacity` or `ExactCapacity`.
        adjustment_type: String,
        step_adjustments: Vec<StepAdjustment>,
        estimated_instance_warmup: Option<u32>,
    },
    /// `aws autoscaling execute-policy`: what an alarm action does to a step-scaling policy.
    ExecutePolicy {
        auto_scaling_group_name: String,
        policy_name: String,
        metric_value: Option<f64>,
        breach_threshold: Option<f64>,
    },
    // ---- CloudFront ----
    /// A distribution in front of an origin (a load balancer's DNS name), with the default
    /// cache behavior's policy (`None`: the managed `CachingOptimized`, query strings not in
    /// the cache key).
    CreateDistribution {
        origin_domain_name: String,
        default_root_object: Option<String>,
        cache_policy_id: Option<String>,
    },
    CreateCachePolicy {
        name: String,
        /// `QueryStringBehavior` other than `none`: query strings are in the cache key.
        query_strings_in_key: bool,
        default_ttl: u32,
    },
    /// Sets the default cache behavior's cache policy.
    /// `--distribution-config` (its cache policy) or aws-cli's `--default-root-object`
    /// shortcut (it reads the configuration and writes it back with the new root object).
    UpdateDistribution {
        id: String,
        cache_policy_id: Option<String>,
        #[serde(default)]
        default_root_object: Option<String>,
    },
    DeleteDistribution {
        id: String,
    },
    // ---- ElastiCache ----
    CreateCacheCluster {
        cache_cluster_id: String,
        engine: String,
        cache_node_type: String,
        num_cache_nodes: u32,
    },
    DeleteCacheCluster {
        cache_cluster_id: String,
    },
    // ---- RDS ----
    /// `aws rds create-db-instance`.
    CreateDbInstance {
        db_instance_identifier: String,
        db_instance_class: String,
        /// `postgres` or `mysql`.
        engine: String,
        allocated_storage: Option<u32>,
        multi_az: bool,
        /// `--preferred-maintenance-window ddd:hh24:mi-ddd:hh24:mi` (UTC); none: changes
        /// made without `--apply-immediately` stay pending.
        #[serde(default)]
        preferred_maintenance_window: Option<String>,
    },
    /// `aws rds modify-db-instance`: class and Multi-AZ; without `--apply-immediately` the
    /// change waits in `PendingModifiedValues` for the instance's maintenance window.
    ModifyDbInstance {
        db_instance_identifier: String,
        db_instance_class: Option<String>,
        multi_az: Option<bool>,
        apply_immediately: bool,
        /// `--preferred-maintenance-window`: the instance's new weekly window (at once).
        #[serde(default)]
        preferred_maintenance_window: Option<String>,
    },
    /// `aws rds reboot-db-instance [--force-failover]`.
    RebootDbInstance {
        db_instance_identifier: String,
        force_failover: bool,
    },
    DeleteDbInstance {
        db_instance_identifier: String,
        skip_final_snapshot: bool,
    },
    // ---- SQS ----
    /// `aws sqs create-queue --queue-name … [--attributes Key=Value,…]`.
    CreateQueue {
        queue_name: String,
        attributes: Vec<(String, String)>,
    },
    DeleteQueue {
        queue_url: String,
    },
    SetQueueAttributes {
        queue_url: String,
        attributes: Vec<(String, String)>,
    },
    // ---- Lambda ----
    /// `aws lambda create-function`.
    CreateFunction {
        function_name: String,
        runtime: String,
        role: String,
        handler: String,
        memory_size: Option<u32>,
        timeout: Option<u32>,
    },
    /// Reserved concurrency.
    PutFunctionConcurrency {
        function_name: String,
        reserved_concurrent_executions: u32,
    },
    PutProvisionedConcurrencyConfig {
        function_name: String,
        /// An alias or version (provisioned concurrency cannot go on `$LATEST`).
        qualifier: String,
        provisioned_concurrent_executions: u32,
    },
    DeleteFunction {
        function_name: String,
    },
    // ---- ECS ----
    CreateCluster {
        cluster_name: String,
    },
    CreateService {
        cluster: String,
        service_name: String,
        /// Empty only with the `EXTERNAL` deployment controller.
        task_definition: String,
        desired_count: u32,
        /// `--deployment-controller type=ECS|CODE_DEPLOY|EXTERNAL` (`None`: ECS).
        #[serde(default)]
        deployment_controller: Option<String>,
    },
    /// `aws ecs update-service [--desired-count] [--task-definition]`: a new task
    /// definition is the normal deploy call.
    UpdateService {
        cluster: String,
        service: String,
        desired_count: Option<u32>,
        #[serde(default)]
        task_definition: Option<String>,
    },
    // ---- WAF ----
    /// `aws wafv2 create-web-acl` (default action Allow).
    CreateWebAcl {
        name: String,
        /// `REGIONAL` (an ALB) or `CLOUDFRONT` (a distribution).
        scope: String,
        rules: Vec<WafRule>,
    },
    /// `aws wafv2 update-web-acl`: replaces the rules.
    UpdateWebAcl {
        name: String,
        scope: String,
        id: String,
        lock_token: String,
        rules: Vec<WafRule>,
    },
    DeleteWebAcl {
        name: String,
        scope: String,
        id: String,
        lock_token: String,
    },
    /// `aws wafv2 associate-web-acl`: puts the ACL in front of an ALB (for CloudFront the
    /// distribution's `WebACLId` is set instead; GameDay accepts its ARN here too).
    AssociateWebAcl {
        web_acl_arn: String,
        resource_arn: String,
    },
    CreateIpSet {
        name: String,
        scope: String,
        /// CIDRs (`198.51.100.0/24`).
        addresses: Vec<String>,
    },
    // ---- IAM ----
    /// `aws iam list-access-keys [--user-name]`.
    ListAccessKeys {
        user_name: Option<String>,
    },
    /// `aws iam update-access-key --access-key-id AKIA… --status Active|Inactive`.
    UpdateAccessKey {
        user_name: Option<String>,
        access_key_id: String,
        status: String,
    },
    DeleteAccessKey {
        user_name: Option<String>,
        access_key_id: String,
    },
    // ---- Savings Plans ----
    /// `aws savingsplans create-savings-plan --savings-plan-offering-id … --commitment 0.50`.
    CreateSavingsPlan {
        savings_plan_offering_id: String,
        /// Dollars per hour, as the CLI takes it (text, e.g. `0.50`).
        commitment: String,
    },
    // ---- EC2 instance state (right-sizing) ----
    StopInstances {
        instance_ids: Vec<String>,
    },
    StartInstances {
        instance_ids: Vec<String>,
    },
    /// `aws ec2 modify-instance-attribute --instance-id i-… --instance-type Value=t3.small`
    /// (one attribute per call, as AWS takes it).
    ModifyInstanceAttribute {
        instance_id: String,
        attribute: InstanceAttribute,
    },
    /// A call that only looks (`describe-*`, `get-*`): it changes nothing, answers with
    /// AWS's response and lands in CloudTrail as a read event (`readOnly: true`).
    Read(Read),
    /// An EC2 call with `--dry-run`: checked (credentials, the resources it names) and
    /// answered `DryRunOperation` when it would have succeeded; it changes nothing.
    DryRun(Box<Command>),
    /// `aws <service> wait <waiter> …`: the waiter's read, polled in simulated time until
    /// it accepts (`sim/waiters.rs`). Not an API call itself: each poll is a read event.
    Wait {
        waiter: String,
        read: Read,
    },
}

/// An EC2-style filter: `--filters Name=instance-state-name,Values=running`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

/// The read calls. Field names follow the AWS API's parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Read {
    /// `aws ec2 describe-instances [--instance-ids] [--filters]`.
    DescribeInstances {
        instance_ids: Vec<String>,
        filters: Vec<Filter>,
    },
    /// `aws ec2 describe-subnets [--subnet-ids] [--filters]`.
    DescribeSubnets {
        subnet_ids: Vec<String>,
        filters: Vec<Filter>,
    },
    /// `aws ec2 describe-security-groups [--group-ids] [--group-names] [--filters]`.
    DescribeSecurityGroups {
        group_ids: Vec<String>,
        group_names: Vec<String>,
        filters: Vec<Filter>,
    },
    /// `aws ec2 describe-launch-template-versions --launch-template-id|--launch-template-name
    /// [--versions]`.
    DescribeLaunchTemplateVersions {
        launch_template: String,
        versions: Vec<String>,
    },
    /// `aws ec2 get-console-output --instance-id`: the cloud-init log.
    GetConsoleOutput { instance_id: String },
    /// `aws wafv2 list-web-acls --scope`.
    ListWebAcls { scope: String },
    /// `aws wafv2 get-web-acl --name --scope --id`.
    GetWebAcl {
        name: String,
        scope: String,
        id: String,
    },
    /// `aws wafv2 list-resources-for-web-acl --web-acl-arn [--resource-type]`.
    ListResourcesForWebAcl {
        web_acl_arn: String,
        resource_type: Option<String>,
    },
    /// `aws wafv2 get-web-acl-for-resource --resource-arn`.
    GetWebAclForResource { resource_arn: String },
    /// `aws iam list-users`.
    ListUsers,
    /// `aws iam get-user [--user-name]` (the caller without one).
    GetUser { user_name: Option<String> },
    /// `aws ec2 describe-network-interfaces [--network-interface-ids] [--filters]`.
    DescribeNetworkInterfaces {
        network_interface_ids: Vec<String>,
        filters: Vec<Filter>,
    },
    /// `aws ec2 describe-addresses [--allocation-ids] [--public-ips] [--filters]`.
    DescribeAddresses {
        allocation_ids: Vec<String>,
        public_ips: Vec<String>,
        filters: Vec<Filter>,
    },
    /// `aws ec2 describe-instance-attribute --instance-id --attribute`.
    DescribeInstanceAttribute {
        instance_id: String,
        attribute: String,
    },
    /// `aws elbv2 describe-load-balancers [--names] [--load-balancer-arns]`.
    DescribeLoadBalancers {
        names: Vec<String>,
        load_balancer_arns: Vec<String>,
    },
    /// `aws elbv2 describe-target-groups [--load-balancer-arn] [--target-group-arns] [--names]`.
    DescribeTargetGroups {
        load_balancer_arn: Option<String>,
        target_group_arns: Vec<String>,
        names: Vec<String>,
    },
    /// `aws elbv2 describe-listeners --load-balancer-arn | --listener-arns`.
    DescribeListeners {
        load_balancer_arn: Option<String>,
        listener_arns: Vec<String>,
    },
    /// `aws elbv2 describe-target-health --target-group-arn [--targets]`.
    DescribeTargetHealth {
        target_group_arn: String,
        targets: Vec<TargetDescription>,
    },
    /// `aws elb describe-instance-health --load-balancer-name [--instances]`.
    DescribeInstanceHealth {
        load_balancer_name: String,
        instance_ids: Vec<String>,
    },
    /// `aws autoscaling describe-auto-scaling-groups [--auto-scaling-group-names]`.
    DescribeAutoScalingGroups {
        auto_scaling_group_names: Vec<String>,
    },
    /// `aws autoscaling describe-scaling-activities [--auto-scaling-group-name] [--max-items]`.
    DescribeScalingActivities {
        auto_scaling_group_name: Option<String>,
        max_items: Option<u32>,
    },
    /// `aws sts get-caller-identity`.
    GetCallerIdentity,
    /// `aws cloudwatch describe-alarms [--alarm-names] [--alarm-name-prefix]
    /// [--state-value] [--alarm-types]`.
    DescribeAlarms {
        alarm_names: Vec<String>,
        alarm_name_prefix: Option<String>,
        state_value: Option<String>,
        alarm_types: Vec<String>,
    },
    /// `aws cloudtrail lookup-events [--lookup-attributes] [--start-time] [--end-time]
    /// [--max-results]`.
    LookupEvents {
        /// (AttributeKey, AttributeValue).
        lookup_attributes: Vec<(String, String)>,
        /// Unix seconds, both ends included.
        start_time: Option<i64>,
        end_time: Option<i64>,
        max_results: Option<u32>,
    },
    /// `aws cloudwatch get-metric-statistics --namespace --metric-name [--dimensions]
    /// --start-time --end-time --period [--statistics] [--extended-statistics] [--unit]`.
    GetMetricStatistics {
        namespace: String,
        metric_name: String,
        /// (Name, Value).
        dimensions: Vec<(String, String)>,
        /// Unix seconds.
        start_time: i64,
        end_time: i64,
        period: i64,
        statistics: Vec<String>,
        extended_statistics: Vec<String>,
        unit: Option<String>,
    },
    /// `aws cloudwatch get-metric-data --metric-data-queries --start-time --end-time
    /// [--scan-by] [--max-datapoints]`.
    GetMetricData {
        queries: Vec<MetricDataQuery>,
        /// Unix seconds.
        start_time: i64,
        end_time: i64,
        scan_by: Option<String>,
        max_datapoints: Option<u32>,
    },
    /// `aws rds describe-db-instances [--db-instance-identifier]`.
    DescribeDbInstances {
        db_instance_identifier: Option<String>,
    },
    /// `aws sqs list-queues [--queue-name-prefix]`.
    ListQueues { queue_name_prefix: Option<String> },
    /// `aws sqs get-queue-url --queue-name`.
    GetQueueUrl { queue_name: String },
    /// `aws sqs get-queue-attributes --queue-url [--attribute-names]`.
    GetQueueAttributes {
        queue_url: String,
        attribute_names: Vec<String>,
    },
    /// `aws cloudfront list-distributions`.
    ListDistributions,
    /// `aws cloudfront get-distribution --id`.
    GetDistribution { id: String },
    /// `aws elasticache describe-cache-clusters [--cache-cluster-id]`.
    DescribeCacheClusters { cache_cluster_id: Option<String> },
    /// `aws ecs list-clusters`.
    ListClusters,
    /// `aws ecs describe-clusters [--clusters]` (none: the `default` cluster).
    DescribeClusters { clusters: Vec<String> },
    /// `aws ecs list-services [--cluster]` (none: `default`).
    ListServices { cluster: Option<String> },
    /// `aws ecs describe-services [--cluster] --services`.
    DescribeServices {
        cluster: Option<String>,
        services: Vec<String>,
    },
    /// `aws lambda list-functions`.
    ListFunctions,
    /// `aws lambda get-function --function-name`.
    GetFunction { function_name: String },
}

/// One `MetricDataQueries` item of `get-metric-data` that reads a metric (`MetricStat`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricDataQuery {
    pub id: String,
    pub label: Option<String>,
    pub namespace: String,
    pub metric_name: String,
    /// (Name, Value).
    pub dimensions: Vec<(String, String)>,
    pub period: i64,
    pub stat: String,
    pub unit: Option<String>,
    pub return_data: bool,
    /// Metric math over the other queries' ids (`(m1+m2)/300`); the metric fields are
    /// then empty.
    #[serde(default)]
    pub expression: Option<String>,
}

impl Read {
    /// The service and the CloudTrail `eventName`.
    pub fn meta(&self) -> (Service, &'static str) {
        use Read as R;
        use Service as S;
        match self {
            R::DescribeInstances { .. } => (S::Ec2, "DescribeInstances"),
            R::DescribeSubnets { .. } => (S::Ec2, "DescribeSubnets"),
            R::DescribeSecurityGroups { .. } => (S::Ec2, "DescribeSecurityGroups"),
            R::DescribeLaunchTemplateVersions { .. } => (S::Ec2, "DescribeLaunchTemplateVersions"),
            R::GetConsoleOutput { .. } => (S::Ec2, "GetConsoleOutput"),
            R::DescribeAddresses { .. } => (S::Ec2, "DescribeAddresses"),
            R::DescribeNetworkInterfaces { .. } => (S::Ec2, "DescribeNetworkInterfaces"),
            R::ListWebAcls { .. } => (S::Wafv2, "ListWebACLs"),
            R::GetWebAcl { .. } => (S::Wafv2, "GetWebACL"),
            R::ListResourcesForWebAcl { .. } => (S::Wafv2, "ListResourcesForWebACL"),
            R::GetWebAclForResource { .. } => (S::Wafv2, "GetWebACLForResource"),
            R::ListUsers => (S::Iam, "ListUsers"),
            R::GetUser { .. } => (S::Iam, "GetUser"),
            R::DescribeInstanceAttribute { .. } => (S::Ec2, "DescribeInstanceAttribute"),
            R::DescribeLoadBalancers { .. } => (S::ElasticLoadBalancing, "DescribeLoadBalancers"),
            R::DescribeTargetGroups { .. } => (S::ElasticLoadBalancing, "DescribeTargetGroups"),
            R::DescribeListeners { .. } => (S::ElasticLoadBalancing, "DescribeListeners"),
            R::DescribeTargetHealth { .. } => (S::ElasticLoadBalancing, "DescribeTargetHealth"),
            R::DescribeInstanceHealth { .. } => (S::ElasticLoadBalancing, "DescribeInstanceHealth"),
            R::DescribeAutoScalingGroups { .. } => (S::AutoScaling, "DescribeAutoScalingGroups"),
            R::DescribeScalingActivities { .. } => (S::AutoScaling, "DescribeScalingActivities"),
            R::GetCallerIdentity => (S::Sts, "GetCallerIdentity"),
            R::DescribeAlarms { .. } => (S::CloudWatch, "DescribeAlarms"),
            R::LookupEvents { .. } => (S::CloudTrail, "LookupEvents"),
            R::GetMetricStatistics { .. } => (S::CloudWatch, "GetMetricStatistics"),
            R::GetMetricData { .. } => (S::CloudWatch, "GetMetricData"),
            R::DescribeDbInstances { .. } => (S::Rds, "DescribeDBInstances"),
            R::ListQueues { .. } => (S::Sqs, "ListQueues"),
            R::GetQueueUrl { .. } => (S::Sqs, "GetQueueUrl"),
            R::GetQueueAttributes { .. } => (S::Sqs, "GetQueueAttributes"),
            R::ListDistributions => (S::CloudFront, "ListDistributions"),
            R::GetDistribution { .. } => (S::CloudFront, "GetDistribution"),
            R::DescribeCacheClusters { .. } => (S::ElastiCache, "DescribeCacheClusters"),
            R::ListClusters => (S::Ecs, "ListClusters"),
            R::DescribeClusters { .. } => (S::Ecs, "DescribeClusters"),
            R::ListServices { .. } => (S::Ecs, "ListServices"),
            R::DescribeServices { .. } => (S::Ecs, "DescribeServices"),
            R::ListFunctions => (S::Lambda, "ListFunctions20150331"),
            R::GetFunction { .. } => (S::Lambda, "GetFunction20150331"),
        }
    }

    /// Resource ids the call names (for the trail's resource column).
    pub fn named_ids(&self) -> Vec<String> {
        use Read as R;
        match self {
            R::DescribeInstances { instance_ids, .. } => instance_ids.clone(),
            R::DescribeSubnets { subnet_ids, .. } => subnet_ids.clone(),
            R::DescribeSecurityGroups {
                group_ids,
                group_names,
                ..
            } => group_ids.iter().chain(group_names).cloned().collect(),
            R::DescribeLaunchTemplateVersions {
                launch_template, ..
            } => vec![launch_template.clone()],
            R::GetConsoleOutput { instance_id }
            | R::DescribeInstanceAttribute { instance_id, .. } => vec![instance_id.clone()],
            R::ListWebAcls { .. } | R::ListUsers => vec![],
            R::GetWebAcl { name, .. } => vec![name.clone()],
            R::ListResourcesForWebAcl { web_acl_arn, .. } => vec![web_acl_arn.clone()],
            R::GetWebAclForResource { resource_arn } => vec![resource_arn.clone()],
            R::GetUser { user_name } => user_name.iter().cloned().collect(),
            R::DescribeAddresses {
                allocation_ids,
                public_ips,
                ..
            } => allocation_ids.iter().chain(public_ips).cloned().collect(),
            R::DescribeNetworkInterfaces {
                network_interface_ids,
                ..
            } => network_interface_ids.clone(),
            R::DescribeLoadBalancers {
                names,
                load_balancer_arns,
            } => names.iter().chain(load_balancer_arns).cloned().collect(),
            R::DescribeTargetGroups {
                load_balancer_arn,
                target_group_arns,
                names,
            } => load_balancer_arn
                .iter()
                .chain(target_group_arns)
                .chain(names)
                .cloned()
                .collect(),
            R::DescribeListeners {
                load_balancer_arn,
                listener_arns,
            } => load_balancer_arn
                .iter()
                .chain(listener_arns)
                .cloned()
                .collect(),
            R::DescribeTargetHealth {
                target_group_arn, ..
            } => vec![target_group_arn.clone()],
            R::DescribeInstanceHealth {
                load_balancer_name, ..
            } => vec![load_balancer_name.clone()],
            R::DescribeAutoScalingGroups {
                auto_scaling_group_names,
            } => auto_scaling_group_names.clone(),
            R::DescribeScalingActivities {
                auto_scaling_group_name,
                ..
            } => auto_scaling_group_name.iter().cloned().collect(),
            R::GetCallerIdentity => vec![],
            R::DescribeAlarms { alarm_names, .. } => alarm_names.clone(),
            R::LookupEvents { .. } => vec![],
            R::GetMetricStatistics { metric_name, .. } => vec![metric_name.clone()],
            R::GetMetricData { .. } => vec![],
            R::DescribeDbInstances {
                db_instance_identifier,
            } => db_instance_identifier.iter().cloned().collect(),
            R::ListQueues { .. } => vec![],
            R::GetQueueUrl { queue_name } => vec![queue_name.clone()],
            R::GetQueueAttributes { queue_url, .. } => vec![queue_url.clone()],
            R::ListDistributions | R::ListClusters | R::ListFunctions => vec![],
            R::GetFunction { function_name } => vec![function_name.clone()],
            R::GetDistribution { id } => vec![id.clone()],
            R::DescribeCacheClusters { cache_cluster_id } => {
                cache_cluster_id.iter().cloned().collect()
            }
            R::DescribeClusters { clusters } => clusters.clone(),
            R::ListServices { cluster } => cluster.iter().cloned().collect(),
            R::DescribeServices { cluster, services } => {
                cluster.iter().chain(services).cloned().collect()
            }
        }
    }
}

/// One step of a step-scaling policy: bounds are relative to the alarm threshold
/// (`MetricIntervalLowerBound=0,MetricIntervalUpperBound=20,ScalingAdjustment=1`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepAdjustment {
    pub lower_bound: Option<f64>,
    pub upper_bound: Option<f64>,
    pub scaling_adjustment: i32,
}

/// The AWS service a command belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    Ec2,
    ElasticLoadBalancing,
    AutoScaling,
    Route53,
    CloudWatch,
    CloudFront,
    ElastiCache,
    Rds,
    Sqs,
    Lambda,
    Ecs,
    Wafv2,
    Iam,
    SavingsPlans,
    Sts,
    CloudTrail,
}

impl Service {
    /// The service `aws <name>` calls (`ec2`, `elb` and `elbv2`, …).
    pub fn from_cli(name: &str) -> Option<Self> {
        Some(match name {
            "ec2" => Service::Ec2,
            "elb" | "elbv2" => Service::ElasticLoadBalancing,
            "autoscaling" => Service::AutoScaling,
            "route53" => Service::Route53,
            "cloudwatch" => Service::CloudWatch,
            "cloudfront" => Service::CloudFront,
            "elasticache" => Service::ElastiCache,
            "rds" => Service::Rds,
            "sqs" => Service::Sqs,
            "lambda" => Service::Lambda,
            "ecs" => Service::Ecs,
            "wafv2" => Service::Wafv2,
            "iam" => Service::Iam,
            "savingsplans" => Service::SavingsPlans,
            "sts" => Service::Sts,
            "cloudtrail" => Service::CloudTrail,
            _ => return None,
        })
    }

    /// The event source CloudTrail shows for the service's calls.
    pub fn event_source(self) -> &'static str {
        match self {
            Service::Ec2 => "ec2.amazonaws.com",
            Service::ElasticLoadBalancing => "elasticloadbalancing.amazonaws.com",
            Service::AutoScaling => "autoscaling.amazonaws.com",
            Service::Route53 => "route53.amazonaws.com",
            Service::CloudWatch => "monitoring.amazonaws.com",
            Service::CloudFront => "cloudfront.amazonaws.com",
            Service::ElastiCache => "elasticache.amazonaws.com",
            Service::Rds => "rds.amazonaws.com",
            Service::Sqs => "sqs.amazonaws.com",
            Service::Lambda => "lambda.amazonaws.com",
            Service::Ecs => "ecs.amazonaws.com",
            Service::Wafv2 => "wafv2.amazonaws.com",
            Service::Iam => "iam.amazonaws.com",
            Service::SavingsPlans => "savingsplans.amazonaws.com",
            Service::Sts => "sts.amazonaws.com",
            Service::CloudTrail => "cloudtrail.amazonaws.com",
        }
    }
}

impl Command {
    /// What the command is, in one place: its service and its CloudTrail `eventName`
    /// (Lambda's names carry the API version, as CloudTrail writes them).
    pub fn meta(&self) -> (Service, &'static str) {
        use Command as C;
        use Service as S;
        match self {
            C::RunInstances { .. } => (S::Ec2, "RunInstances"),
            C::TerminateInstances { .. } => (S::Ec2, "TerminateInstances"),
            C::CreateSubnet { .. } => (S::Ec2, "CreateSubnet"),
            C::DeleteSubnet { .. } => (S::Ec2, "DeleteSubnet"),
            C::CreateNetworkInterface { .. } => (S::Ec2, "CreateNetworkInterface"),
            C::DeleteNetworkInterface { .. } => (S::Ec2, "DeleteNetworkInterface"),
            C::CreateSecurityGroup { .. } => (S::Ec2, "CreateSecurityGroup"),
            C::AuthorizeSecurityGroupIngress { .. } => (S::Ec2, "AuthorizeSecurityGroupIngress"),
            C::RevokeSecurityGroupIngress { .. } => (S::Ec2, "RevokeSecurityGroupIngress"),
            C::CreateRoute { .. } => (S::Ec2, "CreateRoute"),
            C::DeleteRoute { .. } => (S::Ec2, "DeleteRoute"),
            C::AssociateRouteTable { .. } => (S::Ec2, "AssociateRouteTable"),
            C::AllocateAddress => (S::Ec2, "AllocateAddress"),
            C::AssociateAddress { .. } => (S::Ec2, "AssociateAddress"),
            C::ReleaseAddress { .. } => (S::Ec2, "ReleaseAddress"),
            C::CreateLaunchTemplate { .. } => (S::Ec2, "CreateLaunchTemplate"),
            C::CreateLaunchTemplateVersion { .. } => (S::Ec2, "CreateLaunchTemplateVersion"),
            C::ModifyLaunchTemplate { .. } => (S::Ec2, "ModifyLaunchTemplate"),
            C::CreateLoadBalancer { .. } => (S::ElasticLoadBalancing, "CreateLoadBalancer"),
            C::DeleteLoadBalancer { .. } => (S::ElasticLoadBalancing, "DeleteLoadBalancer"),
            C::RegisterInstancesWithLoadBalancer { .. } => {
                (S::ElasticLoadBalancing, "RegisterInstancesWithLoadBalancer")
            }
            C::DeregisterInstancesFromLoadBalancer { .. } => (
                S::ElasticLoadBalancing,
                "DeregisterInstancesFromLoadBalancer",
            ),
            C::CreateTargetGroup { .. } => (S::ElasticLoadBalancing, "CreateTargetGroup"),
            C::ModifyTargetGroupAttributes { .. } => {
                (S::ElasticLoadBalancing, "ModifyTargetGroupAttributes")
            }
            C::RegisterTargets { .. } => (S::ElasticLoadBalancing, "RegisterTargets"),
            C::DeregisterTargets { .. } => (S::ElasticLoadBalancing, "DeregisterTargets"),
            C::CreateListener { .. } => (S::ElasticLoadBalancing, "CreateListener"),
            C::SetSubnets { .. } => (S::ElasticLoadBalancing, "SetSubnets"),
            C::CreateAutoScalingGroup { .. } => (S::AutoScaling, "CreateAutoScalingGroup"),
            C::UpdateAutoScalingGroup { .. } => (S::AutoScaling, "UpdateAutoScalingGroup"),
            C::AttachLoadBalancerTargetGroups { .. } => {
                (S::AutoScaling, "AttachLoadBalancerTargetGroups")
            }
            C::SetDesiredCapacity { .. } => (S::AutoScaling, "SetDesiredCapacity"),
            C::PutScalingPolicy { .. } => (S::AutoScaling, "PutScalingPolicy"),
            C::PutScheduledUpdateGroupAction { .. } => {
                (S::AutoScaling, "PutScheduledUpdateGroupAction")
            }
            C::DeleteAutoScalingGroup { .. } => (S::AutoScaling, "DeleteAutoScalingGroup"),
            C::ChangeResourceRecordSets { .. } => (S::Route53, "ChangeResourceRecordSets"),
            C::PutMetricAlarm { .. } => (S::CloudWatch, "PutMetricAlarm"),
            C::PutCompositeAlarm { .. } => (S::CloudWatch, "PutCompositeAlarm"),
            C::DeleteAlarms { .. } => (S::CloudWatch, "DeleteAlarms"),
            C::PutStepScalingPolicy { .. } => (S::AutoScaling, "PutScalingPolicy"),
            C::ExecutePolicy { .. } => (S::AutoScaling, "ExecutePolicy"),
            C::CreateDistribution { .. } => (S::CloudFront, "CreateDistribution"),
            C::CreateCachePolicy { .. } => (S::CloudFront, "CreateCachePolicy"),
            C::UpdateDistribution { .. } => (S::CloudFront, "UpdateDistribution"),
            C::DeleteDistribution { .. } => (S::CloudFront, "DeleteDistribution"),
            C::CreateCacheCluster { .. } => (S::ElastiCache, "CreateCacheCluster"),
            C::DeleteCacheCluster { .. } => (S::ElastiCache, "DeleteCacheCluster"),
            C::CreateDbInstance { .. } => (S::Rds, "CreateDBInstance"),
            C::ModifyDbInstance { .. } => (S::Rds, "ModifyDBInstance"),
            C::RebootDbInstance { .. } => (S::Rds, "RebootDBInstance"),
            C::DeleteDbInstance { .. } => (S::Rds, "DeleteDBInstance"),
            C::CreateQueue { .. } => (S::Sqs, "CreateQueue"),
            C::DeleteQueue { .. } => (S::Sqs, "DeleteQueue"),
            C::SetQueueAttributes { .. } => (S::Sqs, "SetQueueAttributes"),
            C::CreateFunction { .. } => (S::Lambda, "CreateFunction20150331"),
            C::PutFunctionConcurrency { .. } => (S::Lambda, "PutFunctionConcurrency20171031"),
            C::PutProvisionedConcurrencyConfig { .. } => {
                (S::Lambda, "PutProvisionedConcurrencyConfig")
            }
            C::DeleteFunction { .. } => (S::Lambda, "DeleteFunction20150331"),
            C::CreateCluster { .. } => (S::Ecs, "CreateCluster"),
            C::CreateService { .. } => (S::Ecs, "CreateService"),
            C::UpdateService { .. } => (S::Ecs, "UpdateService"),
            C::CreateWebAcl { .. } => (S::Wafv2, "CreateWebACL"),
            C::UpdateWebAcl { .. } => (S::Wafv2, "UpdateWebACL"),
            C::DeleteWebAcl { .. } => (S::Wafv2, "DeleteWebACL"),
            C::AssociateWebAcl { .. } => (S::Wafv2, "AssociateWebACL"),
            C::CreateIpSet { .. } => (S::Wafv2, "CreateIPSet"),
            C::ListAccessKeys { .. } => (S::Iam, "ListAccessKeys"),
            C::UpdateAccessKey { .. } => (S::Iam, "UpdateAccessKey"),
            C::DeleteAccessKey { .. } => (S::Iam, "DeleteAccessKey"),
            C::CreateSavingsPlan { .. } => (S::SavingsPlans, "CreateSavingsPlan"),
            C::StopInstances { .. } => (S::Ec2, "StopInstances"),
            C::StartInstances { .. } => (S::Ec2, "StartInstances"),
            C::ModifyInstanceAttribute { .. } => (S::Ec2, "ModifyInstanceAttribute"),
            C::Read(r) => r.meta(),
            C::DryRun(inner) => inner.meta(),
            C::Wait { read, .. } => (read.meta().0, "Wait"),
        }
    }

    /// True for calls that only look (CloudTrail's `readOnly`): they change nothing.
    pub fn read_only(&self) -> bool {
        match self {
            Command::DryRun(inner) => inner.read_only(),
            _ => matches!(
                self,
                Command::Read(_) | Command::ListAccessKeys { .. } | Command::Wait { .. }
            ),
        }
    }

    /// The CloudTrail `eventName`.
    pub fn event_name(&self) -> &'static str {
        self.meta().1
    }

    /// The AWS service the command belongs to.
    pub fn service(&self) -> Service {
        self.meta().0
    }

    /// The AWS service's event source, as CloudTrail shows it.
    pub fn event_source(&self) -> &'static str {
        self.service().event_source()
    }
}

/// An AWS-style API error: the code AWS returns and a readable message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "An error occurred ({}): {}", self.code, self.message)
    }
}

/// What a successful call returns: the ids it created or changed, and the response AWS
/// would send, with AWS's field names, where the call has one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ApiResponse {
    pub ids: Vec<String>,
    pub body: Option<serde_json::Value>,
}

impl ApiResponse {
    pub fn ids(ids: Vec<String>) -> Self {
        Self { ids, body: None }
    }
    pub fn one(id: String) -> Self {
        Self::ids(vec![id])
    }
    /// A read's answer: AWS's response body.
    pub fn body(body: serde_json::Value) -> Self {
        Self {
            ids: vec![],
            body: Some(body),
        }
    }
}

pub type ApiResult = Result<ApiResponse, ApiError>;
