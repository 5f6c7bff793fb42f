//! Game data written by hand in RON under `assets/data/`: loaded as Bevy
//! assets, validated as they load, with errors that name the file, the line
//! and column, and what is wrong.

mod cast;

use std::marker::PhantomData;

use bevy::asset::io::Reader;
use bevy::asset::{AssetLoader, LoadContext};
use bevy::prelude::*;
use serde::de::DeserializeOwned;

pub use biodental_story::files::{
    DataError, FONT_CHARSET, Validate, drawable, parse_ron, parse_ron_syntax,
};
pub use cast::{Cast, Person};

use crate::core::load_awaited;

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<Cast>();
    app.register_asset_loader(RonLoader::<Cast>::new(&["ron"]));
    app.init_resource::<CastFile>();
}

/// Who everyone is, under `assets/`.
pub(crate) const CAST_PATH: &str = "data/cast.ron";

/// `assets/data/cast.ron`, requested as the game starts.
#[derive(Resource)]
pub(crate) struct CastFile(pub Handle<Cast>);

impl FromWorld for CastFile {
    fn from_world(world: &mut World) -> Self {
        CastFile(load_awaited(world, CAST_PATH))
    }
}

/// The cast, once loaded (the loading screen waits for it).
#[derive(bevy::ecs::system::SystemParam)]
pub(crate) struct TheCast<'w> {
    file: Res<'w, CastFile>,
    casts: Res<'w, Assets<Cast>>,
}

impl TheCast<'_> {
    pub fn get(&self) -> Option<&Cast> {
        self.casts.get(&self.file.0)
    }
}

/// Reads a whole asset file as text; `file` names it in errors.
pub async fn read_text(reader: &mut dyn Reader, file: &str) -> Result<String, DataError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .await
        .map_err(|error| DataError::Io {
            file: file.to_string(),
            error,
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Loads any validated RON asset type.
#[derive(TypePath)]
pub(crate) struct RonLoader<T> {
    extensions: &'static [&'static str],
    _marker: PhantomData<fn() -> T>,
}

impl<T> RonLoader<T> {
    pub fn new(extensions: &'static [&'static str]) -> Self {
        Self {
            extensions,
            _marker: PhantomData,
        }
    }
}

impl<T> AssetLoader for RonLoader<T>
where
    T: Asset + DeserializeOwned + Validate,
{
    type Asset = T;
    type Settings = ();
    type Error = DataError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<T, DataError> {
        let file = format!("assets/{}", load_context.path().path().display());
        let text = read_text(reader, &file).await?;
        parse_ron(&file, &text)
    }

    fn extensions(&self) -> &[&str] {
        self.extensions
    }
}
