"""The dashboard's chatbot: question -> embedding -> pgvector (products, summaries) -> model -> answer with sources."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field

from enrichment import llm
from enrichment import model as embedding_model
from enrichment.grounding import check_grounding, strip_think
from enrichment.prompts import RAG_PROMPT_VERSION, rag_messages
from enrichment.search import ProductHit, SummaryHit, search_products_by_vector, search_summaries_by_vector
from thelook.settings import Settings, get_settings
from thelook.warehouse import connect

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 1000
MAX_SUMMARIES = 3


@dataclass(frozen=True)
class Source:
    """One retrieved item the answer may cite as [ref]."""

    ref: str
    kind: str  # 'product' or 'summary'
    title: str
    text: str
    score: float

    def __str__(self) -> str:
        return f"[{self.ref}] {self.title} (similarity {self.score:.2f})"


@dataclass(frozen=True)
class Answer:
    """The chatbot's reply. `source` is 'ollama', or 'retrieval' when no model wrote it."""

    question: str
    text: str
    sources: list[Source] = field(default_factory=list)
    source: str = "retrieval"
    model: str | None = None
    fallback_reason: str | None = None
    grounded: bool = True
    prompt_version: str = RAG_PROMPT_VERSION

    @property
    def answered_by(self) -> str:
        """Who wrote the text, for a caption: the model's name, or retrieval only with the reason."""
        if self.source == "ollama" and self.model:
            return self.model
        return f"retrieval only ({self.fallback_reason})" if self.fallback_reason else "retrieval only"


def clean_question(question: str) -> str:
    """The question without control characters, trimmed to a bounded length; it is only ever data."""
    visible = "".join(char for char in question if char in "\n\t" or unicodedata.category(char)[0] != "C")
    return " ".join(visible.split())[:MAX_QUESTION_CHARS]


def product_source(ref: str, hit: ProductHit) -> Source:
    price = f"${hit.retail_price:,.2f}" if hit.retail_price is not None else "price unknown"
    title = hit.product_name or f"product {hit.product_id}"
    text = (
        f"{title} (product {hit.product_id}); brand {hit.brand or 'unknown'}; "
        f"{hit.department or ''} {hit.category or ''}; retail price {price}"
    )
    return Source(ref, "product", title, text, hit.score)


def summary_source(ref: str, hit: SummaryHit) -> Source:
    title = f"Daily summary {hit.summary_date.isoformat()}"
    return Source(ref, "summary", title, f"{title} ({hit.source}): {hit.summary}", hit.score)


def retrieve(question: str, k: int) -> list[Source]:
    """The products and daily summaries nearest to the question, numbered for citation."""
    vector = embedding_model.encode_one(question)
    with connect() as conn:
        products = search_products_by_vector(conn, vector, k)
        summaries = search_summaries_by_vector(conn, vector, min(k, MAX_SUMMARIES))
    sources = [product_source(f"P{index}", hit) for index, hit in enumerate(products, start=1)]
    sources += [summary_source(f"S{index}", hit) for index, hit in enumerate(summaries, start=1)]
    return sources


def retrieval_answer(question: str, sources: list[Source], reason: str) -> Answer:
    """An honest reply when no model can write one: the retrieved items, labelled as such."""
    lines = [f"No language model answered ({reason}). These are the closest matches in the warehouse:"]
    lines += [f"- [{source.ref}] {source.text} (similarity {source.score:.2f})" for source in sources]
    return Answer(question, "\n".join(lines), sources, "retrieval", None, reason)


def answer_question(question: str, k: int = 5, settings: Settings | None = None) -> Answer:
    """Answer a chatbot question from the warehouse's embeddings, citing the products and summaries used."""
    settings = settings or get_settings()
    question = clean_question(question)
    if not question:
        return Answer(question, "Please type a question.", fallback_reason="empty_question")
    sources = retrieve(question, k)
    if not sources:
        text = "Nothing is embedded yet: run `thelook enrich` to embed the products and write daily summaries."
        return Answer(question, text, fallback_reason="no_embeddings")
    context = "\n".join(f"[{source.ref}] {source.text}" for source in sources)
    try:
        reply = strip_think(llm.chat(rag_messages(question, context), settings))
    except llm.ModelUnavailable as error:
        log.warning("chatbot answers from retrieval only: %s", error)
        return retrieval_answer(question, sources, f"{error.reason}: {error.detail}")
    if not reply:
        return retrieval_answer(question, sources, "empty_answer: the model returned no text")
    # Numbers the sources do not contain are flagged for the reader rather than hidden.
    grounded = check_grounding(reply, context + "\n" + question).ok
    return Answer(question, reply, sources, "ollama", settings.ollama_model, None, grounded)
