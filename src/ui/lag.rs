//! Lag: per group and per partition, live, and a chart of each partition's lag over the last
//! five simulated minutes (sampled once per simulated second by the engine). A hot partition
//! shows as one line climbing while the rest stay flat, and a fix shows as it draining.

use leptos::prelude::*;

use super::state::use_playground;
use crate::engine::timeline::{SAMPLES_KEPT, SAMPLE_MS};
use crate::engine::TopicPartition;

/// Chart size in SVG user units (it scales to the panel's width).
const W: f64 = 600.0;
const H: f64 = 180.0;
/// The chart's narrowest window, in simulated ms.
const MIN_SPAN_MS: u64 = 30_000;
/// Partitions drawn in colour (the ones with the most lag); the rest are drawn in grey.
const COLOURED: usize = 6;
const LINE_HUES: [u32; COLOURED] = [0, 215, 130, 35, 280, 185];

/// One partition's line: its name, current lag and SVG points.
#[derive(Clone, Debug, PartialEq)]
pub struct LagLine {
    pub partition: TopicPartition,
    pub lag: u64,
    pub points: String,
    /// Index into `LINE_HUES`, or `None` for a grey line.
    pub colour: Option<usize>,
}

/// The chart's data for a group: lines and the y-axis maximum.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LagChart {
    pub lines: Vec<LagLine>,
    pub max: u64,
}

/// Builds the chart from the engine's samples. The x axis spans the last five minutes ending
/// at the newest sample.
pub fn lag_chart(world: &crate::engine::World, group: &str) -> LagChart {
    let Some(series) = world.lag_series(group) else {
        return LagChart::default();
    };
    let newest = series
        .values()
        .filter_map(|s| s.back().map(|(at, _)| *at))
        .max()
        .unwrap_or(0);
    // The window fits the data until five minutes have passed, so a short lesson's first
    // half-minute fills the chart instead of a sliver at its right edge.
    let oldest = series
        .values()
        .filter_map(|s| s.front().map(|(at, _)| *at))
        .min()
        .unwrap_or(newest);
    let span = newest
        .saturating_sub(oldest)
        .clamp(MIN_SPAN_MS, SAMPLE_MS * SAMPLES_KEPT as u64);
    let max = series
        .values()
        .flat_map(|s| s.iter().map(|(_, v)| *v))
        .max()
        .unwrap_or(0)
        .max(10);
    let x = |at: u64| W - (newest.saturating_sub(at) as f64 / span as f64) * W;
    let y = |v: u64| H - (v as f64 / max as f64) * (H - 4.0);
    let mut lines: Vec<LagLine> = series
        .iter()
        .map(|(tp, s)| LagLine {
            partition: tp.clone(),
            lag: s.back().map_or(0, |(_, v)| *v),
            points: s
                .iter()
                .map(|(at, v)| format!("{:.1},{:.1}", x(*at), y(*v)))
                .collect::<Vec<_>>()
                .join(" "),
            colour: None,
        })
        .collect();
    let mut order: Vec<usize> = (0..lines.len()).collect();
    crate::engine::sort::sort_by(&mut order, |a, b| {
        lines[*b].lag.cmp(&lines[*a].lag).then(a.cmp(b))
    });
    for (rank, i) in order.into_iter().take(COLOURED).enumerate() {
        if lines[i].lag > 0 {
            lines[i].colour = Some(rank);
        }
    }
    LagChart { lines, max }
}

/// The consumer group a page is about (a lesson step's goals name it): the lag chart follows it.
#[derive(Clone, Copy)]
pub struct FocusGroup(pub Signal<Option<String>>);

/// A partition's lag in the group's current view (0 if the group does not have it).
fn live_lag(view: &Option<Vec<PartLag>>, tp: &TopicPartition) -> u64 {
    view.as_ref()
        .and_then(|v| v.iter().find(|p| p.0 == *tp))
        .map_or(0, |p| p.2)
}

/// A partition's position and lag now: committed offset (a share group's start offset), lag.
type PartLag = (TopicPartition, Option<u64>, u64);

/// A consumer or share group's lag per partition now.
fn lag_now(w: &crate::engine::World, g: &str) -> Option<Vec<PartLag>> {
    if let Some(v) = w.group_view(g) {
        return Some(
            v.partitions
                .into_iter()
                .map(|p| (p.partition, p.committed, p.lag))
                .collect(),
        );
    }
    w.share_group_view(g).map(|v| {
        v.partitions
            .into_iter()
            .map(|p| (p.partition, Some(p.start), p.lag))
            .collect()
    })
}

#[component]
pub fn LagPanel() -> impl IntoView {
    let pg = use_playground();
    let groups = Memo::new(move |_| {
        pg.world.with(|w| {
            let mut names = w.group_names();
            names.extend(w.share_group_names());
            names
        })
    });
    let chosen = RwSignal::new(String::new());
    let focus = use_context::<FocusGroup>();
    // Until the learner picks one: the group the lesson step talks about, else the group with
    // the most members (a console consumer's own group does not steal the chart).
    let group = Memo::new(move |_| {
        let names = groups.get();
        let c = chosen.get();
        if names.contains(&c) {
            return c;
        }
        if let Some(f) = focus.and_then(|f| f.0.get()) {
            if names.contains(&f) {
                return f;
            }
        }
        pg.world.with(|w| {
            names
                .iter()
                .max_by_key(|n| {
                    let members = w
                        .group_view(n)
                        .map(|v| v.members.len())
                        .or_else(|| w.share_group(n).map(|g| g.members.len()))
                        .unwrap_or(0);
                    // Ties go to the first name.
                    (members, std::cmp::Reverse((*n).clone()))
                })
                .cloned()
                .unwrap_or_default()
        })
    });
    let view_of = Memo::new(move |_| {
        let g = group.get();
        pg.world.with(|w| lag_now(w, &g))
    });
    // Samples arrive once per simulated second: rebuild the lines only when a new one came,
    // not on every refresh of the page.
    let newest_sample = Memo::new(move |_| {
        let g = group.get();
        pg.world.with(|w| {
            // The newest sample's time and values: a different world (another scenario, another
            // branch) at the same second differs in its values.
            w.lag_series(&g).map(|s| {
                s.values()
                    .filter_map(|s| s.back().copied())
                    .fold((0, 0u64), |(at, sum), (t, v)| {
                        (at.max(t), sum.wrapping_add(v))
                    })
            })
        })
    });
    let chart = Memo::new(move |_| {
        let _ = newest_sample.get(); // read, not only tracked: a memo that is never read never runs
        let g = group.get();
        pg.world.with_untracked(|w| lag_chart(w, &g))
    });
    let summary = move || {
        match view_of.get() {
        None => "No consumer group yet: start a consumer to see its lag.".to_string(),
        Some(v) if !v.is_empty() && v.iter().all(|p| p.1.is_none()) => {
            "No committed offsets yet, so no lag to measure: with auto-commit the group commits every 5 s.".to_string()
        }
        Some(v) => {
            let worst = v.iter().max_by_key(|p| p.2);
            match worst {
                Some(p) if p.2 > 0 => format!(
                    "Total lag {} records; the most behind is {} with {}.",
                    v.iter().map(|p| p.2).sum::<u64>(),
                    p.0,
                    p.2
                ),
                _ => "No lag: the group has read everything written so far.".into(),
            }
        }
    }
    };

    view! {
        <section class="panel lag" aria-labelledby="lag-title">
            <div class="panel__head">
                <h2 id="lag-title" class="panel__title">"Lag"</h2>
                <label class="lag__group">
                    <span>"Group"</span>
                    <select
                        data-testid="lag-group"
                        prop:value=move || group.get()
                        on:change=move |ev| chosen.set(event_target_value(&ev))
                    >
                        {move || {
                            groups
                                .get()
                                .into_iter()
                                .map(|g| view! { <option value=g.clone()>{g.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
            </div>
            <p class="lag__summary" data-testid="lag-summary">{summary}</p>
            <p class="panel__hint">
                "Lag = log-end offset − committed offset: records written that the group has not yet committed as read. "
                "For a share group: high watermark − start offset − records already done above the start."
            </p>
            <Show when=move || chart.with(|c| !c.lines.is_empty())>
                <figure class="lag__figure">
                    <svg
                        class="lag__chart"
                        data-testid="lag-chart"
                        viewBox=format!("0 0 {W} {H}")
                        preserveAspectRatio="none"
                        role="img"
                        aria-label=move || {
                            chart.with(|c| {
                                let top: Vec<String> = c
                                    .lines
                                    .iter()
                                    .filter(|l| l.colour.is_some())
                                    .map(|l| format!("{} at {}", l.partition, l.lag))
                                    .collect();
                                format!(
                                    "Lag per partition over the last five minutes, up to {} records. Highest now: {}.",
                                    c.max,
                                    if top.is_empty() { "none".to_string() } else { top.join(", ") }
                                )
                            })
                        }
                    >
                        <line class="lag__axis" x1="0" y1=H x2=W y2=H />
                        <For
                            each=move || chart.get().lines
                            key=|l| (l.partition.clone(), l.colour, l.points.len())
                            children=move |l| {
                                let class = if l.colour.is_some() { "lag__line" } else { "lag__line lag__line--rest" };
                                let style = l
                                    .colour
                                    .map(|c| format!("--hue: {}", LINE_HUES[c]))
                                    .unwrap_or_default();
                                view! {
                                    <polyline class=class style=style points=l.points.clone() />
                                }
                            }
                        />
                    </svg>
                    <figcaption class="lag__axes">
                        <span>"5 min ago"</span>
                        <span>{move || format!("max {}", chart.get().max)}</span>
                        <span>"now"</span>
                    </figcaption>
                </figure>
                <ul class="lag__legend" data-testid="lag-legend">
                    <For
                        each=move || {
                            let mut top: Vec<LagLine> = chart.get().lines.into_iter().filter(|l| l.colour.is_some()).collect();
                            crate::engine::sort::sort_by_key(&mut top, |l| l.colour);
                            top
                        }
                        key=|l| (l.partition.clone(), l.colour)
                        children=move |l| {
                            let style = format!("--hue: {}", LINE_HUES[l.colour.unwrap_or(0)]);
                            // The line ends at the last sample; the number is the lag now.
                            let tp = l.partition.clone();
                            let now = move || view_of.with(|v| live_lag(v, &tp));
                            let name = l.partition.to_string();
                            view! {
                                <li class="lag__key" style=style>
                                    <span class="lag__swatch" aria-hidden="true"></span>
                                    {name} ": " {now}
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
            <Show when=move || view_of.with(|v| v.as_ref().is_some_and(|v| !v.is_empty()))>
                <div class="lag__bars" role="list" tabindex="0" aria-label="Lag per partition now" data-testid="lag-bars">
                    <For
                        each=move || {
                            view_of.with(|v| {
                                v.as_ref()
                                    .map(|v| v.iter().map(|p| p.0.clone()).collect::<Vec<_>>())
                                    .unwrap_or_default()
                            })
                        }
                        key=|tp| tp.clone()
                        children=move |tp| {
                            // Rows stay; only their numbers change as lag moves.
                            let name = tp.to_string();
                            let lag = Memo::new(move |_| view_of.with(|v| live_lag(v, &tp)));
                            let width = move || {
                                let max = chart.with(|c| c.max).max(lag.get()).max(1);
                                format!("width: {:.1}%", lag.get() as f64 * 100.0 / max as f64)
                            };
                            view! {
                                <div class="lag__row" role="listitem" data-testid="lag-row">
                                    <span class="lag__name">{name}</span>
                                    <span class="lag__barwrap" aria-hidden="true"><span class="lag__bar" style=width></span></span>
                                    <span class="lag__value">{move || lag.get()}</span>
                                </div>
                            }
                        }
                    />
                </div>
            </Show>
        </section>
    }
}
