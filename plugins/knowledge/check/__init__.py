"""``knowledge check``: the build's loaders plus the rules beyond the schema, reported
as text, ``path:line:col`` lines or GitHub annotations (see ``RULES.md``)."""
