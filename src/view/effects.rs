//! Events made visible: every new CloudTrail call flashes the nodes it touched (red and a
//! shake for an unknown principal, cyan for the player, orange for Auto Scaling) and floats a
//! short tag above them; chaos incidents without a resource (a traffic spike) flash the
//! Internet node.

use super::ViewSystems;
use super::nodes::{NodeFx, NodeIndex, NodeKey};
use super::shapes::palette;
use crate::sim::chaos::ChaosState;
use crate::sim::clock::SimClock;
use crate::sim::command::Principal;
use crate::sim::ids::IdRegistry;
use crate::sim::trail::CloudTrail;
use bevy::prelude::*;

/// A tag floating up from a node for a few seconds.
#[derive(Clone, Debug)]
pub struct Toast {
    pub key: NodeKey,
    pub text: String,
    pub color: Color,
    /// Real seconds since it appeared.
    pub age: f32,
    /// Further calls on the same node merged into this tag.
    pub more: u32,
}

/// Events older than this (simulated seconds) are not shown.
const RECENT: f64 = 20.0;

/// Seconds a tag stays.
pub const TOAST_SECONDS: f32 = 5.0;

/// Tags on the map, and how far into the trail and the chaos log the view has read.
#[derive(Resource, Default)]
pub struct Toasts {
    pub items: Vec<Toast>,
    seen_trail: u64,
    seen_chaos: usize,
}

/// A short name for a principal.
pub fn who(p: &Principal) -> String {
    match p {
        Principal::Player => "you".into(),
        Principal::Bot(n) => format!("bot {n}"),
        Principal::AutoScaling => "Auto Scaling".into(),
        Principal::CloudFormation => "CloudFormation".into(),
        Principal::Unknown(arn) => arn.rsplit('/').next().unwrap_or(arn).to_string(),
    }
}

fn principal_color(p: &Principal) -> Option<(Color, f32)> {
    match p {
        Principal::Unknown(_) => Some((palette::FAILED, 7.0)),
        Principal::Player | Principal::Bot(_) => Some((palette::SELECTED, 0.0)),
        Principal::AutoScaling => Some((palette::GROUP_LINE, 0.0)),
        Principal::CloudFormation => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn react(
    mut commands: Commands,
    mut toasts: ResMut<Toasts>,
    time: Res<Time<Real>>,
    trail: Option<Res<CloudTrail>>,
    chaos: Option<Res<ChaosState>>,
    ids: Option<Res<IdRegistry>>,
    clock: Option<Res<SimClock>>,
    index: Res<NodeIndex>,
) {
    let dt = time.delta_secs();
    toasts.items.iter_mut().for_each(|t| t.age += dt);
    toasts.items.retain(|t| t.age < TOAST_SECONDS);
    let (Some(trail), Some(ids), Some(clock)) = (trail, ids, clock) else {
        toasts.seen_trail = 0;
        toasts.seen_chaos = 0;
        return;
    };
    if trail.total < toasts.seen_trail {
        toasts.seen_trail = 0;
    }
    let first = toasts.seen_trail;
    for ev in trail.since(first) {
        toasts.seen_trail = ev.number;
        let Some((color, shake)) = principal_color(&ev.principal) else {
            continue;
        };
        // only what just happened (a fast-forward does not replay the day)
        if ev.error.is_some() || ev.time < clock.now - RECENT {
            continue;
        }
        for id in &ev.resources {
            let Some(e) = ids.get(id) else { continue };
            let Some(&node) = index.0.get(&NodeKey::Res(e)) else {
                continue;
            };
            commands.entity(node).insert(NodeFx {
                color,
                left: 2.5,
                duration: 2.5,
                shake,
            });
            let tag = !matches!(ev.principal, Principal::AutoScaling);
            if tag && toasts.items.len() < 24 {
                // one tag per node: the newest, counting the calls it replaced ("+2")
                let more = toasts
                    .items
                    .iter()
                    .find(|t| t.key == NodeKey::Res(e))
                    .map(|t| t.more + 1)
                    .unwrap_or(0);
                toasts.items.retain(|t| t.key != NodeKey::Res(e));
                toasts.items.push(Toast {
                    key: NodeKey::Res(e),
                    text: format!("{} · {}", ev.event_name(), who(&ev.principal)),
                    color,
                    age: 0.0,
                    more,
                });
            }
        }
    }
    if let Some(chaos) = chaos {
        if chaos.log.len() < toasts.seen_chaos {
            toasts.seen_chaos = 0;
        }
        for (at, text) in chaos.log.iter().skip(toasts.seen_chaos) {
            if *at >= clock.now - RECENT
                && text.starts_with("Traffic spike")
                && let Some(&node) = index.0.get(&NodeKey::Internet)
            {
                commands.entity(node).insert(NodeFx {
                    color: palette::OK_SLOW,
                    left: 4.0,
                    duration: 4.0,
                    shake: 4.0,
                });
                toasts.items.push(Toast {
                    key: NodeKey::Internet,
                    text: text.clone(),
                    color: palette::OK_SLOW,
                    age: 0.0,
                    more: 0,
                });
            }
        }
        toasts.seen_chaos = chaos.log.len();
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Toasts>()
        .add_systems(Update, react.in_set(ViewSystems::Effects));
}
