kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 4
sim load start --id web --topic clicks --rate 100 --keys hot:web:80
sim consumer start --group analytics --member-id a1 --topics clicks --assignor roundrobin --processing-ms 20 --commit after --from-beginning
sim time advance 10s
sim load stop web
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group analytics
sim lose-acks --count 1
sim time now
sim tiem advance 1s
