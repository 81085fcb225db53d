kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property acks=1 --command-property enable.idempotence=true <<EOF
x
EOF
echo 'a' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property null.marker=,
echo 'a' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property headers.separator=: --command-property acks=2
echo 'a' | kafka-console-producer.sh --topic orders
echo 'a' | kafka-console-producer.sh --bootstrap-server localhost --topic orders
