#![no_main]
//! The Label Studio JSON export importer.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = stancemark_fuzz::text(data);
    if let Ok(imported) =
        stancemark::io::label_studio::parse(&input, "fuzz.json", &Default::default())
    {
        stancemark_fuzz::exercise_import(&imported);
    }
});
