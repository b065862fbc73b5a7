use super::*;

/// Tokenizes and segments `input`; `expect` lists the tokens separated by spaces, with `|`
/// between sentences and `||` between paragraphs.
#[track_caller]
fn check(input: &str, expect: &str) {
    let mut seg = Segmentation::default();
    Tokenizer::new().segment(input, &mut seg);
    let mut got = String::new();
    let mut s = 0;
    let mut p = 0;
    for (i, t) in seg.tokens.iter().enumerate() {
        if i > 0 {
            if seg.paragraphs[p].end <= t.span.start {
                got.push_str(" ||");
                p += 1;
                s += 1;
            } else if seg.sentences[s].end <= t.span.start {
                got.push_str(" |");
                s += 1;
            }
            got.push(' ');
        }
        got.push_str(&input[t.span]);
    }
    assert_eq!(got, expect, "input: {input:?}");
    // The iterator gives the same tokens as `segment`.
    let iter: Vec<TokenSpan> = Tokenizer::new()
        .tokens(input)
        .map(|t| TokenSpan {
            span: t.span,
            kind: t.kind,
        })
        .collect();
    assert_eq!(iter, seg.tokens);
}

#[test]
fn tokens() {
    check("Hello, world!", "Hello , world !");
    check(
        "TTP’s envoys and Pakistan's army",
        "TTP ’s envoys and Pakistan 's army",
    );
    check(
        "don't can't won't I'm we'll they've he'd DON'T",
        "do n't ca n't wo n't I 'm we 'll they 've he 'd DO N'T",
    );
    check(
        "the parents' house, O'Brien, Shi'ite, o'clock, '71",
        "the parents ' house , O'Brien , Shi'ite , o'clock , '71",
    );
    check(
        "Tehreek-e-Taliban cease-fire war-torn 14-year-old",
        "Tehreek-e-Taliban cease-fire war-torn 14-year-old",
    );
    check(
        "1,000.5 rupees at 10:30 on 9/11, 21st, 3.5%",
        "1,000.5 rupees at 10:30 on 9/11 , 21st , 3.5 %",
    );
    check("$4,500 and 1,2,3", "$ 4,500 and 1 , 2 , 3");
    check(
        "Lt. Gen. Munir and Mr. Khan met Dr. Ali",
        "Lt. Gen. Munir and Mr. Khan met Dr. Ali",
    );
    check(
        "the U.S. and U.K. e.g. at 5 a.m. Ph.D. students",
        "the U.S. and U.K. e.g. at 5 a.m. Ph.D. students",
    );
    check("No. 5 and pp. 12 but no.", "No. 5 and pp. 12 but no .");
    check(
        "wait... what -- and — this…",
        "wait ... what -- and — this …",
    );
    check(
        "“Quote” and ‘single’ (brackets) [1]",
        "“ Quote ” and ‘ single ’ ( brackets ) [ 1 ]",
    );
    check(
        "see https://example.org/a_(b)?c=1. Or www.dawn.com, mail press@ispr.gov.pk.",
        "see https://example.org/a_(b)?c=1 . | Or www.dawn.com , mail press@ispr.gov.pk .",
    );
    check(
        "#Peshawar @ISPR_Official :) ;-) ^_^",
        "#Peshawar @ISPR_Official :) ;-) ^_^",
    );
    check("Really?! Yes!!", "Really ?! | Yes !!");
    check("کابل میں دھماکہ۔ पाकिस्तान", "کابل میں دھماکہ ۔ | पाकिस्तान");
    check("café naïve Zürich", "café naïve Zürich");
    check("a\u{00A0}b\u{200B}c", "a b c");
    check(
        "example.com and podiobooks.com.",
        "example.com and podiobooks.com .",
    );
    check(
        "pre- and post-war, re- — and a--b",
        "pre- and post-war , re- — and a -- b",
    );
    check("put ’em on 'cause", "put ’em on 'cause");
    check(
        "mail Kevin.A.Boone@example.com.",
        "mail Kevin.A.Boone@example.com .",
    );
    check(
        "AT&T and S&P, R&D but A & B",
        "AT&T and S&P , R&D but A & B",
    );
    check("its 50,000th article", "its 50,000th article");
    check(
        "from A to B. I knew. John F. Kennedy",
        "from A to B . | I knew . | John F. Kennedy",
    );
    check(
        "a U.S.-led and U.N.-brokered deal",
        "a U.S.-led and U.N.-brokered deal",
    );
    check(
        "the U.S.’s role, #2023Elections #1",
        "the U.S. ’s role , #2023Elections # 1",
    );
    check("", "");
    check("  \n\n ", "");
}

#[test]
fn sentences() {
    check("He left. She stayed.", "He left . | She stayed .");
    check(
        "He said, \"Go.\" Then he left.",
        "He said , \" Go . \" | Then he left .",
    );
    check(
        "“Why?” he asked. “Because.”",
        "“ Why ? ” he asked . | “ Because . ”",
    );
    check("(He left.) She stayed.", "( He left . ) | She stayed .");
    check(
        "Mr. Khan met Gen. Bajwa. They talked.",
        "Mr. Khan met Gen. Bajwa . | They talked .",
    );
    check(
        "It is in the U.S. The talks failed.",
        "It is in the U.S. | The talks failed .",
    );
    check(
        "U.S. officials met U.S. Army chiefs.",
        "U.S. officials met U.S. Army chiefs .",
    );
    check(
        "Apple Inc. said on Jan. 5 it would.",
        "Apple Inc. said on Jan. 5 it would .",
    );
    check("John F. Kennedy spoke.", "John F. Kennedy spoke .");
    check(
        "It was born in 1971. [1] Then it grew.",
        "It was born in 1971 . [ 1 ] | Then it grew .",
    );
    check("Wait... what? no way", "Wait ... what ? no way");
    check(
        "It was great! loved it. As popular as Yahoo! and more.",
        "It was great ! | loved it . | As popular as Yahoo ! and more .",
    );
    check("“Stop!” came a voice.", "“ Stop ! ” came a voice .");
    check("Is it?. Yes . . . No", "Is it ? . | Yes . . . | No");
    check(
        "Some tools (e.g. The Historian) work.",
        "Some tools ( e.g. The Historian ) work .",
    );
    check(
        "ARGUMENT OF GEN. ELIZABETH SMITH",
        "ARGUMENT OF GEN. ELIZABETH SMITH",
    );
    check(
        "He left. [...] Then he came back.",
        "He left . [ ... ] | Then he came back .",
    );
    check(
        "It was found. [citation needed] Then.",
        "It was found . [ citation needed ] | Then .",
    );
    check(
        "“Why?” Mom asked. “Go!” He left.",
        "“ Why ? ” Mom asked . | “ Go ! ” | He left .",
    );
    check(
        "Factors:\n\n1. The message.\n2.1. The aim.",
        "Factors : || 1. The message . | 2.1. The aim .",
    );
    check(
        "an innovation.23 Openness is key.",
        "an innovation . 23 | Openness is key .",
    );
    check("batting .265 in 2009.", "batting .265 in 2009 .");
    check(
        "Headline here\nISLAMABAD: The army said.",
        "Headline here | ISLAMABAD : The army said .",
    );
    check("one line\ncontinues here.", "one line continues here .");
    check(
        "talks with the\nTaliban failed.",
        "talks with the Taliban failed .",
    );
    check("First para\n\nsecond para.", "First para || second para .");
    check("Done.\n\n\nNext.", "Done . || Next .");
    check(
        "کابل میں دھماکہ۔ پولیس آئی؟ हाँ। OK",
        "کابل میں دھماکہ ۔ | پولیس آئی ؟ | हाँ । | OK",
    );
    check(
        "Price rose 5.5 percent. 14 people died.",
        "Price rose 5.5 percent . | 14 people died .",
    );
}

#[test]
fn inline_ends() {
    // (input, expected tokens with `|` between sentences and `||` between paragraphs)
    let cases = [
        // A caption number opening a line ends the caption's label sentence.
        (
            "Seen from the hills.\n\nFigure 2.4 Troops patrol the valley near Swat.",
            "Seen from the hills . || Figure 2.4 | Troops patrol the valley near Swat .",
        ),
        (
            "Table 3 Casualties by district, 2022",
            "Table 3 | Casualties by district , 2022",
        ),
        // ... but not inside running text, nor before a lowercase word.
        (
            "As Figure 2 Shows no trend, we stop.",
            "As Figure 2 Shows no trend , we stop .",
        ),
        ("Figure 2 shows the trend.", "Figure 2 shows the trend ."),
        // A bare footnote number after a sentence closes it before a sentence starter.
        (
            "The talks failed in May. 7 But the truce held.",
            "The talks failed in May . 7 | But the truce held .",
        ),
        (
            "The talks failed in May. 12 Pakistani soldiers died.",
            "The talks failed in May . | 12 Pakistani soldiers died .",
        ),
        // A dateline run into a headline, with its own sentence.
        (
            "Army chief meets tribal elders Monday, March 6, 2023 The meeting was held in Bannu.",
            "Army chief meets tribal elders | Monday , March 6 , 2023 | The meeting was held in Bannu .",
        ),
        (
            "They met on Monday, March 6, 2023 in Bannu.",
            "They met on Monday , March 6 , 2023 in Bannu .",
        ),
        (
            "The jirga ended Monday, March 6, 2023, without a deal.",
            "The jirga ended Monday , March 6 , 2023 , without a deal .",
        ),
        (
            "Jirga ends without a deal Monday, March 6, 2023\nThe elders left.",
            "Jirga ends without a deal | Monday , March 6 , 2023 | The elders left .",
        ),
        // An email-style time stamp between the sender and the message.
        (
            "Amina Khan 08/16/2022 03:14 PM please call me.",
            "Amina Khan | 08/16/2022 03:14 PM | please call me .",
        ),
        (
            "sent on 08/16/2022 03:14 PM, as agreed.",
            "sent on 08/16/2022 03:14 PM , as agreed .",
        ),
        // A caption credit after a caption with no final period.
        (
            "Soldiers at the Torkham crossing Image: Khalid Khan.",
            "Soldiers at the Torkham crossing | Image : Khalid Khan .",
        ),
        ("(Photo: Khalid Khan)", "( Photo : Khalid Khan )"),
        // A smiley ends a sentence; a heart does not.
        (
            "It went well :) We left early.",
            "It went well :) | We left early .",
        ),
        ("I <3 Lahore so much", "I <3 Lahore so much"),
        // A name with a capital inside starts a sentence after a period.
        (
            "They posted it on eBay. eBay removed it.",
            "They posted it on eBay . | eBay removed it .",
        ),
        ("at 5 p.m. anti-war marchers", "at 5 p.m. anti-war marchers"),
        // `etc.` ends a sentence before any capitalised word.
        (
            "rifles, rockets, etc. Police said.",
            "rifles , rockets , etc. | Police said .",
        ),
        ("rifles, etc. and mines", "rifles , etc. and mines"),
        // A caption number before an abbreviation or a bracket.
        (
            "Figure 3.1 U.S. troops leave Bagram.",
            "Figure 3.1 | U.S. troops leave Bagram .",
        ),
        // A spaced dash ending a broken-off utterance before a sentence starter.
        (
            "we were going to the — Do you want tea?",
            "we were going to the — | Do you want tea ?",
        ),
        (
            "so I told him -- But he left anyway.",
            "so I told him -- | But he left anyway .",
        ),
        // ... but not a restart, an `I`, a dateline or a parenthetical.
        (
            "You can't — You can't do that.",
            "You ca n't — You ca n't do that .",
        ),
        ("and then we — I mean, later.", "and then we — I mean , later ."),
        // A letter's closing before the signature.
        (
            "We will meet on Friday.\nBest regards, Amina Khan\nPeshawar",
            "We will meet on Friday . | Best regards , | Amina Khan | Peshawar",
        ),
        (
            "Thanks, Omar",
            "Thanks , | Omar",
        ),
        (
            "Thanks, Omar and Ali for the help.",
            "Thanks , Omar and Ali for the help .",
        ),
        // A cut-off word after the dash restarts the utterance.
        (
            "I guess she's — Th- that's all.",
            "I guess she 's — | Th- that 's all .",
        ),
        (
            "PESHAWAR, Pakistan — The army said on Monday.",
            "PESHAWAR , Pakistan — The army said on Monday .",
        ),
        (
            "the talks — which began in Kabul — stalled.",
            "the talks — which began in Kabul — stalled .",
        ),
    ];
    for (input, expect) in cases {
        check(input, expect);
    }
}

#[test]
fn kinds() {
    let text = "Mr. Ali’s 1,000 $ #tag @me :) a@b.com http://x.org don't !";
    let kinds: Vec<TokenKind> = Tokenizer::new().tokens(text).map(|t| t.kind).collect();
    use TokenKind::*;
    assert_eq!(
        kinds,
        [
            Abbreviation,
            Word,
            Clitic,
            Number,
            Symbol,
            Hashtag,
            Handle,
            Emoticon,
            Email,
            Url,
            Word,
            Clitic,
            Punct
        ]
    );
}

#[test]
fn sentence_of() {
    let text = "One. Two. Three.";
    let mut seg = Segmentation::default();
    Tokenizer::new().segment(text, &mut seg);
    assert_eq!(seg.sentence_of(0), Some(0));
    assert_eq!(seg.sentence_of(6), Some(1));
    assert_eq!(seg.sentence_of(15), Some(2));
    let two: Vec<&str> = seg
        .tokens_in(seg.sentences[1])
        .iter()
        .map(|t| &text[t.span])
        .collect();
    assert_eq!(two, ["Two", "."]);
    assert!(seg.is_token_boundary(0) && seg.is_token_boundary(3) && seg.is_token_boundary(4));
    assert!(!seg.is_token_boundary(1) && seg.is_token_boundary(text.len()));
}

#[test]
fn builder_line_breaks() {
    let tok = Tokenizer::builder()
        .line_breaks_end_sentences(false)
        .build();
    let mut seg = Segmentation::default();
    tok.segment("a wrapped\nLine", &mut seg);
    assert_eq!(seg.sentences.len(), 1);
}

#[test]
fn hard_wrapped_text() {
    // Wire copy cut at a width: a line end inside the paragraph is a space, even before a
    // capital; a short line (a heading) still ends its sentence.
    check(
        "Prices\nShowers continued throughout the week in\nthe cocoa zone, easing the drought since early\n\
         January and improving prospects for the\ncoming crop, the exporter said.\n",
        "Prices | Showers continued throughout the week in the cocoa zone , easing the drought \
         since early January and improving prospects for the coming crop , the exporter said .",
    );
    // The same lines on a page that is not wrapped keep the line break as a boundary.
    check(
        "Cocoa review for the week in the Bahia zone\nShowers continued, the exporter said.\n",
        "Cocoa review for the week in the Bahia zone | Showers continued , the exporter said .",
    );
}

fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<Tokenizer>();
    f::<Segmentation>();
}

/// Wire copy cut at a width reads its line ends as spaces, and the segmentation says it is
/// hard-wrapped; a text on a page is not.
#[test]
fn wrapped_as_told() {
    let text = "Showers continued throughout the week in\nthe cocoa zone, easing the drought since early\n\
                January and improving prospects for the\ncoming crop, the exporter said.\n";
    let tok = Tokenizer::new();
    let sentences = |wrapped: bool| {
        let mut seg = Segmentation::default();
        tok.segment_with::<true>(text, wrapped, &mut seg);
        seg.sentences.len()
    };
    assert_eq!((sentences(true), sentences(false)), (1, 2));
    let mut seg = Segmentation::default();
    tok.segment(text, &mut seg);
    assert_eq!((seg.sentences.len(), seg.hard_wrapped), (1, Some(true)));
    tok.segment("Talks resume\nThe talks resumed on Monday.", &mut seg);
    assert_eq!((seg.sentences.len(), seg.hard_wrapped), (2, Some(false)));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
    /// The short ways for plain words and commas give the tokens, sentences and paragraphs
    /// of the general path.
    #[test]
    fn short_ways_change_nothing(
        text in concat!(
            "( |  |\n|\n\n|\r\n|a|the|an|The|A|I|Bahia|Monday|Friday|Sunday|Yesterday|",
            "Saturday|May|Figure|Image|Photo|Table|Mr|Jan|Inc|Best regards|Thanks|",
            "Monday, March 6, 2023|Friday, May 12|, 2022|Figure 2\\.4|Amina Khan|",
            "12|1|6\\.7|1\\.2\\.3|2|08/16/2022|03:14|PM|1,000|21st|x|Z|",
            ",|\\.|:|;|!|\\?|\"|“|”|\\(|\\)|\\[|\\]|—|-|'|’s|etc|U\\.S\\.|é|#tag|@me)*"
        )
    ) {
        let tok = Tokenizer::new();
        for wrapped in [false, true] {
            let (mut fast, mut slow) = (Segmentation::default(), Segmentation::default());
            tok.segment_with::<true>(&text, wrapped, &mut fast);
            tok.segment_with::<false>(&text, wrapped, &mut slow);
            proptest::prop_assert_eq!(&fast.tokens, &slow.tokens);
            proptest::prop_assert_eq!(&fast.sentences, &slow.sentences);
            proptest::prop_assert_eq!(&fast.paragraphs, &slow.paragraphs);
        }
    }
}

proptest::proptest! {
    /// A plain word or a lone comma found by the short way is the token the scanner
    /// returns there.
    #[test]
    fn plain_words_as_scanned(text in "([ a-zA-Z0-9_.,'\\n\\r\\t-]|é|\u{2019}|http|www|,,|1,000)*") {
        for at in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            let mut quick = crate::scan::Scanner::at(&text, at);
            let mut full = quick;
            let mut comma = quick;
            if let Some(c) = comma.lone_comma() {
                let t = full.next_raw().expect("a token");
                proptest::prop_assert_eq!(
                    (c.start, c.end, c.kind, c.newlines),
                    (t.start, t.end, t.kind, t.newlines)
                );
                proptest::prop_assert_eq!(comma.pos(), full.pos());
            } else if let Some(w) = quick.plain_word() {
                let t = full.next_raw().expect("a token");
                proptest::prop_assert_eq!(
                    (w.start, w.end, w.kind, w.newlines),
                    (t.start, t.end, t.kind, t.newlines)
                );
                proptest::prop_assert_eq!(quick.pos(), full.pos());
            }
        }
    }
}
