//! Telling people from robots. The web form (and the kiosk's) carries a trap, a
//! field people never see and robots that fill in every field fill in, and says
//! how long the form took to fill in. A submission that fell into the trap, or came
//! faster than a person writes one, is answered like any other (a robot learns
//! nothing from its answer) but kept aside: out of the inbox and the statistics,
//! listed on the desk (`/desk/set-aside`) for a supervisor to release if a person
//! sent it after all.

use std::time::Duration;

use serde::Deserialize;

/// What the form adds to a submission's JSON besides the submission: both absent
/// from other clients (the desk, other tools, an older widget's queue), which are
/// not judged.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormSignals {
    /// The trap: empty from a person.
    #[serde(default)]
    pub website: Option<String>,
    /// Milliseconds from the form's opening to the send, by the device's clock.
    #[serde(default)]
    pub filled_in_ms: Option<u64>,
}

/// Why a submission was kept aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetAside {
    /// The trap was filled in.
    Trap,
    /// Sent sooner after the form opened than a person could.
    TooFast,
}

impl SetAside {
    pub fn as_str(self) -> &'static str {
        match self {
            SetAside::Trap => "trap",
            SetAside::TooFast => "too_fast",
        }
    }

    pub fn parse(s: &str) -> Option<SetAside> {
        match s {
            "trap" => Some(SetAside::Trap),
            "too_fast" => Some(SetAside::TooFast),
            _ => None,
        }
    }
}

impl FormSignals {
    /// Reads the signals from a submission's JSON; anything unreadable counts as absent.
    pub fn read(body: &serde_json::Value) -> FormSignals {
        FormSignals::deserialize(body).unwrap_or_default()
    }

    /// Whether to keep the submission aside, given the least time a person takes.
    pub fn judge(&self, min_fill: Duration) -> Option<SetAside> {
        if self
            .website
            .as_deref()
            .is_some_and(|v| !v.trim().is_empty())
        {
            return Some(SetAside::Trap);
        }
        match self.filled_in_ms {
            Some(ms) if u128::from(ms) < min_fill.as_millis() => Some(SetAside::TooFast),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const MIN: Duration = Duration::from_secs(3);

    #[test]
    fn a_filled_trap_or_a_form_sent_too_soon_is_kept_aside() {
        let read = |body| FormSignals::read(&body).judge(MIN);
        assert_eq!(
            read(json!({ "website": "http://spam.example" })),
            Some(SetAside::Trap)
        );
        assert_eq!(
            read(json!({ "website": "", "filled_in_ms": 900 })),
            Some(SetAside::TooFast)
        );
        assert_eq!(read(json!({ "website": "", "filled_in_ms": 3000 })), None);
        // No signals (another client, an older widget's queue): not judged.
        assert_eq!(read(json!({ "text": "…" })), None);
        // Signals of the wrong type are as good as none.
        assert_eq!(read(json!({ "website": 5, "filled_in_ms": "soon" })), None);
    }

    #[test]
    fn reasons_round_trip() {
        for reason in [SetAside::Trap, SetAside::TooFast] {
            assert_eq!(SetAside::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(SetAside::parse("spam"), None);
    }
}
