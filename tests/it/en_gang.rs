//! Each command loads and validates a meeting once: with `KALLELSE_TIDER`
//! set, the stage line "läsa och kontrollera" appears once per meeting,
//! however many documents the command makes of it.

use crate::support::Project;

/// How many times a run loaded and validated a meeting.
fn loads(project: &Project, args: &[&str]) -> usize {
    let run = project.run_with_env(args, &[("KALLELSE_TIDER", "1")]);
    assert_eq!(run.code(), 0, "{args:?}: {}", run.stderr());
    run.stderr()
        .lines()
        .filter(|l| l.starts_with("tid: läsa och kontrollera:"))
        .count()
}

#[test]
fn every_command_loads_a_meeting_once() {
    let project = Project::example();
    let held = "content/socialnamnden/2026-11-12";
    let coming = "content/socialnamnden/2026-12-10";
    for args in [
        &["bygg", coming][..],
        &["bygg", "--webb", coming],
        &["publicera", coming],
        &["protokoll", held],
        &["protokoll", "--webb", held],
    ] {
        assert_eq!(loads(&project, args), 1, "{args:?}");
    }
    // For the nämnd's plan, `kontrollera` and `status` of one meeting
    // also read the nämnd's other meeting with ärenden, once; the meeting
    // checked is not read again.
    for args in [
        &["kontrollera", coming][..],
        &["status", coming],
        &["kontrollera", held],
    ] {
        assert_eq!(loads(&project, args), 2, "{args:?}");
    }
    // Every meeting with ärenden once, planned ones only read; the plan
    // takes the checked meetings as they are.
    assert_eq!(loads(&project, &["kontrollera"]), 3);
    assert_eq!(loads(&project, &["plan"]), 3);
    assert_eq!(loads(&project, &["webbplats", "--datum", "2026-11-20"]), 3);
    // An unchanged site reads no meeting again.
    assert_eq!(loads(&project, &["webbplats", "--datum", "2026-11-20"]), 0);
}
