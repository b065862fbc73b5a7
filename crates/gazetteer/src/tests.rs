//! Table-driven tests of the matcher.

use super::*;

const TABLE: &str = "id\tname\ttype\taliases\n\
ttp\tTehrik-i-Taliban Pakistan\tORG\tTTP|Pakistani Taliban|Tehreek-e-Taliban Pakistan\n\
tank\tTank\tLOC\t\n\
bannu\tBannu\tLOC\t\n\
nw\tNorth Waziristan\tLOC\t\n\
pk\tPakistan\tLOC\tPak\n\
pkn\tPakistani\tNORP\t\n\
af\tAfghan\tNORP\t\n\
ik\tImran Khan\tPERSON\tKhan|Imran Ahmed Khan Niazi\n\
mak\tMansoor Ahmad Khan\tPERSON\t\n\
us\tUnited States\tLOC\tU.S.|US|USA\n\
tr\tTürkiye\tLOC\tTurkey\n\
kab1\tKabul\tLOC\t\n\
kab2\tKabul\tLOC\tKabul City\n\
kabp\tKabul Province\tLOC\tKabul\n\
isk\tIslamic State Khorasan Province\tORG\tIS-K|ISKP\n\
isl\tIslamabad\tLOC\t\n\
islh\tIslamabad Highway\tLOC\t\n\
pa\tPakistan Army\tORG\tPakistani Army\n";

fn gaz() -> Gazetteer {
    gaz_of(TABLE)
}

/// The gazetteer of one table, with the default options.
fn gaz_of(table: &str) -> Gazetteer {
    Gazetteer::builder()
        .add_table(table.as_bytes(), "test.tsv")
        .unwrap()
        .build()
        .unwrap()
}

/// `expected`: `text|ids|kind` per match, ids joined by `+`.
#[track_caller]
fn check(g: &Gazetteer, text: &str, expected: &[&str]) {
    let got: Vec<String> = g
        .find_iter(text)
        .map(|m| {
            let ids: Vec<&str> = m.entries.iter().map(|&e| &*g.entry(e).id).collect();
            format!("{}|{}|{}", &text[m.span], ids.join("+"), m.kind.as_str())
        })
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

#[test]
fn matching() {
    let g = gaz();
    let c = |t: &str, e: &[&str]| check(&g, t, e);
    c("", &[]);
    c("The TTP said.", &["TTP|ttp|exact"]);
    c("the ttp said", &[]);
    c("TTP’s chief", &["TTP|ttp|exact"]);
    c("TTP's chief", &["TTP|ttp|exact"]);
    c("TTPs", &[]);
    c(
        "Tehreek-e-Taliban Pakistan",
        &["Tehreek-e-Taliban Pakistan|ttp|exact"],
    );
    c(
        "Tehreek e  Taliban\nPakistan",
        &["Tehreek e  Taliban\nPakistan|ttp|folded"],
    );
    c(
        "Tehrik-e Taliban Pakistan",
        &["Tehrik-e Taliban Pakistan|ttp|variant"],
    );
    c("tehrik-i-taliban pakistan", &[]);
    c("in Tank district", &["Tank|tank|exact"]);
    c("a tank fired", &[]);
    c("Police. Tank crews", &[]);
    c("Tankers", &[]);
    c("in Bannu and bannu", &["Bannu|bannu|exact"]);
    c(
        "North Waziristan, north Waziristan",
        &["North Waziristan|nw|exact"],
    );
    c("NORTH WAZIRISTAN", &["NORTH WAZIRISTAN|nw|folded"]);
    c("Pakistani Army troops", &["Pakistani Army|pa|exact"]);
    c("Pakistani troops", &["Pakistani|pkn|exact"]);
    c(
        "Pakistanis and Afghans",
        &["Pakistanis|pkn|folded", "Afghans|af|folded"],
    );
    c("Pak-Afghan border", &["Pak|pk|exact", "Afghan|af|exact"]);
    c("Pakistan\n\nAfghanistan", &["Pakistan|pk|exact"]);
    c("Khan said", &[]);
    c(
        "Imran Khan said. Khan left, Prime Minister Khan and Ayub Khan",
        &["Imran Khan|ik|exact", "Khan|ik|partial", "Khan|ik|partial"],
    );
    c(
        "Imran Khan and Mansoor Ahmad Khan. Khan and Imran",
        &[
            "Imran Khan|ik|exact",
            "Mansoor Ahmad Khan|mak|exact",
            "Khan|mak|partial",
            "Imran|ik|partial",
        ],
    );
    c("Imran Khan said", &["Imran Khan|ik|exact"]);
    c("Imran reneges. Once Imran Khan spoke, Ambassador Mansoor Ahmad Khan said and Mansoor left.", &[
        "Imran|ik|partial",
        "Imran Khan|ik|exact",
        "Mansoor Ahmad Khan|mak|exact",
        "Mansoor|mak|partial",
    ]);
    c("Mansour Ahmed Khan", &["Mansour Ahmed Khan|mak|variant"]);
    c(
        "the U.S. and US but not us",
        &["U.S.|us|exact", "US|us|exact"],
    );
    c(
        "Turkiye, TÜRKIYE and Turkey",
        &["Turkiye|tr|folded", "TÜRKIYE|tr|folded", "Turkey|tr|exact"],
    );
    c("Kabul", &["Kabul|kab1+kab2|exact"]);
    c("IS-K and ISKP", &["IS-K|isk|exact", "ISKP|isk|exact"]);
    c("Islamabad Highways", &["Islamabad|isl|exact"]);
    c("Islamabad Highway", &["Islamabad Highway|islh|exact"]);
    c(
        "Pakistan Afghanistan Pakistan",
        &["Pakistan|pk|exact", "Pakistan|pk|exact"],
    );
}

#[test]
fn anchored_only() {
    // Only names that start at the token match: a walk from `Ayala` never reports `ala`,
    // and `Abdul Rashid` inside a longer listed name is found from its own first word.
    let table = "id\tname\ttype\taliases\n\
                 ala\tAla\tLOC\t\n\
                 aa\tAyala Alabang\tLOC\t\n\
                 xar\tX Abdul Rashid Khan\tORG\t\n\
                 ar\tAbdul Rashid\tORG\t\n";
    let g = gaz_of(table);
    let c = |t: &str, e: &[&str]| check(&g, t, e);
    c("in Ayala today", &[]);
    c("in Ala today", &["Ala|ala|exact"]);
    c("X Abdul Rashid said", &["Abdul Rashid|ar|exact"]);
    c("X Abdool Rasheed said", &["Abdool Rasheed|ar|variant"]);
}

#[test]
fn longest_name_through_prefixes() {
    // The walk passes prefixes that are no name (`new york city`), stops at the first word
    // that continues no name, and keeps the longest name met.
    let table = "id\tname\ttype\taliases\n\
                 ny\tNew York\tLOC\t\n\
                 nycc\tNew York City Council\tORG\t\n\
                 nycm\tNew York City Marathon Route\tLOC\t\n\
                 ba\tBad\tLOC\t\n\
                 bas\tBad Soden Am Taunus\tLOC\t\n";
    let g = gaz_of(table);
    let c = |t: &str, e: &[&str]| check(&g, t, e);
    c("in New York City today", &["New York|ny|exact"]);
    c(
        "the New York City Council met",
        &["New York City Council|nycc|exact"],
    );
    c("the New York City Marathon ran", &["New York|ny|exact"]);
    c(
        "by New York City Marathon Route",
        &["New York City Marathon Route|nycm|exact"],
    );
    c(
        "NEW YORK CITY COUNCIL",
        &["NEW YORK CITY COUNCIL|nycc|folded"],
    );
    c("York New", &[]);
    c(
        "in Bad Soden am taunus",
        &["Bad Soden am taunus|bas|folded"],
    );
    c("in Bad Soden Am", &["Bad|ba|exact"]);
}

#[test]
fn spans_are_valid() {
    let g = gaz();
    for text in [
        "Kabul’s Ḥaqqānī ब Pak—Afghan",
        "ÉÉ Tank\u{301} Tank",
        "\u{2029}Bannu\u{2029}",
    ] {
        let mut last = 0;
        for m in g.find_iter(text) {
            assert!(m.span.start as usize >= last && text.is_char_boundary(m.span.start as usize));
            assert!(text.is_char_boundary(m.span.end as usize));
            last = m.span.end as usize;
        }
    }
}

#[test]
fn default_builds() {
    let g = Gazetteer::builder().add_default().build().unwrap();
    let _ = g.find_iter("Pakistan").count();
    // The countries of the United Kingdom, beside the United Kingdom itself.
    check(
        &g,
        "She moved from Wales to Scotland, then to England and Northern Ireland, all in the UK.",
        &[
            "Wales|LOC:GB-WLS|exact",
            "Scotland|LOC:GB-SCT|exact",
            "England|LOC:GB-ENG|exact",
            "Northern Ireland|LOC:GB-NIR|exact",
            "UK|LOC:GB|exact",
        ],
    );
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<Gazetteer>();
    f::<GazetteerBuilder>();
}

/// Two GeoNames rows (a bulk list): `Holt` with the alternate name `Okay`, and `March`.
const GEONAMES: &str = "\
1\tHolt\tHolt\tOkay,Holt Town\t52.9\t1.0\tP\tPPL\tGB\t\t\t\t\t\t3000\t\t\t\t2020-01-01\n\
2\tMarch\tMarch\t\t52.5\t0.1\tP\tPPL\tGB\t\t\t\t\t\t22000\t\t\t\t2020-01-01\n";

#[test]
fn bulk_single_words() {
    let g = Gazetteer::builder()
        .add_table(TABLE.as_bytes(), "test.tsv")
        .unwrap()
        .add_geonames(GEONAMES.as_bytes(), "geo.txt")
        .unwrap()
        .build()
        .unwrap();
    let c = |t: &str, e: &[&str]| check(&g, t, e);
    c("We drove to Holt.", &["Holt|geonames:1|exact"]);
    c("Okay, we drove on in March.", &[]);
    c("We met in Holt Town.", &["Holt Town|geonames:1|exact"]);
    // A surname, here and for the rest of the text.
    c("Tom Holt wrote it. Holt said so.", &[]);
    c("Ms. Holt said so.", &[]);
    c("Holt Renfrew opened.", &[]);
    // Reviewed lists keep their rules: Imran Khan's surname still follows him.
    c(
        "Imran Khan spoke. Khan said so.",
        &["Imran Khan|ik|exact", "Khan|ik|partial"],
    );
}

#[test]
fn aliases() {
    let g = gaz();
    #[track_caller]
    fn c(g: &Gazetteer, text: &str, expected: &[(&str, Option<&str>)]) {
        let got: Vec<(String, Option<String>)> = g
            .find_iter(text)
            .map(|m| {
                (
                    text[m.span].to_string(),
                    m.alias.as_deref().map(String::from),
                )
            })
            .collect();
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.map(String::from)))
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }
    c(&g, "The TTP said.", &[("TTP", Some("TTP"))]);
    c(
        &g,
        "TEHREEK-E-TALIBAN PAKISTAN said.",
        &[(
            "TEHREEK-E-TALIBAN PAKISTAN",
            Some("Tehreek-e-Taliban Pakistan"),
        )],
    );
    c(
        &g,
        "Imran Khan spoke. Khan said so.",
        &[("Imran Khan", Some("Imran Khan")), ("Khan", None)],
    );
}

proptest::proptest! {
    /// `key_entry` skips the folding of a bulk list's alias of ASCII letters: it must be
    /// the one-token, never-matched spelling that folding would find.
    #[test]
    fn bulk_alias_of_letters_is_never_matched(name in "[A-Za-z]{1,14}") {
        let mut s = Scratch::default();
        let (folded, ntok) = name_keys(&name, &mut s);
        proptest::prop_assert_eq!(ntok, 1);
        let role = Role { primary: false, bulk: true };
        proptest::prop_assert_eq!(CaseRule::of(&name, &folded, ntok, role), CaseRule::Never);
    }
}

/// `transliterated` binary-searches the country codes in upper case.
#[test]
fn transliterated_codes_are_sorted_capitals() {
    assert!(TRANSLITERATED.windows(2).all(|w| w[0] < w[1]));
    assert!(TRANSLITERATED
        .iter()
        .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
    let mut b = Gazetteer::builder();
    b.add_table(
        "id\tname\ttype\taliases\tcountry_code\n\
         a\tAbc Def\tLOC\t\tpk\n\
         b\tAbc Ghi\tLOC\t\tPK\n\
         c\tAbc Jkl\tLOC\t\tPKX\n\
         d\tAbc Mno\tLOC\t\tFR\n"
            .as_bytes(),
        "t.tsv",
    )
    .expect("valid table");
    let g = b.build().expect("builds");
    let translit: Vec<bool> = (0..4)
        .map(|i| transliterated(g.entry(EntryId(i))))
        .collect();
    assert_eq!(translit, [true, true, false, false]);
}

proptest::proptest! {
    #[test]
    fn next_start_is_the_first_token_that_may_start(
        text in "([a-zA-Z0-9]{1,6}|the|al|Al|é|É|ñ|\\.|,|\"|“|\n|\n\n|-| ){0,40}"
    ) {
        // Names that may start lower case, of several first bytes and lengths.
        let g = gaz_of(
            "id\tname\ttype\taliases\n\
             aq\tal-Qaeda\tORG\t\n\
             sp\tthe State of Palestine\tLOC\t\n\
             el\tél Norte\tLOC\t\n\
             ga\tabc\tMISC\t\n",
        );
        let mut s = Scratch::default();
        key_text(&text, KeyKind::Folded, &mut s);
        let n = s.toks.len();
        for from in 0..=n {
            let want = (from..n).find(|&t| g.may_start(&text, &s, t)).unwrap_or(n);
            proptest::prop_assert_eq!(g.next_start(&text, &s, from), want, "from {}", from);
        }
    }
}

/// The matches of `text` as the iterator found them before it replayed the walk of the
/// whole-text pass: after that pass, it walked the tokens again and replayed only the
/// matches.
fn walk_again(g: &Gazetteer, text: &str) -> Vec<GazMatch> {
    let mut s = Scratch::default();
    // The key text and the cleared state of a new iterator.
    let _ = g.find_iter_with(text, &mut s);
    let ntok = s.toks.len();
    let mut out = Vec::new();
    let mut tok = 0;
    loop {
        let ti = g.next_start(text, &s, tok);
        if ti >= ntok {
            break;
        }
        let found = if s.scanned {
            let f = s.found.iter().find(|f| f.0 as usize == ti);
            f.and_then(|(_, tj, m)| m.clone().map(|m| (m, *tj as usize)))
        } else {
            g.match_at(text, &mut s, ti)
        };
        if let Some((m, tj)) = found {
            tok = tj;
            if !s.scanned {
                g.remember(&mut s, &m, ti);
            }
            out.push(m);
            continue;
        }
        tok = ti + 1;
        out.extend(g.match_partial(text, &mut s, ti));
    }
    out
}

proptest::proptest! {
    #[test]
    fn replayed_walk_is_the_walk(
        words in proptest::collection::vec(
            "Imran|Khan|Imran Khan|Mansoor|Ahmad|Mansoor Ahmad Khan|Mansour Ahmed Khan|Ayub|Mr\\.|Prime Minister|Tank|Kabul|Pakistan|Pakistani Army|the|al|said|and|,|\\.|\n\n",
            0..30,
        )
    ) {
        // Surnames before and after the full names (the whole-text pass), and names of
        // every kind around them.
        let g = gaz();
        let text = words.join(" ");
        let got: Vec<GazMatch> = g.find_iter(&text).collect();
        proptest::prop_assert_eq!(got, walk_again(&g, &text), "in {:?}", text);
    }
}

/// Names that may start lower case, of one token and of several.
const LOWER: &str = "id\tname\ttype\taliases\n\
aq\tal-Qaeda\tORG\t\n\
hg\tthe Hague\tLOC\t\n\
sh\t's-Hertogenbosch\tLOC\t\n\
sp\tthe State of Palestine\tLOC\t\n\
ga\tabc\tMISC\t\n";

/// The pair filter of `may_start` lets through every lower-case start of a name and turns
/// away the same first words before other words.
#[test]
fn lower_case_starts() {
    let g = gaz_of(LOWER);
    let c = |t: &str, e: &[&str]| check(&g, t, e);
    c("in the Hague", &["the Hague|hg|exact"]);
    c("from al-Qaeda", &["al-Qaeda|aq|exact"]);
    // The apostrophe is no token: the match starts at `s`.
    c("in 's-Hertogenbosch", &["s-Hertogenbosch|sh|folded"]);
    c(
        "the State of Palestine",
        &["the State of Palestine|sp|exact"],
    );
    c("an abc", &["abc|ga|exact"]);
    c("abc", &["abc|ga|exact"]);
    let text = "the cat saw the Hague and abc's al";
    let mut s = Scratch::default();
    key_text(text, KeyKind::Folded, &mut s);
    let starts: Vec<usize> = (0..s.toks.len())
        .filter(|&t| g.may_start(text, &s, t))
        .collect();
    // `the Hague` (3), `Hague` (4) and `abc` (6); `the cat` (0), `s al` (7) and `al` at the
    // end (8) start no name.
    assert_eq!(starts, [3, 4, 6]);
}

proptest::proptest! {
    /// Every token where a match starts passes `may_start`, and none passes that would not
    /// without the pair filter (upper case, or the first token of a lower-case name).
    #[test]
    fn may_start_keeps_every_start(
        text in "(the|The|hague|Hague|state|of|palestine|al|qaeda|s|'|’|-|hertogenbosch|abc|\
                  [a-z]{1,4}| |\n){0,30}"
    ) {
        let g = gaz_of(LOWER);
        let mut s = Scratch::default();
        key_text(&text, KeyKind::Folded, &mut s);
        for t in 0..s.toks.len() {
            let key = &s.buf[s.seps[t] as usize + 1..s.seps[t + 1] as usize];
            let unfiltered =
                starts_upper(&text, s.toks[t][0] as usize) || g.lower_first.contains_key(key);
            let may = g.may_start(&text, &s, t);
            proptest::prop_assert!(unfiltered || !may, "token {}", t);
            if unfiltered && !may {
                proptest::prop_assert!(g.match_at(&text, &mut s, t).is_none(), "token {}", t);
            }
        }
    }
}
