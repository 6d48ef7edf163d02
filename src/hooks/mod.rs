//! Custom hooks.

pub mod use_frame_loop;
