//! The Import and Export forms: the options of `stancemark import` / `export` as the window's
//! fields, turned into the library calls' arguments (or what is wrong with them). No egui here.

use std::path::PathBuf;

use crate::project::export::{ExportFormat, Selection};
use crate::project::import::{self, ImportFormat, ImportOptions, RelationMap, Scheme};
use crate::project::Project;

/// The import form: the options of `stancemark import`.
#[derive(Debug, Clone)]
pub struct ImportForm {
    pub format: ImportFormat,
    /// Input files or folders, one per line.
    pub inputs: String,
    /// `--annotator` for sources that name none (blank: none).
    pub annotator: String,
    /// `--map` entries, `OLD=NEW`, one per line.
    pub map: String,
    pub add_labels: bool,
    pub replace: bool,
    pub lossy: bool,
    /// `--scheme` (blank: none).
    pub scheme: String,
    /// `--roles NAME=ROLE,…`.
    pub roles: String,
    /// `--frame-type`, comma-separated.
    pub frame_types: String,
    /// `--default-stance` (blank: the scheme's, or none).
    pub default_stance: String,
    pub allow_loss: bool,
    pub skip_invalid: bool,
    /// Label Studio: `--text-key` (blank: `text`).
    pub text_key: String,
    /// Label Studio: `--predictions-as` (blank: predictions are not imported).
    pub predictions_as: String,
    /// Label Studio: the predictions' annotator gets them as pending suggestions
    /// (`--predictions-as-suggestions`) instead of frames.
    pub predictions_as_suggestions: bool,
    /// doccano: `--relations`.
    pub relations: String,
}

/// What an import run needs.
#[derive(Debug)]
pub struct ImportRequest {
    pub format: ImportFormat,
    pub inputs: Vec<PathBuf>,
    pub options: ImportOptions,
}

impl ImportForm {
    pub fn new(annotator: &str) -> ImportForm {
        ImportForm {
            format: ImportFormat::Jsonl,
            inputs: String::new(),
            annotator: annotator.to_owned(),
            map: String::new(),
            add_labels: false,
            replace: false,
            lossy: false,
            scheme: String::new(),
            roles: String::new(),
            frame_types: String::new(),
            default_stance: String::new(),
            allow_loss: false,
            skip_invalid: false,
            text_key: String::new(),
            predictions_as: String::new(),
            predictions_as_suggestions: false,
            relations: String::new(),
        }
    }

    /// The scheme the form describes (`--scheme`, `--roles`, `--frame-type`,
    /// `--default-stance`), or what is wrong with it.
    fn scheme(&self) -> Result<Scheme, String> {
        let name = self.scheme.trim();
        let mut scheme = if name.is_empty() {
            Scheme::default()
        } else {
            Scheme::named(name).ok_or_else(|| format!("unknown scheme {name:?}"))?
        };
        scheme.add_roles(&self.roles)?;
        scheme.frame_types.extend(
            self.frame_types
                .split(',')
                .map(|t| t.trim().to_ascii_lowercase())
                .filter(|t| !t.is_empty()),
        );
        if let Some(d) = non_empty(&self.default_stance) {
            scheme.default_stance = Some(d);
        }
        Ok(scheme)
    }

    /// The library call's arguments, or what is wrong with the form.
    pub fn request(&self) -> Result<ImportRequest, String> {
        let inputs: Vec<PathBuf> = lines(&self.inputs).map(PathBuf::from).collect();
        if inputs.is_empty() {
            return Err("give at least one input file or folder".into());
        }
        let map_lines: Vec<&str> = lines(&self.map).collect();
        let map = import::parse_map(&map_lines)?;
        let mut relations = RelationMap::default();
        relations.add(&self.relations)?;
        let annotator = Some(self.annotator.trim())
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
        Ok(ImportRequest {
            format: self.format,
            inputs,
            options: ImportOptions {
                annotator,
                map,
                add_labels: self.add_labels,
                replace: self.replace,
                lossy: self.lossy,
                scheme: self.scheme()?,
                allow_loss: self.allow_loss,
                skip_invalid: self.skip_invalid,
                predictions_as: non_empty(&self.predictions_as)
                    .filter(|_| !self.predictions_as_suggestions),
                predictions_as_suggestions: non_empty(&self.predictions_as)
                    .filter(|_| self.predictions_as_suggestions),
                text_key: non_empty(&self.text_key),
                relations,
            },
        })
    }
}

/// The export form: the options of `stancemark export`.
#[derive(Debug, Clone)]
pub struct ExportForm {
    pub format: ExportFormat,
    /// Output file (a folder for brat).
    pub out: String,
    pub gold: bool,
    pub annotator: String,
    /// The project's annotators, offered in a combo box.
    pub annotators: Vec<String>,
}

impl ExportForm {
    pub fn new(project: &Project, annotator: &str) -> ExportForm {
        let mut f = ExportForm {
            format: ExportFormat::Jsonl,
            out: String::new(),
            gold: false,
            annotator: annotator.to_owned(),
            annotators: project.annotators().unwrap_or_default(),
        };
        f.out = f.default_out(project).display().to_string();
        f
    }

    /// `DIR/export/<who>.<ext>` (a folder `DIR/export/<who>-brat` for brat).
    pub fn default_out(&self, project: &Project) -> PathBuf {
        let who = if self.gold { "gold" } else { &self.annotator };
        let name = match self.format {
            ExportFormat::Brat => format!("{who}-brat"),
            ExportFormat::Csv => format!("{who}.csv"),
            ExportFormat::LabelStudio => format!("{who}.label-studio.json"),
            ExportFormat::Doccano => format!("{who}.doccano.jsonl"),
            ExportFormat::Spacy => format!("{who}.spacy.jsonl"),
            ExportFormat::Conll => format!("{who}.conll"),
            ExportFormat::W3c => format!("{who}.w3c.jsonld"),
            ExportFormat::Jsonl => format!("{who}.jsonl"),
        };
        project.root().join("export").join(name)
    }

    pub fn request(&self) -> Result<(ExportFormat, Selection, PathBuf), String> {
        let out = self.out.trim();
        if out.is_empty() {
            return Err("give an output path".into());
        }
        let selection = if self.gold {
            Selection::Gold
        } else if self.annotator.trim().is_empty() {
            return Err("choose an annotator, or gold".into());
        } else {
            Selection::Annotator(self.annotator.trim().to_owned())
        };
        Ok((self.format, selection, PathBuf::from(out)))
    }
}

fn non_empty(s: &str) -> Option<String> {
    Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The window's form: which of the two it is.
#[derive(Debug, Clone)]
pub enum Form {
    Import(ImportForm),
    Export(ExportForm),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_form_becomes_the_cli_options() {
        let mut f = ImportForm::new("alice");
        assert!(f.request().is_err(), "no inputs");
        f.inputs = " a.jsonl \n\n folder/b \n".into();
        f.map = "warn=warning\n deny=denial ".into();
        f.format = ImportFormat::Brat;
        f.add_labels = true;
        let r = f.request().unwrap();
        assert_eq!(
            r.inputs,
            vec![PathBuf::from("a.jsonl"), PathBuf::from("folder/b")]
        );
        assert_eq!(r.format, ImportFormat::Brat);
        assert_eq!(r.options.annotator.as_deref(), Some("alice"));
        assert_eq!(r.options.map.len(), 2);
        assert!(r.options.add_labels && !r.options.replace && !r.options.lossy);
        f.annotator = "  ".into();
        assert_eq!(f.request().unwrap().options.annotator, None);
        f.map = "nonsense".into();
        assert!(f.request().unwrap_err().contains("nonsense"));
        f.map.clear();
        f.scheme = "polnear".into();
        f.roles = "Speaker=source".into();
        f.default_stance = " claim ".into();
        f.allow_loss = true;
        f.text_key = "ner".into();
        f.relations = "said_by=source, ignore".into();
        let o = f.request().unwrap().options;
        assert!(o.scheme.is_frame_type("Attribution"));
        assert_eq!(
            o.scheme.role("speaker"),
            Some(crate::model::SpanRole::Source)
        );
        assert_eq!(o.scheme.default_stance.as_deref(), Some("claim"));
        assert!(o.allow_loss && !o.skip_invalid);
        assert_eq!(o.text_key.as_deref(), Some("ner"));
        assert_eq!(o.predictions_as, None);
        assert_eq!(o.relations.meaning("said_by"), Some("source"));
        assert_eq!(o.relations.meaning("other"), Some("ignore"));
        f.scheme = "parc".into();
        assert!(f.request().unwrap_err().contains("\"parc\""));
        f.scheme.clear();
        f.roles = "Speaker".into();
        assert!(f.request().unwrap_err().contains("NAME=ROLE"));
    }

    #[test]
    fn export_form_needs_a_path_and_a_whose() {
        let dir = tempfile::tempdir().unwrap();
        let project = Project::init(dir.path(), Some("p"), None).unwrap();
        let mut f = ExportForm::new(&project, "bob");
        let (fmt, sel, out) = f.request().unwrap();
        assert_eq!(fmt, ExportFormat::Jsonl);
        assert_eq!(sel, Selection::Annotator("bob".into()));
        assert_eq!(out, dir.path().join("export").join("bob.jsonl"));
        f.gold = true;
        assert_eq!(f.request().unwrap().1, Selection::Gold);
        f.gold = false;
        f.annotator.clear();
        assert!(f.request().is_err());
        f.annotator = "bob".into();
        f.out = " ".into();
        assert!(f.request().is_err());
    }
}
