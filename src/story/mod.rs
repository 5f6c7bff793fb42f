//! The story: its acts as a Bevy state, flags, Mira's tech ↔ empathy
//! balance, trust, the objective on screen and the endings, all driven by
//! `assets/story/`. The story listens to what happens (conversations
//! ending, trigger areas, the surge and the battle being over) and the rest
//! of the game listens to the act.

mod notice;
mod objective;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;

pub use biodental_story::data;
pub use biodental_story::{
    Act, BALANCE_LIMIT, Bond, Budget, Condition, Effect, Ending, Exploration, Mood, Node, Reaction,
    Story, StoryReport, StoryState, TRUST_LIMIT, Trigger, check, check_on_disk, check_triggers,
    explore, explore_within,
};
pub use notice::Notice;

use crate::characters::Character;
use crate::core::Screen;
use crate::data::DataError;
use crate::world::StoryTrigger;

/// Where the story lives, under `assets/`.
pub const STORY_PATH: &str = "story/story.ron";

/// The story's asset type and loader: registered with the other data,
/// before the screens ask for the files.
pub(crate) fn register_asset(app: &mut App) {
    app.init_asset::<Story>();
    app.register_asset_loader(StoryLoader);
    app.init_resource::<StoryHandle>();
}

/// `assets/story/story.ron` (and the dialogue files it lists), requested
/// as the game starts.
#[derive(Resource)]
pub struct StoryHandle(pub Handle<Story>);

impl FromWorld for StoryHandle {
    fn from_world(world: &mut World) -> Self {
        StoryHandle(crate::core::load_awaited(world, STORY_PATH))
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<InAct>();
    app.add_message::<StoryEvent>();
    app.add_message::<PlayDialogue>();
    app.add_message::<ApplyEffects>();
    app.add_message::<DialogueEnded>();
    app.add_plugins((objective::plugin, notice::plugin));
    app.init_resource::<Usable>();
    app.add_systems(OnEnter(Screen::Gameplay), new_story);
    app.add_systems(
        PostUpdate,
        list_usable
            .after(finish)
            .run_if(resource_exists_and_changed::<StoryState>),
    );
    app.add_systems(
        PostUpdate,
        (apply_effects, react, finish)
            .chain()
            .run_if(in_state(Screen::Gameplay).and_then(resource_exists::<StoryState>)),
    );
    app.add_systems(
        PostUpdate,
        follow_act
            .after(finish)
            .run_if(in_state(Screen::Gameplay).and_then(resource_exists::<StoryState>)),
    );
}

/// The act being played, as an engine state that exists only during
/// gameplay: systems run in an act (`in_state(InAct(Act::PowerSurge))`)
/// and its scenery leaves with it. The act itself is kept in one place,
/// [`StoryState::act`]; this state follows it (`follow_act`) and nothing
/// else sets it.
#[derive(SubStates, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[source(Screen = Screen::Gameplay)]
pub struct InAct(pub Act);

/// Run condition: the act the story is in has been entered (it has not
/// just moved on, with the new act's scenery and scenes still to come the
/// next frame). True outside gameplay.
pub fn act_entered(state: Option<Res<StoryState>>, act: Option<Res<State<InAct>>>) -> bool {
    match (state, act) {
        (Some(state), Some(act)) => act.get().0 == state.act,
        _ => true,
    }
}

/// Moves the engine's act to the story's, whoever changed it (the story's
/// rules, a loaded save, a test): the next frame enters it.
fn follow_act(state: Res<StoryState>, act: Res<State<InAct>>, mut next: ResMut<NextState<InAct>>) {
    if act.get().0 != state.act {
        next.set(InAct(state.act));
    }
}

/// Something happened that the story may care about.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct StoryEvent(pub Trigger);

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

/// What Mira can use now: the events of LDtk `Trigger` areas with a prompt
/// that a rule of the current act listens for (`Used`) and whose conditions
/// hold. Prompts elsewhere stay hidden, so that nothing invites a press
/// that does nothing.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Usable(pub std::collections::BTreeSet<String>);

fn list_usable(state: Res<StoryState>, the_story: TheStory, mut usable: ResMut<Usable>) {
    let Some(story) = the_story.get() else {
        return;
    };
    let now: std::collections::BTreeSet<String> = story
        .file
        .acts
        .get(&state.act)
        .into_iter()
        .flat_map(|a| &a.rules)
        .filter(|r| state.holds_all(&r.when))
        .filter_map(|r| match &r.on {
            Trigger::Used(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    if usable.0 != now {
        usable.0 = now;
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

/// Loads `story.ron` and the dialogue files it lists as one [`Story`].
#[derive(TypePath)]
struct StoryLoader;

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

fn new_story(
    mut commands: Commands,
    the_story: TheStory,
    resume: Option<Res<crate::save::Resume>>,
    mut play: MessageWriter<PlayDialogue>,
) {
    if let Some(resume) = resume {
        // A saved game: the story as it was, nothing replayed.
        commands.insert_resource(resume.0.story.clone());
        return;
    }
    let Some(story) = the_story.get() else {
        return;
    };
    let (state, reaction) = StoryState::new(story);
    play.write_batch(reaction.dialogue.into_iter().map(PlayDialogue));
    commands.insert_resource(state);
}

fn apply_effects(
    the_story: TheStory,
    mut effects: MessageReader<ApplyEffects>,
    mut state: ResMut<StoryState>,
    mut notices: MessageWriter<notice::Notice>,
) {
    let Some(story) = the_story.get() else {
        return;
    };
    for ApplyEffects(e) in effects.read() {
        let before = state.clone();
        state.apply_all(story, e);
        notices.write_batch(notice::changes(&before, &state));
    }
}

/// What happened, in the order it happened, through the current act's rules.
fn react(
    the_story: TheStory,
    mut ended: MessageReader<DialogueEnded>,
    mut events: MessageReader<StoryEvent>,
    mut areas: MessageReader<StoryTrigger>,
    mut state: ResMut<StoryState>,
    mut play: MessageWriter<PlayDialogue>,
) {
    let Some(story) = the_story.get() else {
        return;
    };
    let mut reactions = Vec::new();
    for e in ended.read() {
        reactions.push(state.conversation_ended(story, e.start.as_deref(), e.who));
    }
    for StoryEvent(t) in events.read() {
        reactions.push(state.react(story, t));
    }
    for t in areas.read() {
        let trigger = if t.used {
            Trigger::Used(t.event.clone())
        } else {
            Trigger::Entered(t.event.clone())
        };
        reactions.push(state.react(story, &trigger));
    }
    for r in reactions {
        if let Some(act) = r.entered {
            info!("story: act {act:?}");
        }
        play.write_batch(r.dialogue.into_iter().map(PlayDialogue));
    }
}

/// Once the story is finished and the last words are said, the closing scenes.
fn finish(
    state: Res<StoryState>,
    activity: Option<Res<State<crate::core::Activity>>>,
    queue: Res<crate::dialogue::DialogueQueue>,
    conversation: Option<Res<crate::dialogue::Conversation>>,
    mut asked: MessageReader<PlayDialogue>,
    mut next: ResMut<NextState<Screen>>,
) {
    // A last conversation the finishing rule asked for (this frame, so not
    // queued yet) is said before the closing scenes.
    let asked = asked.read().count() > 0;
    let idle = activity.is_some_and(|a| *a.get() == crate::core::Activity::Exploring)
        && queue.is_empty()
        && conversation.is_none()
        && !asked;
    if state.finished && idle {
        next.set(Screen::Ending);
    }
}
