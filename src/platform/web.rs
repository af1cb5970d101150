//! The browser build's hooks: tells the page which screen is up and where the platform's
//! buttons are (`window.gamedayScreen`, `window.gamedayButtons`), so the loading screen can
//! go away and scripts/test-web.sh can wait for the title screen and click. When the page asks
//! (`?probe`: `window.gamedayProbe`), the desktop probe's text (screen, minute, score, every
//! map node and button) goes to `window.gamedayProbeText` with a `tutorial <step>` line; when it
//! hands over a replay (`?verify=<file>`: `window.gamedayVerifyReplay`), the game re-runs it at
//! start-up and publishes `window.gamedayReplayResult` (src/platform/web_replay.rs).

use bevy::prelude::*;

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebSystems {
    Publish,
}

#[cfg(target_arch = "wasm32")]
pub fn plugin(app: &mut App) {
    use super::settings_ui::ButtonRects;
    use crate::screens::Screen;
    use web_sys::wasm_bindgen::JsValue;
    let page_global = |name: &str| {
        web_sys::js_sys::Reflect::get(&web_sys::js_sys::global(), &JsValue::from_str(name))
            .unwrap_or(JsValue::UNDEFINED)
    };
    if page_global("gamedayProbe").is_truthy() {
        app.insert_resource(crate::ui_state::Probe)
            .add_systems(Last, publish_probe.in_set(WebSystems::Publish));
    }
    if let Some(text) = page_global("gamedayVerifyReplay").as_string() {
        app.add_systems(Startup, move || verify_replay(&text));
    }
    app.add_systems(
        Last,
        (
            publish_screen
                .run_if(state_changed::<Screen>.or_else(resource_changed::<crate::i18n::Language>)),
            publish_buttons.run_if(resource_changed::<ButtonRects>),
        )
            .in_set(WebSystems::Publish),
    );

    fn set_global(name: &str, value: &web_sys::wasm_bindgen::JsValue) {
        let set = web_sys::js_sys::Reflect::set(
            &web_sys::js_sys::global(),
            &web_sys::wasm_bindgen::JsValue::from_str(name),
            value,
        );
        if set.is_err() {
            warn!("the page's global {name} could not be set");
        }
    }

    fn publish_screen(screen: Res<State<Screen>>, lang: Res<crate::i18n::Language>) {
        let name = format!("{:?}", screen.get());
        set_global("gamedayScreen", &name.as_str().into());
        set_global("gamedayLanguage", &format!("{:?}", *lang).as_str().into());
    }

    /// The probe's text, four times a second, with the tutorial's current step.
    fn publish_probe(
        time: Res<Time<Real>>,
        mut last: Local<f64>,
        screen: Res<State<Screen>>,
        clock: Option<Res<crate::sim::clock::SimClock>>,
        score: Option<Res<crate::sim::score::Score>>,
        tutorial: Option<Res<crate::sim::tutorial::TutorialProgress>>,
        rects: Res<ButtonRects>,
    ) {
        let now = time.elapsed_secs_f64();
        if now - *last < 0.25 {
            return;
        }
        *last = now;
        let mut text = super::probe::probe_text(
            *screen.get(),
            clock.map(|c| c.now / 60.0),
            score.map(|s| s.points),
            &rects,
        );
        if let Some(t) = tutorial {
            text.push_str(&format!("tutorial {}\n", t.current));
        }
        set_global("gamedayProbeText", &text.as_str().into());
    }

    fn verify_replay(text: &str) {
        let out = super::web_replay::verify_replay_text(text);
        match out["error"].as_str() {
            Some(e) => error!("the replay given to the page cannot be verified: {e}"),
            None => info!(
                "replay verified in the browser: score {} (recorded {}): {}",
                out["score"],
                out["recorded_score"],
                if out["matches"] == true {
                    "match"
                } else {
                    "MISMATCH"
                }
            ),
        }
        set_global("gamedayReplayResult", &out.to_string().as_str().into());
    }

    fn publish_buttons(rects: Res<ButtonRects>) {
        let obj = web_sys::js_sys::Object::new();
        for (name, r) in &rects.0 {
            let arr = web_sys::js_sys::Array::new();
            for v in [r.min.x, r.min.y, r.width(), r.height()] {
                arr.push(&(v as f64).into());
            }
            if web_sys::js_sys::Reflect::set(&obj, &name.as_str().into(), &arr).is_err() {
                warn!("button {name} could not be published to the page");
            }
        }
        set_global("gamedayButtons", &obj);
    }
}

/// Nothing to do outside the browser.
#[cfg(not(target_arch = "wasm32"))]
pub fn plugin(_app: &mut App) {}
