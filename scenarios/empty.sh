# Nothing yet: create a topic in the Topic panel or with kafka-topics.sh --create.
