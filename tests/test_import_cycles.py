"""No module of callnotes imports itself back, however indirectly.

A cycle is how a house loses its rooms: the window needs an area that needs the window, and no
part can be read, tested or replaced alone. Imports made only for type checking are left out
here (the ORM's tables name each other in their relationships); the import-linter contracts in
pyproject.toml keep areas from the shell and from each other, type-only imports included.
"""

from __future__ import annotations

import grimp


def cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other in a circle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        # Iterative depth-first search: the graph is deep enough to hit the recursion limit.
        work: list[tuple[str, list[str]]] = []

        def enter(module: str) -> None:
            nonlocal counter
            index[module] = low[module] = counter
            counter += 1
            stack.append(module)
            on_stack.add(module)
            work.append((module, sorted(graph.find_modules_directly_imported_by(module))))

        enter(start)
        while work:
            module, todo = work[-1]
            if todo:
                target = todo.pop()
                if target not in index:
                    enter(target)
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                    found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_of_callnotes_imports_itself_back() -> None:
    graph = grimp.build_graph("callnotes", exclude_type_checking_imports=True)
    assert len(graph.modules) > 200  # the whole package was read
    assert cycles(graph) == []


def test_the_check_finds_a_cycle_however_long() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg.shell", "pkg.area", "pkg.common", "pkg.other"):
        graph.add_module(module)
    graph.add_import(importer="pkg.shell", imported="pkg.area")
    graph.add_import(importer="pkg.area", imported="pkg.common")
    assert cycles(graph) == []
    graph.add_import(importer="pkg.common", imported="pkg.shell")
    assert cycles(graph) == [["pkg.area", "pkg.common", "pkg.shell"]]
