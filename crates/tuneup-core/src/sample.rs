//! A generator of realistic sample data: the demo athlete.
