//! The story: its acts as a Bevy state, flags, Mira's tech ↔ empathy
//! balance, trust, the objective on screen and the endings, all driven by
//! `assets/story/`. The story listens to what happens (conversations
//! ending, trigger areas, the surge and the battle being over) and the rest
//! of the game listens to the act.

mod notice;
mod objective;

use bevy::prelude::*;

use crate::model::Notice;

use biodental_story::{Act, Bond, StoryState, Trigger};

use crate::core::Screen;
use crate::model::{
    ActBegun, ApplyEffects, DialogueEnded, InAct, PlayDialogue, StoryEvent, StoryTrigger, TheStory,
    Usable,
};

/// The feature's plugin: on its own, it needs only [`crate::foundation`].
pub fn plugin(app: &mut App) {
    app.add_plugins((objective::plugin, notice::plugin));
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

/// Moves the engine's act to the story's, whoever changed it (the story's
/// rules, a loaded save, a test): the next frame enters it.
fn follow_act(state: Res<StoryState>, act: Res<State<InAct>>, mut next: ResMut<NextState<InAct>>) {
    if act.get().0 != state.act {
        next.set(InAct(state.act));
    }
}

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

fn new_story(
    mut commands: Commands,
    the_story: TheStory,
    resume: Option<Res<crate::model::Resume>>,
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
    mut notices: MessageWriter<Notice>,
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
    mut begun: MessageWriter<ActBegun>,
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
            begun.write(ActBegun(act));
        }
        play.write_batch(r.dialogue.into_iter().map(PlayDialogue));
    }
}

/// Once the story is finished and the last words are said, the closing scenes.
fn finish(
    state: Res<StoryState>,
    mira: crate::model::Mira,
    mut asked: MessageReader<PlayDialogue>,
    mut next: ResMut<NextState<Screen>>,
) {
    // A last conversation the finishing rule asked for (this frame, so not
    // queued yet) is said before the closing scenes.
    let asked = asked.read().count() > 0;
    let idle = mira.is_free() && !asked;
    if state.finished && idle {
        next.set(Screen::Ending);
    }
}
