//! The FIT wire format: file headers, CRC-16, definition and data messages in both byte
//! orders, compressed-timestamp headers and developer fields. Zero-copy over `&[u8]`: a data
//! message is handed to the caller as a slice plus the definition that says how to read it.

use crate::error::{FitError, FitErrorKind};

/// The FIT CRC-16 (CRC-16/ARC: reflected polynomial 0xA001, initial value 0), the same value
/// as the FIT SDK's nibble-table code. Computed eight bytes at a time ("slicing-by-8"): the
/// CRC runs over every byte of every file, so a byte-at-a-time loop would dominate decoding.
pub fn crc16(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let low = crc ^ u16::from_le_bytes([c[0], c[1]]);
        crc = CRC_TABLES[7][usize::from(low & 0xFF)]
            ^ CRC_TABLES[6][usize::from(low >> 8)]
            ^ CRC_TABLES[5][usize::from(c[2])]
            ^ CRC_TABLES[4][usize::from(c[3])]
            ^ CRC_TABLES[3][usize::from(c[4])]
            ^ CRC_TABLES[2][usize::from(c[5])]
            ^ CRC_TABLES[1][usize::from(c[6])]
            ^ CRC_TABLES[0][usize::from(c[7])];
    }
    for &byte in chunks.remainder() {
        crc = (crc >> 8) ^ CRC_TABLES[0][usize::from((crc ^ u16::from(byte)) & 0xFF)];
    }
    crc
}

const CRC_TABLES: [[u16; 256]; 8] = crc_tables();

const fn crc_tables() -> [[u16; 256]; 8] {
    let mut tables = [[0u16; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        tables[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = tables[k - 1][i];
            tables[k][i] = (prev >> 8) ^ tables[0][(prev & 0xFF) as usize];
            i += 1;
        }
        k += 1;
    }
    tables
}

/// One field of a definition message.
#[derive(Debug, Clone, Copy)]
pub struct FieldDef {
    pub num: u8,
    pub size: u8,
    pub base_type: u8,
    /// Offset of the field inside the data message's content.
    pub offset: u16,
}

/// A definition message: how to read the data messages of one local type.
#[derive(Debug, Clone, Default)]
pub struct Definition {
    pub global: u16,
    pub big_endian: bool,
    pub fields: Vec<FieldDef>,
    /// Content size of a data message, developer fields included.
    pub size: usize,
    /// Developer fields, after the normal ones; what they hold is told by
    /// `field_description` messages (see `DevFieldDef`).
    pub dev_fields: Vec<DevFieldDef>,
}

/// One developer field of a definition message.
#[derive(Debug, Clone, Copy)]
pub struct DevFieldDef {
    /// `field_definition_number` of its field_description.
    pub num: u8,
    pub size: u8,
    /// `developer_data_index` of its field_description.
    pub developer: u8,
    /// Offset of the field inside the data message's content.
    pub offset: u16,
}

/// A data message: its definition and its content bytes.
#[derive(Debug, Clone, Copy)]
pub struct DataMessage<'a> {
    pub def: &'a Definition,
    pub content: &'a [u8],
    /// The timestamp given by a compressed-timestamp header, when the header was one.
    pub compressed_timestamp: Option<u32>,
    /// Byte offset of the record header in the whole input, for messages.
    pub offset: usize,
}

/// Base types of the FIT profile (the low five bits of the base type byte).
mod base {
    pub const ENUM: u8 = 0;
    pub const SINT8: u8 = 1;
    pub const UINT8: u8 = 2;
    pub const SINT16: u8 = 3;
    pub const UINT16: u8 = 4;
    pub const SINT32: u8 = 5;
    pub const UINT32: u8 = 6;
    // 7 is string, read by `DataMessage::string`.
    pub const FLOAT32: u8 = 8;
    pub const FLOAT64: u8 = 9;
    pub const UINT8Z: u8 = 10;
    pub const UINT16Z: u8 = 11;
    pub const UINT32Z: u8 = 12;
    pub const BYTE: u8 = 13;
    pub const SINT64: u8 = 14;
    pub const UINT64: u8 = 15;
    pub const UINT64Z: u8 = 16;
}

/// Size in bytes of each base type, by its number (unknown numbers count as bytes).
const BASE_SIZES: [u8; 32] = {
    let mut sizes = [1u8; 32];
    sizes[base::SINT16 as usize] = 2;
    sizes[base::UINT16 as usize] = 2;
    sizes[base::UINT16Z as usize] = 2;
    sizes[base::SINT32 as usize] = 4;
    sizes[base::UINT32 as usize] = 4;
    sizes[base::UINT32Z as usize] = 4;
    sizes[base::FLOAT32 as usize] = 4;
    sizes[base::FLOAT64 as usize] = 8;
    sizes[base::SINT64 as usize] = 8;
    sizes[base::UINT64 as usize] = 8;
    sizes[base::UINT64Z as usize] = 8;
    sizes
};

#[inline]
fn base_size(base_type: u8) -> usize {
    usize::from(BASE_SIZES[usize::from(base_type & 0x1F)])
}

fn read_uint(bytes: &[u8], big_endian: bool) -> u64 {
    let mut value: u64 = 0;
    if big_endian {
        for &b in bytes {
            value = (value << 8) | u64::from(b);
        }
    } else {
        for &b in bytes.iter().rev() {
            value = (value << 8) | u64::from(b);
        }
    }
    value
}

impl<'a> DataMessage<'a> {
    pub fn global(&self) -> u16 {
        self.def.global
    }

    /// Byte offset of the message's content in the whole input (just after its one-byte
    /// record header): a field's bytes start at `content_start() + field.offset`.
    pub fn content_start(&self) -> usize {
        self.offset + 1
    }

    /// The first value of a numeric field, `None` when absent or the invalid sentinel
    /// (all ones for unsigned, the largest positive for signed, 0 for `z` types, NaN floats).
    /// A field whose size does not match its base type (some COROS and Lezyne files) is read
    /// as an unsigned integer of the size it has.
    #[inline]
    pub fn number(&self, field: &FieldDef) -> Option<f64> {
        let start = usize::from(field.offset);
        let size = usize::from(field.size);
        let bytes = self.content.get(start..start + size)?;
        let base_type = field.base_type & 0x1F;
        let width = base_size(base_type);
        if size < width || size % width != 0 {
            return self.misaligned(bytes);
        }
        let be = self.def.big_endian;
        let raw: u64 = match width {
            1 => u64::from(bytes[0]),
            2 => {
                let b = [bytes[0], bytes[1]];
                u64::from(if be {
                    u16::from_be_bytes(b)
                } else {
                    u16::from_le_bytes(b)
                })
            }
            4 => {
                let b = [bytes[0], bytes[1], bytes[2], bytes[3]];
                u64::from(if be {
                    u32::from_be_bytes(b)
                } else {
                    u32::from_le_bytes(b)
                })
            }
            _ => read_uint(&bytes[..8], be),
        };
        match base_type {
            base::ENUM | base::UINT8 | base::BYTE => (raw != 0xFF).then_some(raw as f64),
            base::UINT16 => (raw != 0xFFFF).then_some(raw as f64),
            base::UINT32 => (raw != 0xFFFF_FFFF).then_some(raw as f64),
            base::UINT64 => (raw != u64::MAX).then_some(raw as f64),
            base::UINT8Z | base::UINT16Z | base::UINT32Z | base::UINT64Z => {
                (raw != 0).then_some(raw as f64)
            }
            base::SINT8 => (raw != 0x7F).then_some(f64::from(raw as u8 as i8)),
            base::SINT16 => (raw != 0x7FFF).then_some(f64::from(raw as u16 as i16)),
            base::SINT32 => (raw != 0x7FFF_FFFF).then_some(f64::from(raw as u32 as i32)),
            base::SINT64 => (raw != 0x7FFF_FFFF_FFFF_FFFF).then_some(raw as i64 as f64),
            base::FLOAT32 => {
                let v = f32::from_bits(raw as u32);
                (raw != 0xFFFF_FFFF && v.is_finite()).then_some(f64::from(v))
            }
            base::FLOAT64 => {
                let v = f64::from_bits(raw);
                (raw != u64::MAX && v.is_finite()).then_some(v)
            }
            _ => None,
        }
    }

    /// A field whose size is not a whole number of its type: trust the size, not the type.
    #[cold]
    fn misaligned(&self, bytes: &[u8]) -> Option<f64> {
        match bytes.len() {
            1 | 2 | 4 | 8 => {
                let v = read_uint(bytes, self.def.big_endian);
                let all_ones = if bytes.len() == 8 {
                    u64::MAX
                } else {
                    (1u64 << (8 * bytes.len())) - 1
                };
                (v != all_ones).then_some(v as f64)
            }
            _ => None,
        }
    }

    /// The raw bytes of a field.
    pub fn bytes(&self, field: &FieldDef) -> Option<&'a [u8]> {
        let start = usize::from(field.offset);
        self.content.get(start..start + usize::from(field.size))
    }

    /// A string field, up to its first NUL; `None` when empty or not UTF-8.
    pub fn string(&self, field: &FieldDef) -> Option<&'a str> {
        let bytes = self.bytes(field)?;
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        let text = std::str::from_utf8(&bytes[..end]).ok()?.trim();
        (!text.is_empty()).then_some(text)
    }
}

/// What the reader reports besides data messages. Every notice but [`Notice::FileStart`] is
/// damage that reading survived; its `Display` is the warning shown to people.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// A FIT header was read; `index` counts chained files from 0. The file's data messages
    /// end at `data_end`; its CRC (over the header and the data) is at `crc_at`, when the
    /// input holds one.
    FileStart {
        index: usize,
        offset: usize,
        data_end: usize,
        crc_at: Option<usize>,
    },
    /// A 14-byte header whose own CRC does not match it.
    HeaderCrcMismatch {
        offset: usize,
        stored: u16,
        computed: u16,
    },
    /// The header's data size is zero or runs past the input: what is there was read.
    DataSize {
        offset: usize,
        declared: u32,
        available: usize,
    },
    /// The input ends before the file's CRC: the data was not verified.
    NoCrc { offset: usize },
    /// A file's CRC did not match; the values were kept as read.
    CrcMismatch {
        offset: usize,
        stored: u16,
        computed: u16,
    },
    /// A field whose size is not a whole number of its base type: read by its size.
    FieldSize {
        global: u16,
        field: u8,
        size: u8,
        width: usize,
    },
    /// Reading a file's messages stopped here; the messages before it were kept.
    Stopped(FitError),
    /// Bytes after the last file that are not another FIT file. `zeros` when they are all
    /// zero (padding, not worth a warning).
    TrailingBytes {
        offset: usize,
        len: usize,
        zeros: bool,
        error: FitError,
    },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::FileStart { index, offset, .. } => {
                write!(f, "FIT byte {offset}: file {index} starts")
            }
            Notice::HeaderCrcMismatch {
                offset,
                stored,
                computed,
            } => write!(
                f,
                "FIT byte {offset}: header CRC {stored:#06x} does not match {computed:#06x}"
            ),
            Notice::DataSize {
                offset,
                declared,
                available,
            } => write!(
                f,
                "FIT byte {offset}: header declares {declared} data bytes but {available} follow; reading what is there"
            ),
            Notice::NoCrc { offset } => write!(
                f,
                "FIT byte {offset}: file ends before its CRC; data not verified"
            ),
            Notice::CrcMismatch {
                offset,
                stored,
                computed,
            } => write!(
                f,
                "FIT byte {offset}: file CRC {stored:#06x} does not match the data ({computed:#06x}); values kept as read"
            ),
            Notice::FieldSize {
                global,
                field,
                size,
                width,
            } => write!(
                f,
                "FIT message {global} field {field}: {size} bytes for a {width}-byte type; read by its size"
            ),
            Notice::Stopped(error) => write!(f, "{error}; kept the messages before it"),
            Notice::TrailingBytes { len, error, .. } => write!(
                f,
                "{len} trailing bytes after the last FIT file ignored ({error})"
            ),
        }
    }
}

/// Reads every chained FIT file in `bytes`, calling `on_message` for each data message and
/// `on_notice` for file starts and problems. Returns an error only when not even the first
/// file header is readable; later damage becomes a notice and keeps what came before.
///
/// This is the one walker over FIT messages: the decoder reads activities with it, and the
/// benchmark history (`tuneup-import`) finds the date fields it rewrites with it.
pub fn read_all(
    bytes: &[u8],
    mut on_message: impl FnMut(&DataMessage<'_>),
    mut on_notice: impl FnMut(Notice),
) -> Result<(), FitError> {
    let mut pos = 0;
    let mut index = 0;
    let mut defs: Vec<Option<Definition>> = vec![None; 16];
    if bytes.is_empty() {
        return Err(FitError {
            offset: 0,
            kind: FitErrorKind::TruncatedHeader,
        });
    }
    while pos < bytes.len() {
        let header = match read_header(bytes, pos) {
            Ok(header) => header,
            Err(err) if index == 0 => return Err(err),
            Err(error) => {
                let rest = &bytes[pos..];
                on_notice(Notice::TrailingBytes {
                    offset: pos,
                    len: rest.len(),
                    zeros: rest.iter().all(|&b| b == 0),
                    error,
                });
                break;
            }
        };
        let data_start = pos + usize::from(header.size);
        let declared_end = data_start.saturating_add(header.data_size as usize);
        // A streaming writer that never went back to fill in the size, or a cut file: read
        // what is there.
        let cut = header.data_size == 0 || declared_end > bytes.len();
        let data_end = if cut { bytes.len() } else { declared_end };
        let crc_present = !cut && data_end + 2 <= bytes.len();
        on_notice(Notice::FileStart {
            index,
            offset: pos,
            data_end,
            crc_at: crc_present.then_some(data_end),
        });
        if header.size >= 14 && header.crc != 0 {
            let computed = crc16(&bytes[pos..pos + 12]);
            if computed != header.crc {
                on_notice(Notice::HeaderCrcMismatch {
                    offset: pos,
                    stored: header.crc,
                    computed,
                });
            }
        }
        if cut {
            on_notice(Notice::DataSize {
                offset: pos,
                declared: header.data_size,
                available: bytes.len().saturating_sub(data_start),
            });
        } else if !crc_present {
            on_notice(Notice::NoCrc { offset: data_end });
        } else {
            let stored = u16::from_le_bytes([bytes[data_end], bytes[data_end + 1]]);
            let computed = crc16(&bytes[pos..data_end]);
            if stored != computed {
                on_notice(Notice::CrcMismatch {
                    offset: data_end,
                    stored,
                    computed,
                });
            }
        }
        for slot in defs.iter_mut() {
            *slot = None;
        }
        let read = read_messages(
            bytes,
            data_start,
            data_end,
            &mut defs,
            &mut on_message,
            &mut on_notice,
        );
        if let Err(err) = read {
            on_notice(Notice::Stopped(err));
            if !crc_present {
                break;
            }
        }
        pos = if crc_present { data_end + 2 } else { data_end };
        index += 1;
    }
    Ok(())
}

struct Header {
    size: u8,
    data_size: u32,
    crc: u16,
}

fn read_header(bytes: &[u8], pos: usize) -> Result<Header, FitError> {
    let err = |kind| FitError { offset: pos, kind };
    let size = *bytes.get(pos).ok_or(err(FitErrorKind::TruncatedHeader))?;
    // 12 or 14 bytes today; the protocol lets a later version make it longer, and a reader
    // skips what it does not know.
    if size != 12 && size < 14 {
        return Err(err(FitErrorKind::HeaderSize(size)));
    }
    let header = bytes
        .get(pos..pos + usize::from(size))
        .ok_or(err(FitErrorKind::TruncatedHeader))?;
    if &header[8..12] != b".FIT" {
        return Err(err(FitErrorKind::Signature));
    }
    let data_size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
    let crc = if size >= 14 {
        u16::from_le_bytes([header[12], header[13]])
    } else {
        0
    };
    Ok(Header {
        size,
        data_size,
        crc,
    })
}

fn read_messages(
    bytes: &[u8],
    start: usize,
    end: usize,
    defs: &mut [Option<Definition>],
    on_message: &mut impl FnMut(&DataMessage<'_>),
    on_notice: &mut impl FnMut(Notice),
) -> Result<(), FitError> {
    let mut pos = start;
    let mut last_timestamp: Option<u32> = None;
    let truncated = |at: usize, needed: usize| FitError {
        offset: at,
        kind: FitErrorKind::Truncated {
            needed,
            available: end.saturating_sub(at),
        },
    };
    while pos < end {
        let header = bytes[pos];
        let at = pos;
        pos += 1;
        if header & 0x80 != 0 {
            // Compressed timestamp header: local type in bits 5-6, time offset in bits 0-4.
            let local = (header >> 5) & 0x03;
            let offset = u32::from(header & 0x1F);
            let def = defs[usize::from(local)].as_ref().ok_or(FitError {
                offset: at,
                kind: FitErrorKind::UndefinedLocalType(local),
            })?;
            let base = last_timestamp.ok_or(FitError {
                offset: at,
                kind: FitErrorKind::CompressedTimestampWithoutBase,
            })?;
            let mut timestamp = (base & !0x1F).wrapping_add(offset);
            if offset < (base & 0x1F) {
                timestamp = timestamp.wrapping_add(0x20);
            }
            last_timestamp = Some(timestamp);
            let content = bytes
                .get(pos..pos + def.size)
                .filter(|_| pos + def.size <= end);
            let content = content.ok_or_else(|| truncated(at, def.size + 1))?;
            pos += def.size;
            let message = DataMessage {
                def,
                content,
                compressed_timestamp: Some(timestamp),
                offset: at,
            };
            on_message(&message);
        } else if header & 0x40 != 0 {
            let local = usize::from(header & 0x0F);
            let has_developer_fields = header & 0x20 != 0;
            let (def, next) = read_definition(bytes, pos, end, has_developer_fields)
                .ok_or_else(|| truncated(at, 6))?;
            for field in &def.fields {
                let width = base_size(field.base_type);
                if usize::from(field.size) % width != 0 {
                    on_notice(Notice::FieldSize {
                        global: def.global,
                        field: field.num,
                        size: field.size,
                        width,
                    });
                }
            }
            defs[local] = Some(def);
            pos = next;
        } else {
            let local = header & 0x0F;
            let def = defs[usize::from(local)].as_ref().ok_or(FitError {
                offset: at,
                kind: FitErrorKind::UndefinedLocalType(local),
            })?;
            let content = bytes
                .get(pos..pos + def.size)
                .filter(|_| pos + def.size <= end);
            let content = content.ok_or_else(|| truncated(at, def.size + 1))?;
            pos += def.size;
            let message = DataMessage {
                def,
                content,
                compressed_timestamp: None,
                offset: at,
            };
            if let Some(field) = def.fields.iter().find(|f| f.num == 253)
                && let Some(t) = message.number(field)
            {
                last_timestamp = Some(t as u32);
            }
            on_message(&message);
        }
    }
    Ok(())
}

fn read_definition(
    bytes: &[u8],
    pos: usize,
    end: usize,
    has_developer_fields: bool,
) -> Option<(Definition, usize)> {
    let fixed = bytes.get(pos..pos + 5).filter(|_| pos + 5 <= end)?;
    let big_endian = fixed[1] == 1;
    let global = if big_endian {
        u16::from_be_bytes([fixed[2], fixed[3]])
    } else {
        u16::from_le_bytes([fixed[2], fixed[3]])
    };
    let count = usize::from(fixed[4]);
    let mut next = pos + 5;
    let list = bytes
        .get(next..next + 3 * count)
        .filter(|_| next + 3 * count <= end)?;
    next += 3 * count;
    let mut fields = Vec::with_capacity(count);
    let mut size: usize = 0;
    for chunk in list.chunks_exact(3) {
        fields.push(FieldDef {
            num: chunk[0],
            size: chunk[1],
            base_type: chunk[2],
            offset: u16::try_from(size).unwrap_or(u16::MAX),
        });
        size += usize::from(chunk[1]);
    }
    let mut dev_fields = Vec::new();
    if has_developer_fields {
        // Developer fields follow the normal ones; their meaning is in field_description
        // messages, which the decoder matches by (developer index, number).
        let dev_count = usize::from(*bytes.get(next).filter(|_| next < end)?);
        next += 1;
        let list = bytes
            .get(next..next + 3 * dev_count)
            .filter(|_| next + 3 * dev_count <= end)?;
        next += 3 * dev_count;
        for chunk in list.chunks_exact(3) {
            dev_fields.push(DevFieldDef {
                num: chunk[0],
                size: chunk[1],
                developer: chunk[2],
                offset: u16::try_from(size).unwrap_or(u16::MAX),
            });
            size += usize::from(chunk[1]);
        }
    }
    Some((
        Definition {
            global,
            big_endian,
            fields,
            size,
            dev_fields,
        },
        next,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_check_value_and_the_sdk_algorithm() {
        // CRC-16/ARC check value.
        assert_eq!(crc16(b"123456789"), 0xBB3D);
        // The CRCs of every prefix of a pseudo-random kilobyte (so every split into 8-byte
        // chunks and a remainder), folded into one number computed with the FIT SDK's
        // nibble-table code when the two were compared.
        let data: Vec<u8> = (0..1000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let mut fold = 0u64;
        for len in 0..data.len() {
            let crc = crc16(&data[..len]);
            fold = fold.wrapping_mul(1_000_003) ^ u64::from(crc);
            // A block followed by its own CRC (as in a FIT file) checks to zero.
            let mut with_crc = data[..len].to_vec();
            with_crc.extend_from_slice(&crc.to_le_bytes());
            assert_eq!(crc16(&with_crc), 0, "length {len}");
        }
        assert_eq!(fold, 0xf60c_715a_00db_ff3f);
    }

    #[test]
    fn misaligned_field_is_read_by_its_size() {
        let def = Definition {
            global: 20,
            big_endian: false,
            fields: vec![FieldDef {
                num: 5,
                size: 1,
                base_type: 0x86,
                offset: 0,
            }],
            size: 1,
            dev_fields: Vec::new(),
        };
        let msg = DataMessage {
            def: &def,
            content: &[7],
            compressed_timestamp: None,
            offset: 0,
        };
        assert_eq!(msg.number(&def.fields[0]), Some(7.0));
    }
}
