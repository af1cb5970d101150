//! The bundled Hangul font (a renamed NanumGothic subset, OFL; see assets/fonts/README.md),
//! registered with egui as the fallback after its default fonts so Korean renders everywhere,
//! in the browser too (the bytes are compiled in).

use crate::i18n::HANGUL_FONT;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// Set once the font is in egui's font definitions.
#[derive(Resource, Default, Debug)]
pub struct HangulFontRegistered;

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontSystems {
    Register,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        register_hangul_font
            .run_if(not(resource_exists::<HangulFontRegistered>))
            .in_set(FontSystems::Register),
    );
}

/// Adds the font as the last fallback of both egui families (proportional and monospace).
pub fn add_hangul_font(ctx: &egui::Context) {
    let families = [egui::FontFamily::Proportional, egui::FontFamily::Monospace]
        .into_iter()
        .map(|family| egui::epaint::text::InsertFontFamily {
            family,
            priority: egui::epaint::text::FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "GameDay Hangul",
        egui::FontData::from_static(HANGUL_FONT),
        families,
    ));
}

fn register_hangul_font(mut commands: Commands, mut contexts: EguiContexts) -> Result {
    add_hangul_font(contexts.ctx_mut()?);
    commands.insert_resource(HangulFontRegistered);
    Ok(())
}
