//! How a group shares out partitions, as one choice: the classic protocol with a client-side
//! assignor (`partition.assignment.strategy`), or the consumer protocol (KIP-848) with a
//! server-side one (`group.remote.assignor`).

use crate::engine::{AssignorKind, Command, ConsumerConfig, GroupProtocol, ServerAssignor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    Classic(AssignorKind),
    Consumer(ServerAssignor),
}

impl Strategy {
    /// Every choice, classic first (Kafka 4.3's default protocol).
    pub fn all() -> impl Iterator<Item = Strategy> {
        AssignorKind::ALL
            .into_iter()
            .map(Strategy::Classic)
            .chain(ServerAssignor::ALL.into_iter().map(Strategy::Consumer))
    }

    /// The choices within one protocol (switching protocol means other consumers).
    pub fn same_protocol(self) -> impl Iterator<Item = Strategy> {
        Strategy::all().filter(move |s| s.protocol() == self.protocol())
    }

    pub fn protocol(self) -> GroupProtocol {
        match self {
            Strategy::Classic(_) => GroupProtocol::Classic,
            Strategy::Consumer(_) => GroupProtocol::Consumer,
        }
    }

    /// The option value: `classic:range`, `consumer:uniform`.
    pub fn value(self) -> String {
        match self {
            Strategy::Classic(k) => format!("classic:{}", k.name()),
            Strategy::Consumer(a) => format!("consumer:{}", a.name()),
        }
    }

    pub fn parse(value: &str) -> Option<Strategy> {
        Strategy::all().find(|s| s.value() == value)
    }

    /// The assignor's own name.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Classic(k) => k.name(),
            Strategy::Consumer(a) => a.name(),
        }
    }

    /// What a learner reads in a menu.
    pub fn label(self) -> String {
        match self {
            Strategy::Classic(k) => {
                let class = k.class_name().rsplit('.').next().unwrap_or(k.name());
                let default = if k == AssignorKind::Range {
                    ", Kafka's default"
                } else {
                    ""
                };
                format!("classic · {} ({class}{default})", k.name())
            }
            Strategy::Consumer(ServerAssignor::Uniform) => {
                "consumer protocol · uniform (the broker's default)".into()
            }
            Strategy::Consumer(a) => format!("consumer protocol · {}", a.name()),
        }
    }

    /// The consumer settings this choice makes.
    pub fn apply(self, config: &mut ConsumerConfig) {
        config.protocol = self.protocol();
        match self {
            Strategy::Classic(k) => {
                config.assignor = k;
                config.remote_assignor = None;
            }
            Strategy::Consumer(a) => config.remote_assignor = Some(a),
        }
    }

    /// What a member runs with.
    pub fn of(
        config_protocol: GroupProtocol,
        assignor: AssignorKind,
        remote: Option<ServerAssignor>,
    ) -> Strategy {
        match config_protocol {
            GroupProtocol::Classic => Strategy::Classic(assignor),
            GroupProtocol::Consumer => {
                Strategy::Consumer(remote.unwrap_or(ServerAssignor::Uniform))
            }
        }
    }

    /// The command that restarts a group's members with this assignor.
    pub fn switch_command(self, group: String) -> Command {
        match self {
            Strategy::Classic(assignor) => Command::SetGroupAssignor { group, assignor },
            Strategy::Consumer(assignor) => Command::SetGroupRemoteAssignor { group, assignor },
        }
    }
}
