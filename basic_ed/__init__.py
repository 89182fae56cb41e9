"""Basic education (การศึกษาขั้นพื้นฐาน, ป.1–ม.6): an LSQ plugin.

Registered through the ``lsq.plugins`` entry point like any third-party plugin;
lsq_core knows it only through hooks.
"""
