//! Storing the generated sample athlete (the demo), as one action.

use crate::Result;
use std::collections::HashMap;
use tuneup_core::sample::SampleAthlete;
use tuneup_core::{AthleteId, Id};
use tuneup_store::{NewActivity, Store};

/// Stores the whole sample athlete for `athlete` as one transaction: all of it or nothing.
pub fn store_sample(store: &mut dyn Store, athlete: AthleteId, sample: &SampleAthlete) -> Result<()> {
    store.in_transaction(&mut |store| {
        store.set_profile(athlete, &sample.profile)?;
        // The sample names therapists by their index; sessions get the stored ids.
        let mut therapist_ids: HashMap<Id, Id> = HashMap::new();
        for (index, therapist) in sample.therapists.iter().enumerate() {
            therapist_ids.insert(Id(index as i64), store.add_therapist(athlete, therapist)?);
        }
        let batch: Vec<_> = sample
            .activities
            .iter()
            .map(NewActivity::without_file)
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
