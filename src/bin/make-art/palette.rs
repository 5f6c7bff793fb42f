//! The colours of BioDental. The clinic is clean white and cool grey lit by
//! bioluminescent teal; people and Mira's office bring the warm colours.

use crate::canvas::{Rgba, hex};

/// Outline for characters and props: a blue-black, never pure black.
pub const INK: Rgba = hex("#161c2b");
pub const INK_SOFT: Rgba = hex("#2b3447");

// Clinic whites and greys, light to dark.
pub const WHITE: Rgba = hex("#f5f9fb");
pub const PEARL: Rgba = hex("#e3ebf0");
pub const SILVER: Rgba = hex("#c7d3dc");
pub const STEEL: Rgba = hex("#9aabb8");
pub const SLATE: Rgba = hex("#6d7f8f");
pub const GRAPHITE: Rgba = hex("#465566");

// Bioluminescence.
pub const GLOW: Rgba = hex("#4ff7e6");
pub const TEAL: Rgba = hex("#1cc6bf");
pub const TEAL_DEEP: Rgba = hex("#0f8b93");
pub const TEAL_DARK: Rgba = hex("#0b5563");
pub const VIOLET: Rgba = hex("#8a6cff");
pub const VIOLET_DARK: Rgba = hex("#4a3a9c");
pub const PINK_GLOW: Rgba = hex("#ff7ab8");

// The VR room at night.
pub const NIGHT: Rgba = hex("#111733");
pub const NIGHT_2: Rgba = hex("#1a2348");
pub const NIGHT_3: Rgba = hex("#27336a");

// Treatment-room mint.
pub const MINT: Rgba = hex("#e0f5ef");
pub const MINT_2: Rgba = hex("#c4e6de");
pub const MINT_3: Rgba = hex("#9fd0c6");

// Warm wood and fabric (Mira's office, the human side of care).
pub const WOOD: Rgba = hex("#c58f5e");
pub const WOOD_2: Rgba = hex("#a06e43");
pub const WOOD_3: Rgba = hex("#744c2e");
pub const RUG: Rgba = hex("#b4545f");
pub const RUG_2: Rgba = hex("#8c3f4b");
pub const CREAM: Rgba = hex("#f6ecd2");
pub const CREAM_2: Rgba = hex("#dccfae");

// Plants.
pub const LEAF: Rgba = hex("#58c27d");
pub const LEAF_2: Rgba = hex("#2f8f5f");
pub const LEAF_3: Rgba = hex("#1d5c45");

// The plaza outside: warm stone in daylight.
pub const STONE: Rgba = hex("#cfc6b6");
pub const STONE_2: Rgba = hex("#b3a997");
pub const STONE_3: Rgba = hex("#8d8474");
pub const GRASS: Rgba = hex("#7cc46a");
pub const GRASS_2: Rgba = hex("#5aa257");
pub const GRASS_3: Rgba = hex("#3d7a48");

// Signals.
pub const RED: Rgba = hex("#e5484d");
pub const RED_DARK: Rgba = hex("#9e2b3a");
pub const AMBER: Rgba = hex("#f2b440");
pub const SKY: Rgba = hex("#7fc8f8");
pub const GLASS: Rgba = hex("#a9e4f2");
pub const GLASS_2: Rgba = hex("#6fc0d8");

// Leo's nightmare (the dream tileset): the inside of a mouth seen by a scared
// child. Gum pinks and mauves for the ground, violet and indigo for the dark
// beyond, enamel cream for teeth, a sick red where the nanobots malfunction
// and the warm gold of a nightlight for what is safe.
pub const GUM: Rgba = hex("#ea9db4");
pub const GUM_2: Rgba = hex("#c9718f");
pub const GUM_3: Rgba = hex("#9c4c6c");
pub const GUM_4: Rgba = hex("#6a2d4e");
pub const MAUVE: Rgba = hex("#b98ba9");
pub const MAUVE_2: Rgba = hex("#a07593");
pub const MAUVE_3: Rgba = hex("#7c5676");
pub const DUSK: Rgba = hex("#5e3f92");
pub const DUSK_2: Rgba = hex("#42296e");
pub const DUSK_3: Rgba = hex("#2b1a4f");
pub const ABYSS: Rgba = hex("#130e2c");
pub const ABYSS_2: Rgba = hex("#1c1640");
pub const LILAC: Rgba = hex("#c8a6ff");
pub const ENAMEL: Rgba = hex("#fbf4e2");
pub const ENAMEL_2: Rgba = hex("#eadbbd");
pub const ENAMEL_3: Rgba = hex("#c6b08f");
pub const FAULT: Rgba = hex("#ff3d5e");
pub const FAULT_DARK: Rgba = hex("#941f40");
pub const FAULT_DEEP: Rgba = hex("#4b1027");
pub const NIGHTLIGHT: Rgba = hex("#ffd97a");
pub const NIGHTLIGHT_2: Rgba = hex("#e9a74a");
