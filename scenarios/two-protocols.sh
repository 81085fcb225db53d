# The same workload read by two groups: one on the classic protocol (range, eager), one on the
# consumer protocol (KIP-848, the broker's uniform assignor). Add a member to each from its
# menu on the map and watch: the classic group stops every member and reassigns everything; the
# consumer group moves one partition, one heartbeat at a time, while the others keep reading.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 6
sim load start --id checkout --topic orders --rate 300 --keys uniform:100
sim consumer start --group classic-app --member-id classic-1 --topics orders --processing-ms 5
sim consumer start --group classic-app --member-id classic-2 --topics orders --processing-ms 5
sim consumer start --group modern-app --member-id modern-1 --topics orders --protocol consumer --processing-ms 5
sim consumer start --group modern-app --member-id modern-2 --topics orders --protocol consumer --processing-ms 5
sim time advance 12s
