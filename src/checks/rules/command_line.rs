//! The catalogue entries of the codes only the command line reports (`src/cli/`, a separate
//! crate the library cannot reach): `flowrun explain` (FLOW402), the files `ask` and `test
//! --generate` write (FLOW405), `ask` reading answers from standard input (FLOW406), and Graphviz
//! for `render --to svg|png` (FLOW407, FLOW408).

use crate::diagnostic::{Code, Rule};

pub(crate) const UNKNOWN_CODE: Rule = Rule::new(
    Code::UnknownCode,
    "a rule code given to flowrun does not exist",
    "\
What it checks: that a code given on the command line (as to `flowrun explain`) is one of the
codes in `flowrun explain --list`.

Why: a misspelt code would otherwise do nothing; the diagnostic suggests the closest code.

Example:
    flowrun explain FLOW1O1
Fix: `flowrun explain FLOW101`.",
);

pub(crate) const FILE_EXISTS: Rule = Rule::new(
    Code::FileExists,
    "flowrun was asked to write a file that already exists",
    "\
What it checks: that the files flowrun writes for you do not replace one that is already there,
unless `--force` is given: the answers `flowrun ask --save FILE` saves, and the starting test
file `flowrun test --generate FLOW` writes. `ask` checks before the first question, so no answers
are typed in vain; a file name typed at the end of an interactive session asks to confirm instead.

Why: a saved answers file is often kept as a test case, and a test file holds cases someone named
and edited; overwriting either by accident loses them.

Example:
    flowrun ask flows/eligibility.flow --save flows/answers/eligible.json
    flowrun test --generate flows/eligibility.flow   (flows/eligibility.tests.toml exists)
Fix: choose another name (`-o FILE` for `test --generate`, `-o -` for standard output), or add
`--force` to replace the file.",
);

pub(crate) const INVALID_TYPED_ANSWER: Rule = Rule::new(
    Code::InvalidTypedAnswer,
    "a line given to `flowrun ask` on standard input is not an answer",
    "\
What it checks: when standard input is not a terminal, `flowrun ask` reads one answer per line:
an answer label (matched as `flowrun run` matches answers: case and surrounding space ignored,
`true`/`false` for yes/no-like labels), the option's number counted from 1, or `back` to return
to the previous question. An empty line, anything else, or `back` at the first question is this
error, and `flowrun ask` stops with exit code 2: a script cannot retry, and going on would give
the following answers to the wrong questions.

Why: in a terminal a wrong key is simply ignored; a script needs to hear about it.

Example:
    printf 'Yes\\nMaybe\\n' | flowrun ask flows/eligibility.flow
Fix: answer `outside` with one of its options: `No`, `Yes`, `1` or `2`.",
);

pub(crate) const GRAPHVIZ_NOT_FOUND: Rule = Rule::new(
    Code::GraphvizNotFound,
    "Graphviz `dot`, needed for SVG or PNG output, could not be started",
    "\
What it checks: that `flowrun render --to svg` or `--to png` can start Graphviz's `dot`, which
draws the picture from the DOT text flowrun writes. flowrun runs `dot` from PATH, or the program
named by the FLOWRUN_DOT environment variable.

Why: flowrun does not lay out pictures itself; without `dot` there is no SVG or PNG. DOT and
Mermaid output (`--to dot`, `--to mermaid`) need nothing else.

Example:
    flowrun render flows/eligibility.flow --to svg -o eligibility.svg   (without Graphviz)
Fix: install Graphviz (Debian/Ubuntu `apt-get install graphviz`, macOS `brew install graphviz`,
others https://graphviz.org/download/), or set FLOWRUN_DOT to the path of `dot`.",
);

pub(crate) const GRAPHVIZ_FAILED: Rule = Rule::new(
    Code::GraphvizFailed,
    "Graphviz `dot` failed to draw the flow",
    "\
What it checks: that Graphviz's `dot` exits successfully when drawing the SVG or PNG of
`flowrun render --to svg|png`. The diagnostic shows what `dot` printed on its standard error.

Why: flowrun writes DOT that `dot` accepts, so a failure usually means a broken or very old
Graphviz installation, a program named by FLOWRUN_DOT that is not `dot`, or a lack of memory for
a very large flow. Nothing is written to the output file.

Example:
    FLOWRUN_DOT=/bin/false flowrun render flows/eligibility.flow --to png -o flow.png
Fix: check `dot -V` and that `echo 'digraph { a -> b }' | dot -Tsvg` works; reinstall Graphviz
if not.",
);
