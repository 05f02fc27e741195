"""The languages facedrop speaks: gettext catalogs (Babel's .po files, read by aiogram's
``I18n``), the language of the current message, and the text direction it needs."""
