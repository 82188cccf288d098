//! Printing results: text wrapped to the terminal, aligned tables for people, JSON for
//! scripts.

use serde::Serialize;
use std::io::{IsTerminal as _, Write};
use std::sync::OnceLock;

/// The narrowest text is wrapped to: narrower terminals get 60 columns and scroll.
pub const MIN_WIDTH: usize = 60;
/// The width when stdout is not a terminal (a file, a pipe) and none was given.
pub const DEFAULT_WIDTH: usize = 100;

static WIDTH: OnceLock<usize> = OnceLock::new();

/// Sets the width text is wrapped to, once, at start: `--width` / `TUNEUP_WIDTH` when given,
/// else the terminal's width when stdout is one, else 100; never under 60.
pub fn set_width(given: Option<usize>) {
    let terminal = || {
        std::io::stdout()
            .is_terminal()
            .then(|| crossterm::terminal::size().ok())
            .flatten()
            .map(|(columns, _)| usize::from(columns))
    };
    let width = given.or_else(terminal).unwrap_or(DEFAULT_WIDTH);
    let _ = WIDTH.set(width.max(MIN_WIDTH));
}

/// The width text is wrapped to.
pub fn width() -> usize {
    *WIDTH.get().unwrap_or(&DEFAULT_WIDTH)
}

/// Wraps each line of `text` to `width` columns. A wrapped line continues under its own
/// text, past its indent and its marker ("- ", "· ", "1. ", "why: "), so lists stay lists.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if textwrap::core::display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let hang = " ".repeat(hanging_indent(body).min(width / 2));
        let options = textwrap::Options::new(width)
            .subsequent_indent(&hang)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(body, options));
        out.push_str(newline);
    }
    out
}

/// Where a line's continuation starts: after the leading spaces and a list marker or a
/// short label ("why: ", "careful: "); two columns in when the line has neither.
fn hanging_indent(line: &str) -> usize {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[lead..];
    let marker = ["- ", "· ", "* "]
        .iter()
        .find(|m| rest.starts_with(*m))
        .map(|m| m.chars().count())
        .or_else(|| {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            (digits > 0 && rest[digits..].starts_with(". ")).then_some(digits + 2)
        })
        .or_else(|| {
            let label = rest.find(": ")?;
            let word = &rest[..label];
            (label <= 12
                && !word.is_empty()
                && word.chars().all(|c| c.is_alphanumeric() || c == ' '))
            .then_some(word.chars().count() + 2)
        })
        .unwrap_or(2);
    lead + marker
}

/// Prints text wrapped to the width, returning write errors (a closed pipe) instead of
/// panicking, so `main` can stay quiet when the reader has gone (`tuneup faq | head`).
pub fn print_wrapped(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(wrap(text, width()).as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// `--json` on a command that reads: print JSON instead of a table.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct OutputArgs {
    /// Print JSON (SI units) instead of a table, for scripts.
    #[arg(long)]
    pub json: bool,
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    // Keep a write failure an io::Error, so a closed pipe (`| head`) stays quiet in main.
    serde_json::to_writer_pretty(&mut out, value).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// A plain text table with left-aligned columns.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        // Titles and names may come from files: no escape sequences reach the terminal.
        self.rows.push(
            cells
                .iter()
                .map(|cell| tuneup_core::limits::printable(cell))
                .collect(),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as aligned columns when it fits in `width`, else one record per block
    /// ("label  value" lines, a blank line between records), wrapped to `width`.
    pub fn render_in(&self, width: usize) -> String {
        let table = self.render();
        if table
            .lines()
            .all(|l| textwrap::core::display_width(l) <= width)
        {
            return table;
        }
        let label_width = self
            .header
            .iter()
            .map(|h| h.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for (label, cell) in self.header.iter().zip(row) {
                let line = format!("{label:<label_width$}  {cell}");
                let hang = " ".repeat(label_width + 2);
                let options = textwrap::Options::new(width)
                    .subsequent_indent(&hang)
                    .word_separator(textwrap::WordSeparator::AsciiSpace)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation);
                out.push_str(textwrap::fill(line.trim_end(), options).as_str());
                out.push('\n');
            }
        }
        out
    }

    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate().take(columns) {
                if i + 1 == columns {
                    text.push_str(cell);
                } else {
                    text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
                }
            }
            text.trim_end().to_string()
        };
        let mut out = line(&self.header);
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }

    /// Prints the table (in blocks when it does not fit the width), or `empty` when there
    /// are no rows.
    pub fn print_or(&self, empty: &str) {
        if self.is_empty() {
            print!("{}", wrap(&format!("{empty}\n"), width()));
        } else {
            print!("{}", self.render_in(width()));
        }
    }
}

/// An optional value for a table cell.
pub fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// "1 step", "3 steps".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_line_hangs_under_its_own_text() {
        let line =
            "    why: your long run yesterday; tight 5/10 yesterday (left) and sore on the right";
        let wrapped = wrap(line, 40);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1, "{wrapped}");
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{wrapped}");
        assert!(lines[0].starts_with("    why: your"));
        assert!(
            lines[1..].iter().all(|l| l.starts_with(&" ".repeat(9))),
            "{wrapped}"
        );
        let numbered = wrap(
            "12. calves with foam roller, for a good long while, 1:30 each side",
            30,
        );
        assert!(
            numbered.lines().nth(1).unwrap().starts_with("    "),
            "{numbered}"
        );
    }

    #[test]
    fn a_table_too_wide_becomes_one_block_per_record() {
        let mut table = Table::new(&["id", "title"]);
        table.row(vec!["1".into(), "a fairly long title".into()]);
        table.row(vec!["2".into(), "another one".into()]);
        assert_eq!(table.render_in(80), table.render());
        let blocks = table.render_in(16);
        assert_eq!(
            blocks,
            "id     1\ntitle  a fairly\n       long\n       title\n\nid     2\ntitle  another\n       one\n"
        );
    }
}
