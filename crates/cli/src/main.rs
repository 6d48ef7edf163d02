//! `isrlab`: run ISR Lab scenarios from the command line.

fn main() {
    eprintln!("isrlab: not yet implemented");
    std::process::exit(2);
}
