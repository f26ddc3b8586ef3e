"""Fault catalogue 14.3, 14.11, 12.13, 12.14: the Neo4j connection settings, with the real driver.

No Neo4j server runs here: the URI and credential checks happen before any connection, and
the unreachable-server case uses the driver's real error (127.0.0.1 port 1 refuses)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cigraph.cli import cli

UNREACHABLE = "bolt://127.0.0.1:1"
CLEAN_ENV = {"NEO4J_URI": None, "NEO4J_USERNAME": None, "NEO4J_USER": None, "NEO4J_AUTH": None,
             "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None, "CIGRAPH_TARGET": None}


def cypher_neo4j(env: dict, tmp_path):
    result = CliRunner().invoke(cli, ["cypher", "--target", "neo4j", "--workspace", str(tmp_path),
                                      "RETURN 1 AS x"], env={**CLEAN_ENV, **env})
    assert "Traceback" not in result.output, result.output
    return result


@pytest.mark.parametrize("password", ["pa/ss", "pa ss", "p@ss", "a/b c@d", "x", "p:w"])
def test_credentials_in_the_uri_are_refused_and_never_shown(tmp_path, password):
    result = cypher_neo4j({"NEO4J_URI": f"bolt://neo4j:{password}@db.example:7687"}, tmp_path)
    assert result.exit_code == 5, result.output
    assert "carries a user name or password" in result.output
    assert "bolt://***@db.example:7687" in result.output
    pieces = {password, *(p for p in password.replace("@", " ").replace("/", " ").split() if len(p) >= 4)}
    for piece in pieces - {"x", "p:w"}:
        assert piece not in result.output, (piece, result.output)
    assert "neo4j:" not in result.output


@pytest.mark.parametrize("uri, says", [("http://localhost:7474", "unsupported Neo4j URI scheme 'http'"),
                                       ("https://x.example", "unsupported Neo4j URI scheme 'https'"),
                                       ("localhost:7687", "bad Neo4j URI"),
                                       ("bolt://", "names no host")])
def test_bad_uri_schemes_give_a_clear_error(tmp_path, uri, says):
    result = cypher_neo4j({"NEO4J_URI": uri, "NEO4J_PASSWORD": "secret"}, tmp_path)
    assert result.exit_code == 5, result.output
    assert says in result.output
    assert "bolt://" in result.output and "neo4j+s://" in result.output  # the accepted schemes are named
    assert "aiohttp" not in result.output


@pytest.mark.parametrize("env, says", [
    ({"NEO4J_USERNAME": "alice", "NEO4J_PASSWORD": "pw"}, "user 'alice' from NEO4J_USERNAME; password from NEO4J_PASSWORD"),
    ({"NEO4J_USER": "bob", "NEO4J_PASSWORD": "pw"}, "user 'bob' from NEO4J_USER; password from NEO4J_PASSWORD"),
    ({"NEO4J_AUTH": "carol/s3/cret"}, "user 'carol' from NEO4J_AUTH; password from NEO4J_AUTH"),
    ({"NEO4J_AUTH": "carol/x", "NEO4J_USER": "dave", "NEO4J_PASSWORD": "y"},
     "user 'dave' from NEO4J_USER; password from NEO4J_PASSWORD"),
    ({"NEO4J_AUTH": "none"}, "user 'neo4j' from the default; no authentication (NEO4J_AUTH=none)"),
    ({}, "user 'neo4j' from the default; no password set"),
])
def test_the_neo4j_variables_are_accepted_and_named(tmp_path, env, says):
    result = cypher_neo4j({"NEO4J_URI": UNREACHABLE, **env}, tmp_path)
    assert result.exit_code == 5, result.output
    assert says in result.output
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    for secret in ("s3/cret", "pw"):
        assert secret not in result.output.replace("password", "")


def test_neo4j_auth_without_a_slash_is_explained(tmp_path):
    result = cypher_neo4j({"NEO4J_URI": UNREACHABLE, "NEO4J_AUTH": "justapassword"}, tmp_path)
    assert result.exit_code == 5
    assert "NEO4J_AUTH must be user/password" in result.output and "justapassword" not in result.output


@pytest.mark.parametrize("password", ["e", "on", "Con", "ect", "1", "27"])
def test_short_passwords_do_not_garble_messages(tmp_path, password):
    """The driver's real message for a refused connection, with a password that occurs inside its words."""
    result = cypher_neo4j({"NEO4J_URI": UNREACHABLE, "NEO4J_PASSWORD": password}, tmp_path)
    assert result.exit_code == 5, result.output
    assert "***" not in result.output, result.output
    assert "Connection refused" in result.output and "connecting" in result.output


def test_redact_masks_credentials_only():
    from cigraph.stores.neo4j_conn import redact

    for pw in ("e", "on", "Con"):
        msg = "Neo.ClientError.Security.Unauthorized: unexpected exception - Connection refused"
        assert redact(msg, pw) == msg
        assert redact(f"password={pw} and NEO4J_AUTH=neo4j/{pw}", pw) == "password=*** and NEO4J_AUTH=neo4j/***"
    assert redact("at bolt://neo4j:a/b c@host:7687 now", "a/b c") == "at bolt://***@host:7687 now"


def test_cypher_neo4j_attacks_refused_before_connecting(tmp_path):
    """The read-only gate runs before the driver: an unreachable server still gives exit 4."""
    result = CliRunner().invoke(cli, ["cypher", "--target", "neo4j", "--workspace", str(tmp_path),
                                      "LOAD CSV FROM 'http://127.0.0.1:9/' AS r RETURN r"],
                                env={**CLEAN_ENV, "NEO4J_URI": UNREACHABLE})
    assert result.exit_code == 4, result.output
    assert "refused: a query must start with MATCH" in result.output and "not LOAD" in result.output
