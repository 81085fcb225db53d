//! TEMPORARY stub (replaced by the faithful port of Kafka's assignors).
use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::engine::TopicPartition;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum AssignorKind { Range, RoundRobin, Sticky, CooperativeSticky }
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RebalanceProtocol { Eager, Cooperative }
impl AssignorKind {
    pub const ALL: [AssignorKind; 4] = [AssignorKind::Range, AssignorKind::RoundRobin, AssignorKind::Sticky, AssignorKind::CooperativeSticky];
    pub fn name(self) -> &'static str { match self { Self::Range => "range", Self::RoundRobin => "roundrobin", Self::Sticky => "sticky", Self::CooperativeSticky => "cooperative-sticky" } }
    pub fn class_name(self) -> &'static str { self.name() }
    pub fn from_name(s: &str) -> Option<Self> { Self::ALL.into_iter().find(|k| k.name() == s) }
    pub fn protocol(self) -> RebalanceProtocol { if self == Self::CooperativeSticky { RebalanceProtocol::Cooperative } else { RebalanceProtocol::Eager } }
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription { pub member_id: String, pub group_instance_id: Option<String>, pub topics: Vec<String>, pub owned_partitions: Vec<TopicPartition>, pub generation: Option<i32> }
pub fn java_string_cmp(a: &str, b: &str) -> Ordering { a.encode_utf16().cmp(b.encode_utf16()) }
pub fn member_info_cmp(a: &Subscription, b: &Subscription) -> Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => java_string_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_string_cmp(&a.member_id, &b.member_id),
    }
}
pub fn assign(_kind: AssignorKind, ppt: &BTreeMap<String, u32>, subs: &[Subscription]) -> BTreeMap<String, Vec<TopicPartition>> {
    let mut out: BTreeMap<String, Vec<TopicPartition>> = subs.iter().map(|s| (s.member_id.clone(), Vec::new())).collect();
    for (t, &n) in ppt {
        let mut ms: Vec<&Subscription> = subs.iter().filter(|s| s.topics.contains(t)).collect();
        ms.sort_by(|a, b| member_info_cmp(a, b));
        let c = ms.len() as u32; if c == 0 { continue; }
        let mut p = 0;
        for (i, m) in ms.iter().enumerate() {
            let k = n / c + u32::from((i as u32) < n % c);
            for q in p..p + k { out.entry(m.member_id.clone()).or_default().push(TopicPartition::new(t.clone(), q)); }
            p += k;
        }
    }
    out
}
