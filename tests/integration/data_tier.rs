//! The data tier as a player meets it: an RDS instance that runs out of connections at the
//! peak, an SQS queue that absorbs the fan spike, Lambda throttling past its reserved
//! concurrency, a Multi-AZ failover, and ECS tasks that put idle cores to work.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start_loaded;
use gameday::scenario::{self, Scenario};
use gameday::sim::flow::{FailReason, TickFlow};
use gameday::sim::metrics::Metrics;
use gameday::sim::trail::CloudTrail;

fn fan_with(seed: u64, edit: impl FnOnce(&mut Scenario)) -> App {
    let mut s = scenario::load("fan-event-spike").expect("loads");
    edit(&mut s);
    start_loaded(s, seed).expect("starts")
}

/// The web servers answer in a millisecond: only the database can be the bottleneck.
fn fast_app(s: &mut Scenario) {
    for c in &mut s.traffic.classes {
        c.service_ms = 1.0;
    }
}

fn failed(app: &App, reason: FailReason) -> u64 {
    app.world().resource::<Metrics>().run.failed[reason.index()]
}

fn ok(app: &App) -> u64 {
    app.world().resource::<Metrics>().run.ok
}

/// The largest value a data-tier metric reached over the closed minutes.
fn peak(app: &App, namespace: &str, metric: &str) -> f64 {
    app.world()
        .resource::<Metrics>()
        .history
        .iter()
        .filter_map(|d| d.data.value(namespace, metric))
        .fold(0.0, f64::max)
}

#[test]
fn checkout_fails_with_too_many_connections_when_rds_is_a_db_t3_micro_at_the_peak() {
    let run = |class: &str| {
        let class = class.to_string();
        let mut app = fan_with(1, |s| {
            s.estate.databases[0].class = class;
            // a fleet big enough for the spike, lighter orders: the database decides
            fast_app(s);
            s.traffic.classes[2].db_ms = 5.0;
        });
        run_minutes(&mut app, 66.0);
        let refused = failed(&app, FailReason::DatabaseUnavailable);
        let connections = peak(&app, "AWS/RDS", "DatabaseConnections");
        (refused, connections)
    };
    let (micro_refused, micro_conn) = run("db.t3.micro");
    let (big_refused, _) = run("db.r6g.xlarge");
    assert!(
        micro_refused > 20_000,
        "the micro refuses at the peak: {micro_refused}"
    );
    assert!(
        micro_refused > 5 * big_refused.max(1),
        "micro {micro_refused} vs r6g.xlarge {big_refused}"
    );
    // the micro's connections hit its max_connections (112 with PostgreSQL's formula)
    assert!(
        micro_conn <= 112.0 + 1e-9 && micro_conn > 100.0,
        "{micro_conn}"
    );
}

#[test]
fn an_sqs_queue_absorbs_the_x10_spike_that_fails_without_it() {
    let mut without = fan_with(2, fast_app);
    run_minutes(&mut without, 72.0);
    let mut with = fan_with(2, fast_app);
    let url = aws_ok(&mut with, "aws sqs create-queue --queue-name fan-orders");
    assert_eq!(
        url,
        "https://sqs.us-east-1.amazonaws.com/123456789012/fan-orders"
    );
    run_minutes(&mut with, 72.0);
    let (a, b) = (
        failed(&without, FailReason::DatabaseUnavailable),
        failed(&with, FailReason::DatabaseUnavailable),
    );
    assert!(a > 50_000, "without a queue the database refuses: {a}");
    assert!(b * 5 < a, "with the queue: {b}, without: {a}");
    // the spike became queue depth and message age instead
    let depth = peak(&with, "AWS/SQS", "ApproximateNumberOfMessagesVisible");
    let age = peak(&with, "AWS/SQS", "ApproximateAgeOfOldestMessage");
    assert!(depth > 10_000.0, "messages waited: {depth}");
    assert!(age > 120.0, "the oldest message aged: {age}");
    assert_eq!(
        peak(&without, "AWS/SQS", "ApproximateNumberOfMessagesVisible"),
        0.0
    );
}

#[test]
fn lambda_throttles_past_its_reserved_concurrency() {
    let mut app = fan_with(3, |_| {});
    let r = aws(
        &mut app,
        "aws lambda create-function --function-name lottery-entry --runtime python3.12 --role arn:aws:iam::123456789012:role/lottery --handler app.handler",
    )
    .expect("created");
    assert_eq!(
        r.ids[1],
        "arn:aws:lambda:us-east-1:123456789012:function:lottery-entry"
    );
    // the runbook's "reserve 100 for it", at the default 128 MB
    aws_ok(
        &mut app,
        "aws lambda put-function-concurrency --function-name lottery-entry --reserved-concurrent-executions 100",
    );
    // 1,000 in the account, 100 must stay unreserved
    let e = aws(
        &mut app,
        "aws lambda put-function-concurrency --function-name lottery-entry --reserved-concurrent-executions 950",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValueException");
    let e = aws(
        &mut app,
        "aws lambda put-provisioned-concurrency-config --function-name lottery-entry --qualifier $LATEST --provisioned-concurrent-executions 10",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValueException");
    run_minutes(&mut app, 58.0);
    assert_eq!(
        failed(&app, FailReason::Throttled),
        0,
        "the evening fits in 100"
    );
    run_minutes(&mut app, 8.0);
    let throttled = failed(&app, FailReason::Throttled);
    assert!(throttled > 10_000, "the spike is throttled: {throttled}");
    let concurrency = peak(&app, "AWS/Lambda", "ConcurrentExecutions");
    assert!((concurrency - 100.0).abs() < 1e-6, "{concurrency}");
    assert!(peak(&app, "AWS/Lambda", "Throttles") > 1000.0);
    let trail = app.world().resource::<CloudTrail>();
    assert!(trail.events.iter().any(|e| e.command.event_name()
        == "PutFunctionConcurrency20171031"
        && e.command.event_source() == "lambda.amazonaws.com"));
}

#[test]
fn a_multi_az_database_fails_over_in_two_minutes_a_single_az_one_takes_far_longer() {
    let refused_after_fault = |multi_az: bool| {
        let mut app = fan_with(4, |s| s.estate.databases[0].multi_az = multi_az);
        run_minutes(&mut app, 94.0);
        let before = failed(&app, FailReason::DatabaseUnavailable);
        run_minutes(&mut app, 16.0);
        failed(&app, FailReason::DatabaseUnavailable) - before
    };
    let multi = refused_after_fault(true);
    let single = refused_after_fault(false);
    // orders and lottery entries are 40% of ~400 requests/s
    assert!(multi > 5_000 && multi < 50_000, "multi-AZ: {multi}");
    assert!(single > 3 * multi, "single-AZ {single} vs multi-AZ {multi}");
    // and the reboot is in the trail, by the fault-injection role
    let mut app = fan_with(4, |_| {});
    assert_eq!(
        aws(
            &mut app,
            "aws rds reboot-db-instance --db-instance-identifier fan-db --force-failover"
        )
        .unwrap_err()
        .code,
        "InvalidParameterCombination"
    );
    assert_eq!(
        aws(
            &mut app,
            "aws rds modify-db-instance --db-instance-identifier nope --multi-az --apply-immediately"
        )
        .unwrap_err()
        .code,
        "DBInstanceNotFound"
    );
}

/// One c5.xlarge (4 vCPUs) behind the Classic LB, far more traffic than it can serve.
fn one_big_instance(seed: u64) -> App {
    unicorn_with(seed, |s| {
        s.chaos.clear();
        s.traffic.curve = vec![(0.0, 250.0)];
        s.traffic.timeout_seconds = 600.0;
        s.estate.instances.truncate(1);
        s.estate.elastic_ips.clear();
        s.estate.load_balancers[0].instances = vec!["web-1".into()];
        s.estate.launch_templates[0].instance_type = "c5.xlarge".into();
    })
}

#[test]
fn four_ecs_tasks_on_a_4_vcpu_instance_serve_about_four_times_one_process() {
    let mut single = one_big_instance(5);
    run_minutes(&mut single, 3.0);
    let one = ok(&single);

    let mut tasks = one_big_instance(5);
    aws_ok(&mut tasks, "aws ecs create-cluster --cluster-name web");
    let arn = aws_ok(
        &mut tasks,
        "aws ecs create-service --cluster web --service-name unicorn --task-definition unicorn-rentals:1 --desired-count 8 --launch-type EC2",
    );
    assert_eq!(
        arn,
        "arn:aws:ecs:us-east-1:123456789012:service/web/unicorn"
    );
    run_minutes(&mut tasks, 3.0);
    let four = ok(&tasks);
    let ratio = four as f64 / one as f64;
    assert!((3.3..5.0).contains(&ratio), "{four} vs {one}: ×{ratio:.2}");
    // eight wanted, four fit (one vCPU each)
    let world = tasks.world_mut();
    let mut q = world.query::<&gameday::sim::ecs::EcsService>();
    assert_eq!(q.iter(world).next().unwrap().running_count, 4);
    assert_eq!(
        aws(
            &mut tasks,
            "aws ecs update-service --cluster nope --service unicorn --desired-count 2"
        )
        .unwrap_err()
        .code,
        "ClusterNotFoundException"
    );
}

#[test]
fn an_elasticache_cluster_does_not_help_pages_that_never_touch_the_database() {
    // Median latency of rental searches (never read the database) and checkouts (do), per
    // tick as the traffic model reports them, with and without a Redis cluster.
    let medians = |cache: bool| {
        let mut app = unicorn_with(6, |s| {
            s.chaos.clear();
            // quiet enough that nobody queues: each page shows its own work
            s.traffic.curve = vec![(0.0, 2.0)];
        });
        if cache {
            aws_ok(
                &mut app,
                "aws elasticache create-cache-cluster --cache-cluster-id c --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
            );
        }
        run_minutes(&mut app, 6.0); // the cluster is available after 5 minutes
        let classes: Vec<String> = app
            .world()
            .resource::<gameday::scenario::Scenario>()
            .traffic
            .classes
            .iter()
            .map(|c| c.id.clone())
            .collect();
        let (mut search, mut checkout) = (vec![], vec![]);
        for _ in 0..1200 {
            run_minutes(&mut app, 1.0 / 60.0);
            for r in &app.world().resource::<TickFlow>().records {
                if r.ok == 0 {
                    continue;
                }
                match classes[r.class].as_str() {
                    "search" => search.push(r.latency),
                    "checkout" => checkout.push(r.latency),
                    _ => {}
                }
            }
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
        (mean(&search), mean(&checkout))
    };
    let (search_without, checkout_without) = medians(false);
    let (search_with, checkout_with) = medians(true);
    assert!(
        (search_with - search_without).abs() / search_without < 0.15,
        "search: {search_with:.4} s with a cache, {search_without:.4} s without"
    );
    assert!(
        checkout_with < 0.7 * checkout_without,
        "checkout: {checkout_with:.4} s with a cache, {checkout_without:.4} s without"
    );
}
