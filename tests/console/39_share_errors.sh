# kafka-share-groups.sh validation, missing groups, a group id of the other type
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group g --members --state
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group g --state Stable
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group g --all-groups
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group g --topic t
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group g
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --dry-run --execute
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --topic t --to-earliest --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --to-earliest --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-earliest --to-latest --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group g --topic t --to-datetime yesterday --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --group g
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --state busy
kafka-share-groups.sh --bootstrap-server localhost:9092 --members
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --describe
kafka-share-groups.sh --bootstrap-server localhost:9092 --lsit
kafka-share-groups.sh --list
kafka-share-groups.sh --bootstrap-server localhost:9092 --list --timeout soon
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --all-groups
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --all-groups
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group nobody
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group nobody
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete-offsets --group nobody --topic t
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 1
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group fresh --topic t:3 --to-earliest --dry-run
kafka-share-groups.sh --bootstrap-server localhost:9092 --reset-offsets --group fresh --topic t --to-latest --execute
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group fresh
sim consumer start --group classic --member-id c1 --topics t
sim share-consumer start --group classic --topics t
sim share-consumer start --group shared --member-id s1 --topics t
sim consumer start --group shared --member-id c2 --topics t
kafka-share-groups.sh --bootstrap-server localhost:9092 --describe --group classic
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group shared
kafka-consumer-groups.sh --bootstrap-server localhost:9092 --list
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group classic
kafka-share-groups.sh --bootstrap-server localhost:9092 --delete --group shared
sim share-consumer stop nobody
sim share-consumer start --group shared --topics t --ack sometimes
sim share-consumer start --group shared --topics t --on-failure reject
sim share-consumer start --topics t
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name shared --add-config share.auto.offset.reset=sometimes
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name shared --add-config share.record.lock.duration.ms=1000
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name shared --add-config share.unknown=1
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name shared --add-config share.delivery.count.limit=3,share.record.lock.duration.ms=20000
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type groups --entity-name shared
kafka-configs.sh --bootstrap-server localhost:9092 --alter --entity-type groups --entity-name shared --delete-config share.delivery.count.limit
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type groups --entity-name shared
kafka-configs.sh --bootstrap-server localhost:9092 --describe --entity-type groups --entity-name ghost
