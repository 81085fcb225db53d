//! Leptos components: the only room that knows about the DOM.
//!
//! The domain (`engine::World`) lives in one signal inside [`Playground`], provided as
//! context; components turn form input into engine `Command`s and read views back.

mod app;
mod brokers;
mod clock;
mod console;
mod dock;
mod embed;
mod focus;
mod groups;
mod input;
mod lag;
mod lanes;
mod lessons;
mod load;
mod map;
mod producer;
mod prose;
mod route;
mod scenarios;
mod share;
mod state;
mod text;
mod theme;
mod time;
mod timeline;
mod topic_form;
mod traffic;
mod workspace;

pub use crate::lesson::example_world;
pub use app::App;
pub use brokers::{BrokersPanel, PARTITIONS_SHOWN};
pub use clock::start_clock;
pub use console::ConsolePane;
pub use dock::{offered_tabs, shown_tab, use_dock, Dock, DockPanel, Tab};
pub use embed::{
    iframe_snippet, CheckKind, EmbedOptions, HostCommand, HostEvent, PROTOCOL_VERSION,
};
pub use groups::{GroupsPanel, DEFAULT_GROUP};
pub use lag::{lag_chart, LagChart, LagPanel};
pub use lanes::{key_hue, Lane, Lanes};
pub use lessons::{
    find_lesson, open_lesson_texts, opened_lessons, LessonDrop, LessonList, LessonPage, Opened,
    Saved, PROGRESS_KEY,
};
pub use load::LoadGenerator;
pub use map::ClusterMap;
pub use producer::{LastProduced, Producer, ProducerCounters, ProducerSettings};
pub use route::{Route, RouteLink, Router};
pub use scenarios::{
    build as build_scenario, scenario, use_loaded, Loaded, Scenario, ScenarioPicker, SCENARIOS,
};
pub use share::{open_link, CopyBox, SharePanel};
pub use state::{
    use_playground, ConsoleLine, Future, LineKind, Playground, Produced, Views, EXAMPLE_TOPIC,
    SPEEDS, STEP_MS,
};
pub use theme::{Theme, ThemeToggle};
pub use time::{clock_text, TimeControls};
pub use timeline::Timeline;
pub use topic_form::{TopicForm, TopicPartitions, TopicRetention, MOVED_KEYS_SHOWN};
pub use traffic::Traffic;
pub use workspace::PlaygroundViews;

/// Mounts the app to `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}
