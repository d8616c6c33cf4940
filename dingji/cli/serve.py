"""``dingji serve``: the workspace as web pages (the desk), for colleagues who do not use a terminal."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import click

from dingji.cli import pass_env
from dingji.cli.i18n import say
from dingji.cli.options import day_option

#: The environment variable holding the desk's password (or --password-file).
PASSWORD_ENV = "DINGJI_DESK_PASSWORD"
T = {
    "needs_password": (
        "在 {host} 上提供工作台需要密码（局域网内的其他电脑可以访问）：设置环境变量 "
        + PASSWORD_ENV
        + "，或用 --password-file 指定一个写有密码的文件。只在本机使用时不加 --host 即可。",
        "serving the desk on {host} (reachable from other machines) needs a password: set "
        + PASSWORD_ENV
        + ", or give --password-file FILE holding it. To use it on this machine only, leave out --host.",
    ),
    "short": (
        "密码太短：至少 {n} 个字符（{where}）",
        "the password is too short: at least {n} characters ({where})",
    ),
    "no_file": ("无法读取密码文件 {file}：{why}", "cannot read the password file {file}: {why}"),
    "busy": (
        "无法在 {host}:{port} 上提供服务：{why}。端口可能已被占用（另一个 dingji serve？）：换一个端口，如 --port {other}",
        "cannot serve on {host}:{port}: {why}. The port may be in use (another dingji serve?): "
        "try another, e.g. --port {other}",
    ),
    "tls": ("--certfile 与 --keyfile 须同时给出", "give both --certfile and --keyfile"),
    "open": ("工作台已启动：{url}  （{name} {year} 年；按 Ctrl+C 停止）", "The desk is up: {url}  ({name} {year}; Ctrl+C stops it)"),
    "lan": (
        "局域网内的同事可打开 {url}，用你设置的密码登录。",
        "Colleagues on the network can open {url} and sign in with the password you set.",
    ),
    "plain": (
        "提示：没有证书时密码以明文在局域网中传输；如有证书，用 --certfile 和 --keyfile 启用 HTTPS。",
        "note: without a certificate the password crosses the network in clear; with one, give --certfile and --keyfile.",
    ),
}
MIN_PASSWORD = 8


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_password(password_file) -> tuple[str | None, str]:
    """The password and where it came from (``--password-file`` first, then the environment)."""
    if password_file:
        try:
            text = Path(password_file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(say(T, "no_file", file=password_file, why=exc)) from None
        lines = text.splitlines()
        return (lines[0].strip() if lines else ""), str(password_file)
    return os.environ.get(PASSWORD_ENV) or None, PASSWORD_ENV


def _can_bind(host: str, port: int) -> OSError | None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            return exc
    return None


@click.command(epilog="示例 / Example:  dingji serve   （然后在浏览器中打开 http://127.0.0.1:8650/）")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（非本机地址须设密码）/ address to listen on.")
@click.option("--port", default=8650, show_default=True, type=click.IntRange(1, 65535), help="端口 / port.")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False),
    default=None,
    help=f"写有密码的文件（或环境变量 {PASSWORD_ENV}）/ a file holding the password.",
)
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False), default=None, help="HTTPS 证书 / TLS certificate.")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), default=None, help="HTTPS 私钥 / TLS key.")
@day_option("--as-of", "页面按此日计算（默认今天）", "the day the pages treat as today")
@pass_env
def serve(env, host, port, password_file, certfile, keyfile, as_of):
    """在浏览器中使用本工作区：概览、组织、定级、公示、走访、整改、台账下载。

    Serve this workspace as web pages: overview, organizations, grading, notice,
    visits, rectification, ledger downloads.  Loopback needs no password; any
    other address does (DINGJI_DESK_PASSWORD or --password-file).
    """
    ws = env.workspace()
    if bool(certfile) != bool(keyfile):
        raise click.UsageError(say(T, "tls"))
    password, where = read_password(password_file)
    if not loopback(host):
        if not password:
            raise click.ClickException(say(T, "needs_password", host=host))
    if password is not None and len(password) < MIN_PASSWORD:
        raise click.ClickException(say(T, "short", n=MIN_PASSWORD, where=where))
    problem = _can_bind(host, port)
    if problem is not None:
        raise click.ClickException(say(T, "busy", host=host, port=port, why=problem.strerror or problem, other=port + 1))
    import uvicorn

    from dingji.web.app import create_app

    today = as_of.date() if as_of is not None else None  # --as-of is read as a datetime; the pages count in days
    app = create_app(ws, env.registry(), password=password, secure=bool(certfile), today=today)
    scheme = "https" if certfile else "http"
    shown = f"[{host}]" if ":" in host else host
    click.echo(say(T, "open", url=f"{scheme}://{shown}:{port}/", name=ws.name, year=ws.year), err=True)
    if not loopback(host):
        click.echo(say(T, "lan", url=f"{scheme}://{_lan_name(host)}:{port}/"), err=True)
        if not certfile:
            click.echo(say(T, "plain"), err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        server_header=False,
        proxy_headers=False,
    )


def _lan_name(host: str) -> str:
    """The address colleagues type: the host given, or this machine's name when listening on all."""
    if host in ("0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
