//! Property tests: for any UTF-8 input the tokenizer never panics, every span is in
//! bounds, on char boundaries, ordered and non-overlapping, tokens hold no whitespace, and
//! sentences and paragraphs cover the tokens consistently.

use khabar_tokenizer::{Segmentation, Tokenizer};
use proptest::prelude::*;

/// Checks every invariant of one segmentation of `text`.
fn check(text: &str) {
    let tok = Tokenizer::new();
    let mut seg = Segmentation::default();
    tok.segment(text, &mut seg);

    let mut prev = 0;
    for t in &seg.tokens {
        let (s, e) = (t.span.start as usize, t.span.end as usize);
        assert!(
            prev <= s && s < e && e <= text.len(),
            "bad token span {s}..{e} in {text:?}"
        );
        assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{s}..{e} in {text:?}"
        );
        assert!(
            !text[s..e].chars().any(char::is_whitespace),
            "whitespace in {:?}",
            &text[s..e]
        );
        prev = e;
    }
    // Everything between tokens is whitespace (or invisible format characters).
    let mut covered = 0;
    for t in &seg.tokens {
        let gap = &text[covered..t.span.start as usize];
        assert!(
            gap.chars().all(|c| c.is_whitespace()
                || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{00AD}')),
            "dropped {gap:?} in {text:?}"
        );
        covered = t.span.end as usize;
    }

    // The iterator gives the same tokens.
    let iter: Vec<_> = tok.tokens(text).map(|t| (t.span, t.kind, t.text)).collect();
    assert_eq!(iter.len(), seg.tokens.len());
    for ((span, kind, s), t) in iter.iter().zip(&seg.tokens) {
        assert_eq!((*span, *kind), (t.span, t.kind));
        assert_eq!(*s, &text[t.span]);
    }

    // Sentences: ordered, non-overlapping, each from a token start to a token end, every
    // token in exactly one; the same for paragraphs, and sentences never cross them.
    for spans in [&seg.sentences, &seg.paragraphs] {
        let mut prev = 0;
        let mut k = 0;
        for sp in spans.iter() {
            assert!(
                prev <= sp.start as usize && sp.start < sp.end,
                "{sp:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(sp.start as usize) && text.is_char_boundary(sp.end as usize)
            );
            assert_eq!(
                seg.tokens[k].span.start, sp.start,
                "unit must start at a token: {text:?}"
            );
            while k < seg.tokens.len() && seg.tokens[k].span.end <= sp.end {
                k += 1;
            }
            assert_eq!(
                seg.tokens[k - 1].span.end,
                sp.end,
                "unit must end at a token: {text:?}"
            );
            prev = sp.end as usize;
        }
        assert_eq!(k, seg.tokens.len(), "tokens outside any unit in {text:?}");
    }
    for s in &seg.sentences {
        assert!(
            seg.paragraphs.iter().any(|p| p.contains(*s)),
            "{s:?} crosses a paragraph in {text:?}"
        );
    }
}

/// Characters that exercise the interesting paths: ASCII punctuation, apostrophes,
/// dashes, quotes, spaces and line breaks of all kinds, marks, emoji, other scripts.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        "n",
        "t",
        "s",
        "0",
        "9",
        ".",
        ",",
        ":",
        "/",
        "@",
        "#",
        "-",
        "--",
        "'",
        "’",
        "‘",
        "ʼ",
        "\"",
        "“",
        "”",
        "(",
        ")",
        "[",
        "]",
        "?",
        "!",
        "…",
        "—",
        "–",
        "\u{2010}",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "\u{a0}",
        "\u{2029}",
        "\u{200b}",
        "\u{200d}",
        "\u{fe0f}",
        "\u{301}",
        "👍",
        "🇵🇰",
        "کابل",
        "पाक",
        "U.S.",
        "Mr.",
        "e.g.",
        "don't",
        "http://",
        "www.",
        ".com",
        "1,000",
        "10:30",
        ":)",
        "^_^",
        "<3",
        "Inc.",
        "The",
        "[1]",
        "\u{0}",
        "\u{7f}",
        // Words of the inline sentence-end rules: captions, datelines, credits,
        // valedictions, cut-off words, camel-case names.
        "Figure",
        "Fig.",
        "Monday",
        "May",
        "2023",
        "12",
        "etc.",
        "Regards",
        "Thank you",
        "Th-",
        "I",
        "But",
        "Image",
        "eBay",
        "$",
        "%",
        "_",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_string(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn tricky_strings(text in tricky()) {
        check(&text);
    }
}

#[test]
fn regressions() {
    for text in [
        "",
        " ",
        "'",
        "n't",
        "n'",
        "'s",
        "a'",
        "-",
        "a-",
        ".",
        "1.",
        "\n1. ",
        "[",
        ". [1",
        ". [...",
        "x. [a b c d e f g]",
        "http://",
        "www.a",
        "a@",
        "a@b",
        ".5",
        "\u{2019}em",
        "e.g",
        "U.S",
        "🇵🇰🇵",
        "\u{200d}👍",
        "Figure 1 A",
        "Fig. 2 (",
        "Monday, May 5, 2023 The",
        "a Monday, May 5, 2023",
        "Monday, May 5, 2023",
        "x. 4 But",
        "x. 4",
        "Regards, A",
        "Regards,",
        ",",
        "a b — But",
        "a — Th-",
        "a —",
        "Image:",
        "a Image:",
        "wow! yes",
        "!",
        "etc. A",
    ] {
        check(text);
    }
}
