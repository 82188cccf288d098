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

/// One channel of [`steady_best`]: a value per sample (`NaN` where missing) and how far a
/// minute may fall below the stretch's own average before it is a recovery.
pub(super) struct SteadyChannel<'a> {
    pub values: &'a [f64],
    /// A minute averaging below this share of the stretch's average is a recovery bout.
    pub recovery_below: f64,
}

/// The best average of each channel over stretches of `window_s` seconds that are steady
/// and continuous: no pause inside (a sample standing for 0 s), every channel with a value
/// for at least 90 % of the stretch, and no minute in it averaging below `recovery_below`
/// of the stretch's average in any channel. Intervals (reps and recoveries) are never
/// steady; a tempo run or a race is. `durations` are the samples' seconds
/// ([`sample_durations`]); returns one best per channel, `None` when no stretch qualifies.
///
/// Two pointers slide the stretch and its minutes, and a monotone queue keeps the lowest
/// minute inside the stretch, so the cost is O(samples × channels).
pub(super) fn steady_best(
    durations: &[f64],
    channels: &[SteadyChannel<'_>],
    window_s: f64,
) -> Vec<Option<f64>> {
    const MINUTE_S: f64 = 60.0;
    const COVERED: f64 = 0.9;
    let n = durations.len();
    let mut best = vec![None; channels.len()];
    if channels.iter().any(|c| c.values.len() != n) || n == 0 {
        return best;
    }
    // Prefix sums: time, and per channel time with a value and Σ dt·value.
    let mut time = vec![0.0; n + 1];
    for i in 0..n {
        time[i + 1] = time[i] + durations[i];
    }
    let prefix: Vec<(Vec<f64>, Vec<f64>)> = channels
        .iter()
        .map(|c| {
            let (mut covered, mut sum) = (vec![0.0; n + 1], vec![0.0; n + 1]);
            for i in 0..n {
                let ok = c.values[i].is_finite();
                covered[i + 1] = covered[i] + if ok { durations[i] } else { 0.0 };
                sum[i + 1] = sum[i] + if ok { durations[i] * c.values[i] } else { 0.0 };
            }
            (covered, sum)
        })
        .collect();
    // The average of channel `c` over samples `from..=to` (their durations), with coverage.
    let average = |c: usize, from: usize, to: usize| {
        let (covered, sum) = &prefix[c];
        let span = time[to + 1] - time[from];
        let have = covered[to + 1] - covered[from];
        (span > 0.0 && have >= COVERED * span).then(|| (sum[to + 1] - sum[from]) / have)
    };
    // Segment start: the first sample after the latest pause, for each sample.
    let mut segment = vec![0; n];
    for i in 1..n {
        segment[i] = if durations[i] == 0.0 {
            i
        } else {
            segment[i - 1]
        };
    }
    // minute_start[i]: the latest first sample of a minute ending at sample i (samples
    // a..=i stand for time[i + 1] - time[a] seconds), within i's segment.
    let latest_start = |from: usize, i: usize, span: f64, mut a: usize| {
        a = a.max(from);
        while a < i && time[i + 1] - time[a + 1] >= span {
            a += 1;
        }
        a
    };
    let mut minute_start: Vec<Option<usize>> = vec![None; n];
    let mut a = 0;
    for i in 0..n {
        a = latest_start(segment[i], i, MINUTE_S, a);
        if time[i + 1] - time[a] >= MINUTE_S {
            minute_start[i] = Some(a);
        }
    }
    let minute_average: Vec<Vec<Option<f64>>> = (0..channels.len())
        .map(|c| {
            (0..n)
                .map(|i| minute_start[i].and_then(|s| average(c, s, i)))
                .collect()
        })
        .collect();
    // Slide the stretch start..=end within end's segment; each queue keeps the minutes
    // inside it (their first sample at or after `start`), lowest average first.
    let mut queues: Vec<std::collections::VecDeque<usize>> =
        vec![std::collections::VecDeque::new(); channels.len()];
    let mut start = 0;
    for end in 0..n {
        if segment[end] == end {
            queues.iter_mut().for_each(|q| q.clear());
        }
        for (c, queue) in queues.iter_mut().enumerate() {
            if let Some(value) = minute_average[c][end] {
                while queue
                    .back()
                    .is_some_and(|&k| minute_average[c][k].is_some_and(|v| v >= value))
                {
                    queue.pop_back();
                }
                queue.push_back(end);
            }
        }
        start = latest_start(segment[end], end, window_s, start);
        if time[end + 1] - time[start] < window_s {
            continue;
        }
        for queue in &mut queues {
            while queue
                .front()
                .is_some_and(|&k| minute_start[k].is_none_or(|s| s < start))
            {
                queue.pop_front();
            }
        }
        let averages: Vec<Option<f64>> = (0..channels.len())
            .map(|c| average(c, start, end))
            .collect();
        let steady = channels.iter().enumerate().all(|(c, channel)| {
            let Some(mean) = averages[c] else {
                // A channel without values here says nothing either way.
                return true;
            };
            queues[c]
                .front()
                .and_then(|&k| minute_average[c][k])
                .is_none_or(|low| low >= channel.recovery_below * mean)
        });
        if steady {
            for (c, mean) in averages.iter().enumerate() {
                if let Some(mean) = mean {
                    best[c] = Some(best[c].map_or(*mean, |b: f64| b.max(*mean)));
                }
            }
        }
    }
    best
}

/// Time in bouts, for every threshold at once: for each integer level `b`, the seconds spent
/// in unbroken stretches of at least `min_s` seconds with every value at or above `b`, and
/// the number of those stretches. `points` are `(seconds, level)` pairs in time order; a
/// pause (a sample standing for 0 s) or a level of `None` (stopped, a missing reading) breaks
/// a stretch. Returns `(level, seconds, bouts)` ascending by level, for the levels that
/// occur in `points` and have a bout: between two levels that occur the answer cannot change.
///
/// Every maximal stretch at or above some level is a node of the sequence's min-Cartesian
/// tree: the stretch whose lowest value is `m`, inside a parent stretch whose lowest value is
/// `p < m`, is the maximal stretch for every level in `p+1..=m`. A stack finds every node in
/// one pass, and a difference array adds each node's time to its range of levels, so the
/// whole table costs O(samples + levels) instead of O(samples × levels).
pub(super) fn bouts_at_or_above(points: &[(f64, Option<u16>)], min_s: f64) -> Vec<(u16, f64, u32)> {
    let top = points
        .iter()
        .filter_map(|(_, v)| *v)
        .max()
        .map_or(0, usize::from);
    let mut seconds = vec![0.0_f64; top + 2];
    let mut counts = vec![0_i64; top + 2];
    // (lowest value of the stretch, its seconds so far), values strictly increasing.
    let mut stack: Vec<(i32, f64)> = Vec::new();
    let mut emit = |low_exclusive: i32, high: i32, span: f64| {
        if span >= min_s && high > low_exclusive {
            let from = (low_exclusive + 1).max(0) as usize;
            let to = high as usize + 1;
            seconds[from] += span;
            seconds[to] -= span;
            counts[from] += 1;
            counts[to] -= 1;
        }
    };
    // A pause or a gap closes every open stretch: push a level below every real one.
    let sentinel = (0.0, None);
    for &(dt, value) in points.iter().chain(std::iter::once(&sentinel)) {
        let broken = value.is_none() || (dt == 0.0 && !stack.is_empty());
        let level = if broken {
            -1
        } else {
            i32::from(value.unwrap_or(0))
        };
        let mut span = 0.0;
        while let Some(&(top_level, top_span)) = stack.last() {
            if top_level < level {
                break;
            }
            stack.pop();
            span += top_span;
            if top_level > level {
                let below = stack.last().map_or(level, |&(l, _)| l.max(level));
                emit(below, top_level, span);
            }
        }
        if level >= 0 {
            stack.push((level, span + dt));
        }
    }
    let (mut running_s, mut running_n) = (0.0, 0_i64);
    let mut present = vec![false; top + 1];
    for level in points.iter().filter_map(|(_, v)| *v) {
        present[usize::from(level)] = true;
    }
    let mut out = Vec::new();
    for level in 0..=top {
        running_s += seconds[level];
        running_n += counts[level];
        if running_n > 0 && present[level] {
            out.push((level as u16, running_s.max(0.0), running_n as u32));
        }
    }
    out
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
    #[test]
    fn steady_stretches_leave_out_intervals() {
        // 30 min steady at 160 bpm: its average. Reps of 3 min at 172 with 2 min at 140:
        // every 20-minute stretch holds a recovery minute (140 < 0.92 × ~159), so none.
        let steady = vec![160.0; 1801];
        let mut intervals = Vec::new();
        for _ in 0..8 {
            intervals.extend(std::iter::repeat_n(172.0, 180));
            intervals.extend(std::iter::repeat_n(140.0, 120));
        }
        let channel = |values: &[f64]| {
            let durations =
                sample_durations(&(0..values.len()).map(|t| t as f64).collect::<Vec<_>>());
            steady_best(
                &durations,
                &[SteadyChannel {
                    values,
                    recovery_below: 0.92,
                }],
                1200.0,
            )[0]
        };
        assert_eq!(channel(&steady), Some(160.0));
        assert_eq!(channel(&intervals), None);
        // A pause splits a stretch: 15 min, a pause, 15 min is no 20-minute stretch.
        let times: Vec<f64> = (0..900).chain(2000..2900).map(|t| t as f64).collect();
        let durations = sample_durations(&times);
        let values = vec![160.0; times.len()];
        let best = steady_best(
            &durations,
            &[SteadyChannel {
                values: &values,
                recovery_below: 0.92,
            }],
            1200.0,
        );
        assert_eq!(best, vec![None]);
    }

    #[test]
    fn bouts_for_every_level_by_hand() {
        // 30 s at 100, 90 s at 172, 30 s at 140, 90 s at 170, 30 s at 100; bouts of 60 s.
        // At or above 172: one bout of 90 s. At or above 170 (and so 141..=169): two bouts,
        // 180 s (the 140 s between break it). At or above 140: one bout of 210 s. At or
        // above 100: everything, 270 s in one bout.
        let mut points = Vec::new();
        for (seconds, level) in [(30, 100), (90, 172), (30, 140), (90, 170), (30, 100)] {
            points.extend(std::iter::repeat_n((1.0, Some(level)), seconds));
        }
        let table = bouts_at_or_above(&points, 60.0);
        let at = |level: u16| table.iter().find(|row| row.0 == level).map(|r| (r.1, r.2));
        assert_eq!(at(173), None);
        assert_eq!(at(172), Some((90.0, 1)));
        assert_eq!(
            at(171),
            None,
            "no sample at 171: the row at 172 answers for it"
        );
        assert_eq!(at(170), Some((180.0, 2)));
        assert_eq!(at(140), Some((210.0, 1)));
        assert_eq!(at(100), Some((270.0, 1)));
        assert_eq!(table.len(), 4);
    }

    #[test]
    fn a_pause_or_a_gap_splits_a_bout() {
        // 50 s at 170, a pause, 50 s at 170: no bout of 60 s. Without the pause: one of 100 s.
        let mut points = vec![(1.0, Some(170)); 50];
        points.push((0.0, Some(170)));
        points.extend(vec![(1.0, Some(170)); 50]);
        assert!(bouts_at_or_above(&points, 60.0).is_empty());
        points[50] = (1.0, Some(170));
        assert_eq!(
            bouts_at_or_above(&points, 60.0).last(),
            Some(&(170, 101.0, 1))
        );
        points[50] = (1.0, None);
        assert!(bouts_at_or_above(&points, 60.0).is_empty());
    }
}
