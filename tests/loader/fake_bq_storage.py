"""Minimal in-process fake of the BigQuery Storage Read API (google.cloud.bigquery.storage.v1.BigQueryRead).

Adapted from ../shared/reference/fake_bq_storage.py for the loader tests.

Purpose: let tests drive the REAL ``google.cloud.bigquery_storage_v1.BigQueryReadClient`` (CreateReadSession
+ ReadRows, Arrow format) against local Arrow tables, over a plaintext gRPC channel on 127.0.0.1.

What it implements
  * CreateReadSession: table lookup (NOT_FOUND), data_format must be ARROW, read_options.selected_fields
    (projection, order of the *table* is kept like the real service; unknown field -> INVALID_ARGUMENT),
    read_options.row_restriction (small GoogleSQL subset, see ``parse_row_restriction``), max_stream_count
    (0 = server decides), arrow_serialization_options.buffer_compression (LZ4_FRAME / ZSTD),
    table_modifiers.snapshot_time (echoed back, not applied), estimated_row_count (pre-filter, like BQ).
    Streams are allocated on the PRE-filter row count (as the real service does), so with a restrictive
    row_restriction some streams legitimately return zero rows. Empty table -> zero streams.
  * ReadRows: first response carries arrow_schema, every response an IPC-encapsulated record batch,
    row_count and stats.progress; honours ``offset`` (used by the client's auto-reconnect); optional
    one-shot UNAVAILABLE fault injection to exercise that reconnect path.
  * SplitReadStream: UNIMPLEMENTED.

No generated *_pb2_grpc servicer ships with google-cloud-bigquery-storage (it is proto-plus / GAPIC only),
so the service is registered with ``grpc.method_handlers_generic_handler`` using the raw protobuf classes
(``<proto-plus type>.pb()``) for (de)serialisation.

Usage (tests):
    fake = FakeBigQueryRead({"projects/bigquery-public-data/datasets/thelook_ecommerce/tables/orders": tbl})
    server, port = serve(fake)            # port=0 -> ephemeral
    client = make_insecure_read_client(f"127.0.0.1:{port}")
    ...
    server.stop(grace=None)

CLI (standalone process, e.g. for benchmarks / docker-less CI):
    python fake_bq_storage.py --port 50051 --table projects/p/datasets/d/tables/t=/path/file.parquet ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import re
import threading
import uuid
from collections.abc import Iterator
from concurrent import futures
from dataclasses import dataclass, field
from typing import Any

import grpc
import pyarrow as pa
import pyarrow.compute as pc
from google.cloud.bigquery_storage_v1 import types as bqs_types
from google.protobuf import timestamp_pb2

SERVICE_NAME = "google.cloud.bigquery.storage.v1.BigQueryRead"

# Raw protobuf message classes (fast, no proto-plus wrapping on the server side).
_CreateReadSessionRequest = bqs_types.CreateReadSessionRequest.pb()
_ReadSession = bqs_types.ReadSession.pb()
_ReadRowsRequest = bqs_types.ReadRowsRequest.pb()
_ReadRowsResponse = bqs_types.ReadRowsResponse.pb()
_SplitReadStreamRequest = bqs_types.SplitReadStreamRequest.pb()
_SplitReadStreamResponse = bqs_types.SplitReadStreamResponse.pb()

_ARROW = bqs_types.DataFormat.ARROW.value  # 2
_COMPRESSION = {
    bqs_types.ArrowSerializationOptions.CompressionCodec.LZ4_FRAME.value: "lz4",
    bqs_types.ArrowSerializationOptions.CompressionCodec.ZSTD.value: "zstd",
}
MAX_ROW_RESTRICTION_BYTES = 1 << 20  # documented limit: 1 MB


class RowRestrictionError(ValueError):
    pass


# ---------------------------------------------------------------------------------------------------------
# row_restriction: a small, strict GoogleSQL subset  ->  pyarrow.compute.Expression
#   expr       := or
#   or         := and (OR and)*
#   and        := not (AND not)*
#   not        := NOT not | '(' expr ')' | predicate
#   predicate  := ident ( cmp literal | IS [NOT] NULL | [NOT] IN '(' literal, ... ')'
#                        | [NOT] BETWEEN literal AND literal )
#   cmp        := = | != | <> | < | <= | > | >=
#   literal    := NULL | TRUE | FALSE | number | 'string' | TIMESTAMP 'x' | DATE 'x' | DATETIME 'x'
#                 | CAST('x' AS TIMESTAMP|DATE|DATETIME|INT64|FLOAT64|NUMERIC|STRING)
#   ident      := [A-Za-z_][A-Za-z0-9_]* | `quoted`
# Anything else (functions, subqueries, ';', comments, column-vs-column) is rejected with INVALID_ARGUMENT.
# ---------------------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<str>'(?:[^'\\]|\\.)*')
  | (?P<bq>`[^`]+`)
  | (?P<num>[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<op><=|>=|<>|!=|=|<|>)
  | (?P<punct>[(),])
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = {
    "AND",
    "OR",
    "NOT",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "IN",
    "BETWEEN",
    "CAST",
    "AS",
    "TIMESTAMP",
    "DATE",
    "DATETIME",
}


def _tokenize(text: str) -> list[tuple[str, str]]:
    pos, out = 0, []
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            raise RowRestrictionError(f"Syntax error: unexpected character {text[pos]!r} at {pos}")
        kind = m.lastgroup
        val = m.group(kind)
        pos = m.end()
        if kind == "ws":
            continue
        if kind == "word" and val.upper() in _KEYWORDS:
            out.append(("kw", val.upper()))
        elif kind == "word":
            out.append(("ident", val))
        elif kind == "bq":
            out.append(("ident", val[1:-1]))
        elif kind == "str":
            out.append(("str", re.sub(r"\\(.)", r"\1", val[1:-1])))
        else:
            out.append((kind, val))
    return out


def _parse_timestamp(s: str) -> dt.datetime:
    s = s.strip()
    if s.upper().endswith(" UTC"):
        s = s[:-4] + "+00:00"
    try:
        v = dt.datetime.fromisoformat(s.replace(" ", "T", 1) if len(s) > 10 else s)
    except ValueError as e:
        raise RowRestrictionError(f"Invalid TIMESTAMP literal: {s!r}") from e
    if v.tzinfo is None:  # GoogleSQL: no zone -> UTC (default time zone)
        v = v.replace(tzinfo=dt.UTC)
    return v.astimezone(dt.UTC)


def _typed_literal(kind: str, s: str) -> pa.Scalar:
    try:
        if kind == "TIMESTAMP":
            return pa.scalar(_parse_timestamp(s), type=pa.timestamp("us", tz="UTC"))
        if kind == "DATETIME":
            v = dt.datetime.fromisoformat(s.replace(" ", "T", 1))
            if v.tzinfo is not None:
                raise RowRestrictionError(f"Invalid DATETIME literal: {s!r}")
            return pa.scalar(v, type=pa.timestamp("us"))
        if kind == "DATE":
            return pa.scalar(dt.date.fromisoformat(s), type=pa.date32())
        if kind == "INT64":
            return pa.scalar(int(s), type=pa.int64())
        if kind == "FLOAT64":
            return pa.scalar(float(s), type=pa.float64())
        if kind in ("NUMERIC", "BIGNUMERIC"):
            return pa.scalar(decimal.Decimal(s))
        if kind == "STRING":
            return pa.scalar(s, type=pa.string())
    except RowRestrictionError:
        raise
    except Exception as e:
        raise RowRestrictionError(f"Could not cast literal {s!r} to {kind}") from e
    raise RowRestrictionError(f"Unsupported type in CAST: {kind}")


class _Parser:
    def __init__(self, text: str, schema: pa.Schema):
        self.toks = _tokenize(text)
        self.i = 0
        self.schema = schema

    # -- helpers
    def peek(self, k: int = 0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else ("eof", "")

    def take(self, kind: str | None = None, val: str | None = None):
        t = self.peek()
        if (kind and t[0] != kind) or (val and t[1] != val):
            want = val or kind
            raise RowRestrictionError(f"Syntax error: expected {want} but got {t[1] or 'end of input'!r}")
        self.i += 1
        return t

    def accept(self, kind: str, val: str | None = None) -> bool:
        t = self.peek()
        if t[0] == kind and (val is None or t[1] == val):
            self.i += 1
            return True
        return False

    # -- grammar
    def parse(self) -> pc.Expression:
        if not self.toks:
            raise RowRestrictionError("Syntax error: empty row restriction")
        e = self.or_()
        if self.peek()[0] != "eof":
            raise RowRestrictionError(f"Syntax error: unexpected {self.peek()[1]!r}")
        return e

    def or_(self):
        e = self.and_()
        while self.accept("kw", "OR"):
            e = e | self.and_()
        return e

    def and_(self):
        e = self.not_()
        while self.accept("kw", "AND"):
            e = e & self.not_()
        return e

    def not_(self):
        if self.accept("kw", "NOT"):
            return ~self.not_()
        if self.accept("punct", "("):
            e = self.or_()
            self.take("punct", ")")
            return e
        return self.predicate()

    def column(self):
        t = self.take("ident")
        name = t[1]
        if self.schema.get_field_index(name) < 0:
            raise RowRestrictionError(f"Unrecognized name: {name}")
        return name, self.schema.field(name).type

    def literal(self, col_type: pa.DataType) -> pa.Scalar | None:
        t = self.peek()
        if t == ("kw", "NULL"):
            self.i += 1
            return None
        if t[0] == "kw" and t[1] in ("TRUE", "FALSE"):
            self.i += 1
            return pa.scalar(t[1] == "TRUE")
        if t[0] == "kw" and t[1] in ("TIMESTAMP", "DATE", "DATETIME"):
            self.i += 1
            return _typed_literal(t[1], self.take("str")[1])
        if t == ("kw", "CAST"):
            self.i += 1
            self.take("punct", "(")
            s = self.take("str")[1]
            self.take("kw", "AS")
            typ = self.take()[1].upper()
            self.take("punct", ")")
            return _typed_literal(typ, s)
        if t[0] == "num":
            self.i += 1
            if pa.types.is_decimal(col_type):
                return pa.scalar(decimal.Decimal(t[1]))
            if re.fullmatch(r"[+-]?\d+", t[1]):
                return pa.scalar(int(t[1]), type=pa.int64())
            return pa.scalar(float(t[1]), type=pa.float64())
        if t[0] == "str":
            self.i += 1
            # GoogleSQL coerces string literals to the column's temporal type in comparisons.
            if pa.types.is_timestamp(col_type):
                return _typed_literal("TIMESTAMP" if col_type.tz else "DATETIME", t[1])
            if pa.types.is_date(col_type):
                return _typed_literal("DATE", t[1])
            return pa.scalar(t[1], type=pa.string())
        raise RowRestrictionError(f"Syntax error: expected literal but got {t[1] or 'end of input'!r}")

    def _check(self, name: str, col_type: pa.DataType, lit: pa.Scalar) -> pa.Scalar:
        lt = lit.type
        ok = (
            (pa.types.is_timestamp(col_type) and pa.types.is_timestamp(lt) and bool(col_type.tz) == bool(lt.tz))
            or (pa.types.is_date(col_type) and pa.types.is_date(lt))
            or (
                (pa.types.is_integer(col_type) or pa.types.is_floating(col_type) or pa.types.is_decimal(col_type))
                and (pa.types.is_integer(lt) or pa.types.is_floating(lt) or pa.types.is_decimal(lt))
            )
            or (pa.types.is_string(col_type) and pa.types.is_string(lt))
            or (pa.types.is_boolean(col_type) and pa.types.is_boolean(lt))
        )
        if not ok:
            raise RowRestrictionError(
                f"No matching signature for operator for argument types: {col_type} ({name}), {lt}"
            )
        if pa.types.is_timestamp(col_type):
            return lit.cast(col_type)
        if pa.types.is_decimal(col_type) and pa.types.is_decimal(lt):
            return pa.scalar(lit.as_py(), type=col_type)
        return lit

    def predicate(self):
        name, ctype = self.column()
        f = pc.field(name)
        t = self.peek()
        if t == ("kw", "IS"):
            self.i += 1
            neg = self.accept("kw", "NOT")
            self.take("kw", "NULL")
            return f.is_valid() if neg else f.is_null()
        neg = self.accept("kw", "NOT")
        if self.accept("kw", "IN"):
            self.take("punct", "(")
            vals = [self._check(name, ctype, self.literal(ctype))]
            while self.accept("punct", ","):
                vals.append(self._check(name, ctype, self.literal(ctype)))
            self.take("punct", ")")
            e = f.isin(pa.array([v.as_py() for v in vals], type=vals[0].type))
            return ~e if neg else e
        if self.accept("kw", "BETWEEN"):
            lo = self._check(name, ctype, self.literal(ctype))
            self.take("kw", "AND")
            hi = self._check(name, ctype, self.literal(ctype))
            e = (f >= lo) & (f <= hi)
            return ~e if neg else e
        if neg:
            raise RowRestrictionError("Syntax error: expected IN or BETWEEN after NOT")
        op = self.take("op")[1]
        lit = self.literal(ctype)
        if lit is None:  # `col = NULL` is NULL (never true) in SQL
            return pc.scalar(False)
        lit = self._check(name, ctype, lit)
        return {
            "=": f == lit,
            "!=": f != lit,
            "<>": f != lit,
            "<": f < lit,
            "<=": f <= lit,
            ">": f > lit,
            ">=": f >= lit,
        }[op]


def parse_row_restriction(text: str, schema: pa.Schema) -> pc.Expression | None:
    if not text or not text.strip():
        return None
    if len(text.encode()) > MAX_ROW_RESTRICTION_BYTES:
        raise RowRestrictionError("row_restriction exceeds 1 MB")
    return _Parser(text, schema).parse()


# ---------------------------------------------------------------------------------------------------------
# The servicer
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Stream:
    name: str
    start: int
    stop: int
    reads: int = 0  # how many ReadRows calls have hit this stream (fault injection bookkeeping)


@dataclass
class _Session:
    name: str
    table_key: str
    columns: list[str]
    filter: pc.Expression | None
    schema: pa.Schema
    compression: str | None
    streams: dict[str, _Stream] = field(default_factory=dict)


def _table_key(path: str) -> str:
    m = re.fullmatch(r"projects/([^/]+)/datasets/([^/]+)/tables/([^/@$]+)", path or "")
    if not m:
        raise KeyError(path)
    return path


class FakeBigQueryRead:
    """Holds the fake tables and the read sessions. Thread-safe enough for the gRPC thread pool."""

    def __init__(
        self,
        tables: dict[str, pa.Table],
        *,
        rows_per_batch: int = 50_000,
        default_stream_count: int = 1,
        max_streams: int = 1000,
        min_rows_per_stream: int = 1,
        fail_after_batches: int | None = None,
    ):
        """
        tables: {"projects/P/datasets/D/tables/T": pyarrow.Table}
        rows_per_batch: rows per ReadRowsResponse (keep the payload < a few MB; real BQ caps messages too).
        default_stream_count: streams returned when the request's max_stream_count == 0.
        min_rows_per_stream: emulate "small tables get 1 stream" by raising this.
        fail_after_batches: if set, the FIRST ReadRows call on every stream aborts with UNAVAILABLE after
            this many batches, so the client's reconnect-with-offset path is exercised.
        """
        self.tables = dict(tables)
        self.rows_per_batch = rows_per_batch
        self.default_stream_count = default_stream_count
        self.max_streams = max_streams
        self.min_rows_per_stream = max(1, min_rows_per_stream)
        self.fail_after_batches = fail_after_batches
        self.sessions: dict[str, _Session] = {}
        self.requests: list[tuple[str, Any]] = []  # (method, request pb) for assertions in tests
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ CreateReadSession
    def CreateReadSession(self, request, context: grpc.ServicerContext):
        with self._lock:
            self.requests.append(("CreateReadSession", request))
        rs = request.read_session
        m = re.fullmatch(r"projects/([^/]+)", request.parent)
        if not m:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"Invalid parent: {request.parent!r}")
        try:
            key = _table_key(rs.table)
            table = self.tables[key]
        except KeyError:
            context.abort(grpc.StatusCode.NOT_FOUND, f"Not found: Table {rs.table}")
        if rs.data_format != _ARROW:
            context.abort(grpc.StatusCode.UNIMPLEMENTED, "fake supports data_format=ARROW only")

        opts = rs.read_options
        cols = [f.name for f in table.schema]
        if opts.selected_fields:
            unknown = [c for c in opts.selected_fields if c not in cols]
            if unknown:
                context.abort(
                    grpc.StatusCode.INVALID_ARGUMENT, f"request failed: Unknown field(s) in selected_fields: {unknown}"
                )
            wanted = set(opts.selected_fields)
            cols = [c for c in cols if c in wanted]  # real service keeps table order
        try:
            expr = parse_row_restriction(opts.row_restriction, table.schema)
        except RowRestrictionError as e:
            # Real service wording (seen in the wild): "request failed: Row filter for table <t> is invalid.
            # Filter is '<text>'" -- we append the reason for debuggability.
            context.abort(
                grpc.StatusCode.INVALID_ARGUMENT,
                f"request failed: Row filter for table {rs.table} is invalid. "
                f"Filter is '{opts.row_restriction[:200]}' ({e})",
            )
        compression = None
        if opts.HasField("arrow_serialization_options"):
            compression = _COMPRESSION.get(opts.arrow_serialization_options.buffer_compression)

        schema = pa.schema([table.schema.field(c) for c in cols])
        n = table.num_rows
        want = request.max_stream_count or self.default_stream_count
        n_streams = 0 if n == 0 else max(1, min(want, self.max_streams, n // self.min_rows_per_stream or 1))

        sess_name = f"{request.parent}/locations/us/sessions/{uuid.uuid4().hex}"
        sess = _Session(sess_name, key, cols, expr, schema, compression)
        bounds = [round(i * n / n_streams) for i in range(n_streams + 1)] if n_streams else []
        for i in range(n_streams):
            sname = f"{sess_name}/streams/s{i}"
            sess.streams[sname] = _Stream(sname, bounds[i], bounds[i + 1])
        with self._lock:
            self.sessions[sess_name] = sess

        out = _ReadSession()
        out.CopyFrom(rs)
        out.name = sess_name
        out.data_format = _ARROW
        out.arrow_schema.serialized_schema = schema.serialize().to_pybytes()
        exp = timestamp_pb2.Timestamp()
        exp.FromDatetime(dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=6))
        out.expire_time.CopyFrom(exp)
        out.estimated_row_count = n  # pre-filter, like the real service
        out.estimated_total_bytes_scanned = sum(table.column(c).nbytes for c in cols)
        for sname in sess.streams:
            out.streams.add(name=sname)
        return out

    # ------------------------------------------------------------------ ReadRows
    def _materialise(self, sess: _Session, st: _Stream) -> pa.Table:
        t = self.tables[sess.table_key].slice(st.start, st.stop - st.start)
        if sess.filter is not None:  # filter BEFORE projecting: the restriction may use unselected columns
            t = t.filter(sess.filter)
        return t.select(sess.columns)

    def ReadRows(self, request, context: grpc.ServicerContext) -> Iterator[Any]:
        with self._lock:
            self.requests.append(("ReadRows", request))
        name = request.read_stream
        sess_name = name.rsplit("/streams/", 1)[0]
        sess = self.sessions.get(sess_name)
        st = sess.streams.get(name) if sess else None
        if st is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"Not found: stream {name}")
        with self._lock:
            st.reads += 1
            first_call = st.reads == 1
        data = self._materialise(sess, st)
        total = data.num_rows
        if request.offset > total:
            context.abort(grpc.StatusCode.OUT_OF_RANGE, f"offset {request.offset} beyond stream end {total}")
        data = data.slice(request.offset)
        ipc_opts = pa.ipc.IpcWriteOptions(compression=sess.compression) if sess.compression else None

        sent_schema = False
        batches_sent = 0
        pos = request.offset
        for batch in data.to_batches(max_chunksize=self.rows_per_batch):
            if batch.num_rows == 0:
                continue
            if self.fail_after_batches is not None and first_call and batches_sent >= self.fail_after_batches:
                context.abort(grpc.StatusCode.UNAVAILABLE, "fake: injected transient failure")
            resp = _ReadRowsResponse()
            if not sent_schema:
                resp.arrow_schema.serialized_schema = sess.schema.serialize().to_pybytes()
                sent_schema = True
            resp.arrow_record_batch.serialized_record_batch = _serialize_batch(batch, ipc_opts)
            resp.arrow_record_batch.row_count = batch.num_rows
            resp.row_count = batch.num_rows
            resp.stats.progress.at_response_start = pos / total if total else 0.0
            pos += batch.num_rows
            resp.stats.progress.at_response_end = pos / total if total else 1.0
            resp.uncompressed_byte_size = batch.nbytes
            batches_sent += 1
            yield resp

    # ------------------------------------------------------------------ SplitReadStream
    def SplitReadStream(self, request, context: grpc.ServicerContext):
        context.abort(grpc.StatusCode.UNIMPLEMENTED, "fake: SplitReadStream not implemented")


def _serialize_batch(batch: pa.RecordBatch, ipc_opts: pa.ipc.IpcWriteOptions | None) -> bytes:
    if ipc_opts is None:
        return batch.serialize().to_pybytes()
    # RecordBatch.serialize() has no options; write a one-batch IPC stream and lift the batch message.
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema, options=ipc_opts) as w:
        w.write_batch(batch)
    reader = pa.ipc.MessageReader.open_stream(sink.getvalue())
    reader.read_next_message()  # schema
    return reader.read_next_message().serialize().to_pybytes()


def _handlers(fake: FakeBigQueryRead) -> grpc.GenericRpcHandler:
    return grpc.method_handlers_generic_handler(
        SERVICE_NAME,
        {
            "CreateReadSession": grpc.unary_unary_rpc_method_handler(
                fake.CreateReadSession,
                request_deserializer=_CreateReadSessionRequest.FromString,
                response_serializer=_ReadSession.SerializeToString,
            ),
            "ReadRows": grpc.unary_stream_rpc_method_handler(
                fake.ReadRows,
                request_deserializer=_ReadRowsRequest.FromString,
                response_serializer=_ReadRowsResponse.SerializeToString,
            ),
            "SplitReadStream": grpc.unary_unary_rpc_method_handler(
                fake.SplitReadStream,
                request_deserializer=_SplitReadStreamRequest.FromString,
                response_serializer=_SplitReadStreamResponse.SerializeToString,
            ),
        },
    )


def serve(fake: FakeBigQueryRead, host: str = "127.0.0.1", port: int = 0, max_workers: int = 16):
    """Start a plaintext gRPC server. Returns (server, bound_port). Stop with server.stop(grace=None)."""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers),
        options=[("grpc.max_send_message_length", -1), ("grpc.max_receive_message_length", -1)],
    )
    server.add_generic_rpc_handlers((_handlers(fake),))
    bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise RuntimeError(f"could not bind {host}:{port}")
    server.start()
    return server, bound


def make_insecure_read_client(endpoint: str):
    """The wiring the loader needs for tests: REAL BigQueryReadClient over a plaintext channel, no ADC."""
    from google.cloud.bigquery_storage_v1 import BigQueryReadClient
    from google.cloud.bigquery_storage_v1.services.big_query_read.transports import BigQueryReadGrpcTransport

    channel = grpc.insecure_channel(
        endpoint,
        options=[
            ("grpc.max_send_message_length", -1),
            ("grpc.max_receive_message_length", -1),  # default is 4 MiB -> RESOURCE_EXHAUSTED on big batches
        ],
    )
    # A grpc.Channel instance makes the transport skip credentials entirely (no google.auth.default()).
    transport = BigQueryReadGrpcTransport(host=endpoint, channel=channel)
    return BigQueryReadClient(transport=transport)


def _main() -> None:
    import signal

    import pyarrow.parquet as pq

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument(
        "--table", action="append", default=[], help="projects/P/datasets/D/tables/T=/path/to/file.parquet (repeatable)"
    )
    ap.add_argument("--rows-per-batch", type=int, default=50_000)
    ap.add_argument("--port-file", help="write the bound port here once listening")
    a = ap.parse_args()
    tables = {}
    for spec in a.table:
        key, path = spec.split("=", 1)
        tables[key] = pq.read_table(path)
    server, port = serve(FakeBigQueryRead(tables, rows_per_batch=a.rows_per_batch), a.host, a.port)
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as fh:
            fh.write(str(port))
        import os

        os.replace(a.port_file + ".tmp", a.port_file)
    print(f"fake BigQueryRead listening on {a.host}:{port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    server.stop(grace=None)


if __name__ == "__main__":
    _main()
