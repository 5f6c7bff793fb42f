//! Levels too large, too deep or of the wrong shape: reported with the
//! place, before anything is built, by `check-levels` and on the loading
//! screen.

use super::*;

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
