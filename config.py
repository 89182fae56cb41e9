"""LSQ Open configuration.

Every setting below can be overridden by an environment variable named
``LSQ_<SETTING>`` (``LSQ_DATABASE_URL``, ``LSQ_BROKER_URL``, ``LSQ_APP_NAME`` ...).
Values are parsed as JSON when they parse, so ``LSQ_MAX_ORDER_FILE_MB=5`` is a
number and ``LSQ_LANGUAGES='{"th": ...}'`` a mapping; anything else stays a string.

Nothing secret lives here: the secret key comes from ``LSQ_SECRET_KEY`` or is
generated once into the instance folder (see lsq_core.settings).
"""

from lsq_core.settings import (
    default_translation_directories,
    instance_path as _instance_path,
)

APP_NAME = "LSQ Open ระบบงานทะเบียนวัดผล"
APP_ICON = "/static/lsq/lsq-logo.svg"
APP_THEME = ""
#: Flask-AppBuilder's layout with LSQ's few style rules (lsq_core/templates/lsq/baselayout.html)
FAB_BASE_TEMPLATE = "lsq/baselayout.html"

# --- database -------------------------------------------------------------
# LSQ_DATABASE_URL picks the database. The default is a SQLite file in the
# instance folder; a province runs PostgreSQL:
#   LSQ_DATABASE_URL=postgresql+psycopg://lsq@db/lsq
DATABASE_URL = None  # resolved by lsq_core.settings.database_url()
SQLALCHEMY_TRACK_MODIFICATIONS = False

# --- background work ------------------------------------------------------
# Celery on Redis when set (e.g. redis://127.0.0.1:6379/0); in-process otherwise.
BROKER_URL = None

# --- security -------------------------------------------------------------
AUTH_TYPE = 1  # AUTH_DB: user name and password kept by LSQ
AUTH_ROLE_ADMIN = "DLA Admin"
AUTH_ROLE_PUBLIC = "Public"
AUTH_USER_REGISTRATION = False  # LSQ has its own sign-up with approval
FAB_ADD_SECURITY_API = True  # JWT login at /api/v1/security/login
FAB_UPDATE_PERMS = False  # permissions are written by `lsq init`, never at boot
FAB_CREATE_DB = False  # the schema comes from Alembic migrations
FAB_SECURITY_MANAGER_CLASS = "lsq_core.security.manager.LsqSecurityManager"
FAB_INDEX_VIEW = "lsq_core.views.home.LsqIndexView"
FAB_API_SWAGGER_UI = True
FAB_API_MAX_PAGE_SIZE = 500
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None
PERMANENT_SESSION_LIFETIME = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- files ----------------------------------------------------------------
# Appointment orders (คำสั่งแต่งตั้ง) are PDFs kept as files, never in a row.
MAX_ORDER_FILE_MB = 5
MAX_CONTENT_LENGTH = 32 * 1024 * 1024
FILES_DIR = None  # default: <instance>/files

# --- language -------------------------------------------------------------
BABEL_DEFAULT_LOCALE = "th"
BABEL_DEFAULT_TIMEZONE = "Asia/Bangkok"
LANGUAGES = {
    "th": {"flag": "th", "name": "ไทย"},
    "en": {"flag": "gb", "name": "English"},
}
# Absolute paths: relative ones would resolve against the package folder.
BABEL_TRANSLATION_DIRECTORIES = default_translation_directories()
WTF_I18N_ENABLED = True

# --- exports (docs/exports.md) ---------------------------------------------
# The GPAX file for university admission (CUPT/TCAS) and the Ministry's GPA text
# file: the official layouts are not public, so the fields, their order and the
# file names are a site's choice. None = LSQ's defaults (lsq_core.exports.gpax).
#   LSQ_GPAX_FIELDS='["national_id","first_name","last_name","gpax","gpa_ค"]'
#   LSQ_GPAX_FILENAME='GPAX{affiliation}_{moe_code}_{year}_{terms}terms.{ext}'
GPAX_FIELDS = None
GPAX_FILENAME = None
GPAX_AREAS = None  # {"ท": ["ท"], …, "อ": ["อ", "จ", "ญ"]}: file area → subject groups
MOE_AFFILIATION_CODE = "30"  # รหัสสังกัด of the DLA in the Ministry's GPA files
MOE_GPA_FIELDS = None
MOE_GPA_FILENAME = None  # default "GPAX{affiliation}_{moe_code}_46{year}_{last_term}.txt"
MOE_GPA_SEPARATOR = "|"
MOE_GPA_ENCODING = "utf-8"  # "cp874" for readers that want TIS-620

# --- plugins --------------------------------------------------------------
# Folder of drop-in plugin modules read at start-up (default: ./plugins of the
# checkout when present). Entry points in the `lsq.plugins` group load too.
PLUGINS_DIR = None
DISABLED_PLUGINS = []  # names of plugins not to load
TRACE_PLUGINS = False

# --- misc -----------------------------------------------------------------
INSTANCE_PATH = _instance_path()
