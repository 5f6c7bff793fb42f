//! Who stands where, act by act and ending by ending, and where Mira is
//! taken when an act begins.

use std::collections::BTreeMap;

use bevy_ecs_ldtk::ldtk::EntityInstance;
use bevy_ecs_ldtk::prelude::LdtkFields;

use super::Problem;
use crate::model::room::staging::staged;
use biodental_story::{Act, Character, Ending};

/// Every placement of a character: where (level and iid, for messages),
/// in which acts and in which endings.
pub(super) type Placements = BTreeMap<Character, Vec<(String, Vec<Act>, Vec<Ending>)>>;

/// Reads a Character's `acts` and `endings`, reporting values the game does
/// not know and endings given for an act before the ending is decided.
pub(super) fn read_placement(
    e: &EntityInstance,
    p: &dyn Fn(Option<&str>, String) -> Problem,
    out: &mut Vec<Problem>,
) -> (Vec<Act>, Vec<Ending>) {
    let mut acts = Vec::new();
    let mut endings = Vec::new();
    for (field, what, known) in [
        ("acts", "an act", Act::ALL.map(Act::name).join(", ")),
        (
            "endings",
            "an ending",
            Ending::ALL.map(Ending::name).join(", "),
        ),
    ] {
        for name in e
            .get_maybe_enums_field(field)
            .into_iter()
            .flatten()
            .flatten()
        {
            match (Act::from_name(name), Ending::from_name(name)) {
                (Some(a), _) if field == "acts" => acts.push(a),
                (_, Some(x)) if field == "endings" => endings.push(x),
                _ => out.push(p(
                    Some(field),
                    format!("\"{name}\" is not {what} ({known})"),
                )),
            }
        }
    }
    if !endings.is_empty() && (acts.is_empty() || acts.iter().any(|a| !a.decided())) {
        out.push(p(
            Some("endings"),
            "applies only once the ending is decided: list in `acts` only the Epilogue and the acts after it"
                .into(),
        ));
    }
    (acts, endings)
}

/// Everyone stands in exactly one place in every act, whatever the ending
/// (a Character with no `acts` stands there in every act; one with
/// `endings` only in those endings).
pub(super) fn check_cast(file: &str, cast: &Placements, out: &mut Vec<Problem>) {
    for &who in Character::PLACED {
        let placed = cast.get(&who).map(Vec::as_slice).unwrap_or_default();
        let all = || {
            placed
                .iter()
                .map(|(at, ..)| at.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if placed.is_empty() {
            out.push(Problem::new(
                file,
                format!(
                    "has no Character \"{}\": the story needs them",
                    who.ldtk_name()
                ),
            ));
            continue;
        }
        for act in Act::ALL {
            let here = |ending: Option<Ending>| -> Vec<&str> {
                placed
                    .iter()
                    .filter(|(_, acts, endings)| staged(acts, endings, act, ending))
                    .map(|(at, ..)| at.as_str())
                    .collect()
            };
            if here(None).is_empty() {
                out.push(Problem::new(
                    file,
                    format!(
                        "has no Character \"{}\" in act {}: list it in the `acts` of one of theirs ({})",
                        who.ldtk_name(),
                        act.name(),
                        all()
                    ),
                ));
                continue;
            }
            let endings: Vec<Option<Ending>> = if act.decided() {
                Ending::ALL.map(Some).to_vec()
            } else {
                vec![None]
            };
            for ending in endings {
                let here = here(ending);
                if here.len() > 1 {
                    out.push(Problem::new(
                        file,
                        format!(
                            "has {} Character \"{}\" in act {}{}, expected at most one: {}",
                            here.len(),
                            who.ldtk_name(),
                            act.name(),
                            ending
                                .map(|e| format!(" of the {} ending", e.name()))
                                .unwrap_or_default(),
                            here.join(", ")
                        ),
                    ));
                }
            }
        }
    }
}

/// At most one ActStart for each act.
pub(super) fn check_act_starts(file: &str, starts: &[(Act, String)], out: &mut Vec<Problem>) {
    for act in Act::ALL {
        let here: Vec<&str> = starts
            .iter()
            .filter(|(a, _)| *a == act)
            .map(|(_, at)| at.as_str())
            .collect();
        if here.len() > 1 {
            out.push(Problem::new(
                file,
                format!(
                    "has {} ActStart entities for act {}, expected at most one: {}",
                    here.len(),
                    act.name(),
                    here.join(", ")
                ),
            ));
        }
    }
}
