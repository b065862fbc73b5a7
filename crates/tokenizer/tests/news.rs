//! The news fixture of the bench, segmented end to end: counts and a few hard sentences.

use khabar_tokenizer::{Segmentation, TokenKind, Tokenizer};

const ARTICLE: &str = include_str!("../../../fixtures/tokenizer/news.txt");

#[test]
fn news_article() {
    let mut seg = Segmentation::default();
    Tokenizer::new().segment(ARTICLE, &mut seg);
    assert_eq!(seg.tokens.len(), 699);
    assert_eq!(seg.sentences.len(), 37);
    assert_eq!(seg.paragraphs.len(), 13);
    let sentences: Vec<&str> = seg.sentences.iter().map(|s| &ARTICLE[*s]).collect();
    assert_eq!(
        sentences[0],
        "Talks with TTP stall as cease-fire nears its end"
    );
    assert!(sentences[5].starts_with("Lt. Gen. (retd.) Asad Durrani"));
    assert!(sentences[8]
        .starts_with("The U.S. State Department, in a statement issued at 10:30 a.m. on Monday"));
    assert_eq!(sentences[14], "\"Who will guarantee our safety?\" asked Gul Zaman, 52, who sells dried fruit near Qissa Khwani Bazaar.");
    let kinds = |k: TokenKind| {
        seg.tokens
            .iter()
            .filter(|t| t.kind == k)
            .map(|t| &ARTICLE[t.span])
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kinds(TokenKind::Url),
        ["https://example.org/statements/2021-11-28.html"]
    );
    assert_eq!(kinds(TokenKind::Email), ["press@example.org"]);
    assert!(kinds(TokenKind::Clitic).contains(&"’s"));
    assert!(kinds(TokenKind::Abbreviation).contains(&"Rs."));
}
