//! `biodental playtest`: the dream battle played headless by scripted
//! players of different skill, in each battle mode, measured zone by zone.
//! Every run is the same run: the dream's swarms start from fixed seeds,
//! and the game is stepped at a fixed 30 frames a second.

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;

use super::dream::DreamPlayer;
use super::keymap::{KeyMap, converse};
use crate::core::{Activity, Screen};
use crate::dreamscape::Battle;
use crate::headless::{Headless, Keys};
use crate::model::{Choice, DreamBattle, InAct, PlayDialogue};
use biodental_story::{Act, StoryState};

/// The game time of one update.
const FRAME: Duration = Duration::from_nanos(33_333_333);
/// Frames per second of game time.
const FPS: f32 = 30.0;
/// A zone is given up after this many tries (the last one counted).
const MAX_TRIES: u32 = 10;
/// No run takes longer than this much game time (20 minutes).
const MAX_FRAMES: usize = 20 * 60 * 30;

/// How well a scripted player plays the battle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skill {
    /// Walks straight on without waiting for Leo, and acts late.
    Careless,
    /// Stays with Leo, pulses swarms as they come and keeps him calm.
    Careful,
}

impl Skill {
    pub const ALL: [Skill; 2] = [Skill::Careless, Skill::Careful];

    pub fn name(self) -> &'static str {
        match self {
            Skill::Careless => "careless",
            Skill::Careful => "careful",
        }
    }

    fn player(self) -> DreamPlayer {
        match self {
            Skill::Careless => DreamPlayer::careless(),
            Skill::Careful => DreamPlayer::new(true),
        }
    }
}

/// How one zone went.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneResult {
    pub zone: u32,
    pub won: bool,
    /// Times the dream dissolved in this zone and came back at its checkpoint.
    pub retries: u32,
    /// Game time in the zone, from arriving to leaving it (or giving up).
    pub seconds: f32,
    /// The lowest Leo's calm fell in the zone.
    pub calm_min: f32,
}

/// How one player did in one mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Playtest {
    pub mode: DreamBattle,
    pub skill: Skill,
    pub zones: Vec<ZoneResult>,
    /// The battle was won (the core broken).
    pub won: bool,
}

impl Playtest {
    pub fn total_retries(&self) -> u32 {
        self.zones.iter().map(|z| z.retries).sum()
    }

    pub fn seconds(&self) -> f32 {
        self.zones.iter().map(|z| z.seconds).sum()
    }

    /// The lines `biodental playtest` prints: one per zone, then the total.
    pub fn lines(&self) -> Vec<String> {
        let (m, p) = (self.mode.label(), self.skill.name());
        let mut out: Vec<String> = self
            .zones
            .iter()
            .map(|z| {
                format!(
                    "playtest mode={m} player={p} zone={} won={} retries={} seconds={:.1} calm_min={:.0}",
                    z.zone, z.won, z.retries, z.seconds, z.calm_min
                )
            })
            .collect();
        out.push(format!(
            "playtest mode={m} player={p} total_retries={} seconds={:.1} won={}",
            self.total_retries(),
            self.seconds(),
            self.won
        ));
        out
    }
}

/// Plays the battle once, from a new game moved on to the Dreamscape with
/// Mira's choices in balance, saving into `saves`.
pub fn playtest(mode: DreamBattle, skill: Skill, saves: &Path) -> Playtest {
    let mut app = Headless {
        frame: FRAME,
        ..Headless::new(saves)
    }
    .build();
    into_the_dream(&mut app, mode);
    let map = KeyMap::of(&app);
    let mut keys = Keys::default();
    let mut player = skill.player();
    let mut zones = Vec::new();
    let battle = |app: &App| app.world().resource::<Battle>().clone();
    let start = battle(&app);
    let (mut zone, mut since, mut retries, mut lowest) =
        (start.zone, 0usize, start.retries, start.calm);
    for frame in 0..MAX_FRAMES {
        let b = battle(&app);
        let over = app
            .world()
            .get_resource::<State<InAct>>()
            .is_some_and(|a| a.get().0 == Act::Resolution);
        lowest = lowest.min(b.calm);
        let left = b.zone != zone || b.won || over;
        let given_up = b.retries - retries >= MAX_TRIES;
        if left || given_up {
            zones.push(ZoneResult {
                zone,
                won: left && !given_up,
                retries: b.retries - retries,
                seconds: (frame - since) as f32 / FPS,
                calm_min: lowest,
            });
            if given_up || b.won || over {
                return Playtest {
                    mode,
                    skill,
                    won: b.won && !given_up,
                    zones,
                };
            }
            (zone, since, retries, lowest) = (b.zone, frame, b.retries, b.calm);
        }
        let talking = app
            .world()
            .get_resource::<State<Activity>>()
            .is_some_and(|a| *a.get() == Activity::Talking);
        let (held, taps) = if talking {
            converse(&app, &map, |_| 0)
        } else {
            player.keys(&mut app, &map)
        };
        keys.press(&mut app, &held, &taps);
        app.update();
    }
    Playtest {
        mode,
        skill,
        zones,
        won: false,
    }
}

/// Fights the dream battle from where it stands to the Resolution, reading
/// the dream's scenes with their first choices. Returns the frames it took
/// (none if not won within `limit` frames) and the lowest Leo's calm fell.
pub fn fight_dream(app: &mut App, cares: bool, limit: usize) -> (Option<usize>, f32) {
    let map = KeyMap::of(app);
    let mut keys = Keys::default();
    let mut player = DreamPlayer::new(cares);
    for frame in 0..limit {
        let world = app.world();
        if world
            .get_resource::<State<InAct>>()
            .is_some_and(|a| a.get().0 == Act::Resolution)
        {
            keys.hold(app, &[]);
            return (Some(frame), player.lowest);
        }
        let talking = world
            .get_resource::<State<Activity>>()
            .is_some_and(|a| *a.get() == Activity::Talking);
        let (held, taps) = if talking {
            converse(app, &map, |_| 0)
        } else {
            player.keys(app, &map)
        };
        keys.press(app, &held, &taps);
        app.update();
    }
    (None, player.lowest)
}

/// A new game, past its opening, moved on to the Dreamscape with the battle
/// set to `mode`; back when Mira and Leo stand in the first zone.
fn into_the_dream(app: &mut App, mode: DreamBattle) {
    let wait = |app: &mut App, done: &dyn Fn(&App) -> bool| {
        for _ in 0..20_000 {
            if done(app) {
                return;
            }
            app.update();
            // Let the asset loaders (other threads) work.
            std::thread::sleep(Duration::from_millis(1));
        }
        panic!("playtest: the game did not start");
    };
    wait(app, &|app| {
        *app.world().resource::<State<Screen>>().get() == Screen::Title
    });
    app.world_mut()
        .resource_mut::<NextState<Screen>>()
        .set(Screen::Gameplay);
    wait(app, &|app| {
        app.world().get_resource::<StoryState>().is_some()
            && app
                .world()
                .get_resource::<State<Activity>>()
                .is_some_and(|a| *a.get() == Activity::Talking)
    });
    // Read the opening monologue to its end first.
    let map = KeyMap::of(app);
    let mut keys = Keys::default();
    let talking = |app: &App| {
        app.world()
            .get_resource::<State<Activity>>()
            .is_some_and(|a| *a.get() == Activity::Talking)
    };
    while talking(app) {
        let (held, taps) = converse(app, &map, |_| 0);
        keys.press(app, &held, &taps);
        app.update();
    }
    app.insert_resource(mode);
    {
        let mut state = app.world_mut().resource_mut::<StoryState>();
        state.act = Act::Dreamscape;
        state.balance = 0;
    }
    app.world_mut()
        .write_message(PlayDialogue("mira.dream.start".into()));
    let mut frames = 0;
    while app.world().resource::<Battle>().zone != 1 {
        let (held, taps) = if talking(app) {
            converse(app, &map, |_| 0)
        } else {
            (Vec::new(), Vec::new())
        };
        keys.press(app, &held, &taps);
        app.update();
        frames += 1;
        assert!(frames < 40_000, "playtest: the dream did not begin");
    }
}

/// `biodental playtest`: every player in every mode (or the ones asked
/// for), its lines printed as each run ends. Saves go to a temporary folder.
pub fn playtest_and_print(modes: &[DreamBattle], skills: &[Skill]) -> Vec<Playtest> {
    let saves = std::env::temp_dir().join(format!("biodental-playtest-{}", std::process::id()));
    let mut out = Vec::new();
    for &mode in modes {
        for &skill in skills {
            let run = playtest(mode, skill, &saves);
            for line in run.lines() {
                println!("{line}");
            }
            out.push(run);
        }
    }
    let _ = std::fs::remove_dir_all(&saves);
    out
}
