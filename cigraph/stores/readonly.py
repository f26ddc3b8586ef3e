"""The read-only gate for Cypher: a query runs only if every clause in it is a reading clause.

Why a gate: LadybugDB opened read-only still runs ``COPY (...) TO 'file'`` (writes
any file), ``EXPORT DATABASE 'dir'``, ``LOAD FROM '/etc/passwd'`` (reads any file)
and ``INSTALL httpfs`` (downloads an extension); it has no setting that turns
file or network access off, and its prepared statements do not say whether they
are read-only. Neo4j's READ sessions refuse writes but allow ``LOAD CSV FROM
'http://…'`` and procedures. So :func:`check_read_only` decides before any
engine sees the query, on the query's *tokens*, not its text:

1. A tokenizer that knows Cypher's lexical rules: ``'…'`` and ``"…"`` strings with
   backslash escapes, ```…``` identifiers (doubled backticks), ``//`` and
   ``/* */`` comments, ``$parameters``, numbers. Keywords inside strings,
   comments and backticks are text, never clauses.
2. An **allowlist** of the places a clause can start: the first token, the word
   right after a complete operand (an identifier, literal, parameter, ``)``,
   ``]``, ``}``, ``NULL``/``TRUE``/``FALSE``/``END``, ``WITH *``), and the first word
   of a ``{ … }`` subquery. There the word must be one of :data:`CLAUSE_WORDS`
   (``MATCH``, ``OPTIONAL``, ``WHERE``, ``WITH``, ``UNWIND``, ``RETURN``, ``ORDER BY``,
   ``SKIP``, ``LIMIT``, ``UNION``, ``CALL`` and the words that continue an expression:
   ``AND``, ``IN``, ``IS``, ``AS``, ``WHEN``…). Anything else there — ``COPY``,
   ``LOAD``, ``INSTALL``, ``CREATE``, ``SET``, ``FOREACH``, a misspelt ``RETRUN`` —
   is refused.
3. ``CALL`` only with a catalogue procedure of :data:`CALLABLE` (``show_tables``,
   ``db.labels``…) or a ``{ … }`` subquery (checked by the same rules); never
   ``CALL setting=value`` (which could lift the time limit).
4. One statement (a trailing ``;`` is fine); ``EXPLAIN``/``PROFILE`` only first.

>>> check_read_only("MATCH (i:Initiative) WHERE i.name = 'COPY x TO y' RETURN i.name AS `load` ORDER BY `load`")
>>> check_read_only("MATCH (n) WITH n LOAD FROM '/etc/passwd' RETURN *")
Traceback (most recent call last):
...
cigraph.errors.QueryError: refused: LOAD is not a reading clause at line 1, column 18. cigraph runs Cypher read-only (MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP, LIMIT, UNION, CALL of a catalogue procedure); the graph is written only by `cigraph load`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError

__all__ = ["check_read_only", "tokenize", "Token", "CLAUSE_WORDS", "CALLABLE"]

#: Words allowed where a clause can start (upper case): the reading clauses and the
#: keywords that continue an expression or a projection after an operand.
CLAUSE_WORDS = frozenset("""
    MATCH OPTIONAL WHERE WITH UNWIND RETURN ORDER BY SKIP LIMIT UNION ALL DISTINCT CALL YIELD
    AND OR XOR NOT IN IS STARTS ENDS CONTAINS AS ASC ASCENDING DESC DESCENDING
    CASE WHEN THEN ELSE END
""".split())

#: Keywords that do not complete an operand (after them an expression goes on).
_OPEN_WORDS = CLAUSE_WORDS - {"END"} | {"EXPLAIN", "PROFILE", "EXISTS", "COUNT", "COLLECT", "SHORTEST",
                                        "WSHORTEST", "TRAIL", "ACYCLIC", "ANY", "NONE", "SINGLE"}
#: Keywords that complete an operand.
_VALUE_WORDS = frozenset({"NULL", "TRUE", "FALSE", "END"})

#: Procedures ``CALL`` may name (lower case): catalogue and schema views of LadybugDB and Neo4j.
CALLABLE = frozenset("""
    show_tables table_info show_connection show_functions show_indexes show_graphs show_macros
    show_sequences db_version storage_version catalog_version
    db.labels db.relationshiptypes db.propertykeys db.schema.visualization db.schema.nodetypeproperties
    db.schema.reltypeproperties dbms.components
""".split())

_FIRST = frozenset({"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL"})

_HINT = ("cigraph runs Cypher read-only (MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP,"
         " LIMIT, UNION, CALL of a catalogue procedure); the graph is written only by `cigraph load`.")


@dataclass(frozen=True)
class Token:
    kind: str  # word | ident (backticked) | string | number | param | punct
    text: str  # the word, the identifier's name, the punctuation; the raw text of a literal
    pos: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


_WORD = re.compile(r"[^\W\d]\w*", re.UNICODE)
#: ``1..5`` is a number, ``..`` and a number (a range), so a fraction needs a digit after the dot
_NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|0[oO][0-7]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _where(query: str, pos: int) -> str:
    line = query.count("\n", 0, pos) + 1
    col = pos - (query.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def tokenize(query: str) -> list[Token]:
    """The tokens of a Cypher query, comments dropped; raises :class:`QueryError` on an
    unterminated string, identifier or comment.

    >>> [t.text for t in tokenize("MATCH (n) // LOAD FROM\\nRETURN 'a\\\\'b' /* COPY */ AS `x``y`")]
    ['MATCH', '(', 'n', ')', 'RETURN', "'a\\\\'b'", 'AS', 'x`y']
    """
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            if j < 0:
                raise QueryError(f"unterminated /* comment at {_where(query, i)}.")
            i = j + 2
        elif c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            if j >= n:
                raise QueryError(f"unterminated string at {_where(query, i)}: close it with {c}.")
            out.append(Token("string", query[i:j + 1], i))
            i = j + 1
        elif c == "`":
            j, name = i + 1, []
            while True:
                k = query.find("`", j)
                if k < 0:
                    raise QueryError(f"unterminated `identifier` at {_where(query, i)}.")
                name.append(query[j:k])
                if query.startswith("``", k):
                    name.append("`")
                    j = k + 2
                    continue
                break
            out.append(Token("ident", "".join(name), i))
            i = k + 1
        elif c == "$":
            m = re.compile(r"\w+", re.UNICODE).match(query, i + 1)
            if m:
                out.append(Token("param", m.group(), i))
                i = m.end()
            elif query.startswith("`", i + 1):
                k = query.find("`", i + 2)
                if k < 0:
                    raise QueryError(f"unterminated `parameter` at {_where(query, i)}.")
                out.append(Token("param", query[i + 2:k], i))
                i = k + 1
            else:
                out.append(Token("punct", c, i))
                i += 1
        elif c.isdigit():
            m = _NUMBER.match(query, i)
            out.append(Token("number", m.group(), i))
            i = m.end()
        else:
            m = _WORD.match(query, i)
            if m:
                out.append(Token("word", m.group(), i))
                i = m.end()
            else:
                out.append(Token("punct", c, i))
                i += 1
    return out


def _refuse(query: str, tok: Token, why: str) -> QueryError:
    return QueryError(f"refused: {why} at {_where(query, tok.pos)}. {_HINT}")


def check_read_only(query: str) -> None:
    """Raise :class:`QueryError` unless ``query`` is one statement made only of reading clauses."""
    toks = tokenize(query)
    while toks and toks[-1].text == ";" and toks[-1].kind == "punct":
        toks.pop()
    if not toks:
        raise QueryError("the query is empty.")
    for t in toks:
        if t.kind == "punct" and t.text == ";":
            raise _refuse(query, t, "a second statement after ';'")
    start = 1 if toks[0].upper in ("EXPLAIN", "PROFILE") else 0
    if start >= len(toks) or toks[start].upper not in _FIRST:
        t = toks[min(start, len(toks) - 1)]
        what = t.text if t.kind == "word" else repr(t.text)
        raise _refuse(query, t, f"a query must start with MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN or CALL, not {what}")

    def is_label_position(k: int) -> bool:
        """``:Label``, ``:A|B``, ``:A&B``, ``:!A`` and ``.property``: names, not clauses."""
        j = k - 1
        while j >= 0 and toks[j].kind == "punct" and toks[j].text == "!":
            j -= 1
        if j < 0 or toks[j].kind != "punct":
            return False
        if toks[j].text in (":", "."):
            return True
        if toks[j].text in ("|", "&") and j >= 2 and toks[j - 1].kind in ("word", "ident"):
            return is_label_position(j - 1)
        return False

    prev_completes = False  # does the token before complete an operand?
    for k in range(start, len(toks)):
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.kind == "word":
            up = t.upper
            # a label, a property, a map key or a variable given a label: a name, never a clause
            name_here = is_label_position(k) or (nxt is not None and nxt.kind == "punct" and nxt.text == ":")
            # the first word of a { ... } that is not a map is the first clause of a subquery
            clause_position = (k == start or prev_completes
                               or (k > 0 and toks[k - 1].kind == "punct" and toks[k - 1].text == "{"))
            if clause_position and not name_here and up not in CLAUSE_WORDS:
                raise _refuse(query, t, f"{t.text} is not a reading clause")
            before = toks[k - 1].upper if k > 0 else ""
            if (before == "UNION" or (before == "ALL" and k > 1 and toks[k - 2].upper == "UNION")) \
                    and up != "ALL" and up not in _FIRST:
                raise _refuse(query, t, f"UNION must be followed by a reading query, not {t.text}")
            if before == "OPTIONAL" and up != "MATCH":
                raise _refuse(query, t, f"OPTIONAL must be followed by MATCH, not {t.text}")
            if up in ("EXPLAIN", "PROFILE") and k != 0 and not name_here:
                raise _refuse(query, t, f"{up} only at the start")
            if up == "CALL" and not name_here:
                _check_call(query, toks, k)
            prev_completes = name_here or up in _VALUE_WORDS or up not in _OPEN_WORDS
        elif t.kind in ("ident", "string", "number", "param"):
            prev_completes = True
        else:  # punctuation
            prev_completes = t.text in (")", "]", "}") or (
                t.text == "*" and k > 0 and toks[k - 1].upper in ("WITH", "RETURN", "DISTINCT"))


def _check_call(query: str, toks: list[Token], k: int) -> None:
    j = k + 1
    if j < len(toks) and toks[j].kind == "punct" and toks[j].text in "{(":
        return  # a subquery: CALL { ... } / CALL (x) { ... }, its clauses checked like the rest
    parts = []
    while j < len(toks) and toks[j].kind in ("word", "ident"):
        parts.append(toks[j].text)
        if j + 1 < len(toks) and toks[j + 1].kind == "punct" and toks[j + 1].text == ".":
            j += 2
            continue
        j += 1
        break
    name = ".".join(parts).lower()
    if not parts or j >= len(toks) or toks[j].text != "(" or name not in CALLABLE:
        shown = name or (toks[k + 1].text if k + 1 < len(toks) else "nothing")
        raise _refuse(query, toks[k], f"CALL {shown} is not a catalogue procedure"
                      f" (allowed: {', '.join(sorted(CALLABLE))})")
