//! `biodental capture-tour DIR`: runs the real game through a fixed tour —
//! title, the opening, every room, a conversation with choices, the log,
//! the pause menu and its Controls page, Jasper's session, the surge and
//! the dream, an ending — saving a screenshot
//! of each into DIR, then quits. Used for the README and for looking at the
//! game on machines without a screen (under Xvfb).

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy_ecs_ldtk::prelude::LevelSelection;

use crate::core::{Activity, Pause, Screen};
use crate::dialogue::LogView;
use crate::input::{Action, AwaitingBinding};
use crate::menus::Page;
use crate::model::DialogueQueue;
use crate::model::TextSpeed;
use crate::model::room::collision::standable;
use crate::model::room::{Complex, CurrentRoom, RoomEntered};
use crate::model::{Choose, Conversation, TalkTo};
use crate::model::{Player, Pose, Walker};
use crate::save::{SaveRequest, SaveSlots, Store};
use biodental_story::Character;
use biodental_story::{Act, Ending, Story, StoryState};

/// Frames to let a scene settle (level spawn, fades, typewriter) before a shot.
const SETTLE_FRAMES: u32 = 90;
/// Frames on the loading screen after which the tour reports the game stuck.
const STUCK_FRAMES: u32 = 600;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, run_tour.run_if(resource_exists::<CaptureTour>));
}

#[derive(Resource, Debug)]
pub struct CaptureTour {
    dir: PathBuf,
    step: usize,
    wait: u32,
    /// Frames spent on the loading screen.
    loading: u32,
    /// The frame of the stop at which an action was practised.
    practised: Option<u32>,
}

impl CaptureTour {
    pub fn new(dir: PathBuf) -> Self {
        CaptureTour {
            dir,
            step: 0,
            wait: 0,
            loading: 0,
            practised: None,
        }
    }
}

/// One stop of the tour.
enum Stop {
    Title,
    /// A new game: the opening monologue over the plaza.
    Opening,
    Room(usize),
    /// Talk to someone and read on to their first choice.
    Talk(Character),
    /// Pick a choice by its place, and show what it changed.
    Choose(usize),
    /// Talk to someone and read on (first choices) to the first line that
    /// asks for one of the dream's actions; do it, and show the swarm
    /// answering.
    Practise(Character),
    Log,
    Pause,
    /// A page of the menu on screen (title or pause).
    Page(Page),
    /// The Controls page of the pause menu's settings, waiting for a key.
    Controls,
    /// The complex during an act (the surge, the dream), with its opening.
    Act(Act),
    /// The complex during an act, without its opening conversation (to
    /// see the room and its swarms).
    Quiet(Act),
    /// Move to a room (no shot of its own).
    ActRoom(&'static str),
    /// Move the story to an act, quietly (no shot of its own): what the act
    /// change moves (Mira waking from the dream) settles before the next stop.
    Enter(Act),
    /// Decide the story's ending (no shot of its own): who stands where
    /// after the Epilogue follows it.
    Decide(Ending),
    /// The first closing scene of an ending, then its credits.
    Ending(Ending),
    Credits,
    Done,
}

fn stops(room_count: usize) -> Vec<Stop> {
    let mut v = vec![
        Stop::Title,
        Stop::Page(Page::Settings),
        Stop::Page(Page::Credits),
        Stop::Opening,
    ];
    v.extend((0..room_count).map(Stop::Room));
    v.push(Stop::Talk(Character::Halloran));
    v.push(Stop::Choose(0));
    v.push(Stop::Log);
    v.push(Stop::Pause);
    v.push(Stop::Page(Page::Save));
    v.push(Stop::Page(Page::Load));
    v.push(Stop::Page(Page::Settings));
    v.push(Stop::Page(Page::Sound));
    v.push(Stop::Controls);
    v.push(Stop::ActRoom("VrRoom"));
    v.push(Stop::Act(Act::Therapy));
    v.push(Stop::Practise(Character::Leo));
    v.push(Stop::ActRoom("Treatment"));
    v.push(Stop::Quiet(Act::Appointment));
    v.push(Stop::Act(Act::PowerSurge));
    v.push(Stop::ActRoom("VrRoom"));
    v.push(Stop::Act(Act::Dreamscape));
    v.push(Stop::Quiet(Act::Dreamscape));
    v.push(Stop::Enter(Act::Epilogue));
    v.push(Stop::ActRoom("Treatment"));
    v.push(Stop::Quiet(Act::Epilogue));
    // Some weeks later, at Leo's school: his class and the evening in the
    // hall, as each ending made them.
    for ending in [Ending::Hybrid, Ending::Traditional, Ending::Clinical] {
        v.push(Stop::Decide(ending));
        v.push(Stop::ActRoom("Classroom"));
        if ending == Ending::Hybrid {
            v.push(Stop::Act(Act::Later));
        }
        v.push(Stop::Quiet(Act::Later));
        v.push(Stop::ActRoom("Hall"));
        v.push(Stop::Quiet(Act::Later));
    }
    v.push(Stop::Ending(Ending::Hybrid));
    v.push(Stop::Credits);
    v.push(Stop::Done);
    v
}

fn run_tour(world: &mut World) {
    let screen = *world.resource::<State<Screen>>().get();
    if screen == Screen::Loading {
        // Stuck loading (broken levels or data): photograph the problems and give up.
        let mut tour = world.resource_mut::<CaptureTour>();
        tour.loading += 1;
        if tour.loading == STUCK_FRAMES {
            let path = tour.dir.join("00-loading-problems.png");
            error!(
                "capture-tour: the game cannot leave the loading screen; see {}",
                path.display()
            );
            world
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path));
        } else if tour.loading > STUCK_FRAMES + 10 {
            world.write_message(AppExit::error());
        }
        return;
    }
    let room_count = world
        .get_resource::<Complex>()
        .map(|c| c.rooms.len())
        .unwrap_or(0);
    let plan = stops(room_count);
    let (step, wait) = {
        let tour = world.resource::<CaptureTour>();
        (tour.step, tour.wait)
    };
    let Some(stop) = plan.get(step) else { return };

    // First frame at a stop: set the scene.
    if wait == 0 {
        match stop {
            Stop::Title => {}
            Stop::Opening => {
                world
                    .resource_mut::<NextState<Screen>>()
                    .set(Screen::Gameplay);
            }
            Stop::Room(i) => {
                close_conversation(world);
                visit_room(world, *i);
            }
            Stop::Talk(who) | Stop::Practise(who) => {
                close_conversation(world);
                // Read quickly up to the choices.
                world.insert_resource(TextSpeed(2000.0));
                walk_up_to(world, *who);
                world.resource_mut::<CaptureTour>().practised = None;
            }
            Stop::Choose(i) => {
                world.insert_resource(TextSpeed::default());
                world.write_message(Choose(*i));
            }
            Stop::Log => {
                world
                    .resource_mut::<NextState<LogView>>()
                    .set(LogView::Open);
            }
            Stop::Pause => {
                world
                    .resource_mut::<NextState<LogView>>()
                    .set(LogView::Closed);
                world.resource_mut::<NextState<Pause>>().set(Pause::Paused);
            }
            Stop::Page(page) => {
                if *page == Page::Save {
                    // Something in two slots, to see them filled.
                    world.write_message(SaveRequest(0));
                    world.write_message(SaveRequest(2));
                }
                if *page == Page::Load {
                    // And one damaged (its backup sound), to see how that reads.
                    let store = world.resource::<Store>().clone();
                    if let Err(e) = store.write("slot3", "(version: 1, sequence: ", true) {
                        warn!("capture-tour: {e}");
                    }
                    let slots = SaveSlots::read(
                        &store,
                        world.get_resource::<crate::model::room::Complex>(),
                    );
                    *world.resource_mut::<SaveSlots>() = slots;
                }
                let mut pages = world.query::<&mut Page>();
                for mut p in pages.iter_mut(world) {
                    *p = *page;
                }
            }
            Stop::Controls => {
                let mut pages = world.query::<&mut crate::menus::Page>();
                for mut page in pages.iter_mut(world) {
                    *page = crate::menus::Page::Controls;
                }
                world.resource_mut::<AwaitingBinding>().0 = Some(Action::Pulse);
            }
            Stop::Act(act) => {
                world.resource_mut::<AwaitingBinding>().0 = None;
                world.resource_mut::<NextState<Pause>>().set(Pause::Running);
                close_conversation(world);
                enter_act(world, *act, true);
            }
            Stop::Quiet(act) => {
                world.resource_mut::<NextState<Pause>>().set(Pause::Running);
                close_conversation(world);
                enter_act(world, *act, false);
                stand_clear(world);
            }
            Stop::Enter(act) => {
                close_conversation(world);
                enter_act(world, *act, false);
            }
            Stop::ActRoom(room) => {
                if let Some(i) = world
                    .get_resource::<Complex>()
                    .and_then(|c| c.rooms.iter().position(|r| r.identifier == *room))
                {
                    visit_room(world, i);
                }
            }
            Stop::Decide(ending) => {
                if let Some(mut state) = world.get_resource_mut::<StoryState>() {
                    state.ending = Some(*ending);
                }
            }
            Stop::Ending(ending) => finish_story(world, *ending),
            Stop::Credits => {
                let scenes = scene_count(world);
                world.resource_mut::<crate::screens::EndingPage>().0 = scenes;
            }
            Stop::Done => {}
        }
    }
    // During a conversation stop, read on until the choices are on screen.
    if let Stop::Talk(_) = stop
        && let Some(c) = world.get_resource::<Conversation>()
        && c.finished_typing()
        && !c.has_choices
    {
        world.write_message(Choose::CONTINUE);
    }
    // During a practice stop, read on (first choices) to the line that
    // asks for an action, then do it once.
    if let Stop::Practise(_) = stop
        && let Some(c) = world.get_resource::<Conversation>()
        && c.finished_typing()
    {
        match c.practise {
            Some(p) if world.resource::<CaptureTour>().practised.is_none() => {
                world.write_message(crate::model::Practised(p));
                world.resource_mut::<CaptureTour>().practised = Some(wait);
            }
            Some(_) => {}
            None if !c.has_choices => {
                world.write_message(Choose::CONTINUE);
            }
            None if !c.choices.is_empty() => {
                world.write_message(Choose(0));
            }
            None => {}
        }
    }
    // Leave the last screenshot a few frames to be written before quitting.
    if let Stop::Done = stop {
        let mut tour = world.resource_mut::<CaptureTour>();
        tour.wait += 1;
        if tour.wait > 10 {
            world.write_message(AppExit::Success);
        }
        return;
    }
    // Halfway through a conversation stop, the person has spawned: talk.
    if let Stop::Talk(who) | Stop::Practise(who) = stop
        && wait == SETTLE_FRAMES / 2
    {
        world.insert_resource(CaptureTalk(*who));
        if let Err(e) = world.run_system_cached(open_conversation) {
            warn!("capture-tour: could not open the conversation: {e}");
        }
    }
    // The surge's shot waits for the swarm to turn, under emergency light.
    let surging = matches!(stop, Stop::Act(Act::PowerSurge))
        && !world
            .get_resource::<State<crate::model::SurgePhase>>()
            .is_some_and(|p| *p.get() == crate::model::SurgePhase::Alarm);
    let mut tour = world.resource_mut::<CaptureTour>();
    if surging {
        tour.wait = tour.wait.min(1);
    }
    tour.wait += 1;
    // The practised action's answer shows for well over a second.
    let answering =
        matches!(stop, Stop::Practise(_)) && tour.practised.is_none_or(|at| tour.wait < at + 100);
    if tour.wait < SETTLE_FRAMES || answering {
        return;
    }
    let name = match stop {
        Stop::Title => "title".to_string(),
        Stop::Room(i) => {
            let id = world
                .get_resource::<Complex>()
                .and_then(|c| c.rooms.get(*i).map(|r| r.identifier.to_lowercase()))
                .unwrap_or_else(|| format!("room{i}"));
            format!("room-{id}")
        }
        Stop::Opening => "opening".into(),
        Stop::Talk(_) => "dialogue-choice".into(),
        Stop::Choose(_) => "dialogue-chosen".into(),
        Stop::Practise(who) => format!("practice-{}", format!("{who:?}").to_lowercase()),
        Stop::Log => "log".into(),
        Stop::Pause => "pause".into(),
        Stop::Page(page) => {
            let menu = if *world.resource::<State<Screen>>().get() == Screen::Title {
                "title"
            } else {
                "pause"
            };
            format!("{menu}-{}", format!("{page:?}").to_lowercase())
        }
        Stop::Controls => "controls".into(),
        Stop::Act(act) => format!("act-{}", format!("{act:?}").to_lowercase()),
        Stop::Quiet(act) => {
            let ending = world.get_resource::<StoryState>().and_then(|s| s.ending);
            let room = world
                .get_resource::<crate::model::room::CurrentRoom>()
                .and_then(|r| {
                    world
                        .get_resource::<Complex>()?
                        .room(&r.0)
                        .map(|r| r.identifier.to_lowercase())
                });
            match (act.decided(), ending, room) {
                (true, Some(e), Some(room)) => {
                    format!("later-{room}-{}", format!("{e:?}").to_lowercase())
                }
                _ => format!("swarm-{}", format!("{act:?}").to_lowercase()),
            }
        }
        Stop::Ending(e) => format!("ending-{}", format!("{e:?}").to_lowercase()),
        Stop::Credits => "credits".into(),
        Stop::ActRoom(_) | Stop::Enter(_) | Stop::Decide(_) => {
            let mut tour = world.resource_mut::<CaptureTour>();
            tour.step += 1;
            tour.wait = 0;
            return;
        }
        Stop::Done => return,
    };
    let mut tour = world.resource_mut::<CaptureTour>();
    let path = tour.dir.join(format!("{:02}-{name}.png", tour.step));
    tour.step += 1;
    tour.wait = 0;
    info!("capture-tour: {}", path.display());
    world
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path));
}

/// Puts Mira in room `i`: at the PlayerStart if it is there, else in front
/// of the room's first door.
fn visit_room(world: &mut World, i: usize) {
    let Some(room) = world
        .get_resource::<Complex>()
        .and_then(|c| c.rooms.get(i).cloned())
    else {
        return;
    };
    let spot = room
        .player_start
        .clone()
        .or_else(|| room.doors.first().map(|d| d.arrival()))
        .filter(|s| standable(&room, s.feet));
    let Some(spot) = spot else { return };
    world.insert_resource(CurrentRoom(room.iid.clone()));
    world.insert_resource(LevelSelection::iid(room.iid.clone()));
    world.write_message(RoomEntered {
        level_iid: room.iid.clone(),
        title: room.title.clone(),
    });
    let mut q = world.query_filtered::<(&mut Walker, &mut Pose), With<Player>>();
    if let Ok((mut walker, mut pose)) = q.single_mut(world) {
        walker.teleport(spot.feet);
        pose.facing = spot.facing;
    }
}

/// Moves Mira out of any trigger area, a little into the room (to look at
/// it without a scene starting).
fn stand_clear(world: &mut World) {
    let Some(room) = world
        .get_resource::<CurrentRoom>()
        .cloned()
        .and_then(|c| world.get_resource::<Complex>()?.room(&c.0).cloned())
    else {
        return;
    };
    let clear = |feet: Vec2| {
        standable(&room, feet)
            && !room.triggers.iter().any(|t| {
                crate::model::room::map::overlaps(t.rect, crate::model::room::map::feet_box(feet))
            })
    };
    // The free spot nearest a point left of the room's middle.
    let aim = room.size * Vec2::new(0.3, 0.45);
    let spot = (-6..=6)
        .flat_map(|i| (-6..=6).map(move |j| aim + Vec2::new(i as f32, j as f32) * 12.0))
        .filter(|p| clear(*p))
        .min_by(|a, b| a.distance(aim).total_cmp(&b.distance(aim)));
    let mut q = world.query_filtered::<&mut Walker, With<Player>>();
    if let (Some(spot), Ok(mut walker)) = (spot, q.single_mut(world)) {
        walker.teleport(spot);
    }
}

/// Puts Mira in front of someone, facing them.
fn walk_up_to(world: &mut World, who: Character) {
    let Some(complex) = world.get_resource::<Complex>().cloned() else {
        return;
    };
    let act = world.get_resource::<StoryState>().map(|s| s.act);
    let Some((index, spot)) = complex
        .rooms
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.person(who, act).map(|s| (i, s.clone())))
    else {
        return;
    };
    visit_room(world, index);
    let mut q = world.query_filtered::<(&mut Walker, &mut Pose), With<Player>>();
    if let Ok((mut walker, mut pose)) = q.single_mut(world) {
        walker.teleport(spot.feet + Vec2::new(0.0, -18.0));
        pose.facing = crate::model::vocab::Facing::Up;
    }
}

#[derive(Resource)]
struct CaptureTalk(Character);

/// Asks to talk to the person once they have been spawned in the room.
fn open_conversation(
    talk: Res<CaptureTalk>,
    people: Query<(Entity, &Character), Without<Player>>,
    mut out: MessageWriter<TalkTo>,
) {
    if let Some((with, who)) = people.iter().find(|(_, c)| **c == talk.0) {
        out.write(TalkTo { with, who: *who });
    }
}

/// Ends whatever conversation is on screen and forgets the queued ones.
fn close_conversation(world: &mut World) {
    world.resource_mut::<DialogueQueue>().clear();
    world
        .resource_mut::<NextState<Activity>>()
        .set(Activity::Exploring);
}

/// The loaded story.
fn story(world: &World) -> Option<&Story> {
    let file = world.get_resource::<crate::model::StoryHandle>()?;
    world.get_resource::<Assets<Story>>()?.get(&file.0)
}

/// Moves the story to `act` and plays its opening conversation (if asked).
fn enter_act(world: &mut World, act: Act, with_opening: bool) {
    let Some(story) = story(world) else { return };
    let opening = story
        .opening(act)
        .filter(|_| with_opening)
        .map(str::to_string);
    let state = world.get_resource::<StoryState>().map(|s| {
        let mut s = s.clone();
        s.act = act;
        s.objective = story.objective(&s).to_string();
        s
    });
    if let Some(state) = state {
        world.insert_resource(state);
    }
    if let Some(opening) = opening {
        world.write_message(crate::model::PlayDialogue(opening));
    }
}

/// Ends the story with `ending`: its closing scenes follow.
fn finish_story(world: &mut World, ending: Ending) {
    if let Some(mut state) = world.get_resource_mut::<StoryState>() {
        state.act = Act::Epilogue;
        state.ending = Some(ending);
        state.finished = true;
        state.balance = 3;
        state.trust.insert(biodental_story::Bond::Leo, 3);
    }
}

fn scene_count(world: &World) -> usize {
    let ending = world.get_resource::<StoryState>().and_then(|s| s.ending);
    story(world)
        .zip(ending)
        .and_then(|(story, ending)| story.ending(ending))
        .map_or(0, |e| e.scenes.len())
}
