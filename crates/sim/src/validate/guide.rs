//! A scenario's two-language texts and its guide: steps in time order, captions and
//! prediction questions with their choices and answer.

use super::{fail, Check};
use crate::scenario::{Scenario, Text};

pub(super) fn check_text(path: &str, text: &Text, required: bool) -> Check {
    let (en, zh) = (text.en.trim().is_empty(), text.zh.trim().is_empty());
    if required && en {
        return fail(format!("{path}.en"), "expected a non-empty English text");
    }
    if en != zh {
        let missing = if en { "en" } else { "zh" };
        return fail(
            format!("{path}.{missing}"),
            "every text needs both English (en) and Simplified Chinese (zh)",
        );
    }
    Ok(())
}

pub(super) fn check_guide(s: &Scenario) -> Check {
    let mut previous = 0;
    for (i, step) in s.guide.iter().enumerate() {
        let path = format!("guide[{i}]");
        if step.at_ms < previous || step.at_ms > s.end_ms {
            fail(
                format!("{path}.at_ms"),
                format!(
                    "expected a time in order and within end_ms ({}), got {}",
                    s.end_ms, step.at_ms
                ),
            )?;
        }
        previous = step.at_ms;
        check_text(&format!("{path}.caption"), &step.caption, true)?;
        if let Some(q) = &step.question {
            let qpath = format!("{path}.question");
            check_text(&format!("{qpath}.prompt"), &q.prompt, true)?;
            check_text(&format!("{qpath}.explanation"), &q.explanation, true)?;
            if q.choices.len() < 2 {
                fail(format!("{qpath}.choices"), "expected at least two choices")?;
            }
            for (j, c) in q.choices.iter().enumerate() {
                check_text(&format!("{qpath}.choices[{j}]"), c, true)?;
            }
            if q.answer >= q.choices.len() {
                fail(
                    format!("{qpath}.answer"),
                    format!(
                        "expected the index of a choice (0..{}), got {}",
                        q.choices.len(),
                        q.answer
                    ),
                )?;
            }
        }
    }
    Ok(())
}
