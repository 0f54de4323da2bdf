//! Where the open panel covers the whole page (a small screen, and the widget
//! not placed inline in the page), it is a modal dialog: `aria-modal="true"`,
//! the page behind and the launcher inert, and Tab kept inside it. As a side
//! panel beside the page it stays non-modal, so the page can still be used.
//! The media query is the one `style/glas.css` uses to make the panel cover
//! the page.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Element, HtmlElement, KeyboardEvent, ShadowRoot};

const COVERS_PAGE: &str = "(max-width: 32em), (max-height: 32em)";
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// Whether the panel, when open, covers the page: follows the screen's size.
/// Never for a widget placed inline (`data-mount`), which sits in the page's flow.
pub fn covering(root: &ShadowRoot) -> ReadSignal<bool> {
    let inline = root.host().has_attribute("data-inline");
    let query = window().match_media(COVERS_PAGE).ok().flatten();
    let (covers, set_covers) = signal(!inline && query.as_ref().is_some_and(|q| q.matches()));
    if let (false, Some(query)) = (inline, query) {
        let watched = query.clone();
        let changed = Closure::<dyn Fn()>::new(move || set_covers.set(watched.matches()));
        let _ = query.add_event_listener_with_callback("change", changed.as_ref().unchecked_ref());
        // The widget lives as long as the page.
        changed.forget();
    }
    covers
}

/// While `modal` holds, everything of the page but the widget's own element is
/// `inert`, and so is the launcher behind the panel; undone when it stops
/// holding and when the panel goes. Elements the page had made inert stay so.
pub fn make_page_inert(modal: Signal<bool>, launcher: NodeRef<html::Button>) {
    let made: StoredValue<Vec<Element>, LocalStorage> = StoredValue::new_local(Vec::new());
    let release = move || {
        for element in made.try_update_value(std::mem::take).unwrap_or_default() {
            let _ = element.remove_attribute("inert");
        }
        if let Some(launcher) = launcher.get_untracked() {
            let _ = launcher.remove_attribute("inert");
        }
    };
    Effect::new(move |_| {
        release();
        if !modal.get() {
            return;
        }
        let Some(host) = launcher
            .get_untracked()
            .and_then(|l| l.get_root_node().dyn_into::<ShadowRoot>().ok())
            .map(|root| root.host())
        else {
            return;
        };
        let _ = launcher
            .get_untracked()
            .map(|l| l.set_attribute("inert", ""));
        let Some(body) = document().body() else {
            return;
        };
        let children = body.children();
        let mut inert = Vec::new();
        for i in 0..children.length() {
            if let Some(child) = children.item(i)
                && child != host
                && !child.has_attribute("inert")
                && !child.contains(Some(&host))
            {
                let _ = child.set_attribute("inert", "");
                inert.push(child);
            }
        }
        made.set_value(inert);
    });
    on_cleanup(release);
}

/// Keeps Tab inside `panel` while `modal` holds: from the last control to the
/// first, and with Shift from the first to the last.
pub fn keep_focus_inside(event: &KeyboardEvent, panel: &HtmlElement) {
    if event.key() != "Tab" {
        return;
    }
    let Ok(controls) = panel.query_selector_all(FOCUSABLE) else {
        return;
    };
    let (Some(first), Some(last)) = (
        controls.item(0),
        controls.item(controls.length().saturating_sub(1)),
    ) else {
        return;
    };
    let active = panel
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element());
    let at = |node: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(node)));
    let wrap_to = if event.shift_key() && (at(&first) || active.is_none()) {
        Some(last)
    } else if !event.shift_key() && at(&last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        event.prevent_default();
        let _ = target.focus();
    }
}
