kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property acks=1 --command-property enable.idempotence=true <<EOF
x
EOF
