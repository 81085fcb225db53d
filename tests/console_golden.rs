//! Golden tests of the Kafka console: each `tests/console/NAME.sh` runs with seed 42 and its
//! transcript must equal `tests/console/NAME.out`.
//!
//! Transcript format: each command echoed as `$ command` (continuation and here-document lines
//! indented by two spaces), then what it printed; standard-error lines start with `2> `; the last
//! line is `exit N`. Set `UPDATE_GOLDEN=1` to rewrite the `.out` files (then read every diff).

use std::path::Path;

use kafka_playground::cli::run_script;

#[test]
fn console_scripts_match_golden_transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/console");
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/console exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut failures = Vec::new();
    for sh in names {
        let text = std::fs::read_to_string(&sh).unwrap();
        let res = run_script(42, &text);
        let got = format!("{}exit {}\n", res.transcript_with_commands(), res.code);
        // Same script and seed ⇒ same output.
        let again = run_script(42, &text);
        assert_eq!(
            got,
            format!("{}exit {}\n", again.transcript_with_commands(), again.code),
            "{} is not deterministic",
            sh.display()
        );
        let golden = sh.with_extension("out");
        if update {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if want != got {
            failures.push(format!(
                "{}:\n--- want\n{want}\n--- got\n{got}",
                sh.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
