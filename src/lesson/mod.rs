//! Lesson files: model, parser, quick checks and goals.
