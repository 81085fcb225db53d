# share groups (KIP-932): members share partitions, describe views, crash, reset, delete
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic tasks --partitions 2
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name workers --add-config share.auto.offset.reset=earliest
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type groups --entity-name workers
kafka-producer-perf-test.sh --topic tasks --num-records 30 --record-size 10 --throughput -1 --command-property bootstrap.servers=localhost:9092
sim share-consumer start --group workers --topics tasks --member-id w1 --processing-ms 200 --max-poll-records 5
sim share-consumer start --group workers --topics tasks --member-id w2 --client-id worker-2 --processing-ms 200 --max-poll-records 5
sim share-consumer start --group workers --topics tasks --member-id w3 --ack explicit --on-failure release --fail-percent 20 --processing-ms 200
sim time advance 2s
kafka-share-groups.sh --bootstrap-server localhost:9092 --list
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --state
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --state empty
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --verbose
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members --verbose
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --state --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list
sim share-consumer crash w3
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group workers --topic tasks --to-earliest --execute
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group workers
sim time advance 10s
sim share-consumer stop w1
sim share-consumer stop w2
sim time advance 50s
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --state
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --all-groups
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group workers --topic tasks:0 --to-earliest --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group workers --all-topics --to-latest --execute
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group workers
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group workers
kafka-share-groups.sh --bootstrap-server localhost:9092 --list
