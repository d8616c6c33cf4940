"""``dingji standards list|show|check|new`` and ``dingji plugins``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from dingji.cli.i18n import h, lang, t
from dingji.cli import UserError, pass_env
from dingji.cli.output import table


@click.group(epilog="示例 / Example:  dingji standards show village")
def standards():
    """评分标准：列出、查看、检查、新建 / list, show, check and write standards."""


@standards.command("list", epilog="示例 / Example:  dingji standards list")
@pass_env
def list_(env):
    """列出已加载的标准 / the loaded standards and where each comes from."""
    reg = env.registry()
    rows = [(s.id, s.name, s.domain, s.version, s.origin) for s in reg.standards.values()]
    click.echo(table([h("id"), h("name"), h("domain"), h("version"), h("origin")], rows))
    for hidden, by in reg.shadowed:
        click.echo(("note: " if lang() == "en" else "注：") + f"{hidden.id} ({hidden.origin}) ← {by.origin}", err=True)


@standards.command(epilog="示例 / Example:  dingji standards show village --lang en")
@click.argument("standard_id")
@pass_env
def show(env, standard_id):
    """查看标准的指标、权重、等次与否决规则 / a standard's indicator table."""
    from dingji.core.numbers import fmt
    std = env.registry().standard(standard_id)
    click.echo(f"{std.name}  [{std.id} {std.version}]  {std.domain}  sha256 {std.sha256[:12]}  ({std.origin})")
    click.echo()
    cats = {c.id: c.name for c in std.categories}
    rows = []
    for ind in std.indicators:
        rule = _rule(ind, fmt)
        rows.append((cats[ind.category], ind.id, ind.name, fmt(ind.points), ind.method, rule))
    click.echo(table([h("category"), h("id"), h("indicator"), h("points"), h("method"), ""], rows, numeric=(3,)))
    click.echo()
    click.echo(table([h("id"), h("name"), h("kind"), h("weight")],
                     [(s.id, s.name, s.kind, fmt(s.weight)) for s in std.sources], numeric=(3,)))
    click.echo()
    click.echo(table([h("grade"), h("min")], [(g.name, fmt(g.min)) for g in std.grades], numeric=(1,)))
    if std.vetoes:
        click.echo()
        lowest = std.lowest_grade
        rows = []
        for v in std.vetoes:
            cond = f"{v.when.metric} < {fmt(v.when.below)}" if v.when else ("entered yes/no" if lang() == "en" else "录入 是/否")
            effect = f"≤ {v.max_grade}" if v.max_grade else f"→ {lowest}"
            rows.append((v.id, v.name, cond, effect))
        click.echo(table([h("id"), h("rule"), "", h("effect")], rows))
    for label, capped in ((h("bonus"), std.bonus), (h("penalty"), std.penalty)):
        if capped:
            items = "; ".join(f"{i.name} {fmt(i.points)}" for i in capped.items)
            click.echo(f"\n{label} (cap {fmt(capped.cap) if capped.cap is not None else '—'}): {items}")
    if std.service:
        s = std.service
        inds = ", ".join(f"{k} ≥ {fmt(v * 100)}%" for k, v in s.indicators)
        click.echo(f"\n{s.name}: ≥ {s.min_grade}; satisfaction ≥ {fmt((s.min_satisfaction or 0) * 100)}%; {inds}")


def _rule(ind, fmt):
    o = ind.options
    if ind.method == "deduct" and "per" in o:
        return f"-{fmt(o['per'])}/{ind.unit or '次'}"
    if ind.method == "deduct":
        return "; ".join(f"{d['name']} -{fmt(d['points'])}" for d in o["deductions"])
    if ind.method == "check" and "items" in o:
        return "; ".join(f"{d['name']} {fmt(d['points'])}" for d in o["items"])
    if ind.method == "tiers":
        return "; ".join(f"≥{fmt(x['min'] * 100)}%:{fmt(x['points'])}" for x in o["tiers"])
    if ind.method == "tracker":
        return f"{o['tracker']}.{o['metric']}"
    return ind.guide or ""


@standards.command(epilog="示例 / Example:  dingji standards check standards/community.toml")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@pass_env
def check(env, files):
    """检查标准文件，列出每个错误及其位置 / validate standard files, every error with its place."""
    from dingji.core.errors import DingjiError
    reg = env.registry()
    problems = []
    for f in files:
        try:
            std = reg.load(Path(f), origin="file")
            click.echo(t("check_ok", file=f, id=std.id, version=std.version, n=len(std.indicators)))
        except DingjiError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(DingjiError(problems))


@standards.command(epilog="示例 / Example:  dingji standards new community --from village -o standards/community.toml")
@click.argument("standard_id")
@click.option("--from", "base", default=None, help="以已有标准为底稿 / start from an existing standard.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="输出文件（默认：工作区 standards/ID.toml）/ output file.")
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite.")
@pass_env
def new(env, standard_id, base, output, force):
    """写出带注释的新领域标准 / write a commented starter standard for a new domain."""
    from dingji.services.starter import starter_text
    reg = env.registry()
    text = starter_text(standard_id, reg.standard(base) if base else None)
    if output is None:
        ws = env.workspace(required=False)
        folder = ws.standard_folders[0] if ws else Path.cwd()
        output = folder / f"{standard_id}.toml"
    output = Path(output)
    if output.exists() and not force:
        raise click.ClickException(t("exists", path=output))
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    reg.load(tmp, origin="new")  # what we write must load
    os.replace(tmp, output)
    click.echo(t("new_done", path=output))


@click.command(epilog="示例 / Example:  dingji plugins")
@pass_env
def plugins(env):
    """已加载的插件、来源和实现的钩子 / loaded plugins, where each comes from, its hooks."""
    reg = env.registry()
    rows = [(name, origin, ", ".join(hooks)) for name, origin, hooks in reg.plugin_rows()]
    click.echo(table([h("plugin"), h("origin"), h("hooks")], rows))
    for name, what in reg.broken:
        click.echo(f"✗ {name}: {what}", err=True)
