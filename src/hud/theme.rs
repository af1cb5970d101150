//! The look: a dark, AWS-console-like theme with type big enough to read from a metre away.

use super::HudLayout;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use egui::{Color32, FontFamily, FontId, TextStyle};

/// Squid ink, the AWS console's header colour.
pub const INK: Color32 = Color32::from_rgb(0x23, 0x2f, 0x3e);
/// Panel background.
pub const PANEL: Color32 = Color32::from_rgb(0x16, 0x1d, 0x26);
/// Raised surfaces (table headers, inputs).
pub const RAISED: Color32 = Color32::from_rgb(0x20, 0x2a, 0x37);
pub const ORANGE: Color32 = Color32::from_rgb(0xff, 0x99, 0x00);
pub const BLUE: Color32 = Color32::from_rgb(0x53, 0x9f, 0xe5);
pub const GREEN: Color32 = Color32::from_rgb(0x3f, 0xb9, 0x50);
pub const RED: Color32 = Color32::from_rgb(0xff, 0x5d, 0x4f);
pub const AMBER: Color32 = Color32::from_rgb(0xf2, 0xc0, 0x3c);
pub const TEXT: Color32 = Color32::from_rgb(0xe6, 0xea, 0xef);
pub const DIM: Color32 = Color32::from_rgb(0x9b, 0xa7, 0xb4);
pub const TERMINAL: Color32 = Color32::from_rgb(0x0b, 0x0f, 0x14);

/// The size of text and controls the theme was last applied with (large targets or not).
#[derive(Resource, Default)]
struct Applied(Option<bool>);

pub fn plugin(app: &mut App) {
    app.init_resource::<Applied>().add_systems(
        EguiPrimaryContextPass,
        apply_theme.in_set(super::HudSystems::Input),
    );
}

fn apply_theme(
    mut contexts: EguiContexts,
    layout: Res<HudLayout>,
    mut applied: ResMut<Applied>,
) -> Result {
    if applied.0 == Some(layout.large_targets) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    style(ctx, layout.large_targets);
    applied.0 = Some(layout.large_targets);
    Ok(())
}

/// Applies the theme; `large` grows text and hit targets for touch screens.
pub fn style(ctx: &egui::Context, large: bool) {
    let k = if large { 1.25 } else { 1.0 };
    ctx.set_theme(egui::Theme::Dark);
    ctx.all_styles_mut(|s| {
        s.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(21.0 * k, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(15.0 * k, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(15.0 * k, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(12.5 * k, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0 * k, FontFamily::Monospace),
            ),
        ]
        .into();
        s.spacing.item_spacing = egui::vec2(8.0, 5.0) * k;
        s.spacing.button_padding = egui::vec2(8.0, 4.0) * k;
        s.spacing.interact_size = egui::vec2(40.0, 22.0) * k;
        if large {
            s.spacing.interact_size.y = TOUCH_TARGET;
            s.spacing.scroll.bar_width = 16.0;
        }
        // on a touch screen a tap on text must not start a selection; labels stay text
        s.interaction.selectable_labels = !large;
        let v = &mut s.visuals;
        v.dark_mode = true;
        v.panel_fill = PANEL;
        v.window_fill = INK;
        v.extreme_bg_color = TERMINAL;
        v.faint_bg_color = RAISED;
        v.override_text_color = Some(TEXT);
        v.hyperlink_color = BLUE;
        v.selection.bg_fill = Color32::from_rgb(0x1f, 0x4f, 0x7a);
        v.selection.stroke = egui::Stroke::new(1.0, TEXT);
        v.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.0, Color32::from_gray(60));
        v.widgets.inactive.weak_bg_fill = Color32::from_rgb(0x2a, 0x36, 0x45);
        v.widgets.inactive.bg_fill = Color32::from_rgb(0x2a, 0x36, 0x45);
        v.widgets.hovered.weak_bg_fill = Color32::from_rgb(0x35, 0x45, 0x58);
        v.widgets.active.weak_bg_fill = Color32::from_rgb(0x40, 0x52, 0x68);
        v.window_stroke = egui::Stroke::new(1.0, Color32::from_gray(70));
        v.striped = true;
    });
}

/// The frame of the docked panels.
pub fn panel_frame() -> egui::Frame {
    egui::Frame::new()
        .fill(PANEL)
        .inner_margin(egui::Margin::same(8))
        .stroke(egui::Stroke::new(1.0, Color32::from_gray(55)))
}

/// A tab header: orange underline colour when selected.
pub fn tab(label: &str, selected: bool) -> egui::Button<'static> {
    let text = egui::RichText::new(label.to_string()).strong();
    let text = if selected {
        text.color(ORANGE)
    } else {
        text.color(DIM)
    };
    egui::Button::new(text).selected(selected).frame(selected)
}

/// The main call to action (AWS's orange button).
pub fn primary_button(label: &str) -> egui::Button<'static> {
    egui::Button::new(
        egui::RichText::new(label.to_string())
            .strong()
            .color(Color32::BLACK),
    )
    .fill(ORANGE)
}

/// The smallest hit target the large-targets option allows (px), as touch guidelines ask.
pub const TOUCH_TARGET: f32 = 44.0;

/// A small button, except with large touch targets on, where it is a full-size one.
pub fn small_button(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    if ui.spacing().interact_size.y >= TOUCH_TARGET {
        ui.button(text)
    } else {
        ui.small_button(text)
    }
}

/// A small section title.
pub fn section(ui: &mut egui::Ui, text: &str) {
    ui.label(egui::RichText::new(text).strong().color(ORANGE));
}
