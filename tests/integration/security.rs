//! The security incident's lessons: WAF rate-based rules against a botnet (and the office
//! behind one NAT they can catch), a leaked access key cut off at the door, miners that bill
//! until terminated, and the GuardDuty-like findings the simulation raises.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start;
use gameday::sim::api::execute;
use gameday::sim::command::{Command, Principal};
use gameday::sim::findings::{CRYPTO_MINING, Findings, MALICIOUS_IP_CALLER, PORT_PROBE};
use gameday::sim::model::*;
use gameday::sim::score::cost_rate;
use gameday::sim::trail::CloudTrail;
use gameday::sim::waf::WafStats;
use gameday::sim::world::{all, id_of};

const ALB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/unicorn-alb/d4193a23dde3b716";
const LEAKED: &str = "AKIA4UNICORNCI7LEAKX";

fn incident(seed: u64) -> App {
    start("security-incident", seed).expect("the embedded scenario starts")
}

/// A web ACL with one rate-based rule of `limit` requests per IP per 5 minutes, on the ALB.
fn rate_limit_alb(app: &mut App, limit: u64) {
    let r = aws(
        app,
        &format!(
            r#"aws wafv2 create-web-acl --name shop --scope REGIONAL --default-action 'Allow={{}}' --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=shop --rules '[{{"Name":"rate","Priority":0,"Statement":{{"RateBasedStatement":{{"Limit":{limit},"AggregateKeyType":"IP"}}}},"Action":{{"Block":{{}}}}}}]'"#
        ),
    )
    .expect("web ACL created");
    let arn = r.ids[1].clone();
    aws_ok(
        app,
        &format!("aws wafv2 associate-web-acl --web-acl-arn {arn} --resource-arn {ALB}"),
    );
}

fn miners(app: &mut App) -> Vec<Entity> {
    let world = app.world_mut();
    all::<Instance>(world)
        .into_iter()
        .filter(|&e| {
            world
                .get::<Name>(e)
                .is_some_and(|n| n.as_str() == "build-runner")
                && world.get::<Instance>(e).unwrap().alive()
        })
        .collect()
}

fn stop_the_intruder(app: &mut App) {
    aws_ok(
        app,
        &format!(
            "aws iam update-access-key --user-name ci-deploy --access-key-id {LEAKED} --status Inactive"
        ),
    );
}

#[test]
fn a_rate_based_rule_blocks_the_bot_flood_but_not_the_customers() {
    let mut app = incident(1);
    stop_the_intruder(&mut app);
    rate_limit_alb(&mut app, 2000);
    run_minutes(&mut app, 30.0); // the botnet arrives at minute 20
    let waf = app.world().resource::<WafStats>().clone();
    assert!(
        waf.run_blocked > 100_000,
        "the botnet's requests are blocked: {}",
        waf.run_blocked
    );
    assert_eq!(waf.run_blocked_customers, 0, "no customer is blocked");
    let last = app
        .world()
        .resource::<gameday::sim::metrics::Metrics>()
        .last()
        .cloned()
        .unwrap();
    assert_eq!(
        last.failed_total(),
        0,
        "customers are served during the flood"
    );
    let blocked_minutes = waf.history.iter().filter(|(_, _, b)| *b > 0).count();
    assert!(
        blocked_minutes >= 9,
        "BlockedRequests datapoints: {blocked_minutes}"
    );
}

#[test]
fn without_waf_the_flood_takes_the_shop_down() {
    let mut app = incident(1);
    stop_the_intruder(&mut app);
    run_minutes(&mut app, 30.0);
    let last = app
        .world()
        .resource::<gameday::sim::metrics::Metrics>()
        .last()
        .cloned()
        .unwrap();
    assert!(
        last.failed_total() > last.ok,
        "most requests fail: {} failed, {} ok",
        last.failed_total(),
        last.ok
    );
}

#[test]
fn a_rate_limit_of_100_blocks_the_office_behind_one_nat() {
    let mut app = incident(2);
    stop_the_intruder(&mut app);
    rate_limit_alb(&mut app, 100);
    run_minutes(&mut app, 10.0); // before the botnet: only customers
    let waf = app.world().resource::<WafStats>().clone();
    assert!(
        waf.run_blocked_customers > 1_000,
        "the partner office is blocked (a false positive): {}",
        waf.run_blocked_customers
    );
    assert_eq!(waf.run_blocked, waf.run_blocked_customers);
    let score = app.world().resource::<gameday::sim::score::Score>().clone();
    assert!(
        score.failure_points >= waf.run_blocked_customers as f64,
        "blocked customers cost points"
    );
}

#[test]
fn an_ip_set_rule_blocks_the_botnet_range_whatever_its_rate() {
    let mut app = incident(3);
    stop_the_intruder(&mut app);
    let r = aws(&mut app, "aws wafv2 create-ip-set --name botnet --scope REGIONAL --ip-address-version IPV4 --addresses 198.51.100.0/24").unwrap();
    let set = r.ids[1].clone();
    let r = aws(
        &mut app,
        &format!(
            r#"aws wafv2 create-web-acl --name shop --scope REGIONAL --rules '[{{"Name":"botnet","Priority":0,"Statement":{{"IPSetReferenceStatement":{{"ARN":"{set}"}}}},"Action":{{"Block":{{}}}}}}]'"#
        ),
    )
    .unwrap();
    aws_ok(
        &mut app,
        &format!(
            "aws wafv2 associate-web-acl --web-acl-arn {} --resource-arn {ALB}",
            r.ids[1]
        ),
    );
    run_minutes(&mut app, 25.0);
    let waf = app.world().resource::<WafStats>().clone();
    assert!(
        waf.run_blocked > 50_000 && waf.run_blocked_customers == 0,
        "{waf:?}"
    );
}

#[test]
fn waf_refuses_what_aws_refuses() {
    let mut app = incident(1);
    let too_low = aws(
        &mut app,
        r#"aws wafv2 create-web-acl --name low --scope REGIONAL --rules '[{"Name":"r","Priority":0,"Statement":{"RateBasedStatement":{"Limit":5,"AggregateKeyType":"IP"}},"Action":{"Block":{}}}]'"#,
    )
    .unwrap_err();
    assert_eq!(too_low.code, "WAFInvalidParameterException");
    let r = aws(
        &mut app,
        "aws wafv2 create-web-acl --name edge --scope CLOUDFRONT",
    )
    .unwrap();
    let wrong_scope = aws(
        &mut app,
        &format!(
            "aws wafv2 associate-web-acl --web-acl-arn {} --resource-arn {ALB}",
            r.ids[1]
        ),
    )
    .unwrap_err();
    assert_eq!(wrong_scope.code, "WAFInvalidParameterException");
    let stale = aws(
        &mut app,
        &format!(
            "aws wafv2 update-web-acl --name edge --scope CLOUDFRONT --id {} --lock-token not-the-token",
            r.ids[0]
        ),
    )
    .unwrap_err();
    assert_eq!(stale.code, "WAFOptimisticLockException");
    // A Classic Load Balancer cannot have a web ACL.
    let mut classic = unicorn(1);
    let r = aws(
        &mut classic,
        "aws wafv2 create-web-acl --name shop --scope REGIONAL",
    )
    .unwrap();
    let e = aws(
        &mut classic,
        &format!(
            "aws wafv2 associate-web-acl --web-acl-arn {} --resource-arn unicorn-clb",
            r.ids[1]
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "WAFInvalidParameterException");
}

#[test]
fn deactivating_the_leaked_key_stops_the_intruder_launching_more_miners() {
    // Left alone, the key launches four miners at minute 3 and four more at minute 15.
    let mut alone = incident(4);
    run_minutes(&mut alone, 17.0);
    assert_eq!(miners(&mut alone).len(), 8);

    let mut app = incident(4);
    run_minutes(&mut app, 5.0);
    assert_eq!(miners(&mut app).len(), 4, "the first four were launched");
    let keys = aws(&mut app, "aws iam list-access-keys --user-name ci-deploy").unwrap();
    assert_eq!(keys.ids, vec![format!("{LEAKED} Active ci-deploy")]);
    stop_the_intruder(&mut app);
    run_minutes(&mut app, 12.0);
    assert_eq!(
        miners(&mut app).len(),
        4,
        "no more miners after the key is inactive"
    );
    // CloudTrail shows the intruder's refused call, with its identity and error code.
    let trail = app.world().resource::<CloudTrail>();
    let refused = trail
        .events
        .iter()
        .find(|e| e.event_name() == "RunInstances" && e.error.is_some())
        .expect("a refused RunInstances");
    assert_eq!(refused.error.as_ref().unwrap().code, "AuthFailure");
    assert_eq!(
        refused.principal,
        Principal::Unknown("arn:aws:iam::123456789012:user/ci-deploy".into())
    );
    // The innocent backup key still works, and a deleted key is gone for good.
    aws_ok(
        &mut app,
        &format!("aws iam delete-access-key --user-name ci-deploy --access-key-id {LEAKED}"),
    );
    let e = aws(
        &mut app,
        &format!("aws iam update-access-key --access-key-id {LEAKED} --status Active"),
    )
    .unwrap_err();
    assert_eq!(e.code, "NoSuchEntity");
    let keys = aws(&mut app, "aws iam list-access-keys").unwrap();
    assert_eq!(
        keys.ids,
        vec!["AKIA4UNICORNBACKUP2Q Active backup-job".to_string()]
    );
}

#[test]
fn a_miner_left_running_keeps_billing() {
    // The same round twice: once with the key cut off before minute 3, once left alone.
    let mut app = incident(5);
    stop_the_intruder(&mut app);
    run_minutes(&mut app, 6.0);
    let calm = cost_rate(app.world_mut());
    let mut left = incident(5);
    run_minutes(&mut left, 6.0);
    let billing = cost_rate(left.world_mut());
    assert!(
        billing > calm + 4.0 * 3.0,
        "four p3.2xlarge bill over $12/hour: {calm:.2} → {billing:.2}"
    );
    let cpu: Vec<f64> = {
        let ids = miners(&mut left);
        ids.iter()
            .map(|&e| left.world().get::<InstanceLoad>(e).unwrap().cpu)
            .collect()
    };
    assert!(
        cpu.iter().all(|&c| c >= 99.0),
        "miners burn all their CPU: {cpu:?}"
    );
    let ids: Vec<String> = miners(&mut left)
        .into_iter()
        .map(|e| id_of(left.world(), e))
        .collect();
    aws_ok(
        &mut left,
        &format!(
            "aws ec2 terminate-instances --instance-ids {}",
            ids.join(" ")
        ),
    );
    run_minutes(&mut left, 1.0);
    let after = cost_rate(left.world_mut());
    assert!(
        after < calm + 0.5,
        "terminated miners stop billing: {after:.2}"
    );
}

#[test]
fn findings_name_what_happened() {
    let mut app = incident(1);
    run_minutes(&mut app, 6.0);
    let f = app.world().resource::<Findings>().clone();
    let of = |t: &str| f.list.iter().find(|x| x.finding_type == t).cloned();
    let mining = of(CRYPTO_MINING).expect("a mining finding");
    assert!(mining.severity >= 7.0 && mining.active);
    assert_eq!(mining.severity_label(), "High");
    let caller = of(MALICIOUS_IP_CALLER).expect("a malicious caller finding");
    assert_eq!(caller.resource, LEAKED);
    assert!(
        of(PORT_PROBE).is_some(),
        "SSH open to the world on running instances"
    );
    // Closing SSH and terminating the miners resolves them.
    let sg = id_named::<SecurityGroup>(&mut app, "web-sg");
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 revoke-security-group-ingress --group-id {sg} --protocol tcp --port 22 --cidr 0.0.0.0/0"
        ),
    );
    let ids: Vec<String> = miners(&mut app)
        .into_iter()
        .map(|e| id_of(app.world(), e))
        .collect();
    execute(
        app.world_mut(),
        Principal::Player,
        Command::TerminateInstances { instance_ids: ids },
    )
    .result
    .unwrap();
    run_minutes(&mut app, 1.0);
    let f = app.world().resource::<Findings>().clone();
    assert!(
        f.list
            .iter()
            .filter(|x| x.finding_type != MALICIOUS_IP_CALLER)
            .all(|x| !x.active),
        "{:?}",
        f.list
    );
}
