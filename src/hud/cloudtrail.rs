//! CloudTrail (bottom panel): a filterable, searchable log of every command with time,
//! principal, event name, resource and error code. Calls by unknown principals stand out;
//! clicking a row selects its resource on the map.

use super::{HudLayout, theme};
use crate::i18n::{t, tf};
use crate::sim::clock::SimClock;
use crate::sim::command::Principal;
use crate::sim::ids::IdRegistry;
use crate::sim::trail::{CloudTrail, TrailEvent};
use crate::ui_state::Selected;
use bevy::prelude::*;
use bevy_egui::egui;

/// Rows shown at most (newest first).
const MAX_ROWS: usize = 300;

/// Who a filter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Everyone,
    Team,
    AutoScaling,
    Unknown,
}

/// The trail's filter.
#[derive(Clone, Debug, PartialEq)]
pub struct TrailFilter {
    /// Case-insensitive text found in the event name, a resource, the principal or the error.
    pub search: String,
    pub who: Who,
    pub errors_only: bool,
    /// Show read events (`describe-*`, `get-*`: `readOnly: true`); hidden by default, as
    /// in the CloudTrail console's write-only view.
    pub reads: bool,
}

impl Default for TrailFilter {
    fn default() -> Self {
        Self {
            search: String::new(),
            who: Who::Everyone,
            errors_only: false,
            reads: false,
        }
    }
}

/// One row of the trail table.
#[derive(Clone, Debug, PartialEq)]
pub struct TrailRow {
    pub number: u64,
    pub time: f64,
    pub principal: String,
    pub event: &'static str,
    pub resource: String,
    pub error: Option<String>,
    pub unknown: bool,
}

/// A short name for the principal column.
pub fn principal_label(p: &Principal) -> String {
    match p {
        Principal::Player => "devops-team".into(),
        Principal::Bot(n) => format!("bot-{n}"),
        Principal::AutoScaling => "autoscaling".into(),
        Principal::CloudFormation => "cloudformation".into(),
        Principal::Unknown(arn) => arn.rsplit('/').next().unwrap_or(arn).to_string(),
    }
}

fn keep(e: &TrailEvent, f: &TrailFilter) -> bool {
    let who = match f.who {
        Who::Everyone => true,
        Who::Team => matches!(e.principal, Principal::Player | Principal::Bot(_)),
        Who::AutoScaling => e.principal == Principal::AutoScaling,
        Who::Unknown => e.principal.is_unknown(),
    };
    if !who || (f.errors_only && e.error.is_none()) || (!f.reads && e.command.read_only()) {
        return false;
    }
    let q = f.search.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    e.event_name().to_lowercase().contains(&q)
        || e.resources.iter().any(|r| r.to_lowercase().contains(&q))
        || e.principal.arn().to_lowercase().contains(&q)
        || e.error.as_ref().is_some_and(|x| {
            x.code.to_lowercase().contains(&q) || x.message.to_lowercase().contains(&q)
        })
}

/// The rows the filter keeps, newest first, at most `limit`.
pub fn filter_rows(trail: &CloudTrail, f: &TrailFilter, limit: usize) -> Vec<TrailRow> {
    trail
        .events
        .iter()
        .rev()
        .filter(|e| keep(e, f))
        .take(limit)
        .map(|e| TrailRow {
            number: e.number,
            time: e.time,
            principal: principal_label(&e.principal),
            event: e.event_name(),
            resource: e.resources.first().cloned().unwrap_or_default(),
            error: e.error.as_ref().map(|x| x.code.clone()),
            unknown: e.principal.is_unknown(),
        })
        .collect()
}

/// The entity a trail resource names (an id, or a Name tag), if it still exists.
pub fn resolve_resource(world: &mut World, id: &str) -> Option<Entity> {
    if let Some(e) = world.resource::<IdRegistry>().get(id)
        && world.get_entity(e).is_ok()
    {
        return Some(e);
    }
    let mut q = world.query::<(Entity, &Name, &crate::sim::model::Seq)>();
    q.iter(world)
        .find(|(_, n, _)| n.as_str() == id)
        .map(|(e, _, _)| e)
}

#[derive(Resource, Default, Debug)]
pub struct TrailState {
    pub filter: TrailFilter,
    /// The event to highlight and scroll to (from a toast or the inspector).
    pub focus: Option<u64>,
    pub scroll_to_focus: bool,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TrailState>()
        .add_systems(OnEnter(crate::screens::Screen::Playing), reset);
}

fn reset(mut s: ResMut<TrailState>) {
    *s = TrailState::default();
}

/// Shows one event: clears the filter, highlights and scrolls to it, selects its resource.
pub fn focus_event(world: &mut World, number: u64) {
    let (resource, read) = world
        .resource::<CloudTrail>()
        .events
        .iter()
        .find(|e| e.number == number)
        .map(|e| (e.resources.first().cloned(), e.command.read_only()))
        .unwrap_or_default();
    {
        let mut s = world.resource_mut::<TrailState>();
        s.filter = TrailFilter {
            reads: read,
            ..TrailFilter::default()
        };
        s.focus = Some(number);
        s.scroll_to_focus = true;
    }
    world.resource_mut::<HudLayout>().bottom = true;
    if let Some(r) = resource
        && let Some(e) = resolve_resource(world, &r)
    {
        world.resource_mut::<Selected>().0 = Some(e);
    }
}

/// Draws the trail.
pub fn show(ui: &mut egui::Ui, world: &mut World) {
    let mut st = std::mem::take(&mut *world.resource_mut::<TrailState>());
    let (total, errors) = {
        let t = world.resource::<CloudTrail>();
        (t.total, t.errors)
    };
    ui.horizontal(|ui| {
        theme::section(ui, "CloudTrail");
        ui.label(
            egui::RichText::new(tf(
                "trail.counts",
                &[
                    ("total", &total.to_string()),
                    ("errors", &errors.to_string()),
                ],
            ))
            .small()
            .color(theme::DIM),
        );
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut st.filter.search)
                .hint_text(t("trail.search"))
                .desired_width(220.0),
        );
        // a filter can always be cleared with one click
        if !st.filter.search.is_empty()
            && ui
                .small_button("×")
                .on_hover_text(t("trail.clear_search"))
                .clicked()
        {
            st.filter.search.clear();
        }
        for (w, l) in [
            (Who::Everyone, t("trail.who.all")),
            (Who::Team, t("trail.who.team")),
            (Who::AutoScaling, t("trail.who.autoscaling")),
            (Who::Unknown, t("trail.who.unknown")),
        ] {
            ui.selectable_value(&mut st.filter.who, w, l);
        }
        ui.checkbox(&mut st.filter.errors_only, t("trail.errors_only"));
        ui.checkbox(&mut st.filter.reads, t("trail.reads"));
    });
    let rows = filter_rows(world.resource::<CloudTrail>(), &st.filter, MAX_ROWS);
    let clock = world.resource::<SimClock>().clone();
    let mut clicked: Option<String> = None;
    egui::ScrollArea::both()
        .id_salt("trail-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("trail-grid")
                .striped(true)
                .spacing(egui::vec2(10.0, 2.0))
                .show(ui, |ui| {
                    for h in [
                        "#",
                        t("trail.col.time"),
                        t("trail.col.principal"),
                        t("trail.col.event"),
                        t("trail.col.resource"),
                        t("trail.col.error"),
                    ] {
                        ui.label(egui::RichText::new(h).strong().color(theme::DIM));
                    }
                    ui.end_row();
                    for r in &rows {
                        let focused = st.focus == Some(r.number);
                        let color = if r.unknown {
                            theme::RED
                        } else if r.error.is_some() {
                            theme::AMBER
                        } else {
                            theme::TEXT
                        };
                        let num = ui.selectable_label(
                            focused,
                            egui::RichText::new(format!("{}", r.number))
                                .monospace()
                                .color(color),
                        );
                        if focused && st.scroll_to_focus {
                            num.scroll_to_me(Some(egui::Align::Center));
                            st.scroll_to_focus = false;
                        }
                        ui.label(egui::RichText::new(clock.wall_clock(r.time)).monospace());
                        let who = egui::RichText::new(if r.unknown {
                            format!("⚠ {}", r.principal)
                        } else {
                            r.principal.clone()
                        })
                        .color(color);
                        ui.label(if r.unknown { who.strong() } else { who });
                        let ev =
                            ui.selectable_label(focused, egui::RichText::new(r.event).color(color));
                        let res = ui.selectable_label(
                            false,
                            egui::RichText::new(&r.resource)
                                .monospace()
                                .color(theme::BLUE),
                        );
                        ui.label(
                            egui::RichText::new(r.error.clone().unwrap_or_default())
                                .color(theme::RED),
                        );
                        ui.end_row();
                        if num.clicked() || ev.clicked() || res.clicked() {
                            st.focus = Some(r.number);
                            clicked = Some(r.resource.clone());
                        }
                    }
                });
            if rows.is_empty() {
                ui.label(egui::RichText::new(t("trail.none")).color(theme::DIM));
            }
        });
    *world.resource_mut::<TrailState>() = st;
    if let Some(r) = clicked
        && let Some(e) = resolve_resource(world, &r)
    {
        world.resource_mut::<Selected>().0 = Some(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::command::{ApiError, Command};

    fn trail() -> CloudTrail {
        let mut t = CloudTrail::default();
        t.record(crate::sim::trail::TrailEvent::new(
            1.0,
            Principal::Player,
            Command::DeleteSubnet {
                subnet_id: "subnet-1".into(),
            },
            vec!["subnet-1".into()],
            Some(ApiError::new("DependencyViolation", "in use")),
        ));
        t.record(crate::sim::trail::TrailEvent::new(
            2.0,
            Principal::Unknown("arn:aws:iam::1:user/contractor-temp".into()),
            Command::TerminateInstances {
                instance_ids: vec!["i-9".into()],
            },
            vec!["i-9".into()],
            None,
        ));
        t.record(crate::sim::trail::TrailEvent::new(
            3.0,
            Principal::AutoScaling,
            Command::AllocateAddress,
            vec![],
            None,
        ));
        t
    }

    #[test]
    fn filters_by_principal_errors_and_text() {
        let t = trail();
        let all = filter_rows(&t, &TrailFilter::default(), 10);
        assert_eq!(
            all.iter().map(|r| r.number).collect::<Vec<_>>(),
            vec![3, 2, 1]
        );
        let f = TrailFilter {
            who: Who::Unknown,
            ..Default::default()
        };
        let rows = filter_rows(&t, &f, 10);
        assert_eq!(rows.len(), 1);
        assert!(rows[0].unknown);
        assert_eq!(rows[0].principal, "contractor-temp");
        assert_eq!(rows[0].resource, "i-9");
        let f = TrailFilter {
            errors_only: true,
            ..Default::default()
        };
        assert_eq!(
            filter_rows(&t, &f, 10)[0].error.as_deref(),
            Some("DependencyViolation")
        );
        let f = TrailFilter {
            search: "SUBNET".into(),
            ..Default::default()
        };
        assert_eq!(filter_rows(&t, &f, 10).len(), 1);
        let f = TrailFilter {
            search: "dependency".into(),
            ..Default::default()
        };
        assert_eq!(filter_rows(&t, &f, 10).len(), 1);
        assert_eq!(filter_rows(&t, &TrailFilter::default(), 2).len(), 2);
    }

    #[test]
    fn read_events_are_hidden_until_the_player_asks_for_them() {
        let mut t = trail();
        t.record(crate::sim::trail::TrailEvent::new(
            4.0,
            Principal::Player,
            Command::Read(crate::sim::command::Read::GetCallerIdentity),
            vec![],
            None,
        ));
        let shown = |f: &TrailFilter| {
            filter_rows(&t, f, 10)
                .iter()
                .map(|r| r.event)
                .collect::<Vec<_>>()
        };
        assert!(!shown(&TrailFilter::default()).contains(&"GetCallerIdentity"));
        let f = TrailFilter {
            reads: true,
            ..Default::default()
        };
        assert_eq!(shown(&f)[0], "GetCallerIdentity");
        assert_eq!(shown(&f).len(), 4);
    }
}
