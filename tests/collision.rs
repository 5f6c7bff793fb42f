//! Walking against walls and furniture, on rooms drawn as text.

use bevy::math::{Rect, Vec2};
use bevy_ecs_ldtk::ldtk::{LayerInstance, Level, Type};

use biodental::model::room::collision::{move_feet, standable};
use biodental::model::room::map::{FEET_HALF_WIDTH, FEET_HEIGHT, RoomMap, feet_box};

/// A room from rows of `#` (wall) and `.` (floor), 16 px cells, top row first.
fn room(rows: &[&str]) -> RoomMap {
    let (w, h) = (rows[0].len() as i32, rows.len() as i32);
    let csv = rows
        .iter()
        .flat_map(|r| r.chars().map(|c| (c == '#') as i32))
        .collect();
    let level = Level {
        identifier: "Test".into(),
        iid: "test".into(),
        px_wid: w * 16,
        px_hei: h * 16,
        layer_instances: Some(vec![LayerInstance {
            identifier: "Collision".into(),
            layer_instance_type: Type::IntGrid,
            c_wid: w,
            c_hei: h,
            grid_size: 16,
            int_grid_csv: csv,
            ..Default::default()
        }]),
        ..Default::default()
    };
    RoomMap::from_level(&level)
}

const BOX: &[&str] = &[
    "########", //
    "#......#", "#......#", "#......#", "#......#", "########",
];

#[test]
fn a_wall_stops_the_feet_flush_against_it() {
    let map = room(BOX);
    // Game space: y up; the floor spans x 16..112, y 16..80.
    let start = Vec2::new(60.0, 40.0);
    let end = move_feet(&map, start, Vec2::new(30.0, 0.0));
    assert_eq!(
        end,
        Vec2::new(60.0, 40.0) + Vec2::new(30.0, 0.0),
        "open floor moves freely"
    );
    let end = move_feet(&map, end, Vec2::new(30.0, 0.0));
    assert_eq!(
        end.x + FEET_HALF_WIDTH,
        112.0,
        "stops flush against the right wall"
    );
    // Pushing on does nothing, and does not jitter.
    for _ in 0..50 {
        assert_eq!(move_feet(&map, end, Vec2::new(1.3, 0.0)), end);
    }
}

#[test]
fn no_speed_tunnels_through_a_wall() {
    let map = room(&[
        "##########", //
        "#...#....#",
        "#...#....#",
        "#...#....#",
        "##########",
    ]);
    let start = Vec2::new(30.0, 30.0);
    for speed in [1.0, 10.0, 15.9, 16.0, 17.0, 100.0, 10_000.0] {
        let end = move_feet(&map, start, Vec2::new(speed, 0.0));
        assert!(
            end.x + FEET_HALF_WIDTH <= 64.0 + 1e-4,
            "speed {speed} went through to {end}"
        );
        assert!(standable(&map, end));
    }
}

#[test]
fn walking_diagonally_into_a_corner_stops_in_the_corner() {
    let map = room(BOX);
    let mut p = Vec2::new(60.0, 40.0);
    for _ in 0..200 {
        p = move_feet(&map, p, Vec2::new(1.2, 1.2));
    }
    // Top-right corner of the floor: x ≤ 112, y + height ≤ 80.
    assert_eq!(p.x + FEET_HALF_WIDTH, 112.0);
    assert_eq!(p.y + FEET_HEIGHT, 80.0);
    let settled = p;
    for _ in 0..50 {
        p = move_feet(&map, p, Vec2::new(1.2, 1.2));
        assert_eq!(p, settled, "no jitter in the corner");
    }
}

#[test]
fn walking_diagonally_along_a_wall_slides() {
    let map = room(BOX);
    let mut p = Vec2::new(30.0, 70.0);
    // Up is blocked almost at once; right keeps going.
    for _ in 0..20 {
        p = move_feet(&map, p, Vec2::new(1.0, 1.0));
    }
    assert_eq!(p.y + FEET_HEIGHT, 80.0);
    assert!((p.x - 50.0).abs() < 1e-4, "slid along the wall to {p}");
}

#[test]
fn a_doorway_one_tile_wide_is_entered_even_when_slightly_off_centre() {
    // A gap at column 3 in a wall across the middle.
    let map = room(&[
        "#######", //
        "#.....#", "#.....#", "###.###", "#.....#", "#.....#", "#######",
    ]);
    // The gap spans x 48..64; start below it, 5 px off its centre.
    let mut p = Vec2::new(56.0 + 5.0, 20.0);
    for _ in 0..120 {
        p = move_feet(&map, p, Vec2::new(0.0, 1.0));
    }
    assert!(p.y > 64.0, "went up through the doorway: {p}");
    assert!(standable(&map, p));
}

#[test]
fn walking_past_an_outside_corner_does_not_catch() {
    let map = room(&[
        "########", //
        "#......#", "#......#", "#..##..#", "#......#", "#......#", "########",
    ]);
    // Along the bottom face of the block (x 48..80, y 48..64) from left to right.
    let mut p = Vec2::new(30.0, 48.0 - FEET_HEIGHT);
    for _ in 0..60 {
        p = move_feet(&map, p, Vec2::new(1.5, 0.0));
    }
    assert!(p.x > 80.0 + FEET_HALF_WIDTH, "caught on the corner at {p}");
}

#[test]
fn furniture_blocks_like_walls() {
    let mut map = room(BOX);
    map.blockers.push(Rect::new(70.0, 30.0, 90.0, 40.0));
    let end = move_feet(&map, Vec2::new(40.0, 32.0), Vec2::new(60.0, 0.0));
    assert_eq!(end.x + FEET_HALF_WIDTH, 70.0);
    assert!(!map.blocked(feet_box(end)));
}

#[test]
fn standing_inside_a_wall_lets_you_walk_out() {
    let map = room(BOX);
    // Half inside the left wall (e.g. after a bad teleport): walking right frees us.
    let stuck = Vec2::new(16.0, 40.0);
    assert!(!standable(&map, stuck));
    let freed = move_feet(&map, stuck, Vec2::new(8.0, 0.0));
    assert!(standable(&map, freed), "still stuck at {freed}");
}
