//! `aws route53`: changing record sets, to point the shop's hostname at a load balancer
//! or an Elastic IP — the operation table, the builder to `Command` and the printer back.

use super::args::{Args, CliError, ServiceCli};
use super::line::Line;
use super::spec::ValueKind::{Struct, Text};
use super::spec::{OperationSpec, op, req};
use super::values::{as_object, opt_objects, req_str, required};
use crate::sim::command::{Command, RecordChange};
use serde_json::{Value, json};

pub(crate) static CLI: ServiceCli = ServiceCli {
    name: "route53",
    operations: OPERATIONS,
    build,
    print,
    #[cfg(test)]
    samples,
};

static OPERATIONS: &[OperationSpec] = &[op(
    "change-resource-record-sets",
    &[req("--hosted-zone-id", Text), req("--change-batch", Struct)],
)];

// ---------------------------------------------------------------- build

fn build(a: &Args) -> Result<Command, CliError> {
    Ok(match a.spec.name {
        "change-resource-record-sets" => Command::ChangeResourceRecordSets {
            hosted_zone_id: a.req("--hosted-zone-id")?,
            changes: a.one("--change-batch", change_batch)?,
        },
        _ => return Err(a.not_implemented()),
    })
}

/// A Route 53 change batch `{"Changes":[{"Action":…,"ResourceRecordSet":{…}}]}`.
fn change_batch(v: &Value) -> Result<Vec<RecordChange>, String> {
    let m = as_object(v, "the change batch")?;
    required(m.get("Changes"), "Changes")?;
    opt_objects(m, "Changes")?
        .into_iter()
        .map(|change| {
            let set = required(change.get("ResourceRecordSet"), "ResourceRecordSet")?;
            let set = as_object(set, "ResourceRecordSet")?;
            let alias_dns_name = match set.get("AliasTarget") {
                None => None,
                Some(t) => Some(req_str(as_object(t, "AliasTarget")?, "DNSName")?),
            };
            let values = opt_objects(set, "ResourceRecords")?
                .into_iter()
                .map(|r| req_str(r, "Value"))
                .collect::<Result<_, _>>()?;
            Ok(RecordChange {
                action: req_str(change, "Action")?,
                name: req_str(set, "Name")?,
                record_type: req_str(set, "Type")?,
                alias_dns_name,
                values,
            })
        })
        .collect()
}

// ---------------------------------------------------------------- print

/// The alias hosted zone printed for alias records (ELB's us-east-1 zone); GameDay does
/// not model it.
const ALIAS_HOSTED_ZONE: &str = "Z35SXDOTRQ7X7K";
/// The TTL printed for plain records; GameDay does not model it.
const RECORD_TTL: u32 = 300;

/// Prints a Route 53 command as its `aws route53 …` line; `None` for another service's
/// command.
fn print(cmd: &Command) -> Option<String> {
    use Command as C;
    let mut l;
    match cmd {
        C::ChangeResourceRecordSets {
            hosted_zone_id,
            changes,
        } => {
            l = Line::new("route53", "change-resource-record-sets");
            l.opt("--hosted-zone-id", hosted_zone_id)
                .opt("--change-batch", &change_batch_json(changes));
        }
        _ => return None,
    }
    Some(l.finish())
}

fn change_batch_json(changes: &[RecordChange]) -> String {
    let changes: Vec<Value> = changes
        .iter()
        .map(|c| {
            let mut set = json!({"Name": c.name, "Type": c.record_type});
            if let Some(dns) = &c.alias_dns_name {
                set["AliasTarget"] = json!({
                    "HostedZoneId": ALIAS_HOSTED_ZONE,
                    "DNSName": dns,
                    "EvaluateTargetHealth": false,
                });
            }
            if !c.values.is_empty() || c.alias_dns_name.is_none() {
                set["TTL"] = json!(RECORD_TTL);
                let records: Vec<Value> = c.values.iter().map(|v| json!({ "Value": v })).collect();
                set["ResourceRecords"] = Value::Array(records);
            }
            json!({"Action": c.action, "ResourceRecordSet": set})
        })
        .collect();
    json!({ "Changes": changes }).to_string()
}

// ---------------------------------------------------------------- tests

/// At least one command of every operation, with awkward values where they fit.
#[cfg(test)]
fn samples() -> Vec<Command> {
    use Command as C;
    vec![C::ChangeResourceRecordSets {
        hosted_zone_id: "Z0123456789".into(),
        changes: vec![
            RecordChange {
                action: "UPSERT".into(),
                name: "www.unicorn.rentals".into(),
                record_type: "A".into(),
                alias_dns_name: Some("web-1234.us-east-1.elb.amazonaws.com".into()),
                values: vec![],
            },
            RecordChange {
                action: "CREATE".into(),
                name: "ip.unicorn.rentals".into(),
                record_type: "A".into(),
                alias_dns_name: None,
                values: vec!["203.0.113.10".into(), "203.0.113.11".into()],
            },
        ],
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route53_change_batch() {
        let alias = CLI.ok(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"www.unicorn.rentals","Type":"A","AliasTarget":{"HostedZoneId":"Z35SXDOTRQ7X7K","DNSName":"my-alb-1234.us-east-1.elb.amazonaws.com","EvaluateTargetHealth":false}}}]}'"#,
        );
        assert_eq!(
            alias,
            Command::ChangeResourceRecordSets {
                hosted_zone_id: "Z1".into(),
                changes: vec![RecordChange {
                    action: "UPSERT".into(),
                    name: "www.unicorn.rentals".into(),
                    record_type: "A".into(),
                    alias_dns_name: Some("my-alb-1234.us-east-1.elb.amazonaws.com".into()),
                    values: vec![],
                }],
            }
        );
        let Command::ChangeResourceRecordSets { changes, .. } = CLI.ok(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Comment":"x","Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"a.b","Type":"A","TTL":60,"ResourceRecords":[{"Value":"1.2.3.4"},{"Value":"5.6.7.8"}]}}]}'"#,
        ) else {
            unreachable!()
        };
        assert_eq!(changes[0].values, ["1.2.3.4", "5.6.7.8"]);
        assert_eq!(changes[0].alias_dns_name, None);
        let e = CLI.err(
            r#"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch '{"Changes":[{"Action":"CREATE"}]}'"#,
        );
        assert!(e.contains("ResourceRecordSet"), "{e}");
    }

    #[test]
    fn structures_report_missing_keys() {
        assert!(
            change_batch(&json!({}))
                .unwrap_err()
                .contains("\"Changes\"")
        );
    }
}
