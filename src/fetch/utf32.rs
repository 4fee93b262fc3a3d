//! UTF-32 (UCS-4) in either byte order, and C1 controls read as windows-1252.
//!
//! encoding_rs implements the WHATWG Encoding Standard, which leaves UTF-32
//! out on purpose; XML allows it and a few feeds use it, so its detection
//! (byte-order mark, or `<` as a 4-byte unit) and its decoding (4 bytes per
//! code point, U+FFFD for anything that is not a scalar value) live here.
//!
//! [`map_c1_controls`] follows feedparser: text that decoded to C1 control
//! characters (U+0080–U+009F) almost always meant windows-1252 (curly
//! quotes, dashes, €) sent through a latin-1 or UTF-8 pipe; those code
//! points become the windows-1252 characters at the same byte values.

/// Byte order of UTF-32 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf32 {
    /// Little-endian.
    Le,
    /// Big-endian.
    Be,
}

impl Utf32 {
    /// The encoding's name, as reported on the poll.
    pub fn name(self) -> &'static str {
        match self {
            Utf32::Le => "UTF-32LE",
            Utf32::Be => "UTF-32BE",
        }
    }
}

/// UTF-32 announced by a byte-order mark, and the mark's length.
pub fn from_bom(bytes: &[u8]) -> Option<Utf32> {
    if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        Some(Utf32::Be)
    } else if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) {
        Some(Utf32::Le)
    } else {
        None
    }
}

/// UTF-32 without a mark: the document starts with `<` as a 4-byte unit.
pub fn sniff(bytes: &[u8]) -> Option<Utf32> {
    if bytes.starts_with(&[0x00, 0x00, 0x00, b'<']) {
        Some(Utf32::Be)
    } else if bytes.starts_with(&[b'<', 0x00, 0x00, 0x00]) {
        Some(Utf32::Le)
    } else {
        None
    }
}

/// A UTF-32 / UCS-4 charset label, with the byte order it fixes (if any).
pub fn from_label(label: &str, bytes: &[u8]) -> Option<Utf32> {
    let label = label.trim().to_ascii_lowercase();
    match label.as_str() {
        "utf-32be" | "ucs-4be" => Some(Utf32::Be),
        "utf-32le" | "ucs-4le" => Some(Utf32::Le),
        "utf-32" | "utf32" | "ucs-4" | "ucs4" | "iso-10646-ucs-4" => Some(
            from_bom(bytes)
                .or_else(|| sniff(bytes))
                .unwrap_or(Utf32::Be),
        ),
        _ => None,
    }
}

/// Decodes UTF-32 (a leading byte-order mark is dropped); the flag says
/// whether anything had to be replaced with U+FFFD.
pub fn decode(bytes: &[u8], order: Utf32) -> (String, bool) {
    let body = if from_bom(bytes).is_some() {
        &bytes[4..]
    } else {
        bytes
    };
    let mut text = String::with_capacity(body.len() / 4);
    let mut replaced = false;
    let mut units = body.chunks_exact(4);
    for unit in &mut units {
        let unit: [u8; 4] = unit.try_into().expect("chunks of four");
        let value = match order {
            Utf32::Le => u32::from_le_bytes(unit),
            Utf32::Be => u32::from_be_bytes(unit),
        };
        match char::from_u32(value) {
            Some(c) => text.push(c),
            None => {
                text.push('\u{FFFD}');
                replaced = true;
            }
        }
    }
    if !units.remainder().is_empty() {
        text.push('\u{FFFD}');
        replaced = true;
    }
    (text, replaced)
}

/// windows-1252 characters for the bytes 0x80–0x9F (`None`: undefined there).
const CP1252_C1: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Replaces C1 control characters by their windows-1252 readings; returns
/// how many were replaced (0: `text` is untouched).
pub fn map_c1_controls(text: &mut String) -> usize {
    // In UTF-8, U+0080–U+009F are 0xC2 followed by 0x80–0x9F.
    let has_c1 = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]));
    if !has_c1 {
        return 0;
    }
    let mut count = 0;
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{80}'..='\u{9F}' => match CP1252_C1[c as usize - 0x80] {
                Some(mapped) => {
                    count += 1;
                    mapped
                }
                None => c,
            },
            other => other,
        })
        .collect();
    *text = mapped;
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, order: Utf32, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let chars = bom.then_some('\u{FEFF}').into_iter().chain(text.chars());
        for c in chars {
            let v = c as u32;
            out.extend_from_slice(&match order {
                Utf32::Le => v.to_le_bytes(),
                Utf32::Be => v.to_be_bytes(),
            });
        }
        out
    }

    #[test]
    fn both_byte_orders_with_and_without_mark() {
        for order in [Utf32::Le, Utf32::Be] {
            let with_bom = encode("<a>ü€😀</a>", order, true);
            assert_eq!(from_bom(&with_bom), Some(order));
            assert_eq!(decode(&with_bom, order), ("<a>ü€😀</a>".to_string(), false));
            let without = encode("<a/>", order, false);
            assert_eq!(sniff(&without), Some(order));
            assert_eq!(from_label("UTF-32", &without), Some(order));
        }
    }

    #[test]
    fn bad_units_become_replacement_characters() {
        let mut bytes = encode("<a", Utf32::Be, false);
        bytes.extend_from_slice(&[0x00, 0x11, 0x00, 0x00, 0x00, b'>']);
        let (text, replaced) = decode(&bytes, Utf32::Be);
        assert_eq!(text, "<a\u{FFFD}\u{FFFD}");
        assert!(replaced);
    }

    #[test]
    fn c1_controls_read_as_windows_1252() {
        let mut text = "\u{93}quoted\u{94} \u{80}5 \u{81}".to_string();
        assert_eq!(map_c1_controls(&mut text), 3);
        assert_eq!(text, "\u{201C}quoted\u{201D} €5 \u{81}");
        let mut plain = "café".to_string();
        assert_eq!(map_c1_controls(&mut plain), 0);
    }
}
