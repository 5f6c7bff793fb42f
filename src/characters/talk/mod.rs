//! Walking up to someone and talking: the prompt, the speech-bubble marker,
//! and a greeting in the dialogue box (one line per visit, in turn). The
//! full branching dialogue builds on this box.

use std::collections::HashMap;

mod dialogue_box;
mod prompt;

use bevy::prelude::*;

use super::{Character, Player, Pose, Walker};
use crate::data::Cast;
use crate::input::Controls;
use crate::screens::{Activity, GameAssets, Screen};
use crate::world::vocab::Facing;
use crate::{AppSystems, PausableSystems};

/// How close (px, feet to feet) Mira must be to talk to someone.
pub const TALK_RANGE: f32 = 26.0;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TalkTarget>();
    app.init_resource::<GreetingCursor>();
    app.add_plugins((prompt::plugin, dialogue_box::plugin));
    app.add_systems(OnEnter(Screen::Gameplay), reset_cursor);
    app.add_systems(OnEnter(Activity::Talking), face_each_other);
    app.add_systems(OnExit(Activity::Talking), end_conversation);
    app.add_systems(
        Update,
        (
            (find_target, start_talking)
                .chain()
                .run_if(in_state(Activity::Exploring)),
            advance.run_if(in_state(Activity::Talking)),
        )
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

/// Someone Mira can talk to; `home_facing` is how they stand when left alone.
#[derive(Component, Debug, Clone, Copy)]
pub struct Talkable {
    pub home_facing: Facing,
}

/// Who Mira would talk to if the player pressed the talk button now.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq)]
pub struct TalkTarget(pub Option<Entity>);

/// The conversation on screen.
#[derive(Resource, Debug, Clone)]
pub struct Conversation {
    pub with: Entity,
    pub who: Character,
    pub line: String,
    /// Letters shown so far.
    pub shown: f32,
}

impl Conversation {
    pub fn finished_typing(&self) -> bool {
        self.shown as usize >= self.line.chars().count()
    }
}

/// Which greeting line each character says next.
#[derive(Resource, Debug, Default)]
struct GreetingCursor(HashMap<Character, usize>);

fn reset_cursor(mut cursor: ResMut<GreetingCursor>) {
    cursor.0.clear();
}

fn find_target(
    player: Query<&Walker, With<Player>>,
    people: Query<(Entity, &GlobalTransform), With<Talkable>>,
    mut target: ResMut<TalkTarget>,
) {
    let found = player.single().ok().and_then(|walker| {
        people
            .iter()
            .map(|(e, t)| (e, t.translation().truncate().distance(walker.feet)))
            .filter(|(_, d)| *d <= TALK_RANGE)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(e, _)| e)
    });
    if target.0 != found {
        target.0 = found;
    }
}

fn start_talking(
    mut commands: Commands,
    controls: Res<Controls>,
    target: Res<TalkTarget>,
    people: Query<&Character, With<Talkable>>,
    assets: Res<GameAssets>,
    casts: Res<Assets<Cast>>,
    mut cursor: ResMut<GreetingCursor>,
    mut next: ResMut<NextState<Activity>>,
) {
    if !controls.interact {
        return;
    }
    let Some(with) = target.0 else { return };
    let Ok(who) = people.get(with) else { return };
    let Some(person) = casts.get(&assets.cast).and_then(|c| c.person(*who)) else {
        return;
    };
    if person.greeting.is_empty() {
        return;
    }
    let turn = cursor.0.entry(*who).or_default();
    let line = person.greeting[*turn % person.greeting.len()].clone();
    *turn += 1;
    commands.insert_resource(Conversation {
        with,
        who: *who,
        line,
        shown: 0.0,
    });
    next.set(Activity::Talking);
}

/// Mira and the person she talks to turn to each other (AIDA, a kiosk, does not).
fn face_each_other(
    conversation: Res<Conversation>,
    mut player: Query<(&Walker, &mut Pose), With<Player>>,
    mut people: Query<(&GlobalTransform, &mut Pose), Without<Player>>,
) {
    let (Ok((walker, mut mira)), Ok((at, mut them))) =
        (player.single_mut(), people.get_mut(conversation.with))
    else {
        return;
    };
    let between = at.translation().truncate() - walker.feet;
    if let Some(f) = Facing::from_vector(between) {
        mira.facing = f;
        mira.walking = false;
    }
    if conversation.who.turns()
        && let Some(f) = Facing::from_vector(-between)
    {
        them.facing = f;
    }
}

/// The talk button first finishes the line, then closes the box.
fn advance(
    controls: Res<Controls>,
    mut conversation: ResMut<Conversation>,
    mut next: ResMut<NextState<Activity>>,
) {
    if !controls.interact {
        return;
    }
    if conversation.finished_typing() {
        next.set(Activity::Exploring);
    } else {
        conversation.shown = conversation.line.chars().count() as f32;
    }
}

fn end_conversation(
    mut commands: Commands,
    conversation: Option<Res<Conversation>>,
    mut people: Query<(&Talkable, &mut Pose)>,
) {
    if let Some(c) = conversation
        && let Ok((talkable, mut pose)) = people.get_mut(c.with)
    {
        pose.facing = talkable.home_facing;
    }
    commands.remove_resource::<Conversation>();
}
