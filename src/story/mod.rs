//! The story: its acts as a Bevy state, flags, Mira's tech ↔ empathy
//! balance, trust, the objective on screen and the endings, all driven by
//! `assets/story/`. The story listens to what happens (conversations
//! ending, trigger areas, the surge and the battle being over) and the rest
//! of the game listens to the act.

mod check;
pub mod data;
mod explore;
mod notice;
mod objective;
mod state;

use std::collections::BTreeMap;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;

pub use check::{StoryReport, check, check_on_disk, check_triggers};
pub use data::{Act, Bond, Condition, Effect, Ending, Mood, Node, Trigger};
pub use explore::{Budget, Exploration, explore, explore_within};
pub use notice::Notice;
pub use state::{BALANCE_LIMIT, Reaction, StoryState, TRUST_LIMIT};

use crate::characters::Character;
use crate::data::{DataError, parse_ron_syntax};
use crate::screens::{GameAssets, Screen};
use crate::world::StoryTrigger;
use data::{DialogueFile, StoryFile, Talk};

/// Where the story lives, under `assets/`.
pub const STORY_PATH: &str = "story/story.ron";

/// The story's asset type and loader: registered with the other data,
/// before the screens ask for the files.
pub(crate) fn register_asset(app: &mut App) {
    app.init_asset::<Story>();
    app.register_asset_loader(StoryLoader);
}

pub(super) fn plugin(app: &mut App) {
    app.add_sub_state::<Act>();
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
    assets: Res<'w, GameAssets>,
    stories: Res<'w, Assets<Story>>,
}

impl TheStory<'_> {
    /// The story, once loaded (the loading screen waits for it).
    pub fn get(&self) -> Option<&Story> {
        self.stories.get(&self.assets.story)
    }
}

/// The whole story: `story.ron` and every dialogue file it lists, checked.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct Story {
    /// How `story.ron` is named in messages.
    pub file_name: String,
    pub file: StoryFile,
    pub nodes: BTreeMap<String, Node>,
    /// The file each node is written in.
    pub node_file: BTreeMap<String, String>,
    pub talks: Vec<Talk>,
    /// The file each talk is written in.
    pub talk_file: Vec<String>,
}

impl Story {
    /// Parses `story.ron`; `file` names it in errors.
    pub fn parse_main(file: &str, text: &str) -> Result<StoryFile, DataError> {
        parse_ron_syntax(file, text)
    }

    /// Puts the story together from `story.ron` and the dialogue files it
    /// lists (`dialogue`: each file's name and text, or why it could not be
    /// read), then checks it.
    pub fn assemble(
        file_name: &str,
        file: StoryFile,
        dialogue: Vec<(String, Result<String, String>)>,
    ) -> Result<Story, DataError> {
        let (story, mut problems) = Self::gather(file_name, file, dialogue);
        if problems.is_empty() {
            problems = check(&story);
        }
        if problems.is_empty() {
            Ok(story)
        } else {
            Err(DataError::Problems(problems))
        }
    }

    /// Puts the story together as [`Story::assemble`] does, without the
    /// checks: the story, and what stopped a dialogue file or a node from
    /// joining it (unreadable files, duplicate ids).
    pub fn gather(
        file_name: &str,
        file: StoryFile,
        dialogue: Vec<(String, Result<String, String>)>,
    ) -> (Story, Vec<String>) {
        let mut problems = Vec::new();
        let mut story = Story {
            file_name: file_name.to_string(),
            file,
            nodes: BTreeMap::new(),
            node_file: BTreeMap::new(),
            talks: Vec::new(),
            talk_file: Vec::new(),
        };
        for (name, text) in dialogue {
            let text = match text {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!("{name}: cannot be read: {e}"));
                    continue;
                }
            };
            let parsed: DialogueFile = match parse_ron_syntax(&name, &text) {
                Ok(d) => d,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            for talk in parsed.talks {
                story.talks.push(talk);
                story.talk_file.push(name.clone());
            }
            for (id, node) in parsed.nodes {
                if let Some(other) = story.node_file.get(&id) {
                    problems.push(if *other == name {
                        format!("{name}: node \"{id}\": the id is used twice in this file")
                    } else {
                        format!("{name}: node \"{id}\": the id is already used in {other}")
                    });
                    continue;
                }
                story.node_file.insert(id.clone(), name.clone());
                story.nodes.insert(id, node);
            }
        }
        (story, problems)
    }

    /// Reads and checks the story from a folder on disk (`assets/story`).
    pub fn read_dir(dir: &std::path::Path) -> Result<Story, DataError> {
        let main = dir.join("story.ron");
        let name = |p: &std::path::Path| p.display().to_string();
        let text = std::fs::read_to_string(&main).map_err(|error| DataError::Io {
            file: name(&main),
            error,
        })?;
        let file = Self::parse_main(&name(&main), &text)?;
        let dialogue = file
            .dialogue
            .iter()
            .map(|d| {
                let p = dir.join(d);
                (
                    name(&p),
                    std::fs::read_to_string(&p).map_err(|e| e.to_string()),
                )
            })
            .collect();
        Self::assemble(&name(&main), file, dialogue)
    }

    /// The objective shown in `state`: the act's first whose `until` flag is
    /// not set (the last one otherwise).
    pub fn objective(&self, state: &StoryState) -> &str {
        let Some(act) = self.file.acts.get(&state.act) else {
            return "";
        };
        act.objectives
            .iter()
            .find(|o| o.until.as_ref().is_none_or(|f| !state.has(f)))
            .or(act.objectives.last())
            .map(|o| o.text.as_str())
            .unwrap_or("")
    }

    /// The conversation that plays as `act` begins, if any.
    pub fn opening(&self, act: Act) -> Option<&str> {
        self.file.acts.get(&act).and_then(|a| a.opening.as_deref())
    }

    /// How `ending` is written: its title, opening and closing scenes.
    pub fn ending(&self, ending: Ending) -> Option<&data::EndingDef> {
        self.file.endings.iter().find(|e| e.ending == ending)
    }

    pub fn title(&self, act: Act) -> &str {
        self.file
            .acts
            .get(&act)
            .map(|a| a.title.as_str())
            .unwrap_or("")
    }

    /// Every trigger area the story's rules listen for: act, rule index,
    /// event id, and whether it is to be used (`Used`) or entered.
    pub fn areas(&self) -> Vec<(Act, usize, &str, bool)> {
        let mut out = Vec::new();
        for (act, def) in &self.file.acts {
            for (i, r) in def.rules.iter().enumerate() {
                match &r.on {
                    Trigger::Entered(a) => out.push((*act, i, a.as_str(), false)),
                    Trigger::Used(a) => out.push((*act, i, a.as_str(), true)),
                    _ => {}
                }
            }
        }
        out
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
    mut next: ResMut<NextState<Act>>,
) {
    if let Some(resume) = resume {
        // A saved game: the story as it was, nothing replayed.
        next.set(resume.0.story.act);
        commands.insert_resource(resume.0.story.clone());
        return;
    }
    let Some(story) = the_story.get() else {
        return;
    };
    let (state, reaction) = StoryState::new(story);
    next.set(state.act);
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
    mut next: ResMut<NextState<Act>>,
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
            next.set(act);
        }
        play.write_batch(r.dialogue.into_iter().map(PlayDialogue));
    }
}

/// Once the story is finished and the last words are said, the closing scenes.
fn finish(
    state: Res<StoryState>,
    activity: Option<Res<State<crate::Activity>>>,
    queue: Res<crate::dialogue::DialogueQueue>,
    conversation: Option<Res<crate::dialogue::Conversation>>,
    mut asked: MessageReader<PlayDialogue>,
    mut next: ResMut<NextState<Screen>>,
) {
    // A last conversation the finishing rule asked for (this frame, so not
    // queued yet) is said before the closing scenes.
    let asked = asked.read().count() > 0;
    let idle = activity.is_some_and(|a| *a.get() == crate::Activity::Exploring)
        && queue.is_empty()
        && conversation.is_none()
        && !asked;
    if state.finished && idle {
        next.set(Screen::Ending);
    }
}
