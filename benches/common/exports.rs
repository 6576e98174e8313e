//! The export benchmarks shared by `big_corpus` and `single_document`: every format through
//! [`export_durable`] (load, format, check the output, write) without fsync, in bytes of
//! document text per second, and the `stancemark` binary run as a user runs it.
//!
//! Every export, timed or not, writes into a folder of its own that nothing is removed from
//! until the benchmark ends. Removing the previous output before each run (4,000 brat files)
//! made the next run's file creation pay for the freshly deleted inodes (ext4 skips recently
//! deleted inodes while allocating, which showed up as most of the time in `perf`), a cost of
//! the benchmark loop, not of an export into a new folder.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup};
use stancemark::io::atomic::Durability;
use stancemark::project::export::{export_durable, ExportFormat, Overwrite, Selection};
use stancemark::project::Project;

pub const BIN: &str = env!("CARGO_BIN_EXE_stancemark");

/// Runs `stancemark ARGS`, failing the benchmark when it fails.
pub fn run(args: &[&str]) {
    let out = Command::new(BIN)
        .args(args)
        .output()
        .expect("run stancemark");
    assert!(
        out.status.success(),
        "stancemark {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// New, empty folders under one root, one per call.
pub struct FreshFolders {
    root: PathBuf,
    next: u64,
}

impl FreshFolders {
    pub fn new(root: &Path) -> Self {
        FreshFolders {
            root: root.to_path_buf(),
            next: 0,
        }
    }

    pub fn next(&mut self) -> PathBuf {
        self.next += 1;
        let dir = self.root.join(self.next.to_string());
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir
    }
}

/// The output an export of `format` writes to inside `dir`: a file, or a folder for brat.
pub fn output(dir: &Path, format: ExportFormat) -> PathBuf {
    if format.writes_folder() {
        dir.join(format.name())
    } else {
        dir.join(format!("all.{}", format.name()))
    }
}

/// `export_<format>` for every format, of `who`'s files of `project`, into fresh folders under
/// `out`. A format whose check refuses the data is reported, not timed; one whose single run
/// takes longer than `sampled_up_to` is reported from that run, not sampled.
pub fn bench_every_format(
    g: &mut BenchmarkGroup<'_, WallTime>,
    project: &Project,
    who: &Selection,
    text_bytes: u64,
    out: &Path,
    sampled_up_to: Duration,
) {
    let folders = std::cell::RefCell::new(FreshFolders::new(out));
    for format in ExportFormat::ALL {
        let name = format!("export_{}", format.name().replace('-', "_"));
        let export = |target: &Path| {
            export_durable(
                project,
                format,
                who,
                target,
                Overwrite::Refuse,
                Durability::Unsynced,
                &mut |_, _| {},
            )
        };
        let t = Instant::now();
        if let Err(e) = export(&output(&folders.borrow_mut().next(), format)) {
            eprintln!("{name}: the export fails on this data, not timed: {e}");
            continue;
        }
        let once = t.elapsed();
        if once > sampled_up_to {
            eprintln!(
                "{name}: one run took {:.1} s ({:.2} MB/s of text); not sampled",
                once.as_secs_f64(),
                text_bytes as f64 / 1e6 / once.as_secs_f64()
            );
            continue;
        }
        g.bench_function(&name, |b| {
            b.iter_batched(
                || output(&folders.borrow_mut().next(), format),
                |target| export(&target).expect("export"),
                BatchSize::PerIteration,
            )
        });
    }
}
