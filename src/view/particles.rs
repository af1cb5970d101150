//! Request particles: a sample of the simulated flow (`TickFlow`) moving along the curves of
//! the path requests really take — Internet → DNS → load balancer → instance → database and
//! back. The rate follows requests per second with a floor and a cap; speed follows 1/latency;
//! colour **and** shape tell the outcome (fast a disc, acceptable a triangle, slow a square,
//! failed a cross: told apart in greyscale and with red–green colour blindness); each glows
//! with a short trail; failures stop where they fail with a ring bursting; bot traffic is a
//! diamond. Particles live in a fixed pool of sprites that share a few images and are recycled.

use super::curve::{Bend, bezier};
use super::layout::{Anchors, Ghosts, MapLayout, arrival, data_path, side_arrival, wire_y};
use super::nodes::{Motion, NodeIndex, NodeKey};
use super::shapes::{COMET_ANCHOR, Shapes, palette};
use super::{ViewSystems, z};
use crate::scenario::Scenario;
use crate::screens::GameSpeed;
use crate::sim::clock::SimClock;
use crate::sim::clock::TICK_SECONDS;
use crate::sim::flow::{FailReason, FlowRecord, TickFlow};
use crate::sim::model::{Dns, DnsTarget, Instance};
use crate::sim::services::{CacheCluster, Distribution};
use bevy::prelude::*;
use bevy::sprite::Anchor;

/// How many particles the flow earns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SamplerConfig {
    /// Particles per request.
    pub per_request: f64,
    /// Particles per real second while any traffic flows (low traffic still shows dots).
    pub floor: f64,
    /// Particles per real second at most (a peak does not melt the GPU).
    pub cap: f64,
}

impl Default for SamplerConfig {
    fn default() -> Self {
        Self {
            per_request: 0.2,
            floor: 0.5,
            cap: 160.0,
        }
    }
}

/// Particles per real second for a flow of `requests_per_second` real-time requests.
pub fn particle_rate(requests_per_second: f64, cfg: &SamplerConfig) -> f64 {
    if requests_per_second <= 0.0 {
        0.0
    } else {
        (requests_per_second * cfg.per_request).clamp(cfg.floor, cfg.cap)
    }
}

/// How a sampled request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Fast,
    Acceptable,
    Slow,
    Failed,
}

/// The outcome of a flow record, given the scenario's latency tiers (seconds).
pub fn outcome_of(record: &FlowRecord, fast: f64, acceptable: f64) -> Outcome {
    if record.failed > 0 {
        Outcome::Failed
    } else if record.latency <= fast {
        Outcome::Fast
    } else if record.latency <= acceptable {
        Outcome::Acceptable
    } else {
        Outcome::Slow
    }
}

/// How many glyph images requests are drawn with (the four outcomes and the bots' diamond).
const GLYPHS: usize = 5;

/// The depth of a request drawn with glyph `i`: each glyph on its own thin layer, so the
/// sorted sprites come in runs of one image and draw as one batch each (with every glyph at
/// one depth the images interleave and each change of image is a draw call of its own: on a
/// software renderer hundreds of them a frame).
fn glyph_z(i: usize) -> f32 {
    z::PARTICLE + 0.01 * i as f32
}

/// The glyph of an outcome with its trail (its image in `Shapes`).
pub fn outcome_image(o: Outcome, shapes: &Shapes) -> &Handle<Image> {
    match o {
        Outcome::Fast => &shapes.comet_disc,
        Outcome::Acceptable => &shapes.comet_triangle,
        Outcome::Slow => &shapes.comet_square,
        Outcome::Failed => &shapes.comet_cross,
    }
}

pub fn outcome_color(o: Outcome) -> Color {
    match o {
        Outcome::Fast => palette::OK_FAST,
        Outcome::Acceptable => palette::OK_ACCEPTABLE,
        Outcome::Slow => palette::OK_SLOW,
        Outcome::Failed => palette::FAILED,
    }
}

/// The record a particle samples, weighted by its requests; `u` in `[0, 1)`.
pub fn pick_record(records: &[FlowRecord], u: f64) -> Option<usize> {
    let total: u64 = records.iter().map(|r| r.ok + r.failed).sum();
    if total == 0 {
        return None;
    }
    let mut x = (u * total as f64) as u64;
    for (i, r) in records.iter().enumerate() {
        let w = r.ok + r.failed;
        if x < w {
            return Some(i);
        }
        x -= w;
    }
    records.len().checked_sub(1)
}

/// Path segments (waypoints) a particle can have.
const MAX_POINTS: usize = 24;

#[derive(Clone, Copy)]
struct Slot {
    alive: bool,
    points: [Vec2; MAX_POINTS],
    bends: [Bend; MAX_POINTS],
    len: usize,
    /// Position along the path in segments.
    t: f32,
    /// Segments per real second.
    speed: f32,
    color: Color,
    outcome: Outcome,
    bot: bool,
    burst: bool,
}

impl Default for Slot {
    fn default() -> Self {
        Self {
            alive: false,
            points: [Vec2::ZERO; MAX_POINTS],
            bends: [Bend::Horizontal; MAX_POINTS],
            len: 0,
            t: 0.0,
            speed: 1.0,
            color: Color::WHITE,
            outcome: Outcome::Fast,
            bot: false,
            burst: false,
        }
    }
}

/// The pool and its settings.
#[derive(Resource)]
pub struct Particles {
    pub config: SamplerConfig,
    /// Size of the pool (the most particles alive at once).
    pub capacity: usize,
    /// Benchmark: keep this many particles alive whatever the flow.
    pub fill: Option<usize>,
    slots: Vec<Slot>,
    free: Vec<usize>,
    carry: f64,
    rng: u64,
    pub alive: usize,
}

impl Default for Particles {
    fn default() -> Self {
        Self::with_capacity(1500)
    }
}

impl Particles {
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            config: SamplerConfig::default(),
            capacity,
            fill: None,
            slots: vec![Slot::default(); capacity],
            free: (0..capacity).rev().collect(),
            carry: 0.0,
            rng: 0x9E37_79B9_7F4A_7C15,
            alive: 0,
        }
    }

    fn random(&mut self) -> f64 {
        // xorshift64*: the view's own stream, never the simulation's
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        (self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A particle sprite of the pool.
#[derive(Component)]
pub struct ParticleSprite(usize);

/// A burst where a failure stopped.
#[derive(Component)]
pub struct Burst {
    age: f32,
}

const BURSTS: usize = 48;
const PARTICLE_SIZE: f32 = 8.0;

fn spawn_pool(mut commands: Commands, shapes: Res<Shapes>, particles: Res<Particles>) {
    // one sprite per request: the glyph and its trail are one image
    let batch: Vec<_> = (0..particles.capacity)
        .map(|i| {
            (
                Name::new("Particle"),
                ParticleSprite(i),
                Sprite {
                    image: shapes.comet_disc.clone(),
                    custom_size: Some(Vec2::new(3.0 * PARTICLE_SIZE, PARTICLE_SIZE)),
                    ..default()
                },
                Anchor(COMET_ANCHOR),
                Transform::from_xyz(0.0, 0.0, z::PARTICLE),
                Visibility::Hidden,
            )
        })
        .collect();
    commands.spawn_batch(batch);
    for _ in 0..BURSTS {
        commands.spawn((
            Name::new("Failure burst"),
            Burst { age: 1.0 },
            Sprite {
                image: shapes.ring.clone(),
                color: palette::FAILED,
                custom_size: Some(Vec2::splat(10.0)),
                ..default()
            },
            Transform::from_xyz(0.0, 0.0, z::BURST),
            Visibility::Hidden,
        ));
    }
}

/// Where the stages of a request are on the map right now.
struct Stops<'a> {
    lookup: &'a dyn Fn(NodeKey) -> Option<Rect>,
    /// The CloudFront distribution Route 53 sends the shop to, if any.
    cdn: Option<Rect>,
    /// The VPC and the region (the data bus runs between their bottoms).
    vpc_region: Option<(Rect, Rect)>,
    /// The cache in front of the database, if there is one on the map.
    cache: Option<Rect>,
    /// Share of database reads the cache answers.
    cache_hits: f64,
}

impl Stops<'_> {
    fn rect(&self, key: NodeKey) -> Option<Rect> {
        (self.lookup)(key)
    }
}

#[allow(clippy::type_complexity)] // Bevy system parameters
#[allow(clippy::too_many_arguments)]
fn emit(
    time: Res<Time<Real>>,
    virt: Res<Time<Virtual>>,
    speed: Res<GameSpeed>,
    flow: Option<Res<TickFlow>>,
    scenario: Option<Res<Scenario>>,
    dns: Option<Res<Dns>>,
    ghosts: Res<Ghosts>,
    anchors: Res<Anchors>,
    index: Res<NodeIndex>,
    motions: Query<&Motion>,
    instances: Query<&Instance>,
    mut particles: ResMut<Particles>,
    managed: (
        Res<MapLayout>,
        Option<Res<SimClock>>,
        Query<(Entity, &Distribution)>,
        Query<(Entity, &CacheCluster)>,
    ),
) {
    let (layout, clock, distributions, caches) = managed;
    let (Some(flow), Some(scenario)) = (flow, scenario) else {
        return;
    };
    if virt.is_paused() {
        return;
    }
    let dt = time.delta_secs_f64().min(0.1);
    let requests_real = flow.arrived as f64 / TICK_SECONDS * speed.speed;
    let wanted = match particles.fill {
        Some(n) => n.saturating_sub(particles.alive) as f64,
        None => {
            particles.carry += particle_rate(requests_real, &particles.config) * dt;
            let n = particles.carry.floor();
            particles.carry -= n;
            n
        }
    };
    let lookup = |key: NodeKey| {
        let e = index.0.get(&key)?;
        motions.get(*e).ok().map(|m| m.rect())
    };
    let cdn = dns.as_ref().and_then(|d| match &d.target {
        Some(DnsTarget::Alias(a)) => distributions
            .iter()
            .find(|(_, d)| d.domain_name.eq_ignore_ascii_case(a))
            .and_then(|(e, _)| lookup(NodeKey::Res(e))),
        _ => None,
    });
    let now = clock.as_ref().map(|c| c.now).unwrap_or(0.0);
    let cache = caches
        .iter()
        .find(|(_, c)| now >= c.available_at)
        .and_then(|(e, _)| lookup(NodeKey::Res(e)));
    let stops = Stops {
        lookup: &lookup,
        cdn,
        vpc_region: layout.0.as_ref().and_then(|l| l.vpc.map(|v| (v, l.region))),
        cache,
        cache_hits: 0.8,
    };
    let fast = scenario.scoring.fast_ms / 1000.0;
    let acceptable = scenario.scoring.acceptable_ms / 1000.0;
    let ghost_of_dns = dns.as_ref().and_then(|d| match &d.target {
        Some(DnsTarget::Alias(a)) => ghosts
            .ghosts
            .iter()
            .find(|g| g.lb.dns_name.eq_ignore_ascii_case(a))
            .map(|g| g.key),
        _ => None,
    });
    for _ in 0..wanted as usize {
        let Some(slot) = particles.free.pop() else {
            break;
        };
        let u = particles.random();
        let Some(ri) = pick_record(&flow.records, u) else {
            particles.free.push(slot);
            break;
        };
        let r = &flow.records[ri];
        let pick = particles.random();
        let instance = (!r.instances.is_empty()).then(|| {
            let i = ((pick * r.instances.len() as f64) as usize).min(r.instances.len() - 1);
            r.instances[i]
        });
        let target = instance.and_then(|i| {
            let rect = stops.rect(NodeKey::Res(i))?;
            let subnet = instances
                .get(i)
                .ok()
                .and_then(|inst| stops.rect(NodeKey::Subnet(inst.subnet)));
            Some((rect, subnet))
        });
        let mut s = Slot::default();
        let roll = particles.random();
        if !build_path(
            &mut s,
            r,
            &stops,
            &anchors,
            &scenario,
            ghost_of_dns,
            target,
            roll,
        ) {
            particles.free.push(slot);
            continue;
        }
        let outcome = outcome_of(r, fast, acceptable);
        s.color = outcome_color(outcome);
        s.outcome = outcome;
        s.bot = scenario.traffic.classes.get(r.class).is_some_and(|c| c.bot);
        s.burst = outcome == Outcome::Failed;
        let latency = if outcome == Outcome::Failed {
            0.2
        } else {
            r.latency
        };
        // speed ∝ 1/latency, within what the eye can follow
        s.speed = (3.2 / (1.0 + latency as f32 / 0.35)).clamp(0.5, 3.2)
            * (0.85 + 0.3 * particles.random() as f32);
        s.alive = true;
        particles.slots[slot] = s;
        particles.alive += 1;
    }
}

/// Lays the waypoints of one sampled request; false if a stop is not on the map. `roll` in
/// `[0, 1)` decides whether a database read is a cache hit.
#[allow(clippy::too_many_arguments)]
fn build_path(
    s: &mut Slot,
    r: &FlowRecord,
    stops: &Stops,
    anchors: &Anchors,
    scenario: &Scenario,
    ghost: Option<Entity>,
    target: Option<(Rect, Option<Rect>)>,
    roll: f64,
) -> bool {
    let Some(internet) = stops.rect(NodeKey::Internet) else {
        return false;
    };
    let Some(dns) = stops.rect(NodeKey::Res(anchors.dns)) else {
        return false;
    };
    let mut pts: Vec<(Vec2, Bend)> = vec![
        (
            Vec2::new(internet.max.x, wire_y(internet)),
            Bend::Horizontal,
        ),
        (Vec2::new(dns.center().x, wire_y(dns)), Bend::Horizontal),
    ];
    if let Some(c) = stops.cdn {
        pts.push((Vec2::new(c.center().x, wire_y(c)), Bend::Horizontal));
    }
    let instance = target.map(|t| t.0);
    let lb = r
        .load_balancer
        .or(if r.reason == Some(FailReason::LoadBalancerMissing) {
            ghost
        } else {
            None
        })
        .and_then(|e| stops.rect(NodeKey::Res(e)));
    if let Some(lb) = lb {
        let x = target
            .and_then(|t| t.1)
            .map(|sr| sr.center().x)
            .or(instance.map(|i| i.center().x))
            .map(|x| x.clamp(lb.min.x + 10.0, lb.max.x - 10.0))
            .unwrap_or(lb.center().x);
        pts.push((Vec2::new(lb.min.x, wire_y(lb)), Bend::Horizontal));
        pts.push((Vec2::new(x, wire_y(lb)), Bend::Straight));
    }
    let db_class = scenario
        .traffic
        .classes
        .get(r.class)
        .is_some_and(|c| c.touches_db);
    if let Some((i, subnet)) = target {
        match subnet {
            // down into the subnet through its header, then to the instance
            Some(sr) if lb.is_some() => {
                pts.push((Vec2::new(sr.center().x, sr.max.y - 8.0), Bend::Vertical));
                pts.push((arrival(i), Bend::Straight));
            }
            // straight from DNS to an Elastic IP: in at the left edge, as the edge is drawn
            _ => pts.push((side_arrival(i), Bend::Horizontal)),
        }
        if r.failed == 0
            && db_class
            && let Some(db) = stops.rect(NodeKey::Res(anchors.database))
        {
            // down its own AZ column to the bus under the VPC, along it, up to the data tier
            let first = stops.cache.unwrap_or(db);
            match stops.vpc_region {
                Some((vpc, region)) => pts.extend(data_path(i, vpc, region, first)),
                None => pts.push((Vec2::new(first.min.x, first.center().y), Bend::Horizontal)),
            }
            if stops.cache.is_some() && roll >= stops.cache_hits {
                // a miss: on to the database under the cache
                pts.push((Vec2::new(db.min.x, db.center().y), Bend::Vertical));
            }
        }
    }
    if r.failed == 0 {
        // and back the way it came
        let forward = pts.clone();
        for k in (0..forward.len() - 1).rev() {
            // the bend of a segment belongs to its far end
            pts.push((forward[k].0, forward[k + 1].1));
        }
    }
    let n = pts.len().min(MAX_POINTS);
    for (k, (p, b)) in pts.into_iter().take(n).enumerate() {
        s.points[k] = p;
        s.bends[k] = b;
    }
    s.len = n;
    n >= 2
}

/// A request's glyph is drawn with its trail when it is at least this many pixels on screen
/// and no more than `TRAIL_MAX_ALIVE` requests are in flight; smaller or more numerous, a
/// trail does not read and its pixels cost (a software renderer pays for each one).
const TRAIL_MIN_PX: f32 = 6.0;
const TRAIL_MAX_ALIVE: usize = 3000;
/// A glyph drawn without its trail: as big as the plain dots requests were before they had
/// trails (7), a little under a comet's head (`PARTICLE_SIZE`).
const GLYPH_SIZE: f32 = 7.0;

#[allow(clippy::type_complexity)] // Bevy system parameters
fn move_particles(
    time: Res<Time<Real>>,
    virt: Res<Time<Virtual>>,
    shapes: Res<Shapes>,
    view: Res<super::camera::CameraView>,
    mut particles: ResMut<Particles>,
    mut sprites: Query<
        (
            &ParticleSprite,
            &mut Transform,
            &mut Sprite,
            &mut Anchor,
            &mut Visibility,
        ),
        Without<Burst>,
    >,
    mut bursts: Query<
        (&mut Burst, &mut Transform, &mut Sprite, &mut Visibility),
        Without<ParticleSprite>,
    >,
) {
    let dt = if virt.is_paused() {
        0.0
    } else {
        time.delta_secs().min(0.1)
    };
    let mut ended: Vec<(Vec2, bool)> = Vec::new();
    let p = &mut *particles;
    let trails = PARTICLE_SIZE / view.zoom.max(1e-3) >= TRAIL_MIN_PX && p.alive <= TRAIL_MAX_ALIVE;
    let (size, anchor) = if trails {
        (Vec2::new(3.0 * PARTICLE_SIZE, PARTICLE_SIZE), COMET_ANCHOR)
    } else {
        (Vec2::splat(GLYPH_SIZE), Vec2::ZERO)
    };
    for (ps, mut tf, mut sprite, mut at, mut vis) in &mut sprites {
        let s = &mut p.slots[ps.0];
        if !s.alive {
            if *vis != Visibility::Hidden {
                *vis = Visibility::Hidden;
            }
            continue;
        }
        s.t += dt * s.speed;
        let last = (s.len - 1) as f32;
        if s.t >= last {
            s.alive = false;
            p.alive -= 1;
            p.free.push(ps.0);
            ended.push((s.points[s.len - 1], s.burst));
            *vis = Visibility::Hidden;
            continue;
        }
        let seg = s.t.floor() as usize;
        let f = s.t - seg as f32;
        let pos = bezier(s.points[seg], s.points[seg + 1], s.bends[seg + 1], f);
        // heading: along the curve a little ahead (the glyph points and trails that way)
        let ahead = bezier(
            s.points[seg],
            s.points[seg + 1],
            s.bends[seg + 1],
            (f + 0.02).min(1.0),
        );
        let dir = ahead - pos;
        if dir.length_squared() > 1e-6 {
            tf.rotation = Quat::from_rotation_z(dir.y.atan2(dir.x));
        }
        let glyph = if s.bot {
            GLYPHS - 1
        } else {
            s.outcome as usize
        };
        tf.translation = pos.extend(glyph_z(glyph));
        let image = match (trails, s.bot) {
            (true, true) => &shapes.comet_diamond,
            (true, false) => outcome_image(s.outcome, &shapes),
            (false, _) => &shapes.glyphs[glyph],
        };
        if sprite.image != *image {
            sprite.image = image.clone();
        }
        if sprite.custom_size != Some(size) {
            sprite.custom_size = Some(size);
        }
        if at.0 != anchor {
            at.0 = anchor;
        }
        if sprite.color != s.color {
            sprite.color = s.color;
        }
        if *vis != Visibility::Inherited {
            *vis = Visibility::Inherited;
        }
    }
    let mut new_bursts = ended.into_iter().filter(|(_, b)| *b).map(|(p, _)| p);
    for (mut b, mut tf, mut sprite, mut vis) in &mut bursts {
        if b.age >= 1.0 {
            if let Some(at) = new_bursts.next() {
                b.age = 0.0;
                tf.translation = at.extend(z::BURST);
            } else {
                *vis = Visibility::Hidden;
                continue;
            }
        }
        b.age += dt * 2.5;
        let a = (1.0 - b.age).clamp(0.0, 1.0);
        sprite.custom_size = Some(Vec2::splat(8.0 + 30.0 * b.age));
        sprite.color = palette::FAILED.with_alpha(0.9 * a);
        *vis = Visibility::Inherited;
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Particles>()
        .add_systems(Startup, spawn_pool)
        .add_systems(
            Update,
            (emit, move_particles)
                .chain()
                .in_set(ViewSystems::Particles),
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(ok: u64, failed: u64, latency: f64) -> FlowRecord {
        FlowRecord {
            class: 0,
            load_balancer: None,
            instances: vec![],
            ok,
            failed,
            reason: (failed > 0).then_some(FailReason::NoHealthyTargets),
            latency,
        }
    }

    #[test]
    fn rate_has_a_floor_and_a_cap() {
        let cfg = SamplerConfig::default();
        assert_eq!(particle_rate(0.0, &cfg), 0.0, "no traffic, no dots");
        assert_eq!(
            particle_rate(0.01, &cfg),
            cfg.floor,
            "a trickle still shows"
        );
        assert_eq!(particle_rate(1e7, &cfg), cfg.cap, "a flood is capped");
        let mid = 100.0;
        assert!((particle_rate(mid, &cfg) - mid * cfg.per_request).abs() < 1e-9);
        assert!(particle_rate(200.0, &cfg) > particle_rate(100.0, &cfg));
    }

    #[test]
    fn outcomes_and_colours() {
        let (fast, ok) = (0.2, 1.0);
        assert_eq!(outcome_of(&record(5, 0, 0.05), fast, ok), Outcome::Fast);
        assert_eq!(
            outcome_of(&record(5, 0, 0.5), fast, ok),
            Outcome::Acceptable
        );
        assert_eq!(outcome_of(&record(5, 0, 3.0), fast, ok), Outcome::Slow);
        assert_eq!(outcome_of(&record(0, 5, 0.0), fast, ok), Outcome::Failed);
        let colours = [
            Outcome::Fast,
            Outcome::Acceptable,
            Outcome::Slow,
            Outcome::Failed,
        ]
        .map(|o| outcome_color(o).to_srgba());
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!(a, b, "every outcome has its own colour");
            }
        }
        let red = outcome_color(Outcome::Failed).to_srgba();
        assert!(red.red > 0.9 && red.green < 0.4, "failures are red");
    }

    #[test]
    fn records_are_sampled_by_their_requests() {
        let rs = vec![record(90, 0, 0.05), record(0, 10, 0.0)];
        let mut failed = 0;
        for k in 0..1000 {
            let i = pick_record(&rs, k as f64 / 1000.0).unwrap();
            failed += usize::from(rs[i].failed > 0);
        }
        assert_eq!(failed, 100);
        assert_eq!(pick_record(&[], 0.5), None);
        assert_eq!(pick_record(&[record(0, 0, 0.0)], 0.5), None);
    }

    #[test]
    fn the_pool_is_bounded() {
        let p = Particles::with_capacity(10);
        assert_eq!(p.free.len(), 10);
        assert_eq!(p.slots.len(), 10);
    }
}
