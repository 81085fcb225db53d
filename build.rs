//! Embeds the lessons listed in `lessons/index.txt` (in that order) into the library, so adding
//! a lesson is writing a file and naming it in the index: no Rust changes. A name whose file is
//! missing is kept apart, and the lesson list reports it instead of failing the build.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed=lessons");
    let index = std::fs::read_to_string(dir.join("index.txt")).unwrap_or_default();
    let mut files = String::new();
    let mut missing = String::new();
    for name in index
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        if name.contains("..") || name.contains('/') || !path.is_file() {
            let _ = write!(missing, "{name:?}, ");
        } else {
            let _ = write!(
                files,
                "({name:?}, include_str!({:?})), ",
                path.display().to_string()
            );
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    let code = format!(
        "/// (file name, text) of each lesson in `lessons/index.txt`.\n\
         pub const LESSON_FILES: &[(&str, &str)] = &[{files}];\n\
         /// Names in `lessons/index.txt` with no such file.\n\
         pub const LESSONS_MISSING: &[&str] = &[{missing}];\n"
    );
    std::fs::write(out, code).expect("write lessons.rs in OUT_DIR");
}
