# kafka-topics: create, list, describe, alter, delete
kafka-topics.sh --bootstrap-server localhost:9092 --list
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 2
kafka-topics --bootstrap-server localhost:9092 --create --topic payments --partitions 2 \
  --config retention.ms=60000 --config cleanup.policy=delete
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic user.events
kafka-topics.sh --bootstrap-server localhost:9092 --list
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic orders --partitions 4
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic 'pay.*'
kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic user.events
kafka-topics.sh --bootstrap-server localhost:9092 --list
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name orders --add-config retention.ms=3600000,min.insync.replicas=2
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name orders
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name orders --delete-config retention.ms
kafka-topics.sh --bootstrap-server localhost:9092 --describe
