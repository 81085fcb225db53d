kafka-topics.sh --bootstrap-server localhost:9092 --topic orders
