"""The BigQuery source: the Storage Read API, Arrow record batches from several streams read in parallel."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pyarrow as pa
from google.api_core import exceptions as gexc
from google.api_core import retry as gretry

from loader.manifest import TableSpec
from loader.sources.base import SourceError, TableInfo, TableMissingError
from loader.sql import bq_row_restriction
from thelook.settings import Settings

SCOPES = ("https://www.googleapis.com/auth/bigquery.readonly",)
_DONE = object()


def default_retry(deadline_s: float = 120.0) -> gretry.Retry:
    """Retry transient failures of session creation with backoff, within an overall deadline."""
    transient = gretry.if_exception_type(gexc.ServiceUnavailable, gexc.DeadlineExceeded, gexc.InternalServerError)
    return gretry.Retry(predicate=transient, initial=1.0, maximum=10.0, multiplier=2.0, timeout=deadline_s)


class BigQuerySource:
    """`projects/<project>/datasets/<dataset>/tables/<table>` read with selected_fields and a row_restriction."""

    name = "bigquery"

    def __init__(
        self,
        *,
        project: str = "bigquery-public-data",
        dataset: str = "thelook_ecommerce",
        billing_project: str | None = None,
        location: str = "US",
        client: Any = None,
        max_streams: int = 4,
        timeout_s: float = 60.0,
        retry: gretry.Retry | None = None,
    ) -> None:
        self.project, self.dataset, self.location = project, dataset, location
        # Reading a public table bills the caller's project; the public project cannot be billed.
        self.billing_project = billing_project or project
        self.max_streams, self.timeout_s = max_streams, timeout_s
        self.retry = retry or default_retry(timeout_s * 2)
        self._client = client

    @classmethod
    def from_settings(cls, settings: Settings) -> BigQuerySource:
        return cls(
            project=settings.bigquery_project,
            dataset=settings.bigquery_dataset,
            billing_project=settings.bigquery_billing_project,
            location=settings.bigquery_location,
        )

    @property
    def client(self) -> Any:
        if self._client is None:
            # Credentials from GOOGLE_APPLICATION_CREDENTIALS or application default credentials.
            import google.auth
            from google.auth.exceptions import DefaultCredentialsError
            from google.cloud.bigquery_storage_v1 import BigQueryReadClient

            try:
                credentials, _ = google.auth.default(scopes=SCOPES)
            except DefaultCredentialsError as error:
                raise SourceError(
                    "no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS or run "
                    "`gcloud auth application-default login`"
                ) from error
            self._client = BigQueryReadClient(credentials=credentials)
        return self._client

    def table_path(self, spec: TableSpec) -> str:
        return f"projects/{self.project}/datasets/{self.dataset}/tables/{spec.name}"

    def _session(self, spec: TableSpec, columns: Sequence[str] | None, restriction: str | None, streams: int) -> Any:
        from google.cloud.bigquery_storage_v1 import types

        options = types.ReadSession.TableReadOptions(
            selected_fields=list(columns or []),
            row_restriction=restriction or "",
            arrow_serialization_options=types.ArrowSerializationOptions(
                buffer_compression=types.ArrowSerializationOptions.CompressionCodec.LZ4_FRAME
            ),
        )
        session = types.ReadSession(
            table=self.table_path(spec), data_format=types.DataFormat.ARROW, read_options=options
        )
        try:
            return self.client.create_read_session(
                parent=f"projects/{self.billing_project}",
                read_session=session,
                max_stream_count=streams,
                timeout=self.timeout_s,
                retry=self.retry,
            )
        except gexc.NotFound as error:
            raise TableMissingError(f"{self.table_path(spec)} not found: {error.message}") from error
        except gexc.GoogleAPICallError as error:
            raise SourceError(f"cannot open a read session on {self.table_path(spec)}: {error}") from error

    def describe(self, spec: TableSpec) -> TableInfo:
        """The table's schema and (pre-filter) row count, from a session that reads nothing."""
        session = self._session(spec, None, None, 1)
        schema = pa.ipc.read_schema(pa.py_buffer(session.arrow_schema.serialized_schema))
        return TableInfo(schema, int(session.estimated_row_count))

    def read(self, spec: TableSpec, columns: Sequence[str], since: datetime | None) -> Iterator[pa.RecordBatch]:
        restriction = None
        if since is not None and spec.cursor_column is not None:
            # Each piece comes from the audited builder; OR-ing them adds no user text.
            cursors = (spec.cursor_column, *spec.change_cursors)
            restriction = " OR ".join(bq_row_restriction(spec, name, since, ">=") for name in cursors)
        session = self._session(spec, columns, restriction, self.max_streams)
        yield from self._read_session(session)

    def lookup(self, spec: TableSpec, columns: Sequence[str], keys: Sequence[int]) -> pa.Table:
        restriction = bq_row_restriction(spec, spec.primary_key, [int(k) for k in keys], "IN")
        session = self._session(spec, columns, restriction, 1)
        batches = list(self._read_session(session))
        schema = pa.ipc.read_schema(pa.py_buffer(session.arrow_schema.serialized_schema))
        return pa.Table.from_batches(batches, schema=schema)

    def _read_session(self, session: Any) -> Iterator[pa.RecordBatch]:
        """Read every stream on its own thread; batches arrive through a bounded queue to cap memory."""
        if not session.streams:  # an empty table (or an empty filter result) gets no streams at all
            return
        schema = pa.ipc.read_schema(pa.py_buffer(session.arrow_schema.serialized_schema))
        out: queue.Queue[Any] = queue.Queue(maxsize=8)
        stop = threading.Event()

        def pump(stream_name: str) -> None:
            try:
                reader = self.client.read_rows(stream_name, timeout=self.timeout_s, retry=self.retry)
                for message in reader:  # the client reconnects at the current offset on transient errors
                    if stop.is_set():
                        reader.cancel()
                        return
                    payload = message.arrow_record_batch.serialized_record_batch
                    if payload:
                        hand_over(pa.ipc.read_record_batch(pa.py_buffer(payload), schema))
                hand_over(_DONE)
            except BaseException as error:  # handed to the consuming thread, which re-raises
                hand_over(error)

        def hand_over(item: object) -> None:
            while not stop.is_set():  # a consumer that gave up must not leave producers blocked forever
                try:
                    out.put(item, timeout=0.2)
                    return
                except queue.Full:
                    continue

        streams = [stream.name for stream in session.streams]
        with ThreadPoolExecutor(max_workers=len(streams), thread_name_prefix="bq-stream") as pool:
            for name in streams:
                pool.submit(pump, name)
            finished = 0
            try:
                while finished < len(streams):
                    try:
                        item = out.get(timeout=self.timeout_s * 5)
                    except queue.Empty as error:
                        raise SourceError(f"reading {session.table} stalled for {self.timeout_s * 5:.0f} s") from error
                    if item is _DONE:
                        finished += 1
                    elif isinstance(item, BaseException):
                        raise SourceError(f"reading {session.table} failed: {item}") from item
                    else:
                        yield item
            finally:
                stop.set()
