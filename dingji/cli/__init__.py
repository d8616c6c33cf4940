"""The ``dingji`` command: a thin click layer over the library.

Subcommands are imported only when they run (``LazyGroup``), so ``dingji
--help`` imports click and nothing heavy: no openpyxl, no plugins.
"""

from __future__ import annotations

import importlib
import sys

import click

from dingji import __version__
from dingji.cli.i18n import lang, set_lang, t

#: name -> (module, attribute, one-line help in Chinese / English)
COMMANDS = {
    "init": ("dingji.cli.setup", "init", "创建工作区 / create a workspace"),
    "demo": ("dingji.cli.setup", "demo", "生成示例乡镇并完成定级 / a sample township, graded"),
    "standards": ("dingji.cli.standards", "standards", "评分标准：列出、查看、检查、新建 / standards"),
    "plugins": ("dingji.cli.standards", "plugins", "已加载的插件 / loaded plugins"),
    "roster": ("dingji.cli.roster", "roster", "组织名单 / the roster of organizations"),
    "template": ("dingji.cli.evaluate", "template", "生成某领域的填报模板 / the data-entry workbook"),
    "evaluate": ("dingji.cli.evaluate", "evaluate", "计分定级并保存结果 / grade a domain"),
    "explain": ("dingji.cli.evaluate", "explain", "说明某组织的得分与等次 / why a grade"),
    "round": ("dingji.cli.rounds", "round_", "定级轮次：列出、开始复评 / rounds: list, start the next"),
    "track": ("dingji.cli.track", "track", "活动台账：模板、导入、统计 / activity trackers' records"),
    "visit": ("dingji.cli.visit", "visit", "走访台账：记录、导入、未走访的组织 / the visit ledger"),
    "rectify": ("dingji.cli.rectify", "rectify", "整改：任务、进度、逾期、备案、问题草稿 / rectification tasks"),
    "exemplar": ("dingji.cli.exemplar", "exemplar", "学习先进：先进典型与表彰 / exemplars and commendations"),
    "ledger": ("dingji.cli.ledger", "ledger", "台账：导出、合并 / the combined ledger: export, merge"),
    "notice": ("dingji.cli.ledger", "notice", "定级结果公示（HTML、xlsx）/ the public notice of grades"),
    "objection": ("dingji.cli.objection", "objection", "异议处理：记录、处理、答复 / objections to the notice"),
    "status": ("dingji.cli.status", "status", "本年度工作进展：阶段、待办事项 / the year at a glance"),
    "serve": ("dingji.cli.serve", "serve", "在浏览器中使用工作区（工作台）/ the web desk"),
}


class UserError(click.ClickException):
    """A user's data or standard is wrong: every problem, exit status 1."""

    exit_code = 1

    def __init__(self, error, head: str = "error_head"):
        self.error = error
        self.head = head  # the first line's message: error_head says nothing was written
        super().__init__(error.describe(lang()))

    def show(self, file=None):
        file = file or sys.stderr
        more = getattr(self.error, "more", 0)  # past the listing bound: counted in its last line
        n = len(self.error.problems) - (1 if more else 0) + more
        click.echo(t(self.head, n=n), file=file, err=True)
        for line in self.error.describe(lang()).splitlines():
            click.echo(f"  {line}", file=file, err=True)
        hint = getattr(self.error, "hint", None)  # (en, zh): what to do instead, when the problems say it
        if hint:
            click.echo(hint[lang() != "en"], file=file, err=True)


#: Options of the ``dingji`` group that may also stand after the command (``dingji explain cun-01 --lang en``).
GLOBAL_OPTIONS = {"--lang": True, "--workspace": True, "-w": True}  # name -> takes a value


def hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with the global options given after the command moved before it; ``--`` ends the scan."""
    front, rest, i = [], [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and (rest or front):
            if "=" in arg or not GLOBAL_OPTIONS[name]:
                front.append(arg)
                i += 1
            else:
                front += args[i : i + 2]
                i += 2
            continue
        rest.append(arg)
        i += 1
    return front + rest


def show_error(exc: click.ClickException) -> None:
    """What click shows for an error, its words in the user's language (exit status unchanged)."""
    if isinstance(exc, UserError):
        exc.show()
        return
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            click.echo(t("usage_hint", command=ctx.command_path), err=True)
        click.echo(err=True)
    click.echo(t("error", message=exc.format_message()), err=True)


class LazyGroup(click.Group):
    def __init__(self, *args, lazy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, hoist_global_options(list(args)))

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """click's standalone handling, with its "Error:" and hint in the user's language."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(t("aborted"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy), key=self._order)

    def _order(self, name):
        keys = list(self.lazy)
        return (keys.index(name) if name in keys else len(keys), name)

    def get_command(self, ctx, name):
        if name in self.lazy:
            module, attr, _ = self.lazy[name]
            return getattr(importlib.import_module(module), attr)
        got = super().get_command(ctx, name)
        if got is None and ctx.params:  # a plugin's top-level command (dingji_commands), asked for by name
            if not isinstance(ctx.obj, Env):  # resolved before the group's callback has run
                set_lang(ctx.params.get("lang"))
                ctx.obj = Env(ctx.params.get("workspace"))
            got = ctx.obj.registry().commands_under("").get(name)
        return got

    def format_commands(self, ctx, formatter):
        rows = [
            (name, self.lazy[name][2])
            if name in self.lazy
            else (name, self.get_command(ctx, name).get_short_help_str())
            for name in self.list_commands(ctx)
        ]
        if rows:
            with formatter.section("Commands / 命令"):
                formatter.write_dl(rows)

    def invoke(self, ctx):
        import sqlite3

        from dingji.core.errors import DingjiError, Place, Problem
        from dingji.core.text import Text
        from dingji.io.notes import listening
        from dingji.services.roster import UnknownOrganization

        try:
            with listening(lambda text: click.echo(text.say(lang()), err=True)):  # how a file was read
                return super().invoke(ctx)
        except UnknownOrganization as exc:  # one line, with the ids nearest the one typed
            raise click.ClickException(exc.describe(lang())) from None
        except DingjiError as exc:
            raise UserError(exc) from None
        except sqlite3.DatabaseError as exc:
            ws = ctx.obj.workspace(required=False) if isinstance(ctx.obj, Env) else None
            where = Place(file=str(ws.store_path) if ws else None)
            raise UserError(
                DingjiError(
                    [Problem(where, Text(f"工作区数据库无法使用：{exc}", f"the workspace store cannot be used: {exc}"))]
                )
            ) from None


class Env:
    """What commands share: the language, the workspace, the plugin registry."""

    def __init__(self, workspace_dir):
        self.workspace_dir = workspace_dir
        self._ws = None
        self._registry = None

    def workspace(self, required: bool = True):
        if self._ws is None:
            from pathlib import Path

            from dingji.services.workspace import find_workspace, open_workspace

            if self.workspace_dir:
                self._ws = open_workspace(Path(self.workspace_dir))
            else:
                self._ws = find_workspace()
        if self._ws is None and required:
            raise click.ClickException(t("no_workspace"))
        return self._ws

    @property
    def lang(self) -> str:
        """``zh`` or ``en``: the language of messages and headers."""
        return lang()

    @staticmethod
    def table(headers, rows) -> str:
        """A plain-text table that lines up with Chinese text."""
        from dingji.cli.output import table

        return table(headers, rows)

    def registry(self, warn_files: bool = True):
        """The plugin registry (the workspace's, when there is one); ``warn_files``: say which of
        the workspace's standard files did not load (``standards check`` speaks of its own files)."""
        if self._registry is None:
            ws = self.workspace(required=False)
            if ws is not None:
                self._registry = ws.registry()
                for path, _ in getattr(self._registry, "workspace_failures", []) if warn_files else ():
                    click.echo(t("broken_standard", file=path), err=True)
            else:
                from dingji.registry import default_registry

                self._registry = default_registry()
            for name, what in self._registry.broken:
                click.echo(t("broken_plugin", name=name, what=what.splitlines()[0]), err=True)
        return self._registry


pass_env = click.make_pass_decorator(Env)


def _lang_value(value):
    """zh or en from --lang or DINGJI_LANG; accepts en_US.UTF-8, ZH_cn and the like."""
    if value is None or not value.strip():
        return None
    v = value.strip().lower()
    if v.startswith("en"):
        return "en"
    if v.startswith("zh"):
        return "zh"
    raise click.BadParameter(f"{value!r}: use zh or en / 请用 zh 或 en", param_hint="--lang / DINGJI_LANG")


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="示例 / Example:  dingji demo && cd dingji-demo && dingji explain cun-01",
)
@click.option(
    "--lang",
    default=None,
    envvar="DINGJI_LANG",
    callback=lambda ctx, param, value: _lang_value(value),
    metavar="[zh|en]",
    help="界面语言 / language of messages and headers (DINGJI_LANG).",
)
@click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False),
    default=None,
    help="工作区目录（默认从当前目录向上查找 dingji.toml）/ workspace folder.",
)
@click.version_option(__version__, prog_name="dingji")
@click.pass_context
def cli(ctx, lang, workspace):
    """dingji（定级）：基层党组织分类定级与台账。

    Grade grassroots Party organizations on a 100-point scale and keep the ledgers.
    """
    set_lang(lang)
    if not isinstance(ctx.obj, Env):
        ctx.obj = Env(workspace)


def main():  # console script
    # Make the first warnings from plugins readable, not Python's default format.
    import warnings

    warnings.filterwarnings("ignore", module="dingji.registry")
    cli()
