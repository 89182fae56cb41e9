"""LSQ Open core: the platform that the education plugins (basic_ed, vocational) plug into.

lsq_core never imports a plugin; it knows them only through the hooks in
lsq_core.plugins.hookspecs.
"""

__version__ = "0.1.0"
