//! Leptos components: the only room that knows about the DOM.
//!
//! The domain (`engine::World`) lives in one signal inside [`Playground`], provided as
//! context; components turn form input into engine `Command`s and read views back.

mod app;
mod console;
mod input;
mod lanes;
mod load;
mod producer;
mod state;
mod topic_form;

pub use app::App;
pub use console::ConsolePane;
pub use lanes::{key_hue, Lane, Lanes};
pub use load::LoadGenerator;
pub use producer::{LastProduced, Producer, ProducerCounters, ProducerSettings};
pub use state::{example_world, use_playground, Playground, Produced, EXAMPLE_TOPIC};
pub use topic_form::{TopicForm, TopicPartitions, TopicRetention, MOVED_KEYS_SHOWN};

/// Mounts the app to `<body>`.
pub fn mount() {
    leptos::mount::mount_to_body(App);
}
