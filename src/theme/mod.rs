//! Look and feel of the interface: colours, text sizes, widgets, and menu
//! navigation that works the same by keyboard, mouse and gamepad.

pub mod palette;
mod ripple;
pub mod widget;

use bevy::prelude::*;

use crate::core::{AppSystems, PausableSystems};
use crate::input::Controls;

pub(crate) use ripple::{RingImage, ripple};

/// The interface is laid out for a 720-pixel-high window and scaled to fit.
const DESIGN_HEIGHT: f32 = 720.0;

/// BioDental Pixel, drawn by `make-art` and built into the binary.
const FONT: &[u8] = include_bytes!("../../assets/fonts/biodental-pixel.ttf");

pub(super) fn plugin(app: &mut App) {
    // Our typeface replaces Bevy's default font, so every text uses it.
    if let Some(mut fonts) = app.world_mut().get_resource_mut::<Assets<Font>>() {
        fonts
            .insert(AssetId::default(), Font::from_bytes(FONT.to_vec()))
            .expect("the default font slot is free to replace");
    }
    app.add_plugins(ripple::plugin);
    app.init_resource::<FocusMemory>();
    app.add_systems(PreUpdate, scale_ui);
    app.add_systems(
        Update,
        fleet
            .in_set(AppSystems::Update)
            .in_set(PausableSystems)
            .before(MenuNavigation),
    );
    app.add_systems(
        Update,
        (
            focus_from_pointer,
            focus_from_controls,
            activate,
            paint_buttons,
            size_readable_text,
        )
            .chain()
            .in_set(AppSystems::Update)
            .in_set(MenuNavigation),
    );
}

/// Focus, activation and painting of menu buttons. Menus that rebuild their
/// pages run before it, so that a new page is focused and painted in the
/// frame it first shows.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MenuNavigation;

/// Text that follows the player's text size (what people say): its size
/// at the normal setting.
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct Readable(pub f32);

fn size_readable_text(
    size: Res<crate::model::TextSize>,
    mut texts: Query<(Ref<Readable>, &mut TextFont)>,
) {
    for (readable, mut font) in &mut texts {
        if size.is_changed() || readable.is_added() {
            font.font_size = FontSize::Px(readable.0 * size.scale());
        }
    }
}

/// Interface shown for a while that fades out at the end of it (the
/// room's name, a notice): despawned when its time is up; whoever draws it
/// paints it with [`Fleeting::alpha`]. Time stands still while the game
/// is paused.
#[derive(Component, Debug, Clone)]
pub(crate) struct Fleeting {
    shown: Timer,
    fade: f32,
}

impl Fleeting {
    /// Shown for `seconds`, fading out over the last `fade` of them.
    pub(crate) fn new(seconds: f32, fade: f32) -> Fleeting {
        Fleeting {
            shown: Timer::from_seconds(seconds, TimerMode::Once),
            fade,
        }
    }

    /// How opaque it is: 1 until it starts to fade, then easing down to 0.
    pub(crate) fn alpha(&self) -> f32 {
        let left = (self.shown.remaining_secs() / self.fade).clamp(0.0, 1.0);
        EaseFunction::SmoothStep.sample_clamped(left)
    }
}

fn fleet(mut commands: Commands, time: Res<Time>, mut shown: Query<(Entity, &mut Fleeting)>) {
    for (entity, mut fleeting) in &mut shown {
        if fleeting.shown.tick(time.delta()).is_finished() {
            commands.entity(entity).despawn();
        }
    }
}

/// A menu button. `order` sorts buttons for keyboard and gamepad navigation.
#[derive(Component, Debug, Clone)]
pub(crate) struct MenuButton {
    pub order: u32,
    pub enabled: bool,
}

/// The button that Enter, Space or gamepad South will press.
#[derive(Component, Debug)]
pub(crate) struct Focused;

/// The order of the button to focus when a page is drawn again, so that
/// the focus stays where it was (set by the menus as they rebuild a page).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FocusMemory(pub Option<u32>);

/// A button was pressed (by click, key or gamepad): triggered on the
/// button, for the observers of what its kind of button does.
#[derive(EntityEvent, Debug, Clone, Copy)]
pub(crate) struct Activate {
    pub entity: Entity,
}

/// A window this much shorter than a scale step still gets that step: a
/// 720-pixel design fits 680 pixels (a browser tab, a window's title bar)
/// far better than it fits at half size.
const STEP_TOLERANCE: f32 = 0.06;

/// The interface scale for a window `height` logical pixels high: steps of
/// one half, so that the pixel font stays crisp (see `widget::TITLE_SIZE`).
pub(crate) fn ui_scale_for(height: f32) -> f32 {
    ((height / DESIGN_HEIGHT + STEP_TOLERANCE) * 2.0)
        .floor()
        .clamp(1.0, 8.0)
        / 2.0
}

/// Scales the interface with the window height.
fn scale_ui(
    window: Query<&Window, With<bevy::window::PrimaryWindow>>,
    scale: Option<ResMut<UiScale>>,
) {
    let (Ok(window), Some(mut scale)) = (window.single(), scale) else {
        return;
    };
    let s = ui_scale_for(window.height());
    if scale.0 != s {
        scale.0 = s;
    }
}

fn focus_from_pointer(
    mut commands: Commands,
    hovered: Query<(Entity, &Interaction, &MenuButton), Changed<Interaction>>,
    focused: Query<Entity, With<Focused>>,
) {
    for (entity, interaction, button) in &hovered {
        if *interaction != Interaction::None && button.enabled {
            // A page rebuilt this frame may despawn either button first.
            for f in &focused {
                commands.entity(f).try_remove::<Focused>();
            }
            commands.entity(entity).try_insert(Focused);
        }
    }
}

fn focus_from_controls(
    mut commands: Commands,
    controls: Res<Controls>,
    buttons: Query<(Entity, &MenuButton, Has<Focused>, Option<&ChildOf>)>,
    nodes: Query<&Node>,
    mut memory: ResMut<FocusMemory>,
) {
    // Most frames nothing moves: a button has the focus and no key asks.
    let moving = controls.menu_step != 0 || controls.menu_side != 0;
    if !moving && buttons.iter().any(|(_, b, f, _)| f && b.enabled) {
        return;
    }
    let mut enabled: Vec<(u32, Entity, bool, Option<Entity>)> = buttons
        .iter()
        .filter(|(_, b, _, _)| b.enabled)
        .map(|(e, b, f, parent)| {
            // Buttons side by side in a row share a line.
            let row = parent.map(ChildOf::parent).filter(|p| {
                nodes
                    .get(*p)
                    .is_ok_and(|n| n.flex_direction == FlexDirection::Row)
            });
            (b.order, e, f, row)
        })
        .collect();
    if enabled.is_empty() {
        return;
    }
    enabled.sort_by_key(|(order, ..)| *order);
    let mut lines: Vec<Vec<Entity>> = Vec::new();
    let mut last_row = None;
    for (_, e, _, row) in &enabled {
        match lines.last_mut() {
            Some(line) if row.is_some() && *row == last_row => line.push(*e),
            _ => lines.push(vec![*e]),
        }
        last_row = *row;
    }
    let focused = enabled.iter().find(|(_, _, f, _)| *f).map(|(_, e, ..)| *e);
    let at = focused.and_then(|f| {
        lines
            .iter()
            .enumerate()
            .find_map(|(l, line)| line.iter().position(|e| *e == f).map(|c| (l, c)))
    });
    // A new menu starts with its first button focused, a page drawn again
    // with the button that had the focus.
    let remembered = at
        .is_none()
        .then(|| memory.0.take())
        .flatten()
        .and_then(|order| enabled.iter().find(|(o, ..)| *o == order));
    let next = match at {
        None => Some(remembered.map_or(lines[0][0], |(_, e, ..)| *e)),
        Some(at) if moving => {
            let (l, c) = step_focus(&lines, at, controls.menu_step, controls.menu_side);
            Some(lines[l][c]).filter(|e| Some(*e) != focused)
        }
        _ => None,
    };
    if let Some(next) = next {
        // A page rebuilt this frame (a save written, a setting changed) may
        // despawn these buttons before the focus moves: the new page's first
        // button is focused the next frame.
        if let Some(f) = focused {
            commands.entity(f).try_remove::<Focused>();
        }
        commands.entity(next).try_insert(Focused);
    }
}

/// Where the focus moves from line `at.0`, column `at.1` of `lines` (a
/// row of buttons side by side is one line, any other button a line of its
/// own): up (`step` -1) and down (+1) to the line before or after, round at
/// the ends, keeping the column where that line has it; left (`side` -1)
/// and right (+1) along the line, stopping at its ends.
fn step_focus(lines: &[Vec<Entity>], at: (usize, usize), step: i32, side: i32) -> (usize, usize) {
    let (mut l, mut c) = at;
    if step != 0 {
        l = (l as i32 + step).rem_euclid(lines.len() as i32) as usize;
        c = c.min(lines[l].len() - 1);
    }
    if side != 0 {
        c = (c as i32 + side).clamp(0, lines[l].len() as i32 - 1) as usize;
    }
    (l, c)
}

fn activate(
    controls: Res<Controls>,
    clicked: Query<(Entity, &Interaction, &MenuButton), Changed<Interaction>>,
    focused: Query<(Entity, &MenuButton), With<Focused>>,
    mut pressed: Local<Option<Entity>>,
    mut commands: Commands,
) {
    // A click counts when the press is released over the same button.
    for (entity, interaction, button) in &clicked {
        match interaction {
            Interaction::Pressed => *pressed = Some(entity),
            Interaction::Hovered if *pressed == Some(entity) && button.enabled => {
                commands.trigger(Activate { entity });
                *pressed = None;
            }
            _ => {}
        }
    }
    if controls.interact
        && let Ok((entity, button)) = focused.single()
        && button.enabled
    {
        commands.trigger(Activate { entity });
    }
}

fn paint_buttons(
    mut buttons: Query<(
        &MenuButton,
        Has<Focused>,
        &Interaction,
        &mut BackgroundColor,
        &mut BorderColor,
    )>,
) {
    for (button, focused, interaction, mut bg, mut border) in &mut buttons {
        let (fill, edge) = if !button.enabled {
            (palette::BUTTON_DISABLED, palette::BUTTON_DISABLED)
        } else if *interaction == Interaction::Pressed {
            (palette::BUTTON_PRESSED, palette::BORDER_FOCUS)
        } else if focused {
            (palette::BUTTON_FOCUS, palette::BORDER_FOCUS)
        } else {
            (palette::BUTTON, palette::BORDER)
        };
        if bg.0 != fill {
            bg.0 = fill;
        }
        *border = BorderColor::all(edge);
    }
}

/// A white `size` × `size` picture whose opacity is `alpha` of the distance
/// from its centre (px), for glows and rings tinted by their sprites.
pub(crate) fn radial_image(size: u32, alpha: impl Fn(f32) -> f32) -> Image {
    use bevy::asset::RenderAssetUsages;
    use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
    let c = (size as f32 - 1.0) / 2.0;
    let mut data = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let d = Vec2::new(x as f32 - c, y as f32 - c).length();
            let a = (alpha(d).clamp(0.0, 1.0) * 255.0).round() as u8;
            data.extend_from_slice(&[255, 255, 255, a]);
        }
    }
    Image::new(
        Extent3d {
            width: size,
            height: size,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
}

#[cfg(test)]
mod tests {
    use bevy::prelude::*;

    use super::{Focused, MenuButton, focus_from_controls, step_focus, ui_scale_for};
    use crate::input::Controls;

    #[test]
    fn the_focus_moving_onto_a_button_despawned_the_same_frame_is_no_error() {
        let mut app = App::new();
        app.init_resource::<Controls>();
        app.init_resource::<super::FocusMemory>();
        let gone = app
            .world_mut()
            .spawn(MenuButton {
                order: 0,
                enabled: true,
            })
            .id();
        // A page rebuilt in the same frame, before the focus moves: both
        // systems see the old button, and the rebuild's despawn is applied first.
        let rebuild = move |mut commands: Commands| commands.entity(gone).despawn();
        app.add_systems(
            Update,
            (rebuild.run_if(run_once), focus_from_controls).chain_ignore_deferred(),
        );
        app.update();
        assert!(app.world().get_entity(gone).is_err());

        // The next frame the new page's first button takes the focus.
        let first = app
            .world_mut()
            .spawn(MenuButton {
                order: 0,
                enabled: true,
            })
            .id();
        app.update();
        assert!(app.world().entity(first).contains::<Focused>());
    }

    #[test]
    fn the_focus_steps_between_lines_keeping_the_column_and_along_a_row() {
        let e = |n| Entity::from_raw_u32(n).unwrap();
        // A button alone, a row of three, a row of two, a button alone.
        let lines = vec![
            vec![e(1)],
            vec![e(2), e(3), e(4)],
            vec![e(5), e(6)],
            vec![e(7)],
        ];
        assert_eq!(step_focus(&lines, (0, 0), 1, 0), (1, 0));
        assert_eq!(
            step_focus(&lines, (1, 2), 1, 0),
            (2, 1),
            "the nearest column"
        );
        assert_eq!(step_focus(&lines, (2, 1), 1, 0), (3, 0));
        assert_eq!(step_focus(&lines, (3, 0), 1, 0), (0, 0), "round at the end");
        assert_eq!(
            step_focus(&lines, (0, 0), -1, 0),
            (3, 0),
            "and at the start"
        );
        assert_eq!(step_focus(&lines, (1, 0), 0, 1), (1, 1));
        assert_eq!(
            step_focus(&lines, (1, 2), 0, 1),
            (1, 2),
            "stops at the row's end"
        );
        assert_eq!(step_focus(&lines, (1, 0), 0, -1), (1, 0));
        assert_eq!(step_focus(&lines, (3, 0), 0, 1), (3, 0), "alone: stays");
    }

    #[test]
    fn the_interface_scales_in_half_steps_with_some_tolerance() {
        assert_eq!(ui_scale_for(720.0), 1.0);
        assert_eq!(
            ui_scale_for(690.0),
            1.0,
            "a browser tab a little short of 720"
        );
        assert_eq!(ui_scale_for(600.0), 0.5);
        assert_eq!(ui_scale_for(1080.0), 1.5);
        assert_eq!(ui_scale_for(1040.0), 1.5);
        assert_eq!(ui_scale_for(1440.0), 2.0);
        assert_eq!(ui_scale_for(2160.0), 3.0);
    }
}
