//! Option parsing as Kafka's tools do it with jopt-simple: `--name value` or `--name=value`,
//! unique prefixes accepted (`--bootstrap` for `--bootstrap-server`), unknown options refused
//! with jopt-simple's message (`UnrecognizedOptionException`: "x is not a recognized option").
//! Words that are not options are ignored, as the Kafka tools ignore them.

/// One accepted option: its name (without dashes) and whether it takes a value.
pub type Spec = (&'static str, bool);

#[derive(Debug, Default)]
pub struct Parsed {
    pub opts: Vec<(String, Option<String>)>,
    pub positional: Vec<String>,
}

impl Parsed {
    pub fn has(&self, name: &str) -> bool {
        self.opts.iter().any(|(n, _)| n == name)
    }
    /// The last value given (jopt-simple's `valueOf` takes the first; the tools use one).
    pub fn value(&self, name: &str) -> Option<&str> {
        self.opts
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.opts
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }
}

/// A refused command line: jopt-simple's message, and the closest known option when the word
/// looks like a typo of one.
#[derive(Debug)]
pub struct ParseError {
    pub message: String,
    pub suggestion: Option<&'static str>,
}

/// [`parse`], with a suggestion for an unknown option: every tool's "did you mean" comes from here.
pub fn parse_suggesting(args: &[String], specs: &[Spec]) -> Result<Parsed, ParseError> {
    parse_suggesting_with(args, specs, &[])
}

/// [`parse_suggesting`], where the options named in `optional` take an optional argument
/// (jopt-simple's `withOptionalArg`): `--state` alone or `--state stable`.
pub fn parse_suggesting_with(
    args: &[String],
    specs: &[Spec],
    optional: &[&str],
) -> Result<Parsed, ParseError> {
    parse_with(args, specs, optional).map_err(|message| {
        let suggestion = message
            .strip_suffix(" is not a recognized option")
            .and_then(|name| did_you_mean(name, specs.iter().map(|(n, _)| *n)));
        ParseError {
            message,
            suggestion,
        }
    })
}

pub fn parse(args: &[String], specs: &[Spec]) -> Result<Parsed, String> {
    parse_with(args, specs, &[])
}

/// [`parse`], with options taking an optional argument (see [`parse_suggesting_with`]).
pub fn parse_with(args: &[String], specs: &[Spec], optional: &[&str]) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let Some(body) = a.strip_prefix("--").or_else(|| {
            a.strip_prefix('-')
                .filter(|b| !b.is_empty() && !b.starts_with(|c: char| c.is_ascii_digit()))
        }) else {
            out.positional.push(a.clone());
            continue;
        };
        if body.is_empty() {
            // `--` ends options in jopt-simple.
            out.positional.extend(args[i..].iter().cloned());
            break;
        }
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let spec = match specs.iter().find(|(n, _)| *n == name) {
            Some(s) => *s,
            None => {
                let cands: Vec<&Spec> = specs.iter().filter(|(n, _)| n.starts_with(name)).collect();
                match cands.as_slice() {
                    [one] if !name.is_empty() => **one,
                    _ => return Err(format!("{name} is not a recognized option")),
                }
            }
        };
        if optional.contains(&spec.0) {
            // jopt-simple takes the next word as the argument unless it looks like an option.
            let v = inline.or_else(|| match args.get(i) {
                Some(v) if !v.starts_with('-') => {
                    i += 1;
                    Some(v.clone())
                }
                _ => None,
            });
            out.opts.push((spec.0.to_string(), v));
        } else if spec.1 {
            let v = match inline {
                Some(v) => v,
                None => match args.get(i) {
                    Some(v) if !(v.starts_with("--") && v.len() > 2) => {
                        i += 1;
                        v.clone()
                    }
                    _ => return Err(format!("Option {} requires an argument", spec.0)),
                },
            };
            out.opts.push((spec.0.to_string(), Some(v)));
        } else {
            if inline.is_some() {
                return Err(format!("Option {} does not take an argument", spec.0));
            }
            out.opts.push((spec.0.to_string(), None));
        }
    }
    Ok(out)
}

/// Levenshtein distance, for "did you mean".
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            let del = prev[j + 1] + 1;
            let ins = cur[j] + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

/// The closest of `names` to `word`, if close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = word.chars().count().div_ceil(3).clamp(1, 4);
    names
        .into_iter()
        .map(|n| (distance(word, n), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// `30s`, `500ms`, `2m`, `1h`; a bare number is in `unit_ms`.
pub fn parse_duration(s: &str, unit_ms: u64) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3_600_000.0)
    } else {
        (s, unit_ms as f64)
    };
    let v: f64 = num.parse().ok()?;
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    let ms = v * mult;
    if ms > 24.0 * 3_600_000.0 {
        return None;
    }
    Some(ms.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_argument_is_taken_unless_an_option_follows() {
        let specs: &[Spec] = &[("list", false), ("state", false), ("type", false)];
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let p = parse_with(
            &args("--list --state stable,empty --type"),
            specs,
            &["state", "type"],
        )
        .unwrap();
        assert_eq!(p.value("state"), Some("stable,empty"));
        assert!(p.has("type") && p.value("type").is_none());
        let p = parse_with(
            &args("--list --state --type classic"),
            specs,
            &["state", "type"],
        )
        .unwrap();
        assert!(p.has("state") && p.value("state").is_none());
        assert_eq!(p.value("type"), Some("classic"));
    }
}
