//! Publish stage, the site's pages of ärenden and people: a page per
//! diarienummer with the ärende's way through the meetings ("Ärendets
//! gång", `arende.html`) and a page per nämnd with its ledamöter and
//! ersättare (`ledamoter.html`).

use serde::Serialize;

use crate::error::Result;
use crate::render::HtmlTemplates;

use super::Site;
use super::arenden::{SiteArende, Step};
use super::ledamoter::MEMBERS_PAGE;
use super::pages::page_html;
use crate::validate::Ledamot;

/// An ärende as its page shows it.
#[derive(Debug, Serialize)]
struct ArendeView {
    rubrik: String,
    diarienummer: String,
    /// The nämnd that treated it last, and its page.
    namnd: String,
    namnd_sida: String,
    /// Where it stands, in words.
    status: String,
    /// The latest sammanfattning published.
    sammanfattning: Option<String>,
    /// Its OParl Paper, from the root.
    data: String,
    gang: Vec<StepView>,
}

/// One meeting's treatment of an ärende.
#[derive(Debug, Serialize)]
struct StepView {
    datum_text: String,
    /// The meeting's page and the ärende on it, from the root.
    sida: String,
    nummer: String,
    paragraf: Option<String>,
    typ: String,
    beslut: Option<String>,
    beslutstext: Vec<String>,
    forslag: Vec<String>,
    dokument: Vec<DocumentView>,
    omrostning: Option<VoteView>,
}

/// An omröstning: what ja and nej stood for, the result, and who voted
/// how ("Karin Lindqvist (S)").
#[derive(Debug, Serialize)]
struct VoteView {
    ja: String,
    nej: String,
    utfall: String,
    grupper: Vec<VoteGroup>,
}

#[derive(Debug, Serialize)]
struct VoteGroup {
    rubrik: &'static str,
    namn: Vec<String>,
}

fn vote_view(vote: &crate::publish::meeting_page::Vote) -> VoteView {
    let group = |rubrik: &'static str, rost: &str| VoteGroup {
        rubrik,
        namn: vote
            .roster
            .iter()
            .filter(|r| r.rost == rost)
            .map(|r| match r.parti.trim() {
                "" => r.namn.clone(),
                parti => format!("{} ({parti})", r.namn),
            })
            .collect(),
    };
    VoteView {
        ja: vote.ja.clone(),
        nej: vote.nej.clone(),
        utfall: vote.utfall.clone(),
        grupper: vec![
            group("Ja", "ja"),
            group("Nej", "nej"),
            group("Avstod från att rösta", "avstår"),
        ],
    }
}

#[derive(Debug, Serialize)]
struct DocumentView {
    namn: String,
    href: String,
}

#[derive(Serialize)]
struct ArendePage<'a> {
    arende: &'a ArendeView,
}

fn step_view(step: &Step) -> StepView {
    let folder = format!("{}/", step.meeting.id);
    StepView {
        datum_text: crate::conventions::iso_date_in_words(&step.meeting.datum),
        sida: format!("{folder}index.html#{}", step.item.id),
        nummer: step.item.number.clone(),
        paragraf: step.item.paragraph.clone(),
        typ: step.item.category.clone(),
        beslut: step.item.result.clone(),
        beslutstext: step.item.resolution_text.clone(),
        forslag: step.item.resolution_proposal.clone(),
        dokument: step
            .item
            .auxiliary_file
            .iter()
            .map(|f| DocumentView {
                namn: f.name.clone(),
                href: format!("{folder}{}", f.access_url),
            })
            .collect(),
        omrostning: step.item.vote.as_ref().map(vote_view),
    }
}

/// Where an ärende stands after its latest meeting.
fn status(arende: &SiteArende) -> String {
    let latest = arende.latest();
    let date = crate::conventions::iso_date_in_words(&latest.meeting.datum);
    let organ = &latest.meeting.organ.namn;
    match latest.item.result.as_deref() {
        None => format!(
            "Ärendet behandlas av {} vid sammanträdet {date}.",
            organ.to_lowercase()
        ),
        Some("Återremitterat") => format!("Ärendet återremitterades vid sammanträdet {date}."),
        Some("Bordlagt") => format!("Ärendet bordlades vid sammanträdet {date}."),
        Some(result) => format!(
            "{organ} behandlade ärendet senast {date}: {}.",
            result.to_lowercase()
        ),
    }
}

fn arende_view(arende: &SiteArende) -> ArendeView {
    let latest = arende.latest();
    ArendeView {
        rubrik: arende.name().to_owned(),
        diarienummer: arende.reference.clone(),
        namnd: latest.meeting.organ.namn.clone(),
        namnd_sida: format!("{}/index.html", latest.meeting.namnd),
        status: status(arende),
        sammanfattning: arende
            .steps
            .iter()
            .rev()
            .find_map(|s| s.item.summary.clone()),
        data: format!("{}/paper/{}.json", super::oparl::DATA_DIR, arende.slug),
        gang: arende.steps.iter().map(step_view).collect(),
    }
}

/// A member as the members page shows it.
#[derive(Debug, Serialize)]
struct MemberView {
    namn: String,
    id: String,
    parti: Option<String>,
    parti_namn: Option<String>,
    uppdrag: String,
}

#[derive(Debug, Serialize)]
struct GroupView {
    rubrik: &'static str,
    id: &'static str,
    personer: Vec<MemberView>,
}

#[derive(Debug, Serialize)]
struct NamndRef {
    namn: String,
    sida: String,
}

#[derive(Serialize)]
struct MembersPage {
    namnd: NamndRef,
    grupper: Vec<GroupView>,
}

fn member_view(member: &Ledamot) -> MemberView {
    MemberView {
        namn: member.namn.clone(),
        id: member.slug(),
        parti: member.party().map(str::to_owned),
        parti_namn: member.party_name().map(str::to_owned),
        uppdrag: member.role(),
    }
}

/// An ärende in the search page's list.
#[derive(Debug, Serialize)]
struct ListedArende {
    rubrik: String,
    diarienummer: String,
    sida: String,
}

/// A nämnd in the search page's lists.
#[derive(Debug, Serialize)]
struct ListedNamnd {
    namn: String,
    sida: String,
    ledamoter: String,
    arenden: Vec<ListedArende>,
}

#[derive(Serialize)]
struct SearchPage {
    namnder: Vec<ListedNamnd>,
}

/// The search page, with every ärende by the nämnd that treated it last
/// (latest first) for a reader without JavaScript, and its script.
fn search_page(
    site: &Site,
    templates: &HtmlTemplates,
    arenden: &[SiteArende],
) -> Result<Vec<(String, Vec<u8>)>> {
    let namnder = site
        .namnder
        .iter()
        .map(|n| {
            let mut own: Vec<&SiteArende> =
                arenden.iter().filter(|a| a.namnd() == n.folder).collect();
            own.sort_by(|a, b| {
                (&b.latest().meeting.datum, &a.reference)
                    .cmp(&(&a.latest().meeting.datum, &b.reference))
            });
            ListedNamnd {
                namn: n.organ.namn.clone(),
                sida: format!("{}/index.html", n.folder),
                ledamoter: format!("{}/{MEMBERS_PAGE}", n.folder),
                arenden: own
                    .into_iter()
                    .map(|a| ListedArende {
                        rubrik: a.name().to_owned(),
                        diarienummer: a.reference.clone(),
                        sida: a.page(),
                    })
                    .collect(),
            }
        })
        .collect();
    let page = super::sok::SEARCH_PAGE;
    Ok(vec![
        (
            page.to_owned(),
            page_html(
                templates,
                "sok.html",
                site,
                "",
                page,
                &SearchPage { namnder },
            )?,
        ),
        (
            "sok.js".to_owned(),
            page_html(
                templates,
                "sok.js",
                site,
                "",
                "sok.js",
                &SearchPage {
                    namnder: Vec::new(),
                },
            )?,
        ),
    ])
}

/// Every ärende page, every nämnd's members page and the search page.
pub fn pages(site: &Site, templates: &HtmlTemplates) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = search_page(site, templates, &site.arenden)?;
    for arende in &site.arenden {
        let view = arende_view(arende);
        let sida = arende.page();
        let html = page_html(
            templates,
            "arende.html",
            site,
            "../",
            &sida,
            &ArendePage { arende: &view },
        )?;
        files.push((sida, html));
    }
    for namnd in &site.namnder {
        let members = site.members.get(&namnd.folder);
        let group = |ledamot: bool| -> Vec<MemberView> {
            members
                .into_iter()
                .flatten()
                .filter(|m| m.ledamot == ledamot)
                .map(member_view)
                .collect()
        };
        let page = MembersPage {
            namnd: NamndRef {
                namn: namnd.organ.namn.clone(),
                sida: format!("{}/index.html", namnd.folder),
            },
            grupper: vec![
                GroupView {
                    rubrik: "Ledamöter",
                    id: "ledamoter",
                    personer: group(true),
                },
                GroupView {
                    rubrik: "Ersättare",
                    id: "ersattare",
                    personer: group(false),
                },
            ],
        };
        let sida = format!("{}/{MEMBERS_PAGE}", namnd.folder);
        files.push((
            sida.clone(),
            page_html(templates, "ledamoter.html", site, "../", &sida, &page)?,
        ));
    }
    Ok(files)
}

/// The pages of this module, from the root: for `sitemap.xml`.
pub fn page_paths(site: &Site) -> Vec<String> {
    std::iter::once(super::sok::SEARCH_PAGE.to_owned())
        .chain(site.arenden.iter().map(SiteArende::page))
        .chain(
            site.namnder
                .iter()
                .map(|n| format!("{}/{MEMBERS_PAGE}", n.folder)),
        )
        .collect()
}
