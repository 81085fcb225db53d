kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --grop g
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --to-latest
kafka-console-consumer.sh --bootstrap-server localhost:9092
kafka-console-consumer.sh --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --offset 5
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --partition 0 --offset -3
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic t --from-beginning --command-property auto.offset.reset=latest
kafka-console-producer.sh --bootstrap-server localhost:9092
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t --command-property acks=2
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 0
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t2 --replication-factor 4
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --partitions 2 --config x=y
kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic missing
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name t --add-config colour=red
sleep soon
sim consumer start --group g --topics nope-not-there --member-id m --assignor best
kafka-consumer-groups.sh --validate-regex 'orders-.*'
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group g --state stable
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --members
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group g --topic t
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-offset x --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --execute
kafka-consumer-groups.sh
kafka-console-consumer.sh
