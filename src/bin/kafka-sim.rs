//! Native runner for console scripts (see README). Filled in by the console issue.
fn main() {
    eprintln!("kafka-sim: the console interpreter is not built yet");
    std::process::exit(2);
}
