//! The game's vocabulary, which features share and none of them owns: the
//! story itself (its own crate, `biodental-story`), the act and the surge's
//! phases as engine states, the words of the LDtk project, and the save
//! snapshot. Plain data and states; it imports only `core`. See
//! `ARCHITECTURE.md`.

mod act;
mod mira;
mod people;
pub mod room;
mod save_game;
mod settings;
mod story;
mod surge;
mod swarms;
mod talk;
pub mod vocab;

use bevy::prelude::*;

pub use act::InAct;
pub use mira::{HeldStill, Hold, Mira, mira_is_free, not_held};
pub use people::{Companion, FramePlayer, Player, Pose, TALK_RANGE, TalkTarget, Walker};
pub use save_game::{
    DreamProgress, MAX_FLAGS, MAX_PLAY_TIME, MAX_SEQUENCE, MAX_TEXT, Resume, SAVE_VERSION,
    SaveGame, read_ron,
};
pub use settings::{Choice, DreamBattle, ReducedFlashing, SwarmPalette, TextSize, TextSpeed};
pub use story::{
    ActBegun, ApplyEffects, DialogueEnded, DialogueQueue, Notice, PlayDialogue, STORY_PATH,
    StoryEvent, StoryHandle, StoryTrigger, TheStory, Usable, act_entered,
};
pub use surge::SurgePhase;
pub use swarms::{NANOBOT_Z, Nanobot, Pace, Swarms};
pub use talk::{Choose, Conversation, DialogueSystems, Line, Practised, TalkTo};

pub(super) fn plugin(app: &mut App) {
    // The story is read here, for every feature that needs it.
    app.init_asset::<biodental_story::Story>();
    app.register_asset_loader(story::StoryLoader);
    app.init_resource::<StoryHandle>();
    // What the features share is here from the start, whichever of them run.
    app.init_resource::<DialogueQueue>();
    app.init_resource::<Usable>();
    app.init_resource::<TalkTarget>();
    app.init_resource::<FramePlayer>();
    settings::init(app);
    app.init_resource::<Swarms>();
    app.init_resource::<HeldStill>();
    app.init_resource::<room::Transition>();
    app.init_resource::<room::SealedDoors>();
    app.init_resource::<room::UseSpot>();
    app.add_message::<room::RoomEntered>();
    app.add_message::<room::LevelsReloaded>();
    app.init_resource::<Pace>();
    app.add_sub_state::<InAct>();
    app.add_sub_state::<SurgePhase>();
    app.add_message::<StoryEvent>();
    app.add_message::<ActBegun>();
    app.add_message::<PlayDialogue>();
    app.add_message::<ApplyEffects>();
    app.add_message::<DialogueEnded>();
    app.add_message::<StoryTrigger>();
    app.add_message::<TalkTo>();
    app.add_message::<Notice>();
    app.add_message::<Choose>();
    app.add_message::<Practised>();
}
