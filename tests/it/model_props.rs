//! Property tests of the model: random documents in many scripts, random edit sequences.

use proptest::prelude::*;
use stancemark::io::native;
use stancemark::model::{
    validate, AnnotationSet, Document, Entity, Frame, History, Op, Participant, Quote, Schema,
    Span, Status, Transaction,
};

use crate::util::text_strategy;

/// What a user might do; turned into a concrete, valid transaction against the current state.
#[derive(Debug, Clone)]
enum Intent {
    Add {
        a: usize,
        b: usize,
        stance: usize,
    },
    SetSource {
        frame: usize,
        a: usize,
        b: usize,
        entity: bool,
    },
    SetCue {
        frame: usize,
        a: usize,
        b: usize,
    },
    SetVia {
        frame: usize,
        other: usize,
    },
    Remove {
        frame: usize,
    },
    AddEntity {
        name: String,
    },
    Status {
        s: usize,
    },
}

fn intent() -> impl Strategy<Value = Intent> {
    prop_oneof![
        3 => (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(a, b, stance)| Intent::Add { a, b, stance }),
        2 => (any::<usize>(), any::<usize>(), any::<usize>(), any::<bool>()).prop_map(|(frame, a, b, entity)| Intent::SetSource { frame, a, b, entity }),
        1 => (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(frame, a, b)| Intent::SetCue { frame, a, b }),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(frame, other)| Intent::SetVia { frame, other }),
        1 => any::<usize>().prop_map(|frame| Intent::Remove { frame }),
        1 => "[A-Z][a-z]{1,8}".prop_map(|name| Intent::AddEntity { name }),
        1 => (0usize..3).prop_map(|s| Intent::Status { s }),
    ]
}

fn quote(doc: &Document, a: usize, b: usize) -> Quote {
    let n = doc.text.len_chars() + 1;
    let (mut s, mut e) = (a % n, b % n);
    if s > e {
        std::mem::swap(&mut s, &mut e);
    }
    let span = Span::new(s, e);
    Quote::new(span, doc.text.slice(span).unwrap())
}

/// Would setting `frame.via = target` create a cycle?
fn creates_cycle(set: &AnnotationSet, frame: &str, target: &str) -> bool {
    let mut cur = Some(target.to_owned());
    let mut steps = 0;
    while let Some(id) = cur {
        if id == frame || steps > set.frames().len() {
            return true;
        }
        cur = set.frame(&id).and_then(|f| f.via.clone());
        steps += 1;
    }
    false
}

fn to_tx(
    intent: &Intent,
    set: &AnnotationSet,
    doc: &Document,
    schema: &Schema,
) -> Option<Transaction> {
    let pick = |i: usize| -> Option<Frame> {
        let frames = set.frames();
        (!frames.is_empty()).then(|| frames[i % frames.len()].clone())
    };
    Some(match intent {
        Intent::Add { a, b, stance } => {
            let id = set.next_frame_id();
            let st = &schema.stances[stance % schema.stances.len()].id;
            Transaction::new(format!("add {id}")).with(Op::AddFrame(Frame::new(
                id,
                quote(doc, *a, *b),
                st.clone(),
            )))
        }
        Intent::SetSource {
            frame,
            a,
            b,
            entity,
        } => {
            let old = pick(*frame)?;
            let mut new = old.clone();
            new.source = Some(Participant {
                span: Some(quote(doc, *a, *b)),
                entity: if *entity {
                    set.entities.first().map(|e| e.id.clone())
                } else {
                    None
                },
            });
            Transaction::new(format!("set source of {}", old.id)).with(Op::UpdateFrame { old, new })
        }
        Intent::SetCue { frame, a, b } => {
            let old = pick(*frame)?;
            let mut new = old.clone();
            new.cue = Some(quote(doc, *a, *b));
            new.claim = quote(doc, *b, *a);
            Transaction::new("set cue").with(Op::UpdateFrame { old, new })
        }
        Intent::SetVia { frame, other } => {
            let old = pick(*frame)?;
            let target = pick(*other)?;
            if creates_cycle(set, &old.id, &target.id) {
                return None;
            }
            let mut new = old.clone();
            new.via = Some(target.id);
            Transaction::new("set via").with(Op::UpdateFrame { old, new })
        }
        Intent::Remove { frame } => {
            let f = pick(*frame)?;
            // Removing a frame also clears `via` references to it, in the same transaction.
            let mut tx = Transaction::new(format!("delete {}", f.id));
            for r in set.reported_by(&f.id) {
                let mut new = r.clone();
                new.via = None;
                tx.push(Op::UpdateFrame {
                    old: r.clone(),
                    new,
                });
            }
            tx.push(Op::RemoveFrame(f));
            tx
        }
        Intent::AddEntity { name } => {
            let id = set.next_entity_id();
            Transaction::new("add entity").with(Op::AddEntity(Entity::new(
                id,
                name.clone(),
                "person",
            )))
        }
        Intent::Status { s } => Transaction::new("status").with(Op::SetStatus {
            old: set.status,
            new: Status::ALL[*s],
        }),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn transactions_invert_and_invariants_hold(text in text_strategy(), intents in proptest::collection::vec(intent(), 1..40)) {
        let schema = Schema::default_news();
        let doc = Document::new("doc", text);
        let mut set = AnnotationSet::new("doc", "tester", schema.reference());
        let mut history = History::default();
        let mut states = vec![set.clone()];
        for i in &intents {
            let Some(tx) = to_tx(i, &set, &doc, &schema) else { continue };
            let before = set.clone();
            // Applying a transaction then its inverse restores the set exactly.
            tx.apply(&mut set).unwrap();
            tx.invert().apply(&mut set).unwrap();
            prop_assert_eq!(&set, &before);
            history.apply(&mut set, tx).unwrap();
            let problems = validate(&set, &doc, &schema);
            prop_assert!(problems.is_empty(), "{:?}", problems);
            states.push(set.clone());
        }
        // Undo walks back through every state; redo walks forward again.
        for expected in states.iter().rev().skip(1) {
            history.undo(&mut set).unwrap();
            prop_assert_eq!(&set, expected);
        }
        prop_assert!(!history.is_modified());
        for expected in states.iter().skip(1) {
            history.redo(&mut set).unwrap();
            prop_assert_eq!(&set, expected);
        }
    }

    #[test]
    fn save_load_save_is_byte_identical(text in text_strategy(), intents in proptest::collection::vec(intent(), 0..25)) {
        let schema = Schema::default_news();
        let doc = Document::new("doc", text);
        let mut set = AnnotationSet::new("doc", "tester", schema.reference());
        for i in &intents {
            if let Some(tx) = to_tx(i, &set, &doc, &schema) {
                tx.apply(&mut set).unwrap();
            }
        }
        let first = native::to_string(&doc, &set);
        let loaded = native::parse(&first, "x").unwrap();
        prop_assert_eq!(&loaded.document, &doc);
        prop_assert_eq!(&loaded.annotations, &set);
        prop_assert!(loaded.validate(&schema).is_empty());
        prop_assert_eq!(native::to_string(&loaded.document, &loaded.annotations), first);
    }
}
