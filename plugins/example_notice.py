"""An example drop-in plugin, shaped as a third party would write one.

It logs a line at start-up through ``lsq_app_ready`` only when the site asks for
it (LSQ_EXAMPLE_NOTICE=1), so it is harmless when left in place. For a plugin
that adds a document type through ``lsq_register_document_types``, see
tests/test_plugins.py::test_hook_lsq_register_document_types.
"""

import logging

from lsq_core.plugins import hookimpl

log = logging.getLogger(__name__)


@hookimpl
def lsq_app_ready(app):
    if app.config.get("EXAMPLE_NOTICE"):
        log.warning("example_notice plugin loaded for %s", app.config.get("APP_NAME"))
