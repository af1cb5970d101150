//! Playing Unicorn Rentals on the map by hand: every action of a node's menu sends exactly the
//! command its console form sends with the same fields, goes through the one door as the
//! player, and does to the estate what its label says.

use crate::common::*;
use bevy::prelude::*;
use gameday::awscli::parse_line;
use gameday::hud::console::forms::{default_values, form_command};
use gameday::hud::map_actions::{MapAction, actions, build, script_with_workers, target_entity};
use gameday::hud::submit::{Outbox, submit};
use gameday::sim::api::CommandResults;
use gameday::sim::command::{ApiResult, LbKind};
use gameday::sim::model::*;
use gameday::sim::world::all;
use gameday::ui_state::MapTarget;

fn entity_named<T: Component>(app: &mut App, name: &str) -> Entity {
    let world = app.world_mut();
    all::<T>(world)
        .into_iter()
        .find(|&e| world.get::<Name>(e).is_some_and(|n| n.as_str() == name))
        .unwrap_or_else(|| panic!("no resource named {name}"))
}

fn the<T: Component>(app: &mut App) -> Entity {
    let world = app.world_mut();
    *all::<T>(world).last().expect("one exists")
}

/// The menu's action `id` on `target`, or a panic listing what the menu offers.
fn action(app: &mut App, target: MapTarget, id: &str) -> MapAction {
    let menu = actions(app.world_mut(), target);
    let ids: Vec<&str> = menu.iter().map(|a| a.id).collect();
    menu.iter()
        .find(|a| a.id == id)
        .cloned()
        .unwrap_or_else(|| panic!("the menu of {target:?} has no {id}: {ids:?}"))
}

/// Taps `id` on `target` with stepper value `n` (its start value if None), the way the menu
/// does; checks the command is the console form's with the same fields and the CLI line's it
/// shows; runs one tick; returns the answer.
fn tap(app: &mut App, target: MapTarget, id: &str, n: Option<i64>) -> ApiResult {
    let a = action(app, target, id);
    let n = n.unwrap_or_else(|| a.stepper.as_ref().map_or(0, |s| s.start));
    let world = app.world_mut();
    if !world.contains_resource::<Outbox>() {
        world.init_resource::<Outbox>();
    }
    let (line, command) = build(world, target, &a, n).unwrap_or_else(|e| panic!("{id}: {e}"));
    let (values, flags) = default_values(
        world,
        a.service,
        a.operation,
        target_entity(target),
        &a.preset_for(n),
    );
    assert_eq!(
        form_command(a.service, a.operation, &values, &flags),
        Ok(command.clone()),
        "{id}: the console form with the same fields sends the same command"
    );
    assert_eq!(
        parse_line(&line).map_err(|e| e.message),
        Ok(command.clone())
    );
    let ticket = submit(world, command);
    gameday::sim::step(world);
    world
        .resource::<CommandResults>()
        .get(ticket)
        .expect("answered at the next tick")
        .result
        .clone()
}

fn ok(app: &mut App, target: MapTarget, id: &str, n: Option<i64>) {
    if let Err(e) = tap(app, target, id, n) {
        panic!("{id} failed: {e}");
    }
}

fn res(e: Entity) -> MapTarget {
    MapTarget::Resource(e)
}

/// Two /24 subnets (web-a, web-b) made public, from the map.
fn two_big_subnets(app: &mut App) -> (Entity, Entity) {
    let a = entity_named::<Subnet>(app, "public-a");
    let b = entity_named::<Subnet>(app, "public-b");
    ok(app, res(a), "subnet.new", Some(24));
    ok(app, res(b), "subnet.new", Some(24));
    let web_a = entity_named::<Subnet>(app, "web-a");
    let web_b = entity_named::<Subnet>(app, "web-b");
    ok(app, res(web_a), "subnet.make_public", None);
    ok(app, res(web_b), "subnet.make_public", None);
    (web_a, web_b)
}

/// The runbook's front door from the map: two /24s, an ALB, its target group and listener.
fn alb_with_listener(app: &mut App) -> (Entity, Entity) {
    let (web_a, web_b) = two_big_subnets(app);
    ok(app, res(web_a), "subnet.alb", None);
    let alb = the::<LoadBalancer>(app);
    ok(app, res(alb), "lb.target_group", None);
    ok(app, res(alb), "lb.listener", None);
    (alb, web_b)
}

/// …and an Auto Scaling group of 3 from a 2-worker template version behind it.
fn with_group(app: &mut App) -> Entity {
    let (_, _) = alb_with_listener(app);
    let web_a = entity_named::<Subnet>(app, "web-a");
    ok(app, res(web_a), "template.workers", Some(2));
    ok(app, res(web_a), "subnet.asg", Some(3));
    the::<AutoScalingGroup>(app)
}

#[test]
fn launching_two_instances_from_a_subnet_puts_two_more_servers_there() {
    let mut app = unicorn(21);
    let a = entity_named::<Subnet>(&mut app, "public-a");
    let count = |app: &mut App| {
        let w = app.world_mut();
        all::<Instance>(w)
            .into_iter()
            .filter(|&i| w.get::<Instance>(i).unwrap().subnet == a)
            .count()
    };
    let before = count(&mut app);
    ok(&mut app, res(a), "subnet.launch", Some(2));
    assert_eq!(count(&mut app), before + 2);
}

#[test]
fn a_new_subnet_from_the_map_takes_the_next_free_block_of_the_size_chosen_in_the_tapped_az() {
    let mut app = unicorn(21);
    let b = entity_named::<Subnet>(&mut app, "public-b");
    ok(&mut app, res(b), "subnet.new", Some(24));
    let web_b = entity_named::<Subnet>(&mut app, "web-b");
    let s = app.world().get::<Subnet>(web_b).unwrap().clone();
    assert_eq!(s.az, "us-east-1b");
    assert_eq!(s.cidr.prefix, 24);
    assert_eq!(
        s.cidr.usable(),
        251,
        "a /24 has 251 usable addresses in AWS"
    );
    // a smaller one next: the stepper's size, a block that overlaps nothing
    ok(&mut app, res(b), "subnet.new", Some(26));
    let small = entity_named::<Subnet>(&mut app, "web-b2");
    assert_eq!(app.world().get::<Subnet>(small).unwrap().cidr.prefix, 26);
    assert!(
        !s.cidr
            .overlaps(app.world().get::<Subnet>(small).unwrap().cidr)
    );
}

#[test]
fn a_private_subnet_is_made_public_from_the_map_and_a_public_one_is_not_offered_it() {
    let mut app = unicorn(21);
    let a = entity_named::<Subnet>(&mut app, "public-a");
    assert!(
        !actions(app.world_mut(), res(a))
            .iter()
            .any(|x| x.id == "subnet.make_public"),
        "public-a already routes to the internet"
    );
    ok(&mut app, res(a), "subnet.new", Some(24));
    let web_a = entity_named::<Subnet>(&mut app, "web-a");
    assert!(!app.world().get::<Subnet>(web_a).unwrap().public);
    ok(&mut app, res(web_a), "subnet.make_public", None);
    gameday::sim::step(app.world_mut());
    assert!(app.world().get::<Subnet>(web_a).unwrap().public);
}

#[test]
fn an_alb_from_the_map_spans_the_tapped_subnet_and_the_roomiest_one_in_another_az() {
    let mut app = unicorn(21);
    let (web_a, web_b) = two_big_subnets(&mut app);
    ok(&mut app, res(web_a), "subnet.alb", None);
    let alb = the::<LoadBalancer>(&mut app);
    let l = app.world().get::<LoadBalancer>(alb).unwrap();
    assert_eq!(l.kind, LbKind::Application);
    assert_eq!(l.subnets, vec![web_a, web_b]);
}

#[test]
fn an_alb_cannot_be_offered_in_a_subnet_with_too_few_free_addresses() {
    let mut app = unicorn(21);
    // another team's batch job fills the /28s at minutes 8-9
    run_minutes(&mut app, 10.0);
    let a = entity_named::<Subnet>(&mut app, "public-a");
    assert!(app.world().get::<Subnet>(a).unwrap().free() < 8);
    assert!(
        !actions(app.world_mut(), res(a))
            .iter()
            .any(|x| x.id == "subnet.alb")
    );
}

#[test]
fn a_target_group_from_the_load_balancer_checks_health_every_ten_seconds() {
    let mut app = unicorn(21);
    let (web_a, _) = two_big_subnets(&mut app);
    ok(&mut app, res(web_a), "subnet.alb", None);
    let alb = the::<LoadBalancer>(&mut app);
    ok(&mut app, res(alb), "lb.target_group", None);
    let tg = the::<TargetGroup>(&mut app);
    let g = app.world().get::<TargetGroup>(tg).unwrap();
    assert_eq!((g.protocol.as_str(), g.port), ("HTTP", 80));
    assert_eq!(g.health.path, "/health");
    assert_eq!(g.health.interval, 10.0);
    assert!(
        !actions(app.world_mut(), res(alb))
            .iter()
            .any(|x| x.id == "lb.target_group"),
        "offered once"
    );
}

#[test]
fn a_listener_from_the_load_balancer_forwards_http_to_the_target_group() {
    let mut app = unicorn(21);
    let (alb, _) = alb_with_listener(&mut app);
    let tg = the::<TargetGroup>(&mut app);
    let l = app.world().get::<LoadBalancer>(alb).unwrap();
    assert_eq!(l.listeners.len(), 1);
    assert_eq!(l.listeners[0].port, 80);
    assert_eq!(l.listeners[0].target_group, Some(tg));
}

#[test]
fn a_new_template_version_from_the_map_runs_the_chosen_number_of_workers() {
    let mut app = unicorn(21);
    let a = entity_named::<Subnet>(&mut app, "public-a");
    ok(&mut app, res(a), "template.workers", Some(2));
    let lt = the::<LaunchTemplate>(&mut app);
    let t = app.world().get::<LaunchTemplate>(lt).unwrap();
    let v1 = t.version(1).unwrap().user_data.clone();
    let v2 = t.resolve("$Latest").unwrap();
    assert_eq!(v2.number, 2);
    assert_eq!(v2.description, "2 workers");
    assert_eq!(v2.user_data, script_with_workers(&v1, 2));
    assert!(
        v2.user_data
            .contains("echo \"WORKERS=2\" >> /etc/unicorn-rentals.env\nsystemctl enable"),
        "written before the service starts: {}",
        v2.user_data
    );
}

#[test]
fn script_with_workers_changes_an_existing_count_and_keeps_the_rest() {
    assert_eq!(
        script_with_workers("a\necho \"WORKERS=4\" >> /x.env\nsystemctl start app\n", 2),
        "a\necho \"WORKERS=2\" >> /x.env\nsystemctl start app\n"
    );
}

#[test]
fn an_auto_scaling_group_from_a_subnet_spreads_over_two_azs_behind_the_target_group() {
    let mut app = unicorn(21);
    let g = with_group(&mut app);
    let web_a = entity_named::<Subnet>(&mut app, "web-a");
    let web_b = entity_named::<Subnet>(&mut app, "web-b");
    let tg = the::<TargetGroup>(&mut app);
    let asg = app.world().get::<AutoScalingGroup>(g).unwrap();
    assert_eq!(asg.desired, 3);
    assert_eq!(asg.subnets, vec![web_a, web_b]);
    assert_eq!(asg.target_groups, vec![tg]);
    assert_eq!(asg.health_check_type, AsgHealthCheckType::Elb);
}

#[test]
fn the_desired_capacity_stepper_scales_the_group() {
    let mut app = unicorn(21);
    let g = with_group(&mut app);
    ok(&mut app, res(g), "asg.desired", Some(5));
    assert_eq!(app.world().get::<AutoScalingGroup>(g).unwrap().desired, 5);
}

#[test]
fn the_size_steppers_change_the_groups_minimum_and_maximum() {
    let mut app = unicorn(21);
    let g = with_group(&mut app);
    ok(&mut app, res(g), "asg.max", Some(30));
    ok(&mut app, res(g), "asg.min", Some(4));
    let asg = app.world().get::<AutoScalingGroup>(g).unwrap();
    assert_eq!((asg.min_size, asg.max_size), (4, 30));
}

#[test]
fn target_tracking_from_the_map_keeps_cpu_at_the_chosen_percentage() {
    let mut app = unicorn(21);
    let g = with_group(&mut app);
    ok(&mut app, res(g), "asg.target_tracking", Some(60));
    let asg = app.world().get::<AutoScalingGroup>(g).unwrap();
    assert_eq!(asg.policies.len(), 1);
    assert_eq!(asg.policies[0].name, "cpu-60");
    assert!(
        format!("{:?}", asg.policies[0]).contains("60.0"),
        "{:?}",
        asg.policies[0]
    );
}

#[test]
fn a_broken_template_is_rolled_back_by_launching_the_group_from_an_earlier_version() {
    let mut app = unicorn(21);
    let g = with_group(&mut app);
    // version 2 is the map's 2-worker script; a colleague's version 3 breaks the unit name
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 create-launch-template-version --launch-template-name unicorn-web --source-version 2 --launch-template-data '{{\"UserData\":\"{}\"}}'",
            gameday::awscli::base64_encode(BROKEN_SCRIPT.as_bytes())
        ),
    );
    let a = action(&mut app, res(g), "asg.version");
    let stepper = a.stepper.clone().unwrap();
    assert_eq!(stepper.max, 3, "every version can be chosen");
    assert_eq!(stepper.note(2).unwrap(), "2 workers (devops-team)");
    ok(&mut app, res(g), "asg.version", Some(2));
    assert_eq!(
        app.world()
            .get::<AutoScalingGroup>(g)
            .unwrap()
            .template_version,
        "2"
    );
}

#[test]
fn pointing_the_site_at_the_alb_from_the_load_balancer_changes_route_53() {
    let mut app = unicorn(21);
    let (alb, _) = alb_with_listener(&mut app);
    let dns_name = app
        .world()
        .get::<LoadBalancer>(alb)
        .unwrap()
        .dns_name
        .clone();
    ok(&mut app, res(alb), "lb.point_dns", None);
    let dns = app.world().resource::<Dns>().clone();
    assert!(
        matches!(&dns.pending, Some((_, Some(DnsTarget::Alias(d)))) if *d == dns_name),
        "{dns:?}"
    );
    assert!(
        !actions(app.world_mut(), res(alb))
            .iter()
            .any(|x| x.id == "lb.point_dns"),
        "not offered again while the change propagates"
    );
}

#[test]
fn the_route_53_node_offers_each_load_balancer_the_site_does_not_point_at() {
    let mut app = unicorn(21);
    let (alb, _) = alb_with_listener(&mut app);
    let menu = actions(app.world_mut(), MapTarget::Dns);
    assert!(menu.iter().all(|a| a.id == "lb.point_dns"));
    let alb_name = app.world().get::<LoadBalancer>(alb).unwrap().name.clone();
    assert!(menu.iter().any(|a| a.label.contains(&alb_name)), "{menu:?}");
    ok(&mut app, MapTarget::Dns, "lb.point_dns", None);
}

#[test]
fn an_instance_is_registered_with_the_target_group_from_its_menu() {
    let mut app = unicorn(21);
    let _ = alb_with_listener(&mut app);
    let web1 = entity_named::<Instance>(&mut app, "web-1");
    ok(&mut app, res(web1), "instance.register", None);
    let tg = the::<TargetGroup>(&mut app);
    assert!(
        app.world()
            .get::<TargetGroup>(tg)
            .unwrap()
            .targets
            .iter()
            .any(|t| t.instance == web1)
    );
}

#[test]
fn terminating_an_instance_from_its_menu_shuts_it_down() {
    let mut app = unicorn(21);
    let web2 = entity_named::<Instance>(&mut app, "web-2");
    ok(&mut app, res(web2), "instance.terminate", None);
    assert!(!app.world().get::<Instance>(web2).unwrap().alive());
    assert!(
        actions(app.world_mut(), res(web2)).is_empty(),
        "nothing to do with a terminated instance"
    );
}

#[test]
fn deleting_the_classic_load_balancer_from_its_menu_removes_it() {
    let mut app = unicorn(21);
    let clb = entity_named::<LoadBalancer>(&mut app, "unicorn-clb");
    ok(&mut app, res(clb), "lb.delete", None);
    assert!(app.world().get_entity(clb).is_err() || app.world().get::<LoadBalancer>(clb).is_none());
}

#[test]
fn a_map_action_lands_in_cloudtrail_as_the_players_call() {
    let mut app = unicorn(21);
    let a = entity_named::<Subnet>(&mut app, "public-a");
    ok(&mut app, res(a), "subnet.new", Some(24));
    let trail = app.world().resource::<gameday::sim::trail::CloudTrail>();
    let last = trail.events.back().expect("an event");
    assert_eq!(last.command.meta().1, "CreateSubnet");
    assert!(last.error.is_none());
    assert_eq!(last.principal, gameday::sim::command::Principal::Player);
}

/// The tcp ports open to the whole Internet on `web-1`'s security group.
fn open_to_world(app: &mut App, instance: Entity) -> Vec<(u16, u16)> {
    let world = app.world();
    let sg = world.get::<Instance>(instance).unwrap().security_groups[0];
    world
        .get::<SecurityGroup>(sg)
        .unwrap()
        .rules
        .iter()
        .filter(|r| {
            r.protocol == "tcp"
                && r.source == gameday::sim::command::IngressSource::Cidr("0.0.0.0/0".into())
        })
        .map(|r| (r.from_port, r.to_port))
        .collect()
}

#[test]
fn a_port_chosen_by_stepper_is_opened_on_the_instances_security_group_and_closed_again() {
    let mut app = unicorn(21);
    let web1 = entity_named::<Instance>(&mut app, "web-1");
    let before = open_to_world(&mut app, web1);
    let open = action(&mut app, res(web1), "instance.open_port");
    let stepper = open.stepper.clone().expect("a port stepper");
    // the stepper offers only ports not yet open, and shows the port, not its index
    let offered: Vec<String> = (stepper.min..=stepper.max)
        .map(|n| stepper.show(n))
        .collect();
    for p in &offered {
        let p: u16 = p.parse().expect("a port number");
        assert!(
            !before.iter().any(|(a, b)| *a <= p && p <= *b),
            "{p} is already open"
        );
    }
    let n = (stepper.min..=stepper.max)
        .find(|n| stepper.show(*n) == "8080")
        .expect("8080 is offered");
    ok(&mut app, res(web1), "instance.open_port", Some(n));
    assert!(open_to_world(&mut app, web1).contains(&(8080, 8080)));
    let menu = actions(app.world_mut(), res(web1));
    let close = menu
        .iter()
        .find(|a| a.id == "instance.close_port" && a.preset.contains(&("--port", "8080".into())))
        .expect("the menu offers to close 8080 now")
        .clone();
    assert!(close.danger, "closing a port is drawn in red");
    let (line, command) = build(app.world_mut(), res(web1), &close, 0).unwrap();
    assert!(
        line.starts_with("aws ec2 revoke-security-group-ingress"),
        "{line}"
    );
    let ticket = submit(app.world_mut(), command);
    gameday::sim::step(app.world_mut());
    assert!(
        app.world()
            .resource::<CommandResults>()
            .get(ticket)
            .unwrap()
            .result
            .is_ok()
    );
    assert!(!open_to_world(&mut app, web1).contains(&(8080, 8080)));
}

#[test]
fn a_launch_template_version_is_made_the_default_from_the_groups_menu() {
    let mut app = unicorn(21);
    let asg = with_group(&mut app);
    let lt = entity_named::<LaunchTemplate>(&mut app, "unicorn-web");
    let before = app
        .world()
        .get::<LaunchTemplate>(lt)
        .unwrap()
        .default_version;
    let latest = app.world().get::<LaunchTemplate>(lt).unwrap().latest();
    assert_ne!(before, latest, "the new version is not the default yet");
    ok(
        &mut app,
        res(asg),
        "template.default",
        Some(i64::from(latest)),
    );
    assert_eq!(
        app.world()
            .get::<LaunchTemplate>(lt)
            .unwrap()
            .default_version,
        latest
    );
}

#[test]
fn stopping_an_instance_from_its_menu_stops_it_and_starting_it_boots_it_again() {
    let mut app = unicorn(21);
    let web = entity_named::<Instance>(&mut app, "web-1");
    ok(&mut app, res(web), "instance.stop", None);
    assert!(
        app.world()
            .get::<gameday::sim::lifecycle::Stopped>(web)
            .is_some()
    );
    let menu = actions(app.world_mut(), res(web));
    assert!(menu.iter().all(|a| a.id != "instance.stop"));
    ok(&mut app, res(web), "instance.start", None);
    assert!(
        app.world()
            .get::<gameday::sim::lifecycle::Stopped>(web)
            .is_none()
    );
    assert_eq!(
        app.world().get::<Instance>(web).unwrap().state,
        InstanceState::Pending,
        "it boots again"
    );
}

fn fan_event() -> App {
    gameday::headless::start("fan-event-spike", 21).unwrap()
}

#[test]
fn the_database_is_made_multi_az_from_its_node_and_then_no_longer_offered_it() {
    let mut app = fan_event();
    let db = the::<gameday::sim::rds::DbInstance>(&mut app);
    ok(&mut app, res(db), "db.multi_az", None);
    let d = app
        .world()
        .get::<gameday::sim::rds::DbInstance>(db)
        .unwrap()
        .clone();
    assert!(
        d.multi_az || d.pending.as_ref().is_some_and(|p| p.multi_az == Some(true)),
        "{d:?}"
    );
    let menu = actions(app.world_mut(), res(db));
    assert!(menu.iter().all(|a| a.id != "db.multi_az"));
}

#[test]
fn the_database_is_resized_to_the_class_chosen_by_stepper() {
    let mut app = fan_event();
    let db = the::<gameday::sim::rds::DbInstance>(&mut app);
    let a = action(&mut app, res(db), "db.class");
    let stepper = a.stepper.clone().unwrap();
    let large = (stepper.min..=stepper.max)
        .find(|&n| stepper.show(n) == "db.m5.large")
        .expect("db.m5.large is offered");
    assert_eq!(
        stepper.show(stepper.start),
        "db.t3.large",
        "starts one class above its own (db.t3.medium)"
    );
    ok(&mut app, res(db), "db.class", Some(large));
    let d = app
        .world()
        .get::<gameday::sim::rds::DbInstance>(db)
        .unwrap()
        .clone();
    assert!(
        d.class == "db.m5.large"
            || d.pending.as_ref().and_then(|p| p.class.as_deref()) == Some("db.m5.large"),
        "{d:?}"
    );
}

#[test]
fn cloudfront_goes_in_front_of_the_alb_from_the_internet_node_and_the_name_points_at_it() {
    let mut app = unicorn(21);
    let (alb, _) = alb_with_listener(&mut app);
    let alb_dns = app
        .world()
        .get::<LoadBalancer>(alb)
        .unwrap()
        .dns_name
        .clone();
    ok(&mut app, MapTarget::Edge, "edge.cdn", None);
    let d = the::<gameday::sim::services::Distribution>(&mut app);
    let dist = app
        .world()
        .get::<gameday::sim::services::Distribution>(d)
        .unwrap()
        .clone();
    assert_eq!(dist.origin_domain_name, alb_dns);
    ok(&mut app, MapTarget::Edge, "edge.cdn_dns", None);
    let dns = app.world().resource::<Dns>().clone();
    let points = |t: &Option<DnsTarget>| matches!(t, Some(DnsTarget::Alias(a)) if a.eq_ignore_ascii_case(&dist.domain_name));
    assert!(
        points(&dns.target) || dns.pending.as_ref().is_some_and(|(_, t)| points(t)),
        "{dns:?}"
    );
    let menu = actions(app.world_mut(), MapTarget::Edge);
    assert!(
        menu.iter()
            .all(|a| a.id != "edge.cdn" && a.id != "edge.cdn_dns")
    );
}

#[test]
fn a_waf_rate_rule_chosen_by_stepper_is_created_and_attached_to_the_alb_from_the_internet_node() {
    let mut app = unicorn(21);
    let (alb, _) = alb_with_listener(&mut app);
    let a = action(&mut app, MapTarget::Edge, "edge.waf");
    let stepper = a.stepper.clone().unwrap();
    let n = (stepper.min..=stepper.max)
        .find(|&n| stepper.show(n) == "500")
        .expect("500 is offered");
    ok(&mut app, MapTarget::Edge, "edge.waf", Some(n));
    let acl = the::<gameday::sim::waf::WebAcl>(&mut app);
    let w = app
        .world()
        .get::<gameday::sim::waf::WebAcl>(acl)
        .unwrap()
        .clone();
    assert_eq!(w.scope, "REGIONAL");
    assert!(format!("{:?}", w.rules).contains("500"), "{:?}", w.rules);
    assert_eq!(w.associated, None);
    ok(&mut app, MapTarget::Edge, "edge.waf_attach", None);
    let w = app.world().get::<gameday::sim::waf::WebAcl>(acl).unwrap();
    assert_eq!(w.associated, Some(alb));
}

#[test]
fn a_deleted_alb_is_rebuilt_from_its_ghost_with_the_name_and_subnets_the_trail_shows() {
    use gameday::view::layout::{Ghost, Ghosts, LbMemory};
    let mut app = unicorn(21);
    let (alb, _) = alb_with_listener(&mut app);
    let before = app.world().get::<LoadBalancer>(alb).unwrap().clone();
    ok(&mut app, res(alb), "lb.delete", None);
    assert!(app.world().get::<LoadBalancer>(alb).is_none());
    // the view keeps a ghost where it stood (its memory, not the simulation's)
    app.world_mut().insert_resource(Ghosts {
        seen: Default::default(),
        ghosts: vec![Ghost {
            key: alb,
            lb: LbMemory {
                name: before.name.clone(),
                dns_name: before.dns_name.clone(),
                subnets: Vec::new(),
                seq: 0,
                classic: false,
            },
            since: 0.0,
            by: None,
        }],
    });
    ok(&mut app, res(alb), "lb.rebuild", None);
    let again = the::<LoadBalancer>(&mut app);
    let l = app.world().get::<LoadBalancer>(again).unwrap().clone();
    assert_eq!(l.name, before.name);
    assert_eq!(l.kind, LbKind::Application);
    assert_eq!(l.subnets, before.subnets, "the subnets it was created in");
    // rebuilt: the ghost offers nothing more
    assert!(actions(app.world_mut(), res(alb)).is_empty());
}

#[test]
fn the_vpcs_caption_offers_a_subnet_in_the_az_that_has_none() {
    let mut app = unicorn(21);
    let vpc = the::<Vpc>(&mut app);
    let a = action(&mut app, res(vpc), "vpc.subnet");
    assert!(a.label.contains("us-east-1c"), "{}", a.label);
    ok(&mut app, res(vpc), "vpc.subnet", Some(24));
    let world = app.world_mut();
    assert!(
        all::<Subnet>(world)
            .into_iter()
            .any(|s| world.get::<Subnet>(s).unwrap().az == "us-east-1c")
    );
}
