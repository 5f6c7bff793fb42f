//! The Bevy plugins the game runs on: `DefaultPlugins` in Bevy's own order,
//! without the plugins a 2D game with bloom never uses.
//!
//! Disabling a plugin of `DefaultPlugins` is not enough to leave it out of the
//! build: the group creates every plugin it lists, so a disabled plugin's code
//! still ships. Listing the plugins here keeps the post-processing stack
//! (depth of field, motion blur, the effect stack) out of the game, of which
//! only bloom and MSAA writeback are used.

use bevy::app::PluginGroupBuilder;
use bevy::prelude::*;

/// `DefaultPlugins` for BioDental's feature set, minus the unused
/// post-processing. Configure them with `set`, as `DefaultPlugins`.
pub struct EnginePlugins;

impl PluginGroup for EnginePlugins {
    fn build(self) -> PluginGroupBuilder {
        let group = PluginGroupBuilder::start::<Self>()
            .add(bevy::app::PanicHandlerPlugin)
            // Bevy's filter, without its last directive, a request for
            // calloop's debug messages: optimised builds compile messages below
            // `info` out, and tracing would warn about that request at every
            // start of a release.
            .add(bevy::log::LogPlugin {
                filter: bevy::log::DEFAULT_FILTER
                    .strip_suffix("calloop::sources=debug,")
                    .unwrap_or(bevy::log::DEFAULT_FILTER)
                    .into(),
                ..default()
            })
            .add(bevy::app::TaskPoolPlugin::default())
            .add(bevy::diagnostic::FrameCountPlugin)
            .add(bevy::time::TimePlugin)
            .add(bevy::transform::TransformPlugin)
            .add(bevy::diagnostic::DiagnosticsPlugin)
            .add(bevy::input::InputPlugin)
            .add(bevy::input_focus::InputFocusPlugin)
            .add(bevy::input_focus::InputDispatchPlugin)
            .add(bevy::window::WindowPlugin::default())
            .add(bevy::a11y::AccessibilityPlugin);
        #[cfg(not(target_arch = "wasm32"))]
        let group = group.add(bevy::app::TerminalCtrlCHandlerPlugin);
        let group = group
            .add(bevy::asset::AssetPlugin::default())
            .add(bevy::winit::WinitPlugin::default())
            .add(bevy::render::RenderPlugin::default())
            .add(bevy::image::ImagePlugin::default())
            .add(bevy::mesh::MeshPlugin)
            .add(bevy::camera::CameraPlugin);
        #[cfg(not(target_arch = "wasm32"))]
        let group = group.add(bevy::render::pipelined_rendering::PipelinedRenderingPlugin);
        group
            .add(bevy::core_pipeline::CorePipelinePlugin)
            // In place of `PostProcessPlugin`: the nanobots' glow, and MSAA
            // kept through the bloom pass.
            .add(bevy::post_process::msaa_writeback::MsaaWritebackPlugin)
            .add(bevy::post_process::bloom::BloomPlugin)
            .add(bevy::sprite::SpritePlugin)
            .add(bevy::sprite_render::SpriteRenderPlugin)
            .add(bevy::text::TextPlugin)
            .add(bevy::ui::UiPlugin)
            .add(bevy::ui_render::UiRenderPlugin)
            .add(bevy::gilrs::GilrsPlugin)
            .add(bevy::state::app::StatesPlugin)
    }
}
