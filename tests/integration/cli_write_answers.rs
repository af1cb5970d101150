//! Every write answers the way AWS answers it: `create-distribution` its `Location`, `ETag`
//! and `Distribution`, `create-cache-cluster` its `CacheCluster`, ECS's writes their
//! `cluster` / `service`, Lambda's the function's configuration, `create-network-interface`
//! its `NetworkInterface` — built by the same describers as the reads, so a write's answer
//! and the matching describe agree. No call answers with a list of ids.

use crate::common::*;
use bevy::prelude::*;
use gameday::awscli::{OutputOptions, answer_text, operations, parse_line, services};
use gameday::headless::start;
use gameday::sim::api::execute;
use gameday::sim::command::Principal;
use gameday::sim::model::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Runs a line as the player; it must succeed with AWS's response, which is returned. The
/// operation is noted in `seen`.
fn answer(app: &mut App, seen: &mut BTreeSet<(String, String)>, line: &str) -> Value {
    let cmd = parse_line(line).unwrap_or_else(|e| panic!("`{line}` does not parse: {e}"));
    let result = execute(app.world_mut(), Principal::Player, cmd).result;
    let words: Vec<&str> = line.split_whitespace().collect();
    let text = answer_text(words[2], &result, &OutputOptions::default());
    assert!(!text.contains("\"Ids\""), "`{line}` printed ids:\n{text}");
    let r = result.unwrap_or_else(|e| panic!("`{line}` failed: {e}"));
    seen.insert((words[1].to_string(), words[2].to_string()));
    r.body
        .unwrap_or_else(|| panic!("`{line}` answered without AWS's response"))
}

fn s(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("{v} is not a string"))
        .to_string()
}

/// An operation that only looks, by AWS's naming.
fn is_read(op: &str) -> bool {
    ["describe-", "get-", "list-"]
        .iter()
        .any(|p| op.starts_with(p))
        || op == "lookup-events"
}

#[test]
fn every_write_operation_answers_with_aws_response_and_none_with_ids() {
    let mut seen = BTreeSet::new();
    let mut app = unicorn(7);
    let a = &mut app;
    let w = &mut seen;
    let vpc = vpc_id(a);
    let rtb = id_named::<RouteTable>(a, "public");
    let lb_sg = id_named::<SecurityGroup>(a, "lb-sg");
    let web1 = id_named::<Instance>(a, "web-1");
    let igw = id_named::<InternetGateway>(a, "unicorn-igw");
    // ---- EC2: network ----
    let mut subnets = vec![];
    for (cidr, az) in [
        ("10.0.1.0/24", "us-east-1a"),
        ("10.0.2.0/24", "us-east-1b"),
        ("10.0.3.0/24", "us-east-1a"),
    ] {
        let v = answer(
            a,
            w,
            &format!(
                "aws ec2 create-subnet --vpc-id {vpc} --cidr-block {cidr} --availability-zone {az}"
            ),
        );
        assert_eq!(v["Subnet"]["CidrBlock"], cidr);
        subnets.push(s(&v["Subnet"]["SubnetId"]));
    }
    for sub in &subnets[..2] {
        answer(
            a,
            w,
            &format!("aws ec2 associate-route-table --route-table-id {rtb} --subnet-id {sub}"),
        );
    }
    answer(
        a,
        w,
        &format!("aws ec2 delete-subnet --subnet-id {}", subnets[2]),
    );
    let (s1, s2) = (subnets[0].clone(), subnets[1].clone());
    answer(
        a,
        w,
        &format!(
            "aws ec2 create-route --route-table-id {rtb} --destination-cidr-block 10.1.0.0/16 --gateway-id {igw}"
        ),
    );
    answer(
        a,
        w,
        &format!(
            "aws ec2 delete-route --route-table-id {rtb} --destination-cidr-block 10.1.0.0/16"
        ),
    );
    let sg = s(&answer(
        a,
        w,
        &format!(
            "aws ec2 create-security-group --group-name extra --description extra --vpc-id {vpc}"
        ),
    )["GroupId"]);
    for op in ["authorize", "revoke"] {
        answer(
            a,
            w,
            &format!(
                "aws ec2 {op}-security-group-ingress --group-id {sg} --protocol tcp --port 8080 --cidr 10.0.0.0/16"
            ),
        );
    }
    let eni = s(&answer(
        a,
        w,
        &format!("aws ec2 create-network-interface --subnet-id {s1} --description other"),
    )["NetworkInterface"]["NetworkInterfaceId"]);
    let spare = s(&answer(
        a,
        w,
        &format!("aws ec2 create-network-interface --subnet-id {s2}"),
    )["NetworkInterface"]["NetworkInterfaceId"]);
    answer(
        a,
        w,
        &format!("aws ec2 delete-network-interface --network-interface-id {spare}"),
    );
    let alloc = s(&answer(a, w, "aws ec2 allocate-address")["AllocationId"]);
    answer(
        a,
        w,
        &format!("aws ec2 associate-address --allocation-id {alloc} --network-interface-id {eni}"),
    );
    let other = s(&answer(a, w, "aws ec2 allocate-address --domain vpc")["AllocationId"]);
    answer(
        a,
        w,
        &format!("aws ec2 release-address --allocation-id {other}"),
    );
    // ---- EC2: templates and instances ----
    answer(
        a,
        w,
        "aws ec2 create-launch-template --launch-template-name spare --launch-template-data '{\"ImageId\":\"ami-1\",\"InstanceType\":\"t3.micro\"}'",
    );
    answer(
        a,
        w,
        &format!(
            "aws ec2 create-launch-template-version --launch-template-name unicorn-web --source-version 1 --launch-template-data '{{\"InstanceType\":\"t3.small\",\"UserData\":\"{}\"}}'",
            gameday::awscli::base64_encode(GOOD_SCRIPT.as_bytes())
        ),
    );
    answer(
        a,
        w,
        "aws ec2 modify-launch-template --launch-template-name unicorn-web --default-version 2",
    );
    let v = answer(
        a,
        w,
        &format!(
            "aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --subnet-id {s1}"
        ),
    );
    let probe = s(&v["Instances"][0]["InstanceId"]);
    answer(
        a,
        w,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {web1} --disable-api-termination Value=false"
        ),
    );
    // ---- data tier, created early so it is available later ----
    answer(
        a,
        w,
        "aws rds create-db-instance --db-instance-identifier spare-db --db-instance-class db.t3.micro --engine postgres",
    );
    answer(
        a,
        w,
        "aws elasticache create-cache-cluster --cache-cluster-id sessions --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
    );
    run_minutes(a, 11.0);
    answer(
        a,
        w,
        &format!("aws ec2 stop-instances --instance-ids {probe}"),
    );
    run_minutes(a, 2.0);
    answer(
        a,
        w,
        &format!("aws ec2 start-instances --instance-ids {probe}"),
    );
    answer(
        a,
        w,
        &format!("aws ec2 terminate-instances --instance-ids {probe}"),
    );
    answer(
        a,
        w,
        "aws rds modify-db-instance --db-instance-identifier spare-db --db-instance-class db.t3.medium",
    );
    answer(
        a,
        w,
        "aws rds reboot-db-instance --db-instance-identifier spare-db",
    );
    answer(
        a,
        w,
        "aws rds delete-db-instance --db-instance-identifier spare-db --skip-final-snapshot",
    );
    answer(
        a,
        w,
        "aws elasticache delete-cache-cluster --cache-cluster-id sessions",
    );
    // ---- load balancing ----
    let alb = s(&answer(
        a,
        w,
        &format!(
            "aws elbv2 create-load-balancer --name shop-alb --subnets {s1} {s2} --security-groups {lb_sg}"
        ),
    )["LoadBalancers"][0]["LoadBalancerArn"]);
    let tg = s(&answer(
        a,
        w,
        &format!(
            "aws elbv2 create-target-group --name shop-web --protocol HTTP --port 80 --vpc-id {vpc}"
        ),
    )["TargetGroups"][0]["TargetGroupArn"]);
    answer(
        a,
        w,
        &format!(
            "aws elbv2 modify-target-group-attributes --target-group-arn {tg} --attributes Key=deregistration_delay.timeout_seconds,Value=60"
        ),
    );
    answer(
        a,
        w,
        &format!(
            "aws elbv2 create-listener --load-balancer-arn {alb} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={tg}"
        ),
    );
    for op in ["register-targets", "deregister-targets"] {
        answer(
            a,
            w,
            &format!("aws elbv2 {op} --target-group-arn {tg} --targets Id={web1}"),
        );
    }
    answer(
        a,
        w,
        &format!("aws elbv2 set-subnets --load-balancer-arn {alb} --subnets {s1} {s2}"),
    );
    answer(
        a,
        w,
        &format!(
            "aws elb create-load-balancer --load-balancer-name spare-clb --listeners Protocol=HTTP,LoadBalancerPort=80,InstanceProtocol=HTTP,InstancePort=80 --subnets {s1} {s2} --security-groups {lb_sg}"
        ),
    );
    for op in [
        "register-instances-with-load-balancer",
        "deregister-instances-from-load-balancer",
    ] {
        answer(
            a,
            w,
            &format!("aws elb {op} --load-balancer-name spare-clb --instances {web1}"),
        );
    }
    answer(
        a,
        w,
        "aws elb delete-load-balancer --load-balancer-name spare-clb",
    );
    // ---- Auto Scaling and CloudWatch ----
    answer(
        a,
        w,
        &format!(
            "aws autoscaling create-auto-scaling-group --auto-scaling-group-name shop-asg --launch-template LaunchTemplateName=unicorn-web,Version=2 --min-size 1 --max-size 3 --desired-capacity 1 --vpc-zone-identifier {s1},{s2}"
        ),
    );
    answer(
        a,
        w,
        "aws autoscaling update-auto-scaling-group --auto-scaling-group-name shop-asg --max-size 4",
    );
    answer(
        a,
        w,
        &format!(
            "aws autoscaling attach-load-balancer-target-groups --auto-scaling-group-name shop-asg --target-group-arns {tg}"
        ),
    );
    answer(
        a,
        w,
        "aws autoscaling set-desired-capacity --auto-scaling-group-name shop-asg --desired-capacity 2",
    );
    answer(
        a,
        w,
        "aws autoscaling put-scaling-policy --auto-scaling-group-name shop-asg --policy-name cpu50 --policy-type TargetTrackingScaling --target-tracking-configuration '{\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ASGAverageCPUUtilization\"},\"TargetValue\":50.0}'",
    );
    let step = answer(
        a,
        w,
        "aws autoscaling put-scaling-policy --auto-scaling-group-name shop-asg --policy-name step-out --policy-type StepScaling --adjustment-type ChangeInCapacity --step-adjustments MetricIntervalLowerBound=0,ScalingAdjustment=1",
    );
    assert_eq!(step["Alarms"], serde_json::json!([]));
    answer(
        a,
        w,
        "aws autoscaling execute-policy --auto-scaling-group-name shop-asg --policy-name step-out --metric-value 90 --breach-threshold 70",
    );
    answer(
        a,
        w,
        "aws autoscaling put-scheduled-update-group-action --auto-scaling-group-name shop-asg --scheduled-action-name lunch --start-time 2026-11-22T23:30:00Z --desired-capacity 2",
    );
    for name in ["hot", "cold"] {
        answer(
            a,
            w,
            &format!(
                "aws cloudwatch put-metric-alarm --alarm-name {name} --namespace AWS/EC2 --metric-name CPUUtilization --statistic Average --period 60 --evaluation-periods 1 --threshold 90 --comparison-operator GreaterThanThreshold"
            ),
        );
    }
    answer(
        a,
        w,
        "aws cloudwatch put-composite-alarm --alarm-name both --alarm-rule 'ALARM(hot) AND ALARM(cold)'",
    );
    answer(a, w, "aws cloudwatch delete-alarms --alarm-names both");
    // ---- DNS and the edge ----
    let alb_dns = {
        let world = a.world_mut();
        let e = gameday::sim::world::find::<LoadBalancer>(world, &alb).unwrap();
        world.get::<LoadBalancer>(e).unwrap().dns_name.clone()
    };
    answer(
        a,
        w,
        &format!(
            "aws route53 change-resource-record-sets --hosted-zone-id Z0UNICORN42 --change-batch '{{\"Changes\":[{{\"Action\":\"UPSERT\",\"ResourceRecordSet\":{{\"Name\":\"api.unicorn.rentals\",\"Type\":\"A\",\"AliasTarget\":{{\"HostedZoneId\":\"Z35SXDOTRQ7X7K\",\"DNSName\":\"{alb_dns}\",\"EvaluateTargetHealth\":false}}}}}}]}}'"
        ),
    );
    let policy = answer(
        a,
        w,
        "aws cloudfront create-cache-policy --cache-policy-config '{\"Name\":\"with-query\",\"DefaultTTL\":60,\"ParametersInCacheKeyAndForwardedToOrigin\":{\"QueryStringsConfig\":{\"QueryStringBehavior\":\"all\"}}}'",
    );
    let policy_id = s(&policy["CachePolicy"]["Id"]);
    assert!(
        s(&policy["Location"]).ends_with(&format!("/cache-policy/{policy_id}")),
        "{policy:#}"
    );
    let dist = s(&answer(
        a,
        w,
        &format!(
            "aws cloudfront create-distribution --origin-domain-name {alb_dns} --default-root-object index.html"
        ),
    )["Distribution"]["Id"]);
    answer(
        a,
        w,
        &format!(
            "aws cloudfront update-distribution --id {dist} --distribution-config '{{\"DefaultCacheBehavior\":{{\"CachePolicyId\":\"{policy_id}\"}}}}'"
        ),
    );
    answer(
        a,
        w,
        &format!("aws cloudfront delete-distribution --id {dist}"),
    );
    // ---- queues, functions, containers ----
    let url = s(&answer(a, w, "aws sqs create-queue --queue-name orders")["QueueUrl"]);
    answer(
        a,
        w,
        &format!(
            "aws sqs set-queue-attributes --queue-url {url} --attributes VisibilityTimeout=120"
        ),
    );
    answer(a, w, &format!("aws sqs delete-queue --queue-url {url}"));
    answer(
        a,
        w,
        "aws lambda create-function --function-name signup --runtime python3.12 --role arn:aws:iam::123456789012:role/signup --handler app.handler",
    );
    answer(
        a,
        w,
        "aws lambda put-function-concurrency --function-name signup --reserved-concurrent-executions 20",
    );
    answer(
        a,
        w,
        "aws lambda put-provisioned-concurrency-config --function-name signup --qualifier live --provisioned-concurrent-executions 5",
    );
    answer(a, w, "aws lambda delete-function --function-name signup");
    answer(a, w, "aws ecs create-cluster --cluster-name web");
    answer(
        a,
        w,
        "aws ecs create-service --cluster web --service-name workers --task-definition unicorn-web:1 --desired-count 2",
    );
    answer(
        a,
        w,
        "aws ecs update-service --cluster web --service workers --desired-count 3",
    );
    // ---- WAF, Savings Plans, clean-up ----
    answer(
        a,
        w,
        "aws wafv2 create-ip-set --name botnet --scope REGIONAL --ip-address-version IPV4 --addresses 198.51.100.0/24",
    );
    let acl = answer(
        a,
        w,
        "aws wafv2 create-web-acl --name shop --scope REGIONAL --default-action 'Allow={}' --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=shop",
    );
    let (acl_id, acl_arn, token) = (
        s(&acl["Summary"]["Id"]),
        s(&acl["Summary"]["ARN"]),
        s(&acl["Summary"]["LockToken"]),
    );
    let next = s(&answer(
        a,
        w,
        &format!(
            "aws wafv2 update-web-acl --name shop --scope REGIONAL --id {acl_id} --lock-token {token} --default-action 'Allow={{}}' --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=shop"
        ),
    )["NextLockToken"]);
    answer(
        a,
        w,
        &format!("aws wafv2 associate-web-acl --web-acl-arn {acl_arn} --resource-arn {alb}"),
    );
    let spare = answer(
        a,
        w,
        "aws wafv2 create-web-acl --name spare --scope REGIONAL --default-action 'Allow={}' --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=spare",
    );
    answer(
        a,
        w,
        &format!(
            "aws wafv2 delete-web-acl --name spare --scope REGIONAL --id {} --lock-token {}",
            s(&spare["Summary"]["Id"]),
            s(&spare["Summary"]["LockToken"])
        ),
    );
    assert_ne!(next, token);
    answer(
        a,
        w,
        "aws savingsplans create-savings-plan --savings-plan-offering-id 0a9c0e24-5a3e-4c4f-b1a8-5e6f1c9d2b10 --commitment 0.10",
    );
    answer(
        a,
        w,
        "aws autoscaling delete-auto-scaling-group --auto-scaling-group-name shop-asg --force-delete",
    );
    answer(
        a,
        w,
        &format!("aws elbv2 delete-load-balancer --load-balancer-arn {alb}"),
    );
    // ---- IAM: the incident's account has users with keys ----
    let mut incident = start("security-incident", 7).expect("starts");
    let i = &mut incident;
    answer(
        i,
        w,
        "aws iam update-access-key --user-name backup-job --access-key-id AKIA4UNICORNBACKUP2Q --status Inactive",
    );
    answer(
        i,
        w,
        "aws iam delete-access-key --user-name backup-job --access-key-id AKIA4UNICORNBACKUP2Q",
    );
    // every operation that is not a read was played
    let missing: Vec<String> = services()
        .iter()
        .flat_map(|&svc| operations(svc).iter().map(move |&op| (svc, op)))
        .filter(|(_, op)| !is_read(op) && *op != "wait")
        .filter(|(svc, op)| !seen.contains(&(svc.to_string(), op.to_string())))
        .map(|(svc, op)| format!("{svc} {op}"))
        .collect();
    assert!(
        missing.is_empty(),
        "write operations not played: {missing:?}"
    );
}

/// A read's answer, which must succeed.
fn read(app: &mut App, line: &str) -> Value {
    answer(app, &mut BTreeSet::new(), line)
}

#[test]
fn create_distribution_answers_with_its_etag_and_the_location_header() {
    let mut app = unicorn(3);
    let built = build_alb_asg(&mut app, GOOD_SCRIPT, 1, 1, 2);
    let created = read(
        &mut app,
        &format!(
            "aws cloudfront create-distribution --origin-domain-name {}",
            built.alb_dns
        ),
    );
    let d = &created["Distribution"];
    let id = s(&d["Id"]);
    assert_eq!(
        created["Location"],
        format!("https://cloudfront.amazonaws.com/2020-05-31/distribution/{id}")
    );
    let etag = s(&created["ETag"]);
    assert!(
        etag.len() == 14
            && etag.starts_with('E')
            && etag.chars().all(|c| c.is_ascii_alphanumeric()),
        "{etag}"
    );
    assert_eq!(d["Status"], "InProgress");
    assert!(s(&d["DomainName"]).ends_with(".cloudfront.net"));
    assert_eq!(
        d["DistributionConfig"]["Origins"]["Items"][0]["DomainName"],
        built.alb_dns.as_str()
    );
    // get-distribution answers the same distribution under the same ETag
    let got = read(
        &mut app,
        &format!("aws cloudfront get-distribution --id {id}"),
    );
    assert_eq!(got["ETag"], etag.as_str());
    assert_eq!(got["Distribution"], *d);
    // a new configuration is a new ETag, and get-distribution agrees
    let updated = read(
        &mut app,
        &format!(
            "aws cloudfront update-distribution --id {id} --if-match {etag} --default-root-object index.html"
        ),
    );
    assert_ne!(updated["ETag"], etag.as_str());
    assert_eq!(
        updated["Distribution"]["DistributionConfig"]["DefaultRootObject"],
        "index.html"
    );
    assert!(updated.get("Location").is_none(), "{updated:#}");
    let got = read(
        &mut app,
        &format!("aws cloudfront get-distribution --id {id}"),
    );
    assert_eq!(got["ETag"], updated["ETag"]);
}

#[test]
fn create_cache_cluster_answers_creating_and_delete_cache_cluster_answers_deleting() {
    let mut app = unicorn(3);
    let created = read(
        &mut app,
        "aws elasticache create-cache-cluster --cache-cluster-id sessions --engine redis --cache-node-type cache.t3.micro --num-cache-nodes 1",
    );
    let c = &created["CacheCluster"];
    assert_eq!(c["CacheClusterId"], "sessions");
    assert_eq!(c["CacheClusterStatus"], "creating");
    assert_eq!(c["Engine"], "redis");
    assert_eq!(c["NumCacheNodes"], 1);
    assert_eq!(c["PendingModifiedValues"], serde_json::json!({}));
    let described = read(
        &mut app,
        "aws elasticache describe-cache-clusters --cache-cluster-id sessions",
    );
    assert_eq!(described["CacheClusters"][0], *c);
    run_minutes(&mut app, 16.0);
    let deleted = read(
        &mut app,
        "aws elasticache delete-cache-cluster --cache-cluster-id sessions",
    );
    assert_eq!(deleted["CacheCluster"]["CacheClusterStatus"], "deleting");
    assert_eq!(deleted["CacheCluster"]["CacheNodeType"], "cache.t3.micro");
    assert_eq!(
        aws(
            &mut app,
            "aws elasticache describe-cache-clusters --cache-cluster-id sessions"
        )
        .unwrap_err()
        .code,
        "CacheClusterNotFound"
    );
}

#[test]
fn ecs_create_and_update_service_answer_with_the_service_describe_services_shows() {
    let mut app = unicorn(3);
    let cluster = read(&mut app, "aws ecs create-cluster --cluster-name web");
    assert_eq!(cluster["cluster"]["clusterName"], "web");
    assert_eq!(cluster["cluster"]["status"], "ACTIVE");
    assert_eq!(
        cluster["cluster"]["clusterArn"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    );
    let created = read(
        &mut app,
        "aws ecs create-service --cluster web --service-name workers --task-definition unicorn-web:1 --desired-count 2",
    );
    assert_eq!(created["service"]["desiredCount"], 2);
    assert_eq!(
        created["service"]["taskDefinition"],
        "arn:aws:ecs:us-east-1:123456789012:task-definition/unicorn-web:1"
    );
    // the normal deploy call: a new revision and more tasks
    let updated = read(
        &mut app,
        "aws ecs update-service --cluster web --service workers --task-definition unicorn-web:2 --desired-count 3",
    );
    let service = &updated["service"];
    assert_eq!(service["desiredCount"], 3);
    assert!(s(&service["taskDefinition"]).ends_with("task-definition/unicorn-web:2"));
    let described = read(
        &mut app,
        "aws ecs describe-services --cluster web --services workers",
    );
    assert_eq!(described["services"][0], *service);
}

#[test]
fn lambda_create_function_answers_with_its_configuration_and_concurrency_with_the_number() {
    let mut app = unicorn(3);
    let created = read(
        &mut app,
        "aws lambda create-function --function-name signup --runtime python3.12 --role arn:aws:iam::123456789012:role/signup --handler app.handler --memory-size 256",
    );
    assert_eq!(created["FunctionName"], "signup");
    assert_eq!(
        created["FunctionArn"],
        "arn:aws:lambda:us-east-1:123456789012:function:signup"
    );
    assert_eq!(created["Role"], "arn:aws:iam::123456789012:role/signup");
    assert_eq!(created["Handler"], "app.handler");
    assert_eq!(created["MemorySize"], 256);
    assert_eq!(created["Version"], "$LATEST");
    assert_eq!(created["State"], "Pending");
    let got = read(&mut app, "aws lambda get-function --function-name signup");
    assert_eq!(got["Configuration"], created);
    assert_eq!(
        read(
            &mut app,
            "aws lambda put-function-concurrency --function-name signup --reserved-concurrent-executions 20"
        ),
        serde_json::json!({"ReservedConcurrentExecutions": 20})
    );
    let provisioned = read(
        &mut app,
        "aws lambda put-provisioned-concurrency-config --function-name signup --qualifier live --provisioned-concurrent-executions 5",
    );
    assert_eq!(provisioned["RequestedProvisionedConcurrentExecutions"], 5);
    assert_eq!(provisioned["AllocatedProvisionedConcurrentExecutions"], 0);
    assert_eq!(provisioned["Status"], "IN_PROGRESS");
    assert!(s(&provisioned["LastModified"]).ends_with("+0000"));
}

#[test]
fn create_network_interface_answers_with_its_addresses_taken_from_the_subnet() {
    let mut app = unicorn(3);
    let vpc = vpc_id(&mut app);
    let subnet = read(
        &mut app,
        &format!(
            "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.8.0/24 --availability-zone us-east-1a"
        ),
    )["Subnet"]
        .clone();
    let id = s(&subnet["SubnetId"]);
    let free = subnet["AvailableIpAddressCount"].as_u64().unwrap();
    let v = read(
        &mut app,
        &format!(
            "aws ec2 create-network-interface --subnet-id {id} --description 'my network interface' --secondary-private-ip-address-count 2"
        ),
    );
    let ni = &v["NetworkInterface"];
    assert_eq!(ni["SubnetId"], id.as_str());
    assert_eq!(ni["VpcId"], vpc.as_str());
    assert_eq!(ni["AvailabilityZone"], "us-east-1a");
    assert_eq!(ni["Description"], "my network interface");
    assert_eq!(ni["Status"], "pending");
    assert!(s(&ni["NetworkInterfaceId"]).starts_with("eni-"));
    let primary = s(&ni["PrivateIpAddress"]);
    assert!(primary.starts_with("10.0.8."), "{primary}");
    let addresses = ni["PrivateIpAddresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 3);
    assert_eq!(addresses[0]["PrivateIpAddress"], primary.as_str());
    assert_eq!(addresses[0]["Primary"], true);
    assert!(addresses[1..].iter().all(|a| a["Primary"] == false));
    // describe-network-interfaces shows the same interface, no longer pending
    let eni = s(&ni["NetworkInterfaceId"]);
    let described = read(
        &mut app,
        &format!("aws ec2 describe-network-interfaces --filters Name=subnet-id,Values={id}"),
    );
    let mut expected = ni.clone();
    expected["Status"] = "available".into();
    assert_eq!(
        described["NetworkInterfaces"],
        serde_json::json!([expected])
    );
    let err = aws(
        &mut app,
        "aws ec2 describe-network-interfaces --network-interface-ids eni-0000000000000000f",
    )
    .unwrap_err();
    assert_eq!(err.code, "InvalidNetworkInterfaceID.NotFound");
    assert_eq!(
        read(
            &mut app,
            &format!("aws ec2 describe-network-interfaces --network-interface-ids {eni}")
        )["NetworkInterfaces"][0]["PrivateIpAddress"],
        primary.as_str()
    );
    let after = read(
        &mut app,
        &format!("aws ec2 describe-subnets --subnet-ids {id}"),
    );
    assert_eq!(
        after["Subnets"][0]["AvailableIpAddressCount"].as_u64(),
        Some(free - 3)
    );
}
