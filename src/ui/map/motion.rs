//! Records travelling: a dot from producer to partition when a partition's log grows, and from
//! partition to member when a group's committed offset moves. Sampled: at most one dot per row
//! per `ROW_GAP_MS` of real time and `MAX_DOTS` in flight, whatever the record rate, so the cost
//! does not grow with traffic. `prefers-reduced-motion: reduce` hides them (CSS); numbers stay.

use leptos::prelude::*;

use super::{use_playground, MapCtx};

/// Real milliseconds between two dots of one row.
const ROW_GAP_MS: f64 = 600.0;
/// Dots in flight at most.
const MAX_DOTS: usize = 24;
/// How long one trip takes (the CSS animation's length, plus a margin).
const TRIP_MS: u64 = 900;

#[derive(Clone, Debug, PartialEq)]
struct Dot {
    id: u64,
    x: f64,
    y: f64,
    dx: f64,
    dy: f64,
    hue: Option<u32>,
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

#[component]
pub fn Travel() -> impl IntoView {
    let pg = use_playground();
    let ctx = expect_context::<MapCtx>();
    let dots = RwSignal::new(Vec::<Dot>::new());
    let next = StoredValue::new(0u64);
    // Last seen log-end and committed offsets per partition, and when each row last sent a dot.
    let seen = StoredValue::new((
        String::new(),
        Vec::<u64>::new(),
        Vec::<u64>::new(),
        Vec::<f64>::new(),
    ));
    let ends = Memo::new(move |_| {
        let topic = pg.topic.get();
        pg.world.with(|w| {
            (0..w.partition_count(&topic).unwrap_or(0))
                .map(|p| w.partition_view(&topic, p).map_or(0, |v| v.log_end_offset))
                .collect::<Vec<_>>()
        })
    });
    Effect::new(move |_| {
        let topic = pg.topic.get();
        let ends = ends.get();
        let n = ends.len();
        // The first group's committed offsets and owners.
        let (commits, owners): (Vec<u64>, Vec<Option<usize>>) = {
            let lags = ctx.lags.get();
            let groups = ctx.groups.get();
            let first = groups.first();
            (0..n as u32)
                .map(|p| {
                    let c = first
                        .and_then(|g| lags.iter().find(|m| m.group == g.name && m.partition == p))
                        .and_then(|m| m.committed)
                        .unwrap_or(0);
                    let o = first.and_then(|g| {
                        g.members
                            .iter()
                            .find(|m| m.assigned.contains(&p))
                            .map(|m| m.index)
                    });
                    (c, o)
                })
                .unzip()
        };
        let (old_topic, old_ends, old_commits, mut last) = seen.get_value();
        seen.set_value((topic.clone(), ends.clone(), commits.clone(), last.clone()));
        if old_topic != topic || old_ends.len() != n {
            seen.set_value((topic, ends, commits, vec![f64::MIN; n]));
            return;
        }
        let t = now_ms();
        let l = ctx.layout.get_untracked();
        let slots = ctx.groups.with_untracked(|gs| {
            l.member_slots(&gs.iter().map(|g| g.members.len()).collect::<Vec<_>>())
        });
        let px = l.prod_x + l.prod_w;
        let py = l
            .producer_slots(1)
            .first()
            .map_or(l.rows_top, |(y, h)| y + h / 2.0);
        let mut fresh = Vec::new();
        last.resize(n, f64::MIN);
        for p in 0..n {
            if t - last[p] < ROW_GAP_MS {
                continue;
            }
            let y = l.row_y(p as u32);
            if ends[p] > old_ends.get(p).copied().unwrap_or(0) {
                fresh.push((px, py, l.track_x0 - px, y - py, None));
                last[p] = t;
            } else if commits[p] > old_commits.get(p).copied().unwrap_or(0) {
                if let Some(i) = owners[p] {
                    if let Some((my, mh)) = slots.first().and_then(|s| s.members.get(i)) {
                        let hue = super::layout::member_style(i).0;
                        fresh.push((
                            l.row_end_x,
                            y,
                            l.member_x - l.row_end_x,
                            my + mh / 2.0 - y,
                            Some(hue),
                        ));
                        last[p] = t;
                    }
                }
            }
        }
        seen.update_value(|s| s.3 = last);
        if fresh.is_empty() {
            return;
        }
        let mut ids = Vec::new();
        dots.update(|d| {
            for (x, y, dx, dy, hue) in fresh {
                if d.len() >= MAX_DOTS {
                    break;
                }
                let id = next.get_value();
                next.set_value(id + 1);
                ids.push(id);
                d.push(Dot {
                    id,
                    x,
                    y,
                    dx,
                    dy,
                    hue,
                });
            }
        });
        if !ids.is_empty() {
            set_timeout(
                move || {
                    dots.try_update(|d| d.retain(|x| !ids.contains(&x.id)));
                },
                std::time::Duration::from_millis(TRIP_MS),
            );
        }
    });
    view! {
        <g class="cmap__travel" aria-hidden="true">
            <For each=move || dots.get() key=|d| d.id let:d>
                <circle class="cmap__dot" class:cmap__dot--out=d.hue.is_some()
                    cx=d.x cy=d.y r="3.5"
                    style=format!("--dx: {:.1}px; --dy: {:.1}px; --m-hue: {}", d.dx, d.dy, d.hue.unwrap_or(0)) />
            </For>
        </g>
    }
}
