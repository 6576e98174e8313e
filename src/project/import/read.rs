//! Reading import inputs: the formats, folders of inputs, and each file parsed into
//! documents and annotation sets (with warnings for what reading changed).

use std::path::{Path, PathBuf};

use crate::io::import::{Imported, ImportedDoc};
use crate::io::{self, LoadError};

use super::ProjectError;

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
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 6] = [
        ImportFormat::Text,
        ImportFormat::Jsonl,
        ImportFormat::Brat,
        ImportFormat::LabelStudio,
        ImportFormat::Doccano,
        ImportFormat::Native,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Text => "text",
            ImportFormat::Jsonl => "jsonl",
            ImportFormat::Brat => "brat",
            ImportFormat::LabelStudio => "label-studio",
            ImportFormat::Doccano => "doccano",
            ImportFormat::Native => "native",
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
            ImportFormat::LabelStudio | ImportFormat::Native => "json",
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
    lossy: bool,
) -> Result<Imported, LoadError> {
    let mut warnings = Vec::new();
    let content = read_reporting(path, lossy, &mut warnings)?;
    let mut imported = parse_one(format, path, content, lossy, &mut warnings)?;
    imported.warnings.splice(0..0, warnings);
    Ok(imported)
}

/// Reads a text input, turning a removed BOM or replaced bytes into warnings.
fn read_reporting(
    path: &Path,
    lossy: bool,
    warnings: &mut Vec<String>,
) -> Result<String, LoadError> {
    let file = io::read_text(path, lossy)?;
    let shown = path.display();
    if file.had_bom {
        warnings.push(format!(
            "{shown}: a UTF-8 byte order mark was removed; offsets count from after it"
        ));
    }
    if let Some(offset) = file.replaced_from {
        warnings.push(format!(
            "{shown}: byte {offset}: not valid UTF-8; bad bytes were replaced by U+FFFD (--lossy)"
        ));
    }
    Ok(file.text)
}

fn parse_one(
    format: ImportFormat,
    path: &Path,
    content: String,
    lossy: bool,
    warnings: &mut Vec<String>,
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
        ImportFormat::Doccano => io::doccano::parse(&content, &shown),
        ImportFormat::LabelStudio => io::label_studio::parse(&content, &shown),
        ImportFormat::Brat => {
            let txt = path.with_extension("txt");
            let text = read_reporting(&txt, lossy, warnings)?;
            let stem = path
                .file_stem()
                .map_or("doc".into(), |s| s.to_string_lossy().into_owned());
            io::brat::parse(&stem, &text, &content, &shown)
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
                warnings: Vec::new(),
            })
        }
    }
}
