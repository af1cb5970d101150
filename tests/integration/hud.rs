//! The HUD's path to the estate: a console form submission queued as the player runs at the
//! next tick and lands in CloudTrail, where the trail table shows it and a click selects the
//! new resource; and CloudWatch alarms that fire and scale a group through a step policy.

use crate::common::*;
use bevy::prelude::World;
use gameday::hud::cloudtrail::{TrailFilter, Who, filter_rows, resolve_resource};
use gameday::hud::console::forms::{default_values, form_command};
use gameday::hud::submit::{Outbox, resolve, submit};
use gameday::sim::alarms::{AlarmLog, AlarmState, MetricAlarm};
use gameday::sim::api::CommandResults;
use gameday::sim::command::{Command, Principal};
use gameday::sim::model::Subnet;
use gameday::sim::trail::CloudTrail;
use gameday::sim::world::all;

#[test]
fn a_console_form_submission_reaches_the_trail_and_selects_its_resource() {
    let mut app = unicorn(11);
    let world = app.world_mut();
    world.init_resource::<Outbox>();
    // the create-subnet form, as pre-filled: the first free /24 in the VPC
    let (values, flags) = default_values(world, "ec2", "create-subnet", None, &[]);
    let cmd = form_command("ec2", "create-subnet", &values, &flags).expect("the form is valid");
    let Command::CreateSubnet { cidr_block, .. } = &cmd else {
        panic!("not a subnet: {cmd:?}");
    };
    assert_eq!(cidr_block, "10.0.1.0/24");
    let id = submit(world, cmd.clone());
    // queued, not yet run
    assert!(
        world
            .resource::<Outbox>()
            .get(id)
            .unwrap()
            .outcome
            .is_none()
    );
    gameday::sim::step(world);
    world.resource_scope(|world, mut outbox: bevy::prelude::Mut<Outbox>| {
        resolve(world.resource::<CommandResults>(), &mut outbox.sent);
    });
    let outcome = world
        .resource::<Outbox>()
        .get(id)
        .unwrap()
        .outcome
        .clone()
        .expect("ran at the tick");
    let subnet_id = outcome.result.expect("CreateSubnet succeeds").ids[0].clone();
    assert!(subnet_id.starts_with("subnet-"));
    // the trail row: the player's CreateSubnet, newest first, with the new subnet's id
    let rows = filter_rows(
        world.resource::<CloudTrail>(),
        &TrailFilter {
            who: Who::Team,
            search: "createsubnet".into(),
            ..Default::default()
        },
        10,
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].number, outcome.event);
    assert_eq!(rows[0].principal, "devops-team");
    assert!(rows[0].error.is_none());
    let event = world
        .resource::<CloudTrail>()
        .events
        .iter()
        .find(|e| e.number == outcome.event)
        .unwrap();
    assert_eq!(event.command, cmd);
    assert!(event.resources.contains(&subnet_id));
    // clicking the row selects the subnet
    let e = resolve_resource(world, &subnet_id).expect("the subnet exists");
    assert_eq!(
        world.get::<Subnet>(e).unwrap().cidr.to_string(),
        "10.0.1.0/24"
    );
}

#[test]
fn an_alarm_fires_and_its_step_policy_scales_the_group() {
    let mut app = unicorn_with(12, |s| s.chaos.clear());
    build_alb_asg(&mut app, GOOD_SCRIPT, 2, 2, 10);
    let arn = aws_ok(
        &mut app,
        "aws autoscaling put-scaling-policy --auto-scaling-group-name unicorn-asg --policy-name step-out --policy-type StepScaling --adjustment-type ChangeInCapacity --step-adjustments MetricIntervalLowerBound=0,ScalingAdjustment=2 --estimated-instance-warmup 600",
    );
    assert!(arn.contains(":scalingPolicy:"), "{arn}");
    // requests always exceed 1 per minute: the alarm must fire once two datapoints exist
    aws_ok(
        &mut app,
        &format!(
            "aws cloudwatch put-metric-alarm --alarm-name busy --namespace AWS/ApplicationELB --metric-name RequestCount --statistic Sum --period 60 --evaluation-periods 2 --datapoints-to-alarm 2 --threshold 1 --comparison-operator GreaterThanThreshold --alarm-actions {arn}"
        ),
    );
    aws_ok(
        &mut app,
        "aws cloudwatch put-metric-alarm --alarm-name never --namespace AWS/EC2 --metric-name CPUUtilization --statistic Average --period 60 --evaluation-periods 1 --threshold 1000 --comparison-operator GreaterThanThreshold",
    );
    aws_ok(
        &mut app,
        r#"aws cloudwatch put-composite-alarm --alarm-name both --alarm-rule 'ALARM("busy") AND ALARM("never")'"#,
    );
    let state = |app: &mut bevy::prelude::App, name: &str| {
        let world = app.world_mut();
        all::<MetricAlarm>(world)
            .into_iter()
            .map(|e| world.get::<MetricAlarm>(e).unwrap().clone())
            .find(|a| a.name == name)
            .map(|a| a.state)
    };
    run_minutes(&mut app, 1.0);
    assert_eq!(state(&mut app, "busy"), Some(AlarmState::InsufficientData));
    run_minutes(&mut app, 2.0);
    assert_eq!(state(&mut app, "busy"), Some(AlarmState::Alarm));
    assert_eq!(state(&mut app, "never"), Some(AlarmState::Ok));
    assert_eq!(asg(&mut app, "unicorn-asg").desired, 4, "the step added 2");
    let trail = app.world().resource::<CloudTrail>();
    assert!(
        trail
            .events
            .iter()
            .any(|e| e.event_name() == "ExecutePolicy"
                && e.principal == Principal::AutoScaling
                && e.error.is_none())
    );
    let log = &app.world().resource::<AlarmLog>().0;
    let fired = log
        .iter()
        .find(|t| t.alarm == "busy" && t.to == AlarmState::Alarm)
        .unwrap();
    assert_eq!(fired.actions, vec!["executed step-out on unicorn-asg"]);
    assert!(
        !log.iter()
            .any(|t| t.alarm == "both" && t.to == AlarmState::Alarm),
        "AND needs both"
    );
    // the warm-up keeps the policy from running again at once
    run_minutes(&mut app, 3.0);
    assert_eq!(asg(&mut app, "unicorn-asg").desired, 4);
    aws_ok(
        &mut app,
        "aws cloudwatch delete-alarms --alarm-names both busy never",
    );
    assert!(aws(&mut app, "aws cloudwatch delete-alarms --alarm-names busy").is_err());
}

/// Sends one console form as pre-filled (the selection empty) and runs a tick; returns the ids.
fn send_form(app: &mut bevy::prelude::App, svc: &str, op: &str) -> Vec<String> {
    let world = app.world_mut();
    let (values, flags) = default_values(world, svc, op, None, &[]);
    let cmd =
        form_command(svc, op, &values, &flags).unwrap_or_else(|e| panic!("{svc} {op} form: {e}"));
    let id = submit(world, cmd);
    gameday::sim::step(world);
    world.resource_scope(|world, mut outbox: bevy::prelude::Mut<Outbox>| {
        resolve(world.resource::<CommandResults>(), &mut outbox.sent);
    });
    let outcome = world.resource::<Outbox>().get(id).unwrap().outcome.clone();
    match outcome.map(|o| o.result) {
        Some(Ok(r)) => r.ids,
        other => panic!("{svc} {op}: {other:?}"),
    }
}

#[test]
fn the_runbook_fix_can_be_played_with_the_console_forms_defaults() {
    use gameday::hud::console::{UserDataEditor, template_script, user_data_command};
    use gameday::sim::model::{AutoScalingGroup, LoadBalancer};
    let mut app = unicorn_with(13, |s| s.chaos.clear());
    app.world_mut().init_resource::<Outbox>();
    run_minutes(&mut app, 1.0);
    // two /24s in two AZs, made public
    let a = send_form(&mut app, "ec2", "create-subnet");
    let b = send_form(&mut app, "ec2", "create-subnet");
    assert_ne!(a, b);
    send_form(&mut app, "ec2", "associate-route-table");
    send_form(&mut app, "ec2", "associate-route-table");
    {
        let world = app.world_mut();
        for id in a.iter().chain(&b) {
            let e = resolve_resource(world, id).unwrap();
            let s = world.get::<Subnet>(e).unwrap();
            assert!(s.public, "{id} was associated with the public table");
        }
    }
    // the ALB, its target group and listener
    send_form(&mut app, "elbv2", "create-load-balancer");
    send_form(&mut app, "elbv2", "create-target-group");
    send_form(&mut app, "elbv2", "create-listener");
    // a new launch-template version from the user-data editor: two workers on a t3.small
    {
        let world = app.world_mut();
        let (n, script, _) = template_script(world, "unicorn-web").unwrap();
        let ed = UserDataEditor {
            template: "unicorn-web".into(),
            loaded_from: Some(("unicorn-web".into(), n)),
            script: script.replace(
                "systemctl enable",
                "echo \"WORKERS=2\" >> /etc/unicorn-rentals.env\nsystemctl enable",
            ),
            instance_type: "t3.small".into(),
            description: "2 workers".into(),
            sent: None,
        };
        submit(world, user_data_command(&ed));
        gameday::sim::step(world);
    }
    send_form(&mut app, "autoscaling", "create-auto-scaling-group");
    send_form(&mut app, "autoscaling", "put-scaling-policy");
    run_minutes(&mut app, 5.0);
    send_form(&mut app, "route53", "change-resource-record-sets");
    run_minutes(&mut app, 15.0);
    let world = app.world_mut();
    let asg = all::<AutoScalingGroup>(world)[0];
    assert_eq!(
        world.get::<AutoScalingGroup>(asg).unwrap().policies.len(),
        1
    );
    let alb = all::<LoadBalancer>(world)
        .into_iter()
        .find(|&e| world.get::<LoadBalancer>(e).unwrap().name == "unicorn-alb")
        .unwrap();
    let (healthy, _) =
        gameday::hud::console::tables::lb_targets(world, world.get::<LoadBalancer>(alb).unwrap());
    assert!(healthy >= 2, "{healthy} healthy targets behind the ALB");
    let m = world.resource::<gameday::sim::metrics::Metrics>();
    let last = m.last().unwrap();
    assert!(last.healthy_hosts >= 2, "www reaches the ALB's targets");
    assert!(
        last.failed_total() * 100 <= last.requests,
        "under 1% failures: {} of {}",
        last.failed_total(),
        last.requests
    );
}

/// Draws the playing screen four times into a 1600×900 egui context, the way the window does,
/// and returns every enabled clickable widget that is on screen in the last pass, with what
/// it is (for the failure message).
fn clickable_widgets(
    world: &mut bevy::prelude::World,
    large: bool,
) -> Vec<(bevy_egui::egui::Rect, String)> {
    use bevy_egui::egui;
    let ctx = egui::Context::default();
    gameday::platform::fonts::install(&ctx);
    gameday::hud::theme::style(&ctx, large);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 900.0),
        )),
        ..Default::default()
    };
    let mut found = Vec::new();
    for pass in 0..4 {
        ctx.begin_pass(input());
        gameday::hud::draw_playing_in(&ctx, world);
        if pass == 3 {
            let screen = ctx.viewport_rect();
            found = ctx.viewport(|vp| {
                vp.this_pass
                    .widgets
                    .layers()
                    .flat_map(|(_, ws)| ws.iter())
                    // taps: buttons, rows, tabs, checkboxes, links. Drag surfaces (scroll
                    // areas, panel edges, charts, text fields) are not tap targets.
                    .filter(|w| w.enabled && w.sense.senses_click() && !w.sense.senses_drag())
                    .filter(|w| w.interact_rect.is_positive())
                    .filter(|w| screen.intersects(w.interact_rect))
                    .map(|w| (w.rect, format!("{:?} {:?}", w.id, w.layer_id.id)))
                    .collect()
            });
        }
        // no renderer here: the font atlas uploads are dropped on purpose
        ctx.end_pass().textures_delta.clear();
    }
    found
}

#[test]
fn with_large_touch_targets_every_button_and_row_is_at_least_44_px_high() {
    use gameday::hud::{HudLayout, RightTab};
    let mut app = unicorn(5);
    let world = app.world_mut();
    world.init_resource::<gameday::hud::cli::CliState>();
    world.init_resource::<gameday::hud::cloudtrail::TrailState>();
    world.init_resource::<gameday::hud::cloudwatch::CloudWatchState>();
    world.init_resource::<gameday::hud::console::ConsoleState>();
    world.init_resource::<gameday::hud::toasts::Toasts>();
    world.init_resource::<gameday::hud::runbook::HintsToasted>();
    world.init_resource::<Outbox>();
    world.init_resource::<gameday::screens::GameSpeed>();
    world.init_resource::<gameday::ui_state::UiInsets>();
    world.init_resource::<gameday::ui_state::Selected>();
    world.init_resource::<gameday::ui_state::MapMenu>();
    world.init_resource::<gameday::hud::map_menu::MenuState>();
    world.init_resource::<gameday::hud::map_menu::MapFeedback>();
    // every drawer open: their buttons and rows are checked too
    world.insert_resource(HudLayout {
        console: true,
        cloudwatch: true,
        bottom: true,
        ..Default::default()
    });
    // five minutes of traffic so the charts, the trail and the tables have rows
    for _ in 0..300 {
        gameday::sim::step(world);
    }
    // an instance selected: the inspector is open, with its actions
    let web = all::<gameday::sim::model::Instance>(world)[0];
    world.resource_mut::<gameday::ui_state::Selected>().0 = Some(web);
    let small_by_default = clickable_widgets(world, false)
        .into_iter()
        .filter(|(r, _)| r.height() < 44.0)
        .count();
    assert!(
        small_by_default > 10,
        "without the option many targets are small ({small_by_default}): the check sees them"
    );
    for tab in [RightTab::Metrics, RightTab::Alarms, RightTab::Runbook] {
        world.resource_mut::<HudLayout>().large_targets = true;
        world.resource_mut::<HudLayout>().right_tab = tab;
        let widgets = clickable_widgets(world, true);
        assert!(widgets.len() > 40, "{tab:?}: {} widgets", widgets.len());
        let small: Vec<String> = widgets
            .iter()
            .filter(|(r, _)| r.height() < 44.0)
            .map(|(r, what)| format!("{what} {:.0}×{:.0} at {:?}", r.width(), r.height(), r.min))
            .collect();
        assert!(
            small.is_empty(),
            "{tab:?}: {} targets under 44 px: {small:#?}",
            small.len()
        );
    }
    // a subnet's menu on the map: its steppers and actions too
    let without_menu = clickable_widgets(world, true).len();
    let subnet = all::<Subnet>(world)[0];
    *world.resource_mut::<gameday::ui_state::MapMenu>() = gameday::ui_state::MapMenu {
        target: Some(gameday::ui_state::MapTarget::Resource(subnet)),
        node: None,
        rect: bevy::math::Rect::new(700.0, 300.0, 800.0, 360.0),
    };
    let widgets = clickable_widgets(world, true);
    let menu: Vec<String> = widgets
        .iter()
        .filter(|(r, _)| r.height() < 44.0)
        .map(|(r, what)| format!("{what} {:.0}×{:.0} at {:?}", r.width(), r.height(), r.min))
        .collect();
    assert!(menu.is_empty(), "menu targets under 44 px: {menu:#?}");
    assert!(
        widgets.len() >= without_menu + 6,
        "the menu's steppers and buttons are drawn: {} widgets, {without_menu} without it",
        widgets.len()
    );
}

#[test]
fn a_listener_form_opened_before_the_target_group_existed_fills_in_its_arn_once_it_does() {
    use gameday::hud::console::FormState;
    use gameday::hud::console::forms::form_options;
    let mut app = unicorn(12);
    let world = app.world_mut();
    let at = |world: &World| world.resource::<CloudTrail>().total;
    let (values, flags) = default_values(world, "elbv2", "create-listener", None, &[]);
    let mut form = FormState::new(values, flags, at(world));
    let options = form_options("elbv2", "create-listener");
    let field = |name: &str| options.iter().position(|o| o.name == name).unwrap();
    assert!(
        !form.values[field("--default-actions")].contains("targetgroup/"),
        "no target group yet: {:?}",
        form.values
    );
    // the player edits the port; then a target group is made in the CLI
    form.values[field("--port")] = "8080".into();
    let vpc = vpc_id(&mut app);
    aws_ok(
        &mut app,
        &format!(
            "aws elbv2 create-target-group --name web --protocol HTTP --port 80 --vpc-id {vpc}"
        ),
    );
    let world = app.world_mut();
    assert_ne!(form.world_at, at(world), "the trail moved on");
    let (fresh, _) = default_values(world, "elbv2", "create-listener", None, &[]);
    form.refresh(fresh, at(world));
    assert!(
        form.values[field("--default-actions")].contains("targetgroup/web/"),
        "the untouched field took the new default: {:?}",
        form.values
    );
    assert_eq!(
        form.values[field("--port")],
        "8080",
        "the player's edit is kept"
    );
}
