kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --if-not-exists
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
