//! Finding goal files and splitting them into frontmatter and body,
//! keeping exact line numbers.

pub(crate) mod discover;
pub(crate) mod frontmatter;

pub use frontmatter::{split, Split};

/// A hash of some bytes: XXH3, 64 bits. Its output is fixed by the XXH3
/// specification, so it is the same on every platform, in every run and
/// with every Rust version: equal hashes mean an unchanged file to the
/// parse cache, to incremental rendering and to the output manifest.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
