#![no_main]
//! The JSONL importer.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = stancemark_fuzz::text(data);
    if let Ok(imported) = stancemark::io::jsonl::parse(&input, "fuzz.jsonl") {
        stancemark_fuzz::exercise_import(&imported);
    }
});
