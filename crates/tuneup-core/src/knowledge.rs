//! The knowledge base: body areas, tools, techniques, symptoms, trigger-point referral maps,
//! FAQ and precautions, as data files embedded in the binary.
