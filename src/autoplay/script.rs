//! What a scripted player does in each act, and how it chooses in
//! conversations: shared by `biodental autoplay` (which walks and talks
//! with keys) and the story tests (which send the story its messages).

use crate::model::Conversation;
use biodental_story::Character;
use biodental_story::{Act, Bond, Effect, Ending, Story};

/// One thing to do in an act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Talk to someone.
    Talk(Character),
    /// Step into the LDtk trigger area with this event.
    Enter(&'static str),
    /// Use what is in the LDtk trigger area with this event (it has a prompt).
    Use(&'static str),
    /// The surge's alarm is over: Mira reaches the VR rig, and the dream
    /// that follows is played through.
    Dream,
}

use Character::*;
use Step::*;

/// The walk through the story: everyone met, every act's goal done. The
/// Dreamscape has no steps: it is the battle.
pub fn script() -> Vec<(Act, Vec<Step>)> {
    vec![
        (
            Act::Arrival,
            vec![
                Talk(Halloran),
                Talk(Okafor),
                Talk(Theo),
                Enter("lobby_arrival"),
                Talk(Samantha),
                Talk(Leo),
                Talk(Ines),
                Talk(Aida),
            ],
        ),
        (
            Act::Doubts,
            vec![
                Use("office_desk"),
                Talk(Leo),
                Talk(Samantha),
                Talk(Ines),
                Talk(Halloran),
                Talk(Okafor),
                Talk(Theo),
                Talk(Aida),
                Talk(Jasper),
            ],
        ),
        (Act::Therapy, vec![Talk(Leo)]),
        (
            Act::Appointment,
            vec![Talk(Halloran), Talk(Aida), Enter("treatment_room_entered")],
        ),
        (
            Act::PowerSurge,
            vec![Talk(Leo), Talk(Samantha), Talk(Halloran), Dream],
        ),
        (
            Act::Resolution,
            vec![
                Talk(Leo),
                Talk(Samantha),
                Talk(Jasper),
                Talk(Halloran),
                Talk(Okafor),
                Talk(Theo),
                Talk(Ines),
                Talk(Aida),
            ],
        ),
        (
            Act::Epilogue,
            vec![
                Talk(Samantha),
                Talk(Jasper),
                Talk(Leo),
                Enter("plaza_doors"),
            ],
        ),
        // Some weeks later: Leo's class, then the evening in the school
        // hall (the ending decides who is there; absent people are skipped).
        (
            Act::Later,
            vec![
                Talk(Lindqvist),
                Talk(Leo),
                Talk(Samantha),
                Talk(Halloran),
                Talk(Jasper),
                Talk(Okafor),
                Talk(Theo),
                Talk(Ines),
                Enter("school_gate"),
            ],
        ),
    ]
}

/// The steps of `act` in [`script`].
pub fn steps(act: Act) -> Vec<Step> {
    script()
        .into_iter()
        .find(|(a, _)| *a == act)
        .map(|(_, s)| s)
        .unwrap_or_default()
}

/// How a player leans at every choice, for the ending they want: towards
/// the hybrid ending they win everyone's trust, towards the traditional one
/// they side with the old ways, towards the clinical one they trust the
/// technology. The recommendation that names their ending always wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaning(pub Ending);

impl Leaning {
    /// How much the player likes a choice with these effects.
    pub(crate) fn score(self, effects: &[Effect]) -> i32 {
        let flag = format!("chose_{}", format!("{:?}", self.0).to_lowercase());
        effects
            .iter()
            .map(|e| match (self.0, e) {
                (_, Effect::Set(f)) if *f == flag => 100,
                (_, Effect::Set(f)) if f.starts_with("chose_") => -100,
                (Ending::Hybrid, Effect::Trust(_, n)) => 3 * n,
                (Ending::Hybrid, Effect::Empathy(n)) => *n,
                (Ending::Traditional, Effect::Trust(Bond::Dentists, n)) => 3 * n,
                (Ending::Traditional, Effect::Empathy(n)) => 2 * n,
                (Ending::Traditional, Effect::Trust(_, n)) => *n,
                (Ending::Clinical, Effect::Tech(n)) => 2 * n,
                _ => 0,
            })
            .sum()
    }

    /// Picks among the offered choices by their effects (the first of the
    /// best), by its place among those offered.
    pub fn pick(self, story: &Story, c: &Conversation) -> usize {
        let Some(node) = c.node.as_ref().and_then(|id| story.nodes.get(id)) else {
            return 0;
        };
        c.choices
            .iter()
            .enumerate()
            .max_by_key(|(place, (index, _))| {
                let effects = node.choices.get(*index).map(|c| &c.effects[..]);
                (self.score(effects.unwrap_or_default()), -(*place as i32))
            })
            .map(|(place, _)| place)
            .unwrap_or(0)
    }
}
