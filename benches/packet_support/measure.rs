//! Runs the kallelse binary as a child process and measures its wall time
//! and peak resident set size (`ru_maxrss` from `wait4`).

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One finished child.
pub struct Run {
    pub wall: Duration,
    /// Peak RSS of the child in bytes.
    pub peak_rss: u64,
    /// Exit code (or 128 + signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The page count from `Skrev … (N sidor)`.
    pub fn pages(&self) -> Option<usize> {
        self.stdout.lines().find_map(|line| {
            let inner = line.rsplit_once('(')?.1;
            inner.strip_suffix(" sidor)")?.parse().ok()
        })
    }
}

/// Runs `program args…` in `dir`, output to files in `scratch`.
pub fn run(program: &Path, args: &[&str], dir: &Path, scratch: &Path) -> Run {
    std::fs::create_dir_all(scratch).expect("mappen för utdata");
    let out_path = scratch.join("stdout.txt");
    let err_path = scratch.join("stderr.txt");
    let out = File::create(&out_path).expect("stdout-fil");
    let err = File::create(&err_path).expect("stderr-fil");
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("kunde inte starta {}: {e}", program.display()));
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (std never waits for
        // it: the `Child` is dropped without `wait`), and both pointers are
        // valid for the call.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(
            err.kind(),
            std::io::ErrorKind::Interrupted,
            "wait4 misslyckades: {err}"
        );
    }
    let wall = start.elapsed();
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else if libc::WIFSIGNALED(status) {
        128 + libc::WTERMSIG(status)
    } else {
        -1
    };
    Run {
        wall,
        // Linux reports ru_maxrss in kibibytes.
        peak_rss: usage.ru_maxrss as u64 * 1024,
        code,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

/// Like [`run`], but panics with the child's output unless it exited 0.
pub fn run_ok(program: &Path, args: &[&str], dir: &Path, scratch: &Path) -> Run {
    let run = run(program, args, dir, scratch);
    assert!(
        run.code == 0,
        "`kallelse {}` i {} slutade med kod {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        run.code,
        run.stdout,
        run.stderr
    );
    run
}

/// The median of a non-empty list.
pub fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
