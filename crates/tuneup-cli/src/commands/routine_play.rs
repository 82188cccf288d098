//! `tuneup routine play`: the guided player in the terminal. The core's `Player` keeps time;
//! this file only reads keys, feeds it the elapsed time and draws. Without a terminal it
//! prints the steps and exits successfully, so scripts and pipes still get the routine.

use super::routine::{clock, print_text, render};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};
use tuneup_core::routine::{Player, PlayerStatus, PlayerView, Routine};

/// How often the countdown redraws while waiting for a key.
const FRAME: Duration = Duration::from_millis(250);

pub fn play(routine: &Routine) -> anyhow::Result<()> {
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive || routine.steps.is_empty() {
        return print_text(&render(routine));
    }
    let raw = RawMode::enter()?;
    let outcome = run_loop(routine);
    drop(raw);
    let status = outcome?;
    match status {
        PlayerStatus::Quit => println!("stopped early; well done for starting."),
        _ => println!(
            "routine done: {} minutes of maintenance.",
            clock(routine.total_seconds)
        ),
    }
    Ok(())
}

fn run_loop(routine: &Routine) -> anyhow::Result<PlayerStatus> {
    let origin = Instant::now();
    let mut player = Player::for_routine(routine, origin.elapsed());
    let mut out = std::io::stdout();
    loop {
        let view = player.tick(origin.elapsed());
        if matches!(view.status, PlayerStatus::Finished | PlayerStatus::Quit) {
            return Ok(view.status);
        }
        draw(&mut out, routine, &view)?;
        if event::poll(FRAME)?
            && let Event::Key(key) = event::read()?
        {
            handle(&mut player, key, origin.elapsed());
        }
    }
}

fn handle(player: &mut Player, key: KeyEvent, now: Duration) {
    if key.kind != KeyEventKind::Press {
        return;
    }
    match key.code {
        KeyCode::Char('p') | KeyCode::Char(' ') => player.toggle_pause(now),
        KeyCode::Char('s') | KeyCode::Right => player.skip(now),
        KeyCode::Char('q') | KeyCode::Esc => player.quit(),
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => player.quit(),
        _ => {}
    }
}

fn draw(out: &mut impl Write, routine: &Routine, view: &PlayerView) -> anyhow::Result<()> {
    let Some(index) = view.current else {
        return Ok(());
    };
    let step = &routine.steps[index];
    let width = terminal::size().map_or(80, |(w, _)| usize::from(w).clamp(30, 100));
    let mut lines = vec![
        format!(
            "step {} of {}: {} with {}",
            index + 1,
            routine.steps.len(),
            step.area.label(),
            step.tool.label()
        ),
        format!(
            "{}  {}",
            clock(u32::try_from(view.remaining.as_secs()).unwrap_or(u32::MAX)),
            if view.status == PlayerStatus::Paused {
                "(paused)"
            } else {
                ""
            }
        ),
        String::new(),
    ];
    lines.extend(wrap(&format!("why: {}", step.reason), width));
    lines.extend(wrap(&format!("how: {}", step.how), width));
    for caution in &step.cautions {
        lines.extend(wrap(&format!("careful: {caution}"), width));
    }
    lines.push(String::new());
    lines.push(match view.next {
        Some(next) => {
            let n = &routine.steps[next];
            format!("next: {} with {}", n.area.label(), n.tool.label())
        }
        None => "next: done".to_string(),
    });
    lines.push("keys: p pause/resume   s skip   q quit".to_string());
    execute!(
        out,
        cursor::MoveTo(0, 0),
        terminal::Clear(terminal::ClearType::All)
    )?;
    // Raw mode does not turn \n into a carriage return.
    for line in lines {
        write!(out, "{line}\r\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Word-wraps text to `width` columns.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Raw mode and the alternate screen for as long as it lives, restored even on error.
struct RawMode;

impl RawMode {
    fn enter() -> anyhow::Result<RawMode> {
        terminal::enable_raw_mode()?;
        execute!(
            std::io::stdout(),
            terminal::EnterAlternateScreen,
            cursor::Hide
        )?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // Best effort: nothing useful can be done if restoring the terminal fails.
        let _ = execute!(
            std::io::stdout(),
            cursor::Show,
            terminal::LeaveAlternateScreen
        );
        let _ = terminal::disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let lines = wrap("roll the full length of the thigh slowly and pause", 16);
        assert!(lines.iter().all(|l| l.chars().count() <= 16), "{lines:?}");
        assert_eq!(
            lines.join(" "),
            "roll the full length of the thigh slowly and pause"
        );
    }
}
