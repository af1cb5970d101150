//! New glyphs reach the GPU in the frame that first draws them. egui rasterises a glyph into
//! its font atlas the first time a size and sub-pixel position of it is laid out (a score's
//! digits shift along the line as the number changes, so new ones appear all the time);
//! bevy_egui writes that into the atlas image in `EguiPostUpdateSet::PostProcessOutput`, and
//! the renderer learns of the change from the image's asset event. bevy_egui leaves that set
//! unordered with `AssetEventSystems`: when the asset events ran first, the change waited a
//! frame and the frame was drawn with the old atlas — the new glyph blank, a gap inside a
//! number ("149 482", "$22 .47" in the booth's screenshots). Ordering the set before the
//! asset events sends each atlas change with the frame that uses it.

use bevy::asset::AssetEventSystems;
use bevy::prelude::*;
use bevy_egui::EguiPostUpdateSet;

pub fn plugin(app: &mut App) {
    app.configure_sets(
        PostUpdate,
        EguiPostUpdateSet::PostProcessOutput.before(AssetEventSystems),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Resource, Default)]
    struct Order(Vec<&'static str>);

    /// The egui atlas update (its set) runs before the asset events in every frame, as the
    /// schedule orders them (not by the chance of an unordered pair).
    #[test]
    fn a_glyph_added_to_the_atlas_is_announced_to_the_renderer_in_the_same_frame() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, AssetPlugin::default()))
            .init_asset::<Image>()
            .init_resource::<Order>()
            .add_plugins(plugin)
            .add_systems(
                PostUpdate,
                (
                    (|mut o: ResMut<Order>| o.0.push("atlas"))
                        .in_set(EguiPostUpdateSet::PostProcessOutput),
                    (|mut o: ResMut<Order>| o.0.push("asset events")).in_set(AssetEventSystems),
                ),
            );
        for _ in 0..20 {
            app.update();
        }
        let order = &app.world().resource::<Order>().0;
        assert_eq!(order.len(), 40);
        for pair in order.chunks(2) {
            assert_eq!(pair, ["atlas", "asset events"]);
        }
    }
}
