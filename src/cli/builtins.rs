//! The shell's own commands (`echo`, `sleep`, `jobs`, `kill`) and the real Kafka tool this
//! console explains instead of running (`kafka-reassign-partitions.sh`).

use super::console::Console;
use super::opts::parse_duration;
use super::output::Output;
use crate::engine::World;

pub(crate) fn echo(args: &[String], out: &mut Output) {
    out.out(args.join(" "));
}

/// `sleep N`: simulated seconds pass (running consumers print what they receive).
pub(crate) fn sleep(console: &mut Console, world: &mut World, args: &[String], out: &mut Output) {
    match args.first().and_then(|a| parse_duration(a, 1000)) {
        Some(ms) if args.len() == 1 => console.advance(world, ms, out),
        _ => {
            out.err("sleep: usage: sleep SECONDS (advances simulated time; 0.5, 30, 2m also work)");
            out.code = 1;
        }
    }
}

pub(crate) fn jobs(console: &Console, out: &mut Output) {
    for j in &console.jobs {
        out.out(format!(
            "[{}]  Running                 {} &",
            j.id, j.command
        ));
    }
}

/// `kill %N`: stops a background consumer as Ctrl-C would.
pub(crate) fn kill(console: &mut Console, world: &mut World, args: &[String], out: &mut Output) {
    let id = args
        .first()
        .and_then(|a| a.strip_prefix('%'))
        .and_then(|n| n.parse::<u32>().ok());
    match id.and_then(|id| console.jobs.iter().position(|j| j.id == id)) {
        Some(p) => {
            let job = console.jobs.remove(p);
            Console::finish_job(world, job, out);
        }
        None => {
            out.err(format!(
                "kill: {}: no such job (see `jobs`)",
                args.first().map(String::as_str).unwrap_or("")
            ));
            out.code = 1;
        }
    }
}

/// A real tool the playground does not model: say what it does instead of "not found",
/// because course material (our seed included) sometimes misuses it.
pub(crate) fn reassign_partitions(out: &mut Output) {
    out.err("kafka-reassign-partitions.sh moves partition replicas between brokers; it does not assign partitions to consumers.");
    out.err("Consumers get partitions from their group's assignor: adding partitions (kafka-topics.sh --alter --partitions N) or consumers triggers a rebalance by itself.");
    out.err("(playground: replica reassignment is not modelled yet)");
    out.code = 1;
}
