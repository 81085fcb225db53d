# max.poll.interval.ms: a member whose batch takes longer leaves the group; its commit fails
# and the records it processed are processed again by the member that takes over
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic jobs --partitions 1
kafka-producer-perf-test.sh --topic jobs --num-records 50 --record-size 10 --throughput -1 --command-property bootstrap.servers=localhost:9092
sim consumer start --group workers --member-id slow --topics jobs --protocol consumer --from-beginning --processing-ms 1000 --max-poll-interval-ms 20000 --commit after
sim time advance 22s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --state
sim consumer start --group workers --member-id fast --topics jobs --protocol consumer --from-beginning --commit after
sim time advance 40s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers --members
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group workers
