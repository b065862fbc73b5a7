//! Loaders, warnings and span properties, through the public API only.

use khabar_gazetteer::{
    BuildError, Gazetteer, GazetteerBuilder, GazetteerFormat, MatchKind, Warning,
};
use proptest::prelude::*;

/// Loads `data` sniffed and returns the `text|id|type` of every match in `text`, or the
/// error message.
#[track_caller]
fn check(data: &str, text: &str, expected: &[&str]) {
    let mut b = GazetteerBuilder::new();
    b.list_type("ORG");
    let got: Vec<String> = match b
        .add_reader(data.as_bytes(), "src", GazetteerFormat::Auto)
        .and_then(|b| b.build())
    {
        Ok(g) => g
            .find_iter(text)
            .map(|m| {
                let e = g.entry(m.entries[0]);
                format!("{}|{}|{}", &text[m.span], e.id, e.entity_type)
            })
            .collect(),
        Err(e) => vec![e.to_string()],
    };
    assert_eq!(got, expected, "{data:?}");
}

const GEONAMES_ROW: &str = "1138958\tKabul\tKabul\tCabool,Kaboul,KBL,Кабул\t34.52813\t69.17233\tP\tPPLC\tAF\t\t13\t\t\t\t3043532\t\t1791\tAsia/Kabul\t2024-01-01\n";

#[test]
fn formats() {
    check(
        "id,name,type,aliases\nq,\"Quetta, city\",LOC,Quetta\n",
        "in Quetta",
        &["Quetta|q|LOC"],
    );
    check(
        "id\tname\ttype\taliases\textra\nb\tBannu\tLOC\t\tx\n",
        "Bannu",
        &["Bannu|b|LOC"],
    );
    check("name\ttype\nBannu\tLOC\n", "Bannu", &["Bannu|src:2|LOC"]);
    check(
        "Radio Mashaal\n# comment\n\nAsian Lite News\n",
        "Asian Lite News and Radio Mashaal",
        &["Asian Lite News|src:4|ORG", "Radio Mashaal|src:1|ORG"],
    );
    // A GeoNames dump is a bulk list: its single-word alternate names are unreviewed and
    // never match (see DESIGN.md).
    check(
        GEONAMES_ROW,
        "Kabul, Kaboul, KBL",
        &["Kabul|geonames:1138958|LOC"],
    );
}

#[test]
fn errors() {
    check(
        "id\tname\ttype\n\tBannu\tLOC\n",
        "",
        &["gazetteer src:2: empty id"],
    );
    check(
        "id\tname\ttype\nb\t\tLOC\n",
        "",
        &["gazetteer src:2: empty name"],
    );
    check(
        "id\tname\ttype\tlat\nb\tBannu\tLOC\tnorth\n",
        "",
        &["gazetteer src:2: bad lat \"north\""],
    );
    check(
        "id\tname\ttype\nb\tBannu\t\n",
        "",
        &["gazetteer src:2: entry b: empty type"],
    );
    let e = GazetteerBuilder::new()
        .add_table("id,type\nx,LOC\n".as_bytes(), "t.csv")
        .err()
        .unwrap();
    assert!(matches!(e, BuildError::Header { .. }), "{e}");
    let e = GazetteerBuilder::new()
        .add_geonames("1\tKabul\n".as_bytes(), "g.txt")
        .err()
        .unwrap();
    assert_eq!(
        e.to_string(),
        "gazetteer g.txt:1: 2 tab-separated columns, a GeoNames row has 19"
    );
}

#[test]
fn warnings() {
    let mut b = Gazetteer::builder();
    b.add_table(
        "id\tname\ttype\taliases\nk\tKabul\tLOC\t\nik\tImran Khan\tPERSON\tKhan\n".as_bytes(),
        "a",
    )
    .unwrap()
    .add_table(
        "id\tname\ttype\nk\tKabul\tLOC\nk\tKabul\tORG\n".as_bytes(),
        "b",
    )
    .unwrap();
    let g = b.build().unwrap();
    let w: Vec<String> = g.warnings().iter().map(Warning::to_string).collect();
    assert_eq!(
        w,
        [
            "b:2: duplicate entry k (first at a:2), skipped",
            "b:3: conflicting entry k (type ORG vs LOC; first at a:2), skipped",
            "entry ik: name \"Khan\" is not matched: a bare title or name part is not a person",
        ]
    );
    assert_eq!(g.len(), 2);
}

#[test]
fn transliteration_off() {
    let t = "id\tname\ttype\taliases\nttp\tTehrik-i-Taliban Pakistan\tORG\t\n";
    let on = Gazetteer::builder()
        .add_table(t.as_bytes(), "t")
        .unwrap()
        .build()
        .unwrap();
    let off = Gazetteer::builder()
        .transliteration(false)
        .add_table(t.as_bytes(), "t")
        .unwrap()
        .build()
        .unwrap();
    let text = "Tehreek-e-Taliban Pakistan";
    assert_eq!(
        on.find_iter(text).map(|m| m.kind).collect::<Vec<_>>(),
        [MatchKind::Variant]
    );
    assert_eq!(off.find_iter(text).count(), 0);
}

fn gaz() -> Gazetteer {
    let t = "id\tname\ttype\taliases\n\
             a\tAbbottabad\tLOC\tAbbotabad\n\
             k\tKhyber Pakhtunkhwa\tLOC\tKP|Khyber-Pakhtunkhwa\n\
             m\tMuhammad Ali Jinnah\tPERSON\tJinnah\n\
             q\tal-Qaeda\tORG\tAl Qaida\n";
    Gazetteer::builder()
        .add_table(t.as_bytes(), "t")
        .unwrap()
        .build()
        .unwrap()
}

proptest! {
    #[test]
    fn spans_are_sorted_on_boundaries(text in "(\\PC|[ \\n’'-]|Abbottabad|KP|Jinnah|al-Qaeda|Khyber|Pakhtunkhwa|Muhammad|Ali){0,40}") {
        let g = gaz();
        let mut last = 0;
        for m in g.find_iter(&text) {
            let (s, e) = (m.span.start as usize, m.span.end as usize);
            prop_assert!(s >= last && s < e && e <= text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            prop_assert!(khabar_core::chars::is_word_boundary(&text, s));
            prop_assert!(khabar_core::chars::is_word_boundary(&text, e));
            prop_assert!(!m.entries.is_empty());
            last = e;
        }
    }
}
