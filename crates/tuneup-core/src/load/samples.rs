//! Helpers over sample streams: how long each sample stands for, and best sustained values.

/// A gap between two samples longer than this is a pause (auto-pause, a stop at a light),
/// not effort: watches record at most every few seconds while the timer runs.
pub const PAUSE_GAP_S: f64 = 30.0;

/// Seconds each sample stands for: the time since the previous sample, or 0 across a pause,
/// a time that goes backwards or a missing time.
pub(super) fn sample_durations(time_s: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; time_s.len()];
    for i in 1..time_s.len() {
        let dt = time_s[i] - time_s[i - 1];
        if dt.is_finite() && dt > 0.0 && dt <= PAUSE_GAP_S {
            out[i] = dt;
        }
    }
    out
}

/// The highest time-weighted average of `value` over any stretch of at least `window_s`
/// seconds. `points` are `(seconds, value)` pairs in time order, already free of missing
/// values. O(n) with a sliding window.
pub(super) fn best_window_average(points: &[(f64, f64)], window_s: f64) -> Option<f64> {
    let mut best: Option<f64> = None;
    let (mut first, mut span, mut sum) = (0, 0.0, 0.0);
    for &(dt, value) in points {
        span += dt;
        sum += dt * value;
        // Drop samples from the front while the window stays long enough without them.
        while first < points.len() && span - points[first].0 >= window_s {
            span -= points[first].0;
            sum -= points[first].0 * points[first].1;
            first += 1;
        }
        if span >= window_s && span > 0.0 {
            let average = sum / span;
            best = Some(best.map_or(average, |b: f64| b.max(average)));
        }
    }
    best
}

/// The highest value held for at least `min_s` seconds in a row: the maximum over every
/// window of the window's minimum. A single spike (a strap glitch) therefore never counts.
pub(super) fn sustained_max(points: &[(f64, f64)], min_s: f64) -> Option<f64> {
    let mut best: Option<f64> = None;
    for end in 0..points.len() {
        let (mut span, mut low) = (0.0, f64::INFINITY);
        for &(dt, value) in points[..=end].iter().rev() {
            if dt == 0.0 && span > 0.0 {
                // A pause breaks the run of samples.
                break;
            }
            span += dt;
            low = low.min(value);
            if span >= min_s {
                best = Some(best.map_or(low, |b: f64| b.max(low)));
                break;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_and_backward_times_count_as_zero() {
        // 0→1 s counts 1 s; 1→100 s is a pause; 100→99 goes backwards; 99→101 counts 2 s.
        let dt = sample_durations(&[0.0, 1.0, 100.0, 99.0, 101.0]);
        assert_eq!(dt, vec![0.0, 1.0, 0.0, 0.0, 2.0]);
    }

    #[test]
    fn best_window_finds_the_hard_middle() {
        // 10 s at 100, 10 s at 160, 10 s at 100, one sample per second: best 10 s = 160.
        let mut points = vec![(1.0, 100.0); 10];
        points.extend(vec![(1.0, 160.0); 10]);
        points.extend(vec![(1.0, 100.0); 10]);
        let best = best_window_average(&points, 10.0).unwrap();
        assert!((best - 160.0).abs() < 1e-9, "{best}");
        assert_eq!(best_window_average(&points, 31.0), None);
    }

    #[test]
    fn a_one_sample_spike_is_not_a_sustained_max() {
        // 20 s at 170 with one 240 spike: the 5 s sustained max is 170, not 240.
        let mut points = vec![(1.0, 170.0); 20];
        points[10].1 = 240.0;
        assert_eq!(sustained_max(&points, 5.0), Some(170.0));
    }
}
