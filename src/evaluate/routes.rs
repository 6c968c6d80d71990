//! Every route from the start to a verdict: counted per verdict by dynamic programming over the
//! DAG (routes can be exponential in number), and listed, up to a limit, by an explicit-stack
//! depth-first search in the order the edges are written.

use petgraph::Direction::Outgoing;
use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::checks::structure::ValidFlow;
use crate::evaluate::walk::Step;
use crate::flow::NodeKind;

/// How many routes end at one verdict. Counts saturate at `u128::MAX`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerdictCount {
    /// The verdict's node.
    pub verdict: NodeIndex,
    /// How many distinct routes from the start end at it (at least 1).
    pub routes: u128,
}

/// Routes per verdict, in the order verdicts are declared, and their total (saturating): one
/// pass in topological order, O(nodes + edges), whatever the number of routes.
#[must_use]
pub fn count(flow: &ValidFlow) -> (Vec<VerdictCount>, u128) {
    let graph = &flow.graph;
    let mut ways = vec![0u128; graph.node_count()];
    ways[flow.start().index()] = 1;
    for &n in flow.topological_order() {
        let here = ways[n.index()];
        if here == 0 {
            continue;
        }
        for next in graph.neighbors_directed(n, Outgoing) {
            ways[next.index()] = ways[next.index()].saturating_add(here);
        }
    }
    let counts: Vec<VerdictCount> = graph
        .node_indices()
        .filter(|&n| flow.kind(n) == NodeKind::Verdict && ways[n.index()] > 0)
        .map(|verdict| VerdictCount {
            verdict,
            routes: ways[verdict.index()],
        })
        .collect();
    let total = counts
        .iter()
        .fold(0u128, |sum, c| sum.saturating_add(c.routes));
    (counts, total)
}

/// One route: each node from the start with the answer taken there (`None` at steps and at the
/// verdict), ending at a verdict.
pub type Route = Vec<Step>;

/// The first `limit` routes, depth first, each question's answers in the order written. Each
/// route costs its length; the search keeps one stack of the current route.
#[must_use]
pub fn list(flow: &ValidFlow, limit: usize) -> Vec<Route> {
    let mut routes = Vec::new();
    if limit == 0 {
        return routes;
    }
    // The current route as (node, its outgoing edges in written order, the next one to try).
    let mut stack: Vec<(NodeIndex, Vec<EdgeIndex>, usize)> = Vec::new();
    let start = flow.start();
    stack.push((start, flow.out_edges(start).collect(), 0));
    while let Some((_, edges, next)) = stack.last_mut() {
        if edges.is_empty() {
            // A verdict: the stack is a whole route.
            routes.push(route_of(flow, &stack));
            if routes.len() == limit {
                break;
            }
            stack.pop();
            continue;
        }
        let Some(&edge) = edges.get(*next) else {
            stack.pop();
            continue;
        };
        *next += 1;
        let (_, to) = flow.graph.edge_endpoints(edge).expect("the edge exists");
        stack.push((to, flow.out_edges(to).collect(), 0));
    }
    routes
}

fn route_of(flow: &ValidFlow, stack: &[(NodeIndex, Vec<EdgeIndex>, usize)]) -> Route {
    stack
        .iter()
        .map(|(node, edges, next)| {
            // The edge taken is the one before `next`; a verdict has none.
            let answer = next
                .checked_sub(1)
                .and_then(|i| edges.get(i))
                .filter(|_| flow.kind(*node) == NodeKind::Question)
                .and_then(|&e| flow.graph[e].label.clone());
            Step {
                node: *node,
                answer,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(text: &str) -> ValidFlow {
        let source = crate::SourceFile::new("t.flow", text);
        crate::analyze(&source, &crate::Settings::default())
            .into_valid()
            .expect("a valid flow")
    }

    fn ids(flow: &ValidFlow, route: &Route) -> Vec<String> {
        route
            .iter()
            .map(|s| match &s.answer {
                Some(a) => format!("{}={a}", flow.node(s.node).id),
                None => flow.node(s.node).id.clone(),
            })
            .collect()
    }

    #[test]
    fn routes_are_listed_in_written_order_with_their_answers() {
        let flow = valid(
            "flowchart TD\nstart --> q{Q?}\nq -->|Yes| r{R?}\nq -->|No| no[No]\n\
             r -->|Yes| yes[Yes]\nr -->|No| no\n",
        );
        let routes: Vec<Vec<String>> = list(&flow, 10).iter().map(|r| ids(&flow, r)).collect();
        assert_eq!(
            routes,
            [
                vec!["start", "q=Yes", "r=Yes", "yes"],
                vec!["start", "q=Yes", "r=No", "no"],
                vec!["start", "q=No", "no"],
            ]
        );
        let (counts, total) = count(&flow);
        assert_eq!(total, 3);
        let per: Vec<(String, u128)> = counts
            .iter()
            .map(|c| (flow.node(c.verdict).id.clone(), c.routes))
            .collect();
        assert_eq!(per, [("no".to_owned(), 2), ("yes".to_owned(), 1)]);
        assert_eq!(list(&flow, 2).len(), 2);
    }

    #[test]
    fn exponentially_many_routes_are_counted_without_listing_them() {
        // 200 questions in a row, both answers of each going to the next: 2^200 routes.
        let mut text = String::from("flowchart TD\nstart --> q0\n");
        for i in 0..200 {
            text.push_str(&format!(
                "q{i}{{Q{i}?}} -->|Yes| q{}\nq{i} -->|No| q{}\n",
                i + 1,
                i + 1
            ));
        }
        text.push_str("q200[Done]\n");
        let flow = valid(&text);
        let (counts, total) = count(&flow);
        assert_eq!(counts.len(), 1);
        assert_eq!(total, u128::MAX, "2^200 saturates");
        let routes = list(&flow, 5);
        assert_eq!(routes.len(), 5);
        assert_eq!(routes[0].len(), 202);
    }

    proptest::proptest! {
        /// On any small DAG, listing everything finds exactly as many routes as counting, each
        /// a real route from the start to a verdict.
        #[test]
        fn listing_all_routes_agrees_with_counting_them(
            targets in proptest::collection::vec((0usize..100, 0usize..100), 1..7)
        ) {
            let n = targets.len();
            let mut text = String::from("flowchart TD\nstart --> q0\n");
            for (i, (a, b)) in targets.iter().enumerate() {
                // Each answer goes to a later question or to one of two verdicts.
                let pick = |x: usize| {
                    let later = n - i - 1 + 2;
                    let k = x % later;
                    if k < 2 { format!("v{k}[Verdict {k}]") } else { format!("q{}", i + 1 + k - 2) }
                };
                // `Yes` leads to the next question, so every question is reached.
                let yes = if i + 1 < n { format!("q{}", i + 1) } else { pick(*a) };
                text.push_str(&format!("q{i}{{Q{i}?}} -->|Yes| {yes}\nq{i} -->|No| {}\n", pick(*b)));
            }
            let source = crate::SourceFile::new("t.flow", text.clone());
            let analysis = crate::analyze(&source, &crate::Settings::default());
            proptest::prop_assert!(!analysis.has_errors(), "{}: {:?}", text, analysis.diagnostics);
            if let Some(flow) = analysis.into_valid() {
                let (_, total) = count(&flow);
                let routes = list(&flow, usize::MAX);
                proptest::prop_assert_eq!(routes.len() as u128, total, "{}", text);
                for route in &routes {
                    proptest::prop_assert_eq!(route[0].node, flow.start());
                    let last = route.last().unwrap().node;
                    proptest::prop_assert_eq!(flow.kind(last), NodeKind::Verdict);
                    for pair in route.windows(2) {
                        proptest::prop_assert!(flow.graph.contains_edge(pair[0].node, pair[1].node));
                    }
                }
            }
        }
    }
}
