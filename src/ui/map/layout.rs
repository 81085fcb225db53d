//! Pure geometry of the cluster map: where producers, partition rows, replica badges, members
//! and edges go in a box of `width` × `height` CSS pixels. No DOM here, so it is tested natively.
//! The SVG's viewBox is the measured box, so one unit is one CSS pixel and text never stretches.

/// Up to this many partitions each row draws its newest records as cells; above it, compact rows.
pub const FULL_ROWS_MAX: u32 = 12;
/// Most record cells a row draws (the rest of the log is a count).
pub const CELLS_MAX: usize = 32;
/// The box before it is measured (and in tests).
pub const DEFAULT_SIZE: (f64, f64) = (800.0, 420.0);
/// Smallest box drawn: below it the map scrolls inside its own box rather than overlapping.
pub const MIN_SIZE: (f64, f64) = (300.0, 220.0);

const PAD: f64 = 8.0;
/// Room above the rows for the column heads ("producers", "partitions", "members").
const HEAD: f64 = 18.0;
/// Width of one replica badge (broker id with L/F).
pub const BADGE_W: f64 = 22.0;

/// Where everything goes.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub compact: bool,
    pub partitions: u32,
    /// Producer column: `[prod_x, prod_x + prod_w]`.
    pub prod_x: f64,
    pub prod_w: f64,
    /// Row label ("P3") starts here.
    pub label_x: f64,
    /// The record track: `[track_x0, track_x1]`, newest record at the right.
    pub track_x0: f64,
    pub track_x1: f64,
    /// Replica badges start here.
    pub badges_x: f64,
    /// Edges leave the rows here.
    pub row_end_x: f64,
    /// Member nodes: `[member_x, member_x + member_w]`.
    pub member_x: f64,
    pub member_w: f64,
    pub rows_top: f64,
    pub row_h: f64,
    /// Record cells drawn per row (0 in compact mode).
    pub cells: usize,
    pub cell_w: f64,
}

impl Layout {
    /// The layout for a box, the topic's partition count and replication factor.
    pub fn new(width: f64, height: f64, partitions: u32, replication: u32) -> Layout {
        let width = sane(width, DEFAULT_SIZE.0).max(MIN_SIZE.0);
        let height = sane(height, DEFAULT_SIZE.1).max(MIN_SIZE.1);
        let compact = partitions > FULL_ROWS_MAX;
        let narrow = width < 520.0;
        let prod_w = (width * 0.13).clamp(56.0, 130.0);
        let member_w = (width * 0.19).clamp(78.0, 180.0);
        let edge_gap = (width * 0.09).clamp(22.0, 110.0);
        let prod_x = PAD;
        let label_x = prod_x + prod_w + if narrow { 12.0 } else { 22.0 };
        let label_w = if compact { 26.0 } else { 30.0 };
        let member_x = width - PAD - member_w;
        let row_end_x = member_x - edge_gap;
        let badges_w = if compact {
            BADGE_W
        } else {
            BADGE_W * f64::from(replication.clamp(1, 5)) + 4.0
        };
        let badges_x = row_end_x - badges_w;
        let track_x0 = label_x + label_w;
        let track_x1 = (badges_x - 6.0).max(track_x0 + 20.0);
        let track = track_x1 - track_x0;
        let rows_top = PAD + HEAD;
        let rows = f64::from(partitions.max(1));
        let avail = height - rows_top - PAD;
        let row_h = if compact {
            avail / rows
        } else {
            (avail / rows).min(48.0)
        };
        let (cells, cell_w) = if compact {
            (0, 0.0)
        } else {
            let cell_w = (track / 20.0).clamp(9.0, 22.0);
            (((track / cell_w).floor() as usize).min(CELLS_MAX), cell_w)
        };
        Layout {
            width,
            height,
            compact,
            partitions,
            prod_x,
            prod_w,
            label_x,
            track_x0,
            track_x1,
            badges_x,
            row_end_x,
            member_x,
            member_w,
            rows_top,
            row_h,
            cells,
            cell_w,
        }
    }

    /// Vertical centre of partition `p`'s row.
    pub fn row_y(&self, p: u32) -> f64 {
        self.rows_top + self.row_h * (f64::from(p) + 0.5)
    }

    /// Height of the record band (cells, compact bars) in a row.
    pub fn band_h(&self) -> f64 {
        if self.compact {
            (self.row_h * 0.7).clamp(1.0, 12.0)
        } else {
            (self.row_h * 0.42).clamp(8.0, 18.0)
        }
    }

    /// The x of the boundary *before* `offset` on a track ending at `log_end`: the newest record
    /// (offset `log_end - 1`) is the last cell. Offsets older than the window clamp to the left
    /// edge (`clipped` is then true).
    pub fn offset_x(&self, offset: u64, log_end: u64) -> (f64, bool) {
        if self.compact {
            return (self.track_x1, false);
        }
        let back = log_end.saturating_sub(offset);
        let shown = self.cells as u64;
        if back > shown {
            (self.track_x0, true)
        } else {
            (self.track_x1 - back as f64 * self.cell_w, false)
        }
    }

    /// A fraction (0–1) of the compact track.
    pub fn frac_x(&self, frac: f64) -> f64 {
        let f = if frac.is_finite() {
            frac.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.track_x0 + (self.track_x1 - self.track_x0) * f
    }

    /// Show a row's label ("P12")? In compact mode only every `label_every` rows fit.
    pub fn label_every(&self) -> u32 {
        if !self.compact || self.row_h >= 11.0 {
            1
        } else {
            (11.0 / self.row_h.max(0.1)).ceil().max(1.0) as u32
        }
    }

    /// Bottom of the last partition row.
    pub fn rows_bottom(&self) -> f64 {
        self.rows_top + self.row_h * f64::from(self.partitions.max(1))
    }

    /// Places a block of height `used` centred on the rows, inside the drawing.
    fn centred(&self, used: f64) -> f64 {
        let (top, bottom) = (self.rows_top, self.height - PAD);
        let centre = (self.rows_top + self.rows_bottom()) / 2.0;
        (centre - used / 2.0).min(bottom - used).max(top)
    }

    /// Vertical slots of the member column: for groups of `sizes` members each, the group head's
    /// y (two lines: name, then state) and each member node's (y, height). Groups share the
    /// column's height; the column is centred on the rows.
    pub fn member_slots(&self, sizes: &[usize]) -> Vec<GroupSlot> {
        let top = self.rows_top;
        let bottom = self.height - PAD;
        let heads = sizes.len() as f64 * GROUP_HEAD;
        let nodes: usize = sizes.iter().map(|s| (*s).max(1)).sum();
        let gaps = sizes.len().saturating_sub(1) as f64 * 8.0;
        let node_h = if nodes == 0 {
            0.0
        } else {
            ((bottom - top - heads - gaps) / nodes as f64).clamp(6.0, 46.0)
        };
        let used = heads + gaps + node_h * nodes as f64;
        let mut y = self.centred(used);
        let mut out = Vec::new();
        for s in sizes {
            let head_y = y + 11.0;
            y += GROUP_HEAD;
            let members = (0..*s)
                .map(|i| (y + node_h * i as f64, node_h))
                .collect::<Vec<_>>();
            y += node_h * (*s).max(1) as f64 + 8.0;
            out.push(GroupSlot { head_y, members });
        }
        out
    }

    /// Producer nodes, `n` of them centred on the rows: (y, height) each.
    pub fn producer_slots(&self, n: usize) -> Vec<(f64, f64)> {
        if n == 0 {
            return Vec::new();
        }
        let avail = self.height - PAD - self.rows_top;
        let h = (avail / n as f64 - 8.0).clamp(16.0, 62.0);
        let used = n as f64 * (h + 8.0) - 8.0;
        let y0 = self.centred(used);
        (0..n).map(|i| (y0 + i as f64 * (h + 8.0), h)).collect()
    }
}

/// Height of a group's head in the member column (name, then state · generation · assignor).
pub const GROUP_HEAD: f64 = 28.0;

/// One group's place in the member column.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSlot {
    pub head_y: f64,
    pub members: Vec<(f64, f64)>,
}

fn sane(v: f64, default: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        default
    }
}

/// A smooth edge from a row's end to a member node (cubic Bézier, horizontal tangents).
pub fn edge_path(x0: f64, y0: f64, x1: f64, y1: f64) -> String {
    let mid = (x0 + x1) / 2.0;
    format!("M{x0:.1} {y0:.1}C{mid:.1} {y0:.1} {mid:.1} {y1:.1} {x1:.1} {y1:.1}")
}

/// "1,204".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cuts `text` to at most `max` characters, with "…" when cut.
pub fn fit(text: &str, max: usize) -> String {
    let max = max.max(2);
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Characters of ~`px`-wide text that fit in `w` pixels.
pub fn chars_in(w: f64, px: f64) -> usize {
    if w.is_finite() && px > 0.0 {
        (w / (px * 0.6)).floor().max(2.0) as usize
    } else {
        2
    }
}

/// Hues for members: far apart, so neighbours differ in both themes.
const MEMBER_HUES: [u32; 8] = [265, 20, 200, 120, 330, 45, 175, 0];
/// Dash patterns cycled with the hues, so members differ without colour too.
const DASHES: [&str; 4] = ["", "6 3", "2 3", "8 3 2 3"];

/// A member's colour hue and dash pattern, from its place in the group.
pub fn member_style(index: usize) -> (u32, &'static str) {
    (
        MEMBER_HUES[index % MEMBER_HUES.len()],
        DASHES[(index / 2) % DASHES.len()],
    )
}

/// "3 s", "1 min 5 s".
pub fn countdown(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

/// The one-line text equivalent of the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SummaryInput {
    pub topic: String,
    pub partitions: u32,
    pub brokers_up: usize,
    pub brokers: usize,
    /// (name, state, "gen 4" or "epoch 4", members, idle, crashed, total lag)
    pub groups: Vec<(String, String, String, usize, usize, usize, u64)>,
}

pub fn summary(s: &SummaryInput) -> String {
    if s.topic.is_empty() {
        return "No topic yet: create one to see the cluster map.".into();
    }
    let mut out = format!(
        "{}: {} partition{}, {} of {} broker{} up",
        s.topic,
        s.partitions,
        if s.partitions == 1 { "" } else { "s" },
        s.brokers_up,
        s.brokers,
        if s.brokers == 1 { "" } else { "s" }
    );
    if s.groups.is_empty() {
        out.push_str(", no consumer group reads it");
    }
    for (name, state, gen, members, idle, crashed, lag) in &s.groups {
        out.push_str(&format!(
            ", group {name} {state} {gen}, {members} member{}",
            if *members == 1 { "" } else { "s" }
        ));
        let mut notes = Vec::new();
        if *idle > 0 {
            notes.push(format!("{idle} idle"));
        }
        if *crashed > 0 {
            notes.push(format!("{crashed} crashed"));
        }
        if !notes.is_empty() {
            out.push_str(&format!(" ({})", notes.join(", ")));
        }
        out.push_str(&format!(", total lag {}", thousands(*lag)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_stay_in_order_and_inside_the_box() {
        for &(w, h) in &[
            (320.0, 300.0),
            (375.0, 480.0),
            (800.0, 420.0),
            (1400.0, 600.0),
        ] {
            for &n in &[1, 3, 6, 12, 13, 64] {
                let l = Layout::new(w, h, n, 3);
                assert!(l.prod_x >= 0.0);
                assert!(l.prod_x + l.prod_w < l.label_x, "{w} {n}");
                assert!(l.label_x < l.track_x0);
                assert!(l.track_x0 < l.track_x1);
                assert!(l.track_x1 <= l.badges_x);
                assert!(l.badges_x < l.row_end_x);
                assert!(l.row_end_x < l.member_x);
                assert!(l.member_x + l.member_w <= w);
                // Every row fits vertically: no scrolling.
                assert!(l.row_y(n - 1) + l.row_h / 2.0 <= h + 0.01, "{w}x{h} {n}");
                assert_eq!(l.compact, n > FULL_ROWS_MAX);
            }
        }
    }

    #[test]
    fn garbage_sizes_fall_back() {
        let l = Layout::new(f64::NAN, -3.0, 0, 0);
        assert_eq!(l.width, DEFAULT_SIZE.0);
        assert_eq!(l.height, DEFAULT_SIZE.1);
        assert!(l.row_h > 0.0);
    }

    #[test]
    fn offsets_map_right_aligned_and_clip_old_ones() {
        let l = Layout::new(800.0, 420.0, 3, 3);
        assert!(l.cells > 5);
        // The log-end boundary is the track's right end.
        assert_eq!(l.offset_x(100, 100), (l.track_x1, false));
        let (x, clipped) = l.offset_x(99, 100);
        assert!(!clipped);
        assert!((l.track_x1 - x - l.cell_w).abs() < 1e-9);
        assert_eq!(l.offset_x(0, 10_000), (l.track_x0, true));
    }

    #[test]
    fn member_slots_share_the_height() {
        let l = Layout::new(800.0, 420.0, 6, 3);
        let slots = l.member_slots(&[3, 1]);
        assert_eq!(slots.len(), 2);
        assert_eq!(slots[0].members.len(), 3);
        let last = slots[1].members[0];
        assert!(last.0 + last.1 <= 420.0);
        assert!(slots[1].head_y > slots[0].members[2].0);
        // Sixteen members still fit.
        let l = Layout::new(600.0, 350.0, 64, 3);
        let s = l.member_slots(&[16]);
        let (y, h) = s[0].members[15];
        assert!(y + h <= 350.0 + 0.01, "{y} {h}");
    }

    #[test]
    fn words() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(fit("order-service-1", 6), "order…");
        assert_eq!(fit("ab", 6), "ab");
        assert_eq!(countdown(9_001), "10 s");
        assert_eq!(countdown(65_000), "1 min 5 s");
        let s = summary(&SummaryInput {
            topic: "orders".into(),
            partitions: 6,
            brokers_up: 3,
            brokers: 3,
            groups: vec![(
                "order-service".into(),
                "Stable".into(),
                "gen 4".into(),
                3,
                1,
                0,
                1204,
            )],
        });
        assert_eq!(
            s,
            "orders: 6 partitions, 3 of 3 brokers up, group order-service Stable gen 4, 3 members (1 idle), total lag 1,204"
        );
        assert_ne!(member_style(0), member_style(1));
    }
}
