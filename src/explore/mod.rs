//! The lab's side of the loss-window explorer (issue #11, parts 3 and 4), kept apart
//! from the screen's components so it is natively tested: what-if badges computed a
//! fork at a time, the browser sweep's worker protocol and block scheduling, and opening
//! a sweep's losing run in the lab. Every answer comes from `isrlab-explore`.

pub mod badges;
pub mod errors;
pub mod open_run;
pub mod sweep_job;
