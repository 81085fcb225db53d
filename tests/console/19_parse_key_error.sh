kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic orders --from-beginning --timeout-ms 500
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true <<-'EOF'
	no separator here
	EOF
