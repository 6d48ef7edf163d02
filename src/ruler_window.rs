//! Which offsets a log ruler draws. A long run keeps thousands of records per replica, and
//! drawing each one made the busy hour redraw about 18,500 cells per frame. A ruler draws
//! the newest [`WINDOW`] offsets, where HW, LEO and the ISR's story are; the offsets before
//! them fold into one block at the left that says what it holds. Every replica of a
//! partition shares one window, so the same offset is in the same column on each ruler.
//! A short log (every guided scenario) has no fold: each offset is its own column.

use isrlab_sim::Offset;

/// Most offsets a ruler draws as cells.
pub const WINDOW: Offset = 160;

/// Columns the fold of older offsets takes.
pub const FOLD_COLUMNS: Offset = 2;

/// The offsets `from..to` drawn by a partition's rulers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// First offset drawn as a cell; those below it are folded.
    pub from: Offset,
    /// One past the last offset drawn.
    pub to: Offset,
}

impl Window {
    /// The newest [`WINDOW`] of `slots` offsets.
    pub fn newest(slots: Offset) -> Window {
        Window {
            from: slots.saturating_sub(WINDOW),
            to: slots,
        }
    }

    /// Whether offsets before the window are folded into one block.
    pub fn folds(&self) -> bool {
        self.from > 0
    }

    /// Grid columns a ruler of this window takes.
    pub fn columns(&self) -> Offset {
        self.lead() + self.to.saturating_sub(self.from)
    }

    /// The column where `offset`'s cell begins; an offset before the window is at the
    /// fold's left edge, one after it at the ruler's right edge.
    pub fn column(&self, offset: Offset) -> Offset {
        if offset < self.from {
            0
        } else {
            self.lead() + (offset.min(self.to) - self.from)
        }
    }

    fn lead(&self) -> Offset {
        if self.folds() {
            FOLD_COLUMNS
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_log_is_drawn_whole_with_each_offset_in_its_own_column() {
        let w = Window::newest(40);
        assert!(!w.folds());
        assert_eq!((w.columns(), w.column(0), w.column(39)), (40, 0, 39));
    }

    #[test]
    fn a_long_log_draws_the_newest_window_after_a_fold() {
        let w = Window::newest(300_000);
        assert_eq!(w.from, 300_000 - WINDOW);
        assert!(w.folds());
        assert_eq!(w.columns(), FOLD_COLUMNS + WINDOW);
        assert_eq!(w.column(w.from), FOLD_COLUMNS);
        assert_eq!(w.column(299_999), FOLD_COLUMNS + WINDOW - 1);
        // Before the window: the fold's edge; past its end: the ruler's end.
        assert_eq!(w.column(12), 0);
        assert_eq!(w.column(400_000), w.columns());
    }
}
