//! Splits a command line into words the way a POSIX shell does for the simple cases a
//! console needs: blanks separate words, `'...'` and `"..."` quote, `\` escapes.

/// The words of `line`, or an error naming an unclosed quote.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => word.push(x),
                        None => return Err("unexpected end of line: unclosed '".to_string()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x) => word.push(x),
                            None => return Err("unexpected end of line after \\".to_string()),
                        },
                        Some(x) => word.push(x),
                        None => return Err("unexpected end of line: unclosed \"".to_string()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(x) => {
                    in_word = true;
                    word.push(x)
                }
                None => return Err("unexpected end of line after \\".to_string()),
            },
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c)
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn quotes_keep_blanks_and_json_together() {
        assert_eq!(
            split(r#"echo '{"a": 1}' > "my plan.json""#).unwrap(),
            vec!["echo", r#"{"a": 1}"#, ">", "my plan.json"]
        );
        assert_eq!(split("  a\\ b  c ").unwrap(), vec!["a b", "c"]);
        assert_eq!(split("x ''").unwrap(), vec!["x", ""]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_not_a_panic() {
        assert!(split("echo 'abc").is_err());
        assert!(split("echo \"abc").is_err());
        assert!(split("echo \\").is_err());
    }
}
