kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<EOF
a
b
