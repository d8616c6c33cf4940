"""The commented starter standard written by ``dingji standards new``."""

from __future__ import annotations

import re

STARTER = """# {id}: 新领域的评分标准（由 dingji standards new 生成）
# 格式说明见 README「评分标准格式」一节。改完后运行：dingji standards check {id}.toml
# 规则：各类别分值之和 = scale.total；各指标分值之和 = 所属类别分值；来源权重之和 = 1；
#       等次分数线严格递减且最后一个为 0；id 在同类中唯一。

schema = 1

[standard]
id = "{id}"                          # 命令中使用的名字：dingji evaluate {id}
name = "{id}党组织分类定级评分标准"     # 请改为正式名称
domain = "{id}"                      # 领域名称，如 社区、学校、医院（组织名单的 domain 列可填 id 或此名称）
version = "{year}.1"
issued_by = "市委组织部"               # 可选
# name_en = "..."                    # 可选：英文名称
require_veto_facts = true            # 每个组织的每项否决事项都须录入“是”或“否”，漏填即报错（不回避问题）；
                                     # 删去此行则未录入的否决事项视为未发生

[scale]
total = 100
precision = 1                        # 保留小数位数；一律四舍五入，且只在最后一步

[[grade]]                            # 由高到低；min 含本数
name = "好"
min = 90
[[grade]]
name = "较好"
min = 80
[[grade]]
name = "一般"
min = 60
[[grade]]
name = "较差"
min = 0

[[source]]                           # 三结合：自评、测评、评定
id = "self"
name = "自查自评"
weight = 0.2                         # 各来源权重之和须恰好为 1；三分之一请写分数 "1/3"（带引号）
[[source]]
id = "review"
name = "党员群众评议"
weight = 0.3
kind = "survey"                      # 得分来自下面的满意度测评
[[source]]
id = "superior"
name = "上级党组织评定"
weight = 0.5                         # kind 默认为 "indicators"；也可为 "total"（直接录入总分）

[survey]
options = [
  {{ name = "满意", value = 1.0, satisfied = true }},
  {{ name = "基本满意", value = 0.8, satisfied = true }},
  {{ name = "不满意", value = 0.0, satisfied = false }},
  {{ name = "不了解", value = 0.0, valid = false }},   # 无效票：不计入满意度和得分
]

[[category]]
id = "team"
name = "班子建设"
points = 40

  [[category.indicator]]
  id = "secretary"
  name = "书记队伍"
  points = 15
  method = "score"                   # 评分人直接打分 0..points
  guide = "书记政治素质好、带头作用强"

  [[category.indicator]]
  id = "meetings"
  name = "落实三会一课"
  points = 15
  method = "deduct"                  # points − per × 次数，扣完为止
  per = 2
  unit = "次"

  [[category.indicator]]
  id = "rules"
  name = "工作制度"
  points = 10
  method = "deduct"                  # 或列出具名扣分项，各录入次数
  deductions = [ {{ id = "no_plan", name = "无年度工作计划", points = 5 }},
                 {{ id = "no_summary", name = "无工作总结", points = 5 }} ]

[[category]]
id = "service"
name = "服务群众"
points = 60

  [[category.indicator]]
  id = "venue"
  name = "活动阵地"
  points = 20
  method = "check"                   # 是/否；或用 items 列出检查项（分值之和 = points）
  items = [ {{ id = "room", name = "有党员活动室", points = 12 }},
            {{ id = "equipment", name = "有电教设备", points = 8 }} ]

  [[category.indicator]]
  id = "participation"
  name = "党员参加组织生活率"
  points = 20
  method = "tiers"                   # 比率 0..1 落在第一个达到的档次
  tiers = [ {{ min = 0.95, points = 20 }}, {{ min = 0.85, points = 15 }}, {{ min = 0.7, points = 8 }} ]

  [[category.indicator]]
  id = "visits"
  name = "走访群众完成率"
  points = 10
  method = "ratio"                   # 比率 × points，可录入 85% 或 0.85
  guide = "按计划走访户数计算"
  # tracker = "yichuang"             # 评分或比率指标也可取活动台账的指标量：有记录的组织按记录计，
  # metric = "visits"                # 无记录的按录入值（dingji track list 列出各台账的指标量）

  [[category.indicator]]
  id = "pledges"
  name = "开展三亮三比三评"
  points = 10
  method = "tracker"                 # 取自活动台账插件的指标量 0..1 × points
  tracker = "sanliang"
  metric = "completion"

[bonus]                              # 加分：每次计分，合计不超过 cap
cap = 5
items = [ {{ id = "honor", name = "受到县级以上表彰", points = 2 }} ]

[penalty]                            # 扣分：每次计分，合计不超过 cap
cap = 10
items = [ {{ id = "late_report", name = "未按时报送材料", points = 1 }} ]

[[veto]]                             # 任一成立即定为最低等次
id = "violation"
name = "近两年书记或班子成员有重大违纪违法行为"
[[veto]]
id = "no_activity"
name = "长期不换届或一年以上不开展党的活动"
[[veto]]
id = "petition"
name = "近一年有严重群访事件"
[[veto]]
id = "low_satisfaction"
name = "党员群众和服务对象满意度低于50%"
when = {{ metric = "satisfaction", below = 0.5 }}   # 计算得出，不录入
[[veto]]                             # 有 max_grade 时只限制最高等次
id = "below_90"
name = "群众满意率低于90%的不得评为好、较好"
when = {{ metric = "satisfaction", below = 0.9 }}
max_grade = "一般"

[service]                            # 服务型基层党组织认定条件
name = "服务型基层党组织"
min_grade = "好"
min_satisfaction = 0.9
indicators = {{ participation = 1.0 }} # 指标 id = 各评分来源中至少达到其分值的比例
"""


def starter_text(standard_id: str, base=None, year: int = 2026, issued_by: str | None = None) -> str:
    """A commented starter TOML; with ``base``, that standard's text under the new id.

    A copy is the department's own standard: ``issued_by`` (the department that issues it)
    replaces the base's. Without it, a built-in base's (dingji's reference compilation, not an
    issued document) becomes a commented line to fill in, and a department's own base keeps
    its ``issued_by``."""
    if base is None:
        return STARTER.format(id=standard_id, year=year)
    text = re.sub(r'(?m)^(\s*id\s*=\s*)"' + re.escape(base.id) + '"', rf'\1"{standard_id}"', base.text, count=1)
    # a new standard is a new domain: two standards sharing a domain name would both claim its organizations
    text = re.sub(
        r'(?m)^(\s*domain\s*=\s*)"' + re.escape(base.domain) + r'"[^\n]*',
        rf'\1"{standard_id}"  # 改为新领域的名称 / rename: the new domain',
        text,
        count=1,
    )
    if issued_by is not None or base.origin == "built-in":
        text = _issued_by(text, base, issued_by)
    head = (
        f"# {standard_id}: 以 {base.id}（{base.name} {base.version}）为底稿（由 dingji standards new --from 生成）\n"
        f"# 改完后运行：dingji standards check {standard_id}.toml\n"
    )
    return head + text


def _issued_by(text: str, base, issued_by: str | None) -> str:
    """The copy's ``issued_by``: the department's own, never the base's (a built-in's names
    dingji's reference compilation and the documents it follows)."""
    if issued_by is not None:
        line = f"issued_by = {_toml_string(issued_by)}  # 发布单位 / issued by"
    else:
        line = '# issued_by = "某某县委组织部"   # 填写发布本标准的单位 / fill in: the department that issues it'
    if base.issued_by:
        line += f"\n# 底稿 / based on: {base.issued_by}"
    pattern = r'(?m)^[ \t]*issued_by[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')[^\n]*'
    if re.search(pattern, text):
        return re.sub(pattern, lambda _: line, text, count=1)
    # the base has none: add the line under [standard]
    return re.sub(r"(?m)^\[standard\][^\n]*$", lambda m: m.group(0) + "\n" + line, text, count=1)


def _toml_string(value: str) -> str:
    """A TOML basic string."""
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = "".join(ch if ch >= " " or ch == "\t" else f"\\u{ord(ch):04x}" for ch in out)
    return f'"{out}"'
