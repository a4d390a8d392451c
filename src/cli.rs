//! The command line: Swedish commands with English aliases. It parses the
//! arguments, picks the meetings, hands each to the library once loaded
//! ([`Meeting`]) and says what was written; nothing else.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand};

mod archive;
mod authoring;
mod plan;
mod signature;

use crate::build::protokoll::ProtokollOptions;
use crate::build::{self, BuildOptions};
use crate::compile::PartCache;
use crate::error::{Diagnostic, Error, Severity, report, shown, sorted, summary};
use crate::load::Sandbox;
use crate::meeting::Meeting;
use crate::publish;

/// Help for a command with arguments (clap's own headings are English).
const HELP_TEMPLATE: &str = "\
{about-with-newline}
Användning: {usage}

Argument:
{positionals}

Flaggor:
{options}{after-help}";

/// Help for the program itself.
const ROOT_HELP: &str = "\
{about-with-newline}
Användning: {usage}

Kommandon:
{subcommands}

Flaggor:
{options}{after-help}";

/// Help for `kallelse ny`.
const NY_HELP: &str = "\
{about-with-newline}
Användning: {usage}

Vad:
{subcommands}

Flaggor:
{options}{after-help}";

/// Bygger kallelsen med handlingar till en nämnds sammanträde.
#[derive(Debug, Parser)]
#[command(
    name = "kallelse",
    version,
    about = "Bygger kallelsen med handlingar till en nämnds sammanträde, från YAML och Markdown till PDF.",
    help_template = ROOT_HELP,
    subcommand_help_heading = "Kommandon",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    override_usage = "kallelse <KOMMANDO> [MAPP] [FLAGGOR]"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Visa den här hjälpen.
    #[arg(short = 'h', long = "hjalp", alias = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Visa versionen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Bygg kallelsen (PDF) för ett sammanträde eller alla under content/.
    #[command(visible_alias = "build", help_template = HELP_TEMPLATE, override_usage = "kallelse bygg [MAPP] [--utdata MAPP] [--spara-typst] [--webb]")]
    Bygg {
        /// Sammanträdesmapp (content/<nämnd>/<datum>) eller en mapp med flera sammanträden.
        /// Utan mapp byggs alla sammanträden under ./content.
        mapp: Option<PathBuf>,
        /// Skriv paketen hit i stället för till output/ i projektet.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
        /// Spara även den genererade typst-källan (kallelse.typ) bredvid PDF:en.
        #[arg(long = "spara-typst")]
        spara_typst: bool,
        /// Bygg även webbversionen (som `kallelse publicera`).
        #[arg(long = "webb")]
        webb: bool,
    },
    /// Bygg webbversionen att publicera: tillgänglig PDF utan sekretess och
    /// opublicerade handlingar, index.html och sammantrade.json i output/<nämnd>/<datum>/webb/.
    #[command(visible_alias = "publish", help_template = HELP_TEMPLATE, override_usage = "kallelse publicera [MAPP] [--utdata MAPP]")]
    Publicera {
        /// Sammanträdesmapp eller en mapp med flera; utan mapp alla under ./content.
        mapp: Option<PathBuf>,
        /// Skriv webbmapparna hit i stället för till output/ i projektet.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
    },
    /// Bygg kommunens sammanträdeswebbplats av alla nämnder och sammanträden:
    /// sidor, anslagstavla, kalendrar, flöden och öppna data i output/webbplats/.
    #[command(visible_alias = "site", help_template = HELP_TEMPLATE, override_usage = "kallelse webbplats [MAPP] [--utdata MAPP] [--datum ÅÅÅÅ-MM-DD] [--bas-url ADRESS] [--alla]")]
    Webbplats {
        /// Projektmapp (den som innehåller content/); annars den aktuella.
        mapp: Option<PathBuf>,
        /// Skriv webbplatsen till MAPP/webbplats i stället för till output/webbplats.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
        /// Dagen som anslagstavlan och listorna över kommande sammanträden gäller; i dag om den inte anges.
        #[arg(long = "datum", value_name = "ÅÅÅÅ-MM-DD")]
        datum: Option<String>,
        /// Webbplatsens adress, t.ex. https://www.sjostad.se/sammantraden/: gör adresserna i data och flöden fullständiga och ger sitemap.xml.
        #[arg(long = "bas-url", value_name = "ADRESS")]
        bas_url: Option<String>,
        /// Bygg om alla sammanträden, även de som inte har ändrats sedan förra gången.
        #[arg(long = "alla")]
        alla: bool,
    },
    /// Arkivera sammanträden som arkivpaket för e-arkivet (E-ARK SIP enligt FGS Paketstruktur 2.0,
    /// med ärenden och beslut i CITS ERMS) i output/arkiv/<id>/.
    #[command(visible_alias = "archive", help_template = HELP_TEMPLATE, override_usage = "kallelse arkivera MAPP [--utan-protokoll] [--tar] [--utdata MAPP]\n       kallelse arkivera --år ÅÅÅÅ [--nämnd NÄMND] [--utan-protokoll] [--tar] [--utdata MAPP]")]
    Arkivera {
        /// Sammanträdesmappen (content/<nämnd>/<datum>).
        mapp: Option<PathBuf>,
        /// Ett paket per nämnd med alla nämndens sammanträden det året.
        #[arg(
            long = "år",
            alias = "ar",
            value_name = "ÅÅÅÅ",
            conflicts_with = "mapp"
        )]
        ar: Option<i32>,
        /// Med --år: bara den här nämnden (dess mapp under content/, t.ex. socialnamnden).
        #[arg(long = "nämnd", alias = "namnd", value_name = "NÄMND", requires = "ar")]
        namnd: Option<String>,
        /// Arkivera också sammanträden som saknar protokoll (det står då i paketets metadata).
        #[arg(long = "utan-protokoll")]
        utan_protokoll: bool,
        /// Skriv också paketet som en tar-fil, output/arkiv/<id>.tar.
        #[arg(long = "tar")]
        tar: bool,
        /// Skriv paketen hit i stället för till output/ i projektet (där letas också underskrivna protokoll).
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
    },
    /// Skriv under (justera) protokollet digitalt: en elektronisk underskrift (PAdES)
    /// läggs till i output/<nämnd>/<datum>/protokoll.pdf utan att något annat i filen ändras.
    #[command(visible_alias = "sign", help_template = HELP_TEMPLATE, override_usage = "kallelse justera MAPP --namn NAMN --certifikat FIL.p12 [--tidsstampel ADRESS] [--utdata MAPP]\n       kallelse justera MAPP --namn NAMN --förbered --certifikat-pem FIL.pem\n       kallelse justera MAPP --namn NAMN --signaturvärde FIL")]
    Justera {
        /// Sammanträdesmappen (content/<nämnd>/<datum>).
        mapp: PathBuf,
        /// Den som skriver under, som protokollet namnger hen: sekreteraren, ordföranden eller en justerare.
        #[arg(long = "namn", value_name = "NAMN")]
        namn: String,
        #[command(flatten)]
        hur: signature::How,
        /// Protokollet ligger här i stället för i output/ i projektet.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
    },
    /// Kontrollera underskrifterna i ett justerat protokoll: att de är oförändrade, vem som
    /// skrivit under, att inget annat lagts till och att protokollet är det som källorna bygger.
    #[command(visible_alias = "verify", help_template = HELP_TEMPLATE, override_usage = "kallelse verifiera MAPP|FIL.pdf [--betrodda FIL.pem]… [--utdata MAPP]")]
    Verifiera {
        /// Sammanträdesmappen, eller en PDF-fil (då jämförs den inte med källorna).
        mapp: PathBuf,
        /// Betrodda rotcertifikat (PEM); kan anges flera gånger.
        #[arg(long = "betrodda", value_name = "FIL.pem")]
        betrodda: Vec<PathBuf>,
        /// Protokollet ligger här i stället för i output/ i projektet.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
    },
    /// Kontrollera ett sammanträde (eller alla under content/) utan att skriva något.
    #[command(visible_alias = "check", help_template = HELP_TEMPLATE, override_usage = "kallelse kontrollera [MAPP] [--format lang|kort] [--datum ÅÅÅÅ-MM-DD]")]
    Kontrollera {
        /// Sammanträdesmapp eller en mapp med flera; utan mapp alla under ./content.
        mapp: Option<PathBuf>,
        /// Dagen som nämndens plan räknas från (vilka sammanträden som är hållna); i dag om den inte anges.
        #[arg(long = "datum", value_name = "ÅÅÅÅ-MM-DD")]
        datum: Option<String>,
        /// `lang` (med utdrag ur filen och tips; standard) eller `kort` (en rad per problem, för redigerare).
        #[arg(
            long = "format",
            value_name = "FORMAT",
            default_value = "lang",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: Format,
    },
    /// Bygg protokollet efter sammanträdet: protokoll.pdf med anslaget,
    /// ett protokollsutdrag per paragraf och sändlistan, från protokoll.yaml.
    #[command(visible_alias = "minutes", help_template = HELP_TEMPLATE, override_usage = "kallelse protokoll [MAPP] [--utdata MAPP] [--webb]")]
    Protokoll {
        /// Sammanträdesmapp med protokoll.yaml, eller en mapp med flera; utan mapp
        /// alla sammanträden under ./content som har ett protokoll.
        mapp: Option<PathBuf>,
        /// Skriv protokollen hit i stället för till output/ i projektet.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
        /// Bygg även webbversionen (som `kallelse publicera`), med protokollet och anslaget.
        #[arg(long = "webb")]
        webb: bool,
    },
    /// Skapa ett nytt projekt med en exempelnämnd som går att bygga direkt.
    #[command(help_template = HELP_TEMPLATE, override_usage = "kallelse init [MAPP]")]
    Init {
        /// Mappen för projektet (skapas vid behov); annars den aktuella.
        mapp: Option<PathBuf>,
    },
    /// Skapa en ny nämnd, ett nytt sammanträde, ärende eller protokoll med alla fält förklarade.
    #[command(help_template = NY_HELP, override_usage = "kallelse ny nämnd|sammanträde|ärende|protokoll …")]
    Ny {
        #[command(subcommand)]
        vad: Ny,
    },
    /// Visa en översikt över sammanträdets ärenden: datum, godkännande, bilagor, fel.
    #[command(help_template = HELP_TEMPLATE, override_usage = "kallelse status [MAPP] [--datum ÅÅÅÅ-MM-DD]")]
    Status {
        /// Sammanträdesmapp eller en mapp med flera; utan mapp alla under ./content.
        mapp: Option<PathBuf>,
        /// Dagen som nämndens plan räknas från; i dag om den inte anges.
        #[arg(long = "datum", value_name = "ÅÅÅÅ-MM-DD")]
        datum: Option<String>,
    },
    /// Bevaka filerna och bygg om kallelsen vid varje ändring (avsluta med Ctrl+C).
    #[command(visible_alias = "watch", help_template = HELP_TEMPLATE, override_usage = "kallelse bevaka [MAPP] [--utdata MAPP]")]
    Bevaka {
        /// Sammanträdesmapp eller en mapp med flera; utan mapp alla under ./content.
        mapp: Option<PathBuf>,
        /// Skriv paketen hit i stället för till output/ i projektet.
        #[arg(long = "utdata", value_name = "MAPP")]
        utdata: Option<PathBuf>,
    },
    /// Visa nämndens plan: vad som ska återrapporteras på vilket sammanträde (från överenskommelsernas
    /// uppföljningstabeller, ärendenas uppdrag och årshjulet) och om det har kommit.
    #[command(help_template = HELP_TEMPLATE, override_usage = "kallelse plan [MAPP] [--år ÅÅÅÅ] [--datum ÅÅÅÅ-MM-DD] [--format text|json]")]
    Plan {
        /// Projektmapp, en nämnds mapp eller ett sammanträdes; utan mapp alla nämnder under ./content.
        mapp: Option<PathBuf>,
        /// Bara punkterna som ska redovisas det här året.
        #[arg(long = "år", alias = "ar", value_name = "ÅÅÅÅ")]
        ar: Option<i32>,
        /// Dagen som statusen räknas från (ett sammanträde före den är hållet); i dag om den inte anges.
        #[arg(long = "datum", value_name = "ÅÅÅÅ-MM-DD")]
        datum: Option<String>,
        /// `text` (en tabell per sammanträde; standard) eller `json`.
        #[arg(
            long = "format",
            value_name = "FORMAT",
            default_value = "text",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: plan::PlanFormat,
    },
    /// Skriv JSON Schema för YAML-filerna, så att redigeraren kan fylla i och kontrollera nycklar.
    #[command(help_template = HELP_TEMPLATE, override_usage = "kallelse schema [nämnd|sammanträde|ärende|protokoll|webbplats]")]
    Schema {
        /// `nämnd`, `sammanträde`, `ärende`, `protokoll` eller `webbplats`: skriv det schemat
        /// till standard ut. Utan typ skrivs alla till projektets mapp schema/.
        #[arg(hide_possible_values = true)]
        typ: Option<crate::schema::FileKind>,
    },
    /// Skriv de inbyggda mallarna till templates/ för att anpassa dem.
    #[command(visible_alias = "templates", help_template = HELP_TEMPLATE, override_usage = "kallelse mallar [MAPP] [--skriv-over]")]
    Mallar {
        /// Projektmapp (den som innehåller content/); annars den aktuella.
        mapp: Option<PathBuf>,
        /// Skriv över mallar som redan finns i templates/.
        #[arg(long = "skriv-over")]
        skriv_over: bool,
    },
}

/// What `kallelse ny` creates.
#[derive(Debug, Subcommand)]
enum Ny {
    /// En ny nämnd: content/<nämnd>/namnd.yaml.
    #[command(name = "nämnd", alias = "namnd", help_template = HELP_TEMPLATE, override_usage = "kallelse ny nämnd NAMN --förkortning FÖRKORTNING [--organisation NAMN]")]
    Namnd {
        /// Nämndens namn, t.ex. "Socialnämnden".
        namn: String,
        /// Förkortningen i diarienummer och paragrafer, t.ex. SN.
        #[arg(
            long = "förkortning",
            alias = "forkortning",
            value_name = "FÖRKORTNING"
        )]
        forkortning: String,
        /// Kommunens namn; annars samma som projektets första nämnd.
        #[arg(long = "organisation", value_name = "NAMN")]
        organisation: Option<String>,
    },
    /// Ett nytt sammanträde: content/<nämnd>/<datum>/sammantrade.yaml.
    #[command(name = "sammanträde", alias = "sammantrade", help_template = HELP_TEMPLATE, override_usage = "kallelse ny sammanträde DATUM [--nämnd NÄMND]")]
    Sammantrade {
        /// Datumet, ÅÅÅÅ-MM-DD.
        datum: String,
        /// Nämndens mapp under content/ (behövs när projektet har flera nämnder).
        #[arg(long = "nämnd", alias = "namnd", value_name = "NÄMND")]
        namnd: Option<String>,
    },
    /// Ett nytt beslutsärende i ett sammanträde, med nästa lediga nummer.
    #[command(name = "ärende", alias = "arende", help_template = HELP_TEMPLATE, override_usage = "kallelse ny ärende RUBRIK [--dnr DNR] [--sammanträde DATUM] [--nämnd NÄMND] [--datum ÅÅÅÅ-MM-DD]\n       kallelse ny ärende --återrapport ID [RUBRIK] [--dnr DNR] [--sammanträde DATUM] [--datum ÅÅÅÅ-MM-DD]")]
    Arende {
        /// Ärendets rubrik (med --återrapport: punktens rubrik om den inte anges).
        #[arg(required_unless_present = "aterrapport")]
        rubrik: Option<String>,
        /// Ett ärende som återrapporterar punkten ID i nämndens plan (`kallelse plan` visar id:n);
        /// det läggs i sammanträdet där punkten ska redovisas om inte --sammanträde anges.
        #[arg(long = "återrapport", alias = "aterrapport", value_name = "ID")]
        aterrapport: Option<String>,
        /// Dagen som räknas som i dag (tjänsteskrivelsens datum, nästa sammanträde); i dag om den inte anges.
        #[arg(long = "datum", value_name = "ÅÅÅÅ-MM-DD")]
        datum: Option<String>,
        /// Diarienumret, t.ex. SN26/12.
        #[arg(long = "dnr", value_name = "DNR")]
        dnr: Option<String>,
        /// Sammanträdets datum eller mapp; annars nästa sammanträde från i dag.
        #[arg(long = "sammanträde", alias = "sammantrade", value_name = "DATUM")]
        sammantrade: Option<String>,
        /// Nämndens mapp under content/ (behövs när projektet har flera nämnder).
        #[arg(long = "nämnd", alias = "namnd", value_name = "NÄMND")]
        namnd: Option<String>,
    },
    /// Protokollet för ett hållet sammanträde: protokoll.yaml, ifyllt från sammanträdet.
    #[command(help_template = HELP_TEMPLATE, override_usage = "kallelse ny protokoll [MAPP]")]
    Protokoll {
        /// Sammanträdesmappen eller dess datum; utan mapp det senaste sammanträdet som har hållits.
        mapp: Option<String>,
    },
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// With a source excerpt and a hint.
    #[value(help = "Med utdrag ur källan och ett tips.")]
    Lang,
    /// One line per problem.
    #[value(help = "En rad per problem.")]
    Kort,
}

/// Runs the command line and returns the process exit code:
/// 0 success (possibly with warnings), 1 errors in the input, 2 the tool failed.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    let result = match cli.command {
        Command::Bygg {
            mapp,
            utdata,
            spara_typst,
            webb,
        } => bygg(
            mapp.as_deref(),
            &BuildOptions {
                output: utdata,
                keep_typst: spara_typst,
            },
            webb,
        ),
        Command::Publicera { mapp, utdata } => publicera(mapp.as_deref(), utdata.as_deref()),
        Command::Webbplats {
            mapp,
            utdata,
            datum,
            bas_url,
            alla,
        } => webbplats(mapp.as_deref(), utdata, datum.as_deref(), bas_url, alla),
        Command::Protokoll { mapp, utdata, webb } => protokoll(mapp.as_deref(), utdata, webb),
        Command::Kontrollera {
            mapp,
            format,
            datum,
        } => today(datum.as_deref()).and_then(|today| kontrollera(mapp.as_deref(), format, today)),
        Command::Mallar { mapp, skriv_over } => authoring::mallar(mapp.as_deref(), skriv_over),
        Command::Init { mapp } => authoring::init(mapp.as_deref()),
        Command::Ny { vad } => authoring::ny(vad),
        Command::Status { mapp, datum } => {
            today(datum.as_deref()).and_then(|today| status(mapp.as_deref(), today))
        }
        Command::Bevaka { mapp, utdata } => bevaka(mapp.as_deref(), utdata),
        Command::Schema { typ } => authoring::schema(typ),
        Command::Plan {
            mapp,
            ar,
            datum,
            format,
        } => {
            today(datum.as_deref()).and_then(|today| plan::plan(mapp.as_deref(), ar, today, format))
        }
        Command::Arkivera {
            mapp,
            ar,
            namnd,
            utan_protokoll,
            tar,
            utdata,
        } => archive::arkivera(
            mapp.as_deref(),
            ar,
            namnd.as_deref(),
            crate::archive::ArchiveOptions {
                output: utdata,
                utan_protokoll,
                tar,
            },
        ),
        Command::Justera {
            mapp,
            namn,
            hur,
            utdata,
        } => signature::justera(&mapp, namn, hur, utdata),
        Command::Verifiera {
            mapp,
            betrodda,
            utdata,
        } => signature::verifiera(&mapp, &betrodda, utdata),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Input(_) | Error::Reported) => ExitCode::from(1),
        Err(Error::Tool(message)) => {
            eprintln!("fel: {message}");
            ExitCode::from(2)
        }
    }
}

fn clap_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            eprintln!(
                "fel: ange ett kommando, t.ex. `kallelse bygg`\n\n{}",
                usage()
            );
            ExitCode::from(2)
        }
        ErrorKind::InvalidSubcommand => {
            eprintln!("fel: okänt kommando\n\n{}", usage());
            ExitCode::from(2)
        }
        ErrorKind::UnknownArgument => {
            let arg = err
                .get(clap::error::ContextKind::InvalidArg)
                .map(|v| v.to_string())
                .unwrap_or_default();
            eprintln!("fel: okänd flagga {arg}\n\n{}", usage());
            ExitCode::from(2)
        }
        _ => {
            eprintln!("fel: argumenten kunde inte tolkas: {}", err.kind());
            eprintln!("\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn usage() -> &'static str {
    "Användning: kallelse init [MAPP]\n             kallelse ny nämnd|sammanträde|ärende …\n             kallelse bygg [MAPP] [--utdata MAPP] [--webb]\n             kallelse bevaka [MAPP]\n             kallelse status [MAPP]\n             kallelse publicera [MAPP] [--utdata MAPP]\n             kallelse webbplats [MAPP] [--datum ÅÅÅÅ-MM-DD]\n             kallelse kontrollera [MAPP] [--format kort]\n             kallelse mallar [MAPP] [--skriv-over]\nSkriv `kallelse --hjalp` för mer."
}

/// Prints the input problems of a result before passing it on (for the
/// steps before a project root is known, so paths are shown as given).
pub(crate) fn reported<T>(result: Result<T, Error>) -> Result<T, Error> {
    if let Err(Error::Input(diagnostics)) = &result {
        report(Path::new("."), diagnostics);
    }
    result
}

/// Progress over several meetings: a bar on a terminal, plain lines in a
/// log (nothing for a single meeting).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    total: usize,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = (total > 1 && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                    .expect("a valid template"),
            );
            bar
        });
        Self { bar, total }
    }

    /// Starts meeting `index` (0-based).
    fn start(&self, index: usize, name: &str) {
        match &self.bar {
            Some(bar) => {
                bar.set_position(index as u64);
                bar.set_message(format!("bygger {name}"));
            }
            None if self.total > 1 => eprintln!("[{}/{}] Bygger {name}", index + 1, self.total),
            None => {}
        }
    }

    /// Prints without tearing the bar.
    fn print(&self, print: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What a command over meetings says when a meeting fails: "kallelsen
/// byggdes inte" and "den förra PDF:en är orörd".
struct Failure {
    not_built: &'static str,
    previous_kept: &'static str,
}

/// The one loop over meetings: each is loaded and validated once and
/// handed to `run`, with a progress bar over many. Problems in a meeting's
/// input are reported ("… byggdes inte (2 fel, 0 varningar); den förra är
/// orörd") and the next meeting is taken; a failure of the tool stops at
/// once.
fn each_meeting(
    sandbox: &Sandbox,
    meetings: &[PathBuf],
    failure: Failure,
    mut run: impl FnMut(&Meeting, &Progress) -> Result<(), Error>,
) -> Result<(), Error> {
    let progress = Progress::new(meetings.len());
    let mut failed = false;
    for (index, dir) in meetings.iter().enumerate() {
        let name = sandbox.relative(dir).display().to_string();
        progress.start(index, &name);
        match Meeting::load(sandbox, dir).and_then(|meeting| run(&meeting, &progress)) {
            Ok(()) => {}
            Err(Error::Input(diagnostics)) => {
                progress.print(|| {
                    report(sandbox.root(), &diagnostics);
                    eprintln!(
                        "{name}: {} ({}); {}",
                        failure.not_built,
                        summary(&diagnostics),
                        failure.previous_kept
                    );
                });
                failed = true;
            }
            Err(Error::Reported) => failed = true,
            Err(tool) => {
                progress.finish();
                return Err(tool);
            }
        }
    }
    progress.finish();
    if failed { Err(Error::Reported) } else { Ok(()) }
}

fn bygg(folder: Option<&Path>, options: &BuildOptions, webb: bool) -> Result<(), Error> {
    let (sandbox, meetings) = reported(build::resolve_meetings(folder))?;
    let failure = Failure {
        not_built: "kallelsen byggdes inte",
        previous_kept: "den förra PDF:en är orörd",
    };
    each_meeting(&sandbox, &meetings, failure, |meeting, progress| {
        let output = options.output.as_deref();
        // The web version is laid out while the kallelse is, and written
        // only once the kallelse is.
        let (built, web) = beside(webb, meeting, output, || {
            build::build_meeting(meeting, options, &mut PartCache::default())
        });
        let built = built?;
        progress.print(|| {
            report(sandbox.root(), &built.warnings);
            println!("Skrev {} ({} sidor)", shown(&built.pdf), built.pages);
        });
        if let Some(web) = web {
            published(
                meeting,
                web.and_then(|w| publish::write_web_version(meeting, w, output)),
            )?;
        }
        Ok(())
    })
}

fn protokoll(folder: Option<&Path>, output: Option<PathBuf>, webb: bool) -> Result<(), Error> {
    let (sandbox, mut meetings) = reported(build::resolve_meetings(folder))?;
    if meetings.len() > 1 {
        // Of many meetings, only those whose protokoll has been started.
        meetings.retain(|dir| dir.join(crate::load::PROTOKOLL_FILE).is_file());
        if meetings.is_empty() {
            return reported(Err(Error::input(
                Diagnostic::error("inget sammanträde har något protokoll.yaml")
                    .tips("skapa ett med `kallelse ny protokoll MAPP` efter sammanträdet"),
            )));
        }
    }
    let options = ProtokollOptions { output };
    let failure = Failure {
        not_built: "protokollet byggdes inte",
        previous_kept: "det förra är orört",
    };
    each_meeting(&sandbox, &meetings, failure, |meeting, _| {
        let output = options.output.as_deref();
        let (built, web) = beside(webb, meeting, output, || {
            build::protokoll::build_protokoll(meeting, &options)
        });
        print_protokoll(sandbox.root(), &built?);
        if let Some(web) = web {
            published(
                meeting,
                web.and_then(|w| publish::write_web_version(meeting, w, output)),
            )?;
        }
        Ok(())
    })
}

/// Says what a protokoll build wrote, and what it kept.
fn print_protokoll(root: &Path, built: &build::protokoll::ProtokollReport) {
    report(root, &built.warnings);
    if built.kept_signed {
        println!(
            "Behöll {}: det är underskrivet, och källorna bygger det som skrevs under",
            shown(&built.protokoll)
        );
    } else {
        println!(
            "Skrev {} ({}, {} sidor)",
            shown(&built.protokoll),
            built.paragrafer,
            built.pages
        );
    }
    println!(
        "Skrev {} ({} protokollsutdrag och {})",
        shown(&built.utdrag_dir),
        built.utdrag.len(),
        build::protokoll::SANDLISTA
    );
    println!("Skrev {}", shown(&built.anslag));
    if let Some(day) = &built.justerad_digitalt {
        println!("  Protokollet justerades digitalt {day}; anslaget räknas från den dagen");
    }
    for (rubrik, up, down) in &built.anslag_dates {
        println!("  {rubrik}: anslås {up}, tas ned {down}");
    }
}

fn publicera(folder: Option<&Path>, output: Option<&Path>) -> Result<(), Error> {
    let (sandbox, meetings) = reported(build::resolve_meetings(folder))?;
    let failure = Failure {
        not_built: "webbversionen byggdes inte",
        previous_kept: "den förra är orörd",
    };
    each_meeting(&sandbox, &meetings, failure, |meeting, _| {
        publish_one(meeting, output)
    })
}

/// Runs `build` and, with `webb`, builds the meeting's web version beside
/// it (on the other cores), not yet written.
fn beside<T: Send>(
    webb: bool,
    meeting: &Meeting,
    output: Option<&Path>,
    build: impl FnOnce() -> Result<T, Error> + Send,
) -> (Result<T, Error>, Option<Result<publish::WebVersion, Error>>) {
    if webb {
        let (built, web) =
            crate::parallel::join(build, || publish::web_version_for(meeting, output));
        (built, Some(web))
    } else {
        (build(), None)
    }
}

/// Writes a meeting's web version and says what was written.
fn publish_one(meeting: &Meeting, output: Option<&Path>) -> Result<(), Error> {
    published(meeting, publish::publish_meeting(meeting, output))
}

/// Says what was written of a meeting's web version. Its problems are
/// reported here, so that a build followed by its web version (`bygg
/// --webb`) says which of the two failed.
fn published(
    meeting: &Meeting,
    result: Result<publish::PublishReport, Error>,
) -> Result<(), Error> {
    let root = meeting.sandbox.root();
    match result {
        Ok(published) => {
            report(root, &published.warnings);
            for attachment in &published.attachments {
                eprintln!("{attachment}");
            }
            println!(
                "Skrev webbversionen {} ({} sidor; {})",
                shown(&published.dir),
                published.pages,
                published.files.join(", ")
            );
            Ok(())
        }
        Err(Error::Input(diagnostics)) => {
            report(root, &diagnostics);
            eprintln!(
                "{}: webbversionen byggdes inte ({}); den förra är orörd",
                meeting.relative_dir().display(),
                summary(&diagnostics)
            );
            Err(Error::Reported)
        }
        Err(other) => Err(other),
    }
}

fn webbplats(
    folder: Option<&Path>,
    output: Option<PathBuf>,
    date: Option<&str>,
    base_url: Option<String>,
    all: bool,
) -> Result<(), Error> {
    let date = today(date)?;
    let start = folder.unwrap_or(Path::new("."));
    let sandbox = reported(Sandbox::discover(start))?;
    // Every meeting, the planned ones too: the site lists them.
    let content = sandbox.root().join("content");
    let meetings = sandbox.meetings_under(&content);
    if meetings.is_empty() {
        return reported(Err(build::no_meetings(&content)));
    }
    let options = crate::publish::webbplats::SiteOptions {
        output,
        date,
        base_url,
        all,
    };
    let site = reported(crate::publish::webbplats::build_site(
        &sandbox, &meetings, &options,
    ))?;
    report(sandbox.root(), &site.warnings);
    for (id, problems) in &site.failed {
        report(sandbox.root(), problems);
        eprintln!(
            "content/{id}: sammanträdet byggdes inte ({}); dess förra sidor är kvar",
            summary(problems)
        );
    }
    println!(
        "Skrev webbplatsen {} ({} sammanträden byggda, {} oförändrade, {} utan kallelse ännu; {} sidor, kalendrar, flöden och datafiler)",
        shown(&site.dir),
        site.built.len(),
        site.reused,
        site.planned,
        site.files
    );
    if site.failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Reported)
    }
}

/// `--datum` as given, else today.
fn today(datum: Option<&str>) -> Result<chrono::NaiveDate, Error> {
    match datum {
        None => Ok(chrono::Local::now().date_naive()),
        Some(text) => reported(parse_date(text, "--datum ")),
    }
}

/// A date as the user typed it, ÅÅÅÅ-MM-DD; `flag` names where
/// (`--datum `), for the message.
fn parse_date(text: &str, flag: &str) -> Result<chrono::NaiveDate, Error> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::input(
            Diagnostic::error(format!("`{flag}{text}` är inget datum")).tips(format!(
                "skriv datumet som ÅÅÅÅ-MM-DD, t.ex. {flag}2026-12-01"
            )),
        )
    })
}

fn kontrollera(
    folder: Option<&Path>,
    format: Format,
    today: chrono::NaiveDate,
) -> Result<(), Error> {
    let (sandbox, meetings) = reported(build::resolve_meetings(folder))?;
    let mut all = Vec::new();
    let mut loaded = Vec::new();
    for dir in &meetings {
        match Meeting::load(&sandbox, dir) {
            Ok(meeting) => {
                all.extend(build::check_meeting(&meeting)?);
                all.extend(build::protokoll::check_protokoll(&meeting)?);
                loaded.push(meeting);
            }
            Err(Error::Input(problems)) => all.extend(problems),
            Err(other) => return Err(other),
        }
    }
    let loaded: Vec<&Meeting> = loaded.iter().collect();
    all.extend(crate::plan::problems(&sandbox, &loaded, today)?);
    match format {
        Format::Lang => report(sandbox.root(), &all),
        Format::Kort => {
            for diagnostic in sorted(&all) {
                println!("{diagnostic}");
            }
        }
    }
    if all.is_empty() {
        let noun = if meetings.len() == 1 {
            "sammanträde"
        } else {
            "sammanträden"
        };
        eprintln!("Inga fel eller varningar ({} {noun}).", meetings.len());
    } else {
        eprintln!("{}", summary(&all));
    }
    if all.iter().any(|d| d.severity == Severity::Error) {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}

fn status(folder: Option<&Path>, today: chrono::NaiveDate) -> Result<(), Error> {
    let (sandbox, meetings) = reported(build::resolve_meetings(folder))?;
    let overviews = crate::status::overviews(&sandbox, &meetings, today)?;
    for (index, overview) in overviews.iter().enumerate() {
        if index > 0 {
            println!();
        }
        print!("{}", crate::status::render(overview));
    }
    Ok(())
}

fn bevaka(folder: Option<&Path>, output: Option<PathBuf>) -> Result<(), Error> {
    let (sandbox, _) = reported(build::resolve_meetings(folder))?;
    let shown_root = match shown(sandbox.root()) {
        here if here.is_empty() => ".".to_owned(),
        other => other,
    };
    eprintln!("Bevakar {shown_root} (avsluta med Ctrl+C)");
    let options = BuildOptions {
        output,
        keep_typst: false,
    };
    crate::watch::bevaka(&sandbox, folder, &options)
}
