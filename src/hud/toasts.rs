//! Toasts: short notices for important events (an incident, a resource deleted by someone
//! else, an alarm firing, a hint) that link to their CloudTrail row or panel.

use super::{HudLayout, HudSystems, RightTab, cloudtrail, theme};
use crate::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::alarms::{AlarmLog, AlarmState, AlarmTransition};
use crate::sim::chaos::ChaosState;
use crate::sim::trail::{CloudTrail, TrailEvent};
use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

/// Seconds (real time) a toast stays on screen.
const TOAST_SECONDS: f64 = 14.0;
/// Toasts shown at once.
const MAX_TOASTS: usize = 5;
/// Toasts drawn at once (the newest).
const VISIBLE_TOASTS: usize = 3;

#[derive(Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub color: egui::Color32,
    /// The CloudTrail event it is about (clicking it shows that row).
    pub event: Option<u64>,
    /// The right-hand tab it opens when clicked.
    pub tab: Option<RightTab>,
    /// Real time it appeared (set when pushed).
    pub born: f64,
}

impl Toast {
    pub fn new(text: impl Into<String>, color: egui::Color32) -> Self {
        Self {
            text: text.into(),
            color,
            event: None,
            tab: None,
            born: f64::NAN,
        }
    }

    pub fn event(mut self, number: u64) -> Self {
        self.event = Some(number);
        self
    }

    pub fn opens(mut self, tab: RightTab) -> Self {
        self.tab = Some(tab);
        self
    }
}

/// Toasts on screen, and how far the trail and the incident log have been scanned.
#[derive(Resource, Default)]
pub struct Toasts {
    pub items: Vec<Toast>,
    trail_scanned: u64,
    chaos_scanned: usize,
    alarms_scanned: usize,
}

/// Adds a toast.
pub fn push(world: &mut World, mut toast: Toast) {
    toast.born = world.resource::<Time<Real>>().elapsed_secs_f64();
    let mut t = world.resource_mut::<Toasts>();
    t.items.push(toast);
    let n = t.items.len();
    if n > MAX_TOASTS {
        t.items.drain(..n - MAX_TOASTS);
    }
}

/// The toast a trail event deserves, if any: successful calls by principals outside the team
/// (deletions say what vanished).
pub fn toast_for_event(e: &TrailEvent) -> Option<Toast> {
    if !e.principal.is_unknown() || e.error.is_some() {
        return None;
    }
    let name = e.event_name();
    let what = e.resources.first().cloned().unwrap_or_default();
    let text = if name.starts_with("Delete") || name.starts_with("Terminate") {
        tf("toast.vanished", &[("what", &what), ("event", name)])
    } else {
        tf("toast.stranger", &[("what", &what), ("event", name)])
    };
    Some(Toast::new(text, theme::RED).event(e.number))
}

/// The toast an alarm state change deserves: entering ALARM (with what its actions did).
pub fn toast_for_alarm(t: &AlarmTransition) -> Option<Toast> {
    if t.to != AlarmState::Alarm {
        return None;
    }
    let mut text = tf("toast.alarm", &[("alarm", &t.alarm)]);
    if !t.actions.is_empty() {
        text.push_str(&format!(" — {}", t.actions.join(", ")));
    }
    Some(Toast::new(text, theme::RED).opens(RightTab::Alarms))
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Toasts>()
        .add_systems(OnEnter(Screen::Playing), reset)
        .add_systems(
            EguiPrimaryContextPass,
            collect
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Input),
        );
}

fn reset(mut toasts: ResMut<Toasts>) {
    *toasts = Toasts::default();
}

fn collect(world: &mut World) {
    let Some(trail) = world.get_resource::<CloudTrail>() else {
        return;
    };
    let since = world.resource::<Toasts>().trail_scanned;
    let total = trail.total;
    let new: Vec<Toast> = trail.since(since).filter_map(toast_for_event).collect();
    let chaos: Vec<String> = world
        .get_resource::<ChaosState>()
        .map(|c| {
            let from = world.resource::<Toasts>().chaos_scanned;
            c.log.iter().skip(from).map(|(_, s)| s.clone()).collect()
        })
        .unwrap_or_default();
    let alarms: Vec<Toast> = world
        .get_resource::<AlarmLog>()
        .map(|log| {
            let from = world.resource::<Toasts>().alarms_scanned;
            log.0
                .iter()
                .skip(from)
                .filter_map(toast_for_alarm)
                .collect()
        })
        .unwrap_or_default();
    let alarm_count = world.get_resource::<AlarmLog>().map_or(0, |l| l.0.len());
    {
        let mut t = world.resource_mut::<Toasts>();
        t.trail_scanned = total;
        t.chaos_scanned += chaos.len();
        t.alarms_scanned = alarm_count;
    }
    for t in alarms {
        push(world, t);
    }
    for text in chaos {
        push(
            world,
            Toast::new(tf("toast.incident", &[("text", &text)]), theme::AMBER),
        );
    }
    for t in new {
        push(world, t);
    }
}

/// Width of a toast, in logical pixels (less in a narrow map area).
const TOAST_WIDTH: f32 = 380.0;
/// A toast's margin above and below its line, and the space between toasts.
const TOAST_MARGIN_Y: i8 = 5;
const TOAST_SPACING: f32 = 4.0;
/// Gap between the toasts and the map area's top-right corner.
const TOAST_INSET: f32 = 8.0;

/// Height of the strip at the top of the map area the toasts may cover: "fit all" keeps the
/// map below it, so a toast never hides part of the estate while the camera follows.
pub fn strip_height(style: &egui::Style) -> f32 {
    let line = style.spacing.interact_size.y.max(20.0);
    let row = line + 2.0 * TOAST_MARGIN_Y as f32 + TOAST_SPACING;
    TOAST_INSET + VISIBLE_TOASTS as f32 * row
}

/// Draws the toasts in the top-right corner of the map area, one line each (the whole text on
/// hover), newest first.
pub fn show(ctx: &egui::Context, free: egui::Rect, world: &mut World) {
    let now = world.resource::<Time<Real>>().elapsed_secs_f64();
    world
        .resource_mut::<Toasts>()
        .items
        .retain(|t| now - t.born < TOAST_SECONDS);
    let items = world.resource::<Toasts>().items.clone();
    // Only the newest few are drawn, so they stay inside their strip; older ones wait.
    let first_visible = items.len().saturating_sub(VISIBLE_TOASTS);
    let mut clicked = None;
    let mut dismissed = None;
    let width = TOAST_WIDTH.min(free.width() - 2.0 * TOAST_INSET).max(160.0);
    egui::Area::new("toasts".into())
        .fixed_pos(egui::pos2(
            free.max.x - width - TOAST_INSET,
            free.min.y + TOAST_INSET,
        ))
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            ui.set_width(width);
            for (i, toast) in items.iter().enumerate().skip(first_visible).rev() {
                // fade out over the last second
                let left = TOAST_SECONDS - (now - toast.born);
                let alpha = left.clamp(0.0, 1.0) as f32;
                if alpha < 1.0 {
                    ui.ctx().request_repaint();
                }
                let r = egui::Frame::new()
                    .fill(theme::INK.gamma_multiply(alpha))
                    .stroke(egui::Stroke::new(2.0, toast.color.gamma_multiply(alpha)))
                    .corner_radius(6)
                    .inner_margin(egui::Margin::symmetric(6, TOAST_MARGIN_Y))
                    .show(ui, |ui| {
                        ui.set_width(width - 12.0);
                        ui.horizontal(|ui| {
                            if theme::small_button(ui, "×")
                                .on_hover_text(t("toast.dismiss"))
                                .clicked()
                            {
                                dismissed = Some(i);
                            }
                            let label = egui::Label::new(
                                egui::RichText::new(&toast.text)
                                    .color(toast.color.gamma_multiply(alpha))
                                    .strong(),
                            )
                            .truncate();
                            // a cut text shows in full on hover (egui's own tooltip)
                            ui.add(label);
                        });
                    })
                    .response
                    .interact(egui::Sense::click());
                // Where a click leads is told on hover, so a toast stays one line over the map.
                let r = match (toast.event.is_some(), toast.tab.is_some()) {
                    (true, _) => r.on_hover_text(t("toast.click_trail")),
                    (false, true) => r.on_hover_text(t("toast.click_open")),
                    _ => r,
                };
                if r.clicked() {
                    clicked = Some(i);
                }
                ui.add_space(TOAST_SPACING);
            }
        });
    if let Some(i) = clicked {
        let t = &items[i];
        if let Some(n) = t.event {
            cloudtrail::focus_event(world, n);
        }
        if let Some(tab) = t.tab {
            let mut layout = world.resource_mut::<HudLayout>();
            layout.cloudwatch = true;
            layout.right_tab = tab;
        }
        dismissed = Some(i);
    }
    if let Some(i) = dismissed {
        world.resource_mut::<Toasts>().items.remove(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::command::{Command, Principal};

    fn event(principal: Principal, command: Command) -> TrailEvent {
        TrailEvent {
            number: 9,
            ..TrailEvent::new(0.0, principal, command, vec!["unicorn-alb".into()], None)
        }
    }

    #[test]
    fn deletions_by_strangers_toast_and_link_to_the_row() {
        let delete = Command::DeleteLoadBalancer {
            kind: crate::sim::command::LbKind::Application,
            name_or_arn: "unicorn-alb".into(),
        };
        let t = toast_for_event(&event(Principal::Unknown("arn:x".into()), delete.clone()))
            .expect("a toast");
        assert!(t.text.contains("unicorn-alb vanished"));
        assert_eq!(t.event, Some(9));
        assert!(toast_for_event(&event(Principal::Player, delete)).is_none());
    }

    #[test]
    fn alarms_entering_alarm_toast() {
        let mut t = AlarmTransition {
            time: 60.0,
            alarm: "cpu-high".into(),
            from: AlarmState::Ok,
            to: AlarmState::Alarm,
            reason: String::new(),
            actions: vec!["executed out on web".into()],
        };
        let toast = toast_for_alarm(&t).unwrap();
        assert_eq!(toast.text, "ALARM: cpu-high — executed out on web");
        assert_eq!(toast.tab, Some(RightTab::Alarms));
        t.to = AlarmState::Ok;
        assert!(toast_for_alarm(&t).is_none());
    }
}
