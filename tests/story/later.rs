//! Some weeks later: stepping out at dusk takes Mira to Leo's school, and
//! who is there follows the ending.

use bevy::prelude::*;

use biodental::characters::Offstage;
use biodental::model::StoryTrigger;
use biodental_story::{Act, Character, Ending, StoryState};

use super::act;
use super::common::*;

/// Whether `who` is on stage in the room on screen (spawned and not offstage).
fn on_stage(app: &mut App, who: Character) -> bool {
    let mut q = app
        .world_mut()
        .query_filtered::<&Character, Without<Offstage>>();
    q.iter(app.world()).any(|c| *c == who)
}

#[test]
fn stepping_out_at_dusk_takes_mira_to_leos_class_and_the_ending_decides_who_is_at_the_school() {
    for ending in [Ending::Hybrid, Ending::Clinical] {
        let mut app = headless_app();
        new_game(&mut app);
        {
            let mut state = app.world_mut().resource_mut::<StoryState>();
            state.act = Act::Epilogue;
            state.ending = Some(ending);
            state.flags.insert("epilogue_leo".into());
        }
        run_until(&mut app, "the Epilogue", |app| {
            act(app) == Some(Act::Epilogue)
        });
        app.world_mut().write_message(StoryTrigger {
            event: "plaza_doors".into(),
            used: false,
        });
        let classroom = complex(&app).room_named("Classroom").unwrap().clone();
        run_until(&mut app, "Leo's classroom", |app| {
            current_room(app) == classroom.iid && room_spawned(app)
        });
        assert_eq!(act(&app), Some(Act::Later));
        let start = classroom
            .act_starts
            .iter()
            .find(|s| s.acts == [Act::Later])
            .expect("the Later act starts in the classroom");
        let feet = player(&mut app).expect("Mira").feet;
        assert!(feet.distance(start.feet) < 1.0, "{feet} vs {}", start.feet);
        run_until(&mut app, "Leo and his teacher", |app| {
            on_stage(app, Character::Leo) && on_stage(app, Character::Lindqvist)
        });
        // Dr. Halloran came to the class with his mirror only in the Traditional ending.
        assert!(!on_stage(&mut app, Character::Halloran));

        // Through the door to the hall.
        let door = classroom.doors[0].rect;
        set_player(&mut app, door.center() - Vec2::new(0.0, 3.0));
        let hall = complex(&app).room_named("Hall").unwrap().clone();
        run_until(&mut app, "the school hall", |app| {
            current_room(app) == hall.iid && room_spawned(app)
        });
        run_until(&mut app, "Jasper", |app| on_stage(app, Character::Jasper));
        // Mrs. Duarte stopped coming in the Clinical ending; Dr. Okafor is at
        // the door there, and beside Jasper in the Hybrid one.
        assert_eq!(
            on_stage(&mut app, Character::Ines),
            ending == Ending::Hybrid
        );
        let okafor = hall
            .characters
            .iter()
            .filter(|(c, s)| *c == Character::Okafor && s.staged(Act::Later, Some(ending)))
            .map(|(_, s)| s.feet)
            .collect::<Vec<_>>();
        let jasper = hall
            .person(Character::Jasper, Some(Act::Later))
            .unwrap()
            .feet;
        assert_eq!(okafor.len(), 1, "{ending:?}");
        let beside_jasper = okafor[0].distance(jasper) < 64.0;
        assert_eq!(
            beside_jasper,
            ending == Ending::Hybrid,
            "{ending:?}: {okafor:?}"
        );
    }
}
