"""dingji's built-in plugins: hook implementations only, registered through the same hooks a
third party uses (their names are listed in :data:`dingji.registry.BUILTIN`)."""
