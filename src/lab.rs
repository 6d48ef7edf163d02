//! The run plus what the screen needs around it: the undo snapshots that Step back
//! returns to, and the fraction of a virtual millisecond owed by short frames.

use crate::run::Run;
use isrlab_sim::Action;

/// Most steps or actions that Step back can undo one by one.
const UNDO_DEPTH: usize = 256;

/// A run being watched.
#[derive(Debug)]
pub struct Lab {
    /// The run.
    pub run: Run,
    undo: Vec<Run>,
    carry: f64,
}

impl Lab {
    /// Starts watching a run.
    pub fn new(run: Run) -> Lab {
        Lab {
            run,
            undo: Vec::new(),
            carry: 0.0,
        }
    }

    fn remember(&mut self) {
        if self.undo.len() == UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.undo.push(self.run.clone());
    }

    /// Whether Step back has anything to return to.
    pub fn can_step_back(&self) -> bool {
        !self.undo.is_empty()
    }

    /// One event forward (undoable).
    pub fn step(&mut self) {
        self.remember();
        if !self.run.step() {
            self.undo.pop();
        }
    }

    /// Back to the state before the last step or action.
    pub fn step_back(&mut self) {
        if let Some(previous) = self.undo.pop() {
            self.run = previous;
        }
    }

    /// Applies a user action now (undoable); the core's refusal is returned.
    pub fn apply(&mut self, action: Action) -> Result<(), String> {
        self.remember();
        self.run.apply(action).inspect_err(|_| {
            self.undo.pop();
        })
    }

    /// Back to time zero; forgets the undo history.
    pub fn reset(&mut self) -> Result<(), String> {
        self.undo.clear();
        self.carry = 0.0;
        self.run.reset()
    }

    /// Advances virtual time by `wall_ms × speed`, carrying fractions of a millisecond
    /// to the next frame. Playing is not undoable step by step.
    pub fn advance_wall(&mut self, wall_ms: f64, speed: f64) {
        let due = wall_ms * speed + self.carry;
        let whole = due.floor();
        self.carry = due - whole;
        self.run.advance_by(whole as u64);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::run::DEFAULT_SCENARIO;

    #[test]
    fn step_back_returns_to_the_exact_state_before_the_step() {
        let mut lab = Lab::new(Run::from_json(DEFAULT_SCENARIO).unwrap());
        lab.step();
        let (t, view) = (lab.run.now(), lab.run.view());
        lab.step();
        lab.step_back();
        assert_eq!(lab.run.now(), t);
        assert_eq!(lab.run.view(), view);
        lab.step_back();
        assert_eq!(lab.run.now(), 0);
        assert!(!lab.can_step_back());
    }

    #[test]
    fn slow_frames_accumulate_fractional_virtual_time() {
        let mut lab = Lab::new(Run::from_json(DEFAULT_SCENARIO).unwrap());
        // 0.1× for 10 frames of 16 ms: 16 virtual ms owed in total, none lost to rounding.
        for _ in 0..10 {
            lab.advance_wall(16.0, 0.1);
        }
        assert!(lab.carry < 1.0);
        assert!(lab.run.now() >= 15);
    }
}
