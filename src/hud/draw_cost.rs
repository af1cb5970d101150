//! Keeps the HUD cheap to draw on a software renderer (lavapipe, SwiftShader in a browser):
//! bevy_egui's shader with its sRGB conversions done by short polynomials instead of six
//! `pow` per pixel, and no triangles that are wholly transparent.

use bevy::prelude::*;
use bevy::shader::Shader;
use bevy_egui::egui::epaint::{Mesh, Primitive};
use bevy_egui::{EguiPostUpdateSet, EguiRenderOutput};

/// Swaps the shader bevy_egui registered for ours (same bindings, same entry points).
fn replace_egui_shader(mut shaders: ResMut<Assets<Shader>>) {
    let shader = Shader::from_wgsl(include_str!("egui_fast.wgsl"), file!());
    if let Err(e) = shaders.insert(bevy_egui::render::EGUI_SHADER_HANDLE.id(), shader) {
        warn!("kept bevy_egui's own shader: {e}");
    }
}

/// Drops the triangles whose three corners are fully transparent (egui emits some, e.g.
/// the tracks of hidden scroll bars): with premultiplied blending they change no pixel, but
/// the rasteriser still visits every pixel they cover.
pub fn drop_invisible_triangles(mesh: &mut Mesh) {
    let v = &mesh.vertices;
    let mut kept = Vec::with_capacity(mesh.indices.len());
    for t in mesh.indices.chunks_exact(3) {
        if t.iter().any(|&i| v[i as usize].color.a() != 0) {
            kept.extend_from_slice(t);
        }
    }
    mesh.indices = kept;
}

fn strip_output(mut outputs: Query<&mut EguiRenderOutput>) {
    for mut out in &mut outputs {
        for job in &mut out.paint_jobs {
            if let Primitive::Mesh(mesh) = &mut job.primitive {
                drop_invisible_triangles(mesh);
            }
        }
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(Startup, replace_egui_shader).add_systems(
        PostUpdate,
        strip_output
            .after(EguiPostUpdateSet::ProcessOutput)
            .before(EguiPostUpdateSet::PostProcessOutput),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_egui::egui::{Color32, Pos2, epaint::Vertex};

    fn exact_linear(x: f32) -> f32 {
        if x < 0.04045 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        }
    }

    fn exact_gamma(x: f32) -> f32 {
        let x = x.clamp(0.0, 1.0);
        if x < 0.0031308 {
            x * 12.92
        } else {
            1.055 * x.powf(1.0 / 2.4) - 0.055
        }
    }

    /// The shader's two fits, with its constants.
    fn fit_linear(x: f32) -> f32 {
        x * (0.057006 + x * (0.388244 + x * (0.856357 - 0.30867 * x)))
    }

    #[allow(clippy::excessive_precision)] // the digits are the shader's, checked below
    fn fit_gamma(x: f32) -> f32 {
        if x < 0.0031308 {
            return x * 12.92;
        }
        let s1 = x.sqrt();
        let s2 = s1.sqrt();
        let s3 = s2.sqrt();
        0.662002687 * s1 + 0.684122060 * s2 - 0.323583601 * s3 - 0.0225411470 * x
    }

    #[test]
    fn the_shader_uses_the_tested_fits() {
        let wgsl = include_str!("egui_fast.wgsl");
        for c in [
            "0.057006",
            "0.388244",
            "0.856357",
            "0.30867",
            "0.662002687",
            "0.684122060",
            "0.323583601",
            "0.0225411470",
        ] {
            assert!(wgsl.contains(c), "the shader lost the constant {c}");
        }
        assert!(!wgsl.contains("pow("), "no pow left in the shader");
    }

    #[test]
    fn hud_colours_stay_within_a_level_of_exact_srgb() {
        let (mut worst_linear, mut worst_gamma) = (0.0f32, 0.0f32);
        for level in 0..=255 {
            let x = level as f32 / 255.0;
            // a colour drawn by the HUD: its sRGB value after the window encodes it again
            worst_linear = worst_linear.max((exact_gamma(fit_linear(x)) - x).abs() * 255.0);
            // a texel decoded by the sampler, brought back to gamma space by the shader
            worst_gamma = worst_gamma.max((fit_gamma(exact_linear(x)) - x).abs() * 255.0);
        }
        assert!(worst_linear < 1.0, "colours off by {worst_linear} levels");
        assert!(worst_gamma < 0.5, "texels off by {worst_gamma} levels");
    }

    #[test]
    fn invisible_triangles_go_and_visible_ones_stay() {
        let v = |a: u8| Vertex {
            pos: Pos2::ZERO,
            uv: Pos2::ZERO,
            color: Color32::from_rgba_premultiplied(a, a, a, a),
        };
        let mut mesh = Mesh {
            indices: vec![0, 1, 2, 3, 4, 5, 0, 3, 4],
            vertices: vec![v(0), v(0), v(0), v(255), v(0), v(0)],
            ..Default::default()
        };
        drop_invisible_triangles(&mut mesh);
        // the all-transparent triangle goes; one visible corner (a feathered edge) keeps it
        assert_eq!(mesh.indices, vec![3, 4, 5, 0, 3, 4]);
    }
}
