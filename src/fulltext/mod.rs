//! Full text (temporary)
pub mod extract;
