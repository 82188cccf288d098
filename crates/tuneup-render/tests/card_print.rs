//! The intake card, printed by headless Chromium, fits on one page: the fixture card and the
//! fullest card the caps allow (both golden files, kept equal to the renderer's output by the
//! golden tests in `src/card/tests.rs`).
//!
//! Full tier: the print test is ignored by `cargo test --workspace` and runs with
//! `--include-ignored` (as `.ci/run` does). Asked for, it needs Chromium: without it the test
//! fails and says how to install it, it never skips.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str = "apt-get update && apt-get install -y chromium";
const PRINT_TIMEOUT: Duration = Duration::from_secs(180);

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "full tier: chromium is not installed (no chromium or chromium-browser on PATH), and \
         the one-page print test needs it: run `{INSTALL}`"
    );
}

/// Prints `html` to a PDF with headless Chromium and returns the PDF's bytes.
fn print_to_pdf(html: &Path, name: &str) -> Vec<u8> {
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("card_print_{name}"));
    let _ = std::fs::remove_dir_all(&work);
    let profile = work.join("profile");
    std::fs::create_dir_all(&profile).expect("create a scratch folder");
    let pdf = work.join("card.pdf");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start chromium ({e}): run `{INSTALL}`"));
    let started = Instant::now();
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => {
                assert!(status.success(), "chromium exited with {status}");
                break;
            }
            None if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                panic!(
                    "chromium did not finish printing {} in {PRINT_TIMEOUT:?}",
                    html.display()
                );
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()))
}

/// Counts page objects: `/Type /Page` not followed by `s` (that is the page tree).
fn count_pages(pdf: &[u8]) -> usize {
    let mut pages = 0;
    let mut i = 0;
    while let Some(at) = find(&pdf[i..], b"/Type") {
        let mut j = i + at + b"/Type".len();
        while j < pdf.len() && pdf[j].is_ascii_whitespace() {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page") {
            let next = pdf.get(j + b"/Page".len()).copied().unwrap_or(b' ');
            if !next.is_ascii_alphanumeric() {
                pages += 1;
            }
        }
        i = j;
    }
    pages
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn page_counting_skips_the_page_tree() {
    let pdf = b"1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R]>> 2 0 obj <</Type/Page>> 3 0 obj <</Type /Page /Parent 1 0 R>>";
    assert_eq!(count_pages(pdf), 2);
    assert_eq!(count_pages(b"<</Type /Pages>>"), 0);
}

/// Each card on Chromium's default paper (Letter) and on A4, forced through the page rule.
#[test]
#[ignore = "full tier: needs headless Chromium (apt-get install chromium); run with --include-ignored (.ci/run does)"]
fn the_card_prints_on_one_page() {
    for name in ["card.html", "card_full.html"] {
        let stem = name.trim_end_matches(".html");
        let html = std::fs::read_to_string(golden(name)).expect("read the golden card");
        assert!(
            html.contains("size: auto;"),
            "{name}: the page rule changed"
        );
        for (paper, rule) in [("letter", "size: letter;"), ("a4", "size: A4;")] {
            let copy =
                PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{stem}_{paper}.html"));
            std::fs::write(&copy, html.replace("size: auto;", rule)).expect("write the card copy");
            let pdf = print_to_pdf(&copy, &format!("{stem}_{paper}"));
            assert!(
                pdf.starts_with(b"%PDF"),
                "{name} ({paper}): chromium did not write a PDF"
            );
            assert_eq!(
                count_pages(&pdf),
                1,
                "{name} prints on more than one {paper} page"
            );
        }
    }
}
