"""The pure core: a standard and an organization's recorded scores in, an explained result out.

No I/O, no clock, no plugin: the core imports nothing of dingji outside ``dingji.core``."""
