//! TIMEX3 values and the calendar arithmetic that resolves them against an anchor.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::lex::{Tod, Unit};

/// How much of a unit: a number, a number of tenths (`2.5`) or unspecified (`X`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Amount {
    N(u32),
    Tenths(u32),
    X,
}

/// Marker for an unspecified month or day (`XX`).
pub(crate) const XX: u8 = 99;

/// A TIMEX3 value before formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Val {
    /// `1998`, `1998-02`, `1998-02-06`, `XXXX-06-21`; `m`/`d` 0 = absent, [`XX`] = unknown.
    Date { y: Option<i32>, m: u8, d: u8 },
    /// `1998-W02`, `1998-W02-WE`, `XXXX-WXX`.
    Week { y: Option<i32>, w: u8, we: bool },
    /// `XXXX-WXX-1`, `XXXX-WXX-2TNI`.
    WeekdayX(u8, Option<Tod>),
    /// `1998-Q1`, `XXXX-QX`.
    Quarter { y: Option<i32>, q: u8 },
    /// `1998-H1`.
    Half { y: Option<i32>, h: u8 },
    /// `1998-SU`.
    Season { y: Option<i32>, s: u8 },
    /// `199` for the 1990s.
    Decade(i32),
    /// `19` for the 20th century.
    Century(i32),
    /// `1998-02-06TMO`.
    DayTod {
        y: Option<i32>,
        m: u8,
        d: u8,
        tod: Tod,
    },
    /// `1998-02-06T09:09`.
    Time {
        y: Option<i32>,
        m: u8,
        d: u8,
        h: u8,
        mi: u8,
        /// Written in UTC or GMT: TimeML's `Z`.
        z: bool,
    },
    /// `P3Y`, `PT2H`, `PXD`.
    Dur(Amount, Unit),
    /// `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    Ref(&'static str),
}

impl Val {
    /// A day value from a resolved date.
    pub(crate) fn day(d: Date) -> Val {
        Val::Date {
            y: Some(d.year() as i32),
            m: d.month() as u8,
            d: d.day() as u8,
        }
    }

    /// The date of the value when it names one concrete day.
    pub(crate) fn as_date(&self) -> Option<Date> {
        match *self {
            Val::Date { y: Some(y), m, d }
            | Val::DayTod {
                y: Some(y), m, d, ..
            }
            | Val::Time {
                y: Some(y), m, d, ..
            } if (1..=12).contains(&m) && (1..=31).contains(&d) => ymd(y, m, d),
            _ => None,
        }
    }

    /// Writes the TIMEX3 value.
    pub(crate) fn write(&self, out: &mut String) {
        match *self {
            Val::Date { y, m, d } => write_ymd(out, y, m, d),
            Val::Week { y, w, we } => {
                write_year(out, y);
                if w == 0 || w == XX {
                    out.push_str("-WXX");
                } else {
                    out.push_str("-W");
                    push_num(out, w.into(), 2);
                }
                if we {
                    out.push_str("-WE");
                }
            }
            Val::WeekdayX(d, tod) => {
                out.push_str("XXXX-WXX-");
                push_num(out, d.into(), 1);
                if let Some(t) = tod {
                    out.push('T');
                    out.push_str(t.code());
                }
            }
            Val::Quarter { y, q } => {
                write_year(out, y);
                if q == 0 {
                    out.push_str("-QX");
                } else {
                    out.push_str("-Q");
                    push_num(out, q.into(), 1);
                }
            }
            Val::Half { y, h } => {
                write_year(out, y);
                out.push_str("-H");
                push_num(out, h.into(), 1);
            }
            Val::Season { y, s } => {
                write_year(out, y);
                out.push_str(match s {
                    1 => "-SP",
                    2 => "-SU",
                    3 => "-FA",
                    _ => "-WI",
                });
            }
            Val::Decade(d) => {
                let _ = write!(out, "{d:03}");
            }
            Val::Century(c) => {
                let _ = write!(out, "{c:02}");
            }
            Val::DayTod { y, m, d, tod } => {
                write_ymd(out, y, m, d);
                out.push('T');
                out.push_str(tod.code());
            }
            Val::Time { y, m, d, h, mi, z } => {
                write_ymd(out, y, m, d);
                out.push('T');
                push_num(out, h.into(), 2);
                if mi != 99 {
                    out.push(':');
                    push_num(out, mi.into(), 2);
                }
                if z {
                    out.push('Z');
                }
            }
            Val::Dur(a, u) => write_dur(out, a, u),
            Val::Ref(r) => out.push_str(r),
        }
    }
}

/// Appends `n` in decimal, with leading zeros to `width` digits: what `write!(out,
/// "{n:0width$}")` writes, without the formatting machinery (a value is written per match).
fn push_num(out: &mut String, mut n: u64, width: usize) {
    // The widths of dates and times, digit by digit: each digit is known to be ASCII, one
    // byte pushed.
    let digit = |out: &mut String, n: u64| out.push(char::from(b'0' + (n % 10) as u8));
    match (n, width) {
        (0..=9, 0..=1) => return digit(out, n),
        (0..=99, 2) => {
            digit(out, n / 10);
            return digit(out, n);
        }
        (1000..=9999, 0..=4) | (0..=9999, 4) => {
            digit(out, n / 1000);
            digit(out, n / 100);
            digit(out, n / 10);
            return digit(out, n);
        }
        _ => {}
    }
    let mut buf = [b'0'; 20];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let k = k.min(buf.len() - width.min(buf.len()));
    for &c in &buf[k..] {
        out.push(c as char);
    }
}

fn write_year(out: &mut String, y: Option<i32>) {
    match y {
        Some(y) if (1..=9999).contains(&y) => push_num(out, y as u64, 4),
        // A year before Christ, as TIMEX3 writes it, from the astronomical year (0 is 1 BC):
        // 400 BCE is -399, `BC0400`.
        Some(y) if (-9998..=0).contains(&y) => {
            out.push_str("BC");
            push_num(out, (1 - y) as u64, 4);
        }
        _ => out.push_str("XXXX"),
    }
}

fn write_ymd(out: &mut String, y: Option<i32>, m: u8, d: u8) {
    write_year(out, y);
    for v in [m, d] {
        match v {
            0 => return,
            XX => out.push_str("-XX"),
            v => {
                out.push('-');
                push_num(out, v.into(), 2);
            }
        }
    }
}

fn write_dur(out: &mut String, a: Amount, u: Unit) {
    let time = matches!(u, Unit::Hour | Unit::Minute | Unit::Second);
    out.push('P');
    if time {
        out.push('T');
    }
    let (mul, letter) = match u {
        Unit::Second => (1, 'S'),
        Unit::Minute => (1, 'M'),
        Unit::Hour => (1, 'H'),
        Unit::Day => (1, 'D'),
        Unit::Week => (1, 'W'),
        Unit::Weekend => (2, 'D'),
        Unit::Month => (1, 'M'),
        Unit::Quarter => (1, 'Q'),
        Unit::Year => (1, 'Y'),
        Unit::Decade => (10, 'Y'),
        Unit::Century => (100, 'Y'),
    };
    match a {
        Amount::X => out.push('X'),
        Amount::N(n) => push_num(out, n.saturating_mul(mul).into(), 1),
        Amount::Tenths(t) => {
            let t = u64::from(t.saturating_mul(mul));
            // Prefer a whole number of the next smaller unit: 1.5 years = 18 months.
            let (sub, sub_letter) = match u {
                Unit::Year | Unit::Decade | Unit::Century => (12, 'M'),
                Unit::Hour => (60, 'M'),
                Unit::Minute => (60, 'S'),
                Unit::Day => (24, 'H'),
                _ => (0, ' '),
            };
            // Hours and minutes, and years from two on, keep both units: PT1H30M, P2Y6M.
            let compound = match u {
                Unit::Hour | Unit::Minute => t > 10,
                Unit::Year => t >= 20,
                _ => false,
            };
            if t % 10 == 0 {
                let _ = write!(out, "{}", t / 10);
            } else if compound && ((t % 10) * sub) % 10 == 0 {
                let _ = write!(out, "{}{letter}{}{sub_letter}", t / 10, (t % 10) * sub / 10);
                return;
            } else if sub > 0 && (t * sub) % 10 == 0 {
                if u == Unit::Day {
                    out.push('T');
                }
                let _ = write!(out, "{}{sub_letter}", t * sub / 10);
                return;
            } else {
                let _ = write!(out, "{}.{}", t / 10, t % 10);
            }
        }
    }
    out.push(letter);
}

/// A date from year, month and day, if valid.
pub(crate) fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

/// `d` plus `n` days.
pub(crate) fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

/// `d` plus `n` months (clamped to the month's last day).
pub(crate) fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_months(n).ok()?).ok()
}

/// The ISO week of `d`.
pub(crate) fn iso_week(d: Date) -> (i32, u8) {
    let w = d.iso_week_date();
    (w.year() as i32, w.week() as u8)
}

/// The weekday of `d`, Monday = 1.
pub(crate) fn weekday(d: Date) -> u8 {
    d.weekday().to_monday_one_offset() as u8
}

/// The quarter (1-4) of a month.
pub(crate) fn quarter_of(m: u8) -> u8 {
    (m.saturating_sub(1)) / 3 + 1
}

/// The value of `anchor` shifted by `n` units, at the granularity of the unit.
pub(crate) fn shift(anchor: Option<Date>, u: Unit, n: i64) -> Val {
    let Some(a) = anchor else {
        return match u {
            Unit::Year => Val::Date {
                y: None,
                m: 0,
                d: 0,
            },
            Unit::Month => Val::Date {
                y: None,
                m: XX,
                d: 0,
            },
            Unit::Week => Val::Week {
                y: None,
                w: 0,
                we: false,
            },
            Unit::Weekend => Val::Week {
                y: None,
                w: 0,
                we: true,
            },
            Unit::Quarter => Val::Quarter { y: None, q: 0 },
            _ => Val::Date {
                y: None,
                m: XX,
                d: XX,
            },
        };
    };
    let y = a.year() as i32;
    match u {
        Unit::Year => Val::Date {
            y: Some(y + n as i32),
            m: 0,
            d: 0,
        },
        Unit::Decade => Val::Decade((y + 10 * n as i32).div_euclid(10)),
        Unit::Century => Val::Century((y + 100 * n as i32).div_euclid(100)),
        Unit::Month => match add_months(a, n) {
            Some(d) => Val::Date {
                y: Some(d.year() as i32),
                m: d.month() as u8,
                d: 0,
            },
            None => Val::Date {
                y: None,
                m: XX,
                d: 0,
            },
        },
        Unit::Quarter => {
            let q0 = y * 4 + quarter_of(a.month() as u8) as i32 - 1 + n as i32;
            Val::Quarter {
                y: Some(q0.div_euclid(4)),
                q: (q0.rem_euclid(4) + 1) as u8,
            }
        }
        Unit::Week | Unit::Weekend => match add_days(a, 7 * n) {
            Some(d) => {
                let (y, w) = iso_week(d);
                Val::Week {
                    y: Some(y),
                    w,
                    we: u == Unit::Weekend,
                }
            }
            None => Val::Week {
                y: None,
                w: 0,
                we: u == Unit::Weekend,
            },
        },
        Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
            let days = match u {
                Unit::Day => n,
                _ => 0,
            };
            match add_days(a, days) {
                Some(d) => Val::day(d),
                None => Val::Date {
                    y: None,
                    m: XX,
                    d: XX,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_write_as_format_pads_them() {
        let mut ns: Vec<u64> = (0..12_000).collect();
        ns.extend([99_999, 100_000, u32::MAX.into(), u64::MAX]);
        for n in ns {
            for width in 0..=6 {
                let mut s = String::from("x");
                push_num(&mut s, n, width);
                assert_eq!(s, format!("x{n:0width$}"));
            }
        }
    }

    #[track_caller]
    fn check(v: Val, want: &str) {
        let mut s = String::new();
        v.write(&mut s);
        assert_eq!(s, want);
    }

    #[test]
    fn formats() {
        check(
            Val::Date {
                y: Some(1998),
                m: 2,
                d: 6,
            },
            "1998-02-06",
        );
        check(
            Val::Date {
                y: None,
                m: 6,
                d: 21,
            },
            "XXXX-06-21",
        );
        check(
            Val::Date {
                y: Some(2021),
                m: 0,
                d: 0,
            },
            "2021",
        );
        check(
            Val::Week {
                y: Some(1998),
                w: 2,
                we: false,
            },
            "1998-W02",
        );
        check(
            Val::Week {
                y: Some(1990),
                w: 32,
                we: true,
            },
            "1990-W32-WE",
        );
        check(Val::WeekdayX(1, None), "XXXX-WXX-1");
        check(Val::Decade(199), "199");
        check(Val::Century(19), "19");
        check(Val::Dur(Amount::N(14), Unit::Year), "P14Y");
        check(Val::Dur(Amount::N(2), Unit::Hour), "PT2H");
        check(Val::Dur(Amount::X, Unit::Day), "PXD");
        check(Val::Dur(Amount::Tenths(15), Unit::Year), "P18M");
        check(Val::Dur(Amount::Tenths(15), Unit::Minute), "PT1M30S");
        check(Val::Dur(Amount::Tenths(55), Unit::Hour), "PT5H30M");
        check(Val::Dur(Amount::Tenths(25), Unit::Year), "P2Y6M");
        check(Val::Dur(Amount::N(2), Unit::Decade), "P20Y");
        check(
            Val::Time {
                y: Some(2022),
                m: 12,
                d: 19,
                h: 9,
                mi: 9,
                z: false,
            },
            "2022-12-19T09:09",
        );
    }
}
