"""The data-entry file of a domain (``dingji template``): a writer chosen from the
registry by format, the workspace's organizations of that domain already filled in."""

from __future__ import annotations

from pathlib import Path

from dingji.io.atomic import atomic_path


def template_roster(ws, standard) -> list:
    """The workspace's organizations of ``standard``'s domain (by id or domain name); none without a workspace."""
    if ws is None:
        return []
    with ws.store() as store:
        return [o for o in store.roster().values() if o.domain in (standard.id, standard.domain)]


def write_template(registry, domain: str, ws=None, output=None, fmt: str = "xlsx", lang: str = "zh") -> Path:
    """Write the template of ``domain`` as ``fmt`` (a template writer's name; an unknown one
    means xlsx) to ``output`` (default ``ID-template.SUFFIX``); returns the path written."""
    standard = registry.standard(domain)
    roster = template_roster(ws, standard)
    if fmt not in registry.writers_for("template"):
        fmt = "xlsx"
    writer = registry.writer_for("template", name=fmt)
    output = Path(output or f"{standard.id}-template{writer.suffix}")
    with atomic_path(output) as tmp:
        writer.write(standard, roster, tmp, lang)
    return output
