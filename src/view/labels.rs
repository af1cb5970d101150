//! Text on the map, painted with egui at the nodes' projected positions (the game has no
//! Bevy text): container titles, subnet free-address bars, instance names and CPU, load
//! balancer target counts, the "missing" ghost, and floating event tags. Clipped to the part
//! of the window the HUD leaves; instance labels only appear when they are big enough to read.

use super::camera::CameraView;
use super::effects::{TOAST_SECONDS, Toasts};
use super::icons::{self, Icon};
use super::layout::{AZ_HEADER, CONTAINER_HEADER, Ghosts, LB_HEIGHT, MapLayout, SUBNET_HEADER};
use super::nodes::{MapNode, Motion, NodeIndex, NodeKey, NodeKind, TargetHealth, sim_time};
use super::particles::Particles;
use crate::i18n::{t, tf};
use crate::scenario::Scenario;
use crate::sim::clock::SimClock;
use crate::sim::command::LbKind;
use crate::sim::flow::{EdgeStats, TickFlow};
use crate::sim::model::*;
use crate::sim::services::{CacheCluster, Distribution};
use crate::ui_state::UiInsets;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn c32(c: Color) -> egui::Color32 {
    let s = c.to_srgba();
    egui::Color32::from_rgba_unmultiplied(
        (s.red * 255.0) as u8,
        (s.green * 255.0) as u8,
        (s.blue * 255.0) as u8,
        (s.alpha * 255.0) as u8,
    )
}

/// The part of the window the HUD leaves to the map (what painting over the map clips to).
pub(super) fn map_clip(ctx: &egui::Context, insets: &UiInsets) -> egui::Rect {
    let screen = ctx.content_rect();
    egui::Rect::from_min_max(
        egui::pos2(screen.min.x + insets.left, screen.min.y + insets.top),
        egui::pos2(screen.max.x - insets.right, screen.max.y - insets.bottom),
    )
}

const TEXT: egui::Color32 = egui::Color32::from_rgb(225, 232, 242);
const DIM: egui::Color32 = egui::Color32::from_rgb(150, 162, 180);
/// Behind captions that request paths cross.
const BACKING: egui::Color32 = egui::Color32::from_rgba_premultiplied(12, 16, 24, 230);

/// Short label for an instance: its own Name tag (cut to fit); in an Auto Scaling group
/// (whose name its box already shows) its number in the group; else its instance type.
pub fn short_name(name: &str, id: &str, group: Option<(&str, usize)>, itype: &str) -> String {
    let own = !name.is_empty() && name != id && group.is_none_or(|(g, _)| g != name);
    if own {
        if name.chars().count() <= 9 {
            name.to_string()
        } else {
            format!("{}…", name.chars().take(8).collect::<String>())
        }
    } else if let Some((_, k)) = group {
        format!("#{k}")
    } else {
        itype.to_string()
    }
}

/// Where floating event tags go: each below the ones already placed if it would overlap
/// them (screen rects, y down); the returned offsets are added to the tags' anchors.
pub fn stack_tags(rects: &[egui::Rect]) -> Vec<f32> {
    let mut placed: Vec<egui::Rect> = Vec::new();
    rects
        .iter()
        .map(|r| {
            let mut dy = 0.0;
            for _ in 0..32 {
                let moved = r.translate(egui::vec2(0.0, dy));
                match placed.iter().find(|p| p.intersects(moved)) {
                    // move up above the one in the way
                    Some(p) => dy += p.min.y - moved.max.y - 2.0,
                    None => break,
                }
            }
            placed.push(r.translate(egui::vec2(0.0, dy)));
            dy
        })
        .collect()
}

struct Painter<'a> {
    p: egui::Painter,
    view: &'a CameraView,
}

/// The font for a label `size` px tall, in half-pixel steps: egui keeps a rasterised copy of
/// every size it is asked for, so sizes that follow the zoom continuously would re-rasterise
/// glyphs (and re-upload the font atlas) on every frame of a zoom and fill the atlas.
fn font(size: f32) -> egui::FontId {
    egui::FontId::proportional(((size * 2.0).floor() / 2.0).max(1.0))
}

impl Painter<'_> {
    fn pos(&self, world: Vec2) -> egui::Pos2 {
        let s = self.view.to_screen(world);
        egui::pos2(s.x, s.y)
    }

    /// Font size for a caption `world` units tall in a header `room` world units tall: its
    /// size on screen, but when zoomed out at least `floor` px while the header has room (so
    /// the captions stay readable at "fit all"); None when under 7 px.
    fn caption(&self, world: f32, room: f32, floor: f32) -> Option<f32> {
        let px = world / self.view.zoom;
        let s = px.max(floor).min(room / self.view.zoom).min(22.0);
        (s >= 7.0).then_some(s)
    }

    /// Width in pixels of `text` at `size`.
    fn width(&self, text: &str, size: f32) -> f32 {
        self.p
            .layout_no_wrap(text.to_string(), font(size), TEXT)
            .size()
            .x
    }

    /// The first of `texts` (longest first) that fits `max_w` pixels at `size` or a little
    /// smaller (the last one shrunk to no less than `min` px): its index and size.
    fn fit(&self, texts: &[&str], size: f32, min: f32, max_w: f32) -> Option<(usize, f32)> {
        // a longer text slightly shrunk before a shorter one; the last one as small as `min`
        for (i, text) in texts.iter().enumerate() {
            let s = size * (max_w / self.width(text, size)).min(1.0);
            if s >= min && (i + 1 == texts.len() || s >= 0.9 * size) {
                return Some((i, s));
            }
        }
        None
    }

    /// Writes the first of `texts` that fits `max_w` (see `fit`); its rect.
    #[allow(clippy::too_many_arguments)]
    fn text_fit(
        &self,
        at: egui::Pos2,
        align: egui::Align2,
        texts: &[&str],
        size: f32,
        min: f32,
        max_w: f32,
        color: egui::Color32,
    ) -> Option<egui::Rect> {
        let (i, s) = self.fit(texts, size, min, max_w)?;
        Some(self.text(at, align, texts[i], s, color))
    }

    /// `text_fit` on a small dark backing, so the request paths running under a caption
    /// do not cut through it (only as big as the text: no filled areas under the map).
    #[allow(clippy::too_many_arguments)]
    fn text_fit_backed(
        &self,
        at: egui::Pos2,
        align: egui::Align2,
        texts: &[&str],
        size: f32,
        min: f32,
        max_w: f32,
        color: egui::Color32,
    ) -> Option<egui::Rect> {
        let backing = self.p.add(egui::Shape::Noop);
        let r = self.text_fit(at, align, texts, size, min, max_w, color)?;
        self.p.set(
            backing,
            egui::Shape::rect_filled(r.expand2(egui::vec2(3.0, 0.0)), 3.0, BACKING),
        );
        Some(r)
    }

    /// A service node's icon, its name under it and the line under that, each cut or shrunk
    /// to the node's width.
    fn service(&self, r: Rect, icon: Icon, name: &str, sub: &[&str], color: egui::Color32) {
        let zoom = self.view.zoom;
        let Some(s) = self.caption(14.0, r.height() * 0.3, 12.0) else {
            return;
        };
        let center = self.pos(r.center());
        let w = r.width() / zoom - 6.0;
        let k = s / 14.0;
        // the icon left of the name, the pair centred (the wire runs under the lower line)
        let icon_w = s * 1.5;
        let name_at = center + egui::vec2(icon_w / 2.0, -13.0 * k);
        if let Some(named) = self.text_fit(
            name_at,
            egui::Align2::CENTER_CENTER,
            &[name],
            s,
            s.min(9.0),
            w - icon_w,
            color,
        ) {
            icons::paint(
                &self.p,
                icon,
                egui::pos2(named.min.x - icon_w * 0.5, named.center().y),
                s * 1.15,
                color.gamma_multiply(0.85),
            );
        }
        if !sub.is_empty() {
            self.text_fit(
                center + egui::vec2(0.0, 3.0) * k,
                egui::Align2::CENTER_CENTER,
                sub,
                s * 0.82,
                (s * 0.82).min(8.0),
                w,
                DIM,
            );
        }
    }

    /// An icon in front of a caption of `size` px whose top-left is `at`; how far the caption
    /// moves right to make room.
    fn icon_before(&self, at: egui::Pos2, icon: Icon, size: f32, color: egui::Color32) -> f32 {
        let (c, shift) = icons::before_caption(at + egui::vec2(0.0, size * 0.62), size);
        icons::paint(&self.p, icon, c, size * 1.05, color);
        shift
    }

    fn text(
        &self,
        at: egui::Pos2,
        align: egui::Align2,
        text: &str,
        size: f32,
        color: egui::Color32,
    ) -> egui::Rect {
        self.p.text(at, align, text, font(size), color)
    }

    fn bar(&self, min: egui::Pos2, w: f32, h: f32, frac: f32, color: egui::Color32) {
        let r = egui::Rect::from_min_size(min, egui::vec2(w, h));
        self.p
            .rect_filled(r, 2.0, egui::Color32::from_black_alpha(140));
        let f = egui::Rect::from_min_size(min, egui::vec2(w * frac.clamp(0.0, 1.0), h));
        self.p.rect_filled(f, 2.0, color);
    }
}

#[allow(clippy::type_complexity)] // Bevy system parameters
#[allow(clippy::too_many_arguments)]
fn paint_labels(
    mut contexts: EguiContexts,
    view: Res<CameraView>,
    insets: Res<UiInsets>,
    layout: Res<MapLayout>,
    index: Res<NodeIndex>,
    ghosts: Res<Ghosts>,
    toasts: Res<Toasts>,
    time: Res<Time<Real>>,
    fixed: Res<Time<Fixed>>,
    world: (
        Option<Res<SimClock>>,
        Option<Res<Scenario>>,
        Option<Res<Dns>>,
        Option<Res<TickFlow>>,
        Res<Particles>,
        Res<TargetHealth>,
    ),
    nodes: Query<(&MapNode, &Motion)>,
    names: Query<(&Name, &crate::sim::ids::AwsId)>,
    seqs: Query<(Entity, &Seq), With<Instance>>,
    managed: (
        Query<&Distribution>,
        Query<&CacheCluster>,
        Option<Res<EdgeStats>>,
        (
            Query<&crate::sim::waf::WebAcl>,
            Query<&crate::sim::sqs::Queue>,
            Query<&crate::sim::lambda::Function>,
            Query<&crate::sim::ecs::EcsCluster>,
        ),
    ),
    q: (
        Query<&Vpc>,
        Query<&Subnet>,
        Query<(&Instance, Option<&InstanceLoad>)>,
        Query<&LoadBalancer>,
        Query<&TargetGroup>,
        Query<&AutoScalingGroup>,
    ),
) -> Result {
    let (clock, scenario, dns, flow, particles, health) = world;
    let (vpcs, subnets, instances, lbs, tgs, asgs) = q;
    if layout.0.is_none() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let clip = map_clip(ctx, &insets);
    let layer = egui::LayerId::new(egui::Order::Background, egui::Id::new("map-labels"));
    let p = Painter {
        p: ctx.layer_painter(layer).with_clip_rect(clip),
        view: &view,
    };
    let now = clock.as_ref().map(|c| sim_time(c, &fixed)).unwrap_or(0.0);
    let pulse = 0.5 + 0.5 * (time.elapsed_secs() * 5.0).sin();
    // instances numbered within their Auto Scaling group, oldest first
    let numbers: std::collections::HashMap<Entity, usize> = {
        let mut by_group: Vec<(Entity, u64, Entity)> = Vec::new();
        for (e, seq) in &seqs {
            if let Ok((i, _)) = instances.get(e)
                && let Some(g) = i.asg
            {
                by_group.push((g, seq.0, e));
            }
        }
        by_group.sort_by_key(|(g, s, _)| (*g, *s));
        let mut out = std::collections::HashMap::new();
        let mut last = None;
        let mut k = 0;
        for (g, _, e) in by_group {
            k = if last == Some(g) { k + 1 } else { 1 };
            last = Some(g);
            out.insert(e, k);
        }
        out
    };
    let az_names: Vec<String> = layout
        .0
        .as_ref()
        .map(|l| l.azs.iter().map(|(a, _)| a.clone()).collect())
        .unwrap_or_default();

    for (n, m) in &nodes {
        if m.leaving && m.scale < 0.5 {
            continue;
        }
        let r = m.rect();
        let tl = p.pos(Vec2::new(r.min.x, r.max.y));
        let center = p.pos(r.center());
        match (n.kind, n.key) {
            (NodeKind::Region, _) => {
                if let Some(s) = p.caption(15.0, CONTAINER_HEADER * 0.7, 12.0) {
                    let at = tl + egui::vec2(10.0, 8.0) * (s / 15.0);
                    let shift = p.icon_before(at, Icon::Region, s, DIM);
                    p.text_fit(
                        at + egui::vec2(shift, 0.0),
                        egui::Align2::LEFT_TOP,
                        &[t("map.region"), t("map.region_short")],
                        s,
                        s.min(12.0),
                        r.width() / view.zoom - 20.0 - shift,
                        DIM,
                    );
                }
            }
            (NodeKind::Vpc, _) => {
                if let Some(s) = p.caption(15.0, CONTAINER_HEADER * 0.7, 12.0) {
                    let cidr = vpcs
                        .iter()
                        .next()
                        .map(|v| v.cidr.to_string())
                        .unwrap_or_default();
                    let color = c32(super::shapes::palette::VPC_LINE.lighter(0.15));
                    let at = tl + egui::vec2(10.0, 8.0) * (s / 15.0);
                    let shift = p.icon_before(at, Icon::Vpc, s, color);
                    p.text_fit(
                        at + egui::vec2(shift, 0.0),
                        egui::Align2::LEFT_TOP,
                        &[&format!("VPC  {cidr}"), "VPC"],
                        s,
                        s.min(12.0),
                        r.width() / view.zoom - 20.0 - shift,
                        color,
                    );
                    // the internet gateway: where the Internet's wire enters the VPC
                    let wire = layout
                        .0
                        .as_ref()
                        .map(|l| super::layout::wire_y(l.internet))
                        .unwrap_or(r.max.y);
                    let gw = p.pos(Vec2::new(r.min.x, wire));
                    let gs = s * 1.25;
                    p.p.circle_filled(gw, gs * 0.75, BACKING);
                    icons::paint(&p.p, Icon::Gateway, gw, gs, color);
                }
            }
            (NodeKind::Az, NodeKey::Az(i)) => {
                if let Some(s) = p.caption(13.0, AZ_HEADER * 0.6, 12.0) {
                    let name = az_names.get(i as usize).cloned().unwrap_or_default();
                    // the zone's own part ("1c"), for a narrow column
                    let zone = name.rsplit('-').next().unwrap_or(&name).to_string();
                    let k = s / 13.0;
                    let at = tl + egui::vec2(6.0, 8.0 * k);
                    let shift = p.icon_before(at, Icon::Az, s * 0.9, DIM);
                    p.text_fit_backed(
                        at + egui::vec2(shift, 0.0),
                        egui::Align2::LEFT_TOP,
                        &[
                            &tf("map.az", &[("name", &name)]),
                            &tf("map.az_short", &[("name", &name)]),
                            &name,
                            &zone,
                        ],
                        s,
                        s.min(12.0),
                        r.width() / view.zoom - 10.0 - shift,
                        DIM,
                    );
                }
            }
            (NodeKind::Subnet, NodeKey::Subnet(e)) => {
                let (Ok(sub), Ok((name, _))) = (subnets.get(e), names.get(e)) else {
                    continue;
                };
                // two lines in the header: name, CIDR and kind; the free-address bar and count
                let header = SUBNET_HEADER / view.zoom;
                let Some(s) = p.caption(13.0, SUBNET_HEADER * 0.34, 12.0) else {
                    continue;
                };
                let pad = (10.0 / view.zoom).max(6.0);
                let avail = r.width() / view.zoom - 2.0 * pad;
                let kind = if sub.public {
                    t("map.public")
                } else {
                    t("map.private")
                };
                let cidr = sub.cidr.to_string();
                let at = tl + egui::vec2(pad, header * 0.1);
                let lock = if sub.public {
                    Icon::PublicSubnet
                } else {
                    Icon::PrivateSubnet
                };
                let line = if sub.public {
                    super::shapes::palette::PUBLIC_LINE
                } else {
                    super::shapes::palette::PRIVATE_LINE
                };
                let shift = p.icon_before(at, lock, s * 0.9, c32(line.lighter(0.1)));
                p.text_fit_backed(
                    at + egui::vec2(shift, 0.0),
                    egui::Align2::LEFT_TOP,
                    &[
                        &format!("{name}  {cidr}  {kind}"),
                        &format!("{name}  {cidr}"),
                        name.as_str(),
                    ],
                    s,
                    s.min(9.0),
                    avail - shift,
                    TEXT,
                );
                let usable = sub.cidr.usable().max(1);
                let used = sub.used.min(usable);
                let fill = used as f32 / usable as f32;
                let color = if fill < 0.7 {
                    egui::Color32::from_rgb(90, 200, 120)
                } else if fill < 0.9 {
                    egui::Color32::from_rgb(240, 170, 40)
                } else {
                    egui::Color32::from_rgb(235, 60, 60)
                };
                let mid = header * 0.58;
                let s2 = s * 0.85;
                let free = sub.free().to_string();
                let texts = [
                    tf(
                        "map.free_of",
                        &[("free", &free), ("usable", &usable.to_string())],
                    ),
                    tf("map.free", &[("free", &free)]),
                    free.clone(),
                ];
                // the longest count that leaves the bar at least a third of the width
                let gap = 6.0;
                let chosen = texts
                    .iter()
                    .map(|x| (x, p.width(x, s2)))
                    .find(|(_, w)| avail - w - gap >= avail / 3.0);
                let bar_w = chosen.map(|(_, w)| avail - w - gap).unwrap_or(avail);
                let bar_h = (6.0 / view.zoom).clamp(4.0, 8.0);
                p.bar(
                    tl + egui::vec2(pad, mid - bar_h / 2.0),
                    bar_w,
                    bar_h,
                    fill,
                    color,
                );
                if let Some((text, w)) = chosen {
                    p.text_fit_backed(
                        tl + egui::vec2(pad + bar_w + gap, mid),
                        egui::Align2::LEFT_CENTER,
                        &[text],
                        s2,
                        s2,
                        w + 1.0,
                        if fill >= 0.9 { color } else { DIM },
                    );
                }
            }
            (NodeKind::Group, NodeKey::Group(_, Some(g))) => {
                let Ok(asg) = asgs.get(g) else { continue };
                if let Some(s) = p.caption(10.0, 20.0, 10.0) {
                    let at = p.pos(Vec2::new(r.max.x - 6.0, r.max.y));
                    let text = format!(" {} {}/{} ", asg.name, asg.desired, asg.max_size);
                    let short = format!(" {}/{} ", asg.desired, asg.max_size);
                    let Some((i, s)) = p.fit(&[&text, &short], s, 9.0, r.width() / view.zoom)
                    else {
                        continue;
                    };
                    let text = if i == 0 { text } else { short };
                    let galley_rect = p.text(
                        at,
                        egui::Align2::RIGHT_CENTER,
                        &text,
                        s,
                        egui::Color32::TRANSPARENT,
                    );
                    let icon_w = s * 1.2;
                    let tag = galley_rect.with_min_x(galley_rect.min.x - icon_w);
                    p.p.rect_filled(tag, 3.0, egui::Color32::from_rgb(40, 30, 20));
                    icons::paint(
                        &p.p,
                        Icon::AutoScaling,
                        egui::pos2(tag.min.x + icon_w * 0.55, tag.center().y),
                        s * 0.85,
                        c32(super::shapes::palette::GROUP_LINE),
                    );
                    p.text(
                        at,
                        egui::Align2::RIGHT_CENTER,
                        &text,
                        s,
                        c32(super::shapes::palette::GROUP_LINE),
                    );
                }
            }
            (NodeKind::Instance, NodeKey::Res(e)) => {
                let side = r.width() / view.zoom;
                let Ok((i, load)) = instances.get(e) else {
                    continue;
                };
                // one on its way out shrinks and fades with no caption (no lingering ghost)
                if !i.alive() {
                    continue;
                }
                // a sick target wears a red cross on its corner, throbbing
                let sick = i.state == InstanceState::Running
                    && (health.0.get(&e) == Some(&TargetHealthState::Unhealthy)
                        || (!i.boot.app_running && !health.0.contains_key(&e)));
                if sick && side >= 10.0 {
                    let b = (side * 0.34).clamp(8.0, 20.0) * (0.9 + 0.15 * pulse);
                    let corner = p.pos(Vec2::new(r.max.x, r.max.y));
                    icons::paint(
                        &p.p,
                        Icon::Sick,
                        corner + egui::vec2(-b * 0.25, b * 0.25),
                        b,
                        egui::Color32::from_rgb(225, 40, 60),
                    );
                }
                if side < 24.0 {
                    continue;
                }
                let group = i.asg.and_then(|g| {
                    let name = asgs.get(g).ok()?.name.as_str();
                    let k = numbers.get(&e)?;
                    Some((name, *k))
                });
                let label = names
                    .get(e)
                    .map(|(n, id)| short_name(n.as_str(), &id.0, group, &i.instance_type))
                    .unwrap_or_default();
                let s = 10.0 / view.zoom;
                if s < 8.0 {
                    // too small for two lines: the name alone, above the CPU bar
                    p.text_fit(
                        center + egui::vec2(0.0, -0.1 * side),
                        egui::Align2::CENTER_CENTER,
                        &[&label],
                        (side * 0.32).min(10.0),
                        7.5,
                        side - 4.0,
                        TEXT,
                    );
                    continue;
                }
                let s = s.min(22.0);
                let k = s / 10.0;
                p.text(
                    center + egui::vec2(0.0, -9.0) * k,
                    egui::Align2::CENTER_CENTER,
                    &label,
                    s,
                    TEXT,
                );
                let status = match i.state {
                    InstanceState::Pending => t("map.pending").to_string(),
                    InstanceState::Booting => {
                        let span = (i.state_until - i.state_since).max(1e-6);
                        let pct = (100.0 * (now - i.state_since) / span).clamp(0.0, 100.0);
                        tf("map.boot", &[("pct", &format!("{pct:.0}"))])
                    }
                    InstanceState::Running if !i.boot.app_running => t("map.app_down").into(),
                    InstanceState::Running => {
                        format!("{:.0}% cpu", load.map(|l| l.cpu).unwrap_or(0.0))
                    }
                    InstanceState::ShuttingDown => t("map.shutting_down").into(),
                    InstanceState::Terminated => t("map.terminated").into(),
                };
                p.text(
                    center + egui::vec2(0.0, 4.0) * k,
                    egui::Align2::CENTER_CENTER,
                    &status,
                    s * 0.9,
                    DIM,
                );
            }
            (NodeKind::LoadBalancer, NodeKey::Res(e)) => {
                let Some(s) = p.caption(13.0, LB_HEIGHT * 0.4, 12.0) else {
                    continue;
                };
                let pad = (14.0 / view.zoom).max(8.0);
                let avail = r.width() / view.zoom - 2.0 * pad;
                let y = r.center().y + 8.0;
                let left = p.pos(Vec2::new(r.min.x, y)) + egui::vec2(pad, 0.0);
                let right = p.pos(Vec2::new(r.max.x, y)) - egui::vec2(pad, 0.0);
                // the name first, then the counts (or who deleted it) in what is left
                let (name, short, status, color, status_size) = match lbs.get(e) {
                    Ok(lb) => {
                        let kind = match lb.kind {
                            LbKind::Application => "ALB",
                            LbKind::Classic => "Classic LB",
                        };
                        let targets: Vec<&Target> = match lb.kind {
                            LbKind::Classic => lb.classic_targets.iter().collect(),
                            LbKind::Application => lb
                                .listeners
                                .iter()
                                .filter_map(|l| l.target_group)
                                .filter_map(|tg| tgs.get(tg).ok())
                                .flat_map(|tg| tg.targets.iter())
                                .collect(),
                        };
                        let healthy = targets
                            .iter()
                            .filter(|t| t.state == TargetHealthState::Healthy)
                            .count();
                        let unhealthy = targets
                            .iter()
                            .filter(|t| t.state == TargetHealthState::Unhealthy)
                            .count();
                        let other = targets.len() - healthy - unhealthy;
                        let text = if lb.state == LbState::Provisioning {
                            t("map.provisioning").to_string()
                        } else if lb.listeners.is_empty() {
                            t("map.no_listener").to_string()
                        } else {
                            let mut t = tf("map.healthy", &[("n", &healthy.to_string())]);
                            if unhealthy > 0 {
                                t.push_str(&tf("map.unhealthy", &[("n", &unhealthy.to_string())]));
                            }
                            if other > 0 {
                                t.push_str(&tf("map.other", &[("n", &other.to_string())]));
                            }
                            t
                        };
                        let color =
                            if unhealthy > 0 || (healthy == 0 && lb.state == LbState::Active) {
                                egui::Color32::from_rgb(255, 110, 100)
                            } else {
                                egui::Color32::from_rgb(140, 225, 170)
                            };
                        (
                            format!("{kind}  {}", lb.name),
                            lb.name.clone(),
                            Some(text),
                            (TEXT, color),
                            s * 0.92,
                        )
                    }
                    Err(_) => {
                        let Some(g) = ghosts.ghosts.iter().find(|g| g.key == e) else {
                            continue;
                        };
                        let red = egui::Color32::from_rgb(255, (70.0 + 80.0 * pulse) as u8, 70);
                        let by = g.by.as_ref().map(|by| {
                            let short = by.rsplit('/').next().unwrap_or(by);
                            tf("map.deleted_by", &[("who", short)])
                        });
                        let missing = tf("map.missing", &[("name", &g.lb.name)]);
                        (missing.clone(), missing, by, (red, red), s * 0.9)
                    }
                };
                let icon = match lbs.get(e).map(|l| l.kind) {
                    Ok(LbKind::Classic) => Icon::ClassicLb,
                    _ => Icon::ApplicationLb,
                };
                let (ic, shift) = icons::before_caption(left, s * 1.2);
                icons::paint(&p.p, icon, ic, s * 1.25, color.0);
                let Some(named) = p.text_fit(
                    left + egui::vec2(shift, 0.0),
                    egui::Align2::LEFT_CENTER,
                    &[&name, &short],
                    s,
                    s.min(9.0),
                    avail - shift,
                    color.0,
                ) else {
                    continue;
                };
                if let Some(text) = status {
                    let mut x = named.max.x + 14.0;
                    // an ALB's counts are its target groups' targets
                    if lbs.get(e).is_ok_and(|l| l.kind == LbKind::Application) {
                        icons::paint(
                            &p.p,
                            Icon::TargetGroup,
                            egui::pos2(x + status_size * 0.5, left.y),
                            status_size * 0.95,
                            color.1,
                        );
                        x += status_size * 1.4;
                    }
                    p.text_fit(
                        egui::pos2(x, left.y),
                        egui::Align2::LEFT_CENTER,
                        &[&text],
                        status_size,
                        status_size.min(9.0),
                        right.x - x,
                        color.1,
                    );
                }
            }
            (NodeKind::Internet, _) => {
                let rps = flow.as_ref().map(|f| format!("{:.0} req/s", f.rps));
                let sub: Vec<&str> = rps.iter().map(String::as_str).collect();
                p.service(r, Icon::Internet, t("map.internet"), &sub, TEXT);
                if let (Some(f), Some(s)) = (&flow, p.caption(14.0, 40.0, 12.0)) {
                    let fail = if f.arrived > 0 {
                        f.failed as f64 / f.arrived as f64
                    } else {
                        0.0
                    };
                    if fail > 0.005 {
                        let at = p.pos(Vec2::new(r.center().x, r.min.y));
                        p.text(
                            at + egui::vec2(0.0, 6.0),
                            egui::Align2::CENTER_TOP,
                            &format!("{:.0}% failing", fail * 100.0),
                            s * 0.9,
                            egui::Color32::from_rgb(255, 90, 90),
                        );
                    }
                }
            }
            (NodeKind::Dns, _) => {
                let host = dns.as_ref().map(|d| d.hostname.clone());
                let first = host
                    .as_ref()
                    .map(|h| h.split('.').next().unwrap_or(h).to_string());
                let sub: Vec<&str> = host
                    .iter()
                    .chain(first.iter())
                    .map(String::as_str)
                    .collect();
                p.service(r, Icon::Route53, "Route 53", &sub, TEXT);
                if let (Some(d), Some(s)) = (&dns, p.caption(14.0, 40.0, 12.0))
                    && d.pending.is_some()
                {
                    let at = p.pos(Vec2::new(r.center().x, r.min.y));
                    p.text(
                        at + egui::vec2(0.0, 6.0),
                        egui::Align2::CENTER_TOP,
                        t("map.propagating"),
                        s * 0.8,
                        DIM,
                    );
                }
            }
            (NodeKind::Cdn, NodeKey::Res(e)) => {
                let (dists, _, edge, _) = &managed;
                let status = dists.get(e).ok().map(|d| {
                    let status = d.status(now);
                    match edge.as_deref() {
                        Some(st) if status == "Deployed" && st.requests > 0 => {
                            format!("{:.0}% hit", 100.0 * st.hits as f64 / st.requests as f64)
                        }
                        _ => status.to_string(),
                    }
                });
                let sub: Vec<&str> = status.iter().map(String::as_str).collect();
                p.service(r, Icon::CloudFront, "CloudFront", &sub, TEXT);
            }
            (NodeKind::Cache, NodeKey::Res(e)) => {
                let (_, caches, _, _) = &managed;
                let status = caches.get(e).ok().map(|c| {
                    (
                        format!("{} · {}", c.engine, c.status(now)),
                        c.status(now).to_string(),
                    )
                });
                let sub: Vec<&str> = status
                    .iter()
                    .flat_map(|(a, b)| [a.as_str(), b.as_str()])
                    .collect();
                p.service(r, Icon::Cache, "ElastiCache", &sub, TEXT);
            }
            (NodeKind::Waf, NodeKey::Res(e)) => {
                let (_, _, _, extra) = &managed;
                let sub = extra
                    .0
                    .get(e)
                    .map(|a| {
                        (
                            tf(
                                "map.waf_rules",
                                &[("name", &a.name), ("n", &a.rules.len().to_string())],
                            ),
                            a.name.clone(),
                        )
                    })
                    .unwrap_or_default();
                p.service(r, Icon::Waf, "WAF", &[&sub.0, &sub.1], TEXT);
            }
            (NodeKind::Queue, NodeKey::Res(e)) => {
                let (_, _, _, extra) = &managed;
                let name = extra.1.get(e).map(|q| q.name.clone()).unwrap_or_default();
                p.service(r, Icon::Queue, "SQS", &[&name], TEXT);
            }
            (NodeKind::Function, NodeKey::Res(e)) => {
                let (_, _, _, extra) = &managed;
                let name = extra.2.get(e).map(|f| f.name.clone()).unwrap_or_default();
                p.service(r, Icon::Function, "Lambda", &[&name], TEXT);
            }
            (NodeKind::Containers, NodeKey::Res(e)) => {
                let (_, _, _, extra) = &managed;
                let name = extra.3.get(e).map(|c| c.name.clone()).unwrap_or_default();
                p.service(r, Icon::Containers, "ECS", &[&name], TEXT);
            }
            (NodeKind::Database, _) => {
                let host = scenario
                    .as_ref()
                    .map(|sc| sc.app.db_host.split('.').next().unwrap_or("").to_string());
                let sub: Vec<&str> = host.iter().map(String::as_str).collect();
                p.service(r, Icon::Database, "RDS", &sub, TEXT);
            }
            _ => {}
        }
    }

    // event tags, rising and fading; several calls on one node merge ("+2"), and tags of
    // neighbouring nodes stack instead of overlapping
    let font = egui::FontId::proportional(12.0);
    let tags: Vec<(egui::Pos2, String, f32, Color)> = toasts
        .items
        .iter()
        .filter_map(|t| {
            let (_, m) = index.0.get(&t.key).and_then(|e| nodes.get(*e).ok())?;
            let r = m.rect();
            let at = p.pos(Vec2::new(r.center().x, r.max.y)) - egui::vec2(0.0, 8.0 + 14.0 * t.age);
            let text = if t.more > 0 {
                format!("{}  +{}", t.text, t.more)
            } else {
                t.text.clone()
            };
            Some((at, text, t.age, t.color))
        })
        .collect();
    let rects: Vec<egui::Rect> = tags
        .iter()
        .map(|(at, text, _, _)| {
            let size = ctx
                .fonts_mut(|f| f.layout_no_wrap(text.clone(), font.clone(), TEXT))
                .size();
            egui::Align2::CENTER_BOTTOM
                .anchor_size(*at, size)
                .expand(3.0)
        })
        .collect();
    let offsets = stack_tags(&rects);
    for ((at, text, age, color), dy) in tags.into_iter().zip(offsets) {
        let at = at + egui::vec2(0.0, dy);
        let a = (1.0 - age / TOAST_SECONDS).clamp(0.0, 1.0);
        let t = (text, color);
        let text = t.0.clone();
        let rect = p.text(
            at,
            egui::Align2::CENTER_BOTTOM,
            &text,
            12.0,
            egui::Color32::TRANSPARENT,
        );
        p.p.rect_filled(
            rect.expand(3.0),
            4.0,
            egui::Color32::from_black_alpha((200.0 * a) as u8),
        );
        p.text(
            at,
            egui::Align2::CENTER_BOTTOM,
            &text,
            12.0,
            c32(t.1.with_alpha(a)),
        );
    }

    // a small legend in the free area's bottom-left corner
    let legend = [
        (super::shapes::palette::OK_FAST, t("map.fast")),
        (super::shapes::palette::OK_ACCEPTABLE, t("map.acceptable")),
        (super::shapes::palette::OK_SLOW, t("map.slow")),
        (super::shapes::palette::FAILED, t("map.failed")),
    ];
    let mut x = clip.min.x + 14.0;
    let y = clip.max.y - 16.0;
    for (i, (c, label)) in legend.into_iter().enumerate() {
        outcome_glyph(&p.p, i, egui::pos2(x, y), 4.5, c32(c));
        let r = p.text(
            egui::pos2(x + 8.0, y),
            egui::Align2::LEFT_CENTER,
            label,
            11.0,
            DIM,
        );
        x = r.max.x + 14.0;
    }
    let d = 4.5;
    p.p.add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(x, y - d),
            egui::pos2(x + d, y),
            egui::pos2(x, y + d),
            egui::pos2(x - d, y),
        ],
        DIM,
        egui::Stroke::NONE,
    ));
    p.text(
        egui::pos2(x + 8.0, y),
        egui::Align2::LEFT_CENTER,
        &tf("map.legend_bots", &[("n", &particles.alive.to_string())]),
        11.0,
        DIM,
    );
    Ok(())
}

/// The legend's glyph of outcome `i` (fast, acceptable, slow, failed): the particles' shapes.
fn outcome_glyph(p: &egui::Painter, i: usize, c: egui::Pos2, r: f32, color: egui::Color32) {
    match i {
        0 => {
            p.circle_filled(c, r, color);
        }
        1 => {
            p.add(egui::Shape::convex_polygon(
                vec![
                    c + egui::vec2(r * 1.1, 0.0),
                    c + egui::vec2(-r * 0.7, -r),
                    c + egui::vec2(-r * 0.7, r),
                ],
                color,
                egui::Stroke::NONE,
            ));
        }
        2 => {
            p.rect_filled(
                egui::Rect::from_center_size(c, egui::vec2(1.6 * r, 1.6 * r)),
                1.0,
                color,
            );
        }
        _ => {
            let st = egui::Stroke::new(r * 0.55, color);
            p.line_segment([c + egui::vec2(-r, -r), c + egui::vec2(r, r)], st);
            p.line_segment([c + egui::vec2(r, -r), c + egui::vec2(-r, r)], st);
        }
    }
}

pub fn plugin(app: &mut App) {
    // Only over the map of a round: the results and title screens cover the map entirely.
    app.add_systems(
        EguiPrimaryContextPass,
        paint_labels.run_if(in_state(crate::screens::Screen::Playing)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_get_readable_labels_not_id_tails() {
        let id = "i-0abe04de5ad5cb150";
        assert_eq!(short_name("web-1", id, None, "t3.micro"), "web-1");
        assert_eq!(
            short_name("unicorn-asg", id, Some(("unicorn-asg", 3)), "t3.small"),
            "#3",
            "an Auto Scaling instance named after its group gets its number"
        );
        assert_eq!(short_name("", id, None, "t3.micro"), "t3.micro");
        assert_eq!(short_name(id, id, None, "m5.large"), "m5.large");
        assert_eq!(
            short_name("checkout-worker", id, None, "t3.micro"),
            "checkout…"
        );
    }

    #[test]
    fn tags_on_neighbouring_nodes_stack_instead_of_overlapping() {
        let tag = |x: f32| egui::Rect::from_min_size(egui::pos2(x, 100.0), egui::vec2(150.0, 18.0));
        // four calls on four instances side by side, 56 px apart
        let rects: Vec<egui::Rect> = (0..4).map(|i| tag(i as f32 * 56.0)).collect();
        let offsets = stack_tags(&rects);
        let placed: Vec<egui::Rect> = rects
            .iter()
            .zip(&offsets)
            .map(|(r, dy)| r.translate(egui::vec2(0.0, *dy)))
            .collect();
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
            }
        }
        assert_eq!(offsets[0], 0.0, "the first tag stays where it was");
        // far-apart tags do not move
        assert_eq!(stack_tags(&[tag(0.0), tag(500.0)]), vec![0.0, 0.0]);
    }
}
