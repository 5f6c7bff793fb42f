//! Walking up to someone and talking: who Mira would talk to, the prompt
//! and the speech-bubble marker, and turning to face each other. What is
//! said belongs to the dialogue.

mod prompt;

use bevy::prelude::*;

use super::Character;
use crate::core::Activity;
use crate::core::{AppSystems, PausableSystems};
use crate::input::Controls;
use crate::model::vocab::Facing;
use crate::model::{Conversation, TalkTo};
use crate::model::{Player, Pose, TALK_RANGE, TalkTarget, Walker};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(prompt::plugin);
    app.add_systems(OnEnter(Activity::Talking), face_each_other);
    app.add_systems(OnExit(Activity::Talking), turn_back);
    app.add_systems(
        Update,
        (find_target, start_talking)
            .chain()
            .run_if(in_state(Activity::Exploring))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
}

/// Someone Mira can talk to; `home_facing` is how they stand when left alone.
#[derive(Component, Debug, Clone, Copy)]
pub struct Talkable {
    pub home_facing: Facing,
}

fn find_target(
    player: Query<&Walker, With<Player>>,
    people: Query<(Entity, &GlobalTransform), (With<Talkable>, Without<super::npc::Offstage>)>,
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
    controls: Res<Controls>,
    target: Res<TalkTarget>,
    people: Query<&Character, With<Talkable>>,
    mut talk: MessageWriter<TalkTo>,
) {
    if !controls.interact {
        return;
    }
    let Some(with) = target.0 else { return };
    let Ok(who) = people.get(with) else { return };
    talk.write(TalkTo { with, who: *who });
}

/// Mira and the person she talks to turn to each other (AIDA, a kiosk, does not).
fn face_each_other(
    conversation: Option<Res<Conversation>>,
    mut player: Query<(&Walker, &mut Pose), With<Player>>,
    mut people: Query<(&GlobalTransform, &Character, &mut Pose), Without<Player>>,
) {
    let Some(with) = conversation.and_then(|c| c.with) else {
        return;
    };
    let (Ok((walker, mut mira)), Ok((at, who, mut them))) =
        (player.single_mut(), people.get_mut(with))
    else {
        return;
    };
    let between = at.translation().truncate() - walker.feet;
    if let Some(f) = Facing::from_vector(between) {
        mira.facing = f;
        mira.walking = false;
    }
    if who.turns()
        && let Some(f) = Facing::from_vector(-between)
    {
        them.facing = f;
    }
}

fn turn_back(conversation: Option<Res<Conversation>>, mut people: Query<(&Talkable, &mut Pose)>) {
    if let Some(with) = conversation.and_then(|c| c.with)
        && let Ok((talkable, mut pose)) = people.get_mut(with)
    {
        pose.facing = talkable.home_facing;
    }
}
