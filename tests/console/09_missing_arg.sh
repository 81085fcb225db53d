kafka-topics.sh --bootstrap-server localhost:9092 --create --partitions 3
