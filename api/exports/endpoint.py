"""`GET /v4/export/{dataset}/{YYYY-MM}.{parquet|csv}`: a month of a dataset, streamed, within
the history of the caller's plan."""

from datetime import datetime, time
from itertools import chain

from starlette.requests import Request
from starlette.responses import StreamingResponse

from api.exports.months import month_batches
from api.exports.request import parse_export
from api.protection import check_plan_history
from api.reader import MartReader


def export_file(request: Request) -> StreamingResponse:
    export = parse_export(request.path_params["dataset"], request.path_params["filename"])
    check_plan_history(request, datetime.combine(export.month, time()))
    reader: MartReader = request.app.state.reader
    chunks = export.file_format.chunks(
        export.dataset.schema, month_batches(reader, export.dataset, export.month)
    )
    first = next(chunks)  # runs the first query now: a missing mart is a 503, not a cut stream
    return StreamingResponse(
        chain([first], chunks),
        media_type=export.file_format.media_type,
        headers={"content-disposition": f'attachment; filename="{export.filename}"'},
    )
