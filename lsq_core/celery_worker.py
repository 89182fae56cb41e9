"""The Celery worker's entry point:

    LSQ_BROKER_URL=redis://127.0.0.1:6379/0 LSQ_DATABASE_URL=... celery -A lsq_core.celery_worker worker

Importing this module builds the Flask app (``create_app()``, configured like the web
processes, from config.py and the LSQ_* variables), so only the worker imports it;
the web processes send tasks without it (lsq_core.jobs.queue). The worker must see
the same database and the same FILES_DIR as the web processes.
"""

from lsq_core.app import create_app
from lsq_core.jobs.queue import celery_for

flask_app = create_app()
celery = celery_for(flask_app)
