//! What went wrong loading the LDtk project, said where it is wrong.

use bevy::asset::AssetLoadError;

use crate::core::{LEVELS_FILE, LevelsFolder, describe_failure};
use crate::data::DataError;

/// What went wrong loading the LDtk project, line by line. When
/// bevy_ecs_ldtk's own loader refused it (its message gives only the line
/// and column of a value of the wrong type), the project's check reads the
/// file again and says where: level, entity, field and iid.
pub fn describe_levels_failure(
    error: &AssetLoadError,
    levels: Option<&LevelsFolder>,
) -> Vec<String> {
    let loaders = matches!(error, AssetLoadError::AssetLoaderError(e)
        if e.error().downcast_ref::<DataError>().is_none());
    if loaders && let Some(located) = levels.and_then(locate_levels_problems) {
        return located;
    }
    describe_failure(LEVELS_FILE, error)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The check's problems with the LDtk project in `folder`, if it finds any.
/// (In the browser there is no file to read again.)
fn locate_levels_problems(folder: &LevelsFolder) -> Option<Vec<String>> {
    #[cfg(target_arch = "wasm32")]
    {
        let _ = folder;
        None
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let file = LEVELS_FILE.rsplit('/').next().unwrap_or(LEVELS_FILE);
        let path = crate::game_root().join(&folder.0).join(file);
        let text = std::fs::read_to_string(path).ok()?;
        let problems = crate::world::check::check_text(LEVELS_FILE, &text);
        (!problems.is_empty()).then(|| problems.iter().map(ToString::to_string).collect())
    }
}
