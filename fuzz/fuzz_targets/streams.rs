#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tuneup_store::streams_codec::fuzz_entry(data);
});
