kafka-topics.sh --list
