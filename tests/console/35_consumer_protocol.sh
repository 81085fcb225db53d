# the consumer group protocol (KIP-848): the broker assigns (uniform), members move one
# heartbeat at a time, and the tools show the group type, epochs and target assignment
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 6
sim consumer start --group shop --member-id c1 --topics orders --protocol consumer
sim consumer start --group shop --member-id c2 --topics orders --protocol consumer
sim time advance 12s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --state --verbose
sim consumer start --group shop --member-id c3 --topics orders --protocol consumer
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
sim time advance 5s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
sim time advance 5s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group audit --from-beginning --timeout-ms 1000
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type consumer --state
sim consumer start --group shop --member-id old --topics orders
sim consumer start --group shop --member-id bad --topics orders --protocol consumer --assignor sticky
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group x --consumer-property group.protocol=consumer --consumer-property session.timeout.ms=10000
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group x --consumer-property group.protocol=classic --consumer-property group.remote.assignor=range
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group x --consumer-property group.protocol=consumer --consumer-property group.remote.assignor=sticky
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group x --consumer-property group.protocol=kip848
