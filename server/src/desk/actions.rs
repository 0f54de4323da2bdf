//! What each desk action does to a submission: who may take it, what it changes,
//! who is told. [`plan`] turns an action into a [`Change`] for the store to write
//! in one transaction (with its audit entry), or says why not.

use glas_shared::{Locale, Profile, Reason, Status};
use serde_json::json;
use time::OffsetDateTime;

use super::Viewer;
use super::letter;
use crate::clock;
use crate::store::desk::{Answer, Assignable, Change, DeskItem, NewAnswer, Set};
use crate::store::mail::OutgoingMail;

/// Who acts.
#[derive(Debug, Clone)]
pub struct Actor<'a> {
    pub viewer: &'a Viewer,
    pub name: &'a str,
    pub position: &'a str,
    /// Supervisors and admins assign, reassign and mark inspections.
    pub supervisor: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// "I'll take it": assigned to the actor, and in review.
    Take,
    /// To another unit, another person, or both.
    Assign {
        unit: Option<String>,
        staff: Option<i64>,
    },
    Status {
        status: Status,
        reason: Option<Reason>,
        forwarded_to: Option<String>,
    },
    Note {
        text: String,
    },
    /// An inspection is needed: the deadline becomes the profile's longer term.
    Inspection {
        reason: String,
    },
    Answer {
        body: String,
        corrects: Option<i64>,
    },
    /// A person sent it after all: out of the set-aside (`screening`), into the
    /// inbox and the statistics. Supervisors only.
    Release,
}

/// Why an action was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The submission does not exist for this actor (a corruption report without
    /// the permission, another unit's item for a clerk).
    NotFound,
    /// They may see it but not do this.
    Forbidden,
    /// The form's `field` is wrong; `key` is the desk catalogue's message.
    Invalid {
        field: &'static str,
        key: &'static str,
    },
}

/// The longest note, reason or answer the desk takes.
pub const MAX_NOTE: usize = 5_000;
pub const MAX_ANSWER: usize = 20_000;
const MAX_NAME: usize = 200;

fn invalid(field: &'static str, key: &'static str) -> Refusal {
    Refusal::Invalid { field, key }
}

fn text_within(s: &str, max: usize, field: &'static str) -> Result<String, Refusal> {
    let s = s.trim();
    if s.is_empty() {
        Err(invalid(field, "desk-error-required"))
    } else if s.chars().count() > max {
        Err(invalid(field, "desk-error-too-long"))
    } else {
        Ok(s.to_owned())
    }
}

/// Everything [`plan`] needs besides the action.
pub struct Context<'a> {
    pub profile: &'a Profile,
    /// Where staff reach the desk (links in e-mails), without a trailing slash.
    pub public_url: &'a str,
    pub now: OffsetDateTime,
    /// The person an `Assign` names, as found among those who may be assigned.
    pub assignee: Option<&'a Assignable>,
    /// The submission's answers so far.
    pub answers: &'a [Answer],
}

/// What `action` by `actor` does to `item`.
pub fn plan(
    cx: &Context<'_>,
    item: &DeskItem,
    actor: &Actor<'_>,
    action: Action,
) -> Result<Change, Refusal> {
    let me = actor.viewer.staff_id;
    if !actor
        .viewer
        .sees(item.kind, item.handling_unit.as_deref(), item.assignee_id)
    {
        return Err(Refusal::NotFound);
    }
    // What was kept aside is only looked at, until a supervisor releases it.
    if item.set_aside.is_some() != (action == Action::Release) {
        return Err(Refusal::Forbidden);
    }
    let open = matches!(item.status, Status::Registered | Status::InReview);
    let change = |action: &'static str, before, after, set| Change {
        submission_id: item.id,
        at: cx.now,
        staff_id: me,
        action,
        before,
        after,
        set,
        answer: None,
        mail: Vec::new(),
    };
    match action {
        Action::Release => {
            if !actor.supervisor {
                return Err(Refusal::Forbidden);
            }
            Ok(change(
                "release",
                json!({ "set_aside": item.set_aside.map(|why| why.as_str()) }),
                json!({ "set_aside": null }),
                vec![Set::Released],
            ))
        }
        Action::Take => {
            let mut set = vec![Set::Assignee(Some(me))];
            let mut after = json!({ "assignee_id": me });
            if item.status == Status::Registered {
                set.push(Set::Status(Status::InReview));
                after["status"] = json!(Status::InReview);
            }
            Ok(change(
                "take",
                json!({ "assignee_id": item.assignee_id, "status": item.status }),
                after,
                set,
            ))
        }
        Action::Assign { unit, staff } => {
            if !actor.supervisor {
                return Err(Refusal::Forbidden);
            }
            if let Some(unit) = &unit
                && cx.profile.unit(unit).is_none()
            {
                return Err(invalid("unit", "desk-error-unknown-unit"));
            }
            let person = match staff {
                None => None,
                Some(id) => match cx.assignee {
                    Some(a) if a.id == id => Some(a),
                    _ => return Err(invalid("staff", "desk-error-unknown-staff")),
                },
            };
            if unit.is_none() && person.is_none() {
                return Err(invalid("staff", "desk-error-assign-nothing"));
            }
            let mut set = Vec::new();
            let mut before = json!({});
            let mut after = json!({});
            if let Some(unit) = &unit {
                set.push(Set::HandlingUnit(Some(unit.clone())));
                before["unit"] = json!(item.handling_unit);
                after["unit"] = json!(unit);
            }
            if let Some(person) = person {
                set.push(Set::Assignee(Some(person.id)));
                before["assignee_id"] = json!(item.assignee_id);
                after["assignee_id"] = json!(person.id);
            }
            let mut change = change("assign", before, after, set);
            if let Some(person) = person.filter(|p| p.id != me && item.assignee_id != Some(p.id)) {
                change
                    .mail
                    .push(letter::assignment_mail(cx, item, person, actor.name));
            }
            Ok(change)
        }
        Action::Status {
            status,
            reason,
            forwarded_to,
        } => {
            let mut set = vec![Set::Status(status)];
            let mut after = json!({ "status": status });
            match status {
                Status::Registered => return Err(invalid("status", "desk-error-status")),
                Status::Answered if cx.answers.is_empty() => {
                    return Err(invalid("status", "desk-error-answer-first"));
                }
                Status::NotExamined => {
                    let Some(reason) = reason else {
                        return Err(invalid("reason", "desk-error-reason-required"));
                    };
                    set.push(Set::Reason(Some(reason)));
                    after["reason"] = json!(reason);
                }
                Status::Forwarded => {
                    let to = text_within(
                        forwarded_to.as_deref().unwrap_or(""),
                        MAX_NAME,
                        "forwarded_to",
                    )?;
                    after["forwarded_to"] = json!(to);
                    set.push(Set::ForwardedTo(Some(to)));
                    set.push(Set::Reason(None));
                }
                Status::InReview | Status::Answered => set.push(Set::Reason(None)),
            }
            Ok(change(
                "status",
                json!({ "status": item.status, "reason": item.reason, "forwarded_to": item.forwarded_to }),
                after,
                set,
            ))
        }
        Action::Note { text } => {
            let text = text_within(&text, MAX_NOTE, "text")?;
            Ok(change(
                "note",
                serde_json::Value::Null,
                json!({ "text": text }),
                Vec::new(),
            ))
        }
        Action::Inspection { reason } => {
            if !actor.supervisor {
                return Err(Refusal::Forbidden);
            }
            if !open {
                return Err(invalid("reason", "desk-error-closed"));
            }
            let reason = text_within(&reason, MAX_NOTE, "reason")?;
            let received = clock::sofia_date(item.received_at);
            let due_on = cx.profile.due_on_with_inspection(item.kind, received);
            Ok(change(
                "inspection",
                json!({ "due_on": item.due_on.map(|d| d.to_string()) }),
                json!({ "reason": reason, "due_on": due_on.map(|d| d.to_string()) }),
                vec![Set::InspectionReason(reason), Set::DueOn(due_on)],
            ))
        }
        Action::Answer { body, corrects } => {
            let body = text_within(&body, MAX_ANSWER, "body")?;
            if let Some(id) = corrects
                && !cx.answers.iter().any(|a| a.id == id)
            {
                return Err(invalid("corrects", "desk-error-unknown-answer"));
            }
            let answer = NewAnswer {
                body,
                signer_name: actor.name.to_owned(),
                signer_position: actor.position.to_owned(),
                corrects,
            };
            let mut change = change(
                "answer",
                json!({ "status": item.status }),
                json!({ "status": Status::Answered, "corrects": corrects }),
                vec![
                    Set::Status(Status::Answered),
                    Set::Reason(None),
                    Set::AnsweredAt(cx.now),
                ],
            );
            if let Some(email) = item.author.as_ref().and_then(|a| a.email.as_deref()) {
                let locale = Locale::parse(&item.locale).unwrap_or_default();
                change.mail.push(OutgoingMail {
                    purpose: "answer",
                    submission_id: Some(item.id),
                    to: email.to_owned(),
                    subject: letter::answer_subject(item, locale),
                    body: letter::render(
                        cx.profile,
                        &letter::Letter::new(item, &answer, cx.now),
                        locale,
                    ),
                });
            }
            change.answer = Some(answer);
            Ok(change)
        }
    }
}
