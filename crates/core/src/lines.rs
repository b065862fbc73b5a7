//! Line layout: whether a text is hard-wrapped.
//!
//! Scraped pages put a paragraph on one long line and headlines, datelines and menu items on
//! short ones, so a line end there is a boundary. Wire copy, e-mail and plain-text archives
//! are *hard-wrapped*: every line is cut at a fixed width, and a line end inside a paragraph
//! is only a space. The crates ask [`is_hard_wrapped`] once per text and read line ends
//! accordingly, so that `set March\n26 as the record date` stays one phrase there.

/// The shortest line whose end counts as a wrap in a hard-wrapped text; shorter lines
/// (the last line of a paragraph, a heading) end where they end.
pub const WRAP_MIN: usize = 30;

/// The longest line that counts as cut at a wrap width.
pub const WRAP_MAX: usize = 90;

/// Whether `text` is hard-wrapped: at least three lines, and a quarter of its non-blank
/// lines, are cut at a wrap width (30 to 90 bytes without surrounding blanks, no final `.`,
/// `!`, `?` or `:`, and a non-blank line after them).
///
/// ```
/// use khabar_core::lines::is_hard_wrapped;
///
/// let wire = "The company said it set March\n26 as the record date for holders\n\
///             entitled to vote at its April 30 annual\nmeeting, and that the board had\n\
///             approved the plan.\n";
/// assert!(is_hard_wrapped(wire));
/// let page = "Home\nWorld\nTalks resume in Kabul\nThe talks resumed on Monday after a \
///             month-long pause, officials said, and are expected to continue.\n";
/// assert!(!is_hard_wrapped(page));
/// ```
pub fn is_hard_wrapped(text: &str) -> bool {
    let b = text.as_bytes();
    let mut count = WrapCount::default();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b) {
        count.line(&b[start..nl], true);
        start = nl + 1;
    }
    count.line(&b[start..], false);
    count.is_hard_wrapped()
}

/// [`is_hard_wrapped`] counted line by line, for a caller that reads the lines of a text
/// anyway (the page segmenter), so that the text is not read again for it.
///
/// ```
/// use khabar_core::lines::{is_hard_wrapped, WrapCount};
///
/// let text = "a line that is cut at a width of\nthirty bytes or more and runs on\n\
///             into the next line of the same\nparagraph until it ends.\n";
/// let mut count = WrapCount::default();
/// for line in text.split_inclusive('\n') {
///     let ended = line.ends_with('\n');
///     count.line(line.trim_end_matches('\n').as_bytes(), ended);
/// }
/// assert!(count.is_hard_wrapped());
/// assert_eq!(count.is_hard_wrapped(), is_hard_wrapped(text));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct WrapCount {
    /// Non-blank lines.
    lines: usize,
    /// Lines cut at a wrap width.
    cut: usize,
    /// Whether the line before is cut, if the line after it is not blank.
    pending: bool,
}

impl WrapCount {
    /// Counts the next line of the text, without its line break; `ended`: whether a line
    /// break ends it (the last line of a text that does not end with one is not counted,
    /// but it tells whether the line before it is followed by a blank one).
    #[inline]
    pub fn line(&mut self, line: &[u8], ended: bool) {
        let blank = || line.iter().all(|&c| matches!(c, b' ' | b'\t' | b'\r'));
        self.trimmed_line(line.trim_ascii(), blank, ended);
    }

    /// [`WrapCount::line`] of a line that the caller has trimmed already: `trimmed` is
    /// the line without its surrounding ASCII blanks (`<[u8]>::trim_ascii`), and `blank`
    /// says whether the whole line holds nothing but spaces, tabs and carriage returns
    /// (asked only of the line after one that may be cut).
    #[inline]
    pub fn trimmed_line(&mut self, trimmed: &[u8], blank: impl FnOnce() -> bool, ended: bool) {
        if std::mem::take(&mut self.pending) && !blank() {
            self.cut += 1;
        }
        if !ended || trimmed.is_empty() {
            return;
        }
        self.lines += 1;
        self.pending = (WRAP_MIN..=WRAP_MAX).contains(&trimmed.len())
            && !matches!(trimmed.last(), Some(b'.' | b'!' | b'?' | b':'));
    }

    /// Whether the lines counted so far make a hard-wrapped text (a line still waiting for
    /// the one after it is not cut: it is the last).
    pub fn is_hard_wrapped(&self) -> bool {
        self.cut >= 3 && self.cut * 4 >= self.lines
    }
}

/// Whether the line after the newline at `nl` is blank or absent.
pub fn next_line_blank(b: &[u8], nl: usize) -> bool {
    b[nl + 1..]
        .iter()
        .find(|&&c| !matches!(c, b' ' | b'\t' | b'\r'))
        .is_none_or(|&c| c == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rule as first written: a pass over the lines, asking about the line after each
    /// cut one.
    fn is_hard_wrapped_reference(text: &str) -> bool {
        let b = text.as_bytes();
        let (mut lines, mut cut) = (0usize, 0usize);
        let mut start = 0;
        for nl in memchr::memchr_iter(b'\n', b) {
            let line = b[start..nl].trim_ascii();
            if !line.is_empty() {
                lines += 1;
                if (WRAP_MIN..=WRAP_MAX).contains(&line.len())
                    && !matches!(line.last(), Some(b'.' | b'!' | b'?' | b':'))
                    && !next_line_blank(b, nl)
                {
                    cut += 1;
                }
            }
            start = nl + 1;
        }
        cut >= 3 && cut * 4 >= lines
    }

    proptest! {
        #[test]
        fn as_first_written(
            lines in prop::collection::vec(
                ("[ \t\r\x0b\x0c]{0,2}", 0usize..100, "[a.:!?]?", "[ \t\r\x0c\u{a0}]{0,2}"),
                0..12,
            ),
            end in "\n?",
        ) {
            // Lines of a wrap width, shorter and longer, with and without final punctuation
            // and blanks around them, and blank lines.
            let mut text: String = lines
                .iter()
                .map(|(lead, n, last, trail)| format!("{lead}{}{last}{trail}", "w".repeat(*n)))
                .collect::<Vec<_>>()
                .join("\n");
            text.push_str(&end);
            prop_assert_eq!(is_hard_wrapped(&text), is_hard_wrapped_reference(&text));
        }
    }

    #[test]
    fn wrapped_and_not() {
        for (text, want) in [
            ("", false),
            ("one line without a newline at all, long enough", false),
            (
                "a line that is cut at a width of\nthirty bytes or more and runs on\n\
                 into the next line of the same\nparagraph until it ends.\n",
                true,
            ),
            // Two cut lines are not enough.
            (
                "a line that is cut at a width of\nthirty bytes or more and ends.\n",
                false,
            ),
            // Paragraph-per-line pages: long lines, or lines ending in punctuation.
            (
                "Short menu\nAnother item\nThis paragraph is long and ends with a full stop.\n\
                 So does this one, which is also a whole paragraph.\nAnd a third one ends.\n",
                false,
            ),
            // Lines followed by a blank line are not cut.
            (
                "a heading that is long enough here\n\na heading that is long enough here\n\n\
                 a heading that is long enough here\n\n",
                false,
            ),
        ] {
            assert_eq!(is_hard_wrapped(text), want, "{text:?}");
        }
    }
}
