//! Depth by height on screen: whoever stands lower is drawn in front.

use bevy::prelude::*;

use crate::model::room::YSort;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(PostUpdate, y_sort.before(TransformSystems::Propagate));
}

/// Sorted sprites live in z 20..30, above every tile layer, below the UI.
const Z_TOP: f32 = 30.0;
/// Rooms are at most 1000 px tall: 10 units of z across that height.
const Z_PER_PIXEL: f32 = 0.01;

/// The z that puts feet at height `y` in order.
pub fn depth(y: f32) -> f32 {
    Z_TOP - y * Z_PER_PIXEL
}

/// Drawn at a fixed global z, whatever its parents' (doors over the walls).
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct FixedDepth(pub f32);

/// Sets each sorted entity's local z so its global z is [`depth`] (or its
/// [`FixedDepth`]), whatever its parents' z: LDtk puts entities under layer
/// entities.
fn y_sort(
    mut sorted: Query<
        (
            &mut Transform,
            Option<&YSort>,
            Option<&FixedDepth>,
            Option<&ChildOf>,
        ),
        Or<(With<YSort>, With<FixedDepth>)>,
    >,
    ancestors: Query<(&Transform, Option<&ChildOf>), (Without<YSort>, Without<FixedDepth>)>,
) {
    for (mut transform, sort, fixed, parent) in &mut sorted {
        let mut parent_z = 0.0;
        let mut next = parent.map(ChildOf::parent);
        while let Some(p) = next {
            let Ok((t, up)) = ancestors.get(p) else { break };
            parent_z += t.translation.z;
            next = up.map(ChildOf::parent);
        }
        let global = match (fixed, sort) {
            (Some(FixedDepth(z)), _) => *z,
            (None, Some(sort)) => depth(transform.translation.y - sort.offset),
            (None, None) => continue,
        };
        let z = global - parent_z;
        if transform.translation.z != z {
            transform.translation.z = z;
        }
    }
}
