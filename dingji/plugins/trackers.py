"""The built-in activity trackers' declarations: "三亮三比三评" and 党员"一创三联".

Each declares its metrics here so that standards can name them; recording and
importing activity records comes with the tracker plugins themselves.
"""

from dingji import hookimpl
from dingji.core.model import TrackerInfo

SANLIANG = TrackerInfo(
    "sanliang", "三亮三比三评",
    {"completion": "share of members who did all three 亮 and received all three 评",
     "rating": "share of members rated 好 or 较好 in 群众评议"})
YICHUANG = TrackerInfo(
    "yichuang", "党员\u201c一创三联\u201d",
    {"completion": "share of members whose 创 is done and whose three links are all active",
     "visits": "visits per member, scaled by the configured target (capped at 1)"})


@hookimpl
def dingji_register_trackers(register):
    register(SANLIANG)
    register(YICHUANG)
