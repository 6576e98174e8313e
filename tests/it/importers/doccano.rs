//! doccano files as doccano writes them (issue 12): free-text relation types, entities given as
//! triples, and identical frames. Offsets counted by hand in
//! "Quill warned that the bridge is unsafe.": Quill [0, 5), warned [6, 12), the claim [18, 38).

use stancemark::io::import::RelationMap;

use super::*;

fn dc(name: &str) -> Vec<PathBuf> {
    vec![fixture(&format!("doccano/{name}"))]
}

fn opts(relations: &str) -> ImportOptions {
    let mut map = RelationMap::default();
    map.add(relations).unwrap();
    ImportOptions {
        annotator: Some("ann".into()),
        relations: map,
        ..Default::default()
    }
}

#[test]
fn relation_types_of_their_own_are_counted_mapped_or_ignored() {
    let (_d, mut p) = empty_project();
    let before = files(p.root());
    let e = run_import(
        &mut p,
        ImportFormat::Doccano,
        &dc("free-relations.jsonl"),
        &opts(""),
    )
    .unwrap_err();
    assert_eq!(files(p.root()), before, "nothing is written");
    assert!(e.starts_with("3 annotations would not be imported"), "{e}");
    assert!(
        e.contains("1 × relation of type said_by (see --relations) ("),
        "{e}"
    );
    assert!(e.contains("free-relations.jsonl:1 relations[0])"), "{e}");
    assert!(
        e.contains("1 × relation of type foundedAt (see --relations) ("),
        "{e}"
    );
    assert!(e.contains("1 × role entity linked to no claim ("), "{e}");
    assert!(e.contains("free-relations.jsonl:1 entity 2)"), "{e}");

    // Mapped, and the rest ignored on purpose: no loss, the ignored one still counted.
    let r = run_import(
        &mut p,
        ImportFormat::Doccano,
        &dc("free-relations.jsonl"),
        &opts("said_by=source,ignore"),
    )
    .unwrap();
    assert!(r.not_imported.is_empty(), "{:?}", r.not_imported);
    assert_eq!(r.left_out.len(), 1);
    assert_eq!(
        r.left_out[0].reason,
        "relation of type foundedAt (--relations ignore)"
    );
    let s = set_of(&p, "ann", "bridge");
    let f = &s.frames()[0];
    assert_eq!(spans(&f.claim), [(18, 38)]);
    assert_eq!(
        spans(f.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 5)]
    );
    assert_eq!(spans(f.cue.as_ref().unwrap()), [(6, 12)]);
}

#[test]
fn entities_given_as_triples_are_read() {
    let (_d, mut p) = empty_project();
    let o = ImportOptions {
        allow_loss: true,
        ..opts("")
    };
    let r = run_import(
        &mut p,
        ImportFormat::Doccano,
        &dc("entity-triples.jsonl"),
        &o,
    )
    .unwrap();
    assert_eq!(r.frames, 1);
    // The SOURCE triple has no id, so no relation can tie it to the claim: counted.
    assert_eq!(r.not_imported.len(), 1);
    assert_eq!(r.not_imported[0].reason, "role entity linked to no claim");
    assert!(r.not_imported[0].first[0].ends_with("entity-triples.jsonl:1 entity 1"));
    let s = set_of(&p, "ann", "bridge");
    assert_eq!(spans(&s.frames()[0].claim), [(18, 38)]);
    assert_eq!(s.frames()[0].stance, "warning");
}

#[test]
fn identical_frames_are_imported_once_and_reported() {
    let (_d, mut p) = empty_project();
    let r = run_import(
        &mut p,
        ImportFormat::Doccano,
        &dc("duplicate-labels.jsonl"),
        &opts(""),
    )
    .unwrap();
    assert_eq!(r.frames, 2);
    assert_eq!(r.left_out.len(), 1);
    assert_eq!(
        r.left_out[0].reason,
        "frame identical to another, imported once"
    );
    assert_eq!(r.left_out[0].count, 1);
    assert!(
        r.left_out[0].first[0].ends_with("duplicate-labels.jsonl:1 f2"),
        "{:?}",
        r.left_out
    );
    let s = set_of(&p, "ann", "bridge");
    let got: Vec<(Vec<(usize, usize)>, &str)> = s
        .frames()
        .iter()
        .map(|f| (spans(&f.claim), f.stance.as_str()))
        .collect();
    assert_eq!(
        got,
        [(vec![(0, 12)], "report"), (vec![(18, 38)], "warning")]
    );
}
