"""The Bot API's machine-readable spec, reduced to what the conformance check needs.

``api.json`` is written by ``extract.py`` from the upstream spec; see ``README.md``.
"""
