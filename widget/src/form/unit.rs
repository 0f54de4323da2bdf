//! The service unit a page names (`data-unit`). The citizen cannot fix a wrong
//! one, so it never stops them: a unit that is not a valid id, that the profile
//! does not list, or that the server refuses is left out, with a console warning
//! for the page's editor. This is the one place that rule lives.

use glas_shared::fields::UnitId;
use leptos::logging::warn;
use leptos::prelude::*;

use crate::profile::Profile;

#[derive(Clone, Copy)]
pub struct PageUnit {
    /// The page's `data-unit`, while nothing has ruled it out.
    given: StoredValue<Option<String>>,
    profile: RwSignal<Option<Profile>>,
}

impl PageUnit {
    pub fn new(given: Option<String>, profile: RwSignal<Option<Profile>>) -> Self {
        let given = given.filter(|unit| {
            let valid = UnitId::parse(unit).is_ok();
            if !valid {
                warn!("glas: data-unit {unit:?} is not a service unit id; ignoring it");
            }
            valid
        });
        PageUnit {
            given: StoredValue::new(given),
            profile,
        }
    }

    /// Warns the page's editor, once the profile is known, when it does not list the unit.
    pub fn watch(self) {
        Effect::new(move |_| {
            if let Some(given) = self.given.get_value()
                && self.known().is_none()
            {
                warn!("glas: data-unit {given:?} is not in the municipality profile; ignoring it");
            }
        });
    }

    /// The unit the feedback goes with: the page's, unless the profile (once
    /// known) says there is no such unit. Without a profile, the server decides.
    pub fn known(self) -> Option<String> {
        let unit = self.given.get_value()?;
        let known = self
            .profile
            .with(|profile| profile.as_ref().is_none_or(|p| p.unit(&unit).is_some()));
        known.then_some(unit)
    }

    /// The server refused the unit and nothing else: from now on the feedback
    /// goes without it. Whether there was a unit to leave out.
    pub fn refused(self) -> bool {
        let Some(given) = self.given.get_value() else {
            return false;
        };
        warn!("glas: the server does not know data-unit {given:?}; sending without it");
        self.given.set_value(None);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_the_profile_does_not_know_is_left_out() {
        let profile = RwSignal::new(None);
        let unit = PageUnit::new(Some("local-taxes".to_owned()), profile);
        assert_eq!(
            unit.known().as_deref(),
            Some("local-taxes"),
            "without a profile, the server decides"
        );
        profile.set(Some(crate::profile::tests::haskovo()));
        assert_eq!(unit.known(), None);
        let centre = PageUnit::new(Some("centre".to_owned()), profile);
        assert_eq!(centre.known().as_deref(), Some("centre"));
    }

    #[test]
    fn a_unit_that_is_not_an_id_or_that_the_server_refuses_is_left_out() {
        let profile = RwSignal::new(None);
        assert_eq!(
            PageUnit::new(Some("Местни данъци!".into()), profile).known(),
            None
        );
        let unit = PageUnit::new(Some("centre".into()), profile);
        assert!(unit.refused());
        assert_eq!(unit.known(), None);
        assert!(!unit.refused(), "nothing left to leave out");
    }
}
