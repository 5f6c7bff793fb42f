//! Where a project that matches LDtk's schema still cannot be read.
//!
//! The schema leaves a field's value free (its type is in `__type`), and
//! says "integer" where the game reads 32 bits. When the whole project
//! cannot be read, each level, layer, entity and field is read alone to
//! find the one at fault, and the problem names it as the other checks do.

use bevy_ecs_ldtk::ldtk::{Definitions, EntityInstance, FieldInstance, LayerInstance, Level};
use serde::Deserialize;
use serde_json::Value;

use super::{Problem, shorten};

/// How much of the reader's own message a problem repeats (it may quote a
/// huge value).
const MAX_MESSAGE: usize = 200;

/// The problems that make `doc` unreadable, or `error` itself when no part
/// of it can be blamed.
pub(super) fn locate(file: &str, doc: &Value, error: &serde_json::Error) -> Vec<Problem> {
    let mut out = Vec::new();
    let levels = levels(doc);
    for level in &levels {
        if Level::deserialize(*level).is_err() {
            locate_in_level(file, level, &mut out);
        }
    }
    if out.is_empty()
        && let Some(defs) = doc.get("defs")
        && let Err(e) = Definitions::deserialize(defs)
    {
        out.push(Problem::new(
            file,
            format!("its definitions cannot be read: {}", brief(&e, defs)),
        ));
    }
    if out.is_empty() {
        out.push(Problem::new(
            file,
            format!("cannot be read as an LDtk project: {}", brief(error, doc)),
        ));
    }
    out
}

/// The project's levels, in its own list and in its worlds'.
fn levels(doc: &Value) -> Vec<&Value> {
    let own = doc.get("levels").and_then(Value::as_array).into_iter();
    let worlds = doc
        .get("worlds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|w| w.get("levels").and_then(Value::as_array));
    own.chain(worlds).flatten().collect()
}

fn locate_in_level(file: &str, level: &Value, out: &mut Vec<Problem>) {
    let at = || Problem::new(file, "").level(text(level, "identifier"));
    let before = out.len();
    locate_in_fields(level, &at, out);
    for layer in items(level, "layerInstances") {
        if LayerInstance::deserialize(layer).is_ok() {
            continue;
        }
        let at_layer = || at().layer(text(layer, "__identifier"));
        let before = out.len();
        for e in items(layer, "entityInstances") {
            if EntityInstance::deserialize(e).is_ok() {
                continue;
            }
            let at_entity = || at().entity(text(e, "__identifier"), text(e, "iid"));
            let before = out.len();
            locate_in_fields(e, &at_entity, out);
            if out.len() == before
                && let Err(err) = EntityInstance::deserialize(e)
            {
                out.push(cannot_read(at_entity(), &err, e));
            }
        }
        if out.len() == before
            && let Err(err) = LayerInstance::deserialize(layer)
        {
            out.push(cannot_read(at_layer(), &err, layer));
        }
    }
    if out.len() == before
        && let Err(err) = Level::deserialize(level)
    {
        out.push(cannot_read(at(), &err, level));
    }
}

/// Fields whose value does not fit their type.
fn locate_in_fields(owner: &Value, at: &dyn Fn() -> Problem, out: &mut Vec<Problem>) {
    for f in items(owner, "fieldInstances") {
        if let Err(e) = FieldInstance::deserialize(f) {
            let mut p = at().field(text(f, "__identifier"));
            p.message = format!(
                "holds a value that does not fit its type {}: {}",
                shorten(text(f, "__type")),
                brief(&e, f.get("__value").unwrap_or(&Value::Null))
            );
            out.push(p);
        }
    }
}

fn cannot_read(mut p: Problem, e: &serde_json::Error, v: &Value) -> Problem {
    p.message = format!("cannot be read: {}", brief(e, v));
    p
}

/// The reader's message, cut short, and which key of `v` holds a number
/// beyond 32 bits (the schema says "integer"; the game reads `i32`).
fn brief(e: &serde_json::Error, v: &Value) -> String {
    let mut msg = e.to_string();
    if msg.len() > MAX_MESSAGE {
        let cut = msg.floor_char_boundary(MAX_MESSAGE);
        msg.truncate(cut);
        msg.push('…');
    }
    let wide: Vec<String> = v
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, n)| n.as_f64().is_some_and(beyond_i32))
        .map(|(k, n)| format!("\"{}\" is {n}", shorten(k)))
        .collect();
    if wide.is_empty() {
        msg
    } else {
        format!(
            "{msg} ({}; numbers here must be from {} to {})",
            wide.join(", "),
            i32::MIN,
            i32::MAX
        )
    }
}

/// A whole number that the game's 32-bit integers cannot hold.
fn beyond_i32(f: f64) -> bool {
    f.fract() == 0.0 && (f < f64::from(i32::MIN) || f > f64::from(i32::MAX))
}

fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("?")
}
