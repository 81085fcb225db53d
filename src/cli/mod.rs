//! Kafka command-line emulation over the engine (parse + format).
