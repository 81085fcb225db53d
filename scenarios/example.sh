# A small topic with a few keyed orders: the same key always lands in the same partition.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --reader-property parse.key=true --reader-property key.separator=: <<'RECORDS'
user-1:{"item":"book","qty":1}
user-4:{"item":"pen","qty":3}
user-8:{"item":"mug","qty":2}
user-1:{"item":"lamp","qty":1}
user-4:{"item":"ink","qty":5}
RECORDS
