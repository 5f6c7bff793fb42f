//! The dreamscape: Mira inside Leo's nightmare through the VR rig. The world
//! sinks into violet dream-light and the dream plays out as the act's
//! opening conversation; when it ends, the battle is won and the story is
//! told so.

use bevy::prelude::*;

use crate::story::{Act, DialogueEnded, StoryEvent, TheStory, Trigger};
use crate::theme::widget;
use crate::{AppSystems, PausableSystems};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Act::Dreamscape), spawn_dream_light);
    app.add_systems(
        Update,
        shimmer
            .run_if(in_state(Act::Dreamscape))
            .in_set(PausableSystems)
            .in_set(AppSystems::Update),
    );
    // Not pausable: the end of the dream must not be missed if the game is
    // paused the moment it ends.
    app.add_systems(
        Update,
        wake.after(crate::dialogue::DialogueSystems)
            .run_if(in_state(Act::Dreamscape))
            .in_set(AppSystems::Update),
    );
}

#[derive(Component)]
struct DreamLight;

fn spawn_dream_light(mut commands: Commands) {
    commands.spawn((
        widget::screen_tint("Dream light", Color::srgba(0.12, 0.03, 0.24, 0.92)),
        DreamLight,
        DespawnOnExit(Act::Dreamscape),
    ));
}

/// The dream breathes: its violet light swells and fades slowly.
fn shimmer(time: Res<Time>, mut light: Query<&mut BackgroundColor, With<DreamLight>>) {
    let wave = 0.5 + 0.5 * (time.elapsed_secs() * 0.6).sin();
    for mut bg in &mut light {
        bg.0 = Color::srgba(
            0.10 + 0.06 * wave,
            0.03,
            0.20 + 0.06 * wave,
            0.80 + 0.08 * wave,
        );
    }
}

/// The dream conversation is over: Leo is brave, the swarm is calm.
fn wake(
    mut ended: MessageReader<DialogueEnded>,
    the_story: TheStory,
    mut out: MessageWriter<StoryEvent>,
) {
    let Some(story) = the_story.get() else {
        return;
    };
    let dream = story.opening(Act::Dreamscape);
    if ended
        .read()
        .any(|e| e.start.is_some() && e.start.as_deref() == dream)
    {
        out.write(StoryEvent(Trigger::BattleWon));
    }
}
