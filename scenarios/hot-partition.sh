# One channel sends 80% of the orders. Its key always hashes to the same partition, so one
# consumer falls behind while the others wait.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 6
sim load start --id checkout --topic orders --rate 400 --keys channel:web,app,store,partner:80
sim consumer start --group order-service --member-id order-service-1 --topics orders --processing-ms 5
sim consumer start --group order-service --member-id order-service-2 --topics orders --processing-ms 5
sim consumer start --group order-service --member-id order-service-3 --topics orders --processing-ms 5
