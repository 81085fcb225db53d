# kafka-configs: topic overrides with their broker synonyms, an unknown topic, an unknown config
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic events --partitions 1 --config retention.ms=60000 --config cleanup.policy=compact
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name events --add-config min.insync.replicas=2,max.message.bytes=2000000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name events
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name nope
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name events --add-config colour=red
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic events --delete-config retention.ms
# without a name, --describe lists every topic; the checks of ConfigCommandOptions
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --add-config a=b
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topic --entity-name events
kafka-configs.sh --describe --entity-type topics --entity-name events
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type topics --entity-name events --verbos
