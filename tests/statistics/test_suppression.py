"""Small-number suppression: no count from 1 to 4 shown, and none that can be worked out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from suppression_attack import recoverable_cells

from app.statistics.suppression import (
    FEWER_THAN_5,
    WITHHELD,
    CountTable,
    Shown,
    SuppressedTable,
    suppress,
)


def column(*counts: int) -> CountTable:
    """A list of categories with a Total row, as most of the report's tables are."""
    labels = tuple(f"Category {i}" for i in range(len(counts)))
    return CountTable("Cases", labels, ("Cases",), tuple((c,) for c in counts),
                      row_totals=False, column_totals=True)  # fmt: skip


def test_no_small_numbers_shows_everything() -> None:
    table = suppress(column(7, 12, 0))
    assert table.texts() == [["7"], ["12"], ["0"], ["19"]]
    assert table.suppressed == 0


def test_one_small_count_takes_a_neighbour_with_it_but_not_the_total() -> None:
    table = suppress(column(3, 12, 9, 0))
    assert table.texts() == [[FEWER_THAN_5], ["12"], [WITHHELD], ["0"], ["24"]]
    assert recoverable_cells(table) == []


def test_two_small_counts_protect_each_other() -> None:
    table = suppress(column(2, 3, 20))
    assert table.texts() == [[FEWER_THAN_5], [FEWER_THAN_5], ["20"], ["25"]]


def test_a_split_that_gives_itself_away_is_withheld_entirely() -> None:
    # 1 and 5 of 6: whatever is hidden, a reader who knows the 6 finds the 1.
    table = suppress(column(1, 5))
    assert table.withheld_entirely
    assert {text for row in table.texts() for text in row} == {WITHHELD}


def test_overlapping_counts_have_no_totals_to_protect() -> None:
    causes = CountTable("Causes", ("Trust", "Pain"), ("Cases",), ((2,), (9,)),
                        row_totals=False, column_totals=False)  # fmt: skip
    assert suppress(causes).texts() == [[FEWER_THAN_5], ["9"]]


def test_a_two_way_table_protects_through_rows_and_columns() -> None:
    table = suppress(
        CountTable(
            "Outcomes",
            ("Agreed", "Not agreed"),
            ("Early", "Formal"),
            ((3, 14), (11, 22)),
            row_totals=True,
            column_totals=True,
        )
    )
    texts = table.texts()
    assert texts[0][0] == FEWER_THAN_5
    assert texts[-1][-1] == "50"
    assert recoverable_cells(table) == []


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        column(-1, 3)


def check(table: SuppressedTable) -> None:
    for row in table.cells:
        for cell in row:
            if 1 <= cell.value <= 4:
                assert cell.shown is not Shown.VALUE, "a small number is shown"
            if cell.shown is Shown.VALUE:
                assert cell.text == f"{cell.value:,}"
            if cell.shown is Shown.FEWER_THAN_5 and not table.withheld_entirely:
                assert 1 <= cell.value <= 4
    assert recoverable_cells(table) == []


SMALLISH = st.integers(min_value=0, max_value=4) | st.integers(min_value=0, max_value=14)


@st.composite
def tables(draw: st.DrawFn) -> CountTable:
    rows = draw(st.integers(min_value=1, max_value=4))
    columns = draw(st.integers(min_value=1, max_value=3))
    counts = tuple(tuple(draw(SMALLISH) for _ in range(columns)) for _ in range(rows))
    return CountTable(
        "Generated",
        tuple(f"r{i}" for i in range(rows)),
        tuple(f"c{j}" for j in range(columns)),
        counts,
        row_totals=draw(st.booleans()),
        column_totals=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_suppressed_cell_of_any_table_can_be_worked_out(table: CountTable) -> None:
    check(suppress(table))


def test_the_reader_does_find_a_count_left_unprotected() -> None:
    """The solver is a real reader: shown a table with only its small count hidden, or with
    a neighbour of 5 beside a 1 of 6, it finds the count."""
    from dataclasses import replace

    from app.statistics.suppression import Cell

    protected = suppress(column(3, 12, 9, 0))
    lone = [
        [Cell(c.value, Shown.VALUE if c.shown is Shown.WITHHELD else c.shown) for c in row]
        for row in protected.cells
    ]
    exposed = replace(protected, cells=tuple(tuple(row) for row in lone))
    assert recoverable_cells(exposed) == [((0, 0), 3)]

    one_of_six = suppress(column(1, 5))
    split = ((Cell(1, Shown.FEWER_THAN_5),), (Cell(5, Shown.WITHHELD),), (Cell(6, Shown.VALUE),))
    assert recoverable_cells(replace(one_of_six, cells=split, withheld_entirely=False)) == [
        ((0, 0), 1),
        ((1, 0), 5),
    ]
