//! Mira (the player), Leo, Samantha, Jasper, AIDA, the traditional dentists
//! and the patients: their sprites, how they stand, walk and look about.

mod animation;
mod npc;
mod player;
mod talk;

use bevy::prelude::*;
use bevy::sprite::Anchor;

use crate::core::load_awaited;
use crate::model::{Companion, Player, Pose, Walker};

pub use biodental_story::Character;
pub use npc::{Offstage, Stage};
pub use player::{WALK_SPEED, spawn_player};
pub use talk::Talkable;

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.init_resource::<CharacterAssets>();
    app.add_systems(Startup, build_sheet);
    app.add_observer(dress_companion);
    app.add_plugins((animation::plugin, npc::plugin, player::plugin, talk::plugin));
}

/// Everyone's sprite sheet, in the levels' tilesets (designers place
/// characters with it in LDtk), and the effects' sheet (shadows, markers).
const SHEET_PATH: &str = "levels://tilesets/characters.png";
const FX_PATH: &str = "sprites/fx.png";

/// The characters' pictures, requested as the game starts.
#[derive(Resource)]
pub(crate) struct CharacterAssets {
    pub sheet: Handle<Image>,
    pub fx: Handle<Image>,
}

impl FromWorld for CharacterAssets {
    fn from_world(world: &mut World) -> Self {
        CharacterAssets {
            sheet: load_awaited(world, SHEET_PATH),
            fx: load_awaited(world, FX_PATH),
        }
    }
}

/// Dresses a [`Companion`] as it is spawned: drawn and animated like
/// everyone else, with a shadow at its feet.
fn dress_companion(
    add: On<Add, Companion>,
    mut commands: Commands,
    sheet: Option<Res<CharacterSheet>>,
) {
    let Some(sheet) = sheet else {
        return;
    };
    commands.entity(add.entity).insert((
        animation::IdleClock(0.7),
        sheet.sprite(),
        children![npc::shadow()],
    ));
}

/// `levels/tilesets/characters.png` cut into frames.
#[derive(Resource, Clone)]
pub(crate) struct CharacterSheet {
    pub image: Handle<Image>,
    pub layout: Handle<TextureAtlasLayout>,
}

/// Frame size and columns of the sheet (see the art generator).
pub const FRAME: UVec2 = UVec2::new(16, 32);
pub(crate) const SHEET_COLUMNS: u32 = 18;

impl CharacterSheet {
    /// A character's sprite, standing on its feet (the frame is picked by animation).
    pub fn sprite(&self) -> (Sprite, Anchor) {
        (
            Sprite::from_atlas_image(
                self.image.clone(),
                TextureAtlas {
                    layout: self.layout.clone(),
                    index: 0,
                },
            ),
            Anchor::BOTTOM_CENTER,
        )
    }
}

fn build_sheet(
    mut commands: Commands,
    assets: Res<CharacterAssets>,
    mut layouts: ResMut<Assets<TextureAtlasLayout>>,
) {
    let layout = layouts.add(TextureAtlasLayout::from_grid(
        FRAME,
        SHEET_COLUMNS,
        Character::ALL.len() as u32,
        None,
        None,
    ));
    commands.insert_resource(CharacterSheet {
        image: assets.sheet.clone(),
        layout,
    });
}
