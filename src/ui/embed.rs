//! Embedding in a course page: the chrome-less mode (`?embed=1`, with optional `views=` and
//! `theme=`), the messages the page sends its host (`window.parent.postMessage`) and the few
//! it accepts back. The message shapes are documented in the README ("Embedding"); both
//! directions are plain serde types, so their JSON is tested natively.
//!
//! Nothing from the address or a message is ever inserted as markup: values are parsed into
//! these types and anything else is ignored.

use serde::{Deserialize, Serialize};

use crate::lesson::Panels;

use super::theme::Theme;

/// The message protocol's version, in every message both ways.
pub const PROTOCOL_VERSION: u32 = 1;
/// `source` of every message the page sends.
pub const SOURCE: &str = "kafka-playground";
/// Longest message accepted from the host (its JSON text).
const MAX_MESSAGE: usize = 1_000;

/// How the address asks the page to look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    pub embed: bool,
    /// `views=lanes,groups`: only these views (beside a lesson: those the step also shows).
    pub views: Option<Panels>,
    pub theme: Option<Theme>,
}

impl EmbedOptions {
    /// Reads the decoded query pairs. A bad `views` or `theme` value is ignored (the default
    /// look), never an error page: the host's page must keep working.
    pub fn from_pairs(pairs: &[(String, String)]) -> EmbedOptions {
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
        EmbedOptions {
            embed: matches!(get("embed"), Some("1" | "true" | "yes")),
            views: get("views")
                .filter(|v| v.len() <= 200)
                .and_then(|v| Panels::parse(v).ok()),
            theme: get("theme").and_then(Theme::parse),
        }
    }

    /// The views to show: the step's (or all), narrowed by `views=`.
    pub fn narrow(&self, p: Panels) -> Panels {
        let Some(v) = self.views else { return p };
        Panels {
            time: p.time && v.time,
            topics: p.topics && v.topics,
            producer: p.producer && v.producer,
            lanes: p.lanes && v.lanes,
            brokers: p.brokers && v.brokers,
            groups: p.groups && v.groups,
            lag: p.lag && v.lag,
            timeline: p.timeline && v.timeline,
            console: p.console && v.console,
        }
    }
}

/// What the page tells its host. Serialized with `"type"` naming the event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum HostEvent {
    /// A lesson page opened (also after a reload).
    LessonStarted {
        lesson: String,
        /// 1-based, as in the address.
        step: usize,
        steps: usize,
    },
    /// Every check of a step passed, or a step without checks was left with "Next".
    StepCompleted {
        lesson: String,
        step: usize,
        /// Steps done so far in this lesson.
        done: usize,
        steps: usize,
    },
    /// A question was answered (right or wrong), or a goal was met (always correct).
    CheckAnswered {
        lesson: String,
        step: usize,
        check: String,
        kind: CheckKind,
        correct: bool,
    },
    /// Every step of the lesson is done.
    LessonFinished { lesson: String, steps: usize },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    Question,
    Goal,
}

/// A message as it goes on the wire: `{"source":"kafka-playground","version":1,"type":…,…}`.
#[derive(Serialize)]
struct Outgoing<'a> {
    source: &'static str,
    version: u32,
    #[serde(flatten)]
    event: &'a HostEvent,
}

impl HostEvent {
    pub fn to_json(&self) -> String {
        serde_json::to_string(&Outgoing {
            source: SOURCE,
            version: PROTOCOL_VERSION,
            event: self,
        })
        .unwrap_or_default()
    }
}

/// What the host may ask. Anything not exactly of these shapes is ignored.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum HostCommand {
    /// Show step `step` (1-based) of the lesson on screen.
    GoToStep {
        target: String,
        version: u32,
        step: usize,
    },
    /// Set the current step's playground back to its start.
    Reset { target: String, version: u32 },
}

impl HostCommand {
    /// Parses a host message's JSON text; `None` for anything malformed, too long, of another
    /// version or not addressed to the playground.
    pub fn parse(json: &str) -> Option<HostCommand> {
        if json.len() > MAX_MESSAGE {
            return None;
        }
        let cmd: HostCommand = serde_json::from_str(json).ok()?;
        let (target, version) = match &cmd {
            HostCommand::GoToStep {
                target, version, ..
            }
            | HostCommand::Reset { target, version } => (target, *version),
        };
        (target == SOURCE && version == PROTOCOL_VERSION).then_some(cmd)
    }
}

/// Whether the page runs inside another page's frame.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn in_frame() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(w) = web_sys::window() else {
            return false;
        };
        match w.parent() {
            Ok(Some(p)) => !js_sys::Object::is(&p, &w),
            _ => false,
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// Tells the host page (if any) about progress. The messages hold nothing private (lesson
/// ids, step numbers, right or wrong), so any host origin may receive them.
pub fn notify_host(event: &HostEvent) {
    #[cfg(target_arch = "wasm32")]
    {
        if !in_frame() {
            return;
        }
        let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
            return;
        };
        if let Ok(value) = js_sys::JSON::parse(&event.to_json()) {
            let _ = parent.post_message(&value, "*");
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = event;
}

/// Listens for host messages; `on` gets each well-formed one.
pub fn listen_host(on: impl Fn(HostCommand) + 'static) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let handler =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                // Only the page that frames us may steer it.
                let from_parent = match (
                    ev.source(),
                    web_sys::window().and_then(|w| w.parent().ok().flatten()),
                ) {
                    (Some(src), Some(parent)) => js_sys::Object::is(&src, &parent),
                    _ => false,
                };
                if !from_parent {
                    return;
                }
                let Some(text) = js_sys::JSON::stringify(&ev.data())
                    .ok()
                    .and_then(|s| s.as_string())
                else {
                    return;
                };
                if let Some(cmd) = HostCommand::parse(&text) {
                    on(cmd);
                }
            });
        let _ =
            window.add_event_listener_with_callback("message", handler.as_ref().unchecked_ref());
        handler.forget();
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = on;
}

/// The `<iframe>` snippet a course author pastes: the page's own address with `embed=1`.
pub fn iframe_snippet(page_url: &str, title: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"760\" style=\"border:0;max-width:100%\" loading=\"lazy\"></iframe>",
        esc(page_url),
        esc(title)
    )
}

#[cfg(test)]
mod tests {
    use super::super::route::tests::pairs;
    use super::*;

    #[test]
    fn options_read_from_the_address_and_ignore_nonsense() {
        let o = EmbedOptions::from_pairs(&pairs(&[
            ("embed", "1"),
            ("views", "lanes, groups"),
            ("theme", "dark"),
        ]));
        assert!(o.embed);
        assert_eq!(o.theme, Some(Theme::Dark));
        let v = o.narrow(Panels::ALL);
        assert!(v.lanes && v.groups && !v.console && !v.producer);
        let bad = EmbedOptions::from_pairs(&pairs(&[
            ("embed", "<script>"),
            ("views", "sideways"),
            ("theme", "neon"),
        ]));
        assert_eq!(bad, EmbedOptions::default());
    }

    #[test]
    fn events_have_the_documented_shape() {
        let e = HostEvent::CheckAnswered {
            lesson: "hot-partition".into(),
            step: 3,
            check: "s3-q1".into(),
            kind: CheckKind::Question,
            correct: false,
        };
        assert_eq!(
            e.to_json(),
            r#"{"source":"kafka-playground","version":1,"type":"check-answered","lesson":"hot-partition","step":3,"check":"s3-q1","kind":"question","correct":false}"#
        );
        let f = HostEvent::LessonFinished {
            lesson: "x".into(),
            steps: 9,
        };
        assert_eq!(
            f.to_json(),
            r#"{"source":"kafka-playground","version":1,"type":"lesson-finished","lesson":"x","steps":9}"#
        );
    }

    #[test]
    fn only_well_formed_host_commands_are_accepted() {
        assert_eq!(
            HostCommand::parse(
                r#"{"target":"kafka-playground","version":1,"type":"go-to-step","step":3}"#
            ),
            Some(HostCommand::GoToStep {
                target: "kafka-playground".into(),
                version: 1,
                step: 3
            })
        );
        assert!(
            HostCommand::parse(r#"{"target":"kafka-playground","version":1,"type":"reset"}"#)
                .is_some()
        );
        for bad in [
            "",
            "null",
            "\"reset\"",
            r#"{"type":"reset"}"#,
            r#"{"target":"other","version":1,"type":"reset"}"#,
            r#"{"target":"kafka-playground","version":2,"type":"reset"}"#,
            r#"{"target":"kafka-playground","version":1,"type":"go-to-step","step":-1}"#,
            r#"{"target":"kafka-playground","version":1,"type":"go-to-step","step":"3"}"#,
            r#"{"target":"kafka-playground","version":1,"type":"go-to-step"}"#,
            r#"{"target":"kafka-playground","version":1,"type":"reset","html":"<b>"}"#,
            r#"{"target":"kafka-playground","version":1,"type":"delete-everything"}"#,
        ] {
            assert_eq!(HostCommand::parse(bad), None, "{bad}");
        }
        let long = format!(
            r#"{{"target":"kafka-playground","version":1,"type":"reset","x":"{}"}}"#,
            "a".repeat(2000)
        );
        assert_eq!(HostCommand::parse(&long), None);
    }

    #[test]
    fn the_snippet_escapes_its_attributes() {
        let s = iframe_snippet(
            "https://example.org/?lesson=a&step=1&embed=1",
            "Kafka \"lesson\"",
        );
        assert!(
            s.starts_with("<iframe src=\"https://example.org/?lesson=a&amp;step=1&amp;embed=1\""),
            "{s}"
        );
        assert!(s.contains("title=\"Kafka &quot;lesson&quot;\""));
    }
}
