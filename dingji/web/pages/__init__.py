"""The desk's own pages, each a plugin implementing ``dingji_web_pages`` (see dingji.web.app.PAGES)."""
