kafka-topic.sh --list
