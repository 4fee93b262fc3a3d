//! Feed-rs entries → clean [`crate::model::Article`]s (being written).

mod paragraphs;
mod tags;
mod text;

pub use text::{html_to_text, plain_title};
