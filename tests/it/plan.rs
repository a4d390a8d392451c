//! The nämnd's plan: a realistic överenskommelse (goals with their own
//! numbers, each with an uppföljning table), an uppdrag and an årshjul over
//! a year of meetings (`tests/fixtures/plan`, its expectations in
//! `FORVANTAT.md`), and the example. Every item's id, due meeting and
//! status in text and JSON; the statuses as the days pass; the errors and
//! warnings at their places; `kontrollera`, `status`, `ny ärende
//! --återrapport` and the site.

use serde_json::Value;

use crate::support::{Project, tree};

const NAMND: &str = "content/omsorgsnamnden";
const AVTAL: &str = "content/omsorgsnamnden/2026-01-29/bilagor/overenskommelse-2026.md";
const RAPPORT: &str =
    "content/omsorgsnamnden/2026-04-23/arenden/01-ofrivillig-ensamhet-bland-aldre.yaml";

/// The items of `kallelse plan --format json` on `datum`, by id.
fn items(project: &Project, datum: &str) -> Vec<Value> {
    let run = project
        .run(&["plan", "--format", "json", "--datum", datum])
        .success();
    let json: Value = serde_json::from_str(&run.stdout()).unwrap();
    json["punkter"].as_array().unwrap().clone()
}

/// An item's (due meeting, Slutdatum, status, reporting ärende), with the
/// nämnd's folder left out of the path.
fn item(items: &[Value], id: &str) -> (String, String, String, String) {
    let found = items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} saknas i {items:#?}"));
    let text = |key: &str| match &found[key] {
        Value::String(s) => s.trim_start_matches(&format!("{NAMND}/")).to_owned(),
        Value::Null => "–".to_owned(),
        other => other.to_string(),
    };
    (
        text("sammanträde"),
        text("slutdatum"),
        text("status"),
        text("ärende"),
    )
}

fn row(meeting: &str, slut: &str, status: &str, arende: &str) -> (String, String, String, String) {
    (meeting.into(), slut.into(), status.into(), arende.into())
}

#[test]
fn every_item_of_the_fixture_has_its_id_meeting_and_status() {
    let project = Project::fixture("plan");
    let found = items(&project, "2026-12-03");
    let ids: Vec<&str> = found.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "årshjul:verksamhetsberattelse:2026",
            "ON25/80:4.1.3-1",
            "ON25/80:4.1.4-2",
            "ON25/80:4.1.4-1",
            "ON25/81:uppdrag-1",
            "ON25/80:4.5.2-1",
            "årshjul:delarsrapport-per-augusti:2026",
            "ON25/80:5.5.11-1",
            "årshjul:internkontrollplan:2026",
        ],
        "in meeting order, then by id"
    );
    let ensamhet = "2026-04-23/arenden/01-ofrivillig-ensamhet-bland-aldre.yaml";
    let analys = "2026-06-04/arenden/01-analys-av-hemtjanstens-kostnader.yaml";
    for (id, expected) in [
        (
            "ON25/80:4.1.3-1",
            row("2026-04-23", "2026-04-02", "klar", ensamhet),
        ),
        (
            "ON25/80:4.1.4-1",
            row("2026-06-04", "2026-05-14", "försenad", "–"),
        ),
        // "den 15 maj": no meeting that day, so the first after the Slutdatum.
        (
            "ON25/80:4.1.4-2",
            row("2026-05-28", "2026-04-24", "försenad", "–"),
        ),
        (
            "ON25/80:4.5.2-1",
            row("2026-09-17", "2026-08-26", "försenad", "–"),
        ),
        // No day named: the first meeting after the Slutdatum.
        (
            "ON25/80:5.5.11-1",
            row("2026-10-22", "2026-10-01", "försenad", "–"),
        ),
        ("ON25/81:uppdrag-1", row("2026-06-04", "–", "klar", analys)),
        (
            "årshjul:verksamhetsberattelse:2026",
            row("2026-02-26", "–", "försenad", "–"),
        ),
        (
            "årshjul:delarsrapport-per-augusti:2026",
            row("2026-09-17", "–", "försenad", "–"),
        ),
        (
            "årshjul:internkontrollplan:2026",
            row("2026-12-10", "–", "saknas", "–"),
        ),
    ] {
        assert_eq!(item(&found, id), expected, "{id}");
    }
    let first = &found[1];
    assert_eq!(first["källa"], AVTAL);
    assert_eq!(
        first["rubrik"],
        "Redovisning av arbetet mot ofrivillig ensamhet bland äldre som bor hemma med stöd av hemtjänst"
    );
    assert_eq!(first["preliminär"], false);

    // The same in the text a nämndsekreterare pastes into an e-mail.
    let run = project.run(&["plan", "--datum", "2026-12-03"]).success();
    let text = run.stdout();
    assert!(
        text.starts_with("Omsorgsnämnden: plan för återrapporter\n"),
        "{text}"
    );
    for line in [
        "Sammanträdet 23 april 2026 (hållet)",
        "  klar    ON25/80:4.1.3-1  Redovisning av arbetet mot ofrivillig ensamhet   2026-04-02  2026-01-29/bilagor/overenskommelse-2026.md  2026-04-23/arenden/01-ofrivillig-ensamhet-bland-aldre.yaml",
        "Sammanträdet 10 december 2026",
        "  saknas  årshjul:internkontrollplan:2026  Internkontrollplan  –          arshjul.yaml  –",
        "9 punkter: 2 klara, 0 planerade, 1 saknas, 6 försenade.",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} saknas i\n{text}");
    }
    // The named day without a meeting is a warning at the row.
    assert!(
        run.stderr().contains(&format!("{AVTAL}:37:1")),
        "{}",
        run.stderr()
    );
    // `--år` keeps the year's items; no item is due in 2025.
    let run = project.run(&["plan", "--år", "2025"]).success();
    assert!(run.stdout().contains("Inga punkter att återrapportera."));
}

#[test]
fn statuses_move_as_the_meetings_are_held_and_reported() {
    let project = Project::fixture("plan");
    let status = |datum: &str, id: &str| item(&items(&project, datum), id).2;
    // Before the April meeting its report is planned, the uppdrag's too.
    assert_eq!(status("2026-03-01", "ON25/80:4.1.3-1"), "planerad");
    assert_eq!(status("2026-03-01", "ON25/81:uppdrag-1"), "planerad");
    assert_eq!(status("2026-03-01", "ON25/80:4.5.2-1"), "saknas");
    assert_eq!(status("2026-07-01", "ON25/80:4.1.3-1"), "klar");
    // Saknas until its meeting is held, then försenad.
    let id = "årshjul:verksamhetsberattelse:2026";
    assert_eq!(status("2026-02-26", id), "saknas");
    assert_eq!(status("2026-02-27", id), "försenad");
    // A later meeting reports it: försenad until that meeting is held,
    // then klar. The new ärende still has fields to fill in: the plan
    // reads what it can of it.
    let run = project
        .run(&[
            "ny",
            "ärende",
            "--återrapport",
            id,
            "--sammanträde",
            "2026-10-22",
            "--dnr",
            "ON26/50",
        ])
        .success();
    let created = "content/omsorgsnamnden/2026-10-22/arenden/01-verksamhetsberattelse.yaml";
    assert!(run.stdout().contains(created), "{}", run.stdout());
    let text = project.read(created);
    assert!(text.contains("rubrik: \"Verksamhetsberättelse\""), "{text}");
    assert!(
        text.contains("återrapporterar: [\"årshjul:verksamhetsberattelse:2026\"]"),
        "{text}"
    );
    let found = items(&project, "2026-10-01");
    assert_eq!(
        item(&found, id),
        row(
            "2026-02-26",
            "–",
            "försenad",
            "2026-10-22/arenden/01-verksamhetsberattelse.yaml"
        )
    );
    assert_eq!(status("2026-10-23", id), "klar");
}

#[test]
fn an_unknown_id_is_an_error_with_the_closest_id() {
    let project = Project::fixture("plan");
    project.edit(RAPPORT, "[ON25/80:4.1.3-1]", "[ON25/80:4.1.3-2]");
    let run = project.run(&[
        "kontrollera",
        "content/omsorgsnamnden/2026-04-23",
        "--datum",
        "2026-04-01",
        "--format",
        "kort",
    ]);
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let expected = format!(
        "{RAPPORT}:22:19: fel: `återrapporterar`: punkten `ON25/80:4.1.3-2` finns inte i nämndens plan (tips: menade du `ON25/80:4.1.3-1`? `kallelse plan` visar punkterna och deras id)"
    );
    assert!(
        run.stdout().lines().any(|l| l == expected),
        "{expected}\n{}",
        run.stdout()
    );
    // And the item it meant is missing at its meeting.
    assert!(
        run.stdout()
            .contains("varning: Redovisning av arbetet mot ofrivillig ensamhet"),
        "{}",
        run.stdout()
    );

    // Reported, but only at a later meeting: still missing at its own.
    project.edit(RAPPORT, "[ON25/80:4.1.3-2]", "[]");
    project.edit(
        "content/omsorgsnamnden/2026-06-04/arenden/01-analys-av-hemtjanstens-kostnader.yaml",
        "[ON25/81:uppdrag-1]",
        "[ON25/81:uppdrag-1, ON25/80:4.1.3-1]",
    );
    let run = project
        .run(&[
            "kontrollera",
            "content/omsorgsnamnden/2026-04-23",
            "--datum",
            "2026-03-01",
            "--format",
            "kort",
        ])
        .success();
    assert!(
        run.stdout().contains(
            "ska återrapporteras på sammanträdet 23 april 2026, men den återrapporteras först 4 juni 2026"
        ),
        "{}",
        run.stdout()
    );
}

#[test]
fn two_items_with_one_id_are_an_error() {
    let project = Project::fixture("plan");
    project.edit(
        &format!("{NAMND}/arshjul.yaml"),
        "- { rubrik: Verksamhetsberättelse, månad: 2 }",
        "- { rubrik: Verksamhetsberättelse, månad: 2 }\n- { rubrik: \"Verksamhetsberättelse \", månad: 3 }",
    );
    let run = project.run(&["plan", "--datum", "2026-12-03"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("\"Verksamhetsberättelse\" ger samma id som posten på rad 4: årshjul:verksamhetsberattelse:<år>"),
        "{}",
        run.stderr()
    );
    // The same bilaga twice gives each of its items twice.
    let arende = "content/omsorgsnamnden/2026-01-29/arenden/01-overenskommelse-2026.yaml";
    let text = project.read(arende);
    let bilaga = text
        .lines()
        .find(|l| l.contains("overenskommelse-2026.md"))
        .unwrap()
        .to_owned();
    project.edit(arende, &bilaga, &format!("{bilaga}\n{bilaga}"));
    let run = project.run(&["plan", "--datum", "2026-12-03", "--format", "json"]);
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("fel: punkten ON25/80:4.1.3-1 finns redan, i"),
        "{}",
        run.stderr()
    );
    let json: Value = serde_json::from_str(&run.stdout()).unwrap();
    let ids: Vec<&str> = json["punkter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .filter(|id| *id == "ON25/80:4.1.3-1")
        .collect();
    assert_eq!(ids.len(), 1);
}

#[test]
fn problems_of_the_sources_are_pinned_to_their_place() {
    let project = Project::fixture("plan");
    let check = |meeting: &str| {
        project.run(&[
            "kontrollera",
            &format!("{NAMND}/{meeting}"),
            "--datum",
            "2026-01-01",
            "--format",
            "kort",
        ])
    };
    // A day named in a Beskrivning with no meeting: a warning at the row.
    let run = check("2026-01-29").success();
    let warning = format!(
        "{AVTAL}:37:1: varning: punkten ON25/80:4.1.4-2 ska redovisas den 15 maj 2026, men nämnden har inget sammanträde den dagen"
    );
    assert!(run.stdout().contains(&warning), "{}", run.stdout());

    // An uppföljning table without its Slutdatum column: an error at the table.
    let avtal = project.read(AVTAL);
    let lines: Vec<&str> = avtal.lines().collect();
    assert_eq!(lines[33], "| Titel | Beskrivning | Slutdatum |");
    let broken: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| match i {
            33 => "| Titel | Beskrivning |".to_owned(),
            34 => "|-------|-------------|".to_owned(),
            35 | 36 => line.rsplitn(3, '|').nth(2).unwrap().to_owned() + "|",
            _ => (*line).to_owned(),
        })
        .collect();
    project.write(AVTAL, &broken.join("\n"));
    let run = check("2026-01-29");
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let error = format!(
        "{AVTAL}:34:1: fel: uppföljningstabellen saknar kolumnen Slutdatum (tips: en uppföljningstabell har kolumnerna `| Titel | Beskrivning | Slutdatum |`, i den ordningen)"
    );
    assert!(
        run.stdout().lines().any(|l| l == error),
        "{error}\n{}",
        run.stdout()
    );
    project.write(AVTAL, &avtal);

    // An årshjul month that is no month: an error with the closest month.
    project.edit(
        &format!("{NAMND}/arshjul.yaml"),
        "månad: 9",
        "månad: septembr",
    );
    let run = check("2026-04-23");
    assert_eq!(run.code(), 1, "{}", run.stdout());
    let error = format!(
        "{NAMND}/arshjul.yaml:2:47: fel: `septembr` är ingen månad (tips: menade du `september`? skriv månaden som ett tal 1–12 eller som ordet, t.ex. `9` eller `september`)"
    );
    assert!(
        run.stdout().lines().any(|l| l == error),
        "{error}\n{}",
        run.stdout()
    );
}

#[test]
fn the_example_shows_every_status_and_a_new_arende_closes_a_missing_report() {
    let project = Project::example();
    let found = items(&project, "2026-12-03");
    let status = |id: &str| item(&found, id).2;
    assert_eq!(
        status("årshjul:sammantradesplan-for-kommande-ar:2026"),
        "klar"
    );
    assert_eq!(
        status("årshjul:rapport-om-ej-verkstallda-beslut:2026"),
        "försenad"
    );
    assert_eq!(
        status("årshjul:uppfoljning-av-internkontroll:2026"),
        "planerad"
    );
    assert_eq!(status("SN26/19:uppdrag-1"), "planerad");
    assert_eq!(status("årshjul:internkontrollplan:2026"), "saknas");
    // The överenskommelse's goals keep the municipality's numbers.
    assert_eq!(
        item(&found, "SN26/41:4.1.3-1"),
        row("2027-01-28", "2027-01-07", "saknas", "–")
    );

    let coming = "content/socialnamnden/2026-12-10";
    let check = || {
        project.run(&[
            "kontrollera",
            coming,
            "--datum",
            "2026-12-03",
            "--format",
            "kort",
        ])
    };
    let warning = "content/socialnamnden/arshjul.yaml:18:1: varning: Internkontrollplan (årshjul:internkontrollplan:2026) ska återrapporteras på sammanträdet 10 december 2026, men inget ärende återrapporterar den";
    let run = check().success();
    assert!(run.stdout().contains(warning), "{}", run.stdout());
    let status_run = project
        .run(&["status", coming, "--datum", "2026-12-03"])
        .success();
    assert!(
        status_run
            .stdout()
            .contains("saknas    årshjul:internkontrollplan:2026  Internkontrollplan"),
        "{}",
        status_run.stdout()
    );

    project
        .run(&[
            "ny",
            "ärende",
            "--återrapport",
            "årshjul:internkontrollplan:2026",
            "--dnr",
            "SN26/44",
            "--datum",
            "2026-12-03",
        ])
        .success();
    let created = "content/socialnamnden/2026-12-10/arenden/11-internkontrollplan.yaml";
    assert!(
        project
            .read(created)
            .contains("årshjul:internkontrollplan:2026")
    );
    assert_eq!(
        item(
            &items(&project, "2026-12-03"),
            "årshjul:internkontrollplan:2026"
        ),
        row(
            "2026-12-10",
            "–",
            "planerad",
            "content/socialnamnden/2026-12-10/arenden/11-internkontrollplan.yaml"
        )
    );
    // A late item goes to the next meeting, not to the one held.
    let late = "årshjul:rapport-om-ej-verkstallda-beslut:2026";
    project
        .run(&[
            "ny",
            "ärende",
            "--återrapport",
            late,
            "--datum",
            "2026-12-03",
        ])
        .success();
    let later = "content/socialnamnden/2026-12-10/arenden/12-rapport-om-ej-verkstallda-beslut.yaml";
    assert_eq!(
        item(&items(&project, "2026-12-03"), late),
        row("2026-11-12", "–", "försenad", later)
    );
    assert_eq!(item(&items(&project, "2026-12-11"), late).2, "klar");
    let run = check();
    assert!(
        !run.stdout().contains("Internkontrollplan (årshjul"),
        "{}",
        run.stdout()
    );
    // What is left is the new ärende's fields to fill in.
    assert!(
        run.stdout().contains(&format!("{created}:")),
        "{}",
        run.stdout()
    );
}

#[test]
fn the_site_lists_the_public_planned_items_of_coming_meetings() {
    let project = Project::fixture("plan");
    // The uppdrag's ärende is not published: its item is not either.
    project.edit(
        "content/omsorgsnamnden/2026-01-29/arenden/02-uppfoljning-hemtjanstens-ekonomi-2025.yaml",
        "uppdrag:",
        "publiceras: false\nuppdrag:",
    );
    // A title is text on the page, whatever it holds; a masked passage
    // of it is not published, not even in the site's cache.
    project.edit(
        AVTAL,
        "| Redovisning av arbetet mot ofrivillig ensamhet",
        "| <script>alert(1)</script> & {{ x }} Redovisning av arbetet mot ofrivillig ensamhet",
    );
    project.edit(
        AVTAL,
        "| Resultat av den nationella brukarundersökningen",
        "| Resultat för <maskerad lagrum=\"OSL 26 kap. 1 §\">Anna Andersson</maskerad> av den nationella brukarundersökningen",
    );
    project
        .run(&["webbplats", "--datum", "2026-03-01"])
        .success();
    let page = project.read("output/webbplats/omsorgsnamnden/index.html");
    let coming = page.split("<h2>Tidigare sammanträden</h2>").next().unwrap();
    for title in [
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }} Redovisning av arbetet mot ofrivillig ensamhet bland äldre som bor hemma med stöd av hemtjänst",
        "Delårsrapport per augusti",
        "Internkontrollplan",
    ] {
        assert!(
            coming.contains(&format!("<li>{title}</li>")),
            "{title}\n{coming}"
        );
    }
    assert!(
        !page.contains("<script>alert")
            && !page.contains("fördjupad analys av hemtjänstens kostnader"),
        "{page}"
    );
    assert!(
        coming.contains(
            "<li>Resultat för [Uppgift borttagen enligt OSL 26 kap. 1 §] av den nationella"
        ),
        "{coming}"
    );
    for file in tree(&project.path().join("output")).keys() {
        let bytes = std::fs::read(project.path().join("output").join(file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // The uppdrag's title (not its att-sats, which is public).
        assert!(
            !text.contains("Anna Andersson") && !text.contains("Återkomma med en fördjupad"),
            "{file}"
        );
    }
    // The nämnd's own plan shows the passage.
    let json = items(&project, "2026-03-01");
    assert_eq!(
        json.iter().find(|i| i["id"] == "ON25/80:4.1.4-1").unwrap()["rubrik"],
        "Resultat för Anna Andersson av den nationella brukarundersökningen för hemtjänst och särskilt boende, med divisionens förbättringsplan"
    );
    // Held meetings show no plan.
    assert!(!page.contains("Verksamhetsberättelse"), "{page}");
    // The planned meeting in September has them as planned agenda items.
    let data: Value = serde_json::from_str(
        &project.read("output/webbplats/oparl/meeting/omsorgsnamnden-2026-09-17.json"),
    )
    .unwrap();
    let names: Vec<&str> = data["agendaItem"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Delårsrapport per augusti"), "{names:?}");
    assert_eq!(data["agendaItem"][0]["keyword"][0], "planerad");
    let june: Value = serde_json::from_str(
        &project.read("output/webbplats/oparl/meeting/omsorgsnamnden-2026-05-28.json"),
    )
    .unwrap();
    assert_eq!(june["agendaItem"].as_array().unwrap().len(), 1, "{june:#}");
}
