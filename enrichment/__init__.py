"""Enrichment: product embeddings and grounded daily summaries in pgvector, semantic search and the chatbot.

Nothing heavy is imported here: the embedding model loads on first use (see enrichment.model).
"""
