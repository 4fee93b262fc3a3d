//! The paragraph writer behind [`super::html_to_text`]: text goes in as
//! fragments and breaks, clean paragraphs come out.
//!
//! It owns the whitespace rules and nothing else: every run of whitespace
//! inside a paragraph (newlines and no-break spaces included) becomes one
//! space, paragraphs are trimmed, empty ones vanish, and kept ones are joined
//! by exactly one blank line. It knows no HTML: the tokenizer sink decides
//! when a paragraph ends.
//!
//! A blank line inside the text itself is a *soft* break. It separates
//! paragraphs in plain-text bodies (and in HTML that uses no block elements,
//! as many RSS descriptions do), but when the document turns out to have real
//! block structure the soft breaks fold back into spaces, as a browser would
//! render them.

/// How strongly a paragraph was ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Break {
    /// A blank line in the text: undone if the document has block elements.
    Soft,
    /// A block element or a `<br><br>`: always a paragraph break.
    Hard,
}

/// Accumulates text into paragraphs; see the module documentation.
#[derive(Debug)]
pub(crate) struct Paragraphs {
    /// The finished text so far, the current paragraph at its end.
    out: String,
    /// Nothing has been written since the last break (or the start).
    para_empty: bool,
    /// A whitespace run is waiting to become one space before the next word.
    pending_space: bool,
    /// The break to write before the next word, if a paragraph just ended.
    pending_break: Option<Break>,
    /// Newlines seen in the current whitespace run (two make a soft break).
    newlines: u32,
    /// Byte offsets in `out` of separators written for soft breaks.
    soft_separators: Vec<usize>,
    /// The document used block elements, so soft breaks are undone at the end.
    saw_block: bool,
    /// Write every break as a single space (titles).
    single_line: bool,
}

impl Paragraphs {
    /// An empty writer; `single_line` joins paragraphs with a space instead of a blank line.
    pub(crate) fn new(single_line: bool, capacity: usize) -> Paragraphs {
        Paragraphs {
            out: String::with_capacity(capacity),
            para_empty: true,
            pending_space: false,
            pending_break: None,
            newlines: 0,
            soft_separators: Vec::new(),
            saw_block: false,
            single_line,
        }
    }

    /// Appends character data, folding whitespace.
    pub(crate) fn push_text(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            // A run of non-whitespace: one slice copy.
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if word_end > 0 {
                self.push_word(&rest[..word_end]);
                rest = &rest[word_end..];
            }
            // A run of whitespace: counts newlines, writes nothing yet.
            let ws_end = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            for c in rest[..ws_end].chars() {
                if c == '\n' {
                    self.newlines += 1;
                    if self.newlines == 2 {
                        self.end_paragraph(Break::Soft);
                    }
                }
            }
            if ws_end > 0 && !self.para_empty {
                self.pending_space = true;
            }
            rest = &rest[ws_end..];
        }
    }

    /// Separates what comes next by one space, unless the paragraph is empty
    /// (a single `<br>`, a table cell boundary).
    pub(crate) fn push_space(&mut self) {
        if !self.para_empty {
            self.pending_space = true;
        }
    }

    /// Ends the current paragraph, if it has any text.
    ///
    /// A hard break also marks the document as having block structure and
    /// upgrades a soft break that is still waiting to be written.
    pub(crate) fn end_paragraph(&mut self, kind: Break) {
        if kind == Break::Hard {
            self.saw_block = true;
        }
        self.newlines = 0;
        self.pending_space = false;
        if !self.para_empty {
            self.para_empty = true;
            self.pending_break = Some(kind);
        } else if kind == Break::Hard && self.pending_break.is_some() {
            self.pending_break = Some(Break::Hard);
        }
    }

    /// Marks the document as structured by block elements without ending a
    /// paragraph (so soft breaks fold back into spaces).
    pub(crate) fn note_block(&mut self) {
        self.saw_block = true;
    }

    /// The finished text: paragraphs joined by `\n\n`, no trailing newline.
    pub(crate) fn finish(self) -> String {
        if !self.saw_block || self.soft_separators.is_empty() {
            return self.out;
        }
        // Rare path: the document had block elements after all, so blank
        // lines in its text were only whitespace. Each soft separator is
        // exactly "\n\n"; write it as one space.
        let mut text = String::with_capacity(self.out.len());
        let mut from = 0;
        for &at in &self.soft_separators {
            text.push_str(&self.out[from..at]);
            text.push(' ');
            from = at + 2;
        }
        text.push_str(&self.out[from..]);
        text
    }

    /// Writes one non-empty run of non-whitespace characters.
    fn push_word(&mut self, word: &str) {
        self.newlines = 0;
        if self.para_empty {
            if let Some(kind) = self.pending_break.take() {
                if self.single_line {
                    self.out.push(' ');
                } else {
                    if kind == Break::Soft {
                        self.soft_separators.push(self.out.len());
                    }
                    self.out.push_str("\n\n");
                }
            }
            self.para_empty = false;
        } else if self.pending_space {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(single_line: bool, steps: &[&str]) -> String {
        let mut p = Paragraphs::new(single_line, 64);
        for step in steps {
            match *step {
                "<hard>" => p.end_paragraph(Break::Hard),
                "<space>" => p.push_space(),
                text => p.push_text(text),
            }
        }
        p.finish()
    }

    #[test]
    fn folds_whitespace_and_trims() {
        let text = write(false, &["  a \t b\u{a0}\u{a0}c\n d  "]);
        assert_eq!(text, "a b c d");
    }

    #[test]
    fn words_split_across_fragments_stay_joined() {
        assert_eq!(write(false, &["foo", "bar", " baz"]), "foobar baz");
    }

    #[test]
    fn hard_breaks_make_one_blank_line_and_drop_empty_paragraphs() {
        let text = write(
            false,
            &[
                "<hard>", "one", "<hard>", "<hard>", " ", "<hard>", "two ", "<hard>",
            ],
        );
        assert_eq!(text, "one\n\ntwo");
    }

    #[test]
    fn blank_lines_separate_paragraphs_without_blocks() {
        assert_eq!(
            write(false, &["one\n  \n\n two\nthree"]),
            "one\n\ntwo three"
        );
    }

    #[test]
    fn blank_lines_fold_when_blocks_are_present() {
        let text = write(false, &["one\n\ntwo", "<hard>", "three"]);
        assert_eq!(text, "one two\n\nthree");
    }

    #[test]
    fn single_line_joins_with_spaces() {
        assert_eq!(write(true, &["a", "<hard>", "b\n\nc"]), "a b c");
    }

    #[test]
    fn space_request_is_ignored_at_paragraph_start() {
        assert_eq!(
            write(false, &["<space>", "a", "<space>", "b", "<space>"]),
            "a b"
        );
    }
}
