"""The newest matches of a search's words, read from the postings (PostgreSQL; see
``postings_schema``): the timeline's entries and the issues alike.

A search's words are prefixes (``tsvector.tsquery_expression``): each is first turned into
the indexed words it starts (``printer`` → ``printer``, ``printers``), read from the postings'
own index. Each of those words' postings is then read newest first, the lists merged in the
order of their rows, and a row kept when it holds a word of every term of the search: the
first ``window`` rows kept are the newest matches, found without reading any older one.

The score of a row is ``ts_rank``'s for a search of one word (the stored rank, summed over
the words a prefix matches, as ``ts_rank`` sums them). For several words it is the mean of
each word's, as ``ts_rank`` scores words joined by "or"; ``ts_rank`` scores words joined by
"and" by their distance in the text instead, which would need every match's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from callnotes.storage.search.postings_schema import POSTINGS
from callnotes.storage.search.tsvector_schema import SEARCH_CONFIG

# A term that starts more indexed words than this is searched through the GIN index instead
# (a prefix of a letter or two, typed so far): a list per word, merged, would cost more.
MOST_WORDS = 32
# All terms' words together, likewise; and a term is a bit of a 64-bit mask.
MOST_LISTS = 62
# A search of several words reads each word's newest rows this far at most (see
# newest_matches_sql): about 8 ms a word on the server, whatever the size of the history.
READ_BUDGET = 20_000
# The table searched for each kind of row.
TABLES = {"entry": "timeline_entries", "issue": "issues"}

Terms = list[list[str]]


def term_words(session: Session, words: list[str]) -> dict[str, Terms | None]:
    """For each kind of row, the indexed words each term of *words* starts, one list per
    term; None when a term starts too many for the postings to be worth reading (search the
    GIN index then).

    A term the server's configuration folds to nothing (punctuation) is no term, as in
    ``to_tsquery``; a term that starts no word makes an empty list: nothing matches.
    """
    lists = ", ".join(f"{POSTINGS[table]}_words(t.word, :most)" for table in TABLES.values())
    rows = session.execute(
        text(
            f"SELECT {lists} FROM "
            f"unnest(tsvector_to_array(to_tsvector('{SEARCH_CONFIG}', :words))) AS t(word)"
        ),
        {"words": " ".join(words), "most": MOST_WORDS},
    ).all()
    return {
        source: _worth_reading([list(row[index]) for row in rows])
        for index, source in enumerate(TABLES)
    }


def _worth_reading(terms: Terms) -> Terms | None:
    if any(len(found) > MOST_WORDS for found in terms):
        return None
    if sum(len(found) for found in terms) > MOST_LISTS:
        return None
    return terms


@dataclass(frozen=True)
class Newest:
    """How to read the newest matches of a search under ``:below``: the common table
    expressions the statement needs first (``ctes``, empty when none), the ``select`` of the
    newest ``window + 1`` of them as ``(id, score)``, lower scores better, and ``cut``: an
    expression of the id under which matches were not looked for (0: none was left out)."""

    ctes: str
    select: str
    cut: str
    params: dict[str, str]


def newest_matches_sql(source: str, terms: Terms, window: int, budget: int = READ_BUDGET) -> Newest:
    """How to read the newest ``window + 1`` rows of *source* under ``:below`` holding a word
    of each term.

    Several terms: each term's rows are read newest first, *budget* of them at most, and the
    matches are looked for above the point every term was read down to (the cut): two common
    words that seldom meet were two long lists read to their end otherwise.
    """
    postings = POSTINGS[TABLES[source]]
    params: dict[str, str] = {}
    names: list[list[str]] = []
    for term, found in enumerate(terms):
        names.append([f"w{term}_{index}" for index in range(len(found))])
        params.update(zip(names[-1], found, strict=True))

    def read(term: int, extra: str = "", above: str = "") -> str:
        """The term's rows, newest first: its words' lists merged (*extra*: more columns;
        *above*: a condition on the rows, how far down they are read)."""
        return " UNION ALL ".join(
            f"(SELECT row_id, rank{extra} FROM {postings} "
            f"WHERE word = :{name} AND row_id < :below{above} ORDER BY row_id DESC)"
            for name in names[term]
        )

    def newest(above: str = "") -> str:
        """The rows holding every term, newest first (grouped as the merged lists come)."""
        rows = " UNION ALL ".join(
            read(term, f", {1 << term}::bigint AS term", above) for term in range(len(terms))
        )
        # A ``real``, as ``ts_rank``'s: an issue and an entry of equal score are told apart
        # by their times, which a double beside a real would not leave them to.
        return (
            f"SELECT p.row_id AS id, (-sum(p.rank) / {len(terms)})::real AS score "
            f"FROM ({rows}) AS p GROUP BY p.row_id "
            f"HAVING bit_or(p.term) = {(1 << len(terms)) - 1} "
            f"ORDER BY p.row_id DESC LIMIT {int(window) + 1}"
        )

    if len(terms) == 1:  # the first window + 1 rows read are the newest matches
        return Newest("", newest(), "0", params)
    # How far down each term's newest *budget* rows go (none: it has fewer), the deepest
    # of them the cut; each term is read down to it, not further.
    read_down_to = ", ".join(
        f"(SELECT row_id FROM ({read(term)}) AS t ORDER BY row_id DESC "
        f"OFFSET {int(budget) - 1} LIMIT 1)"
        for term in range(len(terms))
    )
    cut = f"cut AS MATERIALIZED (SELECT greatest(0, {read_down_to}) AS at)"
    return Newest(
        cut, newest(" AND row_id >= (SELECT at FROM cut)"), "(SELECT at FROM cut)", params
    )


# How a search is planned, for its transaction alone. A plan for the words asked: the driver
# prepares a statement run often, and the server may then plan it once for any words (a plan
# for common words walked the whole timeline back for a rare one). And the postings' lists
# come out of the index in their rows' order, so they merge, and the rows group as they come:
# a hash of every match would read them all before the first was kept.
PLAN_SETTINGS = (
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
    "set_config('enable_hashagg', 'off', true)"
)
