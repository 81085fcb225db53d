//! Tab completion: command names, a tool's options, topic and group names from the world.

use super::registry;
use crate::engine::World;

/// Candidates for the last word of `partial`: commands, the command's options, topic names
/// after `--topic`/`--entity-name`, group names after `--group`, `sim` subcommands.
pub fn complete(world: &World, partial: &str) -> Vec<String> {
    let words: Vec<&str> = partial.split_whitespace().collect();
    let ends_with_space = partial.ends_with(' ') || partial.is_empty();
    let last = if ends_with_space {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let done: Vec<&str> = if ends_with_space {
        words.clone()
    } else {
        words
            .get(..words.len().saturating_sub(1))
            .unwrap_or(&[])
            .to_vec()
    };
    let mut cands: Vec<String> = if done.is_empty() {
        registry::listed().map(registry::Tool::shown).collect()
    } else {
        let cmd = done.first().copied().unwrap_or("");
        let cmd = cmd.strip_suffix(".sh").unwrap_or(cmd);
        let prev = done.last().copied().unwrap_or("");
        match prev {
            "--topic" | "--entity-name" => world.topic_names(),
            "--group" => {
                let mut g = world.group_names();
                g.extend(world.share_group_names());
                g
            }
            _ if cmd == "sim" && done.len() == 1 => [
                "time",
                "consumer",
                "share-consumer",
                "load",
                "lose-acks",
                "seed",
                "reset",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            _ => registry::find(cmd)
                .map(|t| t.offered_flags().map(|f| format!("--{f}")).collect())
                .unwrap_or_default(),
        }
    };
    cands.retain(|c| c.starts_with(last));
    crate::engine::sort::sort(&mut cands);
    cands.dedup();
    cands
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_offers_the_kip_1147_names_only() {
        let w = World::new(1);
        assert_eq!(
            complete(&w, "kafka-console-consumer.sh --command-"),
            vec!["--command-config", "--command-property"]
        );
        assert_eq!(
            complete(&w, "kafka-console-consumer.sh --formatter-p"),
            vec!["--formatter-property"]
        );
        assert!(complete(&w, "kafka-console-producer.sh --prop").is_empty());
        assert_eq!(
            complete(&w, "kafka-console-producer.sh --reader-p"),
            vec!["--reader-property"]
        );
        assert!(
            !complete(&w, "kafka-console-producer.sh --b").contains(&"--broker-list".to_string())
        );
        assert_eq!(
            complete(&w, "kafka-producer-perf-test.sh --command-p"),
            vec!["--command-property"]
        );
    }

    #[test]
    fn completion_knows_the_share_tools() {
        let w = World::new(1);
        assert_eq!(complete(&w, "sim sh"), vec!["share-consumer"]);
        assert_eq!(complete(&w, "kafka-share-g"), vec!["kafka-share-groups.sh"]);
        assert_eq!(
            complete(&w, "kafka-console-share-consumer.sh --rel"),
            vec!["--release"]
        );
    }
}
