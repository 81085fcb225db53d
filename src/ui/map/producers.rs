//! Producers on the left: the console producer (records typed by the learner) and each load
//! generator writing to the map's topic, with its rate and key strategy.

use leptos::prelude::*;

use super::layout::{chars_in, fit};
use super::{use_playground, MapCtx};
use crate::engine::DEFAULT_PRODUCER;

/// A producer as the map draws it: (id, name, rate line, keys line).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ProducerSnap {
    pub id: String,
    pub name: String,
    pub rate: String,
    pub keys: String,
}

/// The producers writing to `topic`: the console producer first, then the load generators.
pub(crate) fn producers_of(w: &crate::engine::World, topic: &str) -> Vec<ProducerSnap> {
    let console = w.producer_view(DEFAULT_PRODUCER);
    let mut out = vec![ProducerSnap {
        id: DEFAULT_PRODUCER.into(),
        name: "you (console)".into(),
        rate: format!("{} sent by hand", console.sent),
        keys: format!("acks={}", console.acks),
    }];
    out.extend(
        w.loads()
            .into_iter()
            .filter(|l| l.topic == topic)
            .map(|l| ProducerSnap {
                name: l.id.clone(),
                id: l.id,
                rate: format!("{} rec/s", l.rate_per_sec),
                keys: l.keys,
            }),
    );
    out
}

#[component]
pub fn ProducerColumn() -> impl IntoView {
    let pg = use_playground();
    let ctx = expect_context::<MapCtx>();
    let layout = ctx.layout;
    let list = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| producers_of(w, &topic))
    });
    let slots = Memo::new(move |_| {
        let n = list.with(Vec::len);
        layout.with(|l| l.producer_slots(n))
    });
    view! {
        <g class="cmap__producers">
            <text class="cmap__col-head" aria-hidden="true" x=move || layout.with(|l| l.prod_x) y="18">"producers"</text>
            <text class="cmap__col-head" aria-hidden="true" x=move || layout.with(|l| l.label_x) y="18">"partitions"</text>
            <text class="cmap__col-head" aria-hidden="true" x=move || layout.with(|l| l.badges_x) y="18">"replicas"</text>
            <text class="cmap__col-head" aria-hidden="true" x=move || layout.with(|l| l.member_x) y="18">"consumers"</text>
            <For
                each={move || list.get().into_iter().enumerate().collect::<Vec<_>>()}
                key=|p| p.clone()
                children=move |(i, p)| {
                    let slot = move || slots.with(|s| s.get(i).copied()).unwrap_or((0.0, 0.0));
                    let lines = move || slot().1 >= 44.0;
                    let aria = format!("Producer {}: {}, {}", p.name, p.rate, p.keys);
                    let ProducerSnap { id, name, rate, keys } = p;
                    let (rate2, keys2) = (rate.clone(), keys.clone());
                    view! {
                        <g class="cmap__producer" data-testid="map-producer" data-producer=id role="img" aria-label=aria>
                            <rect x=move || layout.with(|l| l.prod_x) y=move || slot().0
                                width=move || layout.with(|l| l.prod_w) height=move || slot().1 rx="6" />
                            <path class="cmap__feed" d=move || layout.with(|l| {
                                let (y, h) = slot();
                                let top = l.rows_top;
                                let bottom = l.rows_top + l.row_h * f64::from(l.partitions.max(1));
                                let x0 = l.prod_x + l.prod_w;
                                let x1 = l.label_x - 3.0;
                                format!("M{x0:.1} {:.1}C{:.1} {:.1} {:.1} {top:.1} {x1:.1} {top:.1}M{x0:.1} {:.1}C{:.1} {:.1} {:.1} {bottom:.1} {x1:.1} {bottom:.1}",
                                    y + h / 2.0, (x0 + x1) / 2.0, y + h / 2.0, (x0 + x1) / 2.0,
                                    y + h / 2.0, (x0 + x1) / 2.0, y + h / 2.0, (x0 + x1) / 2.0)
                            }) />
                            <text class="cmap__producer-name" x=move || layout.with(|l| l.prod_x + 5.0) y=move || slot().0 + 14.0>
                                {move || fit(&name, layout.with(|l| chars_in(l.prod_w - 8.0, 11.0)))}
                            </text>
                            <Show when=move || { slot().1 >= 28.0 }>
                                <text class="cmap__producer-rate" x=move || layout.with(|l| l.prod_x + 5.0) y=move || slot().0 + 28.0>
                                    {let rate = rate2.clone(); move || fit(&rate, layout.with(|l| chars_in(l.prod_w - 8.0, 10.0)))}
                                </text>
                            </Show>
                            <Show when=lines>
                                <text class="cmap__producer-keys" x=move || layout.with(|l| l.prod_x + 5.0) y=move || slot().0 + 41.0>
                                    {let keys = keys2.clone(); move || fit(&keys, layout.with(|l| chars_in(l.prod_w - 8.0, 10.0)))}
                                </text>
                            </Show>
                        </g>
                    }
                }
            />
        </g>
    }
}
