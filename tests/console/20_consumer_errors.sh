kafka-console-consumer.sh --bootstrap-server localhost:9092 --group g --partition 0 --topic t
