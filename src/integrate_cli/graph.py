"""Order and cycles of a dependency graph, without recursion and in linear time.

Nodes are positions 0..n-1 (a stage's place in the file); `needs[i]` lists the nodes that
node i depends on. A leaf module: it imports nothing from the package.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple


def first_index(ids: Sequence[str]) -> dict[str, int]:
    """Return id -> position of the first node with that id."""
    index: dict[str, int] = {}
    for position, node_id in enumerate(ids):
        index.setdefault(node_id, position)
    return index


def topological_order(
    needs: Sequence[Sequence[int]], priority: Sequence[Any] | None = None
) -> list[int]:
    """Return every node, each after the nodes it needs (Kahn's algorithm).

    Among nodes that are ready, the lowest `priority` comes first, then file order; a
    node's need of itself and repeated needs are ignored. Nodes in a cycle, and nodes
    that wait for one, follow at the end in file order.
    """
    count = len(needs)
    waiting = [0] * count
    dependents: list[list[int]] = [[] for _ in range(count)]
    for node, wanted in enumerate(needs):
        for dep in set(wanted):
            if dep != node:
                waiting[node] += 1
                dependents[dep].append(node)
    ready: list[tuple[Any, int]] = [
        (priority[node] if priority is not None else 0, node)
        for node in range(count)
        if waiting[node] == 0
    ]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, node = heapq.heappop(ready)
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                key = priority[dependent] if priority is not None else 0
                heapq.heappush(ready, (key, dependent))
    if len(order) < count:
        placed = set(order)
        order.extend(node for node in range(count) if node not in placed)
    return order


class Cycle(NamedTuple):
    """A cycle found at the edge `edge` of node `node`: the nodes, first one repeated last."""

    node: int
    edge: int
    nodes: list[int]


def find_cycles(needs: Sequence[Sequence[int | None]]) -> Iterator[Cycle]:
    """Yield each cycle once, at the edge that closes it in a depth-first walk.

    The walk starts from each unvisited node in file order and follows edges in the
    order written (None stands for an edge to nothing, skipped but counted), so the
    same graph always gives the same cycles at the same edges. A cycle is reported once
    for each set of nodes it passes through.
    """
    state = [0] * len(needs)  # 0 unvisited, 1 on the current path, 2 finished
    on_path: dict[int, int] = {}  # node -> its place in `path`
    reported: set[frozenset[int]] = set()
    for root in range(len(needs)):
        if state[root]:
            continue
        path = [root]
        on_path[root] = 0
        state[root] = 1
        edges = [0]  # for each node on the path, the next edge to follow
        while path:
            node = path[-1]
            position = edges[-1]
            if position == len(needs[node]):
                path.pop()
                edges.pop()
                del on_path[node]
                state[node] = 2
                continue
            edges[-1] = position + 1
            dep = needs[node][position]
            if dep is None:
                continue
            if state[dep] == 1:
                nodes = [*path[on_path[dep] :], dep]
                key = frozenset(nodes)
                if key not in reported:
                    reported.add(key)
                    yield Cycle(node, position, nodes)
            elif state[dep] == 0:
                state[dep] = 1
                on_path[dep] = len(path)
                path.append(dep)
                edges.append(0)
