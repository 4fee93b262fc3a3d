//! Feed-rs entries → clean [`crate::model::Article`]s (being written: text extraction so far).

mod paragraphs;
mod text;

pub use text::{html_to_text, plain_title, tidy_plain_text};
