# Kafka 4.2 renamed options (KIP-1147): the old names still work, with a deprecation warning
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2
echo 'k1:v1' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=: --producer-property acks=all
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 1 --property print.key=true --consumer-property client.id=old-names
kafka-producer-perf-test.sh --topic orders --num-records 5 --record-size 10 --throughput -1 --producer-props bootstrap.servers=localhost:9092
# old and new together are refused
echo 'x' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=false --reader-property parse.key=false
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --property print.key=true --formatter-property print.value=true
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --consumer-property a=b --command-property a=b
kafka-producer-perf-test.sh --topic orders --num-records 5 --record-size 10 --throughput -1 --producer-props acks=1 --command-property acks=1
# removed in Kafka 4.0
echo 'x' | kafka-console-producer.sh --broker-list localhost:9092 --topic orders
# the new names are what completion offers and "did you mean" suggests
echo 'x' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --proprety parse.key=false
kafka-topics.sh --version
