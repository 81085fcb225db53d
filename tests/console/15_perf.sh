kafka-topics.sh --bootstrap-server localhost:9092 --create --topic perf --partitions 2
kafka-producer-perf-test.sh --topic perf --num-records 12000 --record-size 100 --throughput 1000 --command-property bootstrap.servers=localhost:9092 acks=1
kafka-producer-perf-test.sh --topic perf --num-records 10 --record-size 50 --throughput -1 --command-property bootstrap.servers=localhost:9092
