kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --producer-property acks=1 --producer-property enable.idempotence=true <<EOF
x
EOF
