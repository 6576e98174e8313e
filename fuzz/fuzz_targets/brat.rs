#![no_main]
//! The brat importer. The input is the `.txt`, a NUL byte, then the `.ann` (no NUL: all `.ann`).
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (txt, ann) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let txt = stancemark_fuzz::text(txt);
    let ann = stancemark_fuzz::text(ann);
    if let Ok(imported) =
        stancemark::io::brat::parse("fuzz", &txt, &ann, "fuzz.ann", &Default::default())
    {
        stancemark_fuzz::exercise_import(&imported);
    }
});
