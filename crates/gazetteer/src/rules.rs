//! Case rules: which spellings in the text a name accepts (see `DESIGN.md`).

use std::sync::OnceLock;

use khabar_core::wordset::WordSet;

/// Common English words that are also names of places, people or organisations
/// (`Tank` the town, `Reading`, `Split`, `Nice`, `Mobile`), plus the most frequent function
/// words so that no list entry ever matches them lowercase or sentence-initially.
/// A single-word name in this list matches only capitalised (`Tank`, not `tank` or `TANK`)
/// and not at the start of a sentence.
const COMMON_WORDS: &str = "\
a about above across act action after again against age ago agency aid air all along also \
am among an and any approach april are area arm army around art as at august back bad bank \
bar base bath battle bay be beach bear because bed been before bell below best between big \
bill bird black blue board boat body bold bond border bow box boy branch brand \
bridge bright broad brook brown buck bush but by call camp can cap cape capital car card \
care case cash castle cat center central centre chance change chapel charity chase cheap \
chief child church city clay clear cliff close club coal coast cold colon college \
come commerce common congress cook corn corner council country county court cove \
cross crown cup customs cut dale dam dash date day deal dear december deep deer defence \
delta desert diamond do dock doctor does dollar don door dot double dove down drive dry \
duck due dune during each eagle early east easy echo eden edge eight either elk else end \
energy enterprise even ever every evening faith fall falls far farm fast \
father february few field fine fire first fish five flat flint fly for ford forest \
fork fort fortune forward four fox free friend from front frost gain game gap garden gate \
general gift glen globe go gold golden good grace grand grant grass gray great green grey \
grove guard gulf had hall hammer hand happy harbor harbour hard harmony has have \
haven hay he head heart heath her here hero high hill him his hole holly home hood hope \
horn horse hot house how hull hunter i if imperial in independence industry inn into \
iron is island it its jack january job join joy judge july june just keen \
key kind king knight lake land lane last late law lead leader league lee left liberty life \
light like lime line link lion little live lock lodge long lord love low lucky \
made main major many march mark market marsh may mayor me mercy mesa middle might mile \
mill mine minister mint mission mobile monday money moon more morning most mount mountain \
much music must my name nation national natural navy near nice night nine no noble none \
nor north not notice november now oak ocean october of off office oil old on once one only \
open or orange order other our out over page palm paradise park party pass patience \
peace peak pearl people pine plain plan plant plate point police pool poor port post power \
president pride prime prince progress prospect provident quarry queen quick \
rain ranch range reading ready record red reform republic rich ridge right ring rio river \
road rock rose round royal rush safe saint sale salt same sand say school sea seal second \
see september service seven several she shell shore should side silver since six small \
smith snow so society some south spring square star state station steel stone storm \
strong such summer sun sunday sunny sunrise sunset superior support sure surprise swan \
sweet table tank temple ten than that the their them then there these they third this \
those three through thursday tide tiger time to today top tower town trade trail tree \
trust tuesday turn two under union unity up upon us use valley victory view \
village virgin vista wall war ward warren water wave way we wednesday well \
were west what when where which while white who why will win wind winter with within \
wolf wood work world year yes yet you young your";

/// Single words that are parts of personal names (titles, common given names and surnames)
/// and never a PERSON entry on their own: `Khan` alone is not Imran Khan.
const NAME_PARTS: &str = "\
abdul abu ahmad ahmed akbar al ali amir bibi bin begum chaudhry chaudhary choudhry \
col colonel dr gen general hafiz haji hajji hassan hussain hussein imam iqbal jan khan \
lt maj major malik maulana maulvi mawlawi mian mir mirza mohammad mohammed mr mrs ms \
mufti muhammad mulla mullah nawab pir president qari rana raja sahib sardar sayed shah \
sheikh shaikh sultan syed ul ustad zada";

fn set(list: &'static str) -> WordSet {
    list.split_ascii_whitespace().collect()
}

/// Whether the folded `word` is in the set built from `list` once into `cell` (the lists
/// are ASCII, so a word that is not UTF-8 is in none).
#[inline]
fn in_set(cell: &OnceLock<WordSet>, list: &'static str, word: &[u8]) -> bool {
    std::str::from_utf8(word).is_ok_and(|w| cell.get_or_init(|| set(list)).contains(w))
}

/// The common English words, built once.
fn common_words() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| set(COMMON_WORDS))
}

/// Whether a folded single word is a common English word.
pub(crate) fn is_common_word(word: &[u8]) -> bool {
    std::str::from_utf8(word).is_ok_and(|w| common_words().contains(w))
}

/// Titles and particles that never stand for a person alone.
const TITLES: &str = "\
abu admiral al ambassador amir bin brigadier captain chairman chief col colonel commander \
deputy dr el emir envoy gen general governor haji hajji hafiz imam judge justice king lt \
maj major marshal maulana maulvi mayor minister mr mrs ms mufti mullah mulla pir premier \
president prime prince qari sahib sardar secretary senator sheikh shaikh speaker spokesman \
syed sayed ul ud ustad";

/// Whether a folded word is a title or a name particle.
pub(crate) fn is_title(word: &[u8]) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    in_set(&SET, TITLES, word)
}

/// Whether a folded single word is a title or a name part.
pub(crate) fn is_name_part(word: &[u8]) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    in_set(&SET, NAME_PARTS, word)
}

/// What case the text must have for a name to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CaseRule {
    /// Acronyms and all-capital names of at most five letters: every letter must have the
    /// case it has in the name (`TTP`, `US`, `IS-K`).
    Exact,
    /// A common English word as a single-word name: capitalised, not all capitals, not at
    /// the start of a sentence.
    CommonWord,
    /// Single-word names: the first letter must be upper case.
    UpperFirst,
    /// Multi-word names: some letter must be upper case, and the first one too when it is
    /// in the name (`Tehrik-e-Taliban`, `al-Qaeda`; not `state of Qatar` for `State of Qatar`).
    Multi {
        /// The name starts with an upper-case letter.
        first_upper: bool,
    },
    /// Names written all lower case in the gazetteer: any case.
    Any,
    /// Never matches: a single word of a bulk list that is a common English word or
    /// given name, or a code (see [`Role`]).
    Never,
}

/// Where a spelling stands in its entry and its source, for [`CaseRule::of`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Role {
    /// The entry's own name, not one of its aliases.
    pub(crate) primary: bool,
    /// The entry comes from a bulk list (a GeoNames dump, or a source of
    /// [`BULK_SOURCE`](crate::BULK_SOURCE) entries or more) that nobody reviewed name by
    /// name.
    pub(crate) bulk: bool,
}

impl CaseRule {
    /// The rule of one spelling, from the spelling itself and its folded key.
    ///
    /// The policy for a single word (see `DESIGN.md`): the single-word aliases of a bulk
    /// list (unreviewed alternate names: `Okay` for Les Cayes, `ICT` for Wichita) never
    /// match; a short word with a capital after a small letter (`LeT`) matches only as
    /// written; a bulk entry's own name never matches when it is a common English word or
    /// a given name (`March`, `University`, `George`), and otherwise matches only with the
    /// capitals it is listed with (`Tulsa`, not `TULSA`). Reviewed lists keep the rules of
    /// [`CaseRule::by_shape`].
    pub(crate) fn of(name: &str, folded: &[u8], ntok: usize, role: Role) -> CaseRule {
        if ntok == 1 {
            if let Some(rule) = Self::single_word(name, folded, role) {
                return rule;
            }
        }
        Self::by_shape(name, folded, ntok)
    }

    /// The rule of a single word, when the policy in [`CaseRule::of`] sets one.
    fn single_word(name: &str, folded: &[u8], role: Role) -> Option<CaseRule> {
        if role.bulk && !role.primary {
            return Some(CaseRule::Never);
        }
        // Letters, capitals, and a capital right after a small letter, in one pass (the
        // tests of `char` answer ASCII without a table).
        let (mut letters, mut upper, mut inner_capital, mut after_lower) = (0, 0, false, false);
        for c in name.chars() {
            let up = c.is_uppercase();
            letters += usize::from(c.is_alphabetic());
            upper += usize::from(up);
            inner_capital |= after_lower && up;
            after_lower = c.is_lowercase();
        }
        if upper == 0 {
            return None;
        }
        if inner_capital && letters <= 5 {
            return Some(CaseRule::Exact);
        }
        if !role.bulk || upper == letters {
            return None;
        }
        // Checked as UTF-8 once for the three lists.
        let word = std::str::from_utf8(folded).unwrap_or("");
        let common = khabar_core::words::is_english_word(word)
            || khabar_core::words::is_given_name(word)
            || common_words().contains(word);
        Some(if common {
            CaseRule::Never
        } else {
            CaseRule::Exact
        })
    }

    /// The rule from the shape of the spelling alone.
    fn by_shape(name: &str, folded: &[u8], ntok: usize) -> CaseRule {
        // The capitals and whether there is a small letter, among the letters; once both
        // are seen the rule no longer depends on the counts (most names: after two letters).
        let mut upper = 0;
        let mut lower = false;
        for c in name.chars() {
            if !c.is_ascii() && !c.is_alphabetic() {
                continue;
            }
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower = true;
            }
            if lower && upper > 0 {
                break;
            }
        }
        if upper > 0 && !lower && upper <= 5 {
            CaseRule::Exact
        } else if upper == 0 {
            CaseRule::Any
        } else if ntok == 1 && is_common_word(folded) {
            CaseRule::CommonWord
        } else if ntok == 1 {
            CaseRule::UpperFirst
        } else {
            CaseRule::Multi {
                first_upper: name.chars().next().is_some_and(char::is_uppercase),
            }
        }
    }

    /// Whether a match may start with a lower-case letter (or a digit).
    pub(crate) fn lower_first(self) -> bool {
        matches!(self, CaseRule::Any | CaseRule::Multi { first_upper: false })
    }

    /// Whether every span the rule [`accepts`](Self::accepts) starts with an upper-case
    /// letter (a rule that accepts nothing too).
    pub(crate) fn upper_first(self) -> bool {
        matches!(
            self,
            CaseRule::UpperFirst | CaseRule::Multi { first_upper: true } | CaseRule::Never
        )
    }

    /// Whether the text `span` (starting at byte `start` of `text`) may be this name
    /// (`name` is the spelling in the gazetteer).
    pub(crate) fn accepts(self, name: &str, text: &str, start: usize, span: &str) -> bool {
        match self {
            CaseRule::Exact => {
                let mut a = name.chars().filter(|c| c.is_alphabetic());
                let mut b = span.chars().filter(|c| c.is_alphabetic());
                loop {
                    match (a.next(), b.next()) {
                        (Some(x), Some(y)) => {
                            if x.is_uppercase() != y.is_uppercase() {
                                return false;
                            }
                        }
                        (None, None) => return true,
                        _ => return false,
                    }
                }
            }
            CaseRule::CommonWord => {
                let mut cs = span.chars().filter(|c| c.is_alphabetic());
                let first = cs.next().is_some_and(char::is_uppercase);
                let rest_lower = cs.next().is_none_or(char::is_lowercase);
                first && rest_lower && !sentence_initial(text, start)
            }
            CaseRule::UpperFirst => span.chars().next().is_some_and(char::is_uppercase),
            CaseRule::Multi { first_upper } => {
                (!first_upper || span.chars().next().is_some_and(char::is_uppercase))
                    && span.chars().any(char::is_uppercase)
            }
            CaseRule::Any => true,
            CaseRule::Never => false,
        }
    }
}

/// Whether byte `start` of `text` begins a sentence: only spaces, quotes and brackets
/// stand between it and the start of the text, a blank line, or `.`, `!`, `?`, `:`.
pub(crate) fn sentence_initial(text: &str, start: usize) -> bool {
    let mut newlines = 0;
    for c in text[..start].chars().rev() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines == 2 {
                    return true;
                }
            }
            ' ' | '\t' | '\r' | '"' | '\'' | '(' | '[' | '\u{201C}' | '\u{2018}' | '\u{00A0}' => {}
            '.' | '!' | '?' | ':' | '\u{2022}' | '|' => return true,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(name: &str, text: &str, expected: bool) {
        check_as(
            name,
            Role {
                primary: true,
                bulk: false,
            },
            text,
            expected,
        );
    }

    #[track_caller]
    fn check_as(name: &str, role: Role, text: &str, expected: bool) {
        let Role { primary, bulk } = role;
        let mut s = crate::fold::Scratch::default();
        let (folded, ntok) = crate::fold::name_keys(name, &mut s);
        let role = Role { primary, bulk };
        let rule = CaseRule::of(name, &folded, ntok, role);
        let start = text.find('|').expect("a | marks the span start");
        let text = text.replacen('|', "", 1);
        let end = start + name.len().min(text.len() - start);
        assert_eq!(
            rule.accepts(name, &text, start, &text[start..end]),
            expected,
            "{name} in {text:?}: {rule:?}"
        );
    }

    #[test]
    fn rules() {
        check("TTP", "the |TTP said", true);
        check("TTP", "the |Ttp said", false);
        check("US", "let |us go", false);
        check("US", "the |US army", true);
        check("Tank", "in |Tank district", true);
        check("Tank", "a |tank fired", false);
        check("Tank", "Army. |Tank crews", false);
        check("Tank", "|Tank crews", false);
        check("Tank", "IN |TANK DISTRICT", false);
        check("Bannu", "in |bannu", false);
        check("Bannu", "in |Bannu", true);
        check("North Waziristan", "in |north Waziristan", false);
        check("North Waziristan", "in |NORTH WAZIRISTAN", true);
        check("al-Qaeda", "|Al-Qaeda", true);
        check("North Waziristan", "in |north waziristan", false);
    }

    #[test]
    fn single_words() {
        let alias = Role {
            primary: false,
            bulk: false,
        };
        let bulk = Role {
            primary: true,
            bulk: true,
        };
        let bulk_alias = Role {
            primary: false,
            bulk: true,
        };
        // A short name with an inner capital matches only as written.
        check_as("LeT", alias, "|Let us go", false);
        check_as("LeT", alias, "by |LeT fighters", true);
        check_as("LeT", alias, "by |LET fighters", false);
        // Common words and given names never match from a bulk list.
        check_as("Okay", bulk_alias, "he said |Okay then", false);
        check_as("March", bulk, "in |March 2020", false);
        check_as("University", bulk, "at the |University of Kent", false);
        check_as("George", bulk, "|George said", false);
        // Codes of bulk lists are dropped, but not a bulk entry's own name.
        check_as("ICT", bulk_alias, "the |ICT sector", false);
        check_as("USA", bulk, "the |USA team", true);
        check_as("Jules", bulk_alias, "|Jules said", false);
        // Other single words of bulk lists keep their capitals.
        check_as("The", bulk_alias, "|THE END", false);
        check_as("Usi", bulk_alias, "the |USI fleet", false);
        check_as("Tulsa", bulk, "in |Tulsa today", true);
        check_as("Tulsa", bulk, "IN |TULSA TODAY", false);
        check_as("Burma", alias, "in |Burma today", true);
        check_as("Miramshah", alias, "|MIRAMSHAH: Troops", true);
        // A reviewed alias that is an English word: capitalised, inside a sentence.
        check_as("Mobile", alias, "in |Mobile today", true);
        check_as("Mobile", alias, "Rain. |Mobile today", false);
        check_as("Mobile", alias, "a |mobile phone", false);
        // The entry's own name of a reviewed list keeps the old rules (datelines).
        check("Bannu", "|BANNU: The police", true);
    }

    #[test]
    fn lists() {
        assert!(is_common_word(b"tank") && is_common_word(b"reading") && !is_common_word(b"bannu"));
        assert!(is_name_part(b"khan") && !is_name_part(b"imran"));
    }

    /// The counts [`CaseRule::single_word`] and [`CaseRule::by_shape`] take in one pass
    /// (stopping early), as three passes over the whole name would count them.
    fn counts_in_full(name: &str) -> (usize, usize, bool, usize, usize) {
        let letters = name.chars().filter(|c| c.is_alphabetic()).count();
        let upper = name.chars().filter(|c| c.is_uppercase()).count();
        let inner = name
            .chars()
            .zip(name.chars().skip(1))
            .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
        let alpha = || name.chars().filter(|c| c.is_alphabetic());
        let shape_upper = alpha().filter(|c| c.is_uppercase()).count();
        let shape_lower = alpha().filter(|c| c.is_lowercase()).count();
        (letters, upper, inner, shape_upper, shape_lower)
    }

    /// [`CaseRule::of`] as it reads with the counts of [`counts_in_full`].
    fn of_in_full(name: &str, folded: &[u8], ntok: usize, role: Role) -> CaseRule {
        let (letters, upper, inner, shape_upper, shape_lower) = counts_in_full(name);
        if ntok == 1 && role.bulk && !role.primary {
            return CaseRule::Never;
        }
        if ntok == 1 && upper > 0 {
            if inner && letters <= 5 {
                return CaseRule::Exact;
            }
            if role.bulk && upper != letters {
                let word = std::str::from_utf8(folded).unwrap_or("");
                let common = khabar_core::words::is_english_word(word)
                    || khabar_core::words::is_given_name(word)
                    || is_common_word(folded);
                return if common {
                    CaseRule::Never
                } else {
                    CaseRule::Exact
                };
            }
        }
        if shape_upper > 0 && shape_lower == 0 && shape_upper <= 5 {
            CaseRule::Exact
        } else if shape_upper == 0 {
            CaseRule::Any
        } else if ntok == 1 && is_common_word(folded) {
            CaseRule::CommonWord
        } else if ntok == 1 {
            CaseRule::UpperFirst
        } else {
            CaseRule::Multi {
                first_upper: name.chars().next().is_some_and(char::is_uppercase),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn rule_agrees_with_full_counts(
            name in "[a-zA-Z0-9 .'-]{0,3}[aAtTMmÉéßǅªⅠⓐʰ\u{2160}\u{24d0} -]{0,6}[a-zA-Z ]{0,6}",
            primary: bool,
            bulk: bool,
        ) {
            let mut s = crate::fold::Scratch::default();
            let (folded, ntok) = crate::fold::name_keys(&name, &mut s);
            let role = Role { primary, bulk };
            proptest::prop_assert_eq!(
                CaseRule::of(&name, &folded, ntok, role),
                of_in_full(&name, &folded, ntok, role)
            );
        }

        /// A rule that says every span it accepts starts with a capital never accepts one
        /// that does not (the matcher skips the variant walk from such tokens on its word).
        #[test]
        fn upper_first_rules_want_a_capital(
            name in "[a-zA-Z .'-]{0,4}[aAtTÉéßǅ -]{0,4}[a-zA-Z ]{0,4}",
            before in "[a-z .\n]{0,4}",
            span in "[a-zA-Z0-9 .'-]{0,2}[aAtTÉéßǅⅠⓐ -]{0,4}[a-zA-Z ]{0,4}",
            primary: bool,
            bulk: bool,
        ) {
            let mut s = crate::fold::Scratch::default();
            let (folded, ntok) = crate::fold::name_keys(&name, &mut s);
            let rule = CaseRule::of(&name, &folded, ntok, Role { primary, bulk });
            let text = format!("{before}{span}");
            if rule.upper_first() && rule.accepts(&name, &text, before.len(), &span) {
                proptest::prop_assert!(span.chars().next().is_some_and(char::is_uppercase));
            }
        }
    }
}
