"""Checks for notebook 04 (arms-deal timeline): resolving fuzzy dates, anchors, the contradiction, adding an event."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from kit.course.exercises import exercise, type_name

_PUBLISHED = dt.date(2025, 12, 17)
_NEWS_AZ = "news.az/news/turkiye-says-no-change"


@cache
def _record():
    from kit.timeline import load_events

    return load_events()


def _interval(answer: Any) -> tuple[dt.date, dt.date] | str:
    """Two dates, earliest first, from a pair of dates, Timestamps or ISO strings; else why not."""
    if isinstance(answer, (str, dt.date)) or not hasattr(answer, "__len__"):
        return f"give two dates, (earliest, latest), not {type_name(answer)}."
    if len(answer) != 2:
        return f"give exactly two dates, (earliest, latest); this has {len(answer)} items."
    out = []
    for value in answer:
        if hasattr(value, "date") and callable(value.date):  # datetime, pandas Timestamp
            value = value.date()
        if isinstance(value, dt.date):
            out.append(value)
            continue
        try:
            out.append(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return f"{value!r} is not a date; write dates as 'YYYY-MM-DD' strings."
    if out[0] > out[1]:
        return "the earliest date comes first: (earliest, latest)."
    return out[0], out[1]


def _near(a: dt.date, b: dt.date, days: int = 31) -> bool:
    return abs((a - b).days) <= days


@exercise(
    "04.decade",
    prompt="Resolve 'nearly a decade ago' (published 2025-12-17) to an interval: (earliest, latest).",
    hint="Ten years is the upper end; the kit's hedge table reads 'nearly' as 70-100% of the amount. Count back "
         "from the publication date: 10 years and 7 years.",
    wrong=(("2015-12-17", "2015-12-17"), ("2018-12-17", "2015-12-17"), ("2017-01-01", "2017-12-31"),
           ("2016-12-17", "2025-12-17"), "2015-12-17"),
    explanation="2015-12-17 to 2018-12-17: between ten and seven years before publication. The record's "
                "purchase (2017) fits; the deliveries (Jul-Sep 2019) do not.",
)
def _decade(answer: Any) -> str | None:
    got = _interval(answer)
    if isinstance(got, str):
        return got
    lo, hi = got
    if lo == hi:
        return ("one day is exactly ten years ago; 'nearly' leaves a range open, so give the earliest and the "
                "latest day the phrase allows.")
    if (lo, hi) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31)):
        return ("that is the year the record gives for the purchase. The question asks what the phrase itself "
                "allows, before you look anything up.")
    if lo < dt.date(2015, 11, 16):
        return f"{lo} is more than ten years before publication; 'nearly a decade' is a bit less than ten years."
    if hi > dt.date(2019, 1, 17):
        return (f"{hi} is less than seven years before publication; under the kit's rule 'nearly' covers "
                "70-100% of a decade, so the latest is seven years back.")
    if _near(lo, dt.date(2015, 12, 17)) and _near(hi, dt.date(2018, 12, 17)):
        return None
    return "count back from 2025-12-17: ten years gives the earliest day, seven years the latest."


@exercise(
    "04.window",
    prompt="With 'recent statement' pinned to 2025-12-05, what interval does 'within four to six months' give?",
    hint="Run `date_mentions(article, anchors=documented_anchors())` and read the row's earliest and latest; or "
         "add four and six months to 2025-12-05 yourself.",
    wrong=(("2026-04-17", "2026-06-17"), ("2025-12-05", "2026-06-05"), ("2026-06-05", "2026-04-05"), "2026-06-05"),
    explanation="2026-04-05 to 2026-06-05: the deadline falls four to six months after the statement on "
                "5 Dec 2025, twelve days earlier than the reading anchored on publication.",
)
def _window(answer: Any) -> str | None:
    got = _interval(answer)
    if isinstance(got, str):
        return got
    lo, hi = got
    if (lo, hi) == (dt.date(2026, 4, 17), dt.date(2026, 6, 17)):
        return ("that window is anchored on publication (17 Dec). The sentence ties the forecast to the "
                "ambassador's statement, which the record dates to 5 Dec 2025: count from there.")
    if lo == dt.date(2025, 12, 5):
        return ("that is the whole period from the statement; the kit reads 'four to six' as the deadline "
                "window, so the earliest is four months after the statement.")
    if (lo, hi) == (dt.date(2026, 4, 5), dt.date(2026, 6, 5)):
        return None
    return "add four months and six months to 2025-12-05."


@exercise(
    "04.contradicted",
    prompt="Which date phrase of the article does the documented record contradict? Give the phrase as "
           "date_mentions finds it (or its claim_id in date_claims.csv).",
    hint="Look at the `verdict` column of `compare_dates(dates)`, or at the bar labelled 'contradicted' in the "
         "comparison chart.",
    wrong=("2019", "nearly a decade ago", "within four to six months", "recent meeting", "dc5"),
    explanation="'since the S-400 purchase in 2017': the purchase was in 2017, but Turkey stayed in the F-35 "
                "programme until its suspension on 17 July 2019.",
)
def _contradicted(answer: Any) -> str | None:
    if not isinstance(answer, str):
        return f"give the phrase as a string, not {type_name(answer)}."
    text = " ".join(answer.lower().strip(" '\"“”‘’.").split())
    if text in {"since the s-400 purchase in 2017", "dc4"} or ("since" in text and "2017" in text):
        return None
    reasons = {
        "2019": "the record agrees: Turkey was suspended from the programme on 17 July 2019.",
        "dc5": "dc5 is 'in 2019', and the record agrees: the suspension came on 17 July 2019.",
        "nearly a decade ago": ("the record calls that imprecise, not wrong: the 2017 purchase fits, the 2019 "
                                "deliveries do not."),
        "dc1": "dc1 ('nearly a decade ago') is imprecise, not contradicted.",
        "within four to six months": ("that was a forecast, fair to report at the time; its window (April-June 2026) "
                                      "has since passed with no resolution in the sources, which is not a "
                                      "contradiction of the date."),
        "recent meeting": "the record agrees: Erdogan met Putin in Ashgabat on 12 Dec 2025, five days earlier.",
        "recent statement": "the record agrees: Barrack spoke on 5 Dec 2025, twelve days earlier.",
        "for years": "the record agrees: US objections go back to July 2017.",
    }
    if text in reasons:
        return reasons[text]
    return "that is not one of the article's date phrases; list them with `dates['text']`."


@exercise(
    "04.add_event",
    prompt="Add the Turkish defence ministry's briefing of 12 Dec 2025 ('no new developments' on the S-400) "
           "to the record, with its source, and give the new table.",
    hint="`add_event(record, start_date='2025-12-12', headline=..., text=..., category='statement', "
         "actor_ids='turkey|s400', source_url='https://news.az/news/...')`; the URL is in the Markdown cell above.",
    wrong=("ev57", None),
    explanation="The new row passed the same checks as data/events.csv and now shows on the timeline.",
)
def _add_event(answer: Any) -> str | None:
    import pandas as pd

    from kit.errors import DataError
    from kit.timeline import load_events

    if not isinstance(answer, pd.DataFrame):
        return f"give the whole new table (a DataFrame returned by add_event), not {type_name(answer)}."
    try:
        table = load_events(answer)
    except DataError as exc:
        return f"the table does not pass the record's checks: {exc.problem}"
    base = _record()
    new = table[~table["event_id"].isin(base["event_id"])]
    if len(new) == 0:
        return "the table has no new row: did you keep the result of add_event?"
    if len(new) > 1:
        return f"add one event, not {len(new)}."
    row = new.iloc[0]
    if row["start_date"] != "2025-12-12":
        hint = " (9-10 Dec is when Barrack spoke; the ministry answered him on the Friday)" \
            if row["start_date"] in ("2025-12-09", "2025-12-10") else ""
        return f"the briefing was on Friday 12 Dec 2025 (2025-12-12), not {row['start_date']}{hint}."
    if _NEWS_AZ not in str(row["source_url"]):
        return "cite the page that reports it: the News.az (Reuters) URL given above."
    if row["category"] != "statement":
        return f"a ministry saying something is a statement, not a {row['category']}."
    return None
