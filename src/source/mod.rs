//! Finding goal files and splitting them into frontmatter and body,
//! keeping exact line numbers.

pub mod discover;
pub mod frontmatter;

pub use discover::discover;
pub use frontmatter::{split, Split};
