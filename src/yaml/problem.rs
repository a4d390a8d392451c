//! Load stage, problems with values: what the model's own deserializers
//! (in [`super::values`]) find wrong with a value, such as a date that is no
//! date or `kanske` for ja/nej, as a Swedish message with its hint.
//!
//! serde lets a deserializer fail only with a message. So a deserializer
//! that refuses a value records its [`Problem`] for the reader running on
//! the same thread and fails with the problem's message; the reader
//! ([`caught`]) takes the problem back and, when serde-saphyr's error is
//! that failure, reports the problem at serde-saphyr's position.

use std::cell::RefCell;

use serde::de;

use crate::error::Diagnostic;

/// What is wrong with a value, in Swedish, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// What is wrong: "`kanske` är varken ja eller nej".
    pub message: String,
    /// What to write instead: "skriv `ja` eller `nej`".
    pub tips: String,
}

thread_local! {
    /// The problem the last refusing deserializer on this thread raised.
    static RAISED: RefCell<Option<Problem>> = const { RefCell::new(None) };
}

impl Problem {
    /// A problem with its hint.
    pub(crate) fn new(message: impl Into<String>, tips: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            tips: tips.into(),
        }
    }

    /// Fails a deserializer with this problem: recorded for [`caught`],
    /// and serde's error carries the message.
    pub(crate) fn raise<E: de::Error>(self) -> E {
        let error = E::custom(&self.message);
        RAISED.with(|raised| *raised.borrow_mut() = Some(self));
        error
    }

    /// The problem as a diagnostic without a position.
    pub(crate) fn diagnostic(self) -> Diagnostic {
        Diagnostic::error(self.message).tips(self.tips)
    }
}

/// Runs `parse` and returns its result with the problem a deserializer
/// raised in it, if any (the last one, which is the one serde reports).
pub(crate) fn caught<T>(parse: impl FnOnce() -> T) -> (T, Option<Problem>) {
    RAISED.with(|raised| raised.borrow_mut().take());
    let result = parse();
    (result, RAISED.with(|raised| raised.borrow_mut().take()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_problem_comes_back_once() {
        let (result, problem) = caught(|| -> Result<(), serde::de::value::Error> {
            Err(Problem::new("fel", "gör så").raise())
        });
        assert_eq!(result.unwrap_err().to_string(), "fel");
        assert_eq!(problem, Some(Problem::new("fel", "gör så")));
        let (_, again) = caught(|| ());
        assert_eq!(again, None);
    }
}
