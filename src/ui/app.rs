//! The playground page: time controls on top, controls beside the live views, the console
//! below. Every view is a component reading the page state, and `Views` switches each on or
//! off (lessons show only what a step needs).

use leptos::prelude::*;

use super::brokers::BrokersPanel;
use super::clock::start_clock;
use super::console::ConsolePane;
use super::groups::GroupsPanel;
use super::lag::LagPanel;
use super::lanes::Lanes;
use super::producer::Producer;
use super::scenarios::ScenarioPicker;
use super::state::{example_world, Playground};
use super::theme::ThemeToggle;
use super::time::TimeControls;
use super::timeline::Timeline;
use super::topic_form::TopicForm;

#[component]
pub fn App() -> impl IntoView {
    let pg = Playground::new(example_world());
    provide_context(pg);
    start_clock(pg);
    let shown = move |f: fn(&super::state::Views) -> bool| move || pg.views.with(f);
    view! {
        <a class="skip-link" href="#main">"Skip to the playground"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <p class="brand">
                    <span class="brand__mark" aria-hidden="true"></span>
                    "Kafka Playground"
                </p>
                <p class="site-header__tagline">"Learn Apache Kafka by doing, in your browser."</p>
                <div class="site-header__tools">
                    <ScenarioPicker />
                    <ThemeToggle />
                </div>
            </div>
        </header>
        <main id="main" class="page" tabindex="-1">
            <h1 class="page__title">"Kafka playground"</h1>
            <p class="page__lead">
                "Create topics, produce records, start and crash consumers, kill brokers, and watch partitions, assignments, replicas and lag move. "
                "Everything runs here, in a model of Kafka compiled to WebAssembly."
            </p>
            <Show when=shown(|v| v.time)>
                <TimeControls />
            </Show>
            <div class="workspace">
                <div class="workspace__side">
                    <Show when=shown(|v| v.topic_controls)>
                        <TopicForm />
                    </Show>
                    <Show when=shown(|v| v.producer)>
                        <Producer />
                    </Show>
                </div>
                <div class="workspace__main">
                    <Show when=shown(|v| v.lanes)>
                        <Lanes />
                    </Show>
                    <Show when=shown(|v| v.brokers)>
                        <BrokersPanel />
                    </Show>
                    <Show when=shown(|v| v.groups)>
                        <GroupsPanel />
                    </Show>
                    <Show when=shown(|v| v.lag)>
                        <LagPanel />
                    </Show>
                    <Show when=shown(|v| v.timeline)>
                        <Timeline />
                    </Show>
                </div>
            </div>
            <Show when=shown(|v| v.console)>
                <ConsolePane />
            </Show>
        </main>
        <footer class="site-footer">
            <p>"Partitioning is murmur2 of the key, bit for bit as in the Java client. No data leaves your browser."</p>
        </footer>
    }
}
