//! The hand-written word lists of the name rules, all lower case (see `data/README.md`).

use khabar_core::{
    words::{english_words, given_names},
    wordset::WordFlags,
};

/// Words before a name that make it a person: titles, offices and roles.
pub(crate) const TITLES: &str = "\
mr mrs ms miss mx dr prof professor sir dame lord lady madam president vice senator sen rep \
representative congressman congresswoman governor gov mayor minister premier chancellor \
secretary general gen colonel col major maj captain capt lieutenant lt sergeant sgt corporal \
admiral commander marshal brigadier judge justice chairman chairwoman chairperson chair king \
queen prince princess pope rev reverend father fr sister brother bishop archbishop cardinal \
imam rabbi pastor sheikh mullah maulana mufti spokesperson spokesman spokeswoman spokesmen \
ambassador envoy director chief ceo officer inspector detective agent coach dean uncle aunt \
auntie grandma grandpa saint st mrs. jr emperor empress sultan emir ayatollah singer actor \
actress author writer poet painter artist composer novelist journalist reporter editor \
analyst researcher economist scientist lawyer attorney founder leader deputy councillor \
councilman councilwoman officer superintendent constable";

/// Last words of organisation names.
pub(crate) const ORG_LAST: &str = "\
party ministry university college school academy institute institution group company corp \
corporation inc ltd llc plc co ag nv sa association council committee commission bank agency \
foundation society league union club federation organisation organization department \
office bureau board authority service services court parliament assembly congress senate \
army navy force forces police guard brigade battalion regiment corps church \
network times post news press herald tribune journal magazine gazette channel radio \
television tv studios records publishers press fund trust alliance coalition front movement \
network hospital clinic center centre laboratory laboratories labs lab industries \
airlines airways motors systems technologies partners holdings enterprises team fc united \
cabinet administration commission taliban";

/// First words of organisation names followed by `of` (`University of Kent`).
pub(crate) const ORG_FIRST: &str = "\
university college school academy institute ministry department bank board church \
council commission committee federation association society office bureau house court \
league museum order";

/// Last words of place names.
pub(crate) const LOC_LAST: &str = "\
street st road rd avenue ave boulevard lane drive square place river lake mountain \
mountains mount hill hills island islands valley bay county province district region \
park beach canyon desert forest sea ocean gulf coast peninsula airport station bridge \
castle palace tower cathedral abbey temple mosque falls creek harbour harbor port village \
town hotel cemetery arena stadium trail expressway turnpike freeway motorway \
city state states heights springs plains plateau pass strait channel canal highway \
garden gardens square plaza";

/// First words of place names followed by `of` (`Republic of Fredonia`, `Gulf of Aden`).
pub(crate) const LOC_OF: &str = "\
republic kingdom state city gulf bay isle island islands plains strait straits cape sea \
lake emirate principality duchy commonwealth";

/// Words before `of` that let a name go on through it, besides the head words of
/// organisations and places (`Municipality of Livorno`, `Government of Albania`).
pub(crate) const OF_HEADS: &str = "\
municipality government borough diocese province district region county parish \
prefecture territory";

/// First words of place names (`Mount Everest`, `Lake Tahoe`).
pub(crate) const LOC_FIRST: &str = "mount mt lake fort port cape isle gulf";

/// Words after a name that make it a person.
pub(crate) const PERSON_AFTER: &str = "\
said says say told tells added explained wrote writes asked asks replied recalled \
thinks thought believes believed admitted argued insisted noted warned claimed \
who whose himself herself smiled laughed nodded shrugged sighed";

/// Words before a name that make it a place.
pub(crate) const LOC_BEFORE: &str = "\
in near from at into across outside inside around towards toward via to through \
throughout within";

/// Lower-case words allowed inside a name, between capitalised words.
pub(crate) const CONNECTORS: &str =
    "of de da del della di du van von der den la le al el bin ibn for the";

/// Interjections and answers that start a sentence capitalised (`Yeah`, `Um`): no names.
pub(crate) const INTERJECTIONS: &str = "\
yeah yep yup yes no nope nah uh um umm uhm er erm hmm hm mhm mm mmm oh ooh ah aah aw aww \
wow okay ok alright hey hi hello bye jeez gosh huh unhunh hunh uhhuh whoa oops ugh eh ha \
haha lol wait well please thanks sorry";

/// Function words: no name starts or ends with one (`Australia On`, `While Poisson`).
pub(crate) const FUNCTION_WORDS: &str = "\
a an and or but nor so if as at by for from in into of on onto to with while when where \
whether because though although unless until since is are was were be been am it its \
this that these those he she they we you his her their our your my";

/// Last words of the names of events, prizes and works (`Vietnam War`, `Nobel Prize`):
/// names of no person, organisation or place.
pub(crate) const EVENT_LAST: &str = "\
war wars revolution rebellion uprising battle massacre award awards prize prizes medal \
festival olympics cup championship championships tournament telescope statue \
declaration treaty scholarship lecture lectures";

/// Month and day names: dates, not names.
pub(crate) const CALENDAR: &str = "\
january february march april may june july august september october november december \
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday \
saturday sunday christmas easter ramadan eid thanksgiving halloween hanukkah diwali \
passover lent";

/// Given names of the US Census 1990, without common English words (`data/README.md`).
pub(crate) const CENSUS_GIVEN_NAMES: &str = include_str!("../data/census-given-names.txt");

/// A common English word of `khabar_core::words::is_english_word`.
pub(crate) const ENGLISH: u32 = 1;
/// A given name of `khabar_core::words::is_given_name`.
pub(crate) const GIVEN_CORE: u32 = 1 << 1;
/// A given name of the US Census list ([`CENSUS_GIVEN_NAMES`]).
pub(crate) const GIVEN_CENSUS: u32 = 1 << 2;
/// A word of [`TITLES`].
pub(crate) const TITLE: u32 = 1 << 3;
/// A word of [`ORG_LAST`].
pub(crate) const ORG_LAST_W: u32 = 1 << 4;
/// A word of [`ORG_FIRST`].
pub(crate) const ORG_FIRST_W: u32 = 1 << 5;
/// A word of [`LOC_LAST`].
pub(crate) const LOC_LAST_W: u32 = 1 << 6;
/// A word of [`LOC_FIRST`].
pub(crate) const LOC_FIRST_W: u32 = 1 << 7;
/// A word of [`LOC_OF`].
pub(crate) const LOC_OF_W: u32 = 1 << 8;
/// A word of [`OF_HEADS`].
pub(crate) const OF_HEADS_W: u32 = 1 << 9;
/// A word of [`PERSON_AFTER`].
pub(crate) const PERSON_AFTER_W: u32 = 1 << 10;
/// A word of [`LOC_BEFORE`].
pub(crate) const LOC_BEFORE_W: u32 = 1 << 11;
/// A word of [`CONNECTORS`].
pub(crate) const CONNECTOR: u32 = 1 << 12;
/// A word of [`CALENDAR`].
pub(crate) const CALENDAR_W: u32 = 1 << 13;
/// A word of [`INTERJECTIONS`].
pub(crate) const INTERJECTION: u32 = 1 << 14;
/// A word of [`FUNCTION_WORDS`].
pub(crate) const FUNCTION: u32 = 1 << 15;
/// A word of [`EVENT_LAST`].
pub(crate) const EVENT: u32 = 1 << 16;
/// Given names of either list.
pub(crate) const GIVEN: u32 = GIVEN_CORE | GIVEN_CENSUS;
/// Words before `of` that let a name go on through it.
pub(crate) const OF_HEAD: u32 =
    ORG_FIRST_W | ORG_LAST_W | LOC_LAST_W | LOC_FIRST_W | LOC_OF_W | OF_HEADS_W;

/// The flags of the large lists (given names, common English words): only the table of
/// [`lexicon`] with `names` has them.
pub(crate) const NAME_LISTS: u32 = GIVEN_CORE | GIVEN_CENSUS | ENGLISH;

/// Every list above, each word with the flags of the lists it is in, so that one lookup per
/// word answers for all of them; with `names`, also the lists of given names and the common
/// English words of `khabar_core::words` (one lookup per word of a run, not two).
pub(crate) fn lexicon(names: bool) -> WordFlags {
    let lists: [(&'static str, u32); 14] = [
        (TITLES, TITLE),
        (ORG_LAST, ORG_LAST_W),
        (ORG_FIRST, ORG_FIRST_W),
        (LOC_LAST, LOC_LAST_W),
        (LOC_FIRST, LOC_FIRST_W),
        (LOC_OF, LOC_OF_W),
        (OF_HEADS, OF_HEADS_W),
        (PERSON_AFTER, PERSON_AFTER_W),
        (LOC_BEFORE, LOC_BEFORE_W),
        (CONNECTORS, CONNECTOR),
        (CALENDAR, CALENDAR_W),
        (INTERJECTIONS, INTERJECTION),
        (FUNCTION_WORDS, FUNCTION),
        (EVENT_LAST, EVENT),
    ];
    let census = CENSUS_GIVEN_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_ascii_whitespace)
        .map(|w| (w, GIVEN_CENSUS));
    let small = lists
        .into_iter()
        .flat_map(|(list, flag)| list.split_ascii_whitespace().map(move |w| (w, flag)));
    if !names {
        return WordFlags::new(small);
    }
    WordFlags::new(
        small
            .chain(census)
            .chain(given_names().map(|w| (w, GIVEN_CORE)))
            .chain(english_words().map(|w| (w, ENGLISH))),
    )
}
