"""graph.py: topological order and cycles, without recursion, whatever the node order."""

from __future__ import annotations

import random
import sys

from integrate_cli.graph import Cycle, find_cycles, first_index, topological_order


def test_first_index_keeps_the_first_of_a_repeated_id() -> None:
    assert first_index(["a", "b", "a", "c"]) == {"a": 0, "b": 1, "c": 3}


def test_each_node_comes_after_what_it_needs_whatever_the_file_order() -> None:
    # 0 needs 1, 1 needs 2: written last-first
    assert topological_order([[1], [2], []]) == [2, 1, 0]


def test_ties_keep_file_order() -> None:
    assert topological_order([[], [], [], []]) == [0, 1, 2, 3]
    assert topological_order([[3], [3], [3], []]) == [3, 0, 1, 2]


def test_priority_comes_first_among_ready_nodes_then_file_order() -> None:
    # 2 is due first but needs 1; 0 and 3 tie on priority and keep file order
    needs: list[list[int]] = [[], [], [1], []]
    assert topological_order(needs, [5, 9, 1, 5]) == [0, 3, 1, 2]
    assert topological_order(needs, [5, 0, 1, 5]) == [1, 2, 0, 3]


def test_a_node_needing_itself_or_one_node_twice_is_placed() -> None:
    assert topological_order([[0], [0, 0]]) == [0, 1]


def test_cycles_and_what_waits_for_them_follow_in_file_order() -> None:
    # 1 <-> 3 form a cycle, 0 waits for 3, 2 is free
    assert topological_order([[3], [3], [], [1]]) == [2, 0, 1, 3]


def test_a_chain_far_deeper_than_the_recursion_limit() -> None:
    count = 10 * sys.getrecursionlimit()
    needs = [[n + 1] for n in range(count - 1)] + [[]]  # written last-first
    assert topological_order(needs) == list(reversed(range(count)))


def test_shuffled_chain_gives_the_same_order() -> None:
    count = 2000
    places = list(range(count))
    random.Random(9).shuffle(places)  # places[n]: where chain step n is written
    needs: list[list[int]] = [[] for _ in range(count)]
    for n in range(1, count):
        needs[places[n]] = [places[n - 1]]
    assert topological_order(needs) == places


def test_no_cycle_in_a_graph_without_one() -> None:
    assert list(find_cycles([[1, 2], [2], [], [None]])) == []


def test_a_cycle_is_reported_once_at_the_edge_that_closes_it() -> None:
    # 0 -> 1 -> 2 -> 0; the walk from 0 closes it at node 2's first edge
    assert list(find_cycles([[1], [2], [0]])) == [Cycle(2, 0, [0, 1, 2, 0])]


def test_a_node_needing_itself_is_a_cycle() -> None:
    assert list(find_cycles([[], [None, 1]])) == [Cycle(1, 1, [1, 1])]


def test_edge_positions_count_edges_to_nothing() -> None:
    assert list(find_cycles([[None, None, 1], [0]])) == [Cycle(1, 0, [0, 1, 0])]


def test_each_set_of_nodes_is_reported_once_and_separate_cycles_each() -> None:
    # 0 <-> 1 twice over (two edges back), and 2 <-> 3
    cycles = list(find_cycles([[1], [0, 0], [3], [2]]))
    assert cycles == [Cycle(1, 0, [0, 1, 0]), Cycle(3, 0, [2, 3, 2])]


def test_the_cycle_names_only_the_nodes_on_it() -> None:
    # 0 -> 1 -> 2 -> 3 -> 1: node 0 leads into the cycle but is not part of it
    assert list(find_cycles([[1], [2], [3], [1]])) == [Cycle(3, 0, [1, 2, 3, 1])]


def test_a_finished_node_reached_again_is_no_cycle() -> None:
    # diamond: 0 -> 1 -> 3 and 0 -> 2 -> 3
    assert list(find_cycles([[1, 2], [3], [3], []])) == []


def test_a_cycle_far_deeper_than_the_recursion_limit() -> None:
    count = 10 * sys.getrecursionlimit()
    needs: list[list[int | None]] = [[n + 1] for n in range(count - 1)] + [[0]]
    (cycle,) = find_cycles(needs)
    assert (cycle.node, cycle.edge, len(cycle.nodes)) == (count - 1, 0, count + 1)
    assert cycle.nodes[0] == cycle.nodes[-1] == 0
