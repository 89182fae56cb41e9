#!/usr/bin/env bash
# Re-extract every user-facing string (LSQ's and Flask-AppBuilder's own) into
# babel/messages.pot, merge it into translations/th, and compile the catalogue.
# Run after adding or changing a string; then translate the new empty entries
# (tests/test_translations.py fails while any msgid lacks a Thai translation).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg() { python -c "import $1, os; print(os.path.dirname($1.__file__))"; }
# WTForms' and Flask-WTF's validation messages go through our catalogue too (WTF_I18N_ENABLED)
pybabel extract -F babel/babel.cfg -k _l -k lazy_gettext -k _ -k __ -k gettext -k ngettext:1,2 \
    --no-location --sort-output -o babel/messages.pot \
    lsq_core basic_ed vocational "$(pkg flask_appbuilder)" "$(pkg wtforms)" "$(pkg flask_wtf)" >/dev/null
pybabel update -i babel/messages.pot -d translations -l th --no-fuzzy-matching --omit-header >/dev/null
python babel/translate.py  # clears the fuzzy header flag that pybabel update leaves
pybabel compile -d translations -l th --statistics
