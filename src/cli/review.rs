//! Shared by `agree` and `adjudicate`: the compared annotators (`--annotators`, checked against
//! the project). The documents they have in common come from
//! [`Project::common_documents`].

use std::collections::BTreeSet;

use anyhow::bail;

use stancemark::project::Project;

/// The annotators named by `--annotators` (checked against the project), or all of them.
pub fn annotators(project: &Project, requested: Option<&[String]>) -> anyhow::Result<Vec<String>> {
    let all = project.annotators()?;
    let chosen = match requested {
        None => all,
        Some(list) => {
            let mut seen = BTreeSet::new();
            for name in list {
                if !all.contains(name) {
                    bail!(
                        "{}: no annotator {name:?} (annotators: {})",
                        project.root().display(),
                        all.join(", ")
                    );
                }
                if !seen.insert(name) {
                    bail!("annotator {name:?} is listed twice");
                }
            }
            list.to_vec()
        }
    };
    if chosen.len() < 2 {
        bail!(
            "{}: comparing needs at least two annotators, found {}",
            project.root().display(),
            chosen.len()
        );
    }
    Ok(chosen)
}
