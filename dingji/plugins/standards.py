"""The bundled standards: 农村 village, 企业 enterprise, 机关事业单位 institution,
窗口单位和服务行业 service_window (dingji/standards/*.toml)."""

from importlib import resources

from dingji import hookimpl

BUNDLED = ("village", "enterprise", "institution", "service_window")


@hookimpl
def dingji_register_standards(register):
    # data, never imported: a module dingji.standards would shadow the function dingji.standards()
    folder = resources.files("dingji") / "standards"
    for name in BUNDLED:
        register(folder / f"{name}.toml")
