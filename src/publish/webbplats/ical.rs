//! Publish stage, calendars: an iCalendar file (RFC 5545) per nämnd and
//! one for all, one event per meeting, so that members and the public can
//! subscribe. Times are Swedish local time with the Europe/Stockholm
//! VTIMEZONE; UIDs and DTSTAMPs come from the content, so a calendar
//! changes only when a meeting does.

use super::{Site, SiteMeeting};

/// A nämnd's calendar, in its folder; the site's is in the root.
pub const CALENDAR_FILE: &str = "kalender.ics";

/// Europe/Stockholm as a VTIMEZONE: CET, with CEST from the last Sunday of
/// March to the last Sunday of October (EU rules since 1996).
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "X-LIC-LOCATION:Europe/Stockholm",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Every calendar of the site.
pub fn calendars(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for namnd in &site.namnder {
        files.push((
            format!("{}/{CALENDAR_FILE}", namnd.folder),
            calendar(
                site,
                &format!("{} sammanträden", namnd.organ.genitiv),
                namnd.meetings.iter().copied(),
            ),
        ));
    }
    files.push((
        CALENDAR_FILE.to_owned(),
        calendar(
            site,
            &format!("Sammanträden i {}", site.settings.organisation),
            site.meetings(),
        ),
    ));
    files
}

/// One calendar of `meetings`.
fn calendar<'a>(
    site: &Site,
    name: &str,
    meetings: impl Iterator<Item = &'a SiteMeeting>,
) -> Vec<u8> {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//kallelse//Sammanträden//SV".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(name)),
        "X-WR-TIMEZONE:Europe/Stockholm".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_owned()));
    for meeting in meetings {
        lines.extend(event(site, meeting));
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out.into_bytes()
}

/// The VEVENT of a meeting.
fn event(site: &Site, meeting: &SiteMeeting) -> Vec<String> {
    let day = meeting.datum.replace('-', "");
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", uid(site, meeting)),
        format!("DTSTAMP:{}T000000Z", stamp(meeting).replace('-', "")),
    ];
    match crate::calendar::clock_span(&meeting.tid) {
        Some(((hour, minute), end)) => {
            lines.push(format!(
                "DTSTART;TZID=Europe/Stockholm:{day}T{hour:02}{minute:02}00"
            ));
            // "13:30–16:00": the calendar shows when the meeting ends.
            if let Some((hour, minute)) = end {
                lines.push(format!(
                    "DTEND;TZID=Europe/Stockholm:{day}T{hour:02}{minute:02}00"
                ));
            }
        }
        None => lines.push(format!("DTSTART;VALUE=DATE:{day}")),
    }
    lines.push(format!(
        "SUMMARY:{}",
        text(&format!("{} sammanträde", meeting.organ.genitiv))
    ));
    if !meeting.plats.trim().is_empty() {
        lines.push(format!("LOCATION:{}", text(meeting.plats.trim())));
    }
    let mut description = vec![if meeting.oppet {
        "Sammanträdet är öppet för allmänheten.".to_owned()
    } else {
        "Sammanträdet är inte öppet för allmänheten.".to_owned()
    }];
    let page = match &meeting.data {
        Some(_) => format!("{}/index.html", meeting.id),
        None => {
            description.push("Kallelsen är inte publicerad ännu.".into());
            format!("{}/index.html", meeting.namnd)
        }
    };
    if let Some(base) = &site.links.base {
        description.push(format!("Handlingar: {base}{page}"));
    }
    lines.push(format!("DESCRIPTION:{}", text(&description.join("\n"))));
    if let Some(base) = &site.links.base {
        lines.push(format!("URL:{base}{page}"));
    }
    lines.push("STATUS:CONFIRMED".into());
    lines.push("TRANSP:OPAQUE".into());
    lines.push("END:VEVENT".into());
    lines
}

/// A stable UID: the meeting's id at the municipality.
fn uid(site: &Site, meeting: &SiteMeeting) -> String {
    format!(
        "{}@{}.kallelse",
        meeting.id.replace('/', "-"),
        crate::conventions::slug(&site.settings.organisation)
    )
}

/// The day the meeting's data last changed: its protokoll, else its
/// kallelse, else (planned) the meeting day.
fn stamp(meeting: &SiteMeeting) -> String {
    let data = meeting.data.as_ref();
    data.and_then(|d| d.results_protocol.as_ref())
        .and_then(|p| p.date.clone())
        .or_else(|| data.and_then(|d| d.invitation.date.clone()))
        .unwrap_or_else(|| meeting.datum.clone())
}

/// A TEXT value: backslash, semicolon, comma and newlines escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line folded at 75 octets (never inside a UTF-8
/// character), ending in CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += size;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        super::fold(&format!("SUMMARY:{}", "ö".repeat(60)), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "ö".repeat(60))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            super::text("Sal B, plan 2; hörnet\\"),
            "Sal B\\, plan 2\\; hörnet\\\\"
        );
    }
}
