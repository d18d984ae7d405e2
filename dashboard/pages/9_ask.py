"""Ask the data: a chatbot that retrieves products and daily summaries from pgvector and answers with sources."""

import streamlit as st

from dashboard.data import require

st.title("Ask theLook")
st.caption(
    "Questions are embedded, matched against product and daily-summary vectors in pgvector, and answered by the "
    "configured Ollama model from those sources only. Without a reachable model, the sources are shown as they are."
)
require("enrichment.product_embeddings")

if "messages" not in st.session_state:
    st.session_state.messages = []

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.markdown(message["content"])

if question := st.chat_input("e.g. Which warm jackets for men do we sell? How did yesterday go?"):
    from enrichment.rag import answer_question

    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"), st.spinner("Searching the warehouse..."):
        answer = answer_question(question)
        sources = "\n".join(f"- {source}" for source in answer.sources)
        reply = f"{answer.text}\n\n**Sources**\n{sources}" if answer.sources else answer.text
        st.markdown(reply)
        st.caption(f"answered by: {answer.answered_by}")
    st.session_state.messages.append({"role": "assistant", "content": reply})
