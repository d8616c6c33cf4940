"""The desk object a page is written against: the workspace, the registry, rendering, the menu.

Every page, built-in or a plugin's, gets the same :class:`Desk` (``dingji_web_pages(desk)``),
and renders through :meth:`Desk.render` (a template of the desk or of the plugin) or
:meth:`Desk.page` (a title and a body of HTML in the desk's frame).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from pathlib import Path

import jinja2
from starlette.responses import HTMLResponse

from dingji.core.text import Text
from dingji.web import view
from dingji.web.guard import Throttle

TEMPLATES = Path(__file__).parent / "templates"


class Desk:
    """One workspace served as pages.  ``today`` fixes the date the pages treat as today
    (tests and the demo's fixed year); by default it is the machine's date."""

    def __init__(self, ws, registry, *, password: str | None = None, secure: bool = False, today=None):
        self.ws = ws
        self.registry = registry
        self.password = password
        self.secure = secure
        self._today = today
        self.menu: list[tuple[str, Text]] = []  # (path, label), in the order pages registered them
        self.loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(TEMPLATES)]
        self._env: jinja2.Environment | None = None
        self.throttle = Throttle()  # failed sign-ins per client address

    # --- what pages use -------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    @property
    def year(self) -> int:
        return self.ws.year

    @contextmanager
    def store(self):
        """The workspace's store for one request, closed on every path."""
        with self.ws.store() as store:
            store.set_domain_order(self.registry.standards)
            yield store

    def add_menu(self, path: str, zh: str, en: str) -> None:
        """Show ``path`` in the desk's menu, labelled in both languages."""
        self.menu.append((path, Text(zh, en)))

    def add_templates(self, folder) -> None:
        """Let :meth:`render` find a plugin's own templates in ``folder`` (after the desk's)."""
        self.loaders.append(jinja2.FileSystemLoader(str(folder)))
        self._env = None

    def render(self, request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        """The page ``template`` (Jinja2, every value escaped) in the user's language."""
        tpl = self.env.get_template(template)
        html = tpl.render(**self.context(request), **context)
        return HTMLResponse(html, status_code=status_code, headers=view.NO_STORE)

    def page(self, request, title: str, body, status_code: int = 200) -> HTMLResponse:
        """A page in the desk's frame: ``title`` (text) and ``body`` (HTML: Markup, or text to escape)."""
        return self.render(request, "plain.html", status_code=status_code, title=title, body=body)  # autoescaped

    def context(self, request) -> dict:
        lang = view.lang_of(request)
        return {
            "request": request,
            "desk": self,
            "lang": lang,
            "_": lambda zh, en: en if lang == "en" else zh,
            "say": lambda text: view.say(text, lang),
            "csrf": view.csrf_token(request),
            "menu": [(path, label.say(lang)) for path, label in self.menu],
            "workspace": self.ws.name,
            "year": self.year,
            "signed_in": bool(request.session.get("auth")),
            "password": bool(self.password),
        }

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            self._env = jinja2.Environment(
                loader=jinja2.ChoiceLoader(self.loaders),
                autoescape=True,  # every text from data is escaped, in .html and plugins' templates alike
                undefined=jinja2.StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            self._env.filters.update(view.FILTERS)
        return self._env
