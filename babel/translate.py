"""Fill Thai translations into translations/th from a {msgid: msgstr} dict module.

Usage: python babel/translate.py [FILE.py]   (FILE defines TH = {...})
Existing translations are kept unless FILE gives a new one; the header's fuzzy
flag that `pybabel update` leaves is cleared so the catalogue compiles.
"""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "translations" / "th" / "LC_MESSAGES" / "messages.po"


def main(path: str) -> None:
    table = runpy.run_path(path)["TH"] if path else {}
    with open(PO, "rb") as handle:
        catalog = read_po(handle, locale="th")
    catalog.fuzzy = False
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and key in table:
            # Thai has one plural form: the plural entries take a 1-tuple
            message.string = (table[key],) if message.pluralizable else table[key]
            message.flags.discard("fuzzy")
    with open(PO, "wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True, width=100)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
