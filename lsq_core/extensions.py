"""Extension instances with no app bound (Flask's factory pattern).

There is deliberately no module-level AppBuilder: one is created per app in
lsq_core.app, because a shared one silently fails to register views on a
second app in the same process (STYLE.md 2.6).
"""

from flask_appbuilder.utils.legacy import get_sqla_class
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

db = get_sqla_class()()
csrf = CSRFProtect()
migrate = Migrate()
