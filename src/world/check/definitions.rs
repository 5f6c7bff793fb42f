//! The project's definitions must match the names and types the code uses.

use bevy_ecs_ldtk::ldtk::{LdtkJson, Type};

use super::Problem;
use crate::model::vocab::{self, Facing, FearKind, SwarmMode, SwarmShape};
use biodental_story::Character;
use biodental_story::{Act, Ending};

/// The project's definitions must match the names and types the code uses.
pub(super) fn check_definitions(file: &str, project: &LdtkJson, out: &mut Vec<Problem>) {
    let defs = &project.defs;
    for name in vocab::ENTITY_IDENTIFIERS {
        if !defs.entities.iter().any(|e| e.identifier == name) {
            out.push(Problem::new(file, format!("defines no entity \"{name}\"")));
        }
    }
    for (entity, field, ty) in vocab::FIELDS {
        let Some(def) = defs.entities.iter().find(|e| e.identifier == *entity) else {
            continue;
        };
        match def.field_defs.iter().find(|f| f.identifier == *field) {
            None => out.push(Problem::new(
                file,
                format!("entity \"{entity}\" defines no field \"{field}\" ({ty})"),
            )),
            Some(f) if f.field_definition_type != *ty => out.push(Problem::new(
                file,
                format!(
                    "field \"{field}\" of entity \"{entity}\" is {}, the game expects {ty}",
                    f.field_definition_type
                ),
            )),
            _ => {}
        }
    }
    let enums: [(&str, Vec<&str>); 7] = [
        ("Facing", Facing::ALL.map(Facing::ldtk_name).to_vec()),
        (
            "SwarmMode",
            SwarmMode::ALL.map(SwarmMode::ldtk_name).to_vec(),
        ),
        (
            "SwarmShape",
            SwarmShape::ALL.map(SwarmShape::ldtk_name).to_vec(),
        ),
        (
            "Character",
            Character::PLACED.iter().map(|c| c.ldtk_name()).collect(),
        ),
        ("Act", Act::ALL.map(Act::name).to_vec()),
        ("Ending", Ending::ALL.map(Ending::name).to_vec()),
        ("FearKind", FearKind::ALL.map(FearKind::ldtk_name).to_vec()),
    ];
    for (name, expected) in enums {
        match defs.enums.iter().find(|e| e.identifier == name) {
            None => out.push(Problem::new(
                file,
                format!("defines no enum \"{name}\" ({})", expected.join(", ")),
            )),
            Some(def) => {
                let have: Vec<&str> = def.values.iter().map(|v| v.id.as_str()).collect();
                for v in &have {
                    if !expected.contains(v) {
                        out.push(Problem::new(
                            file,
                            format!(
                                "enum \"{name}\" has value \"{v}\", which the game does not know"
                            ),
                        ));
                    }
                }
                for v in &expected {
                    if !have.contains(v) {
                        out.push(Problem::new(
                            file,
                            format!("enum \"{name}\" lacks value \"{v}\""),
                        ));
                    }
                }
            }
        }
    }
    for (name, ty) in [
        (vocab::LAYER_ENTITIES, Type::Entities),
        (vocab::LAYER_COLLISION, Type::IntGrid),
    ] {
        match defs.layers.iter().find(|l| l.identifier == name) {
            None => out.push(Problem::new(file, format!("defines no layer \"{name}\""))),
            Some(l) if l.purple_type != ty => out.push(Problem::new(
                file,
                format!("layer \"{name}\" should be of type {ty:?}"),
            )),
            _ => {}
        }
    }
    if !defs
        .level_fields
        .iter()
        .any(|f| f.identifier == vocab::LEVEL_TITLE && f.field_definition_type == "String")
    {
        out.push(Problem::new(
            file,
            format!("defines no level field \"{}\" (String)", vocab::LEVEL_TITLE),
        ));
    }
}
