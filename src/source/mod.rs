//! Finding goal files and splitting them into frontmatter and body,
//! keeping exact line numbers.

pub mod discover;
pub mod frontmatter;

pub use discover::discover;
pub use frontmatter::{split, Split};

/// A hash of a file's bytes (FNV-1a, 64 bits): the same on every machine
/// and every run, so equal hashes mean an unchanged file to the parse
/// cache and to incremental rendering.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
