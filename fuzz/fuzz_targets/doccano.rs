#![no_main]
//! The doccano JSONL importer.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = stancemark_fuzz::text(data);
    if let Ok(imported) = stancemark::io::doccano::parse(&input, "fuzz.jsonl", &Default::default())
    {
        stancemark_fuzz::exercise_import(&imported);
    }
});
