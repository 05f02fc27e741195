"""Write ``api.json`` here from the upstream machine-readable Bot API spec.

    python -m sandbox.spec.extract path/to/upstream/api.json [--commit SHA]

Keeps what the conformance check reads (types with their fields' names, types and
whether they are required, abstract types' subtypes, methods' returns and fields) and
drops the descriptions, except that a field documented as ``always "x"`` keeps ``x`` as
its ``const``: that is how a ChatMember or a MessageOrigin says which subtype it is.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ALWAYS = re.compile(r'always "([^"]+)"')


def _field(field: dict[str, Any]) -> dict[str, Any]:
    reduced: dict[str, Any] = {
        "name": field["name"],
        "types": list(field["types"]),
        "required": bool(field["required"]),
    }
    constant = ALWAYS.search(field.get("description", ""))
    if constant is not None and field["types"] == ["String"]:
        reduced["const"] = constant.group(1)
    return reduced


def reduce(upstream: dict[str, Any], *, commit: str | None = None) -> dict[str, Any]:
    types: dict[str, Any] = {}
    for name, spec in sorted(upstream["types"].items()):
        entry: dict[str, Any] = {}
        if spec.get("subtypes"):
            entry["subtypes"] = list(spec["subtypes"])
        else:
            entry["fields"] = [_field(field) for field in spec.get("fields", [])]
        types[name] = entry
    methods = {
        name: {
            "returns": list(spec["returns"]),
            "fields": [_field(field) for field in spec.get("fields", [])],
        }
        for name, spec in sorted(upstream["methods"].items())
    }
    source: dict[str, Any] = {
        "repository": "PaulSonOfLars/telegram-bot-api-spec",
        "version": upstream["version"],
        "release_date": upstream["release_date"],
    }
    if commit:
        source["commit"] = commit
    return {"source": source, "types": types, "methods": methods}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("upstream", type=Path, help="the upstream api.json")
    parser.add_argument("--commit", help="the upstream commit it was taken from")
    parser.add_argument("--out", type=Path, default=HERE / "api.json")
    args = parser.parse_args(argv)
    upstream = json.loads(args.upstream.read_text(encoding="utf-8"))
    reduced = reduce(upstream, commit=args.commit)
    args.out.write_text(dumps(reduced), encoding="utf-8")


def dumps(reduced: dict[str, Any]) -> str:
    """JSON with one line per field, so that a new Bot API version reads as a small diff."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def entries(table: dict[str, Any]) -> str:
        out = []
        for name, entry in table.items():
            parts = []
            for key, value in entry.items():
                if key == "fields":
                    rows = ",\n".join(f"    {one(field)}" for field in value)
                    parts.append(f'   "fields": [\n{rows}\n   ]' if value else '   "fields": []')
                else:
                    parts.append(f"   {one(key)}: {one(value)}")
            out.append(f"  {one(name)}: {{\n" + ",\n".join(parts) + "\n  }")
        return ",\n".join(out)

    return (
        f'{{\n "source": {one(reduced["source"])},\n'
        f' "types": {{\n{entries(reduced["types"])}\n }},\n'
        f' "methods": {{\n{entries(reduced["methods"])}\n }}\n}}\n'
    )


if __name__ == "__main__":
    main()
