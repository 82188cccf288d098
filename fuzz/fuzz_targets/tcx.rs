#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tuneup_formats::fuzz_entry::tcx_file(data);
});
