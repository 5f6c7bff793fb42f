//! Browsers start an `AudioContext` suspended until the page gets a click,
//! a tap or a key. kira (through cpal) creates its context when the game
//! starts and asks it to play once; this keeps a note of every context the
//! page creates and resumes them on the first gesture (and on any later
//! one, should the browser suspend them again). It must run before the
//! audio output is added. Elsewhere it does nothing.

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
export function resume_audio_on_first_gesture() {
    if (typeof window === "undefined" || window.__biodentalAudioContexts) {
        return;
    }
    const contexts = [];
    window.__biodentalAudioContexts = contexts;
    for (const name of ["AudioContext", "webkitAudioContext"]) {
        const Original = window[name];
        if (typeof Original !== "function") {
            continue;
        }
        const Tracked = function (...args) {
            const context = new Original(...args);
            contexts.push(context);
            return context;
        };
        Tracked.prototype = Original.prototype;
        window[name] = Tracked;
    }
    const resume = () => {
        for (const context of contexts) {
            if (context.state === "suspended") {
                context.resume().catch(() => {});
            }
        }
    };
    for (const event of ["pointerdown", "pointerup", "keydown", "touchend"]) {
        document.addEventListener(event, resume, { capture: true });
    }
}
"#)]
    extern "C" {
        pub(crate) fn resume_audio_on_first_gesture();
    }
}

/// Installs the resuming (in the browser only).
pub(super) fn resume_audio_on_first_gesture() {
    #[cfg(target_arch = "wasm32")]
    imp::resume_audio_on_first_gesture();
}
