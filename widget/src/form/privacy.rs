//! Who keeps the contact details, why, for how long, and where to ask (the
//! GDPR's notice at the point of collection).

use glas_shared::i18n::{Arg, catalogue, key};
use leptos::either::Either;
use leptos::prelude::*;

use super::state::Form;
use crate::profile;
use crate::ui::{Ui, is_web_address, split_message};

/// Who keeps the contact details, why, for how long, and where to ask.
#[component]
pub fn PrivacyNotice() -> impl IntoView {
    let ui = expect_context::<Ui>();
    let form = expect_context::<Form>();
    move || {
        let locale = ui.locale.get();
        let c = catalogue();
        form.profile().with(|profile| match profile {
            None => Either::Left(view! {
                <div class="privacy">
                    <p>{c.text(locale, key::PRIVACY_NOTICE_GENERAL)}</p>
                </div>
            }),
            Some(profile) => {
                let period = profile::retention(profile.retention_days, locale);
                let notice = c.format(
                    locale,
                    key::PRIVACY_NOTICE,
                    &[
                        ("municipality", Arg::Str(profile.name.get(locale))),
                        ("period", Arg::Str(&period)),
                    ],
                );
                let email = profile.email.clone();
                let (before, after) = split_message(locale, key::PRIVACY_ASK, "email", &[]);
                let more = is_web_address(&profile.privacy_url).then(|| {
                    let href = profile.privacy_url.clone();
                    view! { <a href=href>{c.text(locale, key::PRIVACY_LINK)}</a> }
                });
                Either::Right(view! {
                    <div class="privacy">
                        <p>{notice}</p>
                        <p>
                            {before}
                            <a href=format!("mailto:{email}")>{email.clone()}</a>
                            {after}
                            " "
                            {more}
                        </p>
                    </div>
                })
            }
        })
    }
}
