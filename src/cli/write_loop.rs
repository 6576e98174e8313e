//! Hidden commands for the crash-safety tests, which kill them with SIGKILL at random moments.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use stancemark::model::AnnotationSet;
use stancemark::project::import::{import, ImportFormat, ImportOptions};
use stancemark::project::{Project, GOLD_ANNOTATOR};
use stancemark::review::auto_accept;

/// Saves the canonical form of A and B to OUT alternately, forever.
pub fn save_loop(a: &Path, b: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let a = stancemark::io::native::load(a)?;
    let b = stancemark::io::native::load(b)?;
    println!("ready");
    std::io::Write::flush(&mut std::io::stdout())?;
    loop {
        for f in [&a, &b] {
            stancemark::io::native::save(out, &f.document, &f.annotations)
                .with_context(|| format!("{}: cannot save", out.display()))?;
        }
    }
}

/// Project writes in a loop: each round imports the next of `inputs` (native files, replacing
/// the annotator's file, as `import --from native --replace` does) and then writes the gold
/// version of every document from the frames all annotators agree on (as `adjudicate --auto
/// --min-agree 2` does, but from an empty gold each round, so that every round writes gold).
/// `rounds` 0 runs forever.
pub fn project_write_loop(dir: &Path, inputs: &[PathBuf], rounds: u64) -> anyhow::Result<ExitCode> {
    let mut project = Project::open(dir)?;
    let opts = ImportOptions {
        replace: true,
        ..ImportOptions::default()
    };
    println!("ready");
    std::io::Write::flush(&mut std::io::stdout())?;
    let mut round = 0u64;
    while rounds == 0 || round < rounds {
        let input = &inputs[(round % inputs.len() as u64) as usize];
        import(
            &mut project,
            ImportFormat::Native,
            std::slice::from_ref(input),
            &opts,
            &mut |_, _| {},
        )?;
        let annotators = project.annotators()?;
        for d in project.common_documents(&annotators)? {
            let doc = &d.document;
            let mut gold =
                AnnotationSet::new(&doc.id, GOLD_ANNOTATOR, project.schema().reference());
            let refs: Vec<&AnnotationSet> = d.sets.iter().collect();
            let step = auto_accept(&refs, &gold, 2, "crash-test");
            step.transaction
                .apply(&mut gold)
                .map_err(|e| anyhow::anyhow!("gold for {:?}: {e}", doc.id))?;
            project.save_gold(doc, &gold)?;
        }
        round += 1;
    }
    Ok(ExitCode::SUCCESS)
}
