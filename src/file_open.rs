//! Opening a file the user picked or dropped on the page: its text is read (a file
//! larger than [`MAX_FILE_BYTES`] is refused before it is read) and handed on with its
//! name. Browser only.

use crate::trace_file::{FileError, FileText, MAX_FILE_BYTES};
use yew::Callback;

/// Reads `file` and calls `then` with its name and text.
pub fn read(file: web_sys::File, then: Callback<FileText>) {
    let name = file.name();
    let size = file.size();
    if size > MAX_FILE_BYTES as f64 {
        then.emit((
            name,
            Err(FileError::TooLarge {
                bytes: size as usize,
            }),
        ));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        let text = text
            .ok()
            .and_then(|t| t.as_string())
            .ok_or(FileError::Unreadable);
        then.emit((name, text));
    });
}

/// The first file of a picker's or a drop's file list, read as [`read`] does.
pub fn read_first(files: Option<web_sys::FileList>, then: Callback<FileText>) {
    if let Some(file) = files.and_then(|f| f.get(0)) {
        read(file, then);
    }
}
