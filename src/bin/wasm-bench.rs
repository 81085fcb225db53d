//! `make bench` (browser part): the keyed-append workload of `engine-bench`, run as
//! WebAssembly in headless Chromium. The page shows the figure in `#result` as JSON, which the
//! bench script reads. Timing uses `performance.now()`, outside the engine.

#[cfg(target_arch = "wasm32")]
fn main() {
    use kafka_playground::bench::{keyed_append_world, APPEND_RATE};
    let Some(window) = web_sys::window() else {
        return;
    };
    let now = || window.performance().map_or(0.0, |p| p.now());
    let mut w = keyed_append_world(None);
    // Two simulated seconds fill the storage limit exactly (as in engine-bench).
    let seconds = 2;
    let t = now();
    w.advance(seconds * 1_000);
    let elapsed_ms = now() - t;
    let records = w.stored_records();
    let per_sec = records as f64 / (elapsed_ms / 1000.0);
    let json = format!(
        "{{\"figure\":\"wasm_keyed_appends_per_sec\",\"value\":{per_sec:.0},\"records\":{records},\"ms\":{elapsed_ms:.1},\"rate\":{APPEND_RATE}}}"
    );
    if let Some(el) = window
        .document()
        .and_then(|d| d.get_element_by_id("result"))
    {
        el.set_text_content(Some(&json));
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wasm-bench runs in the browser; use `make bench`, which builds it with trunk and reads the result.");
    std::process::exit(2);
}
