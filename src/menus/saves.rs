//! The save and load pages: three slots and the autosave, what each holds,
//! and what to do when one cannot be read.

use bevy::prelude::*;

use super::{MenuAction, MenuData};
use crate::core::Activity;
use crate::model::SaveGame;
use crate::save::{AUTOSAVE, SLOTS, Slot, SlotInfo};
use crate::theme::{palette, widget};

/// A slot's caption: its name and what is in it.
fn caption(index: usize, slot: &Slot) -> String {
    let label = SlotInfo::label(index);
    match slot {
        Slot::Empty => format!("{label} · empty"),
        Slot::Ready(game) => describe(&label, game),
        Slot::Damaged(_) => format!("{label} · cannot be read"),
    }
}

fn describe(label: &str, game: &SaveGame) -> String {
    format!("{label} · {} · {}", game.summary, game.played())
}

/// The last save's outcome, if any, under the slots.
fn outcome(p: &mut ChildSpawnerCommands, data: &MenuData) {
    if let Some(outcome) = &data.outcome {
        let (text, colour) = match &outcome.0 {
            Ok(m) => (m.clone(), palette::ACCENT),
            Err(e) => (format!("Not saved: {e}"), palette::ERROR),
        };
        p.spawn(widget::note(text, colour));
    }
}

/// Why a slot cannot be read, in small print.
fn problem(p: &mut ChildSpawnerCommands, why: &str) {
    p.spawn(widget::note(why, palette::ERROR));
}

pub(super) fn save_page(p: &mut ChildSpawnerCommands, data: &MenuData) {
    p.spawn(widget::header("Save"));
    for (i, info) in data.slots.0.iter().enumerate().take(AUTOSAVE) {
        p.spawn(widget::wide_button(
            caption(i, &info.main),
            i as u32,
            true,
            MenuAction::SaveTo(i),
        ));
    }
    if data
        .activity
        .as_ref()
        .is_some_and(|a| *a.get() == Activity::Talking)
    {
        p.spawn(widget::text(
            "A save keeps where you were before this conversation.",
            widget::SMALL_SIZE,
            palette::TEXT_DIM,
        ));
    }
    outcome(p, data);
    p.spawn(widget::button("Back", 10, MenuAction::Back));
}

pub(super) fn confirm_page(p: &mut ChildSpawnerCommands, data: &MenuData, index: usize) {
    let label = SlotInfo::label(index);
    p.spawn(widget::header(format!("Replace {label}?")));
    match data.slots.0.get(index).map(|s| &s.main) {
        Some(Slot::Ready(game)) => {
            p.spawn(widget::label(format!(
                "It holds {} · {}.",
                game.summary,
                game.played()
            )));
            p.spawn(widget::text(
                "The save it replaces is kept as its backup.",
                widget::SMALL_SIZE,
                palette::TEXT_DIM,
            ));
        }
        Some(Slot::Damaged(why)) => {
            p.spawn(widget::label("It holds a save that cannot be read:"));
            problem(p, why);
            p.spawn(widget::text(
                "The damaged file is set aside, not deleted; its backup stays.",
                widget::SMALL_SIZE,
                palette::TEXT_DIM,
            ));
        }
        _ => {}
    }
    p.spawn(widget::button(
        format!("Save in {label}"),
        0,
        MenuAction::Overwrite(index),
    ));
    p.spawn(widget::button("Cancel", 1, MenuAction::Back));
}

pub(super) fn load_page(p: &mut ChildSpawnerCommands, data: &MenuData) {
    p.spawn(widget::header("Load"));
    let mut order = 0;
    for (i, info) in data.slots.0.iter().enumerate().take(SLOTS.len()) {
        let ready = matches!(info.main, Slot::Ready(_));
        p.spawn(widget::wide_button(
            caption(i, &info.main),
            order,
            ready,
            MenuAction::LoadFrom(i),
        ));
        order += 1;
        if let Slot::Damaged(why) = &info.main {
            problem(p, why);
            if let Slot::Ready(backup) = &info.backup {
                p.spawn(widget::wide_button(
                    format!(
                        "Restore its backup · {} · {}",
                        backup.summary,
                        backup.played()
                    ),
                    order,
                    true,
                    MenuAction::RestoreBackup(i),
                ));
                order += 1;
            }
        }
    }
    outcome(p, data);
    p.spawn(widget::button("Back", 20, MenuAction::Back));
}
