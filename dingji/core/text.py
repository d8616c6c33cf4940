"""Bilingual text, one order: ``Text(zh, en)``, said in the user's language with :meth:`say`.

Every message dingji shows has its Chinese (the default) and its English (``--lang en``).
Problems, catalogues and explanations all hold them this way round.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Text:
    zh: str
    en: str

    def say(self, lang: str = "zh") -> str:
        """The text in ``lang`` (``en``: English; anything else: Chinese)."""
        return self.en if lang == "en" else self.zh

    def format(self, **kw) -> Text:
        return Text(self.zh.format(**kw), self.en.format(**kw))

    def __add__(self, other: Text) -> Text:
        return Text(self.zh + other.zh, self.en + other.en)

    def __str__(self) -> str:
        return self.en
