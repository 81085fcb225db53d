# The ISR shrinks; acks=all with min.insync.replicas=2 refuses writes, acks=1 still writes
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3 --config min.insync.replicas=2
sim broker slow 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<END
order-1
END
sim time advance 20s
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
sim time advance 30s
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders --under-replicated-partitions
sim broker kill 2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders --under-min-isr-partitions
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders <<END
order-2
END
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property acks=1 <<END
order-3
END
sim broker normal 3
sim broker start 2
sim time advance 1s
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 2 --formatter-property print.offset=true
