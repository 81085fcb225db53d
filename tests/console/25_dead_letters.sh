# A poison record, as Spring Kafka's DefaultErrorHandler handles it: the listener fails on key
# "poison", the record is retried (3 attempts, 1 s apart), then DeadLetterPublishingRecoverer
# sends it to orders-dlt (same partition, Spring's headers) and the consumer moves on.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
sim consumer start --group billing --member-id billing-1 --topics orders --from-beginning --fail-key poison --max-attempts 3 --backoff-ms 1000 --dlt
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<EOF
alice:{"amount":10}
poison:{"amount":"ten"}
bob:{"amount":7}
carol:{"amount":3}
EOF
sim time advance 10s
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders-dlt --from-beginning --formatter-property print.partition=true --formatter-property print.headers=true --formatter-property print.key=true --max-messages 1
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group billing
# The same listener retrying forever, with no dead-letter topic: the member stalls on the
# poison record, processes nothing else, and lag grows on every partition it owns.
sim consumer start --group audit --member-id audit-1 --topics orders --from-beginning --fail-key poison --max-attempts unlimited --backoff-ms 1000
sim time advance 10s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group audit
printf 'dave:{"amount":1}\nerin:{"amount":2}\nfrank:{"amount":5}\n' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=:
sim time advance 10s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group audit
# Spring's defaults without a dead-letter topic: 10 attempts, then the default recoverer only
# logs the record and skips it. Lag is 0, yet the poison record was never processed.
sim consumer start --group reports --member-id reports-1 --topics orders --from-beginning --fail-key poison
sim time advance 10s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group reports
# Refused: a dead-letter topic that does not exist, and a share above 100%.
sim consumer start --group g --topics orders --fail-percent 5 --dlt-topic missing-dlt
sim consumer start --group g --topics orders --fail-percent 150
