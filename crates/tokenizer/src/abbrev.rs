//! The abbreviation list and the words that typically start a sentence.

use std::sync::OnceLock;

use khabar_core::wordset::WordFlags;

/// How an abbreviation behaves at a possible sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// A title before a name (`Mr.`, `Gen.`): never ends a sentence.
    Title,
    /// Any other abbreviation (`Inc.`, `Jan.`, `Calif.`, `etc.`): ends a sentence only when
    /// the next word is a typical sentence starter.
    Other,
    /// Only an abbreviation before a number (`No. 5`, `pp. 12`); otherwise a plain word.
    BeforeNumber,
}

/// Looks up a word written before a period: as written, or titlecased when written in
/// capitals (`GEN.`, `CORP.`).
pub(crate) fn lookup(word: &str) -> Option<Class> {
    if let Some(c) = lookup_exact(word) {
        return Some(c);
    }
    let b = word.as_bytes();
    if b.len() >= 2 && b.len() <= 8 && b.iter().all(u8::is_ascii_uppercase) {
        let mut buf = [0u8; 8];
        buf[..b.len()].copy_from_slice(b);
        buf[1..b.len()].make_ascii_lowercase();
        let t = std::str::from_utf8(&buf[..b.len()]).ok()?;
        return lookup_exact(t).filter(|c| *c != Class::BeforeNumber || t == "No");
    }
    None
}

fn lookup_exact(word: &str) -> Option<Class> {
    if word.len() > 7 {
        return None;
    }
    static TABLE: OnceLock<WordFlags> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let class = |words: &'static [&'static str], c: Class| {
            words.iter().map(move |&w| (w, c as u32 + 1))
        };
        WordFlags::new(
            class(TITLES, Class::Title)
                .chain(class(BEFORE_NUMBER, Class::BeforeNumber))
                .chain(class(OTHER, Class::Other)),
        )
    });
    match table.get(word) {
        1 => Some(Class::Title),
        2 => Some(Class::Other),
        3 => Some(Class::BeforeNumber),
        _ => None,
    }
}

/// Titles and ranks, and Latin and other abbreviations that introduce what follows.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs", "Prof", "Profs", "Gen",
    "Gens", "Lt", "Col", "Maj", "Capt", "Cmdr", "Cdr", "Sgt", "Cpl", "Pvt", "Adm", "Brig", "Rev",
    "Revd", "Hon", "Sen", "Sens", "Rep", "Reps", "Gov", "Govs", "Pres", "Supt", "Insp", "Atty",
    "Amb", "Fr", "Msgr", "Mt", "Ft", "Lieut", "Comdr", "Cmdt", "Dep", "Asst", "Sec", "Secy", "Sra",
    "Srta", "Hr", "Ald", "retd", "Retd", // Latin and others:
    "e.g", "i.e", "E.g", "I.e", "cf", "Cf", "vs", "viz", "approx", "esp", "incl", "resp",
];

/// Numbers and references.
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "nos", "pp", "vol", "Vol", "vols", "art", "Art", "ch", "Ch", "para", "sec",
    "nr", "Nr", "tel", "Tel", "ext",
];

/// Companies, people, places, common Latin.
const OTHER: &[&str] = &[
    "Jr", "Sr", "Inc", "Corp", "Ltd", "Co", "Cos", "Bros", "Assn", "Assoc", "Dept", "Univ", "Intl",
    "Natl", "Govt", "Est", "est", "St", "Ave", "Blvd", "Rd", "Hwy", "Sq", "etc", "al", "ca", "fig",
    "Fig", "figs", "eds", "ed", "Ed", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans",
    "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nebr", "Nev", "Okla",
    "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wisc", "Wyo", "Ph", "Ltda",
    "Pty", "Plc", "PLC", "Mfg", "Dist", "Div", "div", "Gp", "Mgr", "Mgmt", "Rs", "Re", "Ps", "mln",
    "bln", "mn", "bn", "cu", "sq", "ft", "lb", "lbs", "oz", "hr", "hrs", "min", "mins", "yr",
    "yrs", "mo", "mos", "wk", "wks", "Attn", "attn", "Encl", "encl", "Ref", "ref", "Fwd", "Cal",
    "Calc", "Sci", "Tech", "Abt", "abt", "Aux", "Sts", "Pte",
];

/// Whether `word` (capitalised, as written) typically starts a sentence, so that it ends
/// the sentence when it follows an abbreviation such as `Inc.` or `U.S.`.
pub(crate) fn is_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "If"
            | "When"
            | "While"
            | "Although"
            | "Though"
            | "As"
            | "After"
            | "Before"
            | "Since"
            | "Because"
            | "In"
            | "On"
            | "At"
            | "For"
            | "From"
            | "With"
            | "Without"
            | "By"
            | "To"
            | "Of"
            | "Some"
            | "Many"
            | "Most"
            | "Several"
            | "All"
            | "Both"
            | "Each"
            | "Every"
            | "No"
            | "Not"
            | "None"
            | "Other"
            | "Another"
            | "Such"
            | "What"
            | "Who"
            | "Why"
            | "How"
            | "Where"
            | "Which"
            | "Meanwhile"
            | "However"
            | "Also"
            | "Then"
            | "Now"
            | "Still"
            | "Even"
            | "Only"
            | "Just"
            | "Later"
            | "Earlier"
            | "According"
            | "Today"
            | "Yesterday"
            | "Last"
            | "Next"
            | "During"
            | "Despite"
            | "Under"
            | "Over"
            | "Among"
            | "Officials"
            | "Police"
            | "Do"
            | "Does"
            | "Did"
            | "Is"
            | "Are"
            | "Was"
            | "Were"
            | "Will"
            | "Would"
            | "Can"
            | "Could"
            | "Should"
            | "May"
            | "Might"
            | "Must"
            | "Has"
            | "Have"
            | "Had"
            | "Let"
            | "Please"
            | "Thank"
            | "Thanks"
            | "Yes"
            | "Oh"
            | "Well"
            | "Once"
            | "Instead"
            | "Indeed"
            | "Thus"
            | "Therefore"
            | "Furthermore"
            | "Moreover"
            | "Nevertheless"
            | "Nonetheless"
            | "Unlike"
            | "Like"
            | "One"
            | "Two"
            | "Three"
            | "Four"
            | "Five"
            | "First"
            | "Second"
            | "Third"
            | "Finally"
            | "Hence"
            | "Otherwise"
            | "Perhaps"
            | "Maybe"
            | "Sometimes"
            | "Often"
            | "Never"
            | "Always"
            | "Again"
            | "Whether"
            | "Until"
            | "Unless"
            | "Through"
            | "Between"
            | "Within"
            | "Following"
            | "Given"
            | "Overall"
            | "Currently"
            | "Recently"
            | "Previously"
            | "Additionally"
            | "Similarly"
            | "Everyone"
            | "Nobody"
            | "Something"
            | "Nothing"
            | "Everything"
            | "Anyone"
            | "Someone"
            // Interjections and discourse words that open spoken sentences.
            | "Okay"
            | "OK"
            | "Yeah"
            | "Wait"
            | "See"
            | "Look"
            | "Listen"
            | "Hey"
            | "Hi"
            | "Um"
            | "Uh"
            | "Anyway"
            | "Anyways"
            | "Sorry"
            | "Alright"
    )
}

/// Whether `word` is a verb of saying, as in `“Why?” Mom asked.`
pub(crate) fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "asked"
            | "asks"
            | "added"
            | "adds"
            | "replied"
            | "replies"
            | "cried"
            | "shouted"
            | "yelled"
            | "screamed"
            | "whispered"
            | "muttered"
            | "called"
            | "answered"
            | "explained"
            | "continued"
            | "wrote"
            | "writes"
            | "insisted"
            | "exclaimed"
            | "howled"
            | "started"
            | "began"
            | "sighed"
            | "laughed"
            | "snapped"
            | "repeated"
            | "agreed"
            | "admitted"
            | "noted"
            | "warned"
            | "declared"
            | "demanded"
            | "wondered"
            | "murmured"
            | "suggested"
            | "pleaded"
            | "announced"
            | "recalled"
            | "interrupted"
            | "responded"
            | "observed"
            | "joked"
            | "argued"
            | "claimed"
            | "stated"
            | "remarked"
            | "urged"
            | "protested"
            | "commented"
            | "thought"
            | "say"
            | "ask"
    )
}

/// Whether `word` is a function word that cannot end a headline or caption, so that a
/// line ending with it continues on the next line (hard-wrapped text).
pub(crate) fn is_function_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "and"
            | "or"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "from"
            | "with"
            | "as"
            | "that"
            | "is"
            | "was"
            | "are"
            | "were"
            | "his"
            | "her"
            | "their"
            | "its"
            | "but"
            | "into"
            | "than"
            | "has"
            | "have"
            | "had"
            | "be"
    )
}

/// Whether `word` labels a figure or table caption (`Figure 2.4 Troops patrol ...`).
pub(crate) fn is_caption_label(word: &str) -> bool {
    matches!(
        word,
        "Figure"
            | "Fig"
            | "Figs"
            | "Table"
            | "Map"
            | "Chart"
            | "Graph"
            | "Diagram"
            | "Illustration"
            | "Photo"
            | "Image"
            | "Plate"
            | "Exhibit"
            | "FIGURE"
            | "TABLE"
    )
}

/// Whether `word`, glued to a colon, labels a caption credit (`Image:`, `Photo:`), which
/// starts a sentence even inside a line. Contact fields (`Fax:`) are left out: treebanks
/// keep a signature block together.
pub(crate) fn is_field_label(word: &str) -> bool {
    matches!(
        word,
        "Image"
            | "Images"
            | "Photo"
            | "Photos"
            | "Photograph"
            | "Picture"
            | "Credit"
            | "Credits"
            | "Source"
            | "Sources"
    )
}

/// Whether `word` is a day of the week, written in full.
pub(crate) fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "Monday" | "Tuesday" | "Wednesday" | "Thursday" | "Friday" | "Saturday" | "Sunday"
    )
}

/// Whether `word` is a month name, in full or abbreviated (without its period).
pub(crate) fn is_month(word: &str) -> bool {
    matches!(
        word,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// Whether `word` can introduce a date inside a sentence (`on Monday, March 6, 2023`), so
/// that a dateline after it is no headline end.
pub(crate) fn is_date_preposition(word: &str) -> bool {
    matches!(
        word,
        "until"
            | "till"
            | "since"
            | "before"
            | "after"
            | "through"
            | "last"
            | "next"
            | "this"
            | "every"
            | "between"
            | "late"
            | "early"
            | "dated"
            | "dates"
            | "date"
            | "effective"
    )
}

/// Whether `phrase` closes a letter before the signature (`Regards`, `Best regards`).
pub(crate) fn is_valediction(phrase: &str) -> bool {
    matches!(
        phrase,
        "Regards"
            | "Best regards"
            | "Kind regards"
            | "Warm regards"
            | "Warmest regards"
            | "With regards"
            | "Sincerely"
            | "Yours sincerely"
            | "Sincerely yours"
            | "Yours truly"
            | "Yours faithfully"
            | "Respectfully"
            | "Cordially"
            | "Thanks"
            | "Many thanks"
            | "Thank you"
            | "Cheers"
            | "Best"
            | "Best wishes"
            | "Love"
            | "Salaam"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_lists_are_disjoint() {
        // A word in two lists would get the union of two classes, which is no class.
        let mut all = [TITLES, BEFORE_NUMBER, OTHER].concat();
        all.sort_unstable();
        let n = all.len();
        all.dedup();
        assert_eq!(all.len(), n);
        assert_eq!(lookup("Gen"), Some(Class::Title));
        assert_eq!(lookup("GEN"), Some(Class::Title));
        assert_eq!(lookup("pp"), Some(Class::BeforeNumber));
        assert_eq!(lookup("NO"), Some(Class::BeforeNumber));
        assert_eq!(lookup("NOS"), None);
        assert_eq!(lookup("Calif"), Some(Class::Other));
        assert_eq!(lookup("Califo"), None);
        assert_eq!(lookup("Messrs"), Some(Class::Title));
    }
}
