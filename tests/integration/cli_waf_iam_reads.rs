//! The WAF and IAM reads as a cloud engineer uses them: `list-resources-for-web-acl` shows
//! the ALB after `associate-web-acl`, `get-web-acl` shows the rules in AWS's shape,
//! `get-web-acl-for-resource` answers which ACL guards the ALB; `iam list-users`,
//! `get-user` and `list-access-keys` show who holds which key. Reads change nothing and land
//! in CloudTrail as read events.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start;
use gameday::sim::trail::CloudTrail;
use serde_json::{Value, json};

const ALB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/unicorn-alb/d4193a23dde3b716";

fn incident() -> App {
    start("security-incident", 4).expect("the embedded scenario starts")
}

fn read(app: &mut App, line: &str) -> Value {
    aws(app, line)
        .unwrap_or_else(|e| panic!("`{line}` failed: {e}"))
        .body
        .unwrap_or_else(|| panic!("`{line}` answered without a body"))
}

#[test]
fn list_resources_for_web_acl_shows_the_alb_after_associate_web_acl() {
    let mut app = incident();
    let created = aws(
        &mut app,
        r#"aws wafv2 create-web-acl --name shop --scope REGIONAL --default-action 'Allow={}' --visibility-config SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=shop --rules '[{"Name":"rate","Priority":0,"Statement":{"RateBasedStatement":{"Limit":500,"AggregateKeyType":"IP"}},"Action":{"Block":{}}}]'"#,
    )
    .expect("web ACL created");
    let (id, arn) = (created.ids[0].clone(), created.ids[1].clone());
    let list = format!("aws wafv2 list-resources-for-web-acl --web-acl-arn {arn}");
    assert_eq!(read(&mut app, &list), json!({"ResourceArns": []}));
    assert_eq!(
        read(
            &mut app,
            &format!("aws wafv2 get-web-acl-for-resource --resource-arn {ALB}")
        ),
        json!({})
    );
    aws_ok(
        &mut app,
        &format!("aws wafv2 associate-web-acl --web-acl-arn {arn} --resource-arn {ALB}"),
    );
    assert_eq!(read(&mut app, &list), json!({"ResourceArns": [ALB]}));
    // API Gateway stages it protects: none in this account
    assert_eq!(
        read(&mut app, &format!("{list} --resource-type API_GATEWAY")),
        json!({"ResourceArns": []})
    );
    let guard = read(
        &mut app,
        &format!("aws wafv2 get-web-acl-for-resource --resource-arn {ALB}"),
    );
    assert_eq!(guard["WebACL"]["ARN"], arn.as_str());
    // the ACL as get-web-acl shows it: AWS's rule shape and the lock token to update it with
    let acl = read(
        &mut app,
        &format!("aws wafv2 get-web-acl --name shop --scope REGIONAL --id {id}"),
    );
    let rule = &acl["WebACL"]["Rules"][0];
    assert_eq!(rule["Name"], "rate");
    assert_eq!(rule["Statement"]["RateBasedStatement"]["Limit"], 500);
    assert_eq!(rule["Action"], json!({"Block": {}}));
    assert_eq!(acl["WebACL"]["DefaultAction"], json!({"Allow": {}}));
    assert_eq!(acl["WebACL"]["Capacity"], 2);
    assert_eq!(acl["LockToken"], created.ids[2].as_str());
    let listed = read(&mut app, "aws wafv2 list-web-acls --scope REGIONAL");
    assert_eq!(listed["WebACLs"][0]["Id"], id.as_str());
    assert_eq!(
        read(&mut app, "aws wafv2 list-web-acls --scope CLOUDFRONT"),
        json!({"WebACLs": []})
    );
    let e = aws(
        &mut app,
        &format!("aws wafv2 get-web-acl --name other --scope REGIONAL --id {id}"),
    )
    .unwrap_err();
    assert_eq!(e.code, "WAFNonexistentItemException");
    // the reads are in CloudTrail, marked read-only
    let trail = app.world().resource::<CloudTrail>();
    for name in [
        "ListResourcesForWebACL",
        "GetWebACL",
        "GetWebACLForResource",
        "ListWebACLs",
    ] {
        assert!(
            trail
                .events
                .iter()
                .any(|e| e.event_name() == name && e.command.read_only()),
            "{name} is recorded as a read event"
        );
    }
}

#[test]
fn iam_list_users_and_list_access_keys_show_who_holds_the_leaked_key() {
    let mut app = incident();
    let users = read(&mut app, "aws iam list-users");
    let names: Vec<&str> = users["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["UserName"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"ci-deploy") && names.contains(&"devops-team"),
        "{names:?}"
    );
    let me = read(&mut app, "aws iam get-user");
    let caller = read(&mut app, "aws sts get-caller-identity");
    assert_eq!(me["User"]["Arn"], caller["Arn"]);
    assert_eq!(me["User"]["UserId"], caller["UserId"]);
    let ci = read(&mut app, "aws iam get-user --user-name ci-deploy");
    assert_eq!(
        ci["User"]["Arn"],
        "arn:aws:iam::123456789012:user/ci-deploy"
    );
    let e = aws(&mut app, "aws iam get-user --user-name nobody").unwrap_err();
    assert_eq!(e.code, "NoSuchEntity");
    let keys = read(&mut app, "aws iam list-access-keys --user-name ci-deploy");
    let meta = &keys["AccessKeyMetadata"];
    assert_eq!(meta.as_array().unwrap().len(), 1, "{keys}");
    assert_eq!(meta[0]["AccessKeyId"], "AKIA4UNICORNCI7LEAKX");
    assert_eq!(meta[0]["Status"], "Active");
    assert_eq!(meta[0]["UserName"], "ci-deploy");
}
