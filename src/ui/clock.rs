//! The page's clock: on animation frames, gives the world the real time that passed (times the
//! speed). Views refresh at most every `REFRESH_MS`, so a heavy sandbox costs the same per
//! frame whatever its record rate; actions still show at once (they update the world directly).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;

use super::state::Playground;

/// Real milliseconds between two world updates while time plays.
pub const REFRESH_MS: f64 = 100.0;
/// A background tab gets no frames; on return, at most this much real time is caught up.
const MAX_CATCH_UP_MS: f64 = 1_000.0;

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Starts the clock for `pg`; it stops when the calling component is cleaned up.
pub fn start_clock(pg: Playground) {
    let alive = Arc::new(AtomicBool::new(true));
    let flag = alive.clone();
    on_cleanup(move || flag.store(false, Ordering::Relaxed));
    frame(pg, now_ms(), alive);
}

fn frame(pg: Playground, last: f64, alive: Arc<AtomicBool>) {
    request_animation_frame(move || {
        if !alive.load(Ordering::Relaxed) {
            return;
        }
        let now = now_ms();
        let mut last = last;
        if now - last >= REFRESH_MS {
            pg.tick((now - last).min(MAX_CATCH_UP_MS));
            last = now;
        }
        frame(pg, last, alive);
    });
}
