"""`field__among=ids`: an integer column is one of a long list of ids, sent as ONE
parameter.

`field__in=ids` writes one placeholder per id. With the 2,100 projects of a busy lab that
cost, per query, about 7 ms of Django compiling the placeholders on SQLite and 13 ms of
binding and parsing them on PostgreSQL, for a query that runs in 1-2 ms (measured on the
benchmark data, docs/adr/0064-long-id-lists-as-one-parameter.md). `among` sends the list
as one value: an integer array compared with `= ANY(...)` on PostgreSQL, a JSON array read
by `json_each` on SQLite. Use it where a list can hold thousands of ids; `__in` stays right
for a handful.
"""

import json

from django.db.models import ForeignKey, IntegerField, Lookup


class Among(Lookup):
    lookup_name = "among"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        # int() refuses anything but whole numbers: the list can only be ids.
        return "%s", [[int(v) for v in value]]

    def as_sql(self, compiler, connection):
        # SQLite (and any database without arrays): one JSON text, unpacked by json_each.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        return (
            # The column is compiled SQL; the ids are one bound parameter.
            f"{lhs} IN (SELECT value FROM json_each(%s))",  # noqa: S608
            [*lhs_params, json.dumps(rhs_params[0])],
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, rhs_params[0]]


IntegerField.register_lookup(Among)
ForeignKey.register_lookup(Among)
