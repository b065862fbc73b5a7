//! Table-driven tests: every case is one line of text, an anchor, and the expected matches.

use super::*;

#[track_caller]
fn check(text: &str, dct: Option<&str>, want: &[(&str, &str, &str)]) {
    let n = DateNormalizer::builder().build();
    let dct = dct.map(|d| d.parse::<Date>().unwrap());
    let got: Vec<(String, String, String)> = n
        .find_iter(text, dct)
        .map(|m| (text[m.span].to_string(), m.timex_type.as_str().to_string(), m.value))
        .collect();
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want, "in {text:?}");
}

const D: Option<&str> = Some("2021-11-04");

#[test]
fn smoke() {
    check("He came on December 19, 2022.", D, &[("December 19, 2022", "DATE", "2022-12-19")]);
}
