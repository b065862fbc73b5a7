use super::*;

/// Renders a page as TSV lines `kind start end text` (the golden-file format).
pub(crate) fn render(text: &str, page: &Page) -> String {
    fn row(out: &mut String, kind: &str, span: Span, text: &str) {
        let s = &text[span];
        let shown = if s.chars().count() > 90 {
            let head: String = s.chars().take(45).collect();
            let tail: String = s
                .chars()
                .rev()
                .take(35)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("{head} … {tail}")
        } else {
            s.to_string()
        };
        let shown = shown
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
            .replace('\t', "\\t");
        out.push_str(&format!("{kind}\t{}\t{}\t{shown}\n", span.start, span.end));
    }
    let mut out = String::new();
    let mut items: Vec<(Span, u8, String)> = Vec::new();
    for (k, a) in page.articles.iter().enumerate() {
        items.push((a.span, 0, format!("article{}", k + 1)));
        if let Some(h) = a.headline {
            items.push((h, 1, "headline".into()));
        }
        if let Some(d) = a.dateline {
            let (y, m, dd) = a.date.unwrap_or_default();
            items.push((d, 2, format!("dateline={y:04}-{m:02}-{dd:02}")));
        }
        if let Some(l) = a.location {
            items.push((l, 3, "location".into()));
        }
    }
    for z in &page.zones {
        items.push((z.span, 4, format!("boilerplate:{}", z.kind.as_str())));
    }
    for &r in &page.repeats {
        items.push((r, 5, "repeat".into()));
    }
    items.sort_by_key(|(s, o, _)| (s.start, *o));
    for (s, _, k) in items {
        row(&mut out, &k, s, text);
    }
    out
}

#[track_caller]
fn check(text: &str, expected: &str) {
    let page = PageSegmenter::new().segment(text);
    let got = render(text, &page);
    let want: String = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("{}\n", l.replace(" | ", "\t")))
        .collect();
    assert_eq!(got, want, "\n--- got ---\n{got}");
}

#[test]
fn single_article_with_dateline() {
    check(
        "Skip to content\nHome\n\nTTP Extends Ceasefire\nUpdated 08 January 2023\n\nKABUL: The group said so on Monday.\n",
        "boilerplate:nav | 0 | 20 | Skip to content\\nHome
         article1 | 22 | 104 | TTP Extends Ceasefire\\nUpdated 08 January 2023\\n\\nKABUL: The group said so on Monday.
         headline | 22 | 43 | TTP Extends Ceasefire
         dateline=2023-01-08 | 52 | 67 | 08 January 2023
         location | 69 | 74 | KABUL",
    );
}

#[test]
fn dateline_before_headline() {
    check(
        "November 8, 2021\n2 mins read\n\nTaliban Toughen Stance\n\nThe body is here.\n\nALSO READ: Other story\n",
        "article1 | 0 | 71 | November 8, 2021\\n2 mins read\\n\\nTaliban Toughen Stance\\n\\nThe body is here.
         dateline=2021-11-08 | 0 | 16 | November 8, 2021
         boilerplate:meta | 17 | 28 | 2 mins read
         headline | 30 | 52 | Taliban Toughen Stance
         boilerplate:link | 73 | 95 | ALSO READ: Other story",
    );
}

#[test]
fn no_headline_no_dateline() {
    check(
        "The body has one sentence.",
        "article1 | 0 | 26 | The body has one sentence.",
    );
    check("", "");
    check("\n\n  \n", "");
    check(
        "Follow\n",
        "article1 | 0 | 6 | Follow\nboilerplate:nav | 0 | 6 | Follow",
    );
}

#[test]
fn teaser_block_stops_at_body() {
    // A "Related" heading in the middle of the body: the teaser is marked, the body that
    // resumes after it is not.
    check(
        "A Headline Here\n\nFirst paragraph of the body.\n\nRelated\n\nOther Story Title\n\nSecond paragraph of the body.\n\nThird paragraph.\n",
        "article1 | 0 | 122 | A Headline Here\\n\\nFirst paragraph of the body. … raph of the body.\\n\\nThird paragraph.
         headline | 0 | 15 | A Headline Here
         boilerplate:teaser | 47 | 73 | Related\\n\\nOther Story Title",
    );
}

/// Hard-wrapped text (wire copy, newsletters): a wrapped paragraph is one prose line, its
/// tables are body, and a headline or dateline standing apart keeps its role.
#[test]
fn hard_wrapped_text() {
    for (text, expected) in [
        // The first line of a wire story, its header cut off, runs on into a digit.
        (
            "The provincial board said it set May\n14 as the closing date for traders entitled to a\nshare of its revised compensation fund.\n",
            "article1 | 0 | 125 | The provincial board said it set May\\n14 as th … e of its revised compensation fund.",
        ),
        // Paragraphs opened by an indent: an unindented line continues the one above, even
        // in capitals; the rows of a table are body; "share." ends a sentence, not a widget.
        (
            "Khyber Traders Association and City\nCouncil officials said they had agreed a new market\nschedule after talks on Monday.\n    The council said fees were raised by two cents a\nshare.\n    Stalls 120 vs 95\n    Fees 2.5 mln vs 1.9 mln\n",
            "article1 | 0 | 228 | Khyber Traders Association and City\\nCouncil o … 0 vs 95\\n    Fees 2.5 mln vs 1.9 mln",
        ),
        // A table alone, indented under its first row.
        (
            "Seats 42 vs 38\n    Votes 1.2 mln vs 0.9 mln\n    Turnout 51 pct vs 47 pct\n",
            "article1 | 0 | 72 | Seats 42 vs 38\\n    Votes 1.2 mln vs 0.9 mln\\n    Turnout 51 pct vs 47 pct",
        ),
        // A headline over a wrapped body, with a blank line between.
        (
            "Talks Resume in Kabul\n\nThe two sides said on Monday that the talks would\nresume next week after a pause of a month and that\nboth had agreed to keep the ceasefire in place.\n",
            "article1 | 0 | 171 | Talks Resume in Kabul\\n\\nThe two sides said on  … eed to keep the ceasefire in place.
             headline | 0 | 21 | Talks Resume in Kabul",
        ),
        // A headline and a dateline over a wrapped body.
        (
            "Ceasefire Extended Until March\nUpdated 08 January 2023\n\nThe group said on Sunday that the truce would be\nextended to the end of March, and that the talks with\nthe government would go on in Kabul in the weeks ahead.\n",
            "article1 | 0 | 214 | Ceasefire Extended Until March\\nUpdated 08 Jan …  go on in Kabul in the weeks ahead.
             headline | 0 | 30 | Ceasefire Extended Until March
             dateline=2023-01-08 | 39 | 54 | 08 January 2023",
        ),
        // The same, narrow, with no blank line: the headline is as wide as the text.
        (
            "Talks With The Banned Group To Resume\nPublished Monday, November 8, 2021 05:00 PM\nThe two sides said on Monday that the talks\nwould resume next week after a pause of a\nmonth, and that both had agreed to keep it.\n",
            "article1 | 0 | 211 | Talks With The Banned Group To Resume\\nPublish … nd that both had agreed to keep it.
             headline | 0 | 37 | Talks With The Banned Group To Resume
             dateline=2021-11-08 | 56 | 72 | November 8, 2021",
        ),
        // A line of a paragraph that opens with a date is not a dateline.
        (
            "Members will vote on the plan at a meeting to be held on\nMarch 26, 2023 and the result goes to holders of record\nat the close of business, the board said on Friday.\n",
            "article1 | 0 | 164 | Members will vote on the plan at a meeting to … business, the board said on Friday.",
        ),
        // A blank line inside a sentence: the line above it is not a headline.
        (
            "The chairman of the provincial assembly\n\nsaid the session would resume in the first week of\nApril once the budget papers had been printed and\nsent to every member of the house.\n",
            "article1 | 0 | 176 | The chairman of the provincial assembly\\n\\nsaid … \\nsent to every member of the house.",
        ),
        // Not hard-wrapped: a menu of short lines and one paragraph per line, as before.
        (
            "Home\nWorld\nPakistan\nSport\n\nTalks Resume in Kabul\n\nThe talks resumed on Monday after a month-long pause, officials said, and are expected to go on.\n",
            "boilerplate:nav | 0 | 4 | Home
             boilerplate:leading | 5 | 25 | World\\nPakistan\\nSport
             article1 | 27 | 146 | Talks Resume in Kabul\\n\\nThe talks resumed on M … ls said, and are expected to go on.
             headline | 27 | 48 | Talks Resume in Kabul",
        ),
    ] {
        check(text, expected);
    }
}

/// Regression (shrunk case of `wrapped_text_never_boilerplate`: width 48, a headline,
/// two paragraphs of BODY[2] and BODY[3]): the headline over hard-wrapped paragraphs is
/// the article's headline, not a leading zone.
#[test]
fn wrapped_headline_over_quotes() {
    for indent in ["\n", "    "] {
        let body = "\u{201C}We want peace,\u{201D} said Barrister Mohammad Ali\nSaif, the provincial government\u{2019}s spokesman.\nRelated talks will continue next week.\n";
        let text = format!("Pakistan And TTP Agree To Extend Ceasefire\n\n{body}{indent}{body}");
        let page = PageSegmenter::new().segment(&text);
        assert_eq!(page.articles.len(), 1, "{text}");
        assert!(page.zones.is_empty(), "{:?} in {text}", page.zones);
        let headline = page.articles[0].headline.map(|h| &text[h.range()]);
        assert_eq!(
            headline,
            Some("Pakistan And TTP Agree To Extend Ceasefire"),
            "{text}"
        );
    }
}

/// The sample corpus pages (scraped, a paragraph per line) are not hard-wrapped, so they
/// are read line by line exactly as before.
#[test]
fn scraped_pages_are_not_hard_wrapped() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let seg = PageSegmenter::new();
    for p in fixture_txts(&dir) {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(!seg.lines(&text).1, "{}", p.display());
    }
}

/// The `.txt` files of a fixture folder of the repository, sorted.
///
/// # Panics
///
/// When the folder is missing or holds no `.txt` file: a test must not pass on zero cases.
#[track_caller]
fn fixture_txts(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("fixture folder {} is missing: {e}", dir.display()));
    let mut v: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    assert!(
        !v.is_empty(),
        "fixture folder {} has no .txt file",
        dir.display()
    );
    v
}

#[test]
fn two_articles() {
    let text = "First Story Title\nPublished November 8, 2021 05:00am\n\nOne. Body.\n\nTwo.\n\n\
                Second Story Title\nUpdated 08 January 2023\n\nThree.\n\nFour.\n";
    let page = PageSegmenter::new().segment(text);
    assert_eq!(page.articles.len(), 2);
    assert_eq!(page.articles[0].date, Some((2021, 11, 8)));
    assert_eq!(page.articles[1].date, Some((2023, 1, 8)));
    assert_eq!(
        &text[page.articles[1].headline.unwrap()],
        "Second Story Title"
    );
    assert!(page.zones.is_empty());
}

#[test]
fn builder_phrases() {
    let seg = PageSegmenter::builder()
        .phrases("nav line Khyber Mail App")
        .unwrap()
        .build();
    assert_eq!(
        seg.segment("Khyber Mail App\n\nBody text here.")
            .zones
            .len(),
        1
    );
    let none = PageSegmenter::builder().default_phrases(false).build();
    assert_eq!(
        none.segment("Title Here\n\nBody.\n\nFollow\n\nMore body.")
            .zones
            .len(),
        0
    );
    assert!(PageSegmenter::builder().phrases("bogus line X").is_err());
}

#[test]
fn send_sync() {
    fn f<T: Send + Sync>() {}
    f::<PageSegmenter>();
}

/// Golden files: `fixtures/pages/<case>.txt` with `<case>.expected` beside it, and the
/// sample corpus pages `fixtures/corpus/<page>.txt` with `fixtures/pages/corpus/<page>.expected`.
/// `UPDATE_EXPECT=1` rewrites the expected files.
#[test]
fn golden_pages() {
    use std::path::{Path, PathBuf};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut cases: Vec<(PathBuf, PathBuf)> = fixture_txts(&root.join("pages"))
        .into_iter()
        .map(|p| (p.clone(), p.with_extension("expected")))
        .collect();
    for p in fixture_txts(&root.join("corpus")) {
        let exp = root
            .join("pages/corpus")
            .join(p.file_name().unwrap())
            .with_extension("expected");
        cases.push((p, exp));
    }
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let seg = PageSegmenter::new();
    let mut failed = Vec::new();
    for (case, exp_path) in &cases {
        let text = std::fs::read_to_string(case).unwrap();
        let got = render(&text, &seg.segment(&text));
        if update {
            std::fs::create_dir_all(exp_path.parent().unwrap()).unwrap();
            std::fs::write(exp_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(exp_path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_EXPECT=1 writes it)", exp_path.display()));
        if got != want {
            failed.push(format!(
                "{}:\n--- got ---\n{got}--- expected ---\n{want}",
                case.display()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "golden files differ (UPDATE_EXPECT=1 to accept):\n{}",
        failed.join("\n")
    );
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const BODY: &[&str] = &[
        "PESHAWAR: The banned Tehreek-e-Taliban Pakistan extended its ceasefire on Monday, officials said.",
        "The talks were held in Kabul and mediated by the Afghan Taliban, according to two officials.",
        "“We want peace,” said Barrister Mohammad Ali Saif, the provincial government’s spokesman.",
        "Related talks will continue next week.",
        "Officials did not comment.",
        "The group has waged a 14-year insurgency and its chief Noor Wali Mehsud has led it since 2018.",
    ];
    const NOISE: &[&str] = &[
        "Follow",
        "Short Url",
        "ALSO READ: Polio drive resumes in Afghanistan",
        "2 mins read",
        "Share\nTweet\nEmail",
        "Photo: AFP",
        "(File photo)",
        "Tags: TTP, Kabul",
        "Next Story\n\nFloods hit Swat",
        "Skip to content",
        "Published in Dawn, January 9th, 2023",
        "We use cookies. Accept all cookies",
        "Home\nPakistan\nWorld",
        "Related\n\nTaliban Deny Hosting TTP Leaders",
        "Latest from World\n\nJapan Cancels Talks\n\nThe cancellation also coincides with the",
        "Comments (3)",
        "© 2023 Khyber Mail",
    ];

    fn check_page(text: &str) {
        let page = PageSegmenter::new().segment(text);
        let ok = |s: Span| {
            s.start <= s.end
                && (s.end as usize) <= text.len()
                && text.is_char_boundary(s.start as usize)
                && text.is_char_boundary(s.end as usize)
        };
        let mut prev = 0;
        for a in &page.articles {
            assert!(ok(a.span) && a.span.start >= prev, "{a:?}");
            prev = a.span.end;
            for s in [a.headline, a.dateline, a.location].into_iter().flatten() {
                assert!(ok(s) && a.span.contains(s), "{s:?} outside {a:?}");
            }
        }
        let mut prev = 0;
        for z in &page.boilerplate {
            assert!(ok(*z) && z.start >= prev && !z.is_empty(), "{z:?}");
            prev = z.end;
        }
        let mut prev = 0;
        for r in &page.repeats {
            assert!(ok(*r) && r.start >= prev && !r.is_empty(), "{r:?}");
            prev = r.end;
            assert!(
                page.articles.iter().any(|a| a.span.contains(*r)),
                "{r:?} outside articles"
            );
            assert!(
                !page.boilerplate.iter().any(|z| z.overlaps(*r)),
                "{r:?} in boilerplate"
            );
        }
        assert_eq!(page.articles.is_empty(), text.trim().is_empty());
        assert_eq!(
            page.hard_wrapped,
            khabar_core::lines::is_hard_wrapped(text),
            "{text:?}"
        );
    }

    /// The page found without the SIMD prefilters, which only pass over lines.
    fn unfiltered(text: &str) -> Page {
        let mut seg = PageSegmenter::new();
        seg.line_pre = None;
        seg.segment(text)
    }

    proptest! {
        #[test]
        fn any_text(text in any::<String>()) {
            check_page(&text);
        }

        /// The quick tests before matching a phrase change nothing: a line gets the first
        /// phrase of its bucket that matches it.
        #[test]
        fn phrase_index_changes_nothing(
            line in "(Share|SHARE|share|Sh|Photo|PHOTO|Follow us|Tags|Ta|The|©|\u{2019}|'|-|\u{2014}|#|[0-9]|[ \t\u{a0}]|[a-zA-Z:.(])*",
        ) {
            let seg = PageSegmenter::new();
            let line = line.trim();
            let slow = line.chars().next().map(fold).and_then(|first| {
                seg.buckets[bucket(first)]
                    .phrases
                    .iter()
                    .find_map(|p| p.matches(line).map(|at| (p.kind, at)))
            });
            if let Some(found) = slow {
                prop_assert_eq!(seg.phrase(line, None), Some(found));
            } else if let Some((_, 0)) = seg.phrase(line, None) {
                prop_assert!(seg.paren.iter().any(|p| p.matches(line).is_some()));
            }
        }

        /// `trim` is `str::trim` on a line with its line break: the offset of the first
        /// character left and the length left, `(0, 0)` for a blank line.
        #[test]
        fn trim_as_str_trim(line in "[ \t\r\x0b\u{a0}\u{2003}]{0,5}[a.(\u{e9}\x01 \t\u{a0}]{0,12}[ \t\r\u{a0}\u{2003}]{0,3}\n?") {
            let t = line.trim();
            let want = if t.is_empty() { (0, 0) } else { (line.len() - line.trim_start().len(), t.len()) };
            prop_assert_eq!(trim(&line), want);
        }

        /// Lines with the same words have the same key, whatever the blanks around and
        /// between them.
        #[test]
        fn words_key_ignores_blanks(
            words in proptest::collection::vec("[a-zA-Z0-9.,'\u{e9}\u{2019}-]{1,7}", 0..14),
            seps in proptest::collection::vec(
                prop_oneof![Just(" "), Just("  "), Just("\t"), Just("\u{a0}"), Just(" \u{2003} ")],
                15,
            ),
        ) {
            let plain = words.join(" ");
            let mut spaced = seps[0].to_string();
            for (w, sep) in words.iter().zip(&seps[1..]) {
                spaced.push_str(w);
                spaced.push_str(sep);
            }
            prop_assert_eq!(words_key(plain.as_bytes()), words_key(spaced.as_bytes()));
        }

        /// The page says of a text what `is_hard_wrapped` says, whatever blanks, Unicode
        /// or not, surround its lines (the segmenter trims more of them).
        #[test]
        fn hard_wrapped_as_core(
            lines in proptest::collection::vec(
                ("[ \t\r\x0b\x0c\u{a0}\u{2003}]{0,2}", 0usize..100, "[a.:!?\u{e9}]?", "[ \t\r\x0b\x0c\u{a0}]{0,2}"),
                0..12,
            ),
            end in "\n?",
        ) {
            let mut text: String = lines
                .iter()
                .map(|(lead, n, last, trail)| format!("{lead}{}{last}{trail}", "w".repeat(*n)))
                .collect::<Vec<_>>()
                .join("\n");
            text.push_str(&end);
            prop_assert_eq!(
                PageSegmenter::new().segment(&text).hard_wrapped,
                khabar_core::lines::is_hard_wrapped(&text)
            );
        }

        #[test]
        fn function_word_ends(s in "(a|an|the|of|their|with|from|x|é| |[a-z]){0,12}") {
            let last = s.rsplit(' ').next().unwrap_or(&s);
            prop_assert_eq!(ends_with_function_word(&s), FUNCTION_WORDS.contains(&last));
        }

        /// The prefilters change nothing: phrases and credits in any case, anywhere in a
        /// line, several in a line, overlapping.
        #[test]
        fn prefilters_change_nothing(parts in proptest::collection::vec(prop_oneof![
            Just("We Use COOKIES"), Just("accept all cookies"), Just("uses cookies"),
            Just("ALL RIGHTS RESERVED."), Just("cookie Policy"), Just("Cookiepolicy"),
            Just("PHOTO: REUTERS"), Just("Photograph: AFP"), Just("photographoto"),
            Just("Image credit: X"), Just("Courtesy: Y"), Just("- File photo"), Just("."),
            Just("A caption in Chitral."), Just(" "), Just("\n"), Just("\n\n"), Just("\r\n"),
            Just("\u{2019}"), Just("é"), Just("Picture"), Just("VIDEO"), Just("credit"),
        ], 0..40)) {
            let text = parts.concat();
            prop_assert_eq!(PageSegmenter::new().segment(&text), unfiltered(&text));
        }

        #[test]
        fn page_like(parts in proptest::collection::vec(prop_oneof![
            Just("Follow"), Just("ALSO READ: A story"), Just("Next Story"), Just("Latest from -World"),
            Just("Updated 08 January 2023"), Just("November 8, 2021"), Just("TTP Talks Resume In Kabul"),
            Just("KABUL: The talks resumed on Monday."), Just("A long body paragraph, which ends here."),
            Just("A truncated teaser that stops in the"), Just(""), Just("(File photo)"), Just("2 mins read"),
            Just("Home"), Just("\u{2019}"), Just("\r"), Just("é Ünïcode"),
                Just("Updated\u{a0}08\u{a0}January\u{a0}2023"),
                Just("à la\u{a0}carte à"),
                Just("Related"),
                Just("Tags: TTP, KP"),
                Just("By Staff Reporter"),
                Just("We use cookies. Accept all cookies"),
        ], 0..40)) {
            check_page(&parts.join("\n"));
        }

        /// Hard-wrapped text (paragraphs wrapped at any width from 40 to 75 bytes, opened
        /// by a blank line or an indent, with table rows between them and a headline or
        /// none) is one article without boilerplate.
        #[test]
        fn wrapped_text_never_boilerplate(
            width in 40usize..=75,
            indent in any::<bool>(),
            head in any::<bool>(),
            paras in proptest::collection::vec((proptest::collection::vec(0usize..BODY.len(), 1..4), any::<bool>()), 1..6),
        ) {
            let mut text = String::new();
            if head {
                text.push_str("Pakistan And TTP Agree To Extend Ceasefire\n\n");
            }
            for (k, (sentences, table)) in paras.iter().enumerate() {
                let para = sentences.iter().map(|&b| BODY[b]).collect::<Vec<_>>().join(" ");
                if k > 0 {
                    text.push_str(if indent { "    " } else { "\n" });
                }
                let mut line = 0;
                for w in para.split(' ') {
                    if line > 0 && line + 1 + w.len() > width {
                        text.push('\n');
                        line = 0;
                    } else if line > 0 {
                        text.push(' ');
                        line += 1;
                    }
                    text.push_str(w);
                    line += w.len();
                }
                text.push('\n');
                if *table {
                    text.push_str("    Seats 42 vs 38\n    Votes 1.2 mln vs 0.9 mln\n");
                }
            }
            // One cut line is too little to tell a wrapped text from a headline over a
            // sentence.
            let cut = text.lines().filter(|l| l.len() > 30 && !l.ends_with('.')).count();
            prop_assume!(cut >= 2 + usize::from(head));
            let page = PageSegmenter::new().segment(&text);
            prop_assert_eq!(page.articles.len(), 1, "{}", &text);
            prop_assert!(page.zones.is_empty(), "{:?} in {}", page.zones, &text);
            let headline = page.articles[0].headline.map(|h| &text[h.range()]);
            prop_assert_eq!(headline, head.then_some("Pakistan And TTP Agree To Extend Ceasefire"), "{}", &text);
        }

        /// A headline shown again under its dateline, a photo caption (or none) above the
        /// dateline: one article from the first headline, whatever widgets come before; the
        /// second headline is a repeat, and so is a body paragraph exactly when the same
        /// paragraph came before it in the article.
        #[test]
        fn headline_shown_twice_is_one_article(
            lead in proptest::collection::vec(0usize..NOISE.len(), 0..4),
            caption in 0usize..3,
            body in proptest::collection::vec(0usize..BODY.len(), 1..8),
        ) {
            const HEAD: &str = "Pakistan And TTP Agree To Extend Ceasefire";
            let mut text = String::new();
            for &n in &lead {
                text.push_str(NOISE[n]);
                text.push_str("\n\n");
            }
            let first = text.len();
            text.push_str(HEAD);
            text.push_str("\n\n");
            text.push_str([
                "",
                "Militants of the banned group at a hideout in North Waziristan. PHOTO: FILE\n\n",
                "Militants of the banned group at a hideout in North Waziristan\n\n",
            ][caption]);
            text.push_str("Updated 08 January 2023\n\n");
            let second = text.len();
            text.push_str(HEAD);
            text.push_str("\n\n");
            let mut want = vec![Span::new(second, second + HEAD.len())];
            for (k, &b) in body.iter().enumerate() {
                let start = text.len();
                text.push_str(BODY[b]);
                if body[..k].contains(&b) {
                    want.push(Span::new(start, text.len()));
                }
                text.push_str("\n\n");
            }
            let page = PageSegmenter::new().segment(&text);
            prop_assert_eq!(page.articles.len(), 1, "{}", &text);
            let a = &page.articles[0];
            prop_assert_eq!(a.headline, Some(Span::new(first, first + HEAD.len())), "{}", &text);
            prop_assert_eq!(a.date, Some((2023, 1, 8)));
            prop_assert_eq!(&page.repeats, &want, "{}", &text);
        }

        /// Body paragraphs (finished sentences) are never boilerplate, whatever widgets,
        /// teasers and menus surround or interrupt them.
        #[test]
        fn body_never_boilerplate(
            lead in proptest::collection::vec(0usize..NOISE.len(), 0..6),
            body in proptest::collection::vec((0usize..BODY.len(), proptest::collection::vec(0usize..NOISE.len(), 0..3)), 1..8),
            tail in proptest::collection::vec(0usize..NOISE.len(), 0..8),
        ) {
            let mut text = String::new();
            for &n in &lead {
                text.push_str(NOISE[n]);
                text.push_str("\n\n");
            }
            text.push_str("Pakistan And TTP Agree To Extend Ceasefire\nUpdated 08 January 2023\n\n");
            let mut paras = Vec::new();
            for (b, noise) in &body {
                let start = text.len();
                text.push_str(BODY[*b]);
                paras.push(Span::new(start, text.len()));
                text.push_str("\n\n");
                for &n in noise {
                    text.push_str(NOISE[n]);
                    text.push_str("\n\n");
                }
            }
            for &n in &tail {
                text.push_str(NOISE[n]);
                text.push_str("\n\n");
            }
            let page = PageSegmenter::new().segment(&text);
            prop_assert_eq!(page.articles.len(), 1);
            for p in &paras {
                prop_assert!(page.articles[0].span.contains(*p));
                for z in &page.zones {
                    prop_assert!(!z.span.overlaps(*p), "{:?} marked as {:?}", &text[p.range()], z.kind);
                }
            }
        }
    }
}

#[test]
fn split_lines_is_split_inclusive() {
    #[track_caller]
    fn check(text: &str) {
        let got: Vec<&str> = super::split_lines(text).collect();
        let want: Vec<&str> = text.split_inclusive('\n').collect();
        assert_eq!(got, want, "{text:?}");
    }
    check("");
    check("\n");
    check("\n\n");
    check("one");
    check("one\n");
    check("one\ntwo");
    check("one\r\n\r\ntwo\n\n");
}

/// Credits without brackets after a photo caption, or an agency in brackets alone on the
/// line under it, are credit zones; the caption stays article text.
#[test]
fn caption_credits_without_brackets() {
    let head = "Floods Cut Off Mountain Villages\nUpdated 12 March 2024\n\n";
    let body = "\n\nCHITRAL: Heavy rain cut the main road to the valley on Tuesday, officials said.\n\nThe district administration opened two relief camps for families.\n";
    let caption = "Rescue workers carry a boy across a swollen river in Chitral";
    for (tail, credit) in [
        (". PHOTO: REUTERS", "PHOTO: REUTERS"),
        (". Photo: AFP", "Photo: AFP"),
        (". File photo", "File photo"),
        (" PHOTO: FILE", "PHOTO: FILE"),
        (" \u{2013} File photo", "File photo"),
        (" | Photo: Khalid Mahmood", "Photo: Khalid Mahmood"),
        (".\n(AFP)", "(AFP)"),
        ("\n\n(Reuters)", "(Reuters)"),
        (". (AFP/Getty Images)", "(AFP/Getty Images)"),
        (".\nPHOTO: REUTERS", "PHOTO: REUTERS"),
        ("\nFile photo", "File photo"),
    ] {
        let text = format!("{head}{caption}{tail}{body}");
        let page = PageSegmenter::new().segment(&text);
        let zones: Vec<(ZoneKind, &str)> = page
            .zones
            .iter()
            .map(|z| (z.kind, &text[z.span.range()]))
            .collect();
        assert_eq!(zones, [(ZoneKind::Credit, credit)], "{text}");
        assert_eq!(page.articles.len(), 1, "{text}");
    }
    // Not credits: a credit word opening a sentence, a credit phrase followed by more than
    // a name, a lower-case "photo" inside the caption.
    for line in [
        "The photo: a boy carried across a swollen river in Chitral by rescue workers.",
        "Officials said so. Photo by the river shows the road that was cut on Tuesday morning.",
        "Rescue workers carry a boy across a swollen river in Chitral, file photo shows",
        "Rescue workers said the river rose overnight (AP)",
    ] {
        let text = format!("{head}{line}{body}");
        let page = PageSegmenter::new().segment(&text);
        let zones: Vec<&str> = page.zones.iter().map(|z| &text[z.span.range()]).collect();
        let want: &[&str] = if line.ends_with("(AP)") {
            &["(AP)"]
        } else {
            &[]
        };
        assert_eq!(zones, want, "{text}");
    }
}

#[test]
fn datelines_ending_with_a_full_stop() {
    let seg = PageSegmenter::new();
    let class = |s: &str| seg.classify(s, 0, s.len(), None, true).class;
    assert!(matches!(
        class("Published November 8, 2021 10:45 a.m."),
        Class::Date(..)
    ));
    assert!(matches!(class("Updated 08 January 2023"), Class::Date(..)));
    assert!(!matches!(
        class("Updated 08 January 2023 after the talks."),
        Class::Date(..)
    ));
    assert!(!matches!(
        class("Updated 08 January 2023."),
        Class::Date(..)
    ));
}
