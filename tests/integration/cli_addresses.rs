//! Elastic IPs as `ec2 describe-addresses` shows them: `associate-address
//! --network-interface-id` moves the address off the instance onto the interface, and the
//! attributes `modify-instance-attribute` sets read back with `describe-instance-attribute`.

use crate::common::*;
use bevy::prelude::*;
use serde_json::Value;

fn read(app: &mut App, line: &str) -> Value {
    aws(app, line)
        .unwrap_or_else(|e| panic!("`{line}` failed: {e}"))
        .body
        .unwrap_or_else(|| panic!("`{line}` answered without a body"))
}

#[test]
fn describe_addresses_shows_the_eip_move_from_the_instance_to_a_network_interface() {
    let mut app = unicorn(1);
    let before = read(&mut app, "aws ec2 describe-addresses");
    let addresses = before["Addresses"].as_array().expect("Addresses is a list");
    assert_eq!(addresses.len(), 1, "{before}");
    let eip = &addresses[0];
    let alloc = eip["AllocationId"].as_str().unwrap().to_string();
    let instance = eip["InstanceId"]
        .as_str()
        .expect("given to web-1")
        .to_string();
    assert_eq!(eip["Domain"], "vpc");
    assert!(
        eip["PrivateIpAddress"]
            .as_str()
            .unwrap()
            .starts_with("10.0.0.")
    );
    // the same address found by its public IP and by a filter on the instance
    let ip = eip["PublicIp"].as_str().unwrap().to_string();
    assert_eq!(
        read(
            &mut app,
            &format!("aws ec2 describe-addresses --public-ips {ip}")
        )["Addresses"],
        before["Addresses"]
    );
    let filtered = read(
        &mut app,
        &format!("aws ec2 describe-addresses --filters Name=instance-id,Values={instance}"),
    );
    assert_eq!(filtered["Addresses"], before["Addresses"]);
    let subnets = read(&mut app, "aws ec2 describe-subnets");
    let subnet = subnets["Subnets"][0]["SubnetId"]
        .as_str()
        .unwrap()
        .to_string();
    let eni = aws_ok(
        &mut app,
        &format!("aws ec2 create-network-interface --subnet-id {subnet} --description reporting"),
    );
    assert!(eni.starts_with("eni-"), "{eni}");
    // an address outside the interface's subnet (10.0.0.0/28) is refused
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 associate-address --allocation-id {alloc} --network-interface-id {eni} --private-ip-address 10.0.9.85"
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 associate-address --allocation-id {alloc} --network-interface-id {eni} --private-ip-address 10.0.0.9"
        ),
    );
    let after = read(
        &mut app,
        &format!("aws ec2 describe-addresses --allocation-ids {alloc}"),
    );
    let moved = &after["Addresses"][0];
    assert_eq!(moved["NetworkInterfaceId"], eni.as_str());
    assert_eq!(moved["PrivateIpAddress"], "10.0.0.9");
    assert!(moved.get("InstanceId").is_none(), "{moved}");
    let web_1 = read(
        &mut app,
        &format!("aws ec2 describe-instances --instance-ids {instance}"),
    );
    assert!(
        web_1["Reservations"][0]["Instances"][0]
            .get("PublicIpAddress")
            .is_none(),
        "the instance lost its public address: {web_1}"
    );
    let e = aws(
        &mut app,
        &format!("aws ec2 associate-address --allocation-id {alloc} --network-interface-id eni-0000000000000dead"),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidNetworkInterfaceID.NotFound");
    let e = aws(
        &mut app,
        "aws ec2 describe-addresses --allocation-ids eipalloc-0000dead",
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidAllocationID.NotFound");
}

#[test]
fn describe_instance_attribute_reads_back_termination_protection_and_the_type() {
    let mut app = unicorn(1);
    let instances = read(&mut app, "aws ec2 describe-instances");
    let id = instances["Reservations"][0]["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    let protection = |app: &mut App| {
        read(
            app,
            &format!(
                "aws ec2 describe-instance-attribute --instance-id {id} --attribute disableApiTermination"
            ),
        )
    };
    assert_eq!(
        protection(&mut app),
        serde_json::json!({"InstanceId": id, "DisableApiTermination": {"Value": false}})
    );
    aws_ok(
        &mut app,
        &format!(
            "aws ec2 modify-instance-attribute --instance-id {id} --disable-api-termination Value=true"
        ),
    );
    assert_eq!(protection(&mut app)["DisableApiTermination"]["Value"], true);
    let kind = read(
        &mut app,
        &format!("aws ec2 describe-instance-attribute --instance-id {id} --attribute instanceType"),
    );
    assert_eq!(
        kind["InstanceType"]["Value"],
        instances["Reservations"][0]["Instances"][0]["InstanceType"]
    );
    let e = aws(
        &mut app,
        &format!(
            "aws ec2 describe-instance-attribute --instance-id {id} --attribute blockDeviceMapping"
        ),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidParameterValue");
}
