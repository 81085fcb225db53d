//! The small subset of `sh` the console understands: words with single and double quotes and
//! backslash escapes, `#` comments, `\` line continuation, here-documents (`<<EOF`, `<<'EOF'`,
//! `<<-EOF`), `echo …|` / `printf …|` pipes feeding a tool's standard input, and a trailing `&`.
//! Anything else (`;`, `&&`, `>`, `$VAR`, `$(…)`, backticks) is refused with a clear message.

/// One word of a command line. `op` marks unquoted shell operators (`|`, `&`, `<<`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub op: bool,
}

/// A parsed command: its words, its standard input (from a here-document or a pipe) and
/// whether it runs in the background.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cmd {
    pub words: Vec<String>,
    pub stdin: Option<Vec<String>>,
    pub background: bool,
    /// The first line of the command in its script (1-based), 0 for a single console line.
    pub line: usize,
    /// The command as written (for transcripts).
    pub text: String,
}

/// Why a line is not something this console runs.
pub fn unsupported(what: &str) -> String {
    format!(
        "unsupported shell syntax: {what}. This console runs one Kafka command per line; it understands quotes, \
         `\\` continuation, here-documents (<<EOF), `echo …|` or `printf …|` pipes, `&` and `sleep N`."
    )
}

/// Splits a line into words. Returns the words and, when an unquoted here-document operator is
/// present, nothing special: `<<` and `<<-` come back as operator words.
pub fn split_words(line: &str) -> Result<Vec<Word>, String> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    words.push(Word {
                        text: std::mem::take(&mut cur),
                        op: false,
                    });
                    in_word = false;
                }
                i += 1;
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(
                                "unexpected end of line: missing closing single quote (')".into()
                            )
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            cur.push(ch);
                            i += 1;
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(
                                "unexpected end of line: missing closing double quote (\")".into()
                            )
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => match chars.get(i + 1) {
                            Some(&n @ ('"' | '\\' | '$' | '`')) => {
                                cur.push(n);
                                i += 2;
                            }
                            _ => {
                                cur.push('\\');
                                i += 1;
                            }
                        },
                        Some('$')
                            if chars.get(i + 1).is_some_and(|n| {
                                n.is_ascii_alphabetic() || *n == '{' || *n == '(' || *n == '_'
                            }) =>
                        {
                            return Err(unsupported("shell variables and $(…) substitution"));
                        }
                        Some('`') => return Err(unsupported("`…` command substitution")),
                        Some(&ch) => {
                            cur.push(ch);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(&n) = chars.get(i + 1) {
                    cur.push(n);
                    i += 2;
                } else {
                    i += 1;
                }
            }
            '$' if chars.get(i + 1).is_some_and(|n| {
                n.is_ascii_alphabetic() || *n == '{' || *n == '(' || *n == '_'
            }) =>
            {
                return Err(unsupported("shell variables and $(…) substitution"));
            }
            '`' => return Err(unsupported("`…` command substitution")),
            '|' | '&' | ';' | '<' | '>' => {
                if in_word {
                    words.push(Word {
                        text: std::mem::take(&mut cur),
                        op: false,
                    });
                    in_word = false;
                }
                let mut op = c.to_string();
                let next = chars.get(i + 1).copied();
                if (c == '<' && next == Some('<'))
                    || (c == '&' && next == Some('&'))
                    || (c == '|' && next == Some('|'))
                    || (c == '>' && next == Some('>'))
                {
                    op.push(next.unwrap_or(c));
                    i += 1;
                    if op == "<<" && chars.get(i + 1) == Some(&'-') {
                        op.push('-');
                        i += 1;
                    }
                }
                i += 1;
                words.push(Word { text: op, op: true });
            }
            _ => {
                in_word = true;
                cur.push(c);
                i += 1;
            }
        }
    }
    if in_word {
        words.push(Word {
            text: cur,
            op: false,
        });
    }
    Ok(words)
}

/// `echo` as sh's builtin: the words joined by spaces (`-n` drops the newline, `-e` is not needed).
fn echo_output(args: &[String]) -> String {
    let mut args = args;
    let mut newline = true;
    while let Some(first) = args.first() {
        if first == "-n" {
            newline = false;
            args = &args[1..];
        } else if first == "-e" || first == "-E" {
            args = &args[1..];
        } else {
            break;
        }
    }
    let mut s = args.join(" ");
    if newline {
        s.push('\n');
    }
    s
}

/// `printf FORMAT [ARG…]`: `\n`, `\t`, `\\` escapes and `%s`/`%d` conversions, the format
/// reused while arguments remain, as POSIX printf does.
fn printf_output(args: &[String]) -> Result<String, String> {
    let Some((fmt, rest)) = args.split_first() else {
        return Err("printf: usage: printf format [arguments]".into());
    };
    let mut out = String::new();
    let mut idx = 0;
    loop {
        let mut used = false;
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' => {
                    match chars.get(i + 1) {
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some('\\') => out.push('\\'),
                        Some(&o) => {
                            out.push('\\');
                            out.push(o);
                        }
                        None => out.push('\\'),
                    }
                    i += 2;
                }
                '%' => {
                    match chars.get(i + 1) {
                        Some('s') | Some('d') => {
                            used = true;
                            out.push_str(rest.get(idx).map(String::as_str).unwrap_or(""));
                            idx += 1;
                        }
                        Some('%') => out.push('%'),
                        Some(&o) => {
                            return Err(format!(
                                "printf: %{o}: invalid directive (this console supports %s and %d)"
                            ))
                        }
                        None => out.push('%'),
                    }
                    i += 2;
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        if !used || idx >= rest.len() {
            break;
        }
    }
    Ok(out)
}

fn lines_of(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text.split('\n').map(str::to_string).collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// Turns the words of one logical line into a command. `heredoc` reads the body lines of a
/// here-document (given the delimiter and whether leading tabs are stripped).
pub fn build_cmd(
    words: Vec<Word>,
    mut heredoc: impl FnMut(&str, bool) -> Result<Vec<String>, String>,
) -> Result<Option<Cmd>, String> {
    let mut words = words;
    let mut cmd = Cmd::default();
    if words.last().is_some_and(|w| w.op && w.text == "&") {
        words.pop();
        cmd.background = true;
    }
    // A pipe: `echo …|` or `printf …|` feeding the command on the right.
    if let Some(p) = words.iter().position(|w| w.op && w.text == "|") {
        let left: Vec<Word> = words.drain(..p).collect();
        words.remove(0);
        if let Some(op) = left.iter().chain(words.iter()).find(|w| w.op) {
            return Err(unsupported(&format!("'{}'", op.text)));
        }
        let left: Vec<String> = left.into_iter().map(|w| w.text).collect();
        let text = match left.first().map(String::as_str) {
            Some("echo") => echo_output(&left[1..]),
            Some("printf") => printf_output(&left[1..])?,
            Some("cat") if left.len() == 1 => return Err(unsupported("'cat |' without a file (use a here-document: <<EOF)")),
            _ => {
                return Err(unsupported(
                    "a pipe from anything but echo or printf (write `echo 'a:1' | kafka-console-producer.sh …`)",
                ))
            }
        };
        cmd.stdin = Some(lines_of(&text));
    }
    // A here-document.
    if let Some(p) = words
        .iter()
        .position(|w| w.op && (w.text == "<<" || w.text == "<<-"))
    {
        let strip = words.get(p).is_some_and(|w| w.text == "<<-");
        let delim = match words.get(p + 1) {
            Some(w) if !w.op && !w.text.is_empty() => w.text.clone(),
            _ => return Err("syntax error: `<<` needs a delimiter word, as in <<EOF".into()),
        };
        if cmd.stdin.is_some() {
            return Err(unsupported("both a pipe and a here-document"));
        }
        words.drain(p..p + 2);
        cmd.stdin = Some(heredoc(&delim, strip)?);
    }
    if let Some(op) = words.iter().find(|w| w.op) {
        let what = match op.text.as_str() {
            "&" => "'&' in the middle of a line (only a trailing & is supported)".to_string(),
            "<" | ">" | ">>" => format!("redirection '{}'", op.text),
            other => format!("'{other}'"),
        };
        return Err(unsupported(&what));
    }
    cmd.words = words.into_iter().map(|w| w.text).collect();
    if cmd.words.is_empty() {
        if cmd.stdin.is_some() || cmd.background {
            return Err("syntax error: no command".into());
        }
        return Ok(None);
    }
    Ok(Some(cmd))
}

/// Parses a whole script into commands. Errors name the line.
pub fn parse_script(text: &str) -> Result<Vec<Cmd>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut cmds = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let mut logical = String::new();
        let mut display = String::new();
        loop {
            let l = lines.get(i).copied().unwrap_or("");
            i += 1;
            // A backslash at the end continues the line (unless it is inside a comment).
            let trimmed = l.trim_end();
            if trimmed.ends_with('\\') && !trimmed.trim_start().starts_with('#') && i < lines.len()
            {
                logical.push_str(&trimmed[..trimmed.len() - 1]);
                logical.push(' ');
                display.push_str(l);
                display.push('\n');
                continue;
            }
            logical.push_str(l);
            display.push_str(l);
            break;
        }
        let words = split_words(&logical).map_err(|e| format!("line {}: {e}", start + 1))?;
        let mut consumed_to = i;
        let built = build_cmd(words, |delim, strip| {
            let mut body = Vec::new();
            loop {
                let Some(l) = lines.get(consumed_to) else {
                    return Err(format!(
                        "here-document at line {} delimited by end-of-file (wanted `{delim}')",
                        start + 1
                    ));
                };
                consumed_to += 1;
                let l = if strip { l.trim_start_matches('\t') } else { l };
                if l == delim {
                    return Ok(body);
                }
                body.push(l.to_string());
            }
        })
        .map_err(|e| {
            if e.starts_with("here-document") {
                e
            } else {
                format!("line {}: {e}", start + 1)
            }
        })?;
        if consumed_to > i {
            for l in lines.get(i..consumed_to).unwrap_or(&[]) {
                display.push('\n');
                display.push_str(l);
            }
        }
        i = consumed_to;
        if let Some(mut c) = built {
            c.line = start + 1;
            c.text = display;
            cmds.push(c);
        }
    }
    Ok(cmds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_heredocs() {
        let w = split_words(r#"kafka-topics.sh --topic 'a b' "c\"d" e\ f # comment"#).unwrap();
        let t: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(t, ["kafka-topics.sh", "--topic", "a b", "c\"d", "e f"]);
        let cmds = parse_script("x --a \\\n  --b <<'EOF'\nk:1\nEOF\n# c\n\ny &\n").unwrap();
        assert_eq!(cmds.len(), 2);
        assert_eq!(cmds[0].words, ["x", "--a", "--b"]);
        assert_eq!(cmds[0].stdin, Some(vec!["k:1".to_string()]));
        assert!(cmds[1].background);
        assert_eq!(cmds[1].line, 7);
        assert!(parse_script("x <<EOF\nno end\n")
            .unwrap_err()
            .contains("end-of-file"));
        assert!(parse_script("a; b").unwrap_err().starts_with("line 1:"));
        let c = parse_script("printf 'a\\nb\\n' | p").unwrap();
        assert_eq!(c[0].stdin, Some(vec!["a".to_string(), "b".to_string()]));
    }
}
