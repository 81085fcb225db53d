# a member that crashed stays in the Stable group, with its partitions, until its session
# times out (45 s): only its offsets stop and its lag grows
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 4
sim consumer start --group shop --member-id c1 --topics orders
sim consumer start --group shop --member-id c2 --topics orders
sleep 5
sim load start --id web --topic orders --rate 10 --keys uniform:20
sleep 5
sim consumer crash c2
sleep 10
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --state --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --verbose
sleep 40
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --type classic --state stable,empty
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list --state wobbly
# a join while a crashed member is silent: the rebalance waits for its session to time out; the
# coordinator still lists every member with the assignment it last handed out
sim consumer start --group cart --member-id k1 --topics orders
sim consumer start --group cart --member-id k2 --topics orders
sleep 5
sim consumer crash k2
sim consumer start --group cart --member-id k3 --topics orders
sleep 2
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group cart
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group cart --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group cart --state
