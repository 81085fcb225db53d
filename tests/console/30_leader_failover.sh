# Leader failover: a broker dies, an in-sync replica takes over, nothing acknowledged is lost
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 2 --replication-factor 3 --config min.insync.replicas=2
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
sim load start --id pay --topic payments --rate 50 --keys uniform:20
sim consumer start --group ledger --member-id l1 --topics payments --from-beginning
sim time advance 10s
sim broker kill 1
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
kafka-topics.sh --bootstrap-server localhost:9092 --describe --under-replicated-partitions
sim time advance 10s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group ledger
sim broker start 1
sim time advance 1s
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
sim time advance 5m
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic payments
sim brokers
sim lost
