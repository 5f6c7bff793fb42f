//! `check-levels` on the real project and on broken copies of it.

#[path = "../common/mod.rs"]
mod common;
mod limits;

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use biodental::world::check::{Schema, check_text};
use common::{field_mut, level_mut, remove_entities};

fn project_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("levels/biodental.ldtk")
}

fn project_text() -> String {
    std::fs::read_to_string(project_path()).expect("levels/biodental.ldtk is readable")
}

fn project_json() -> Value {
    serde_json::from_str(&project_text()).unwrap()
}

/// Every entity instance in the project, as mutable JSON.
fn entities_mut(doc: &mut Value) -> Vec<&mut Value> {
    doc["levels"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|l| l["layerInstances"].as_array_mut().unwrap().iter_mut())
        .flat_map(|li| li["entityInstances"].as_array_mut().unwrap().iter_mut())
        .collect()
}

fn check(doc: &Value) -> Vec<String> {
    check_text("levels/broken.ldtk", &serde_json::to_string(doc).unwrap())
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn our_project_matches_ldtk_1_5_3_schema() {
    let errors = Schema::ldtk().validate(&project_json());
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn our_project_passes_every_game_check() {
    let problems = check_text("levels/biodental.ldtk", &project_text());
    assert!(problems.is_empty(), "{problems:#?}");
}

/// `check-levels` with no file named checks every project shipped in
/// `levels/` (not only the one the game plays): JSON, LDtk's schema and the
/// game's rules. Each of them passes.
#[test]
fn every_project_in_levels_is_checked_by_default_and_passes() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut shipped: Vec<String> = std::fs::read_dir(root.join("levels"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ldtk"))
        .map(|name| format!("levels/{name}"))
        .collect();
    shipped.sort();
    assert!(!shipped.is_empty());
    let out = Command::new(env!("CARGO_BIN_EXE_biodental"))
        .arg("check-levels")
        .current_dir(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let checked: Vec<&str> = stdout.lines().collect();
    let expected: Vec<String> = shipped.iter().map(|f| format!("{f}: ok")).collect();
    assert_eq!(checked, expected);
}

#[test]
fn a_missing_player_start_is_reported() {
    let mut doc = project_json();
    remove_entities(&mut doc, "PlayerStart");
    let problems = check(&doc);
    assert_eq!(
        problems,
        vec![
            "levels/broken.ldtk: has no PlayerStart: place one where Mira begins the game"
                .to_string()
        ]
    );
}

#[test]
fn a_door_to_nowhere_is_reported_with_level_entity_and_field() {
    let mut doc = project_json();
    let mut door_iid = String::new();
    let mut level_name = String::new();
    for level in doc["levels"].as_array_mut().unwrap() {
        let name = level["identifier"].as_str().unwrap().to_string();
        for layer in level["layerInstances"].as_array_mut().unwrap() {
            for e in layer["entityInstances"].as_array_mut().unwrap() {
                if e["__identifier"] == "Door" && door_iid.is_empty() {
                    door_iid = e["iid"].as_str().unwrap().to_string();
                    level_name = name.clone();
                    field_mut(e, "target")["__value"]["entityIid"] = "no-such-door".into();
                }
            }
        }
    }
    let problems = check(&doc);
    let expected = format!(
        "levels/broken.ldtk: level \"{level_name}\": Door {door_iid}: field \"target\": leads to entity no-such-door, which does not exist"
    );
    assert!(problems.contains(&expected), "{problems:#?}");
}

#[test]
fn a_bad_enum_value_is_reported() {
    let mut doc = project_json();
    let mut iid = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Character" && iid.is_empty() {
            iid = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "character")["__value"] = "Lea".into();
        }
    }
    let problems = check(&doc);
    let bad = problems
        .iter()
        .find(|p| p.contains(&iid))
        .unwrap_or_else(|| panic!("no problem names {iid}: {problems:#?}"));
    assert!(
        bad.contains("Character ")
            && bad.contains("field \"character\": \"Lea\" is not one of Leo, Samantha"),
        "{bad}"
    );
    // And the character that was renamed away is now missing.
    assert!(
        problems.iter().any(|p| p.contains("has no Character")),
        "{problems:#?}"
    );
}

#[test]
fn out_of_range_fields_are_reported() {
    let mut doc = project_json();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "NanobotEmitter" {
            field_mut(e, "count")["__value"] = 0.into();
        }
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(|p| p.contains("NanobotEmitter")
            && p.contains("field \"count\": 0 is out of range: it must be from 1 to 5000")),
        "{problems:#?}"
    );
}

#[test]
fn a_one_way_door_is_reported() {
    let mut doc = project_json();
    let mut done = false;
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Door" && !done {
            // Point the door at itself: its own target does not lead back.
            let own = e["iid"].clone();
            field_mut(e, "target")["__value"]["entityIid"] = own;
            done = true;
        }
    }
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("whose own target does not lead back here")),
        "{problems:#?}"
    );
}

#[test]
fn a_door_walled_off_by_furniture_or_walls_is_reported() {
    let mut doc = project_json();
    let lobby = level_mut(&mut doc, "Lobby");
    // A solid line across the lobby, wall to wall, cuts the street door off from the corridor door.
    let collision = lobby["layerInstances"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["__identifier"] == "Collision")
        .unwrap();
    let width = collision["__cWid"].as_u64().unwrap() as usize;
    let csv = collision["intGridCsv"].as_array_mut().unwrap();
    for x in 0..width {
        csv[5 * width + x] = 1.into();
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(
            |p| p.contains("level \"Lobby\": Door ") && p.contains("cannot be reached on foot")
        ),
        "{problems:#?}"
    );
}

#[test]
fn truncated_json_is_reported_with_line_and_column() {
    let text = project_text();
    let cut = &text[..text.len() / 2];
    let problems = check_text("levels/broken.ldtk", cut);
    assert_eq!(problems.len(), 1);
    let message = problems[0].to_string();
    assert!(
        message.starts_with("levels/broken.ldtk: line ")
            && message.contains(", column ")
            && message.contains("is not valid JSON"),
        "{message}"
    );
}

#[test]
fn schema_breakage_is_reported_before_game_rules() {
    let mut doc = project_json();
    doc["levels"][1]["pxWid"] = "wide".into();
    let problems = check(&doc);
    assert!(
        problems[0].contains("level \"Lobby\"")
            && problems[0].contains(
                "does not match LDtk 1.5.3's schema at /levels/1/pxWid: expected integer"
            ),
        "{problems:#?}"
    );
}

/// The command-line tool: exit codes and one line per problem.
#[test]
fn the_check_levels_command_passes_ours_and_fails_broken_files() {
    let exe = env!("CARGO_BIN_EXE_biodental");
    let ok = Command::new(exe)
        .arg("check-levels")
        .arg(project_path())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert!(
        String::from_utf8_lossy(&ok.stdout)
            .trim_end()
            .ends_with(": ok")
    );

    let dir = std::env::temp_dir().join(format!("biodental-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.ldtk");
    std::fs::write(&broken, "{ \"levels\": [").unwrap();
    let bad = Command::new(exe)
        .arg("check-levels")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(
        out.contains("broken.ldtk: line 1, column 13: is not valid JSON"),
        "{out}"
    );

    let usage = Command::new(exe)
        .arg("check-levels")
        .arg("--frobnicate")
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("unknown option '--frobnicate'"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn someone_standing_at_a_usable_spot_is_reported() {
    let mut doc = project_json();
    // Give the protest area (where Halloran and Okafor stand) a prompt.
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Trigger" && field_mut(e, "event")["__value"] == "plaza_protest" {
            field_mut(e, "prompt")["__value"] = "Read the placards".into();
        }
    }
    let problems = check(&doc);
    let halloran = problems
        .iter()
        .find(|p| {
            p.starts_with("levels/broken.ldtk: level \"Plaza\"")
                && p.contains(
                    "Halloran stands within talking range of the Trigger \"plaza_protest\"",
                )
        })
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert!(halloran.contains("Character "), "{halloran}");
    // A prompt too long for the screen is reported too.
    let mut doc = project_json();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Trigger" && field_mut(e, "event")["__value"] == "office_desk" {
            field_mut(e, "prompt")["__value"] =
                "Look over the figures, all of them, very carefully, twice".into();
        }
    }
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("field \"prompt\"") && p.contains("at most 48 fit")),
        "{problems:#?}"
    );
}

#[test]
fn a_bad_act_and_a_character_missing_from_an_act_are_reported() {
    let mut doc = project_json();
    let mut iid = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Character" && field_mut(e, "character")["__value"] == "Jasper" {
            iid = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "acts")["__value"] = serde_json::json!(["Arrival", "Finale"]);
        }
    }
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains(&iid) && p.contains("field \"acts\": \"Finale\" is not an act")),
        "{problems:#?}"
    );
    // Jasper now stands only in the Arrival: every other act lacks him.
    assert!(
        problems
            .iter()
            .any(|p| p.contains("has no Character \"Jasper\" in act Doubts")),
        "{problems:#?}"
    );
}

#[test]
fn endings_before_the_ending_two_places_in_one_ending_and_two_starts_of_an_act_are_reported() {
    let mut doc = project_json();
    let mut early = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] != "Character" {
            continue;
        }
        let who = field_mut(e, "character")["__value"].clone();
        let acts = field_mut(e, "acts")["__value"].clone();
        // Samantha in the Lobby, told an ending before it is decided.
        if who == "Samantha" && acts.as_array().unwrap().contains(&"Arrival".into()) {
            early = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "endings")["__value"] = serde_json::json!(["Hybrid"]);
        }
        // Okafor at the hall's door in the Clinical ending, now in the Hybrid
        // one too, where he already teaches beside Jasper.
        if who == "Okafor" && field_mut(e, "endings")["__value"] == serde_json::json!(["Clinical"])
        {
            field_mut(e, "endings")["__value"] = serde_json::json!(["Clinical", "Hybrid"]);
        }
    }
    // A second start for the Later act, in the hall.
    let start = entities_mut(&mut doc)
        .into_iter()
        .find(|e| e["__identifier"] == "ActStart")
        .map(|e| e.clone())
        .expect("the project has an ActStart");
    let hall = level_mut(&mut doc, "Hall");
    let entities = hall["layerInstances"][0]["entityInstances"]
        .as_array_mut()
        .unwrap();
    let mut second = start;
    second["iid"] = "a-second-start".into();
    entities.push(second);
    let problems = check(&doc);
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(
        problems.iter().any(|p| p.contains(&early)
            && p.contains("field \"endings\": applies only once the ending is decided")),
        "{problems:#?}"
    );
    assert!(
        has("has 2 Character \"Okafor\" in act Later of the Hybrid ending, expected at most one"),
        "{problems:#?}"
    );
    assert!(
        has("has 2 ActStart entities for act Later, expected at most one") && has("a-second-start"),
        "{problems:#?}"
    );
}

#[test]
fn a_swarm_with_an_unknown_shape_or_a_patient_who_is_not_a_character_is_reported() {
    let mut doc = project_json();
    // The treatment swarm's patient becomes a door of the same room.
    let treatment = doc["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["identifier"] == "Treatment")
        .unwrap();
    let door = treatment["layerInstances"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|li| li["entityInstances"].as_array().unwrap())
        .find(|e| e["__identifier"] == "Door")
        .map(|e| e["iid"].as_str().unwrap().to_string())
        .unwrap();
    let mut iid = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "NanobotEmitter" && field_mut(e, "mode")["__value"] == "Treatment" {
            iid = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "shape")["__value"] = serde_json::json!("Spiral");
            field_mut(e, "target")["__value"]["entityIid"] = serde_json::json!(door.clone());
        }
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(|p| p.contains(&iid)
            && p.contains("field \"shape\"")
            && p.contains("\"Spiral\" is not one of Cloud, Ring, Flower")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains(&iid)
            && p.contains("field \"target\"")
            && p.contains("must be a Character in level \"Treatment\"")
            && p.contains(&door)),
        "{problems:#?}"
    );
}

#[test]
fn a_fear_of_an_unknown_kind_or_out_of_range_with_a_patrol_outside_the_level_is_reported() {
    let mut doc = project_json();
    let mut iid = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Fear" && iid.is_empty() {
            iid = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "kind")["__value"] = serde_json::json!("Spider");
            field_mut(e, "radius")["__value"] = serde_json::json!(900.0);
            field_mut(e, "path")["__value"] =
                serde_json::json!([{"cx": 3, "cy": 4}, {"cx": 99, "cy": 4}]);
        }
    }
    let problems = check(&doc);
    for (field, says) in [
        ("kind", "\"Spider\""),
        ("radius", "900 is out of range: it must be from 8 to 200"),
        ("path", "the point (99, 4) lies outside the level"),
    ] {
        assert!(
            problems.iter().any(|p| p.contains("levels/broken.ldtk")
                && p.contains("Dream_")
                && p.contains(&iid)
                && p.contains(&format!("field \"{field}\""))
                && p.contains(says)),
            "{field}: {problems:#?}"
        );
    }
}

#[test]
fn dream_zones_out_of_order_a_zone_without_checkpoint_and_a_missing_core_are_reported() {
    let mut doc = project_json();
    // The garden claims to be zone 3, like the mirror hall: zone 2 is missing.
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "DreamCheckpoint" && field_mut(e, "zone")["__value"] == 2 {
            field_mut(e, "zone")["__value"] = serde_json::json!(3);
        }
    }
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("numbers its dream zone 3, expected 2")),
        "{problems:#?}"
    );

    // Without checkpoints, levels with fears, swarms or the core are named.
    let mut doc = project_json();
    remove_entities(&mut doc, "DreamCheckpoint");
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("level \"Dream_Core\"") && p.contains("no DreamCheckpoint")),
        "{problems:#?}"
    );

    let mut doc = project_json();
    remove_entities(&mut doc, "SwarmCore");
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("has dream zones but no SwarmCore")),
        "{problems:#?}"
    );
}
