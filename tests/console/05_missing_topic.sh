kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic nope
