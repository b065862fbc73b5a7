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
    let txts = |dir: &Path| -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut v: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        v.sort();
        v
    };
    let mut cases: Vec<(PathBuf, PathBuf)> = txts(&root.join("pages"))
        .into_iter()
        .map(|p| (p.clone(), p.with_extension("expected")))
        .collect();
    for p in txts(&root.join("corpus")) {
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
        let want = std::fs::read_to_string(exp_path).unwrap_or_default();
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
        assert_eq!(page.articles.is_empty(), text.trim().is_empty());
    }

    proptest! {
        #[test]
        fn any_text(text in any::<String>()) {
            check_page(&text);
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
