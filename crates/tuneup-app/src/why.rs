//! Where pain in one place can come from (trigger-point referral), and what to try with the
//! runner's own tools.

use crate::Result;
use tuneup_core::AthleteId;
use tuneup_core::routine::Why;
use tuneup_store::Store;

/// The answer for pain in `region` (a pain region id or alias), with the profile's tools.
pub fn why(store: &dyn Store, athlete: AthleteId, region: &str) -> Result<Why> {
    let tools = store.profile(athlete)?.tools;
    Ok(tuneup_core::routine::why(region, &tools)?)
}
