//! The few images every sprite on the map shares (one per shape, so sprites batch): a
//! rounded rectangle for 9-slicing, a disc and a diamond; and the map's palette.

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::sprite::{BorderRect, SliceScaleMode, SpriteImageMode, TextureSlicer};

/// Handles of the shared images.
#[derive(Resource, Clone)]
pub struct Shapes {
    pub rounded: Handle<Image>,
    pub disc: Handle<Image>,
    pub diamond: Handle<Image>,
}

/// Corner radius of the rounded image, in its pixels (= world units when sliced).
const RADIUS: f32 = 10.0;
const ROUNDED: u32 = 40;

impl Shapes {
    /// A sprite with rounded corners that keeps them round at any size.
    pub fn rounded(&self, color: Color, size: Vec2) -> Sprite {
        Sprite {
            image: self.rounded.clone(),
            color,
            custom_size: Some(size),
            image_mode: SpriteImageMode::Sliced(TextureSlicer {
                border: BorderRect::all(RADIUS + 2.0),
                center_scale_mode: SliceScaleMode::Stretch,
                sides_scale_mode: SliceScaleMode::Stretch,
                max_corner_scale: 1.0,
            }),
            ..default()
        }
    }

    pub fn disc(&self, color: Color, size: f32) -> Sprite {
        Sprite {
            image: self.disc.clone(),
            color,
            custom_size: Some(Vec2::splat(size)),
            ..default()
        }
    }
}

/// Rasterises a shape given its signed distance (negative inside) in pixels.
fn raster(size: u32, sdf: impl Fn(f32, f32) -> f32) -> Image {
    let mut data = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let d = sdf(x as f32 + 0.5, y as f32 + 0.5);
            let a = (0.5 - d).clamp(0.0, 1.0);
            data.extend_from_slice(&[255, 255, 255, (a * 255.0).round() as u8]);
        }
    }
    Image::new(
        Extent3d {
            width: size,
            height: size,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}

fn make_shapes(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    let n = ROUNDED as f32;
    let rounded = raster(ROUNDED, |x, y| {
        let h = n / 2.0 - RADIUS;
        let qx = (x - n / 2.0).abs() - h;
        let qy = (y - n / 2.0).abs() - h;
        let outside = Vec2::new(qx.max(0.0), qy.max(0.0)).length();
        outside + qx.max(qy).min(0.0) - RADIUS + 0.5
    });
    let disc = raster(32, |x, y| Vec2::new(x - 16.0, y - 16.0).length() - 15.0);
    let diamond = raster(32, |x, y| {
        ((x - 16.0).abs() + (y - 16.0).abs()) * std::f32::consts::FRAC_1_SQRT_2 - 10.5
    });
    commands.insert_resource(Shapes {
        rounded: images.add(rounded),
        disc: images.add(disc),
        diamond: images.add(diamond),
    });
}

pub fn plugin(app: &mut App) {
    app.add_systems(PreStartup, make_shapes);
}

/// The map's colours (dark theme, AWS diagram conventions: green public subnets, blue
/// private ones, orange compute, purple networking).
pub mod palette {
    use bevy::prelude::Color;

    pub const REGION_FILL: Color = Color::srgb(0.075, 0.09, 0.125);
    pub const REGION_LINE: Color = Color::srgb(0.32, 0.38, 0.5);
    pub const VPC_FILL: Color = Color::srgb(0.07, 0.105, 0.13);
    pub const VPC_LINE: Color = Color::srgb(0.45, 0.35, 0.8);
    pub const AZ_FILL: Color = Color::srgb(0.085, 0.12, 0.15);
    pub const AZ_LINE: Color = Color::srgb(0.3, 0.42, 0.55);
    pub const PUBLIC_FILL: Color = Color::srgb(0.09, 0.16, 0.13);
    pub const PUBLIC_LINE: Color = Color::srgb(0.35, 0.68, 0.42);
    pub const PRIVATE_FILL: Color = Color::srgb(0.09, 0.12, 0.19);
    pub const PRIVATE_LINE: Color = Color::srgb(0.36, 0.5, 0.85);
    pub const GROUP_FILL: Color = Color::srgba(0.95, 0.55, 0.15, 0.05);
    pub const GROUP_LINE: Color = Color::srgb(0.93, 0.55, 0.16);

    pub const BOOTING: Color = Color::srgb(0.24, 0.42, 0.78);
    pub const IN_SERVICE: Color = Color::srgb(0.16, 0.52, 0.4);
    pub const RUNNING: Color = Color::srgb(0.3, 0.42, 0.4);
    pub const UNHEALTHY: Color = Color::srgb(0.82, 0.2, 0.2);
    pub const DRAINING: Color = Color::srgb(0.82, 0.58, 0.14);
    pub const TERMINATING: Color = Color::srgb(0.35, 0.36, 0.4);
    pub const TRACK: Color = Color::srgba(0.0, 0.0, 0.0, 0.45);

    pub const LB: Color = Color::srgb(0.42, 0.3, 0.72);
    pub const LB_PROVISIONING: Color = Color::srgb(0.3, 0.27, 0.45);
    pub const GHOST: Color = Color::srgba(0.85, 0.15, 0.15, 0.25);
    pub const INTERNET: Color = Color::srgb(0.3, 0.34, 0.42);
    pub const DNS: Color = Color::srgb(0.45, 0.3, 0.68);
    pub const DATABASE: Color = Color::srgb(0.2, 0.38, 0.72);
    pub const CDN: Color = Color::srgb(0.5, 0.3, 0.66);
    pub const CACHE: Color = Color::srgb(0.72, 0.25, 0.3);
    pub const SELECTED: Color = Color::srgb(0.3, 0.85, 1.0);

    pub const OK_FAST: Color = Color::srgb(0.3, 0.95, 0.65);
    pub const OK_ACCEPTABLE: Color = Color::srgb(0.85, 0.9, 0.35);
    pub const OK_SLOW: Color = Color::srgb(1.0, 0.6, 0.15);
    pub const FAILED: Color = Color::srgb(1.0, 0.22, 0.25);

    /// Green → amber → red as `x` goes 0 → 1.
    pub fn heat(x: f32) -> Color {
        let x = x.clamp(0.0, 1.0);
        if x < 0.6 {
            Color::srgb(0.3 + x, 0.85, 0.45 - 0.3 * x)
        } else if x < 0.85 {
            Color::srgb(0.95, 0.75 - (x - 0.6), 0.2)
        } else {
            Color::srgb(1.0, 0.3, 0.22)
        }
    }
}
