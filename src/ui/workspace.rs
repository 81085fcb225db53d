//! The playground's stage, shown by the sandbox page and beside a lesson: the time controls,
//! the cluster map (the one live picture), and the dock under it with the console and the
//! other views as tabs. It fills the box the page gives it, so the page itself need not scroll.
//! `Views` decides what is offered (a lesson step shows only what it needs).

use leptos::prelude::*;

use super::dock::DockPanel;
use super::map::ClusterMap;
use super::state::use_playground;
use super::time::TimeControls;

#[component]
pub fn PlaygroundViews() -> impl IntoView {
    let pg = use_playground();
    view! {
        <div class="stage" data-testid="stage">
            <Show when=move || pg.views.with(|v| v.time)>
                <div class="stage__bar">
                    <TimeControls />
                </div>
            </Show>
            <div class="stage__map">
                <ClusterMap />
            </div>
            <DockPanel />
        </div>
    }
}
