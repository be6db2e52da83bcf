"""The statistics report's tables: every figure fits its column, "fewer than 5" in bold in a
Total column included, so no figure runs into its neighbour on the page."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.documents import statistics_pdf
from app.documents.a4 import FONT_BOLD, WIDTH, register_fonts, styles
from app.statistics.suppression import TOTAL, CountTable, suppress

PADDING = 6  # the table's right padding, in points


@settings(max_examples=40, deadline=None)
@given(
    columns=st.integers(1, 5),
    counts=st.lists(st.integers(0, 40), min_size=5, max_size=5),
)
def test_every_figure_fits_its_column(columns: int, counts: list[int]) -> None:
    register_fonts()
    labels = tuple(f"Column {n}" for n in range(columns))
    rows = ("Agreed in full", "Withdrawn by the clinical team", "Referred elsewhere")
    found = suppress(
        CountTable(
            "Outcomes", rows, labels,
            tuple(tuple(counts[(r + c) % 5] for c in range(columns)) for r in range(len(rows))),
            row_totals=True, column_totals=True,
        )
    )  # fmt: skip
    layout = statistics_pdf._figures(found, styles())
    widths = layout._colWidths
    assert sum(widths) <= WIDTH + 0.01
    for r, row in enumerate(found.texts()):
        for c, text in enumerate(row):
            # Bold is the widest a figure is set in (the Total row and column).
            needed = stringWidth(text, FONT_BOLD, 10) + PADDING
            assert needed <= widths[c + 1], (found.row_labels[r], found.column_labels[c], text)
    assert found.column_labels[-1] == TOTAL
