//! The playground's views as one block (time controls, controls beside the live views, the
//! console below), shown by the sandbox page and beside a lesson. `Views` switches each on or
//! off (lessons show only what a step needs).

use leptos::prelude::*;

use super::brokers::BrokersPanel;
use super::console::ConsolePane;
use super::groups::GroupsPanel;
use super::lag::LagPanel;
use super::lanes::Lanes;
use super::producer::Producer;
use super::state::{use_playground, Views};
use super::time::TimeControls;
use super::timeline::Timeline;
use super::topic_form::TopicForm;

#[component]
pub fn PlaygroundViews() -> impl IntoView {
    let pg = use_playground();
    let shown = move |f: fn(&Views) -> bool| move || pg.views.with(f);
    let side = move || pg.views.with(|v| v.topics || v.producer);
    view! {
        <Show when=shown(|v| v.time)>
            <TimeControls />
        </Show>
        <div class="workspace" class:workspace--single=move || !side()>
            <Show when=side>
                <div class="workspace__side">
                    <Show when=shown(|v| v.topics)>
                        <TopicForm />
                    </Show>
                    <Show when=shown(|v| v.producer)>
                        <Producer />
                    </Show>
                </div>
            </Show>
            <div class="workspace__main">
                <div style="height: min(65vh, 560px); margin-bottom: 1rem"><super::map::ClusterMap /></div>
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
    }
}
