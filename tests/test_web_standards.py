"""The desk's standards pages: the loaded standards, one standard as tables (what ``dingji
standards show`` prints), and a standard file uploaded and checked: a broken one with its
problem at its line and key, a good one "通过" with its tables; nothing installed, and the
scratch copy removed.  Expected values come from the registry and the services."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import pytest

import dingji
from dingji.services.standards import check_files, standard_rows, standard_view
from dingji.services.workspace import open_workspace
from dingji.web.pages import standards as page
from web_support import client, post, store_digest

VILLAGE = Path(dingji.__file__).parent / "standards" / "village.toml"


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_standards_are_listed_as_the_registry_has_them(demo_template):
    before = store_digest(demo_template)
    rows = standard_rows(open_workspace(demo_template).registry())
    text = client(demo_template).get("/standards").text
    assert re.findall(r'<tr><td><a href="/standards/([^"]+)">', text) == [r[0] for r in rows]
    for sid, name, domain, version, origin in rows:
        assert f">{name}</a></td><td>{domain}</td><td>{version}</td><td>{origin}</td>" in text, sid
    assert store_digest(demo_template) == before


@pytest.mark.parametrize("sid", ["village", "service_window"])
def test_one_standard_is_shown_as_tables(demo_template, sid):
    reg = open_workspace(demo_template).registry()
    want = standard_view(reg, sid)
    got = client(demo_template).get(f"/standards/{sid}")
    assert got.status_code == 200
    text = html.unescape(got.text)
    rows = re.findall(
        r"<tr><td>([\w.-]+)</td><td class=\"nowrap\">([^<]*)</td><td class=\"num\">([^<]*)</td><td>(\w+)</td><td>", text
    )
    assert rows == [(i, name, points, method) for _, i, name, points, method, _ in want.indicators]
    for cat in want.standard.categories:
        assert f'<th scope="rowgroup" colspan="2">{cat.name}</th>' in text
    for sid_, name, kind, weight in want.sources:
        assert f'<td>{sid_}</td><td>{name}</td><td>{kind}</td><td class="num">{weight}</td>' in text
    for name, low in want.grades:
        assert re.search(rf'<td class="[\w-]*">{name}</td><td class="num">{re.escape(low)}</td>', text)
    for vid, name, cond, effect in want.vetoes:
        assert f"<td>{vid}</td><td>{name}</td><td>{cond}</td><td>{effect}</td>" in text


def test_an_unknown_standard_is_404(demo_template):
    got = client(demo_template).get("/standards/nope")
    assert got.status_code == 404 and "没有标准 nope" in got.text


def _broken(tmp_path) -> tuple[bytes, int]:
    """village.toml with a key no standard has on one line: (the file, that line's number)."""
    lines = VILLAGE.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("[[category]]"))
    lines.insert(at, 'colour = "红"\n')
    return "".join(lines).encode("utf-8"), at + 1


def test_a_broken_file_shows_its_problem_at_its_line_and_installs_nothing(demo_copy, tmp_path):
    data, line = _broken(tmp_path)
    (tmp_path / "s.toml").write_bytes(data)
    [want] = check_files(open_workspace(demo_copy).registry(), [tmp_path / "s.toml"]).problems
    assert want.place.line == line
    before, digest = files(demo_copy), store_digest(demo_copy)
    c = client(demo_copy)
    got = post(
        c, "/standards/check", files={"standard": ("社区标准.toml", data, "application/toml")}, page="/standards/check"
    )
    assert got.status_code == 200
    text = html.unescape(got.text)
    assert (
        f'<a href="#L{line}"><span class="place">社区标准.toml，第 {line} 行，键 {want.place.key}</span>：{want.text.zh}</a>'
        in text
    )
    assert f'<tr id="L{line}" class="bad"><td class="line">{line}</td><td>colour = "红"</td></tr>' in text
    assert "未通过" in text and ".dingji" not in text  # the scratch copy's path is never shown
    assert files(demo_copy) == before and store_digest(demo_copy) == digest  # removed, nothing installed
    assert not list((demo_copy / ".dingji" / "uploads").iterdir())
    assert [r[0] for r in standard_rows(open_workspace(demo_copy).registry())] == re.findall(
        r'<tr><td><a href="/standards/([^"]+)">', c.get("/standards").text
    )


def test_a_good_file_passes_with_its_summary_and_tables(demo_copy):
    data = VILLAGE.read_bytes().replace(b'id = "village"', b'id = "village_copy"', 1)
    assert b"village_copy" in data
    got = post(
        client(demo_copy),
        "/standards/check",
        files={"standard": ("v.toml", data, "text/plain")},
        page="/standards/check",
    )
    assert got.status_code == 200
    text = html.unescape(got.text)
    view = standard_view(open_workspace(demo_copy).registry(), "village")
    assert "通过：v.toml" in text
    assert f"village_copy {view.standard.version} · 农村 · {len(view.indicators)} 个指标" in text
    assert all(f'<td>{i}</td><td class="nowrap">{name}</td>' in text for _, i, name, *_ in view.indicators)
    assert "village_copy" not in client(demo_copy).get("/standards").text  # checked, not installed


def test_no_file_or_a_file_too_large_is_a_form_error(demo_copy, monkeypatch):
    c = client(demo_copy)
    got = post(c, "/standards/check", page="/standards/check")
    assert got.status_code == 400 and "<title>错误：" in got.text
    assert '<a href="#f-standard">请选择要检查的标准文件（.toml）</a>' in got.text
    monkeypatch.setattr(page, "LIMIT", 100)
    got = post(
        c, "/standards/check", files={"standard": ("big.toml", b"#" * 101, "text/plain")}, page="/standards/check"
    )
    assert got.status_code == 400 and "big.toml 太大" in got.text
    assert not list((demo_copy / ".dingji" / "uploads").iterdir())


def test_the_scratch_name_is_a_plain_file_name():
    from dingji.web.scratch import file_name

    assert file_name("../../etc/passwd") == "passwd"
    assert file_name("C:\\Users\\x\\标准.toml") == "标准.toml"
    assert file_name('a<b>:"c".toml') == "a_b___c_.toml"
    assert file_name("..", "standard.toml") == "standard.toml"
    assert file_name(None) == "upload"


def test_a_workspace_that_cannot_be_written_checks_in_the_temporary_folder(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from dingji.web import scratch

    root = tmp_path / "ws"
    (root / ".dingji").mkdir(parents=True)
    (root / ".dingji" / "uploads").write_text("not a folder")  # as a read-only one refuses a folder
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with scratch.folder(SimpleNamespace(root=root)) as into:
        assert into.parent == tmp_path and into.is_dir()
    assert not into.exists()
