//! Sharing: the sandbox as a link (`#share=1.…`: the world's seed and journal, see
//! `engine::share`), the error view a damaged link gets, and the copy box that the share link and
//! the embed snippet both use.

use leptos::prelude::*;

use super::route::{use_router, Route};
use super::state::use_playground;
use crate::engine::share::{decode, encode, rebuild};
use crate::engine::World;
use crate::lesson::example_world;

/// A share link's text from the decoded address pairs (`share` from the fragment or query).
pub fn link_from(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .find(|(k, _)| k == "share")
        .map(|(_, v)| v.as_str())
}

/// Opens a share link: the world it describes, or why it cannot be opened.
pub fn open_link(text: &str) -> Result<World, String> {
    let shared = decode(text).map_err(|e| e.to_string())?;
    rebuild(&shared).map_err(|e| e.to_string())
}

/// Copies `text` to the clipboard; `status` then says `copied`, or how to copy by hand where
/// the browser does not allow it.
pub fn copy_text(text: String, status: RwSignal<String>, copied: &'static str) {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(w) = web_sys::window() else { return };
        let promise = w.navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            status.set(if ok {
                copied.to_string()
            } else {
                "Copying was not allowed here: select the text and copy it (Ctrl+C or ⌘C).".into()
            });
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (text, status, copied);
}

/// A read-only text with a copy button and a status line (share links, embed snippets).
#[component]
pub fn CopyBox(
    #[prop(into)] text: Signal<String>,
    label: &'static str,
    button: &'static str,
    copied: &'static str,
    testid: &'static str,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let copy = move |_| copy_text(text.get_untracked(), status, copied);
    view! {
        <textarea
            class="embed-code__snippet"
            readonly
            rows=rows
            aria-label=label
            data-testid=testid
            prop:value=move || text.get()
        ></textarea>
        <div class="embed-code__row">
            <button type="button" class="button" data-testid=format!("{testid}-copy") on:click=copy>
                {button}
            </button>
            <span role="status" class="form__ok">{move || status.get()}</span>
        </div>
    }
}

/// "Share this playground": a link that rebuilds the sandbox exactly as it is now.
#[component]
pub fn SharePanel() -> impl IntoView {
    let pg = use_playground();
    let open = RwSignal::new(false);
    // The playground as it is when the box opens (or "Update link" is pressed): a link that
    // changed with every tick would be impossible to read or select.
    let refresh = RwSignal::new(0u32);
    let link = Signal::derive(move || {
        refresh.track();
        if !open.get() {
            return String::new();
        }
        pg.world.with_untracked(|w| {
            if !w.journal_complete() {
                return "This session is too long to share. Reset, or load a scenario, to start a shorter one.".to_string();
            }
            let code = encode(w.seed(), w.journal());
            share_url(&code)
        })
    });
    view! {
        <details class="embed-code panel" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            let open_now = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .is_some_and(|d| d.open());
            open.set(open_now);
        }>
            <summary data-testid="share-open">"Share this playground"</summary>
            <p class="muted">
                "A link that rebuilds this playground exactly as it was when you opened this box: the same topics, records, offsets, groups and lag. To embed it in a course page, add "
                <code>"?embed=1"</code>
                " just before the #."
            </p>
            <button type="button" class="button button--link" data-testid="share-update" on:click=move |_| refresh.update(|n| *n += 1)>
                "Update the link to now"
            </button>
            <CopyBox
                text=link
                label="Share link"
                button="Copy link"
                copied="Copied. Anyone opening it sees this playground as it is now."
                testid="share-link"
            />
        </details>
    }
}

/// The full address of a share link for this page.
fn share_url(code: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(loc) = web_sys::window().map(|w| w.location()) {
            if let (Ok(origin), Ok(path), Ok(search)) = (loc.origin(), loc.pathname(), loc.search())
            {
                // Keep display parameters (embed, theme, views); drop any old share.
                return format!("{origin}{path}{search}#share={code}");
            }
        }
        format!("#share={code}")
    }
    #[cfg(not(target_arch = "wasm32"))]
    format!("#share={code}")
}

/// What a link that cannot be opened shows instead of the playground: what is wrong, and a way
/// to start fresh.
#[component]
pub fn ShareErrorView(error: RwSignal<Option<String>>) -> impl IntoView {
    let pg = use_playground();
    let router = use_router();
    let fresh = move |_| {
        error.set(None);
        pg.load(example_world());
        pg.playing.set(true);
        forget_link();
        router.replace(Route::Sandbox);
    };
    view! {
        <section class="notice notice--error share-error" role="alert" data-testid="share-error">
            <h1 class="page__title">"This share link could not be opened"</h1>
            <p>{move || error.get()}</p>
            <p>
                <button type="button" class="button button--primary" data-testid="share-fresh" on:click=fresh>
                    "Start a fresh playground"
                </button>
            </p>
        </section>
    }
}

/// Drops `#share=…` from the address (after a bad link, so a reload starts fresh).
fn forget_link() {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        if let (Ok(h), Ok(path), Ok(search)) =
            (w.history(), w.location().pathname(), w.location().search())
        {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
}
