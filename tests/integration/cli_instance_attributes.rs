//! `ec2 modify-instance-attribute` beyond the instance type, with AWS's rules: termination
//! protection refuses `terminate-instances`, user data and enhanced networking change only
//! while the instance is stopped, security groups change on a running instance, and
//! `describe-instances` shows what was set.

use crate::common::*;
use bevy::prelude::*;
use gameday::headless::start;
use gameday::sim::model::{Instance, InstanceState};
use serde_json::Value;

const WEB_1: &str = "i-09b71f7dac037e1af";

fn finops() -> App {
    start("finops", 1).expect("the embedded scenario starts")
}

fn described(app: &mut App, id: &str) -> Value {
    let body = aws(
        app,
        &format!("aws ec2 describe-instances --instance-ids {id}"),
    )
    .expect("describe-instances answers")
    .body
    .expect("with a body");
    body["Reservations"][0]["Instances"][0].clone()
}

fn instance(app: &App, id: &str) -> Instance {
    let e = gameday::sim::world::find::<Instance>(app.world(), id).expect("exists");
    app.world().get::<Instance>(e).unwrap().clone()
}

#[test]
fn termination_protection_refuses_terminate_instances_until_it_is_turned_off() {
    let mut app = finops();
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --disable-api-termination Value=true"
        ),
    );
    let e = aws(
        &mut app,
        &format!("aws ec2 terminate-instances --instance-ids {WEB_1}"),
    )
    .unwrap_err();
    assert_eq!(e.code, "OperationNotPermitted");
    assert!(e.message.contains("disableApiTermination"), "{}", e.message);
    assert!(instance(&app, WEB_1).alive());
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --disable-api-termination Value=false"
        ),
    );
    aws_ok(
        &mut app,
        &format!("aws ec2 terminate-instances --instance-ids {WEB_1}"),
    );
    assert_eq!(instance(&app, WEB_1).state, InstanceState::ShuttingDown);
}

#[test]
fn user_data_and_enhanced_networking_change_only_while_the_instance_is_stopped() {
    let mut app = finops();
    // base64 of "#!/bin/bash\nservice httpd start\n"
    let user_data = "IyEvYmluL2Jhc2gKc2VydmljZSBodHRwZCBzdGFydAo=";
    let set_user_data = format!(
        "aws ec2 modify-instance-attribute --instance-id {WEB_1} --attribute userData --value {user_data}"
    );
    let set_sriov = format!(
        "aws ec2 modify-instance-attribute --instance-id {WEB_1} --sriov-net-support simple"
    );
    for line in [&set_user_data, &set_sriov] {
        let e = aws(&mut app, line).unwrap_err();
        assert_eq!(e.code, "IncorrectInstanceState", "{line}");
        assert!(e.message.contains("'stopped'"), "{}", e.message);
    }
    assert!(described(&mut app, WEB_1).get("SriovNetSupport").is_none());
    aws_ok(
        &mut app,
        &format!("aws ec2 stop-instances --instance-ids {WEB_1}"),
    );
    aws_ok(&mut app, &set_user_data);
    aws_ok(&mut app, &set_sriov);
    assert_eq!(
        instance(&app, WEB_1).user_data,
        "#!/bin/bash\nservice httpd start\n"
    );
    assert_eq!(described(&mut app, WEB_1)["SriovNetSupport"], "simple");
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --sriov-net-support other"
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}

#[test]
fn source_dest_check_and_security_groups_change_on_a_running_instance() {
    let mut app = finops();
    assert_eq!(described(&mut app, WEB_1)["SourceDestCheck"], true);
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --source-dest-check \"{{\\\"Value\\\": false}}\""
        ),
    );
    assert_eq!(described(&mut app, WEB_1)["SourceDestCheck"], false);
    let groups = aws(
        &mut app,
        "aws ec2 describe-security-groups --group-names alb-sg web-sg",
    )
    .expect("both groups exist")
    .body
    .unwrap();
    let ids: Vec<String> = groups["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["GroupId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --groups {} {}",
            ids[0], ids[1]
        ),
    );
    let shown: Vec<String> = described(&mut app, WEB_1)["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["GroupId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(shown, ids);
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --groups sg-0000000000000dead"
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidGroup.NotFound");
    assert_eq!(instance(&app, WEB_1).state, InstanceState::Running);
}

#[test]
fn a_resized_instance_is_billed_and_served_as_its_new_type() {
    // The bill and traffic read an instance's type facts through its catalog entry; a
    // resize must move that entry with the name, or the instance would keep its old price
    // and speed.
    let mut app = finops();
    aws_ok(
        &mut app,
        &format!("aws ec2 stop-instances --instance-ids {WEB_1}"),
    );
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {WEB_1} --instance-type c5.xlarge"
        ),
    );
    let catalog = app.world().resource::<gameday::sim::world::Catalog>();
    let resized = instance(&app, WEB_1);
    assert_eq!(resized.instance_type, "c5.xlarge");
    let entry = resized.catalog_index.and_then(|k| catalog.at(k));
    assert_eq!(entry.map(|t| t.name.as_str()), Some("c5.xlarge"));
    let mut q = app.world_mut().query::<&Instance>();
    let catalog = app.world().resource::<gameday::sim::world::Catalog>();
    for i in q.iter(app.world()) {
        let entry = i.catalog_index.and_then(|k| catalog.at(k));
        assert_eq!(
            entry.map(|t| t.name.as_str()),
            Some(i.instance_type.as_str()),
            "every launched instance points at its own type"
        );
    }
}
