"""Small-number suppression for tables of counts, as NHS statistics do it.

The rule, as the report states it: any count from 1 to 4 is shown as "fewer than 5"
(primary suppression), and any other count or total that would let someone work such a
number out from the rest of the table is withheld too (secondary suppression). Zero is
shown: it identifies nobody.

What a reader knows, and so what the table must withstand: every count shown; that a
"fewer than 5" is 1, 2, 3 or 4; that a withheld count is not 1 to 4 (else it would say
"fewer than 5"); that each row and column adds up to its total; and the table's population
totals (its grand total, or each column's total where the columns are separate populations),
which are published elsewhere in the report and so are never withheld. A suppressed cell is
safe when another table, consistent with all of that, gives it a different value. After
choosing secondary cells, ``suppress`` proves each suppressed cell safe by finding such a
table (a change of one up or down along cells of its rows and columns); while some cell has
no such proof it withholds more, and when nothing more can be withheld the whole table is
withheld (every cell, so the small ones cannot be told apart). The tests check the result
with a solver of their own that looks for every value a suppressed cell could take.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

SMALLEST_SHOWN = 5
FEWER_THAN_5 = "fewer than 5"
WITHHELD = "withheld"
TOTAL = "Total"
RULE = (
    "Any count from 1 to 4 is shown as “fewer than 5”. Any other count or total from which "
    "such a number could be worked out is withheld too. Zero is shown as 0."
)


class Shown(StrEnum):
    """How a cell is published."""

    VALUE = "value"
    FEWER_THAN_5 = "fewer_than_5"  # primary: 1 to 4
    WITHHELD = "withheld"  # secondary: 0 or 5 and more, hidden to protect a small number


@dataclass(frozen=True)
class Cell:
    value: int  # the true count: never shown unless ``shown`` is VALUE
    shown: Shown

    @property
    def text(self) -> str:
        if self.shown is Shown.FEWER_THAN_5:
            return FEWER_THAN_5
        if self.shown is Shown.WITHHELD:
            return WITHHELD
        return f"{self.value:,}"

    @property
    def published(self) -> int | None:
        """The count as a reader may use it (for a chart): ``None`` when not shown."""
        return self.value if self.shown is Shown.VALUE else None


@dataclass(frozen=True)
class CountTable:
    """Counts by row and column, with a Total column and/or a Total row when they add up.

    ``row_totals`` adds a Total column (each row's sum); ``column_totals`` a Total row. A
    table of things that overlap (a case with several causes) has neither.
    """

    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    row_totals: bool = True
    column_totals: bool = False

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.row_labels) or any(
            len(row) != len(self.column_labels) for row in self.counts
        ):
            raise ValueError("the counts do not match the labels")
        if any(value < 0 for row in self.counts for value in row):
            raise ValueError("a count cannot be negative")


@dataclass(frozen=True)
class SuppressedTable:
    """A table as published: labels with Total where it applies, and each cell's showing."""

    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    #: The positions of the cells that must add up: (members, total) per row or column.
    lines: tuple[tuple[tuple[tuple[int, int], ...], tuple[int, int]], ...]
    #: The totals a reader knows from elsewhere in the report (the population of the table:
    #: the grand total, or each column's total when columns are separate populations). They
    #: are never withheld, and a reader is assumed to know them even when they are small.
    fixed: frozenset[tuple[int, int]]
    #: No breakdown could be shown without revealing a small number: every cell is withheld
    #: (even the "fewer than 5" ones, which could otherwise be told apart).
    withheld_entirely: bool = False

    @property
    def suppressed(self) -> int:
        return sum(cell.shown is not Shown.VALUE for row in self.cells for cell in row)

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.cells]


Position = tuple[int, int]
Line = tuple[tuple[Position, ...], Position]


def suppress(table: CountTable) -> SuppressedTable:
    """The table with small numbers suppressed and protected (see the module's docstring)."""
    values = _extended(table)
    lines = _lines(table, values)
    fixed = _fixed_totals(table, values)
    shown = {p: Shown.VALUE for p in _positions(values)}
    for p in shown:
        if 1 <= values[p[0]][p[1]] < SMALLEST_SHOWN:
            shown[p] = Shown.FEWER_THAN_5
    entirely = False
    if any(s is not Shown.VALUE for s in shown.values()) and not _protect(
        values, lines, fixed, shown
    ):
        entirely = True
        shown = dict.fromkeys(shown, Shown.WITHHELD)
    rows = len(values)
    cells = tuple(
        tuple(Cell(values[r][c], shown[(r, c)]) for c in range(len(values[r]))) for r in range(rows)
    )
    row_labels = table.row_labels + ((TOTAL,) if table.column_totals else ())
    column_labels = table.column_labels + ((TOTAL,) if table.row_totals else ())
    return SuppressedTable(
        table.title, row_labels, column_labels, cells, lines, fixed, withheld_entirely=entirely
    )


def _extended(table: CountTable) -> list[list[int]]:
    values = [list(row) for row in table.counts]
    if table.row_totals:
        for row in values:
            row.append(sum(row))
    if table.column_totals:
        width = len(table.column_labels) + table.row_totals
        values.append([sum(row[c] for row in values) for c in range(width)])
    return values


def _positions(values: list[list[int]]) -> list[Position]:
    return [(r, c) for r in range(len(values)) for c in range(len(values[r]))]


def _lines(table: CountTable, values: list[list[int]]) -> tuple[Line, ...]:
    rows, columns = len(table.row_labels), len(table.column_labels)
    lines: list[Line] = []
    if table.row_totals:
        for r in range(len(values)):
            lines.append((tuple((r, c) for c in range(columns)), (r, columns)))
    if table.column_totals:
        for c in range(len(values[0]) if values else 0):
            lines.append((tuple((r, c) for r in range(rows)), (rows, c)))
    return tuple(lines)


def _fixed_totals(table: CountTable, values: list[list[int]]) -> frozenset[Position]:
    """The table's population totals: the grand total when rows and columns both add up;
    else every total of the one direction that adds up (each is a population of its own)."""
    if not values:
        return frozenset()
    rows, columns = len(table.row_labels), len(table.column_labels)
    if table.row_totals and table.column_totals:
        return frozenset({(rows, columns)})
    if table.column_totals:
        return frozenset((rows, c) for c in range(columns))
    if table.row_totals:
        return frozenset((r, columns) for r in range(rows))
    return frozenset()


def _protect(
    values: list[list[int]],
    lines: Sequence[Line],
    fixed: frozenset[Position],
    shown: dict[Position, Shown],
) -> bool:
    """Withhold cells until every suppressed cell has a proof that it cannot be worked out.

    First the classic rule: no row or column may hold exactly one suppressed cell. Then
    each suppressed cell must have its proof; while one lacks it, the best remaining cell of
    any line with a suppressed cell is withheld too. Returns ``False`` when nothing is left
    to withhold (with the grand total known, a split such as 1 and 5 of 6 gives itself away
    whatever is hidden): the table is then withheld entirely.
    """
    while True:
        _pair_up(values, lines, fixed, shown)
        if all(_safe(p, values, lines, shown) for p in shown if shown[p] is not Shown.VALUE):
            return True
        touched = [line for line in lines if _hidden_in(line, shown)]
        extra = _best_to_withhold(touched, values, shown, fixed)
        if extra is None:
            return False
        shown[extra] = Shown.WITHHELD


def _hidden_in(line: Line, shown: dict[Position, Shown]) -> int:
    members, total = line
    return sum(shown[p] is not Shown.VALUE for p in (*members, total))


def _pair_up(
    values: list[list[int]],
    lines: Sequence[Line],
    fixed: frozenset[Position],
    shown: dict[Position, Shown],
) -> None:
    """Withhold one more cell in every line that has exactly one suppressed cell."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if _hidden_in(line, shown) == 1:
                extra = _best_to_withhold([line], values, shown, fixed)
                if extra is not None:
                    shown[extra] = Shown.WITHHELD
                    changed = True


def _best_to_withhold(
    lines: Sequence[Line],
    values: list[list[int]],
    shown: dict[Position, Shown],
    fixed: frozenset[Position],
) -> Position | None:
    """The shown cell of ``lines`` that costs least to withhold, or ``None``.

    The smallest count that can move both ways (6 or more), then 5 (it can only go up),
    then zero (it can only jump to 5); never a population total, which is published
    elsewhere.
    """
    open_cells = {
        p for members, total in lines for p in (*members, total)
        if shown[p] is Shown.VALUE and p not in fixed
    }  # fmt: skip
    if not open_cells:
        return None

    def preference(p: Position) -> tuple[int, int, Position]:
        value = values[p[0]][p[1]]
        rank = 0 if value > SMALLEST_SHOWN else 1 if value == SMALLEST_SHOWN else 2
        return (rank, value, p)

    return min(open_cells, key=preference)


def _domain_allows(value: int, change: int, shown: Shown) -> bool:
    new = value + change
    if shown is Shown.FEWER_THAN_5:
        return 1 <= new < SMALLEST_SHOWN
    return new == 0 or new >= SMALLEST_SHOWN  # withheld: never 1 to 4, never negative


def _safe(
    cell: Position, values: list[list[int]], lines: Sequence[Line], shown: dict[Position, Shown]
) -> bool:
    """Whether a change of one up or down along suppressed cells moves ``cell`` and keeps
    every line adding up and every suppressed cell within what a reader knows of it."""
    hidden = [p for p in shown if shown[p] is not Shown.VALUE]
    # Each line as coefficients over the hidden cells: members +1, the total -1.
    equations = []
    for members, total in lines:
        terms = {p: 1 for p in members if p in shown and shown[p] is not Shown.VALUE}
        if shown[total] is not Shown.VALUE:
            terms[total] = terms.get(total, 0) - 1
        if terms:
            equations.append(terms)
    order = [cell] + [p for p in hidden if p != cell]
    change: dict[Position, int] = {}

    def consistent() -> bool:
        for terms in equations:
            fixed = sum(k * change[p] for p, k in terms.items() if p in change)
            free = sum(abs(k) for p, k in terms.items() if p not in change)
            if abs(fixed) > free:
                return False
        return True

    def search(i: int) -> bool:
        if i == len(order):
            return True
        p = order[i]
        choices = (1, -1) if i == 0 else (0, 1, -1)
        for step in choices:
            if step and not _domain_allows(values[p[0]][p[1]], step, shown[p]):
                continue
            change[p] = step
            if consistent() and search(i + 1):
                return True
            del change[p]
        return False

    return search(0)
