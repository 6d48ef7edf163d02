//! Every user-visible string in English and Simplified Chinese.
//!
//! Strings live in two tables keyed by the same ids ([`en::TABLE`], [`zh::TABLE`]);
//! components look them up with [`Lang::t`]. Templates carry named `{holes}` that
//! [`fill`] replaces. A native test checks that both tables have the same keys and
//! that every key used in `src/` exists.

mod en;
mod zh;

use std::fmt;

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code used in `?lang=` and in `data-testid=lang` values.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>`: `en`, or `zh-Hans` (Simplified Chinese script).
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hans",
        }
    }

    /// Parses `en`, `zh` (also `zh-CN`, `en-US`, case-insensitive).
    pub fn parse(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => en::TABLE,
            Lang::Zh => zh::TABLE,
        }
    }

    /// The string for `key`; the key itself when missing (a test forbids that).
    pub fn t(self, key: &'static str) -> &'static str {
        self.table()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or(key)
    }

    /// [`Lang::t`] then [`fill`].
    pub fn tf(self, key: &'static str, args: &[(&str, &dyn fmt::Display)]) -> String {
        fill(self.t(key), args)
    }

    /// A scenario's own two-language text (a title, a guide caption) in this language.
    pub fn text(self, t: &isrlab_sim::scenario::Text) -> &str {
        match self {
            Lang::En => &t.en,
            Lang::Zh => &t.zh,
        }
    }
}

/// Replaces each `{name}` in `template` by its value from `args`; unknown holes stay as they are.
pub fn fill(template: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Formats virtual milliseconds as `m:ss.mmm`.
pub fn clock(ms: u64) -> String {
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1000) % 60, ms % 1000)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(table: &[(&str, &str)]) -> BTreeSet<String> {
        table.iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn both_languages_have_the_same_keys_and_no_empty_or_duplicate_entries() {
        for lang in Lang::ALL {
            let table = lang.table();
            assert_eq!(
                keys(table).len(),
                table.len(),
                "duplicate key in {}",
                lang.code()
            );
            for (k, v) in table {
                assert!(!v.trim().is_empty(), "empty {} string for {k}", lang.code());
            }
        }
        let en = keys(en::TABLE);
        let zh = keys(zh::TABLE);
        let only_en: Vec<_> = en.difference(&zh).collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        assert!(only_en.is_empty(), "keys missing in zh: {only_en:?}");
        assert!(only_zh.is_empty(), "keys missing in en: {only_zh:?}");
    }

    #[test]
    fn templates_have_the_same_holes_in_both_languages() {
        fn holes(s: &str) -> BTreeSet<String> {
            s.split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string()))
                .collect()
        }
        for (k, v) in en::TABLE {
            assert_eq!(holes(v), holes(Lang::Zh.t(k)), "holes differ for {k}");
        }
    }

    /// Whether a string literal looks like a translation key (`area.name`).
    fn looks_like_key(s: &str) -> bool {
        let mut parts = s.split('.');
        let ok = |p: Option<&str>| {
            p.is_some_and(|p| {
                p.starts_with(|c: char| c.is_ascii_lowercase())
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
        };
        ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
    }

    /// Scans `src/` (outside this module) for every string literal shaped like a key
    /// (`area.name` with a known area, whether passed to `t`/`tf` directly or through a
    /// table; Kafka config names such as `enable.idempotence` have no area here) and
    /// checks that both languages have it.
    #[test]
    fn every_key_used_in_the_source_exists_in_both_languages() {
        let areas: BTreeSet<&str> = en::TABLE
            .iter()
            .filter_map(|(k, _)| k.split('.').next())
            .collect();
        let mut used = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    if !path.ends_with("i18n") {
                        stack.push(path);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for literal in text.split('"').skip(1).step_by(2) {
                        let area = literal.split('.').next().unwrap_or("");
                        if looks_like_key(literal) && areas.contains(area) {
                            used.insert(literal.to_string());
                        }
                    }
                }
            }
        }
        assert!(used.len() > 10, "the scan found too few keys: {used:?}");
        let en = keys(en::TABLE);
        let zh = keys(zh::TABLE);
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !en.contains(*k) || !zh.contains(*k))
            .collect();
        assert!(
            missing.is_empty(),
            "keys used in src/ but not translated: {missing:?}"
        );
    }

    #[test]
    fn fill_replaces_named_holes_and_keeps_unknown_ones() {
        assert_eq!(
            fill("Broker {id} is {s}", &[("id", &2), ("s", &"down")]),
            "Broker 2 is down"
        );
        assert_eq!(fill("{x} and {y}", &[("x", &1)]), "1 and {y}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }

    #[test]
    fn lang_parse_accepts_regional_codes_and_rejects_others() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn clock_formats_minutes_seconds_millis() {
        assert_eq!(clock(0), "0:00.000");
        assert_eq!(clock(61_005), "1:01.005");
    }
}
