//! Self-massage routines: choosing areas, tools and steps for a day, and the guided player.
