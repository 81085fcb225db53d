# the online upgrade and downgrade (group.consumer.migration.policy=bidirectional, Kafka's
# default): a consumer-protocol member turns a classic group into a consumer group, classic
# members stay in it, and the group turns classic again when the last one of the new kind leaves
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 4
sim consumer start --group shop --member-id old-1 --topics orders --assignor cooperative-sticky
sim consumer start --group shop --member-id old-2 --topics orders --assignor cooperative-sticky
sim time advance 5s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type
sim consumer start --group shop --member-id new-1 --topics orders --protocol consumer
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type
sim time advance 10s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --state --verbose
sim consumer stop new-1
sim time advance 5s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
