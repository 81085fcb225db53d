# a partition without a leader: the group's describe has no log-end offset nor lag for it, and
# a reset that includes it is refused
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic solo --partitions 2
printf 'a\nb\nc\nd\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic solo
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic solo --group reader --from-beginning --max-messages 4
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic solo
sim broker kill 1
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic solo --unavailable-partitions
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group reader
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group reader --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group reader --topic solo --to-earliest --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group reader --topic solo:1 --to-offset 9 --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group reader --topic solo:1 --to-datetime 2027-01-01T00:00:00.000 --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group reader --topic solo:1 --to-datetime 2027-13-01T00:00:00.000 --dry-run
