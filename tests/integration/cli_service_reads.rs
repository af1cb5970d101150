//! The services' reads as a cloud engineer uses them: `rds describe-db-instances` follows a
//! Multi-AZ conversion from `PendingModifiedValues` to `MultiAZ: true`, and SQS's
//! `list-queues`, `get-queue-url` and `get-queue-attributes` read back what was created and
//! set. Reads change nothing and land in CloudTrail as read events.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start_loaded;
use gameday::scenario;
use gameday::sim::trail::CloudTrail;
use serde_json::Value;

fn fan(seed: u64) -> App {
    start_loaded(scenario::load("fan-event-spike").expect("loads"), seed).expect("starts")
}

fn body(app: &mut App, line: &str) -> Value {
    match aws(app, line) {
        Ok(r) => r
            .body
            .unwrap_or_else(|| panic!("`{line}` answered without a body")),
        Err(e) => panic!("`{line}` failed: {e}"),
    }
}

#[test]
fn describe_db_instances_shows_the_database_as_multi_az_after_modify_db_instance_multi_az() {
    let mut app = fan(4);
    let v = body(&mut app, "aws rds describe-db-instances");
    let dbs = v["DBInstances"].as_array().expect("DBInstances is a list");
    assert_eq!(dbs.len(), 1, "{v:#}");
    let db = &dbs[0];
    let id = db["DBInstanceIdentifier"].as_str().unwrap().to_string();
    assert_eq!(db["MultiAZ"], false);
    assert_eq!(db["DBInstanceStatus"], "available");
    assert!(db["Endpoint"]["Address"].as_str().unwrap().starts_with(&id));
    assert!(
        db["DBInstanceArn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":db:{id}"))
    );
    // the write answers with the instance, the conversion pending
    let w = body(
        &mut app,
        &format!(
            "aws rds modify-db-instance --db-instance-identifier {id} --multi-az --apply-immediately"
        ),
    );
    assert_eq!(w["DBInstance"]["PendingModifiedValues"]["MultiAZ"], true);
    assert_eq!(w["DBInstance"]["MultiAZ"], false);
    assert_eq!(w["DBInstance"]["DBInstanceStatus"], "modifying");
    // a quarter of an hour later the standby exists
    run_minutes(&mut app, 16.0);
    let v = body(
        &mut app,
        &format!("aws rds describe-db-instances --db-instance-identifier {id}"),
    );
    let db = &v["DBInstances"][0];
    assert_eq!(db["MultiAZ"], true, "{db:#}");
    assert_eq!(db["PendingModifiedValues"], serde_json::json!({}));
    assert_eq!(db["DBInstanceStatus"], "available");
    let err = aws(
        &mut app,
        "aws rds describe-db-instances --db-instance-identifier mydbinstancecf",
    )
    .unwrap_err();
    assert_eq!(err.code, "DBInstanceNotFound");
    // the reads are read events in the trail
    let trail = app.world().resource::<CloudTrail>();
    let reads: Vec<_> = trail
        .events
        .iter()
        .filter(|e| e.event_name() == "DescribeDBInstances")
        .collect();
    assert_eq!(reads.len(), 3);
    assert!(reads.iter().all(|e| e.command.read_only()));
}

#[test]
fn sqs_reads_list_the_queue_and_its_attributes_after_set_queue_attributes() {
    let mut app = unicorn(2);
    let url = body(&mut app, "aws sqs create-queue --queue-name orders")["QueueUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        body(&mut app, "aws sqs list-queues")["QueueUrls"],
        serde_json::json!([url])
    );
    // none match: AWS leaves QueueUrls out
    assert_eq!(
        body(&mut app, "aws sqs list-queues --queue-name-prefix My"),
        serde_json::json!({})
    );
    assert_eq!(
        body(&mut app, "aws sqs get-queue-url --queue-name orders")["QueueUrl"],
        url.as_str()
    );
    aws(
        &mut app,
        &format!(
            "aws sqs set-queue-attributes --queue-url {url} --attributes VisibilityTimeout=120"
        ),
    )
    .expect("set");
    let all = body(
        &mut app,
        &format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names All"),
    );
    let a = &all["Attributes"];
    assert_eq!(a["VisibilityTimeout"], "120");
    assert_eq!(a["QueueArn"], "arn:aws:sqs:us-east-1:123456789012:orders");
    assert_eq!(a["ApproximateNumberOfMessages"], "0");
    // only what was asked
    let some = body(
        &mut app,
        &format!(
            "aws sqs get-queue-attributes --queue-url {url} --attribute-names VisibilityTimeout"
        ),
    );
    assert_eq!(
        some,
        serde_json::json!({"Attributes": {"VisibilityTimeout": "120"}})
    );
    assert_eq!(
        aws(
            &mut app,
            &format!("aws sqs get-queue-attributes --queue-url {url} --attribute-names Colour"),
        )
        .unwrap_err()
        .code,
        "InvalidAttributeName"
    );
    assert_eq!(
        aws(&mut app, "aws sqs get-queue-url --queue-name MyQueue")
            .unwrap_err()
            .code,
        "AWS.SimpleQueueService.NonExistentQueue"
    );
}

#[test]
fn get_distribution_shows_the_new_cache_policy_while_update_distribution_deploys() {
    use gameday::sim::model::LoadBalancer;
    let mut app = unicorn(3);
    let origin = {
        let mut q = app.world_mut().query::<&LoadBalancer>();
        q.iter(app.world())
            .next()
            .expect("a load balancer")
            .dns_name
            .clone()
    };
    let id = aws_ok(
        &mut app,
        &format!("aws cloudfront create-distribution --origin-domain-name {origin}"),
    );
    let list = body(&mut app, "aws cloudfront list-distributions");
    let items = &list["DistributionList"]["Items"];
    assert_eq!(list["DistributionList"]["Quantity"], 1);
    assert_eq!(items[0]["Id"], id.as_str());
    assert_eq!(items[0]["Status"], "InProgress");
    assert_eq!(
        items[0]["Origins"]["Items"][0]["DomainName"],
        origin.to_lowercase().as_str()
    );
    run_minutes(&mut app, 8.0);
    let get = format!("aws cloudfront get-distribution --id {id}");
    let d = body(&mut app, &get);
    assert_eq!(d["Distribution"]["Status"], "Deployed");
    let policy = &d["Distribution"]["DistributionConfig"]["DefaultCacheBehavior"]["CachePolicyId"];
    assert_eq!(
        policy, "658327ea-f89d-4fab-a63d-7e88639e58f6",
        "CachingOptimized"
    );
    // aws-cli's shortcut: update-distribution --default-root-object (the documentation's line)
    assert_eq!(
        d["Distribution"]["DistributionConfig"]["DefaultRootObject"],
        ""
    );
    aws_ok(
        &mut app,
        &format!("aws cloudfront update-distribution --id {id} --default-root-object index.html"),
    );
    let d = body(&mut app, &get);
    assert_eq!(
        d["Distribution"]["DistributionConfig"]["DefaultRootObject"],
        "index.html"
    );
    // a policy with query strings in the key, rolled out: the config shows it at once
    let p = aws_ok(
        &mut app,
        r#"aws cloudfront create-cache-policy --cache-policy-config '{"Name":"with-qs","ParametersInCacheKeyAndForwardedToOrigin":{"QueryStringsConfig":{"QueryStringBehavior":"all"}}}'"#,
    );
    aws_ok(
        &mut app,
        &format!(
            r#"aws cloudfront update-distribution --id {id} --distribution-config '{{"DefaultCacheBehavior":{{"CachePolicyId":"{p}"}}}}'"#
        ),
    );
    let d = body(&mut app, &get);
    assert_eq!(d["Distribution"]["Status"], "InProgress");
    assert_eq!(
        d["Distribution"]["DistributionConfig"]["DefaultCacheBehavior"]["CachePolicyId"],
        p.as_str()
    );
    assert_eq!(
        aws(
            &mut app,
            "aws cloudfront get-distribution --id EDFDVBD6EXAMPLE"
        )
        .unwrap_err()
        .code,
        "NoSuchDistribution"
    );
}

#[test]
fn describe_cache_clusters_shows_the_cluster_creating_then_available() {
    let mut app = unicorn(3);
    aws_ok(
        &mut app,
        "aws elasticache create-cache-cluster --cache-cluster-id unicorn-cache --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
    );
    let v = body(&mut app, "aws elasticache describe-cache-clusters");
    let c = &v["CacheClusters"][0];
    assert_eq!(c["CacheClusterId"], "unicorn-cache");
    assert_eq!(c["CacheClusterStatus"], "creating");
    assert_eq!(c["CacheNodeType"], "cache.t3.micro");
    assert_eq!(c["NumCacheNodes"], 1);
    run_minutes(&mut app, 20.0);
    let v = body(
        &mut app,
        "aws elasticache describe-cache-clusters --cache-cluster-id unicorn-cache",
    );
    assert_eq!(v["CacheClusters"][0]["CacheClusterStatus"], "available");
    assert_eq!(
        aws(
            &mut app,
            "aws elasticache describe-cache-clusters --cache-cluster-id nope"
        )
        .unwrap_err()
        .code,
        "CacheClusterNotFound"
    );
}

#[test]
fn describe_services_shows_the_desired_and_running_task_counts() {
    use gameday::sim::ecs::EcsService;
    use gameday::sim::world::all;
    let mut app = unicorn(3);
    aws_ok(&mut app, "aws ecs create-cluster --cluster-name web");
    aws_ok(
        &mut app,
        "aws ecs create-service --cluster web --service-name workers --task-definition unicorn-web:1 --desired-count 4",
    );
    run_minutes(&mut app, 2.0);
    let running = {
        let w = app.world_mut();
        let e = all::<EcsService>(w)[0];
        w.get::<EcsService>(e).unwrap().running_count
    };
    let v = body(
        &mut app,
        "aws ecs describe-services --cluster web --services workers ghost",
    );
    let s = &v["services"][0];
    assert_eq!(s["serviceName"], "workers");
    assert_eq!(s["desiredCount"], 4);
    assert_eq!(s["runningCount"], running);
    assert_eq!(
        s["taskDefinition"],
        "arn:aws:ecs:us-east-1:123456789012:task-definition/unicorn-web:1"
    );
    assert_eq!(v["failures"][0]["reason"], "MISSING");
    assert!(
        v["failures"][0]["arn"]
            .as_str()
            .unwrap()
            .ends_with("/web/ghost")
    );
    let c = body(&mut app, "aws ecs describe-clusters --clusters web");
    assert_eq!(c["clusters"][0]["activeServicesCount"], 1);
    assert_eq!(c["clusters"][0]["runningTasksCount"], running);
    assert_eq!(
        body(&mut app, "aws ecs list-services --cluster web")["serviceArns"][0],
        "arn:aws:ecs:us-east-1:123456789012:service/web/workers"
    );
    assert_eq!(
        body(&mut app, "aws ecs list-clusters")["clusterArns"],
        serde_json::json!(["arn:aws:ecs:us-east-1:123456789012:cluster/web"])
    );
    // no default cluster here
    assert_eq!(
        body(&mut app, "aws ecs describe-clusters")["failures"][0]["reason"],
        "MISSING"
    );
    assert_eq!(
        aws(&mut app, "aws ecs list-services").unwrap_err().code,
        "ClusterNotFoundException"
    );
}

#[test]
fn get_function_shows_the_reserved_concurrency_after_put_function_concurrency() {
    let mut app = unicorn(3);
    aws_ok(
        &mut app,
        "aws lambda create-function --function-name lottery-entry --runtime python3.12 --role arn:aws:iam::123456789012:role/lottery --handler app.handler",
    );
    let list = body(&mut app, "aws lambda list-functions");
    assert_eq!(list["Functions"][0]["FunctionName"], "lottery-entry");
    assert_eq!(list["Functions"][0]["Runtime"], "python3.12");
    let get = "aws lambda get-function --function-name lottery-entry";
    assert!(body(&mut app, get).get("Concurrency").is_none());
    aws(
        &mut app,
        "aws lambda put-function-concurrency --function-name lottery-entry --reserved-concurrent-executions 100",
    )
    .expect("reserved");
    run_minutes(&mut app, 1.0);
    let f = body(&mut app, get);
    assert_eq!(f["Concurrency"]["ReservedConcurrentExecutions"], 100);
    assert_eq!(f["Configuration"]["State"], "Active");
    assert_eq!(
        aws(
            &mut app,
            "aws lambda get-function --function-name my-function"
        )
        .unwrap_err()
        .code,
        "ResourceNotFoundException"
    );
}

#[test]
fn an_external_deployment_service_runs_no_tasks_until_a_deployer_brings_task_sets() {
    let mut app = unicorn(3);
    aws_ok(&mut app, "aws ecs create-cluster --cluster-name web");
    // awscli/examples/ecs/create-service.rst: no task definition with EXTERNAL
    aws_ok(
        &mut app,
        "aws ecs create-service --cluster web --service-name canary --deployment-controller type=EXTERNAL --desired-count 1",
    );
    run_minutes(&mut app, 2.0);
    let s = body(
        &mut app,
        "aws ecs describe-services --cluster web --services canary",
    );
    let s = &s["services"][0];
    assert_eq!(s["deploymentController"]["type"], "EXTERNAL");
    assert_eq!(
        (s["desiredCount"].clone(), s["runningCount"].clone()),
        (1.into(), 0.into())
    );
    let e = aws(
        &mut app,
        "aws ecs update-service --cluster web --service canary --task-definition unicorn-web:2",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterException");
    // an ECS-controlled service still needs its task definition
    let e = gameday::awscli::parse_line(
        "aws ecs create-service --cluster web --service-name plain --desired-count 1",
    )
    .unwrap_err();
    assert!(e.message.contains("--task-definition"), "{}", e.message);
}

#[test]
fn an_auto_scaling_group_from_a_launch_configuration_is_refused_as_not_found() {
    let mut app = unicorn(3);
    let e = aws(
        &mut app,
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name my-asg --launch-configuration-name my-lc --min-size 1 --max-size 5",
    )
    .unwrap_err();
    assert_eq!(e.code, "ValidationError");
    assert_eq!(
        e.message,
        "Launch configuration name not found - Launch configuration my-lc not found"
    );
    let e = aws(
        &mut app,
        "aws autoscaling create-auto-scaling-group --auto-scaling-group-name my-asg --min-size 1 --max-size 5",
    )
    .unwrap_err();
    assert!(
        e.message.contains("LaunchConfigurationName"),
        "{}",
        e.message
    );
    assert!(
        body(
            &mut app,
            "aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names my-asg"
        )["AutoScalingGroups"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
