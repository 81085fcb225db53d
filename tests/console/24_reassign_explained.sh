# The seed material uses kafka-reassign-partitions to "reassign consumers": explain what it really does.
kafka-reassign-partitions.sh --bootstrap-server localhost:9092 --topics-to-move-json-file topics.json --execute
