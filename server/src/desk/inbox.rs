//! The inbox's filters, read from the query string of `/desk` (and the CSV export,
//! which takes the same), and the dates they need.

use glas_shared::{Channel, Kind, Profile, Status};
use serde::Deserialize;
use time::Date;

/// The inbox's query string as sent by its filter form: every value a string, an
/// empty one meaning "any", an unknown one ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct FilterForm {
    pub kind: String,
    pub unit: String,
    pub status: String,
    pub channel: String,
    pub assignee: String,
    pub due: String,
    pub flagged: String,
    /// The citizen's e-mail address, as typed.
    pub email: String,
    pub page: String,
}

/// Which statuses to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Registered or in review: what still needs work.
    #[default]
    Open,
    All,
    Is(Status),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssigneeFilter {
    Nobody,
    Staff(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFilter {
    /// Open, and its due date has passed.
    Overdue,
    /// Open, and due today or within the next two working days.
    Soon,
}

/// An e-mail address typed into the inbox's filter, trimmed and in lower case as
/// the keyed hashes are made (`personal::Keyring::email_indexes`). Its `Debug`
/// hides it, so that a filter written to the log by mistake names no citizen.
#[derive(Clone, PartialEq, Eq)]
pub struct CitizenEmail(String);

impl CitizenEmail {
    /// `None` for an empty field.
    pub fn parse(typed: &str) -> Option<CitizenEmail> {
        Some(typed.trim())
            .filter(|e| !e.is_empty())
            .map(|e| CitizenEmail(e.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for CitizenEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CitizenEmail(..)")
    }
}

/// A parsed filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub unit: Option<String>,
    pub status: StatusFilter,
    pub channel: Option<Channel>,
    pub assignee: Option<AssigneeFilter>,
    pub due: Option<DueFilter>,
    /// Obscene language or a threat to health or safety.
    pub flagged: bool,
    /// Submissions whose author gave this address (found by its keyed hash).
    pub email: Option<CitizenEmail>,
    /// From 0.
    pub page: u32,
}

/// How many rows a page of the inbox shows.
pub const PAGE_SIZE: u32 = 50;

impl Filter {
    pub fn parse(form: &FilterForm, me: i64) -> Filter {
        let some = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
        Filter {
            kind: Kind::parse(form.kind.trim()).ok(),
            unit: some(&form.unit),
            status: match form.status.trim() {
                "all" => StatusFilter::All,
                other => Status::parse(other).map_or(StatusFilter::Open, StatusFilter::Is),
            },
            channel: Channel::parse(form.channel.trim()).ok(),
            assignee: match form.assignee.trim() {
                "me" => Some(AssigneeFilter::Staff(me)),
                "nobody" => Some(AssigneeFilter::Nobody),
                other => other.parse().ok().map(AssigneeFilter::Staff),
            },
            due: match form.due.trim() {
                "overdue" => Some(DueFilter::Overdue),
                "soon" => Some(DueFilter::Soon),
                _ => None,
            },
            flagged: matches!(form.flagged.trim(), "1" | "on" | "true"),
            email: CitizenEmail::parse(&form.email),
            page: form.page.trim().parse().unwrap_or(0).min(100_000),
        }
    }

    /// The query string that gives this filter again, with another page.
    ///
    /// It may hold a citizen's e-mail address (`email`): the filter form is sent
    /// with GET, so that a filtered inbox can be paged, reloaded, bookmarked and
    /// downloaded as CSV with plain links, and no read needs a CSRF token. The
    /// query string goes no further than the desk: Glas logs a request's route,
    /// never its query (`router::route_of`); the desk's pages are `no-store` and
    /// name themselves only to the desk (`Referrer-Policy: same-origin`); and the
    /// nginx site in `deploy/` logs requests without their query string or
    /// `Referer`. A proxy set up otherwise must do the same.
    pub fn query(&self, form: &FilterForm, page: u32) -> String {
        let mut pairs: Vec<(&str, &str)> = [
            ("kind", form.kind.as_str()),
            ("unit", form.unit.as_str()),
            ("status", form.status.as_str()),
            ("channel", form.channel.as_str()),
            ("assignee", form.assignee.as_str()),
            ("due", form.due.as_str()),
            ("flagged", form.flagged.as_str()),
            ("email", form.email.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect();
        let page = page.to_string();
        if page != "0" {
            pairs.push(("page", &page));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// "Today" and the last day that counts as "due soon", on the municipality's
/// calendar: due within two working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub today: Date,
    pub soon_until: Date,
}

impl Dates {
    pub fn new(profile: &Profile, today: Date) -> Dates {
        Dates {
            today,
            soon_until: profile.calendar().add_working_days(today, 2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_form_lists_open_items() {
        assert_eq!(Filter::parse(&FilterForm::default(), 1), Filter::default());
    }

    #[test]
    fn unknown_values_are_ignored_and_known_ones_kept() {
        let form = FilterForm {
            kind: "complaint".into(),
            status: "answered".into(),
            channel: "carrier-pigeon".into(),
            assignee: "me".into(),
            due: "overdue".into(),
            flagged: "1".into(),
            email: "  Maria@Example.COM ".into(),
            page: "-3".into(),
            ..FilterForm::default()
        };
        let f = Filter::parse(&form, 9);
        assert_eq!(f.kind, Some(Kind::Complaint));
        assert_eq!(f.status, StatusFilter::Is(Status::Answered));
        assert_eq!(f.channel, None);
        assert_eq!(f.assignee, Some(AssigneeFilter::Staff(9)));
        assert_eq!(f.due, Some(DueFilter::Overdue));
        assert!(f.flagged);
        assert_eq!(
            f.email.as_ref().map(CitizenEmail::as_str),
            Some("maria@example.com")
        );
        assert_eq!(f.page, 0);
        assert_eq!(
            f.query(&form, 2),
            "kind=complaint&status=answered&channel=carrier-pigeon&assignee=me&due=overdue&flagged=1\
             &email=++Maria%40Example.COM+&page=2"
        );
    }

    #[test]
    fn a_blank_address_is_no_filter_and_a_filter_logged_by_mistake_names_nobody() {
        let blank = FilterForm {
            email: "   ".into(),
            ..FilterForm::default()
        };
        assert_eq!(Filter::parse(&blank, 1).email, None);
        let form = FilterForm {
            email: "maria@example.com".into(),
            ..FilterForm::default()
        };
        let logged = format!("{:?}", Filter::parse(&form, 1));
        assert!(logged.contains("CitizenEmail(..)"), "{logged}");
        assert!(!logged.contains("maria"), "{logged}");
    }
}
