//! Table-driven tests of the name rules, on sentences written for them.

use proptest::prelude::*;

use super::*;

/// `expected`: `text|TYPE|canonical` per name, in text order.
#[track_caller]
fn check(text: &str, expected: &[&str]) {
    let finder = NameFinder::new();
    let mut s = Scratch::default();
    let found = finder.find(text, &mut s);
    let got: Vec<String> = found
        .names()
        .iter()
        .map(|n| {
            let g = found.groups()[n.group as usize];
            format!(
                "{}|{}|{}",
                &text[n.span],
                n.name_type.as_str(),
                &text[g.canonical]
            )
        })
        .collect();
    assert_eq!(got, expected, "in {text:?}");
}

#[test]
fn people() {
    check(
        "The jirga was led by Farida Qazi. Later Qazi told reporters it went well.",
        &["Farida Qazi|PERSON|Farida Qazi", "Qazi|PERSON|Farida Qazi"],
    );
    check(
        "Ms. Qazi spoke first. Farida Qazi is a lawyer from Larkana.",
        &[
            "Qazi|PERSON|Farida Qazi",
            "Farida Qazi|PERSON|Farida Qazi",
            "Larkana|LOC|Larkana",
        ],
    );
    check(
        "A spokesperson, Tariq Mehmood, said nothing.",
        &["Tariq Mehmood|PERSON|Tariq Mehmood"],
    );
    check(
        "President Obama met Dr. Jane Goodall in the afternoon.",
        &["Obama|PERSON|Obama", "Jane Goodall|PERSON|Jane Goodall"],
    );
    check("Police arrested Mr. Qazi’s brother.", &["Qazi|PERSON|Qazi"]);
    // A sentence's first word alone is a name when the text names it elsewhere.
    check(
        "Qazi left early. Police arrested Qazi later, Qazi said.",
        &["Qazi|PERSON|Qazi", "Qazi|PERSON|Qazi", "Qazi|PERSON|Qazi"],
    );
    check(
        "He met J. R. Tolkien once.",
        &["J. R. Tolkien|PERSON|J. R. Tolkien"],
    );
    check(
        "A painting by Zurbarán hung there, Zurbarán wrote.",
        &["Zurbarán|PERSON|Zurbarán", "Zurbarán|PERSON|Zurbarán"],
    );
}

#[test]
fn one_word_people_need_evidence() {
    // A single word typed a person by default, with nothing in the document to show it
    // is one, is left out; a title, a verb of saying or a given name anywhere keeps it.
    check("Police arrested Qazi’s brother.", &[]);
    check("They sold Polaroids. Polaroids faded.", &[]);
    check(
        "Police arrested Qazi’s brother. Qazi told reporters nothing.",
        &["Qazi|PERSON|Qazi", "Qazi|PERSON|Qazi"],
    );
    check(
        "Police arrested Qazi’s brother and Ms. Qazi left.",
        &["Qazi|PERSON|Qazi", "Qazi|PERSON|Qazi"],
    );
    // A given name is a person after `to` or `from`, a place only after `in` or `near`.
    check(
        "Flowers went to Judy. Ruth came from Nonna Beach; Renata lives in Renata.",
        &[
            "Judy|PERSON|Judy",
            "Ruth|PERSON|Ruth",
            "Nonna Beach|LOC|Nonna Beach",
            "Renata|PERSON|Renata",
            "Renata|PERSON|Renata",
        ],
    );
    // A given name of the census list, not of the hand-written one.
    check("Reporters met Renata outside.", &["Renata|PERSON|Renata"]);
    check(
        "Reporters met Renata Kowalczyk outside.",
        &["Renata Kowalczyk|PERSON|Renata Kowalczyk"],
    );
    check(
        "Shares of Merrill Lynch rose.",
        &["Merrill Lynch|ORG|Merrill Lynch"],
    );
}

#[test]
fn cited_authors() {
    check(
        "Gaze was measured (Quilis, Vandermeer, & Otero, 1999) and Kastner (2004) agreed; \
         Moreau et al. did not (Brandt 2001; Moreau and Kastner, 2003).",
        &[
            "Quilis|PERSON|Quilis",
            "Vandermeer|PERSON|Vandermeer",
            "Otero|PERSON|Otero",
            "Kastner|PERSON|Kastner",
            "Moreau|PERSON|Moreau",
            "Brandt|PERSON|Brandt",
            "Moreau|PERSON|Moreau",
            "Kastner|PERSON|Kastner",
        ],
    );
    // A year after a name of several words, or outside brackets after a comma, cites no
    // author.
    check(
        "Teams: Dunmore Tigers (2012). We left Tarnow, 2012 was hard.",
        &["Dunmore Tigers|ORG|Dunmore Tigers"],
    );
}

#[test]
fn organisations_and_places() {
    check(
        "She joined the Awami Workers Party in 2019.",
        &["Awami Workers Party|ORG|Awami Workers Party"],
    );
    check(
        "He studied at the University of Portsmouth and the Computing Research Association (CRA) paid. The CRA said so.",
        &[
            "University of Portsmouth|ORG|University of Portsmouth",
            "Computing Research Association|ORG|Computing Research Association",
            "CRA|ORG|Computing Research Association",
            "CRA|ORG|Computing Research Association",
        ],
    );
    check(
        "They camped near Mount Kenya.",
        &["Mount Kenya|LOC|Mount Kenya"],
    );
    check(
        "We walked down Harley Street.",
        &["Harley Street|LOC|Harley Street"],
    );
    check("Fighting spread to Larkana.", &["Larkana|LOC|Larkana"]);
}

#[test]
fn company_suffixes() {
    // A company's legal form ends an organisation's name, and the bare name joins it.
    check(
        "Talwar Farben AG cut jobs; Talwar Farben said more cuts may follow.",
        &[
            "Talwar Farben AG|ORG|Talwar Farben AG",
            "Talwar Farben|ORG|Talwar Farben AG",
        ],
    );
    check(
        "Shares of Qasimi Holding NV and Rossetti Ceramiche SA rose.",
        &[
            "Qasimi Holding NV|ORG|Qasimi Holding NV",
            "Rossetti Ceramiche SA|ORG|Rossetti Ceramiche SA",
        ],
    );
}

#[test]
fn not_names() {
    check("", &[]);
    check("The police said nothing. When it rained, we left.", &[]);
    check("On Monday in March the rain stopped.", &[]);
    check("I think so. OK, fine.", &[]);
    check("Yeah, I'm sure. Um, don't. Don't you're", &[]);
    check("They spoke English and Japanese, and played Marbles.", &[]);
    check("He got his PhD from the CoM and trained LLMs.", &[]);
    check("The Minister for Parliamentary Affairs spoke.", &[]);
    check("Eid was on Friday; Christmas came later.", &[]);
    check("It was the Civil War that changed it.", &[]);
    // A headline in title case: its words are names only when the text names them.
    check("How People Look at Art\n\nPeople look at art slowly.", &[]);
    check(
        "Qazi Wins the Vote\n\nFarida Qazi won.",
        &["Qazi|PERSON|Farida Qazi", "Farida Qazi|PERSON|Farida Qazi"],
    );
}

proptest! {
    #[test]
    fn never_panics_spans_on_boundaries(text in "\\PC{0,200}") {
        let finder = NameFinder::new();
        let mut s = Scratch::default();
        let found = finder.find(&text, &mut s);
        let mut end = 0;
        for n in found.names() {
            prop_assert!(n.span.start as usize >= end);
            prop_assert!(text.is_char_boundary(n.span.start as usize));
            prop_assert!(text.is_char_boundary(n.span.end as usize));
            prop_assert!((n.group as usize) < found.groups().len());
            end = n.span.end as usize;
        }
    }

    #[test]
    fn capitalised_words(words in proptest::collection::vec("[A-Z][a-z]{0,6}|[a-z]{1,5}|[A-Z]{2,4}|[.,()&'’-]", 0..40)) {
        let text = words.join(" ");
        let finder = NameFinder::new();
        let mut s = Scratch::default();
        let found = finder.find(&text, &mut s);
        for n in found.names() {
            prop_assert!(text.get(n.span.range()).is_some());
        }
    }
}

#[test]
fn types_from_shape() {
    check(
        "They sailed from Langeland to Svendborg.",
        &["Langeland|LOC|Langeland", "Svendborg|LOC|Svendborg"],
    );
    check("She read it on LibriVox.", &["LibriVox|ORG|LibriVox"]);
    check(
        "Officials met John McDonald.",
        &["John McDonald|PERSON|John McDonald"],
    );
    check(
        "He works for Barstool Sports now.",
        &["Barstool Sports|ORG|Barstool Sports"],
    );
    check("Yeah Bob, it works.", &["Bob|PERSON|Bob"]);
}

#[test]
fn companies() {
    check(
        "Chrysler Corp said profits rose. Analysts said Chrysler would gain. Corp shares fell.",
        &[
            "Chrysler Corp|ORG|Chrysler Corp",
            "Chrysler|ORG|Chrysler Corp",
        ],
    );
}

#[test]
fn titles_inside_organisations() {
    check(
        "Analysts said General Motors Corp rose.",
        &["General Motors Corp|ORG|General Motors Corp"],
    );
}

#[test]
fn of_phrases() {
    // A person's name ends before `of`; an organisation's head word goes on through it.
    check(
        "We heard from Maria Ferreira of Harbour Light Trust and the Municipality of Vellore.",
        &[
            "Maria Ferreira|PERSON|Maria Ferreira",
            "Harbour Light Trust|ORG|Harbour Light Trust",
            "Municipality of Vellore|ORG|Municipality of Vellore",
        ],
    );
    check(
        "Delegates of the Republic of Vantoria arrived.",
        &["Republic of Vantoria|LOC|Republic of Vantoria"],
    );
}

#[test]
fn titles_inside_runs() {
    // The person is the name after a title inside the run.
    check(
        "Treasury Secretary James Baker met Judiciary Chair Jerry Nadler.",
        &[
            "James Baker|PERSON|James Baker",
            "Jerry Nadler|PERSON|Jerry Nadler",
        ],
    );
    // An initial is no function word; `St` is no title there.
    check(
        "Analysts said chairman A. William Reynolds sailed on Lake St Clair.",
        &[
            "A. William Reynolds|PERSON|A. William Reynolds",
            "Lake St Clair|LOC|Lake St Clair",
        ],
    );
}

#[test]
fn function_words_at_the_ends() {
    check(
        "Officials met Farida Qazi On Tuesday.",
        &["Farida Qazi|PERSON|Farida Qazi"],
    );
    check(
        "Aid went to the Awami Workers Party It was late.",
        &["Awami Workers Party|ORG|Awami Workers Party"],
    );
}

#[test]
fn events_prizes_works_and_buildings() {
    // An event, a prize or a work named after someone or somewhere is no name of a
    // person, an organisation or a place.
    check(
        "Veterans of the Vietnam War won the Pritzker Architecture Prize at the Cannes Film Festival.",
        &[],
    );
    // Buildings are places.
    check(
        "Prayers at the Grand Mosque; guests at the Socotra Hotel near Volgograd Arena.",
        &[
            "Grand Mosque|LOC|Grand Mosque",
            "Socotra Hotel|LOC|Socotra Hotel",
            "Volgograd Arena|LOC|Volgograd Arena",
        ],
    );
}

#[test]
fn words_of_runs_read_in_lower_case() {
    // Titles, head words and suffixes in capitals or with letters that are not ASCII.
    check(
        "Police said SUB-INSPECTOR Ali Raza was shot near the market in Quetta.",
        &["Ali Raza|PERSON|Ali Raza", "Quetta|LOC|Quetta"],
    );
    check(
        "The Awami Workers PARTY met in ÉCOLE Normale. Then the Kent Corp said Kent would sell.",
        &[
            "Awami Workers PARTY|ORG|Awami Workers PARTY",
            "ÉCOLE Normale|LOC|ÉCOLE Normale",
            "Kent Corp|ORG|Kent Corp",
            "Kent|ORG|Kent Corp",
        ],
    );
    check(
        "Talks with Dr. Émile Zola and Svendborg went on. SKITTLES were sold in Scotland.",
        &[
            "Émile Zola|PERSON|Émile Zola",
            "Svendborg|LOC|Svendborg",
            "Scotland|LOC|Scotland",
        ],
    );
    check(
        "Leaders of the Islamic Emirate of Waziristan spoke, the ÉMILE GROUP said.",
        &["Islamic Emirate of Waziristan|LOC|Islamic Emirate of Waziristan"],
    );
}
