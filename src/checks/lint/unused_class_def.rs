//! FLOW206 unused-class-def: a `classDef` that no node, edge or subgraph uses.

use std::collections::HashSet;

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::Flow;

pub(crate) const RULE: Rule = Rule::new(
    Code::UnusedClassDef,
    "a `classDef` is used by no node, edge or subgraph",
    "\
What it checks: that every class defined with `classDef` is applied somewhere: by `class IDS
NAME` to a node, an edge id or a subgraph, or by `ID:::NAME`. `classDef default` applies to
every node and always counts as used. (A `style` line always names its target; one that names
no node is FLOW011.)

Why: an unused class is styling that silently does not show, usually because the `class` line
misspells its name or was deleted.

Cost: one set of the names in use, linear in nodes, edges and subgraphs.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?}
        hipaa -->|Yes| twilio[Work with Twilio]
        hipaa -->|No| eligible[Eligible]
        classDef warn fill:#fde2e1
        class twilio wran
Fix: apply the class as intended (`class twilio warn`), or delete the `classDef`.",
);

/// One set of the class names in use: O(nodes + edges + subgraphs + classDefs).
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    if flow.class_defs.is_empty() {
        return Vec::new();
    }
    let mut used: HashSet<&str> = HashSet::new();
    used.extend(
        flow.graph
            .node_weights()
            .flat_map(|n| n.classes())
            .map(String::as_str),
    );
    used.extend(
        flow.graph
            .edge_weights()
            .chain(flow.layout_links.iter().map(|l| &l.edge))
            .flat_map(|e| e.classes())
            .map(String::as_str),
    );
    used.extend(
        flow.subgraphs
            .iter()
            .flat_map(|s| &s.classes)
            .map(String::as_str),
    );
    flow.class_defs
        .iter()
        // Mermaid applies `classDef default` to every node that has no class.
        .filter(|c| c.name != "default" && !used.contains(c.name.as_str()))
        .map(|c| {
            Diagnostic::new(
                Code::UnusedClassDef,
                format!("class `{}` is defined but nothing uses it", c.name),
            )
            .label(c.name_span, "defined here")
            .help(format!(
                "apply it with `class ID {}` or `ID:::{}`, or delete the `classDef`",
                c.name, c.name
            ))
            .in_file(&flow.source)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::checks::lint::test_support::reported;
    use crate::diagnostic::Code;

    const FLOW: &str = "flowchart TD\nS --> Q{Ready?}\nQ -->|Yes| A[Go]\nQ e1@-->|No| B[Wait]\n";

    #[test]
    fn an_unused_class_is_reported() {
        let d = reported(
            &format!("{FLOW}classDef ok fill:#9f9\nclassDef bad fill:#f99\nclass A ok\n"),
            Code::UnusedClassDef,
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.starts_with("class `bad`"), "{}", d[0].message);
    }

    #[test]
    fn classes_used_by_edges_subgraphs_and_default_count() {
        let text = format!(
            "{FLOW}subgraph g [G]\nZ[z]\nend\nZ --> S\nclassDef default fill:#eee\nclassDef e fill:#f99\nclassDef s fill:#99f\nclassDef n fill:#9f9\nclass e1 e\nclass g s\nA:::n\n"
        );
        assert!(reported(&text, Code::UnusedClassDef).is_empty());
    }
}
