//! The planner's rules, one per file, each with its own tests.

pub(crate) mod acwr_spike;
pub(crate) mod no_hard_after_massage;
pub(crate) mod planned_spike;
pub(crate) mod post_big_run;
pub(crate) mod race_taper;
pub(crate) mod rehab_rest_day;
pub(crate) mod see_a_pro;
pub(crate) mod service_interval;
pub(crate) mod trouble_area;
