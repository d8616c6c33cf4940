"""dingji's built-in plugins, registered through the same hooks a third party uses."""

#: Module names of the built-in plugins, in registration order (as pytest lists its own).
BUILTIN = (
    "dingji.plugins.methods",
    "dingji.plugins.standards",
    "dingji.plugins.sanliang",
    "dingji.plugins.yichuang",
    "dingji.plugins.tabular",
    "dingji.plugins.xlsx_read",
    "dingji.plugins.ledger_xlsx",
    "dingji.plugins.ledger_text",
)
