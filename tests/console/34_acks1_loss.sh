# acks=1: the leader acknowledges before followers copy; if it dies then, the record is lost
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic clicks --partitions 1 --replication-factor 3
sim load start --id web --topic clicks --rate 200 --producer web-app --acks 1 --keys none
sim time advance 2s
sim broker kill 1
sim lost
sim load stop web
# the same with acks=all: the dead leader's unacknowledged records are sent again
sim load start --id web2 --topic clicks --rate 200 --producer web-app-2 --acks all --keys none
sim time advance 2s
sim broker start 1
sim time advance 1s
sim broker kill 2
sim lost
