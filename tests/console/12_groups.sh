# a named group: consume, describe, reset offsets, delete
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
printf 'k1:a\nk2:b\nk3:c\nk4:d\nk5:e\nk6:f\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=:
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group billing --from-beginning --max-messages 6
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing --members
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders --to-earliest --dry-run
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders:0,1 --shift-by -1 --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders --to-offset 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders --to-datetime 2026-01-01T00:00:00.000 --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group nobody
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group billing
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group billing
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic refunds --partitions 2
printf 'x\ny\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic refunds
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --topic orders --topic refunds --to-latest --dry-run --export
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group billing --group audit --topic refunds --to-earliest --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group billing --group audit --group nobody
