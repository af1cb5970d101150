//! Large Auto Scaling groups (issue 14, linear cost): a group of 4,000 launches one instance
//! per member, one `RunInstances` each, balanced across its AZs with every address and vCPU
//! counted as before; it meets the vCPU quota at the exact member, and scales in by the
//! default termination policy. (Speed lives in `--bench-sim`'s growth table, not here.)

use bevy::prelude::*;
use gameday::devtools::bench_sim::{stress_estate, stress_estate_with};
use gameday::sim::model::*;
use gameday::sim::world::{all, id_of, recount_subnets};
use std::collections::{BTreeMap, HashSet};

use crate::common::{aws_ok, run_minutes};

/// The group's living members in creation order.
fn members(world: &mut World) -> Vec<Entity> {
    let asg = all::<AutoScalingGroup>(world)[0];
    all::<Instance>(world)
        .into_iter()
        .filter(|&e| {
            world
                .get::<Instance>(e)
                .is_some_and(|i| i.asg == Some(asg) && i.alive())
        })
        .collect()
}

/// Members per AZ.
fn per_az(world: &World, members: &[Entity]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for &m in members {
        let i = world.get::<Instance>(m).unwrap();
        *out.entry(world.get::<Subnet>(i.subnet).unwrap().az.clone())
            .or_insert(0) += 1;
    }
    out
}

#[test]
fn an_auto_scaling_group_of_4000_launches_one_instance_per_member_balanced_across_azs() {
    let mut app = stress_estate(4_000);
    run_minutes(&mut app, 1.0);
    let world = app.world_mut();
    let members = members(world);
    assert_eq!(members.len(), 4_000);
    // AZ balance: 1,334 / 1,333 / 1,333
    let azs: Vec<usize> = per_az(world, &members).into_values().collect();
    assert_eq!(azs, vec![1_334, 1_333, 1_333]);
    // one successful launch activity per member, the capacity growing by one each time (the
    // activity log keeps the latest 100, as the describe call pages them)
    let asg = all::<AutoScalingGroup>(world)[0];
    let log = &world.get::<ScalingActivities>(asg).unwrap().0;
    let launches: Vec<&ScalingActivity> = log
        .iter()
        .filter(|a| a.description.starts_with("Launching a new EC2 instance"))
        .collect();
    assert_eq!(launches.len(), log.len());
    assert!(launches.len() >= 100, "{}", launches.len());
    let first = 4_000 - launches.len();
    for (j, a) in launches.iter().enumerate() {
        let k = first + j;
        assert_eq!(a.status, ActivityStatus::Successful, "{}", a.description);
        assert!(
            a.cause
                .ends_with(&format!("increasing the capacity from {k} to {}.", k + 1)),
            "{}",
            a.cause
        );
        assert_eq!(
            a.description,
            format!("Launching a new EC2 instance: {}", id_of(world, members[k]))
        );
    }
    // every member has its own address, and the subnets count them as a recount does
    let ips: HashSet<String> = members
        .iter()
        .map(|&m| world.get::<Instance>(m).unwrap().private_ip.clone())
        .collect();
    assert_eq!(ips.len(), 4_000, "two members share an address");
    let used = |world: &mut World| {
        all::<Subnet>(world)
            .into_iter()
            .map(|s| world.get::<Subnet>(s).unwrap().used)
            .collect::<Vec<u32>>()
    };
    let kept = used(world);
    recount_subnets(world);
    assert_eq!(kept, used(world));
    // every member is registered once in the target group
    let tg = all::<TargetGroup>(world)
        .into_iter()
        .find(|&t| world.get::<TargetGroup>(t).unwrap().name == "stress-tg")
        .unwrap();
    assert_eq!(world.get::<TargetGroup>(tg).unwrap().targets.len(), 4_000);
}

#[test]
fn a_group_of_4000_stops_at_the_vcpu_quota_on_the_exact_member() {
    // the estate's two t3.micro hold 4 vCPUs; c5.large members take 2 each: 2,498 fit in 5,000
    let mut app = stress_estate_with(4_000, |s| s.account.running_on_demand_vcpus = 5_000);
    run_minutes(&mut app, 0.5);
    let world = app.world_mut();
    assert_eq!(members(world).len(), 2_498);
    let asg = all::<AutoScalingGroup>(world)[0];
    let log = &world.get::<ScalingActivities>(asg).unwrap().0;
    let failed = log
        .iter()
        .find(|a| a.status == ActivityStatus::Failed)
        .expect("the launch past the quota is recorded as failed");
    assert!(
        failed
            .status_message
            .as_deref()
            .is_some_and(|m| m.contains("current vCPU limit of 5000")),
        "{failed:?}"
    );
    assert!(
        failed
            .cause
            .ends_with("increasing the capacity from 2498 to 2499."),
        "{}",
        failed.cause
    );
}

#[test]
fn a_group_of_4000_scaled_in_to_1000_keeps_the_newest_balanced_across_azs() {
    let mut app = stress_estate(4_000);
    run_minutes(&mut app, 1.0);
    let before = members(app.world_mut());
    aws_ok(
        &mut app,
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name stress --min-size 1000 --desired-capacity 1000",
    );
    run_minutes(&mut app, 1.0);
    let world = app.world_mut();
    let after = members(world);
    assert_eq!(after.len(), 1_000);
    let azs: Vec<usize> = per_az(world, &after).into_values().collect();
    assert_eq!(azs, vec![334, 333, 333]);
    // same template version everywhere: each AZ gives up its oldest members first, so the
    // survivors are each AZ's newest
    let by_az = |world: &World, list: &[Entity]| {
        let mut m: BTreeMap<String, Vec<Entity>> = BTreeMap::new();
        for &e in list {
            let i = world.get::<Instance>(e).unwrap();
            m.entry(world.get::<Subnet>(i.subnet).unwrap().az.clone())
                .or_default()
                .push(e);
        }
        m
    };
    let was = by_az(world, &before);
    for (az, kept) in by_az(world, &after) {
        let all_there = &was[&az];
        assert_eq!(
            &all_there[all_there.len() - kept.len()..],
            &kept[..],
            "{az}"
        );
    }
}
