//! Locality-sensitive hashing: the band keys under which a fingerprint is
//! indexed, so that candidates are found by a few index seeks instead of a
//! scan.
//!
//! The [`SIGNATURE_LEN`] slots of a signature are cut into [`BANDS`] bands
//! of [`ROWS`] slots; each band is hashed (with its number, so equal values
//! in different bands never meet) into one 64-bit key. Two articles become
//! candidates when they share at least one key, which happens with
//! probability `1 − (1 − J^ROWS)^BANDS` for Jaccard similarity `J`
//! ([`candidate_probability`]): 0.64 at J = 0.5, 0.89 at 0.6, 0.99 at 0.7,
//! 0.9999 at 0.8, and 0.0016 at 0.1, 0.025 at 0.2. So the index is built for
//! thresholds from about 0.6 up; with a lower `dedup.threshold` some pairs
//! above it are never compared. The layout is part of the stored index:
//! changing it needs a new [`super::fingerprint::FORMAT_VERSION`].

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::fingerprint::{Fingerprint, SIGNATURE_LEN};

/// Bands per signature: index rows per article.
pub const BANDS: usize = 16;

/// Slots per band.
pub const ROWS: usize = 4;

const _: () = assert!(BANDS * ROWS == SIGNATURE_LEN);

/// The band keys of a fingerprint, as SQLite's signed integers.
pub fn band_keys(fp: &Fingerprint) -> [i64; BANDS] {
    let mut keys = [0i64; BANDS];
    let mut buf = [0u8; 4 * ROWS];
    for (band, (key, slots)) in keys.iter_mut().zip(fp.slots.chunks_exact(ROWS)).enumerate() {
        for (chunk, slot) in buf.chunks_exact_mut(4).zip(slots) {
            chunk.copy_from_slice(&slot.to_le_bytes());
        }
        *key = xxh3_64_with_seed(&buf, band as u64) as i64;
    }
    keys
}

/// Probability that two articles of Jaccard similarity `j` share a band key.
pub fn candidate_probability(j: f64) -> f64 {
    1.0 - (1.0 - j.powi(ROWS as i32)).powi(BANDS as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(seed: u32) -> Fingerprint {
        let mut slots = [0u32; SIGNATURE_LEN];
        for (i, s) in slots.iter_mut().enumerate() {
            *s = seed.wrapping_mul(2_654_435_761).wrapping_add(i as u32);
        }
        Fingerprint { slots }
    }

    #[test]
    fn one_equal_band_gives_one_shared_key() {
        let a = fp(1);
        let mut b = fp(2);
        b.slots[ROWS * 3..ROWS * 4].copy_from_slice(&a.slots[ROWS * 3..ROWS * 4]);
        let (ka, kb) = (band_keys(&a), band_keys(&b));
        let shared: Vec<usize> = (0..BANDS).filter(|&i| ka[i] == kb[i]).collect();
        assert_eq!(shared, vec![3]);
    }

    #[test]
    fn equal_values_in_different_bands_give_different_keys() {
        let slots = [7u32; SIGNATURE_LEN];
        let keys = band_keys(&Fingerprint { slots });
        let mut distinct = keys.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), BANDS);
    }

    #[test]
    fn the_s_curve_separates_copies_from_strangers() {
        assert!(candidate_probability(0.6) > 0.85);
        assert!(candidate_probability(0.8) > 0.999);
        assert!(candidate_probability(0.1) < 0.002);
        assert!(candidate_probability(0.2) < 0.03);
    }
}
