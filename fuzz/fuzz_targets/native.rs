#![no_main]
//! The native loader (`stancemark/1` files), as `open`, `validate` and project loads use it.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let input = stancemark_fuzz::text(data);
    if let Ok(file) = stancemark::io::native::parse(&input, "fuzz.json") {
        stancemark_fuzz::exercise_native(&file);
    }
});
