kafka-topics.sh --bootstrap-server localhost:9092 --create --topic 'bad name!' --partitions 1
