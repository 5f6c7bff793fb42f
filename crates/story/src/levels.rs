//! The story read from disk and checked against the LDtk project: what
//! `biodental check-story` runs.

use std::collections::BTreeMap;

use crate::Story;

/// The trigger area Mira steps into at the VR rig, which ends the power
/// surge (the surge listens for it; the story's checks require it).
pub const VR_RIG_AREA: &str = "vr_room_entered";

/// What `biodental check-story` found.
#[derive(Debug, Default)]
pub struct StoryReport {
    pub problems: Vec<String>,
    /// Figures about the story, when it could be read.
    pub summary: Option<String>,
}

/// Reads the story from `dir` (`assets/story`), checks it, checks it
/// against the LDtk project `levels`, and plays every path through it.
pub fn check_on_disk(dir: &std::path::Path, levels: &std::path::Path) -> StoryReport {
    let story = match Story::read_dir(dir) {
        Ok(s) => s,
        Err(e) => {
            return StoryReport {
                problems: e.to_string().lines().map(str::to_string).collect(),
                summary: None,
            };
        }
    };
    let mut problems = check_triggers(&story, levels);
    let ex = crate::explore(&story);
    problems.extend(ex.problems(&story));
    let lines = story.nodes.len();
    let choices: usize = story.nodes.values().map(|n| n.choices.len()).sum();
    let summary = format!(
        "{lines} lines, {choices} choices, {} conversations; {} story states explored, endings reached: {:?}",
        story.talks.len(),
        ex.states,
        ex.endings
    );
    StoryReport {
        problems,
        summary: Some(summary),
    }
}

/// The trigger areas the story listens for exist in the LDtk project
/// `levels`, and those it needs after the first act can fire again.
pub fn check_triggers(story: &Story, levels: &std::path::Path) -> Vec<String> {
    let events = match level_events(levels) {
        Ok(events) => events,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for (act, rule, area, used) in story.areas() {
        let place = format!("{}: act {act:?}: rule {}", story.file_name, rule + 1);
        match events.get(area) {
            None => problems.push(format!(
                "{place}: no Trigger in {} has the event \"{area}\"",
                levels.display()
            )),
            Some((_, prompt)) if *prompt != used => problems.push(if used {
                format!(
                    "{place}: Used(\"{area}\"): the Trigger in {} has no `prompt`, so it cannot be used (only Entered)",
                    levels.display()
                )
            } else {
                format!(
                    "{place}: Entered(\"{area}\"): the Trigger in {} has a `prompt`, so Mira uses it (listen for Used)",
                    levels.display()
                )
            }),
            Some((true, false)) => problems.push(format!(
                "{place}: the Trigger \"{area}\" in {} is `once`, so it may have \
                 fired before the story listens for it, and the story would wait for it forever: untick `once`",
                levels.display()
            )),
            Some(_) => {}
        }
    }
    // The surge ends where Mira reaches the VR rig.
    let rig = VR_RIG_AREA;
    if events.get(rig) != Some(&(false, false)) {
        problems.push(format!(
            "{}: the power surge ends when Mira steps into the Trigger \"{rig}\": \
             there must be one, without `once` and without a `prompt`",
            levels.display()
        ));
    }
    problems
}

/// The `event` of every `Trigger` entity in an LDtk project, whether it
/// fires only once, and whether it has a prompt (is used, not entered).
fn level_events(path: &std::path::Path) -> Result<BTreeMap<String, (bool, bool)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot be read: {e}", path.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
    let mut events = BTreeMap::new();
    let levels = json["levels"].as_array().into_iter().flatten();
    for level in levels {
        for layer in level["layerInstances"].as_array().into_iter().flatten() {
            for entity in layer["entityInstances"].as_array().into_iter().flatten() {
                if entity["__identifier"] != "Trigger" {
                    continue;
                }
                let fields = entity["fieldInstances"].as_array().into_iter().flatten();
                let value = |name: &str| {
                    fields
                        .clone()
                        .find(|f| f["__identifier"] == name)
                        .map(|f| f["__value"].clone())
                };
                if let Some(e) = value("event").and_then(|v| v.as_str().map(str::to_string)) {
                    let once = value("once").and_then(|v| v.as_bool()).unwrap_or(true);
                    let prompt = value("prompt")
                        .and_then(|v| v.as_str().map(|s| !s.trim().is_empty()))
                        .unwrap_or(false);
                    events.insert(e, (once, prompt));
                }
            }
        }
    }
    Ok(events)
}
