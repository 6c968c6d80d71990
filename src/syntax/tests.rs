//! Grammar tests: what parses, into what, and what is rejected.
