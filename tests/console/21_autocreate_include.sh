echo hello | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic new-topic
kafka-console-consumer.sh --bootstrap-server localhost:9092 --include 'new-.*' --from-beginning --max-messages 1
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic new-topic
help kafka-topics
