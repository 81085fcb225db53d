//! Every shipped lesson plays: it parses, its setups run, each goal is not met when its step
//! starts and is met once its solution has run, and each question has exactly one right answer
//! (or a right set, or accepted answers). Then the parser's error messages, the Markdown tree,
//! the goal conditions and saved progress, each on small hand-made inputs.

use kafka_playground::cli::{run_script_in, script_world, Console};
use kafka_playground::engine::World;
use kafka_playground::lesson::progress::{Progress, PROGRESS_VERSION};
use kafka_playground::lesson::{
    catalog, load, markdown, parse_lesson, parse_local, Answer, Block, Check, Condition, Inline,
    Lesson, QuestionKind, LOCAL_PREFIX, MAX_LESSON_BYTES,
};

/// Runs `script` on `world` as the page does when "show solution" is pressed; every command
/// must succeed.
fn play(lesson: &Lesson, mut world: World, script: &kafka_playground::lesson::Script) -> World {
    let mut console = Console::new();
    let res = run_script_in(&mut console, &mut world, &script.text);
    if let Some(e) = &res.error {
        panic!("{}", lesson.script_error(script, e));
    }
    if let Some((cmd, out)) = res.steps.iter().find(|(_, o)| o.code != 0) {
        panic!(
            "{}",
            lesson.script_error(
                script,
                &format!("line {}: {}: {}", cmd.line, cmd.text, out.stderr())
            )
        );
    }
    world
}

#[test]
fn every_listed_lesson_parses() {
    let cat = catalog();
    let errors: Vec<String> = cat.errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "lesson errors:\n{}", errors.join("\n"));
    let ids: Vec<&str> = cat.lessons.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "first-producer-consumer",
            "topics-partitions-offsets",
            "replication",
            "hot-partition",
            "share-groups"
        ],
        "the lesson list, in index.txt order"
    );
    for l in &cat.lessons {
        assert!(
            !l.title.is_empty() && !l.summary.is_empty() && l.minutes > 0,
            "{}",
            l.id
        );
        assert!(
            l.steps.len() >= 3,
            "{} has only {} steps",
            l.id,
            l.steps.len()
        );
        assert!(
            l.steps.iter().any(|s| !s.checks.is_empty()),
            "{} has no checks",
            l.id
        );
        let text = l
            .steps
            .iter()
            .map(|s| markdown::plain_text(&s.prose))
            .collect::<String>();
        assert!(!text.contains("TODO"), "{} says TODO", l.id);
    }
}

#[test]
fn every_step_setup_runs() {
    for l in &catalog().lessons {
        assert!(
            l.steps[0].setup.is_some(),
            "{}: the first step needs a setup",
            l.id
        );
        for i in 0..l.steps.len() {
            if let Err(e) = l.world_for(i) {
                panic!("{e}");
            }
        }
    }
}

#[test]
fn every_goal_is_unmet_at_its_start_and_met_by_its_solution() {
    let mut goals = 0;
    for l in &catalog().lessons {
        for (i, step) in l.steps.iter().enumerate() {
            for check in &step.checks {
                let Check::Goal(g) = check else { continue };
                goals += 1;
                let start = l.world_for(i).unwrap_or_else(|e| panic!("{e}"));
                let at = format!(
                    "lessons/{}, line {} (goal {} of step '{}')",
                    l.file, g.line, g.id, step.title
                );
                assert!(
                    !g.met(&start),
                    "{at}: the goal is already met when the step starts"
                );
                let end = play(l, start, &g.solution);
                let failing: Vec<String> = g
                    .conditions
                    .iter()
                    .filter(|c| !c.holds(&end))
                    .map(|c| format!("{} (now {:?})", c.source, c.metric.measure(&end)))
                    .collect();
                assert!(
                    failing.is_empty(),
                    "{at}: after the solution, not met: {}",
                    failing.join("; ")
                );
            }
        }
    }
    assert!(goals >= 6, "the lessons have only {goals} goals");
}

/// A goal's checks are as strict as its words: a near-miss (close, but short of what the goal
/// asks) must leave it unmet.
#[test]
fn no_goal_passes_with_less_than_it_asks() {
    let mut near_misses = 0;
    for l in &catalog().lessons {
        for (i, step) in l.steps.iter().enumerate() {
            for check in &step.checks {
                let Check::Goal(g) = check else { continue };
                let Some(miss) = &g.near_miss else { continue };
                near_misses += 1;
                let start = l.world_for(i).unwrap_or_else(|e| panic!("{e}"));
                let end = play(l, start, miss);
                assert!(
                    !g.met(&end),
                    "lessons/{}, line {}: the goal of step '{}' passes with its near-miss",
                    l.file,
                    miss.line,
                    step.title
                );
            }
        }
    }
    assert!(near_misses >= 1, "no lesson has a near-miss to check");
}

#[test]
fn every_question_has_one_right_answer() {
    let mut questions = 0;
    for l in &catalog().lessons {
        for (_, check) in l.checks() {
            let Check::Question(q) = check else { continue };
            questions += 1;
            let at = format!("lessons/{}, line {}", l.file, q.line);
            let right = q.options.iter().filter(|o| o.right).count();
            match q.kind {
                QuestionKind::Single => assert_eq!(right, 1, "{at}"),
                QuestionKind::Multiple => assert!(right >= 1, "{at}"),
                QuestionKind::Short => assert!(!q.accept.is_empty(), "{at}"),
            }
            assert!(
                q.grade(&q.right_answer()),
                "{at}: the right answer is graded wrong"
            );
            assert!(!q.explain.is_empty(), "{at}: no explanation");
            // Every other single choice, and an empty or made-up answer, is wrong.
            match q.kind {
                QuestionKind::Short => {
                    assert!(
                        !q.grade(&Answer::Text("not the answer at all".into())),
                        "{at}"
                    );
                    assert!(!q.grade(&Answer::Text("  ".into())), "{at}");
                }
                _ => {
                    assert!(!q.grade(&Answer::Choices(vec![])), "{at}");
                    for (i, o) in q.options.iter().enumerate() {
                        if !o.right {
                            assert!(!q.grade(&Answer::Choices(vec![i])), "{at}: option {i}");
                        }
                    }
                }
            }
        }
    }
    assert!(
        questions >= 10,
        "the lessons have only {questions} questions"
    );
}

#[test]
fn the_hot_partition_lesson_ends_with_a_four_question_check_and_a_lag_goal() {
    let l = catalog()
        .get("hot-partition")
        .expect("hot-partition lesson");
    let questions = l
        .checks()
        .filter(|(_, c)| matches!(c, Check::Question(_)))
        .count();
    assert!(questions >= 5, "{questions} questions");
    let last = l.steps.last().expect("a last step");
    let quick_check = last
        .checks
        .iter()
        .filter(|c| matches!(c, Check::Question(_)))
        .count();
    assert_eq!(
        quick_check, 4,
        "the quick check has {quick_check} questions"
    );
    let lag_goal = l.checks().any(|(_, c)| match c {
        Check::Goal(g) => g
            .conditions
            .iter()
            .any(|c| c.source.starts_with("max-lag(") && c.window_ms == Some(30_000)),
        _ => false,
    });
    assert!(lag_goal, "no 'max-lag(…) < N for 30s' goal");
}

// ---------------------------------------------------------------- the parser's errors

const GOOD: &str = "---\nid: demo\ntitle: Demo\nsummary: A demo.\nminutes: 5\n---\n\n## First\n\nHello **there**.\n\n```setup\nkafka-topics.sh --bootstrap-server localhost:9092 --create --topic t --partitions 3\n```\n\n```question\nask: Pick one\n- [ ] no\n- [x] yes\nexplain: Because.\n```\n\n```goal\ngoal: Make six partitions.\ncheck: partitions(t) >= 6\n```\n\n```solution\nkafka-topics.sh --bootstrap-server localhost:9092 --alter --topic t --partitions 6\n```\n";

fn err(text: &str) -> String {
    match parse_lesson("bad.md", text) {
        Ok(_) => panic!("parsed:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_good_file_parses_into_its_parts() {
    let l = parse_lesson("demo.md", GOOD).expect("parses");
    assert_eq!((l.id.as_str(), l.minutes, l.steps.len()), ("demo", 5, 1));
    let s = &l.steps[0];
    assert_eq!(s.title, "First");
    assert_eq!(s.line, 8);
    assert_eq!(s.setup.as_ref().map(|x| x.line), Some(13));
    assert_eq!(s.checks.len(), 2);
    assert_eq!(s.checks[0].id(), "s1-q1");
    assert_eq!(s.checks[1].id(), "s1-g1");
    let world = l.world_for(0).expect("setup runs");
    let Check::Goal(g) = &s.checks[1] else {
        panic!()
    };
    assert!(!g.met(&world));
    assert!(g.met(&play(&l, world, &g.solution)));
}

#[test]
fn malformed_files_name_the_file_line_and_problem() {
    let cases: Vec<(String, &str)> = vec![
        (
            "no front matter".into(),
            "bad.md, line 1: a lesson starts with front matter",
        ),
        (
            "---\nid: x\n".into(),
            "line 1: the front matter is not closed",
        ),
        (
            GOOD.replace("minutes: 5", "minutes: soon"),
            "line 5: minutes must be a whole number",
        ),
        (
            GOOD.replace("id: demo", "id: no spaces"),
            "line 2: the id 'no spaces'",
        ),
        (
            GOOD.replace("minutes: 5\n", ""),
            "the front matter has no minutes",
        ),
        (
            GOOD.replace("## First", "First"),
            "line 8: text before the first step",
        ),
        (
            GOOD.replace("- [ ] no", "- [x] no"),
            "line 16: a single-choice question needs exactly one right option",
        ),
        (
            GOOD.replace("explain: Because.\n", ""),
            "line 16: the question has no 'explain:'",
        ),
        (
            GOOD.replace("explain:", "explian:"),
            "line 20: unknown field 'explian'",
        ),
        (
            GOOD.replace("partitions(t) >= 6", "partitons(t) >= 6"),
            "line 25: unknown metric 'partitons'",
        ),
        (
            GOOD.replace("partitions(t) >= 6", "partitions(t) 6"),
            "line 25: 'partitions(t) 6' has no comparison",
        ),
        (
            GOOD.replace("partitions(t) >= 6", "partitions(t) >= 6 for 30s"),
            "line 25: 'for' works with lag",
        ),
        (
            GOOD.replace("```solution", "```text"),
            "line 23: this goal has no solution",
        ),
        (
            GOOD.replace("```question", "```questions"),
            "line 16: unknown block 'questions': did you mean 'question'?",
        ),
        (
            GOOD.replace("```setup", "```views\nlanes, sideways\n```\n```setup"),
            "line 13: unknown view 'sideways'",
        ),
        (
            GOOD.replace("--partitions 6\n```\n", "--partitions 6\n"),
            "line 28: this ``` block is never closed",
        ),
    ];
    for (text, want) in cases {
        let got = err(&text);
        assert!(got.contains(want), "want {want:?} in {got:?}");
        assert!(got.starts_with("lessons/bad.md"), "{got}");
    }
}

#[test]
fn a_failing_setup_names_the_lesson_line() {
    let text = GOOD.replace("--partitions 3", "--partitions zero");
    let l = parse_lesson("demo.md", &text).expect("parses: scripts run later");
    let e = l.world_for(0).expect_err("setup fails").to_string();
    assert!(
        e.starts_with("lessons/demo.md, line 13: the script failed"),
        "{e}"
    );
}

#[test]
fn an_index_naming_a_missing_or_duplicate_lesson_is_reported() {
    let cat = load(&[("a.md", GOOD), ("b.md", GOOD), ("c.md", "junk")]);
    assert_eq!(cat.lessons.len(), 1);
    let errors: Vec<String> = cat.errors.iter().map(ToString::to_string).collect();
    assert!(
        errors[0].contains("b.md: the id 'demo' is used by another lesson"),
        "{errors:?}"
    );
    assert!(errors[1].starts_with("lessons/c.md, line 1"), "{errors:?}");
}

// ---------------------------------------------------------------- prose

#[test]
fn markdown_becomes_a_tree_without_html() {
    let blocks = markdown::parse(
        "### Title\n\nSee [docs](https://kafka.apache.org) and [bad](javascript:alert(1)) <b>raw</b>.\n\n| a | b |\n|---|--:|\n| `x` | 2 |\n\n- one\n- two\n",
    );
    assert!(matches!(&blocks[0], Block::Heading { level: 3, .. }));
    let Block::Paragraph(p) = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert!(p.contains(&Inline::Link {
        href: "https://kafka.apache.org".into(),
        content: vec![Inline::Text("docs".into())]
    }));
    assert!(
        !p.iter()
            .any(|i| matches!(i, Inline::Link { href, .. } if href.starts_with("javascript"))),
        "a javascript: link stays text"
    );
    let mut text = String::new();
    markdown::inline_text(p, &mut text);
    assert!(
        text.contains("<b>raw</b>"),
        "raw HTML is shown as text: {text}"
    );
    let Block::Table { head, rows, .. } = &blocks[2] else {
        panic!("{blocks:?}")
    };
    assert_eq!((head.len(), rows.len()), (2, 1));
    assert_eq!(rows[0][0], vec![Inline::Code("x".into())]);
    let Block::List { items, start: None } = &blocks[3] else {
        panic!("{blocks:?}")
    };
    assert_eq!(items.len(), 2);
}

// ---------------------------------------------------------------- goal conditions

#[test]
fn conditions_parse_and_refuse_what_they_cannot_check() {
    let c = Condition::parse("max-lag(order-service) < 100 for 30s").expect("parses");
    assert_eq!(c.window_ms, Some(30_000));
    assert!(Condition::parse("assignor(g) == roundrobin").is_ok());
    assert!(Condition::parse("config(t, cleanup.policy) == compact").is_ok());
    assert!(Condition::parse("skew(t) < 40%").is_ok());
    for (bad, why) in [
        ("assignor(g) < 3", "is a word"),
        ("members(g) == many", "is a number"),
        ("lag(g) < 5 for 10m", "at most"),
        ("lag(g) < 5 for soon", "not a duration"),
        (
            "key-partitions(t) >= 2",
            "write key-partitions(TOPIC, PREFIX)",
        ),
        ("lost(x) > 0", "takes no arguments"),
        ("members(g >= 1", "closing ')'"),
    ] {
        let e = Condition::parse(bad).expect_err(bad);
        assert!(e.contains(why), "{bad}: {e}");
    }
}

fn world(script: &str) -> World {
    script_world(42, script).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_lag_window_needs_the_whole_window_within_bounds() {
    let hot = include_str!("../scenarios/hot-partition.sh");
    let mut w = world(hot);
    let under = Condition::parse("max-lag(order-service) < 100 for 30s").unwrap();
    let grows = Condition::parse("max-lag(order-service) > 100").unwrap();
    w.advance(20_000);
    assert!(grows.holds(&w), "the hot partition falls behind");
    assert!(!under.holds(&w));
    // Stop the load: the lag drains, but the window still remembers the backlog.
    w.apply(kafka_playground::engine::Command::StopLoad {
        id: "checkout".into(),
    })
    .unwrap();
    w.advance(40_000);
    let now_under = Condition::parse("max-lag(order-service) < 100").unwrap();
    assert!(
        now_under.holds(&w),
        "drained: {:?}",
        now_under.metric.measure(&w)
    );
    let drained_at = (0..40)
        .find(|_| {
            w.advance(1_000);
            under.holds(&w)
        })
        .expect("30 s after draining, the window holds");
    assert!(drained_at < 40);
    // A group that does not exist never meets a lag goal.
    assert!(!Condition::parse("max-lag(nobody) < 100").unwrap().holds(&w));
}

#[test]
fn skew_and_key_spread_read_the_traffic() {
    let mut w = world(include_str!("../scenarios/hot-partition.sh"));
    w.advance(31_000);
    let skew = Condition::parse("skew(orders) > 70").unwrap();
    assert!(skew.holds(&w), "{:?}", skew.metric.measure(&w));
    let spread = Condition::parse("key-partitions(orders, web) >= 2").unwrap();
    assert!(!spread.holds(&w), "one hot key: one partition");
    let mut c = Console::new();
    let res = run_script_in(
        &mut c,
        &mut w,
        "sim load stop checkout\nsim load start --id salted --topic orders --rate 400 --keys channel-user:web,app,store,partner:80:100\nsim time advance 31s\n",
    );
    assert_eq!(res.code, 0, "{}", res.transcript());
    let w = &w;
    assert!(spread.holds(w));
    assert!(
        Condition::parse("skew(orders) < 40").unwrap().holds(w),
        "{:?}",
        skew.metric.measure(w)
    );
}

// ---------------------------------------------------------------- saved progress

#[test]
fn a_lesson_file_from_the_learners_computer_gets_a_local_id_and_plain_errors() {
    let l = parse_local("my lesson.md", GOOD).expect("parses");
    assert_eq!(l.id, format!("{LOCAL_PREFIX}demo"));
    assert_eq!(l.file, "my lesson.md");
    // Progress kept under the local id never lands on a shipped lesson with the same id.
    let mut p = Progress::new();
    p.lesson_mut(&l.id).done.insert(0);
    assert!(p.lesson("demo").is_none());
    // Errors name the file as dropped, not as one in lessons/.
    let bad = GOOD.replace("minutes: 5", "minutes: soon");
    let e = parse_local("mine.md", &bad).expect_err("bad minutes");
    assert_eq!(
        e.located(),
        "mine.md, line 5: minutes must be a whole number, not 'soon'"
    );
    assert_eq!(e.to_string(), format!("lessons/{}", e.located()));
    // Strange names stay readable; an empty one is named; a huge file is refused unread.
    let e = parse_local("a\u{0}b\nc.md", "nothing").expect_err("no front matter");
    assert!(
        e.located().starts_with("abc.md, line 1: "),
        "{}",
        e.located()
    );
    let e = parse_local("", "nothing").expect_err("no front matter");
    assert!(e.located().starts_with("the dropped file, line 1: "));
    let e = parse_local("big.md", &"x".repeat(MAX_LESSON_BYTES + 1)).expect_err("too big");
    assert_eq!(e.line, 0);
    assert!(
        e.located().starts_with("big.md: the file is 1024 KB"),
        "{}",
        e.located()
    );
    // No input makes the parser panic: every prefix of a good file parses or says why.
    for end in (0..GOOD.len()).filter(|i| GOOD.is_char_boundary(*i)) {
        if let Err(e) = parse_local("cut.md", &GOOD[..end]) {
            assert!(!e.message.is_empty(), "{end}: {e:?}");
        }
    }
}

#[test]
fn progress_round_trips_and_survives_hostile_files() {
    let cat = load(&[("demo.md", GOOD)]);
    let l = &cat.lessons[0];
    let mut p = Progress::new();
    let lp = p.lesson_mut("demo");
    assert!(!lp.answer(l, 0, "s1-q1", Answer::Choices(vec![0])));
    assert!(lp.answer(l, 0, "s1-q1", Answer::Choices(vec![1])));
    assert!(!lp.done.contains(&0), "the goal is still open");
    lp.goal_met(l, 0, "s1-g1");
    assert!(lp.finished(l));
    let json = p.to_json();
    assert_eq!(Progress::from_json(&json, &cat), Ok(p.clone()));
    // Unknown lessons and checks are dropped; steps are clamped.
    let edited = json
        .replace("\"s1-g1\"", "\"s9-g9\"")
        .replace("\"step\":0", "\"step\":99");
    let back = Progress::from_json(&edited, &cat).expect("reads");
    let lp = back.lesson("demo").unwrap();
    assert_eq!(lp.step, 0);
    assert!(!lp.passed.contains("s9-g9"));
    for (bad, why) in [
        ("not json", "not JSON"),
        ("{}", "no version"),
        (
            &format!("{{\"version\":{}}}", PROGRESS_VERSION + 1) as &str,
            "version 2",
        ),
        (
            "{\"version\":1,\"lessons\":{\"demo\":{\"step\":\"x\"}}}",
            "damaged",
        ),
    ] {
        let e = Progress::from_json(bad, &cat).expect_err(bad);
        assert!(e.contains(why), "{bad}: {e}");
    }
    let huge = format!("{{\"version\":1,\"x\":\"{}\"}}", "a".repeat(600_000));
    assert!(Progress::from_json(&huge, &cat)
        .unwrap_err()
        .contains("too large"));
}

#[test]
fn the_readme_example_lesson_plays() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("````markdown\n")
        .expect("README has an example lesson")
        + 13;
    let len = readme[start..]
        .find("\n````")
        .expect("the example is closed");
    let l = parse_lesson("README example", &readme[start..start + len])
        .unwrap_or_else(|e| panic!("{e}"));
    let world = l.world_for(0).unwrap_or_else(|e| panic!("{e}"));
    let Some(Check::Goal(g)) = l.steps[0]
        .checks
        .iter()
        .find(|c| matches!(c, Check::Goal(_)))
    else {
        panic!("no goal")
    };
    assert!(!g.met(&world));
    assert!(g.met(&play(&l, world, &g.solution)));
    let Some(Check::Question(q)) = l.steps[0].checks.first() else {
        panic!("no question")
    };
    assert!(q.grade(&Answer::Choices(vec![0])));
}

/// The browser reads `lessons/parsed.json` instead of parsing the lesson files (a smaller page,
/// issue 20): it must be these files parsed. `make lessons` writes it (`UPDATE_LESSONS=1`).
#[test]
fn the_parsed_lessons_the_page_ships_are_the_lesson_files_parsed() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/parsed.json");
    let want = kafka_playground::lesson::parsed_json();
    if std::env::var_os("UPDATE_LESSONS").is_some() {
        std::fs::write(path, &want).expect("write lessons/parsed.json");
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "lessons/parsed.json is not the lesson files parsed: run `make lessons`"
    );
    let read = kafka_playground::lesson::read_parsed(&have).expect("parsed.json reads back");
    assert_eq!(
        &read,
        catalog(),
        "parsed.json reads back as the same catalog"
    );
}
