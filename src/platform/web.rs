//! The browser build's hooks: tells the page which screen is up and where the platform's
//! buttons are (`window.gamedayScreen`, `window.gamedayButtons`), so the loading screen can
//! go away and scripts/test-web.sh can wait for the title screen and click.

use bevy::prelude::*;

#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WebSystems {
    Publish,
}

#[cfg(target_arch = "wasm32")]
pub fn plugin(app: &mut App) {
    use super::settings_ui::ButtonRects;
    use crate::screens::Screen;
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
