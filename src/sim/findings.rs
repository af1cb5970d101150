//! GuardDuty-like findings: the simulation watches what happens (instances talking to a
//! mining pool, SSH open to the world on a running instance, calls from an address on the
//! threat list) and raises findings with the real GuardDuty type names and severities.

use super::clock::SimClock;
use super::health::internet_allowed;
use super::model::*;
use super::trail::CloudTrail;
use super::world::{all, id_of};
use crate::scenario::Scenario;
use bevy::prelude::*;
use std::collections::HashMap;

/// An EC2 instance querying a Bitcoin-mining domain (GuardDuty severity 8, high).
pub const CRYPTO_MINING: &str = "CryptoCurrency:EC2/BitcoinTool.B!DNS";
/// An API call from an address on a threat list (severity 5, medium).
pub const MALICIOUS_IP_CALLER: &str = "UnauthorizedAccess:IAMUser/MaliciousIPCaller";
/// An unprotected port on an instance is being probed (severity 2, low).
pub const PORT_PROBE: &str = "Recon:EC2/PortProbeUnprotectedPort";

/// Words in a user-data script that mean a cryptominer (its binary or its pool protocol).
const MINER_MARKERS: [&str; 3] = ["xmrig", "stratum+tcp://", "minerd"];

/// One finding: a type, the resource it is about, how bad, when first and last seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub finding_type: &'static str,
    /// GuardDuty severity: 1–3.9 low, 4–6.9 medium, 7–8.9 high.
    pub severity: f64,
    /// The instance id or IAM user/key the finding is about.
    pub resource: String,
    pub first_seen: f64,
    pub last_seen: f64,
    /// How many times it was observed (GuardDuty's `count`).
    pub count: u32,
    /// Still going on (the instance runs, the port is open).
    pub active: bool,
}

impl Finding {
    /// `High`, `Medium` or `Low`, as the GuardDuty console labels severities.
    pub fn severity_label(&self) -> &'static str {
        if self.severity >= 7.0 {
            "High"
        } else if self.severity >= 4.0 {
            "Medium"
        } else {
            "Low"
        }
    }
}

/// The findings feed, oldest first.
#[derive(Resource, Clone, Debug, Default)]
pub struct Findings {
    pub list: Vec<Finding>,
    /// Trail events already looked at.
    trail_seen: u64,
}

impl Findings {
    /// Raises each finding: a new one joins the feed, one already there (the same type about
    /// the same resource) is seen again. One lookup per finding however long the feed is (an
    /// estate of thousands of instances with SSH open raises thousands every tick).
    fn raise_all(&mut self, raised: Vec<(&'static str, f64, String)>, now: f64) {
        let mut index: HashMap<(&'static str, String), usize> = self
            .list
            .iter()
            .enumerate()
            .map(|(k, f)| ((f.finding_type, f.resource.clone()), k))
            .collect();
        for (finding_type, severity, resource) in raised {
            let key = (finding_type, resource);
            match index.get(&key) {
                Some(&k) => self.raise_at(k, now),
                None => {
                    index.insert(key.clone(), self.list.len());
                    self.list.push(Finding {
                        finding_type,
                        severity,
                        resource: key.1,
                        first_seen: now,
                        last_seen: now,
                        count: 1,
                        active: true,
                    });
                }
            }
        }
    }

    /// The finding at `k` is seen again.
    fn raise_at(&mut self, k: usize, now: f64) {
        let f = &mut self.list[k];
        if !f.active || now - f.last_seen >= 60.0 {
            f.count += 1;
            f.last_seen = now;
        }
        f.active = true;
    }

    /// One finding at a time, scanning the feed (what `raise_all` replaced; the tests compare).
    #[cfg(test)]
    fn raise(&mut self, finding_type: &'static str, severity: f64, resource: &str, now: f64) {
        match self
            .list
            .iter_mut()
            .find(|f| f.finding_type == finding_type && f.resource == resource)
        {
            Some(f) => {
                if !f.active || now - f.last_seen >= 60.0 {
                    f.count += 1;
                    f.last_seen = now;
                }
                f.active = true;
            }
            None => self.list.push(Finding {
                finding_type,
                severity,
                resource: resource.to_string(),
                first_seen: now,
                last_seen: now,
                count: 1,
                active: true,
            }),
        }
    }

    /// Findings still going on.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.list.iter().filter(|f| f.active)
    }
}

/// Marks an instance whose user data runs a cryptominer: it burns all its CPU.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Miner;

/// True if a user-data script starts a miner.
pub fn runs_miner(user_data: &str) -> bool {
    let lower = user_data.to_ascii_lowercase();
    MINER_MARKERS.iter().any(|m| lower.contains(m))
}

/// Looks at the estate and the trail once a tick and updates the feed.
pub fn detect_findings(world: &mut World) {
    if !world.contains_resource::<Findings>() {
        return;
    }
    let now = world.resource::<SimClock>().now;
    let mut raised: Vec<(&'static str, f64, String)> = Vec::new();
    let mut miners: Vec<Entity> = Vec::new();
    for e in all::<Instance>(world) {
        let i = world.get::<Instance>(e).unwrap();
        if i.state != InstanceState::Running {
            continue;
        }
        let mining = runs_miner(&i.user_data);
        let ssh_open = internet_allowed(world, &i.security_groups, 22);
        let id = id_of(world, e);
        if mining {
            miners.push(e);
            raised.push((CRYPTO_MINING, 8.0, id.clone()));
        }
        if ssh_open {
            raised.push((PORT_PROBE, 2.0, id));
        }
    }
    for e in miners {
        if world.get::<Miner>(e).is_none() {
            world.entity_mut(e).insert(Miner);
        }
    }
    let bad = &world.resource::<Scenario>().known_bad_ips;
    let seen = world.resource::<Findings>().trail_seen;
    let trail = world.resource::<CloudTrail>();
    let total = trail.total;
    for e in trail.since(seen) {
        if let (Some(ip), Some(key)) = (&e.caller.source_ip, &e.caller.access_key)
            && bad.contains(ip)
        {
            raised.push((MALICIOUS_IP_CALLER, 5.0, key.clone()));
        }
    }
    let mut f = world.resource_mut::<Findings>();
    f.trail_seen = total;
    for finding in f.list.iter_mut() {
        // Estate findings are re-raised every tick while they last; a caller finding
        // stays active for ten minutes after the last call.
        if finding.finding_type != MALICIOUS_IP_CALLER || now - finding.last_seen > 600.0 {
            finding.active = false;
        }
    }
    f.raise_all(raised, now);
}

/// A new round: no findings.
pub fn reset(world: &mut World) {
    world.insert_resource(Findings::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_raised_in_one_go_counts_like_one_finding_at_a_time() {
        // 3,000 instances with SSH open, one of them mining, seen at minutes 0, 0.5, 1 and 3
        let raised = |n: usize| -> Vec<(&'static str, f64, String)> {
            let mut v: Vec<_> = (0..n)
                .map(|k| (PORT_PROBE, 2.0, format!("i-{k:017x}")))
                .collect();
            v.push((CRYPTO_MINING, 8.0, "i-00000000000000007".into()));
            v.push((PORT_PROBE, 2.0, "i-00000000000000007".into()));
            v
        };
        let (mut batch, mut single) = (Findings::default(), Findings::default());
        for (t, n) in [(0.0, 3_000), (30.0, 3_000), (60.0, 2_000), (180.0, 3_000)] {
            for f in [&mut batch, &mut single] {
                for x in f.list.iter_mut() {
                    x.active = false;
                }
            }
            batch.raise_all(raised(n), t);
            for (ty, sev, res) in raised(n) {
                single.raise(ty, sev, &res, t);
            }
        }
        assert_eq!(batch.list, single.list);
        assert_eq!(batch.list.len(), 3_001);
        let seven = batch
            .list
            .iter()
            .find(|f| f.finding_type == PORT_PROBE && f.resource == "i-00000000000000007")
            .unwrap();
        // each round counts once (the feed marks estate findings inactive before each round),
        // the repeat within a round does not
        assert_eq!(seven.count, 4);
    }
}
