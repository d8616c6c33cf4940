"""Desk pages: rectify (being built)."""

from __future__ import annotations

from dingji import hookimpl


@hookimpl
def dingji_web_pages(desk):
    return []
