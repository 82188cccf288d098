//! The recovery planner: massage and self-massage scheduled like service intervals.
