//! Runs a console script headlessly and prints what the page's console would print:
//! `cargo run --release --bin kafka-sim -- [--seed N] [--echo] FILE|-|--scenario ID`
//! (`--scenario ID` runs a scenario's script from the page's Scenario menu, `--scenario list`
//! names them).
//! Standard output and standard error go to the process's own streams; the exit code is the
//! script's (non-zero on the first failing command or a syntax error).

use std::io::{Read, Write};

use kafka_playground::cli::{run_script, Stream};
use kafka_playground::lesson::{scenario, DEFAULT_SEED, SCENARIOS};

const USAGE: &str = "usage: kafka-sim [--seed N] [--echo] FILE|-|--scenario ID";

fn main() {
    let mut seed = DEFAULT_SEED;
    let mut echo = false;
    let mut file: Option<String> = None;
    let mut script: Option<&'static str> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => {
                    eprintln!("kafka-sim: --seed needs a number");
                    std::process::exit(2);
                }
            },
            "--echo" => echo = true,
            "--scenario" => match args.next() {
                Some(id) if id == "list" => {
                    for s in SCENARIOS {
                        println!("{}\t{}", s.id, s.title);
                    }
                    return;
                }
                Some(id) => match scenario(&id) {
                    Some(s) => script = Some(s.script),
                    None => {
                        eprintln!("kafka-sim: there is no scenario '{id}' (try --scenario list)");
                        std::process::exit(2);
                    }
                },
                None => {
                    eprintln!("kafka-sim: --scenario needs an id (or 'list')");
                    std::process::exit(2);
                }
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ => file = Some(a),
        }
    }
    let mut text = String::new();
    let read = if let Some(s) = script {
        text = s.to_string();
        Ok(())
    } else if let Some(file) = &file {
        if file == "-" {
            std::io::stdin().read_to_string(&mut text).map(|_| ())
        } else {
            std::fs::read_to_string(file).map(|t| text = t)
        }
    } else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    if let Err(e) = read {
        eprintln!("kafka-sim: {}: {e}", file.unwrap_or_default());
        std::process::exit(2);
    }
    let res = run_script(seed, &text);
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut so = stdout.lock();
    let mut se = stderr.lock();
    if let Some(e) = &res.error {
        let _ = writeln!(se, "{e}");
    }
    for (cmd, out) in &res.steps {
        if echo {
            for l in cmd.text.lines() {
                let _ = writeln!(so, "$ {l}");
            }
        }
        for l in &out.lines {
            let _ = match l.stream {
                Stream::Out => writeln!(so, "{}", l.text),
                Stream::Err => writeln!(se, "{}", l.text),
            };
        }
        let _ = so.flush();
    }
    std::process::exit(res.code);
}
