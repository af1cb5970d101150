//! `aws autoscaling`: groups, capacity, scaling policies (target tracking and step
//! scaling), executing a policy, scheduled actions — the operation table, the builder to
//! `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::ec2::{launch_template_spec, launch_template_spec_text};
use super::line::{Line, pairs};
use super::spec::ValueKind::{Int, List, Struct, StructList, Text};
use super::spec::{OperationSpec, flag, ignored, ignored_flag, op, opt, req};
use super::values::{as_object, opt_bool, opt_f64, opt_int, opt_str, req_str, required};
use crate::sim::command::{
    Command, LaunchTemplateSpec, PredefinedMetric, Read, StepAdjustment, TargetTrackingConfig,
};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "autoscaling",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[
    op(
        "create-auto-scaling-group",
        &[
            req("--auto-scaling-group-name", Text),
            opt("--launch-template", Struct),
            opt("--launch-configuration-name", Text),
            req("--min-size", Int),
            req("--max-size", Int),
            opt("--desired-capacity", Int),
            opt("--vpc-zone-identifier", Text),
            opt("--target-group-arns", List),
            opt("--load-balancer-names", List),
            opt("--health-check-type", Text),
            opt("--health-check-grace-period", Int),
            opt("--default-instance-warmup", Int),
            flag(
                "--new-instances-protected-from-scale-in",
                "--no-new-instances-protected-from-scale-in",
            ),
            ignored("--tags", StructList),
            ignored("--placement-group", Text),
            ignored("--termination-policies", List),
            ignored("--lifecycle-hook-specification-list", StructList),
            ignored("--availability-zones", List),
        ],
    ),
    op(
        "update-auto-scaling-group",
        &[
            req("--auto-scaling-group-name", Text),
            opt("--launch-template", Struct),
            opt("--min-size", Int),
            opt("--max-size", Int),
            opt("--desired-capacity", Int),
            opt("--vpc-zone-identifier", Text),
            opt("--health-check-type", Text),
            opt("--health-check-grace-period", Int),
            opt("--default-instance-warmup", Int),
            flag(
                "--new-instances-protected-from-scale-in",
                "--no-new-instances-protected-from-scale-in",
            ),
            ignored("--placement-group", Text),
            ignored("--termination-policies", List),
        ],
    ),
    op(
        "attach-load-balancer-target-groups",
        &[
            req("--auto-scaling-group-name", Text),
            req("--target-group-arns", List),
        ],
    ),
    op(
        "set-desired-capacity",
        &[
            req("--auto-scaling-group-name", Text),
            req("--desired-capacity", Int),
            flag("--honor-cooldown", "--no-honor-cooldown"),
        ],
    ),
    op(
        "put-scaling-policy",
        &[
            req("--auto-scaling-group-name", Text),
            req("--policy-name", Text),
            opt("--policy-type", Text),
            opt("--target-tracking-configuration", Struct),
            opt("--adjustment-type", Text),
            opt("--step-adjustments", StructList),
            ignored("--metric-aggregation-type", Text),
            opt("--estimated-instance-warmup", Int),
        ],
    ),
    op(
        "execute-policy",
        &[
            req("--auto-scaling-group-name", Text),
            req("--policy-name", Text),
            opt("--metric-value", Text),
            opt("--breach-threshold", Text),
        ],
    ),
    op(
        "put-scheduled-update-group-action",
        &[
            req("--auto-scaling-group-name", Text),
            req("--scheduled-action-name", Text),
            opt("--start-time", Text),
            opt("--recurrence", Text),
            opt("--min-size", Int),
            opt("--max-size", Int),
            opt("--desired-capacity", Int),
        ],
    ),
    op(
        "delete-auto-scaling-group",
        &[
            req("--auto-scaling-group-name", Text),
            flag("--force-delete", "--no-force-delete"),
        ],
    ),
    // ---- reads
    op(
        "describe-auto-scaling-groups",
        &[
            opt("--auto-scaling-group-names", List),
            ignored("--filters", StructList),
            ignored("--max-items", Int),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
    op(
        "describe-scaling-activities",
        &[
            opt("--auto-scaling-group-name", Text),
            opt("--max-items", Int),
            ignored("--activity-ids", List),
            ignored_flag("--include-deleted-groups", "--no-include-deleted-groups"),
            ignored("--page-size", Int),
            ignored("--starting-token", Text),
        ],
    ),
];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "create-auto-scaling-group" => Command::CreateAutoScalingGroup {
            name: a.req("--auto-scaling-group-name")?,
            launch_template: asg_launch_template(a)?,
            launch_configuration_name: a.text("--launch-configuration-name"),
            min_size: a.req_int("--min-size")?,
            max_size: a.req_int("--max-size")?,
            desired_capacity: a.int("--desired-capacity")?,
            vpc_zone_identifier: vpc_zone_identifier(a).unwrap_or_default(),
            target_group_arns: a.list("--target-group-arns")?.unwrap_or_default(),
            load_balancer_names: a.list("--load-balancer-names")?.unwrap_or_default(),
            health_check_type: a.text("--health-check-type"),
            health_check_grace_period: a.int("--health-check-grace-period")?,
            default_instance_warmup: a.int("--default-instance-warmup")?,
            new_instances_protected_from_scale_in: a
                .flag("--new-instances-protected-from-scale-in")
                .unwrap_or(false),
        },
        "update-auto-scaling-group" => Command::UpdateAutoScalingGroup {
            name: a.req("--auto-scaling-group-name")?,
            launch_template: asg_launch_template(a)?,
            min_size: a.int("--min-size")?,
            max_size: a.int("--max-size")?,
            desired_capacity: a.int("--desired-capacity")?,
            vpc_zone_identifier: vpc_zone_identifier(a),
            health_check_type: a.text("--health-check-type"),
            health_check_grace_period: a.int("--health-check-grace-period")?,
            default_instance_warmup: a.int("--default-instance-warmup")?,
            new_instances_protected_from_scale_in: a
                .flag("--new-instances-protected-from-scale-in"),
        },
        "attach-load-balancer-target-groups" => Command::AttachLoadBalancerTargetGroups {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            target_group_arns: a.req_list("--target-group-arns")?,
        },
        "set-desired-capacity" => Command::SetDesiredCapacity {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            desired_capacity: a.req_int("--desired-capacity")?,
            honor_cooldown: a.flag("--honor-cooldown").unwrap_or(false),
        },
        "put-scaling-policy" => scaling_policy(a)?,
        "put-scheduled-update-group-action" => Command::PutScheduledUpdateGroupAction {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            scheduled_action_name: a.req("--scheduled-action-name")?,
            start_time: a.text("--start-time"),
            recurrence: a.text("--recurrence"),
            min_size: a.int("--min-size")?,
            max_size: a.int("--max-size")?,
            desired_capacity: a.int("--desired-capacity")?,
        },
        "delete-auto-scaling-group" => Command::DeleteAutoScalingGroup {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            force_delete: a.flag("--force-delete").unwrap_or(false),
        },
        "execute-policy" => Command::ExecutePolicy {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            policy_name: a.req("--policy-name")?,
            metric_value: a.float("--metric-value")?,
            breach_threshold: a.float("--breach-threshold")?,
        },
        "describe-auto-scaling-groups" => Command::Read(Read::DescribeAutoScalingGroups {
            auto_scaling_group_names: a.list("--auto-scaling-group-names")?.unwrap_or_default(),
        }),
        "describe-scaling-activities" => Command::Read(Read::DescribeScalingActivities {
            auto_scaling_group_name: a.text("--auto-scaling-group-name"),
            max_items: a.int("--max-items")?,
        }),
        _ => return Err(a.not_implemented()),
    })
}

fn asg_launch_template(a: &Args) -> Result<Option<LaunchTemplateSpec>, CliError> {
    a.maybe("--launch-template", launch_template_spec)
}

/// `--vpc-zone-identifier "subnet-a,subnet-b"`: one comma-separated string.
fn vpc_zone_identifier(a: &Args) -> Option<Vec<String>> {
    a.text("--vpc-zone-identifier").map(|text| {
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// `put-scaling-policy`: a target-tracking policy, or a step-scaling one
/// (`--policy-type StepScaling`).
fn scaling_policy(a: &Args) -> Result<Command, CliError> {
    if a.text("--policy-type").as_deref() == Some("StepScaling") {
        let adjustment_type = a.req("--adjustment-type")?;
        let steps = a.each("--step-adjustments", step_adjustment)?;
        if steps.is_empty() {
            return Err(CliError::required(&["--step-adjustments"]));
        }
        return Ok(Command::PutStepScalingPolicy {
            auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
            policy_name: a.req("--policy-name")?,
            adjustment_type,
            step_adjustments: steps,
            estimated_instance_warmup: a.int("--estimated-instance-warmup")?,
        });
    }
    if let Some(t) = a
        .text("--policy-type")
        .filter(|t| t != "TargetTrackingScaling")
    {
        return Err(CliError::param(
            "--policy-type",
            format!(
                "GameDay supports target tracking (--policy-type TargetTrackingScaling) \
                 and step scaling (--policy-type StepScaling) policies, not {t}"
            ),
        ));
    }
    Ok(Command::PutScalingPolicy {
        auto_scaling_group_name: a.req("--auto-scaling-group-name")?,
        policy_name: a.req("--policy-name")?,
        target_tracking: a.one("--target-tracking-configuration", target_tracking)?,
        estimated_instance_warmup: a.int("--estimated-instance-warmup")?,
    })
}

/// A target tracking configuration with a predefined metric.
fn target_tracking(v: &Value) -> Result<TargetTrackingConfig, String> {
    let m = as_object(v, "the target tracking configuration")?;
    if m.contains_key("CustomizedMetricSpecification") {
        return Err("GameDay only supports PredefinedMetricSpecification".into());
    }
    let target_value = required(opt_f64(m, "TargetValue")?, "TargetValue")?;
    let spec = required(
        m.get("PredefinedMetricSpecification"),
        "PredefinedMetricSpecification",
    )?;
    let spec = as_object(spec, "PredefinedMetricSpecification")?;
    let predefined_metric = match req_str(spec, "PredefinedMetricType")?.as_str() {
        "ASGAverageCPUUtilization" => PredefinedMetric::AsgAverageCpuUtilization,
        "ALBRequestCountPerTarget" => PredefinedMetric::AlbRequestCountPerTarget,
        other => {
            return Err(format!(
                "PredefinedMetricType {other} is not supported in GameDay; use \
                 ASGAverageCPUUtilization or ALBRequestCountPerTarget"
            ));
        }
    };
    Ok(TargetTrackingConfig {
        target_value,
        predefined_metric,
        resource_label: opt_str(spec, "ResourceLabel")?,
        disable_scale_in: opt_bool(m, "DisableScaleIn")?.unwrap_or(false),
    })
}

/// A step `MetricIntervalLowerBound=0,MetricIntervalUpperBound=20,ScalingAdjustment=1`.
fn step_adjustment(v: &Value) -> Result<StepAdjustment, String> {
    let m = as_object(v, "each step adjustment")?;
    let adj = required(opt_int(m, "ScalingAdjustment")?, "ScalingAdjustment")?;
    Ok(StepAdjustment {
        lower_bound: opt_f64(m, "MetricIntervalLowerBound")?,
        upper_bound: opt_f64(m, "MetricIntervalUpperBound")?,
        scaling_adjustment: i32::try_from(adj)
            .map_err(|_| format!("\"ScalingAdjustment\" is out of range: {adj}"))?,
    })
}

// ---------------------------------------------------------------- print

/// Prints an Auto Scaling command as its `aws autoscaling …` line; `None` for another
/// service's command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::CreateAutoScalingGroup {
            name,
            launch_template,
            launch_configuration_name,
            min_size,
            max_size,
            desired_capacity,
            vpc_zone_identifier,
            target_group_arns,
            load_balancer_names,
            health_check_type,
            health_check_grace_period,
            default_instance_warmup,
            new_instances_protected_from_scale_in,
        } => {
            l = Line::new("autoscaling", "create-auto-scaling-group");
            l.opt("--auto-scaling-group-name", name)
                .opt_some(
                    "--launch-template",
                    launch_template
                        .as_ref()
                        .map(launch_template_spec_text)
                        .as_deref(),
                )
                .opt_some(
                    "--launch-configuration-name",
                    launch_configuration_name.as_deref(),
                )
                .int("--min-size", min_size)
                .int("--max-size", max_size)
                .int_some("--desired-capacity", *desired_capacity);
            if !vpc_zone_identifier.is_empty() {
                l.opt("--vpc-zone-identifier", &vpc_zone_identifier.join(","));
            }
            l.list_nonempty("--target-group-arns", target_group_arns)
                .list_nonempty("--load-balancer-names", load_balancer_names)
                .opt_some("--health-check-type", health_check_type.as_deref())
                .int_some("--health-check-grace-period", *health_check_grace_period)
                .int_some("--default-instance-warmup", *default_instance_warmup)
                .flag(
                    "--new-instances-protected-from-scale-in",
                    *new_instances_protected_from_scale_in,
                );
        }
        C::UpdateAutoScalingGroup {
            name,
            launch_template,
            min_size,
            max_size,
            desired_capacity,
            vpc_zone_identifier,
            health_check_type,
            health_check_grace_period,
            default_instance_warmup,
            new_instances_protected_from_scale_in,
        } => {
            l = Line::new("autoscaling", "update-auto-scaling-group");
            l.opt("--auto-scaling-group-name", name);
            if let Some(spec) = launch_template {
                l.opt("--launch-template", &launch_template_spec_text(spec));
            }
            l.int_some("--min-size", *min_size)
                .int_some("--max-size", *max_size)
                .int_some("--desired-capacity", *desired_capacity);
            if let Some(zones) = vpc_zone_identifier {
                l.opt("--vpc-zone-identifier", &zones.join(","));
            }
            l.opt_some("--health-check-type", health_check_type.as_deref())
                .int_some("--health-check-grace-period", *health_check_grace_period)
                .int_some("--default-instance-warmup", *default_instance_warmup);
            match new_instances_protected_from_scale_in {
                Some(true) => l.flag("--new-instances-protected-from-scale-in", true),
                Some(false) => l.flag("--no-new-instances-protected-from-scale-in", true),
                None => &mut l,
            };
        }
        C::AttachLoadBalancerTargetGroups {
            auto_scaling_group_name,
            target_group_arns,
        } => {
            l = Line::new("autoscaling", "attach-load-balancer-target-groups");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .list("--target-group-arns", target_group_arns);
        }
        C::SetDesiredCapacity {
            auto_scaling_group_name,
            desired_capacity,
            honor_cooldown,
        } => {
            l = Line::new("autoscaling", "set-desired-capacity");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .int("--desired-capacity", desired_capacity)
                .flag("--honor-cooldown", *honor_cooldown);
        }
        C::PutScalingPolicy {
            auto_scaling_group_name,
            policy_name,
            target_tracking: tracking,
            estimated_instance_warmup,
        } => {
            l = Line::new("autoscaling", "put-scaling-policy");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--policy-name", policy_name)
                .opt("--policy-type", "TargetTrackingScaling")
                .opt(
                    "--target-tracking-configuration",
                    &target_tracking_json(tracking),
                )
                .int_some("--estimated-instance-warmup", *estimated_instance_warmup);
        }
        C::PutScheduledUpdateGroupAction {
            auto_scaling_group_name,
            scheduled_action_name,
            start_time,
            recurrence,
            min_size,
            max_size,
            desired_capacity,
        } => {
            l = Line::new("autoscaling", "put-scheduled-update-group-action");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--scheduled-action-name", scheduled_action_name)
                .opt_some("--start-time", start_time.as_deref())
                .opt_some("--recurrence", recurrence.as_deref())
                .int_some("--min-size", *min_size)
                .int_some("--max-size", *max_size)
                .int_some("--desired-capacity", *desired_capacity);
        }
        C::DeleteAutoScalingGroup {
            auto_scaling_group_name,
            force_delete,
        } => {
            l = Line::new("autoscaling", "delete-auto-scaling-group");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .flag("--force-delete", *force_delete);
        }
        C::PutStepScalingPolicy {
            auto_scaling_group_name,
            policy_name,
            adjustment_type,
            step_adjustments,
            estimated_instance_warmup,
        } => {
            l = Line::new("autoscaling", "put-scaling-policy");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--policy-name", policy_name)
                .opt("--policy-type", "StepScaling")
                .opt("--adjustment-type", adjustment_type);
            let items: Vec<(Option<String>, Value)> =
                step_adjustments.iter().map(step_item).collect();
            l.structures("--step-adjustments", &items)
                .int_some("--estimated-instance-warmup", *estimated_instance_warmup);
        }
        C::ExecutePolicy {
            auto_scaling_group_name,
            policy_name,
            metric_value,
            breach_threshold,
        } => {
            l = Line::new("autoscaling", "execute-policy");
            l.opt("--auto-scaling-group-name", auto_scaling_group_name)
                .opt("--policy-name", policy_name)
                .opt_some(
                    "--metric-value",
                    metric_value.map(|v| v.to_string()).as_deref(),
                )
                .opt_some(
                    "--breach-threshold",
                    breach_threshold.map(|v| v.to_string()).as_deref(),
                );
        }
        C::Read(Read::DescribeAutoScalingGroups {
            auto_scaling_group_names,
        }) => {
            l = Line::new("autoscaling", "describe-auto-scaling-groups");
            l.list_nonempty("--auto-scaling-group-names", auto_scaling_group_names);
        }
        C::Read(Read::DescribeScalingActivities {
            auto_scaling_group_name,
            max_items,
        }) => {
            l = Line::new("autoscaling", "describe-scaling-activities");
            l.opt_some(
                "--auto-scaling-group-name",
                auto_scaling_group_name.as_deref(),
            )
            .int_some("--max-items", *max_items);
        }
        _ => return None,
    }
    Some(l.finish())
}

fn target_tracking_json(t: &TargetTrackingConfig) -> String {
    let mut spec = json!({"PredefinedMetricType": t.predefined_metric.aws_name()});
    if let Some(label) = &t.resource_label {
        spec["ResourceLabel"] = json!(label);
    }
    let mut config = json!({"TargetValue": t.target_value, "PredefinedMetricSpecification": spec});
    if t.disable_scale_in {
        config["DisableScaleIn"] = json!(true);
    }
    config.to_string()
}

fn step_item(s: &StepAdjustment) -> (Option<String>, Value) {
    let mut fields = Vec::new();
    let mut v = json!({"ScalingAdjustment": s.scaling_adjustment});
    if let Some(l) = s.lower_bound {
        fields.push(("MetricIntervalLowerBound", l.to_string()));
        v["MetricIntervalLowerBound"] = json!(l);
    }
    if let Some(u) = s.upper_bound {
        fields.push(("MetricIntervalUpperBound", u.to_string()));
        v["MetricIntervalUpperBound"] = json!(u);
    }
    fields.push(("ScalingAdjustment", s.scaling_adjustment.to_string()));
    pairs(&fields, v)
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use super::ec2::lt;
    use Command as C;
    let tg: String =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/943f017f100becff"
            .into();
    vec![
        C::CreateAutoScalingGroup {
            name: "web-asg".into(),
            launch_template: Some(lt("web", "$Latest")),
            launch_configuration_name: None,
            min_size: 2,
            max_size: 6,
            desired_capacity: Some(3),
            vpc_zone_identifier: vec!["subnet-1".into(), "subnet-2".into()],
            target_group_arns: vec![tg.clone()],
            load_balancer_names: vec!["classic".into()],
            health_check_type: Some("ELB".into()),
            health_check_grace_period: Some(300),
            default_instance_warmup: Some(60),
            new_instances_protected_from_scale_in: true,
        },
        C::CreateAutoScalingGroup {
            name: "bare".into(),
            launch_template: Some(lt("lt-1", "1")),
            launch_configuration_name: None,
            min_size: 0,
            max_size: 1,
            desired_capacity: None,
            vpc_zone_identifier: vec![],
            target_group_arns: vec![],
            load_balancer_names: vec![],
            health_check_type: None,
            health_check_grace_period: None,
            default_instance_warmup: None,
            new_instances_protected_from_scale_in: false,
        },
        C::CreateAutoScalingGroup {
            name: "legacy".into(),
            launch_template: None,
            launch_configuration_name: Some("my-lc".into()),
            min_size: 0,
            max_size: 1,
            desired_capacity: None,
            vpc_zone_identifier: vec![],
            target_group_arns: vec![],
            load_balancer_names: vec![],
            health_check_type: None,
            health_check_grace_period: None,
            default_instance_warmup: None,
            new_instances_protected_from_scale_in: false,
        },
        C::UpdateAutoScalingGroup {
            name: "web-asg".into(),
            launch_template: Some(lt("web", "$Default")),
            min_size: Some(1),
            max_size: Some(10),
            desired_capacity: Some(4),
            vpc_zone_identifier: Some(vec!["subnet-1".into()]),
            health_check_type: Some("EC2".into()),
            health_check_grace_period: Some(0),
            default_instance_warmup: Some(30),
            new_instances_protected_from_scale_in: Some(false),
        },
        C::UpdateAutoScalingGroup {
            name: "web-asg".into(),
            launch_template: None,
            min_size: None,
            max_size: None,
            desired_capacity: None,
            vpc_zone_identifier: Some(vec![]),
            health_check_type: None,
            health_check_grace_period: None,
            default_instance_warmup: None,
            new_instances_protected_from_scale_in: Some(true),
        },
        C::AttachLoadBalancerTargetGroups {
            auto_scaling_group_name: "web-asg".into(),
            target_group_arns: vec![tg],
        },
        C::SetDesiredCapacity {
            auto_scaling_group_name: "web-asg".into(),
            desired_capacity: 6,
            honor_cooldown: true,
        },
        C::SetDesiredCapacity {
            auto_scaling_group_name: "web-asg".into(),
            desired_capacity: 0,
            honor_cooldown: false,
        },
        C::PutScalingPolicy {
            auto_scaling_group_name: "web-asg".into(),
            policy_name: "cpu50".into(),
            target_tracking: TargetTrackingConfig {
                target_value: 50.0,
                predefined_metric: PredefinedMetric::AsgAverageCpuUtilization,
                resource_label: None,
                disable_scale_in: false,
            },
            estimated_instance_warmup: Some(120),
        },
        C::PutScalingPolicy {
            auto_scaling_group_name: "web-asg".into(),
            policy_name: "requests".into(),
            target_tracking: TargetTrackingConfig {
                target_value: 1000.5,
                predefined_metric: PredefinedMetric::AlbRequestCountPerTarget,
                resource_label: Some("app/web/1/targetgroup/web/2".into()),
                disable_scale_in: true,
            },
            estimated_instance_warmup: None,
        },
        C::PutScheduledUpdateGroupAction {
            auto_scaling_group_name: "web-asg".into(),
            scheduled_action_name: "morning".into(),
            start_time: Some("2026-11-22T10:30:00Z".into()),
            recurrence: Some("0 9 * * *".into()),
            min_size: Some(2),
            max_size: Some(8),
            desired_capacity: Some(4),
        },
        C::PutScheduledUpdateGroupAction {
            auto_scaling_group_name: "web-asg".into(),
            scheduled_action_name: "bare".into(),
            start_time: None,
            recurrence: None,
            min_size: None,
            max_size: None,
            desired_capacity: None,
        },
        C::DeleteAutoScalingGroup {
            auto_scaling_group_name: "web-asg".into(),
            force_delete: true,
        },
        C::DeleteAutoScalingGroup {
            auto_scaling_group_name: "old".into(),
            force_delete: false,
        },
        C::PutStepScalingPolicy {
            auto_scaling_group_name: "web-asg".into(),
            policy_name: "out".into(),
            adjustment_type: "ChangeInCapacity".into(),
            step_adjustments: vec![
                StepAdjustment {
                    lower_bound: Some(0.0),
                    upper_bound: Some(20.5),
                    scaling_adjustment: 1,
                },
                StepAdjustment {
                    lower_bound: Some(20.5),
                    upper_bound: None,
                    scaling_adjustment: 3,
                },
            ],
            estimated_instance_warmup: Some(120),
        },
        C::PutStepScalingPolicy {
            auto_scaling_group_name: "web-asg".into(),
            policy_name: "in".into(),
            adjustment_type: "PercentChangeInCapacity".into(),
            step_adjustments: vec![StepAdjustment {
                lower_bound: None,
                upper_bound: Some(0.0),
                scaling_adjustment: -10,
            }],
            estimated_instance_warmup: None,
        },
        C::ExecutePolicy {
            auto_scaling_group_name: "web-asg".into(),
            policy_name: "out".into(),
            metric_value: Some(85.0),
            breach_threshold: Some(70.0),
        },
        C::Read(Read::DescribeAutoScalingGroups {
            auto_scaling_group_names: vec![],
        }),
        C::Read(Read::DescribeAutoScalingGroups {
            auto_scaling_group_names: vec!["web".into(), "api".into()],
        }),
        C::Read(Read::DescribeScalingActivities {
            auto_scaling_group_name: None,
            max_items: None,
        }),
        C::Read(Read::DescribeScalingActivities {
            auto_scaling_group_name: Some("web".into()),
            max_items: Some(5),
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_scaling_details() {
        let json = CLI.ok(
            r#"aws autoscaling create-auto-scaling-group --auto-scaling-group-name a --launch-template '{"LaunchTemplateName":"web","Version":"$Latest"}' --min-size 1 --max-size 3 --vpc-zone-identifier "subnet-a, subnet-b" --new-instances-protected-from-scale-in"#,
        );
        let short = CLI.ok(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name a --launch-template 'LaunchTemplateName=web,Version=$Latest' --min-size 1 --max-size 3 --vpc-zone-identifier subnet-a,subnet-b --no-new-instances-protected-from-scale-in --new-instances-protected-from-scale-in",
        );
        assert_eq!(json, short);
        let Command::CreateAutoScalingGroup {
            vpc_zone_identifier,
            new_instances_protected_from_scale_in,
            ..
        } = json
        else {
            unreachable!()
        };
        assert_eq!(vpc_zone_identifier, ["subnet-a", "subnet-b"]);
        assert!(new_instances_protected_from_scale_in);
        let Command::UpdateAutoScalingGroup {
            new_instances_protected_from_scale_in,
            min_size,
            ..
        } = CLI.ok(
            "aws autoscaling update-auto-scaling-group --auto-scaling-group-name a --no-new-instances-protected-from-scale-in",
        )
        else {
            unreachable!()
        };
        assert_eq!(
            (new_instances_protected_from_scale_in, min_size),
            (Some(false), None)
        );
        let Command::SetDesiredCapacity { honor_cooldown, .. } = CLI.ok(
            "aws autoscaling set-desired-capacity --auto-scaling-group-name a --desired-capacity 2 --no-honor-cooldown",
        ) else {
            unreachable!()
        };
        assert!(!honor_cooldown);
        assert_eq!(
            CLI.err(
                "aws autoscaling create-auto-scaling-group --auto-scaling-group-name a --min-size 1"
            ),
            "aws: error: the following arguments are required: --max-size"
        );
    }

    #[test]
    fn target_tracking_policy_example() {
        let cmd = CLI.ok(
            r#"aws autoscaling put-scaling-policy --auto-scaling-group-name my-asg \
  --policy-name alb1000-target-tracking-scaling-policy \
  --policy-type TargetTrackingScaling \
  --target-tracking-configuration '{
     "TargetValue": 1000.0,
     "PredefinedMetricSpecification": {
          "PredefinedMetricType": "ALBRequestCountPerTarget",
          "ResourceLabel": "app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff"
     }
}'"#,
        );
        assert_eq!(
            cmd,
            Command::PutScalingPolicy {
                auto_scaling_group_name: "my-asg".into(),
                policy_name: "alb1000-target-tracking-scaling-policy".into(),
                target_tracking: TargetTrackingConfig {
                    target_value: 1000.0,
                    predefined_metric: PredefinedMetric::AlbRequestCountPerTarget,
                    resource_label: Some(
                        "app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff"
                            .into()
                    ),
                    disable_scale_in: false,
                },
                estimated_instance_warmup: None,
            }
        );
        let cmd = CLI.ok(
            r#"aws autoscaling put-scaling-policy --auto-scaling-group-name a --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ASGAverageCPUUtilization"},"DisableScaleIn":true}' --estimated-instance-warmup 120"#,
        );
        let shorthand = CLI.ok(
            "aws autoscaling put-scaling-policy --auto-scaling-group-name a --policy-name cpu50 --target-tracking-configuration TargetValue=50,PredefinedMetricSpecification={PredefinedMetricType=ASGAverageCPUUtilization},DisableScaleIn=true --estimated-instance-warmup 120",
        );
        assert_eq!(cmd, shorthand);
        let Command::PutScalingPolicy {
            target_tracking, ..
        } = cmd
        else {
            unreachable!()
        };
        assert_eq!(target_tracking.target_value, 50.0);
        assert!(target_tracking.disable_scale_in);
    }

    #[test]
    fn scaling_policy_errors() {
        let base = "aws autoscaling put-scaling-policy --auto-scaling-group-name a --policy-name p";
        let e = CLI.err(&format!(
            "{base} --policy-type SimpleScaling --target-tracking-configuration TargetValue=1"
        ));
        assert!(e.contains("not SimpleScaling"), "{e}");
        let e = CLI.err(&format!(
            "{base} --policy-type StepScaling --adjustment-type ChangeInCapacity"
        ));
        assert!(e.contains("--step-adjustments"), "{e}");
        let e = CLI.err(&format!("{base} --target-tracking-configuration"));
        assert!(!e.is_empty());
        let e = CLI.err(base);
        assert!(e.contains("--target-tracking-configuration"), "{e}");
        let e = CLI.err(&format!(
            "{base} --target-tracking-configuration '{{\"TargetValue\":50,'"
        ));
        assert!(
            e.starts_with(
                "Error parsing parameter '--target-tracking-configuration': Invalid JSON: "
            ),
            "{e}"
        );
        let e = CLI.err(&format!(
            "{base} --target-tracking-configuration TargetValue"
        ));
        assert!(e.starts_with("Error parsing parameter '--target-tracking-configuration': Expected: '=', received: 'EOF'"), "{e}");
        let e = CLI.err(&format!(
            "{base} --target-tracking-configuration TargetValue=5,PredefinedMetricSpecification={{PredefinedMetricType=ASGAverageNetworkIn}}"
        ));
        assert!(e.contains("ASGAverageNetworkIn is not supported"), "{e}");
        let e = CLI.err(&format!(
            "{base} --target-tracking-configuration TargetValue=x,PredefinedMetricSpecification={{PredefinedMetricType=ASGAverageCPUUtilization}}"
        ));
        assert!(e.contains("\"TargetValue\" must be a number"), "{e}");
    }

    #[test]
    fn structures_report_missing_keys() {
        assert!(
            target_tracking(&json!({"TargetValue":1}))
                .unwrap_err()
                .contains("PredefinedMetricSpecification")
        );
    }

    /// Lines as printed in the AWS CLI documentation's examples, and what each one is.
    #[test]
    fn documentation_examples() {
        use Command as C;
        let subnets = || -> Vec<String> {
            vec![
                "subnet-5ea0c127".into(),
                "subnet-6194ea3b".into(),
                "subnet-c934b782".into(),
            ]
        };
        let template = |id_or_name: &str, version: &str| LaunchTemplateSpec {
            id_or_name: id_or_name.into(),
            version: version.into(),
        };
        let create = |target_group_arns: Vec<String>, health_check_type: Option<&str>, grace| {
            C::CreateAutoScalingGroup {
                name: "my-asg".into(),
                launch_template: Some(template("lt-1234567890abcde12", "$Default")),
                launch_configuration_name: None,
                min_size: 1,
                max_size: 5,
                desired_capacity: None,
                vpc_zone_identifier: subnets(),
                target_group_arns,
                load_balancer_names: vec![],
                health_check_type: health_check_type.map(str::to_string),
                health_check_grace_period: grace,
                default_instance_warmup: None,
                new_instances_protected_from_scale_in: false,
            }
        };
        let update = |launch_template, min_size, max_size| C::UpdateAutoScalingGroup {
            name: "my-asg".into(),
            launch_template,
            min_size,
            max_size,
            desired_capacity: None,
            vpc_zone_identifier: None,
            health_check_type: None,
            health_check_grace_period: None,
            default_instance_warmup: None,
            new_instances_protected_from_scale_in: None,
        };
        let scheduled = |name: &str, start_time: Option<&str>, recurrence: Option<&str>| {
            C::PutScheduledUpdateGroupAction {
                auto_scaling_group_name: "my-asg".into(),
                scheduled_action_name: name.into(),
                start_time: start_time.map(str::to_string),
                recurrence: recurrence.map(str::to_string),
                min_size: Some(2),
                max_size: Some(6),
                desired_capacity: Some(4),
            }
        };
        CLI.assert_parses(vec![
            (
                "aws autoscaling create-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateId=lt-1234567890abcde12 --min-size 1 --max-size 5 --vpc-zone-identifier \"subnet-5ea0c127,subnet-6194ea3b,subnet-c934b782\"",
                create(vec![], None, None),
            ),
            (
                "aws autoscaling create-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateId=lt-1234567890abcde12 --target-group-arns arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/943f017f100becff --health-check-type ELB --health-check-grace-period 600 --min-size 1 --max-size 5 --vpc-zone-identifier \"subnet-5ea0c127,subnet-6194ea3b,subnet-c934b782\"",
                create(
                    vec!["arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/943f017f100becff".into()],
                    Some("ELB"),
                    Some(600),
                ),
            ),
            (
                "aws autoscaling update-auto-scaling-group --auto-scaling-group-name my-asg --min-size 2 --max-size 10",
                update(None, Some(2), Some(10)),
            ),
            (
                "aws autoscaling update-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateId=lt-1234567890abcde12,Version='$Latest'",
                update(Some(template("lt-1234567890abcde12", "$Latest")), None, None),
            ),
            (
                "aws autoscaling update-auto-scaling-group --auto-scaling-group-name my-asg --launch-template LaunchTemplateName=my-template-for-auto-scaling,Version='2'",
                update(Some(template("my-template-for-auto-scaling", "2")), None, None),
            ),
            (
                "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name my-asg --target-group-arns arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067",
                C::AttachLoadBalancerTargetGroups {
                    auto_scaling_group_name: "my-asg".into(),
                    target_group_arns: vec![
                        "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067".into(),
                    ],
                },
            ),
            (
                "aws autoscaling set-desired-capacity --auto-scaling-group-name my-asg --desired-capacity 2 --honor-cooldown",
                C::SetDesiredCapacity {
                    auto_scaling_group_name: "my-asg".into(),
                    desired_capacity: 2,
                    honor_cooldown: true,
                },
            ),
            (
                "aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name my-asg --scheduled-action-name my-scheduled-action --start-time \"2023-05-12T08:00:00Z\" --min-size 2 --max-size 6 --desired-capacity 4",
                scheduled("my-scheduled-action", Some("2023-05-12T08:00:00Z"), None),
            ),
            (
                "aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name my-asg --scheduled-action-name my-recurring-action --recurrence \"30 0 1 1,6,12 *\" --min-size 2 --max-size 6 --desired-capacity 4",
                scheduled("my-recurring-action", None, Some("30 0 1 1,6,12 *")),
            ),
            (
                "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name my-asg --force-delete",
                C::DeleteAutoScalingGroup {
                    auto_scaling_group_name: "my-asg".into(),
                    force_delete: true,
                },
            ),
        ]);
    }
}
