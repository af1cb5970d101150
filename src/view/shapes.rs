//! The few images every sprite on the map shares (one per shape, so sprites batch), all
//! rasterised here from signed distances (nothing copied from anywhere): a rounded rectangle
//! and a shaded tile for 9-slicing, a server face with vent slits, a soft shadow, the
//! request glyphs (disc, triangle, square, cross, diamond) each with its glowing trail baked
//! in (one sprite per request), a ring, a boot spinner and a smoke puff; and the map's palette.

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::sprite::{BorderRect, SliceScaleMode, SpriteImageMode, TextureSlicer};

/// Handles of the shared images.
#[derive(Resource, Clone)]
pub struct Shapes {
    pub rounded: Handle<Image>,
    /// A rounded tile lit from above: a bright top edge, shading towards the bottom.
    pub tile: Handle<Image>,
    /// The instance's face: a shaded tile with three vent slits along its top.
    pub server: Handle<Image>,
    /// A blurred rounded rectangle: the soft shadow under a node.
    pub soft: Handle<Image>,
    pub disc: Handle<Image>,
    /// A thin ring (failure bursts).
    pub ring: Handle<Image>,
    /// Three quarters of a thick ring (the boot spinner).
    pub spinner: Handle<Image>,
    /// A soft disc, dense in the middle (smoke).
    pub puff: Handle<Image>,
    /// The request glyphs with a trail fading behind them, heading +x, the glyph in the
    /// right third (draw with `COMET_ANCHOR` so the glyph sits on the request's position).
    pub comet_disc: Handle<Image>,
    pub comet_triangle: Handle<Image>,
    pub comet_square: Handle<Image>,
    pub comet_cross: Handle<Image>,
    pub comet_diamond: Handle<Image>,
    /// The same glyphs without their trails (fast, acceptable, slow, failed, bot), for
    /// requests drawn too small for a trail to read: a quarter of a comet's pixels.
    pub glyphs: [Handle<Image>; 5],
}

/// Where a comet sprite is anchored: the centre of its glyph (the right third).
pub const COMET_ANCHOR: Vec2 = Vec2::new(1.0 / 3.0, 0.0);

/// A 96×32 comet: the 32×32 glyph `sdf` in the right third, a tapering glow behind it.
fn comet(sdf: impl Fn(f32, f32) -> f32) -> Image {
    raster_rgba(96, 32, |x, y| {
        let head = (0.5 - sdf(x - 64.0, y)).clamp(0.0, 1.0);
        let along = (x / 76.0).min(1.0);
        let half = 1.5 + 7.0 * along;
        let across = 1.0 - ((y - 16.0).abs() / half).clamp(0.0, 1.0);
        let tail = 0.55 * along * along * across;
        (1.0, head.max(tail))
    })
}

/// Corner radius of the rounded image, in its pixels (= world units when sliced).
const RADIUS: f32 = 10.0;
/// The border of `rounded`'s slicing: a sliced sprite keeps its corners whole when at least
/// twice this on each side.
pub const SLICE_BORDER: f32 = RADIUS + 2.0;
const ROUNDED: u32 = 40;

impl Shapes {
    /// A sprite with rounded corners that keeps them round at any size.
    pub fn rounded(&self, color: Color, size: Vec2) -> Sprite {
        Sprite {
            image: self.rounded.clone(),
            color,
            custom_size: Some(size),
            image_mode: SpriteImageMode::Sliced(TextureSlicer {
                border: BorderRect::all(SLICE_BORDER),
                center_scale_mode: SliceScaleMode::Stretch,
                sides_scale_mode: SliceScaleMode::Stretch,
                max_corner_scale: 1.0,
            }),
            ..default()
        }
    }

    /// `rounded`'s slicing over another 9-sliceable image of the same corner radius.
    pub fn sliced(&self, image: &Handle<Image>, color: Color, size: Vec2) -> Sprite {
        Sprite {
            image: image.clone(),
            ..self.rounded(color, size)
        }
    }

    /// The soft shadow under a node of `size` (the blur spills past it).
    pub fn shadow(&self, size: Vec2) -> Sprite {
        Sprite {
            image: self.soft.clone(),
            color: Color::srgba(0.0, 0.0, 0.0, 0.55),
            custom_size: Some(size + Vec2::splat(2.0 * SHADOW_SPILL)),
            image_mode: SpriteImageMode::Sliced(TextureSlicer {
                border: BorderRect::all(SOFT as f32 / 2.0 - 1.0),
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

/// How far a shadow's blur spills past the node, in world units.
pub const SHADOW_SPILL: f32 = 7.0;
const SOFT: u32 = 48;

/// Rasterises a shape given its signed distance (negative inside) in pixels.
fn raster(size: u32, sdf: impl Fn(f32, f32) -> f32) -> Image {
    raster_rgba(size, size, |x, y| (1.0, (0.5 - sdf(x, y)).clamp(0.0, 1.0)))
}

/// Rasterises `w`×`h` pixels from (brightness, coverage), both 0–1, at pixel centres.
fn raster_rgba(w: u32, h: u32, px: impl Fn(f32, f32) -> (f32, f32)) -> Image {
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let (v, a) = px(x as f32 + 0.5, y as f32 + 0.5);
            let v = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            data.extend_from_slice(&[v, v, v, (a.clamp(0.0, 1.0) * 255.0).round() as u8]);
        }
    }
    Image::new(
        Extent3d {
            width: w,
            height: h,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}

/// Signed distance to a rounded box centred at `c` with half-size `h` and corner radius `r`.
fn rounded_box(x: f32, y: f32, c: Vec2, h: Vec2, r: f32) -> f32 {
    let q = Vec2::new((x - c.x).abs(), (y - c.y).abs()) - (h - Vec2::splat(r));
    q.max(Vec2::ZERO).length() + q.x.max(q.y).min(0.0) - r
}

/// Signed distance to the segment `a`–`b` thickened by `r`.
fn segment(x: f32, y: f32, a: Vec2, b: Vec2, r: f32) -> f32 {
    let p = Vec2::new(x, y);
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_squared()).clamp(0.0, 1.0);
    (p - a - ab * t).length() - r
}

fn make_shapes(mut commands: Commands, mut images: ResMut<Assets<Image>>) {
    let n = ROUNDED as f32;
    let c = Vec2::splat(n / 2.0);
    let corner = |x: f32, y: f32| rounded_box(x, y, c, Vec2::splat(n / 2.0 - 0.5), RADIUS);
    let rounded = raster(ROUNDED, corner);
    // lit from above: the top rim bright, the face shading down to 78 %
    let shade = move |x: f32, y: f32| {
        let d = corner(x, y);
        let rim = if y < 3.0 || (d > -2.0 && y < n / 2.0) {
            1.0
        } else {
            0.93 - 0.15 * (y / n)
        };
        (rim, (0.5 - d).clamp(0.0, 1.0))
    };
    let tile = raster_rgba(ROUNDED, ROUNDED, shade);
    // the server: vent slits cut into the top band (the corners and edges stay whole, so it
    // 9-slices like the tile and the slits keep their size at any node size)
    let server = raster_rgba(ROUNDED, ROUNDED, move |x, y| {
        let (v, a) = shade(x, y);
        let slit = (0..3)
            .map(|i| {
                segment(
                    x,
                    y,
                    Vec2::new(11.0, 6.5 + 2.6 * i as f32),
                    Vec2::new(17.0, 6.5 + 2.6 * i as f32),
                    0.55,
                )
            })
            .fold(f32::MAX, f32::min);
        let cut = (0.5 - slit).clamp(0.0, 1.0);
        (v * (1.0 - 0.75 * cut), a)
    });
    let s = SOFT as f32;
    let soft = raster_rgba(SOFT, SOFT, move |x, y| {
        // a Gaussian-ish falloff around a rounded core
        let d = rounded_box(
            x,
            y,
            Vec2::splat(s / 2.0),
            Vec2::splat(s / 2.0 - SHADOW_SPILL),
            6.0,
        );
        let a = (1.0 - (d + SHADOW_SPILL) / (2.0 * SHADOW_SPILL)).clamp(0.0, 1.0);
        (0.0, a * a * (3.0 - 2.0 * a))
    });
    let disc_sdf = |x: f32, y: f32| Vec2::new(x - 16.0, y - 16.0).length() - 15.0;
    let diamond_sdf = |x: f32, y: f32| {
        ((x - 16.0).abs() + (y - 16.0).abs()) * std::f32::consts::FRAC_1_SQRT_2 - 10.5
    };
    // pointing +x (the way the request travels)
    let triangle_sdf = |x: f32, y: f32| {
        let p = Vec2::new(x - 16.0, y - 16.0);
        let edges = [
            (Vec2::new(-1.0, 0.0), 11.0),
            (Vec2::new(0.5, 0.866), 7.5),
            (Vec2::new(0.5, -0.866), 7.5),
        ];
        edges
            .iter()
            .map(|(nrm, off)| p.dot(*nrm) - off)
            .fold(f32::MIN, f32::max)
            + 1.0
    };
    let square_sdf = |x: f32, y: f32| rounded_box(x, y, Vec2::splat(16.0), Vec2::splat(11.5), 2.0);
    let cross_sdf = |x: f32, y: f32| {
        let a = segment(x, y, Vec2::new(6.0, 6.0), Vec2::new(26.0, 26.0), 4.2);
        let b = segment(x, y, Vec2::new(26.0, 6.0), Vec2::new(6.0, 26.0), 4.2);
        a.min(b)
    };
    let disc = raster(32, disc_sdf);
    let ring = raster(64, |x, y| {
        (Vec2::new(x - 32.0, y - 32.0).length() - 28.0).abs() - 2.5
    });
    let spinner = raster(64, |x, y| {
        let p = Vec2::new(x - 32.0, y - 32.0);
        let band = (p.length() - 26.0).abs() - 4.0;
        // a gap in the upper-right quarter
        if p.x > 0.0 && p.y < 0.0 {
            band.max(p.x.min(-p.y) - 1.0)
        } else {
            band
        }
    });
    let puff = raster_rgba(32, 32, |x, y| {
        let d = Vec2::new(x - 16.0, y - 16.0).length() / 15.5;
        (1.0, (1.0 - d).clamp(0.0, 1.0).powf(1.5))
    });
    commands.insert_resource(Shapes {
        rounded: images.add(rounded),
        tile: images.add(tile),
        server: images.add(server),
        soft: images.add(soft),
        disc: images.add(disc),
        ring: images.add(ring),
        spinner: images.add(spinner),
        puff: images.add(puff),
        comet_disc: images.add(comet(disc_sdf)),
        comet_triangle: images.add(comet(triangle_sdf)),
        comet_square: images.add(comet(square_sdf)),
        comet_cross: images.add(comet(cross_sdf)),
        comet_diamond: images.add(comet(diamond_sdf)),
        glyphs: [
            images.add(raster(32, disc_sdf)),
            images.add(raster(32, triangle_sdf)),
            images.add(raster(32, square_sdf)),
            images.add(raster(32, cross_sdf)),
            images.add(raster(32, diamond_sdf)),
        ],
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
    pub const WAF: Color = Color::srgb(0.62, 0.2, 0.26);
    pub const QUEUE: Color = Color::srgb(0.66, 0.28, 0.52);
    pub const FUNCTION: Color = Color::srgb(0.78, 0.44, 0.12);
    pub const CONTAINERS: Color = Color::srgb(0.74, 0.5, 0.14);
    pub const SELECTED: Color = Color::srgb(0.3, 0.85, 1.0);

    pub const OK_FAST: Color = Color::srgb(0.3, 0.95, 0.65);
    pub const OK_ACCEPTABLE: Color = Color::srgb(0.85, 0.9, 0.35);
    pub const OK_SLOW: Color = Color::srgb(1.0, 0.6, 0.15);
    pub const FAILED: Color = Color::srgb(1.0, 0.22, 0.42);

    /// An instance's body as its CPU warms it: in service (cool) → warm → hot.
    pub const WARM: Color = Color::srgb(0.62, 0.46, 0.14);
    pub const HOT: Color = Color::srgb(0.8, 0.24, 0.1);
    pub const SMOKE: Color = Color::srgb(0.72, 0.72, 0.76);
    /// A sick target's body: a sallow green-grey that pulses towards `UNHEALTHY`.
    pub const SICK: Color = Color::srgb(0.42, 0.45, 0.2);

    /// The body of a running instance at `cpu` (0–1): cool until half load, then warmer.
    pub fn body_heat(base: Color, cpu: f32) -> Color {
        use bevy::color::Mix;
        let x = cpu.clamp(0.0, 1.0);
        if x < 0.5 {
            base
        } else if x < 0.8 {
            base.mix(&WARM, (x - 0.5) / 0.3)
        } else {
            WARM.mix(&HOT, ((x - 0.8) / 0.15).min(1.0))
        }
    }

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
