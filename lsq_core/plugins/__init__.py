"""Writing an LSQ plugin.

A plugin is an ordinary Python module or package that implements some of the
hooks declared in :mod:`lsq_core.plugins.hookspecs`, marked with ``hookimpl``::

    # my_lsq_plugin.py
    from lsq_core.plugins import hookimpl
    from lsq_core.plugins.registries import EducationType

    @hookimpl
    def lsq_register_education_types(registry):
        registry.add(EducationType(identifier="nfe", name_th="การศึกษานอกระบบ",
                                   name_en="Non-formal education", levels=()))

Make it known to LSQ in one of two ways:

* package it and declare an entry point (this is how basic_ed and vocational,
  the in-tree plugins, are registered)::

      [project.entry-points."lsq.plugins"]
      my_plugin = "my_lsq_plugin"

  then ``pip install`` it (entry points are read from installed metadata);
* or drop the module into the site's ``plugins/`` folder (``LSQ_PLUGINS_DIR``).

``lsq plugins`` lists what is loaded and what each plugin contributes.
"""

import pluggy

NAME = "lsq"
ENTRY_POINT_GROUP = "lsq.plugins"

#: Marker for hook implementations; import this in plugins.
hookimpl = pluggy.HookimplMarker(NAME)

__all__ = ["NAME", "ENTRY_POINT_GROUP", "hookimpl"]
