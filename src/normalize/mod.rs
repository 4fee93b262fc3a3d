//! Feed-rs entries → clean [`crate::model::Article`]s (being written).

mod dateline;
mod dates;
mod guid;
mod labels;
mod links;
mod paragraphs;
mod sanitize;
mod tags;
mod text;

pub use dateline::extract_dateline;
pub use sanitize::sanitize_html;
pub use text::{html_to_text, plain_title};
