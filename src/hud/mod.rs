//! The HUD: egui panels for the console, CLI, CloudWatch, CloudTrail, score and runbook.
//!
//! Every screen is drawn by one feature file. On the playing screen the map fills the window;
//! the console (left), CloudWatch with alarms, runbook and rivals (right) and the CLI with
//! CloudTrail (bottom) are drawers that slide in from those edges (`drawers.rs`). One exclusive
//! system lays them out in a fixed order (top bar, bottom, left, right) and writes the space
//! they cover into [`UiInsets`] for the map.

pub mod atlas_sync;
pub mod booth;
pub mod booth_actions;
pub mod booth_block_bot;
pub mod briefing;
pub mod cli;
pub mod cloudtrail;
pub mod cloudwatch;
pub mod console;
pub mod draw_cost;
pub mod drawers;
pub mod findings;
pub mod first_run;
pub mod help;
pub mod inspector;
pub mod map_actions;
pub mod map_edge_actions;
pub mod map_menu;
pub mod results;
pub mod runbook;
pub mod scoreboard;
pub mod standings;
pub mod submit;
pub mod theme;
pub mod title;
pub mod toasts;
pub mod tutorial;
pub mod tutorial_celebrate;
pub mod tutorial_pointer;

use crate::i18n::t;
use crate::screens::Screen;
use crate::ui_state::UiInsets;
use bevy::prelude::*;
use bevy_egui::{EguiContext, EguiPrimaryContextPass, PrimaryEguiContext, egui};

/// The HUD's systems, in the order they run inside `EguiPrimaryContextPass`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HudSystems {
    /// Keyboard shortcuts and bookkeeping (submission outcomes, toasts, hints).
    Input,
    /// The screens and panels.
    Panels,
}

/// Which drawers and windows are open, and the touch-friendly size option.
#[derive(Resource, Clone, Debug)]
pub struct HudLayout {
    /// The console drawer (left edge).
    pub console: bool,
    /// The CloudWatch, alarms, runbook and rivals drawer (right edge).
    pub cloudwatch: bool,
    /// The CLI and CloudTrail drawer (bottom edge).
    pub bottom: bool,
    pub inspector: bool,
    pub help: bool,
    pub pause_menu: bool,
    /// Large hit targets for touch screens.
    pub large_targets: bool,
    pub right_tab: RightTab,
}

/// The drawers start closed: the map fills the window until the player opens one (the
/// choice is then remembered in the settings, see `drawers.rs`).
impl Default for HudLayout {
    fn default() -> Self {
        Self {
            console: false,
            cloudwatch: false,
            bottom: false,
            inspector: true,
            help: false,
            pause_menu: false,
            large_targets: false,
            right_tab: RightTab::Metrics,
        }
    }
}

/// The tabs of the right-hand panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RightTab {
    Metrics,
    Alarms,
    Runbook,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<HudLayout>()
        .configure_sets(
            EguiPrimaryContextPass,
            (HudSystems::Input, HudSystems::Panels).chain(),
        )
        .add_plugins((
            theme::plugin,
            title::plugin,
            briefing::plugin,
            submit::plugin,
            toasts::plugin,
            draw_cost::plugin,
            runbook::plugin,
            help::plugin,
            results::plugin,
            console::plugin,
            cli::plugin,
            cloudwatch::plugin,
            cloudtrail::plugin,
            findings::plugin,
            tutorial::plugin,
        ))
        .add_plugins((
            drawers::plugin,
            map_menu::plugin,
            booth::plugin,
            atlas_sync::plugin,
            first_run::plugin,
            tutorial_pointer::plugin,
            tutorial_celebrate::plugin,
        ))
        .add_systems(
            EguiPrimaryContextPass,
            draw_playing
                .run_if(in_state(Screen::Playing))
                .in_set(HudSystems::Panels),
        )
        .add_systems(OnExit(Screen::Playing), clear_insets);
}

/// egui 0.36 panels live inside a `Ui`: this one covers the whole window, behind windows.
pub fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// Records named buttons' rectangles for a tool that drives the game (only with a probe).
pub fn record_buttons(world: &mut World, prefix: &str, found: Vec<(String, egui::Rect)>) {
    if !world.contains_resource::<crate::ui_state::Probe>()
        && !world.contains_resource::<crate::ui_state::PointerWanted>()
    {
        return;
    }
    let mut rects = world.resource_mut::<crate::ui_state::ButtonRects>();
    rects.forget(prefix);
    for (name, r) in found {
        rects.put(&name, r);
    }
}

/// The primary window's egui context (for exclusive systems).
pub fn primary_ctx(world: &mut World) -> Option<egui::Context> {
    let mut q = world.query_filtered::<&mut EguiContext, With<PrimaryEguiContext>>();
    q.single_mut(world).ok().map(|mut c| c.get_mut().clone())
}

/// Draws the playing screen: every panel, then the floating windows; records the insets.
fn draw_playing(world: &mut World) {
    let Some(ctx) = primary_ctx(world) else {
        return;
    };
    draw_playing_in(&ctx, world);
}

/// Draws the playing screen into `ctx` (the window's context, or a test's).
pub fn draw_playing_in(ctx: &egui::Context, world: &mut World) {
    if world
        .get_resource::<crate::sim::clock::SimClock>()
        .is_none()
    {
        return;
    }
    // the booth kiosk: the map, one strip, the big buttons (no drawers, menus or toasts)
    if let Some(phase) = booth::phase(world) {
        let insets = booth::show(ctx, world, phase);
        *world.resource_mut::<UiInsets>() = insets;
        return;
    }
    let layout = world.resource::<HudLayout>().clone();
    // Docked panels start at a share of the window, so a small browser window or laptop
    // screen still shows the map between them.
    let screen = ctx.content_rect();
    let (bottom_size, side_max) = (
        (0.28 * screen.height()).clamp(120.0, 250.0),
        (0.3 * screen.width()).clamp(260.0, 560.0),
    );
    let mut ui = root_ui(ctx);
    let mut insets = UiInsets {
        top: scoreboard::show(&mut ui, world),
        ..default()
    };
    // Each drawer slides in from its edge; while it slides the map gives way to it.
    let mut open = layout.bottom;
    insets.bottom = egui::Panel::bottom("bottom")
        .resizable(true)
        .drag_to_open(false)
        .default_size(bottom_size)
        .min_size(120.0)
        .max_size((0.45 * screen.height()).max(120.0))
        .frame(side_frame())
        .show_collapsible(&mut ui, &mut open, |ui| {
            ui.columns(2, |cols| {
                cli::show(&mut cols[0], world);
                cloudtrail::show(&mut cols[1], world);
            });
        })
        .map_or(0.0, |r| r.response.rect.height());
    if open != layout.bottom {
        world.resource_mut::<HudLayout>().bottom = open;
    }
    let mut open = layout.console;
    insets.left = egui::Panel::left("console")
        .resizable(true)
        .drag_to_open(false)
        .default_size(430.0_f32.min(side_max))
        .min_size(260.0)
        .max_size(side_max)
        .frame(side_frame())
        .show_collapsible(&mut ui, &mut open, |ui| console::show(ui, world))
        .map_or(0.0, |r| r.response.rect.width());
    if open != layout.console {
        world.resource_mut::<HudLayout>().console = open;
    }
    let mut open = layout.cloudwatch;
    insets.right = egui::Panel::right("cloudwatch")
        .resizable(true)
        .drag_to_open(false)
        .default_size(400.0_f32.min(side_max))
        .min_size(260.0)
        .max_size(side_max)
        .frame(side_frame())
        .show_collapsible(&mut ui, &mut open, |ui| right_panel(ui, world))
        .map_or(0.0, |r| r.response.rect.width());
    if open != layout.cloudwatch {
        world.resource_mut::<HudLayout>().cloudwatch = open;
    }
    insets.fit_top = toasts::strip_height(&ctx.global_style());
    drawers::keep_clear(&mut insets, &ctx.global_style());
    let free = egui::Rect::from_min_max(
        egui::pos2(insets.left, insets.top),
        ctx.viewport_rect().max - egui::vec2(insets.right, insets.bottom),
    );
    drawers::show(ctx, free, world);
    map_menu::show(ctx, free, world);
    // the inspector shows the selection while no map menu is open ("Details…" closes it)
    if layout.inspector
        && world
            .resource::<crate::ui_state::MapMenu>()
            .target
            .is_none()
    {
        inspector::show(ctx, free, world);
    }
    // overlays cover the toasts; the toasts wait (their clock still runs)
    if !layout.help && !layout.pause_menu {
        toasts::show(ctx, free, world);
    }
    if layout.pause_menu {
        scoreboard::pause_menu(ctx, world);
    }
    if layout.help {
        help::show(ctx, world);
    }
    *world.resource_mut::<UiInsets>() = insets;
}

/// The frame of the docked panels: no fill of its own — the world camera clears the window to
/// the map's background and draws the map only outside the panels (view/camera.rs), so on a
/// software renderer the panels' pixels are not painted twice.
fn side_frame() -> egui::Frame {
    theme::panel_frame().fill(egui::Color32::TRANSPARENT)
}

fn right_panel(ui: &mut egui::Ui, world: &mut World) {
    standings::show(ui, world);
    let mut tab = world.resource::<HudLayout>().right_tab;
    ui.horizontal(|ui| {
        for (which, label) in [
            (RightTab::Metrics, t("hud.tab.cloudwatch")),
            (RightTab::Alarms, t("hud.tab.alarms")),
            (RightTab::Runbook, t("hud.tab.runbook")),
        ] {
            if ui
                .add(theme::tab(label, tab == which))
                .on_hover_text(match which {
                    RightTab::Metrics => t("hud.tab.cloudwatch_tip"),
                    RightTab::Alarms => t("hud.tab.alarms_tip"),
                    RightTab::Runbook => t("hud.tab.runbook_tip"),
                })
                .clicked()
            {
                tab = which;
            }
        }
    });
    world.resource_mut::<HudLayout>().right_tab = tab;
    ui.separator();
    match tab {
        RightTab::Metrics => cloudwatch::show_metrics(ui, world),
        RightTab::Alarms => cloudwatch::show_alarms(ui, world),
        RightTab::Runbook => runbook::show(ui, world),
    }
}

fn clear_insets(mut insets: ResMut<UiInsets>) {
    *insets = UiInsets::default();
}
