//! Table-driven tests: each case is one text, an anchor and the expected matches as
//! `(extent, type, value)`. All sentences are written for these tests.

use super::*;

#[track_caller]
fn check(text: &str, dct: Option<&str>, want: &[(&str, &str, &str)]) {
    let n = DateNormalizer::builder().build();
    let dct = dct.map(|d| d.parse::<Date>().unwrap());
    let got: Vec<(&str, &str, String)> = n
        .find_iter(text, dct)
        .map(|m| (&text[m.span.range()], m.timex_type.as_str(), m.value))
        .collect();
    let want: Vec<(&str, &str, String)> = want
        .iter()
        .map(|&(a, b, c)| (a, b, c.to_string()))
        .collect();
    assert_eq!(got, want, "in {text:?}");
}

/// A Thursday.
const D: Option<&str> = Some("2021-11-04");

#[test]
fn absolute_dates() {
    check(
        "He came on December 19, 2022.",
        D,
        &[("December 19, 2022", "DATE", "2022-12-19")],
    );
    check(
        "Filed on 08 January 2023 in Peshawar.",
        D,
        &[("08 January 2023", "DATE", "2023-01-08")],
    );
    check(
        "It was signed Nov. 8, 2021, in Kabul.",
        D,
        &[("Nov. 8, 2021", "DATE", "2021-11-08")],
    );
    check(
        "Posted 2022-05-10 by staff.",
        D,
        &[("2022-05-10", "DATE", "2022-05-10")],
    );
    check(
        "The hearing is on 19/12/2022.",
        D,
        &[("19/12/2022", "DATE", "2022-12-19")],
    );
    check(
        "The hearing is on 05/06/2022.",
        D,
        &[("05/06/2022", "DATE", "2022-06-05")],
    );
    check(
        "The law passed in June 2014 was repealed.",
        D,
        &[("June 2014", "DATE", "2014-06")],
    );
    check(
        "They met on the 3rd of March, 2020.",
        D,
        &[("3rd of March, 2020", "DATE", "2020-03-03")],
    );
    check(
        "Fighting began on Sept. 22.",
        D,
        &[("Sept. 22", "DATE", "2021-09-22")],
    );
    check(
        "He was born on April 21 in Swat.",
        D,
        &[("April 21", "DATE", "2021-04-21")],
    );
}

#[test]
fn partial_dates_and_years() {
    check(
        "The group was founded in 2007 in the tribal areas.",
        D,
        &[("2007", "DATE", "2007")],
    );
    check(
        "Since 2018 the area has been calm.",
        D,
        &[("2018", "DATE", "2018")],
    );
    check(
        "The Taliban took power in August.",
        D,
        &[("August", "DATE", "2021-08")],
    );
    check(
        "Refugees arrived in the 1990s.",
        D,
        &[("the 1990s", "DATE", "199")],
    );
    check(
        "Exports should recover by mid-2022.",
        D,
        &[("mid-2022", "DATE", "2022")],
    );
    check(
        "It happened in June 2014. In December that year, the school was attacked.",
        D,
        &[
            ("June 2014", "DATE", "2014-06"),
            ("December that year", "DATE", "2014-12"),
        ],
    );
    check(
        "It was the worst year of the 20th century.",
        D,
        &[("the 20th century", "DATE", "19")],
    );
    check(
        "Results for fiscal 1998 were weak.",
        D,
        &[("fiscal 1998", "DATE", "1998")],
    );
    check(
        "Sales in the first quarter rose.",
        D,
        &[("the first quarter", "DATE", "2021-Q1")],
    );
    check(
        "The third-quarter loss widened.",
        D,
        &[("third-quarter", "DATE", "2021-Q3")],
    );
    check(
        "The march on Islamabad began in nineteen ninety-six.",
        D,
        &[("nineteen ninety-six", "DATE", "1996")],
    );
}

#[test]
fn relative_dates() {
    check(
        "Talks resumed last month.",
        D,
        &[("last month", "DATE", "2021-10")],
    );
    check(
        "Talks resumed last week.",
        D,
        &[("last week", "DATE", "2021-W43")],
    );
    check(
        "Talks will resume next year.",
        D,
        &[("next year", "DATE", "2022")],
    );
    check(
        "He arrived yesterday and leaves tomorrow.",
        D,
        &[
            ("yesterday", "DATE", "2021-11-03"),
            ("tomorrow", "DATE", "2021-11-05"),
        ],
    );
    check(
        "The minister spoke on Monday.",
        D,
        &[("Monday", "DATE", "2021-11-01")],
    );
    check(
        "The minister will speak on Monday.",
        D,
        &[("Monday", "DATE", "2021-11-08")],
    );
    check(
        "Attacks rose last November.",
        D,
        &[("last November", "DATE", "2020-11")],
    );
    check(
        "Troops left two weeks ago.",
        D,
        &[("two weeks ago", "DATE", "2021-W42")],
    );
    check("He is now in Kabul.", D, &[("now", "DATE", "PRESENT_REF")]);
    check(
        "Violence has grown in recent weeks.",
        D,
        &[("recent weeks", "DATE", "PAST_REF")],
    );
    check(
        "Earlier this year the group split.",
        D,
        &[("Earlier this year", "DATE", "2021")],
    );
    check(
        "It will happen early next year.",
        D,
        &[("early next year", "DATE", "2022")],
    );
    check(
        "Prices rose this week.",
        D,
        &[("this week", "DATE", "2021-W44")],
    );
    check(
        "Officials met on the same day. Talks ended on October 1 and resumed the same day.",
        D,
        &[
            ("the same day", "DATE", "XXXX-XX-XX"),
            ("October 1", "DATE", "2021-10-01"),
            ("the same day", "DATE", "2021-10-01"),
        ],
    );
    check(
        "Attacks fell last fall.",
        D,
        &[("last fall", "DATE", "2020-FA")],
    );
    check(
        "Profit fell from a year earlier.",
        D,
        &[("a year earlier", "DATE", "2020")],
    );
    check(
        "He spoke this morning.",
        D,
        &[("this morning", "TIME", "2021-11-04TMO")],
    );
}

#[test]
fn durations_and_sets() {
    check(
        "The 14-year insurgency goes on.",
        D,
        &[("14-year", "DURATION", "P14Y")],
    );
    check(
        "The truce lasted 20 days.",
        D,
        &[("20 days", "DURATION", "P20D")],
    );
    check(
        "The truce lasted two weeks.",
        D,
        &[("two weeks", "DURATION", "P2W")],
    );
    check(
        "He waited a year and a half.",
        D,
        &[("a year and a half", "DURATION", "P18M")],
    );
    check(
        "Violence rose over the past three years.",
        D,
        &[("the past three years", "DURATION", "P3Y")],
    );
    check(
        "A month-long ceasefire began.",
        D,
        &[("month-long", "DURATION", "P1M")],
    );
    check(
        "The siege lasted for more than four hours.",
        D,
        &[("more than four hours", "DURATION", "PT4H")],
    );
    check(
        "The committee meets annually.",
        D,
        &[("annually", "SET", "P1Y")],
    );
    check(
        "The shura meets every Monday.",
        D,
        &[("every Monday", "SET", "XXXX-WXX-1")],
    );
    check(
        "It costs $5 million a year.",
        D,
        &[("a year", "SET", "P1Y")],
    );
    check("He spoke for 2 mins.", D, &[("2 mins", "DURATION", "PT2M")]);
    check("The 14-year-old boy was hurt.", D, &[]);
}

#[test]
fn times() {
    check(
        "The blast came at 9:09 a.m. EDT on Tuesday.",
        D,
        &[
            ("9:09 a.m. EDT", "TIME", "2021-11-02T09:09"),
            ("Tuesday", "DATE", "2021-11-02"),
        ],
    );
    check(
        "Officials arrive on Friday.",
        D,
        &[("Friday", "DATE", "2021-11-05")],
    );
    check(
        "Polls close at 10 p.m. Wednesday.",
        D,
        &[("10 p.m. Wednesday", "TIME", "2021-11-03T22:00")],
    );
    check(
        "Gunmen struck on Monday night.",
        D,
        &[("Monday night", "DATE", "2021-11-01TNI")],
    );
    check(
        "They left at noon.",
        D,
        &[("noon", "TIME", "2021-11-04T12:00")],
    );
}

#[test]
fn without_anchor() {
    check(
        "The minister spoke on Monday.",
        None,
        &[("Monday", "DATE", "XXXX-WXX-1")],
    );
    check(
        "Yoga Day falls on a Monday.",
        None,
        &[
            ("Yoga Day", "DATE", "XXXX-06-21"),
            ("Monday", "DATE", "XXXX-WXX-1"),
        ],
    );
    check(
        "Talks resumed last month.",
        None,
        &[("last month", "DATE", "XXXX-XX")],
    );
    check(
        "He left on July 20.",
        None,
        &[("July 20", "DATE", "XXXX-07-20")],
    );
    check(
        "Violence has grown in recent weeks.",
        None,
        &[("recent weeks", "DATE", "PAST_REF")],
    );
    check(
        "It was hot this year.",
        None,
        &[("this year", "DATE", "XXXX")],
    );
}

#[test]
fn negatives() {
    let none: &[(&str, &str, &str)] = &[];
    for text in [
        "You may go home.",
        "Protesters march on the capital.",
        "May I ask a question?",
        "They will March toward the city.",
        "Sat down with Jan and her sister.",
        "He flew to Augusta for the game.",
        "He finished second in the race.",
        "The shop sold 1,000 phones.",
        "It costs $2014 in total.",
        "Figures: 10,00 2 and 3.",
        "See page 2014 of the report.",
        "He ranked 1st and 2nd.",
        "Rs 2019 was paid in cash.",
        "Some 2000 people gathered.",
        "April Smith wrote the story.",
        "A soon-to-be minister spoke as soon as possible.",
        "The recent attack was condemned.",
        "Previously unknown groups joined.",
        "The second man fled.",
        "It is 20 percent higher.",
        "Call 2021 3456 now.",
        "Under Resolution 1973 and Article 2014 of the code.",
        "The 9/11 attacks and COVID-19 changed policy.",
        "Add 1/2 cup of sugar and 3 1/2 cups of flour.",
        "The score was 3:1 at half time, Mr. Khan said.",
        "They sold Christmas trees and Christmas cards near Easter Island.",
        "New Year resolutions rarely last; a new election day was not set.",
        "The New York office opened a new year-round branch.",
        "The H1N1 strain and the Q3X model.",
        "Prices rose 2 to 3 percent; he ran 5 or 6 laps.",
        "After the fall of Kabul the Arab Spring was recalled; the spring broke.",
        "The long term plan has ten more people.",
        "Version 3.14.2021a shipped; growth was 2.5.",
        "Troops killed 4 in the morning raid.",
        "He spoke on the day before the vote.",
        "The actor Kamal Eid met Mohammed Eid in Cairo.",
        "Thousands joined the Azadi March and the Women's March.",
        "The annual March for Life and the March of the Mothers drew crowds.",
        "Protesters March On Capitol.",
        "May one ask why? Theresa May said no.",
        "They said the march - May be the end.",
    ] {
        let got: Vec<String> = DateNormalizer::builder()
            .build()
            .find_iter(text, None)
            .filter(|m| m.value != "PRESENT_REF")
            .map(|m| text[m.span.range()].to_string())
            .collect();
        assert!(got.is_empty(), "false positives {got:?} in {text:?}");
    }
    check("", D, none);
}

#[test]
fn tense_and_extents() {
    check(
        "Mr. Rahim will take over from Ali K. Shah Jan. 10, officials said.",
        D,
        &[("Jan. 10", "DATE", "2022-01-10")],
    );
    check(
        "The cabinet could meet as soon as Tuesday.",
        D,
        &[("Tuesday", "DATE", "2021-11-09")],
    );
    check(
        "Traders were planning to close the market on Monday.",
        D,
        &[("Monday", "DATE", "2021-11-08")],
    );
    check(
        "The paper wrote on Saturday, October 30: the talks must go on.",
        D,
        &[("Saturday, October 30", "DATE", "2021-10-30")],
    );
    check(
        "The siege lasted 2 1/2 years; the raid took 5 1/2 hours.",
        D,
        &[
            ("2 1/2 years", "DURATION", "P2Y6M"),
            ("5 1/2 hours", "DURATION", "PT5H30M"),
        ],
    );
    check(
        "Polling closes on Friday evening.",
        D,
        &[("Friday evening", "DATE", "2021-11-05TEV")],
    );
}

#[test]
fn story_anaphora() {
    check(
        "The jirga met on October 12. The following week the army withdrew.",
        D,
        &[
            ("October 12", "DATE", "2021-10-12"),
            ("The following week", "DATE", "2021-W42"),
        ],
    );
    check(
        "Talks opened in June 2014. The following month they collapsed.",
        D,
        &[
            ("June 2014", "DATE", "2014-06"),
            ("The following month", "DATE", "2014-07"),
        ],
    );
    check(
        "The convoy left on October 30 and was attacked the next morning.",
        D,
        &[
            ("October 30", "DATE", "2021-10-30"),
            ("the next morning", "DATE", "2021-10-31TMO"),
        ],
    );
    check(
        "Envoys arrived the day before yesterday, the day before last Tuesday.",
        D,
        &[
            ("the day before yesterday", "DATE", "2021-11-02"),
            ("the day before last Tuesday", "DATE", "2021-11-01"),
        ],
    );
    // No date in the story yet: the day stays unresolved rather than guessed from the DCT.
    check(
        "The next day, the talks resumed.",
        D,
        &[("The next day", "DATE", "XXXX-XX-XX")],
    );
    // TimeBank marks "three days later" as a duration without "later".
    check(
        "The truce began on October 1. Three days later it broke down.",
        D,
        &[
            ("October 1", "DATE", "2021-10-01"),
            ("Three days", "DURATION", "P3D"),
        ],
    );
}

#[test]
fn holidays() {
    check(
        "Shops closed for Eid al-Fitr and again for Eid-ul-Azha.",
        Some("2022-07-20"),
        &[
            ("Eid al-Fitr", "DATE", "2022-05-03"),
            ("Eid-ul-Azha", "DATE", "2022-07-10"),
        ],
    );
    check(
        "The ceasefire announced before Eid held.",
        Some("2021-05-20"),
        &[("Eid", "DATE", "2021-05-13")],
    );
    check(
        "Eid al-Adha fell early that year.",
        None,
        &[("Eid al-Adha", "DATE", "XXXX-XX-XX")],
    );
    check(
        "Markets reopened after Christmas and before New Year's Day.",
        Some("2022-01-10"),
        &[
            ("Christmas", "DATE", "2021-12-25"),
            ("New Year's Day", "DATE", "2022-01-01"),
        ],
    );
    check(
        "Pilgrims came for Easter Sunday.",
        Some("2000-04-25"),
        &[("Easter Sunday", "DATE", "2000-04-23")],
    );
    check(
        "Voters go to the polls on Election Day.",
        Some("1998-10-26"),
        &[("Election Day", "DATE", "1998-11-03")],
    );
    check(
        "Bookings for the week of March 6 are full.",
        Some("2000-02-24"),
        &[("the week of March 6", "DATE", "2000-W10")],
    );
    check(
        "He said the assembly would vote on Monday.",
        D,
        &[("Monday", "DATE", "2021-11-08")],
    );
}

#[test]
fn quarters_and_spans() {
    check(
        "Output fell in Q3 2021 and again in Q2.",
        D,
        &[("Q3 2021", "DATE", "2021-Q3"), ("Q2", "DATE", "2021-Q2")],
    );
    check(
        "The FY2022-23 budget follows the 2021-22 outlay and FY21 accounts.",
        D,
        &[
            ("FY2022-23", "DATE", "2022"),
            ("2021-22", "DATE", "2021"),
            ("FY21", "DATE", "2021"),
        ],
    );
    check(
        "Repairs will take two to three weeks, the plan the next 12 to 18 months.",
        D,
        &[
            ("two to three weeks", "DURATION", "PXW"),
            ("the next 12 to 18 months", "DURATION", "PXM"),
        ],
    );
    check(
        "Talks may take one to two years.",
        D,
        &[("one to two years", "DURATION", "PXY")],
    );
}

#[test]
fn seasons_and_vague_future() {
    check(
        "Orders slumped over the summer and picked up in the early winter of 2020.",
        D,
        &[
            ("the summer", "DATE", "2021-SU"),
            ("the early winter of 2020", "DATE", "2020-WI"),
        ],
    );
    check(
        "Prices are going to rise in the spring.",
        D,
        &[("the spring", "DATE", "2022-SP")],
    );
    check(
        "Margins will be thin in the near term; the rest waits for a later date.",
        D,
        &[
            ("the near term", "DATE", "FUTURE_REF"),
            ("a later date", "DATE", "FUTURE_REF"),
        ],
    );
    check(
        "The mission needs two more weeks and an additional year of funds.",
        D,
        &[
            ("two more weeks", "DURATION", "P2W"),
            ("an additional year", "DURATION", "P1Y"),
        ],
    );
}

#[test]
fn south_asian_formats() {
    check(
        "The jirga met on Tuesday (November 2) and again on 9.11.2021.",
        D,
        &[
            ("Tuesday", "DATE", "2021-11-02"),
            ("November 2", "DATE", "2021-11-02"),
            ("9.11.2021", "DATE", "2021-11-09"),
        ],
    );
    check(
        "The blast came at 4 in the morning; the curfew ends at 11 at night.",
        D,
        &[
            ("4 in the morning", "TIME", "2021-11-04T04:00"),
            ("11 at night", "TIME", "2021-11-04T23:00"),
        ],
    );
    check(
        "Talks this weekend may decide the truce.",
        D,
        &[("this weekend", "DATE", "2021-W44-WE")],
    );
    check(
        "The curfew starts at 1400 hours.",
        D,
        &[("1400 hours", "TIME", "2021-11-04T14:00")],
    );
}

#[test]
fn bare_march_and_may() {
    check(
        "Sales rose in February and March, and in April or May.",
        D,
        &[
            ("February", "DATE", "2021-02"),
            ("March", "DATE", "2021-03"),
            ("April", "DATE", "2021-04"),
            ("May", "DATE", "2021-05"),
        ],
    );
    check(
        "The company said its March sales rose; the March index fell.",
        D,
        &[("March", "DATE", "2021-03"), ("March", "DATE", "2021-03")],
    );
    check(
        "In March one of the men died.",
        D,
        &[("March", "DATE", "2021-03")],
    );
    check(
        "The company's year ended March, the bank said.",
        D,
        &[("March", "DATE", "2021-03")],
    );
    check(
        "Unemployment was 6 pct at end-March; it will fall by end-2022.",
        D,
        &[
            ("end-March", "DATE", "2021-03"),
            ("end-2022", "DATE", "2022"),
        ],
    );
    check(
        "The dividend is payable May one to holders of record April Three.",
        D,
        &[
            ("May one", "DATE", "2021-05-01"),
            ("April Three", "DATE", "2021-04-03"),
        ],
    );
}

#[test]
fn tense_of_plans_and_deadlines() {
    // D is Thursday 2021-11-04.
    check(
        "The firm must repay the loan by February; sales rose in February.",
        D,
        &[
            ("February", "DATE", "2022-02"),
            ("February", "DATE", "2021-02"),
        ],
    );
    check(
        "He will stay in custody until Monday. By Monday, the toll had risen. He stayed until Monday.",
        D,
        &[
            ("Monday", "DATE", "2021-11-08"),
            ("Monday", "DATE", "2021-11-01"),
            ("Monday", "DATE", "2021-11-01"),
        ],
    );
    check(
        "Talks resume Monday. The panel meets on Thursday. The start Monday was slow.",
        D,
        &[
            ("Monday", "DATE", "2021-11-08"),
            ("Thursday", "DATE", "2021-11-04"),
            ("Monday", "DATE", "2021-11-01"),
        ],
    );
    check(
        "It had been due to expire Monday evening.",
        D,
        &[("Monday evening", "DATE", "2021-11-01TEV")],
    );
    check(
        "The offer had been scheduled to expire at midnight Monday.",
        D,
        &[("midnight Monday", "TIME", "2021-11-01T24")],
    );
    check(
        "The index fell from the previous Friday. He left a week or so ago.",
        D,
        &[
            ("the previous Friday", "DATE", "2021-10-22"),
            ("a week or so ago", "DATE", "2021-W43"),
        ],
    );
    check(
        "On Oct. 13 the market fell; it rose the following Monday.",
        D,
        &[
            ("Oct. 13", "DATE", "2021-10-13"),
            ("the following Monday", "DATE", "2021-10-18"),
        ],
    );
}

#[test]
fn day_of_month_ordinals() {
    // D is Thursday 2021-11-04.
    check(
        "The curfew will be lifted on the 15th of this month, and rent is due on the 1st of next month.",
        D,
        &[
            ("the 15th of this month", "DATE", "2021-11-15"),
            ("the 1st of next month", "DATE", "2021-12-01"),
        ],
    );
    check(
        "It began on the 3rd. The strike started on the 28th, he said. It ends on the 28th.",
        D,
        &[
            ("the 3rd", "DATE", "2021-11-03"),
            ("the 28th", "DATE", "2021-10-28"),
            ("the 28th", "DATE", "2021-11-28"),
        ],
    );
    check(
        "It began on the 3rd.",
        None,
        &[("the 3rd", "DATE", "XXXX-XX-03")],
    );
    check(
        "The group said its fighters would resume attacks from October 10. They will meet on October 10.",
        D,
        &[
            ("October 10", "DATE", "2021-10-10"),
            ("October 10", "DATE", "2022-10-10"),
        ],
    );
    check("The 3rd Battalion left on the 5th floor.", D, &[]);
}

#[test]
fn iso_timestamps() {
    check(
        "Posted 2022-11-28T12:45:00+05:00, edited 2022-11-28T07:45:00.000Z.",
        D,
        &[
            ("2022-11-28T12:45:00+05:00", "TIME", "2022-11-28T12:45"),
            ("2022-11-28T07:45:00.000Z", "TIME", "2022-11-28T07:45"),
        ],
    );
    check(
        "Not a clock: 2022-11-28T25:99.",
        D,
        &[("2022-11-28", "DATE", "2022-11-28")],
    );
}

#[test]
fn month_ranges() {
    // The second month takes the year of the first.
    check(
        "Prices were set for August through January, and exports rose in October/December.",
        D,
        &[
            ("August", "DATE", "2021-08"),
            ("January", "DATE", "2022-01"),
            ("October", "DATE", "2021-10"),
            ("December", "DATE", "2021-12"),
        ],
    );
}

#[test]
fn weekly_figures() {
    check(
        "The index for the week ended Oct 28 rose; reserves in the week to Oct. 22 fell.",
        D,
        &[
            ("the week ended Oct 28", "DATE", "2021-W43"),
            ("the week to Oct. 22", "DATE", "2021-W42"),
        ],
    );
}

#[test]
fn fiscal_years() {
    check(
        "Revenue fell during the last fiscal year; the fiscal year 2021-22 budget and next fiscal year's.",
        D,
        &[
            ("the last fiscal year", "DATE", "2020"),
            ("the fiscal year 2021-22", "DATE", "2021"),
            ("next fiscal year", "DATE", "2022"),
        ],
    );
}

#[test]
fn spoken_years() {
    check(
        "It began in January nineteen ninety-seven, after the winter of nineteen ninety-four.",
        D,
        &[
            ("January nineteen ninety-seven", "DATE", "1997-01"),
            ("the winter of nineteen ninety-four", "DATE", "1994-WI"),
        ],
    );
}

#[test]
fn telegraphic_ago() {
    check(
        "Receipts were 128,000 head versus 129,000 week ago; the year ago period was weaker.",
        D,
        &[
            ("week ago", "DATE", "2021-W43"),
            ("year ago", "DATE", "2020"),
        ],
    );
}

#[test]
fn wrapped_lines() {
    // Hard-wrapped wire copy: a single newline after a long line is a space.
    let wire = "The oil company said it set March\n26 as the record date for holders\n\
                entitled to vote at its April 30 annual\nmeeting, and that the board had\n\
                approved the plan.\n";
    check(
        wire,
        D,
        &[
            ("March\n26", "DATE", "2021-03-26"),
            ("April 30", "DATE", "2021-04-30"),
        ],
    );
    // A page with a paragraph on each line is not wrapped: a line's end ends the phrase.
    check(
        "Published: November 28th, 2021 at 3:15 PM\nTuesday 29 November 2021 was the day.\n",
        D,
        &[
            ("November 28th, 2021", "DATE", "2021-11-28"),
            ("3:15 PM", "TIME", "2021-11-28T15:15"),
            ("Tuesday 29 November 2021", "DATE", "2021-11-29"),
        ],
    );
    // In wrapped text, a blank line still ends the phrase.
    check(
        "The talks, the officials said, resumed in March\n\n26 people were hurt in the attacks that\n\
         followed, the police said in a statement\nthat the ministry issued late on\nMonday.\n",
        D,
        &[("March", "DATE", "2021-03"), ("Monday", "DATE", "2021-11-01")],
    );
}

#[test]
fn parse_date() {
    let n = DateNormalizer::builder().build();
    let d = |s: &str| n.parse_date(s).map(|d| d.to_string());
    assert_eq!(d("2022-12-19").as_deref(), Some("2022-12-19"));
    assert_eq!(
        d("2022-12-19T08:30:00+05:00").as_deref(),
        Some("2022-12-19")
    );
    assert_eq!(d("December 19, 2022").as_deref(), Some("2022-12-19"));
    assert_eq!(d(" 08 January 2023 ").as_deref(), Some("2023-01-08"));
    assert_eq!(d("Nov. 8, 2021").as_deref(), Some("2021-11-08"));
    assert_eq!(d("Monday, November 8, 2021").as_deref(), Some("2021-11-08"));
    assert_eq!(d("19/12/2022").as_deref(), Some("2022-12-19"));
    assert_eq!(d("yesterday"), None);
    assert_eq!(d("November 2021"), None);
    assert_eq!(d(""), None);
}

#[test]
fn month_first_option() {
    let n = DateNormalizer::builder()
        .day_month_order(DayMonthOrder::MonthFirst)
        .build();
    let v: Vec<String> = n
        .find_iter("Due 05/06/2022 and 19/12/2022.", None)
        .map(|m| m.value)
        .collect();
    assert_eq!(v, ["2022-05-06", "2022-12-19"]);
}

fn _assert_send_sync() {
    fn f<T: Send + Sync>() {}
    f::<DateNormalizer>();
}
