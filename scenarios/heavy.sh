# The heavy sandbox: 64 partitions, 16 consumers in one group, 10,000 records per second.
# One minute of retention keeps about 600,000 records stored, however long it runs.
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic events --partitions 64 --config retention.ms=60000
sim load start --id firehose --topic events --rate 10000 --keys uniform:5000
sim consumer start --group analytics --member-id analytics-01 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-02 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-03 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-04 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-05 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-06 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-07 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-08 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-09 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-10 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-11 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-12 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-13 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-14 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-15 --topics events --processing-ms 1
sim consumer start --group analytics --member-id analytics-16 --topics events --processing-ms 1
