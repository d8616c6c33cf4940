"""The built-in activity trackers, each a plugin registered through ``dingji_register_trackers``."""
