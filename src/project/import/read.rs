//! Reading import inputs: the formats, folders of inputs, and each file parsed into
//! documents and annotation sets (with warnings for what reading changed).

use std::path::{Path, PathBuf};

use crate::io::import::{Imported, ImportedDoc, Item};
use crate::io::{self, LoadError};

use super::{ImportOptions, ProjectError, Scheme};

/// The formats `import` reads.
///
/// The command line takes them by [`ImportFormat::name`] (`clap::ValueEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    Text,
    Jsonl,
    Brat,
    LabelStudio,
    Doccano,
    Native,
    Citron,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 7] = [
        ImportFormat::Text,
        ImportFormat::Jsonl,
        ImportFormat::Brat,
        ImportFormat::LabelStudio,
        ImportFormat::Doccano,
        ImportFormat::Native,
        ImportFormat::Citron,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Text => "text",
            ImportFormat::Jsonl => "jsonl",
            ImportFormat::Brat => "brat",
            ImportFormat::LabelStudio => "label-studio",
            ImportFormat::Doccano => "doccano",
            ImportFormat::Native => "native",
            ImportFormat::Citron => "citron",
        }
    }

    /// The format named `name` (as [`ImportFormat::name`] spells it), if any.
    pub fn from_name(name: &str) -> Option<ImportFormat> {
        ImportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The file extension read when an input is a folder.
    fn extension(self) -> &'static str {
        match self {
            ImportFormat::Text => "txt",
            ImportFormat::Jsonl | ImportFormat::Doccano => "jsonl",
            ImportFormat::Brat => "ann",
            ImportFormat::LabelStudio | ImportFormat::Native | ImportFormat::Citron => "json",
        }
    }
}

/// Folders become their files with the format's extension (sorted); files stay as given.
pub(super) fn expand_inputs(
    format: ImportFormat,
    inputs: &[PathBuf],
) -> Result<Vec<PathBuf>, ProjectError> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries = std::fs::read_dir(input).map_err(|source| ProjectError::Io {
                path: input.display().to_string(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == format.extension()))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

pub(super) fn read_one(
    format: ImportFormat,
    path: &Path,
    opts: &ImportOptions,
) -> Result<Imported, LoadError> {
    let mut notices = Vec::new();
    let content = read_reporting(path, opts.lossy, &mut notices)?;
    let mut imported = parse_one(format, path, content, opts, &mut notices)?;
    imported.notices.splice(0..0, notices);
    Ok(imported)
}

/// Reads a text input, turning a removed BOM or replaced bytes into notices (grouped by kind
/// in the summary, so a thousand files with a BOM make one line).
fn read_reporting(path: &Path, lossy: bool, notices: &mut Vec<Item>) -> Result<String, LoadError> {
    let file = io::read_text(path, lossy)?;
    let shown = path.display();
    if file.had_bom {
        notices.push(Item::noted(
            "a UTF-8 byte order mark was removed; offsets count from after it",
            shown.to_string(),
        ));
    }
    if let Some(offset) = file.replaced_from {
        notices.push(Item::noted(
            "not valid UTF-8; bad bytes were replaced by U+FFFD (--lossy)",
            format!("{shown}: byte {offset}"),
        ));
    }
    Ok(file.text)
}

fn parse_one(
    format: ImportFormat,
    path: &Path,
    content: String,
    opts: &ImportOptions,
    notices: &mut Vec<Item>,
) -> Result<Imported, LoadError> {
    let shown = path.display().to_string();
    match format {
        ImportFormat::Text => {
            let stem = path
                .file_stem()
                .map_or("doc".into(), |s| s.to_string_lossy().into_owned());
            Ok(io::text::parse(&stem, &content, &shown))
        }
        ImportFormat::Jsonl => io::jsonl::parse(&content, &shown),
        ImportFormat::Doccano => {
            let dc = io::doccano::ReadOptions {
                relations: Some(&opts.relations),
                scheme: Some(&opts.scheme),
            };
            io::doccano::parse(&content, &shown, &dc)
        }
        ImportFormat::LabelStudio => {
            let ls = io::label_studio::ReadOptions {
                text_key: opts.text_key.as_deref(),
                predictions_as: opts.predictions_as.as_deref(),
                suggestions_for: opts.predictions_as_suggestions.as_deref(),
                scheme: Some(&opts.scheme),
            };
            io::label_studio::parse(&content, &shown, &ls)
        }
        ImportFormat::Brat => {
            let (txt, stem, annotator) = brat_text_of(path, &opts.scheme);
            let text = read_reporting(&txt, opts.lossy, notices)?;
            let mut imported = io::brat::parse(&stem, &text, &content, &shown, &opts.scheme)?;
            if let Some(a) = annotator {
                for d in &mut imported.docs {
                    for s in &mut d.sets {
                        s.set.annotator = a.clone();
                    }
                }
            }
            Ok(imported)
        }
        ImportFormat::Citron => {
            let txt = path.with_extension("txt");
            let sibling = match txt.exists() {
                true => Some(read_reporting(&txt, opts.lossy, notices)?),
                false => None,
            };
            let stem = path
                .file_stem()
                .map_or("doc".into(), |s| s.to_string_lossy().into_owned());
            io::citron::parse(&stem, &content, &shown, sibling.as_deref(), &opts.scheme)
        }
        ImportFormat::Native => {
            let f = io::native::parse(&content, &shown)?;
            let places = f
                .annotations
                .frames()
                .iter()
                .map(|fr| (fr.id.clone(), format!("{shown}: frame {}", fr.id)))
                .collect();
            Ok(Imported {
                docs: vec![ImportedDoc {
                    document: f.document,
                    has_id: true,
                    origin: shown,
                    sets: vec![io::import::ImportedSet {
                        set: f.annotations,
                        places,
                    }],
                }],
                ..Default::default()
            })
        }
    }
}

/// The `.txt` of an `.ann`, the document id and the annotator the file name gives. Normally
/// `X.ann` → `X.txt` beside it. With a scheme that names the annotator in the file
/// (`ARTICLE_4e07.ann`, PolNeAR), the text is `ARTICLE.txt` beside it or in `../text/`; the
/// plain `X.txt` still wins when it exists.
fn brat_text_of(path: &Path, scheme: &Scheme) -> (PathBuf, String, Option<String>) {
    let stem = path
        .file_stem()
        .map_or("doc".into(), |s| s.to_string_lossy().into_owned());
    let plain = path.with_extension("txt");
    if scheme.annotator_in_file_name && !plain.exists() {
        if let Some((article, annotator)) = stem.rsplit_once('_') {
            let name = format!("{article}.txt");
            let dir = path.parent().unwrap_or(Path::new("."));
            for candidate in [dir.join(&name), dir.join("..").join("text").join(&name)] {
                if candidate.exists() {
                    return (candidate, article.to_owned(), Some(annotator.to_owned()));
                }
            }
        }
    }
    (plain, stem, None)
}
