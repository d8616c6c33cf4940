"""The bundled standards: 农村 village, 国有企业 soe, 非公有制企业 private, 机关事业单位
institution, 窗口单位和服务行业 service_window (dingji/standards/*.toml).  They are dingji's
reference compilations of published standards (each file names its sources), not documents
issued by an organization department."""

from importlib import resources

from dingji import hookimpl

BUNDLED = ("village", "soe", "private", "institution", "service_window")


@hookimpl
def dingji_register_standards(register):
    # data, never imported: a module dingji.standards would shadow the function dingji.standards()
    folder = resources.files("dingji") / "standards"
    for name in BUNDLED:
        register(folder / f"{name}.toml")
