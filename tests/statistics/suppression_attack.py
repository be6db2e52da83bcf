"""A reader trying to work out suppressed counts: an exhaustive solver, independent of the
suppression code (which proves safety with one-step changes; this one tries every value).

What the reader knows: each shown count; that "fewer than 5" is 1 to 4; that "withheld" is
0 or at least 5 (else it would say "fewer than 5"); that rows and columns add up to their
totals; and the table's population totals (``fixed``), which are published elsewhere in the
report, unless they are themselves fewer than 5. A suppressed cell is recovered when only one
value is consistent with all that.
"""

from __future__ import annotations

from app.statistics.suppression import SMALLEST_SHOWN, Shown, SuppressedTable

Position = tuple[int, int]


def recoverable_cells(table: SuppressedTable) -> list[tuple[Position, int]]:
    """Every suppressed cell the reader can pin down, with the value they would find."""
    if table.withheld_entirely:
        return []  # no breakdown at all: nothing but the grand total is known
    cells = {(r, c): cell for r, row in enumerate(table.cells) for c, cell in enumerate(row)}
    known: dict[Position, int] = {p: c.value for p, c in cells.items() if c.shown is Shown.VALUE}
    for total in table.fixed:
        if cells[total].shown is Shown.WITHHELD:
            known[total] = cells[total].value  # published elsewhere
    ceiling = sum(c.value for c in cells.values()) + 10  # looser than anything a reader knows
    domains = {p: _domain(cells[p].shown, ceiling) for p in cells if p not in known}
    found = []
    for target in domains:
        truth = cells[target].value
        assert truth in domains[target], f"the true value of {target} is outside its domain"
        # Nearest first: if the cell is safe, a neighbouring value usually shows it.
        others = sorted((v for v in domains[target] if v != truth), key=lambda v: abs(v - truth))
        if not any(_feasible(table.lines, known, domains, {target: v}) for v in others):
            found.append((target, truth))
    return found


def _domain(shown: Shown, ceiling: int) -> list[int]:
    if shown is Shown.FEWER_THAN_5:
        return list(range(1, SMALLEST_SHOWN))
    return [0, *range(SMALLEST_SHOWN, ceiling + 1)]


Lines = tuple[tuple[tuple[Position, ...], Position], ...]


def _feasible(
    lines: Lines,
    known: dict[Position, int],
    domains: dict[Position, list[int]],
    fixed: dict[Position, int],
) -> bool:
    """Is there any assignment of the unknown cells, starting from ``fixed``, in which every
    line adds up and every cell stays in its domain?"""
    return _Reader(lines, known, domains).search(dict(fixed))


class _Reader:
    """Depth first: a line with one unknown cell left fixes it; a line whose sum can no
    longer be met cuts the branch."""

    def __init__(self, lines: Lines, known: dict[Position, int], domains: dict[Position, list[int]]
                 ) -> None:  # fmt: skip
        self.lines, self.known, self.domains = lines, known, domains
        self.allowed = {p: set(values) for p, values in domains.items()}

    def range_of(self, p: Position, assignment: dict[Position, int]) -> tuple[int, int]:
        if p in self.known:
            return self.known[p], self.known[p]
        if p in assignment:
            return assignment[p], assignment[p]
        return self.domains[p][0], self.domains[p][-1]

    def forced(self, p: Position, total: Position, cells: tuple[Position, ...],
               assignment: dict[Position, int]) -> int:  # fmt: skip
        rest = {q: self.range_of(q, assignment)[0] for q in cells if q != p}
        if p == total:
            return sum(rest.values())
        return rest[total] - sum(v for q, v in rest.items() if q != total)

    def line_holds(self, members: tuple[Position, ...], total: Position,
                   assignment: dict[Position, int]) -> bool:  # fmt: skip
        low = sum(self.range_of(q, assignment)[0] for q in members)
        high = sum(self.range_of(q, assignment)[1] for q in members)
        t_low, t_high = self.range_of(total, assignment)
        return not (high < t_low or low > t_high)

    def propagate(self, assignment: dict[Position, int]) -> bool:
        changed = True
        while changed:
            changed = False
            for members, total in self.lines:
                cells = (*members, total)
                unknown = [p for p in cells if p not in self.known and p not in assignment]
                if len(unknown) == 1:
                    value = self.forced(unknown[0], total, cells, assignment)
                    if value not in self.allowed[unknown[0]]:
                        return False
                    assignment[unknown[0]] = value
                    changed = True
                elif not self.line_holds(members, total, assignment):
                    return False
        return True

    def search(self, assignment: dict[Position, int]) -> bool:
        if not self.propagate(assignment):
            return False
        free = [p for p in self.domains if p not in assignment]
        if not free:
            return True
        p = min(free, key=lambda q: len(self.domains[q]))
        return any(self.search({**assignment, p: value}) for value in self.domains[p])
