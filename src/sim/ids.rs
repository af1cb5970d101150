//! AWS-style resource ids and ARNs, allocated deterministically, and the id → entity index.

use bevy::prelude::*;
use std::collections::BTreeMap;

/// The AWS identifier of a resource: `subnet-…`, `i-…`, an ARN, or a Classic LB's name.
#[derive(Component, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AwsId(pub String);

/// Finds entities by id and hands out new ids. Ids depend only on how many resources of
/// that kind were created before, so a commands file can name what it creates.
#[derive(Resource, Default, Debug)]
pub struct IdRegistry {
    by_id: BTreeMap<String, Entity>,
    counters: BTreeMap<&'static str, u64>,
}

pub const ACCOUNT_ID: &str = "123456789012";
pub const REGION: &str = "us-east-1";

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn salt(kind: &str) -> u64 {
    kind.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

impl IdRegistry {
    /// A fresh 64-bit token for a kind of resource (`"subnet"`, `"i"`, …).
    fn next_token(&mut self, kind: &'static str) -> u64 {
        let n = self.counters.entry(kind).or_insert(0);
        *n += 1;
        splitmix64(salt(kind) ^ *n)
    }

    /// `prefix-0123456789abcdef0` (17 hex digits, as modern EC2 ids).
    pub fn new_id(&mut self, prefix: &'static str) -> String {
        let t = self.next_token(prefix);
        format!("{prefix}-0{:016x}", t)[..prefix.len() + 18].to_string()
    }

    /// A short id for kinds AWS gives short ids (`lt-`, `eipalloc-`).
    pub fn new_short_id(&mut self, prefix: &'static str) -> String {
        let t = self.next_token(prefix);
        format!("{prefix}-0{:016x}", t)
    }

    /// ARN of an Application LB or target group: `…:loadbalancer/app/NAME/16hex`.
    pub fn new_elbv2_arn(&mut self, what: &'static str, name: &str) -> String {
        let t = self.next_token(what);
        let kind = if what == "loadbalancer" {
            "loadbalancer/app"
        } else {
            what
        };
        format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT_ID}:{kind}/{name}/{t:016x}")
    }

    /// `NAME-1234567890.us-east-1.elb.amazonaws.com`.
    pub fn new_lb_dns_name(&mut self, name: &str) -> String {
        let t = self.next_token("dns");
        format!(
            "{name}-{}.{REGION}.elb.amazonaws.com",
            1_000_000_000 + t % 1_000_000_000
        )
    }

    /// A public IPv4 address from the documentation-free public pool.
    pub fn new_public_ip(&mut self) -> String {
        let t = self.next_token("eip");
        format!(
            "54.{}.{}.{}",
            160 + (t % 32),
            (t >> 8) % 256,
            1 + (t >> 16) % 254
        )
    }

    pub fn insert(&mut self, id: &str, entity: Entity) {
        self.by_id.insert(id.to_string(), entity);
    }

    pub fn remove(&mut self, id: &str) {
        self.by_id.remove(id);
    }

    pub fn get(&self, id: &str) -> Option<Entity> {
        self.by_id.get(id).copied()
    }

    /// Ids in sorted order with their entities.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Entity)> {
        self.by_id.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_aws_and_are_reproducible() {
        let mut a = IdRegistry::default();
        let mut b = IdRegistry::default();
        let s1 = a.new_id("subnet");
        assert_eq!(s1.len(), "subnet-".len() + 17);
        assert!(s1.starts_with("subnet-0"));
        a.new_id("i");
        assert_eq!(a.new_id("subnet"), {
            b.new_id("subnet");
            b.new_id("subnet")
        });
        assert_ne!(s1, a.new_id("subnet"));
    }
}
