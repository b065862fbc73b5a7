//! The phrase lists: parsing `KIND MATCH PHRASE` lines and matching them against a line.

use khabar_core::chars::{is_apostrophe, is_dash, is_word_char};
use khabar_core::swar::{load, range_bytes};

use crate::Error;

/// What a boilerplate phrase says about its line and the lines around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhraseKind {
    /// Navigation or widget text ("Skip to content", "Short Url", "Follow"): marks the line.
    Nav,
    /// A link to another story ("ALSO READ: ..."): marks the line.
    Link,
    /// A link label whose story title is on the next line ("Next Story"): marks both.
    Pair,
    /// A heading over teasers of other stories ("Latest from", "Don't Miss"): marks the
    /// teasers that follow it, up to the next prose paragraph of the body.
    Block,
    /// A photo or video credit ("Photo: AFP", "(File photo)").
    Credit,
    /// Reading time, share counts and similar widgets ("2 mins read").
    Meta,
    /// Print-edition notes, author bios and copyright lines ("Published in Dawn, ...").
    Footer,
    /// Cookie and consent banners.
    Cookie,
    /// Tag and topic lists ("Tags: TTP, Pakistan").
    Tags,
    /// A word that may open a dateline ("Updated", "Published"); never a zone by itself.
    Dateline,
}

impl PhraseKind {
    fn parse(s: &str) -> Option<PhraseKind> {
        Some(match s {
            "nav" => PhraseKind::Nav,
            "link" => PhraseKind::Link,
            "pair" => PhraseKind::Pair,
            "block" => PhraseKind::Block,
            "credit" => PhraseKind::Credit,
            "meta" => PhraseKind::Meta,
            "footer" => PhraseKind::Footer,
            "cookie" => PhraseKind::Cookie,
            "tags" => PhraseKind::Tags,
            "dateline" => PhraseKind::Dateline,
            _ => return None,
        })
    }
}

/// Where a phrase must sit in a line to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhraseMatch {
    /// The whole line, give or take trailing punctuation and spaces.
    Line,
    /// The start of the line, up to a word boundary.
    Prefix,
    /// Anywhere in the line (lines of at most 400 bytes).
    Contains,
    /// A parenthesised group that ends the line and opens with the phrase.
    Paren,
}

impl PhraseMatch {
    fn parse(s: &str) -> Option<PhraseMatch> {
        Some(match s {
            "line" => PhraseMatch::Line,
            "prefix" => PhraseMatch::Prefix,
            "contains" => PhraseMatch::Contains,
            "paren" => PhraseMatch::Paren,
            _ => return None,
        })
    }
}

/// One phrase, folded (lowercase ASCII, straight apostrophes, single spaces).
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub(crate) kind: PhraseKind,
    pub(crate) how: PhraseMatch,
    pub(crate) pat: Box<[char]>,
    /// The longest line a `line` phrase can match, in bytes (a cheap first test).
    max_line: usize,
    /// The first characters of `pat` that are ASCII but `#`, `'` and `-` (letters, digits,
    /// punctuation and single spaces): a line the phrase matches from its start opens with
    /// these bytes, give or take their case, with a run of blanks for each space.
    head: Box<[u8]>,
    /// The bytes of `head` before its first space, eight at most, in a word (the first
    /// lowest), and the mask of their bytes: [`Phrase::may_open`].
    word: u64,
    word_mask: u64,
}

/// Folds one character for comparison: ASCII lowercase, any apostrophe to `'`, any dash
/// to `-`, any whitespace to a space.
#[inline]
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() {
        if c.is_ascii_whitespace() {
            ' '
        } else {
            c.to_ascii_lowercase()
        }
    } else if is_apostrophe(c) {
        '\''
    } else if is_dash(c) {
        '-'
    } else if c.is_whitespace() {
        ' '
    } else {
        c
    }
}

/// The first eight bytes of `line` (fewer in a shorter line, the others zero), the first
/// lowest, with ASCII letters lowered: what [`Phrase::may_open`] reads.
#[inline]
pub(crate) fn line_word(line: &[u8]) -> u64 {
    let v = if line.len() >= 8 {
        load(line, 0)
    } else {
        let mut w = [0u8; 8];
        w[..line.len()].copy_from_slice(line);
        u64::from_le_bytes(w)
    };
    // An upper-case letter's high bit, moved to `0x20`.
    v | (range_bytes(v, b'A', b'Z') >> 2)
}

/// Parses a phrase list (see `data/phrases.txt` for the format) into `out`.
pub(crate) fn parse_list(text: &str, out: &mut Vec<Phrase>) -> Result<(), Error> {
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: &'static str| Error::BadPhrase {
            line: n + 1,
            text: raw.to_string(),
            reason,
        };
        let mut it = line.splitn(3, char::is_whitespace);
        let kind = it
            .next()
            .and_then(PhraseKind::parse)
            .ok_or_else(|| bad("unknown kind"))?;
        let how = it
            .next()
            .and_then(PhraseMatch::parse)
            .ok_or_else(|| bad("unknown match"))?;
        let phrase = it.next().map(str::trim).unwrap_or("");
        if phrase.is_empty() {
            return Err(bad("empty phrase"));
        }
        out.push(Phrase::new(kind, how, phrase));
    }
    Ok(())
}

impl Phrase {
    pub(crate) fn new(kind: PhraseKind, how: PhraseMatch, phrase: &str) -> Phrase {
        let mut pat = Vec::with_capacity(phrase.len());
        for c in phrase.trim().chars().map(fold) {
            if c == ' ' && pat.last() == Some(&' ') {
                continue;
            }
            pat.push(c);
        }
        let max_line = match how {
            PhraseMatch::Line => {
                let n: usize = pat
                    .iter()
                    .map(|&c| match c {
                        '#' => 12,
                        ' ' => 8,
                        _ => c.len_utf8() * 2,
                    })
                    .sum();
                n + 8
            }
            _ => usize::MAX,
        };
        let head = pat
            .iter()
            .take_while(|&&c| (c.is_ascii_graphic() || c == ' ') && !matches!(c, '#' | '\'' | '-'))
            .map(|&c| c as u8)
            .collect::<Box<[u8]>>();
        let (mut word, mut word_mask) = (0u64, 0u64);
        for (i, &c) in head.iter().take_while(|&&c| c != b' ').take(8).enumerate() {
            word |= u64::from(c) << (8 * i);
            word_mask |= 0xFF << (8 * i);
        }
        Phrase {
            max_line,
            head,
            word,
            word_mask,
            kind,
            how,
            pat: pat.into_boxed_slice(),
        }
    }

    /// A cheap test before [`Phrase::matches`] for the line and prefix phrases: `false` when
    /// the line is too long for a line phrase or does not open with the phrase's first
    /// ASCII characters (in either case; a space in them is one space before a character
    /// that is not blank, or anything that may be a run of blanks).
    #[inline]
    pub(crate) fn may_match(&self, line: &[u8]) -> bool {
        if line.len() > self.max_line || line.len() < self.head.len() {
            return false;
        }
        for (i, &p) in self.head.iter().enumerate() {
            let c = line[i];
            if p == b' ' {
                let plain = |c: u8| c < 0x80 && !c.is_ascii_whitespace() && c != 0x0B;
                if plain(c) {
                    // No blank: a space matches one or more.
                    return false;
                }
                if c != b' ' || !line.get(i + 1).copied().is_some_and(plain) {
                    // Other blanks or a longer run: the phrase may still match.
                    return true;
                }
            } else if c.to_ascii_lowercase() != p {
                return false;
            }
        }
        true
    }

    /// A quicker test before [`Phrase::may_match`], on the first eight bytes of a line
    /// ([`line_word`]): `false` when the line does not open with the phrase's first
    /// ASCII characters before a space (in either case), so that [`Phrase::may_match`]
    /// would turn it down.
    #[inline]
    pub(crate) fn may_open(&self, line_word: u64) -> bool {
        line_word & self.word_mask == self.word
    }

    /// The first ASCII characters a line the phrase matches opens with (see
    /// [`Phrase::may_match`]).
    pub(crate) fn head(&self) -> &[u8] {
        &self.head
    }

    /// First folded character, the bucket key.
    pub(crate) fn first(&self) -> char {
        self.pat.first().copied().unwrap_or(' ')
    }

    /// Matches the pattern at the start of `s`; returns the byte length matched.
    pub(crate) fn match_start(&self, s: &str) -> Option<usize> {
        let mut chars = s.char_indices().peekable();
        let mut pi = 0;
        while pi < self.pat.len() {
            let p = self.pat[pi];
            match p {
                '#' => {
                    let mut n = 0;
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_ascii_digit() {
                            chars.next();
                            n += 1;
                        } else {
                            break;
                        }
                    }
                    if n == 0 {
                        return None;
                    }
                }
                ' ' => {
                    let mut n = 0;
                    while let Some(&(_, c)) = chars.peek() {
                        if c.is_whitespace() {
                            chars.next();
                            n += 1;
                        } else {
                            break;
                        }
                    }
                    if n == 0 {
                        return None;
                    }
                }
                _ => {
                    let (_, c) = chars.next()?;
                    if fold(c) != p {
                        return None;
                    }
                }
            }
            pi += 1;
        }
        Some(chars.peek().map_or(s.len(), |&(i, _)| i))
    }

    /// Whether the phrase matches `line` (trimmed); returns the byte offset in `line` where
    /// the boilerplate starts (0, or the `(` of a trailing credit).
    pub(crate) fn matches(&self, line: &str) -> Option<usize> {
        match self.how {
            PhraseMatch::Line => {
                if line.len() > self.max_line {
                    return None;
                }
                let n = self.match_start(line)?;
                line[n..].chars().all(|c| !is_word_char(c)).then_some(0)
            }
            PhraseMatch::Prefix => {
                let n = self.match_start(line)?;
                let last_word = self.pat.last().is_some_and(|&c| is_word_char(c));
                let next_word = line[n..].chars().next().is_some_and(is_word_char);
                (!(last_word && next_word)).then_some(0)
            }
            PhraseMatch::Contains => {
                if line.len() > 400 {
                    return None;
                }
                let first = self.first();
                line.char_indices()
                    .filter(|&(_, c)| fold(c) == first)
                    .any(|(i, _)| self.match_start(&line[i..]).is_some())
                    .then_some(0)
            }
            PhraseMatch::Paren => {
                let body = line.strip_suffix(')')?;
                let open = body.rfind('(')?;
                let inner = body[open + 1..].trim_start();
                let n = self.match_start(inner)?;
                let last_word = self.pat.last().is_some_and(|&c| is_word_char(c));
                let next_word = inner[n..].chars().next().is_some_and(is_word_char);
                (!(last_word && next_word)).then_some(open)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(how: PhraseMatch, phrase: &str, line: &str, expected: Option<usize>) {
        let p = Phrase::new(PhraseKind::Nav, how, phrase);
        assert_eq!(p.matches(line), expected, "{phrase:?} in {line:?}");
    }

    #[test]
    fn matching() {
        use PhraseMatch::*;
        check(Line, "Don't Miss", "Don’t Miss", Some(0));
        check(Line, "Don't Miss", "DON'T MISS:", Some(0));
        check(Line, "Don't Miss", "Don't Missing", None);
        check(Line, "Short Url", "Short  Url", Some(0));
        check(Line, "# mins read", "2 mins read", Some(0));
        check(Line, "# mins read", "12 mins read", Some(0));
        check(Line, "# mins read", "mins read", None);
        check(Line, "Follow", "Follow the money", None);
        check(Prefix, "ALSO READ", "ALSO READ: TTP extends truce", Some(0));
        check(Prefix, "ALSO READ", "Also readable text", None);
        check(Prefix, "Latest from", "Latest from -Top News", Some(0));
        check(Prefix, "©", "© 2023 Khyber Mail", Some(0));
        check(
            Contains,
            "we use cookies",
            "Hello, we use cookies to improve",
            Some(0),
        );
        check(
            Paren,
            "File photo",
            "Police at the site. (File photo)",
            Some(20),
        );
        check(Paren, "Photo", "Police at the site (Photo: AFP)", Some(19));
        check(Paren, "Photo", "Police at the site (Photographers)", None);
        check(Paren, "Photo", "Police at the site (AFP)", None);
    }

    proptest::proptest! {
        /// `may_match` is only a quick test: it never turns down a line a phrase matches.
        #[test]
        fn may_match_never_misses(
            line in "(Share|SHARE|share|Photo|PHOTO|Follow us|©|\u{2019}|'|-|\u{2014}|#|[0-9]|[ \t\u{a0}]|[a-zA-Z:.(])*",
        ) {
            let mut all = Vec::new();
            parse_list(crate::DEFAULT_PHRASES, &mut all).unwrap();
            for p in all.iter().filter(|p| matches!(p.how, PhraseMatch::Line | PhraseMatch::Prefix)) {
                for from in (0..line.len()).filter(|&i| line.is_char_boundary(i)) {
                    let s = &line[from..];
                    if p.matches(s).is_some() {
                        proptest::prop_assert!(p.may_match(s.as_bytes()), "{:?} {:?}", p.pat, s);
                    }
                    if p.may_match(s.as_bytes()) {
                        let w = line_word(s.as_bytes());
                        proptest::prop_assert!(p.may_open(w), "{:?} {:?}", p.pat, s);
                    }
                }
            }
        }
    }

    #[test]
    fn bad_lines() {
        let mut v = Vec::new();
        assert!(parse_list(
            "nav line Follow\n# comment\n\nlink prefix ALSO READ",
            &mut v
        )
        .is_ok());
        assert_eq!(v.len(), 2);
        assert!(matches!(
            parse_list("navx line X", &mut v),
            Err(Error::BadPhrase { line: 1, .. })
        ));
        assert!(matches!(
            parse_list("\nnav sideways X", &mut v),
            Err(Error::BadPhrase { line: 2, .. })
        ));
        assert!(matches!(
            parse_list("nav line", &mut v),
            Err(Error::BadPhrase { line: 1, .. })
        ));
    }
}
