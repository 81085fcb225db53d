//! Embeds the lessons listed in `lessons/index.txt` (in that order) into the library, so adding
//! a lesson is writing a file and naming it in the index: no Rust changes. A name whose file is
//! missing is kept apart, and the lesson list reports it instead of failing the build.
//!
//! The page does not parse the lessons itself when `lessons/parsed.json` (the parsed catalog,
//! written by `make lessons`) was made from exactly these files: build.rs compares a hash of
//! the index and the files with the one recorded in it and, when they agree, sets the cfg
//! `lessons_prebuilt`, so the wasm ships the parsed tree instead of the texts (issue 20; the
//! lesson parser and `pulldown-cmark` ship anyway since issue 19, for lesson files an author
//! drops on the lesson list). When they differ the page parses the texts as before (it
//! works, only larger) and the build says so; `make test` fails until `make lessons` is run.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo::rustc-check-cfg=cfg(lessons_prebuilt)");
    let index = std::fs::read_to_string(dir.join("index.txt")).unwrap_or_default();
    let mut files = String::new();
    let mut missing = String::new();
    let mut hash = Fnv::default();
    for name in index
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        if name.contains("..") || name.contains('/') || !path.is_file() {
            let _ = write!(missing, "{name:?}, ");
            hash.add(b"missing\0");
            hash.add(name.as_bytes());
        } else {
            hash.add(b"file\0");
            hash.add(name.as_bytes());
            hash.add(b"\0");
            hash.add(&std::fs::read(&path).unwrap_or_default());
            let _ = write!(
                files,
                "({name:?}, include_str!({:?})), ",
                path.display().to_string()
            );
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    let hash = format!("{:016x}", hash.0);
    // lessons/parsed.json starts `{"hash":"<16 hex digits>",`.
    let parsed = dir.join("parsed.json");
    println!("cargo:rerun-if-changed={}", parsed.display());
    let recorded = std::fs::read_to_string(&parsed).unwrap_or_default();
    let fresh = recorded.starts_with(&format!("{{\"hash\":\"{hash}\","));
    let prebuilt = if fresh {
        println!("cargo:rustc-cfg=lessons_prebuilt");
        format!("include_str!({:?})", parsed.display().to_string())
    } else {
        println!(
            "cargo:warning=lessons/parsed.json was not made from these lesson files: the page \
             parses them itself (a larger page); run `make lessons`"
        );
        "\"\"".to_string()
    };
    let code = format!(
        "/// (file name, text) of each lesson in `lessons/index.txt`.\n\
         pub const LESSON_FILES: &[(&str, &str)] = &[{files}];\n\
         /// Names in `lessons/index.txt` with no such file.\n\
         pub const LESSONS_MISSING: &[&str] = &[{missing}];\n\
         /// FNV-1a hash of the index's files (names and texts) and missing names.\n\
         pub const LESSONS_HASH: &str = {hash:?};\n\
         /// lessons/parsed.json when it was made from these files (cfg `lessons_prebuilt`), else empty.\n\
         #[allow(dead_code)]\n\
         pub const LESSONS_PARSED: &str = {prebuilt};\n"
    );
    std::fs::write(out, code).expect("write lessons.rs in OUT_DIR");
}

/// 64-bit FNV-1a: a stable hash that needs no crate.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
