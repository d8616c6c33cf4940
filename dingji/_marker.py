"""The hook implementation marker, made once: ``from dingji import hookimpl``."""

import pluggy

hookimpl = pluggy.HookimplMarker("dingji")
