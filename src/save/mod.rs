//! Saved games: three slots and an autosave, written as RON through the
//! [`Store`]. A save is taken from the last moment Mira was free (walking
//! about, nobody talking, no scene playing), so that loading it puts her
//! back exactly there: the act and its phase, the story's flags, balance and
//! trust, the room and where she stood, and in the dream the zone she had
//! reached. Settings are kept apart (see `settings`).
//!
//! A save is a text file anyone can edit, so every field is checked when
//! it is read ([`SaveGame::from_ron`], and against the levels with
//! [`SaveGame::check_in`]): a value out of range or a save that contradicts
//! itself or the levels makes the slot "damaged", with a message naming the
//! file and what is wrong, and never reaches the game.

mod store;

use bevy::prelude::*;

pub use store::{MAX_RECORD_BYTES, Store, Which};

use crate::core::{AppSystems, Pause, Screen};
use crate::dreamscape::Battle;
use crate::model::InAct;
use crate::model::SurgePhase;
use crate::model::TheStory;
use crate::model::room::{Complex, CurrentRoom, RoomMap};
use crate::model::{MAX_SEQUENCE, Resume, SAVE_VERSION, SaveGame};
use crate::model::{Player, Pose, Walker};
use biodental_story::{Act, StoryState};

/// The records a player can load, in menu order: three slots, then the autosave.
pub(crate) const SLOTS: [&str; 4] = ["slot1", "slot2", "slot3", "autosave"];
/// The slot the game writes by itself.
pub const AUTOSAVE: usize = 3;

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Store>() {
        app.insert_resource(Store::platform());
    }
    app.init_resource::<PlayTime>();
    app.init_resource::<LastFree>();
    app.init_resource::<AutosaveDue>();
    app.init_resource::<SaveSlots>();
    app.add_message::<SaveRequest>();
    // Read once the levels are known (before the title shows), so that the
    // saves are checked against them too.
    app.add_systems(PreUpdate, refresh_slots.run_if(resource_added::<Complex>));
    app.add_systems(OnEnter(Screen::Gameplay), start_clock);
    app.add_systems(
        Update,
        (
            count_play_time,
            note_act_change,
            finish_resume,
            // Not in the frame the story moves on (the new act is entered the next).
            (
                remember_free_moment.run_if(crate::model::act_entered),
                autosave,
            )
                .chain()
                .after(crate::model::DialogueSystems),
        )
            .run_if(in_state(Screen::Gameplay))
            .in_set(AppSystems::Update),
    );
    // After the menus of this frame asked (quitting to the title saves
    // before the game is gone).
    app.add_systems(PostUpdate, write_saves);
    app.add_systems(OnEnter(Screen::Title), resume_from_title);
    app.add_systems(OnExit(Screen::Gameplay), forget_game);
}

impl SaveGame {
    /// Checks the save against the levels it is to be played in: its room
    /// (and in the dream, its zone and where Mira wakes) must exist, and
    /// every position must lie inside its room.
    pub fn check_in(&self, source: &str, complex: &Complex) -> Result<(), String> {
        in_room(source, complex, "room", &self.room, "feet", self.feet)?;
        let Some(dream) = &self.dream else {
            return Ok(());
        };
        let zone_exists = complex
            .rooms
            .iter()
            .any(|r| r.checkpoint.as_ref().is_some_and(|c| c.zone == dream.zone));
        if !zone_exists {
            return Err(format!(
                "{source}: dream zone {} does not exist in the levels (no DreamCheckpoint with zone {})",
                dream.zone, dream.zone
            ));
        }
        in_room(
            source,
            complex,
            "wake_room",
            &dream.wake_room,
            "wake_feet",
            dream.wake_feet,
        )
    }
}

/// The room `iid` exists and `at` lies inside it (edges included).
fn in_room(
    source: &str,
    complex: &Complex,
    room_field: &str,
    iid: &str,
    field: &str,
    at: [f32; 2],
) -> Result<(), String> {
    let Some(room) = complex.room(iid) else {
        return Err(format!(
            "{source}: {room_field} {iid:?} is not in the levels (a room from another version?)"
        ));
    };
    if inside(room, at) {
        Ok(())
    } else {
        Err(format!(
            "{source}: {field} ({}, {}) is outside the room {} ({iid}), which spans 0 to {} across and 0 to {} up",
            at[0], at[1], room.identifier, room.size.x, room.size.y
        ))
    }
}

fn inside(room: &RoomMap, at: [f32; 2]) -> bool {
    (0.0..=room.size.x).contains(&at[0]) && (0.0..=room.size.y).contains(&at[1])
}

/// What is in a slot.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Empty,
    Ready(Box<SaveGame>),
    /// It cannot be read: why, naming the file and the place.
    Damaged(String),
}

/// A slot and its backup, as last read.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotInfo {
    pub name: &'static str,
    pub main: Slot,
    pub backup: Slot,
}

impl SlotInfo {
    pub(crate) fn label(index: usize) -> String {
        if index == AUTOSAVE {
            "Autosave".into()
        } else {
            format!("Slot {}", index + 1)
        }
    }
}

/// Every slot, as last read from the store.
#[derive(Resource, Debug, Clone, Default)]
pub struct SaveSlots(pub Vec<SlotInfo>);

impl SaveSlots {
    /// Reads every slot and its backup, checking each save, and against
    /// `complex` once the levels are loaded (see [`SaveGame::check_in`]).
    pub fn read(store: &Store, complex: Option<&Complex>) -> SaveSlots {
        SaveSlots(
            SLOTS
                .iter()
                .map(|name| read_slot(store, complex, name))
                .collect(),
        )
    }

    /// The newest save that can be loaded, and its slot.
    pub fn newest(&self) -> Option<(usize, &SaveGame)> {
        self.0
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match &s.main {
                Slot::Ready(g) => Some((i, g.as_ref())),
                _ => None,
            })
            .max_by_key(|(_, g)| g.sequence)
    }

    /// The next sequence number: above every save there is (saves read
    /// are at most [`MAX_SEQUENCE`], and the count stops there).
    fn next_sequence(&self) -> u64 {
        self.0
            .iter()
            .flat_map(|s| [&s.main, &s.backup])
            .filter_map(|s| match s {
                Slot::Ready(g) => Some(g.sequence),
                _ => None,
            })
            .max()
            .map_or(1, |n| n.saturating_add(1).min(MAX_SEQUENCE))
    }
}

fn read_slot(store: &Store, complex: Option<&Complex>, name: &'static str) -> SlotInfo {
    let read = |which: Which| {
        let source = match which {
            Which::Main => store.describe(name),
            Which::Backup => store.describe(&format!("{name}.bak")),
        };
        match store.read(name, which) {
            Ok(None) => Slot::Empty,
            Ok(Some(text)) => match SaveGame::from_ron(&source, &text).and_then(|game| {
                complex.map_or(Ok(()), |c| game.check_in(&source, c))?;
                Ok(game)
            }) {
                Ok(game) => Slot::Ready(Box::new(game)),
                Err(e) => Slot::Damaged(e),
            },
            Err(e) => Slot::Damaged(e),
        }
    };
    SlotInfo {
        name,
        main: read(Which::Main),
        backup: read(Which::Backup),
    }
}

fn refresh_slots(store: Res<Store>, complex: Res<Complex>, mut slots: ResMut<SaveSlots>) {
    *slots = SaveSlots::read(&store, Some(&complex));
    for s in &slots.0 {
        if let Slot::Damaged(e) = &s.main {
            warn!("{e}");
        }
    }
}

/// Writes the game into slot `index` (see [`SLOTS`]), from the last free
/// moment. Only the player's own choice (or the autosave into its slot)
/// sends this.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveRequest(pub usize);

/// The result of the last write, for the menu.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SaveOutcome(pub Result<String, String>);

/// Time played so far.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub(crate) struct PlayTime(pub f32);

/// The game as it stood the last time Mira was free: what a save writes.
#[derive(Resource, Debug, Default, Clone)]
pub struct LastFree(pub Option<SaveGame>);

/// The act changed: write the autosave at the next free moment.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub(crate) struct AutosaveDue {
    pub due: bool,
    act: Option<Act>,
}

/// Resumes `game`: straight into it from the title; from a game under way,
/// through the title so that the game is built afresh.
pub fn load(
    commands: &mut Commands,
    game: &SaveGame,
    screen: Screen,
    next: &mut NextState<Screen>,
) {
    commands.insert_resource(Resume(game.clone()));
    next.set(if screen == Screen::Title {
        Screen::Gameplay
    } else {
        Screen::Title
    });
}

fn resume_from_title(resume: Option<Res<Resume>>, mut next: ResMut<NextState<Screen>>) {
    if resume.is_some() {
        next.set(Screen::Gameplay);
    }
}

fn start_clock(
    resume: Option<Res<Resume>>,
    mut time: ResMut<PlayTime>,
    mut due: ResMut<AutosaveDue>,
) {
    time.0 = resume.as_ref().map_or(0.0, |r| r.0.play_time);
    *due = AutosaveDue {
        due: false,
        act: resume.map(|r| r.0.story.act),
    };
}

fn count_play_time(time: Res<Time>, pause: Res<State<Pause>>, mut played: ResMut<PlayTime>) {
    if *pause.get() == Pause::Running {
        played.0 += time.delta_secs();
    }
}

fn note_act_change(state: Option<Res<StoryState>>, mut due: ResMut<AutosaveDue>) {
    let Some(state) = state else { return };
    if due.act != Some(state.act) {
        // The first act of a new game is not worth an autosave.
        due.due = due.act.is_some();
        due.act = Some(state.act);
    }
}

/// Once the game stands where the save was (the act entered, Mira placed),
/// the save has done its work.
fn finish_resume(
    mut commands: Commands,
    resume: Option<Res<Resume>>,
    act: Option<Res<State<InAct>>>,
) {
    if let (Some(resume), Some(act)) = (resume, act)
        && act.get().0 == resume.0.story.act
    {
        commands.remove_resource::<Resume>();
    }
}

#[allow(clippy::too_many_arguments)]
fn remember_free_moment(
    the_story: TheStory,
    state: Option<Res<StoryState>>,
    resume: Option<Res<Resume>>,
    pause: Res<State<Pause>>,
    status: crate::model::Mira,
    surge: Option<Res<State<SurgePhase>>>,
    battle: Res<Battle>,
    complex: Option<Res<Complex>>,
    room: Option<Res<CurrentRoom>>,
    mira: Query<(&Walker, &Pose), With<Player>>,
    played: Res<PlayTime>,
    mut last: ResMut<LastFree>,
) {
    let (Some(story), Some(state), Some(room), Ok((walker, pose))) =
        (the_story.get(), state, room, mira.single())
    else {
        return;
    };
    let free = resume.is_none()
        && status.is_free()
        && *pause.get() == Pause::Running
        && !state.finished
        && battle.dissolving.is_none()
        && !battle.won
        // In the surge, once Mira makes for the rig (before, a scene plays).
        && surge.as_ref().is_none_or(|s| *s.get() == SurgePhase::Escape);
    if !free {
        return;
    }
    let surge = surge.map(|s| *s.get());
    let in_dream = state.act == Act::Dreamscape;
    // Most frames only Mira's spot and the clock move: no new strings then.
    if let Some(game) = last.0.as_mut()
        && game.story == *state
        && game.room == room.0
        && game.surge == surge
        && game.dream.as_ref().map(|d| (d.zone, d.cleared))
            == in_dream.then_some((battle.zone, battle.cleared))
    {
        game.feet = walker.feet.to_array();
        game.facing = pose.facing;
        game.play_time = played.0;
        return;
    }
    let dream = in_dream.then(|| battle.progress()).flatten();
    if in_dream && dream.is_none() {
        // Between waking in the dream and its first zone.
        return;
    }
    let room_title = complex
        .as_ref()
        .and_then(|c| c.room(&room.0))
        .map_or(String::new(), |r| r.title.clone());
    let summary = format!("{} · {room_title}", story.title(state.act));
    last.0 = Some(SaveGame {
        version: SAVE_VERSION,
        sequence: 0,
        play_time: played.0,
        summary,
        story: state.clone(),
        surge,
        room: room.0.clone(),
        feet: walker.feet.to_array(),
        facing: pose.facing,
        dream,
    });
}

fn autosave(
    mut due: ResMut<AutosaveDue>,
    last: Res<LastFree>,
    mut requests: MessageWriter<SaveRequest>,
) {
    let ready = last
        .0
        .as_ref()
        .is_some_and(|g| Some(g.story.act) == due.act);
    if due.due && ready {
        due.due = false;
        requests.write(SaveRequest(AUTOSAVE));
    }
}

fn write_saves(
    mut commands: Commands,
    mut requests: MessageReader<SaveRequest>,
    store: Res<Store>,
    complex: Option<Res<Complex>>,
    last: Res<LastFree>,
    mut slots: ResMut<SaveSlots>,
) {
    for SaveRequest(index) in requests.read() {
        let Some(name) = SLOTS.get(*index) else {
            continue;
        };
        let outcome = match &last.0 {
            None => Err("There is nothing to save yet.".to_string()),
            Some(game) => {
                // Read afresh: the files may have changed outside the game.
                *slots = SaveSlots::read(&store, complex.as_deref());
                let mut game = game.clone();
                game.sequence = slots.next_sequence();
                let slot = &mut slots.0[*index];
                let sound = !matches!(slot.main, Slot::Damaged(_));
                let message = format!("Saved to {}: {}", SlotInfo::label(*index), game.summary);
                store.write(name, &game.to_ron(), sound).map(|()| {
                    // As the store now has it: a sound save before becomes the backup.
                    let old = std::mem::replace(&mut slot.main, Slot::Ready(Box::new(game)));
                    if matches!(old, Slot::Ready(_)) {
                        slot.backup = old;
                    }
                    message
                })
            }
        };
        match &outcome {
            Ok(m) => info!("{m}"),
            Err(e) => error!("could not save: {e}"),
        }
        commands.insert_resource(SaveOutcome(outcome));
    }
}

fn forget_game(mut last: ResMut<LastFree>, mut due: ResMut<AutosaveDue>) {
    last.0 = None;
    *due = AutosaveDue::default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vocab::Facing;
    use biodental_story::BALANCE_LIMIT;

    fn ready(sequence: u64) -> Slot {
        Slot::Ready(Box::new(SaveGame {
            version: SAVE_VERSION,
            sequence,
            play_time: 0.0,
            summary: String::new(),
            story: StoryState {
                act: Act::Arrival,
                flags: Default::default(),
                balance: 0,
                trust: Default::default(),
                ending: None,
                finished: false,
                objective: String::new(),
            },
            surge: None,
            room: "room".into(),
            feet: [0.0, 0.0],
            facing: Facing::Down,
            dream: None,
        }))
    }

    fn slots(sequences: &[u64]) -> SaveSlots {
        SaveSlots(
            sequences
                .iter()
                .map(|&n| SlotInfo {
                    name: "slot1",
                    main: ready(n),
                    backup: Slot::Empty,
                })
                .collect(),
        )
    }

    #[test]
    fn the_next_sequence_counts_on_and_stops_at_its_limit() {
        assert_eq!(SaveSlots::default().next_sequence(), 1);
        assert_eq!(slots(&[3, 9, 4]).next_sequence(), 10);
        assert_eq!(slots(&[MAX_SEQUENCE]).next_sequence(), MAX_SEQUENCE);
        // Never read, but even so nothing wraps.
        assert_eq!(slots(&[u64::MAX]).next_sequence(), MAX_SEQUENCE);
    }

    #[test]
    fn a_save_at_the_limits_reads_and_one_beyond_them_does_not() {
        let Slot::Ready(game) = ready(MAX_SEQUENCE) else {
            unreachable!()
        };
        assert_eq!(SaveGame::from_ron("s", &game.to_ron()), Ok(*game.clone()));
        let mut beyond = game.clone();
        beyond.story.balance = BALANCE_LIMIT + 1;
        let why = SaveGame::from_ron("s", &beyond.to_ron()).unwrap_err();
        assert!(why.starts_with("s: balance 11"), "{why}");
        let mut beyond = game;
        beyond.play_time = -1.0;
        let why = SaveGame::from_ron("s", &beyond.to_ron()).unwrap_err();
        assert!(why.starts_with("s: play_time -1"), "{why}");
    }
}
