"""Typed dates (app.dates): day first, always; every accepted form reads back as itself, and
anything else is refused with a reason, never read as some other date."""

from __future__ import annotations

import re
from datetime import date, time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.dates import (
    EARLIEST_DATE,
    LATEST_DATE,
    MONTHS,
    UnreadableDate,
    format_time,
    read_date,
    read_time,
)
from app.formatting import format_date

DATES = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)
SUFFIXES = {"st", "nd", "rd", "th"}
UNREADABLE = "this is not a date Parley can read: write it day first, as 4/3/2019 or 4 March 2019"


def written(day: date) -> list[str]:
    """``day`` in every form a mediator may type it."""
    d, m, y = day.day, day.month, day.year
    full, short = MONTHS[m - 1], MONTHS[m - 1][:3]
    suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = [
        f"{d}/{m}/{y}", f"{d:02}/{m:02}/{y}", f"{d}.{m}.{y}", f"{d:02}-{m:02}-{y}",
        f"{d} {short} {y}", f"{d} {full} {y}", f"{d:02} {full} {y}", f"{d}{suffix} {full} {y}",
        f"{d:02}-{short}-{y}", f"{d} {full.upper()} {y}", f"{d} {short.lower()}. {y}",
        f"{y}-{m:02}-{d:02}", f"{y}-{m}-{d}", f"  {d}  {full}   {y} ", format_date(day),
    ]  # fmt: skip
    if m == 9:
        forms.append(f"{d} Sept {y}")
    return forms


@given(DATES)
@example(date(2019, 3, 4))
@example(date(2026, 11, 12))
@example(EARLIEST_DATE)
@example(LATEST_DATE)
def test_every_date_written_every_accepted_way_reads_back_as_itself(day: date) -> None:
    for text in written(day):
        assert read_date(text) == day, text


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        # Misread before: ignored, or read as another date.
        ("2026-11-12", date(2026, 11, 12)),
        ("12/11/2026", date(2026, 11, 12)),
        ("12 November 2026", date(2026, 11, 12)),
        ("04 March 2019", date(2019, 3, 4)),
        # The design's examples: day first, always.
        ("4/3/2019", date(2019, 3, 4)),
        ("04/03/2019", date(2019, 3, 4)),
        ("4 Mar 2019", date(2019, 3, 4)),
        ("4 March 2019", date(2019, 3, 4)),
        ("2019-03-04", date(2019, 3, 4)),
    ],
)
def test_the_dates_once_misread_and_the_designs_examples(text: str, meant: date) -> None:
    assert read_date(text) == meant


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "enter a date, for example 4/3/2019 or 4 March 2019"),
        ("31/2/2019", "there is no 31 February 2019"),
        ("29 Feb 2019", "there is no 29 February 2019"),
        ("4/3/19", "write the year in full, for example 2019 rather than 19"),
        (
            "12/25/2026",
            "there is no month 25: dates are written day first, as 4/3/2019 or 4 March 2019",
        ),
        ("4 Marhc 2019", "“Marhc” is not the name of a month"),
        ("4nd March 2019", "“4nd” is not a day of the month"),
        (
            "31/12/1899",
            "31 December 1899 is outside the dates Parley keeps (1 January 1900 to "
            "31 December 2200)",
        ),
        ("4/3/20199", "20199 is not a year"),
        ("next Tuesday", UNREADABLE),
        ("2019/03/04", UNREADABLE),
        ("4/3-2019", UNREADABLE),
    ],
)
def test_what_cannot_be_read_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(UnreadableDate) as refused:
        read_date(text)
    assert refused.value.reason == reason


_PIECES = st.sampled_from(
    ["/", "-", ".", " ", "  ", ",", "th", "st", "nd", "March", "mar", "Sept", "Febuary", "of",
     "0", "00", "2019", "19", "1900", "2200", "Mon", "am", "x"]
)  # fmt: skip
TYPED = st.one_of(
    st.text(max_size=20),
    st.lists(st.one_of(_PIECES, st.integers(0, 3000).map(str)), max_size=7).map("".join),
)


@given(TYPED)
@example("12 November 2026")
@example("04 March 2019")
@example("13/13/2019")
def test_anything_read_is_read_as_written_and_anything_else_is_refused(text: str) -> None:
    """Never altered: the day, month and year of what was read are the ones written, in the
    order written (day first, or the year first with dashes); anything else is refused."""
    try:
        day = read_date(text)
    except UnreadableDate as refused:
        assert refused.reason  # always a reason in words
        return
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    words = [w for w in re.findall(r"[^\W\d_]+", text.casefold()) if w not in SUFFIXES]
    if words:
        (month,) = words
        assert MONTHS[day.month - 1].casefold().startswith(month[:3])
        assert numbers == [day.day, day.year]
    else:
        assert numbers in ([day.day, day.month, day.year], [day.year, day.month, day.day])
        if numbers[0] == day.year and numbers[0] != day.day:
            assert re.match(r"\s*\d{4}-", text)


@pytest.mark.parametrize(
    ("text", "meant"),
    [("14:05", time(14, 5)), ("9:30", time(9, 30)), ("09.30", time(9, 30)), ("2pm", time(14)),
     ("2:30 pm", time(14, 30)), ("12am", time(0)), ("12 pm", time(12)), (" 0:00 ", time(0))],
)  # fmt: skip
def test_times_read_as_written(text: str, meant: time) -> None:
    assert read_time(text) == meant


@pytest.mark.parametrize("text", ["", "25:00", "14:60", "13pm", "0am", "14", "noonish", "1405"])
def test_times_that_cannot_be_read_are_refused(text: str) -> None:
    with pytest.raises(UnreadableDate):
        read_time(text)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_every_time_shown_reads_back_as_itself(moment: time) -> None:
    assert read_time(format_time(moment)) == moment
