//! `check-levels` on the real project and on broken copies of it.

mod common;

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

/// The layer called `name` of the level called `level`, as mutable JSON.
fn layer_mut<'a>(doc: &'a mut Value, level: &str, name: &str) -> &'a mut Value {
    level_mut(doc, level)["layerInstances"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|l| l["__identifier"] == name)
        .unwrap_or_else(|| panic!("no layer {name} in {level}"))
}

/// Checks `doc`, which must take less than `seconds`.
fn check_within(doc: &Value, seconds: u64) -> Vec<String> {
    let start = std::time::Instant::now();
    let problems = check(doc);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(seconds),
        "took {:?}: {problems:#?}",
        start.elapsed()
    );
    problems
}

/// A grid whose cell count overflows 32 bits (46,341²), or would take
/// 10 GB (100,000²), is reported before anything is built from it.
#[test]
fn a_huge_grid_is_reported_with_the_layer_before_anything_is_allocated() {
    for cells in [46_341, 100_000] {
        let mut doc = project_json();
        let collision = layer_mut(&mut doc, "Lobby", "Collision");
        collision["__cWid"] = cells.into();
        collision["__cHei"] = cells.into();
        let problems = check_within(&doc, 5);
        for what in ["wide", "high"] {
            let expected = format!(
                "levels/broken.ldtk: level \"Lobby\": layer \"Collision\": is {cells} cells {what}; \
                 a layer must be from 1 to 1024 cells"
            );
            assert!(problems.contains(&expected), "{problems:#?}");
        }
    }
}

#[test]
fn a_level_too_large_or_larger_than_its_grid_is_reported() {
    let mut doc = project_json();
    level_mut(&mut doc, "Lobby")["pxWid"] = 100_000.into();
    let problems = check_within(&doc, 5);
    assert!(
        problems.contains(
            &"levels/broken.ldtk: level \"Lobby\": is 100000 px wide; a level must be from 1 to 4096 px"
                .to_string()
        ),
        "{problems:#?}"
    );
    // Within the limit, but the grid covers only part of it.
    let mut doc = project_json();
    level_mut(&mut doc, "Lobby")["pxHei"] = 4000.into();
    let problems = check_within(&doc, 5);
    assert!(
        problems.contains(
            &"levels/broken.ldtk: level \"Lobby\": layer \"Collision\": is 16 cells of 16 px high, \
              but the level is 4000 px high: that needs 250 cells"
                .to_string()
        ),
        "{problems:#?}"
    );
    // Cells that do not match the grid.
    let mut doc = project_json();
    layer_mut(&mut doc, "Lobby", "Collision")["intGridCsv"]
        .as_array_mut()
        .unwrap()
        .pop();
    let problems = check(&doc);
    assert!(
        problems.contains(
            &"levels/broken.ldtk: level \"Lobby\": layer \"Collision\": has 383 IntGrid cells, expected 24×16"
                .to_string()
        ),
        "{problems:#?}"
    );
}

#[test]
fn a_grid_size_of_zero_is_reported() {
    let mut doc = project_json();
    layer_mut(&mut doc, "Office", "Collision")["__gridSize"] = 0.into();
    let problems = check_within(&doc, 5);
    assert_eq!(
        problems,
        vec![
            "levels/broken.ldtk: level \"Office\": layer \"Collision\": has grid size 0; it must be from 1 to 256 px"
                .to_string()
        ]
    );
    // In the definitions too.
    let mut doc = project_json();
    for layer in doc["defs"]["layers"].as_array_mut().unwrap() {
        if layer["identifier"] == "Collision" {
            layer["gridSize"] = 0.into();
        }
    }
    let problems = check(&doc);
    assert!(
        problems.contains(
            &"levels/broken.ldtk: layer definition \"Collision\" has grid size 0; it must be from 1 to 256 px"
                .to_string()
        ),
        "{problems:#?}"
    );
}

/// A 50 MB level name is reported, and no message repeats it.
#[test]
fn an_oversized_name_or_text_is_reported_without_repeating_it() {
    let mut doc = project_json();
    let huge = "Lobby".repeat(10_000_000);
    level_mut(&mut doc, "Lobby")["identifier"] = huge.clone().into();
    let problems = check_within(&doc, 20);
    let lengths: Vec<usize> = problems.iter().map(String::len).collect();
    assert_eq!(lengths.len(), 1, "{lengths:?}");
    assert_eq!(
        problems[0],
        "levels/broken.ldtk: level \"LobbyLobbyLobbyLobbyLobbyLobbyLobbyLobby… (50000000 bytes)\": \
         has an identifier 50000000 bytes long; at most 256 are allowed"
    );
    // A text field.
    let mut doc = project_json();
    let mut iid = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "Trigger" && iid.is_empty() {
            iid = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "event")["__value"] = "x".repeat(5000).into();
        }
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(|p| p
            .contains(&format!("Trigger {iid}: field \"event\": holds \"xxx"))
            && p.ends_with("(5000 bytes)\", 5000 bytes long; at most 1024 are allowed")
            && p.len() < 300),
        "{problems:#?}"
    );
}

/// Two things with one iid: both are named.
#[test]
fn a_duplicate_iid_is_reported_with_both_places() {
    let mut doc = project_json();
    let mut first = None;
    let mut second = String::new();
    for e in entities_mut(&mut doc) {
        match &first {
            None if e["__identifier"] == "Door" => {
                first = Some(e["iid"].as_str().unwrap().to_string())
            }
            Some(iid) if e["__identifier"] == "Trigger" && second.is_empty() => {
                second = e["iid"].as_str().unwrap().to_string();
                e["iid"] = iid.clone().into();
            }
            _ => {}
        }
    }
    let first = first.unwrap();
    let problems = check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("levels/broken.ldtk: level \"")
                && p.contains(&format!(
                    ": Trigger {first}: has iid {first}, which Door in level \""
                ))
                && p.ends_with("has already: every iid must be unique")),
        "{problems:#?}"
    );
    // Levels and layers too.
    let mut doc = project_json();
    let plaza = level_mut(&mut doc, "Plaza")["iid"].clone();
    level_mut(&mut doc, "Lobby")["iid"] = plaza.clone();
    let decor = layer_mut(&mut doc, "Office", "Decor")["iid"].clone();
    layer_mut(&mut doc, "Office", "Floor")["iid"] = decor.clone();
    let problems = check(&doc);
    let plaza = plaza.as_str().unwrap();
    let decor = decor.as_str().unwrap();
    assert!(
        problems.contains(&format!(
            "levels/broken.ldtk: level \"Lobby\": has iid {plaza}, which level \"Plaza\" has already: every iid must be unique"
        )),
        "{problems:#?}"
    );
    assert!(
        problems.contains(&format!(
            "levels/broken.ldtk: level \"Office\": layer \"Floor\": has iid {decor}, \
             which layer \"Decor\" of level \"Office\" has already: every iid must be unique"
        )),
        "{problems:#?}"
    );
}

/// A value of the wrong type in a field names the level, entity, iid and field.
#[test]
fn a_field_value_of_the_wrong_type_is_located() {
    let mut doc = project_json();
    let (mut emitter, mut character) = (String::new(), String::new());
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "NanobotEmitter" && emitter.is_empty() {
            emitter = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "count")["__value"] = "many".into();
        }
        if e["__identifier"] == "Character" && character.is_empty() {
            character = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "character")["__value"] = 3.into();
        }
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(|p| p.starts_with("levels/broken.ldtk: level \"")
            && p.contains(&format!(
                ": NanobotEmitter {emitter}: field \"count\": holds a value that does not fit its type Int: "
            ))
            && p.contains("invalid type: string \"many\", expected i32")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("levels/broken.ldtk: level \"")
            && p.contains(&format!(
                ": Character {character}: field \"character\": holds a value that does not fit its type LocalEnum.Character: "
            ))
            && p.contains("invalid type: integer `3`, expected a string")),
        "{problems:#?}"
    );
    // A number LDtk's schema allows but the game cannot hold names its key.
    let mut doc = project_json();
    level_mut(&mut doc, "Lobby")["pxWid"] = 10_000_000_000u64.into();
    let problems = check(&doc);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("levels/broken.ldtk: level \"Lobby\": cannot be read: ")
            && problems[0].contains("\"pxWid\" is 10000000000"),
        "{problems:#?}"
    );
}

#[test]
fn tiles_stacked_too_deep_and_a_bad_pivot_are_reported() {
    let mut doc = project_json();
    let floor = layer_mut(&mut doc, "Office", "Floor");
    let tile = floor["gridTiles"][0].clone();
    for _ in 0..20 {
        floor["gridTiles"]
            .as_array_mut()
            .unwrap()
            .push(tile.clone());
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(|p| p.starts_with(
            "levels/broken.ldtk: level \"Office\": layer \"Floor\": stacks more than 16 tiles in the cell at"
        )),
        "{problems:#?}"
    );
    let mut doc = project_json();
    let mut iid = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "PlayerStart" {
            iid = e["iid"].as_str().unwrap().to_string();
            e["__pivot"] = serde_json::json!([2.5, 0.5]);
        }
    }
    let problems = check(&doc);
    assert!(
        problems.iter().any(|p| p.contains(&format!(
            "PlayerStart {iid}: has pivot (2.5, 0.5); each coordinate must be from 0 to 1"
        ))),
        "{problems:#?}"
    );
}

/// The game runs the same checks when it loads the project: a grid of
/// 46,341² cells is listed on the loading screen, nothing is built from it
/// and no level is spawned.
#[test]
fn the_game_lists_a_huge_grid_on_the_loading_screen_without_building_it() {
    use biodental::core::LoadProblems;
    use biodental::core::Screen;
    use common::{copy_of_game_files, headless_app_from, run_until, screen};

    let dir = copy_of_game_files("huge-grid");
    let path = dir.join("levels/biodental.ldtk");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let collision = layer_mut(&mut doc, "Lobby", "Collision");
    collision["__cWid"] = 46_341.into();
    collision["__cHei"] = 46_341.into();
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let mut app = headless_app_from(&dir);
    let expected =
        "levels/biodental.ldtk: level \"Lobby\": layer \"Collision\": is 46341 cells wide";
    run_until(
        &mut app,
        "the layer's problem on the loading screen",
        |app| {
            app.world()
                .resource::<LoadProblems>()
                .all()
                .any(|p| p.starts_with(expected))
        },
    );
    for _ in 0..30 {
        app.update();
    }
    assert_eq!(screen(&app), Screen::Loading);
    assert!(
        app.world()
            .get_resource::<biodental::model::room::Complex>()
            .is_none()
    );
    let mut levels = app.world_mut().query::<&bevy_ecs_ldtk::prelude::LevelIid>();
    assert_eq!(levels.iter(app.world()).count(), 0);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_game_locates_a_field_value_of_the_wrong_type_on_the_loading_screen() {
    use biodental::core::LoadProblems;
    use common::{copy_of_game_files, headless_app_from, run_until};

    // bevy_ecs_ldtk's loader refuses the project with a line and a column;
    // the loading screen says which level, entity and field instead.
    let dir = copy_of_game_files("wrong-type");
    let path = dir.join("levels/biodental.ldtk");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut emitter = String::new();
    for e in entities_mut(&mut doc) {
        if e["__identifier"] == "NanobotEmitter" && emitter.is_empty() {
            emitter = e["iid"].as_str().unwrap().to_string();
            field_mut(e, "count")["__value"] = "many".into();
        }
    }
    std::fs::write(&path, serde_json::to_string(&doc).unwrap()).unwrap();
    let mut app = headless_app_from(&dir);
    let expected = format!(": NanobotEmitter {emitter}: field \"count\": holds a value");
    run_until(
        &mut app,
        "the field's problem on the loading screen",
        |app| {
            let mut lines: Vec<String> = app
                .world()
                .resource::<LoadProblems>()
                .all()
                .cloned()
                .collect();
            lines.extend(texts_on_screen(app));
            lines
                .iter()
                .any(|p| p.starts_with("levels/biodental.ldtk: level \"") && p.contains(&expected))
        },
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Every text on the screen (the loading screen's list of problems among them).
fn texts_on_screen(app: &mut bevy::prelude::App) -> Vec<String> {
    let world = app.world_mut();
    let mut texts = world.query::<&bevy::prelude::Text>();
    texts.iter(world).map(|t| t.0.clone()).collect()
}
