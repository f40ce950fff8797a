"""Other data store facts (regional): EFS file systems and DynamoDB tables.

Each listing that fails is returned as `Unreadable`, so one unreadable service does not hide the
verdicts on the other; a table whose description fails is `Unreadable` on its own.
"""

from __future__ import annotations

from typing import Any

from ..aws.errors import ApiError
from ..results import Unreadable
from .api import Api
from .registry import fact

# The API operations these facts send; the read-only guard refuses any other (aws/guard.py).
OPERATIONS = {
    "dynamodb": ("DescribeTable", "ListTables"),
    "efs": ("DescribeFileSystems",),
}


@fact("efs.file_systems", scope="regional")
def file_systems(api: Api) -> list[dict[str, Any]] | Unreadable:
    try:
        return api.paginate("efs", "describe_file_systems", "FileSystems") or []
    except ApiError as err:
        return Unreadable(err.status, err.reason)


@fact("dynamodb.tables", scope="regional")
def tables(api: Api) -> list[dict[str, Any]] | Unreadable:
    """Tables as {"name", "arn", "sse"}; `sse` is the SSEDescription (None: AWS owned key)."""
    try:
        names = api.paginate("dynamodb", "list_tables", "TableNames") or []
    except ApiError as err:
        return Unreadable(err.status, err.reason)
    out = []
    for name in names:
        arn = f"arn:{api.partition}:dynamodb:{api.region}:{api.account}:table/{name}"
        try:
            # A table deleted since the listing is gone (ResourceNotFoundException), not an error.
            reply = api.call("dynamodb", "describe_table", TableName=name, resource=arn,
                             absent_on=("ResourceNotFoundException",))
        except ApiError as err:
            out.append({"name": name, "arn": arn, "sse": Unreadable(err.status, err.reason)})
            continue
        if reply is None:
            continue
        table = reply["Table"]
        out.append(
            {"name": name, "arn": table.get("TableArn", arn), "sse": table.get("SSEDescription")}
        )
    return out
