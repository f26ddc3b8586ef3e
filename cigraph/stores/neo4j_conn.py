"""Neo4j connection settings: the URI checked by parsing, the credentials from the
environment variables Neo4j's own tools read, and masking that touches only credentials.

Accepted URI schemes (those of the Bolt driver): ``bolt``, ``bolt+s``, ``bolt+ssc``,
``neo4j``, ``neo4j+s``, ``neo4j+ssc``. A URI that carries a user or password
(``bolt://neo4j:secret@host``) is refused — the password would show in process
lists, shell history and every message that names the server; the message shows the
URI with its user-info replaced by ``***``, found by parsing the URI (the text between
``//`` and the last ``@`` of the authority, so a password holding ``/``, ``@``, ``:``
or a space is masked whole), never by searching for the password.

Credentials, first found wins (the source is recorded in :attr:`Credentials.source`,
so a message can say which was used; the password itself is never printed):

=============  ===========================================================
user           ``--user`` / ``user=``, ``NEO4J_USERNAME``, ``NEO4J_USER``, the user of ``NEO4J_AUTH``, else ``neo4j``
password       ``password=``, ``NEO4J_PASSWORD``, the password of ``NEO4J_AUTH``
=============  ===========================================================

``NEO4J_AUTH=user/password`` is the Docker image's form (split at the first ``/``,
so the password may hold ``/``); ``NEO4J_AUTH=none`` means no authentication.

>>> check_uri("bolt://localhost:7687")
'bolt://localhost:7687'
>>> check_uri("bolt://neo4j:pa/ss w@rd@db.example:7687")
Traceback (most recent call last):
...
cigraph.errors.StoreError: the Neo4j URI 'bolt://***@db.example:7687' carries a user name or password: remove them from the URI and set NEO4J_USERNAME and NEO4J_PASSWORD (or NEO4J_AUTH=user/password) instead.
>>> mask_uri("neo4j+s://u:p@x.databases.neo4j.io")
'neo4j+s://***@x.databases.neo4j.io'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..errors import StoreError

__all__ = ["SCHEMES", "check_uri", "mask_uri", "redact", "Credentials", "credentials"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def _split(uri: str) -> tuple[str, str | None, str]:
    """``(scheme, userinfo or None, rest)`` of ``scheme://[userinfo@]rest``.

    The authority of a Bolt URI has no ``@`` but the one ending the user-info, and a
    password typed as is may hold ``/`` or ``@``; so the user-info is everything up to
    the *last* ``@`` before the query or fragment (RFC 3986 would stop at the first
    ``/`` and leave ``ss@host`` of ``neo4j:pa/ss@host`` in the path — and in clear)."""
    m = _SCHEME.match(uri)
    if not m:
        return "", None, uri
    scheme, rest = m.group(1), uri[m.end():]
    head = re.split(r"[?#]", rest, maxsplit=1)[0]
    if "@" in head:
        at = head.rindex("@")
        return scheme, rest[:at], rest[at + 1:]
    return scheme, None, rest


def mask_uri(uri: str) -> str:
    """The URI with any user-info replaced by ``***`` (parsed, see :func:`_split`)."""
    scheme, userinfo, rest = _split(str(uri))
    if userinfo is None:
        return str(uri)
    return f"{scheme}://***@{rest}"


def check_uri(uri: str) -> str:
    """``uri`` if it is a Bolt URI without credentials, else :class:`StoreError` (never echoing them)."""
    uri = uri.strip()
    scheme, userinfo, rest = _split(uri)
    shown = mask_uri(uri)
    if not scheme:
        raise StoreError(f"bad Neo4j URI {shown!r}: write SCHEME://HOST:PORT with one of the schemes"
                         f" {', '.join(SCHEMES)} (e.g. bolt://localhost:7687, neo4j+s://ID.databases.neo4j.io).")
    if userinfo is not None:
        raise StoreError(f"the Neo4j URI {shown!r} carries a user name or password: remove them from the URI and"
                         " set NEO4J_USERNAME and NEO4J_PASSWORD (or NEO4J_AUTH=user/password) instead.")
    if scheme.lower() not in SCHEMES:
        hint = (" (Neo4j's HTTP port 7474 serves the browser; cigraph talks Bolt, port 7687)"
                if scheme.lower() in ("http", "https") else "")
        raise StoreError(f"unsupported Neo4j URI scheme {scheme!r} in {shown!r}{hint}: use one of"
                         f" {', '.join(s + '://' for s in SCHEMES)}, e.g. bolt://localhost:7687.")
    if not rest or rest.startswith((":", "/")):
        raise StoreError(f"the Neo4j URI {shown!r} names no host: write {scheme}://HOST:7687 (schemes:"
                         f" {', '.join(s + '://' for s in SCHEMES)}).")
    return uri


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str | None = None
    source: str = "defaults"

    def __repr__(self) -> str:  # never the password
        return f"Credentials(user={self.user!r}, password={'***' if self.password else None}, source={self.source!r})"


def credentials(user: str | None = None, password: str | None = None, env=None) -> Credentials:
    """The user and password to use, and a sentence saying where each came from."""
    env = os.environ if env is None else env
    auth_user = auth_password = None
    auth = env.get("NEO4J_AUTH")
    no_auth = auth is not None and auth.strip().lower() == "none"
    if auth and not no_auth:
        if "/" not in auth:
            raise StoreError("NEO4J_AUTH must be user/password (as the Neo4j Docker image takes it) or none.")
        auth_user, auth_password = auth.split("/", 1)
    if user:
        u, u_from = user, "--user"
    elif env.get("NEO4J_USERNAME"):
        u, u_from = env["NEO4J_USERNAME"], "NEO4J_USERNAME"
    elif env.get("NEO4J_USER"):
        u, u_from = env["NEO4J_USER"], "NEO4J_USER"
    elif auth_user:
        u, u_from = auth_user, "NEO4J_AUTH"
    else:
        u, u_from = "neo4j", "the default"
    if password is not None:
        p, p_from = password, "the caller"
    elif env.get("NEO4J_PASSWORD") is not None:
        p, p_from = env["NEO4J_PASSWORD"], "NEO4J_PASSWORD"
    elif auth_password is not None:
        p, p_from = auth_password, "NEO4J_AUTH"
    else:
        p, p_from = None, None
    said = f"user {u!r} from {u_from}; " + (f"password from {p_from}" if p_from else
                                            "no authentication (NEO4J_AUTH=none)" if no_auth else "no password set")
    return Credentials(u, p or None, said)


#: scheme://USERINFO@ in free text: USERINFO up to the last @ before a quote, bracket or line end
_USERINFO_IN_TEXT = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://)([^'\"\n<>()\[\]]*)@")


def redact(text: str, secret: str | None = None) -> str:
    """``text`` with credentials masked where they appear *as credentials*: the user-info
    of every URI in it (parsed), and the secret after ``password``/``NEO4J_PASSWORD``/
    ``credentials`` ``=``/``:`` or as the password of ``NEO4J_AUTH=user/…`` — never as a bare
    substring, so a short password does not garble words that contain it.

    >>> redact("bad URI bolt://neo4j:hunter2@db:7687", "hunter2")
    'bad URI bolt://***@db:7687'
    >>> redact("Neo.ClientError.Security.Unauthorized: unexpected exception", "e")
    'Neo.ClientError.Security.Unauthorized: unexpected exception'
    >>> redact("password=e, NEO4J_AUTH=neo4j/e", "e")
    'password=***, NEO4J_AUTH=neo4j/***'
    """
    def userinfo(m: re.Match) -> str:
        info = m.group(2)
        if info and (not any(c.isspace() for c in info) or (secret and secret in info)):
            return f"{m.group(1)}***@"
        return m.group()

    text = _USERINFO_IN_TEXT.sub(userinfo, str(text))
    if secret:
        s = re.escape(secret)
        key = r"(?:password|passwd|pwd|credentials?|NEO4J_PASSWORD)"
        text = re.sub(rf"(?i)(\b{key}\s*[=:]\s*)(['\"]?){s}\2(?![^\s,;'\")\]}}])", r"\1\2***\2", text)
        text = re.sub(rf"(\bNEO4J_AUTH\s*=\s*[^/\s]*/){s}(?![^\s,;'\")\]}}])", r"\1***", text)
    return text
