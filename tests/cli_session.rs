//! The page's way of driving the console: a producer session at the `>` prompt, a streaming
//! consumer fed by `tick`, Ctrl-C, and Tab completion.

use kafka_playground::cli::{complete, Console};
use kafka_playground::engine::World;

#[test]
fn producer_session_then_streaming_consumer() {
    let mut c = Console::new();
    let mut world = World::new(42);
    let o = c.run_line(
        &mut world,
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2",
    );
    assert_eq!(o.stdout(), "Created topic orders.\n");
    let o = c.run_line(&mut world, "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=:");
    assert_eq!(o.code, 0);
    assert_eq!(c.prompt(), Some(">"));
    assert_eq!(c.feed_line(&mut world, "a:1").code, 0);
    assert_eq!(
        c.run_line(&mut world, "b:2").code,
        0,
        "lines typed at the > prompt are records"
    );
    c.end_input();
    assert_eq!(c.prompt(), None);
    let total: u64 = world.topic_view("orders").unwrap().total_written();
    assert_eq!(total, 2);

    let o = c.run_line(&mut world, "kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group g --from-beginning --formatter-property print.key=true");
    assert_eq!(o.code, 0);
    assert_eq!(c.prompt(), Some(""));
    let mut printed = String::new();
    for _ in 0..50 {
        printed.push_str(&c.tick(&mut world, 100).stdout());
    }
    let mut lines: Vec<&str> = printed.lines().collect();
    lines.sort();
    assert_eq!(lines, ["a\t1", "b\t2"]);
    let o = c.interrupt(&mut world);
    assert_eq!(o.stderr(), "Processed a total of 2 messages\n");
    assert_eq!(c.prompt(), None);

    // Everything the console did is in the world's journal: replaying it from the seed rebuilds
    // the same world, records the consumer took included (what the page's scrubber relies on).
    let w = &world;
    assert!(w
        .journal()
        .iter()
        .any(|i| matches!(i, kafka_playground::engine::Input::TakeDelivered { .. })));
    let rebuilt = kafka_playground::engine::World::replay(w.seed(), w.journal(), None);
    assert_eq!(format!("{rebuilt:?}"), format!("{w:?}"));
}

#[test]
fn tab_completion() {
    let mut c = Console::new();
    let mut world = World::new(1);
    c.run_line(
        &mut world,
        "kafka-topics.sh --bootstrap-server x:1 --create --topic orders",
    );
    assert_eq!(complete(&world, "kafka-to"), ["kafka-topics.sh"]);
    assert!(complete(&world, "kafka-topics.sh --cr").contains(&"--create".to_string()));
    assert_eq!(
        complete(&world, "kafka-console-consumer.sh --topic or"),
        ["orders"]
    );
    assert!(complete(&world, "").len() >= 6);
}

#[test]
fn generated_group_names_come_from_the_world() {
    let mut c = Console::new();
    let mut world = World::new(5);
    c.run_line(
        &mut world,
        "kafka-topics.sh --bootstrap-server x:1 --create --topic t",
    );
    let before = world.clone();
    let line = "kafka-console-consumer.sh --bootstrap-server x:1 --topic t &";
    for _ in 0..2 {
        assert_eq!(c.run_line(&mut world, line).code, 0);
    }
    let groups = world.group_names();
    assert_eq!(groups.len(), 2, "each run gets its own group: {groups:?}");
    assert!(groups.iter().all(|g| g.starts_with("console-consumer-")));
    // The same world and line give the same name, whatever console runs it (a rewound page,
    // the recipient of a share link).
    let mut again = before.clone();
    assert_eq!(Console::new().run_line(&mut again, line).code, 0);
    let first = again.group_names();
    assert!(groups.contains(&first[0]), "{first:?} in {groups:?}");
    // The names travel inside the journalled JoinGroup: replay rebuilds the same world.
    let rebuilt = World::replay(world.seed(), world.journal(), None);
    assert_eq!(format!("{rebuilt:?}"), format!("{world:?}"));
}

#[test]
fn streaming_share_consumer_leaves_on_ctrl_c_and_replays() {
    let mut c = Console::new();
    let mut world = World::new(7);
    for line in [
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 1",
        "kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name s --add-config share.auto.offset.reset=earliest",
    ] {
        assert_eq!(c.run_line(&mut world, line).code, 0, "{line}");
    }
    let o = c.run_line(
        &mut world,
        "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs",
    );
    assert_eq!(o.code, 0);
    c.feed_line(&mut world, "x");
    c.feed_line(&mut world, "y");
    c.end_input();
    let o = c.run_line(&mut world, "kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group s --formatter-property print.delivery=true");
    assert_eq!(o.code, 0);
    assert_eq!(c.prompt(), Some(""));
    let mut printed = String::new();
    for _ in 0..80 {
        printed.push_str(&c.tick(&mut world, 100).stdout());
    }
    assert_eq!(printed, "Delivery:1\tx\nDelivery:1\ty\n");
    let o = c.interrupt(&mut world);
    assert_eq!(o.stderr(), "Processed a total of 2 messages\n");
    assert!(world.share_group("s").is_some_and(|g| g.members.is_empty()));
    let rebuilt = kafka_playground::engine::World::replay(world.seed(), world.journal(), None);
    assert_eq!(format!("{rebuilt:?}"), format!("{world:?}"));
}
