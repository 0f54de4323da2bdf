//! What every part of the widget shares: the language, whether the panel is
//! open, where the citizen is in sending (`Stage`, changed only here), and how
//! focus moves. It imports none of the components, so any of them may use it.

use glas_shared::Locale;
use glas_shared::i18n::{Arg, catalogue};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::api::Why;
use crate::options::Options;
use crate::wire::Receipt;

/// The panel's heading: it names the dialog, and takes focus when what had it goes away.
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

/// State every part of the widget reads.
#[derive(Clone, Copy)]
pub struct Ui {
    pub locale: RwSignal<Locale>,
    pub open: RwSignal<bool>,
    /// Whether the panel, when open, covers the page (see `modal`).
    covers: ReadSignal<bool>,
    stage: RwSignal<Stage>,
    /// Whether the panel should take focus when it opens: yes when the citizen
    /// opened it, no when it opened itself to show news.
    summoned: StoredValue<bool>,
    pub launcher: NodeRef<html::Button>,
    pub panel: NodeRef<html::Div>,
    pub status: NodeRef<html::Div>,
}

impl Ui {
    pub fn new(options: &Options, covers: ReadSignal<bool>) -> Self {
        Ui {
            locale: RwSignal::new(options.locale),
            open: RwSignal::new(options.open),
            covers,
            stage: RwSignal::new(Stage::Editing),
            summoned: StoredValue::new(options.open),
            launcher: NodeRef::new(),
            panel: NodeRef::new(),
            status: NodeRef::new(),
        }
    }

    /// The catalogue's message `key` in the current language, as a reactive view.
    pub fn t(self, key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || catalogue().text(self.locale.get(), key)
    }

    /// Whether the panel is open and covers the page: a modal dialog (tracked).
    pub fn modal(self) -> bool {
        self.open.get() && self.covers.get()
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
    pub fn queue_emptied(self) {
        if matches!(self.stage.get_untracked(), Stage::Queued(_)) {
            self.stage.set(Stage::Editing);
        }
    }

    /// The citizen opens the panel: it takes focus.
    pub fn summon(self) {
        self.summoned.set_value(true);
        self.open.set(true);
    }

    /// Whether the panel, as it appears, should take focus (once).
    pub fn take_summons(self) -> bool {
        self.summoned
            .try_update_value(std::mem::take)
            .unwrap_or(false)
    }

    /// Closes the panel and gives focus back to the launcher (no longer inert
    /// behind a modal panel: see `modal`).
    pub fn close(self) {
        self.open.set(false);
        if let Some(launcher) = self.launcher.get_untracked() {
            let _ = launcher.remove_attribute("inert");
            let _ = launcher.focus();
        }
    }

    /// Moves focus to the panel's element `id` once the coming render is done.
    pub fn focus(self, id: &str) {
        let panel = self.panel;
        let selector = format!("#{id}");
        request_animation_frame(move || {
            let target = panel
                .get_untracked()
                .and_then(|panel| panel.query_selector(&selector).ok().flatten());
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
