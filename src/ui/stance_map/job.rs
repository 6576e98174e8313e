//! The stance map's worker thread: reading the project's corpus once, and building the map for
//! each filter the view asks for, so the window stays responsive on a big corpus.
//!
//! The first run of a view reads every document and annotation file and the registry, and lays
//! out the map of every annotator without filters; the view keeps that [`Loaded`] corpus and
//! layout, so later runs only build (and a filtered map is drawn with the unfiltered layout:
//! nodes do not move when filters change). Each run is numbered; the view ignores the answer
//! of a run it no longer waits for.

use std::collections::BTreeSet;
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;

use jiff::civil::Date;

use crate::corpus::layout::Layout;
use crate::corpus::map::published_date;
use crate::corpus::matrix::Matrix;
use crate::corpus::{Corpus, MapFilter, Perspective, StanceMap};
use crate::model::Registry;
use crate::project::Project;

use super::drill::Drill;

/// The corpus of a project as read once, with what the filters offer.
pub struct Loaded {
    pub corpus: Corpus,
    pub registry: Option<Registry>,
    /// Of the map of every annotator, unfiltered.
    pub layout: Layout,
    pub annotators: Vec<String>,
    pub has_gold: bool,
    /// Outlets of the documents, sorted.
    pub outlets: Vec<String>,
    /// Stances met in any annotation file, sorted.
    pub stances: BTreeSet<String>,
    /// The first and last readable `published` dates.
    pub dates: Option<(Date, Date)>,
}

impl Loaded {
    fn read(project: &Project) -> Result<Loaded, String> {
        let registry = project.load_registry().map_err(|e| e.to_string())?;
        let corpus = project.load_corpus().map_err(|e| e.to_string())?;
        let all = StanceMap::build(
            &corpus,
            registry.as_ref(),
            &Perspective::AllAnnotators,
            &MapFilter::default(),
        );
        let layout = Layout::of(&all);
        let outlets: BTreeSet<String> = corpus
            .documents
            .iter()
            .filter_map(|d| d.outlet.clone())
            .collect();
        let stances: BTreeSet<String> = corpus
            .documents
            .iter()
            .flat_map(|d| d.annotations.iter().chain(d.gold.iter()))
            .flat_map(|s| s.frames().iter().map(|f| f.stance.clone()))
            .collect();
        let mut dates = corpus
            .documents
            .iter()
            .filter_map(|d| d.published.as_deref().and_then(published_date));
        let first = dates.next();
        let dates = first.map(|f| dates.fold((f, f), |(a, b), d| (a.min(d), b.max(d))));
        Ok(Loaded {
            annotators: corpus.annotators(),
            has_gold: corpus.has_gold(),
            corpus,
            registry,
            layout,
            outlets: outlets.into_iter().collect(),
            stances,
            dates,
        })
    }
}

/// Whose frames and which: what one run builds.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub perspective: Perspective,
    pub filter: MapFilter,
}

/// One built map with what the view draws from it.
pub struct Computed {
    pub request: Request,
    pub map: StanceMap,
    pub matrix: Matrix,
    pub drill: Drill,
}

/// A run's answer.
pub enum Msg {
    Loaded(Result<Arc<Loaded>, String>),
    Computed(Box<Computed>),
}

/// A running build.
pub struct Job {
    rx: Receiver<Msg>,
    pub request: Request,
}

impl Job {
    /// Builds `request`'s map on a worker thread, reading the corpus first when `loaded` is
    /// `None`.
    pub fn start(project: Project, loaded: Option<Arc<Loaded>>, request: Request) -> Job {
        let (tx, rx) = channel();
        let req = request.clone();
        std::thread::spawn(move || {
            let loaded = match loaded {
                Some(l) => l,
                None => match Loaded::read(&project) {
                    Ok(l) => {
                        let l = Arc::new(l);
                        // The view may be gone: nobody listens then.
                        let _ = tx.send(Msg::Loaded(Ok(l.clone())));
                        l
                    }
                    Err(e) => {
                        let _ = tx.send(Msg::Loaded(Err(e)));
                        return;
                    }
                },
            };
            let _ = tx.send(Msg::Computed(Box::new(compute(&loaded, req))));
        });
        Job { rx, request }
    }

    /// The next answer, if one has come; `Err` when the thread ended without one.
    pub fn next(&self) -> Result<Option<Msg>, String> {
        match self.rx.try_recv() {
            Ok(m) => Ok(Some(m)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => {
                Err("the stance map could not be built (its worker stopped)".to_owned())
            }
        }
    }
}

/// The map, its matrix and its frames for `request`.
pub fn compute(loaded: &Loaded, request: Request) -> Computed {
    let registry = loaded.registry.as_ref();
    let map = StanceMap::build(
        &loaded.corpus,
        registry,
        &request.perspective,
        &request.filter,
    );
    let drill = Drill::of(
        &loaded.corpus,
        registry,
        &request.perspective,
        &request.filter,
    );
    Computed {
        matrix: map.matrix(),
        map,
        drill,
        request,
    }
}
