//! Help texts that belong to no single tool: the overview `help` prints, and the line shown for
//! the playground's own commands. Each Kafka tool keeps its `HELP` beside its code.

/// `help` with no argument.
pub(crate) const OVERVIEW: &str = "\
Kafka 4.3 tools, printing what Kafka 4.3.1 prints (type them as on a real machine; `.sh` is optional;
--bootstrap-server is required and ignored; --version prints the version):
  kafka-topics.sh            --create | --list | --describe | --alter | --delete  (topics)
  kafka-configs.sh           --alter/--describe --entity-type topics|groups --entity-name N  (topic and share group configs)
  kafka-console-producer.sh  --topic T   (one record per input line; Ctrl-D ends)
  kafka-console-consumer.sh  --topic T | --include REGEX  (prints records; Ctrl-C stops; & runs it in the background)
  kafka-consumer-groups.sh   --list | --describe | --reset-offsets | --delete  (consumer groups)
  kafka-share-groups.sh      --list | --describe | --reset-offsets | --delete  (share groups, KIP-932)
  kafka-console-share-consumer.sh --topic T [--group G] [--reject | --release]  (reads through a share group)
  kafka-producer-perf-test.sh --topic T --num-records N --record-size S --throughput R --command-property k=v…

Playground only (not Kafka commands):
  sim time advance 30s       move simulated time (ms, s, m, h); `sleep N` = N seconds
  sim consumer start --group G --member-id ID --topics a,b [--group-instance-id I] [--client-id C]
                     [--protocol classic|consumer]   group.protocol (classic, Kafka 4.3's default)
                     [--assignor range|roundrobin|sticky|cooperative-sticky]   classic: the client's assignor
                     [--assignor uniform|range]   consumer protocol: the broker's assignor (group.remote.assignor)
                     [--processing-ms N] [--commit auto|after|before|never] [--max-poll-interval-ms N]
                     [--fail-key K] [--fail-percent N]   records this consumer's listener fails on
                     [--max-attempts N|unlimited] [--backoff-ms N]   retries as Spring's DefaultErrorHandler (10, 0 ms)
                     [--dlt | --dlt-topic T]   then send to a dead-letter topic (--dlt: <topic>-dlt, created if missing)
  sim consumer stop ID [--group G]     clean shutdown (commit, leave)
  sim consumer crash ID [--group G]    the process dies: no commit, no LeaveGroup
  sim share-consumer start --group G --topics a,b [--member-id ID] [--client-id C] [--processing-ms N]
                     [--max-poll-records N] [--ack implicit|explicit] [--on-failure release|reject]
                     [--fail-key K] [--fail-percent N]   a KafkaShareConsumer (KIP-932) in share group G
  sim share-consumer stop ID [--group G]    close(): acknowledge, release the rest, leave
  sim share-consumer crash ID [--group G]   the process dies: its records are released at once
  sim load start --id L --topic T --rate N [--value-size S] [--producer P] [--acks 0|1|all]
                 [--keys none|one:KEY|uniform:N|hot:KEY:PCT|channel-minute:web,app,store:PCT|channel-user:web,app:PCT:USERS]
  sim load stop L
  sim lose-acks --count N [--producer P]   the next N sends lose their acknowledgement
  sim broker kill ID | start ID   stop a broker process / bring it back with its log
  sim broker slow ID [--rate N]   its followers copy N records/s per partition (0: none)
  sim broker normal ID | add | list   followers keep up again / a new broker / status
  sim lost                                 records lost to leader changes (the loss ledger)
  sim seed N | sim reset                   start over (with another seed)
  jobs, kill %N                            background consumers
Type `help COMMAND` for one command's options.";

/// `help sim`.
pub(crate) const SIM: &str = "sim: playground-only commands. Type `help` to see them all.";
/// `help` for the shell's own commands (`help`, `sleep`, `echo`, `jobs`, `kill`).
pub(crate) const BUILTIN: &str = "Type `help` for the list of commands.";
