//! What every screen of the widget shares: the language, where the citizen is
//! in sending (`Stage`, changed only here), and how focus moves. It imports none
//! of the components, so any of them may use it; the shell around the screens
//! (the web page's launcher and panel) keeps its own state.

use glas_shared::Locale;
use glas_shared::i18n::{Arg, catalogue};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::api::Why;
use crate::wire::Receipt;

/// The screen's heading: it names the dialog, and takes focus when what had it goes away.
pub const TITLE: &str = "glas-title";

/// Where the citizen is in sending one piece of feedback.
#[derive(Clone, PartialEq)]
pub enum Stage {
    Editing,
    Sending,
    Sent(Receipt),
    /// Saved on the device, to be sent when it can be, and why it waits.
    Queued(Why),
}

/// State every screen of the widget reads, whichever shell shows it (the web
/// page's launcher and panel, in `app`).
#[derive(Clone, Copy)]
pub struct Ui {
    pub locale: RwSignal<Locale>,
    stage: RwSignal<Stage>,
    /// The element that holds the screen: focus moves within it.
    pub root: NodeRef<html::Div>,
    pub status: NodeRef<html::Div>,
}

impl Ui {
    pub fn new(locale: Locale) -> Self {
        Ui {
            locale: RwSignal::new(locale),
            stage: RwSignal::new(Stage::Editing),
            root: NodeRef::new(),
            status: NodeRef::new(),
        }
    }

    /// The catalogue's message `key` in the current language, as a reactive view.
    pub fn t(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || catalogue().text(self.locale.get(), key)
    }

    /// Where the citizen is (tracked).
    pub fn stage(self) -> Stage {
        self.stage.get()
    }

    /// Where the citizen is, read without tracking it.
    pub fn stage_untracked(self) -> Stage {
        self.stage.get_untracked()
    }

    /// Whether the form is on screen: being filled in, or being sent.
    pub fn editing(self) -> bool {
        matches!(self.stage.get(), Stage::Editing | Stage::Sending)
    }

    /// Back to the form (after an outcome, or a refusal to correct).
    pub fn edit(self) {
        self.stage.set(Stage::Editing);
    }

    /// The form is being sent; `false` when a send is already under way.
    pub fn start_sending(self) -> bool {
        if self.stage.get_untracked() == Stage::Sending {
            return false;
        }
        self.stage.set(Stage::Sending);
        true
    }

    /// Shows an outcome in the status region and moves focus there.
    pub fn show(self, stage: Stage) {
        self.stage.set(stage);
        let status = self.status;
        request_animation_frame(move || {
            if let Some(status) = status.get_untracked() {
                let _ = status.focus();
            }
        });
    }

    /// What was queued has all been delivered: the "saved for later" outcome
    /// has nothing left to say.
    #[cfg(feature = "web")]
    pub fn queue_emptied(self) {
        if matches!(self.stage.get_untracked(), Stage::Queued(_)) {
            self.stage.set(Stage::Editing);
        }
    }

    /// Moves focus to the screen's element `id` once the coming render is done.
    pub fn focus(self, id: &str) {
        let root = self.root;
        let selector = format!("#{id}");
        request_animation_frame(move || {
            let target = root
                .get_untracked()
                .and_then(|root| root.query_selector(&selector).ok().flatten());
            if let Some(target) = target {
                let _ = target.unchecked_into::<HtmlElement>().focus();
            }
        });
    }
}

/// The message `key` split around its placeable `slot`, so that an element (a
/// link, a number that must not break) can stand there.
pub fn split_message(
    locale: Locale,
    key: &str,
    slot: &str,
    args: &[(&str, Arg<'_>)],
) -> (String, String) {
    let mut args = args.to_vec();
    args.push((slot, Arg::Str("\u{0}")));
    let line = catalogue().format(locale, key, &args);
    match line.split_once('\u{0}') {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (line, String::new()),
    }
}

/// Only ever a web address in a link, whatever the server says.
pub fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}
