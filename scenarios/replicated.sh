# Three brokers and a topic stored three times. Producers wait for every in-sync replica
# (acks=all) and at least two must be in sync (min.insync.replicas=2). Kill a broker in the
# broker view and watch leaders move, the ISR shrink and nothing acknowledged get lost.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 3 --replication-factor 3 --config min.insync.replicas=2
sim load start --id checkout --topic payments --rate 40 --keys uniform:50 --acks all --producer checkout-service
sim consumer start --group ledger --member-id ledger-1 --topics payments --processing-ms 5
sim time advance 5s
