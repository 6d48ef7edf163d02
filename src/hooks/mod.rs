//! Custom hooks.

pub mod use_frame_loop;
pub mod use_keyboard;
pub mod use_width;
