# console producer (keys) and consumer with every print property
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders \
  --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:order-1
bob:order-2
carol:order-3
alice:order-4
EOF
echo 'no-key-value' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning \
  --formatter-property print.key=true --formatter-property print.partition=true --formatter-property print.offset=true --max-messages 5
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --partition 0 --offset 0 \
  --formatter-property print.timestamp=true --formatter-property print.key=true --formatter-property key.separator=' | ' --formatter-property print.headers=true --timeout-ms 2000
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list
