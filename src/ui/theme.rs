//! Design tokens as data: colours, strokes and spacing of the workbench, for light and dark.
//!
//! Stance colours come from the schema; [`Tokens::claim_fill`] blends them with an alpha chosen
//! per theme so that highlighted text stays readable on both backgrounds, and stacked layers of
//! overlapping claims add up visibly. Where a stance colour is drawn as text or as a line on the
//! background ([`Tokens::stance_text`], [`Tokens::stance_line`]) it is lightened (dark theme) or
//! darkened (light theme) just enough to reach the WCAG 2 contrast ratio ([`contrast`]) for
//! text (4.5:1) or for graphics (3:1): a schema may pick any colour.

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
    /// The panels' background (egui's `panel_fill`), behind the article and the editor.
    pub background: Color32,
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
                background: Color32::from_gray(27),
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
                background: Color32::from_gray(248),
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

    /// The stance colour as a line or a swatch on the background: at least 3:1 against it.
    pub fn stance_line(&self, rgb: [u8; 3]) -> Color32 {
        with_contrast(
            Color32::from_rgb(rgb[0], rgb[1], rgb[2]),
            self.background,
            3.0,
        )
    }

    /// The outline of a suggested (ghost) frame: the stance colour halfway to grey, then at
    /// least 3:1 against the background, so it reads in both themes but never as a real frame's
    /// saturated colour.
    pub fn ghost_line(&self, rgb: [u8; 3]) -> Color32 {
        let c = Color32::from_rgb(rgb[0], rgb[1], rgb[2]);
        let grey = Color32::from_gray((luminance(c).sqrt() * 255.0) as u8);
        with_contrast(c.lerp_to_gamma(grey, 0.55), self.background, 3.0)
    }

    /// The stance colour as text on the background: at least 4.5:1 against it.
    pub fn stance_text(&self, rgb: [u8; 3]) -> Color32 {
        with_contrast(
            Color32::from_rgb(rgb[0], rgb[1], rgb[2]),
            self.background,
            4.5,
        )
    }
}

/// WCAG 2 relative luminance of an (opaque) sRGB colour, 0 (black) to 1 (white).
pub fn luminance(c: Color32) -> f32 {
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// WCAG 2 contrast ratio of two opaque colours: 1 (none) to 21 (black on white).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c`, moved toward white (on a dark `bg`) or black (on a light one) in steps of 5 % until its
/// contrast against `bg` is at least `min`.
pub fn with_contrast(c: Color32, bg: Color32, min: f32) -> Color32 {
    let target = if luminance(bg) < 0.18 {
        Color32::WHITE
    } else {
        Color32::BLACK
    };
    (0..=20)
        .map(|step| c.lerp_to_gamma(target, step as f32 * 0.05))
        .find(|&x| contrast(x, bg) >= min)
        .unwrap_or(target)
}

/// A translucent (premultiplied) colour painted over an opaque background, as the renderer
/// blends it (in gamma space).
pub fn over(top: Color32, bg: Color32) -> Color32 {
    let a = f32::from(top.a()) / 255.0;
    let mix = |t: u8, b: u8| (f32::from(t) + f32::from(b) * (1.0 - a)).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(top.r(), bg.r()),
        mix(top.g(), bg.g()),
        mix(top.b(), bg.b()),
    )
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

    #[test]
    fn ghost_outlines_read_in_both_themes_and_differ_from_real_frames() {
        let schema = crate::model::Schema::default_news();
        for dark in [false, true] {
            let t = Tokens::for_theme(dark);
            for label in &schema.stances {
                let rgb = label.rgb();
                let ghost = t.ghost_line(rgb);
                assert!(
                    contrast(ghost, t.background) >= 3.0,
                    "{} dark={dark}",
                    label.id
                );
                assert_ne!(ghost, t.stance_line(rgb), "{} dark={dark}", label.id);
                // less saturated than the real frame's line: channels closer together
                let spread = |c: Color32| c.r().max(c.g()).max(c.b()) - c.r().min(c.g()).min(c.b());
                assert!(
                    spread(ghost) <= spread(t.stance_line(rgb)),
                    "{} dark={dark}",
                    label.id
                );
            }
        }
    }

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

    /// Hand-checked ratios (WCAG 2 formula worked out by hand): black on white is 21:1; grey
    /// #777777 on white 4.48:1 (luminance 0.1845); the schema's Denial brown #8c564b on the dark
    /// panel grey 27 only 2.91:1 (luminances 0.1274 and 0.0110) — too weak for text.
    #[test]
    fn contrast_ratios_match_hand_computed_values() {
        let close = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert!(close(contrast(Color32::BLACK, Color32::WHITE), 21.0));
        assert!(close(contrast(Color32::WHITE, Color32::BLACK), 21.0));
        assert!(close(
            contrast(Color32::from_gray(0x77), Color32::WHITE),
            4.48
        ));
        let brown = Color32::from_rgb(0x8c, 0x56, 0x4b);
        assert!(close(contrast(brown, Color32::from_gray(27)), 2.91));
        assert!(close(luminance(brown), 0.1274));
        // The schema's yellow #bcbd22 on the light panel (248): 1.89:1.
        let yellow = Color32::from_rgb(0xbc, 0xbd, 0x22);
        assert!(close(contrast(yellow, Color32::from_gray(248)), 1.89));
    }

    /// Every stance colour of the default schema, in both themes: text on its highlight (one
    /// claim, and two nested claims stacked, with the selection over them) at least 3:1, the
    /// stance's name as text on the panel at least 4.5:1, its outline at least 3:1.
    #[test]
    fn every_stance_colour_is_readable_in_both_themes() {
        let schema = crate::model::Schema::default_news();
        for dark in [false, true] {
            let t = Tokens::for_theme(dark);
            let visuals = if dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            };
            assert_eq!(
                t.background, visuals.panel_fill,
                "the token is egui's panel fill"
            );
            for s in &schema.stances {
                let rgb = s.rgb();
                let one = over(stack(&[t.claim_fill(rgb)]), t.background);
                let two = over(stack(&[t.claim_fill(rgb), t.claim_fill(rgb)]), t.background);
                let selected = over(
                    stack(&[t.claim_fill(rgb), t.claim_fill(rgb), t.selection_bg]),
                    t.background,
                );
                for (what, bg) in [("one", one), ("two", two), ("selected", selected)] {
                    let c = contrast(t.text, bg);
                    assert!(c >= 3.0, "{} {what} dark={dark}: {c:.2}", s.id);
                }
                let text = contrast(t.stance_text(rgb), t.background);
                assert!(text >= 4.5, "{} text dark={dark}: {text:.2}", s.id);
                let line = contrast(t.stance_line(rgb), t.background);
                assert!(line >= 3.0, "{} line dark={dark}: {line:.2}", s.id);
            }
        }
    }

    #[test]
    fn contrast_is_reached_with_the_least_change() {
        let bg = Color32::from_gray(27);
        let brown = Color32::from_rgb(0x8c, 0x56, 0x4b);
        let text = with_contrast(brown, bg, 4.5);
        assert_ne!(text, brown, "lightened");
        assert!(contrast(text, bg) >= 4.5);
        // One 5 % step less would not do.
        let n = (0..=20)
            .position(|k| brown.lerp_to_gamma(Color32::WHITE, k as f32 * 0.05) == text)
            .unwrap();
        let less = brown.lerp_to_gamma(Color32::WHITE, (n - 1) as f32 * 0.05);
        assert!(contrast(less, bg) < 4.5);
        // A colour with enough contrast is kept as it is.
        let orange = Color32::from_rgb(0xff, 0x7f, 0x0e);
        assert_eq!(with_contrast(orange, bg, 4.5), orange);
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
