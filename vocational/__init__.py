"""Vocational education (อาชีวศึกษา, ปวช./ปวส.): an LSQ plugin.

Registered through the ``lsq.plugins`` entry point like any third-party plugin;
it never imports basic_ed.
"""
