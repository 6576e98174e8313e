//! A PolNeAR-style corpus (our own articles in its scheme and layout: `text/ARTICLE.txt`,
//! `attributions/ARTICLE_ANNOTATOR.ann`) imported with `--scheme polnear` and exported back to
//! brat. Every offset below was counted by hand in `tests/data/polnear-style/text`.

use stancemark::io::import::Scheme;
use stancemark::project::export::{export, ExportFormat, Overwrite, Selection};
use stancemark::project::import::{ImportFormat, ImportOptions};

use super::*;

fn polnear() -> ImportOptions {
    ImportOptions {
        scheme: Scheme::named("polnear").unwrap(),
        ..Default::default()
    }
}

fn corpus() -> Vec<std::path::PathBuf> {
    vec![fixture("polnear-style/attributions")]
}

#[test]
fn polnear_scheme_reads_attributions_split_quotes_and_shared_sources() {
    let (_d, mut p) = empty_project();
    let r = run_import(&mut p, ImportFormat::Brat, &corpus(), &polnear()).unwrap();
    assert_eq!((r.documents_added, r.annotation_sets, r.frames), (2, 3, 10));
    assert!(r.not_imported.is_empty(), "{:?}", r.not_imported);
    // Discuss and Discard are counted, named by their own ids, and need no --allow-loss.
    let left: Vec<(String, usize, String)> = r
        .left_out
        .iter()
        .map(|g| {
            (
                g.reason.clone(),
                g.count,
                g.first[0].rsplit('/').next().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            (
                "Discard span (left out by the scheme)".to_owned(),
                1,
                "news-2_a1f0.ann:T12".to_owned()
            ),
            (
                "Discuss span (left out by the scheme)".to_owned(),
                1,
                "news-2_a1f0.ann:T13".to_owned()
            ),
        ]
    );
    // The text field of T10 spans a line break, as three PolNeAR lines do.
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(r.warnings[0].starts_with("1 × text field over several lines"));
    assert!(r.warnings[0].ends_with("news-2_a1f0.ann:T10)"));

    let a = set_of(&p, "a1f0", "news-1");
    let f = |id: &str| a.frames().iter().find(|f| f.id == id).unwrap().clone();
    // E1: the plain case; the stance is the scheme's default.
    let e1 = f("f1");
    assert_eq!(spans(&e1.claim), [(38, 69)]);
    assert_eq!(
        spans(e1.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 17)]
    );
    assert_eq!(spans(e1.cue.as_ref().unwrap()), [(18, 22)]);
    assert_eq!(e1.stance, "report");
    // E2: the split quote, quotation marks included as PolNeAR marks them.
    let e2 = f("f2");
    assert_eq!(spans(&e2.claim), [(71, 85), (108, 136)]);
    assert_eq!(e2.claim.fragments()[0].text, "“We will not,”");
    assert_eq!(e2.claim.fragments()[1].text, "“back down on the schedule.”");
    assert_eq!(spans(e2.cue.as_ref().unwrap()), [(92, 96)]);
    // E3: Attribution-no-source.
    let e3 = f("f3");
    assert!(e3.source.is_none());
    assert_eq!(spans(&e3.claim), [(164, 196)]);
    assert_eq!(spans(e3.cue.as_ref().unwrap()), [(140, 158)]);
    // E4: the annotator's note on its content span.
    assert_eq!(f("f4").note, "the figure is the cost of the delay");
    // E5: Content and Content2 are one claim of two fragments.
    assert_eq!(spans(&f("f5").claim), [(239, 263), (282, 328)]);

    // The second annotator's file of the same article lands on the same document.
    let b = set_of(&p, "b2c3", "news-1");
    assert_eq!(b.frames().len(), 2);
    assert_eq!(spans(&b.frames()[1].claim), [(71, 85), (108, 136)]);

    // news-2: one source span shared by two events; a quote over a line break is one fragment.
    let c = set_of(&p, "a1f0", "news-2");
    let src = |i: usize| {
        spans(
            c.frames()[i]
                .source
                .as_ref()
                .unwrap()
                .span
                .as_ref()
                .unwrap(),
        )
    };
    assert_eq!((src(0), src(1)), (vec![(0, 9)], vec![(0, 9)]));
    assert_eq!(spans(&c.frames()[2].claim), [(100, 155)]);
}

#[test]
fn polnear_import_exports_back_to_brat_fragment_for_fragment() {
    let (d, mut p) = empty_project();
    run_import(&mut p, ImportFormat::Brat, &corpus(), &polnear()).unwrap();
    let out = d.path().join("brat");
    export(
        &p,
        ExportFormat::Brat,
        &Selection::Annotator("a1f0".into()),
        &out,
        Overwrite::Refuse,
        &mut |_, _| {},
    )
    .unwrap();
    let claims = |doc: &str| -> Vec<String> {
        let ann = std::fs::read_to_string(out.join(format!("{doc}.ann"))).unwrap();
        ann.lines()
            .filter_map(|l| l.split('\t').nth(1))
            .filter_map(|b| b.strip_prefix("Claim "))
            .map(str::to_owned)
            .collect()
    };
    // In the source: T3, T7, T10, T14, T18+T19 (Content2).
    assert_eq!(
        claims("news-1"),
        [
            "38 69",
            "71 85;108 136",
            "164 196",
            "227 237",
            "239 263;282 328"
        ]
    );
    // T10 holds a line break: brat's field cannot, so the export splits it at the break.
    assert_eq!(claims("news-2"), ["15 40", "55 69", "100 133;134 155"]);
    // Read back, the quote over the line break is one fragment again, as imported.
    let txt = std::fs::read_to_string(out.join("news-2.txt")).unwrap();
    let ann = std::fs::read_to_string(out.join("news-2.ann")).unwrap();
    let back = stancemark::io::brat::parse("news-2", &txt, &ann, "news-2.ann", &Default::default())
        .unwrap();
    let frames = back.docs[0].sets[0].set.frames().to_vec();
    assert_eq!(spans(&frames[2].claim), [(100, 155)]);
    assert_eq!(
        spans(frames[1].source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 9)]
    );
    assert!(back.dropped.is_empty(), "{:?}", back.dropped);
}

#[test]
fn events_that_cannot_be_frames_refuse_the_import_unless_loss_is_allowed() {
    let (d, mut p) = empty_project();
    let dir = d.path().join("attributions");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("x.txt"), "Quill said so. Nobody knows.\n").unwrap();
    std::fs::write(
        dir.join("x_a1f0.ann"),
        "T1\tSource 0 5\tQuill\nT2\tCue 6 10\tsaid\nT3\tContent 11 13\tso\n\
         T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n\
         T5\tAttribution-no-source 22 27\tknows\nE2\tAttribution-no-source:T5 \n\
         T6\tCue 15 21\tNobody\nT7\tTopic 0 5\tQuill\n",
    )
    .unwrap();
    let before = files(p.root());
    let e = run_import(
        &mut p,
        ImportFormat::Brat,
        std::slice::from_ref(&dir),
        &polnear(),
    )
    .unwrap_err();
    assert_eq!(files(p.root()), before, "nothing is written");
    assert!(
        e.starts_with("3 annotations would not be imported; nothing was imported"),
        "{e}"
    );
    assert!(
        e.contains("1 × Attribution-no-source event without a claim argument ("),
        "{e}"
    );
    assert!(e.contains("x_a1f0.ann:E2)"), "{e}");
    assert!(e.contains("1 × Cue span in no frame ("), "{e}");
    assert!(e.contains("1 × Topic span in no frame ("), "{e}");
    let opts = ImportOptions {
        allow_loss: true,
        ..polnear()
    };
    let r = run_import(&mut p, ImportFormat::Brat, &[dir], &opts).unwrap();
    assert_eq!(r.frames, 1);
    let counts: Vec<usize> = r.not_imported.iter().map(|g| g.count).collect();
    assert_eq!(counts, [1, 1, 1]);
    assert!(r
        .summary_lines()
        .contains(&"not imported: 3 annotations (--allow-loss)".to_owned()));
}

#[test]
fn a_role_map_and_frame_type_read_a_scheme_without_a_preset() {
    let (d, mut p) = empty_project();
    let txt = d.path().join("y.txt");
    std::fs::write(&txt, "Quill said so.\n").unwrap();
    std::fs::write(
        d.path().join("y.ann"),
        "T1\tSpeaker 0 5\tQuill\nT2\tSays 6 10\tsaid\nT3\tQuote 11 13\tso\n\
         E1\tSays:T2 Speaker:T1 Quote:T3\n",
    )
    .unwrap();
    let mut scheme = Scheme::default();
    scheme.add_roles("Speaker=source,Quote=claim").unwrap();
    scheme.frame_types.push("says".into());
    scheme.default_stance = Some("report".into());
    let opts = ImportOptions {
        scheme,
        annotator: Some("ann".into()),
        ..Default::default()
    };
    let r = run_import(&mut p, ImportFormat::Brat, &[d.path().join("y.ann")], &opts).unwrap();
    assert_eq!(r.frames, 1);
    let s = set_of(&p, "ann", "y");
    let f = &s.frames()[0];
    assert_eq!(spans(&f.claim), [(11, 13)]);
    assert_eq!(
        spans(f.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 5)]
    );
    // The event names no cue: its trigger is read as the cue.
    assert_eq!(spans(f.cue.as_ref().unwrap()), [(6, 10)]);
}

#[test]
fn skip_invalid_imports_the_good_files_and_names_the_others() {
    let (d, mut p) = empty_project();
    let dir = d.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    for n in ["good", "bad"] {
        std::fs::write(dir.join(format!("{n}.txt")), "Quill said so.\n").unwrap();
    }
    std::fs::write(
        dir.join("good.ann"),
        "T1\tClaim 11 13\tso\nA1\tStance T1 report\n",
    )
    .unwrap();
    // An E line without TYPE:TRIGGER cannot be read at all.
    std::fs::write(dir.join("bad.ann"), "T1\tClaim 11 13\tso\nE1\tbroken\n").unwrap();
    let opts = ImportOptions {
        annotator: Some("ann".into()),
        ..Default::default()
    };
    let e = run_import(
        &mut p,
        ImportFormat::Brat,
        std::slice::from_ref(&dir),
        &opts,
    )
    .unwrap_err();
    assert!(
        e.contains("bad.ann:2: an E line starts with TYPE:TRIGGER"),
        "{e}"
    );
    let opts = ImportOptions {
        skip_invalid: true,
        ..opts
    };
    let r = run_import(&mut p, ImportFormat::Brat, &[dir], &opts).unwrap();
    assert_eq!((r.documents_added, r.frames), (1, 1));
    assert_eq!(r.skipped_files.len(), 1);
    assert!(r.skipped_files[0].ends_with("bad.ann:2: an E line starts with TYPE:TRIGGER"));
    assert!(set_of(&p, "ann", "good").frames().len() == 1);
}

#[test]
fn skip_invalid_leaves_out_a_file_whose_frames_do_not_validate() {
    let (d, mut p) = empty_project();
    let dir = d.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("good.txt"), "Quill said so.\n").unwrap();
    std::fs::write(dir.join("bad.txt"), "Reyes said no.\n").unwrap();
    std::fs::write(
        dir.join("good.ann"),
        "T1\tClaim 11 13\tso\nA1\tStance T1 report\n",
    )
    .unwrap();
    // "sideways" is not a value of the schema's polarity attribute.
    std::fs::write(
        dir.join("bad.ann"),
        "T1\tClaim 11 13\tno\nA1\tStance T1 report\nA2\tpolarity T1 sideways\n",
    )
    .unwrap();
    let opts = ImportOptions {
        annotator: Some("ann".into()),
        skip_invalid: true,
        ..Default::default()
    };
    let r = run_import(&mut p, ImportFormat::Brat, &[dir], &opts).unwrap();
    assert_eq!((r.documents_added, r.frames), (1, 1));
    assert_eq!(r.skipped_files.len(), 1);
    let skipped = &r.skipped_files[0];
    assert!(
        skipped.contains("bad.ann:T1: frame f1 attributes: polarity"),
        "{skipped}"
    );
    assert!(p.load_annotations("ann", "bad").unwrap().is_none());
}
