//! Conversations: what the story's dialogue graphs say, one line at a time,
//! with choices. Talking to someone starts the conversation the story has
//! for them now (or one of their greetings); the story can also start one
//! (an act's opening, a scene in a trigger area). Lines and choices send
//! their effects to the story; the end of a conversation is told to it.

mod log;
mod ui;

use std::collections::HashMap;

use bevy::diagnostic::FrameCount;
use bevy::prelude::*;

pub use log::{DialogueLog, LogView};

use crate::core::{Activity, Screen};
use crate::core::{AppSystems, PausableSystems};
use crate::data::{Cast, TheCast};
use crate::input::Controls;
use crate::model::Player;
use crate::model::{ApplyEffects, DialogueEnded, DialogueQueue, PlayDialogue, TheStory};
use crate::model::{Choose, Conversation, DialogueSystems, Line, Practised, TalkTo};
use biodental_story::Character;
use biodental_story::{Mood, Practice, Story, StoryState};

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.init_resource::<GreetingCursor>();
    app.add_plugins((ui::plugin, log::plugin));
    app.add_systems(OnEnter(Screen::Gameplay), reset);
    app.add_systems(OnExit(Activity::Talking), clear_conversation);
    app.add_systems(
        Update,
        (
            (begin_queued, begin_talk).chain().run_if(
                in_state(Activity::Exploring)
                    .and_then(crate::model::not_held)
                    .and_then(crate::model::act_entered),
            ),
            (offer_choices, advance, choose)
                .chain()
                .run_if(in_state(Activity::Talking)),
        )
            .chain()
            .in_set(DialogueSystems)
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
    // Conversations the story asks for are queued even while someone talks.
    app.add_systems(
        Update,
        queue_dialogue
            .before(DialogueSystems)
            .in_set(AppSystems::Update)
            .run_if(in_state(Screen::Gameplay)),
    );
}

/// Which greeting line each character says next, and the conversation
/// each last started when Mira walked up to them.
#[derive(Resource, Debug, Default)]
struct GreetingCursor(HashMap<Character, usize>, HashMap<Character, String>);

/// Whether the conversation starting at `start` asks the player to choose
/// somewhere along it.
fn offers_a_choice(story: &Story, start: &str) -> bool {
    let mut at = story.nodes.get(start);
    // Conversations are short; the bound keeps a looped file from hanging.
    for _ in 0..256 {
        let Some(node) = at else {
            return false;
        };
        if !node.choices.is_empty() {
            return true;
        }
        at = node.next.as_deref().and_then(|n| story.nodes.get(n));
    }
    false
}

fn reset(
    mut queue: ResMut<DialogueQueue>,
    mut cursor: ResMut<GreetingCursor>,
    mut log: ResMut<DialogueLog>,
) {
    queue.0.clear();
    cursor.0.clear();
    cursor.1.clear();
    log.clear();
}

fn queue_dialogue(mut play: MessageReader<PlayDialogue>, mut queue: ResMut<DialogueQueue>) {
    for PlayDialogue(id) in play.read() {
        queue.0.push_back(id.clone());
    }
}

/// Shows node `id`: its line, its effects sent to the story.
/// A line just put on screen.
struct Shown {
    line: Line,
    frame: u32,
    has_choices: bool,
    practise: Option<Practice>,
}

fn enter_node(
    story: &Story,
    id: &str,
    frame: u32,
    effects: &mut MessageWriter<ApplyEffects>,
    log: &mut DialogueLog,
    cast: Option<&Cast>,
) -> Option<Shown> {
    let node = story.nodes.get(id)?;
    if !node.effects.is_empty() {
        effects.write(ApplyEffects(node.effects.clone()));
    }
    let line = Line {
        speaker: node.who,
        mood: node.mood,
        text: node.text.clone(),
    };
    log.said(cast, &line);
    Some(Shown {
        line,
        frame,
        has_choices: !node.choices.is_empty(),
        practise: node.practise,
    })
}

fn begin_talk(
    mut commands: Commands,
    mut talks: MessageReader<TalkTo>,
    queue: Res<DialogueQueue>,
    conversation: Option<Res<Conversation>>,
    the_cast: TheCast,
    the_story: TheStory,
    state: Option<Res<StoryState>>,
    frame: Res<FrameCount>,
    mut cursor: ResMut<GreetingCursor>,
    mut effects: MessageWriter<ApplyEffects>,
    mut log: ResMut<DialogueLog>,
    mut next: ResMut<NextState<Activity>>,
) {
    let Some(TalkTo { with, who }) = talks.read().last().copied() else {
        return;
    };
    // What the story asked to play comes first.
    if !queue.is_empty() || conversation.is_some() {
        return;
    }
    let cast = the_cast.get();
    let story = the_story.get();
    let start = match (story, state.as_deref()) {
        (Some(story), Some(state)) => state.talk_start(story, who).map(str::to_string),
        _ => None,
    };
    // Someone with nothing new to say (the conversation Mira heard from
    // them last time, with nothing to decide in it) greets her instead;
    // the time after, they say it again.
    let start = match (start, story) {
        (Some(s), Some(story))
            if cursor.1.get(&who) == Some(&s)
                && !offers_a_choice(story, &s)
                && cast
                    .and_then(|c| c.person(who))
                    .is_some_and(|p| !p.greeting.is_empty()) =>
        {
            cursor.1.remove(&who);
            None
        }
        (Some(s), _) => {
            cursor.1.insert(who, s.clone());
            Some(s)
        }
        (None, _) => None,
    };
    let (node, shown) = match (start.as_ref(), story) {
        (Some(start), Some(story)) => {
            let Some(shown) = enter_node(story, start, frame.0, &mut effects, &mut log, cast)
            else {
                return;
            };
            (Some(start.clone()), shown)
        }
        _ => {
            // Nothing from the story for them now: one of their greetings.
            let Some(person) = cast.and_then(|c| c.person(who)) else {
                return;
            };
            if person.greeting.is_empty() {
                return;
            }
            let turn = cursor.0.entry(who).or_default();
            let text = person.greeting[*turn % person.greeting.len()].clone();
            *turn += 1;
            let line = Line {
                speaker: who,
                mood: Mood::Neutral,
                text,
            };
            log.said(cast, &line);
            let shown = Shown {
                line,
                frame: frame.0,
                has_choices: false,
                practise: None,
            };
            (None, shown)
        }
    };
    commands.insert_resource(Conversation::new(Some(with), Some(who), node, shown));
    next.set(Activity::Talking);
}

/// A conversation the story asked for starts once Mira is free and in a room.
fn begin_queued(
    mut commands: Commands,
    mut queue: ResMut<DialogueQueue>,
    the_cast: TheCast,
    the_story: TheStory,
    frame: Res<FrameCount>,
    player: Query<(), With<Player>>,
    transition: Res<crate::model::room::Transition>,
    conversation: Option<Res<Conversation>>,
    mut effects: MessageWriter<ApplyEffects>,
    mut log: ResMut<DialogueLog>,
    mut next: ResMut<NextState<Activity>>,
) {
    if player.is_empty() || transition.is_active() || conversation.is_some() {
        return;
    }
    let Some(story) = the_story.get() else {
        return;
    };
    let Some(start) = queue.0.pop_front() else {
        return;
    };
    let cast = the_cast.get();
    let Some(shown) = enter_node(story, &start, frame.0, &mut effects, &mut log, cast) else {
        return;
    };
    commands.insert_resource(Conversation::new(None, None, Some(start), shown));
    next.set(Activity::Talking);
}

/// Once the line is typed out (and its effects have reached the story), the
/// choices whose conditions hold.
fn offer_choices(
    mut conversation: ResMut<Conversation>,
    the_story: TheStory,
    state: Option<Res<StoryState>>,
    frame: Res<FrameCount>,
) {
    if !conversation.finished_typing()
        || !conversation.choices.is_empty()
        || frame.0 <= conversation.entered
    {
        return;
    }
    let (Some(story), Some(state), Some(id)) = (the_story.get(), state, conversation.node.clone())
    else {
        return;
    };
    let Some(node) = story.nodes.get(&id) else {
        return;
    };
    let offered: Vec<(usize, String)> = state
        .offered(story, &id)
        .into_iter()
        .map(|i| (i, node.choices[i].text.clone()))
        .collect();
    if !offered.is_empty() {
        conversation.choices = offered;
        conversation.cursor = 0;
    }
}

/// The talk button finishes the line, then moves on; with choices on
/// screen, up and down move between them and the button or a number picks.
/// A line that asks for one of the dream's actions moves on when the player
/// does it (and the room's swarm is told).
fn advance(
    controls: Res<Controls>,
    mut conversation: ResMut<Conversation>,
    mut choose: MessageWriter<Choose>,
    mut practised: MessageWriter<Practised>,
) {
    if !conversation.finished_typing() {
        if controls.interact {
            conversation.shown = conversation.line.text.chars().count() as f32;
        }
        return;
    }
    if let Some(practice) = conversation.practise {
        if controls.did(practice) {
            practised.write(Practised(practice));
            choose.write(Choose::CONTINUE);
        }
        return;
    }
    if conversation.has_choices {
        let n = conversation.choices.len();
        if n == 0 {
            return;
        }
        if controls.menu_step != 0 {
            conversation.cursor =
                (conversation.cursor as i32 + controls.menu_step).rem_euclid(n as i32) as usize;
        }
        if let Some(i) = controls.pick.filter(|i| *i < n) {
            choose.write(Choose(i));
        } else if controls.interact {
            choose.write(Choose(conversation.cursor));
        }
        return;
    }
    if controls.interact {
        choose.write(Choose::CONTINUE);
    }
}

/// A choice made (or, for a line without choices, the line done): its
/// effects to the story, then the next line or the end.
fn choose(
    mut picks: MessageReader<Choose>,
    mut conversation: ResMut<Conversation>,
    the_cast: TheCast,
    the_story: TheStory,
    frame: Res<FrameCount>,
    mut effects: MessageWriter<ApplyEffects>,
    mut ended: MessageWriter<DialogueEnded>,
    mut log: ResMut<DialogueLog>,
    mut next: ResMut<NextState<Activity>>,
) {
    let Some(Choose(pick)) = picks.read().last().copied() else {
        return;
    };
    let story = the_story.get();
    let cast = the_cast.get();
    let node = conversation
        .node
        .as_ref()
        .and_then(|id| story?.nodes.get(id));
    let following = match node {
        Some(node) if !node.choices.is_empty() => {
            let Some((index, text)) = conversation.choices.get(pick).cloned() else {
                return;
            };
            let choice = &node.choices[index];
            if !choice.effects.is_empty() {
                effects.write(ApplyEffects(choice.effects.clone()));
            }
            log.chose(cast, &text);
            choice.next.clone()
        }
        Some(node) => node.next.clone(),
        None => None,
    };
    let entered = following.and_then(|id| {
        let shown = enter_node(story?, &id, frame.0, &mut effects, &mut log, cast)?;
        Some((id, shown))
    });
    match entered {
        Some((id, shown)) => conversation.show(id, shown),
        None => {
            ended.write(DialogueEnded {
                start: conversation.start.clone(),
                who: conversation.who,
            });
            next.set(Activity::Exploring);
        }
    }
}

fn clear_conversation(mut commands: Commands) {
    commands.remove_resource::<Conversation>();
}

impl Conversation {
    fn new(
        with: Option<Entity>,
        who: Option<Character>,
        start: Option<String>,
        shown: Shown,
    ) -> Self {
        Conversation {
            with,
            who,
            node: start.clone(),
            start,
            line: shown.line,
            shown: 0.0,
            choices: Vec::new(),
            cursor: 0,
            practise: shown.practise,
            has_choices: shown.has_choices,
            entered: shown.frame,
        }
    }

    /// Puts node `id` on screen.
    fn show(&mut self, id: String, shown: Shown) {
        self.node = Some(id);
        self.line = shown.line;
        self.shown = 0.0;
        self.choices.clear();
        self.cursor = 0;
        self.practise = shown.practise;
        self.has_choices = shown.has_choices;
        self.entered = shown.frame;
    }

    pub fn finished_typing(&self) -> bool {
        self.shown as usize >= self.line.text.chars().count()
    }

    /// The line is typed out and has choices that are not on screen yet.
    pub fn waiting_for_choices(&self) -> bool {
        self.has_choices && self.choices.is_empty()
    }

    pub fn typed(&self) -> String {
        self.line.text.chars().take(self.shown as usize).collect()
    }
}
