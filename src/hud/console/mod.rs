//! The console (left panel): an AWS-console-like navigator of EC2, VPC, Load Balancing, Auto
//! Scaling and Route 53 pages, each with a table of resources and a form for every operation
//! that belongs there. Every form shows its equivalent `aws` CLI line and its result inline.

pub mod forms;
pub mod tables;

use super::{submit, theme};
use crate::awscli::{OptionShape, operations, services, to_cli};
use crate::i18n::{t, tf};
use crate::screens::Screen;
use crate::sim::command::Ticket;
use crate::sim::command::{Command, LaunchTemplateData};
use crate::sim::model::*;
use crate::ui_state::Selected;
use bevy::prelude::*;
use bevy_egui::egui;
use std::collections::HashMap;
use tables::{RowMood, Table};

/// The console's pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    Instances,
    LaunchTemplates,
    Subnets,
    RouteTables,
    SecurityGroups,
    LoadBalancers,
    TargetGroups,
    AutoScalingGroups,
    ScalingPolicies,
    ScheduledActions,
    Route53,
    Alarms,
}

/// The navigator: (service group, pages with their labels).
pub const NAVIGATOR: &[(&str, &[(Page, &str)])] = &[
    (
        "EC2",
        &[
            (Page::Instances, "Instances"),
            (Page::LaunchTemplates, "Launch templates"),
        ],
    ),
    (
        "VPC",
        &[
            (Page::Subnets, "Subnets"),
            (Page::RouteTables, "Route tables"),
            (Page::SecurityGroups, "Security groups"),
        ],
    ),
    (
        "Load Balancing",
        &[
            (Page::LoadBalancers, "Load balancers"),
            (Page::TargetGroups, "Target groups"),
        ],
    ),
    (
        "Auto Scaling",
        &[
            (Page::AutoScalingGroups, "Groups"),
            (Page::ScalingPolicies, "Policies"),
            (Page::ScheduledActions, "Scheduled actions"),
        ],
    ),
    (
        "Route 53 · CloudWatch",
        &[(Page::Route53, "DNS records"), (Page::Alarms, "Alarms")],
    ),
];

/// A navigator label in the current language (`nav.<label>`); service names without an entry
/// (EC2, VPC, Auto Scaling, Route 53) stay as AWS writes them.
pub fn nav_label(label: &str) -> &str {
    let key = format!("nav.{}", {
        let s: Vec<String> = label
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        s.join("_")
    });
    let text = t(&key);
    if text == key { label } else { text }
}

/// The page an operation's form lives on.
pub fn page_of(service: &str, operation: &str) -> Page {
    match (service, operation) {
        ("ec2", op) if op.contains("launch-template") => Page::LaunchTemplates,
        ("ec2", op) if op.contains("subnet") || op.contains("network-interface") => Page::Subnets,
        ("ec2", op) if op.contains("route") => Page::RouteTables,
        ("ec2", op) if op.contains("security-group") => Page::SecurityGroups,
        ("ec2", _) => Page::Instances,
        ("elb", _) => Page::LoadBalancers,
        ("elbv2", op) if op.contains("target") => Page::TargetGroups,
        ("elbv2", _) => Page::LoadBalancers,
        ("autoscaling", "put-scaling-policy") => Page::ScalingPolicies,
        ("autoscaling", "put-scheduled-update-group-action") => Page::ScheduledActions,
        ("autoscaling", _) => Page::AutoScalingGroups,
        ("cloudwatch", _) => Page::Alarms,
        _ => Page::Route53,
    }
}

/// The actions a page offers as forms: its service's calls that change something (the reads,
/// `describe-*`, `get-*`, `list-*`, are what the page's table already shows, and the CLI's).
pub fn page_operations(page: Page) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    for s in services() {
        for op in operations(s) {
            let read = ["describe-", "get-", "list-"]
                .iter()
                .any(|p| op.starts_with(p));
            if !read && page_of(s, op) == page {
                out.push((*s, *op));
            }
        }
    }
    out
}

/// The table a page shows.
pub fn page_table(world: &mut World, page: Page) -> Table {
    match page {
        Page::Instances => tables::instances(world),
        Page::LaunchTemplates => tables::launch_templates(world),
        Page::Subnets => tables::subnets(world),
        Page::RouteTables => tables::route_tables(world),
        Page::SecurityGroups => tables::security_groups(world),
        Page::LoadBalancers => tables::load_balancers(world),
        Page::TargetGroups => tables::target_groups(world),
        Page::AutoScalingGroups => tables::auto_scaling_groups(world),
        Page::ScalingPolicies => tables::scaling_policies(world),
        Page::ScheduledActions => tables::scheduled_actions(world),
        Page::Route53 => tables::dns_records(world),
        Page::Alarms => tables::alarm_table(world),
    }
}

/// One form's fields and its last submission.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub values: Vec<String>,
    pub flags: Vec<Option<bool>>,
    pub sent: Option<Ticket>,
    /// The values the form last pre-filled (a field still equal to its default is the
    /// player's to keep only once they edit it).
    pub defaults: Vec<String>,
    /// CloudTrail's event count when the defaults were computed: a new event means the world
    /// may have changed, and the untouched fields are filled again.
    pub world_at: u64,
}

impl FormState {
    /// A form pre-filled with `defaults`, computed when the trail had `world_at` events.
    pub fn new(values: Vec<String>, flags: Vec<Option<bool>>, world_at: u64) -> Self {
        Self {
            defaults: values.clone(),
            values,
            flags,
            sent: None,
            world_at,
        }
    }

    /// New defaults after the world changed: every field the player has not edited takes its
    /// new default (a listener form opened before the target group existed gets its ARN).
    pub fn refresh(&mut self, defaults: Vec<String>, world_at: u64) {
        for (i, new) in defaults.iter().enumerate() {
            if self.values.get(i) == self.defaults.get(i)
                && let Some(v) = self.values.get_mut(i)
            {
                v.clone_from(new);
            }
        }
        self.defaults = defaults;
        self.world_at = world_at;
    }
}

/// The launch-template user-data editor.
#[derive(Clone, Debug, Default)]
pub struct UserDataEditor {
    pub template: String,
    pub loaded_from: Option<(String, u32)>,
    pub script: String,
    pub instance_type: String,
    pub description: String,
    pub sent: Option<Ticket>,
}

/// The operation forms of one panel (the console, the alarms tab): each form's fields and
/// last submission by `"service operation"`, and which one is open.
#[derive(Clone, Debug, Default)]
pub struct Forms {
    pub fields: HashMap<String, FormState>,
    pub open: Option<String>,
}

#[derive(Resource, Debug)]
pub struct ConsoleState {
    pub page: Page,
    pub forms: Forms,
    pub user_data: UserDataEditor,
}

impl Default for ConsoleState {
    fn default() -> Self {
        Self {
            page: Page::Instances,
            forms: Forms::default(),
            user_data: UserDataEditor::default(),
        }
    }
}

/// Marks the console panel's systems.
#[derive(Component)]
pub struct ConsolePanel;

pub fn plugin(app: &mut App) {
    app.init_resource::<ConsoleState>()
        .add_systems(OnEnter(Screen::Playing), reset);
}

fn reset(mut state: ResMut<ConsoleState>) {
    *state = ConsoleState::default();
}

/// Opens a page (and optionally a form on it) from elsewhere (inspector, hints).
pub fn open(world: &mut World, page: Page, form: Option<(&str, &str)>) {
    let mut s = world.resource_mut::<ConsoleState>();
    s.page = page;
    if let Some((svc, op)) = form {
        let key = format!("{svc} {op}");
        s.forms.fields.remove(&key);
        s.forms.open = Some(key);
    }
    world.resource_mut::<super::HudLayout>().console = true;
}

/// Opens the console on the launch templates with `template`'s latest script loaded in the
/// user-data editor (from a map menu: a new version whose script the player writes).
pub fn edit_template(world: &mut World, template: &str) {
    world.resource_mut::<ConsoleState>().user_data = UserDataEditor {
        template: template.to_string(),
        ..Default::default()
    };
    open(world, Page::LaunchTemplates, None);
}

/// Draws the console.
pub fn show(ui: &mut egui::Ui, world: &mut World) {
    world.resource_scope(|world, mut state: Mut<ConsoleState>| {
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new("aws")
                    .strong()
                    .color(theme::ORANGE)
                    .size(20.0),
            );
            ui.label(
                egui::RichText::new(t("console.heading"))
                    .strong()
                    .size(18.0),
            );
        });
        for (group, pages) in NAVIGATOR {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(nav_label(group))
                        .small()
                        .color(theme::DIM),
                );
                for (page, label) in *pages {
                    if ui
                        .add(theme::tab(nav_label(label), state.page == *page))
                        .clicked()
                    {
                        state.page = *page;
                    }
                }
            });
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("console-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let table = page_table(world, state.page);
                draw_table(ui, world, &table);
                ui.add_space(8.0);
                if state.page == Page::LaunchTemplates {
                    user_data_editor(ui, world, &mut state.user_data);
                }
                theme::section(ui, t("console.actions"));
                for (svc, op) in page_operations(state.page) {
                    form(ui, world, &mut state.forms, svc, op, &[]);
                }
            });
    });
}

fn mood_color(m: RowMood) -> egui::Color32 {
    match m {
        RowMood::Normal => theme::TEXT,
        RowMood::Good => theme::GREEN,
        RowMood::Warn => theme::AMBER,
        RowMood::Bad => theme::RED,
    }
}

/// A table whose first cell selects the row's resource.
pub fn draw_table(ui: &mut egui::Ui, world: &mut World, table: &Table) {
    let selected = world.resource::<Selected>().0;
    if table.rows.is_empty() {
        ui.label(egui::RichText::new(t("console.no_resources")).color(theme::DIM));
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt(("table", table.headers[0], table.headers.len()))
        .show(ui, |ui| {
            egui::Grid::new(("grid", table.headers.clone()))
                .striped(true)
                .spacing(egui::vec2(12.0, 4.0))
                .show(ui, |ui| {
                    for h in &table.headers {
                        ui.label(egui::RichText::new(*h).strong().color(theme::DIM));
                    }
                    ui.end_row();
                    for row in &table.rows {
                        for (i, cell) in row.cells.iter().enumerate() {
                            let color = mood_color(row.mood);
                            if i == 0 {
                                let is_sel = row.entity.is_some() && row.entity == selected;
                                let r = ui.selectable_label(
                                    is_sel,
                                    egui::RichText::new(cell).color(color).strong(),
                                );
                                if r.clicked()
                                    && let Some(e) = row.entity
                                {
                                    world.resource_mut::<Selected>().0 = Some(e);
                                }
                            } else if i == 1 && cell.contains('-') {
                                ui.label(egui::RichText::new(cell).monospace().color(theme::BLUE));
                            } else {
                                ui.label(egui::RichText::new(cell).color(color));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// The inline result of a submission.
pub fn outcome_line(ui: &mut egui::Ui, world: &World, sent: Option<Ticket>) {
    let Some(id) = sent else {
        return;
    };
    let Some(p) = world.resource::<submit::Outbox>().get(id) else {
        return;
    };
    let (ok, text) = submit::describe(p);
    let color = match (&p.outcome, ok) {
        (None, _) => theme::AMBER,
        (_, true) => theme::GREEN,
        (_, false) => theme::RED,
    };
    ui.label(egui::RichText::new(text).color(color).strong());
}

/// The equivalent CLI line, with a copy button.
pub fn cli_line(ui: &mut egui::Ui, line: &str) {
    egui::Frame::new()
        .fill(theme::TERMINAL)
        .inner_margin(6)
        .corner_radius(4)
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                if theme::small_button(ui, t("console.copy"))
                    .on_hover_text(t("console.copy_tip"))
                    .clicked()
                {
                    ui.ctx().copy_text(line.to_string());
                }
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!("$ {line}"))
                            .monospace()
                            .color(theme::GREEN),
                    )
                    .wrap(),
                );
            });
        });
}

/// One operation's form, collapsed until opened: a field per option, pre-filled (the
/// operation's defaults, then `preset`), with the resources that fit each field to pick from,
/// the `aws …` line it makes, a send button and the answer.
pub fn form(
    ui: &mut egui::Ui,
    world: &mut World,
    forms: &mut Forms,
    svc: &str,
    op: &str,
    preset: &[(&'static str, String)],
) {
    let key = format!("{svc} {op}");
    let open = forms.open.as_deref() == Some(key.as_str());
    let header = egui::CollapsingHeader::new(
        egui::RichText::new(format!("{svc} {op}"))
            .monospace()
            .strong(),
    )
    .id_salt(&key)
    .open(Some(open))
    .show(ui, |ui| {
        let selected = world.resource::<Selected>().0;
        let options = forms::form_options(svc, op);
        let world_at = world.resource::<crate::sim::trail::CloudTrail>().total;
        if !forms.fields.contains_key(&key) {
            let (values, flags) = forms::default_values(world, svc, op, selected, preset);
            forms
                .fields
                .insert(key.clone(), FormState::new(values, flags, world_at));
        }
        let f = forms.fields.get_mut(&key).unwrap();
        if f.world_at != world_at {
            let (fresh, _) = forms::default_values(world, svc, op, selected, preset);
            f.refresh(fresh, world_at);
        }
        egui::Grid::new(("form", &key))
            .num_columns(2)
            .spacing(egui::vec2(6.0, 4.0))
            .show(ui, |ui| {
                for (i, o) in options.iter().enumerate() {
                    let label = if o.required {
                        egui::RichText::new(format!("{} *", o.name)).color(theme::TEXT)
                    } else {
                        egui::RichText::new(o.name).color(theme::DIM)
                    };
                    ui.label(label.monospace().small());
                    ui.horizontal(|ui| match o.shape {
                        OptionShape::Flag => {
                            let v = &mut f.flags[i];
                            egui::ComboBox::from_id_salt((&key, i))
                                .selected_text(match v {
                                    None => t("form.default"),
                                    Some(true) => o.name,
                                    Some(false) => o.negated.unwrap_or(t("form.off")),
                                })
                                .show_ui(ui, |ui| {
                                    ui.selectable_value(v, None, t("form.default"));
                                    ui.selectable_value(v, Some(true), o.name);
                                    if let Some(no) = o.negated {
                                        ui.selectable_value(v, Some(false), no);
                                    }
                                });
                        }
                        _ => {
                            let candidates = forms::resource_values(world, o.name);
                            ui.add(
                                egui::TextEdit::singleline(&mut f.values[i])
                                    .font(egui::TextStyle::Monospace)
                                    .desired_width(230.0),
                            );
                            if !candidates.is_empty() {
                                ui.menu_button("⏷", |ui| {
                                    for (value, label) in &candidates {
                                        if ui.button(format!("{value}  {label}")).clicked() {
                                            if o.shape == OptionShape::Words
                                                && !f.values[i].trim().is_empty()
                                                && o.name != "--instance-ids"
                                            {
                                                f.values[i].push(' ');
                                                f.values[i].push_str(value);
                                            } else {
                                                f.values[i] = value.clone();
                                            }
                                            ui.close();
                                        }
                                    }
                                });
                            }
                        }
                    });
                    ui.end_row();
                }
            });
        let parsed = forms::form_command(svc, op, &f.values, &f.flags);
        ui.horizontal(|ui| {
            let send = ui.add_enabled(parsed.is_ok(), theme::primary_button(t("form.send")));
            if send.clicked()
                && let Ok(cmd) = &parsed
            {
                f.sent = Some(submit::submit(world, cmd.clone()));
            }
            if ui
                .button(t("form.reset"))
                .on_hover_text(t("form.reset_tip"))
                .clicked()
            {
                let (values, flags) = forms::default_values(world, svc, op, selected, preset);
                *f = FormState {
                    sent: f.sent,
                    ..FormState::new(values, flags, world_at)
                };
            }
        });
        match &parsed {
            Ok(cmd) => cli_line(ui, &to_cli(cmd)),
            Err(e) => {
                ui.label(egui::RichText::new(e).monospace().color(theme::RED));
            }
        }
        outcome_line(ui, world, f.sent);
    });
    if header.header_response.clicked() {
        forms.open = if open { None } else { Some(key) };
    }
}

/// The user data of a template version, for the editor.
pub fn template_script(world: &mut World, name: &str) -> Option<(u32, String, String)> {
    let e = crate::sim::world::all::<LaunchTemplate>(world)
        .into_iter()
        .find(|&e| world.get::<LaunchTemplate>(e).unwrap().name == name)?;
    let t = world.get::<LaunchTemplate>(e)?;
    let v = t.resolve("$Latest")?;
    Some((v.number, v.user_data.clone(), v.instance_type.clone()))
}

/// The user-data editor: read `$Latest`'s script, fix it, save it as a new version.
pub fn user_data_command(ed: &UserDataEditor) -> Command {
    Command::CreateLaunchTemplateVersion {
        launch_template: ed.template.clone(),
        source_version: ed.loaded_from.as_ref().map(|(_, v)| v.to_string()),
        version_description: (!ed.description.trim().is_empty()).then(|| ed.description.clone()),
        data: LaunchTemplateData {
            image_id: None,
            instance_type: (!ed.instance_type.trim().is_empty())
                .then(|| ed.instance_type.trim().to_string()),
            security_group_ids: None,
            user_data: Some(ed.script.clone()),
        },
    }
}

fn user_data_editor(ui: &mut egui::Ui, world: &mut World, ed: &mut UserDataEditor) {
    let names: Vec<String> = forms::resource_values(world, "--launch-template-name")
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    if names.is_empty() {
        return;
    }
    if ed.template.is_empty() {
        ed.template = names[0].clone();
    }
    theme::section(ui, t("ud.section"));
    ui.horizontal(|ui| {
        ui.label(t("ud.template"));
        egui::ComboBox::from_id_salt("ud-template")
            .selected_text(&ed.template)
            .show_ui(ui, |ui| {
                for n in &names {
                    ui.selectable_value(&mut ed.template, n.clone(), n);
                }
            });
        if ui.button(t("ud.load_latest")).clicked() {
            ed.loaded_from = None;
        }
    });
    let current = template_script(world, &ed.template);
    if let Some((n, script, itype)) = &current
        && ed
            .loaded_from
            .as_ref()
            .is_none_or(|(t, _)| *t != ed.template)
    {
        ed.script = script.clone();
        ed.instance_type = itype.clone();
        ed.loaded_from = Some((ed.template.clone(), *n));
    }
    if let Some((from_t, from_v)) = &ed.loaded_from {
        ui.label(
            egui::RichText::new(tf(
                "ud.editing",
                &[("template", from_t), ("version", &from_v.to_string())],
            ))
            .small()
            .color(theme::DIM),
        );
    }
    ui.add(
        egui::TextEdit::multiline(&mut ed.script)
            .code_editor()
            .desired_rows(6)
            .desired_width(f32::INFINITY),
    );
    ui.horizontal(|ui| {
        ui.label(t("ud.instance_type"));
        ui.add(egui::TextEdit::singleline(&mut ed.instance_type).desired_width(90.0));
        ui.label(t("ud.description"));
        ui.add(egui::TextEdit::singleline(&mut ed.description).desired_width(120.0));
    });
    let cmd = user_data_command(ed);
    if ui.add(theme::primary_button(t("ud.create"))).clicked() {
        ed.sent = Some(submit::submit(world, cmd.clone()));
    }
    cli_line(ui, &to_cli(&cmd));
    outcome_line(ui, world, ed.sent);
    ui.label(egui::RichText::new(t("ud.then")).small().color(theme::DIM));
    ui.separator();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_lands_on_a_page() {
        let mut n = 0;
        for (_, pages) in NAVIGATOR {
            for (page, _) in *pages {
                n += page_operations(*page).len();
            }
        }
        let is_read = |op: &str| {
            ["describe-", "get-", "list-"]
                .iter()
                .any(|p| op.starts_with(p))
        };
        let total: usize = services()
            .iter()
            .map(|s| operations(s).iter().filter(|op| !is_read(op)).count())
            .sum();
        assert_eq!(
            n, total,
            "each call that changes something is on exactly one page"
        );
        assert!(
            !page_operations(Page::LoadBalancers).contains(&("elbv2", "describe-load-balancers")),
            "reads are the table's and the CLI's, not forms"
        );
        assert!(page_operations(Page::Subnets).contains(&("ec2", "create-subnet")));
        assert!(page_operations(Page::LoadBalancers).contains(&("elbv2", "create-load-balancer")));
    }

    #[test]
    fn editing_a_template_from_the_map_opens_the_console_on_its_script() {
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        world.init_resource::<ConsoleState>();
        world.init_resource::<super::super::HudLayout>();
        world.resource_mut::<ConsoleState>().user_data.script = "an old edit".into();
        edit_template(world, "unicorn-web");
        let s = world.resource::<ConsoleState>();
        assert_eq!(s.page, Page::LaunchTemplates);
        assert_eq!(s.user_data.template, "unicorn-web");
        assert_eq!(
            s.user_data.loaded_from, None,
            "the editor loads the template's latest version when it draws"
        );
        assert!(world.resource::<super::super::HudLayout>().console);
    }

    #[test]
    fn the_user_data_editor_makes_a_new_version_that_round_trips() {
        let mut app = crate::headless::start("unicorn-rentals", 7).unwrap();
        let world = app.world_mut();
        let (n, script, itype) = template_script(world, "unicorn-web").unwrap();
        assert_eq!(n, 1);
        assert_eq!(itype, "t3.micro");
        let ed = UserDataEditor {
            template: "unicorn-web".into(),
            loaded_from: Some(("unicorn-web".into(), n)),
            script: script.replace("set -e", "set -eu"),
            instance_type: "t3.small".into(),
            description: "fix".into(),
            sent: None,
        };
        let cmd = user_data_command(&ed);
        assert_eq!(crate::awscli::parse_line(&to_cli(&cmd)).unwrap(), cmd);
    }
}
