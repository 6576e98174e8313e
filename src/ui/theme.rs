//! Design tokens as data: colours, strokes and spacing of the workbench, for light and dark.
//!
//! Stance colours come from the schema; [`Tokens::claim_fill`] blends them with an alpha chosen
//! per theme so that highlighted text stays readable on both backgrounds, and stacked layers of
//! overlapping claims add up visibly.

use egui::Color32;
use serde::{Deserialize, Serialize};

/// The theme the user chose in View ▸ Theme (saved with the preferences).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [(ThemeChoice, &'static str); 3] = [
        (ThemeChoice::System, "Follow the system"),
        (ThemeChoice::Light, "Light"),
        (ThemeChoice::Dark, "Dark"),
    ];

    /// What egui is told to follow.
    pub fn preference(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }

    /// True when the workbench is drawn dark now.
    pub fn is_dark(self, ctx: &egui::Context) -> bool {
        match self {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::System => ctx.theme() == egui::Theme::Dark,
        }
    }
}

/// The colours and sizes the article view and panels use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tokens {
    pub dark: bool,
    /// Alpha of one claim layer (0–255); nested claims stack layers.
    pub claim_alpha: u8,
    pub selection_bg: Color32,
    pub find_bg: Color32,
    pub source: Color32,
    pub cue: Color32,
    pub target: Color32,
    pub text: Color32,
    pub weak_text: Color32,
    /// Vertical gap between paragraphs, in points (before zoom).
    pub paragraph_gap: f32,
    /// Article font size in points at zoom 1.
    pub article_font: f32,
    pub margin: f32,
}

impl Tokens {
    pub fn for_theme(dark: bool) -> Tokens {
        if dark {
            Tokens {
                dark,
                claim_alpha: 80,
                selection_bg: Color32::from_rgba_unmultiplied(90, 140, 255, 110),
                find_bg: Color32::from_rgba_unmultiplied(255, 230, 0, 90),
                source: Color32::from_rgb(110, 190, 255),
                cue: Color32::from_rgb(120, 230, 120),
                target: Color32::from_rgb(255, 120, 200),
                text: Color32::from_gray(230),
                weak_text: Color32::from_gray(150),
                paragraph_gap: 10.0,
                article_font: 16.0,
                margin: 12.0,
            }
        } else {
            Tokens {
                dark,
                claim_alpha: 70,
                selection_bg: Color32::from_rgba_unmultiplied(40, 110, 255, 90),
                find_bg: Color32::from_rgba_unmultiplied(255, 220, 0, 140),
                source: Color32::from_rgb(0, 90, 200),
                cue: Color32::from_rgb(0, 140, 40),
                target: Color32::from_rgb(200, 0, 130),
                text: Color32::from_gray(20),
                weak_text: Color32::from_gray(100),
                paragraph_gap: 10.0,
                article_font: 16.0,
                margin: 12.0,
            }
        }
    }

    /// One translucent layer of a stance colour (`rgb` from the schema).
    pub fn claim_fill(&self, rgb: [u8; 3]) -> Color32 {
        Color32::from_rgba_unmultiplied(rgb[0], rgb[1], rgb[2], self.claim_alpha)
    }

    /// The stance colour at full strength, adjusted to be visible as a line on the background.
    pub fn stance_line(&self, rgb: [u8; 3]) -> Color32 {
        let c = Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
        if self.dark {
            c.lerp_to_gamma(Color32::WHITE, 0.15)
        } else {
            c.lerp_to_gamma(Color32::BLACK, 0.1)
        }
    }
}

/// Per-annotator colours in Review mode (Okabe–Ito hues, colour-blind safe), darker on light
/// backgrounds and lighter on dark ones. They are drawn as bands under the text, never as fills,
/// so they do not mix with the stance fills.
pub fn annotator_colour(i: usize, dark: bool) -> Color32 {
    const DARK: [[u8; 3]; 6] = [
        [86, 180, 233],
        [230, 159, 0],
        [0, 200, 145],
        [230, 140, 200],
        [240, 228, 66],
        [255, 120, 40],
    ];
    const LIGHT: [[u8; 3]; 6] = [
        [0, 114, 178],
        [200, 120, 0],
        [0, 140, 100],
        [180, 70, 140],
        [120, 110, 0],
        [213, 94, 0],
    ];
    let [r, g, b] = if dark { DARK } else { LIGHT }[i % 6];
    Color32::from_rgb(r, g, b)
}

/// Composites `layers` (translucent colours, bottom first) into one colour, so that a position
/// covered by two claims shows both stances mixed and darker than either alone.
pub fn stack(layers: &[Color32]) -> Color32 {
    let mut acc = [0.0f32; 4]; // premultiplied r, g, b, a in 0..1
    for c in layers {
        let [r, g, b, a] = c.to_array().map(|v| f32::from(v) / 255.0); // premultiplied
        for (k, v) in [r, g, b].into_iter().enumerate() {
            acc[k] = v + acc[k] * (1.0 - a);
        }
        acc[3] = a + acc[3] * (1.0 - a);
    }
    let to = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    Color32::from_rgba_premultiplied(to(acc[0]), to(acc[1]), to(acc[2]), to(acc[3]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotator_colours_differ_from_each_other() {
        for dark in [false, true] {
            let c: Vec<Color32> = (0..6).map(|i| annotator_colour(i, dark)).collect();
            for i in 0..6 {
                for j in i + 1..6 {
                    assert_ne!(c[i], c[j]);
                }
            }
        }
    }

    #[test]
    fn stacked_layers_are_more_opaque_and_mixed() {
        let t = Tokens::for_theme(false);
        let red = t.claim_fill([214, 39, 40]);
        let blue = t.claim_fill([31, 119, 180]);
        let one = stack(&[red]);
        let two = stack(&[red, blue]);
        assert_eq!(one, red);
        assert!(two.a() > one.a(), "two layers are more opaque than one");
        assert!(two.b() > one.b(), "the blue layer shows");
        assert_eq!(stack(&[]), Color32::TRANSPARENT);
    }
}
