//! Storing the generated sample athlete (the demo), as one action.

use crate::Result;
use std::collections::HashMap;
use tuneup_core::sample::SampleAthlete;
use tuneup_core::{AthleteId, Id};
use tuneup_store::{NewActivity, Store};

/// Stores the whole sample athlete for `athlete` as one transaction: all of it or nothing.
pub fn store_sample(
    store: &mut dyn Store,
    athlete: AthleteId,
    sample: &SampleAthlete,
) -> Result<()> {
    store.in_transaction(&mut |store| {
        store.set_profile(athlete, &sample.profile)?;
        // The sample names therapists by their index; sessions get the stored ids.
        let mut therapist_ids: HashMap<Id, Id> = HashMap::new();
        for (index, therapist) in sample.therapists.iter().enumerate() {
            therapist_ids.insert(Id(index as i64), store.add_therapist(athlete, therapist)?);
        }
        // Digests of the streams as they will be stored, worked out the way the import does.
        let digests: Vec<_> = sample
            .activities
            .iter()
            .map(tuneup_import::stored_digest)
            .collect();
        let batch: Vec<_> = sample
            .activities
            .iter()
            .zip(&digests)
            .map(|(activity, digest)| NewActivity {
                activity,
                original: None,
                digest: digest.as_ref(),
            })
            .collect();
        store.add_activities(athlete, &batch)?;
        for race in &sample.races {
            store.add_race(athlete, race)?;
        }
        for session in &sample.planned {
            store.add_planned(athlete, session)?;
        }
        for entry in &sample.soreness {
            store.add_soreness(athlete, entry)?;
        }
        for massage in &sample.massages {
            let mut massage = massage.clone();
            massage.therapist = massage
                .therapist
                .and_then(|i| therapist_ids.get(&i).copied());
            store.add_massage(athlete, &massage)?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use tuneup_core::sample::marathon_build;
    use tuneup_store::{ActivityQuery, Page};

    #[test]
    fn the_sample_is_stored_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::testing::store(&dir);
        let me = AthleteId::LOCAL;
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut sample = marathon_build(today);
        let count = sample.activities.len();
        // One soreness level out of range fails one step late in the action: nothing remains.
        sample.soreness[0].level = 11;
        assert!(store_sample(store.as_mut(), me, &sample).is_err());
        assert!(
            store
                .activities(me, &ActivityQuery::default())
                .unwrap()
                .is_empty()
        );
        assert!(store.races(me, Page::ALL).unwrap().is_empty());
        sample.soreness[0].level = 4;
        store_sample(store.as_mut(), me, &sample).unwrap();
        let stored = store.activities(me, &ActivityQuery::default()).unwrap();
        assert_eq!(stored.len(), count);
        assert_eq!(store.profile(me).unwrap(), sample.profile);
    }
}
