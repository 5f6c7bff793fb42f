//! The story as the game plays it: the loaded story, the act entered, and
//! the messages the story and the features send each other.

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use biodental_story::{Character, Effect, Story, StoryState, Trigger};

use super::InAct;
use crate::data::DataError;

/// Where the story lives, under `assets/`.
pub const STORY_PATH: &str = "story/story.ron";

/// `assets/story/story.ron` (and the dialogue files it lists), requested
/// as the game starts.
#[derive(Resource)]
pub struct StoryHandle(pub Handle<Story>);

impl FromWorld for StoryHandle {
    fn from_world(world: &mut World) -> Self {
        StoryHandle(crate::core::load_awaited(world, STORY_PATH))
    }
}

/// The loaded story, for systems that read it.
#[derive(bevy::ecs::system::SystemParam)]
pub struct TheStory<'w> {
    file: Res<'w, StoryHandle>,
    stories: Res<'w, Assets<Story>>,
}

impl TheStory<'_> {
    /// The story, once loaded (the loading screen waits for it).
    pub fn get(&self) -> Option<&Story> {
        self.stories.get(&self.file.0)
    }
}

/// Run condition: the act the story is in has been entered (it has not
/// just moved on, with the new act's scenery and scenes still to come the
/// next frame). True outside gameplay.
pub fn act_entered(state: Option<Res<StoryState>>, act: Option<Res<State<InAct>>>) -> bool {
    match (state, act) {
        (Some(state), Some(act)) => act.get().0 == state.act,
        _ => true,
    }
}

/// Something happened that the story may care about.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct StoryEvent(pub Trigger);

/// The story moved on to this act while it was played (a loaded save
/// starts in its act without it): the levels may take Mira somewhere new.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActBegun(pub biodental_story::Act);

/// The story asks for a conversation to play, starting at this node.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct PlayDialogue(pub String);

/// A line or a choice changed the story (flags, balance, trust).
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct ApplyEffects(pub Vec<Effect>);

/// A conversation ended. `start` is the node it began at (none for a
/// greeting); `who` is the person Mira walked up to, if she did.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct DialogueEnded {
    pub start: Option<String>,
    pub who: Option<Character>,
}

/// Mira entered a story trigger area, or used what is there.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct StoryTrigger {
    /// The event id designers gave the trigger in LDtk.
    pub event: String,
    /// She used it (a trigger with a prompt) rather than stepped in.
    pub used: bool,
}

/// What Mira can use now: the events of LDtk `Trigger` areas with a prompt
/// that a rule of the current act listens for (`Used`) and whose conditions
/// hold. Prompts elsewhere stay hidden, so that nothing invites a press
/// that does nothing.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Usable(pub std::collections::BTreeSet<String>);

/// Conversations the story asked for, waiting for the current one to end.
#[derive(Resource, Debug, Default)]
pub struct DialogueQueue(pub std::collections::VecDeque<String>);

impl DialogueQueue {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

/// A line telling the player what a choice changed.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct Notice(pub String);

/// Loads `story.ron` and the dialogue files it lists as one [`Story`].
#[derive(TypePath)]
pub(super) struct StoryLoader;

impl AssetLoader for StoryLoader {
    type Asset = Story;
    type Settings = ();
    type Error = DataError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<Story, DataError> {
        let path = load_context.path().path().to_path_buf();
        let file_name = format!("assets/{}", path.display());
        let text = crate::data::read_text(reader, &file_name).await?;
        let file = Story::parse_main(&file_name, &text)?;
        let dir = path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let mut dialogue = Vec::new();
        for d in &file.dialogue {
            let p = dir.join(d);
            let name = format!("assets/{}", p.display());
            let text = match load_context.read_asset_bytes(p).await {
                Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
                Err(e) => Err(e.to_string()),
            };
            dialogue.push((name, text));
        }
        Story::assemble(&file_name, file, dialogue)
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}
