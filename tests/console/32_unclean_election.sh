# Unclean leader election: an out-of-sync replica leads and acknowledged records are lost
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic audit --partitions 1 --replication-factor 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic audit <<END
on-both-replicas
END
sim time advance 1s
sim broker slow 2
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic audit <<END
leader-only-1
leader-only-2
END
sim time advance 45s
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic audit
sim broker kill 1
kafka-topics.sh --bootstrap-server localhost:9092 --describe --unavailable-partitions
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic audit <<END
nowhere-to-go
END
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name audit --add-config unclean.leader.election.enable=true
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic audit
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic audit --from-beginning --max-messages 1 --formatter-property print.offset=true --formatter-property print.epoch=true
sim broker start 1
sim broker normal 2
sim time advance 1s
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic audit
sim lost
