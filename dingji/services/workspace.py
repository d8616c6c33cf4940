"""A township's workspace: ``dingji.toml``, its SQLite store and its standards folder."""

from __future__ import annotations

import json
from pathlib import Path

import attrs

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover
    import tomli as tomllib

from dingji.core.errors import DingjiError, Place, Problem
from dingji.core.model import FIRST_YEAR, LAST_YEAR
from dingji.core.text import Text
from dingji.io.atomic import atomic_path

CONFIG = "dingji.toml"
STORE = "dingji.sqlite"

TEMPLATE = """# dingji workspace: {name}
# 工作区配置。改动后对之后的命令生效。

[workspace]
name = "{name}"          # 单位名称，如 岩樟乡
level = "{level}"        # 乡镇 / 县 / 市
year = {year}            # 当前定级年度；命令可用 --year 另选

[standards]
# 本工作区自带的评分标准目录：其中每个 *.toml 都作为标准加载（与内置标准同 id 时覆盖内置标准）
folders = ["standards"]

[ledger]
# 台账标题；{{name}}、{{year}} 会被替换
title = "{{name}}{{year}}年基层党组织分类定级台账"

[notice]
days = 5                 # 公示期（天）
# 受理异议的联系方式，写入公示（dingji notice）；不设时公示只写“向{name}党委反映”
# office = "{name}党委组织办"          # 受理异议的部门（默认：{name}党委）
# phone = "0000-0000000"              # 联系电话
# address = "{name}人民政府二楼组织办"   # 地址
# signer = "中共{name}委员会"          # 公示落款（默认：中共{name}委员会）

# 本年度各阶段及起止日期（dingji status 显示当前阶段和待办事项）；按顺序列出，名称 = [开始日期, 结束日期]
# [phases]
# "调查摸底、分类定级" = [{year}-02-01, {year}-04-30]
# "整改提高、晋位升级" = [{year}-05-01, {year}-08-31]     # 整改任务草稿的完成时限默认取此阶段的结束日期
# "学习先进、创先争优" = [{year}-09-01, {year}-10-31]
# "巩固成果、常态设计" = [{year}-11-01, {year}-12-31]

# 定级结果分布的原则性要求：只作提示（evaluate、台账汇总、dingji status），不会自动改变任何等次
# [distribution]
# max = {{ "好" = 0.20 }}     # 好 原则上不超过 20%（也可写 "20%"）
# min = {{ "较差" = 0.10 }}   # 较差 原则上不少于 10%
# margin = 1                # 得分距分数线不超过 1 分的组织列出复核（0：不列）

[plugins]
# disabled = ["某插件名"]   # 不加载的插件（按 dingji plugins 显示的名称）
# replace = ["score"]       # 允许插件替换的已注册名称（计分方法、读写格式等）；不列出则先注册者保留

# 活动台账（dingji track）。各地叫法、栏目不同时在此修改；每个键都可省略，省略即用默认值。
[trackers.sanliang]
# name = "三亮三比三评"                         # 台账名称
# labels = {{ show_standard = "亮职责" }}         # 列名：字段 = 显示名称（字段见 dingji track sanliang template）
# ratings = ["好", "较好", "一般", "差"]         # 三评的等次
# good = ["好", "较好"]                         # rating 计入“好或较好”的等次
# denominator = "roster"                       # 党员数：组织名单人数大于台账人数时取名单人数；"records" 只计台账中的党员

[trackers.yichuang]
# name = "党员“一创三联”"
# create_kinds = ["先锋岗", "示范岗", "服务项目"]   # 一创：创建类型
# statuses = ["未开始", "进行中", "已完成"]        # 创建状态，最后一个表示完成
# links = ["普通群众户", "困难户", "服务对象或项目"]  # 三联：联系对象的类别
# target = 12                                  # 每名党员每年走访目标次数（visits 指标）

[trackers.duibiao]
# name = "对标创标"
# kinds = ["树标", "提标", "达标"]                 # 创标类型：先进树标、一般提标、后进达标
# statuses = ["未开始", "进行中", "已达标"]        # 目标进展，最后一个表示已达标（met 指标）

[trackers.zhutiri]
# name = "主题党日"
# themes = ["民主议事", "学习培训", "组织生活", "志愿服务"]  # 主题
# months = 12                                  # 每年应开展主题党日的月数（months 指标）
# services = 12                                # 每年主题日服务目标件数（services 指标）

[trackers.quyu]
# name = "区域化党建"
# kinds = ["结对共建", "共驻共建", "结对帮扶"]     # 结对形式
# target = 4                                   # 每年共建活动目标次数（activities 指标）
"""


@attrs.define
class Workspace:
    root: Path
    config: dict

    @property
    def name(self) -> str:
        return self.config.get("workspace", {}).get("name", self.root.name)

    @property
    def level(self) -> str:
        return self.config.get("workspace", {}).get("level", "乡镇")

    @property
    def year(self) -> int:
        return int(self.config.get("workspace", {}).get("year"))

    @property
    def store_path(self) -> Path:
        return self.root / STORE

    @property
    def standard_folders(self) -> list[Path]:
        folders = self.config.get("standards", {}).get("folders", ["standards"])
        if isinstance(folders, str):  # folders = "standards": one folder, not its letters
            folders = [folders]
        return [self.root / f for f in folders]

    @property
    def trackers(self) -> dict:
        """The ``[trackers]`` table: ``{tracker id: its settings}`` (see dingji.services.supply.settings)."""
        table = self.config.get("trackers", {})
        return table if isinstance(table, dict) else {}

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    def ledger_title(self, year: int | None = None) -> str:
        title = self.config.get("ledger", {}).get("title", "{name}{year}年基层党组织分类定级台账")
        return title.replace("{name}", self.name).replace("{year}", str(year or self.year))

    def store(self):
        from dingji.store.db import Store

        return Store(self.store_path)

    def registry(self):
        """The plugins' registry plus this workspace's standards folders."""
        from dingji.registry import Registry

        plugins = self.config.get("plugins", {})
        reg = Registry(disabled=set(plugins.get("disabled", [])), replace=set(plugins.get("replace", [])))
        for folder in self.standard_folders:
            if folder.is_dir():
                reg.add_folder(folder, origin="workspace")  # failures: reg.workspace_failures
        return reg


def create(root: Path, name: str, year: int, level: str = "乡镇") -> Workspace:
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DingjiError(
            [
                Problem(
                    Place(file=str(root)),
                    Text(f"无法创建目录：{exc.strerror}", f"cannot create the folder: {exc.strerror}"),
                )
            ]
        ) from None
    cfg = root / CONFIG
    if cfg.exists():
        raise DingjiError([Problem(Place(file=str(cfg)), Text("此处已有工作区", "a workspace already exists here"))])
    # TOML basic-string escapes (a name may hold " or \); JSON's escapes are all valid TOML
    text = TEMPLATE.format(name=_toml_str(name), level=_toml_str(level), year=year)
    with atomic_path(cfg) as tmp:
        tmp.write_text(text, encoding="utf-8")
    (root / "standards").mkdir(exist_ok=True)
    ws = open_workspace(root)
    with ws.store():  # created now, with its tables
        pass
    return ws


def _toml_str(value: str) -> str:
    """The inside of a TOML basic string holding ``value``."""
    return json.dumps(str(value), ensure_ascii=False)[1:-1]


def open_workspace(root: Path) -> Workspace:
    path = Path(root) / CONFIG
    if not path.is_file():
        raise DingjiError(
            [
                Problem(
                    Place(file=str(path)),
                    Text(
                        "此处没有 dingji 工作区（找不到 dingji.toml）；请先运行 dingji init",
                        "no dingji workspace here (dingji.toml not found); run dingji init",
                    ),
                )
            ]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
        config = tomllib.loads(text)
    except UnicodeDecodeError:
        raise DingjiError([Problem(Place(file=str(path)), Text("不是 UTF-8 文本", "not UTF-8 text"))]) from None
    except tomllib.TOMLDecodeError as exc:
        from dingji.core.toml_lines import toml_problems

        raise DingjiError(toml_problems(text, exc, str(path))) from None
    except RecursionError:
        raise DingjiError(
            [Problem(Place(file=str(path)), Text("数组或表嵌套过深", "arrays or tables nested too deeply"))]
        ) from None
    problems = check_config(config, str(path))
    if problems:
        raise DingjiError(problems)
    return Workspace(Path(root).resolve(), config)


#: (table, key) -> (python types, what it must be in English, in Chinese); None key: the table itself
_TYPES = {
    ("workspace", "name"): ((str,), "a text", "文本"),
    ("workspace", "level"): ((str,), "a text", "文本"),
    ("workspace", "year"): (
        (int,),
        f"a year from {FIRST_YEAR} to {LAST_YEAR}, such as 2026",
        f"{FIRST_YEAR}～{LAST_YEAR} 之间的年份，如 2026",
    ),
    ("standards", "folders"): ((str, list), "a folder name or a list of them", "目录名或目录名列表"),
    ("ledger", "title"): ((str,), "a text", "文本"),
    ("notice", "days"): ((int,), "a whole number of days from 0 to 366", "0～366 的天数（整数）"),
    ("notice", "office"): ((str,), "a text", "文本"),
    ("notice", "phone"): ((str,), 'a text in quotes, such as "0731-5551234"', '带引号的文本，如 "0731-5551234"'),
    ("notice", "address"): ((str,), "a text", "文本"),
    ("notice", "signer"): ((str,), "a text", "文本"),
    ("plugins", "disabled"): ((list,), "a list of plugin names", "插件名称列表"),
    ("plugins", "replace"): ((list,), "a list of names a plugin may register again", "允许插件重新注册的名称列表"),
}
_TABLES = ("workspace", "standards", "ledger", "notice", "plugins", "trackers", "phases", "distribution")


def check_config(config: dict, file: str) -> list[Problem]:
    """Every wrong type in dingji.toml, each naming its key (the tables' own checks come later)."""
    problems = []
    for table in _TABLES:
        if table in config and not isinstance(config[table], dict):
            problems.append(
                Problem(Place(file=file, key=table), Text(f"[{table}] 应为表", f"[{table}] must be a table"))
            )
    if not isinstance(config.get("workspace"), dict) or "year" not in config["workspace"]:
        problems.append(
            Problem(
                Place(file=file, key="workspace.year"), Text("缺少 [workspace] 的 year", "[workspace] year is required")
            )
        )
    for (table, key), (types, en, zh) in _TYPES.items():
        section = config.get(table)
        if not isinstance(section, dict) or key not in section:
            continue
        value = section[key]
        ok = isinstance(value, types) and not isinstance(value, bool)
        if ok and isinstance(value, list):
            ok = all(isinstance(v, str) for v in value)
        if ok and key == "days":
            ok = 0 <= value <= 366
        if ok and key == "year":
            ok = FIRST_YEAR <= value <= LAST_YEAR
        if not ok:
            problems.append(
                Problem(
                    Place(file=file, key=f"{table}.{key}"),
                    Text(f"{table}.{key} 应为{zh}，实为 {value!r}", f"{table}.{key} must be {en}, got {value!r}"),
                )
            )
    trackers = config.get("trackers")
    if isinstance(trackers, dict):
        for tid, own in trackers.items():
            if not isinstance(own, dict):
                problems.append(
                    Problem(
                        Place(file=file, key=f"trackers.{tid}"),
                        Text(
                            f'[trackers.{tid}] 应为设置表（如 name = "…"），实为 {own!r}',
                            f"[trackers.{tid}] must be a table of settings, got {own!r}",
                        ),
                    )
                )
    return problems


def find_workspace(start: Path | None = None) -> Workspace | None:
    """The workspace at ``start`` or the nearest folder above it with a dingji.toml."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return open_workspace(folder)
    return None
