//! The hand-written RON data: ours loads; mistakes are named precisely.

use biodental::data::{Cast, DataError, parse_ron};

fn cast_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/data/cast.ron")).unwrap()
}

#[test]
fn the_cast_loads_and_has_everyone() {
    let cast: Cast = parse_ron("assets/data/cast.ron", &cast_text()).unwrap();
    assert_eq!(cast.name(biodental_story::Character::Mira), "Dr. Mira Chen");
    for &who in biodental_story::Character::PLACED {
        assert!(
            !cast.person(who).unwrap().greeting.is_empty(),
            "{who:?} has something to say"
        );
    }
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let broken = cast_text().replacen(
        "role: \"Patient, nine years old\",",
        "role: \"Patient, nine years old\"",
        1,
    );
    let err = parse_ron::<Cast>("assets/data/cast.ron", &broken).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, DataError::Syntax { .. }), "{text}");
    assert!(text.starts_with("assets/data/cast.ron:"), "{text}");
    let mut parts = text.split(':');
    parts.next();
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let column: usize = parts.next().unwrap().parse().expect("a column number");
    assert!(line > 10 && column > 0, "{text}");
}

#[test]
fn a_missing_person_and_unprintable_text_are_named() {
    let text = cast_text().replacen("Ines: (", "Agnes: (", 1).replacen(
        "I dreamed they were bees",
        "I dreamed they were bees\u{2014}",
        1,
    );
    let err = parse_ron::<Cast>("assets/data/cast.ron", &text).unwrap_err();
    let message = err.to_string();
    // An unknown name is a syntax error in the enum of people.
    assert!(message.contains("Agnes"), "{message}");

    // The font has the long dash, but no arrows.
    let dash = cast_text().replacen("were bees", "were bees\u{2014}", 1);
    assert!(parse_ron::<Cast>("assets/data/cast.ron", &dash).is_ok());
    let arrow = cast_text().replacen("were bees", "were bees\u{2192}", 1);
    let message = parse_ron::<Cast>("assets/data/cast.ron", &arrow)
        .unwrap_err()
        .to_string();
    assert!(
        message
            .contains("people.Leo.greeting[0]: character '\u{2192}' (column 62) cannot be drawn"),
        "{message}"
    );

    let text = cast_text().replacen(
        "greeting: [\n                \"Hello, Dr. Chen!",
        "greet: [\n                \"Hello, Dr. Chen!",
        1,
    );
    let message = parse_ron::<Cast>("assets/data/cast.ron", &text)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("people.Jasper.greeting has no lines"),
        "{message}"
    );
}
