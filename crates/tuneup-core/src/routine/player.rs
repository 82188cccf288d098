//! The guided player: a state machine that walks through a routine's steps with a countdown.
//! It never sleeps or reads the clock: every call takes `now`, the time since any fixed origin
//! (a terminal passes `Instant::elapsed`, tests pass made-up values).

use super::Routine;
use serde::Serialize;
use std::time::Duration;

crate::vocab::vocabulary!(
    /// Where the player is.
    PlayerStatus, "player status" {
        Running = "running": "running",
        Paused = "paused": "paused",
        /// Every step ran out or was skipped.
        Finished = "finished": "finished",
        /// The runner stopped early.
        Quit = "quit": "stopped early",
    }
);

/// What to show at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlayerView {
    pub status: PlayerStatus,
    /// Index of the current step, while running or paused.
    pub current: Option<usize>,
    /// Time left in the current step (zero once finished).
    pub remaining: Duration,
    /// Index of the step after the current one.
    pub next: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// `started` is when the current step would have begun had it never been paused.
    Running {
        started: Duration,
    },
    Paused {
        elapsed: Duration,
    },
    Ended(PlayerStatus),
}

/// Steps through a list of durations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    durations: Vec<Duration>,
    index: usize,
    state: State,
}

impl Player {
    /// Starts the first step at `now`.
    pub fn new(durations: Vec<Duration>, now: Duration) -> Player {
        let state = if durations.is_empty() {
            State::Ended(PlayerStatus::Finished)
        } else {
            State::Running { started: now }
        };
        Player {
            durations,
            index: 0,
            state,
        }
    }

    /// A player for a routine's steps.
    pub fn for_routine(routine: &Routine, now: Duration) -> Player {
        let durations = routine
            .steps
            .iter()
            .map(|s| Duration::from_secs(u64::from(s.seconds)))
            .collect();
        Player::new(durations, now)
    }

    /// Moves past every step whose time has run out by `now` (time left over carries into the
    /// next step, so a late tick loses nothing) and tells what to show.
    pub fn tick(&mut self, now: Duration) -> PlayerView {
        while let State::Running { started } = self.state {
            let duration = self.durations[self.index];
            if now.saturating_sub(started) < duration {
                break;
            }
            self.advance(started + duration);
        }
        self.view(now)
    }

    /// Pauses the countdown; a no-op unless running.
    pub fn pause(&mut self, now: Duration) {
        self.tick(now);
        if let State::Running { started } = self.state {
            self.state = State::Paused {
                elapsed: now.saturating_sub(started),
            };
        }
    }

    /// Resumes a paused countdown where it stopped.
    pub fn resume(&mut self, now: Duration) {
        if let State::Paused { elapsed } = self.state {
            self.state = State::Running {
                started: now.saturating_sub(elapsed),
            };
        }
    }

    /// Pauses when running, resumes when paused.
    pub fn toggle_pause(&mut self, now: Duration) {
        match self.state {
            State::Running { .. } => self.pause(now),
            State::Paused { .. } => self.resume(now),
            State::Ended(_) => {}
        }
    }

    /// Ends the current step now and starts the next one (paused if the player was paused).
    pub fn skip(&mut self, now: Duration) {
        self.tick(now);
        match self.state {
            State::Running { .. } => self.advance(now),
            State::Paused { .. } => {
                self.advance(now);
                if let State::Running { .. } = self.state {
                    self.state = State::Paused {
                        elapsed: Duration::ZERO,
                    };
                }
            }
            State::Ended(_) => {}
        }
    }

    /// Stops for good.
    pub fn quit(&mut self) {
        if !matches!(self.state, State::Ended(_)) {
            self.state = State::Ended(PlayerStatus::Quit);
        }
    }

    pub fn status(&self) -> PlayerStatus {
        match self.state {
            State::Running { .. } => PlayerStatus::Running,
            State::Paused { .. } => PlayerStatus::Paused,
            State::Ended(status) => status,
        }
    }

    /// What to show at `now`, without moving on (call `tick` for that).
    pub fn view(&self, now: Duration) -> PlayerView {
        let elapsed = match self.state {
            State::Running { started } => now.saturating_sub(started),
            State::Paused { elapsed } => elapsed,
            State::Ended(status) => {
                return PlayerView {
                    status,
                    current: None,
                    remaining: Duration::ZERO,
                    next: None,
                };
            }
        };
        let next = self.index + 1;
        PlayerView {
            status: self.status(),
            current: Some(self.index),
            remaining: self.durations[self.index].saturating_sub(elapsed),
            next: (next < self.durations.len()).then_some(next),
        }
    }

    /// Starts the next step at `at`, or finishes.
    fn advance(&mut self, at: Duration) {
        self.index += 1;
        self.state = if self.index < self.durations.len() {
            State::Running { started: at }
        } else {
            self.index = self.durations.len() - 1;
            State::Ended(PlayerStatus::Finished)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn player() -> Player {
        Player::new(vec![secs(60), secs(30), secs(90)], secs(100))
    }

    #[test]
    fn counts_down_and_moves_on_when_a_step_runs_out() {
        let mut p = player();
        let v = p.tick(secs(100));
        assert_eq!(
            (v.current, v.remaining, v.next),
            (Some(0), secs(60), Some(1))
        );
        let v = p.tick(secs(145));
        assert_eq!((v.current, v.remaining), (Some(0), secs(15)));
        let v = p.tick(secs(160));
        assert_eq!(
            (v.current, v.remaining, v.next),
            (Some(1), secs(30), Some(2))
        );
        let v = p.tick(secs(195));
        assert_eq!((v.current, v.remaining, v.next), (Some(2), secs(85), None));
        let v = p.tick(secs(280));
        assert_eq!(v.status, PlayerStatus::Finished);
        assert_eq!((v.current, v.remaining), (None, Duration::ZERO));
    }

    #[test]
    fn a_late_tick_carries_the_overrun_into_later_steps() {
        let mut p = player();
        // 100 s after the start: step 0 (60 s) is done, 40 s into step 1 (30 s) → 10 s into step 2.
        let v = p.tick(secs(200));
        assert_eq!((v.current, v.remaining), (Some(2), secs(80)));
    }

    #[test]
    fn pause_freezes_the_countdown_and_resume_continues_it() {
        let mut p = player();
        p.pause(secs(120));
        let v = p.tick(secs(500));
        assert_eq!(v.status, PlayerStatus::Paused);
        assert_eq!((v.current, v.remaining), (Some(0), secs(40)));
        p.resume(secs(500));
        let v = p.tick(secs(530));
        assert_eq!(
            (v.status, v.current, v.remaining),
            (PlayerStatus::Running, Some(0), secs(10))
        );
        let v = p.tick(secs(545));
        assert_eq!((v.current, v.remaining), (Some(1), secs(25)));
    }

    #[test]
    fn toggle_pauses_and_resumes() {
        let mut p = player();
        p.toggle_pause(secs(110));
        assert_eq!(p.status(), PlayerStatus::Paused);
        p.toggle_pause(secs(200));
        assert_eq!(p.status(), PlayerStatus::Running);
        assert_eq!(p.tick(secs(200)).remaining, secs(50));
    }

    #[test]
    fn skip_starts_the_next_step_in_full() {
        let mut p = player();
        p.skip(secs(110));
        let v = p.tick(secs(115));
        assert_eq!((v.current, v.remaining), (Some(1), secs(25)));
        // Skipping while paused stays paused on the fresh step.
        p.pause(secs(120));
        p.skip(secs(130));
        let v = p.tick(secs(400));
        assert_eq!(
            (v.status, v.current, v.remaining),
            (PlayerStatus::Paused, Some(2), secs(90))
        );
        p.skip(secs(400));
        assert_eq!(p.status(), PlayerStatus::Finished);
    }

    #[test]
    fn quit_ends_and_stays_ended() {
        let mut p = player();
        p.quit();
        assert_eq!(p.tick(secs(120)).status, PlayerStatus::Quit);
        p.resume(secs(130));
        p.skip(secs(130));
        assert_eq!(p.status(), PlayerStatus::Quit);
    }

    #[test]
    fn an_empty_routine_is_finished_at_once() {
        let mut p = Player::new(Vec::new(), secs(0));
        assert_eq!(p.tick(secs(0)).status, PlayerStatus::Finished);
    }

    #[derive(Debug, Clone, Copy)]
    enum Action {
        Wait(u64),
        TogglePause,
        Skip,
    }

    fn any_action() -> impl proptest::strategy::Strategy<Value = Action> {
        use proptest::prelude::*;
        prop_oneof![
            4 => (0u64..=90).prop_map(Action::Wait),
            1 => Just(Action::TogglePause),
            1 => Just(Action::Skip),
        ]
    }

    proptest::proptest! {
        #[test]
        fn the_player_only_moves_forward_and_never_overcounts(
            lengths in proptest::collection::vec(5u64..=120, 1..6),
            actions in proptest::collection::vec(any_action(), 0..40),
        ) {
            let durations: Vec<Duration> = lengths.iter().map(|s| secs(*s)).collect();
            let mut p = Player::new(durations.clone(), secs(0));
            let mut now = secs(0);
            let mut last_index = 0;
            for action in actions {
                match action {
                    Action::Wait(s) => now += secs(s),
                    Action::TogglePause => p.toggle_pause(now),
                    Action::Skip => p.skip(now),
                }
                let v = p.tick(now);
                if let Some(current) = v.current {
                    proptest::prop_assert!(current >= last_index);
                    proptest::prop_assert!(v.remaining <= durations[current]);
                    proptest::prop_assert!(v.remaining > Duration::ZERO);
                    proptest::prop_assert_eq!(v.next, (current + 1 < durations.len()).then_some(current + 1));
                    last_index = current;
                } else {
                    proptest::prop_assert_eq!(v.status, PlayerStatus::Finished);
                }
            }
        }

        #[test]
        fn without_pauses_it_finishes_exactly_at_the_total(lengths in proptest::collection::vec(5u64..=120, 1..6)) {
            let total: u64 = lengths.iter().sum();
            let mut p = Player::new(lengths.iter().map(|s| secs(*s)).collect(), secs(10));
            proptest::prop_assert_eq!(p.tick(secs(10 + total - 1)).status, PlayerStatus::Running);
            proptest::prop_assert_eq!(p.tick(secs(10 + total - 1)).remaining, secs(1));
            proptest::prop_assert_eq!(p.tick(secs(10 + total)).status, PlayerStatus::Finished);
        }
    }

    #[test]
    fn a_clock_that_goes_backwards_does_not_panic() {
        let mut p = player();
        let v = p.tick(secs(50));
        assert_eq!((v.current, v.remaining), (Some(0), secs(60)));
    }
}
