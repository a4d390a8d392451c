//! The site's open data as an OParl client would take it: every object of
//! `oparl/` validated against the specification's own JSON schemas
//! (`tests/oparl/`, OParl 1.1.1), `created` and `modified` on every one, a
//! walk from `system.json` that reaches every object, and the people and
//! papers counted against the YAML they come from.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::support::{Project, repo, tree};

const SITE: &str = "output/webbplats";
const BASE: &str = "https://www.sjostad.se/sammantraden/";
const OPARL: &str = "https://schema.oparl.org/1.1/";

/// The specification's schema of each object type, with its formats
/// checked (`url` as the site writes it: absolute under its address).
fn validators() -> BTreeMap<String, jsonschema::Validator> {
    let dir = repo().join("tests/oparl");
    let mut validators = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .with_format("url", |s: &str| {
                s.starts_with("https://") && !s.contains(char::is_whitespace)
            })
            .build(&schema)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        validators.insert(name, validator);
    }
    assert_eq!(validators.len(), 12, "{:?}", validators.keys());
    validators
}

/// Every OParl object in `value` (lists, embedded objects), with where it
/// is.
fn objects<'a>(value: &'a Value, at: String, found: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => {
            if map
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with(OPARL))
            {
                found.push((at.clone(), value));
            }
            for (key, inner) in map {
                objects(inner, format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (index, inner) in items.iter().enumerate() {
                objects(inner, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// The site's data files, parsed, by path from the site's root.
fn data_files(project: &Project) -> BTreeMap<String, Value> {
    tree(&project.path().join(SITE))
        .into_iter()
        .filter(|(path, _)| path.starts_with("oparl/"))
        .map(|(path, bytes)| (path, serde_json::from_slice(&bytes).unwrap()))
        .collect()
}

#[test]
fn oparl_validates_against_the_specification() {
    let (project, _) = crate::webbplats::built();
    let files = data_files(project);
    let validators = validators();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, value) in &files {
        let mut found = Vec::new();
        objects(value, path.clone(), &mut found);
        for (at, object) in found {
            let name = object["type"].as_str().unwrap().trim_start_matches(OPARL);
            *counts.entry(name.to_owned()).or_default() += 1;
            let validator = validators
                .get(name)
                .unwrap_or_else(|| panic!("{at}: okänd typ {name}"));
            errors.extend(validator.iter_errors(object).map(|e| format!("{at}: {e}")));
            for stamp in ["created", "modified"] {
                if !object[stamp].is_string() {
                    errors.push(format!("{at}: {stamp} saknas"));
                }
            }
        }
        if let Some(data) = value.get("data") {
            assert!(data.is_array(), "{path}");
            assert!(value["pagination"].is_object(), "{path}");
            assert!(value["links"]["self"].is_string(), "{path}");
        }
    }
    assert!(
        errors.is_empty(),
        "{} fel:\n{}",
        errors.len(),
        errors.join("\n")
    );
    for kind in [
        "System",
        "Body",
        "Organization",
        "Meeting",
        "AgendaItem",
        "File",
        "Location",
        "Person",
        "Membership",
        "LegislativeTerm",
        "Paper",
        "Consultation",
    ] {
        assert!(
            counts.get(kind).is_some_and(|&n| n > 0),
            "{kind}: {counts:?}"
        );
    }
    // The schemas do catch what a client would reject.
    let file = &validators["File"];
    let bad = serde_json::json!({"type": format!("{OPARL}File"), "accessUrl": "x"});
    assert!(
        file.iter_errors(&bad).count() >= 2,
        "id saknas, accessUrl är ingen url"
    );
    let item = &validators["AgendaItem"];
    let bad = serde_json::json!({
        "id": format!("{BASE}x"), "type": format!("{OPARL}AgendaItem"), "order": 1,
        "resolutionText": ["att a", "att b"]
    });
    assert!(item.iter_errors(&bad).count() > 0);
}

/// Every address of the data that leads into `oparl/`, from `value`.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) if s.starts_with(&format!("{BASE}oparl/")) => out.push(s.clone()),
        Value::Object(map) => map.values().for_each(|v| references(v, out)),
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[test]
fn a_client_walks_from_system_json_to_every_object() {
    let (project, _) = crate::webbplats::built();
    let files = data_files(project);
    // Every object's id, in the file it is in.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (path, value) in &files {
        let mut found = Vec::new();
        objects(value, path.clone(), &mut found);
        for (_, object) in found {
            ids.insert(object["id"].as_str().unwrap().to_owned(), path.clone());
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue = VecDeque::from([format!("{BASE}oparl/system.json")]);
    let mut reached: BTreeSet<String> = BTreeSet::new();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let file = url[BASE.len()..].split('#').next().unwrap();
        let value = files
            .get(file)
            .unwrap_or_else(|| panic!("{url} leder ingenstans"));
        if url.contains('#') {
            assert!(ids.contains_key(&url), "{url}: inget objekt med det id:t");
        }
        let mut found = Vec::new();
        objects(value, file.to_owned(), &mut found);
        for (_, object) in &found {
            reached.insert(object["id"].as_str().unwrap().to_owned());
        }
        let mut next = Vec::new();
        references(value, &mut next);
        queue.extend(next);
    }
    let missed: Vec<&String> = ids.keys().filter(|id| !reached.contains(*id)).collect();
    assert!(missed.is_empty(), "når inte: {missed:#?}");
    let unread: Vec<&String> = files
        .keys()
        .filter(|f| {
            !seen
                .iter()
                .any(|u| u[BASE.len()..].split('#').next() == Some(f))
        })
        .collect();
    assert!(unread.is_empty(), "filer som inget leder till: {unread:#?}");
}

/// The names of the ledamöter and ersättare of a `namnd.yaml`.
fn members(project: &Project, namnd: &str) -> Vec<String> {
    let text = project.read(&format!("content/{namnd}/namnd.yaml"));
    let yaml: Value = serde_saphyr::from_str(&text).unwrap();
    ["ledamöter", "ersättare"]
        .iter()
        .flat_map(|key| yaml[*key].as_array().cloned().unwrap_or_default())
        .map(|m| m["namn"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn people_and_a_returning_arende_follow_the_yaml() {
    let project = crate::webbplats::project();
    // The motion sent back on 12 November comes back on 10 December.
    let returning = "content/socialnamnden/2026-12-10/arenden/11-motion-om-ungdomsmottagning.yaml";
    let source = tree(
        &project
            .path()
            .join("content/socialnamnden/2026-11-12/arenden"),
    )
    .into_iter()
    .find(|(_, bytes)| String::from_utf8_lossy(bytes).contains("SN26/29"))
    .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
    .unwrap();
    project.write(returning, &source);
    project
        .run(&["webbplats", "--datum", "2026-11-20"])
        .success();
    let files = data_files(&project);

    // A Person per name of the nämnder's namnd.yaml, a Membership per
    // place in a nämnd.
    let social = members(&project, "socialnamnden");
    let kultur = members(&project, "kultur-och-fritidsnamnden");
    let names: BTreeSet<&String> = social.iter().chain(&kultur).collect();
    let persons = files["oparl/persons.json"]["data"].as_array().unwrap();
    assert_eq!(persons.len(), names.len());
    let memberships: usize = persons
        .iter()
        .map(|p| p["membership"].as_array().unwrap().len())
        .sum();
    assert_eq!(memberships, social.len() + kultur.len());
    let organization = &files["oparl/organization/socialnamnden.json"];
    assert_eq!(
        organization["membership"].as_array().unwrap().len(),
        social.len()
    );
    let chair = &files["oparl/person/karin-lindqvist.json"];
    assert_eq!(chair["membership"][0]["role"], "Ordförande");
    assert_eq!(chair["membership"][0]["votingRight"], true);
    let party = chair["membership"][0]["onBehalfOf"].as_str().unwrap();
    assert_eq!(
        files[&party[BASE.len()..]]["name"],
        "Socialdemokraterna",
        "{party}"
    );
    // Every vote of the protokoll's omröstningar is its voter's.
    let protokoll: Value =
        serde_saphyr::from_str(&project.read("content/socialnamnden/2026-11-12/protokoll.yaml"))
            .unwrap();
    let mut counted = 0;
    for (key, paragraf) in protokoll["paragrafer"].as_object().unwrap() {
        let Some(roster) = paragraf["omröstning"]["röster"].as_object() else {
            continue;
        };
        for (name, vote) in roster {
            let person = persons.iter().find(|p| p["name"] == name.as_str()).unwrap();
            let votes = person["omrostningar"].as_array().unwrap();
            assert!(
                votes.iter().any(|v| v["rost"] == *vote
                    && v["date"] == "2026-11-12"
                    && v["agendaItem"]
                        .as_str()
                        .unwrap()
                        .contains("socialnamnden-2026-11-12")),
                "{key}: {name} {vote}: {votes:#?}"
            );
            counted += 1;
        }
    }
    assert!(counted >= 10, "{counted}");
    let voters: usize = persons
        .iter()
        .filter_map(|p| p["omrostningar"].as_array())
        .map(Vec::len)
        .sum();
    assert!(voters >= counted, "{voters} < {counted}");
    let page = project.read(&format!("{SITE}/arende/sn26-17.html"));
    assert!(
        page.contains("Nej (2): Patrik Nyberg (SD), Camilla Rosén (SD)"),
        "{page}"
    );
    let page = project.read(&format!("{SITE}/socialnamnden/ledamoter.html"));
    for name in &social {
        assert!(
            page.contains(name.as_str()),
            "{name} saknas på ledamotssidan"
        );
    }

    // A Paper per public ärende with a diarienummer; the returning one has
    // two Consultations and one page with both meetings.
    let papers = files["oparl/papers.json"]["data"].as_array().unwrap();
    let mut expected = BTreeSet::new();
    for (path, value) in files
        .iter()
        .filter(|(p, _)| p.starts_with("oparl/meeting/"))
    {
        for item in value["agendaItem"].as_array().unwrap() {
            if item["public"] == true && item["reference"].is_string() {
                expected.insert(item["reference"].as_str().unwrap().to_owned());
                assert!(item["consultation"].is_string(), "{path}: {item:#}");
            }
        }
    }
    let references: BTreeSet<String> = papers
        .iter()
        .map(|p| p["reference"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(references, expected);
    let motion = &files["oparl/paper/sn26-29.json"];
    let consultations = motion["consultation"].as_array().unwrap();
    assert_eq!(consultations.len(), 2, "{motion:#}");
    assert!(
        consultations[0]["meeting"]
            .as_str()
            .unwrap()
            .ends_with("socialnamnden-2026-11-12.json")
    );
    assert!(
        consultations[1]["meeting"]
            .as_str()
            .unwrap()
            .ends_with("socialnamnden-2026-12-10.json")
    );
    assert_eq!(consultations[0]["keyword"][0], "Återremitterat");
    assert_eq!(consultations[0]["authoritative"], false);
    assert_eq!(motion["mainFile"]["name"], "Tjänsteskrivelse");
    assert!(
        motion["mainFile"]["accessUrl"]
            .as_str()
            .unwrap()
            .contains("socialnamnden/2026-12-10/kallelse.pdf#page="),
        "{motion:#}"
    );
    let page = project.read(&format!("{SITE}/arende/sn26-29.html"));
    let html = scraper::Html::parse_document(&page);
    let steps: Vec<String> = html
        .select(&scraper::Selector::parse("ol.gang > li h3 a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        steps,
        [
            "../socialnamnden/2026-11-12/index.html#beslutsarende-2",
            "../socialnamnden/2026-12-10/index.html#beslutsarende-11",
        ]
    );
    assert!(page.contains("Återremitterat"), "{page}");
    // Both meeting pages lead to it.
    for meeting in ["2026-11-12", "2026-12-10"] {
        let page = project.read(&format!("{SITE}/socialnamnden/{meeting}/index.html"));
        assert!(
            page.contains("href=\"../../arende/sn26-29.html\""),
            "{meeting}"
        );
    }
}
