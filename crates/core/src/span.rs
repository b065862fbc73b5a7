use std::ops::{Index, Range};

/// A half-open byte range `[start, end)` into the original article text.
///
/// Spans always sit on UTF-8 char boundaries of the text they were made from.
/// `u32` halves the memory of `usize` pairs; khabar refuses documents of 4 GiB or more.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// Creates a span.
    ///
    /// # Panics
    ///
    /// Panics when `start > end`.
    #[inline]
    #[track_caller]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "invalid span: start {start} > end {end}");
        Span {
            start: to_u32(start),
            end: to_u32(end),
        }
    }

    /// The span as a `usize` range, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span moved `by` bytes to the right (used to turn a span into a slice of a
    /// document into a span of the whole document).
    #[inline]
    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    /// Whether `other` lies entirely inside `self`.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[inline]
#[track_caller]
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("span offset does not fit in u32 (documents must be < 4 GiB)")
}

impl From<Range<usize>> for Span {
    #[inline]
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl Index<Span> for str {
    type Output = str;

    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.range()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slicing_and_offsets() {
        let text = "“TTP’s” talks";
        let s = Span::new(3, 6);
        assert_eq!(&text[s], "TTP");
        assert_eq!(&"xx“TTP’s”"[s.offset(2)], "TTP");
        assert!(Span::new(0, 10).contains(s));
        assert!(s.overlaps(Span::new(5, 8)));
        assert!(!s.overlaps(Span::new(6, 8)));
    }

    #[test]
    #[should_panic(expected = "invalid span")]
    fn reversed_span_panics() {
        let _ = Span::new(4, 3);
    }
}
