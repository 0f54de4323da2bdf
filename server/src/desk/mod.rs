//! The staff desk's domain: who may see which submission, what the inbox's
//! filters mean, and what each action does (status rules, deadlines, who is told).
//! Nothing here knows about HTTP: `routes/desk/` maps outcomes to pages.

pub mod actions;
pub mod inbox;
pub mod letter;
pub mod text;

use glas_shared::Kind;

/// Who is looking, as far as seeing submissions goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub staff_id: i64,
    /// Supervisors and admins see every unit; a clerk the units in `units` and
    /// whatever is assigned to them.
    pub all_units: bool,
    pub units: Vec<String>,
    /// May see corruption reports. Without it they do not exist: lists leave them
    /// out and a page or an action for one answers "not found".
    pub corruption: bool,
}

impl Viewer {
    /// Whether this viewer may see a submission of `kind` handled by `unit` and
    /// assigned to `assignee`.
    pub fn sees(&self, kind: Kind, unit: Option<&str>, assignee: Option<i64>) -> bool {
        if kind == Kind::Corruption && !self.corruption {
            return false;
        }
        self.all_units
            || assignee == Some(self.staff_id)
            || unit.is_some_and(|u| self.units.iter().any(|mine| mine == u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clerk(units: &[&str]) -> Viewer {
        Viewer {
            staff_id: 7,
            all_units: false,
            units: units.iter().map(|u| u.to_string()).collect(),
            corruption: false,
        }
    }

    #[test]
    fn a_clerk_sees_their_units_and_what_is_assigned_to_them() {
        let v = clerk(&["centre"]);
        assert!(v.sees(Kind::Complaint, Some("centre"), None));
        assert!(!v.sees(Kind::Complaint, Some("local-taxes"), None));
        assert!(!v.sees(Kind::Complaint, None, None));
        assert!(v.sees(Kind::Complaint, Some("local-taxes"), Some(7)));
    }

    #[test]
    fn corruption_reports_need_the_permission_whatever_the_unit_or_role() {
        let mut v = clerk(&["centre"]);
        v.all_units = true;
        assert!(!v.sees(Kind::Corruption, Some("centre"), Some(7)));
        v.corruption = true;
        assert!(v.sees(Kind::Corruption, Some("centre"), None));
    }
}
