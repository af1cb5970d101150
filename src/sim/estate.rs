//! The starting estate: what the old team left behind. The account's VPC baseline (the VPC,
//! its internet gateway and route tables) is spawned directly, as an account comes with
//! them; everything else is created through the command API as
//! `cloudformation.amazonaws.com`, so it is in CloudTrail; then a few settings the API does
//! not expose (the Classic LB's old health-check settings) are written, and the estate is
//! settled as if it had been running for hours.

use super::api::execute;
use super::command::Command;
use super::command::*;
use super::ids::IdRegistry;
use super::model::*;
use super::rds::DbInstance;
use super::world::{all, despawn_resource, find, recount_subnets, spawn_resource};
use crate::data::cidr::Cidr;
use crate::scenario::*;
use bevy::prelude::*;

/// Removes a previous round's estate (every resource with an id).
pub fn clear(world: &mut World) {
    if world.contains_resource::<IdRegistry>() {
        let ids: Vec<Entity> = world
            .resource::<IdRegistry>()
            .iter()
            .map(|(_, e)| *e)
            .collect();
        for e in ids {
            if world.get_entity(e).is_ok() {
                despawn_resource(world, e);
            }
        }
    }
}

/// A new round: the scenario's hosted zone and hostname, pointing nowhere yet.
pub fn reset_dns(world: &mut World, scenario: &Scenario) {
    world.insert_resource(Dns {
        hosted_zone_id: scenario.estate.hosted_zone_id.clone(),
        hostname: scenario.estate.hostname.clone(),
        target: None,
        pending: None,
    });
}

/// Builds the scenario's starting estate.
pub fn build(world: &mut World, s: &Scenario) -> Result<(), String> {
    let cf = Principal::CloudFormation;
    let e = &s.estate;
    let vpc_cidr = Cidr::parse(&e.vpc_cidr)?;
    let vpc_id = world.resource_mut::<IdRegistry>().new_id("vpc");
    let vpc = spawn_resource(
        world,
        vpc_id.clone(),
        "unicorn-vpc",
        &cf,
        Vpc { cidr: vpc_cidr },
    );
    let igw_id = world.resource_mut::<IdRegistry>().new_id("igw");
    spawn_resource(
        world,
        igw_id.clone(),
        "unicorn-igw",
        &cf,
        InternetGateway { vpc },
    );
    let local = Route {
        destination: vpc_cidr,
        target: "local".into(),
    };
    let main_id = world.resource_mut::<IdRegistry>().new_id("rtb");
    spawn_resource(
        world,
        main_id,
        "main",
        &cf,
        RouteTable {
            vpc,
            main: true,
            routes: vec![local.clone()],
        },
    );
    let public_id = world.resource_mut::<IdRegistry>().new_id("rtb");
    let internet = Route {
        destination: Cidr::parse("0.0.0.0/0")?,
        target: igw_id,
    };
    spawn_resource(
        world,
        public_id.clone(),
        "public",
        &cf,
        RouteTable {
            vpc,
            main: false,
            routes: vec![local, internet],
        },
    );

    let run = |world: &mut World, cmd: Command| -> Result<Vec<String>, String> {
        execute(world, cf.clone(), cmd.clone())
            .result
            .map(|r| r.ids)
            .map_err(|err| format!("{}: {err}", cmd.event_name()))
    };
    let mut subnet_ids = Vec::new();
    for sn in &e.subnets {
        let id = run(
            world,
            Command::CreateSubnet {
                vpc_id: vpc_id.clone(),
                cidr_block: sn.cidr.clone(),
                availability_zone: Some(sn.az.clone()),
                name: Some(sn.name.clone()),
            },
        )?[0]
            .clone();
        if sn.public {
            run(
                world,
                Command::AssociateRouteTable {
                    route_table_id: public_id.clone(),
                    subnet_id: id.clone(),
                },
            )?;
        }
        subnet_ids.push((sn.name.clone(), id));
    }
    let lookup = |list: &[(String, String)], name: &str| {
        list.iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| id.clone())
            .ok_or(format!("unknown name '{name}'"))
    };
    let mut group_ids = Vec::new();
    for g in &e.security_groups {
        let id = run(
            world,
            Command::CreateSecurityGroup {
                group_name: g.name.clone(),
                description: g.description.clone(),
                vpc_id: Some(vpc_id.clone()),
            },
        )?[0]
            .clone();
        group_ids.push((g.name.clone(), id));
    }
    for g in &e.security_groups {
        let mut rules = Vec::new();
        for r in &g.ingress {
            let source = match (&r.cidr, &r.source_group) {
                (Some(c), _) => IngressSource::Cidr(c.clone()),
                (None, Some(sg)) => IngressSource::Group(lookup(&group_ids, sg)?),
                (None, None) => return Err(format!("rule on {} has no source", g.name)),
            };
            rules.push(IngressRule {
                protocol: r.protocol.clone(),
                from_port: r.port,
                to_port: r.port,
                source,
            });
        }
        if !rules.is_empty() {
            run(
                world,
                Command::AuthorizeSecurityGroupIngress {
                    group_id: lookup(&group_ids, &g.name)?,
                    rules,
                },
            )?;
        }
    }
    for t in &e.launch_templates {
        let groups = t
            .security_groups
            .iter()
            .map(|g| lookup(&group_ids, g))
            .collect::<Result<Vec<_>, _>>()?;
        run(
            world,
            Command::CreateLaunchTemplate {
                launch_template_name: t.name.clone(),
                version_description: Some("initial version".into()),
                data: LaunchTemplateData {
                    image_id: Some(t.image_id.clone()),
                    instance_type: Some(t.instance_type.clone()),
                    security_group_ids: Some(groups),
                    user_data: Some(t.user_data.clone()),
                },
            },
        )?;
    }
    let mut instance_ids = Vec::new();
    for i in &e.instances {
        let id = run(
            world,
            Command::RunInstances {
                image_id: None,
                instance_type: None,
                count: 1,
                subnet_id: Some(lookup(&subnet_ids, &i.subnet)?),
                security_group_ids: vec![],
                user_data: None,
                launch_template: Some(LaunchTemplateSpec {
                    id_or_name: i.launch_template.clone(),
                    version: "$Default".into(),
                }),
                name: Some(i.name.clone()),
            },
        )?[0]
            .clone();
        instance_ids.push((i.name.clone(), id));
    }
    let mut lb_dns = Vec::new();
    for lb in &e.load_balancers {
        let subnets = lb
            .subnets
            .iter()
            .map(|s| lookup(&subnet_ids, s))
            .collect::<Result<Vec<_>, _>>()?;
        let groups = lb
            .security_groups
            .iter()
            .map(|g| lookup(&group_ids, g))
            .collect::<Result<Vec<_>, _>>()?;
        let instances = lb
            .instances
            .iter()
            .map(|i| lookup(&instance_ids, i))
            .collect::<Result<Vec<_>, _>>()?;
        match lb.kind {
            LbKindSpec::Classic => {
                run(
                    world,
                    Command::CreateLoadBalancer {
                        kind: LbKind::Classic,
                        name: lb.name.clone(),
                        subnets,
                        security_groups: groups,
                        listeners: vec![ClassicListener {
                            protocol: "HTTP".into(),
                            load_balancer_port: lb.port,
                            instance_protocol: "HTTP".into(),
                            instance_port: lb.instance_port,
                        }],
                    },
                )?;
                // The old team's health-check settings (what `ConfigureHealthCheck` set).
                let created = all::<LoadBalancer>(world).into_iter().find(|&x| {
                    world
                        .get::<LoadBalancer>(x)
                        .is_some_and(|l| l.name == lb.name)
                });
                if let Some(mut l) = created.and_then(|x| world.get_mut::<LoadBalancer>(x)) {
                    if let Some(path) = &lb.health_check_path {
                        l.classic_health.path = path.clone();
                    }
                    if let Some(i) = lb.health_check_interval_seconds {
                        l.classic_health.interval = i as f64;
                    }
                    if let Some(n) = lb.healthy_threshold_count {
                        l.classic_health.healthy_threshold = n;
                    }
                }
                if !instances.is_empty() {
                    run(
                        world,
                        Command::RegisterInstancesWithLoadBalancer {
                            load_balancer_name: lb.name.clone(),
                            instance_ids: instances,
                        },
                    )?;
                }
            }
            LbKindSpec::Application => {
                let arn = run(
                    world,
                    Command::CreateLoadBalancer {
                        kind: LbKind::Application,
                        name: lb.name.clone(),
                        subnets,
                        security_groups: groups,
                        listeners: vec![],
                    },
                )?[0]
                    .clone();
                let tg = run(
                    world,
                    Command::CreateTargetGroup {
                        name: format!("{}-targets", lb.name),
                        protocol: "HTTP".into(),
                        port: lb.instance_port,
                        vpc_id: vpc_id.clone(),
                        health_check_path: lb.health_check_path.clone(),
                        health_check_interval_seconds: lb.health_check_interval_seconds,
                        healthy_threshold_count: lb.healthy_threshold_count,
                        unhealthy_threshold_count: None,
                    },
                )?[0]
                    .clone();
                run(
                    world,
                    Command::CreateListener {
                        load_balancer_arn: arn,
                        protocol: "HTTP".into(),
                        port: lb.port,
                        default_target_group_arn: tg.clone(),
                    },
                )?;
                if !instances.is_empty() {
                    let targets = instances
                        .into_iter()
                        .map(|id| TargetDescription { id, port: None })
                        .collect();
                    run(
                        world,
                        Command::RegisterTargets {
                            target_group_arn: tg,
                            targets,
                        },
                    )?;
                }
            }
        }
        let dns = all::<LoadBalancer>(world)
            .into_iter()
            .find_map(|x| {
                world
                    .get::<LoadBalancer>(x)
                    .filter(|l| l.name == lb.name)
                    .map(|l| l.dns_name.clone())
            })
            .unwrap_or_default();
        lb_dns.push((lb.name.clone(), dns));
    }
    let mut eips = Vec::new();
    for eip in &e.elastic_ips {
        let alloc = run(world, Command::AllocateAddress)?[0].clone();
        if let Some(i) = &eip.instance {
            run(
                world,
                Command::AssociateAddress {
                    allocation_id: alloc.clone(),
                    target: AddressTarget::Instance(lookup(&instance_ids, i)?),
                },
            )?;
        }
        let ip = find::<ElasticIp>(world, &alloc)
            .and_then(|x| world.get::<ElasticIp>(x))
            .map(|x| x.public_ip.clone())
            .unwrap_or_default();
        eips.push((eip.name.clone(), ip));
    }
    for db in &e.databases {
        run(
            world,
            Command::CreateDbInstance {
                db_instance_identifier: db.identifier.clone(),
                db_instance_class: db.class.clone(),
                engine: db.engine.clone(),
                allocated_storage: None,
                multi_az: db.multi_az,
                preferred_maintenance_window: db.preferred_maintenance_window.clone(),
            },
        )?;
    }
    let change = match &e.dns {
        DnsSpec::LoadBalancer(n) => RecordChange {
            action: "UPSERT".into(),
            name: e.hostname.clone(),
            record_type: "A".into(),
            alias_dns_name: Some(lookup(&lb_dns, n)?),
            values: vec![],
        },
        DnsSpec::ElasticIp(n) => RecordChange {
            action: "UPSERT".into(),
            name: e.hostname.clone(),
            record_type: "A".into(),
            alias_dns_name: None,
            values: vec![lookup(&eips, n)?],
        },
    };
    run(
        world,
        Command::ChangeResourceRecordSets {
            hosted_zone_id: e.hosted_zone_id.clone(),
            changes: vec![change],
        },
    )?;
    Ok(())
}

/// The old team's estate has been running for hours: everything is up and healthy.
pub fn settle(world: &mut World) {
    let mut q = world.query::<&mut Instance>();
    for mut i in q.iter_mut(world) {
        i.state = InstanceState::Running;
        i.state_since = -3600.0;
        i.launched_at = -3600.0;
        i.state_until = f64::INFINITY;
    }
    let mut q = world.query::<&mut LoadBalancer>();
    for mut lb in q.iter_mut(world) {
        lb.state = LbState::Active;
        lb.active_at = 0.0;
        let threshold = lb.classic_health.healthy_threshold;
        for t in lb.classic_targets.iter_mut() {
            t.state = TargetHealthState::Healthy;
            t.passes = threshold;
            t.reason = None;
        }
    }
    let mut q = world.query::<&mut DbInstance>();
    for mut db in q.iter_mut(world) {
        db.available_at = 0.0;
    }
    let mut q = world.query::<&mut TargetGroup>();
    for mut tg in q.iter_mut(world) {
        let threshold = tg.health.healthy_threshold;
        for t in tg.targets.iter_mut() {
            t.state = TargetHealthState::Healthy;
            t.passes = threshold;
            t.reason = None;
        }
    }
    let mut dns = world.resource_mut::<Dns>();
    if let Some((_, target)) = dns.pending.take() {
        dns.target = target;
    }
    recount_subnets(world);
}
