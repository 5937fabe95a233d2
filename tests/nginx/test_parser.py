"""nginx parser: exact spans, recovery, includes and the model's derived facts."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deploylint.models.nginx import NginxConfig
from deploylint.parsers import ParseEnv
from deploylint.parsers.nginx import parse, parse_text
from deploylint.settings import Settings
from deploylint.source import SourceFile


def _parse(tmp: Path, files: dict[str, str], target: str, sections: dict[str, dict[str, str]] | None = None):
    for rel, text in files.items():
        p = tmp / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    env = ParseEnv(root=tmp.resolve(), settings=Settings(sections=sections or {}))
    src = env.read(tmp / target)
    return parse(src, env)


def _text(text: str):
    return parse_text(SourceFile(Path("x.conf"), text))


def test_spans_of_names_and_args() -> None:
    root, errors, comments = _text('server {\n  listen  443 ssl; # tls\n  return 200 "a\\"b";\n}\n')
    assert not errors
    server = root.children[0]
    assert (server.name_span.start_line, server.name_span.start_col) == (1, 1)
    assert (server.span.end_line, server.span.end_col) == (4, 2)
    listen, ret = server.children
    assert [(a.value, a.span.start_line, a.span.start_col, a.span.end_col) for a in listen.args] == [
        ("443", 2, 11, 14),
        ("ssl", 2, 15, 18),
    ]
    assert ret.args[1].value == 'a"b' and ret.args[1].quoted and ret.args[1].span.start_col == 14
    assert [(c.text, c.trailing, c.span.start_col) for c in comments] == [(" tls", True, 20)]


def test_location_modifiers_if_and_lua() -> None:
    text = (
        "location = /a {}\nlocation ~* \\.php$ {}\nlocation ^~ /s/ {}\nlocation @named {}\nlocation =/x {}\n"
        "if ($request_method = POST) { return 405; }\n"
        "content_by_lua_block { local t = {a = '}'} -- }\n ngx.say(t) }\n"
    )
    root, errors, _ = _text(text)
    assert not errors
    from deploylint.models.nginx import Location

    locs = [Location(d) for d in root.children if d.name == "location"]
    assert [(loc.modifier, loc.path) for loc in locs] == [
        ("=", "/a"),
        ("~*", "\\.php$"),
        ("^~", "/s/"),
        ("@", "named"),
        ("=", "/x"),
    ]
    cond = root.children[5]
    assert cond.values == ("$request_method", "=", "POST")
    assert cond.args[0].span.start_col == 5
    lua = root.children[6]
    assert lua.block is None and lua.args[0].value == " local t = {a = '}'} -- }\n ngx.say(t) "


def test_variables_with_braces_stay_in_the_word() -> None:
    root, errors, _ = _text("set $a ${host}x;\nreturn 301 https://${host}$request_uri;\n")
    assert not errors
    assert root.children[0].values == ("$a", "${host}x")
    assert root.children[1].values == ("301", "https://${host}$request_uri")


def test_recovers_after_errors() -> None:
    root, errors, _ = _text("server {\n    server_name a.com\n    listen 80;\n    ;\n}\n}\nhttp {\n")
    msgs = [(e.message.split(" (")[0], e.span.start_line, e.span.start_col) for e in errors]
    assert msgs == [
        ('missing ";" after "server_name" directive', 2, 22),
        ('unexpected ";"', 4, 5),
        ('unexpected "}"', 6, 1),
        ('unexpected end of file: the "http" block opened here is not closed by "}"', 7, 1),
    ]
    server = root.children[0]
    assert [d.name for d in server.children] == ["server_name", "listen"]


def test_data_blocks_never_trigger_the_missing_semicolon_guess() -> None:
    _, errors, _ = _text("map $a $b {\n  default 0;\n  root\n  1;\n}\n")
    assert not errors


def test_include_resolves_against_the_main_folder(tmp_path: Path) -> None:
    files = {
        "nginx/nginx.conf": "events {}\nhttp {\n  include conf.d/*.conf;\n  include /etc/nginx/snippets/x.conf;\n}\n",
        "nginx/conf.d/site.conf": "server {\n  listen 80;\n  include snippets/headers.conf;\n}\n",
        "nginx/snippets/headers.conf": "add_header X-Frame-Options DENY always;\n",
        "nginx/snippets/x.conf": "server_tokens off;\n",
    }
    parsed = _parse(tmp_path, files, "nginx/nginx.conf")
    model: NginxConfig = parsed.model
    assert not parsed.errors and not model.include_problems
    (server,) = model.servers
    assert [h.name for h in server.node.headers] == ["X-Frame-Options"]
    hdr = server.node.headers[0].node
    assert hdr.source.path.name == "headers.conf" and hdr.span.start_line == 1
    assert model.http_levels[0].effective("server_tokens") is not None
    # the fragment is covered by the main file: checked there, not twice
    frag = _parse(tmp_path, {}, "nginx/conf.d/site.conf")
    assert frag.model.covered_by is not None and frag.model.servers == []


def test_standalone_fragment_uses_own_folder_then_main_folder(tmp_path: Path) -> None:
    files = {
        "etc/conf.d/site.conf": "server {\n  include local.conf;\n  include snippets/s.conf;\n}\n",
        "etc/conf.d/local.conf": "listen 8080;\n",
        "etc/snippets/s.conf": "server_name s.example;\n",
        "etc/nginx.conf": "events {}\nhttp { }\n",
    }
    model = _parse(tmp_path, files, "etc/conf.d/site.conf").model
    assert model.covered_by is None and model.context == "http"
    (server,) = model.servers
    assert [ls.port for ls in server.listens] == [8080]
    assert [a.value for a in server.server_names] == ["s.example"]


def test_include_outside_root_is_never_read(tmp_path: Path) -> None:
    files = {"nginx.conf": "http {\n  include /etc/passwd;\n  include ../../secret.conf;\n}\n"}
    model = _parse(tmp_path, files, "nginx.conf").model
    assert [(p.kind, p.node.span.start_line) for p in model.include_problems] == [
        ("outside-root", 2),
        ("outside-root", 3),
    ]


def test_include_cycle_is_reported(tmp_path: Path) -> None:
    files = {
        "nginx.conf": "http {\n  include a.conf;\n}\n",
        "a.conf": "include b.conf;\n",
        "b.conf": "include a.conf;\n",
    }
    model = _parse(tmp_path, files, "nginx.conf").model
    assert [(p.kind, p.node.source.path.name) for p in model.include_problems] == [("cycle", "b.conf")]


def test_configured_prefix_maps_etc_nginx(tmp_path: Path) -> None:
    files = {"deploy/site.conf": "server {\n  include /etc/nginx/tls.conf;\n}\n", "conf/tls.conf": "listen 443 ssl;\n"}
    model = _parse(tmp_path, files, "deploy/site.conf", {"nginx": {"prefix": "conf"}}).model
    assert [(ls.port, ls.ssl) for ls in model.servers[0].listens] == [(443, True)]


def test_inheritance_of_array_directives() -> None:
    text = (
        "http {\n add_header A 1;\n proxy_set_header Host $host;\n server {\n"
        "  location / { add_header B 2; }\n  location /x { proxy_pass http://u; }\n }\n}\n"
    )
    root, _, _ = _text(text)
    model = NginxConfig(root, root.source)
    loc_b, loc_x = model.locations
    assert [h.name for h in loc_b.node.headers] == ["B"]
    assert [h.name for h in loc_x.node.headers] == ["A"]
    assert list(loc_x.node.proxy_headers) == ["host"]


def test_listen_sockets() -> None:
    root, _, _ = _text("server { listen [::]:443 ssl http2 default_server; listen 127.0.0.1:8080; listen unix:/s; }\n")
    model = NginxConfig(root, root.source, context="http")
    got = [(ls.address, ls.port, ls.ssl, ls.http2, ls.default_server) for ls in model.servers[0].listens]
    assert got == [
        ("[::]", 443, True, True, True),
        ("127.0.0.1", 8080, False, False, False),
        ("unix:/s", None, False, False, False),
    ]


# -- properties ----------------------------------------------------------------------------------
_ALPHABET = st.sampled_from([*"abc $;{}#\"'\\\n\t()~^=@*/.:", "server", "location", "_by_lua_block", "${x}"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_any_text_parses_without_exception(text: str) -> None:
    root, errors, comments = _text(text)
    src_len = len(text)
    for d in root.walk():
        assert 0 <= d.name_span.start_offset <= d.span.end_offset <= src_len + 1
        for a in d.args:
            assert d.name_span.start_offset <= a.span.start_offset <= a.span.end_offset <= src_len + 1
    for e in errors:
        assert 1 <= e.span.start_line <= text.count("\n") + 1
    for c in comments:
        assert text[c.span.start_offset] == "#"


_WORD = st.sampled_from(["a", "b.com", "$host", "/x/", "80", "${v}", "'q r'", '"s;t"', "on"])


@st.composite
def _configs(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(["listen", "root", "add_header", "server", "location", "if", "return"]))
        args = " ".join(draw(st.lists(_WORD, max_size=3)))
        if depth < 3 and draw(st.booleans()):
            parts.append(f"{name} {args} {{\n{draw(_configs(depth + 1))}}}\n")
        else:
            parts.append(f"{name} {args};\n")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(_configs())
def test_valid_configs_parse_cleanly_and_spans_point_at_names(text: str) -> None:
    root, errors, _ = _text(text)
    assert not errors
    for d in root.walk():
        s = d.name_span
        assert text[s.start_offset : s.end_offset] == d.name
        for a in d.args:
            raw = text[a.span.start_offset : a.span.end_offset]
            assert raw.strip("'\"") == a.value or a.value in raw


def test_deep_nesting_is_bounded() -> None:
    text = "location / {\n" * 5000 + "return 200;\n" + "}\n" * 5000
    root, errors, _ = _text(text)
    assert [(e.message.split(";")[0], e.span.start_line) for e in errors] == [
        ("blocks nest more than 64 levels deep", 65)
    ]
    assert sum(1 for _ in root.walk()) == 65


def test_crossplane_payload_lists_included_files(tmp_path: Path) -> None:
    from deploylint.parsers.nginx import crossplane_payload

    files = {
        "nginx.conf": "events {}\nhttp {\n  include conf.d/*.conf;\n}\n",
        "conf.d/a.conf": "server {\n  listen 80;\n}\n",
        "conf.d/b.conf": "server {\n  listen 81;\n}\n",
    }
    parsed = _parse(tmp_path, files, "nginx.conf")
    payload = crossplane_payload(parsed.model, parsed.errors)
    assert payload["status"] == "ok"
    names = [Path(c["file"]).name for c in payload["config"]]
    assert names == ["nginx.conf", "a.conf", "b.conf"]
    include = payload["config"][0]["parsed"][1]["block"][0]
    assert include == {"directive": "include", "line": 3, "args": ["conf.d/*.conf"], "includes": [1, 2]}
    assert payload["config"][2]["parsed"] == [
        {"directive": "server", "line": 1, "args": [], "block": [{"directive": "listen", "line": 2, "args": ["81"]}]}
    ]


def test_fragment_is_covered_by_a_main_file_not_named_nginx_conf(tmp_path: Path) -> None:
    files = {
        "deploy/nginx/proxy.conf": "events {}\nhttp {\n  proxy_set_header Host $host;\n  include sites/*.conf;\n}\n",
        "deploy/nginx/sites/app.conf": "server {\n  listen 8080;\n  location / { proxy_pass http://app; }\n}\n",
        # a sibling fragment with no http/events block is not a main file
        "deploy/nginx/upstreams.conf": "upstream app { server app:8000; }\n",
    }
    main = _parse(tmp_path, files, "deploy/nginx/proxy.conf").model
    (server,) = main.servers
    (proxy_pass,) = [d for d in server.node.walk() if d.name == "proxy_pass"]
    assert "host" in proxy_pass.level.proxy_headers  # inherited from the main file's http {}
    frag = _parse(tmp_path, {}, "deploy/nginx/sites/app.conf").model
    assert frag.covered_by is not None and frag.covered_by.endswith("proxy.conf") and frag.servers == []
    alone = _parse(tmp_path, {}, "deploy/nginx/upstreams.conf").model
    assert alone.covered_by is None and alone.outer_unseen


def test_uncovered_fragment_reports_unseen_inheritance_only_for_what_it_does_not_set(tmp_path: Path) -> None:
    files = {
        "site.conf": (
            "server {\n  listen 8080;\n"
            "  location /a { proxy_pass http://a; }\n"
            "  location /b { proxy_set_header Host $host; proxy_pass http://b; }\n}\n"
        )
    }
    model = _parse(tmp_path, files, "site.conf").model
    a, b = model.all("proxy_pass")
    assert model.inherits_unseen(a, "proxy_set_header")
    assert not model.inherits_unseen(b, "proxy_set_header")
    full = _parse(tmp_path, {"nginx.conf": "events {}\nhttp {\n" + files["site.conf"] + "}\n"}, "nginx.conf").model
    assert not any(full.inherits_unseen(d, "proxy_set_header") for d in full.all("proxy_pass"))
