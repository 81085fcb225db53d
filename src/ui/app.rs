//! The first page: create a topic, produce keyed records, watch them land in partitions.

use leptos::prelude::*;

use super::console::ConsolePane;

use super::lanes::Lanes;
use super::producer::Producer;
use super::state::{example_world, Playground};
use super::topic_form::TopicForm;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Playground::new(example_world()));
    view! {
        <a class="skip-link" href="#main">"Skip to the playground"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <p class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    "Kafka Playground"
                </p>
                <p class="site-header__tagline">"Learn Apache Kafka by doing, in your browser."</p>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            <h1 class="page__title">"Topics, partitions and offsets"</h1>
            <p class="page__lead">
                "Create a topic, send records with a key, and watch each record land in its partition at its offset. "
                "Everything runs here: a model of Kafka compiled to WebAssembly."
            </p>
            <div class="page__controls">
                <TopicForm />
                <Producer />
            </div>
            <Lanes />
            <ConsolePane />
        </main>
        <footer class="site-footer">
            <p>"Partitioning is murmur2 of the key, bit for bit as in the Java client. No data leaves your browser."</p>
        </footer>
    }
}
