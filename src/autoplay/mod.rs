//! `biodental autoplay`: the whole game played headless, from New game to
//! the ending asked for, with synthetic key presses through the real
//! systems. Mira walks to the people she talks to, into trigger areas and
//! through doors (a path over the rooms' collision grids and the door
//! graph), talks with the talk key, chooses with up, down and the talk key
//! (leaning towards the ending wanted), runs to the VR rig in the surge and
//! fights the dream battle. It never tells the story anything directly.
//!
//! [`Autoplay`] decides one frame at a time, so that a caller can run other
//! things between frames (the soak benchmark samples memory); [`run`]
//! plays one game through.

mod dream;
mod keymap;
mod playtest;
mod report;
pub mod route;
pub mod script;
mod walk;

use std::time::{Duration, Instant};

use bevy::prelude::*;

pub use dream::{DreamPlayer, Press};
pub use keymap::KeyMap;
use keymap::converse;
pub use playtest::{Playtest, Skill, ZoneResult, fight_dream, playtest, playtest_and_print};
pub use report::{DreamReport, Event, Failure, Mark, Outcome, clock, describe};
pub use script::{Leaning, Step, script};

use crate::core::{Activity, Pause, Screen};
use crate::dreamscape::Battle;
use crate::headless::Keys;
use crate::model::Conversation;
use crate::model::InAct;
use crate::model::SurgePhase;
use crate::model::TheStory;
use crate::model::room::map::feet_box;
use crate::model::room::{Complex, CurrentRoom, Transition, UseSpot};
use crate::model::{TALK_RANGE, TalkTarget};
use crate::surge::VR_RIG_AREA;
use biodental_story::Character;
use biodental_story::{Act, Ending, Story, StoryState};
use walk::Walk;

/// With no progress for this long (simulated), the player is stuck.
pub(crate) const STALL: Duration = Duration::from_secs(4 * 60);

/// The ending's name on the command line.
pub fn ending_named(name: &str) -> Option<Ending> {
    match name {
        "hybrid" => Some(Ending::Hybrid),
        "clinical" => Some(Ending::Clinical),
        "traditional" => Some(Ending::Traditional),
        _ => None,
    }
}

/// Plays one game from the title screen (or from loading) to the end of
/// the credits, calling `on_event` as things happen.
pub fn run(
    app: &mut App,
    wanted: Ending,
    mut on_event: impl FnMut(&Event),
) -> Result<Outcome, Failure> {
    let started = Instant::now();
    let mut player = Autoplay::new(wanted);
    let mut timeline = Vec::new();
    let mut rooms = Vec::new();
    let mut ending = None;
    let mut dream = None;
    loop {
        for event in player.frame(app)? {
            on_event(&event);
            match event {
                Event::Act(mark) => timeline.push(mark),
                Event::Room(mark) => rooms.push(mark),
                Event::Ending(e, _) => ending = Some(e),
                Event::Dream(d) => dream = Some(d),
                Event::Over(end) => {
                    return match ending {
                        Some(e) if e == wanted => Ok(Outcome {
                            ending: e,
                            timeline,
                            rooms,
                            end,
                            dream,
                            wall: started.elapsed(),
                        }),
                        reached => Err(Failure::WrongEnding {
                            wanted,
                            reached,
                            at: end,
                        }),
                    };
                }
            }
        }
    }
}

/// `biodental autoplay`: a headless game (saving into a temporary folder,
/// never the player's) played to `wanted`, the timeline printed as it goes.
pub fn play_and_print(wanted: Ending) -> Result<(), Failure> {
    let saves = std::env::temp_dir().join(format!("biodental-autoplay-{}", std::process::id()));
    let mut app = crate::headless::Headless::new(&saves).build();
    println!("autoplay: towards the {wanted:?} ending");
    let result = run(&mut app, wanted, |event| println!("{}", describe(event)));
    drop(app);
    let _ = std::fs::remove_dir_all(&saves);
    let outcome = result?;
    println!(
        "reached the {:?} ending in {} of game time ({} frames), {:.1} s wall-clock",
        outcome.ending,
        clock(outcome.end.time),
        outcome.end.frame,
        outcome.wall.as_secs_f64()
    );
    Ok(())
}

/// What the player is doing about the current step.
#[derive(Debug, Default, Clone)]
struct Progress {
    /// The step's conversation has started (it is over once Mira walks again).
    talked: bool,
    /// Frames the feet have been inside the step's trigger area.
    inside: u32,
    /// Frames since the talk key was pressed to use something.
    pressed: Option<u32>,
}

/// The scripted player: one frame at a time, new games one after another.
pub struct Autoplay {
    leaning: Leaning,
    story: Option<Story>,
    keys: Keys,
    dream: DreamPlayer,
    /// When the dream began, and the keys pressed in it.
    dream_start: Duration,
    pulses: u32,
    reassurances: u32,
    walk: Walk,
    /// The act, and the step in it.
    act: Option<Act>,
    step: usize,
    progress: Progress,
    screen: Screen,
    frame: u64,
    /// What changed last and when: for telling when nothing does.
    last_sign: String,
    last_change: u64,
    /// The rooms Mira has been in (by title).
    visited: std::collections::HashSet<String>,
}

impl Autoplay {
    /// A player aiming for `ending`.
    pub fn new(ending: Ending) -> Autoplay {
        Autoplay {
            leaning: Leaning(ending),
            story: None,
            keys: Keys::default(),
            dream: DreamPlayer::new(true),
            dream_start: Duration::ZERO,
            pulses: 0,
            reassurances: 0,
            walk: Walk::default(),
            act: None,
            step: 0,
            progress: Progress::default(),
            screen: Screen::Loading,
            frame: 0,
            last_sign: String::new(),
            last_change: 0,
            visited: Default::default(),
        }
    }

    /// From now on, leans towards `ending` (for the next game: choices
    /// already made stay made).
    pub fn aim(&mut self, ending: Ending) {
        self.leaning = Leaning(ending);
    }

    /// Presses this frame's keys, runs the frame, and tells what happened.
    pub fn frame(&mut self, app: &mut App) -> Result<Vec<Event>, Failure> {
        let map = KeyMap::of(app);
        let (held, taps) = self.decide(app, &map);
        if self.act == Some(Act::Dreamscape) {
            let pressed = |k: KeyCode| taps.contains(&k) && !self.keys.is_down(k);
            self.pulses += pressed(map.pulse) as u32;
            self.reassurances += pressed(map.reassure) as u32;
        }
        self.keys.press(app, &held, &taps);
        app.update();
        self.frame += 1;
        let events = self.observe(app);
        self.check_stall(app)?;
        Ok(events)
    }

    /// The act, time, frame and room now.
    pub fn mark(&self, app: &App) -> Mark {
        let world = app.world();
        let room = world
            .get_resource::<CurrentRoom>()
            .and_then(|c| {
                world
                    .get_resource::<Complex>()
                    .and_then(|x| x.room(&c.0))
                    .map(|r| r.title.clone())
            })
            .unwrap_or_else(|| "-".into());
        Mark {
            act: world.get_resource::<State<InAct>>().map(|s| s.get().0),
            time: world.resource::<Time<Real>>().elapsed(),
            frame: self.frame,
            room,
        }
    }

    fn decide(&mut self, app: &mut App, map: &KeyMap) -> Press {
        let none = (Vec::new(), Vec::new());
        let screen = *app.world().resource::<State<Screen>>().get();
        match screen {
            Screen::Loading => {
                // Give the asset loaders (on other threads) time.
                std::thread::sleep(Duration::from_millis(1));
                none
            }
            // "New game" is the title menu's first button; the ending's
            // scenes and credits go on with the talk key.
            Screen::Title | Screen::Ending => (Vec::new(), vec![map.interact]),
            Screen::Gameplay => self.play(app, map),
        }
    }

    fn play(&mut self, app: &mut App, map: &KeyMap) -> Press {
        let none = (Vec::new(), Vec::new());
        if self.story.is_none() {
            self.story = app
                .world_mut()
                .run_system_cached(|s: TheStory| s.get().cloned())
                .ok()
                .flatten();
        }
        let world = app.world();
        let paused = world
            .get_resource::<State<Pause>>()
            .is_some_and(|p| *p.get() != Pause::Running);
        let activity = world.get_resource::<State<Activity>>().map(|s| *s.get());
        if paused {
            return none;
        }
        if activity == Some(Activity::Talking) {
            return self.converse(app, map);
        }
        if world.resource::<crate::model::HeldStill>().any()
            || world.resource::<Transition>().is_active()
        {
            return none;
        }
        let Some(act) = self.act else { return none };
        if act == Act::Dreamscape {
            return self.dream.keys(app, map);
        }
        let steps = script::steps(act);
        let Some(step) = steps.get(self.step).cloned() else {
            return none;
        };
        match step {
            Step::Talk(who) => self.talk(app, map, act, who),
            Step::Enter(area) => self.enter(app, map, area),
            Step::Use(area) => self.use_area(app, map, area),
            Step::Dream => {
                let escaping = app
                    .world()
                    .get_resource::<State<SurgePhase>>()
                    .is_some_and(|p| *p.get() == SurgePhase::Escape);
                if escaping {
                    self.enter(app, map, VR_RIG_AREA)
                } else {
                    none
                }
            }
        }
    }

    fn converse(&mut self, app: &App, map: &KeyMap) -> Press {
        let (story, leaning) = (self.story.as_ref(), self.leaning);
        converse(app, map, |c| story.map_or(0, |s| leaning.pick(s, c)))
    }

    fn step_done(&mut self) {
        self.step += 1;
        self.progress = Progress::default();
        self.walk = Walk::default();
    }

    fn talk(&mut self, app: &mut App, map: &KeyMap, act: Act, who: Character) -> Press {
        if self.progress.talked {
            // Back to walking: the conversation is over.
            self.step_done();
            return (Vec::new(), Vec::new());
        }
        let world = app.world();
        let Some(complex) = world.get_resource::<Complex>() else {
            return (Vec::new(), Vec::new());
        };
        let ending = world.get_resource::<StoryState>().and_then(|s| s.ending);
        let Some((room, at, others)) = complex.rooms.iter().find_map(|r| {
            let spot = r
                .characters
                .iter()
                .find(|(c, s)| *c == who && s.staged(act, ending))?;
            let others = r
                .characters
                .iter()
                .filter(|(c, s)| *c != who && s.staged(act, ending))
                .map(|(_, s)| s.feet)
                .collect();
            Some((r.iid.clone(), spot.1.feet, others))
        }) else {
            // Someone the ending keeps away (placed in this act for other endings only).
            if complex
                .rooms
                .iter()
                .flat_map(|r| &r.characters)
                .any(|(c, s)| *c == who && s.in_act(act))
            {
                self.step_done();
                return (Vec::new(), Vec::new());
            }
            self.walk.problem = Some(format!("find {who:?} anywhere in {act:?}"));
            return (Vec::new(), Vec::new());
        };
        // The talk key, once the prompt is for them.
        let target = world.resource::<TalkTarget>().0;
        let facing_them = target.is_some_and(|e| world.get::<Character>(e) == Some(&who));
        if facing_them {
            return (Vec::new(), vec![map.interact]);
        }
        let goal = route::Goal::Near {
            at,
            range: TALK_RANGE - 4.0,
            others,
        };
        self.walk
            .towards(app, map, &room, goal, format!("talk to {who:?}"))
    }

    fn area(app: &App, event: &str) -> Option<(String, Rect)> {
        let complex = app.world().get_resource::<Complex>()?;
        complex.rooms.iter().find_map(|r| {
            r.triggers
                .iter()
                .find(|t| t.event == event)
                .map(|t| (r.iid.clone(), t.rect))
        })
    }

    fn feet(app: &mut App) -> Option<Vec2> {
        let mut q = app
            .world_mut()
            .query_filtered::<&crate::model::Walker, With<crate::model::Player>>();
        q.single(app.world()).ok().map(|w| w.feet)
    }

    /// Whether Mira's feet are in `rect` of room `room`.
    fn inside(app: &mut App, room: &str, rect: Rect) -> bool {
        let here = app
            .world()
            .get_resource::<CurrentRoom>()
            .is_some_and(|c| c.0 == room);
        here && Self::feet(app)
            .is_some_and(|f| crate::model::room::map::overlaps(feet_box(f), rect))
    }

    fn enter(&mut self, app: &mut App, map: &KeyMap, event: &str) -> Press {
        let Some((room, rect)) = Self::area(app, event) else {
            self.walk.problem = Some(format!("find the trigger area {event}"));
            return (Vec::new(), Vec::new());
        };
        if Self::inside(app, &room, rect) {
            // Stand in it for a few frames: the trigger fires on a fixed step.
            self.progress.inside += 1;
            if self.progress.inside >= 4 {
                self.step_done();
            }
            return (Vec::new(), Vec::new());
        }
        self.progress.inside = 0;
        let goal = route::Goal::Area(shrink(rect, 2.0));
        self.walk
            .towards(app, map, &room, goal, format!("step into {event}"))
    }

    fn use_area(&mut self, app: &mut App, map: &KeyMap, event: &str) -> Press {
        if self.progress.talked {
            self.step_done();
            return (Vec::new(), Vec::new());
        }
        let Some((room, rect)) = Self::area(app, event) else {
            self.walk.problem = Some(format!("find the trigger area {event}"));
            return (Vec::new(), Vec::new());
        };
        if Self::inside(app, &room, rect) {
            let world = app.world();
            let usable = world
                .resource::<UseSpot>()
                .0
                .as_ref()
                .is_some_and(|(e, _)| e == event);
            let nobody = world.resource::<TalkTarget>().0.is_none();
            // Press again if nothing came of a press after a second.
            let waiting = self
                .progress
                .pressed
                .is_some_and(|f| self.frame - (f as u64) < 60);
            if usable && nobody && !waiting {
                self.progress.pressed = Some(self.frame as u32);
                return (Vec::new(), vec![map.interact]);
            }
            if usable {
                return (Vec::new(), Vec::new());
            }
        }
        let goal = route::Goal::Area(shrink(rect, 2.0));
        self.walk
            .towards(app, map, &room, goal, format!("use {event}"))
    }

    /// Notes what changed after a frame.
    fn observe(&mut self, app: &mut App) -> Vec<Event> {
        let mut events = Vec::new();
        let world = app.world();
        let screen = *world.resource::<State<Screen>>().get();
        let act = world.get_resource::<State<InAct>>().map(|s| s.get().0);
        if screen != self.screen {
            match (self.screen, screen) {
                (Screen::Gameplay, Screen::Ending) => {
                    let ending = world.get_resource::<StoryState>().and_then(|s| s.ending);
                    if let Some(e) = ending {
                        events.push(Event::Ending(e, self.mark(app)));
                    }
                }
                (Screen::Ending, Screen::Title) => events.push(Event::Over(self.mark(app))),
                // A new game: its first act is noted below.
                (_, Screen::Gameplay) => {
                    self.act = None;
                    self.visited.clear();
                }
                _ => {}
            }
            self.screen = screen;
        }
        if screen == Screen::Gameplay && act != self.act {
            if self.act == Some(Act::Dreamscape) {
                let battle = world.get_resource::<Battle>();
                events.push(Event::Dream(DreamReport {
                    time: self.mark(app).time.saturating_sub(self.dream_start),
                    won: battle.is_some_and(|b| b.won),
                    pulses: self.pulses,
                    reassurances: self.reassurances,
                    lowest_calm: self.dream.lowest,
                    retries: battle.map_or(0, |b| b.retries),
                }));
            }
            self.act = act;
            self.step = 0;
            self.progress = Progress::default();
            self.walk = Walk::default();
            if act == Some(Act::Dreamscape) {
                self.dream = DreamPlayer::new(true);
                self.dream_start = self.mark(app).time;
                (self.pulses, self.reassurances) = (0, 0);
            }
            events.push(Event::Act(self.mark(app)));
        }
        if screen == Screen::Gameplay {
            let mark = self.mark(app);
            if mark.room != "-" && self.visited.insert(mark.room.clone()) {
                events.push(Event::Room(mark));
            }
        }
        // The step's conversation began (with the person walked up to, or
        // what the story played for something used).
        if world
            .get_resource::<State<Activity>>()
            .is_some_and(|a| *a.get() == Activity::Talking)
            && let Some(c) = world.get_resource::<Conversation>()
            && let Some(act) = self.act
        {
            let step = script::steps(act).get(self.step).cloned();
            match step {
                Some(Step::Talk(who)) if c.who == Some(who) => self.progress.talked = true,
                Some(Step::Use(_)) if self.progress.pressed.is_some() => {
                    self.progress.talked = true
                }
                _ => {}
            }
        }
        events
    }

    /// What is going on, in words: when it stops changing, nothing moves on.
    fn sign(&self, app: &App) -> String {
        let world = app.world();
        let conversation = world
            .get_resource::<Conversation>()
            .map(|c| format!("{:?} {} {}", c.node, c.shown as usize, c.choices.len()));
        let battle = world.get_resource::<Battle>().map(|b| {
            format!(
                "{} {} {} {:?} {}",
                b.zone,
                b.cleared,
                b.packs.iter().filter(|p| p.calm).count(),
                b.core.as_ref().map(|c| c.1),
                b.won
            )
        });
        let surge = world
            .get_resource::<State<SurgePhase>>()
            .map(|p| format!("{:?}", p.get()));
        format!(
            "{:?} {:?} {} {:?} {conversation:?} {battle:?} {surge:?}",
            self.screen, self.act, self.step, self.progress.talked
        )
    }

    fn check_stall(&mut self, app: &App) -> Result<(), Failure> {
        let sign = self.sign(app);
        if sign != self.last_sign {
            self.last_sign = sign;
            self.last_change = self.frame;
            return Ok(());
        }
        let per_frame = match app.world().get_resource::<bevy::time::TimeUpdateStrategy>() {
            Some(bevy::time::TimeUpdateStrategy::ManualDuration(d)) => *d,
            _ => crate::headless::FRAME,
        };
        let still = per_frame * (self.frame - self.last_change) as u32;
        if still < STALL {
            return Ok(());
        }
        Err(Failure::Stuck {
            doing: self.doing(),
            at: self.mark(app),
        })
    }

    /// The current step, and what went wrong with it, in words.
    fn doing(&self) -> String {
        let step = match self.act {
            Some(Act::Dreamscape) => "win the dream battle".to_string(),
            Some(act) => match script::steps(act).get(self.step) {
                Some(step) => format!("{step:?} in {act:?}"),
                None => format!("finish {act:?} (every step done, the act goes on)"),
            },
            None => format!("start a game from {:?}", self.screen),
        };
        match &self.walk.problem {
            Some(p) => format!("{step}: cannot {p}"),
            None => step,
        }
    }
}

/// `r` made smaller by `by` on every side.
fn shrink(r: Rect, by: f32) -> Rect {
    Rect::new(r.min.x + by, r.min.y + by, r.max.x - by, r.max.y - by)
}
