# kafka-console-share-consumer.sh: reading through a share group, --max-messages, --timeout-ms, --reject, --release
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 1
printf 'a\nb\nc\nd\ne\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic jobs
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --timeout-ms 2000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name console-share-consumer --add-config share.auto.offset.reset=earliest
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group console-share-consumer --topic jobs --to-earliest --execute
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --max-messages 3 --formatter-property print.offset=true --formatter-property print.delivery=true
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group console-share-consumer
# d and e were fetched but not printed: released on close, they come back with delivery count 2
# (after the next heartbeat, up to 5 s: the last target assignment is less than 1 s old)
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --timeout-ms 6000 --formatter-property print.delivery=true
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group console-share-consumer
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name rejecters --add-config share.auto.offset.reset=earliest
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group rejecters --reject --timeout-ms 2000
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group rejecters
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name releasers --add-config share.auto.offset.reset=earliest,share.delivery.count.limit=2
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group releasers --release --timeout-ms 3000 --formatter-property print.delivery=true
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group releasers
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --reject --release
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --group g
kafka-console-share-consumer.sh --topic jobs
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --from-beginning
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --group a --command-property group.id=b
kafka-console-share-consumer.sh --bootstrap-server localhost:9092 --topic jobs --command-property auto.offset.reset=earliest
