//! The desk's words: from the server-only catalogue, with the citizen catalogue's
//! shared words (kinds, statuses, reasons) as a fallback.

use glas_shared::Locale;
use glas_shared::i18n::{Arg, catalogue};

/// The message `key` in `locale`.
pub fn t(locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    catalogue().format(locale, key, args)
}
