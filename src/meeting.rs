//! Between validate and the later stages: one meeting, loaded and
//! validated once per command. Every command (`bygg`, `protokoll`,
//! `publicera`, `kontrollera`, `status`, `bevaka`, `webbplats`) takes a
//! [`Meeting`] and never reads or checks the folder a second time; the
//! documents made from it (the kallelse, the protokoll, the web version)
//! all start from this one value.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::load::{self, Sandbox};
use crate::validate::protokoll::{DigitalJustering, Protokoll};
use crate::validate::{self, Facts, Packet};

/// A meeting as loaded and validated: what its documents show, the facts
/// behind them, and its protokoll when it has one.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// The project it belongs to (recording the files it reads, for the
    /// site's incremental build, when the sandbox records).
    pub sandbox: Sandbox,
    /// What the kallelse shows.
    pub packet: Packet,
    /// What later checks and stages need.
    pub facts: Facts,
    /// Problems of the kallelse's sources that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The protokoll, when the meeting has a `protokoll.yaml`.
    pub protokoll: Option<ProtokollState>,
}

/// A meeting's protokoll: valid, or with the problems that stop it. The
/// kallelse of a meeting can be built whatever state its protokoll is in.
#[derive(Debug, Clone)]
pub enum ProtokollState {
    /// Checked and ready.
    Valid(Box<Protokoll>),
    /// What is wrong with it.
    Invalid(Vec<Diagnostic>),
}

/// How many meetings this process has loaded and validated (to show that
/// each command does it once per meeting).
static LOADS: AtomicUsize = AtomicUsize::new(0);

/// How many meetings this process has loaded and validated.
pub fn loads() -> usize {
    LOADS.load(Ordering::Relaxed)
}

impl Meeting {
    /// Loads and validates the meeting in `dir`, and its protokoll when
    /// it has one. Problems of the meeting itself are an error; those of
    /// its protokoll are kept for the commands that need it.
    pub fn load(sandbox: &Sandbox, dir: &Path) -> Result<Meeting> {
        let started = Instant::now();
        LOADS.fetch_add(1, Ordering::Relaxed);
        let loaded = load::load_meeting(sandbox, dir)?;
        let protokoll_file = load::load_protokoll(sandbox, &loaded);
        let validate::Validated {
            packet,
            facts,
            warnings,
        } = validate::validate(loaded)?;
        let protokoll = match protokoll_file {
            Ok(None) => None,
            Ok(Some(file)) => Some(
                match validate::protokoll::validate(sandbox, &packet, &facts, file) {
                    Ok(protokoll) => ProtokollState::Valid(Box::new(protokoll)),
                    Err(Error::Input(problems)) => ProtokollState::Invalid(problems),
                    Err(tool) => return Err(tool),
                },
            ),
            Err(Error::Input(problems)) => Some(ProtokollState::Invalid(problems)),
            Err(tool) => return Err(tool),
        };
        crate::timing::stage("läsa och kontrollera", started);
        Ok(Meeting {
            sandbox: sandbox.clone(),
            packet,
            facts,
            warnings,
            protokoll,
        })
    }

    /// The meeting with its protokoll justerat digitally (everyone has
    /// signed it): the anslag is counted from the day of the last
    /// signature. See [`Protokoll::justerad_digitalt`].
    pub fn justerad_digitalt(&self, justering: DigitalJustering) -> Result<Meeting> {
        let protokoll = self.protokoll()?.clone();
        let justerad = protokoll.justerad_digitalt(&self.sandbox, justering)?;
        Ok(Meeting {
            protokoll: Some(ProtokollState::Valid(Box::new(justerad))),
            ..self.clone()
        })
    }

    /// The meeting folder relative to the project root.
    pub fn relative_dir(&self) -> PathBuf {
        self.sandbox.relative(&self.facts.meeting_dir).to_path_buf()
    }

    /// The protokoll, or why there is none to build: the meeting has no
    /// `protokoll.yaml` (an error that says how to start one), or the
    /// protokoll's problems.
    pub fn protokoll(&self) -> Result<&Protokoll> {
        match &self.protokoll {
            Some(ProtokollState::Valid(protokoll)) => Ok(protokoll),
            Some(ProtokollState::Invalid(problems)) => Err(Error::Input(problems.clone())),
            None => {
                let meeting = self.relative_dir();
                Err(Error::input(
                    Diagnostic::error(format!(
                        "sammanträdet {} har inget protokoll ({} saknas)",
                        meeting.display(),
                        load::PROTOKOLL_FILE
                    ))
                    .at(Location::file(meeting.join(load::PROTOKOLL_FILE)))
                    .tips(format!(
                        "skapa det med `kallelse ny protokoll {}` och fyll i det som hände på sammanträdet",
                        meeting.display()
                    )),
                ))
            }
        }
    }
}
