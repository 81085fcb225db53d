# A lost acknowledgement: retries duplicate without idempotence, and do not with it
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 1 --replication-factor 3
sim lose-acks --count 1 --producer console-producer
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property enable.idempotence=false --command-property client.id=console-producer <<END
order-1
END
sim lose-acks --count 1 --producer console-producer
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --command-property client.id=console-producer <<END
order-2
END
sim time advance 1s
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --max-messages 3 --formatter-property print.offset=true
