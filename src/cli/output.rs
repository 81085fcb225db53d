//! What a command prints: lines on standard output and standard error, an exit code, and the
//! transcripts scripts and golden files compare.

use super::shell::Cmd;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutLine {
    pub stream: Stream,
    pub text: String,
}

/// What a command printed, line by line in order, and its exit code.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Output {
    pub lines: Vec<OutLine>,
    pub code: i32,
}

impl Output {
    pub fn out(&mut self, s: impl AsRef<str>) {
        for l in s.as_ref().split('\n') {
            self.lines.push(OutLine {
                stream: Stream::Out,
                text: l.to_string(),
            });
        }
    }
    pub fn err(&mut self, s: impl AsRef<str>) {
        for l in s.as_ref().split('\n') {
            self.lines.push(OutLine {
                stream: Stream::Err,
                text: l.to_string(),
            });
        }
    }
    /// A usage error: the message, a playground hint, exit code 1.
    pub fn usage(&mut self, msg: &str, tool: &str) {
        self.err(msg);
        self.err(format!(
            "(the real tool prints its option list here: try `help {tool}`)"
        ));
        self.code = 1;
    }
    pub(crate) fn append(&mut self, other: Output) {
        self.lines.extend(other.lines);
        if other.code != 0 {
            self.code = other.code;
        }
    }
    pub fn stdout(&self) -> String {
        self.stream_text(Stream::Out)
    }
    pub fn stderr(&self) -> String {
        self.stream_text(Stream::Err)
    }
    fn stream_text(&self, s: Stream) -> String {
        let mut t = String::new();
        for l in self.lines.iter().filter(|l| l.stream == s) {
            t.push_str(&l.text);
            t.push('\n');
        }
        t
    }
    /// Both streams in order; standard-error lines are marked `2> `.
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        for l in &self.lines {
            if l.stream == Stream::Err {
                t.push_str("2> ");
            }
            t.push_str(&l.text);
            t.push('\n');
        }
        t
    }
}

/// What `run_script` returns: each command with what it printed, and the exit code.
#[derive(Clone, Debug, Default)]
pub struct ScriptResult {
    pub steps: Vec<(Cmd, Output)>,
    /// A script-level error (syntax), reported before anything ran.
    pub error: Option<String>,
    pub code: i32,
}

impl ScriptResult {
    /// Everything printed, in order; standard-error lines marked `2> `.
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        if let Some(e) = &self.error {
            t.push_str("2> ");
            t.push_str(e);
            t.push('\n');
        }
        for (_, o) in &self.steps {
            t.push_str(&o.transcript());
        }
        t
    }
    /// The same, with each command echoed as `$ command` before its output.
    pub fn transcript_with_commands(&self) -> String {
        let mut t = String::new();
        if let Some(e) = &self.error {
            t.push_str("2> ");
            t.push_str(e);
            t.push('\n');
        }
        for (c, o) in &self.steps {
            for (i, l) in c.text.lines().enumerate() {
                t.push_str(if i == 0 { "$ " } else { "  " });
                t.push_str(l);
                t.push('\n');
            }
            t.push_str(&o.transcript());
        }
        t
    }
}

/// `[2026-01-01 00:00:05,000]` as log4j's `%d` prints it in the tools' log lines.
pub(crate) fn log_time(epoch_ms: u64) -> String {
    crate::engine::time::format_datetime(epoch_ms)
        .replace('T', " ")
        .replace('.', ",")
}
