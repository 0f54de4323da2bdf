//! A submission that passed every rule: what the server stores.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::choice::{Channel, Kind, Locale, Reason, Status};
use crate::fields::{Email, FeedbackText, PersonName, Phone, PostalAddress, UnitId};
use crate::invalid::{Field, Invalid, Problem};
use crate::profile::{Kinds, Profile};
use crate::wire::{AuthorDto, NewSubmission};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub id: Uuid,
    pub kind: Kind,
    pub text: FeedbackText,
    pub channel: Channel,
    pub unit: Option<UnitId>,
    pub author: Option<Author>,
    pub health_or_safety: bool,
    pub created_at: OffsetDateTime,
    pub locale: Locale,
}

/// Who wrote, when they chose to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: PersonName,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub address: Option<PostalAddress>,
}

impl NewSubmission {
    /// The language to answer in: the submission's own, or Bulgarian when it has none we speak.
    pub fn message_locale(&self) -> Locale {
        Locale::parse(&self.locale).unwrap_or_default()
    }
}

/// Collects every field's problem, so the citizen sees them all at once.
struct Checker(Vec<Invalid>);

impl Checker {
    fn check<T>(&mut self, field: Field, result: Result<T, Problem>) -> Option<T> {
        result
            .map_err(|problem| self.0.push(Invalid::new(field, problem)))
            .ok()
    }

    fn refuse(&mut self, field: Field, problem: Problem) {
        self.0.push(Invalid::new(field, problem));
    }

    /// An optional text field: absent and blank are the same.
    fn optional<T>(
        &mut self,
        field: Field,
        value: Option<&str>,
        parse: fn(&str) -> Result<T, Problem>,
    ) -> Option<Option<T>> {
        match value.filter(|v| crate::fields::shows_anything(v)) {
            None => Some(None),
            Some(v) => self.check(field, parse(v)).map(Some),
        }
    }
}

fn parse_id(s: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(s).map_err(|_| Problem::InvalidId)
}

fn parse_datetime(s: &str) -> Result<OffsetDateTime, Problem> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|_| Problem::InvalidDateTime)
}

fn parse_author(c: &mut Checker, dto: &AuthorDto) -> Option<Author> {
    let name = c.check(Field::AuthorName, PersonName::parse(&dto.name));
    let email = c.optional(Field::AuthorEmail, dto.email.as_deref(), Email::parse);
    let phone = c.optional(Field::AuthorPhone, dto.phone.as_deref(), Phone::parse);
    let address = c.optional(
        Field::AuthorAddress,
        dto.address.as_deref(),
        PostalAddress::parse,
    );
    Some(Author {
        name: name?,
        email: email?,
        phone: phone?,
        address: address?,
    })
}

impl TryFrom<&NewSubmission> for Submission {
    type Error = Vec<Invalid>;

    /// The rules that need no municipality profile.
    fn try_from(dto: &NewSubmission) -> Result<Self, Self::Error> {
        Submission::parse(dto, None)
    }
}

/// What the citizen writes: the kind they chose, their text, and who they are
/// if they say. The form checks it as they type with the rules the server
/// applies to a whole submission ([`Submission::parse`] runs the same code),
/// before there is an id, a time, a channel or a language to check.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    pub author: Option<&'a AuthorDto>,
}

impl Written<'_> {
    /// Every problem, in the order the form shows its fields; with the
    /// municipality's `kinds` (its profile's), also that it accepts the kind.
    pub fn check(&self, kinds: Option<&Kinds>) -> Vec<Invalid> {
        let mut c = Checker(Vec::new());
        self.parse(&mut c, kinds);
        c.0
    }

    fn parse(
        &self,
        c: &mut Checker,
        kinds: Option<&Kinds>,
    ) -> (Option<Kind>, Option<FeedbackText>, Option<Option<Author>>) {
        let kind = c.check(Field::Kind, Kind::parse(self.kind));
        if let (Some(kind), Some(kinds)) = (kind, kinds)
            && kinds.rule(kind).is_none()
        {
            c.refuse(Field::Kind, Problem::KindNotAccepted);
        }
        let text = c.check(Field::Text, FeedbackText::parse(self.text));
        let author = match self.author {
            None => Some(None),
            Some(author) => parse_author(c, author).map(Some),
        };
        // A written answer needs somewhere to go (the Charter, rule 2).
        if let (Some(kind), Some(Some(author))) = (kind, &author)
            && kind.expects_answer()
            && author.email.is_none()
            && author.address.is_none()
        {
            c.refuse(Field::AuthorEmail, Problem::ContactRequired);
        }
        (kind, text, author)
    }
}

impl Submission {
    /// Every rule of the Charter for one submission; with a `profile`, also that
    /// its kind is accepted and its unit exists there.
    pub fn parse(
        dto: &NewSubmission,
        profile: Option<&Profile>,
    ) -> Result<Submission, Vec<Invalid>> {
        let mut c = Checker(Vec::new());
        let id = c.check(Field::Id, parse_id(&dto.id));
        let written = Written {
            kind: &dto.kind,
            text: &dto.text,
            author: dto.author.as_ref(),
        };
        let (kind, text, author) = written.parse(&mut c, profile.map(|p| &p.kinds));
        let channel = c.check(Field::Channel, Channel::parse(&dto.channel));
        let unit = c.optional(Field::Unit, dto.unit.as_deref(), UnitId::parse);
        if let (Some(Some(unit)), Some(profile)) = (&unit, profile)
            && profile.unit(unit.as_ref()).is_none()
        {
            c.refuse(Field::Unit, Problem::InvalidUnit);
        }
        let created_at = c.check(Field::CreatedAt, parse_datetime(&dto.created_at));
        let locale = c.check(Field::Locale, Locale::parse(&dto.locale));

        match (id, kind, text, channel, unit, author, created_at, locale) {
            (
                Some(id),
                Some(kind),
                Some(text),
                Some(channel),
                Some(unit),
                Some(author),
                Some(created_at),
                Some(locale),
            ) if c.0.is_empty() => Ok(Submission {
                id,
                kind,
                text,
                channel,
                unit,
                author,
                health_or_safety: dto.health_or_safety,
                created_at,
                locale,
            }),
            _ => Err(c.0),
        }
    }

    /// Whether this submission goes unexamined for being anonymous: an anonymous
    /// complaint, signal or corruption report that does not concern a threat to
    /// health or safety (the Charter; АПК чл. 111, ал. 4). It is still registered
    /// and counted.
    pub fn unexamined_as_anonymous(&self) -> bool {
        self.author.is_none()
            && self.kind.anonymous_needs_health_or_safety()
            && !self.health_or_safety
    }

    /// The status a submission is registered with, and why when it is not examined.
    pub fn initial_status(&self) -> (Status, Option<Reason>) {
        if self.unexamined_as_anonymous() {
            (Status::NotExamined, Some(Reason::Anonymous))
        } else {
            (Status::Registered, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn valid() -> NewSubmission {
        NewSubmission {
            id: "0b9e7a52-4e2c-4d7e-9a51-6a7d2f0c9b11".into(),
            kind: "complaint".into(),
            text: "Улицата пред блок 12 не е почистена от седмица.".into(),
            channel: "web".into(),
            unit: Some("centre".into()),
            author: Some(AuthorDto {
                name: "Иван Петров".into(),
                email: Some("ivan@example.com".into()),
                phone: Some("0888 123 456".into()),
                address: None,
            }),
            health_or_safety: false,
            created_at: "2026-11-24T09:15:00+02:00".into(),
            locale: "bg".into(),
        }
    }

    fn fields(errors: &[Invalid]) -> Vec<(&'static str, &'static str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.problem.code()))
            .collect()
    }

    #[test]
    fn a_valid_submission_parses_and_normalises() {
        let s = Submission::try_from(&valid()).unwrap();
        assert_eq!(s.kind, Kind::Complaint);
        let author = s.author.unwrap();
        assert_eq!(author.phone.unwrap().as_ref(), "+359888123456");
        assert_eq!(author.address, None);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let dto = NewSubmission {
            id: "not-a-uuid".into(),
            kind: "rant".into(),
            text: "   ".into(),
            channel: "pigeon".into(),
            unit: Some("Bad Unit".into()),
            author: Some(AuthorDto {
                name: "".into(),
                email: Some("nope".into()),
                phone: Some("12".into()),
                address: None,
            }),
            health_or_safety: false,
            created_at: "yesterday".into(),
            locale: "de".into(),
        };
        let errors = Submission::try_from(&dto).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                ("id", "invalid_id"),
                // What the citizen wrote, in the form's order, then the envelope.
                ("kind", "unknown_kind"),
                ("text", "required"),
                ("author.name", "required"),
                ("author.email", "invalid_email"),
                ("author.phone", "invalid_phone"),
                ("channel", "unknown_channel"),
                ("unit", "invalid_unit"),
                ("created_at", "invalid_datetime"),
                ("locale", "unknown_locale"),
            ]
        );
    }

    #[test]
    fn blank_optional_contact_fields_count_as_absent() {
        let mut dto = valid();
        dto.kind = "praise".into(); // owed no answer, so a name alone will do
        dto.author = Some(AuthorDto {
            name: "Иван".into(),
            email: Some("  ".into()),
            phone: Some("".into()),
            address: None,
        });
        dto.unit = Some("".into());
        let s = Submission::try_from(&dto).unwrap();
        assert_eq!(s.unit, None);
        assert_eq!(s.author.unwrap().email, None);
    }

    #[test]
    fn anonymous_submissions_parse() {
        let mut dto = valid();
        dto.author = None;
        dto.kind = "praise".into();
        assert!(Submission::try_from(&dto).unwrap().author.is_none());
    }

    #[test]
    fn errors_are_worded_in_the_submissions_language() {
        let mut dto = valid();
        dto.text = String::new();
        dto.locale = "en".into();
        let wire = Submission::try_from(&dto).unwrap_err()[0].to_wire(dto.message_locale());
        assert_eq!(
            (wire.field.as_str(), wire.code.as_str()),
            ("text", "required")
        );
        assert_eq!(wire.message, Problem::Required.message(Locale::En));

        dto.locale = "xx".into();
        assert_eq!(dto.message_locale(), Locale::Bg);
    }

    fn profile() -> Profile {
        serde_json::from_value(serde_json::json!({
            "id": "test", "privacy_url": "https://x.example/privacy", "personal_data_retention_days": 30,
            "name": {"bg": "Община", "en": "Municipality", "tr": "Belediye"},
            "reception_hours": {"bg": "-", "en": "-", "tr": "-"},
            "contacts": {"address": {"bg": "-", "en": "-", "tr": "-"}, "phone": "1", "feedback_phone": "2",
                         "corruption_phone": "3", "email": "a@b.example", "website": "https://b.example"},
            "kinds": {"complaint": {"answer_within": "7d"}, "praise": {}},
            "units": [{"id": "centre", "name": {"bg": "Ц", "en": "C", "tr": "M"}, "address": {"bg": "-", "en": "-", "tr": "-"}}]
        }))
        .unwrap()
    }

    #[test]
    fn a_named_submission_owed_an_answer_needs_an_email_or_an_address() {
        let mut dto = valid();
        dto.author = Some(AuthorDto {
            name: "Иван".into(),
            phone: Some("0888123456".into()),
            ..Default::default()
        });
        let errors = Submission::try_from(&dto).unwrap_err();
        assert_eq!(fields(&errors), vec![("author.email", "contact_required")]);

        dto.author.as_mut().unwrap().address = Some("ул. „Раковски“ 5, Хасково".into());
        assert!(
            Submission::try_from(&dto).is_ok(),
            "a postal address is enough"
        );

        dto.kind = "praise".into();
        dto.author.as_mut().unwrap().address = None;
        assert!(
            Submission::try_from(&dto).is_ok(),
            "praise is owed no answer: a name alone will do"
        );
    }

    #[test]
    fn anonymous_complaints_signals_and_corruption_reports_go_unexamined() {
        for (kind, health_or_safety, expected) in [
            (
                "complaint",
                false,
                (Status::NotExamined, Some(Reason::Anonymous)),
            ),
            (
                "signal",
                false,
                (Status::NotExamined, Some(Reason::Anonymous)),
            ),
            (
                "corruption",
                false,
                (Status::NotExamined, Some(Reason::Anonymous)),
            ),
            ("complaint", true, (Status::Registered, None)),
            ("signal", true, (Status::Registered, None)),
            ("corruption", true, (Status::Registered, None)),
            ("proposal", false, (Status::Registered, None)),
            ("praise", false, (Status::Registered, None)),
            ("comment", false, (Status::Registered, None)),
        ] {
            let dto = NewSubmission {
                kind: kind.into(),
                author: None,
                health_or_safety,
                ..valid()
            };
            let s = Submission::try_from(&dto).unwrap();
            assert_eq!(
                s.initial_status(),
                expected,
                "{kind}, health_or_safety={health_or_safety}"
            );
        }
        let named = Submission::try_from(&valid()).unwrap();
        assert_eq!(named.initial_status(), (Status::Registered, None));
    }

    #[test]
    fn the_profile_decides_which_kinds_and_units_exist() {
        let profile = profile();
        let ok = Submission::parse(&valid(), Some(&profile));
        assert!(ok.is_ok(), "{ok:?}");

        let dto = NewSubmission {
            kind: "signal".into(),
            unit: Some("elsewhere".into()),
            ..valid()
        };
        let errors = Submission::parse(&dto, Some(&profile)).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![("kind", "kind_not_accepted"), ("unit", "invalid_unit")]
        );
        assert!(
            Submission::try_from(&dto).is_ok(),
            "without a profile only the syntax is checked"
        );
    }

    /// Whether `field` is one the citizen writes (what `Written` checks).
    fn written_field(field: Field) -> bool {
        matches!(
            field,
            Field::Kind
                | Field::Text
                | Field::AuthorName
                | Field::AuthorEmail
                | Field::AuthorPhone
                | Field::AuthorAddress
        )
    }

    /// Submissions as devices send them: mostly plausible values, some nearly
    /// so, some anything at all, long ones included.
    fn any_dto() -> impl Strategy<Value = NewSubmission> {
        fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = String> {
            prop_oneof![
                8 => proptest::sample::select(values).prop_map(str::to_owned),
                1 => any::<String>(),
            ]
        }
        let id = prop_oneof![
            8 => any::<u128>().prop_map(|n| Uuid::from_u128(n).to_string()),
            1 => "\\PC{0,40}",
        ];
        let text = prop_oneof![
            8 => "\\PC{0,200}",
            1 => "[\\PC\n\t\u{0}-\u{1F}\u{200B}\u{202E}]{0,40}",
            1 => "\\PC{4990,5010}",
        ];
        let author = proptest::option::of(
            (
                prop_oneof![8 => "\\PC{2,30}", 1 => any::<String>()],
                proptest::option::of(prop_oneof![
                    "[a-z]{1,10}@[a-z]{2,10}\\.[a-z]{2,4}",
                    "\\PC{0,30}",
                ]),
                proptest::option::of(prop_oneof!["0[89][789][0-9]{7}", "[+0-9 ()/.-]{0,16}"]),
                proptest::option::of("\\PC{0,40}"),
            )
                .prop_map(|(name, email, phone, address)| AuthorDto {
                    name,
                    email,
                    phone,
                    address,
                }),
        );
        let created_at = prop_oneof![
            8 => (0i64..4_000_000_000, -12i8..=14).prop_map(|(secs, h)| {
                OffsetDateTime::from_unix_timestamp(secs)
                    .unwrap()
                    .to_offset(time::UtcOffset::from_hms(h, 0, 0).unwrap())
                    .format(&Rfc3339)
                    .unwrap()
            }),
            1 => "\\PC{0,30}",
        ];
        (
            (
                id,
                one_of(&[
                    "complaint",
                    "signal",
                    "proposal",
                    "praise",
                    "comment",
                    "corruption",
                ]),
                text,
            ),
            (
                one_of(&["web", "kiosk", "phone", "in_person"]),
                proptest::option::of(one_of(&["centre", "elsewhere", ""])),
            ),
            (
                author,
                any::<bool>(),
                created_at,
                one_of(&["bg", "en", "tr"]),
            ),
        )
            .prop_map(
                |(
                    (id, kind, text),
                    (channel, unit),
                    (author, health_or_safety, created_at, locale),
                )| {
                    NewSubmission {
                        id,
                        kind,
                        text,
                        channel,
                        unit,
                        author,
                        health_or_safety,
                        created_at,
                        locale,
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn parsing_never_panics(id in "\\PC{0,40}", kind in "\\PC{0,12}", text in "\\PC{0,80}", at in "\\PC{0,30}", phone in "\\PC{0,20}") {
            let dto = NewSubmission {
                id, kind, text, created_at: at,
                author: Some(AuthorDto { name: "Иван".into(), phone: Some(phone), ..Default::default() }),
                ..valid()
            };
            let _ = Submission::try_from(&dto);
        }

        #[test]
        fn any_submission_is_parsed_or_refused_once_per_field(dto in any_dto(), with_profile in any::<bool>()) {
            let profile = profile();
            let profile = with_profile.then_some(&profile);
            match Submission::parse(&dto, profile) {
                Ok(s) => {
                    prop_assert_eq!(s.id, Uuid::parse_str(&dto.id).unwrap());
                    prop_assert_eq!(s.author.is_some(), dto.author.is_some());
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    for (i, e) in errors.iter().enumerate() {
                        prop_assert!(errors[..i].iter().all(|f| f.field != e.field), "{:?}", errors);
                    }
                }
            }
        }

        #[test]
        fn the_form_and_the_server_find_the_same_problems_in_what_the_citizen_wrote(
            dto in any_dto(),
            with_profile in any::<bool>(),
        ) {
            let profile = profile();
            let kinds = with_profile.then_some(&profile.kinds);
            let written = Written { kind: &dto.kind, text: &dto.text, author: dto.author.as_ref() };
            let server: Vec<Invalid> = Submission::parse(&dto, with_profile.then_some(&profile))
                .err()
                .unwrap_or_default()
                .into_iter()
                .filter(|e| written_field(e.field))
                .collect();
            prop_assert_eq!(written.check(kinds), server);
        }

        #[test]
        fn a_parsed_submission_written_back_parses_to_itself(dto in any_dto()) {
            if let Ok(s) = Submission::try_from(&dto) {
                let again = NewSubmission {
                    id: s.id.to_string(),
                    kind: s.kind.as_str().to_owned(),
                    text: s.text.as_ref().to_owned(),
                    channel: s.channel.as_str().to_owned(),
                    unit: s.unit.as_ref().map(|u| u.as_ref().to_owned()),
                    author: s.author.as_ref().map(|a| AuthorDto {
                        name: a.name.as_ref().to_owned(),
                        email: a.email.as_ref().map(|e| e.as_ref().to_owned()),
                        phone: a.phone.as_ref().map(|p| p.as_ref().to_owned()),
                        address: a.address.as_ref().map(|p| p.as_ref().to_owned()),
                    }),
                    health_or_safety: s.health_or_safety,
                    created_at: s.created_at.format(&Rfc3339).unwrap(),
                    locale: s.locale.as_str().to_owned(),
                };
                prop_assert_eq!(Submission::try_from(&again), Ok(s));
            }
        }

        #[test]
        fn any_rfc3339_time_is_accepted(secs in 0i64..4_000_000_000, offset_h in -12i8..=14) {
            let at = OffsetDateTime::from_unix_timestamp(secs).unwrap()
                .to_offset(time::UtcOffset::from_hms(offset_h, 0, 0).unwrap());
            let dto = NewSubmission { created_at: at.format(&Rfc3339).unwrap(), ..valid() };
            prop_assert_eq!(Submission::try_from(&dto).unwrap().created_at, at);
        }
    }
}
