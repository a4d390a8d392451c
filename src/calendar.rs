//! The calendar of the law, used by the validate stage for the protokoll:
//! Swedish public holidays (lag 1989:253 om allmänna helgdagar), working
//! days, and the deadlines of Kommunallagen counted as lag (1930:173) om
//! beräkning av lagstadgad tid says: in calendar days, and when the last
//! day of a period falls on a Saturday, a Sunday, a public holiday,
//! midsommarafton, julafton or nyårsafton, the period runs to the next
//! working day.
//!
//! No maintained crate covers this (the one Swedish holiday crate was last
//! released in 2022 against an old chrono-tz), and the rules fit in a page.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of a year (the anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
}

/// The first `weekday` on or after `from`.
fn weekday_from(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Days::new(ahead.into())
}

/// The name of the public holiday (or the eve treated as one) on `date`.
pub fn holiday(date: NaiveDate) -> Option<&'static str> {
    let year = date.year();
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("a real date");
    let easter = easter_sunday(year);
    let midsummer_day = weekday_from(ymd(6, 20), Weekday::Sat);
    let all_saints = weekday_from(ymd(10, 31), Weekday::Sat);
    let fixed = [
        (ymd(1, 1), "nyårsdagen"),
        (ymd(1, 6), "trettondedag jul"),
        (easter - Days::new(2), "långfredagen"),
        (easter, "påskdagen"),
        (easter + Days::new(1), "annandag påsk"),
        (ymd(5, 1), "första maj"),
        (easter + Days::new(39), "Kristi himmelsfärdsdag"),
        (easter + Days::new(49), "pingstdagen"),
        (ymd(6, 6), "Sveriges nationaldag"),
        (midsummer_day - Days::new(1), "midsommarafton"),
        (midsummer_day, "midsommardagen"),
        (all_saints, "alla helgons dag"),
        (ymd(12, 24), "julafton"),
        (ymd(12, 25), "juldagen"),
        (ymd(12, 26), "annandag jul"),
        (ymd(12, 31), "nyårsafton"),
    ];
    fixed
        .into_iter()
        .find(|(day, _)| *day == date)
        .map(|(_, name)| name)
}

/// Why `date` is not a working day, or `None` when it is one.
pub fn non_working(date: NaiveDate) -> Option<&'static str> {
    match date.weekday() {
        Weekday::Sat => Some("en lördag"),
        Weekday::Sun => Some("en söndag"),
        _ => holiday(date),
    }
}

/// The first working day on or after `date`.
pub fn working_day_from(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    while non_working(day).is_some() {
        day = day + Days::new(1);
    }
    day
}

/// The first working day after `date`.
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    working_day_from(date + Days::new(1))
}

/// The last day of a period of `days` calendar days from `start`, moved to
/// the next working day when it is not one (lag 1930:173).
pub fn deadline(start: NaiveDate, days: u64) -> NaiveDate {
    working_day_from(start + Days::new(days))
}

/// The last Sunday of a month (summer time begins and ends on one).
pub fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("the first of a month is a real date");
    let mut day = first_of_next.pred_opt().expect("a month has a last day");
    while day.weekday() != Weekday::Sun {
        day = day.pred_opt().expect("a month has a Sunday");
    }
    day
}

/// A moment in UTC as Swedish time: CET (UTC+1), and CEST (UTC+2) from
/// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October, as in all of the EU.
pub fn swedish_time(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let year = utc.date().year();
    let switch = |month| {
        last_sunday(year, month)
            .and_hms_opt(1, 0, 0)
            .expect("01:00 exists")
    };
    let hours = if utc >= switch(3) && utc < switch(10) {
        2
    } else {
        1
    };
    utc + chrono::Duration::hours(hours)
}

/// The offset of Swedish time on a day in ISO 8601: "+02:00" in summer
/// time (from the last Sunday of March to the last Sunday of October),
/// else "+01:00". For a time of day, not for the hour of the switch.
pub fn offset_on(day: NaiveDate) -> &'static str {
    let summer = day >= last_sunday(day.year(), 3) && day < last_sunday(day.year(), 10);
    if summer { "+02:00" } else { "+01:00" }
}

/// A Swedish wall time with its offset: `2026-11-12T13:30:00+01:00`.
pub fn iso_local(local: chrono::NaiveDateTime) -> String {
    format!(
        "{}{}",
        local.format("%Y-%m-%dT%H:%M:%S"),
        offset_on(local.date())
    )
}

/// A moment in UTC as Swedish time with its offset, exact at the switches.
pub fn iso_from_utc(utc: chrono::NaiveDateTime) -> String {
    let local = swedish_time(utc);
    let hours = (local - utc).num_hours();
    format!("{}+{hours:02}:00", local.format("%Y-%m-%dT%H:%M:%S"))
}

/// Hours and minutes of a clock time.
pub type Clock = (u32, u32);

/// A clock time as a sammanträde gives it, "13:30" or "9.00", and its end
/// when it gives one: "13:30–16:00", "9.00 - 11.45". Hours and minutes.
pub fn clock_span(time: &str) -> Option<(Clock, Option<Clock>)> {
    let clock = |text: &str| -> Option<Clock> {
        let (hour, minute) = text.trim().split_once([':', '.'])?;
        let hour: u32 = hour.trim().parse().ok()?;
        let minute: u32 = minute.trim().get(..2)?.parse().ok()?;
        (hour < 24 && minute < 60).then_some((hour, minute))
    };
    match time.split_once(['–', '-', '—']) {
        Some((start, end)) => {
            let start = clock(start)?;
            Some((start, clock(end).filter(|end| *end > start)))
        }
        None => Some((clock(time)?, None)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_spans() {
        assert_eq!(clock_span("13:30"), Some(((13, 30), None)));
        assert_eq!(clock_span("9.00 - 11.45"), Some(((9, 0), Some((11, 45)))));
        assert_eq!(clock_span("13:30–16:00"), Some(((13, 30), Some((16, 0)))));
        // An end before the start is no end.
        assert_eq!(clock_span("13:30–12:00"), Some(((13, 30), None)));
        assert_eq!(clock_span("eftermiddag"), None);
        assert_eq!(clock_span(""), None);
    }

    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_dates() {
        for (year, day) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), d(day), "{year}");
        }
    }

    #[test]
    fn swedish_time_follows_summer_time() {
        let utc = |t: &str| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap();
        let local = |t: &str| swedish_time(utc(t)).format("%Y-%m-%d %H:%M").to_string();
        assert_eq!(local("2026-11-19 23:30"), "2026-11-20 00:30");
        assert_eq!(local("2026-07-01 22:10"), "2026-07-02 00:10");
        // 2026: summer time from 29 March to 25 October, both at 01:00 UTC.
        assert_eq!(local("2026-03-29 00:59"), "2026-03-29 01:59");
        assert_eq!(local("2026-03-29 01:00"), "2026-03-29 03:00");
        assert_eq!(local("2026-10-25 00:59"), "2026-10-25 02:59");
        assert_eq!(local("2026-10-25 01:00"), "2026-10-25 02:00");
        assert_eq!(last_sunday(2026, 12), d("2026-12-27"));
        // The hour after the switch in October is summer time by the date
        // but not by the clock.
        assert_eq!(
            iso_from_utc(utc("2026-10-25 00:30")),
            "2026-10-25T02:30:00+02:00"
        );
        assert_eq!(
            iso_from_utc(utc("2026-10-25 01:30")),
            "2026-10-25T02:30:00+01:00"
        );
        assert_eq!(
            iso_local(utc("2026-07-01 09:00")),
            "2026-07-01T09:00:00+02:00"
        );
    }

    #[test]
    fn holidays_of_2026() {
        assert_eq!(holiday(d("2026-04-03")), Some("långfredagen"));
        assert_eq!(holiday(d("2026-05-14")), Some("Kristi himmelsfärdsdag"));
        assert_eq!(holiday(d("2026-06-19")), Some("midsommarafton"));
        assert_eq!(holiday(d("2026-06-20")), Some("midsommardagen"));
        assert_eq!(holiday(d("2026-10-31")), Some("alla helgons dag"));
        assert_eq!(holiday(d("2026-12-24")), Some("julafton"));
        assert_eq!(holiday(d("2026-11-12")), None);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // Friday 2026-12-11 → Monday 2026-12-14.
        assert_eq!(next_working_day(d("2026-12-11")), d("2026-12-14"));
        // Wednesday 2026-12-23 → julafton, juldagen, annandag, weekend → Monday 28th.
        assert_eq!(next_working_day(d("2026-12-23")), d("2026-12-28"));
        assert_eq!(next_working_day(d("2026-11-19")), d("2026-11-20"));
    }

    #[test]
    fn deadlines_move_past_non_working_days() {
        // 14 days after Thursday 2026-11-12 is Thursday 2026-11-26.
        assert_eq!(deadline(d("2026-11-12"), 14), d("2026-11-26"));
        // Two days after Thursday 2026-12-10 is Saturday: Monday 14th.
        assert_eq!(deadline(d("2026-12-10"), 2), d("2026-12-14"));
        // Three weeks after 2026-12-03 is julafton: Monday 28th.
        assert_eq!(deadline(d("2026-12-03"), 21), d("2026-12-28"));
    }
}
