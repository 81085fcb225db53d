# members, a background console consumer, reset refused on an active group
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic payments --partitions 2
sim consumer start --group shop --member-id c1 --topics orders,payments
sim consumer start --group shop --member-id c2 --group-instance-id shop-2 --client-id app --topics orders,payments
sim time advance 4s
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members --verbose
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --state
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group shop --topic orders --to-earliest --execute
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --delete --group shop
sim consumer stop c1
sim consumer crash c2
sleep 50
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shop --members
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --group audit --formatter-property print.key=true &
sleep 4
echo 'k:hello' | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=:
sleep 1
jobs
kill %1
